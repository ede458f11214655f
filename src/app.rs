//! The application: owns the open document, runs the views, applies what they emit,
//! and handles files, autosave, shortcuts, undo/redo and the unsaved-changes prompts.

use crate::io::{self, Autosave, IoChannel, IoEvent, Location, SaveOutcome};
use crate::model::export::SessionExport;
use crate::model::file::{self, suggested_file_name};
use crate::model::{Document, Session, SessionKind, transfer};
use crate::ui::shortcuts as keys;
use crate::ui::{self, Action, Outbox, ViewState, Workspace};
use egui::{Key, RichText, Ui};
use std::path::PathBuf;

mod merge;
mod recovery;

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

/// A dialog that needs an answer before anything else happens.
#[derive(Debug)]
enum Modal {
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
    view: ViewState,
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
        let mut app = Self::with_autosave(Autosave::default());
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

    /// Creates the app with a given autosave and, like [`Self::new`], offers to
    /// restore what an earlier run left there (crash-recovery tests).
    pub fn start_with(autosave: Autosave) -> Self {
        let mut app = Self::with_autosave(autosave);
        app.offer_recovery();
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

    /// Creates the app with a given autosave (tests use a temporary folder or none).
    pub fn with_autosave(autosave: Autosave) -> Self {
        let doc = Document::new(Session::default());
        Self {
            // The empty start-up session is never autosaved.
            autosaved_revision: doc.revision(),
            doc,
            location: Location::Unsaved,
            view: ViewState::default(),
            show_start: true,
            io: IoChannel::default(),
            autosave,
            session_stored: false,
            autosaved_draft: None,
            draft_seen: None,
            draft_changed_at: 0.0,
            forgotten: false,
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
    pub fn library_mut(&mut self) -> &mut ui::library::LibraryView {
        &mut self.view.library
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
            "importing": self.view.import.showing(),
            "conflicts": s.conflicts.len(),
            "merge_summary": self.merge_summary().unwrap_or_default(),
            "draft": self.view.interviews.draft,
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
            "library": serde_json::from_str::<serde_json::Value>(&self.view.library.test_state_json())
                .unwrap_or_default(),
        })
        .to_string()
    }

    /// One frame of the whole app. Kept separate from [`eframe::App::ui`] so tests
    /// can drive it without a window.
    pub fn ui_root(&mut self, ui: &mut Ui) {
        self.now = ui.input(|i| i.time);
        if !self.io_paused {
            self.handle_background_results(ui.ctx());
        }
        self.assemble_some(ui.ctx());
        self.merge_frame(ui.ctx());
        self.view.revision = self.doc.revision();
        self.view.sources_revision = self.doc.sources_revision();
        self.view.section_revisions = self.doc.section_revisions().clone();
        let session_path = match &self.location {
            Location::Path(p) => Some(p.as_path()),
            _ => None,
        };
        if let Some(message) = self.view.lint_rules.sync(ui.ctx(), session_path) {
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
            ui::timeline::search_ui(ui, self.doc.session(), &mut self.view);
            ui::transcript_import::dialogs_ui(ui, self.doc.session(), &mut self.view, &mut out);
        }
        if self.show_help {
            keys::help_window(ui.ctx(), &mut self.show_help);
        }
        self.modal_ui(ui, &mut out);
        self.merge_ui(ui, &mut out);
        let field_undid = self.finish_field_undo(ui.ctx(), &mut out);
        self.apply_frame(out, field_undid);
        self.after_frame(ui);
    }

    /// Results from the background, in order. After "Opening NAME" the rest waits for
    /// the next frame: the progress is drawn at least once, however fast the file was
    /// read (a small file used to open within the frame, and browser tests that look
    /// for the progress failed one run in four).
    fn handle_background_results(&mut self, ctx: &egui::Context) {
        let mut events = std::mem::take(&mut self.held_io);
        events.extend(self.io.poll());
        let mut events = events.into_iter();
        while let Some(e) = events.next() {
            let opening = matches!(e, IoEvent::Opening { .. });
            self.handle_io(e);
            if opening {
                self.held_io = events.collect();
                if !self.held_io.is_empty() {
                    ctx.request_repaint();
                }
                return;
            }
        }
    }

    fn has_content(&self) -> bool {
        let s = self.doc.session();
        self.doc.is_dirty()
            || !s.title.is_empty()
            || !s.participants.is_empty()
            || self.location != Location::Unsaved
    }

    /// Shortcuts that work everywhere (see [`keys::ALL`]), matched with exact modifiers.
    /// Undo and redo in a text field go to the field first ([`ui::focus::UndoProbe`]).
    fn shortcuts(&mut self, ui: &mut Ui, out: &mut Outbox) {
        self.undo_probe = None;
        if self.modal.is_some() {
            return;
        }
        let ctx = ui.ctx().clone();
        // In a text field the field tries first; the key stays in the input for it.
        self.undo_probe = match (ui::focus::focused_field(&ctx), ui::focus::undo_key(&ctx)) {
            (Some(field), Some(redo)) => Some(ui::focus::UndoProbe::new(&ctx, field, redo)),
            _ => None,
        };
        let field_first = self.undo_probe.is_some();
        ui.input_mut(|i| {
            if keys::SAVE_AS.consume(i) {
                out.action(Action::SaveAs);
            }
            if keys::SAVE.consume(i) {
                out.action(Action::Save);
            }
            if keys::OPEN.consume(i) {
                out.action(Action::Open);
            }
            if keys::NEW.consume(i) {
                // The start screen, where the kind of study is chosen (showing a
                // workspace here would close it again at once).
                self.show_start = true;
            }
            if !field_first && keys::REDO.consume(i) {
                out.action(Action::Redo);
            }
            if !field_first && keys::UNDO.consume(i) {
                out.action(Action::Undo);
            }
            if keys::QUIT.consume(i) {
                out.action(Action::Quit);
            }
            if keys::EXPORT.consume(i) {
                out.action(Action::ExportMarkdown {
                    redact: self.view.redact(),
                });
            }
            if let Some(n) = keys::WORKSPACES.consume_index(i)
                && let Some(w) = Workspace::ALL.get(n)
            {
                out.action(Action::Show(*w));
            }
            if keys::HELP.consume(i) {
                self.show_help = !self.show_help;
            }
        });
    }

    /// After the views: an undo or redo the focused field did not act on goes to the
    /// session. Returns whether the field acted (its typing then joins the run it undid).
    fn finish_field_undo(&mut self, ctx: &egui::Context, out: &mut Outbox) -> bool {
        let Some(probe) = self.undo_probe.take() else {
            return false;
        };
        let redo = ui::focus::undo_key(ctx) == Some(true);
        ctx.input_mut(|i| {
            keys::UNDO.consume(i);
            keys::REDO.consume(i);
        });
        if probe.field_acted(ctx) {
            return true;
        }
        out.action(if redo { Action::Redo } else { Action::Undo });
        // The session may change the field's text: its own history starts again.
        ui::focus::clear_undo_history(ctx, probe.field());
        false
    }

    fn menu_bar(&mut self, ui: &mut Ui, out: &mut Outbox) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    if ui
                        .add(egui::Button::new("New…").shortcut_text(keys::NEW.first_key_text()))
                        .clicked()
                    {
                        self.show_start = true;
                    }
                    if ui
                        .add(egui::Button::new("Open…").shortcut_text(keys::OPEN.first_key_text()))
                        .clicked()
                    {
                        out.action(Action::Open);
                    }
                    if io::HAS_RECENT_FILES {
                        ui.add_enabled_ui(!self.recent.is_empty(), |ui| {
                            ui.menu_button("Open recent", |ui| {
                                for p in &self.recent {
                                    if ui.button(p.display().to_string()).clicked() {
                                        out.action(Action::OpenRecent(p.clone()));
                                    }
                                }
                            });
                        });
                    }
                    if ui.button("Open example").clicked() {
                        out.action(Action::OpenExample);
                    }
                    if ui.button("Merge a colleague's copy…").clicked() {
                        out.action(Action::MergeCopy);
                    }
                    let conflicts = self.doc.session().conflicts.len();
                    if conflicts > 0 && ui.button(format!("Conflicts ({conflicts})…")).clicked() {
                        out.action(Action::ShowConflicts);
                    }
                    ui.separator();
                    let save_label = if cfg!(target_arch = "wasm32") {
                        "Save (download)"
                    } else {
                        "Save"
                    };
                    if ui
                        .add(
                            egui::Button::new(save_label)
                                .shortcut_text(keys::SAVE.first_key_text()),
                        )
                        .clicked()
                    {
                        out.action(Action::Save);
                    }
                    if !cfg!(target_arch = "wasm32")
                        && ui
                            .add(
                                egui::Button::new("Save as…")
                                    .shortcut_text(keys::SAVE_AS.first_key_text()),
                            )
                            .clicked()
                    {
                        out.action(Action::SaveAs);
                    }
                    ui.separator();
                    if ui
                        .add(
                            egui::Button::new("Export Markdown…")
                                .shortcut_text(keys::EXPORT.first_key_text()),
                        )
                        .clicked()
                    {
                        out.action(Action::ExportMarkdown {
                            redact: self.view.redact(),
                        });
                    }
                    if ui.button("Share redacted copy…").clicked() {
                        out.action(Action::ShareRedacted);
                    }
                    ui::calibration::menu_entries(ui, self.doc.session(), out);
                    if !cfg!(target_arch = "wasm32") {
                        ui.separator();
                        if ui
                            .add(
                                egui::Button::new("Quit")
                                    .shortcut_text(keys::QUIT.first_key_text()),
                            )
                            .clicked()
                        {
                            out.action(Action::Quit);
                        }
                    }
                });
                ui.menu_button("Edit", |ui| {
                    let undo = self
                        .doc
                        .undo_label()
                        .map(|l| format!("Undo {}", l.to_lowercase()));
                    if ui
                        .add_enabled(
                            undo.is_some(),
                            egui::Button::new(undo.unwrap_or_else(|| "Undo".into()))
                                .shortcut_text(keys::UNDO.first_key_text()),
                        )
                        .clicked()
                    {
                        out.action(Action::Undo);
                    }
                    let redo = self
                        .doc
                        .redo_label()
                        .map(|l| format!("Redo {}", l.to_lowercase()));
                    if ui
                        .add_enabled(
                            redo.is_some(),
                            egui::Button::new(redo.unwrap_or_else(|| "Redo".into()))
                                .shortcut_text(keys::REDO.first_key_text()),
                        )
                        .clicked()
                    {
                        out.action(Action::Redo);
                    }
                });
                ui.menu_button("View", |ui| {
                    for (w, sc) in Workspace::ALL.iter().zip(keys::WORKSPACES.keys) {
                        if ui
                            .add(egui::Button::new(w.label()).shortcut_text(keys::key_text(sc)))
                            .clicked()
                        {
                            out.action(Action::Show(*w));
                        }
                    }
                    ui.separator();
                    crate::ui::widgets::theme_menu_entries(ui);
                });
                ui.menu_button("Help", |ui| {
                    if ui
                        .add(
                            egui::Button::new("Keyboard shortcuts")
                                .shortcut_text(keys::HELP.first_key_text()),
                        )
                        .clicked()
                    {
                        self.show_help = true;
                    }
                    ui::widgets::screen_reader_toggle(ui);
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    crate::ui::widgets::theme_picker(ui);
                    ui.separator();
                    let s = self.doc.session();
                    if !self.show_start {
                        ui.label(RichText::new(s.kind.label()).weak());
                        // A long title is cut with an ellipsis; the whole of it on hover.
                        let title = s.display_title();
                        ui.add(egui::Label::new(RichText::new(title).strong()).truncate())
                            .on_hover_text(title);
                    }
                });
            });
        });
    }

    fn status_bar(&mut self, ui: &mut Ui, out: &mut Outbox) {
        let warning = self.autosave.warning();
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                let name = self
                    .location
                    .file_name()
                    .unwrap_or_else(|| "Not saved yet".into());
                ui.label(RichText::new(name).small());
                if self.doc.is_dirty() {
                    ui.label(
                        RichText::new("• unsaved changes")
                            .small()
                            .color(ui.visuals().warn_fg_color),
                    )
                    .on_hover_text("Autosaved for recovery; press Ctrl+S to save the file");
                }
                if let Some(name) = &self.opening {
                    ui.separator();
                    ui.spinner();
                    let progress = match &self.assembling {
                        Some(a) => format!(" {:.0}%", 100.0 * a.fraction_done()),
                        None => String::new(),
                    };
                    ui.label(RichText::new(format!("Opening {name}…{progress}")).small());
                    self.opening_shown = Some(name.clone());
                }
                if let Some(name) = self.exporting.last() {
                    ui.separator();
                    ui.spinner();
                    ui.label(RichText::new(format!("Exporting {name}…")).small())
                        .on_hover_text("Building the file and writing it where you choose");
                }
                self.merge_status(ui);
                if let Some(w) = &warning {
                    ui.label(
                        RichText::new(format!("⚠ {w}"))
                            .small()
                            .color(ui.visuals().error_fg_color),
                    );
                }
                let now = self.now;
                if let Some((i, n)) = self
                    .notices
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, n)| n.kind == NoticeKind::Warning || now - n.at < NOTICE_SECS)
                {
                    ui.separator();
                    let color = match n.kind {
                        NoticeKind::Info => ui.visuals().text_color(),
                        NoticeKind::Warning => ui.visuals().warn_fg_color,
                    };
                    ui.label(RichText::new(&n.text).small().color(color));
                    if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                        out.action(Action::DismissNotice(i));
                    }
                }
                if cfg!(target_arch = "wasm32") {
                    self.forget_button(ui);
                }
            });
        });
    }

    fn navigation(&mut self, ui: &mut Ui, out: &mut Outbox) {
        egui::Panel::left("navigation")
            .resizable(false)
            .exact_size(176.0)
            .show(ui, |ui| {
                ui.add_space(8.0);
                for (n, w) in Workspace::ALL.iter().enumerate() {
                    let selected = self.view.workspace == *w;
                    let text = RichText::new(w.label()).size(15.0);
                    let r = ui
                        .add_sized(
                            [ui.available_width(), 30.0],
                            egui::Button::selectable(selected, text),
                        )
                        .on_hover_text(format!("{} (Ctrl+{})", w.hint(), n + 1));
                    if r.clicked() {
                        out.action(Action::Show(*w));
                    }
                }
            });
    }

    fn workspace_ui(&mut self, ui: &mut Ui, out: &mut Outbox) {
        let session = self.doc.session();
        match self.view.workspace {
            Workspace::Overview => ui::overview::overview_ui(ui, session, out),
            Workspace::Participants => {
                ui::participants::participants_ui(ui, session, &mut self.view, out)
            }
            Workspace::Narrative => ui::narrative::narrative_ui(ui, session, &mut self.view, out),
            Workspace::Export => ui::export::export_ui(ui, session, &mut self.view, out),
            Workspace::Map => ui::map::map_ui(ui, session, &mut self.view, out),
            Workspace::Interviews => {
                ui::interviews::interviews_ui(ui, session, &mut self.view, out)
            }
            Workspace::Timeline => ui::timeline::timeline_ui(ui, session, &mut self.view, out),
            Workspace::Library => ui::library::library_ui(ui, session, &mut self.view, out),
        }
    }

    fn modal_ui(&mut self, ui: &mut Ui, out: &mut Outbox) {
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

    fn apply(&mut self, out: Outbox) {
        self.apply_frame(out, false);
    }

    /// Applies what a frame emitted. `field_undid`: the focused field undid (or redid)
    /// its own typing this frame, and that change joins the run of typing it undoes,
    /// whatever the time, so the session's undo does not bring the text back.
    fn apply_frame(&mut self, out: Outbox, field_undid: bool) {
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
    fn commit_pending_draft(&mut self) {
        let mut out = Outbox::default();
        if ui::interviews::commit_pending_draft(
            self.doc.session(),
            &mut self.view,
            self.now,
            &mut out,
        ) {
            self.apply(out);
            self.notice("The statement you were typing was kept.");
        }
    }

    /// Actions that replace or close the session ask first when there are unsaved changes.
    fn needs_confirmation(&self, action: &Action) -> bool {
        matches!(
            action,
            Action::New(_)
                | Action::Open
                | Action::OpenRecent(_)
                | Action::OpenExample
                | Action::Quit
        ) && self.doc.is_dirty()
    }

    fn handle_action(&mut self, action: Action, force: bool) {
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
                ui::library::open_on_web(&self.view.library, &path, self.io.sender());
            }
            Action::OpenExample => {
                self.stop_opening();
                self.open_bytes(
                    crate::model::EXAMPLE_FILE_NAME,
                    Location::Unsaved,
                    crate::model::EXAMPLE_SESSION.as_bytes().to_vec(),
                );
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
    fn export_in_background(&mut self, suffix: &str, extension: &'static str, job: SessionExport) {
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
    fn paste_date(&self) -> chrono::NaiveDate {
        self.view
            .timeline
            .paste
            .as_ref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d.date.trim(), "%Y-%m-%d").ok())
            .unwrap_or_else(|| ui::timeline::default_date(self.doc.session()))
    }

    fn io_ctx(&self) -> Option<egui::Context> {
        self.last_ctx.clone()
    }

    /// A file still being opened in the background would replace the session the person
    /// has just chosen instead (and whatever they typed into it since): it is dropped
    /// when it arrives.
    fn stop_opening(&mut self) {
        if let Some(name) = self.opening.take() {
            self.assembling = None;
            self.notice(format!("Stopped opening {name}."));
        }
    }

    /// Whether a file arriving from the background is no longer the one being opened
    /// (the person opened another, or started a session meanwhile: `stop_opening`).
    fn superseded(&self, name: &str) -> bool {
        self.opening.as_deref() != Some(name)
    }

    fn new_session(&mut self, kind: SessionKind) {
        self.stop_opening();
        self.doc = Document::new(Session::new("", kind));
        self.location = Location::Unsaved;
        self.clear_autosave();
        self.show_start = false;
        self.view.workspace = Workspace::Overview;
        self.view.selected_participant = None;
        self.view.selected_interview = None;
        self.autosave_replaced();
    }

    fn save(&mut self, save_as: bool) {
        if self.dialogs_off && (save_as || self.location == Location::Unsaved) {
            self.dialogs_asked.push("save as");
            return;
        }
        let text = match file::to_ron_string(self.doc.session()) {
            Ok(t) => t,
            Err(e) => return self.error("Could not save", e.to_string()),
        };
        let name = suggested_file_name(self.doc.session());
        let state = self.doc.state_id();
        match io::save_session(&self.location, &name, text, save_as, self.io.sender()) {
            SaveOutcome::Saved(location) => self.saved(location, state),
            SaveOutcome::Pending => {}
            SaveOutcome::Failed(failure) => self.save_failed(failure),
        }
    }

    fn saved(&mut self, location: Location, state: u64) {
        self.doc.mark_saved_as(state);
        if let Location::Path(p) = &location {
            self.remember_recent(p.clone());
        }
        let name = location.file_name().unwrap_or_default();
        self.location = location;
        if !self.doc.is_dirty() {
            self.clear_autosave();
            self.autosave_replaced();
        }
        self.notice(if cfg!(target_arch = "wasm32") {
            format!("Downloaded {name}.")
        } else {
            format!("Saved {name}.")
        });
        if let Some(next) = self.after_save.take() {
            self.handle_action(next, true);
        }
    }

    /// The open session was replaced or saved: natively there is no unsaved work to
    /// autosave; in the browser the stored copy must now follow the new session.
    fn autosave_replaced(&mut self) {
        // No reason to wait: this is not a run of typing.
        self.last_change_at = f64::NEG_INFINITY;
        self.autosaved_revision = if io::AUTOSAVE_KEEPS_CURRENT {
            u64::MAX
        } else {
            self.doc.revision()
        };
    }

    fn remember_recent(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }

    fn handle_io(&mut self, event: IoEvent) {
        match event {
            IoEvent::Opened {
                name,
                location,
                bytes,
            } => {
                let loaded = bytes.and_then(|b| file::from_bytes(&b).map_err(|e| e.to_string()));
                self.opened(name, location, loaded);
            }
            IoEvent::Opening { name } => {
                // A newer pick replaces a session still being put together.
                self.assembling = None;
                self.opening = Some(name);
                self.opening_shown = None;
            }
            IoEvent::Received {
                name,
                location,
                parts,
                file_bytes,
            } => {
                if self.superseded(&name) {
                    return;
                }
                self.assembling = Some(Assembling {
                    total: parts.len(),
                    compact_bytes: parts.iter().map(Vec::len).sum(),
                    file_bytes,
                    parts: parts.into_iter(),
                    name,
                    location,
                    assembler: transfer::Assembler::default(),
                    frames: 0,
                });
            }
            IoEvent::Loaded {
                name,
                location,
                result,
            } => {
                if self.superseded(&name) {
                    return;
                }
                self.opening = None;
                self.opened(name, location, result.map(|l| *l));
            }
            IoEvent::SaveSessionTo(path) => {
                let result = file::to_ron_string(self.doc.session())
                    .map_err(|e| io::SaveFailure::from(e.to_string()))
                    .and_then(|text| io::write_session(&path, &text));
                match result {
                    // What was written is the current state, whatever it was when the dialog opened.
                    Ok(()) => self.saved(Location::Path(path), self.doc.state_id()),
                    Err(failure) => self.save_failed(failure),
                }
            }
            IoEvent::DialogFailed { purpose, why } => {
                self.modal = Some(Modal::TypePath {
                    path: purpose.suggested(),
                    purpose,
                    why,
                });
            }
            IoEvent::Exported(result) => {
                self.export_finished();
                match result {
                    Ok(where_) => self.notice(format!("Exported {where_}.")),
                    Err(e) => self.error("Could not export", e),
                }
            }
            IoEvent::ExportCancelled => self.export_finished(),
            IoEvent::Merge(e) => self.merge_event(e),
            IoEvent::OpenedText {
                purpose,
                name,
                text,
                preview,
            } => {
                self.opening = None;
                self.opened_text(purpose, name, text, preview);
            }
            IoEvent::Importing { name } => ui::transcript_import::reading(&mut self.view, name),
            IoEvent::Imported { name, result } => {
                let session = self.doc.session();
                if let Err(e) =
                    ui::transcript_import::arrived(&mut self.view, session, name.clone(), result)
                {
                    self.error(&format!("Could not import {name}"), e);
                }
            }
        }
    }

    /// One background export ended (written, failed or cancelled).
    fn export_finished(&mut self) {
        if !self.exporting.is_empty() {
            self.exporting.remove(0);
        }
    }

    /// A file was read (and checked): replace the session, or say what is wrong and
    /// leave the open session as it was.
    fn opened(&mut self, name: String, location: Location, loaded: Result<file::Loaded, String>) {
        match loaded {
            Ok(loaded) => {
                let migrated = loaded.was_migrated();
                self.doc = Document::new(loaded.session);
                if let Location::Path(p) = &location {
                    self.remember_recent(p.clone());
                }
                self.location = location;
                self.clear_autosave();
                self.autosave_replaced();
                self.show_start = false;
                self.view.selected_participant = None;
                self.view.selected_interview = None;
                if migrated {
                    self.notice(format!(
                        "{name} was written by an older Second Story and has been upgraded; saving writes the new format."
                    ));
                } else {
                    self.notice(format!("Opened {name}."));
                }
            }
            Err(message) => self.error(&format!("Could not open {name}"), message),
        }
    }

    /// Takes the next parts of a session handed back in parts, about
    /// [`ASSEMBLY_BYTES_PER_FRAME`] per frame, and opens it once all are in. The open
    /// session is replaced only then, and not at all if a part is damaged.
    fn assemble_some(&mut self, ctx: &egui::Context) {
        let Some(a) = &mut self.assembling else {
            return;
        };
        // "Opening …" is on screen for a frame before the session replaces it: a small
        // file could otherwise be put together in the frame it arrives, unseen.
        if self.opening_shown.as_deref() != Some(a.name.as_str()) {
            ctx.request_repaint();
            return;
        }
        a.frames += 1;
        let mut taken = 0;
        while taken < ASSEMBLY_BYTES_PER_FRAME {
            let Some(part) = a.parts.next() else {
                break;
            };
            taken += part.len();
            if let Err(e) = a.assembler.take(&part) {
                return self.assembled(Err(e.to_string()));
            }
        }
        if a.parts.len() == 0 {
            let result = std::mem::take(&mut a.assembler)
                .finish()
                .map_err(|e| e.to_string());
            self.assembled(result);
        } else {
            ctx.request_repaint();
        }
    }

    fn assembled(&mut self, result: Result<file::Loaded, String>) {
        let Some(a) = self.assembling.take() else {
            return;
        };
        self.last_assembly_frames = a.frames;
        self.opening = None;
        let opened = result.is_ok();
        self.opened(a.name, a.location, result);
        if opened {
            self.autosave.note_sizes(a.file_bytes, a.compact_bytes);
        }
    }

    /// A text file the user picked for a workspace (guide import, paste import).
    fn opened_text(
        &mut self,
        purpose: io::TextPurpose,
        name: String,
        text: Result<String, String>,
        preview: Option<(chrono::NaiveDate, crate::model::paste::PasteResult)>,
    ) {
        let text = match text {
            Ok(t) => t,
            Err(e) => return self.error(&format!("Could not read {name}"), e),
        };
        match purpose {
            io::TextPurpose::Guide => match crate::model::guides::parse_guide(&text) {
                Ok(g) => {
                    self.view.interviews.selected_guide = Some(g.id);
                    let label = g.name.clone();
                    match self
                        .doc
                        .apply(crate::model::Command::Guide(crate::model::Edit::put(g)))
                    {
                        Ok(()) => {
                            self.last_change_at = self.now;
                            self.notice(format!("Imported the guide \"{label}\" from {name}."));
                        }
                        Err(e) => self.warn(e.to_string()),
                    }
                }
                Err(e) => self.error(&format!("Could not import the guide {name}"), e.to_string()),
            },
            io::TextPurpose::Paste => {
                ui::timeline::open_paste(&mut self.view, self.doc.session(), name, text);
                // Parsed while the file was read: the dialog has nothing left to parse
                // (unless its date changed meanwhile).
                if let (Some(d), Some((day, result))) = (&mut self.view.timeline.paste, preview) {
                    d.parsed = Some((d.text.clone(), day, result));
                }
            }
        }
    }

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

    fn warn(&mut self, text: impl Into<String>) {
        self.notices.push(Notice {
            text: text.into(),
            kind: NoticeKind::Warning,
            at: self.now,
        });
    }

    fn error(&mut self, title: &str, message: impl Into<String>) {
        self.modal = Some(Modal::Error {
            title: title.to_owned(),
            message: message.into(),
        });
    }

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
        #[cfg(target_arch = "wasm32")]
        {
            self.text_focus = ctx.egui_wants_keyboard_input();
            io::publish_test_state(self.test_state_json());
        }
    }
}

impl eframe::App for SecondStoryApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A save dialog dismissed natively reports a cancel: its progress must go, and
    /// only its own when two exports run at once.
    #[test]
    fn a_cancelled_export_clears_its_progress() {
        let dir = std::env::temp_dir().join(format!("second-story-cancel-{}", std::process::id()));
        let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
        app.set_export_folder(Some(dir));
        app.pause_background_results(true);
        app.perform(Action::ExportMarkdown { redact: true });
        app.perform(Action::ShareRedacted);
        assert_eq!(app.exporting.len(), 2);
        app.handle_io(IoEvent::ExportCancelled);
        assert_eq!(
            app.exporting.len(),
            1,
            "the other export still shows progress"
        );
        app.handle_io(IoEvent::ExportCancelled);
        assert!(app.exporting.is_empty());
        assert!(app.modal.is_none(), "a cancel is not an error");
    }

    fn frame(app: &mut SecondStoryApp, ctx: &egui::Context) {
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| app.ui_root(ui));
        out.textures_delta.clear();
    }

    /// A picked log arrives already parsed (natively on the reading thread): the
    /// paste dialog uses that result instead of parsing megabytes in the frame.
    #[test]
    fn a_picked_log_arrives_parsed_and_the_dialog_does_not_parse_it_again() {
        let ctx = egui::Context::default();
        let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
        app.perform(Action::New(SessionKind::IncidentReview));
        app.handle_io(IoEvent::Opening {
            name: "chat.log".into(),
        });
        let day = app.paste_date();
        // A marker result: if the dialog parsed the text itself it would be replaced.
        let marker = crate::model::paste::PasteResult {
            blank_lines: 99,
            ..Default::default()
        };
        app.handle_io(IoEvent::OpenedText {
            purpose: io::TextPurpose::Paste,
            name: "chat.log".into(),
            text: Ok("10:42 alice: pool graph looks odd\n".into()),
            preview: Some((day, marker.clone())),
        });
        assert!(app.opening.is_none(), "the progress is gone");
        frame(&mut app, &ctx);
        frame(&mut app, &ctx);
        let dialog = app
            .view
            .timeline
            .paste
            .as_ref()
            .expect("the paste dialog is open");
        assert_eq!(dialog.source.as_deref(), Some("chat.log"));
        assert_eq!(
            dialog.parsed.as_ref().map(|(_, d, r)| (*d, r)),
            Some((day, &marker))
        );

        // Read at another date than the dialog's: the dialog parses it again.
        app.handle_io(IoEvent::OpenedText {
            purpose: io::TextPurpose::Paste,
            name: "chat.log".into(),
            text: Ok("10:43 bob: on it\n".into()),
            preview: Some((day.pred_opt().unwrap_or(day), marker.clone())),
        });
        frame(&mut app, &ctx);
        let dialog = app.view.timeline.paste.as_ref().expect("still open");
        let parsed = dialog.parsed.as_ref().map(|(_, _, r)| r.events.len());
        assert_eq!(parsed, Some(1), "re-parsed at the dialog's date");
    }
}
