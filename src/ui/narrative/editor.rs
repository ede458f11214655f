//! The selected section: its Markdown editor with the language check inline, and the live preview.

use super::language_panel::findings_list;
use super::{EDITOR_ID, NarrativeScratch};
use crate::model::lint;
use crate::model::narrative;
use crate::model::{Command, Edit, Id, LintAck, NarrativeSection, Session};
use crate::ui::Outbox;
use crate::ui::language::lint_cached;
use crate::ui::narrative::citations::{citation_point, evidence_picker};
use crate::ui::widgets::caption;
use crate::ui::write_up::{Revisions, section_parts_cached};
use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Color32, RichText, Stroke, TextEdit, Ui};

#[allow(clippy::too_many_arguments)]
pub(super) fn section_editor(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    sec: &NarrativeSection,
    hide_preview: bool,
    sc: &mut NarrativeScratch,
    redact: bool,
    out: &mut Outbox,
) {
    let std = narrative::standard(&sec.kind);
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Heading");
        let mut title = sec.title.clone();
        let r = ui
            .add(
                TextEdit::singleline(&mut title)
                    .desired_width((ui.available_width() - 330.0).max(120.0)),
            )
            .labelled_by(l.id);
        if r.changed() {
            out.typing(Command::Section(Edit::put(NarrativeSection {
                title,
                ..sec.clone()
            })));
        }
        if std.is_some()
            && ui
                .button("↻ Regenerate")
                .on_hover_text("Replace this section with a fresh draft from the session")
                .clicked()
        {
            if narrative::is_hand_edited(sec) {
                sc.confirm_regenerate = Some(sec.id);
            } else if let Some(cmd) = narrative::regenerate(session, sec) {
                out.command(cmd);
            }
        }
        if ui
            .button("🗑 Remove section")
            .on_hover_text("Removes the section (Ctrl+Z brings it back)")
            .clicked()
        {
            out.command(Command::Section(Edit::remove(sec.id)));
        }
    });
    if let Some(std) = std {
        caption(ui, std.prompt);
    }
    if sc.confirm_regenerate == Some(sec.id) {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("You edited this section. Replace your text with a fresh draft?")
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Replace my text").clicked() {
                if let Some(cmd) = narrative::regenerate(session, sec) {
                    out.command(cmd);
                }
                sc.confirm_regenerate = None;
            }
            if ui.button("Keep my text").clicked() {
                sc.confirm_regenerate = None;
            }
        });
    }
    let findings = lint_cached(ui, &sec.body);
    let acks = &session.narrative.acknowledged;
    let list_height = 150.0_f32.min(ui.available_height() * 0.3);
    // The editor's label above it; the list's heading (two lines when narrow) below.
    let editor_height = (ui.available_height() - list_height - 80.0).max(120.0);
    let prompt = std.map(|s| s.prompt);
    // The evidence picker takes the preview's place: the editor never moves when it
    // opens or closes.
    let side = |ui: &mut Ui, sc: &mut NarrativeScratch, out: &mut Outbox, height: f32| {
        if sc.picking {
            evidence_picker(ui, session, sec, sc, out, height);
        } else {
            body_preview(ui, session, revs, sec, sc, redact, height);
        }
    };
    if hide_preview && !sc.picking {
        body_editor(ui, sec, prompt, acks, sc, out, editor_height);
    } else if ui.available_width() >= 640.0 {
        ui.columns(2, |cols| {
            body_editor(&mut cols[0], sec, prompt, acks, sc, out, editor_height);
            // Nothing in the right column draws into the gutter or the editor.
            // (Sideways only: in a short window the column runs on below its first
            // screenful, and what is there must still show when scrolled to.)
            let clip = egui::Rect::from_x_y_ranges(
                cols[1].max_rect().x_range(),
                cols[1].clip_rect().y_range(),
            );
            cols[1].set_clip_rect(clip);
            side(&mut cols[1], sc, out, editor_height);
        });
    } else {
        // Narrow window: the preview (or the picker) goes under the editor.
        let half = (editor_height / 2.0).max(100.0);
        body_editor(ui, sec, prompt, acks, sc, out, half);
        side(ui, sc, out, half);
    }
    ui.separator();
    findings_list(ui, sec, &findings, acks, sc, out);
}

/// The Markdown editor of a section body, with language findings underlined.
pub(super) fn body_editor(
    ui: &mut Ui,
    sec: &NarrativeSection,
    prompt: Option<&str>,
    acks: &[LintAck],
    sc: &mut NarrativeScratch,
    out: &mut Outbox,
    height: f32,
) {
    let l = ui.label(RichText::new("Markdown").strong());
    egui::ScrollArea::vertical()
        .id_salt("narrative_editor_scroll")
        .max_height(height)
        .show(ui, |ui| {
            let mut body = sec.body.clone();
            let warn = ui.visuals().warn_fg_color;
            let sec_id = sec.id;
            let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
                let job = highlighted(ui, buf.as_str(), acks, sec_id, warn, wrap_width);
                ui.painter().layout_job(job)
            };
            let editor_id = egui::Id::unique(EDITOR_ID).with(sec.id);
            // Tab indents here (Markdown lists); it does not leave the editor.
            crate::ui::focus::owns_tab(ui.ctx(), editor_id);
            let output = TextEdit::multiline(&mut body)
                .id(editor_id)
                .hint_text(prompt.unwrap_or("Write this section in Markdown."))
                .desired_rows(8)
                .min_size(egui::vec2(0.0, height - 8.0))
                .desired_width(f32::INFINITY)
                .lock_focus(true)
                .layouter(&mut layouter)
                .show(ui);
            let r = output.response.response.labelled_by(l.id);
            if let Some(range) = output.cursor_range {
                sc.cursor = Some((sec.id, range.primary.index.0));
            }
            // While the picker is open and the editor is not focused, the place where a
            // citation goes is marked, so nothing lands where the person cannot see.
            if sc.picking && !r.has_focus() {
                let at = citation_point(&sec.body, sc.cursor_in(sec));
                let caret = output
                    .galley
                    .pos_from_cursor(CCursor::new(at))
                    .translate(output.galley_pos.to_vec2());
                let color = ui.visuals().warn_fg_color;
                ui.painter()
                    .with_clip_rect(output.text_clip_rect)
                    .rect_filled(
                        egui::Rect::from_min_max(
                            caret.left_top() - egui::vec2(1.0, 0.0),
                            caret.left_bottom() + egui::vec2(2.0, 0.0),
                        ),
                        0.0,
                        color,
                    );
            }
            if r.changed() {
                out.typing(Command::Section(Edit::put(NarrativeSection {
                    body,
                    ..sec.clone()
                })));
            }
        });
}

/// The rendered section, as it will read in the export (redacted when export redacts).
pub(super) fn body_preview(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    sec: &NarrativeSection,
    sc: &mut NarrativeScratch,
    redact: bool,
    height: f32,
) {
    ui.label(RichText::new("Preview").strong())
        .on_hover_text(if redact {
            "As exported: real names replaced by pseudonyms"
        } else {
            "As exported: real names are NOT replaced (see Export)"
        });
    // In parts, laid out only where visible: a section can run to thousands of words.
    let parts = section_parts_cached(ui, session, revs, sec, redact);
    crate::ui::widgets::markdown_parts_ui(
        ui,
        "narrative_preview_scroll",
        &parts,
        egui::Id::unique(("narrative", revs.all, sec.id, redact)),
        height,
        &mut sc.preview.0,
    );
}

/// The editor's text with unacknowledged findings underlined.
pub(super) fn highlighted(
    ui: &Ui,
    text: &str,
    acks: &[LintAck],
    section: Id,
    warn: Color32,
    wrap_width: f32,
) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = TextFormat {
        font_id: font,
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let flagged = TextFormat {
        underline: Stroke::new(1.5, warn),
        background: warn.gamma_multiply(0.18),
        ..normal.clone()
    };
    let mut job = LayoutJob::default();
    let mut pos = 0;
    for f in lint_cached(ui, text).iter() {
        if f.exempt || f.range.start < pos || lint::is_acknowledged(acks, f, text, Some(section)) {
            continue;
        }
        job.append(&text[pos..f.range.start], 0.0, normal.clone());
        job.append(&text[f.range.clone()], 0.0, flagged.clone());
        pos = f.range.end;
    }
    job.append(&text[pos..], 0.0, normal);
    job.wrap.max_width = wrap_width;
    job
}

/// Focuses the editor with `range` (bytes of the body) selected.
pub(super) fn select_in_editor(ui: &Ui, sec: &NarrativeSection, range: std::ops::Range<usize>) {
    let editor = egui::Id::unique(EDITOR_ID).with(sec.id);
    let chars = |b: usize| sec.body.get(..b).map_or(0, |t| t.chars().count());
    let mut state = TextEdit::load_state(ui.ctx(), editor).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(chars(range.start)),
        CCursor::new(chars(range.end)),
    )));
    TextEdit::store_state(ui.ctx(), editor, state);
    ui.ctx().memory_mut(|m| m.request_focus(editor));
}
