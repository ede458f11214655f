//! Import transcript…: the dialog that turns a transcript into an interview. Who is
//! speaking is shown first: names the session knows are matched, the others are
//! matched to a participant, made a new participant, or marked as a facilitator.
//! Also the progress shown while an import's files are read, and where imports
//! arrive from the app (the chat-export dialog is [`super::chat_import`]).

use super::chat_import::{self, ChatDialog};
use super::widgets::caption;
use super::{Action, Outbox, ViewState};
use crate::io::{ImportRequest, ImportResult};
use crate::model::import::{ImportKind, Parsed};
use crate::model::speakers::{self, Found};
use crate::model::transcript::interview::{self, Options, Role, SpeakerRow, label_text};
use crate::model::transcript::{Transcript, fmt_ms};
use crate::model::{Id, Session};
use egui::{Key, RichText, Ui};

/// The import dialogs' state (never part of the session).
#[derive(Debug, Default)]
pub struct ImportView {
    /// Files being read (their name), for the progress shown meanwhile.
    pub reading: Option<String>,
    /// The transcript dialog, when open.
    pub transcript: Option<TranscriptDialog>,
    /// The chat-export dialog, when open.
    pub chat: Option<ChatDialog>,
}

impl ImportView {
    /// The file shown in an open import dialog, or "" (browser tests).
    pub fn showing(&self) -> &str {
        match (&self.transcript, &self.chat) {
            (Some(d), _) => &d.name,
            (None, Some(d)) => d.name(),
            (None, None) => "",
        }
    }
}

/// A transcript read and waiting for its speakers to be named.
#[derive(Debug)]
pub struct TranscriptDialog {
    name: String,
    transcript: Transcript,
    rows: Vec<SpeakerRow>,
    title: String,
    /// The dialog takes the keyboard when it opens (its Title field), so what is
    /// typed next, Enter included, never goes to a field behind it.
    focus_title: bool,
}

/// Files for an import are being read: show progress until they arrive.
pub fn reading(cx: &mut crate::ui::FrameCtx<'_>, name: String) {
    cx.scratch.import.reading = Some(name);
}

/// An import's files were read: opens its dialog, or gives back what is wrong.
pub fn arrived(
    cx: &mut crate::ui::FrameCtx<'_>,
    session: &Session,
    name: String,
    result: ImportResult,
) -> Result<(), String> {
    cx.scratch.import.reading = None;
    match *result? {
        Parsed::Transcript(transcript) => {
            let rows = interview::speaker_rows(&transcript, session);
            cx.scratch.import.transcript = Some(TranscriptDialog {
                name,
                transcript,
                rows,
                title: String::new(),
                focus_title: true,
            });
        }
        Parsed::Chat(export) => {
            cx.scratch.import.chat = Some(ChatDialog::new(name, export, session))
        }
    }
    Ok(())
}

/// The import dialogs and the progress of an import being read.
pub fn dialogs_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut crate::ui::FrameCtx<'_>,
    out: &mut Outbox,
) {
    if let Some(name) = &cx.scratch.import.reading {
        egui::Window::new("Importing")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ui.ctx(), |ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("Reading {name}…"));
                });
            });
    }
    transcript_dialog(ui, session, view, cx, out);
    chat_import::chat_dialog(ui, session, view, cx, out);
}

/// The button that starts a transcript import (Interviews).
pub fn import_button(ui: &mut Ui, out: &mut Outbox) {
    if ui
        .button("📥 Import transcript…")
        .on_hover_text("A recording's transcript (WebVTT from Zoom or Teams, SRT, or text with “Name: text” lines) becomes a timed, typed interview")
        .clicked()
    {
        out.action(Action::Import(ImportRequest::Pick(ImportKind::Transcript)));
    }
}

/// What a role reads as in the speaker's drop-down.
fn role_text(session: &Session, role: &Role, new_name: &str) -> String {
    match role {
        Role::Unknown => "Choose…".to_owned(),
        Role::Participant(id) => session.pseudonym(*id).to_owned(),
        Role::NewParticipant => format!("New participant ({new_name})"),
        Role::Facilitator => "Facilitator".to_owned(),
    }
}

fn transcript_dialog(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut crate::ui::FrameCtx<'_>,
    out: &mut Outbox,
) {
    let Some(d) = &mut cx.scratch.import.transcript else {
        return;
    };
    // A participant removed meanwhile (undo) is no longer a choice.
    for r in &mut d.rows {
        if let Role::Participant(id) = r.role
            && session.participant(id).is_none()
        {
            r.role = Role::Unknown;
        }
    }
    let roles: Vec<(Option<String>, Role)> = d
        .rows
        .iter()
        .map(|r| (r.label.clone(), r.role.clone()))
        .collect();
    let speakers: Vec<(Option<&str>, usize)> = d
        .rows
        .iter()
        .map(|r| (r.label.as_deref(), r.cues))
        .collect();
    let options = Options {
        title: Some(d.title.trim().to_owned()),
        new_pseudonym: None,
    };
    let checked = interview::check(session, &speakers, &roles, &options);
    let new_name = speakers::fresh_pseudonyms(session, 1)
        .pop()
        .unwrap_or_default();
    let interviewee = roles.iter().find_map(|(_, r)| match r {
        Role::Participant(id) => Some(Some(*id)),
        Role::NewParticipant => Some(None),
        _ => None,
    });
    let mut open = true;
    let mut cancel = false;
    let mut done: Option<Id> = None;
    let mut title_field: Option<egui::Id> = None;
    egui::Window::new("Import transcript")
        .open(&mut open)
        .collapsible(false)
        .default_width(640.0)
        .show(ui.ctx(), |ui| {
            let t = &d.transcript;
            ui.label(format!(
                "From {} — {}, {} cues, {} long.",
                d.name,
                t.format.label(),
                t.cues.len(),
                fmt_ms(t.length_ms())
            ));
            if !t.timed {
                caption(ui, "The file has no times: every statement will be at 00:00, in the file's order.");
            }
            ui.add_space(6.0);
            ui.label(RichText::new("Who is speaking?").strong());
            caption(ui, "Names are matched to participants (real name, pseudonym, other names) and to the facilitators. Say who the others are: the person interviewed, or a facilitator. A name you match is kept as one of the participant's other names, in the file only, and redacted on export.");
            egui::ScrollArea::vertical()
                .id_salt("transcript_speakers_scroll")
                .max_height(240.0)
                .show(ui, |ui| {
                    egui::Grid::new("transcript_speakers")
                        .num_columns(4)
                        .striped(true)
                        .show(ui, |ui| {
                            for r in &mut d.rows {
                                speaker_row(ui, session, r, &new_name);
                                ui.end_row();
                            }
                        });
                });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let l = ui.label("Title");
                let hint = match interviewee {
                    Some(Some(id)) => format!("Interview with {}", session.pseudonym(id)),
                    _ => format!("Interview with {new_name}"),
                };
                let r = ui
                    .add(egui::TextEdit::singleline(&mut d.title).hint_text(hint).desired_width(360.0))
                    .labelled_by(l.id);
                if d.focus_title {
                    r.request_focus();
                    d.focus_title = false;
                }
                title_field = Some(r.id);
            });
            match interviewee {
                Some(Some(id)) if session.participant(id).is_some_and(|p| !p.consent.may_record) => {
                    ui.label(RichText::new(format!(
                        "{}'s consent does not say they may be recorded: check it on Participants.",
                        session.pseudonym(id)
                    ))
                    .color(ui.visuals().warn_fg_color));
                }
                Some(None) => caption(ui, "A new participant starts with no consent recorded: fill it in on Participants."),
                _ => {}
            }
            problems_ui(ui, t);
            if let Err(e) = &checked {
                ui.label(RichText::new(e.to_string()).color(ui.visuals().warn_fg_color));
            }
            ui.horizontal(|ui| {
                let label = format!("Import {} cues as an interview", t.cues.len());
                let import = ui.add_enabled(checked.is_ok(), egui::Button::new(label));
                // Enter imports, unless a drop-down is open (Enter chooses in it) or a
                // field behind the dialog has the keyboard (Enter is typing there).
                let focus = ui.memory(|m| m.focused());
                let enter = checked.is_ok()
                    && !egui::Popup::is_any_open(ui.ctx())
                    && (focus.is_none() || focus == title_field)
                    && ui.input(|i| i.key_pressed(Key::Enter));
                if (import.clicked() || enter)
                    && let Ok(imported) = interview::build(session, t, &roles, &options)
                {
                    done = Some(imported.interview);
                    out.command(imported.command);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    cancel = true;
                }
            });
        });
    if let Some(id) = done {
        view.show_interview(cx.scratch, id);
    }
    if !open || cancel || done.is_some() {
        cx.scratch.import.transcript = None;
    }
}

/// One speaker: the name as written, how much they said, who they are.
fn speaker_row(ui: &mut Ui, session: &Session, r: &mut SpeakerRow, new_name: &str) {
    let l = ui.label(label_text(r.label.as_deref()));
    ui.label(format!("{} cues", r.cues));
    egui::ComboBox::from_id_salt(("transcript_speaker", r.label.clone()))
        .selected_text(role_text(session, &r.role, new_name))
        .width(240.0)
        .truncate()
        .show_ui(ui, |ui| {
            for p in &session.participants {
                ui.selectable_value(&mut r.role, Role::Participant(p.id), &p.pseudonym);
            }
            ui.selectable_value(
                &mut r.role,
                Role::NewParticipant,
                format!("New participant ({new_name})"),
            );
            ui.selectable_value(&mut r.role, Role::Facilitator, "Facilitator");
        })
        .response
        .labelled_by(l.id);
    match (&r.found, &r.role) {
        (Found::Ambiguous, Role::Unknown) => caption(ui, "⚠ several people answer to this name"),
        (Found::One(_), _) => caption(ui, "matched by name"),
        _ => caption(ui, ""),
    }
}

/// The lines the reader had trouble with, folded away, only the visible ones laid out.
fn problems_ui(ui: &mut Ui, t: &Transcript) {
    if t.problems.is_empty() {
        return;
    }
    let n = t.problems.len();
    egui::CollapsingHeader::new(format!(
        "{n} {} to check (imported as described)",
        if n == 1 { "line" } else { "lines" }
    ))
    .id_salt("transcript_problems")
    .show(ui, |ui| {
        let row_height = ui.text_style_height(&egui::TextStyle::Body);
        egui::ScrollArea::vertical()
            .id_salt("transcript_problems_scroll")
            .max_height(160.0)
            .show_rows(ui, row_height, n, |ui, range| {
                for p in &t.problems[range] {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("line {}: {} — {}", p.line, p.reason, p.text))
                                .color(ui.visuals().warn_fg_color),
                        )
                        .truncate(),
                    );
                }
            });
    });
}
