//! The review table of the Library workspace, and the filters every part uses.

use super::Lib;
use crate::model::SessionKind;
use crate::model::library::count;
use crate::model::library::filter::SortBy;
use crate::model::{Session, first_half_hour::fmt_duration};

use egui::{RichText, Ui, Vec2};

/// The filters: kind, dates, code, facilitator, title words.
pub(super) fn filters(ui: &mut Ui, lib: &mut Lib<'_>) {
    let f = &mut lib.view.filter;
    ui.horizontal_wrapped(|ui| {
        for k in SessionKind::ALL {
            let mut on = f.kinds.contains(&k);
            if ui.checkbox(&mut on, k.label()).changed() {
                if on {
                    f.kinds.push(k);
                } else {
                    f.kinds.retain(|x| *x != k);
                }
            }
        }
        ui.separator();
        date_field(ui, "From", &mut f.from, "library_from");
        date_field(ui, "To", &mut f.to, "library_to");
        ui.separator();
        let codes = &lib.run.derived.all_codes;
        let shown = if f.code.is_empty() {
            "any code".to_owned()
        } else {
            f.code.clone()
        };
        let l = ui.label("Code");
        egui::ComboBox::from_id_salt("library_code_filter")
            .selected_text(shown)
            .width(150.0)
            .show_ui(ui, |ui| {
                if ui.selectable_label(f.code.is_empty(), "any code").clicked() {
                    f.code.clear();
                }
                for c in codes {
                    if ui
                        .selectable_label(f.code.eq_ignore_ascii_case(c), c)
                        .clicked()
                    {
                        f.code.clone_from(c);
                    }
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("Facilitator");
        ui.add(egui::TextEdit::singleline(&mut f.facilitator).desired_width(110.0))
            .labelled_by(l.id);
        let l = ui.label("Title");
        ui.add(
            egui::TextEdit::singleline(&mut f.title)
                .hint_text("words in the title")
                .desired_width(140.0),
        )
        .labelled_by(l.id);
        // Always there (greyed out without a filter), so the row never re-wraps.
        if ui
            .add_enabled(!f.is_empty(), egui::Button::new("Clear filters"))
            .clicked()
        {
            *f = Default::default();
        }
    });
    // Always one line, filtered or not, so setting or clearing a filter never moves
    // what is below it.
    let d = &lib.run.derived;
    let all = lib.run.library.reviews().len();
    let text = if lib.filter.is_empty() {
        if all == 1 {
            "No filter: every part below counts the 1 review.".to_owned()
        } else {
            format!("No filter: every part below counts all {all} reviews.")
        }
    } else {
        let n = d.selected.len();
        format!(
            "{n} of {} {} the filters; every part below counts only {}.",
            count(all, "review", "reviews"),
            if n == 1 || all == 1 {
                "matches"
            } else {
                "match"
            },
            if n == 1 { "it" } else { "these" }
        )
    };
    ui.label(RichText::new(text).weak());
}

/// A date filter field (YYYY-MM-DD); what cannot be read as a date is shown in red
/// and filters nothing.
fn date_field(ui: &mut Ui, label: &str, value: &mut Option<chrono::NaiveDate>, id: &str) {
    let buffer_id = ui.make_persistent_id(id);
    let mut text: String = ui
        .data(|d| d.get_temp(buffer_id))
        .unwrap_or_else(|| value.map(|d| d.to_string()).unwrap_or_default());
    let l = ui.label(label);
    let bad = !text.trim().is_empty() && value.is_none();
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("YYYY-MM-DD")
                .desired_width(86.0)
                .text_color_opt(bad.then(|| ui.visuals().error_fg_color)),
        )
        .labelled_by(l.id);
    if r.changed() {
        *value = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    }
    ui.data_mut(|d| d.insert_temp(buffer_id, text));
}

const WIDTHS: [f32; 8] = [86.0, 300.0, 120.0, 80.0, 80.0, 80.0, 90.0, 200.0];

/// The review table: sortable columns, one row per review, "Open" on each. Wider
/// than a small window, so it scrolls sideways (scroll bar, Shift+wheel), header and
/// rows together.
pub(super) fn table(ui: &mut Ui, lib: &mut Lib<'_>, session: &Session) {
    let spacing = ui.spacing().item_spacing.x;
    let total = WIDTHS.iter().sum::<f32>() + spacing * (WIDTHS.len() - 1) as f32;
    egui::ScrollArea::horizontal()
        .auto_shrink([false, false])
        .id_salt("library_reviews_sideways")
        .show(ui, |ui| {
            ui.set_min_width(total);
            table_inner(ui, lib, session);
        });
}

fn table_inner(ui: &mut Ui, lib: &mut Lib<'_>, session: &Session) {
    ui.horizontal(|ui| {
        for (k, (col, label)) in [
            (Some(SortBy::Date), "Date"),
            (Some(SortBy::Title), "Review"),
            (Some(SortBy::Kind), "Kind"),
            (Some(SortBy::Participants), "Participants"),
            (Some(SortBy::Statements), "Statements"),
            (Some(SortBy::DecisionPoints), "Decisions"),
            (None, "Detected after"),
            (Some(SortBy::Path), "File"),
        ]
        .into_iter()
        .enumerate()
        {
            let w = WIDTHS[k];
            let arrow = match col {
                Some(c) if c == lib.sort => {
                    if lib.descending {
                        " ⏷"
                    } else {
                        " ⏶"
                    }
                }
                _ => "",
            };
            let r = ui
                .allocate_ui_with_layout(
                    Vec2::new(w, 20.0),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_width(w);
                        ui.add(
                            egui::Button::new(RichText::new(format!("{label}{arrow}")).strong())
                                .frame(false),
                        )
                    },
                )
                .inner;
            if let Some(c) = col
                && r.on_hover_text("Sort by this column; click again to reverse")
                    .clicked()
            {
                if lib.sort == c {
                    lib.descending = !lib.descending;
                } else {
                    lib.sort = c;
                    lib.descending = c == SortBy::Date;
                }
            }
        }
    });
    ui.separator();
    let rows = &lib.run.derived.rows;
    if rows.is_empty() {
        ui.label("No review matches the filters.");
        return;
    }
    let reviews = lib.run.library.reviews();
    let mut open: Option<(crate::model::Id, String)> = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .id_salt("library_reviews")
        .show_rows(ui, 24.0, rows.len(), |ui, range| {
            for &i in rows.get(range).unwrap_or_default() {
                let Some(r) = reviews.get(i) else { continue };
                let e = &r.entry;
                ui.horizontal(|ui| {
                    cell(ui, WIDTHS[0], egui::Label::new(RichText::new(e.date.to_string()).monospace()));
                    let is_open = session.id == e.id;
                    let title = if is_open {
                        format!("▶ {}", e.title)
                    } else {
                        e.title.clone()
                    };
                    let clicked = ui
                        .allocate_ui_with_layout(
                            Vec2::new(WIDTHS[1], 20.0),
                            egui::Layout::left_to_right(egui::Align::Center),
                            |ui| {
                                ui.set_width(WIDTHS[1]);
                                ui.add(egui::Button::selectable(is_open, title).truncate())
                                    .on_hover_text("Open this review")
                                    .clicked()
                            },
                        )
                        .inner;
                    if clicked {
                        open = Some((e.id, r.path.clone()));
                    }
                    cell(ui, WIDTHS[2], egui::Label::new(e.kind.label()));
                    cell(ui, WIDTHS[3], egui::Label::new(e.participants.to_string()));
                    cell(ui, WIDTHS[4], egui::Label::new(e.statements.to_string()));
                    cell(ui, WIDTHS[5], egui::Label::new(e.decision_points.to_string()));
                    let detected = e
                        .since_first_signal(crate::model::Milestone::Detected)
                        .map(fmt_duration)
                        .unwrap_or_else(|| "—".into());
                    cell(ui, WIDTHS[6], egui::Label::new(detected));
                    let file = if r.copies.is_empty() {
                        r.path.clone()
                    } else {
                        format!("{} (+{} copies)", r.path, r.copies.len())
                    };
                    let l = cell(ui, WIDTHS[7], egui::Label::new(RichText::new(file).weak()).truncate());
                    if r.copies.is_empty() {
                        // Long paths are cut to the column; the whole one is a hover away.
                        l.on_hover_text(&r.path);
                    } else {
                        l.on_hover_text(format!(
                            "The same session (same id) is also in:\n{}\nThe copy changed last is shown; the review counts once.",
                            r.copies.join("\n")
                        ));
                    }
                });
            }
        });
    if open.is_some() {
        lib.run.open_request = open;
    }
}

fn cell(ui: &mut Ui, width: f32, label: egui::Label) -> egui::Response {
    ui.allocate_ui_with_layout(
        Vec2::new(width, 20.0),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(width);
            ui.add(label)
        },
    )
    .inner
}
