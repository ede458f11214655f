//! Nothing lost across windows and crashes (native): every app window autosaves into
//! its own locked slot, a running window's autosave is never offered, changed or
//! deleted by another, each orphan (its window gone) is offered, words typed in the
//! capture field but not committed come back into the capture field, and a failing
//! autosave shows in the status bar.
//!
//! The tests with child processes are in `autosave_processes.rs` (see why there).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use egui_kittest::{Harness, kittest::Queryable as _};
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::{EXAMPLE_SESSION, file};
use second_story::ui::{Action, Workspace};
use std::path::Path;

const CAPTURE: &str = "I paged them because the graph kept stepping";

fn harness(app: SecondStoryApp) -> Harness<'static, SecondStoryApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app)
}

fn ron(text: &str) -> String {
    file::to_ron_string(&file::from_str(text).expect("loads").session).expect("serializes")
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

// ------------------------------------------------------------- in one process

/// Two windows (two autosaves in one folder, each with its own lock) and a third
/// starting meanwhile: nobody is offered a running window's work, a clear removes
/// only one's own, and once a window is gone its work is offered exactly once.
#[test]
fn two_windows_never_share_or_delete_each_others_recovery() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().to_path_buf();
    let a = Autosave::in_dir(d.clone());
    let b = Autosave::in_dir(d.clone());
    let text_a = ron(EXAMPLE_SESSION);
    let mut session_b = file::from_str(EXAMPLE_SESSION).expect("loads").session;
    session_b.title = "Window B's review".into();
    a.store(text_a.clone(), &Location::Unsaved);
    b.store_session(&session_b, &Location::Path("/tmp/b.story.ron".into()), true);
    a.flush();
    b.flush();
    assert_eq!(files(&d, ".story.ron").len(), 2, "one autosave each");

    let c = Autosave::in_dir(d.clone());
    assert!(
        c.recoverable().is_empty(),
        "running windows' work is never offered"
    );
    c.discard(
        &files(&d, ".story.ron")[0]
            .replace("autosave-", "")
            .replace(".story.ron", ""),
    );
    assert_eq!(
        files(&d, ".story.ron").len(),
        2,
        "nor deleted by another window"
    );

    // B saves (its autosave goes); A's stays.
    b.clear();
    b.flush();
    assert_eq!(files(&d, ".story.ron").len(), 1);
    // A is gone without closing cleanly.
    drop(a);
    let offered = c.recoverable();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].text, text_a);
    // Claimed by C: a window starting now does not offer it too.
    assert!(Autosave::in_dir(d.clone()).recoverable().is_empty());
    assert!(b.recoverable().is_empty());
    // C restores it: it becomes C's own autosave, and A's slot is gone.
    c.adopt(&offered[0].slot);
    assert_eq!(files(&d, ".story.ron").len(), 1);
    assert!(
        Autosave::in_dir(d.clone()).recoverable().is_empty(),
        "C runs"
    );
    drop(c);
    let again = Autosave::in_dir(d.clone()).recoverable();
    assert_eq!(again.len(), 1, "C left it unsaved: offered again");
    assert_eq!(again[0].text, text_a);
}

/// A window killed long ago: its lock file names a process that is gone and nobody
/// holds the lock. Its work is offered; Discard removes it and nothing else.
#[test]
fn the_autosave_of_a_dead_process_is_offered_and_discarded_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let text = ron(EXAMPLE_SESSION);
    std::fs::write(d.join("autosave-999999-dead.lock"), "999999").expect("lock");
    std::fs::write(d.join("autosave-999999-dead.story.ron"), &text).expect("session");
    std::fs::write(d.join("autosave-999999-dead.origin"), "/srv/r.story.ron").expect("origin");
    let running = Autosave::in_dir(d.to_path_buf());
    running.store(text.clone(), &Location::Unsaved);
    running.flush();

    let app = SecondStoryApp::start_with(Autosave::in_dir(d.to_path_buf()));
    assert!(app.offering_restore());
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains(
        "Unsaved changes to “Payment retry storm near miss, 6 April” in r.story.ron",
    );
    h.get_by_label("Discard").click();
    h.run();
    assert!(!h.state().offering_restore());
    assert!(!d.join("autosave-999999-dead.story.ron").exists());
    assert!(!d.join("autosave-999999-dead.lock").exists());
    assert_eq!(
        files(d, ".story.ron").len(),
        1,
        "the running window's is kept"
    );
    drop(h);
    assert!(!SecondStoryApp::start_with(Autosave::in_dir(d.to_path_buf())).offering_restore());
}

/// Window A has unsaved work; window B starts, works, saves and quits: B never says
/// A "did not close cleanly", and A's autosave survives all of it.
#[test]
fn a_second_window_leaves_the_first_ones_autosave_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().join("autosave");
    let mut a = harness(SecondStoryApp::start_with(Autosave::in_dir(d.clone())));
    a.run();
    a.get_by_label_contains("New normal work study").click();
    a.run();
    a.get_by_label("Title").click();
    a.run();
    a.get_by_label("Title").type_text("Window A's study");
    settle(&mut a);
    assert_eq!(files(&d, ".story.ron").len(), 1);

    let b_app = SecondStoryApp::start_with(Autosave::in_dir(d.clone()));
    assert!(
        !b_app.offering_restore(),
        "A is running: nothing to restore"
    );
    let mut b = harness(b_app);
    b.run();
    b.get_by_label_contains("New near miss").click();
    b.run();
    b.get_by_label("Title").click();
    b.run();
    b.get_by_label("Title").type_text("Window B's review");
    settle(&mut b);
    assert_eq!(files(&d, ".story.ron").len(), 2);
    let path = dir.path().join("b.story.ron");
    b.state_mut().set_location(Location::Path(path));
    b.state_mut().perform(Action::Save);
    b.run();
    b.state_mut().perform(Action::Quit);
    b.run();
    b.state().flush_autosave();
    drop(b);
    let left = files(&d, ".story.ron");
    assert_eq!(left.len(), 1, "only A's autosave is left: {left:?}");
    let text = std::fs::read_to_string(d.join(&left[0])).expect("A's autosave");
    assert!(text.contains("Window A's study"));
    assert_eq!(files(&d, ".lock").len(), 1, "B tidied its lock");
}

/// Words typed in the capture field and not committed are in the autosave, and
/// after a crash Restore puts them back into the capture field, not the transcript.
#[test]
fn uncommitted_capture_words_come_back_into_the_capture_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().join("autosave");
    let path = dir.path().join("review.story.ron");
    {
        let mut h = harness(SecondStoryApp::start_with(Autosave::in_dir(d.clone())));
        h.run();
        h.get_by_label_contains("New incident review").click();
        h.run();
        h.state_mut().perform(Action::Show(Workspace::Participants));
        h.run();
        h.get_by_label_contains("Add participant").click();
        h.run();
        h.state_mut().perform(Action::Show(Workspace::Interviews));
        h.run();
        h.get_by_label("▶ Start interview").click();
        h.run();
        // Saved: the file holds everything but the words about to be typed.
        h.state_mut().set_location(Location::Path(path.clone()));
        h.state_mut().perform(Action::Save);
        h.run();
        assert!(!h.state().document().is_dirty());
        settle(&mut h);
        assert!(files(&d, ".story.ron").is_empty(), "nothing unsaved yet");
        h.get_by_label("Capture — Ctrl+Enter commits the statement")
            .type_text(CAPTURE);
        h.run();
        assert_eq!(h.state().session().statement_count(), 0, "not committed");
        settle(&mut h);
        assert_eq!(files(&d, ".draft").len(), 1, "the words are autosaved");
        assert_eq!(files(&d, ".story.ron").len(), 1, "with their session");
        // Dropped without closing: like a crash.
    }
    let app = SecondStoryApp::start_with(Autosave::in_dir(d.clone()));
    assert!(app.offering_restore());
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains(&format!(
        "Words typed in the capture field but not committed: “{CAPTURE}”"
    ));
    h.get_by_label("Restore").click();
    h.run();
    h.run();
    let app = h.state();
    assert_eq!(app.session().statement_count(), 0, "not made a statement");
    assert_eq!(app.location(), &Location::Path(path));
    let state: serde_json::Value =
        serde_json::from_str(&app.test_state_json()).expect("state is JSON");
    assert_eq!(state["draft"], CAPTURE, "back in the capture field");
    assert_eq!(state["workspace"], "Interviews");
    // Committing it now makes it the statement it was going to be.
    h.get_by_label("Capture — Ctrl+Enter commits the statement")
        .focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    let s = h.state().session();
    assert_eq!(s.statement_count(), 1);
    assert_eq!(s.interviews[0].statements[0].text, CAPTURE);
}

/// An autosave that cannot be written (here its file's place is taken by a folder;
/// a full disk fails the same way) is shown in the status bar, and the warning
/// goes once autosave works again.
#[test]
fn a_failing_autosave_is_shown_in_the_status_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().to_path_buf();
    let mut h = harness(SecondStoryApp::start_with(Autosave::in_dir(d.clone())));
    h.run();
    let lock = files(&d, ".lock");
    assert_eq!(lock.len(), 1);
    let blocked = d.join(lock[0].replace(".lock", ".story.ron"));
    std::fs::create_dir(&blocked).expect("folder in the way");
    h.get_by_label_contains("New near miss").click();
    h.run();
    h.get_by_label("Title").click();
    h.run();
    h.get_by_label("Title").type_text("Nowhere to go");
    settle(&mut h);
    h.run();
    h.get_by_label_contains("Autosave failed");
    std::fs::remove_dir(&blocked).expect("folder removed");
    h.get_by_label("Title").type_text(" after all");
    settle(&mut h);
    h.run();
    assert!(h.query_by_label_contains("Autosave failed").is_none());
    assert_eq!(files(&d, ".story.ron").len(), 1);
}

// ------------------------------------------------------------- two processes

/// A read-only session file is not overwritten: the app says so and offers Save
/// as, and the work stays open and unsaved.
#[test]
fn saving_a_read_only_file_offers_save_as() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("frozen.story.ron");
    std::fs::write(&path, EXAMPLE_SESSION).expect("file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.state_mut().open_bytes(
        "frozen.story.ron",
        Location::Path(path.clone()),
        EXAMPLE_SESSION.as_bytes().to_vec(),
    );
    h.run();
    h.get_by_label("Title").click();
    h.run();
    h.get_by_label("Title").type_text(" (edited)");
    h.run();
    h.state_mut().perform(Action::Save);
    h.run();
    h.get_by_label("The file is read-only");
    h.get_by_label_contains("Use Save as");
    h.get_by_label("Save as…");
    assert_eq!(
        std::fs::read_to_string(&path).expect("file"),
        EXAMPLE_SESSION
    );
    assert!(h.state().document().is_dirty());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("The file is read-only").is_none());
}

/// When the Save as dialog cannot open, the app says so and a typed path saves the
/// session there (with the session extension).
#[test]
fn a_dialog_that_cannot_open_offers_a_typed_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.get_by_label_contains("New near miss").click();
    h.run();
    h.state_mut()
        .receive(second_story::io::IoEvent::DialogFailed {
            purpose: second_story::io::PathPurpose::SaveSession {
                suggested: dir.path().join("untitled.story.ron"),
            },
            why: "No file chooser service answered.".into(),
        });
    h.run();
    h.get_by_label("The file dialog did not open");
    // Replace the suggestion with the typed path.
    let target = dir.path().join("typed");
    h.get_by_label("Save the session to this path:").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Save the session to this path:")
        .type_text(&target.display().to_string());
    h.run();
    // Enter does what the button does.
    h.key_press(egui::Key::Enter);
    for _ in 0..5 {
        h.run();
    }
    let written = dir.path().join("typed.story.ron");
    assert!(written.exists(), "saved to the typed path");
    assert!(!h.state().document().is_dirty());
    assert_eq!(h.state().location(), &Location::Path(written));
}

/// While the app asks for a typed path for an export, the status bar does not claim the
/// export is being written; once the path is given it is, and then it is done.
#[test]
fn an_export_waiting_for_a_typed_path_is_not_shown_as_exporting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.get_by_label_contains("New near miss").click();
    h.run();
    h.state_mut().set_export_folder(Some(dir.path().to_owned()));
    h.state_mut().pause_background_results(true);
    h.state_mut()
        .perform(second_story::ui::Action::ExportMarkdown { redact: true });
    // The spinner repaints: step frames rather than wait for the app to settle.
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Exporting").is_some(),
        "an export on its way shows progress"
    );
    h.state_mut()
        .receive(second_story::io::IoEvent::DialogFailed {
            purpose: second_story::io::PathPurpose::Export {
                suggested: dir.path().join("write-up.md"),
                text: "# Write-up\n".into(),
            },
            why: "No file chooser service answered.".into(),
        });
    h.run();
    h.get_by_label("The file dialog did not open");
    assert!(
        h.query_by_label_contains("Exporting").is_none(),
        "nothing is written while the path is asked for"
    );
}
