//! Interview facilitation as a person does it: start an interview for a participant
//! with a guide, capture statements with the keyboard only, ask a suggested probe,
//! tick a guide question, go off the record and back, make two decision points with
//! evidence, and save.

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
use second_story::io::Location;
use second_story::model::export::{ExportOptions, to_markdown};
use second_story::model::guides::builtin_guides;
use second_story::model::publish::shared_copy as redacted_copy;
use second_story::model::*;
use second_story::ui::interviews::remove_statement_command;

mod common;
use common::{harness, harness_sized, keys, say, start_interview};

fn interview(h: &Harness<'_, SecondStoryApp>) -> Interview {
    h.state().session().interviews[0].clone()
}

const OFF: &str = "Between us, the dashboard has been wrong for months";

#[test]
fn keyboard_capture_probes_decision_points_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness();
    // A participant, then the Interviews workspace; the "how it made sense" guide.
    let guide = &builtin_guides()[2];
    start_interview(&mut h, Some(guide));
    let i = interview(&h);
    assert_eq!(i.guide, Some(guide.id));
    assert_eq!(i.participant, h.state().session().participants[0].id);

    // Keyboard only from here: the capture field already has focus.
    keys(&mut h, Modifiers::NONE, Key::Tab); // facilitator speaks
    say(&mut h, "Tell me about that morning.");
    // The speaker stays until switched: the answer needs a Tab back.
    assert!(
        h.query_by_label_contains("Speaking: Facilitator").is_some(),
        "who speaks is shown at the field"
    );
    keys(&mut h, Modifiers::NONE, Key::Tab);
    assert!(h.query_by_label_contains("Speaking: P1").is_some());
    keys(&mut h, Modifiers::ALT, Key::Num3); // observation
    say(
        &mut h,
        "A sawtooth on the pool graph, not the usual Monday ramp",
    );
    let i = interview(&h);
    assert_eq!(i.statements.len(), 2);
    assert_eq!(i.statements[0].speaker, Speaker::Facilitator);
    assert_eq!(i.statements[1].speaker, Speaker::Interviewee);
    assert_eq!(i.statements[1].kind, StatementKind::Observation);
    assert!(i.started.is_some(), "the first statement starts the clock");

    // The probes follow the last statement's type: click one to record it. It goes
    // into the transcript as the facilitator's question, and the capture field keeps
    // the keyboard.
    h.get_by_label("What did you notice first?").click();
    h.run();
    let i = interview(&h);
    assert_eq!(i.asked.len(), 1);
    assert_eq!(i.asked[0].text, "What did you notice first?");
    assert_eq!(i.asked[0].status, AskedStatus::Asked);
    assert_eq!(i.asked[0].question, None);
    let probe = &i.statements[2];
    assert_eq!(
        (probe.speaker, probe.text.as_str()),
        (Speaker::Facilitator, "What did you notice first?")
    );
    assert!(
        h.get_by_label("Capture — Ctrl+Enter commits the statement")
            .is_focused()
    );
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert!(h.query_by_label("OFF THE RECORD").is_some(), "banner shown");
    say(&mut h, OFF);
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert!(h.query_by_label("OFF THE RECORD").is_none(), "banner gone");

    keys(&mut h, Modifiers::ALT, Key::Num5); // decision
    say(
        &mut h,
        "Raised the pool limit instead of paging the payments team",
    );
    say(&mut h, "I knew the batch job would be done by ten");
    let i = interview(&h);
    assert_eq!(i.statements.len(), 6);
    assert!(i.statements[3].off_record);
    assert!(!i.statements[4].off_record);
    assert_eq!(i.statements[4].kind, StatementKind::Decision);
    assert_eq!(
        i.statements[5].kind,
        StatementKind::IKnew,
        "inferred from the words"
    );
    assert!(i.statements.iter().all(|s| !s.text.contains('\t')));

    // After "I knew", the probes change.
    assert!(h.query_by_label("How did you know?").is_some());
    assert!(h.query_by_label("✔ What did you notice first?").is_none());

    // Tick a guide question as asked.
    h.get_by_label(&guide.questions[0].text).click();
    h.run();
    let i = interview(&h);
    assert_eq!(i.asked.len(), 2);
    assert_eq!(i.asked[1].question, Some(guide.questions[0].id));

    // Two decision points, each with an aspect and its evidence.
    h.get_by_label("⚖ Decision points").click();
    h.run();
    h.get_by_label("Raised the pool limit instead of paging the payments team")
        .click();
    h.run();
    h.get_by_label("➕ Decision point from 1 selected").click();
    h.run();
    assert_eq!(h.state().session().decision_points.len(), 1);
    h.get_by_label("Cues:").click();
    h.run();
    h.get_by_label("Cues:")
        .type_text("The sawtooth shape, unlike the batch ramp");
    h.run();
    h.get_by_label("A sawtooth on the pool graph, not the usual Monday ramp")
        .click();
    h.run();
    h.get_by_label("🔗 Link selected to Cues").click();
    h.run();

    h.get_by_label("Clear selection").click();
    h.run();
    h.get_by_label("I knew the batch job would be done by ten")
        .click();
    h.run();
    h.get_by_label("➕ Decision point from 1 selected").click();
    h.run();
    h.get_by_label("I knew the batch job would be done by ten")
        .click();
    h.run();
    // Below the first aspects: scrolled to, as a person would.
    h.get_by_label("🔗 Link selected to Knowledge")
        .scroll_to_me();
    h.run();
    h.get_by_label("🔗 Link selected to Knowledge").click();
    h.run();

    let s = h.state().session().clone();
    assert_eq!(s.decision_points.len(), 2);
    let st = |text: &str| {
        s.interviews[0]
            .statements
            .iter()
            .find(|x| x.text.starts_with(text))
            .unwrap()
            .id
    };
    let d1 = &s.decision_points[0];
    assert_eq!(d1.statements, vec![st("Raised")]);
    assert_eq!(d1.who, vec![s.participants[0].id]);
    let cues = d1
        .aspects
        .iter()
        .find(|a| a.kind == AspectKind::Cues)
        .unwrap();
    assert_eq!(cues.text, "The sawtooth shape, unlike the batch ramp");
    assert_eq!(cues.evidence, vec![st("A sawtooth")]);
    let d2 = &s.decision_points[1];
    let k = d2
        .aspects
        .iter()
        .find(|a| a.kind == AspectKind::Knowledge)
        .unwrap();
    assert_eq!(k.evidence, vec![st("I knew")]);

    // Coverage turns the unexplored aspects into a guide for the next interview.
    h.get_by_label("📋 Make a guide of these probes for the next interview")
        .scroll_to_me();
    h.run();
    h.get_by_label("📋 Make a guide of these probes for the next interview")
        .click();
    h.run();
    let s = h.state().session().clone();
    assert_eq!(s.guides.len(), 1);
    assert_eq!(s.guides[0].questions.len(), 9);

    // Save through the app and read the file back.
    let path = dir.path().join("interview.story.ron");
    h.state_mut().set_location(Location::Path(path.clone()));
    keys(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().document().is_dirty());
    let saved = file::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap()
        .session;
    assert_eq!(&saved, h.state().session());
    assert_eq!(saved.decision_points.len(), 2);
    assert_eq!(saved.interviews[0].asked.len(), 2);

    // Off the record never leaves the file.
    let md = to_markdown(&saved, ExportOptions::default());
    assert!(!md.contains(OFF), "off-record text in the export");
    let shared = redacted_copy(&saved);
    let shared_text = file::to_ron_string(&shared).unwrap();
    assert!(
        !shared_text.contains(OFF),
        "off-record text in the shared copy"
    );
    assert!(
        file::to_ron_string(&saved).unwrap().contains(OFF),
        "kept in the file"
    );
}

#[test]
fn statements_can_be_edited_retyped_and_deleted_with_undo() {
    let mut h = harness();
    h.run();
    h.get_by_label_contains("New incident review").click();
    h.run();
    keys(&mut h, Modifiers::COMMAND, Key::Num2);
    h.get_by_label_contains("Add participant").click();
    h.run();
    keys(&mut h, Modifiers::COMMAND, Key::Num3);
    h.get_by_label("▶ Start interview").click();
    h.run();
    say(&mut h, "We saw the alert at nine");
    say(&mut h, "Then nothing happened for a while");
    assert_eq!(interview(&h).statements.len(), 2);

    // A decision point citing the first statement, so deleting must clean it up.
    h.get_by_label("⚖ Decision points").click();
    h.run();
    h.get_by_label("We saw the alert at nine").click();
    h.run();
    h.get_by_label("➕ Decision point from 1 selected").click();
    h.run();
    h.get_by_label("We saw the alert at nine").click();
    h.run();
    h.get_by_label("🔗 Link selected to Cues").click();
    h.run();
    h.get_by_label("Capture").click();
    h.run();

    // Open the editor by clicking the statement's text; search narrows the list.
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("alert");
    h.run();
    assert!(
        h.query_by_label("Then nothing happened for a while")
            .is_none()
    );
    h.get_by_label("✏").click();
    h.run();
    h.get_by_label("Statement text").click();
    h.run();
    h.get_by_label("Statement text").type_text(" sharp");
    h.run();
    assert_eq!(
        interview(&h).statements[0].text,
        "We saw the alert at nine sharp"
    );

    h.get_by_label("🗑 Delete statement").click();
    h.run();
    let s = h.state().session().clone();
    assert_eq!(s.interviews[0].statements.len(), 1);
    assert!(
        s.decision_points[0].statements.is_empty(),
        "no dangling reference"
    );
    assert!(
        s.decision_points[0]
            .aspects
            .iter()
            .all(|a| a.evidence.is_empty())
    );
    assert!(validate::validate(&s).is_ok());

    keys(&mut h, Modifiers::COMMAND, Key::Z);
    let s = h.state().session().clone();
    assert_eq!(s.interviews[0].statements.len(), 2, "undo brings it back");
    assert_eq!(
        s.decision_points[0].statements.len(),
        1,
        "with its references"
    );
    assert!(validate::validate(&s).is_ok());

    // Deleting the whole interview also leaves nothing dangling, and undoes in one step.
    h.get_by_label("📝 After the interview").click();
    h.run();
    h.get_by_label("🗑 Delete this interview").click();
    h.run();
    let s = h.state().session().clone();
    assert!(s.interviews.is_empty());
    assert!(s.decision_points[0].statements.is_empty());
    assert!(
        validate::validate(&s).is_ok(),
        "{:?}",
        validate::problems(&s)
    );
    keys(&mut h, Modifiers::COMMAND, Key::Z);
    let s = h.state().session().clone();
    assert_eq!(s.interviews[0].statements.len(), 2);
    assert_eq!(s.decision_points[0].statements.len(), 1);
}

#[test]
fn deleting_a_statement_strips_every_reference() {
    let mut s = Session::default();
    let p = Participant::new("P1");
    let st = Statement {
        text: "gone".into(),
        ..Statement::default()
    };
    let keep = Statement {
        text: "stays".into(),
        ..Statement::default()
    };
    let i = Interview {
        participant: p.id,
        statements: vec![st.clone(), keep.clone()],
        ..Interview::default()
    };
    let code = Code::default();
    let tag = TagApplication {
        code: code.id,
        statement: st.id,
        ..TagApplication::default()
    };
    s.participants.push(p);
    s.interviews.push(i.clone());
    s.codes.push(code);
    s.tags.push(tag.clone());
    s.themes.push(Theme {
        excerpts: vec![tag.id],
        ..Theme::default()
    });
    s.findings.push(Finding {
        evidence: vec![st.id, keep.id],
        ..Finding::default()
    });
    s.follow_ups.push(FollowUp {
        evidence: vec![st.id],
        ..FollowUp::default()
    });
    s.timeline.push(TimelineEvent {
        evidence: vec![st.id],
        ..TimelineEvent::default()
    });
    s.decision_points.push(DecisionPoint {
        statements: vec![st.id],
        aspects: vec![Aspect {
            kind: AspectKind::Goals,
            text: "x".into(),
            evidence: vec![st.id, keep.id],
        }],
        ..DecisionPoint::default()
    });
    let node = MapNode {
        evidence: vec![st.id],
        ..MapNode::default()
    };
    s.maps.push(WorkMap {
        nodes: vec![node],
        links: vec![MapLink {
            gap: GapNote {
                evidence: vec![st.id],
                ..GapNote::default()
            },
            ..MapLink::default()
        }],
        ..WorkMap::default()
    });
    assert!(validate::validate(&s).is_ok());
    let before = s.clone();

    let inverse = remove_statement_command(&s, i.id, st.id)
        .apply(&mut s)
        .unwrap();
    assert!(
        validate::validate(&s).is_ok(),
        "{:?}",
        validate::problems(&s)
    );
    assert!(s.tags.is_empty());
    assert!(s.themes[0].excerpts.is_empty());
    assert_eq!(s.findings[0].evidence, vec![keep.id]);
    assert_eq!(s.decision_points[0].aspects[0].evidence, vec![keep.id]);
    assert!(s.maps[0].nodes[0].evidence.is_empty());
    assert!(!format!("{s:?}").contains(&format!("{:?}", st.id)));

    inverse.apply(&mut s).unwrap();
    assert_eq!(s, before, "one undo restores everything");
}

#[test]
fn guides_duplicate_edit_reorder_and_export() {
    let mut h = harness();
    h.run();
    h.get_by_label_contains("New normal work").click();
    h.run();
    keys(&mut h, Modifiers::COMMAND, Key::Num3);
    h.get_by_label("📚 Guides").click();
    h.run();
    let normal = builtin_guides()
        .iter()
        .find(|g| g.name.starts_with("Normal work"))
        .unwrap();
    h.get_by_label(&normal.name).click();
    h.run();
    h.get_by_label("Duplicate into this session's guides")
        .click();
    h.run();
    let s = h.state().session().clone();
    assert_eq!(s.guides.len(), 1);
    let g = &s.guides[0];
    assert_eq!(g.questions.len(), normal.questions.len());

    // Rename, then move the second question up.
    h.get_by_label("Guide name").click();
    h.run();
    h.get_by_label("Guide name").type_text(" for deploys");
    h.run();
    h.get_all_by_label("⬆").nth(1).unwrap().click();
    h.run();
    let g2 = &h.state().session().guides[0];
    assert!(g2.name.contains(" for deploys"), "{}", g2.name);
    assert_eq!(g2.questions[0].id, g.questions[1].id);
    assert_eq!(g2.questions[1].id, g.questions[0].id);

    h.get_by_label("➕ Add question").click();
    h.run();
    assert_eq!(
        h.state().session().guides[0].questions.len(),
        g.questions.len() + 1
    );

    // Undo the added question.
    keys(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().session().guides[0].questions.len(),
        g.questions.len()
    );
}

/// The clock goes on from the stored length when started, and then runs on its own:
/// the length stored by each commit (or put back by undoing one) does not move it.
#[test]
fn elapsed_time_goes_on_from_the_stored_length() {
    use second_story::ui::interviews::InterviewsScratch;
    let mut i = Interview {
        duration_secs: 100,
        ..Interview::default()
    };
    let mut v = InterviewsScratch::default();
    assert_eq!(v.elapsed(&i, 50.0), 100, "paused: the stored length");
    v.start(&i, 10.0);
    assert_eq!(v.elapsed(&i, 72.9), 162);
    i.duration_secs = 162; // a commit stores the length so far
    assert_eq!(v.elapsed(&i, 72.9), 162, "not counted twice");
    i.duration_secs = 100; // and undoing it puts the old length back
    assert_eq!(v.elapsed(&i, 80.0), 170, "the clock does not move back");
    v.timer = Some((Id::new(), 10.0));
    assert_eq!(v.elapsed(&i, 72.9), 100, "another interview's timer");
}

/// Statements committed while the timer runs get the time on the clock: ten seconds
/// apart on the clock, ten seconds apart in the transcript (each commit counted the
/// time since the start again, so the times raced ahead: 03:22, 04:52, 06:27 for
/// statements five seconds apart).
#[test]
fn statements_get_the_time_on_the_clock() {
    let mut h = harness();
    start_interview(&mut h, None);
    say(&mut h, "I was on call that night.");
    for text in [
        "The pager went off.",
        "I looked at the queue.",
        "It was long.",
    ] {
        h.run_steps(40); // kittest's clock moves a quarter second a step: ten seconds
        say(&mut h, text);
    }
    let stamps: Vec<u32> = interview(&h).statements.iter().map(|s| s.at_secs).collect();
    // Typing and committing take a few steps of their own: the gaps are ten seconds
    // and a little, and all alike.
    let gaps: Vec<u32> = stamps.windows(2).map(|p| p[1] - p[0]).collect();
    let (least, most) = (gaps.iter().min(), gaps.iter().max());
    assert!(
        least >= Some(&10) && most <= Some(&14) && most.zip(least).is_some_and(|(m, l)| m - l <= 1),
        "statements ten seconds apart on the clock: {stamps:?}"
    );
    assert!(
        interview(&h).duration_secs <= stamps[stamps.len() - 1] + 1,
        "the stored length is the clock's: {} after {stamps:?}",
        interview(&h).duration_secs
    );
}

/// Every widget of the Interviews workspace fits inside a small window, on every tab.
#[test]
fn fits_an_800_by_600_window() {
    use second_story::ui::Action;
    let mut h = harness_sized(800.0, 600.0);
    h.run();
    h.state_mut().perform(Action::OpenExample);
    h.run();
    keys(&mut h, Modifiers::COMMAND, Key::Num3);
    for tab in [
        "Capture",
        "⚖ Decision points",
        "📝 After the interview",
        "📚 Guides",
    ] {
        h.get_by_label(tab).click();
        h.run();
        let wide: Vec<String> = h
            .query_all_by(|n| n.bounding_box().is_some_and(|r| r.x1 > 801.0))
            .map(|n| format!("{n:?}").chars().take(160).collect())
            .collect();
        assert!(wide.is_empty(), "{tab}: wider than the window: {wide:#?}");
    }
}

/// Off-the-record statements, even when cited as evidence at a decision point, never
/// reach the Markdown export or the redacted copy, and the copy stays consistent.
#[test]
fn off_the_record_is_excluded_from_every_export() {
    let mut s = Session::new("Near miss", SessionKind::NearMiss);
    let mut p = Participant::new("P1");
    // Agreed to be quoted: their on-record words may appear (see tests/ui_privacy.rs
    // for someone who did not agree).
    p.consent.may_quote = true;
    let secret = Statement {
        text: "The vendor's support is useless, between us".into(),
        kind: StatementKind::Quote,
        off_record: true,
        ..Statement::default()
    };
    let open = Statement {
        text: "I raised the pool limit as a holding move".into(),
        kind: StatementKind::Action,
        ..Statement::default()
    };
    s.interviews.push(Interview {
        participant: p.id,
        title: "First sweep".into(),
        statements: vec![secret.clone(), open.clone()],
        ..Interview::default()
    });
    s.participants.push(p);
    s.decision_points.push(DecisionPoint {
        title: "Holding move".into(),
        statements: vec![open.id, secret.id],
        aspects: vec![Aspect {
            kind: AspectKind::Goals,
            text: "Buy time".into(),
            evidence: vec![secret.id, open.id],
        }],
        ..DecisionPoint::default()
    });
    assert!(validate::validate(&s).is_ok());
    for redact in [true, false] {
        let md = to_markdown(&s, ExportOptions { redact });
        assert!(!md.contains("vendor's support"), "{md}");
    }
    let copy = redacted_copy(&s);
    let text = file::to_ron_string(&copy).unwrap();
    assert!(!text.contains("vendor's support"));
    assert!(
        validate::validate(&copy).is_ok(),
        "{:?}",
        validate::problems(&copy)
    );
    assert!(text.contains("holding move"), "on-record words stay");
}

#[test]
fn coming_back_to_capture_puts_the_keyboard_in_the_capture_field() {
    let mut h = harness();
    start_interview(&mut h, None);
    let capture = common::CAPTURE;
    assert!(h.get_by_label(capture).is_focused());
    // To the Timeline and back, by keyboard, as between two answers.
    keys(&mut h, Modifiers::COMMAND, Key::Num4);
    keys(&mut h, Modifiers::COMMAND, Key::Num3);
    h.run();
    assert!(
        h.get_by_label(capture).is_focused(),
        "words typed now must land in the capture field"
    );
}

/// The interview on screen, after the keyboard path of the first test: a near miss, one
/// participant, an interview started with the first statement.
fn started_interview() -> Harness<'static, SecondStoryApp> {
    let mut h = harness();
    start_interview(&mut h, None);
    say(&mut h, "I was on call that night.");
    h
}

/// Statements taken while the timer is paused share one time: the facilitator is told
/// so at the first of them, once per pause, with the way to start it again (a restore or a reopen leaves the
/// timer paused).
#[test]
fn statements_taken_while_the_timer_is_paused_say_so_once() {
    let mut h = started_interview();
    assert!(
        h.state().scratch().interviews.timer.is_some(),
        "the first statement starts it"
    );
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    assert!(h.state().scratch().interviews.timer.is_none(), "paused");
    let told = |h: &Harness<'_, SecondStoryApp>| {
        h.state()
            .last_notice()
            .is_some_and(|n| n.contains("timer is paused"))
    };
    say(&mut h, "Then the pager went off.");
    assert!(
        told(&h),
        "the first statement at the paused time is told about"
    );
    let notice = h.state().last_notice().unwrap_or_default().to_owned();
    assert!(notice.contains("Ctrl+Shift+P"), "{notice}");
    // Once per pause: the next statement does not repeat it.
    while h.state().last_notice().is_some() {
        h.state_mut()
            .perform(second_story::ui::Action::DismissNotice(0));
    }
    h.run();
    say(&mut h, "It was long.");
    assert!(!told(&h), "told once per pause");
    // Running again, no notice; a new pause later is told about again.
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    assert!(h.state().scratch().interviews.timer.is_some());
    say(&mut h, "We rolled back.");
    assert!(!told(&h), "nothing to tell while it runs");
    h.run_steps(8);
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    say(&mut h, "And waited.");
    assert!(told(&h), "a new pause is told about");
}

/// Opening a file (here the same session again) while an interview's timer runs stops
/// that timer: the reopened interview shows its stored length, not a clock started in
/// the session that was replaced.
#[test]
fn opening_a_session_stops_a_running_timer() {
    let mut h = started_interview();
    assert!(h.state().scratch().interviews.timer.is_some());
    let text = second_story::model::file::to_ron_string(h.state().session()).unwrap();
    h.state_mut()
        .open_bytes("again.story.ron", Location::Unsaved, text.into_bytes());
    for _ in 0..4 {
        h.run();
    }
    assert!(
        h.state().scratch().interviews.timer.is_none(),
        "the reopened interview's timer does not run by itself"
    );
}

/// The guide's questions hold still while the suggested probes change with each
/// statement (at 1024×700 a growing probe list moved them 60 points under the pointer).
#[test]
fn the_guide_holds_still_while_the_probes_change() {
    let mut h = harness_sized(1024.0, 700.0);
    let guide = &builtin_guides()[2];
    start_interview(&mut h, Some(guide));
    let first = guide.questions[0].text.clone();
    let top = |h: &Harness<'_, SecondStoryApp>| h.get_by_label(&first).rect().top();
    let before = top(&h);
    let mut probes_seen = std::collections::HashSet::new();
    for said in [
        "I decided to raise the connection limit",
        "I'd seen this shape before, so I knew what it was",
        "The graph spiked at nine",
        "We were told to keep the queue moving whatever happened",
    ] {
        say(&mut h, said);
        let buttons = h
            .query_all_by(|n| n.role() == egui::accesskit::Role::Button)
            .count();
        probes_seen.insert(buttons);
        let now = top(&h);
        assert!(
            (now - before).abs() < 0.5,
            "after {said:?} the guide's first question moved from {before} to {now}"
        );
    }
    assert!(
        probes_seen.len() > 1,
        "the probes did change: {probes_seen:?}"
    );
}

/// After a dialog closes (here the typed path a Save asks for when the file dialog
/// cannot open), words typed go into the capture field again; they went nowhere.
#[test]
fn words_typed_after_a_save_dialog_land_in_the_capture_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness();
    start_interview(&mut h, None);
    say(&mut h, "I was on call that night.");
    h.state_mut()
        .receive(second_story::io::IoEvent::DialogFailed {
            purpose: second_story::io::PathPurpose::SaveSession {
                suggested: dir.path().join("review.story.ron"),
            },
            why: "No file chooser service answered.".into(),
        });
    h.run();
    h.get_by_label("The file dialog did not open");
    h.key_press(Key::Enter); // saves to the suggested path
    for _ in 0..5 {
        h.run();
    }
    assert!(dir.path().join("review.story.ron").exists(), "saved");
    // Typed as a person does, with no click first.
    h.event(egui::Event::Text("Then the pager went off".into()));
    h.run();
    assert_eq!(
        h.state().scratch().interviews.draft,
        "Then the pager went off",
        "the words are in the capture field"
    );
}

/// In a small window the statements list still shows each statement's type (a guessed
/// type must stay checkable after commit); who said it moves to the hover.
#[test]
fn a_small_window_still_shows_each_statement_s_type() {
    let mut h = harness_sized(800.0, 600.0);
    start_interview(&mut h, None);
    say(&mut h, "We rolled back the deploy");
    assert_eq!(
        interview(&h).statements[0].kind,
        StatementKind::Action,
        "guessed from the words"
    );
    let shown = h
        .query_all_by_label("Action")
        .any(|n| n.rect().left() > 180.0 && n.rect().top() > 300.0);
    assert!(shown, "the type is shown in the statements list at 800×600");
}

/// The guessed type follows the draft and its speaker as they change (it is kept
/// between frames only while neither does).
#[test]
fn the_guessed_type_follows_the_draft() {
    use second_story::ui::interviews::InterviewsScratch;
    let mut sc = InterviewsScratch::default();
    sc.draft = "We rolled back the deploy".into();
    assert_eq!(sc.guessed_kind(), StatementKind::Action);
    assert_eq!(
        sc.guessed_kind(),
        StatementKind::Action,
        "the same draft again"
    );
    sc.draft = "I was really worried".into();
    assert_eq!(sc.guessed_kind(), StatementKind::StateOfMind);
    sc.speaker = Speaker::Facilitator;
    assert_eq!(
        sc.guessed_kind(),
        StatementKind::Note,
        "the facilitator's words"
    );
}
