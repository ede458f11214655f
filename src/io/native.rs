//! Native file access: rfd dialogs on a thread (a dialog that cannot open is
//! reported, see `dialogs.rs`), reading files, and saving through `atomic.rs`.

use super::dialogs::{self, Dialog};
use super::{
    IoEvent, IoSender, Location, PathPurpose, SaveFailure, SaveOutcome, TextPurpose, check_size,
    write_atomic,
};
use std::path::{Path, PathBuf};

pub use super::dialogs::init_logging;

/// The app id, also the name of the data folder.
pub const APP_ID: &str = "second-story";

/// Saves the session text: straight to its file, or through a Save As dialog.
pub fn save_session(
    location: &Location,
    suggested_name: &str,
    text: String,
    save_as: bool,
    tx: IoSender,
) -> SaveOutcome {
    match location {
        Location::Path(path) if !save_as => match write_session(path, &text) {
            Ok(()) => SaveOutcome::Saved(location.clone()),
            Err(e) => SaveOutcome::Failed(e),
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
                if let Some(dir) = &dir {
                    dialog = dialog.set_directory(dir);
                }
                match dialogs::run(|| dialog.save_file()) {
                    Dialog::Chosen(path) => {
                        tx.send(IoEvent::SaveSessionTo(with_session_extension(path)));
                    }
                    Dialog::Cancelled => {}
                    Dialog::Failed(why) => {
                        let folder = dir.or_else(|| std::env::current_dir().ok());
                        tx.send(IoEvent::DialogFailed {
                            purpose: PathPurpose::SaveSession {
                                suggested: folder.unwrap_or_default().join(&name),
                            },
                            why,
                        });
                    }
                }
            });
            SaveOutcome::Pending
        }
    }
}

/// Does what a dialog that could not open was for, with a path the person typed;
/// the result arrives as the dialog's would have.
pub fn use_typed_path(purpose: PathPurpose, path: PathBuf, tx: IoSender) {
    match purpose {
        PathPurpose::SaveSession { .. } => {
            tx.send(IoEvent::SaveSessionTo(with_session_extension(path)));
        }
        PathPurpose::OpenSession => open_path(path, tx),
        PathPurpose::Export { text, .. } => {
            std::thread::spawn(move || {
                let result = write_atomic(&path, text.as_bytes())
                    .map(|()| path.display().to_string())
                    .map_err(|e| e.to_string());
                tx.send(IoEvent::Exported(result));
            });
        }
        PathPurpose::OpenText {
            purpose,
            paste_date,
        } => {
            std::thread::spawn(move || tx.send(read_text(&path, purpose, paste_date, Some(&tx))));
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

/// Writes session text to a path (atomically, keeping a `.bak`, respecting a
/// symlink, the file's mode and group, and a read-only file).
pub fn write_session(path: &Path, text: &str) -> Result<(), SaveFailure> {
    write_atomic(path, text.as_bytes()).map_err(|e| SaveFailure {
        read_only: e.is_read_only(),
        message: e.to_string(),
    })
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
        let dialog = rfd::FileDialog::new()
            .set_title("Open session")
            .add_filter("Second Story session", &["ron"]);
        match dialogs::run(|| dialog.pick_file()) {
            Dialog::Chosen(path) => load_in_background(&path, &tx),
            Dialog::Cancelled => {}
            Dialog::Failed(why) => tx.send(IoEvent::DialogFailed {
                purpose: PathPurpose::OpenSession,
                why,
            }),
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
        match dialogs::run(|| dialog.pick_file()) {
            Dialog::Chosen(path) => tx.send(read_text(&path, purpose, paste_date, Some(&tx))),
            Dialog::Cancelled => {}
            Dialog::Failed(why) => tx.send(IoEvent::DialogFailed {
                purpose: PathPurpose::OpenText {
                    purpose,
                    paste_date,
                },
                why,
            }),
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
            Some(dir) => Dialog::Chosen(dir.join(&name)),
            None => dialogs::run(|| {
                rfd::FileDialog::new()
                    .set_title("Export")
                    .add_filter(extension, &[extension])
                    .set_file_name(&name)
                    .save_file()
            }),
        };
        match picked {
            Dialog::Chosen(path) => {
                let result = write_atomic(&path, text.as_bytes())
                    .map(|()| path.display().to_string())
                    .map_err(|e| e.to_string());
                tx.send(IoEvent::Exported(result));
            }
            Dialog::Cancelled => tx.send(IoEvent::ExportCancelled),
            Dialog::Failed(why) => {
                let folder = std::env::current_dir().unwrap_or_default();
                tx.send(IoEvent::DialogFailed {
                    purpose: PathPurpose::Export {
                        suggested: folder.join(&name),
                        text,
                    },
                    why,
                });
            }
        }
    });
}

/// Sets the window title, as one line without control characters (a NUL byte in a
/// session's title would make the windowing system panic).
pub fn set_title(ctx: &egui::Context, title: &str) {
    ctx.send_viewport_cmd(egui::ViewportCommand::Title(super::one_line(title)));
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
