//! Coaching as a facilitator meets it: capture a leading question and see a gentle
//! note beside the statements while typing carries on in the capture field; dismiss
//! it; ask a guide question in your own words and see it ticked; a garden path brings
//! the misdiagnosis probes; after the interview, the card and its note, the
//! calibration dates and the participant's own account.

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
use second_story::model::guides::builtin_guides;
use second_story::model::*;
use second_story::ui::coach::HINT_LABEL;

mod common;
use common::{CAPTURE, harness, keys, start_interview};

/// Types into whatever has the keyboard, as a person does: no click first.
fn type_on(h: &mut Harness<'_, SecondStoryApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

/// Chooses who speaks next with the speaker buttons above the capture field (they
/// hand the keyboard back to it).
fn speak_as(h: &mut Harness<'_, SecondStoryApp>, who: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::RadioButton, who)
        .click();
    h.run();
    h.run();
}

fn say(h: &mut Harness<'_, SecondStoryApp>, text: &str) {
    type_on(h, text);
    keys(h, Modifiers::COMMAND, Key::Enter);
}

fn interview(h: &Harness<'_, SecondStoryApp>) -> Interview {
    h.state().session().interviews[0].clone()
}

/// Steps frames until `done`, giving the export thread time to finish.
fn step_until(
    h: &mut Harness<'_, SecondStoryApp>,
    done: impl Fn(&Harness<'_, SecondStoryApp>) -> bool,
) {
    for _ in 0..1000 {
        h.step();
        if done(h) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the background export never finished");
}

fn written(dir: &std::path::Path, ending: &str) -> Option<String> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(ending))
        .and_then(|p| std::fs::read_to_string(p).ok())
}

#[test]
fn a_leading_question_gets_a_gentle_note_and_typing_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness();
    let guide = &builtin_guides()[2];
    start_interview(&mut h, Some(guide));
    h.state_mut()
        .set_export_folder(Some(dir.path().to_path_buf()));
    assert!(
        h.get_by_label(CAPTURE).is_focused(),
        "capture has the keyboard"
    );

    // A good question: no note.
    speak_as(&mut h, "Facilitator");
    say(&mut h, "What did you notice first?");
    assert!(h.query_by_label_contains(HINT_LABEL).is_none());

    // A leading question: a note beside the statements, and the keyboard stays put.
    speak_as(&mut h, "Facilitator");
    say(&mut h, "Don't you think you should have paged earlier?");
    assert!(
        h.query_by_label_contains(HINT_LABEL).is_some(),
        "the note is shown after the commit"
    );
    assert!(
        h.query_by_label_contains("counterfactual, leading")
            .is_some()
    );
    assert!(h.query_by_label_contains("Try:").is_some());
    assert!(
        h.get_by_label(CAPTURE).is_focused(),
        "the note never takes the keyboard"
    );
    type_on(&mut h, "It was a busy Monday");
    assert_eq!(
        h.get_by_label(CAPTURE).value().as_deref(),
        Some("It was a busy Monday"),
        "typing carries on in the capture field"
    );
    speak_as(&mut h, "P1");
    keys(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(interview(&h).statements.len(), 3);
    assert!(
        h.query_by_label_contains(HINT_LABEL).is_some(),
        "the note stays until dismissed"
    );

    // Dismissed: kept in the file, and the keyboard goes back to capture.
    h.get_by_label("Dismiss").click();
    h.run();
    h.run();
    assert!(h.query_by_label_contains(HINT_LABEL).is_none());
    let i = interview(&h);
    assert_eq!(i.coach_dismissed, [i.statements[1].id]);
    assert!(h.get_by_label(CAPTURE).is_focused());

    // A guide question in the facilitator's own words is ticked.
    speak_as(&mut h, "Facilitator");
    say(&mut h, "So what options did you see at that moment?");
    let options = guide
        .questions
        .iter()
        .find(|q| q.text == "What options did you see at that moment?")
        .unwrap();
    assert!(
        interview(&h)
            .asked
            .iter()
            .any(|a| a.question == Some(options.id) && a.status == AskedStatus::Asked),
        "{:?}",
        interview(&h).asked
    );

    // A garden path brings the misdiagnosis probes.
    speak_as(&mut h, "P1");
    say(&mut h, "We all thought it was a memory leak first");
    assert!(
        h.query_by_label("What made you think it was a memory leak at first?")
            .is_some()
    );
    assert!(h.query_by_label("What ruled that out?").is_some());

    // After the interview: the card, its note, the calibration dates and document.
    speak_as(&mut h, "Facilitator");
    say(&mut h, "Did you check the dashboard?");
    h.get_by_label("📝 After the interview").click();
    h.run();
    assert!(h.query_by_label("How your questions went").is_some());
    assert!(h.query_by_label_contains("flagged: 1 yes-no").is_some());
    assert!(h.query_by_label_contains("(1 dismissed)").is_some());
    h.get_by_label("⬇ Export the card as a note…").click();
    h.step();
    step_until(&mut h, |h| {
        written(dir.path(), ".md").is_some() && h.query_by_label_contains("Exporting").is_none()
    });
    let note = written(dir.path(), ".md").unwrap();
    assert!(note.starts_with("# Coaching note: "), "{note}");
    assert!(note.contains("Did you check the dashboard?"), "{note}");
    assert!(
        note.contains("Tell me about checking the dashboard."),
        "{note}"
    );
    assert!(
        !note.contains("busy Monday"),
        "the interviewee's words are not in it"
    );

    let today = now().date_naive();
    h.get_by_label("Sent today").click();
    h.run();
    assert_eq!(interview(&h).calibration_sent, Some(today));
    h.get_by_label("Approved").click();
    h.run();
    let i = interview(&h);
    assert_eq!(i.calibration, Calibration::Approved);
    assert_eq!(i.calibration_checked, Some(today), "an answer is a check");

    h.get_by_label_contains("📨 Calibration document for")
        .click();
    h.step();
    step_until(&mut h, |h| {
        written(dir.path(), "calibration-p1.md").is_some()
            && h.query_by_label_contains("Exporting").is_none()
    });
    let doc = written(dir.path(), "calibration-p1.md").unwrap();
    assert!(doc.starts_with("# Your account, to check"), "{doc}");
    assert!(doc.contains("busy Monday"), "{doc}");
    assert!(doc.contains("Please correct anything"));
    assert!(h.state().error_message().is_none());
}
