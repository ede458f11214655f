//! Importing as a facilitator does it: a transcript with one speaker the session does
//! not know, mapped to a participant in the dialog, and the whole import undone in one
//! step; a Slack export into the timeline, attributed to participants.

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
use second_story::io::{Autosave, ImportRequest};
use second_story::model::import::ImportKind;
use second_story::model::*;
use second_story::ui::Action;

fn harness() -> Harness<'static, SecondStoryApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut SecondStoryApp| app.ui_root(ui),
            SecondStoryApp::with_autosave(Autosave::disabled()),
        )
}

/// Runs frames until `ready` holds (the files are read on a thread), at most ~5 s.
fn run_until(
    h: &mut Harness<'_, SecondStoryApp>,
    what: &str,
    ready: impl Fn(&Harness<'_, SecondStoryApp>) -> bool,
) {
    for _ in 0..500 {
        h.run();
        if ready(h) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

/// What an import changes, without the `updated` stamp every change moves.
fn content(
    s: &Session,
) -> (
    Vec<Participant>,
    Vec<Interview>,
    Vec<String>,
    Vec<TimelineEvent>,
) {
    (
        s.participants.clone(),
        s.interviews.clone(),
        s.facilitators.clone(),
        s.timeline.clone(),
    )
}

const CALL: &str = "WEBVTT

1
00:00:04.000 --> 00:00:08.000
Kit Okoye: What made you keep the bridge small?

2
00:00:09.000 --> 00:00:13.000
Dee: Usually a big bridge slows everyone down.

3
00:00:13.000 --> 00:00:16.500
Dee: I decided to keep it to four people.

4
00:00:20.000 --> 00:00:23.000
Kit Okoye: How did you know who to ask?
";

#[test]
fn a_transcript_with_an_unknown_speaker_is_mapped_and_undone_in_one_step() {
    let mut h = harness();
    h.state_mut().perform(Action::OpenExample);
    h.run();
    let before = content(h.state().session());
    let p4 = before.0[3].clone();
    assert_eq!(p4.pseudonym, "P4 (incident commander)");

    h.state_mut().perform(Action::Import(ImportRequest::Files {
        kind: ImportKind::Transcript,
        files: vec![("call.vtt".into(), CALL.as_bytes().to_vec())],
    }));
    run_until(&mut h, "the import dialog", |h| {
        h.query_by_label_contains("Import 4 cues as an interview")
            .is_some()
    });
    assert!(
        h.query_by_label_contains("One speaker is not known")
            .is_some()
    );
    // Not yet: "Dee" is unknown.
    h.get_by_label("Import 4 cues as an interview").click();
    h.run();
    assert_eq!(h.state().session().interviews.len(), before.1.len());

    // Dee is the incident commander.
    h.get_by_label("Dee").click();
    h.run();
    h.get_by_label("P4 (incident commander)").click();
    h.run();
    assert!(h.query_by_label_contains("not known").is_none());
    h.get_by_label("Import 4 cues as an interview").click();
    h.run();

    let s = h.state().session().clone();
    assert_eq!(s.interviews.len(), before.1.len() + 1);
    let i = s
        .interviews
        .last()
        .unwrap_or_else(|| panic!("no interview"));
    assert_eq!(i.participant, p4.id);
    assert_eq!(i.title, "Interview with P4 (incident commander)");
    assert_eq!(i.facilitator, "Kit Okoye");
    let got: Vec<(u32, Speaker, StatementKind)> = i
        .statements
        .iter()
        .map(|st| (st.at_secs, st.speaker, st.kind))
        .collect();
    assert_eq!(
        got,
        [
            (4, Speaker::Facilitator, StatementKind::Note),
            (9, Speaker::Interviewee, StatementKind::Decision),
            (20, Speaker::Facilitator, StatementKind::Note),
        ]
    );
    assert_eq!(
        s.participants[3].other_names,
        ["Dee"],
        "the name is remembered for matching and redaction"
    );
    assert!(
        h.query_by_label("Import transcript").is_none(),
        "the dialog closed"
    );
    assert_eq!(
        h.state().document().undo_label(),
        Some("Import transcript (3 statements)")
    );

    // The new interview is open in Interviews, ready to go on as if captured live.
    assert!(
        h.state()
            .test_state_json()
            .contains("\"workspace\":\"Interviews\"")
    );
    assert!(
        h.query_by_label("Capture — Ctrl+Enter commits the statement")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("I decided to keep it to four people")
            .is_some()
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        content(h.state().session()),
        before,
        "one undo step takes all of it back"
    );
}

#[test]
fn a_slack_export_becomes_chat_events_attributed_to_participants() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/slack/");
    let read =
        |name: &str| std::fs::read(format!("{corpus}{name}")).unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    h.state_mut().perform(Action::OpenExample);
    h.run();
    let before = content(h.state().session());
    h.state_mut().perform(Action::Import(ImportRequest::Files {
        kind: ImportKind::ChatExport,
        files: vec![
            (
                "2026-04-06.json".into(),
                read("incident-checkout/2026-04-06.json"),
            ),
            (
                "2026-04-07.json".into(),
                read("incident-checkout/2026-04-07.json"),
            ),
            ("users.json".into(), read("users.json")),
        ],
    }));
    run_until(&mut h, "the chat import dialog", |h| {
        h.query_by_label("Import 7 messages").is_some()
    });
    // Eve Martin is not in the example: she would become P5; keep her name instead.
    h.get_by_label("Eve Martin").click();
    h.run();
    h.get_by_label("Not a participant: keep the name").click();
    h.run();
    h.get_by_label("Import 7 messages").click();
    h.run();
    let s = h.state().session().clone();
    assert_eq!(s.timeline.len(), before.3.len() + 7);
    let new: Vec<&TimelineEvent> = s.timeline[before.3.len()..].iter().collect();
    assert!(new.iter().all(|e| e.perspective == Perspective::Chat));
    let ana = s.participants[0].id;
    assert_eq!(new[1].attributed_to, Some(ana), "Ana Lima is P1");
    assert!(!new[1].description.contains("Ana") && !new[1].description.contains("nightowl"));
    assert_eq!(
        new[4].description,
        "Eve Martin: pool at 94% of its limit, holding"
    );
    assert_eq!(
        s.participants.len(),
        before.0.len() + 1,
        "Zed, only mentioned, is a new participant"
    );
    assert!(
        s.participants[0]
            .other_names
            .contains(&"nightowl".to_owned())
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(content(h.state().session()), before, "one undo step");
}

#[test]
fn a_file_that_is_not_a_transcript_says_so_and_changes_nothing() {
    let mut h = harness();
    h.state_mut().perform(Action::OpenExample);
    h.run();
    let before = content(h.state().session());
    h.state_mut().perform(Action::Import(ImportRequest::Files {
        kind: ImportKind::Transcript,
        files: vec![("photo.vtt".into(), vec![0x89, b'P', b'N', b'G', 0, 1, 2])],
    }));
    run_until(&mut h, "the error", |h| h.state().error_message().is_some());
    let message = h.state().error_message().unwrap_or_default().to_owned();
    assert!(
        message.contains("not a text file") && message.contains("WebVTT"),
        "{message}"
    );
    assert_eq!(content(h.state().session()), before);
}

#[test]
fn when_every_speaker_is_known_enter_imports() {
    let teams = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/transcripts/teams.vtt"
    );
    let mut h = harness();
    h.state_mut().perform(Action::OpenExample);
    h.run();
    h.state_mut()
        .perform(Action::Show(second_story::ui::Workspace::Interviews));
    h.run();
    let n = h.state().session().interviews.len();
    h.state_mut().perform(Action::Import(ImportRequest::Files {
        kind: ImportKind::Transcript,
        files: vec![("teams.vtt".into(), std::fs::read(teams).unwrap_or_default())],
    }));
    run_until(&mut h, "the import dialog", |h| {
        h.state()
            .test_state_json()
            .contains("\"importing\":\"teams.vtt\"")
    });
    assert!(h.query_by_label_contains("not known").is_none());
    h.key_press(Key::Enter);
    h.run();
    let s = h.state().session();
    assert_eq!(s.interviews.len(), n + 1);
    assert_eq!(
        s.pseudonym(s.interviews[n].participant),
        "P4 (incident commander)"
    );
    assert!(h.state().test_state_json().contains("\"importing\":\"\""));
}
