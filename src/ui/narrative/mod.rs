//! Narrative: the second-story write-up. Sections on the left (include, reorder, add,
//! remove), the selected section's Markdown with a live preview, an evidence picker
//! that cites statements as footnotes, and the language check inline and as a list.

mod citations;
pub(crate) use super::language::lint_summary;
use super::language::{lint_cached, lint_counts, open_findings};
use super::shortcuts as keys;
use super::widgets::{caption, empty_state, heading};
use super::{Outbox, ViewState};
use crate::model::export::section_markdown_using;
use crate::model::lint::{self, LintFinding};
use crate::model::{Command, Edit, Id, LintAck, NarrativeSection, Session};
use crate::model::{narrative, publish};
use crate::ui::narrative::citations::{citation_point, evidence_picker};
use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Color32, RichText, Stroke, TextEdit, Ui};

/// The rendered-Markdown cache of the preview (not serializable, not comparable).
#[derive(Default)]
pub struct PreviewCache(pub egui_commonmark::CommonMarkCache);

impl std::fmt::Debug for PreviewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreviewCache")
    }
}

/// UI state of the Narrative workspace.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NarrativeView {
    /// The section being edited.
    pub selected: Option<Id>,
    /// Hide the rendered preview (to give the editor the whole width).
    pub hide_preview: bool,
    /// Where the text cursor was in the editor: (section, char index).
    #[serde(skip)]
    pub(crate) cursor: Option<(Id, usize)>,
    /// The evidence picker is open.
    #[serde(skip)]
    pub(crate) picking: bool,
    /// Filter text of the evidence picker.
    #[serde(skip)]
    pub(crate) evidence_filter: String,
    /// A language finding being acknowledged: (section, phrase) and the reason typed.
    #[serde(skip)]
    acknowledging: Option<(Id, String)>,
    #[serde(skip)]
    ack_reason: String,
    /// Asking before regenerating a hand-edited section.
    #[serde(skip)]
    confirm_regenerate: Option<Id>,
    /// What the last "draft from session" did.
    #[serde(skip)]
    message: Option<String>,
    #[serde(skip)]
    preview: PreviewCache,
    /// Export workspace: show the Markdown source instead of the rendered write-up.
    pub export_source: bool,
    /// The export workspace's rendered-preview cache.
    #[serde(skip)]
    pub export_preview: PreviewCache,
}

pub(crate) const EDITOR_ID: &str = "narrative_body_editor";

/// The Narrative workspace.
pub fn narrative_ui(ui: &mut Ui, session: &Session, view: &mut ViewState, out: &mut Outbox) {
    let redact = view.redact();
    // Field by field: `view.narrative` is borrowed mutably below.
    let revs = Revisions {
        all: view.revision,
        sources: view.sources_revision,
        sections: &view.section_revisions,
    };
    let v = &mut view.narrative;
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
        .show(ui, |ui| section_list(ui, session, revs, v, out));

    egui::CentralPanel::default_margins().show(ui, |ui| {
        // A short window (150 % zoom) scrolls the whole column, so the list of language
        // findings under the editor can always be reached.
        if ui.available_height() < 520.0 {
            egui::ScrollArea::vertical()
                .id_salt("narrative_short_window")
                .auto_shrink([false, false])
                .show(ui, |ui| central(ui, session, revs, v, redact, out));
        } else {
            central(ui, session, revs, v, redact, out);
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
    toolbar(ui, session, revs, v, out);
    if let Some(msg) = &v.message {
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
    section_editor(ui, session, revs, sec, v, redact, out);
}

fn toolbar(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    v: &mut NarrativeView,
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
            v.message = Some(plan.describe());
        }
        ui.toggle_value(&mut v.picking, "📎 Insert evidence…")
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
        v.picking = !v.picking;
    }
}

fn section_list(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    v: &mut NarrativeView,
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
    let taint = super::widgets::taint_cached(ui, session, revs.all);
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
                        v.confirm_regenerate = None;
                    }
                    super::widgets::taint_mark(ui, &taint, sec.id);
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

fn section_editor(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    sec: &NarrativeSection,
    v: &mut NarrativeView,
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
                v.confirm_regenerate = Some(sec.id);
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
    if v.confirm_regenerate == Some(sec.id) {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("You edited this section. Replace your text with a fresh draft?")
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Replace my text").clicked() {
                if let Some(cmd) = narrative::regenerate(session, sec) {
                    out.command(cmd);
                }
                v.confirm_regenerate = None;
            }
            if ui.button("Keep my text").clicked() {
                v.confirm_regenerate = None;
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
    let side = |ui: &mut Ui, v: &mut NarrativeView, out: &mut Outbox, height: f32| {
        if v.picking {
            evidence_picker(ui, session, sec, v, out, height);
        } else {
            body_preview(ui, session, revs, sec, v, redact, height);
        }
    };
    if v.hide_preview && !v.picking {
        body_editor(ui, sec, prompt, acks, v, out, editor_height);
    } else if ui.available_width() >= 640.0 {
        ui.columns(2, |cols| {
            body_editor(&mut cols[0], sec, prompt, acks, v, out, editor_height);
            // Nothing in the right column draws into the gutter or the editor.
            let clip = cols[1].max_rect().intersect(cols[1].clip_rect());
            cols[1].set_clip_rect(clip);
            side(&mut cols[1], v, out, editor_height);
        });
    } else {
        // Narrow window: the preview (or the picker) goes under the editor.
        let half = (editor_height / 2.0).max(100.0);
        body_editor(ui, sec, prompt, acks, v, out, half);
        side(ui, v, out, half);
    }
    ui.separator();
    findings_list(ui, sec, &findings, acks, v, out);
}

/// The Markdown editor of a section body, with language findings underlined.
fn body_editor(
    ui: &mut Ui,
    sec: &NarrativeSection,
    prompt: Option<&str>,
    acks: &[LintAck],
    v: &mut NarrativeView,
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
            super::focus::owns_tab(ui.ctx(), editor_id);
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
                v.cursor = Some((sec.id, range.primary.index.0));
            }
            // While the picker is open and the editor is not focused, the place where a
            // citation goes is marked, so nothing lands where the person cannot see.
            if v.picking && !r.has_focus() {
                let at = citation_point(&sec.body, v.cursor_in(sec));
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
fn body_preview(
    ui: &mut Ui,
    session: &Session,
    revs: Revisions<'_>,
    sec: &NarrativeSection,
    v: &mut NarrativeView,
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
    super::widgets::markdown_parts_ui(
        ui,
        "narrative_preview_scroll",
        &parts,
        egui::Id::unique(("narrative", revs.all, sec.id, redact)),
        height,
        &mut v.preview.0,
    );
}

/// The editor's text with unacknowledged findings underlined.
fn highlighted(
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

fn findings_list(
    ui: &mut Ui,
    sec: &NarrativeSection,
    findings: &[LintFinding],
    acks: &[LintAck],
    v: &mut NarrativeView,
    out: &mut Outbox,
) {
    let open: Vec<&LintFinding> = findings
        .iter()
        .filter(|f| !f.exempt && !lint::is_acknowledged(acks, f, &sec.body, Some(sec.id)))
        .collect();
    let exempt = findings.iter().filter(|f| f.exempt).count();
    let acked: Vec<&LintAck> = acks.iter().filter(|a| a.section == Some(sec.id)).collect();
    ui.label(RichText::new(format!(
        "Language in this section: {} to look at · {} acknowledged · {} in quotes (people's own words stay as said)",
        open.len(),
        acked.len(),
        exempt
    )).strong());
    egui::ScrollArea::vertical()
        .id_salt("narrative_findings")
        .show(ui, |ui| {
            for (n, f) in open.iter().enumerate() {
                ui.push_id(n, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        if ui
                            .link(RichText::new(format!("{}:{}", f.line, f.column)).monospace())
                            .on_hover_text("Select the phrase in the editor")
                            .clicked()
                        {
                            select_in_editor(ui, sec, f.range.clone());
                        }
                        let found = lint::output::one_line(f.found(&sec.body));
                        let phrase = f.phrase(&sec.body);
                        ui.label(RichText::new(f.kind()).color(ui.visuals().warn_fg_color))
                            .on_hover_text(format!(
                                "{}\nRule: {}",
                                f.rule.kind.explanation, f.rule.id
                            ));
                        ui.label(RichText::new(format!("“{found}”")).strong());
                        ui.label(&f.rule.advice);
                        ui.label(RichText::new(format!("Ask instead: {}", f.ask())).italics());
                        let target = (sec.id, phrase.clone());
                        if v.acknowledging.as_ref() == Some(&target) {
                            let l = ui.label("Reason");
                            ui.add(
                                TextEdit::singleline(&mut v.ack_reason)
                                    .hint_text("Why this wording stays")
                                    .desired_width(220.0),
                            )
                            .labelled_by(l.id);
                            let ok = !v.ack_reason.trim().is_empty();
                            if ui
                                .add_enabled(ok, egui::Button::new("Save acknowledgement"))
                                .clicked()
                            {
                                let mut all = acks.to_vec();
                                all.push(LintAck {
                                    phrase: phrase.clone(),
                                    section: Some(sec.id),
                                    reason: v.ack_reason.trim().to_owned(),
                                });
                                out.command(Command::SetLintAcks(all));
                                v.acknowledging = None;
                                v.ack_reason.clear();
                            }
                            if ui.button("Cancel").clicked() {
                                v.acknowledging = None;
                            }
                        } else if ui
                            .button(format!("Acknowledge “{found}”…"))
                            .on_hover_text(format!(
                                "Keep “{phrase}” in this section, with a reason"
                            ))
                            .clicked()
                        {
                            v.acknowledging = Some(target);
                            v.ack_reason.clear();
                        }
                    });
                });
            }
            for (n, a) in acked.iter().enumerate() {
                ui.push_id(("ack", n), |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("✔ “{}”", a.phrase)).weak());
                        ui.label(RichText::new(format!("acknowledged: {}", a.reason)).weak());
                        if ui.small_button("Withdraw").clicked() {
                            let rest: Vec<LintAck> =
                                acks.iter().filter(|x| *x != *a).cloned().collect();
                            out.command(Command::SetLintAcks(rest));
                        }
                    });
                });
            }
        });
}

/// Focuses the editor with `range` (bytes of the body) selected.
fn select_in_editor(ui: &Ui, sec: &NarrativeSection, range: std::ops::Range<usize>) {
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

/// The revisions caches in this workspace key off (see [`ViewState`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Revisions<'a> {
    /// Changes with every change.
    pub all: u64,
    /// Changes with every change outside the write-up.
    pub sources: u64,
    /// Per section, changes when its content is set.
    pub sections: &'a crate::model::SectionRevisions,
}

impl<'a> Revisions<'a> {
    /// The revisions the app set on the view for this frame.
    pub(crate) fn of(view: &'a ViewState) -> Self {
        Self {
            all: view.revision,
            sources: view.sources_revision,
            sections: &view.section_revisions,
        }
    }
}

/// Where the statements are, rebuilt only when something outside the write-up changes:
/// indexing 40,000 statements on every keystroke in the write-up would make typing lag.
pub(crate) fn evidence_table_cached(
    ui: &Ui,
    session: &Session,
    sources_revision: u64,
) -> std::sync::Arc<narrative::EvidenceTable> {
    #[derive(Clone, Default)]
    struct Cache(Option<(u64, std::sync::Arc<narrative::EvidenceTable>)>);
    let id = egui::Id::unique("evidence_table_cache");
    if let Some((rev, table)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && rev == sources_revision
    {
        return table;
    }
    let table = std::sync::Arc::new(narrative::EvidenceTable::new(session));
    ui.data_mut(|d| d.insert_temp(id, Cache(Some((sources_revision, table.clone())))));
    table
}

/// The export's gate and the statements as it publishes them, rebuilt only when
/// something outside the write-up changes (both depend on statements and people).
type Gated = std::sync::Arc<(publish::Gate, Session, narrative::EvidenceTable)>;

fn gate_cached(ui: &Ui, session: &Session, sources_revision: u64, redact: bool) -> Gated {
    #[derive(Clone, Default)]
    struct Cache(Option<((u64, bool), Gated)>);
    let id = egui::Id::unique("publish_gate_cache");
    let key = (sources_revision, redact);
    if let Some((k, g)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && k == key
    {
        return g;
    }
    let gate = publish::Gate::new(session, publish::Audience::for_export(redact));
    let published = gate.session(session).session;
    let table = narrative::EvidenceTable::new(&published);
    let g = std::sync::Arc::new((gate, published, table));
    ui.data_mut(|d| d.insert_temp(id, Cache(Some((key, g.clone())))));
    g
}

/// A section as the export will show it, in preview parts, rebuilt only when the
/// session changes.
fn section_parts_cached(
    ui: &Ui,
    session: &Session,
    revs: Revisions<'_>,
    sec: &NarrativeSection,
    redact: bool,
) -> std::sync::Arc<Vec<String>> {
    type Key = (u64, Id, bool);
    #[derive(Clone, Default)]
    struct Cache(Option<(Key, std::sync::Arc<Vec<String>>)>);
    let id = egui::Id::unique("section_markdown_cache");
    let key = (revs.all, sec.id, redact);
    if let Some((k, md)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && k == key
    {
        return md;
    }
    let gated = gate_cached(ui, session, revs.sources, redact);
    let (gate, published, table) = &*gated;
    let index = narrative::EvidenceIndex::with_table(published, table);
    let md = section_markdown_using(&index, gate, sec);
    let parts = std::sync::Arc::new(crate::model::export::preview_parts(&md));
    ui.data_mut(|d| d.insert_temp(id, Cache(Some((key, parts.clone())))));
    parts
}

/// Claims whose evidence is gone, recomputed only when the session changes — and then
/// only for sections whose text changed, unless statements changed too (typing in one
/// section of a long write-up rescans that section only).
pub(crate) fn broken_claims_cached(
    ui: &Ui,
    session: &Session,
    revs: Revisions<'_>,
) -> std::sync::Arc<Vec<narrative::BrokenClaim>> {
    type Claims = std::sync::Arc<Vec<narrative::BrokenClaim>>;
    #[derive(Clone, Default)]
    struct Cache(Option<(u64, Claims)>);
    /// By section id and the section revision they are for, with the sources revision.
    #[derive(Clone, Default)]
    struct PerSection(u64, std::collections::HashMap<(Id, u64), Claims>);
    let id = egui::Id::unique("broken_claims_cache");
    if let Some((rev, claims)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && rev == revs.all
    {
        return claims;
    }
    let per_section_id = egui::Id::unique("broken_claims_per_section");
    let mut cache =
        ui.data_mut(|d| std::mem::take(d.get_temp_mut_or_default::<PerSection>(per_section_id)));
    if cache.0 != revs.sources {
        cache.1.clear();
    }
    let table = evidence_table_cached(ui, session, revs.sources);
    let index = narrative::EvidenceIndex::with_table(session, &table);
    let mut per_section = std::collections::HashMap::new();
    let mut all = Vec::new();
    for sec in session.narrative.sections.iter().filter(|s| s.included) {
        let key = (sec.id, revs.sections.of(sec.id));
        let claims = cache.1.remove(&key).unwrap_or_else(|| {
            std::sync::Arc::new(narrative::broken_claims_with(
                &index,
                std::slice::from_ref(sec),
            ))
        });
        all.extend(claims.iter().cloned());
        per_section.insert(key, claims);
    }
    let all = std::sync::Arc::new(all);
    ui.data_mut(|d| {
        d.insert_temp(id, Cache(Some((revs.all, all.clone()))));
        d.insert_temp(per_section_id, PerSection(revs.sources, per_section));
    });
    all
}
