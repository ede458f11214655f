//! Narrative: the second-story write-up. Sections on the left (include, reorder, add,
//! remove), the selected section's Markdown with a live preview, an evidence picker
//! that cites statements as footnotes, and the language check inline and as a list.

mod editor;
mod language_panel;

use crate::model::narrative;
use crate::model::{Command, Edit, Id, NarrativeSection, Session};
use crate::ui::language::{lint_counts, lint_summary, open_findings};
use crate::ui::shortcuts as keys;
use crate::ui::widgets::{caption, empty_state, heading};
use crate::ui::write_up::{Revisions, broken_claims_cached};
use crate::ui::{FrameCtx, Outbox, ViewState};
use editor::{section_editor, select_in_editor};
use egui::{RichText, Ui};

mod citations;

/// The rendered-Markdown cache of the preview (not serializable, not comparable).
#[derive(Default)]
pub struct PreviewCache(pub egui_commonmark::CommonMarkCache);

impl std::fmt::Debug for PreviewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreviewCache")
    }
}

/// UI state of the Narrative workspace remembered between runs; what is forgotten is
/// [`NarrativeScratch`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NarrativeView {
    /// The section being edited.
    pub selected: Option<Id>,
    /// Hide the rendered preview (to give the editor the whole width).
    pub hide_preview: bool,
    /// Export workspace: show the Markdown source instead of the rendered write-up.
    pub export_source: bool,
}

/// What the Narrative and Export workspaces use for the frame and forget on restart:
/// the cursor, the evidence picker, dialogs, preview caches (one part of
/// [`crate::ui::Scratch`]).
#[derive(Debug, Default)]
pub struct NarrativeScratch {
    /// Where the text cursor was in the editor: (section, char index).
    pub(crate) cursor: Option<(Id, usize)>,
    /// The evidence picker is open.
    pub(crate) picking: bool,
    /// Filter text of the evidence picker.
    pub(crate) evidence_filter: String,
    /// A language finding being acknowledged: (section, phrase) and the reason typed.
    acknowledging: Option<(Id, String)>,
    ack_reason: String,
    /// Asking before regenerating a hand-edited section.
    confirm_regenerate: Option<Id>,
    /// What the last "draft from session" did.
    message: Option<String>,
    preview: PreviewCache,
    /// The export workspace's rendered-preview cache.
    pub export_preview: PreviewCache,
}

pub(crate) const EDITOR_ID: &str = "narrative_body_editor";

/// The Narrative workspace.
pub fn narrative_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    let redact = view.redact();
    // Field by field: `view.narrative` is borrowed mutably below.
    let revs = Revisions {
        all: cx.revision,
        sources: cx.sources_revision,
        sections: cx.section_revisions,
    };
    let v = &mut view.narrative;
    let sc = &mut cx.scratch.narrative;
    let sections = &session.narrative.sections;
    let selected = v
        .selected
        .filter(|id| sections.iter().any(|s| s.id == *id))
        .or_else(|| sections.first().map(|s| s.id));
    v.selected = selected;

    // Alt+Up / Alt+Down move the selected section, as the ⏶⏷ buttons do.
    if let Some(id) = selected
        && let Some(pos) = sections.iter().position(|s| s.id == id)
    {
        let moved = ui.input_mut(|i| keys::MOVE_SECTION.consume_index(i));
        let (up, down) = (moved == Some(0), moved == Some(1));
        if up && pos > 0 {
            out.command(Command::Section(Edit::Move { id, to: pos - 1 }));
        }
        if down && pos + 1 < sections.len() {
            out.command(Command::Section(Edit::Move { id, to: pos + 1 }));
        }
    }
    egui::Panel::left("narrative_sections")
        .resizable(true)
        .default_size(230.0)
        .min_size(170.0)
        .show(ui, |ui| section_list(ui, session, revs, v, sc, out));

    egui::CentralPanel::default_margins().show(ui, |ui| {
        // A short window (150 % zoom) scrolls the whole column, so the list of language
        // findings under the editor can always be reached.
        if ui.available_height() < 520.0 {
            egui::ScrollArea::vertical()
                .id_salt("narrative_short_window")
                .auto_shrink([false, false])
                .show(ui, |ui| central(ui, session, revs, v, sc, redact, out));
        } else {
            central(ui, session, revs, v, sc, redact, out);
        }
    });
}

/// The width of what follows a section's title in the list: the off-the-record mark
/// and, on the selected row, the ⏶⏷ buttons.
fn after_title(ui: &Ui, mark: Option<&str>, arrows: bool) -> f32 {
    let s = ui.spacing();
    let width = |t: RichText| {
        egui::WidgetText::from(t)
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Button,
            )
            .size()
            .x
    };
    let mark = mark.map_or(0.0, |m| s.item_spacing.x + width(RichText::new(m).small()));
    let arrows = if arrows {
        ["⏶", "⏷"]
            .map(|a| s.item_spacing.x + width(RichText::new(a)) + 2.0 * s.button_padding.x)
            .iter()
            .sum()
    } else {
        0.0
    };
    mark + arrows
}

/// The write-up column: heading, toolbar, broken citations, the section editor.
fn central(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    v: &mut NarrativeView,
    sc: &mut NarrativeScratch,
    redact: bool,
    out: &mut Outbox,
) {
    let sections = &session.narrative.sections;
    let selected = v.selected;
    heading(
        ui,
        "Narrative",
        "Tell the second story: how it made sense at the time, what made it hard, how people created safety.",
    );
    toolbar(ui, session, revs, v, sc, out);
    if let Some(msg) = &sc.message {
        ui.label(RichText::new(msg).weak());
    }
    let broken = broken_claims_cached(ui, session, revs);
    if !broken.is_empty() {
        let title = RichText::new(format!(
            "⚠ {} claim{} cite evidence that was deleted or is off the record (listed at the end of the export)",
            broken.len(),
            if broken.len() == 1 { "" } else { "s" }
        ))
        .color(ui.visuals().warn_fg_color);
        egui::CollapsingHeader::new(title)
            .id_salt("narrative_broken_claims")
            .show(ui, |ui| {
                for (n, b) in broken.iter().enumerate() {
                    ui.push_id(("broken", n), |ui| {
                        ui.horizontal_wrapped(|ui| {
                            let place = format!("{}, line {}", b.section_title, b.line);
                            if ui
                                .link(place)
                                .on_hover_text("Show the claim in the editor")
                                .clicked()
                                && let Some(sec) = sections.iter().find(|s| s.id == b.section)
                            {
                                v.selected = Some(sec.id);
                                let start: usize = sec
                                    .body
                                    .split_inclusive('\n')
                                    .take(b.line - 1)
                                    .map(str::len)
                                    .sum();
                                let end = start + b.claim.len().min(sec.body.len() - start);
                                select_in_editor(ui, sec, start..end);
                            }
                            ui.label(RichText::new(&b.claim).weak());
                            ui.label(if b.deleted {
                                "— the statement was deleted"
                            } else {
                                "— the statement is off the record"
                            });
                        });
                    });
                }
            });
    }
    let Some(sec) = selected.and_then(|id| sections.iter().find(|s| s.id == id)) else {
        empty_state(
            ui,
            "No write-up yet",
            "“Draft from session” assembles a first draft from the interviews, decision points, findings, timeline and maps. Then edit freely.",
        );
        return;
    };
    ui.separator();
    section_editor(ui, session, revs, sec, v.hide_preview, sc, redact, out);
}

fn toolbar(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    v: &mut NarrativeView,
    sc: &mut NarrativeScratch,
    out: &mut Outbox,
) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("✨ Draft from session")
            .on_hover_text(
                "Adds the standard sections and fills them from the session. Sections you edited are kept.",
            )
            .clicked()
        {
            let plan = narrative::draft_from_session(session);
            if let Some(cmd) = plan.command.clone() {
                out.command(cmd);
            }
            sc.message = Some(plan.describe());
        }
        ui.toggle_value(&mut sc.picking, "📎 Insert evidence…")
            .on_hover_text("Cite a statement as a footnote at the cursor, marked while you pick (Ctrl+Shift+E)");
        let mut preview = !v.hide_preview;
        if ui.checkbox(&mut preview, "Preview").changed() {
            v.hide_preview = !preview;
        }
        let (open, acked, exempt) = lint_counts(ui, session, revs);
        let text = if open == 0 {
            RichText::new(format!("✔ Language check: nothing to look at ({acked} acknowledged, {exempt} in quotes)"))
        } else {
            RichText::new(format!(
                "⚑ Language check: {open} to look at ({acked} acknowledged, {exempt} in quotes)"
            ))
            .color(ui.visuals().warn_fg_color)
        };
        if open == 0 {
            ui.label(text);
        } else if ui
            .add(egui::Button::new(text).frame(false))
            .on_hover_text("Show the next section with language to look at")
            .clicked()
        {
            // Cycle through the sections that have open findings, after the current one.
            let sections = &session.narrative.sections;
            let start = v
                .selected
                .and_then(|id| sections.iter().position(|s| s.id == id))
                .map_or(0, |p| p + 1);
            let next = (0..sections.len())
                .map(|k| &sections[(start + k) % sections.len()])
                .find(|s| s.included && open_findings(ui, session, revs, s) > 0);
            if let Some(sec) = next {
                v.selected = Some(sec.id);
            }
        }
    });
    if ui.input_mut(|i| keys::INSERT_EVIDENCE.consume(i)) {
        sc.picking = !sc.picking;
    }
}

fn section_list(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    v: &mut NarrativeView,
    sc: &mut NarrativeScratch,
    out: &mut Outbox,
) {
    let sections = &session.narrative.sections;
    ui.add_space(4.0);
    ui.label(RichText::new("Sections").strong());
    caption(
        ui,
        "Tick to include in the export; ⏶⏷ or Alt+Up/Down to reorder. Italic: edited by hand. ⚑: language to look at.",
    );
    ui.add_space(4.0);
    // A long write-up has a hundred sections: lay out only the rows in view.
    let row_h = ui.spacing().interact_size.y;
    let lint = lint_summary(ui, session, revs);
    let taint = crate::ui::widgets::taint_cached(ui, session, revs.all);
    egui::ScrollArea::vertical()
        .id_salt("narrative_section_list")
        .max_height(ui.available_height() - 40.0)
        .show_rows(ui, row_h, sections.len(), |ui, rows| {
            for (n, sec) in sections
                .iter()
                .enumerate()
                .skip(rows.start)
                .take(rows.len())
            {
                ui.horizontal(|ui| {
                    let mut included = sec.included;
                    let title = display_title(sec);
                    let r = ui.add(egui::Checkbox::without_text(&mut included));
                    let label = format!("Include {title}");
                    r.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::CheckBox, true, included, &label)
                    });
                    if r.on_hover_text("Include in the export").changed() {
                        out.command(Command::Section(Edit::put(NarrativeSection {
                            included,
                            ..sec.clone()
                        })));
                    }
                    let selected = v.selected == Some(sec.id);
                    let mut text = RichText::new(title);
                    if !sec.included {
                        text = text.weak();
                    }
                    if narrative::is_hand_edited(sec) {
                        text = text.italics();
                    }
                    let open = lint.open.get(&sec.id).copied().unwrap_or_default();
                    if open > 0 {
                        text = RichText::new(format!("⚑{open} {}", display_title(sec)));
                        if narrative::is_hand_edited(sec) {
                            text = text.italics();
                        }
                    }
                    // A truncated title takes all the width left: what comes after it (the
                    // off-the-record mark, ⏶⏷) keeps its room, or it widens the panel every
                    // frame until the title fits whole (at 150 % the write-up was squeezed).
                    let room = after_title(ui, taint.mark(sec.id).map(|m| m.0), selected);
                    let r = ui
                        .scope(|ui| {
                            ui.set_max_width((ui.available_width() - room).max(24.0));
                            ui.add(egui::Button::selectable(selected, text).truncate())
                        })
                        .inner;
                    let r = if narrative::is_hand_edited(sec) {
                        r.on_hover_text("Edited by hand: “Draft from session” keeps it as it is")
                    } else {
                        r.on_hover_text("As drafted from the session")
                    };
                    if r.clicked() {
                        v.selected = Some(sec.id);
                        sc.confirm_regenerate = None;
                    }
                    crate::ui::widgets::taint_mark(ui, &taint, sec.id);
                    if selected {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .add_enabled(n + 1 < sections.len(), egui::Button::new("⏷"))
                                .on_hover_text("Move down (Alt+Down)")
                                .clicked()
                            {
                                out.command(Command::Section(Edit::Move {
                                    id: sec.id,
                                    to: n + 1,
                                }));
                            }
                            if ui
                                .add_enabled(n > 0, egui::Button::new("⏶"))
                                .on_hover_text("Move up (Alt+Up)")
                                .clicked()
                            {
                                out.command(Command::Section(Edit::Move {
                                    id: sec.id,
                                    to: n - 1,
                                }));
                            }
                        });
                    }
                });
            }
        });
    ui.add_space(4.0);
    if ui
        .button("➕ Add section")
        .on_hover_text("A section of your own, after the selected one")
        .clicked()
    {
        let index = v
            .selected
            .and_then(|id| sections.iter().position(|s| s.id == id))
            .map(|p| p + 1);
        let sec = NarrativeSection {
            id: Id::new(),
            kind: "custom".to_owned(),
            title: "New section".to_owned(),
            body: String::new(),
            included: true,
            generated_hash: None,
        };
        v.selected = Some(sec.id);
        out.command(Command::Section(Edit::Put { item: sec, index }));
    }
}

fn display_title(sec: &NarrativeSection) -> &str {
    if sec.title.trim().is_empty() {
        "Untitled section"
    } else {
        sec.title.trim()
    }
}
