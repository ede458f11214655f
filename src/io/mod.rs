//! Files, dialogs and autosave, with the native/web split in this one place.
//!
//! Dialogs never block the frame: they run on a thread (native) or as a future
//! (web) and report back through [`IoEvent`]s that the app polls each frame.

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::*;

pub mod library;
pub mod lint_config;

#[cfg(target_arch = "wasm32")]
mod web;

mod import;
pub use import::{ImportRequest, ImportResult, start_import};
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
    /// An export was written (where, for the notice), or what went wrong, in words.
    Exported(Result<String, String>),
    /// The user dismissed the export's save dialog (native): nothing was written.
    ExportCancelled,
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
