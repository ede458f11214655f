//! Nothing lost across processes (native): two app windows as real processes on one
//! session, one killed, nothing of either lost; and control characters in a title
//! never reach the window title or the terminal.
//!
//! Kept apart from `autosave_windows.rs`: these tests start child processes, and a
//! child holds copies of this process's open files between fork and exec, which can
//! keep another test's autosave lock held for a moment. The process tests re-run this
//! test binary as app windows (`--exact child_window --ignored`, told what to type
//! through environment variables) and kill them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_types,
    clippy::disallowed_methods,
    clippy::infinite_loop,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers); native-only: waits on real processes, and the child window runs until it is killed"
)]

use egui_kittest::{Harness, kittest::Queryable as _};
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::{EXAMPLE_SESSION, file};
use second_story::ui::{Action, Workspace};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_DIR: &str = "SECOND_STORY_WINDOW_DIR";
const CHILD_NAME: &str = "SECOND_STORY_WINDOW_NAME";
const CAPTURE: &str = "I paged them because the graph kept stepping";

fn harness(app: SecondStoryApp) -> Harness<'static, SecondStoryApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app)
}

/// Waits (bounded) until `done` is true.
fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Lets the autosave delay pass (kittest advances time per step) and the write land.
fn settle(h: &mut Harness<'_, SecondStoryApp>) {
    for _ in 0..40 {
        h.step();
    }
    h.state().flush_autosave();
}

/// Names of the autosave files in `dir` ending with `suffix`.
fn files(dir: &Path, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("autosave") && n.ends_with(suffix))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Child: an app window on the example session file in the folder. It adds a
/// participant named after `CHILD_NAME`, types (without committing) a statement in a
/// new interview, lets autosave write, says it is ready, and runs until killed.
#[test]
#[ignore = "child process of two_windows_on_one_session_killing_one_loses_nothing"]
fn child_window() {
    let Some(dir) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else {
        return;
    };
    let name = std::env::var(CHILD_NAME).expect("name given");
    let mut app = SecondStoryApp::start_with(Autosave::in_dir(dir.join("autosave")));
    assert!(
        !app.offering_restore(),
        "the other window runs: nothing to offer"
    );
    let path = dir.join("review.story.ron");
    app.open_bytes(
        "review.story.ron",
        Location::Path(path.clone()),
        std::fs::read(&path).expect("session file"),
    );
    app.perform(Action::Show(Workspace::Participants));
    let mut h = harness(app);
    h.run();
    h.get_by_label("➕ Add participant").click();
    h.run();
    h.get_by_label("Pseudonym").click();
    h.run();
    h.get_by_label("Pseudonym").type_text(&format!(" {name}"));
    h.run();
    h.state_mut().perform(Action::Show(Workspace::Interviews));
    h.run();
    h.get_by_label("▶ Start interview").click();
    h.run();
    h.get_by_label("Capture — Ctrl+Enter commits the statement")
        .type_text(&format!("{CAPTURE} ({name})"));
    h.run();
    settle(&mut h);
    std::fs::write(dir.join(format!("{name}.ready")), b"ready").expect("marker");
    loop {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn_window(dir: &Path, name: &str) -> Child {
    Command::new(std::env::current_exe().expect("test binary path"))
        .args([
            "--exact",
            "child_window",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir)
        .env(CHILD_NAME, name)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("child window starts")
}

fn kill(mut child: Child) {
    // SIGKILL on Unix: no destructors, no flushing.
    let _ = child.kill();
    let _ = child.wait();
}

/// The restore prompt of a fresh start, restored: (offered, pseudonyms, draft).
fn restart_and_restore(autosave: &Path) -> (usize, Vec<String>, String) {
    let app = SecondStoryApp::start_with(Autosave::in_dir(autosave.to_path_buf()));
    if !app.offering_restore() {
        return (0, Vec::new(), String::new());
    }
    let mut h = harness(app);
    h.run();
    let offered = h.query_all_by_label("Restore").count();
    h.get_all_by_label("Restore")
        .next()
        .expect("a Restore button")
        .click();
    h.run();
    h.run();
    let app = h.state();
    let names = app
        .session()
        .participants
        .iter()
        .map(|p| p.pseudonym.clone())
        .collect();
    let state: serde_json::Value =
        serde_json::from_str(&app.test_state_json()).expect("state is JSON");
    (
        offered,
        names,
        state["draft"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Two app processes on one session file, each with unsaved edits and words not
/// committed. Killing one: a new start offers exactly its work (not the running
/// one's), and the running one's autosave is untouched. Killing the other: its
/// work is offered too. Nothing of either is lost.
#[test]
fn two_windows_on_one_session_killing_one_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("review.story.ron"), EXAMPLE_SESSION).expect("session file");
    let autosave = d.join("autosave");
    let owl = spawn_window(d, "owl");
    let lark = spawn_window(d, "lark");
    for name in ["owl", "lark"] {
        wait_until(
            &format!("window {name} to edit and autosave"),
            Duration::from_secs(180),
            || d.join(format!("{name}.ready")).exists(),
        );
    }
    assert_eq!(files(&autosave, ".story.ron").len(), 2, "one autosave each");
    assert_eq!(files(&autosave, ".draft").len(), 2);

    kill(owl);
    let (offered, names, draft) = restart_and_restore(&autosave);
    assert_eq!(offered, 1, "only the killed window's work is offered");
    assert!(names.iter().any(|n| n.ends_with(" owl")), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(" lark")), "{names:?}");
    assert_eq!(draft, format!("{CAPTURE} (owl)"));
    // The restored work is now the (dropped, so orphaned again) restarted window's;
    // the running window's autosave is as it was.
    let lark_files: Vec<String> = files(&autosave, ".story.ron")
        .into_iter()
        .filter(|f| std::fs::read_to_string(autosave.join(f)).is_ok_and(|t| t.contains(" lark")))
        .collect();
    assert_eq!(
        lark_files.len(),
        1,
        "the running window's autosave is intact"
    );

    kill(lark);
    let app = SecondStoryApp::start_with(Autosave::in_dir(autosave.clone()));
    assert!(app.offering_restore());
    let mut h = harness(app);
    h.run();
    assert_eq!(
        h.query_all_by_label("Restore").count(),
        2,
        "both windows' work is offered: the killed one's and the restarted one's"
    );
    let drafts: Vec<String> = files(&autosave, ".draft")
        .iter()
        .map(|f| std::fs::read_to_string(autosave.join(f)).unwrap_or_default())
        .collect();
    assert!(drafts.iter().any(|t| t.contains("(owl)")), "{drafts:?}");
    assert!(drafts.iter().any(|t| t.contains("(lark)")), "{drafts:?}");
}

// ------------------------------------------------------------- saving and titles

/// A title with a NUL byte and escape sequences (which made winit panic) reaches
/// the window only as one plain line, and `validate` prints it without them.
#[test]
fn control_characters_never_reach_the_window_title_or_the_terminal() {
    let mut session = file::from_str(EXAMPLE_SESSION).expect("loads").session;
    session.title = "Retry\0 storm\x1b]0;pwned\x07\x1b[2J\nsecond line".into();
    let text = file::to_ron_string(&session).expect("serializes");
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.state_mut()
        .open_bytes("t.story.ron", Location::Unsaved, text.clone().into_bytes());
    let mut titles = Vec::new();
    for _ in 0..3 {
        h.step();
        for cmd in &h.output().viewport_output[&egui::ViewportId::ROOT].commands {
            if let egui::ViewportCommand::Title(t) = cmd {
                titles.push(t.clone());
            }
        }
    }
    assert!(!titles.is_empty(), "the title was set");
    for t in &titles {
        assert!(!t.chars().any(char::is_control), "{t:?}");
    }
    assert!(
        titles
            .iter()
            .any(|t| t.contains("Retry storm]0;pwned[2J second line")),
        "{titles:?}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.story.ron");
    std::fs::write(&path, text).expect("file");
    let out = Command::new(env!("CARGO_BIN_EXE_second-story"))
        .args(["validate", &path.display().to_string()])
        .output()
        .expect("validate runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Retry storm"), "{stdout}");
    assert!(
        !stdout.trim_end().chars().any(char::is_control),
        "no control characters: {stdout:?}"
    );
}
