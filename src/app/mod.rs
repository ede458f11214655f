//! The application: owns the open document, runs the views, applies what they emit,
//! and handles files, autosave, shortcuts, undo/redo and the unsaved-changes prompts.
//!
//! The files of this folder, in the order a frame runs through them:
//! - `mod.rs` (here): the app's state, start-up, one frame, autosave and the title after it.
//! - `shortcuts.rs`: key presses → actions (the table is `ui::shortcuts`); field undo first.
//! - `menu.rs`: menu bar, status bar, navigation, and which view draws the centre.
//! - `prompts.rs`: the unsaved-changes prompt and error dialogs.
//! - `actions.rs`: applying the views' outbox: commands → document (undo), actions.
//! - `files.rs`: open, save, recent files, parts from the browser's worker, exports ending.
//! - `merge.rs`, `recovery.rs`: merging a colleague's copy; autosave and restore.
//! - `test_hooks.rs`: methods for tests and the bench (`testing` feature).

use crate::io::{self, Autosave, IoChannel, IoEvent, Location};
use crate::model::{Document, Session, transfer};
use crate::ui::shortcuts as keys;
use crate::ui::{self, Action, Outbox, ViewState};
use egui::Ui;
use std::path::PathBuf;

mod actions;
mod files;
mod menu;
mod merge;
mod prompts;
mod recovery;
mod shortcuts;
#[cfg(any(test, feature = "testing"))]
mod test_hooks;
#[cfg(test)]
mod tests;

use prompts::Modal;

/// How many recent files are remembered.
const RECENT_LIMIT: usize = 8;
/// Autosave this long after the last change (seconds).
const AUTOSAVE_DELAY: f64 = 1.5;
/// Info notices disappear after this long (seconds).
const NOTICE_SECS: f64 = 6.0;
/// How much of a session handed back in parts is decoded per frame: a few ms in the
/// browser, so the page keeps drawing and the progress moves.
pub const ASSEMBLY_BYTES_PER_FRAME: usize = 2 * 1024 * 1024;

/// A session handed back in parts by the browser's worker, being put together.
struct Assembling {
    name: String,
    location: Location,
    parts: std::vec::IntoIter<Vec<u8>>,
    total: usize,
    /// The parts' size and the file's, which autosave learns from.
    compact_bytes: usize,
    file_bytes: usize,
    assembler: transfer::Assembler,
    /// Frames spent so far.
    frames: usize,
}

impl Assembling {
    fn fraction_done(&self) -> f32 {
        1.0 - self.parts.len() as f32 / self.total.max(1) as f32
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoticeKind {
    Info,
    Warning,
}

#[derive(Clone, Debug)]
struct Notice {
    text: String,
    kind: NoticeKind,
    at: f64,
}

/// What is remembered between runs (native: app data folder; web: browser storage).
#[derive(Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct Persisted {
    recent: Vec<PathBuf>,
    view: ViewState,
}

/// The Second Story application.
pub struct SecondStoryApp {
    doc: Document,
    location: Location,
    /// What the views remember between runs (tabs, selections, filters).
    view: ViewState,
    /// What the views use for the frame and forget on restart (caches, dialogs,
    /// text being typed, jobs); made fresh on start.
    scratch: ui::Scratch,
    show_start: bool,
    io: IoChannel,
    autosave: Autosave,
    autosaved_revision: u64,
    /// Whether this window's autosave holds the session (natively it is cleared on
    /// save, and written again for unsaved changes or uncommitted capture words).
    session_stored: bool,
    /// The uncommitted capture words last autosaved, those seen last frame, and
    /// when they last changed.
    autosaved_draft: Option<io::CaptureDraft>,
    draft_seen: Option<io::CaptureDraft>,
    draft_changed_at: f64,
    /// The browser's copy was just forgotten: nothing is written to browser storage
    /// until the next change.
    forgotten: bool,
    /// Whether a text field had the keyboard at the end of the last frame (browser
    /// tests type only then).
    #[cfg(any(test, feature = "testing"))]
    text_focus: bool,
    last_change_at: f64,
    notices: Vec<Notice>,
    modal: Option<Modal>,
    recent: Vec<PathBuf>,
    /// What to do once a Save (started from the unsaved-changes prompt) completes.
    after_save: Option<Action>,
    /// The egui context, for closing the window from an action.
    last_ctx: Option<egui::Context>,
    /// A file being opened in the background, for the progress indicator.
    opening: Option<String>,
    /// The last "Opening …" progress drawn in the status bar (browser tests check
    /// that progress was on screen before a file was parsed).
    opening_shown: Option<String>,
    /// A session handed back in parts (browser worker), put together a few per frame.
    assembling: Option<Assembling>,
    /// Over how many frames the last session handed back in parts was put together
    /// (browser tests check that opening went through the worker).
    last_assembly_frames: usize,
    /// Exports being built and written in the background (file names), for the
    /// progress indicator.
    exporting: Vec<String>,
    /// Exports go straight to this folder instead of a save dialog (tests).
    export_folder: Option<PathBuf>,
    /// Background results wait in the channel (tests: to see progress states).
    io_paused: bool,
    allow_close: bool,
    last_title: String,
    now: f64,
    /// Merging a colleague's copy, and the Conflicts list.
    merge: merge::MergeState,
    /// The keyboard shortcuts window is open (F1).
    show_help: bool,
    /// An undo or redo key pressed in a text field, waiting to see if the field acts.
    undo_probe: Option<ui::focus::UndoProbe>,
    /// File dialogs are not shown; what would have asked is recorded (tests).
    dialogs_off: bool,
    /// Dialogs that would have been shown with `dialogs_off` (tests).
    dialogs_asked: Vec<&'static str>,
    /// Background results held for the next frame, so "Opening …" is drawn first.
    held_io: Vec<IoEvent>,
}

const STORAGE_KEY: &str = "second-story.app";

impl SecondStoryApp {
    /// Creates the app for eframe: restores preferences and offers to recover
    /// unsaved work, or opens `file` when one was given on the command line.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let persisted: Persisted = cc
            .storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default();
        let mut app = Self::with_autosave_inner(Autosave::default());
        app.recent = persisted.recent;
        app.view = persisted.view;
        app.io.set_context(&cc.egui_ctx);
        app.autosave.set_context(&cc.egui_ctx);
        app.offer_recovery();
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(path) = file {
            // In the background like any open, so a large file shows progress.
            io::open_path(path, app.io.sender());
        }
        #[cfg(target_arch = "wasm32")]
        let _ = file;
        app
    }

    /// Unsaved work autosaved by a run that did not close cleanly: ask whether to
    /// restore it (native), or simply bring it back (a browser reload).
    /// Natively each window that is gone is offered (a running window's autosave
    /// never is).
    fn offer_recovery(&mut self) {
        let mut recovered = self.autosave.recoverable();
        if cfg!(target_arch = "wasm32") {
            if !recovered.is_empty() {
                self.restore(recovered.remove(0));
            }
        } else if !recovered.is_empty() {
            self.modal = Some(Modal::Restore(recovered));
        }
    }

    /// The app with a given autosave, nothing offered yet.
    fn with_autosave_inner(autosave: Autosave) -> Self {
        let doc = Document::new(Session::default());
        Self {
            // The empty start-up session is never autosaved.
            autosaved_revision: doc.revision(),
            doc,
            location: Location::Unsaved,
            view: ViewState::default(),
            scratch: ui::Scratch::default(),
            show_start: true,
            io: IoChannel::default(),
            autosave,
            session_stored: false,
            autosaved_draft: None,
            draft_seen: None,
            draft_changed_at: 0.0,
            forgotten: false,
            #[cfg(any(test, feature = "testing"))]
            text_focus: false,
            last_change_at: 0.0,
            notices: Vec::new(),
            modal: None,
            recent: Vec::new(),
            after_save: None,
            last_ctx: None,
            opening: None,
            opening_shown: None,
            assembling: None,
            last_assembly_frames: 0,
            exporting: Vec::new(),
            export_folder: None,
            io_paused: false,
            allow_close: false,
            last_title: String::new(),
            now: 0.0,
            merge: merge::MergeState::default(),
            show_help: false,
            undo_probe: None,
            dialogs_off: false,
            dialogs_asked: Vec::new(),
            held_io: Vec::new(),
        }
    }

    /// One frame of the whole app (tests and the bench run it through
    /// `ui_root`, a test hook, without a window).
    fn frame(&mut self, ui: &mut Ui) {
        self.now = ui.input(|i| i.time);
        if !self.io_paused {
            self.handle_background_results(ui.ctx());
        }
        self.assemble_some(ui.ctx());
        self.merge_frame(ui.ctx());
        let session_path = match &self.location {
            Location::Path(p) => Some(p.as_path()),
            _ => None,
        };
        if let Some(message) = self.scratch.lint_rules.sync(ui.ctx(), session_path) {
            self.warn(message);
        }
        let mut out = Outbox::default();
        ui::focus::begin_frame(ui.ctx());
        self.shortcuts(ui, &mut out);
        self.menu_bar(ui, &mut out);
        self.status_bar(ui, &mut out);
        if self.show_start {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                let recent: &[PathBuf] = if io::HAS_RECENT_FILES {
                    &self.recent
                } else {
                    &[]
                };
                ui::start::start_ui(ui, recent, self.has_content(), &mut out);
            });
        } else {
            self.navigation(ui, &mut out);
            egui::CentralPanel::default_margins().show(ui, |ui| self.workspace_ui(ui, &mut out));
            let cx = &mut ui::FrameCtx::new(&self.doc, &mut self.scratch);
            ui::timeline::search_ui(ui, self.doc.session(), &mut self.view, cx);
            ui::transcript_import::dialogs_ui(ui, self.doc.session(), &mut self.view, cx, &mut out);
        }
        if self.show_help {
            keys::help_window(ui.ctx(), &mut self.show_help);
        }
        let had_modal = self.modal.is_some();
        self.modal_ui(ui, &mut out);
        if had_modal && self.modal.is_none() && self.view.workspace == ui::Workspace::Interviews {
            // A dialog took the keyboard; words typed after it closes go where they were
            // going (they went nowhere after a typed-path Save).
            self.scratch.interviews.focus_capture = true;
        }
        self.merge_ui(ui, &mut out);
        let field_undid = self.finish_field_undo(ui.ctx(), &mut out);
        self.apply_frame(out, field_undid);
        self.after_frame(ui);
    }

    fn has_content(&self) -> bool {
        let s = self.doc.session();
        self.doc.is_dirty()
            || !s.title.is_empty()
            || !s.participants.is_empty()
            || self.location != Location::Unsaved
    }

    /// A short message in the status bar that goes after a few seconds.
    fn notice(&mut self, text: impl Into<String>) {
        self.notices.push(Notice {
            text: text.into(),
            kind: NoticeKind::Info,
            at: self.now,
        });
        if self.notices.len() > 20 {
            self.notices.remove(0);
        }
    }

    /// A warning in the status bar that stays until dismissed.
    fn warn(&mut self, text: impl Into<String>) {
        self.notices.push(Notice {
            text: text.into(),
            kind: NoticeKind::Warning,
            at: self.now,
        });
    }

    /// After the views and the outbox: the window title, autosave, closing.
    fn after_frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.last_ctx = Some(ctx.clone());
        // Window / tab title: session title and an unsaved marker.
        let title = format!(
            "{}{} — Second Story",
            if self.doc.is_dirty() { "● " } else { "" },
            self.doc.session().display_title()
        );
        if title != self.last_title {
            io::set_title(&ctx, &title);
            self.last_title = title;
        }
        // Autosave unsaved work and uncommitted capture words shortly after the last change.
        self.autosave_after_frame(&ctx);
        // Quitting with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            self.commit_pending_draft();
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved { then: Action::Quit });
            } else {
                self.clear_autosave();
                self.autosave.flush();
            }
        }
        // The browser tests read what the app shows through this (`testing` only).
        #[cfg(all(target_arch = "wasm32", feature = "testing"))]
        {
            self.text_focus = ctx.egui_wants_keyboard_input();
            io::publish_test_state(self.test_state_json());
        }
    }
}

impl eframe::App for SecondStoryApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    /// The page's leave and hide events reach the app through this (web).
    #[cfg(target_arch = "wasm32")]
    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        Some(&mut *self)
    }

    /// Nothing is written to browser storage just after it was forgotten.
    fn persist_egui_memory(&self) -> bool {
        !self.forgotten
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.forgotten {
            return;
        }
        let p = Persisted {
            recent: self.recent.clone(),
            view: std::mem::take(&mut self.view),
        };
        eframe::set_value(storage, STORAGE_KEY, &p);
        self.view = p.view;
        // On the web this also runs when the page unloads: store a change that is
        // still waiting for the autosave delay, so a quick reload loses nothing.
        #[cfg(target_arch = "wasm32")]
        if self.doc.revision() != self.autosaved_revision {
            self.autosave
                .store_session(self.doc.session(), &self.location, self.doc.is_dirty());
            self.autosaved_revision = self.doc.revision();
        }
    }
}
