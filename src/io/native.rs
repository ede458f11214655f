//! Native file access: rfd dialogs on a thread, atomic saves with a `.bak`, and
//! autosave to the app's data folder for crash recovery.

use super::{IoEvent, IoSender, Location, TextPurpose, check_size};
use crate::model::file::SaveError;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The app id, also the name of the data folder.
pub const APP_ID: &str = "second-story";

/// Result of asking to save the session.
#[derive(Debug)]
pub enum SaveOutcome {
    /// Written.
    Saved(Location),
    /// A dialog is open; an [`IoEvent::SaveSessionTo`] follows if the user picks a path.
    Pending,
    /// Could not write.
    Failed(String),
}

/// Saves the session text: straight to its file, or through a Save As dialog.
pub fn save_session(
    location: &Location,
    suggested_name: &str,
    text: String,
    save_as: bool,
    tx: IoSender,
) -> SaveOutcome {
    match location {
        Location::Path(path) if !save_as => match write_atomic(path, text.as_bytes()) {
            Ok(()) => SaveOutcome::Saved(location.clone()),
            Err(e) => SaveOutcome::Failed(e.to_string()),
        },
        _ => {
            let dir = match location {
                Location::Path(p) => p.parent().map(Path::to_path_buf),
                _ => None,
            };
            let name = suggested_name.to_owned();
            std::thread::spawn(move || {
                let mut dialog = rfd::FileDialog::new()
                    .set_title("Save session")
                    .add_filter("Second Story session", &["ron"])
                    .set_file_name(&name);
                if let Some(dir) = dir {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(path) = dialog.save_file() {
                    tx.send(IoEvent::SaveSessionTo(with_session_extension(path)));
                }
            });
            SaveOutcome::Pending
        }
    }
}

/// Makes sure a chosen path ends in `.story.ron`.
pub fn with_session_extension(path: PathBuf) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.ends_with(".story.ron") {
        path
    } else if let Some(stem) = name.strip_suffix(".ron") {
        path.with_file_name(format!("{stem}.story.ron"))
    } else {
        path.with_file_name(format!("{name}.story.ron"))
    }
}

/// The `.bak` path kept beside a session file.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes a file so that the path always holds either the old or the new complete
/// version: the new text goes to a temp file in the same folder, is synced, and
/// is renamed over the old one. The previous version is kept as `<name>.bak`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), SaveError> {
    let io_err = |e: std::io::Error| SaveError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".second-story-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io_err)?;
    tmp.write_all(contents).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    if path.exists() {
        // Copy the old version to .bak through its own temp + rename, so the .bak is
        // also always complete.
        let bak = backup_path(path);
        let mut bak_tmp = tempfile::Builder::new()
            .prefix(".second-story-bak-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(io_err)?;
        let old = std::fs::read(path).map_err(io_err)?;
        bak_tmp.write_all(&old).map_err(io_err)?;
        bak_tmp.as_file().sync_all().map_err(io_err)?;
        bak_tmp.persist(&bak).map_err(|e| io_err(e.error))?;
    }
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes session text to a chosen path (atomically, keeping a `.bak`).
pub fn write_session(path: &Path, text: &str) -> Result<(), String> {
    write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())
}

/// Reads a session file from disk, refusing oversized files before reading them.
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("Could not open {}: {e}", path.display()))?;
    check_size(meta.len())?;
    std::fs::read(path).map_err(|e| format!("Could not read {}: {e}", path.display()))
}

/// Opens a file dialog for a session file; the result arrives as [`IoEvent::Opened`].
pub fn pick_session(tx: IoSender) {
    std::thread::spawn(move || {
        let picked = rfd::FileDialog::new()
            .set_title("Open session")
            .add_filter("Second Story session", &["ron"])
            .pick_file();
        if let Some(path) = picked {
            load_in_background(&path, &tx);
        }
    });
}

/// Opens a session file without holding up the window: reading, parsing and
/// checking a large file happen on a thread, with [`IoEvent::Opening`] first so the
/// app can show progress, then [`IoEvent::Loaded`].
pub fn open_path(path: PathBuf, tx: IoSender) {
    std::thread::spawn(move || load_in_background(&path, &tx));
}

fn load_in_background(path: &Path, tx: &IoSender) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tx.send(IoEvent::Opening { name: name.clone() });
    let result = read_file(path).and_then(|bytes| {
        crate::model::file::from_bytes(&bytes)
            .map(Box::new)
            .map_err(|e| e.to_string())
    });
    tx.send(IoEvent::Loaded {
        name,
        location: Location::Path(path.to_path_buf()),
        result,
    });
}

/// Reads a session file into an [`IoEvent::Opened`].
pub fn opened_event(path: &Path) -> IoEvent {
    IoEvent::Opened {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        location: Location::Path(path.to_path_buf()),
        bytes: read_file(path),
    }
}

/// Opens a file dialog for a text file (guide, chat excerpt). A chat or log
/// excerpt is also parsed on the dialog's thread, with `paste_date` for times of
/// day, and progress is shown while that runs.
pub fn pick_text(tx: IoSender, purpose: TextPurpose, paste_date: Option<chrono::NaiveDate>) {
    std::thread::spawn(move || {
        let dialog = match purpose {
            TextPurpose::Guide => rfd::FileDialog::new()
                .set_title("Import guide")
                .add_filter("Interview guide", &["ron"]),
            TextPurpose::Paste => rfd::FileDialog::new()
                .set_title("Import chat or log excerpt")
                .add_filter("Text", &["txt", "log", "md"]),
        };
        if let Some(path) = dialog.pick_file() {
            tx.send(read_text(&path, purpose, paste_date, Some(&tx)));
        }
    });
}

/// Reads a picked text file into an [`IoEvent::OpenedText`]; with `paste_date`,
/// parses it as a paste excerpt too. With `progress`, reports
/// [`IoEvent::Opening`] first.
pub fn read_text(
    path: &Path,
    purpose: TextPurpose,
    paste_date: Option<chrono::NaiveDate>,
    progress: Option<&IoSender>,
) -> IoEvent {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(tx) = progress {
        tx.send(IoEvent::Opening { name: name.clone() });
    }
    let text = read_file(path)
        .and_then(|b| String::from_utf8(b).map_err(|_| format!("{name} is not UTF-8 text.")));
    let preview = super::paste_preview(&text, purpose, paste_date);
    IoEvent::OpenedText {
        purpose,
        name,
        text,
        preview,
    }
}

/// Asks where to write an export and writes it; reports [`IoEvent::Exported`], or
/// [`IoEvent::ExportCancelled`] when the dialog is dismissed. With `folder`, the
/// file is written there under the suggested name without asking (tests).
pub fn export_text(
    tx: IoSender,
    suggested_name: &str,
    extension: &'static str,
    folder: Option<PathBuf>,
    text: String,
) {
    spawn_export(tx, suggested_name, extension, folder, move || Ok(text));
}

/// Jobs done by the browser's background worker: there is none natively.
pub fn worker_jobs_done() -> usize {
    0
}

/// Like [`export_text`], but the text is built from the session on the export
/// thread (Markdown, a redacted copy), so a large session never holds up the
/// window: the frame pays only for a copy of the session.
pub fn export_session(
    tx: IoSender,
    session: &crate::model::Session,
    suggested_name: &str,
    extension: &'static str,
    folder: Option<PathBuf>,
    job: crate::model::export::SessionExport,
) {
    let session = session.clone();
    spawn_export(tx, suggested_name, extension, folder, move || {
        job.build(&session)
    });
}

/// Builds the text first (a failure is reported before any dialog opens), then asks
/// where it goes and writes it.
fn spawn_export(
    tx: IoSender,
    suggested_name: &str,
    extension: &'static str,
    folder: Option<PathBuf>,
    build: impl FnOnce() -> Result<String, String> + Send + 'static,
) {
    let name = suggested_name.to_owned();
    std::thread::spawn(move || {
        let text = match build() {
            Ok(t) => t,
            Err(e) => return tx.send(IoEvent::Exported(Err(e))),
        };
        let picked = match folder {
            Some(dir) => Some(dir.join(&name)),
            None => rfd::FileDialog::new()
                .set_title("Export")
                .add_filter(extension, &[extension])
                .set_file_name(&name)
                .save_file(),
        };
        match picked {
            Some(path) => {
                let result = write_atomic(&path, text.as_bytes())
                    .map(|()| path.display().to_string())
                    .map_err(|e| e.to_string());
                tx.send(IoEvent::Exported(result));
            }
            None => tx.send(IoEvent::ExportCancelled),
        }
    });
}

/// A session recovered from autosave after a crash.
#[derive(Debug, Clone)]
pub struct Recovered {
    /// The autosaved session text.
    pub text: String,
    /// Where the session was saved before, if anywhere.
    pub location: Location,
    /// When it was autosaved (for the prompt).
    pub when: String,
    /// Whether it holds changes never saved to a file (always, natively).
    pub dirty: bool,
}

/// Autosave of unsaved work to the data folder. The file exists only while there
/// are unsaved changes; finding one at start means the app did not close cleanly.
///
/// Writes happen in order on one worker thread, so the frame never waits for the
/// disk and a late write can never overtake a clear.
#[derive(Debug)]
pub struct Autosave {
    dir: Option<PathBuf>,
    jobs: Option<std::sync::mpsc::Sender<Job>>,
}

#[derive(Debug)]
enum Job {
    Store {
        text: String,
        origin: String,
    },
    /// Serialized on the worker, so the frame never pays for it (large sessions).
    StoreSession {
        session: Box<crate::model::Session>,
        origin: String,
    },
    Clear,
    Ping(std::sync::mpsc::Sender<()>),
}

impl Default for Autosave {
    fn default() -> Self {
        Self::with_dir(eframe::storage_dir(APP_ID))
    }
}

impl Autosave {
    /// Autosave in a specific folder (tests).
    pub fn in_dir(dir: PathBuf) -> Self {
        Self::with_dir(Some(dir))
    }

    /// Autosave that does nothing (tests that must not touch the user's data folder).
    pub fn disabled() -> Self {
        Self::with_dir(None)
    }

    fn with_dir(dir: Option<PathBuf>) -> Self {
        let jobs = dir.clone().map(|dir| {
            let (tx, rx) = std::sync::mpsc::channel::<Job>();
            std::thread::spawn(move || {
                let file = dir.join(AUTOSAVE_FILE);
                let meta = dir.join(AUTOSAVE_ORIGIN);
                for job in rx {
                    let job = match job {
                        Job::StoreSession { session, origin } => {
                            match crate::model::file::to_ron_string(&session) {
                                Ok(text) => Job::Store { text, origin },
                                Err(e) => {
                                    log::warn!("autosave failed: {e}");
                                    continue;
                                }
                            }
                        }
                        job => job,
                    };
                    match job {
                        Job::Store { text, origin } => {
                            if std::fs::create_dir_all(&dir).is_err() {
                                continue;
                            }
                            let _ = write_atomic(&meta, origin.as_bytes());
                            if let Err(e) = write_atomic(&file, text.as_bytes()) {
                                log::warn!("autosave failed: {e}");
                            }
                            // The autosave keeps no .bak of its own.
                            let _ = std::fs::remove_file(backup_path(&file));
                            let _ = std::fs::remove_file(backup_path(&meta));
                        }
                        Job::Clear => {
                            let _ = std::fs::remove_file(&file);
                            let _ = std::fs::remove_file(&meta);
                        }
                        Job::Ping(reply) => {
                            let _ = reply.send(());
                        }
                        Job::StoreSession { .. } => {}
                    }
                }
            });
            tx
        });
        Self { dir, jobs }
    }

    /// Writes the unsaved session in the background.
    pub fn store(&self, text: String, location: &Location) {
        let origin = match location {
            Location::Path(p) => p.display().to_string(),
            _ => String::new(),
        };
        if let Some(tx) = &self.jobs {
            let _ = tx.send(Job::Store { text, origin });
        }
    }

    /// Writes the unsaved session in the background, serializing it there too: the
    /// frame pays only for a copy of the session (nothing at all when disabled).
    /// Natively only unsaved work is stored, so `_dirty` is always true here.
    pub fn store_session(
        &self,
        session: &crate::model::Session,
        location: &Location,
        _dirty: bool,
    ) {
        let origin = match location {
            Location::Path(p) => p.display().to_string(),
            _ => String::new(),
        };
        if let Some(tx) = &self.jobs {
            let _ = tx.send(Job::StoreSession {
                session: Box::new(session.clone()),
                origin,
            });
        }
    }

    /// Nothing to learn natively: the autosave file has no size limit to foresee.
    pub fn note_sizes(&self, _ron_bytes: usize, _compact_bytes: usize) {}

    /// Removes the autosave (after a save, or when the user discards changes).
    pub fn clear(&self) {
        if let Some(tx) = &self.jobs {
            let _ = tx.send(Job::Clear);
        }
    }

    /// Waits until every queued write is on disk (tests, and before quitting).
    pub fn flush(&self) {
        if let Some(tx) = &self.jobs {
            let (reply, done) = std::sync::mpsc::channel();
            if tx.send(Job::Ping(reply)).is_ok() {
                let _ = done.recv_timeout(std::time::Duration::from_secs(10));
            }
        }
    }

    /// The autosaved session, if the last run left one.
    pub fn load(&self) -> Option<Recovered> {
        let dir = self.dir.as_ref()?;
        let file = dir.join(AUTOSAVE_FILE);
        let text = std::fs::read_to_string(&file).ok()?;
        let origin = std::fs::read_to_string(dir.join(AUTOSAVE_ORIGIN)).unwrap_or_default();
        let when = std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| {
                let t: chrono::DateTime<chrono::Local> = t.into();
                t.format("%A %H:%M").to_string()
            })
            .unwrap_or_default();
        Some(Recovered {
            text,
            location: if origin.trim().is_empty() {
                Location::Unsaved
            } else {
                Location::Path(PathBuf::from(origin.trim()))
            },
            when,
            dirty: true,
        })
    }

    /// A problem the user should know about (storage full); never on native.
    pub fn warning(&self) -> Option<String> {
        None
    }
}

const AUTOSAVE_FILE: &str = "autosave.story.ron";
const AUTOSAVE_ORIGIN: &str = "autosave.origin";

/// Sets the window title.
pub fn set_title(ctx: &egui::Context, title: &str) {
    ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.to_owned()));
}

/// Whether the platform keeps a list of recent files.
pub const HAS_RECENT_FILES: bool = true;

/// Natively the autosave holds only unsaved work (crash recovery); the file on disk
/// is the session.
pub const AUTOSAVE_KEEPS_CURRENT: bool = false;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::paste::{PasteOptions, parse};

    /// A picked log is parsed on the reading thread, after progress is reported;
    /// a guide or an unreadable file is not.
    #[test]
    fn a_picked_log_is_read_and_parsed_off_the_frame() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let log = dir.path().join("chat.log");
        let text: String = (0..2_000)
            .map(|i| format!("{:02}:{:02} alice: step {i}\n", 8 + i / 60 % 12, i % 60))
            .collect();
        std::fs::write(&log, &text).unwrap_or_else(|e| panic!("{e}"));
        let date = chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default();
        let channel = crate::io::IoChannel::default();
        let tx = channel.sender();
        let IoEvent::OpenedText {
            name,
            text: read,
            preview,
            ..
        } = read_text(&log, TextPurpose::Paste, Some(date), Some(&tx))
        else {
            panic!("not an OpenedText");
        };
        assert!(matches!(
            channel.poll().as_slice(),
            [IoEvent::Opening { name }] if name == "chat.log"
        ));
        assert_eq!(name, "chat.log");
        assert_eq!(read.as_deref(), Ok(text.as_str()));
        let (day, result) = preview.unwrap_or_else(|| panic!("no preview"));
        assert_eq!(day, date);
        assert_eq!(result, parse(&text, &PasteOptions { date }));
        assert_eq!(result.events.len(), 2_000);

        let IoEvent::OpenedText { preview, .. } = read_text(&log, TextPurpose::Guide, None, None)
        else {
            panic!("not an OpenedText");
        };
        assert!(preview.is_none(), "a guide is not a paste");

        let binary = dir.path().join("blob.log");
        std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap_or_else(|e| panic!("{e}"));
        let IoEvent::OpenedText { text, preview, .. } =
            read_text(&binary, TextPurpose::Paste, Some(date), None)
        else {
            panic!("not an OpenedText");
        };
        assert_eq!(text, Err("blob.log is not UTF-8 text.".to_owned()));
        assert!(preview.is_none());
    }
}
