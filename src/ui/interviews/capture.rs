//! The Capture tab: the one large capture field, its keys, the off-the-record banner,
//! and committing statements.

use super::header::{pause_running, toggle_timer};
use super::probe_panel::{guide_panel, probes_panel};
use super::statements::{statement_editor, statements_list};
use super::{CAPTURE_FIELD, InterviewsScratch, OFF_RECORD_COLOR};
use crate::model::InterviewHeader;
use crate::model::probes;
use crate::model::{Command, Edit, Id, Interview, Session, Speaker, Statement, StatementKind};
use crate::ui::interviews::capture_parts::{kind_combo, short_window, speaker_color};
use crate::ui::shortcuts as keys;
use crate::ui::widgets::caption;
use crate::ui::{Action, FrameCtx, Outbox, ViewState, focus};
use egui::{Color32, RichText, Ui};

pub(super) fn capture_tab(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
    now: f64,
) {
    let field_id = egui::Id::unique(CAPTURE_FIELD);
    let focused = ui.memory(|m| m.has_focus(field_id));
    // Tab switches the speaker here; it never leaves the field.
    focus::owns_tab(ui.ctx(), field_id);
    // Keys first, so the text field never sees them.
    let mut commit = false;
    let mut toggle_timer_key = false;
    let ctx = ui.ctx().clone();
    if focused {
        // Keys typed after Ctrl+Enter or Tab in the same frame wait for the next one:
        // they belong to the next statement, not to the one being committed.
        focus::hold_events_after(&ctx, |e| {
            keys::COMMIT
                .keys
                .iter()
                .chain(keys::SPEAKER.keys)
                .any(|sc| {
                    matches!(e, egui::Event::Key { key, pressed: true, modifiers, .. }
                    if *key == sc.logical_key && modifiers.matches_exact(sc.modifiers))
                })
        });
    }
    ui.input_mut(|inp| {
        if keys::OFF_RECORD.consume(inp) {
            sc.off_record = !sc.off_record;
        }
        if keys::TIMER.consume(inp) {
            toggle_timer_key = true;
        }
        if let Some(n) = keys::KIND.consume_index(inp)
            && let Some(k) = StatementKind::ALL.get(n)
        {
            sc.kind = Some(*k);
            // Some keyboards also type a character with Alt+digit; keep it out of the field.
            inp.events.retain(|e| {
                !matches!(e, egui::Event::Text(t) if t.chars().count() == 1 && !t.chars().all(char::is_alphabetic))
            });
        }
        if focused {
            if keys::COMMIT.consume(inp) {
                commit = true;
            }
            if keys::SPEAKER.consume(inp) {
                sc.speaker = match sc.speaker {
                    Speaker::Interviewee => Speaker::Facilitator,
                    Speaker::Facilitator => Speaker::Interviewee,
                };
            }
        }
    });
    if toggle_timer_key {
        toggle_timer(session, i, sc, out, now);
    }

    egui::Panel::right("interview_guide_panel")
        .resizable(true)
        .default_size((ui.available_width() * 0.38).clamp(220.0, 380.0))
        .min_size(200.0)
        .max_size((ui.available_width() * 0.6).max(220.0))
        .show(ui, |ui| {
            // The probes change with every statement: they get a fixed share of the
            // panel and scroll inside it, so the guide below never moves under the
            // pointer (it moved 60 points as the list grew). The full width of the
            // panel whatever the probes are: no sideways shift either.
            let probes_height = (ui.available_height() * 0.45).clamp(120.0, 360.0);
            // A solid scroll bar, shown whenever the probes do not all fit: a thin
            // floating one went unseen and the last probe looked cut off.
            ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
            egui::ScrollArea::vertical()
                .id_salt("probe_list_scroll")
                .auto_shrink([false, false])
                .max_height(probes_height)
                .show(ui, |ui| probes_panel(ui, session, i, sc, out, now));
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("guide_probe_scroll")
                .auto_shrink([false, true])
                .show(ui, |ui| guide_panel(ui, session, i, sc, out, now));
        });

    egui::CentralPanel::default_margins().show(ui, |ui| {
        // In a short window (150 % zoom) the part above the statements scrolls, so the
        // field is always within reach; the statements keep a list of their own below
        // (one scroll area inside another could not bring every row into view).
        let h = ui.available_height();
        let top_max = if short_window(ui) {
            (h - 150.0).max(h * 0.62)
        } else {
            (h - 190.0).max(h * 0.5)
        };
        egui::ScrollArea::vertical()
            .id_salt("capture_column")
            .max_height(top_max)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                // Speaker and type of the next statement. A short window gets the short
                // form: a drop-down for the type, no captions (the hover has them).
                let compact = short_window(ui);
                ui.horizontal_wrapped(|ui| {
                    ui.label("Speaker:");
                    for (s, label) in [
                        (
                            Speaker::Interviewee,
                            session.pseudonym(i.participant).to_owned(),
                        ),
                        (Speaker::Facilitator, "Facilitator".to_owned()),
                    ] {
                        if ui
                            .radio(sc.speaker == s, label)
                            .on_hover_text("Tab in the capture field switches the speaker")
                            .clicked()
                        {
                            sc.speaker = s;
                            sc.focus_capture = true;
                        }
                    }
                    if !compact {
                        caption(ui, "(Tab switches)");
                    }
                    ui.separator();
                    let shown = match sc.kind {
                        Some(kind) => kind,
                        None => sc.guessed_kind(),
                    };
                    // One label: "Type:" and the type move to the next line together.
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("Type: {}", shown.label())).strong(),
                        )
                        .extend(),
                    );
                    if compact {
                        kind_combo(ui, sc);
                    } else if sc.kind.is_none() {
                        caption(ui, "(guessed; Alt+1…Alt+0 to set)");
                    }
                    let mut off = sc.off_record;
                    let label = if compact {
                        "Off the record"
                    } else {
                        "Off the record (Ctrl+Shift+R)"
                    };
                    if ui
                        .checkbox(&mut off, label)
                        .on_hover_text("Ctrl+Shift+R")
                        .changed()
                    {
                        sc.off_record = off;
                        sc.focus_capture = true;
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    if compact {
                        return;
                    }
                    for (n, k) in StatementKind::ALL.iter().enumerate() {
                        let key = (n + 1) % 10;
                        let selected = sc.kind == Some(*k);
                        if ui
                            .selectable_label(
                                selected,
                                RichText::new(format!("{key} {}", k.label())).small(),
                            )
                            .on_hover_text(format!(
                                "Alt+{key}: {} — probes about {}",
                                k.label(),
                                probes::probe_focus(*k)
                            ))
                            .clicked()
                        {
                            sc.kind = if selected { None } else { Some(*k) };
                            sc.focus_capture = true;
                        }
                    }
                });
                // Who speaks is shown at the field itself, and in the colour of its frame.
                let speaker_name = match sc.speaker {
                    Speaker::Interviewee => session.pseudonym(i.participant).to_owned(),
                    Speaker::Facilitator => "Facilitator (you)".to_owned(),
                };
                let speaker_color = speaker_color(sc.speaker);
                let l = ui
                    .horizontal_wrapped(|ui| {
                        let l = ui.label(
                            RichText::new("Capture — Ctrl+Enter commits the statement").strong(),
                        );
                        // Whole, never broken over two lines: it moves down instead.
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!(" Speaking: {speaker_name} "))
                                    .color(Color32::WHITE)
                                    .background_color(speaker_color)
                                    .strong(),
                            )
                            .extend(),
                        )
                        .on_hover_text(
                            "Tab in the field switches the speaker. It stays until you switch it.",
                        );
                        l
                    })
                    .inner;
                let frame = if sc.off_record {
                    egui::Frame::NONE
                        .stroke(egui::Stroke::new(3.0, OFF_RECORD_COLOR))
                        .inner_margin(4.0)
                } else {
                    egui::Frame::NONE
                        .stroke(egui::Stroke::new(2.0, speaker_color))
                        .inner_margin(4.0)
                };
                frame.show(ui, |ui| {
                    let r = ui
                        .add(
                            egui::TextEdit::multiline(&mut sc.draft)
                                .id(field_id)
                                .lock_focus(true)
                                .desired_rows(if short_window(ui) { 4 } else { 6 })
                                .desired_width(f32::INFINITY)
                                .hint_text(if sc.speaker == Speaker::Facilitator {
                                    "Your question or note…"
                                } else {
                                    "What they say, in their words…"
                                }),
                        )
                        .labelled_by(l.id);
                    if sc.focus_capture {
                        r.request_focus();
                        sc.focus_capture = false;
                    }
                });
                // Right under the field (framed red meanwhile), so turning it on never
                // moves the field from under the words being typed, or out of a short
                // window.
                if sc.off_record {
                    ui.add_space(4.0);
                    off_record_banner(ui, sc);
                }
                if commit {
                    commit_statement(session, i, sc, out, now);
                    // The next statement starts with an empty history: Ctrl+Z never brings
                    // back the words just committed.
                    focus::clear_undo_history(ui.ctx(), field_id);
                }
                ui.add_space(6.0);
                statement_editor(ui, session, i, sc, out);
                crate::ui::coach::capture_hint(ui, i, out, &mut sc.focus_capture);
            });
        statements_list(ui, session, i, sc, "capture");
        // Ticking a guide question, clicking a probe, a type or a speaker keeps the
        // words going into the capture field.
        focus::keep_focus(ui, field_id);
    });
}

pub(super) fn off_record_banner(ui: &mut Ui, sc: &mut InterviewsScratch) {
    egui::Frame::NONE
        .fill(OFF_RECORD_COLOR)
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                let size = if short_window(ui) { 15.0 } else { 20.0 };
                ui.label(
                    RichText::new("OFF THE RECORD")
                        .color(Color32::WHITE)
                        .size(size)
                        .strong(),
                );
                ui.label(
                    RichText::new(
                        "New statements stay in this file only: never exported, never shared.",
                    )
                    .color(Color32::WHITE),
                );
                if ui.button("Back on the record").clicked() {
                    sc.off_record = false;
                    sc.focus_capture = true;
                }
            });
        });
    ui.add_space(4.0);
}

/// Commits text left in the capture field (typed but not yet Ctrl+Entered) as a
/// statement of the interview on screen, so that quitting or opening another session
/// never silently drops it. Returns whether there was such text.
pub fn commit_pending_draft(
    session: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    now: f64,
    out: &mut Outbox,
) -> bool {
    if cx.scratch.interviews.draft.trim().is_empty() {
        return false;
    }
    let Some(i) = view.selected_interview.and_then(|id| session.interview(id)) else {
        return false;
    };
    commit_statement(session, i, &mut cx.scratch.interviews, out, now);
    true
}

/// Commits the draft as a statement, with the elapsed time; starts the timer if the
/// interview has never been timed, and stores the length so far.
pub(super) fn commit_statement(
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
    now: f64,
) {
    let text = sc.draft.trim().to_owned();
    if text.is_empty() {
        return;
    }
    let kind = sc
        .kind
        .unwrap_or_else(|| probes::infer_kind(&text, sc.speaker));
    paused_notice(i, sc, out, now);
    let commands = statement_commands(session, i, sc, out, now, text, sc.speaker, kind);
    out.command(Command::Batch {
        label: "Capture statement".into(),
        commands,
    });
    sc.draft.clear();
    sc.kind = None;
    // The speaker stays as it is: a silent switch once put an answer under the wrong
    // person. Tab switches it, and the field shows who speaks.
    sc.focus_capture = true;
}

/// Says once per pause that a statement is about to get the paused time (after a
/// break, a reopen or a restore the timer does not run by itself), so a run of
/// statements does not share one time unnoticed. Not for an interview never timed:
/// its first statement starts the clock.
fn paused_notice(i: &Interview, sc: &mut InterviewsScratch, out: &mut Outbox, now: f64) {
    let at = sc.elapsed(i, now);
    if sc.running(i.id) || i.started.is_none() || sc.told_paused == Some((i.id, at)) {
        return;
    }
    sc.told_paused = Some((i.id, at));
    out.action(Action::Notice(format!(
        "The timer is paused at {}, so statements get that time. Ctrl+Shift+P resumes it.",
        crate::model::timefmt::fmt_secs(at)
    )));
}

/// The commands that record `text` as a statement at the elapsed time (off the record
/// while that is on). The first statement of an interview starts its clock, since
/// nobody remembers to press "start"; the length so far is stored.
#[allow(clippy::too_many_arguments)]
pub(super) fn statement_commands(
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
    now: f64,
    text: String,
    speaker: Speaker,
    kind: StatementKind,
) -> Vec<Command> {
    let mut updated = InterviewHeader::of(i);
    if i.started.is_none() && !sc.running(i.id) {
        updated.started = Some(crate::model::now());
        pause_running(sc, session, now, out);
        sc.start(i, now);
    }
    let at_secs = sc.elapsed(i, now);
    updated.duration_secs = at_secs;
    let st = Statement {
        id: Id::new(),
        at_secs,
        speaker,
        kind,
        text,
        off_record: sc.off_record,
        ..Default::default()
    };
    let mut commands = Vec::new();
    if updated != InterviewHeader::of(i) {
        commands.push(Command::InterviewHeader(updated));
    }
    // A question in the facilitator's own words ticks the guide question it matches.
    let ticks = crate::model::coach::content::autotick(session, i, &st);
    commands.push(Command::Statement {
        interview: i.id,
        edit: Edit::put(st),
    });
    commands.extend(ticks);
    commands
}
