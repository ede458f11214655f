//! Click-through flows of the Timeline workspace: timeline events from
//! several perspectives with a differing pair, paste import as one undo step,
//! tagging statements with codes and gathering them into a theme, findings with
//! evidence, and Ctrl+F search jumping to an item.

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
use second_story::model::*;
use second_story::ui::{Action, Workspace};

fn harness(app: SecondStoryApp) -> Harness<'static, SecondStoryApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app)
}

/// A small session: two participants, a few statements each.
fn session() -> Session {
    let mut s = Session::new("Retry storm", SessionKind::NearMiss);
    let p1 = Participant::new("P1");
    let p2 = Participant::new("P2");
    let mut i1 = Interview {
        participant: p1.id,
        title: "Sweep with P1".into(),
        ..Interview::default()
    };
    let mut i2 = Interview {
        participant: p2.id,
        title: "Sweep with P2".into(),
        ..Interview::default()
    };
    for (n, t) in [
        "The pool graph had a sawtooth I had never seen on a Monday.",
        "It went up in steps and never came down.",
        "Paging on a Monday for a funny graph, you had better be right.",
    ]
    .into_iter()
    .enumerate()
    {
        i1.statements.push(Statement {
            at_secs: 60 * n as u32,
            text: t.into(),
            kind: StatementKind::Quote,
            ..Statement::default()
        });
    }
    i2.statements.push(Statement {
        at_secs: 30,
        text: "I recognised the shape straight away.".into(),
        kind: StatementKind::Quote,
        ..Statement::default()
    });
    s.participants = vec![p1, p2];
    s.interviews = vec![i1, i2];
    s
}

fn open(s: &Session) -> Harness<'static, SecondStoryApp> {
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    let text = file::to_ron_string(s).expect("serializes");
    app.open_bytes("test.story.ron", Location::Unsaved, text.into_bytes());
    app.perform(Action::Show(Workspace::Timeline));
    let mut h = harness(app);
    h.run();
    h
}

fn ctrl(h: &mut Harness<'_, SecondStoryApp>, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
}

fn click(h: &mut Harness<'_, SecondStoryApp>, label: &str) {
    h.get_by_label_contains(label).click();
    h.run();
}

fn click_exact(h: &mut Harness<'_, SecondStoryApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Replaces the text of a labelled field.
fn retype(h: &mut Harness<'_, SecondStoryApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn add_events_from_two_perspectives_and_mark_them_as_differing() {
    let mut h = open(&session());
    assert!(h.state().session().timeline.is_empty());

    // First event: P1's account, at an exact time.
    click_exact(&mut h, "➕ Add event");
    h.get_by_label("Description")
        .type_text("Alert fired in #payments");
    h.run();
    click(&mut h, "P1");
    h.get_by_label("Exact").click();
    h.run();
    retype(&mut h, "Time", "09:12");
    {
        let s = h.state().session();
        assert_eq!(s.timeline.len(), 1);
        let e = &s.timeline[0];
        assert_eq!(e.description, "Alert fired in #payments");
        assert_eq!(
            e.perspective,
            Perspective::Participant(s.participants[0].id)
        );
        match &e.time {
            EventTime::Exact(t) => assert_eq!(t.format("%H:%M").to_string(), "09:12"),
            other => panic!("expected an exact time, got {other:?}"),
        }
    }

    // Evidence: link the statement that supports it.
    click(&mut h, "Link evidence");
    click(&mut h, "sawtooth I had never seen");
    assert_eq!(
        h.state().session().timeline[0].evidence,
        vec![h.state().session().interviews[0].statements[0].id]
    );

    // Second event: P2's account of the same moment, approximate.
    click_exact(&mut h, "➕ Add event");
    h.get_by_label("Description")
        .type_text("Ana pinged me with a screenshot");
    h.run();
    click(&mut h, "P2");
    h.get_by_label("About").click();
    h.run();
    retype(&mut h, "Time", "09:20");
    assert_eq!(h.state().session().timeline.len(), 2);
    assert!(matches!(
        h.state().session().timeline[1].time,
        EventTime::Approximate(_)
    ));

    // Mark the two accounts as differing: both are kept, linked both ways.
    click(&mut h, "Mark as differing from");
    click(&mut h, "Alert fired in #payments");
    {
        let s = h.state().session();
        assert_eq!(s.timeline.len(), 2, "both accounts are kept");
        assert_eq!(s.timeline[0].differs_from, vec![s.timeline[1].id]);
        assert_eq!(s.timeline[1].differs_from, vec![s.timeline[0].id]);
        assert!(validate::validate(s).is_ok());
    }

    // One undo removes the pairing from both events.
    ctrl(&mut h, Key::Z);
    let s = h.state().session();
    assert!(s.timeline.iter().all(|e| e.differs_from.is_empty()));
    assert_eq!(s.timeline.len(), 2);

    // The table view lists both and sorts by clicking a header.
    click(&mut h, "Table");
    click(&mut h, "Perspective");
    h.get_by_label_contains("Ana pinged me");
}

#[test]
fn paste_import_reports_odd_lines_and_is_one_undo_step() {
    let mut h = open(&session());
    click(&mut h, "Paste chat or log");
    h.get_by_label("Excerpt").click();
    h.run();
    h.get_by_label("Excerpt").type_text(
        "exported from slack\n09:12 ana: pool looks odd\n09:13 ben: on it\n9:9x nonsense",
    );
    h.run();
    h.get_by_label_contains("2 events, 2 unreadable lines");
    click(&mut h, "Import 2 events");
    {
        let s = h.state().session();
        assert_eq!(s.timeline.len(), 2);
        assert_eq!(s.timeline[0].description, "ana: pool looks odd");
        assert_eq!(s.timeline[0].perspective, Perspective::Chat);
    }
    ctrl(&mut h, Key::Z);
    assert!(
        h.state().session().timeline.is_empty(),
        "one undo removes the import"
    );

    // Nothing lost: the unreadable lines can come in too, as events with no time.
    click(&mut h, "Paste chat or log");
    h.get_by_label("Excerpt").click();
    h.run();
    h.get_by_label("Excerpt")
        .type_text("exported from slack\n09:12 ana: pool looks odd\n9:9x nonsense");
    h.run();
    click(&mut h, "Also import the unreadable lines");
    click(&mut h, "Import 3 events");
    let s = h.state().session();
    let got: Vec<(&str, bool)> = s
        .timeline
        .iter()
        .map(|e| (e.description.as_str(), e.time == EventTime::Unknown))
        .collect();
    assert_eq!(
        got,
        vec![
            ("exported from slack", true),
            ("ana: pool looks odd", false),
            ("9:9x nonsense", true)
        ]
    );
}

#[test]
fn tag_statements_and_gather_them_into_a_theme() {
    let mut h = open(&session());

    // A built-in vocabulary into the codebook.
    click(&mut h, "Codebook");
    click_exact(&mut h, "➕ Messy 9");
    assert_eq!(h.state().session().codes.len(), 10);

    // Tag two of P1's statements and one of P2's with "surprises".
    click(&mut h, "Tagging");
    click(&mut h, "sawtooth I had never seen");
    h.get_by_label("surprises").click();
    h.run();
    // Alt+Down moves to the next statement ("It went up in steps…").
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run();
    h.get_by_label("surprises").click();
    h.run();
    assert_eq!(
        h.state().session().tags[1].statement,
        h.state().session().interviews[0].statements[1].id
    );
    click(&mut h, "recognised the shape");
    h.get_by_label("surprises").click();
    h.run();
    {
        let s = h.state().session();
        assert_eq!(s.tags.len(), 3);
        let code = s.codes.iter().find(|c| c.name == "surprises").map(|c| c.id);
        assert!(s.tags.iter().all(|t| Some(t.code) == code));
    }

    // A theme with all three excerpts.
    click(&mut h, "Themes");
    click(&mut h, "New theme");
    retype(&mut h, "Theme name", "Unfamiliar shapes");
    for words in [
        "Add “The pool graph",
        "Add “It went up",
        "Add “I recognised",
    ] {
        click(&mut h, words);
    }
    let s = h.state().session();
    assert_eq!(s.themes.len(), 1);
    assert_eq!(s.themes[0].name, "Unfamiliar shapes");
    assert_eq!(s.themes[0].excerpts.len(), 3);
    let counts = codebook::theme_counts(s, &s.themes[0]);
    assert_eq!(counts.len(), 2, "two voices, counted separately");
    assert_eq!(counts[0].1, 2);
    // The per-participant count is on screen.
    h.get_by_label("P1 ×2");
    h.get_by_label("P2 ×1");

    // Saved and reopened intact.
    let s = h.state().session();
    let text = file::to_ron_string(s).expect("serializes");
    let back = file::from_str(&text).expect("reads back").session;
    assert_eq!(&back, s);
    assert!(validate::validate(&back).is_ok());
}

#[test]
fn findings_link_evidence_and_search_jumps_to_them() {
    let mut h = open(&session());
    click(&mut h, "Findings");
    click(&mut h, "What went well (0)");
    click(&mut h, "Add what went well");
    h.get_by_label("1.")
        .type_text("P2 remembered the degraded retry profile");
    h.run();
    click(&mut h, "Link evidence");
    click(&mut h, "recognised the shape");
    {
        let s = h.state().session();
        assert_eq!(s.findings.len(), 1);
        assert_eq!(s.findings[0].kind, FindingKind::WentWell);
        assert_eq!(
            s.findings[0].evidence,
            vec![s.interviews[1].statements[0].id]
        );
    }
    // No root cause anywhere on the screen.
    assert!(h.query_by_label_contains("root cause field").is_none());
    assert!(h.query_by_label_contains("Root cause").is_none());

    // Ctrl+F from another workspace, then jump back to the finding.
    h.state_mut().perform(Action::Show(Workspace::Participants));
    h.run();
    ctrl(&mut h, Key::F);
    h.get_by_label("Search for").type_text("degraded retry");
    h.run();
    click(&mut h, "P2 remembered the degraded");
    assert_eq!(h.state().session().findings.len(), 1);
    h.get_by_label_contains("What went well (1)");
}

#[test]
fn custom_codes_rename_and_merge_in_one_undo_step() {
    let mut h = open(&session());
    click(&mut h, "Codebook");
    for name in ["paging cost", "alarm cost"] {
        h.get_by_label("New code").click();
        h.run();
        h.get_by_label("New code").type_text(name);
        h.run();
        click_exact(&mut h, "Add");
    }
    assert_eq!(h.state().session().codes.len(), 2);
    assert!(h.state().session().codes.iter().all(|c| c.parent.is_none()));
    // A sub-code under the selected one ("alarm cost", the last added).
    h.get_by_label("New code").click();
    h.run();
    h.get_by_label("New code").type_text("status page");
    h.run();
    click(&mut h, "Add under “alarm cost”");
    {
        let s = h.state().session();
        let alarm = s
            .codes
            .iter()
            .find(|c| c.name == "alarm cost")
            .map(|c| c.id);
        assert_eq!(s.codes.last().and_then(|c| c.parent), alarm);
    }
    // The new sub-code is selected: delete it again.
    click_exact(&mut h, "🗑 Delete code");
    assert_eq!(h.state().session().codes.len(), 2);

    // Tag a statement with each.
    click(&mut h, "Tagging");
    click(&mut h, "you had better be right");
    click_exact(&mut h, "paging cost");
    click_exact(&mut h, "alarm cost");
    assert_eq!(h.state().session().tags.len(), 2);

    // Rename, then merge "paging cost" into "alarm cost".
    click(&mut h, "Codebook");
    click(&mut h, "paging cost");
    retype(&mut h, "Name", "cost of paging");
    click_exact(&mut h, "Rename");
    assert!(
        h.state()
            .session()
            .codes
            .iter()
            .any(|c| c.name == "cost of paging")
    );
    click(&mut h, "Merge into");
    click(&mut h, "Into alarm cost");
    {
        let s = h.state().session();
        assert_eq!(s.codes.len(), 1);
        assert_eq!(s.codes[0].name, "alarm cost");
        assert_eq!(
            s.tags.len(),
            1,
            "the duplicate tag on the same words is folded"
        );
        assert!(s.tags.iter().all(|t| t.code == s.codes[0].id));
    }
    ctrl(&mut h, Key::Z);
    let s = h.state().session();
    assert_eq!(s.codes.len(), 2, "one undo brings the merged code back");
    assert_eq!(s.tags.len(), 2);
}
