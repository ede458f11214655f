//! The Narrative workspace, clicked through: draft from the session, edit a section by
//! hand, cite evidence from the picker, acknowledge a language finding, reorder and
//! leave out sections, redraft without losing the edit, and export redacted.

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
use second_story::model::export::{ExportOptions, to_markdown};
use second_story::model::{EXAMPLE_SESSION, file, narrative};

fn harness() -> Harness<'static, SecondStoryApp> {
    // The bundled example without its write-up, so the flow starts from nothing.
    let mut s = file::from_str(EXAMPLE_SESSION).expect("example").session;
    s.narrative = Default::default();
    let text = file::to_ron_string(&s).expect("serializes");
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.open_bytes("example.story.ron", Location::Unsaved, text.into_bytes());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app);
    h.run();
    h
}

fn ctrl(h: &mut Harness<'_, SecondStoryApp>, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
}

fn section_body(h: &Harness<'_, SecondStoryApp>, kind: &str) -> String {
    h.state()
        .session()
        .narrative
        .sections
        .iter()
        .find(|s| s.kind == kind)
        .map(|s| s.body.clone())
        .unwrap_or_default()
}

#[test]
fn draft_edit_cite_acknowledge_and_export() {
    let mut h = harness();
    assert!(h.state().session().narrative.sections.is_empty());
    ctrl(&mut h, Key::Num6);
    h.get_by_label_contains("No write-up yet");

    // Draft from the session: every standard section, in order, as one undo step.
    h.get_by_label("✨ Draft from session").click();
    h.run();
    let kinds: Vec<String> = h
        .state()
        .session()
        .narrative
        .sections
        .iter()
        .map(|s| s.kind.clone())
        .collect();
    let expected: Vec<&str> = narrative::STANDARD.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, expected);
    let story = section_body(&h, "story");
    assert!(
        story.contains("[^s-") && story.contains("P1 (on-call SRE)"),
        "{story}"
    );
    assert!(section_body(&h, "wai-wad").contains("| Gap |"));

    // Edit the summary (selected first) by hand.
    h.get_by_label("Markdown").click();
    h.run();
    h.get_by_label("Markdown")
        .type_text(" Obviously Ana Lima read the graph well.");
    h.run();
    let summary = h.state().session().narrative.sections[0].clone();
    assert!(
        summary
            .body
            .contains("Obviously Ana Lima read the graph well."),
        "{}",
        summary.body
    );
    assert!(narrative::is_hand_edited(&summary));

    // The language check flags "Obviously"; acknowledge it with a reason.
    h.get_all_by_label("Acknowledge “Obviously”…")
        .next()
        .expect("the typed phrase is flagged")
        .click();
    h.run();
    h.get_by_label("Reason").click();
    h.run();
    h.get_by_label("Reason")
        .type_text("P1's own assessment, said that way");
    h.run();
    h.get_by_label("Save acknowledgement").click();
    h.run();
    let acks = &h.state().session().narrative.acknowledged;
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].phrase, "obviously");
    assert_eq!(acks[0].section, Some(summary.id));
    assert_eq!(acks[0].reason, "P1's own assessment, said that way");

    // Cite evidence from the picker: the quote becomes a footnote reference.
    h.get_by_label("📎 Insert evidence…").click();
    h.run();
    h.get_by_label("Find evidence").click();
    h.run();
    h.get_by_label("Find evidence").type_text("sawtooth");
    h.run();
    h.get_by_label_contains("The pool graph had a sawtooth")
        .click();
    h.run();
    let sawtooth = h
        .state()
        .session()
        .interviews
        .iter()
        .flat_map(|i| &i.statements)
        .find(|s| s.text.contains("sawtooth"))
        .map(|s| s.id)
        .expect("statement");
    let summary_body = h.state().session().narrative.sections[0].body.clone();
    assert!(
        summary_body.contains(&narrative::footnote_ref(sawtooth)),
        "{summary_body}"
    );
    assert!(summary_body.contains("Obviously Ana Lima read the graph well."));

    // Reorder: move the summary down one place; leave the appendix out.
    h.get_by_label("⏷").click();
    h.run();
    assert_eq!(h.state().session().narrative.sections[1].id, summary.id);
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run();
    assert_eq!(h.state().session().narrative.sections[2].id, summary.id);
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    assert_eq!(h.state().session().narrative.sections[1].id, summary.id);
    h.get_by_label("Include Appendix").click();
    h.run();
    let appendix = h
        .state()
        .session()
        .narrative
        .sections
        .iter()
        .find(|s| s.kind == "appendix")
        .expect("appendix");
    assert!(!appendix.included);

    // Drafting again keeps the hand-edited summary.
    h.get_by_label("✨ Draft from session").click();
    h.run();
    let again = h
        .state()
        .session()
        .narrative
        .sections
        .iter()
        .find(|s| s.id == summary.id)
        .expect("summary kept")
        .clone();
    assert_eq!(again.body, summary_body);
    h.get_by_label_contains("kept as you edited them");

    // Export: redaction on by default; the write-up carries the edit, pseudonymised.
    ctrl(&mut h, Key::Num7);
    h.get_by_label("Replace real names with pseudonyms");
    let md = to_markdown(h.state().session(), ExportOptions::default());
    assert!(
        md.contains("Obviously P1 (on-call SRE) read the graph well."),
        "{md}"
    );
    for name in ["Ana", "Lima", "Ben Okafor", "Chris Novak", "Dana Wu"] {
        assert!(!md.contains(name), "{name} in the export");
    }
    // Exported under its readable label (pseudonym's short form and time).
    let published = second_story::model::publish::publishable(
        h.state().session(),
        second_story::model::publish::Audience::Everyone,
    );
    let label = narrative::ReadableLabels::new(&published.session)
        .get(sawtooth)
        .expect("a label")
        .to_owned();
    assert!(label.starts_with("P1-"), "{label}");
    assert!(
        md.contains(&format!("[^{label}]: P1 (on-call SRE)")),
        "{md}"
    );
    assert!(!md.contains("## Appendix"));
    assert!(md.contains("<!-- second-story-lint: ok \"obviously\""));

    // Undo walks back through the steps: the draft disappears entirely at the end.
    for _ in 0..20 {
        ctrl(&mut h, Key::Z);
    }
    assert!(h.state().session().narrative.sections.is_empty());
}

#[test]
fn regenerating_an_edited_section_asks_first() {
    let mut h = harness();
    ctrl(&mut h, Key::Num6);
    h.get_by_label("✨ Draft from session").click();
    h.run();
    h.get_by_label("Markdown").click();
    h.run();
    h.get_by_label("Markdown").type_text(" Our words.");
    h.run();
    h.get_by_label("↻ Regenerate").click();
    h.run();
    // Nothing replaced yet: a question instead.
    assert!(
        h.state().session().narrative.sections[0]
            .body
            .contains("Our words.")
    );
    h.get_by_label("Keep my text").click();
    h.run();
    assert!(
        h.state().session().narrative.sections[0]
            .body
            .contains("Our words.")
    );
    h.get_by_label("↻ Regenerate").click();
    h.run();
    h.get_by_label("Replace my text").click();
    h.run();
    let s = &h.state().session().narrative.sections[0];
    assert!(!s.body.contains("Our words."));
    assert!(!narrative::is_hand_edited(s));
}

#[test]
fn export_workspace_redacts_by_default_and_warns_when_off() {
    let mut h = harness();
    ctrl(&mut h, Key::Num7);
    // No write-up yet: the export says it is a draft and offers the Narrative.
    h.get_by_label_contains("export is a first draft");
    h.get_by_label("Markdown").click();
    h.run();
    h.get_by_label("Markdown source");
    assert!(
        h.query_by_label_contains("Real names will appear")
            .is_none()
    );
    h.get_by_label("Replace real names with pseudonyms").click();
    h.run();
    h.get_by_label_contains("Real names will appear");
    h.get_by_label("Replace real names with pseudonyms").click();
    h.run();
    assert!(
        h.query_by_label_contains("Real names will appear")
            .is_none()
    );
    h.get_by_label("Open the Narrative").click();
    h.run();
    h.get_by_label("✨ Draft from session");
}
