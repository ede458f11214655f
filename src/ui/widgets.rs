//! Small shared widgets: labelled fields that report edits, headings, empty states.

use egui::{RichText, TextEdit, Ui};

/// A labelled single-line text field in a two-column form grid. Returns the new
/// text when the user changed it. The label is the field's accessible name.
pub fn text_row(ui: &mut Ui, label: &str, value: &str, hint: &str) -> Option<String> {
    let l = ui.label(label);
    let mut buf = value.to_owned();
    let r = ui
        .add(
            TextEdit::singleline(&mut buf)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    ui.end_row();
    r.changed().then_some(buf)
}

/// A labelled multi-line text field in a two-column form grid.
pub fn text_area_row(
    ui: &mut Ui,
    label: &str,
    value: &str,
    hint: &str,
    rows: usize,
) -> Option<String> {
    let l = ui.label(label);
    let mut buf = value.to_owned();
    let r = ui
        .add(
            TextEdit::multiline(&mut buf)
                .hint_text(hint)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    ui.end_row();
    r.changed().then_some(buf)
}

/// A two-column form grid with the label column sized to its labels.
pub fn form(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 8.0])
        .min_col_width(110.0)
        .show(ui, add);
}

/// A workspace heading with a one-line explanation under it.
pub fn heading(ui: &mut Ui, title: &str, explanation: &str) {
    ui.heading(title);
    if !explanation.is_empty() {
        ui.label(RichText::new(explanation).weak());
    }
    ui.add_space(6.0);
}

/// A friendly empty state: what goes here and how to start.
pub fn empty_state(ui: &mut Ui, title: &str, body: &str) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(title).size(18.0).strong());
        ui.add_space(4.0);
        ui.label(RichText::new(body).weak());
    });
    ui.add_space(12.0);
}

/// A small, muted caption.
pub fn caption(ui: &mut Ui, text: &str) {
    // Wraps, so a long hint never pushes a form wider than the window.
    ui.add(egui::Label::new(RichText::new(text).small().weak()).wrap());
}

/// Rendered Markdown in parts (see [`crate::model::export::preview_parts`]) in a
/// scroll area, laying out only the parts in view: rendering all of a 100,000-word
/// write-up every frame would make the window lag. Heights of parts not yet seen are
/// estimated from their length, then measured when first shown. `key` changes when
/// the parts do; `id_salt` tells previews apart.
pub fn markdown_parts_ui(
    ui: &mut Ui,
    id_salt: &str,
    parts: &[String],
    key: egui::Id,
    max_height: f32,
    cache: &mut egui_commonmark::CommonMarkCache,
) {
    #[derive(Clone, Default)]
    struct Heights {
        key: Option<egui::Id>,
        width: f32,
        heights: Vec<f32>,
    }
    // Footnotes numbered 1, 2, 3 as a Markdown renderer shows them: their names
    // ("s-a0341cd9") were drawn into the margin, over the gutter and the panel's edge.
    #[derive(Clone, Default)]
    struct Numbered(Option<(egui::Id, std::sync::Arc<Vec<String>>)>);
    let numbered_id = egui::Id::unique(("markdown_parts_numbered", id_salt));
    let numbered = match ui
        .data(|d| d.get_temp::<Numbered>(numbered_id))
        .and_then(|n| n.0)
    {
        Some((k, parts)) if k == key => parts,
        _ => {
            let parts = std::sync::Arc::new(number_footnotes(parts));
            ui.data_mut(|d| d.insert_temp(numbered_id, Numbered(Some((key, parts.clone())))));
            parts
        }
    };
    let parts: &[String] = &numbered;
    let id = egui::Id::unique(("markdown_parts_heights", id_salt));
    let mut h = ui.data(|d| d.get_temp::<Heights>(id)).unwrap_or_default();
    let width = ui.available_width();
    if h.key != Some(key) || (h.width - width).abs() > 1.0 || h.heights.len() != parts.len() {
        // Text wraps at about one character per 7 points; measured heights replace these.
        let line = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let per_line = (width / 7.0).max(20.0);
        let measured = (h.width - width).abs() <= 1.0 && h.heights.len() == parts.len();
        if !measured {
            h.heights = parts
                .iter()
                .map(|p| (p.len() as f32 / per_line).ceil().max(1.0) * line)
                .collect();
        }
        h.key = Some(key);
        h.width = width;
    }
    egui::ScrollArea::vertical()
        .id_salt(id_salt)
        .max_height(max_height)
        .auto_shrink([false, max_height.is_finite()])
        .show_viewport(ui, |ui, viewport| {
            let gap = ui.spacing().item_spacing.y;
            let mut y = 0.0;
            let mut skipped = 0.0;
            for (part, height) in parts.iter().zip(h.heights.iter_mut()) {
                let visible = y + *height >= viewport.min.y && y <= viewport.max.y;
                y += *height + gap;
                if !visible {
                    skipped += *height + gap;
                    continue;
                }
                if skipped > 0.0 {
                    ui.allocate_space(egui::vec2(width, skipped - gap));
                    skipped = 0.0;
                }
                let r = ui.scope(|ui| {
                    egui_commonmark::CommonMarkViewer::new().show(ui, cache, part);
                });
                *height = r.response.rect.height();
            }
            if skipped > 0.0 {
                ui.allocate_space(egui::vec2(width, skipped - gap));
            }
        });
    ui.data_mut(|d| d.insert_temp(id, h));
}

/// Footnote names (`[^s-a0341cd9]`, in references and definitions) replaced by
/// numbers in order of first appearance across `parts`, for display only.
pub fn number_footnotes(parts: &[String]) -> Vec<String> {
    let mut numbers: std::collections::HashMap<String, usize> = Default::default();
    parts
        .iter()
        .map(|part| {
            let mut out = String::with_capacity(part.len());
            let mut rest = part.as_str();
            // Where the last number written ends: notes side by side get a comma
            // between them ("¹,²"), not a run of digits that reads as one number.
            let mut after_note = usize::MAX;
            while let Some(at) = rest.find("[^") {
                let escaped = rest[..at].ends_with('\\');
                out.push_str(&rest[..at]);
                let after = &rest[at + 2..];
                match after.find(']') {
                    Some(end)
                        if !escaped && end > 0 && !after[..end].contains(char::is_whitespace) =>
                    {
                        let next = numbers.len() + 1;
                        let n = *numbers.entry(after[..end].to_owned()).or_insert(next);
                        if out.len() == after_note {
                            out.push(',');
                        }
                        out.push_str(&format!("[^{n}]"));
                        after_note = out.len();
                        rest = &after[end + 1..];
                    }
                    _ => {
                        out.push_str("[^");
                        rest = after;
                    }
                }
            }
            out.push_str(rest);
            out
        })
        .collect()
}

/// The theme choice (follow the system, light, dark) as a small drop-down. egui's own
/// theme buttons are emoji its bundled fonts cannot draw, so this one uses words.
pub fn theme_picker(ui: &mut egui::Ui) {
    use egui::ThemePreference as T;
    let label = |t: T| match t {
        T::System => "System theme",
        T::Light => "Light theme",
        T::Dark => "Dark theme",
    };
    let mut pref = ui.options(|o| o.theme_preference);
    let r = egui::ComboBox::from_id_salt("theme_picker")
        .selected_text(label(pref))
        .show_ui(ui, |ui| {
            for t in [T::System, T::Light, T::Dark] {
                ui.selectable_value(&mut pref, t, label(t));
            }
        });
    r.response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::ComboBox,
            true,
            format!("Theme: {}", label(pref)),
        )
    });
    if pref != ui.options(|o| o.theme_preference) {
        ui.ctx().set_theme(pref);
    }
}

/// The theme choice as three entries of a menu.
pub fn theme_menu_entries(ui: &mut egui::Ui) {
    use egui::ThemePreference as T;
    let mut pref = ui.options(|o| o.theme_preference);
    let before = pref;
    ui.selectable_value(&mut pref, T::System, "Follow the system theme");
    ui.selectable_value(&mut pref, T::Light, "Light theme");
    ui.selectable_value(&mut pref, T::Dark, "Dark theme");
    if pref != before {
        ui.ctx().set_theme(pref);
    }
}

/// What is made from off-the-record statements (decision points, map steps, findings,
/// write-up sections holding their words), recomputed only when the session changes.
pub(crate) fn taint_cached(
    ui: &Ui,
    session: &crate::model::Session,
    revision: u64,
) -> std::sync::Arc<crate::model::publish::Taint> {
    type Cached = (u64, std::sync::Arc<crate::model::publish::Taint>);
    let id = egui::Id::unique("publish_taint_cache");
    if let Some((rev, t)) = ui.data(|d| d.get_temp::<Cached>(id))
        && rev == revision
    {
        return t;
    }
    let t = std::sync::Arc::new(crate::model::publish::Taint::of(session));
    ui.data_mut(|d| d.insert_temp(id, (revision, t.clone())));
    t
}

/// A small mark next to something made from off-the-record statements, saying what
/// exports do with it.
pub fn taint_mark(ui: &mut Ui, taint: &crate::model::publish::Taint, id: crate::model::Id) {
    if let Some((mark, why)) = taint.mark(id) {
        ui.label(
            RichText::new(mark)
                .small()
                .color(ui.visuals().warn_fg_color),
        )
        .on_hover_text(why);
    }
}

/// In the browser: egui can speak what gets keyboard focus (eframe's web screen
/// reader), since screen readers see only the canvas there. Natively AccessKit
/// serves screen readers, so nothing is shown.
pub fn screen_reader_toggle(ui: &mut egui::Ui) {
    if !cfg!(target_arch = "wasm32") {
        return;
    }
    let mut on = ui.options(|o| o.screen_reader);
    if ui
        .checkbox(&mut on, "Speak focused controls aloud")
        .on_hover_text(
            "The browser reads out each control as it gets keyboard focus (Tab). Screen readers cannot see inside the app's canvas.",
        )
        .changed()
    {
        ui.options_mut(|o| o.screen_reader = on);
    }
}

/// First `n` characters of a text, on one line, with an ellipsis when cut.
pub fn short(text: &str, n: usize) -> String {
    let one_line = text.lines().next().unwrap_or("");
    let mut out: String = one_line.chars().take(n).collect();
    if one_line.chars().count() > n || text.lines().count() > 1 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::number_footnotes;

    #[test]
    fn footnotes_are_numbered_in_order_of_first_appearance() {
        let parts = vec![
            "We paged[^s-bb] after the graph[^s-aa][^s-cc].\n\n[^s-bb]: P1 at 00:53".to_owned(),
            "Again[^s-aa], and \\[^not a note] or [^ spaced].\n\n[^s-aa]: P1 at 00:04".to_owned(),
        ];
        assert_eq!(
            number_footnotes(&parts),
            [
                "We paged[^1] after the graph[^2],[^3].\n\n[^1]: P1 at 00:53",
                "Again[^2], and \\[^not a note] or [^ spaced].\n\n[^2]: P1 at 00:04",
            ]
        );
    }
}
