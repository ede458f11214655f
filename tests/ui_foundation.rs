//! Click-through flows of the app shell: create a session, add participants, undo,
//! save, reopen; unsaved-changes prompts; a broken file never replaces the session.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::{SessionKind, file};
use second_story::ui::Action;

fn harness(app: SecondStoryApp) -> Harness<'static, SecondStoryApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app)
}

fn ctrl(h: &mut Harness<'_, SecondStoryApp>, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
}

#[test]
fn create_session_add_participants_undo_save_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::in_dir(
        dir.path().join("autosave"),
    )));
    h.run();
    assert!(h.state().showing_start());

    h.get_by_label_contains("New near miss").click();
    h.run();
    assert!(!h.state().showing_start());
    assert_eq!(h.state().session().kind, SessionKind::NearMiss);

    h.get_by_label("Title").click();
    h.run();
    h.get_by_label("Title").type_text("Checkout retry storm");
    h.run();
    assert_eq!(h.state().session().title, "Checkout retry storm");

    // Participants workspace, by keyboard.
    ctrl(&mut h, Key::Num2);
    h.get_by_label_contains("Add participant").click();
    h.run();
    h.get_by_label_contains("Add participant").click();
    h.run();
    let names: Vec<_> = h
        .state()
        .session()
        .participants
        .iter()
        .map(|p| p.pseudonym.clone())
        .collect();
    assert_eq!(names, ["P1", "P2"]);

    // The new participant is selected: give them a role.
    h.get_by_label("Role").click();
    h.run();
    h.get_by_label("Role").type_text("On-call SRE");
    h.run();
    assert_eq!(h.state().session().participants[1].role, "On-call SRE");

    // Undo the typing, then the second participant; redo brings it back.
    ctrl(&mut h, Key::Z);
    assert_eq!(h.state().session().participants[1].role, "");
    ctrl(&mut h, Key::Z);
    assert_eq!(h.state().session().participants.len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().session().participants.len(), 2);
    assert!(h.state().document().is_dirty());

    // Save with Ctrl+S to a known file.
    let path = dir.path().join("review.story.ron");
    h.state_mut().set_location(Location::Path(path.clone()));
    ctrl(&mut h, Key::S);
    assert!(!h.state().document().is_dirty(), "saved");
    let text = std::fs::read_to_string(&path).unwrap();
    let saved = file::from_str(&text).unwrap().session;
    assert_eq!(&saved, h.state().session());

    // Reopen in a fresh app: identical.
    let mut h2 = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h2.run();
    h2.state_mut().open_bytes(
        "review.story.ron",
        Location::Path(path.clone()),
        text.into_bytes(),
    );
    h2.run();
    assert_eq!(h2.state().session(), &saved);
    assert!(!h2.state().showing_start());
    // Saving again keeps the previous version as .bak.
    ctrl(&mut h, Key::S);
    assert!(second_story::io::backup_path(&path).exists());
}

#[test]
fn unsaved_changes_are_asked_about_before_they_are_replaced() {
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.get_by_label_contains("New incident review").click();
    h.run();
    h.get_by_label("Title").click();
    h.run();
    h.get_by_label("Title").type_text("Keep me");
    h.run();
    h.state_mut().perform(Action::OpenExample);
    h.run();
    assert!(h.state().asking_about_unsaved());
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().session().title, "Keep me");
    h.state_mut().perform(Action::OpenExample);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    assert!(h.state().session().title.contains("retry storm"));
}

#[test]
fn a_broken_file_shows_an_error_and_keeps_the_open_session() {
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.get_by_label_contains("Open example").click();
    h.run();
    let before = h.state().session().clone();
    let mut broken = second_story::model::EXAMPLE_SESSION.as_bytes().to_vec();
    broken.truncate(broken.len() / 3);
    h.state_mut()
        .open_bytes("broken.story.ron", Location::Unsaved, broken);
    h.run();
    let msg = h
        .state()
        .error_message()
        .expect("an error is shown")
        .to_owned();
    assert!(msg.contains("cut off") && msg.contains("line"), "{msg}");
    h.get_by_label_contains("Could not open broken.story.ron");
    h.get_by_label("OK").click();
    h.run();
    assert!(h.state().error_message().is_none());
    assert_eq!(h.state().session(), &before);
}

#[test]
fn autosave_is_offered_back_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let autosave_dir = dir.path().join("autosave");
    {
        let mut h = harness(SecondStoryApp::with_autosave(Autosave::in_dir(
            autosave_dir.clone(),
        )));
        h.run();
        h.get_by_label_contains("New normal work study").click();
        h.run();
        h.get_by_label("Title").click();
        h.run();
        h.get_by_label("Title").type_text("Unsaved study");
        // Let the autosave delay pass (kittest advances time per step).
        for _ in 0..120 {
            h.step();
        }
        h.state().flush_autosave();
        // Dropped without saving: like a crash.
    }
    let recovered = Autosave::in_dir(autosave_dir)
        .load()
        .expect("autosave exists");
    let s = file::from_str(&recovered.text).unwrap().session;
    assert_eq!(s.title, "Unsaved study");
}

/// Steps the app until `done` holds (a background thread is reading a file).
fn step_until(h: &mut Harness<'_, SecondStoryApp>, done: impl Fn(&SecondStoryApp) -> bool) {
    for _ in 0..1000 {
        if done(h.state()) {
            return;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the background open never finished");
}

#[test]
fn files_open_in_the_background_and_a_broken_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("example.story.ron");
    std::fs::write(&good, second_story::model::EXAMPLE_SESSION).unwrap();
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.state_mut().perform(Action::OpenRecent(good.clone()));
    step_until(&mut h, |app| !app.showing_start());
    assert!(h.state().session().title.contains("retry storm"));
    assert_eq!(h.state().location(), &Location::Path(good));

    let bad = dir.path().join("bad.story.ron");
    let text = second_story::model::EXAMPLE_SESSION;
    std::fs::write(&bad, &text.as_bytes()[..text.len() / 4]).unwrap();
    let before = h.state().session().clone();
    h.state_mut().perform(Action::OpenRecent(bad));
    step_until(&mut h, |app| app.error_message().is_some());
    assert_eq!(h.state().session(), &before);
}

#[test]
fn words_typed_but_not_committed_are_kept_when_another_session_opens() {
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.get_by_label_contains("New incident review").click();
    h.run();
    ctrl(&mut h, Key::Num2);
    h.get_by_label_contains("Add participant").click();
    h.run();
    ctrl(&mut h, Key::Num3);
    h.get_by_label("▶ Start interview").click();
    h.run();
    h.get_by_label("Capture — Ctrl+Enter commits the statement")
        .type_text("I paged them because the graph kept stepping");
    h.run();
    assert_eq!(
        h.state().session().statement_count(),
        0,
        "not committed yet"
    );
    h.state_mut().perform(Action::OpenExample);
    h.run();
    // The half-typed statement became a statement, and the prompt protects it.
    assert!(h.state().asking_about_unsaved());
    let s = h.state().session();
    assert_eq!(s.statement_count(), 1);
    assert_eq!(
        s.interviews[0].statements[0].text,
        "I paged them because the graph kept stepping"
    );
}
