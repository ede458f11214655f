//! Dialogs that need an answer before anything else happens: the unsaved-changes
//! prompt and error messages (restore, type-a-path, read-only and forget are drawn in
//! `recovery.rs`).

use super::SecondStoryApp;
use crate::io;
use crate::ui::{Action, Outbox};
use egui::{Key, RichText, Ui};

/// A dialog that needs an answer before anything else happens.
#[derive(Debug)]
pub(super) enum Modal {
    /// The session has unsaved changes and `then` would replace or close it.
    Unsaved { then: Action },
    /// Windows that did not close cleanly left unsaved work behind (each one's).
    Restore(Vec<io::Recovered>),
    /// A file dialog could not open: the person types the path instead.
    TypePath {
        purpose: io::PathPurpose,
        path: String,
        why: String,
    },
    /// The file is read-only: Save as is the way on.
    ReadOnly { message: String },
    /// Asks before removing what the browser keeps (web).
    Forget,
    /// Something went wrong; nothing was lost.
    Error { title: String, message: String },
}

impl SecondStoryApp {
    /// The open dialog, if any; answers become actions.
    pub(super) fn modal_ui(&mut self, ui: &mut Ui, out: &mut Outbox) {
        if self.recovery_modal_ui(ui) {
            return;
        }
        let Some(modal) = &self.modal else {
            return;
        };
        let mut close = false;
        let mut then: Option<(Action, bool)> = None;
        egui::Modal::new(egui::Id::unique("modal")).show(ui.ctx(), |ui| {
            ui.set_max_width(460.0);
            match modal {
                Modal::Unsaved { then: next } => {
                    ui.heading("Save your changes?");
                    ui.label(format!(
                        "“{}” has changes that are not saved to a file yet.",
                        self.doc.session().display_title()
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            self.after_save = Some(next.clone());
                            out.action(Action::Save);
                            close = true;
                        }
                        if ui.button("Don't save").clicked() {
                            then = Some((next.clone(), true));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape))
                        {
                            close = true;
                        }
                    });
                }
                // Drawn by `recovery_modal_ui`.
                Modal::Restore(_)
                | Modal::TypePath { .. }
                | Modal::ReadOnly { .. }
                | Modal::Forget => {}
                Modal::Error { title, message } => {
                    ui.heading(title);
                    ui.label(message);
                    ui.add_space(4.0);
                    ui.label(RichText::new("Your open session is unchanged.").weak());
                    ui.add_space(8.0);
                    if ui.button("OK").clicked()
                        || ui.input(|i| i.key_pressed(Key::Escape) || i.key_pressed(Key::Enter))
                    {
                        close = true;
                    }
                }
            }
        });
        if close {
            self.modal = None;
        }
        if let Some((action, force)) = then {
            self.handle_action(action, force);
        }
    }

    /// Shows an error dialog; the open session is unchanged.
    pub(super) fn error(&mut self, title: &str, message: impl Into<String>) {
        self.modal = Some(Modal::Error {
            title: title.to_owned(),
            message: message.into(),
        });
    }
}
