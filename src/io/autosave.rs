//! Autosave of unsaved work for crash recovery (native): each window writes its own
//! slot of files in the data folder, held by a lock for as long as it runs (see
//! `slots.rs` for the rules). At start, a window offers each orphan (a slot whose
//! window is gone) and claims it meanwhile, so no two windows offer the same one.

use super::slots::{self, LockState, Part};
use super::{CaptureDraft, Location, Recovered, backup_path, write_atomic};
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Autosave of unsaved work to the data folder. The session file exists only while
/// there are unsaved changes (or uncommitted words in the capture field); finding
/// one of a window that is gone means it did not close cleanly.
///
/// Writes happen in order on one worker thread, so the frame never waits for the
/// disk and a late write can never overtake a clear. A write that fails (full disk,
/// permissions) is reported by [`Autosave::warning`] until one succeeds.
#[derive(Debug)]
pub struct Autosave {
    dir: Option<PathBuf>,
    /// This window's slot.
    slot: String,
    /// Held while this window runs: tells other windows the slot is in use.
    lock: Option<File>,
    /// Orphans offered to the person, locked until restored, discarded or released.
    claims: Mutex<Vec<(String, File)>>,
    jobs: Option<std::sync::mpsc::Sender<Job>>,
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    warning: Mutex<Option<String>>,
    ctx: Mutex<Option<egui::Context>>,
}

impl Shared {
    fn set_warning(&self, warning: Option<String>) {
        if let Ok(mut w) = self.warning.lock()
            && *w != warning
        {
            *w = warning;
            if let Ok(ctx) = self.ctx.lock()
                && let Some(ctx) = ctx.as_ref()
            {
                ctx.request_repaint();
            }
        }
    }
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
    Draft(Option<String>),
    Clear,
    Ping(std::sync::mpsc::Sender<()>),
}

impl Default for Autosave {
    fn default() -> Self {
        Self::with_dir(eframe::storage_dir(super::APP_ID))
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
        let shared = Arc::new(Shared::default());
        let (slot, lock) = match &dir {
            Some(d) => match take_new_slot(d) {
                Ok((slot, lock)) => (slot, Some(lock)),
                Err(e) => {
                    shared.set_warning(Some(format!(
                        "Autosave is not working: {e}. Save your work to a file (Ctrl+S)."
                    )));
                    (slots::new_slot(std::process::id(), random()), None)
                }
            },
            None => (String::new(), None),
        };
        let jobs = dir.clone().map(|dir| {
            let (tx, rx) = std::sync::mpsc::channel::<Job>();
            let shared = shared.clone();
            let slot = slot.clone();
            std::thread::spawn(move || {
                for job in rx {
                    run_job(&dir, &slot, &shared, job);
                }
            });
            tx
        });
        Self {
            dir,
            slot,
            lock,
            claims: Mutex::new(Vec::new()),
            jobs,
            shared,
        }
    }

    /// Wakes this context when the autosave warning changes.
    pub fn set_context(&self, ctx: &egui::Context) {
        if let Ok(mut c) = self.shared.ctx.lock() {
            *c = Some(ctx.clone());
        }
    }

    /// Writes the unsaved session in the background.
    pub fn store(&self, text: String, location: &Location) {
        self.send(Job::Store {
            text,
            origin: origin_of(location),
        });
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
        if self.jobs.is_some() {
            self.send(Job::StoreSession {
                session: Box::new(session.clone()),
                origin: origin_of(location),
            });
        }
    }

    /// Stores the session and waits until it is on disk.
    pub fn store_now(&self, session: &crate::model::Session, location: &Location, dirty: bool) {
        self.store_session(session, location, dirty);
        self.flush();
    }

    /// Keeps the words in the capture field not yet committed (or forgets them).
    pub fn store_draft(&self, draft: Option<&CaptureDraft>) {
        self.send(Job::Draft(draft.and_then(CaptureDraft::to_text)));
    }

    /// Nothing to learn natively: the autosave file has no size limit to foresee.
    pub fn note_sizes(&self, _ron_bytes: usize, _compact_bytes: usize) {}

    /// Removes this window's autosave (after a save, or when the user discards
    /// changes). Other windows' autosaves are never touched.
    pub fn clear(&self) {
        self.send(Job::Clear);
    }

    fn send(&self, job: Job) {
        if let Some(tx) = &self.jobs {
            let _ = tx.send(job);
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

    /// The first autosave left by a window that is gone, if any (see
    /// [`Self::recoverable`]).
    pub fn load(&self) -> Option<Recovered> {
        self.recoverable().into_iter().next()
    }

    /// Every autosave left by a window that is gone (crashed, killed), newest first.
    /// Each is claimed until restored, discarded or released, so another window
    /// starting meanwhile does not offer it too. A running window's autosave is
    /// never among them.
    pub fn recoverable(&self) -> Vec<Recovered> {
        let Some(dir) = &self.dir else {
            return Vec::new();
        };
        let found = scan(dir);
        let mut claimed = Vec::new();
        let orphans = slots::orphans(&found, &self.slot, |slot| {
            let lock_path = dir.join(slots::file_name(slot, Part::Lock));
            let (state, file) = probe(&lock_path);
            let pid = fs::read_to_string(&lock_path)
                .ok()
                .and_then(|t| slots::pid_in(&t));
            let gone = slots::owner_gone(state, pid, pid_alive);
            if gone && let Some(file) = file {
                claimed.push((slot.to_owned(), file));
            }
            gone
        });
        let mut offered: Vec<Recovered> = orphans
            .iter()
            .filter_map(|slot| read_slot(dir, slot))
            .collect();
        // Claimed slots that turned out to hold nothing readable are released.
        claimed.retain(|(slot, _)| offered.iter().any(|r| &r.slot == slot));
        for (_, file) in &mut claimed {
            // Tells anyone who can only read process ids that this one is in use.
            let _ = file.set_len(0);
            let _ = write!(file, "{}", std::process::id());
        }
        if let Ok(mut claims) = self.claims.lock() {
            claims.extend(claimed);
        }
        offered.sort_by_key(|r| std::cmp::Reverse(r.modified));
        self.tidy_stale_locks(dir, &found);
        offered
    }

    fn tidy_stale_locks(&self, dir: &Path, found: &std::collections::BTreeMap<String, Vec<Part>>) {
        let age = |slot: &str| {
            let modified = fs::metadata(dir.join(slots::file_name(slot, Part::Lock)))
                .and_then(|m| m.modified())
                .ok()?;
            modified.elapsed().ok().map(|d| d.as_secs())
        };
        for slot in slots::stale_locks(found, &self.slot, age, 60) {
            let path = dir.join(slots::file_name(&slot, Part::Lock));
            if let (LockState::Free, Some(_held)) = probe(&path) {
                let _ = fs::remove_file(&path);
            }
        }
    }

    /// Makes an orphan this window's own autosave after the person restored it: its
    /// files become this window's slot, and the orphan is gone.
    pub fn adopt(&self, slot: &str) {
        let Some(dir) = &self.dir else { return };
        if !self.claimed(slot) {
            return;
        }
        self.flush();
        for part in [Part::Session, Part::Origin, Part::Draft] {
            let from = dir.join(slots::file_name(slot, part));
            let to = dir.join(slots::file_name(&self.slot, part));
            if from.exists() {
                let _ = fs::rename(&from, &to);
            } else {
                let _ = fs::remove_file(&to);
            }
        }
        self.remove_claimed(dir, slot);
    }

    /// Deletes an orphan the person chose to discard. Only a claimed orphan can be
    /// discarded: never a running window's autosave.
    pub fn discard(&self, slot: &str) {
        let Some(dir) = &self.dir else { return };
        if !self.claimed(slot) {
            return;
        }
        for part in [Part::Session, Part::Origin, Part::Draft] {
            let _ = fs::remove_file(dir.join(slots::file_name(slot, part)));
        }
        self.remove_claimed(dir, slot);
    }

    /// Lets go of every orphan still claimed (the person decided later): the next
    /// window to start offers them again.
    pub fn release(&self) {
        if let Ok(mut claims) = self.claims.lock() {
            claims.clear();
        }
    }

    fn claimed(&self, slot: &str) -> bool {
        let claimed: Vec<String> = self
            .claims
            .lock()
            .map(|c| c.iter().map(|(s, _)| s.clone()).collect())
            .unwrap_or_default();
        slots::may_delete(slot, &self.slot, &claimed) && slot != self.slot
    }

    /// Removes a claimed orphan's lock file, then lets go of the lock.
    fn remove_claimed(&self, dir: &Path, slot: &str) {
        let _ = fs::remove_file(dir.join(slots::file_name(slot, Part::Lock)));
        if let Ok(mut claims) = self.claims.lock() {
            claims.retain(|(s, _)| s != slot);
        }
    }

    /// A problem the user should know about: autosave cannot write (full disk,
    /// permissions).
    pub fn warning(&self) -> Option<String> {
        self.shared.warning.lock().ok().and_then(|w| w.clone())
    }
}

impl Drop for Autosave {
    /// A window that closes leaves its autosave only if it holds unsaved work (the
    /// next start offers it); otherwise it removes its lock file too.
    fn drop(&mut self) {
        self.flush();
        let Some(dir) = &self.dir else { return };
        let parts = scan(dir).remove(&self.slot).unwrap_or_default();
        if self.lock.is_some() && !slots::holds_work(&parts) {
            let _ = fs::remove_file(dir.join(slots::file_name(&self.slot, Part::Lock)));
        }
    }
}

fn origin_of(location: &Location) -> String {
    match location {
        Location::Path(p) => p.display().to_string(),
        _ => String::new(),
    }
}

fn random() -> u32 {
    uuid::Uuid::new_v4().as_u128() as u32
}

/// Makes and locks a new slot's lock file, holding this process's id.
fn take_new_slot(dir: &Path) -> Result<(String, File), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {} ({e})", dir.display()))?;
    let mut last = String::new();
    for _ in 0..8 {
        let slot = slots::new_slot(std::process::id(), random());
        let path = dir.join(slots::file_name(&slot, Part::Lock));
        let mut file = match fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("cannot write in {} ({e})", dir.display())),
        };
        match file.try_lock() {
            Ok(()) => {}
            // Only the process id tells others this slot is in use.
            Err(std::fs::TryLockError::Error(e)) => log::warn!("autosave lock: {e}"),
            Err(std::fs::TryLockError::WouldBlock) => {
                last = "its lock is taken".into();
                continue;
            }
        }
        let _ = write!(file, "{}", std::process::id());
        return Ok((slot, file));
    }
    Err(format!(
        "no free autosave slot in {} ({last})",
        dir.display()
    ))
}

/// Tries a slot's lock: the file is returned (locked, so ours) when it was free.
fn probe(lock_path: &Path) -> (LockState, Option<File>) {
    let file = match fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)
    {
        Ok(f) => f,
        Err(_) => return (LockState::Unsupported, None),
    };
    match file.try_lock() {
        Ok(()) => (LockState::Free, Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => (LockState::Held, None),
        Err(std::fs::TryLockError::Error(_)) => (LockState::Unsupported, None),
    }
}

/// Whether a process runs (where locks do not work). Where this cannot be told,
/// it is taken to run.
fn pid_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn scan(dir: &Path) -> std::collections::BTreeMap<String, Vec<Part>> {
    let names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    slots::group(names.iter().map(String::as_str))
}

/// Reads an orphan's session, origin and draft.
fn read_slot(dir: &Path, slot: &str) -> Option<Recovered> {
    let file = dir.join(slots::file_name(slot, Part::Session));
    let draft = fs::read_to_string(dir.join(slots::file_name(slot, Part::Draft)))
        .ok()
        .and_then(|t| CaptureDraft::from_text(&t));
    let text = fs::read_to_string(&file).ok();
    if text.is_none() && draft.is_none() {
        return None;
    }
    let origin =
        fs::read_to_string(dir.join(slots::file_name(slot, Part::Origin))).unwrap_or_default();
    let modified = fs::metadata(&file)
        .or_else(|_| fs::metadata(dir.join(slots::file_name(slot, Part::Draft))))
        .and_then(|m| m.modified())
        .ok()
        .map(chrono::DateTime::<chrono::Utc>::from);
    let when = modified
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%A %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default();
    let text = text.unwrap_or_default();
    Some(Recovered {
        slot: slot.to_owned(),
        title: super::title_in(&text),
        text,
        location: if origin.trim().is_empty() {
            Location::Unsaved
        } else {
            Location::Path(PathBuf::from(origin.trim()))
        },
        when,
        modified,
        dirty: true,
        draft,
    })
}

fn run_job(dir: &Path, slot: &str, shared: &Shared, job: Job) {
    let file = dir.join(slots::file_name(slot, Part::Session));
    let meta = dir.join(slots::file_name(slot, Part::Origin));
    let draft = dir.join(slots::file_name(slot, Part::Draft));
    let failed = |e: String| {
        log::warn!("autosave failed: {e}");
        shared.set_warning(Some(format!(
            "Autosave failed: {e}. Your work is still open here; save it to a file (Ctrl+S)."
        )));
    };
    match job {
        Job::StoreSession { session, origin } => {
            match crate::model::file::to_ron_string(&session) {
                Ok(text) => run_job(dir, slot, shared, Job::Store { text, origin }),
                Err(e) => failed(e.to_string()),
            }
        }
        Job::Store { text, origin } => {
            let result = fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {} ({e})", dir.display()))
                .and_then(|()| write_atomic(&meta, origin.as_bytes()).map_err(|e| e.to_string()))
                .and_then(|()| write_atomic(&file, text.as_bytes()).map_err(|e| e.to_string()));
            // The autosave keeps no .bak of its own.
            let _ = fs::remove_file(backup_path(&file));
            let _ = fs::remove_file(backup_path(&meta));
            match result {
                Ok(()) => shared.set_warning(None),
                Err(e) => failed(e),
            }
        }
        Job::Draft(Some(text)) => {
            if let Err(e) = write_atomic(&draft, text.as_bytes()) {
                failed(e.to_string());
            }
            let _ = fs::remove_file(backup_path(&draft));
        }
        Job::Draft(None) => {
            let _ = fs::remove_file(&draft);
        }
        Job::Clear => {
            let _ = fs::remove_file(&file);
            let _ = fs::remove_file(&meta);
            let _ = fs::remove_file(&draft);
        }
        Job::Ping(reply) => {
            let _ = reply.send(());
        }
    }
}
