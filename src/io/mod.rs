//! Files, dialogs and autosave, with the native/web split in this one place.
//!
//! Dialogs never block the frame: they run on a thread (native) or as a future
//! (web) and report back through [`IoEvent`]s that the app polls each frame.

#[cfg(not(target_arch = "wasm32"))]
mod atomic;
#[cfg(not(target_arch = "wasm32"))]
mod autosave;
#[cfg(not(target_arch = "wasm32"))]
mod dialogs;
#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub mod slots;
#[cfg(not(target_arch = "wasm32"))]
pub use atomic::*;
#[cfg(not(target_arch = "wasm32"))]
pub use autosave::Autosave;
#[cfg(not(target_arch = "wasm32"))]
pub use native::*;
mod text;
pub use text::{one_line, terminal_text};

pub mod library;
pub mod lint_config;

#[cfg(target_arch = "wasm32")]
mod web;

mod import;
pub use import::{ImportRequest, ImportResult, start_import};
pub mod merge;
pub use merge::MergeEvent;
#[cfg(target_arch = "wasm32")]
pub use web::*;

use std::sync::mpsc::{Receiver, Sender, channel};

/// A picked chat or log excerpt parsed for the paste-import dialog, with the date it
/// assumed for times of day, so that the dialog does not parse it again in a frame.
/// `None` for other files (guides) or without a date.
pub(crate) fn paste_preview(
    text: &Result<String, String>,
    purpose: TextPurpose,
    date: Option<chrono::NaiveDate>,
) -> Option<(chrono::NaiveDate, crate::model::paste::PasteResult)> {
    match (text, purpose, date) {
        (Ok(t), TextPurpose::Paste, Some(date)) => Some((
            date,
            crate::model::paste::parse(t, &crate::model::paste::PasteOptions { date }),
        )),
        _ => None,
    }
}

/// Where a document lives.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Location {
    /// Never saved (or opened from the example / a browser upload).
    #[default]
    Unsaved,
    /// A file on disk (native).
    Path(std::path::PathBuf),
    /// A browser download name (web): saving downloads again under this name.
    Download(String),
}

impl Location {
    /// The file name to show.
    pub fn file_name(&self) -> Option<String> {
        match self {
            Self::Unsaved => None,
            Self::Path(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
            Self::Download(n) => Some(n.clone()),
        }
    }
}

/// What a background file operation reports back.
#[derive(Debug)]
pub enum IoEvent {
    /// A file was picked and read.
    Opened {
        /// Its name, for messages.
        name: String,
        /// Where it lives (native).
        location: Location,
        /// Its bytes (already checked against the size limit).
        bytes: Result<Vec<u8>, String>,
    },
    /// A file is being read and checked in the background (native): show progress.
    Opening {
        /// Its name.
        name: String,
    },
    /// A file was read and checked in the background (native).
    Loaded {
        /// Its name, for messages.
        name: String,
        /// Where it lives.
        location: Location,
        /// The session, or what is wrong with the file, in words.
        result: Result<Box<crate::model::file::Loaded>, String>,
    },
    /// A file was read and checked in a background worker (web), and handed back in
    /// parts for the app to put together a few per frame (see
    /// [`crate::model::transfer`]).
    Received {
        /// Its name, for messages.
        name: String,
        /// Where it lives.
        location: Location,
        /// The session in parts, head first.
        parts: Vec<Vec<u8>>,
        /// The file's size in bytes (its RON text), so autosave can tell how large
        /// the session's text is without writing it.
        file_bytes: usize,
    },
    /// The user chose where to save the session (native).
    SaveSessionTo(std::path::PathBuf),
    /// A file dialog could not open (natively, a desktop without a file chooser
    /// service): the app asks for a typed path instead.
    DialogFailed {
        /// What the dialog was for.
        purpose: PathPurpose,
        /// What went wrong, in words.
        why: String,
    },
    /// An export was written (where, for the notice), or what went wrong, in words.
    Exported(Result<String, String>),
    /// The user dismissed the export's save dialog (native): nothing was written.
    ExportCancelled,
    /// Merging a colleague's copy: progress, the copy read, the merge made.
    Merge(MergeEvent),
    /// A guide or other text file was picked and read.
    OpenedText {
        /// What the file is for (the purpose the pick was started with).
        purpose: TextPurpose,
        /// File name.
        name: String,
        /// Contents.
        text: Result<String, String>,
        /// For a paste import: the excerpt already read at this date for times of
        /// day, so the import dialog does not parse a large log in the frame.
        preview: Option<(chrono::NaiveDate, crate::model::paste::PasteResult)>,
    },
    /// Files picked for an import (transcript, chat export) are being read and
    /// parsed in the background: show progress.
    Importing {
        /// The file's name (or the first file's, and how many more).
        name: String,
    },
    /// An import's files were read and parsed, or could not be.
    Imported {
        /// The file's name, for messages.
        name: String,
        /// What they hold, or what is wrong with them, in words.
        result: ImportResult,
    },
}

/// Why a text file was picked, so the app knows what to do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPurpose {
    /// An interview guide to import.
    Guide,
    /// A chat or log excerpt to import into the timeline.
    Paste,
}

/// What a file dialog that could not open was for, so that a typed path can do
/// the same ([`use_typed_path`]).
#[derive(Debug, Clone)]
pub enum PathPurpose {
    /// Save the session (Save as).
    SaveSession {
        /// The path the dialog would have suggested.
        suggested: std::path::PathBuf,
    },
    /// Open a session file.
    OpenSession,
    /// Write an export.
    Export {
        /// The path the dialog would have suggested.
        suggested: std::path::PathBuf,
        /// The export, already built.
        text: String,
    },
    /// Read a guide or a chat or log excerpt.
    OpenText {
        /// What for.
        purpose: TextPurpose,
        /// The date times of day are read on (paste import).
        paste_date: Option<chrono::NaiveDate>,
    },
}

impl PathPurpose {
    /// The path to start the typed path with.
    pub fn suggested(&self) -> String {
        match self {
            Self::SaveSession { suggested } | Self::Export { suggested, .. } => {
                suggested.display().to_string()
            }
            Self::OpenSession | Self::OpenText { .. } => std::env::current_dir()
                .map(|d| format!("{}{}", d.display(), std::path::MAIN_SEPARATOR))
                .unwrap_or_default(),
        }
    }

    /// What the button that uses the typed path says.
    pub fn verb(&self) -> &'static str {
        match self {
            Self::SaveSession { .. } => "Save",
            Self::Export { .. } => "Export",
            Self::OpenSession | Self::OpenText { .. } => "Open",
        }
    }
}

/// Result of asking to save the session.
#[derive(Debug)]
pub enum SaveOutcome {
    /// Written (natively), or downloaded (web).
    Saved(Location),
    /// A dialog is open; an [`IoEvent::SaveSessionTo`] follows if the user picks a path.
    Pending,
    /// Could not write.
    Failed(SaveFailure),
}

/// Why a save did not happen, in words, and whether Save as is the way on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveFailure {
    /// What went wrong.
    pub message: String,
    /// The file is read-only: writing elsewhere (Save as) is the way on.
    pub read_only: bool,
}

impl From<String> for SaveFailure {
    fn from(message: String) -> Self {
        Self {
            message,
            read_only: false,
        }
    }
}

/// Words typed in the capture field and not yet committed (Ctrl+Enter), with what
/// the statement would be: kept in the autosave, and put back into the capture field
/// after a crash or a reload.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptureDraft {
    /// The interview being captured.
    pub interview: crate::model::Id,
    /// Who speaks.
    pub speaker: crate::model::Speaker,
    /// A type set for it (else guessed on commit).
    #[serde(default)]
    pub kind: Option<crate::model::StatementKind>,
    /// Whether it is off the record.
    #[serde(default)]
    pub off_record: bool,
    /// The words.
    pub text: String,
}

impl CaptureDraft {
    /// The draft as stored.
    pub fn to_text(&self) -> Option<String> {
        ron::to_string(self).ok()
    }

    /// A stored draft, if it can be read.
    pub fn from_text(text: &str) -> Option<Self> {
        ron::from_str(text).ok()
    }
}

/// Unsaved work found in the autosave: a window that did not close cleanly
/// (natively), or the session open before a reload (web).
#[derive(Debug, Clone)]
pub struct Recovered {
    /// Which autosave it is (natively the window's slot), to restore or discard it.
    pub slot: String,
    /// The autosaved session text.
    pub text: String,
    /// The session's title (one line), to tell autosaves apart in the prompt.
    pub title: String,
    /// Where the session was saved before, if anywhere (web: the download name).
    pub location: Location,
    /// When it was autosaved (for the prompt; empty on the web).
    pub when: String,
    /// When it was autosaved, to offer the newest first.
    pub modified: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether it holds changes never saved to a file (always, natively).
    pub dirty: bool,
    /// Words typed in the capture field but not committed.
    pub draft: Option<CaptureDraft>,
}

/// The session title in a session file's text, without reading the whole file (a
/// restore prompt may list several large autosaves): the first `title` field is the
/// session's. Empty when there is none.
pub fn title_in(ron_text: &str) -> String {
    use serde::Deserialize as _;
    let Some(start) = ron_text.find("title: ") else {
        return String::new();
    };
    // One string value (quoted or raw), whatever follows it.
    ron::de::Deserializer::from_str(&ron_text[start + "title: ".len()..])
        .ok()
        .and_then(|mut de| String::deserialize(&mut de).ok())
        .map(|t| one_line(&t))
        .unwrap_or_default()
}

/// The channel background operations report on.
pub struct IoChannel {
    tx: Sender<IoEvent>,
    rx: Receiver<IoEvent>,
    ctx: Option<egui::Context>,
}

impl Default for IoChannel {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self { tx, rx, ctx: None }
    }
}

impl IoChannel {
    /// Wakes this context when a background operation finishes.
    pub fn set_context(&mut self, ctx: &egui::Context) {
        self.ctx = Some(ctx.clone());
    }

    /// A sender for a background operation, which also repaints when it sends.
    pub fn sender(&self) -> IoSender {
        IoSender {
            tx: self.tx.clone(),
            ctx: self.ctx.clone(),
        }
    }

    /// Everything reported since the last poll.
    pub fn poll(&self) -> Vec<IoEvent> {
        self.rx.try_iter().collect()
    }
}

/// Sends one [`IoEvent`] back to the app and wakes it.
#[derive(Clone)]
pub struct IoSender {
    tx: Sender<IoEvent>,
    ctx: Option<egui::Context>,
}

impl IoSender {
    /// Reports an event (ignored if the app is gone).
    pub fn send(&self, e: IoEvent) {
        let _ = self.tx.send(e);
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint();
        }
    }
}

/// Reads a file's bytes with the size limit checked first, so a huge file is never
/// read into memory.
pub fn check_size(len: u64) -> Result<(), String> {
    if len > crate::model::file::MAX_FILE_BYTES {
        Err(crate::model::file::LoadError::TooLarge {
            size_mb: len as f64 / (1024.0 * 1024.0),
        }
        .to_string())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_read_from_the_text_alone() {
        let session = crate::model::Session {
            title: "A \"quoted\" title \\ with İ and\nlines".into(),
            ..Default::default()
        };
        let text = crate::model::file::to_ron_string(&session).unwrap_or_default();
        assert_eq!(title_in(&text), "A \"quoted\" title \\ with İ and lines");
        assert_eq!(title_in("no title here"), "");
        assert_eq!(title_in("title: \"cut off"), "");
        assert_eq!(title_in("title: \"plain\",\n kind: X"), "plain");
    }
}
