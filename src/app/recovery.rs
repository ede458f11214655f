//! Nothing lost: autosave of unsaved work and of words typed in the capture field but
//! not committed, restoring them (each window's own, natively), storing at once when
//! the page is left (web), saves that fail (read-only file, a dialog that cannot
//! open) and forgetting the browser's copy.

use super::{AUTOSAVE_DELAY, Modal, SecondStoryApp};
use crate::io::{self, CaptureDraft};
use crate::model::{Document, file};
use crate::ui::{Action, Workspace, interviews::InterviewTab};
use egui::{Key, RichText, Ui};

/// What the person chose in one of these dialogs.
enum Chosen {
    Nothing,
    Close,
    Restore(usize),
    Discard(usize),
    Later,
    UsePath,
    SaveAs,
    Forget,
}

/// At most `n` characters of `text`, on one line, with an ellipsis when cut.
fn short(text: &str, n: usize) -> String {
    let line = io::one_line(text);
    match line.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

/// One autosave in words, for the restore prompt: enough to tell two apart.
fn describe(r: &io::Recovered) -> String {
    let title = if r.title.is_empty() {
        "Untitled session".to_owned()
    } else {
        short(&r.title, 60)
    };
    let from = match r.location.file_name() {
        Some(name) => format!(" in {name}"),
        None => ", not yet saved to a file".to_owned(),
    };
    let when = if r.when.is_empty() {
        String::new()
    } else {
        format!(", autosaved {}", r.when)
    };
    let words = match &r.draft {
        Some(d) => format!(
            ". Words typed in the capture field but not committed: “{}”",
            short(&d.text, 60)
        ),
        None => String::new(),
    };
    format!("Unsaved changes to “{title}”{from}{when}{words}.")
}

/// `~/…` as the shell would read it.
fn typed_path(text: &str) -> std::path::PathBuf {
    let text = text.trim();
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(text),
    }
}

impl SecondStoryApp {
    /// Draws the restore, typed-path, read-only and forget dialogs; false when the
    /// open dialog (if any) is another one.
    pub(super) fn recovery_modal_ui(&mut self, ui: &mut Ui) -> bool {
        let mut modal = match self.modal.take() {
            Some(
                m @ (Modal::Restore(_)
                | Modal::TypePath { .. }
                | Modal::ReadOnly { .. }
                | Modal::Forget),
            ) => m,
            other => {
                self.modal = other;
                return false;
            }
        };
        let mut chosen = Chosen::Nothing;
        egui::Modal::new(egui::Id::unique("recovery_modal")).show(ui.ctx(), |ui| {
            ui.set_max_width(520.0);
            chosen = match &mut modal {
                Modal::Restore(list) => restore_ui(ui, list),
                Modal::TypePath { purpose, path, why } => type_path_ui(ui, purpose, path, why),
                Modal::ReadOnly { message } => read_only_ui(ui, message),
                _ => forget_ui(ui),
            };
        });
        match chosen {
            Chosen::Nothing => self.modal = Some(modal),
            Chosen::Close => self.dialog_cancelled(modal),
            Chosen::Restore(i) => {
                if let Modal::Restore(mut list) = modal
                    && i < list.len()
                {
                    let r = list.remove(i);
                    self.restore(r);
                }
                // The others are offered again by the next window to start.
                self.autosave.release();
            }
            Chosen::Discard(i) => {
                if let Modal::Restore(mut list) = modal
                    && i < list.len()
                {
                    self.autosave.discard(&list.remove(i).slot);
                    if !list.is_empty() {
                        self.modal = Some(Modal::Restore(list));
                    }
                }
            }
            Chosen::Later => self.autosave.release(),
            Chosen::UsePath => {
                if let Modal::TypePath { purpose, path, .. } = modal {
                    io::use_typed_path(purpose, typed_path(&path), self.io.sender());
                }
            }
            // Save as carries on with what the save was for (`after_save`).
            Chosen::SaveAs => self.handle_action(Action::SaveAs, false),
            Chosen::Forget => self.forget_browser_copy(),
        }
        true
    }

    /// A dialog closed without going on: what waited for it is dropped.
    fn dialog_cancelled(&mut self, modal: Modal) {
        match modal {
            Modal::TypePath {
                purpose: io::PathPurpose::Export { .. },
                ..
            } => self.export_finished(),
            Modal::TypePath { .. } | Modal::ReadOnly { .. } => self.after_save = None,
            _ => {}
        }
    }

    /// A save that did not happen: a read-only file offers Save as (which then
    /// carries on with what the save was for); anything else is an error.
    pub(super) fn save_failed(&mut self, failure: io::SaveFailure) {
        if failure.read_only {
            self.modal = Some(Modal::ReadOnly {
                message: failure.message,
            });
        } else {
            self.after_save = None;
            self.error(
                "Could not save",
                format!(
                    "{}\nYour work is still open and autosaved.",
                    failure.message
                ),
            );
        }
    }

    /// Puts an autosaved session back: natively the window takes the orphan over as
    /// its own autosave; words not committed go back into the capture field.
    pub(super) fn restore(&mut self, r: io::Recovered) {
        self.modal = None;
        self.stop_opening();
        match file::from_str(&r.text) {
            Ok(loaded) => {
                self.autosave.adopt(&r.slot);
                self.doc = if r.dirty {
                    Document::new_unsaved(loaded.session)
                } else {
                    Document::new(loaded.session)
                };
                self.forget_timer();
                self.location = r.location;
                self.show_start = false;
                self.autosaved_revision = self.doc.revision();
                self.session_stored = true;
                self.autosaved_draft = r.draft.clone();
                let words = r.draft.is_some_and(|d| self.put_draft_back(d));
                self.notice(match (r.dirty, words) {
                    (true, true) => "Restored your unsaved work and the words you were typing.",
                    (true, false) => "Restored your unsaved work.",
                    (false, true) => {
                        "Reopened the session you were working on, with the words you were typing."
                    }
                    (false, false) => "Reopened the session you were working on.",
                });
            }
            Err(e) => {
                let mut message = e.to_string();
                if let Some(d) = &r.draft {
                    message.push_str(&format!(
                        "\n\nThe words you had typed in the capture field were:\n{}",
                        d.text
                    ));
                }
                self.modal = Some(Modal::Error {
                    title: "The autosaved copy could not be read".into(),
                    message,
                });
            }
        }
    }

    /// Words restored from the autosave go back into the capture field of their
    /// interview (not into the transcript). Says whether they could.
    fn put_draft_back(&mut self, d: CaptureDraft) -> bool {
        if self.doc.session().interview(d.interview).is_none() {
            self.warn(format!(
                "The words typed in the capture field could not be put back (their interview is gone): “{}”",
                d.text
            ));
            return false;
        }
        self.view.selected_interview = Some(d.interview);
        self.view.workspace = Workspace::Interviews;
        self.view.interviews.tab = InterviewTab::Capture;
        let v = &mut self.scratch.interviews;
        v.draft = d.text;
        v.speaker = d.speaker;
        v.kind = d.kind;
        v.off_record = d.off_record;
        v.focus_capture = true;
        true
    }

    /// Words in the capture field not yet committed, with their interview.
    fn capture_draft(&self) -> Option<CaptureDraft> {
        let v = &self.scratch.interviews;
        if v.draft.trim().is_empty() {
            return None;
        }
        let interview = self.view.selected_interview?;
        self.doc.session().interview(interview)?;
        Some(CaptureDraft {
            interview,
            speaker: v.speaker,
            kind: v.kind,
            off_record: v.off_record,
            text: v.draft.clone(),
        })
    }

    /// Removes this window's autosave (natively; in the browser only the capture
    /// words, see [`io::Autosave::clear`]).
    pub(super) fn clear_autosave(&mut self) {
        self.autosave.clear();
        self.session_stored = false;
        self.autosaved_draft = None;
    }

    /// Autosaves shortly after the last change: natively only while there is work a
    /// crash would lose (unsaved changes, uncommitted capture words), in the browser
    /// whatever is open.
    pub(super) fn autosave_after_frame(&mut self, ctx: &egui::Context) {
        let draft = self.capture_draft();
        if draft != self.draft_seen {
            self.draft_seen = draft.clone();
            self.draft_changed_at = self.now;
        }
        let keeps_current = io::AUTOSAVE_KEEPS_CURRENT;
        if !keeps_current && !self.doc.is_dirty() && draft.is_none() {
            // Back to what is in the file (saved, undone, words deleted).
            if self.session_stored || self.autosaved_draft.is_some() {
                self.clear_autosave();
            }
            self.autosaved_revision = self.doc.revision();
            return;
        }
        let session_due = self.doc.revision() != self.autosaved_revision
            || (!keeps_current && !self.session_stored);
        let draft_due = draft != self.autosaved_draft;
        let changed_at = match (session_due, draft_due) {
            (false, false) => return,
            (true, false) => self.last_change_at,
            (false, true) => self.draft_changed_at,
            (true, true) => self.last_change_at.max(self.draft_changed_at),
        };
        let wait = changed_at + AUTOSAVE_DELAY - self.now;
        if wait > 0.0 {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        } else {
            self.store_autosave(session_due, draft_due, draft, false);
        }
    }

    fn store_autosave(
        &mut self,
        session: bool,
        draft_due: bool,
        draft: Option<CaptureDraft>,
        at_once: bool,
    ) {
        if session {
            let (s, location, dirty) = (self.doc.session(), &self.location, self.doc.is_dirty());
            if at_once {
                self.autosave.store_now(s, location, dirty);
            } else {
                // Serialized off the UI thread (a large session takes a while).
                self.autosave.store_session(s, location, dirty);
            }
            self.autosaved_revision = self.doc.revision();
            self.session_stored = true;
        }
        if draft_due {
            self.autosave.store_draft(draft.as_ref());
            self.autosaved_draft = draft;
        }
        self.forgotten = false;
    }

    /// The page is being left, reloaded or hidden (web): what autosave has not
    /// stored yet (a change a moment ago, words in the capture field) is stored at
    /// once. Returns whether anything is not saved to a file or not committed, so
    /// the browser asks before leaving.
    pub fn leaving(&mut self) -> bool {
        let draft = self.capture_draft();
        let session_due = self.doc.revision() != self.autosaved_revision
            && (io::AUTOSAVE_KEEPS_CURRENT || self.doc.is_dirty() || draft.is_some());
        let draft_due = draft != self.autosaved_draft;
        if session_due || draft_due {
            self.store_autosave(session_due, draft_due, draft.clone(), true);
        }
        self.doc.is_dirty() || draft.is_some()
    }

    /// The status bar's control for removing what the browser keeps (web).
    pub(super) fn forget_button(&mut self, ui: &mut Ui) {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("Forget this browser's copy")
                .on_hover_text(
                    "Removes what Second Story keeps in this browser's storage: the autosaved session, words not committed, settings",
                )
                .clicked()
            {
                self.modal = Some(Modal::Forget);
            }
        });
    }

    fn forget_browser_copy(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if let Err(e) = self.autosave.forget() {
            return self.error("Could not forget the browser's copy", e);
        }
        // Nothing is written again until the next change.
        self.forgotten = true;
        self.autosaved_revision = self.doc.revision();
        self.autosaved_draft = self.capture_draft();
        self.session_stored = false;
        self.notice(
            "This browser's copy is forgotten. The session stays open in this tab; the next change is autosaved again.",
        );
    }
}

fn restore_ui(ui: &mut Ui, list: &[io::Recovered]) -> Chosen {
    let mut chosen = Chosen::Nothing;
    ui.heading("Restore unsaved work?");
    ui.label(if list.len() == 1 {
        "Second Story did not close cleanly. Its unsaved work was autosaved:".to_owned()
    } else {
        format!(
            "{} Second Story windows did not close cleanly. Each one's unsaved work was autosaved. Restore one here; the others are offered again by the next window you open.",
            list.len()
        )
    });
    ui.add_space(8.0);
    for (i, r) in list.iter().enumerate() {
        ui.push_id(i, |ui| {
            ui.label(describe(r));
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    chosen = Chosen::Restore(i);
                }
                if ui
                    .button("Discard")
                    .on_hover_text("Deletes this autosaved copy")
                    .clicked()
                {
                    chosen = Chosen::Discard(i);
                }
            });
        });
        ui.add_space(4.0);
    }
    ui.separator();
    if ui
        .button("Decide later")
        .on_hover_text("Keeps the autosaved copies; the next start offers them again")
        .clicked()
    {
        chosen = Chosen::Later;
    }
    chosen
}

fn type_path_ui(ui: &mut Ui, purpose: &io::PathPurpose, path: &mut String, why: &str) -> Chosen {
    let mut chosen = Chosen::Nothing;
    ui.heading("The file dialog did not open");
    ui.label(why);
    ui.add_space(6.0);
    let label = ui.label(match purpose {
        io::PathPurpose::SaveSession { .. } => "Save the session to this path:",
        io::PathPurpose::Export { .. } => "Write the export to this path:",
        io::PathPurpose::OpenSession => "Open the session file at this path:",
        io::PathPurpose::OpenText { .. } => "Open the file at this path:",
    });
    let field = ui
        .add(egui::TextEdit::singleline(path).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    let ready = !path.trim().is_empty();
    // Before anything takes the keyboard back: Enter gives it up.
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    if !enter && ui.memory(|m| m.focused().is_none()) {
        field.request_focus();
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(ready, egui::Button::new(purpose.verb()))
            .clicked()
            || (enter && ready)
        {
            chosen = Chosen::UsePath;
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            chosen = Chosen::Close;
        }
    });
    chosen
}

fn read_only_ui(ui: &mut Ui, message: &str) -> Chosen {
    let mut chosen = Chosen::Nothing;
    ui.heading("The file is read-only");
    ui.label(message);
    ui.add_space(4.0);
    ui.label(RichText::new("Your work is still open and autosaved.").weak());
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Save as…").clicked() {
            chosen = Chosen::SaveAs;
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            chosen = Chosen::Close;
        }
    });
    chosen
}

fn forget_ui(ui: &mut Ui) -> Chosen {
    let mut chosen = Chosen::Nothing;
    ui.heading("Forget this browser's copy?");
    ui.label(
        "This browser's storage holds the open session as last autosaved (real names and off-the-record statements included, in plain text), words typed in the capture field, and your view settings. Forgetting removes all of it.",
    );
    ui.label(
        "The session stays open in this tab until you close or reload it: save (download) it first to keep it.",
    );
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Forget").clicked() {
            chosen = Chosen::Forget;
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            chosen = Chosen::Close;
        }
    });
    chosen
}
