//! Merging a colleague's copy in the app: a summary before anything changes, one undo
//! step, the Conflicts list with both versions side by side (keep yours, take theirs,
//! or write another), the open-conflict count in the status bar until it reaches zero,
//! undo and redo of all of it; a copy of another session is refused.

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
use second_story::model::{Id, Interview, Session, Statement, file, transfer};

fn harness(app: SecondStoryApp) -> Harness<'static, SecondStoryApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app)
}

/// Steps frames until `done` (the merge runs on a thread).
fn step_until(
    h: &mut Harness<'_, SecondStoryApp>,
    done: impl Fn(&Harness<'_, SecondStoryApp>) -> bool,
) {
    for _ in 0..1000 {
        if done(h) {
            return;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the merge never finished");
}

fn example() -> Session {
    file::from_str(second_story::model::EXAMPLE_SESSION)
        .unwrap_or_else(|e| panic!("{e}"))
        .session
}

/// Our copy (statement 3 of the first interview reworded by Sam) open in the app, and
/// Kit's copy (the same statement reworded, and a new interview with two statements).
fn two_copies() -> (Harness<'static, SecondStoryApp>, Session, Session) {
    let base = example();
    let mut ours = base.clone();
    ours.interviews[0].statements[2].text = "Reworded by Sam".into();
    let mut theirs = base.clone();
    theirs.interviews[0].statements[2].text = "Reworded by Kit".into();
    theirs.interviews.push(Interview {
        id: Id::from_u128(0x900),
        participant: base.participants[3].id,
        title: "Second sweep with the incident commander".into(),
        statements: (0..2)
            .map(|n| Statement {
                id: Id::from_u128(0x901 + n),
                at_secs: 60 * n as u32,
                text: format!("Kit's note {n}"),
                ..Statement::default()
            })
            .collect(),
        ..Interview::default()
    });
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    let text = file::to_ron_string(&ours).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut()
        .open_bytes("ours.story.ron", Location::Unsaved, text.into_bytes());
    h.run();
    assert!(h.state().error_message().is_none());
    (h, ours, theirs)
}

fn conflicts_shown(h: &Harness<'_, SecondStoryApp>) -> bool {
    h.query_by_label_contains("⚠ 1 open conflict").is_some()
}

fn statement_text(h: &Harness<'_, SecondStoryApp>) -> String {
    h.state().session().interviews[0].statements[2].text.clone()
}

#[test]
fn merge_a_copy_settle_its_conflict_then_undo_and_redo() {
    let (mut h, ours, theirs) = two_copies();
    let bytes = file::to_ron_string(&theirs).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().merge_bytes("kit.story.ron", bytes.as_bytes());
    step_until(&mut h, |h| h.state().merge_summary().is_some());
    h.run();
    assert_eq!(
        h.state().merge_summary(),
        Some("adds 1 interview and 2 statements, 1 conflict")
    );
    assert!(h.query_by_label_contains("Merge kit.story.ron?").is_some());
    assert!(
        h.query_by_label_contains("adds 1 interview and 2 statements, 1 conflict")
            .is_some(),
        "the summary is on screen"
    );
    assert_eq!(
        h.state().session().interviews,
        ours.interviews,
        "nothing changed yet"
    );

    h.get_by_label("Merge").click();
    h.run();
    let s = h.state().session();
    assert_eq!(s.interviews.len(), 4);
    assert_eq!(s.conflicts.len(), 1);
    assert_eq!(
        statement_text(&h),
        "Reworded by Sam",
        "yours, until you choose"
    );
    assert!(h.state().showing_conflicts(), "the Conflicts list opens");
    assert!(conflicts_shown(&h), "the status bar counts it");
    assert!(
        h.query_by_label("Reworded by Kit").is_some(),
        "theirs, side by side"
    );

    h.get_by_label("Take theirs").click();
    h.run();
    assert_eq!(statement_text(&h), "Reworded by Kit");
    assert!(h.state().session().conflicts.is_empty());
    assert!(!conflicts_shown(&h), "the count is gone at zero");

    // Undo the choice, then the merge; redo both.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(statement_text(&h), "Reworded by Sam");
    assert_eq!(h.state().session().conflicts.len(), 1);
    assert!(conflicts_shown(&h));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session().interviews,
        ours.interviews,
        "the merge was one step"
    );
    assert!(h.state().session().conflicts.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().session().interviews.len(), 4);
    assert_eq!(h.state().session().conflicts.len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(statement_text(&h), "Reworded by Kit");
    assert!(h.state().session().conflicts.is_empty());
}

#[test]
fn a_conflict_can_be_settled_with_words_of_ones_own() {
    let (mut h, _, theirs) = two_copies();
    let parts = transfer::split(
        &file::Loaded {
            session: theirs,
            file_version: file::CURRENT_VERSION,
        },
        4096,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        parts.len() > 2,
        "handed over in several parts, as by the browser's worker"
    );
    h.state_mut().merge_parts("kit.story.ron", parts);
    step_until(&mut h, |h| h.state().merge_summary().is_some());
    h.run();
    h.get_by_label("Merge").click();
    h.run();
    h.get_by_label("Edit…").click();
    h.run();
    h.get_by_label("The version to keep").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("The version to keep")
        .type_text("Agreed with Kit");
    h.run();
    h.get_by_label("Use this").click();
    h.run();
    assert_eq!(statement_text(&h), "Agreed with Kit");
    assert!(h.state().session().conflicts.is_empty());
}

#[test]
fn a_copy_of_another_session_is_refused_and_nothing_changes() {
    let (mut h, ours, mut other) = two_copies();
    other.id = Id::from_u128(0xdead);
    other.title = "Database failover drill".into();
    let bytes = file::to_ron_string(&other).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut()
        .merge_bytes("drill.story.ron", bytes.as_bytes());
    h.run();
    let msg = h.state().error_message().unwrap_or_default().to_owned();
    assert!(msg.contains("not copies of the same session"), "{msg}");
    assert!(msg.contains("Database failover drill"), "{msg}");
    assert!(h.state().merge_summary().is_none());
    assert_eq!(h.state().session().interviews, ours.interviews);
    // A broken copy says what is wrong, and nothing changes either.
    h.get_by_label("OK").click();
    h.run();
    h.state_mut()
        .merge_bytes("cut.story.ron", &bytes.as_bytes()[..bytes.len() / 2]);
    h.run();
    let msg = h.state().error_message().unwrap_or_default().to_owned();
    assert!(msg.contains("cut off"), "{msg}");
    assert_eq!(h.state().session().interviews, ours.interviews);
}
