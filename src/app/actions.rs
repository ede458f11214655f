//! Applying what the views emitted after each frame: commands go to the document
//! (and its undo history), actions run here (new, open, save, export, undo/redo,
//! switching workspace), asking first when unsaved work would be replaced.

use super::SecondStoryApp;
use super::prompts::Modal;
use crate::io;
use crate::model::export::SessionExport;
use crate::model::file::suggested_file_name;
use crate::ui::{self, Action, Outbox};

impl SecondStoryApp {
    /// Applies an outbox: commands first (typing merges into one undo step), then
    /// actions.
    pub(super) fn apply(&mut self, out: Outbox) {
        self.apply_frame(out, false);
    }

    /// Applies what a frame emitted. `field_undid`: the focused field undid (or redid)
    /// its own typing this frame, and that change joins the run of typing it undoes,
    /// whatever the time, so the session's undo does not bring the text back.
    pub(super) fn apply_frame(&mut self, out: Outbox, field_undid: bool) {
        if !out.commands.is_empty() || !out.actions.is_empty() {
            // Show the result at once (and lay out the new screen before the next click).
            if let Some(ctx) = &self.last_ctx {
                ctx.request_repaint();
            }
        }
        for (cmd, typing) in out.commands {
            let result = if typing && field_undid {
                // Any run is "recent enough" from minus infinity (see Document::apply_typing).
                self.doc.apply_typing(cmd, f64::NEG_INFINITY)
            } else if typing {
                self.doc.apply_typing(cmd, self.now)
            } else {
                self.doc.apply(cmd)
            };
            match result {
                Ok(()) => self.last_change_at = self.now,
                Err(e) => self.warn(e.to_string()),
            }
        }
        if field_undid {
            self.drop_undone_run();
        }
        for a in out.actions {
            self.handle_action(a, false);
        }
    }

    /// A run of typing undone in its field, all the way back, leaves an undo step that
    /// changes nothing: it goes, so the next Ctrl+Z undoes something the person sees.
    fn drop_undone_run(&mut self) {
        let mut probe = self.doc.clone();
        if probe.undo().is_none() {
            return;
        }
        let mut after = probe.session().clone();
        after.updated = self.doc.session().updated;
        if after == *self.doc.session() {
            self.doc.undo();
        }
    }

    /// Words typed in the capture field but not yet committed become a statement before
    /// anything replaces or closes the session; the unsaved-changes prompt then covers them.
    pub(super) fn commit_pending_draft(&mut self) {
        let mut out = Outbox::default();
        if ui::interviews::commit_pending_draft(
            self.doc.session(),
            &mut self.view,
            &mut ui::FrameCtx::new(&self.doc, &mut self.scratch),
            self.now,
            &mut out,
        ) {
            self.apply(out);
            self.notice("The statement you were typing was kept.");
        }
    }

    /// Actions that replace or close the session ask first when there are unsaved changes.
    pub(super) fn needs_confirmation(&self, action: &Action) -> bool {
        matches!(
            action,
            Action::New(_)
                | Action::Open
                | Action::OpenRecent(_)
                | Action::OpenExample
                | Action::Quit
        ) && self.doc.is_dirty()
    }

    /// Runs one action; `force` skips the unsaved-changes prompt (its answer was given).
    pub(super) fn handle_action(&mut self, action: Action, force: bool) {
        if !force
            && matches!(
                action,
                Action::New(_)
                    | Action::Open
                    | Action::OpenRecent(_)
                    | Action::OpenExample
                    | Action::Quit
            )
        {
            self.commit_pending_draft();
        }
        if !force && self.needs_confirmation(&action) {
            self.modal = Some(Modal::Unsaved { then: action });
            return;
        }
        match action {
            Action::New(kind) => self.new_session(kind),
            Action::Open if self.dialogs_off => self.dialogs_asked.push("open"),
            Action::Open => io::pick_session(self.io.sender()),
            Action::OpenRecent(path) => {
                #[cfg(not(target_arch = "wasm32"))]
                io::open_path(path, self.io.sender());
                // In the browser: a review of the library (its picked file).
                #[cfg(target_arch = "wasm32")]
                ui::library::open_on_web(&self.scratch.library, &path, self.io.sender());
            }
            Action::OpenExample => {
                self.stop_opening();
                self.handle_io(io::IoEvent::Opened {
                    name: crate::model::EXAMPLE_FILE_NAME.to_owned(),
                    location: io::Location::Unsaved,
                    bytes: Ok(crate::model::EXAMPLE_SESSION.as_bytes().to_vec()),
                });
            }
            Action::Save => self.save(false),
            Action::SaveAs => self.save(true),
            Action::ExportMarkdown { redact } => {
                self.export_in_background(".md", "md", SessionExport::Markdown { redact })
            }
            Action::ShareRedacted => {
                self.export_in_background("-redacted.story.ron", "ron", SessionExport::RedactedCopy)
            }
            Action::ExportCalibration { participant } => {
                let suffix = format!(
                    "-{}",
                    crate::model::calibration::file_name(self.doc.session(), participant)
                );
                self.export_in_background(&suffix, "md", SessionExport::Calibration { participant })
            }
            Action::Undo => match self.doc.undo() {
                Some(label) => self.notice(format!("Undid: {}", label.to_lowercase())),
                None => self.notice("Nothing to undo."),
            },
            Action::Redo => match self.doc.redo() {
                Some(label) => self.notice(format!("Redid: {}", label.to_lowercase())),
                None => self.notice("Nothing to redo."),
            },
            Action::Show(w) => {
                // Back in Interviews on the Capture tab, the next words go into the
                // capture field (they were lost when nothing had the focus).
                if w == ui::Workspace::Interviews
                    && self.view.workspace != w
                    && self.view.interviews.tab == ui::interviews::InterviewTab::Capture
                {
                    self.scratch.interviews.focus_capture = true;
                }
                self.view.workspace = w;
                self.show_start = false;
            }
            Action::CloseStart => self.show_start = false,
            Action::Quit => {
                self.allow_close = true;
                self.clear_autosave();
                self.autosave.flush();
                if let Some(ctx) = self.io_ctx() {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Action::ExportFile {
                file_name,
                extension,
                text,
            } => {
                self.exporting.push(file_name.clone());
                io::export_text(
                    self.io.sender(),
                    &file_name,
                    extension,
                    self.export_folder.clone(),
                    text,
                );
            }
            Action::PickText(_) if self.dialogs_off => self.dialogs_asked.push("pick text"),
            Action::PickText(purpose) => {
                let date = (purpose == io::TextPurpose::Paste).then(|| self.paste_date());
                io::pick_text(self.io.sender(), purpose, date);
            }
            Action::Import(request) => io::start_import(self.io.sender(), request),
            Action::MergeCopy => self.start_merge(),
            Action::ShowConflicts => self.merge.conflicts.open = true,
            Action::Notice(text) => self.notice(text),
            Action::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
        }
    }

    /// Builds a file from the session off the UI thread natively (large sessions take a
    /// while) and offers it under the session's name with `suffix`, showing progress
    /// until it is written, fails or the dialog is cancelled.
    pub(super) fn export_in_background(
        &mut self,
        suffix: &str,
        extension: &'static str,
        job: SessionExport,
    ) {
        let name = suggested_file_name(self.doc.session()).replace(".story.ron", suffix);
        self.exporting.push(name.clone());
        io::export_session(
            self.io.sender(),
            self.doc.session(),
            &name,
            extension,
            self.export_folder.clone(),
            job,
        );
    }

    /// The date the paste dialog reads times of day on (as the dialog works it out).
    pub(super) fn paste_date(&self) -> chrono::NaiveDate {
        self.scratch
            .timeline
            .paste
            .as_ref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d.date.trim(), "%Y-%m-%d").ok())
            .unwrap_or_else(|| ui::timeline::default_date(self.doc.session()))
    }

    /// The egui context of the last frame (closing the window, repaints).
    pub(super) fn io_ctx(&self) -> Option<egui::Context> {
        self.last_ctx.clone()
    }
}
