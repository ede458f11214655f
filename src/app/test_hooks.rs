//! Test hooks: public methods that let the integration tests, the benchmark binary
//! and the browser tests drive the app without a window and read what it shows. Only
//! with the `testing` feature (the tests and the bench turn it on; the shipped app,
//! native or web, does not have them).

use super::SecondStoryApp;
use super::prompts::Modal;
use crate::io::{self, Autosave, IoEvent, Location, MergeEvent};
use crate::model::{Document, Session};
use crate::ui::{self, Action, ViewState};
use egui::Ui;
use std::path::PathBuf;

impl SecondStoryApp {
    /// Creates the app with a given autosave and, like [`Self::new`], offers to
    /// restore what an earlier run left there (crash-recovery tests).
    pub fn start_with(autosave: Autosave) -> Self {
        let mut app = Self::with_autosave_inner(autosave);
        app.offer_recovery();
        app
    }

    /// Creates the app with a given autosave (tests use a temporary folder or none).
    pub fn with_autosave(autosave: Autosave) -> Self {
        Self::with_autosave_inner(autosave)
    }

    /// The open session.
    pub fn session(&self) -> &Session {
        self.doc.session()
    }

    /// The open document (session + history).
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Where the session is saved.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Sets where Save writes (tests, and `second-story FILE`).
    pub fn set_location(&mut self, location: Location) {
        self.location = location;
    }

    /// Whether the start screen is showing.
    pub fn showing_start(&self) -> bool {
        self.show_start
    }

    /// The error dialog's message, if one is open.
    pub fn error_message(&self) -> Option<&str> {
        match &self.modal {
            Some(Modal::Error { message, .. }) => Some(message),
            _ => None,
        }
    }

    /// Whether the unsaved-changes prompt is open.
    pub fn asking_about_unsaved(&self) -> bool {
        matches!(self.modal, Some(Modal::Unsaved { .. }))
    }

    /// Whether the restore-autosave prompt is open.
    pub fn offering_restore(&self) -> bool {
        matches!(self.modal, Some(Modal::Restore(_)))
    }

    /// Opens a session from bytes as if picked in the file dialog (tests, CLI).
    pub fn open_bytes(&mut self, name: &str, location: Location, bytes: Vec<u8>) {
        self.handle_io(IoEvent::Opened {
            name: name.to_owned(),
            location,
            bytes: Ok(bytes),
        });
    }

    /// Opens a session handed over in parts, as the browser's background worker does
    /// (tests): it is put together over the next frames.
    pub fn open_parts(
        &mut self,
        name: &str,
        location: Location,
        parts: Vec<Vec<u8>>,
        file_bytes: usize,
    ) {
        self.handle_io(IoEvent::Opening {
            name: name.to_owned(),
        });
        self.handle_io(IoEvent::Received {
            name: name.to_owned(),
            location,
            parts,
            file_bytes,
        });
    }

    /// Runs a file or app operation as the menus do (tests).
    pub fn perform(&mut self, action: Action) {
        self.handle_action(action, false);
    }

    /// Writes exports straight into `folder` under their suggested names instead of
    /// asking where (tests).
    pub fn set_export_folder(&mut self, folder: Option<PathBuf>) {
        self.export_folder = folder;
    }

    /// Holds background results (opened files, finished exports) until resumed, so
    /// tests can see the progress shown meanwhile.
    pub fn pause_background_results(&mut self, paused: bool) {
        self.io_paused = paused;
    }

    /// Shows no file dialogs (open, save as, pick a text file); each one that would
    /// have been shown is recorded instead (tests of shortcuts and menus).
    pub fn set_dialogs_off(&mut self, off: bool) {
        self.dialogs_off = off;
    }

    /// The dialogs that would have been shown since [`Self::set_dialogs_off`]: "open",
    /// "save as", "pick text".
    pub fn dialogs_asked(&self) -> &[&'static str] {
        &self.dialogs_asked
    }

    /// What the views show: workspace, selections, filters (tests).
    pub fn view(&self) -> &ViewState {
        &self.view
    }

    /// Whether the keyboard shortcuts window is open.
    pub fn showing_help(&self) -> bool {
        self.show_help
    }

    /// Whether the app has been told to close (Quit).
    pub fn quitting(&self) -> bool {
        self.allow_close
    }

    /// The latest notice in the status bar (tests).
    pub fn last_notice(&self) -> Option<&str> {
        self.notices.last().map(|n| n.text.as_str())
    }

    /// Waits until autosave writes are on disk (tests).
    pub fn flush_autosave(&self) {
        self.autosave.flush();
    }

    /// The Library workspace's state (tests and the benchmark: where its index cache
    /// goes, what it has read).
    pub fn library_mut(&mut self) -> ui::library::Lib<'_> {
        ui::library::Lib::new(&mut self.view.library, &mut self.scratch.library)
    }

    /// What the views use for the frame and forget on restart: zoom, selections on
    /// the canvas, the capture field's words (tests).
    pub fn scratch(&self) -> &ui::Scratch {
        &self.scratch
    }

    /// A compact JSON summary of what is on screen, for browser tests.
    pub fn test_state_json(&self) -> String {
        let s = self.doc.session();
        serde_json::json!({
            "title": s.title,
            "kind": s.kind.label(),
            "participants": s.participants.len(),
            "interviews": s.interviews.len(),
            "statements": s.statement_count(),
            "dirty": self.doc.is_dirty(),
            "start": self.show_start,
            "workspace": self.view.workspace.label(),
            "revision": self.doc.revision(),
            "error": self.error_message().unwrap_or(""),
            "warning": self.autosave.warning().unwrap_or_default(),
            "opening": self.opening.as_deref().unwrap_or_default(),
            "opening_shown": self.opening_shown.as_deref().unwrap_or_default(),
            "assembly_frames": self.last_assembly_frames,
            "worker_jobs": io::worker_jobs_done(),
            "importing": self.scratch.import.showing(),
            "conflicts": s.conflicts.len(),
            "merge_summary": self.merge_summary().unwrap_or_default(),
            "draft": self.scratch.interviews.draft,
            "modal": match &self.modal {
                None => "",
                Some(Modal::Unsaved { .. }) => "unsaved",
                Some(Modal::Restore(_)) => "restore",
                Some(Modal::TypePath { .. }) => "type path",
                Some(Modal::ReadOnly { .. }) => "read-only",
                Some(Modal::Forget) => "forget",
                Some(Modal::Error { .. }) => "error",
            },
            "typing": self.text_focus,
            "library": serde_json::from_str::<serde_json::Value>(
                &self.scratch.library.test_state_json(self.view.library.tab),
            )
                .unwrap_or_default(),
        })
        .to_string()
    }

    /// Merges a copy given as bytes, as if it had been picked (tests).
    pub fn merge_bytes(&mut self, name: &str, bytes: &[u8]) {
        let result = crate::model::file::from_bytes(bytes)
            .map(|l| Box::new(l.session))
            .map_err(|e| e.to_string());
        self.merge_event(MergeEvent::Read {
            name: name.to_owned(),
            result,
        });
    }

    /// Merges a copy handed over in parts, as the browser's worker does (tests).
    pub fn merge_parts(&mut self, name: &str, parts: Vec<Vec<u8>>) {
        self.merge_event(MergeEvent::Parts {
            name: name.to_owned(),
            parts,
        });
    }

    /// Whether a merge is waiting for the person's go-ahead (tests).
    pub fn merge_summary(&self) -> Option<&str> {
        self.merge.summary()
    }

    /// Whether the Conflicts window is open.
    pub fn showing_conflicts(&self) -> bool {
        self.merge.conflicts.open
    }

    /// Handles a background result as if it had just arrived (tests).
    pub fn receive(&mut self, event: IoEvent) {
        self.handle_io(event);
    }

    /// One frame of the whole app, as [`eframe::App::ui`] runs it, without a window.
    pub fn ui_root(&mut self, ui: &mut Ui) {
        self.frame(ui);
    }
}
