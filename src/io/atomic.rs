//! Atomic saves that respect the file (native): through symlinks to the real file,
//! with its mode and group kept, never over a read-only file, and with a `.bak` of
//! the version before.

use std::fs::{self, File, Metadata};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a file could not be written, in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// The file is read-only (or this user may not write it): it was left alone.
    #[error(
        "{path} is read-only, so it was not overwritten. Use Save as… to write a copy somewhere else, or make the file writable and save again."
    )]
    ReadOnly {
        /// The file (the real file, when the path was a symlink).
        path: String,
    },
    /// The disk or the system said no.
    #[error("Could not save to {path}: {message}")]
    Io {
        /// Where we tried to write.
        path: String,
        /// The system's message.
        message: String,
    },
}

impl WriteError {
    /// Whether writing somewhere else (Save as) is the way on.
    pub fn is_read_only(&self) -> bool {
        matches!(self, Self::ReadOnly { .. })
    }
}

/// The `.bak` path kept beside a session file.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// The file a save to `path` must change: `path` itself, or the file at the end of
/// its chain of symlinks (which may not exist yet). Replacing the link itself would
/// leave the real file with the old content.
pub fn save_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // As many links as Linux follows before giving up (ELOOP).
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Writes a file so that the path always holds either the old or the new complete
/// version: the new text goes to a temp file in the same folder, is synced, and is
/// renamed over the old one. The previous version is kept as `<name>.bak`.
///
/// The file is respected: a symlink is followed and the real file written (the
/// link stays); the old file's mode, owner and group go to the new version (as far
/// as the system allows); a read-only file is refused with
/// [`WriteError::ReadOnly`]. A new file is private to its owner (0600 on Unix):
/// session files hold real names.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let io_err = |p: &Path| {
        let p = p.display().to_string();
        move |e: std::io::Error| WriteError::Io {
            path: p.clone(),
            message: e.to_string(),
        }
    };
    let target = save_target(path).map_err(io_err(path))?;
    let err = io_err(&target);
    let old = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(err(e)),
    };
    if let Some(meta) = &old {
        if !meta.is_file() {
            return Err(err(std::io::Error::other("it is not a regular file")));
        }
        refuse_read_only(&target, meta)?;
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".second-story-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(&err)?;
    tmp.write_all(contents).map_err(&err)?;
    if let Some(meta) = &old {
        keep_owner_and_mode(tmp.as_file(), meta);
    }
    tmp.as_file().sync_all().map_err(&err)?;
    if let Some(meta) = &old {
        // Copy the old version to .bak through its own temp + rename, so the .bak is
        // also always complete.
        let bak = backup_path(&target);
        let mut bak_tmp = tempfile::Builder::new()
            .prefix(".second-story-bak-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(&err)?;
        let previous = fs::read(&target).map_err(&err)?;
        bak_tmp.write_all(&previous).map_err(&err)?;
        keep_owner_and_mode(bak_tmp.as_file(), meta);
        bak_tmp.as_file().sync_all().map_err(&err)?;
        bak_tmp.persist(&bak).map_err(|e| err(e.error))?;
    }
    tmp.persist(&target).map_err(|e| err(e.error))?;
    // Make the rename itself durable.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Refuses a file that is read-only, or that this user may not write. The rename
/// would replace it anyway (it needs only the folder to be writable), which would
/// silently overwrite a file someone protected.
fn refuse_read_only(target: &Path, meta: &Metadata) -> Result<(), WriteError> {
    let read_only = || WriteError::ReadOnly {
        path: target.display().to_string(),
    };
    if meta.permissions().readonly() {
        return Err(read_only());
    }
    // Opening for writing without truncating changes nothing.
    match fs::OpenOptions::new().write(true).open(target) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(read_only()),
        _ => Ok(()),
    }
}

/// Gives the new version the old one's permission bits, owner and group. The owner
/// can change only for root, and the group only to one the user belongs to: when
/// the system says no, the file keeps what it was given, which is never more open
/// than the old mode.
#[cfg(unix)]
fn keep_owner_and_mode(file: &File, old: &Metadata) {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _, fchown};
    if fchown(file, Some(old.uid()), Some(old.gid())).is_err()
        && let Err(e) = fchown(file, None, Some(old.gid()))
    {
        log::warn!("could not keep the file's group: {e}");
    }
    let mode = old.mode() & 0o777;
    if let Err(e) = file.set_permissions(fs::Permissions::from_mode(mode)) {
        log::warn!("could not keep the file's mode: {e}");
    }
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, old: &Metadata) {
    let _ = file.set_permissions(old.permissions());
}

// Two attributes, not `all(test, unix)`: clippy knows a test module by `cfg(test)`.
#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _, symlink};

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
    }

    fn read(p: &Path) -> String {
        fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    fn meta(p: &Path) -> Metadata {
        fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Saving through a symlink writes the real file and keeps the link, with the
    /// `.bak` beside the real file; a chain of relative links and a dangling link
    /// are followed too.
    #[test]
    fn a_save_through_a_symlink_writes_the_target_and_keeps_the_link() {
        let d = dir();
        let real_dir = d.path().join("reviews");
        fs::create_dir(&real_dir).unwrap_or_else(|e| panic!("{e}"));
        let target = real_dir.join("review.story.ron");
        fs::write(&target, "old").unwrap_or_else(|e| panic!("{e}"));
        let link = d.path().join("link.story.ron");
        symlink("reviews/review.story.ron", &link).unwrap_or_else(|e| panic!("{e}"));
        let link2 = d.path().join("link2.story.ron");
        symlink("link.story.ron", &link2).unwrap_or_else(|e| panic!("{e}"));

        write_atomic(&link2, b"new").unwrap_or_else(|e| panic!("{e}"));
        assert!(
            fs::symlink_metadata(&link)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false)
        );
        assert!(
            fs::symlink_metadata(&link2)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false)
        );
        assert_eq!(read(&target), "new");
        assert_eq!(read(&backup_path(&target)), "old");
        assert!(
            !backup_path(&link2).exists(),
            "the .bak is beside the real file"
        );

        let dangling = d.path().join("dangling.story.ron");
        symlink("reviews/later.story.ron", &dangling).unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&dangling, b"first").unwrap_or_else(|e| panic!("{e}"));
        assert!(
            fs::symlink_metadata(&dangling)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false)
        );
        assert_eq!(read(&real_dir.join("later.story.ron")), "first");
    }

    /// A save keeps the file's mode and group (and the `.bak` gets the same).
    #[test]
    fn a_save_keeps_mode_and_group() {
        let d = dir();
        let path = d.path().join("shared.story.ron");
        fs::write(&path, "old").unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664))
            .unwrap_or_else(|e| panic!("{e}"));
        // A group other than the user's own where the system allows it (root may
        // pick any); otherwise the file's group as it is.
        let group = if std::os::unix::fs::chown(&path, None, Some(4321)).is_ok() {
            4321
        } else {
            meta(&path).gid()
        };
        write_atomic(&path, b"new").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read(&path), "new");
        let m = meta(&path);
        assert_eq!(m.mode() & 0o777, 0o664, "mode kept");
        assert_eq!(m.gid(), group, "group kept");
        let bak = meta(&backup_path(&path));
        assert_eq!(bak.mode() & 0o777, 0o664);
        assert_eq!(bak.gid(), group);

        // A new file is private to its owner.
        let fresh = d.path().join("fresh.story.ron");
        write_atomic(&fresh, b"x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(meta(&fresh).mode() & 0o777, 0o600);
    }

    /// A read-only file is refused with a message that offers Save as, and is left
    /// exactly as it was (no .bak, no temp files). Root could write it: the mode
    /// bits decide.
    #[test]
    fn a_read_only_file_is_refused_and_left_alone() {
        let d = dir();
        let path = d.path().join("frozen.story.ron");
        fs::write(&path, "old").unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444))
            .unwrap_or_else(|e| panic!("{e}"));
        let link = d.path().join("link.story.ron");
        symlink(&path, &link).unwrap_or_else(|e| panic!("{e}"));
        for p in [&path, &link] {
            let e = write_atomic(p, b"new").expect_err("a read-only file is refused");
            assert!(e.is_read_only(), "{e}");
            let message = e.to_string();
            assert!(
                message.contains("read-only") && message.contains("Save as"),
                "{message}"
            );
            assert!(
                message.contains("frozen.story.ron"),
                "names the real file: {message}"
            );
        }
        assert_eq!(read(&path), "old");
        let names: Vec<_> = fs::read_dir(d.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "nothing else written: {names:?}");
    }

    /// A folder in place of the file is not a file to overwrite.
    #[test]
    fn a_folder_is_not_overwritten() {
        let d = dir();
        let e = write_atomic(d.path(), b"x").expect_err("a folder is refused");
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
}
