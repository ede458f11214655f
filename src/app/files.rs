//! Opening and saving: files read in the background (whole, or handed back in parts by
//! the browser's worker and put together a few per frame), saving, recent files, text
//! files picked for a workspace, and background exports finishing.

use super::prompts::Modal;
use super::{ASSEMBLY_BYTES_PER_FRAME, Assembling, RECENT_LIMIT, SecondStoryApp};
use crate::io::{self, IoEvent, Location, SaveOutcome};
use crate::model::file::{self, suggested_file_name};
use crate::model::{Document, Session, SessionKind, transfer};
use crate::ui::{self, Workspace};
use std::path::PathBuf;

impl SecondStoryApp {
    /// A file still being opened in the background would replace the session the person
    /// has just chosen instead (and whatever they typed into it since): it is dropped
    /// when it arrives.
    pub(super) fn stop_opening(&mut self) {
        if let Some(name) = self.opening.take() {
            self.assembling = None;
            self.notice(format!("Stopped opening {name}."));
        }
    }

    /// Whether a file arriving from the background is no longer the one being opened
    /// (the person opened another, or started a session meanwhile: `stop_opening`).
    pub(super) fn superseded(&self, name: &str) -> bool {
        self.opening.as_deref() != Some(name)
    }

    /// A new empty session of `kind`, replacing the open one.
    pub(super) fn new_session(&mut self, kind: SessionKind) {
        self.stop_opening();
        self.doc = Document::new(Session::new("", kind));
        self.forget_timer();
        self.location = Location::Unsaved;
        self.clear_autosave();
        self.show_start = false;
        self.view.workspace = Workspace::Overview;
        self.view.selected_participant = None;
        self.view.selected_interview = None;
        self.autosave_replaced();
    }

    /// A new session replaced the open one: a timer that ran in the old one stops (it
    /// was counted from a clock the new session's length knows nothing of, so an
    /// interview reopened while it ran came back running and counted twice).
    pub(super) fn forget_timer(&mut self) {
        self.scratch.interviews.timer = None;
        self.scratch.interviews.told_paused = None;
    }

    /// Save (or Save as): written at once natively when the file is known, else through a dialog.
    pub(super) fn save(&mut self, save_as: bool) {
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

    /// A save completed: the document is clean as of `state`.
    pub(super) fn saved(&mut self, location: Location, state: u64) {
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
    pub(super) fn autosave_replaced(&mut self) {
        // No reason to wait: this is not a run of typing.
        self.last_change_at = f64::NEG_INFINITY;
        self.autosaved_revision = if io::AUTOSAVE_KEEPS_CURRENT {
            u64::MAX
        } else {
            self.doc.revision()
        };
    }

    /// Puts `path` first in the recent files.
    pub(super) fn remember_recent(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }

    /// Results from the background, in order. After "Opening NAME" the rest waits for
    /// the next frame: the progress is drawn at least once, however fast the file was
    /// read (a small file used to open within the frame, and browser tests that look
    /// for the progress failed one run in four).
    pub(super) fn handle_background_results(&mut self, ctx: &egui::Context) {
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

    /// A result from the background (file read, saved, exported, imported).
    pub(super) fn handle_io(&mut self, event: IoEvent) {
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
            IoEvent::Importing { name } => {
                let cx = &mut ui::FrameCtx::new(&self.doc, &mut self.scratch);
                ui::transcript_import::reading(cx, name)
            }
            IoEvent::Imported { name, result } => {
                let session = self.doc.session();
                let cx = &mut ui::FrameCtx::new(&self.doc, &mut self.scratch);
                if let Err(e) = ui::transcript_import::arrived(cx, session, name.clone(), result) {
                    self.error(&format!("Could not import {name}"), e);
                }
            }
        }
    }

    /// One background export ended (written, failed or cancelled).
    pub(super) fn export_finished(&mut self) {
        if !self.exporting.is_empty() {
            self.exporting.remove(0);
        }
    }

    /// A file was read (and checked): replace the session, or say what is wrong and
    /// leave the open session as it was.
    pub(super) fn opened(
        &mut self,
        name: String,
        location: Location,
        loaded: Result<file::Loaded, String>,
    ) {
        match loaded {
            Ok(loaded) => {
                let migrated = loaded.was_migrated();
                self.doc = Document::new(loaded.session);
                self.forget_timer();
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
    pub(super) fn assemble_some(&mut self, ctx: &egui::Context) {
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

    /// All parts are in (or one was damaged): open the session or say why not.
    pub(super) fn assembled(&mut self, result: Result<file::Loaded, String>) {
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
    pub(super) fn opened_text(
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
                let sc = &mut self.scratch.timeline;
                ui::timeline::open_paste(&mut self.view, sc, self.doc.session(), name, text);
                // Parsed while the file was read: the dialog has nothing left to parse
                // (unless its date changed meanwhile).
                if let (Some(d), Some((day, result))) = (&mut self.scratch.timeline.paste, preview)
                {
                    d.parsed = Some((d.text.clone(), day, result));
                }
            }
        }
    }
}
