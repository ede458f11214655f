//! Crash safety (native): a process killed at any moment while saving never leaves a
//! broken session file, and unsaved edits survive a kill through autosave.
//!
//! The tests re-run this test binary as a child process (`--exact child_… --ignored`
//! with an environment variable saying what to do), kill it with SIGKILL at random
//! moments and then look at what is on disk. The random seed is printed so a failing
//! run can be repeated with `CRASH_SEED=<seed>`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_types,
    clippy::disallowed_methods,
    clippy::infinite_loop,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers); native-only: kills and times real processes, and the child saving the file runs until it is killed"
)]

use egui_kittest::{Harness, kittest::Queryable as _};
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location, backup_path, write_atomic};
use second_story::model::{EXAMPLE_SESSION, Session, file};
use second_story::ui::{Action, Workspace};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_TASK: &str = "SECOND_STORY_CRASH_CHILD";
const CHILD_PATH: &str = "SECOND_STORY_CRASH_PATH";

/// Two complete, different versions of a session: the example, and the example
/// with a long purpose and an extra participant (so the files differ in size too).
fn two_versions() -> (Session, Session) {
    let a = file::from_str(EXAMPLE_SESSION)
        .expect("example loads")
        .session;
    let mut b = a.clone();
    b.title = "Version B of the review".into();
    b.purpose = "A much longer purpose. ".repeat(2000);
    let mut late = second_story::model::Participant::new("P9 (late addition)");
    // Parent and child build this separately: the id must not be random.
    late.id = second_story::model::Id::from_u128(0x5eed_0009);
    b.participants.push(late);
    (a, b)
}

fn ron(s: &Session) -> String {
    file::to_ron_string(s).expect("session serializes")
}

/// A small xorshift generator; the seed comes from the clock unless `CRASH_SEED` is set.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::env::var("CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(8)
                    | 1
            });
        println!("CRASH_SEED={seed}");
        Self(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Starts this test binary again, running only the named child test.
fn spawn_child(test: &str, task: &str, path: &Path) -> Child {
    Command::new(std::env::current_exe().expect("test binary path"))
        .args([
            "--exact",
            test,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_TASK, task)
        .env(CHILD_PATH, path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("child process starts")
}

fn kill(mut child: Child) {
    // SIGKILL on Unix: no destructors, no flushing, like a power cut for the process.
    let _ = child.kill();
    let _ = child.wait();
}

/// Waits (bounded) until `done` is true.
fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Which of the two versions a file on disk holds; fails on anything else.
fn which_version(path: &Path, a: &Session, b: &Session) -> &'static str {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("{} is missing: {e}", path.display()));
    let loaded = file::from_bytes(&bytes).unwrap_or_else(|e| {
        panic!(
            "{} is not a complete session ({} bytes): {e}",
            path.display(),
            bytes.len()
        )
    });
    if &loaded.session == a {
        "A"
    } else if &loaded.session == b {
        "B"
    } else {
        panic!("{} holds a session that is neither version", path.display())
    }
}

// ---------------------------------------------------------------- child processes

/// Child: saves the two versions alternately to one path, forever (until killed).
#[test]
#[ignore = "child process of killing_a_save_never_leaves_a_broken_file"]
fn child_saver() {
    if std::env::var(CHILD_TASK).as_deref() != Ok("save") {
        return;
    }
    let path = PathBuf::from(std::env::var_os(CHILD_PATH).expect("path given"));
    let (a, b) = two_versions();
    let (a, b) = (ron(&a), ron(&b));
    for i in 0u64.. {
        let text = if i % 2 == 0 { &b } else { &a };
        write_atomic(&path, text.as_bytes()).expect("save works");
    }
}

/// Child: autosaves the two versions alternately, forever (until killed).
#[test]
#[ignore = "child process of killing_autosave_never_leaves_a_broken_copy"]
fn child_autosaver() {
    if std::env::var(CHILD_TASK).as_deref() != Ok("autosave") {
        return;
    }
    let dir = PathBuf::from(std::env::var_os(CHILD_PATH).expect("dir given"));
    let (a, b) = two_versions();
    let (a, b) = (ron(&a), ron(&b));
    let autosave = Autosave::in_dir(dir);
    for i in 0u64.. {
        let text = if i % 2 == 0 { &b } else { &a };
        autosave.store(text.clone(), &Location::Unsaved);
        autosave.flush();
    }
}

/// Child: a person opens the example, adds a participant and names them, and then
/// the app is killed before anyone saves.
#[test]
#[ignore = "child process of unsaved_edits_survive_a_kill"]
fn child_editor() {
    if std::env::var(CHILD_TASK).as_deref() != Ok("edit") {
        return;
    }
    let dir = PathBuf::from(std::env::var_os(CHILD_PATH).expect("dir given"));
    let mut app = SecondStoryApp::start_with(Autosave::in_dir(dir.join("autosave")));
    assert!(
        !app.offering_restore(),
        "a clean start has nothing to restore"
    );
    app.perform(Action::OpenExample);
    app.perform(Action::Show(Workspace::Participants));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app);
    harness.run();
    harness.get_by_label("➕ Add participant").click();
    harness.run();
    harness.get_by_label("Pseudonym").click();
    harness.run();
    harness.get_by_label("Pseudonym").type_text(" night owl");
    harness.run();
    assert!(harness.state().document().is_dirty());
    // Let the autosave delay pass in app time, then make sure the write is on disk.
    for _ in 0..40 {
        harness.step();
    }
    harness.state().flush_autosave();
    std::fs::write(dir.join("ready"), b"ready").expect("marker written");
    loop {
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------- the tests

#[test]
fn killing_a_save_never_leaves_a_broken_file() {
    let (a, b) = two_versions();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("review.story.ron");
    // The old version is on disk before the first save.
    write_atomic(&path, ron(&a).as_bytes()).expect("first save");
    assert!(
        !backup_path(&path).exists(),
        "no .bak before the first overwrite"
    );
    let mut rng = Rng::new();
    let started = Instant::now();
    let mut seen = std::collections::BTreeMap::new();
    let mut rounds = 0;
    while rounds < 12 && started.elapsed() < Duration::from_secs(8) {
        rounds += 1;
        let child = spawn_child("child_saver", "save", &path);
        // The child has overwritten at least once when the .bak appears.
        wait_until(
            ".bak after the first overwrite",
            Duration::from_secs(30),
            || backup_path(&path).exists(),
        );
        std::thread::sleep(Duration::from_micros(rng.below(200_000)));
        kill(child);
        *seen.entry(which_version(&path, &a, &b)).or_insert(0) += 1;
        which_version(&backup_path(&path), &a, &b);
    }
    println!("{rounds} kills; the file held {seen:?}");
    assert!(rounds >= 3, "too few rounds to mean anything");
    // Only the session, its .bak and (after a kill mid-write) hidden temp files remain.
    for entry in std::fs::read_dir(dir.path()).expect("dir lists").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            name == "review.story.ron"
                || name == "review.story.ron.bak"
                || (name.starts_with(".second-story-") && name.ends_with(".tmp")),
            "unexpected file {name}"
        );
    }
}

/// How many session files the autosave folder holds (of any window).
fn autosave_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.starts_with("autosave") && name.ends_with(".story.ron")
                })
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn killing_autosave_never_leaves_a_broken_copy() {
    let (a, b) = two_versions();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng::new();
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < 8 && started.elapsed() < Duration::from_secs(6) {
        rounds += 1;
        let child = spawn_child("child_autosaver", "autosave", dir.path());
        // The running child's autosave is never offered: wait for its file.
        wait_until("the first autosave", Duration::from_secs(30), || {
            autosave_files(dir.path()) > 0
        });
        std::thread::sleep(Duration::from_micros(rng.below(150_000)));
        kill(child);
        let next = Autosave::in_dir(dir.path().to_path_buf());
        let recovered = next.recoverable();
        assert_eq!(
            recovered.len(),
            1,
            "round {rounds}: the killed child's autosave"
        );
        let loaded = file::from_str(&recovered[0].text)
            .unwrap_or_else(|e| panic!("round {rounds}: the autosave is broken: {e}"));
        assert!(
            loaded.session == a || loaded.session == b,
            "round {rounds}: neither version"
        );
        assert_eq!(recovered[0].location, Location::Unsaved);
        next.discard(&recovered[0].slot);
        assert_eq!(autosave_files(dir.path()), 0, "discarded");
    }
    assert!(rounds >= 3, "too few rounds to mean anything");
}

#[test]
fn unsaved_edits_survive_a_kill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let child = spawn_child("child_editor", "edit", dir.path());
    wait_until(
        "the child to edit and autosave",
        Duration::from_secs(120),
        || dir.path().join("ready").exists(),
    );
    kill(child);
    let autosave_dir = dir.path().join("autosave");

    // What is on disk holds the edit.
    let recovered = Autosave::in_dir(autosave_dir.clone())
        .load()
        .expect("the killed run left an autosave");
    let session = file::from_str(&recovered.text)
        .expect("the autosave is a complete session")
        .session;
    assert_eq!(session.participants.len(), 5);
    assert!(
        session
            .participants
            .iter()
            .any(|p| p.pseudonym.ends_with(" night owl")),
        "the typed pseudonym was autosaved"
    );

    // The next start offers to restore it, and Restore brings the edit back.
    let app = SecondStoryApp::start_with(Autosave::in_dir(autosave_dir.clone()));
    assert!(
        app.offering_restore(),
        "the restart offers the unsaved work"
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app);
    harness.run();
    harness.get_by_label("Restore").click();
    harness.run();
    let app = harness.state();
    assert!(!app.offering_restore());
    assert_eq!(app.session(), &session);
    assert!(
        app.document().is_dirty(),
        "restored work is unsaved until saved"
    );
    assert!(app.error_message().is_none());
}

#[test]
fn discarding_the_restore_deletes_the_autosave() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, _) = two_versions();
    let autosave = Autosave::in_dir(dir.path().to_path_buf());
    autosave.store(ron(&a), &Location::Unsaved);
    autosave.flush();
    drop(autosave);
    let app = SecondStoryApp::start_with(Autosave::in_dir(dir.path().to_path_buf()));
    assert!(app.offering_restore());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app);
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    harness.state().flush_autosave();
    assert!(!harness.state().offering_restore());
    assert!(Autosave::in_dir(dir.path().to_path_buf()).load().is_none());
    // A later start offers nothing.
    assert!(
        !SecondStoryApp::start_with(Autosave::in_dir(dir.path().to_path_buf())).offering_restore()
    );
}
