//! Import chat export…: a Slack export into the timeline. Who wrote is shown first:
//! authors the session knows are matched, the others become new participants (so no
//! one's name reaches an export) unless the facilitator keeps their name in the text
//! (bots, facilitators, people outside the review).

use super::widgets::caption;
use super::{Action, Outbox, ViewState};
use crate::io::ImportRequest;
use crate::model::Session;
use crate::model::chat::{self, AuthorChoice, ChatExport};
use crate::model::import::ImportKind;
use crate::model::speakers;
use egui::{Key, RichText, Ui};

/// A chat export read and waiting for its authors to be named.
#[derive(Debug)]
pub struct ChatDialog {
    name: String,
    export: ChatExport,
    choices: Vec<AuthorChoice>,
}

impl ChatDialog {
    /// The dialog for an export just read, with the choices the session's names suggest.
    pub fn new(name: String, export: ChatExport, session: &Session) -> Self {
        let choices = chat::suggested_choices(&export, session);
        Self {
            name,
            export,
            choices,
        }
    }

    /// The file(s) it came from.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The button that starts a chat-export import (Timeline).
pub fn import_button(ui: &mut Ui, out: &mut Outbox) {
    if ui
        .button("💬 Import chat export…")
        .on_hover_text("A Slack export (a channel's day files with users.json, or one JSON file): each message becomes a chat event, attributed to its author")
        .clicked()
    {
        out.action(Action::Import(ImportRequest::Pick(ImportKind::ChatExport)));
    }
}

fn choice_text(session: &Session, c: AuthorChoice, new_name: &str) -> String {
    match c {
        AuthorChoice::Participant(id) => session.pseudonym(id).to_owned(),
        AuthorChoice::NewParticipant => format!("New participant ({new_name})"),
        AuthorChoice::KeepName => "Not a participant: keep the name".to_owned(),
    }
}

/// The chat-export dialog, when one is open.
pub fn chat_dialog(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut crate::ui::FrameCtx<'_>,
    out: &mut Outbox,
) {
    let Some(d) = &mut cx.scratch.import.chat else {
        return;
    };
    for c in &mut d.choices {
        if let AuthorChoice::Participant(id) = *c
            && session.participant(id).is_none()
        {
            *c = AuthorChoice::NewParticipant;
        }
    }
    // New participants get the next pseudonyms, in the order of the list.
    let new_count = d
        .choices
        .iter()
        .filter(|c| **c == AuthorChoice::NewParticipant)
        .count();
    let mut fresh = speakers::fresh_pseudonyms(session, new_count).into_iter();
    let mut open = true;
    let mut cancel = false;
    let mut done = false;
    egui::Window::new("Import chat export")
        .open(&mut open)
        .collapsible(false)
        .default_width(640.0)
        .show(ui.ctx(), |ui| {
            let e = &d.export;
            ui.label(format!(
                "From {} — {}{}.",
                d.name,
                e.source,
                match e.skipped {
                    0 => String::new(),
                    n => format!("; {n} left out (joins, leaves, topic changes, empty messages)"),
                }
            ));
            ui.add_space(6.0);
            ui.label(RichText::new("Who wrote?").strong());
            caption(ui, "Each message becomes a timeline event from the chat perspective, attributed to the participant who wrote it. Their names (handle, display name, e-mail) are kept in the file only, as other names, so they are matched next time and redacted on export.");
            egui::ScrollArea::vertical()
                .id_salt("chat_authors_scroll")
                .max_height(260.0)
                .show(ui, |ui| {
                    egui::Grid::new("chat_authors")
                        .num_columns(3)
                        .striped(true)
                        .show(ui, |ui| {
                            for (a, c) in e.authors.iter().zip(d.choices.iter_mut()) {
                                let new_name = if *c == AuthorChoice::NewParticipant {
                                    fresh.next().unwrap_or_default()
                                } else {
                                    "P…".to_owned()
                                };
                                let label = if a.bot {
                                    format!("{} (bot)", a.label())
                                } else {
                                    a.label().to_owned()
                                };
                                let l = ui.label(label);
                                ui.label(match a.messages {
                                    0 => "mentioned".to_owned(),
                                    1 => "1 message".to_owned(),
                                    n => format!("{n} messages"),
                                });
                                egui::ComboBox::from_id_salt(("chat_author", a.key.as_str()))
                                    .selected_text(choice_text(session, *c, &new_name))
                                    .width(260.0)
                                    .truncate()
                                    .show_ui(ui, |ui| {
                                        for p in &session.participants {
                                            ui.selectable_value(c, AuthorChoice::Participant(p.id), &p.pseudonym);
                                        }
                                        ui.selectable_value(c, AuthorChoice::NewParticipant, "New participant");
                                        ui.selectable_value(c, AuthorChoice::KeepName, "Not a participant: keep the name");
                                    })
                                    .response
                                    .labelled_by(l.id);
                                ui.end_row();
                            }
                        });
                });
            if !e.problems.is_empty() {
                egui::CollapsingHeader::new(format!("{} problems (the rest is imported)", e.problems.len()))
                    .id_salt("chat_problems")
                    .show(ui, |ui| {
                        let row_height = ui.text_style_height(&egui::TextStyle::Body);
                        egui::ScrollArea::vertical()
                            .id_salt("chat_problems_scroll")
                            .max_height(160.0)
                            .show_rows(ui, row_height, e.problems.len(), |ui, range| {
                                for p in &e.problems[range] {
                                    ui.add(
                                        egui::Label::new(
                                            RichText::new(format!("{}: {}", p.place, p.reason))
                                                .color(ui.visuals().warn_fg_color),
                                        )
                                        .truncate(),
                                    );
                                }
                            });
                    });
            }
            ui.horizontal(|ui| {
                let import = ui.button(format!("Import {} messages", e.messages.len()));
                // Enter imports, unless a drop-down is open or a field has the keyboard.
                let enter = !egui::Popup::is_any_open(ui.ctx())
                    && ui.memory(|m| m.focused().is_none())
                    && ui.input(|i| i.key_pressed(Key::Enter));
                if (import.clicked() || enter)
                    && let Some(imported) = chat::build(session, e, &d.choices)
                {
                    out.command(imported.command);
                    done = true;
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    cancel = true;
                }
            });
        });
    if done {
        view.show_timeline_fitted(cx.scratch);
    }
    if !open || cancel || done {
        cx.scratch.import.chat = None;
    }
}
