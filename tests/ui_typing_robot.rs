//! A typing robot: in each workspace it starts in the first text field and types a
//! sentence into every text field reachable with Tab, one character per frame, with
//! Tab between fields. Afterwards the session holds exactly the typed text, in exactly
//! the fields the robot saw focused, and nothing else changed. Clicks a person makes
//! mid-sentence (a guide question, a probe, a type, the speaker, a missed click on the
//! map) must not take a single character away.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::guides::builtin_guides;
use second_story::model::*;
use second_story::ui::{Action, Workspace};

fn harness() -> Harness<'static, SecondStoryApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut SecondStoryApp| app.ui_root(ui),
            SecondStoryApp::with_autosave(Autosave::disabled()),
        );
    h.run();
    h
}

fn example() -> Harness<'static, SecondStoryApp> {
    let mut h = harness();
    h.state_mut().open_bytes(
        EXAMPLE_FILE_NAME,
        Location::Unsaved,
        EXAMPLE_SESSION.as_bytes().to_vec(),
    );
    h.run();
    h
}

fn new_session(kind: &str) -> Harness<'static, SecondStoryApp> {
    let mut h = harness();
    h.get_by_label_contains(kind).click();
    h.run();
    h
}

fn show(h: &mut Harness<'_, SecondStoryApp>, w: Workspace) {
    h.state_mut().perform(Action::Show(w));
    h.run();
}

fn click(h: &mut Harness<'_, SecondStoryApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Puts the keyboard focus in a field as Tab would (the cursor at the end of its text).
fn enter_field(h: &mut Harness<'_, SecondStoryApp>, label: &str) {
    h.get_by_label(label).focus();
    h.run();
}

/// The session as it must be: `before` with `change` made to it.
fn assert_session(
    h: &Harness<'_, SecondStoryApp>,
    before: &Session,
    change: impl FnOnce(&mut Session),
) {
    let mut expected = before.clone();
    change(&mut expected);
    let mut after = h.state().session().clone();
    after.updated = expected.updated;
    assert_eq!(after, expected, "exactly the typed text, nothing else");
}

/// The text field with keyboard focus: its accessibility node id, name and value.
fn focused_field(h: &Harness<'_, SecondStoryApp>) -> Option<(u64, String, String)> {
    h.root().children_recursive().find_map(|n| {
        let a = n.accesskit_node();
        let field = matches!(
            a.role(),
            egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
        );
        (field && a.is_focused()).then(|| {
            (
                a.locate().0.0,
                a.label().unwrap_or_default(),
                a.value().unwrap_or_default(),
            )
        })
    })
}

/// The value of the field with this accessibility node id.
fn value_of(h: &Harness<'_, SecondStoryApp>, id: u64) -> String {
    h.root()
        .children_recursive()
        .find(|n| n.accesskit_node().locate().0.0 == id)
        .and_then(|n| n.accesskit_node().value())
        .unwrap_or_else(|| panic!("field {id} is gone"))
}

/// Types `text` one character per frame, as a person types.
fn type_slowly(h: &mut Harness<'_, SecondStoryApp>, text: &str) {
    for c in text.chars() {
        h.event(Event::Text(c.to_string()));
        h.step();
    }
    h.run();
}

fn press(h: &mut Harness<'_, SecondStoryApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.step();
    h.run();
}

/// One field the robot typed into: its node id, name, value before, the sentence.
struct Typed {
    id: u64,
    name: String,
    before: String,
    sentence: String,
}

/// From the focused field: type a sentence, Tab, and again, until Tab comes back to
/// the first field (or a field named in `last` was typed into). Every Tab must land
/// on a text field.
fn tab_through(h: &mut Harness<'_, SecondStoryApp>, tag: &str, last: &[&str]) -> Vec<Typed> {
    tab_through_with(h, tag, last, &[])
}

/// [`tab_through`], with fields that take a format (a date): those get their whole
/// text replaced by the value given for them.
fn tab_through_with(
    h: &mut Harness<'_, SecondStoryApp>,
    tag: &str,
    last: &[&str],
    formats: &[(&str, &str)],
) -> Vec<Typed> {
    let mut typed: Vec<Typed> = Vec::new();
    loop {
        let (id, name, before) = focused_field(h).unwrap_or_else(|| {
            panic!(
                "{tag}: after {:?}, Tab left no text field focused",
                typed.last().map(|t| &t.name)
            )
        });
        if typed.iter().any(|t| t.id == id) {
            break;
        }
        assert!(typed.len() < 40, "{tag}: Tab never came back");
        let (before, sentence) = match formats.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                press(h, Modifiers::COMMAND, Key::A);
                (String::new(), (*value).to_owned())
            }
            None => (
                before,
                format!("{tag} {}, typed one key at a time.", typed.len() + 1),
            ),
        };
        type_slowly(h, &sentence);
        typed.push(Typed {
            id,
            name: name.clone(),
            before,
            sentence,
        });
        if last.contains(&name.as_str()) {
            break;
        }
        press(h, Modifiers::NONE, Key::Tab);
    }
    // Every field holds what it held, plus exactly its sentence.
    for t in &typed {
        assert_eq!(
            value_of(h, t.id),
            format!("{}{}", t.before, t.sentence),
            "{tag}: the field {:?}",
            t.name
        );
    }
    typed
}

/// The session is `before` with exactly these sentences added, each once.
fn assert_only_typed(before: &Session, after: &Session, sentences: &[&str]) {
    let mut a = after.clone();
    a.updated = before.updated;
    let mut text = file::to_ron_string(&a).expect("saves");
    for s in sentences {
        assert_eq!(text.matches(s).count(), 1, "{s:?} is in the session once");
        text = text.replacen(s, "", 1);
    }
    let expected = file::to_ron_string(before).expect("saves");
    let diff: Vec<(&str, &str)> = text
        .lines()
        .zip(expected.lines())
        .filter(|(a, b)| a != b)
        .take(5)
        .collect();
    assert!(
        diff.is_empty() && text.lines().count() == expected.lines().count(),
        "nothing but the typed text changed; first differences (after, before): {diff:#?}"
    );
}

fn sentences(typed: &[Typed]) -> Vec<&str> {
    typed.iter().map(|t| t.sentence.as_str()).collect()
}

fn names(typed: &[Typed]) -> Vec<&str> {
    typed.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn overview_title_to_purpose_and_a_new_facilitator() {
    let mut h = new_session("New incident review");
    let before = h.state().session().clone();
    enter_field(&mut h, "Title");
    let typed = tab_through(&mut h, "Overview", &[]);
    assert_eq!(names(&typed), ["Title", "Why we are looking at this"]);
    let s = h.state().session().clone();
    assert_eq!(s.kind, SessionKind::IncidentReview, "the kind stayed");
    assert_only_typed(&before, &s, &sentences(&typed));

    // A new facilitator's field takes the focus: the name goes into it.
    h.get_by_label("➕ Add facilitator").click();
    h.run();
    let before = h.state().session().clone();
    let (_, name, _) = focused_field(&h).expect("the new field has the focus");
    assert_eq!(name, "Facilitators");
    type_slowly(&mut h, "Sam Rivera");
    assert_eq!(h.state().session().facilitators, ["Sam Rivera"]);
    assert_only_typed(&before, h.state().session(), &["Sam Rivera"]);
}

#[test]
fn participants_role_to_team_never_presses_a_button() {
    let mut h = new_session("New near miss");
    show(&mut h, Workspace::Participants);
    h.get_by_label_contains("Add participant").click();
    h.run();
    let before = h.state().session().clone();
    // The new participant's pseudonym has the focus.
    let (_, name, _) = focused_field(&h).expect("the pseudonym has the focus");
    assert_eq!(name, "Pseudonym");
    let typed = tab_through(&mut h, "Participant", &[]);
    assert_eq!(
        names(&typed),
        [
            "Pseudonym",
            "Real name",
            "Role",
            "Team",
            "Conditions",
            "Retention",
            "Private notes"
        ]
    );
    let t = |n: usize| typed[n].sentence.clone();
    assert_session(&h, &before, |s| {
        let p = &mut s.participants[0];
        p.pseudonym = format!("P1{}", t(0));
        p.real_name = Some(t(1));
        p.role = t(2);
        // Role → Team: every word in Team, and the pseudonym as it was typed.
        p.team = t(3);
        p.consent.conditions = t(4);
        p.consent.retention = t(5);
        p.notes = t(6);
    });
}

#[test]
fn capture_keeps_every_word_through_clicks_on_guide_probe_type_and_speaker() {
    let mut h = new_session("New near miss");
    show(&mut h, Workspace::Participants);
    h.get_by_label_contains("Add participant").click();
    h.run();
    show(&mut h, Workspace::Interviews);
    let guide = &builtin_guides()[2];
    click(&mut h, "Guide");
    click(&mut h, &guide.name);
    click(&mut h, "▶ Start interview");
    let capture = "Capture — Ctrl+Enter commits the statement";
    assert!(h.get_by_label(capture).is_focused());

    type_slowly(&mut h, "I saw the pool graph ");
    click(&mut h, &guide.questions[0].text); // tick a guide question
    type_slowly(&mut h, "climb in steps, ");
    click(&mut h, "What happened next?"); // a probe
    type_slowly(&mut h, "not the usual ");
    // The speaker, with the mouse, and back.
    h.get_by_role_and_label(egui::accesskit::Role::RadioButton, "Facilitator")
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::RadioButton, "P1")
        .click();
    h.run();
    type_slowly(&mut h, "Monday ramp");
    h.get_by_label("3 Observation").click(); // a type
    h.run();
    type_slowly(&mut h, ".");
    assert!(h.get_by_label(capture).is_focused(), "still in the field");
    press(&mut h, Modifiers::COMMAND, Key::Enter);

    let i = &h.state().session().interviews[0];
    let said = "I saw the pool graph climb in steps, not the usual Monday ramp.";
    let texts: Vec<(&str, Speaker)> = i
        .statements
        .iter()
        .map(|s| (s.text.as_str(), s.speaker))
        .collect();
    assert_eq!(
        texts,
        [
            ("What happened next?", Speaker::Facilitator),
            (said, Speaker::Interviewee)
        ],
        "the probe is the facilitator's question; every word typed is in the answer"
    );
    assert_eq!(i.statements[1].kind, StatementKind::Observation);
    let asked: Vec<&str> = i.asked.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        asked,
        [guide.questions[0].text.as_str(), "What happened next?"]
    );
    // The speaker stayed where it was put: it does not flip after a commit.
    assert!(h.query_by_label_contains("Speaking: P1").is_some());
    assert!(h.get_by_label(capture).is_focused());

    // After the interview: Summary → Follow-ups → Facilitator.
    click(&mut h, "📝 After the interview");
    let before = h.state().session().clone();
    enter_field(&mut h, "Title");
    let typed = tab_through_with(
        &mut h,
        "After",
        &[],
        &[
            ("Sent to them on", "2026-04-12"),
            ("Checked by them on", "2026-04-14"),
        ],
    );
    assert_eq!(
        names(&typed),
        [
            "Title",
            "Summary",
            "Follow-ups with them",
            "Facilitator",
            "Sent to them on",
            "Checked by them on"
        ]
    );
    // The dates are dates in the file: expect them there, and every other sentence
    // as typed.
    let mut expected = before.clone();
    for i in &mut expected.interviews {
        if i.id == h.state().session().interviews[0].id {
            i.calibration_sent = chrono::NaiveDate::from_ymd_opt(2026, 4, 12);
            i.calibration_checked = chrono::NaiveDate::from_ymd_opt(2026, 4, 14);
        }
    }
    let words: Vec<&str> = typed
        .iter()
        .filter(|t| !t.name.ends_with(" on"))
        .map(|t| t.sentence.as_str())
        .collect();
    assert_only_typed(&expected, h.state().session(), &words);
}

#[test]
fn decision_point_aspects_in_reading_order() {
    let mut h = example();
    show(&mut h, Workspace::Interviews);
    click(&mut h, "⚖ Decision points");
    h.query_all_by_label_contains("/10 aspects")
        .next()
        .expect("the example has decision points")
        .click();
    h.run();
    let before = h.state().session().clone();
    enter_field(&mut h, "What was decided or done");
    let typed = tab_through(&mut h, "Decision", &["Hypotheticals:"]);
    assert_eq!(
        names(&typed)[..3],
        ["What was decided or done", "When", "Cues:"]
    );
    assert_eq!(typed.len(), 12, "{:?}", names(&typed));
    // Each field of the decision point holds its sentence; taking them out again
    // (and the aspects that held only a sentence) gives the session as it was.
    let mut after = h.state().session().clone();
    let typed_text: Vec<&str> = sentences(&typed);
    let take_out = |t: &mut String| {
        for s in &typed_text {
            if let Some(at) = t.find(s) {
                t.replace_range(at..at + s.len(), "");
            }
        }
    };
    for d in &mut after.decision_points {
        take_out(&mut d.title);
        take_out(&mut d.when);
        for a in &mut d.aspects {
            take_out(&mut a.text);
        }
        d.aspects
            .retain(|a| !a.text.is_empty() || !a.evidence.is_empty());
    }
    after.updated = before.updated;
    assert_eq!(after, before, "nothing but the typed text changed");
}

#[test]
fn timeline_workspace_codes_findings_themes_and_follow_ups() {
    let mut h = example();
    show(&mut h, Workspace::Timeline);

    // Codebook: type a code, Enter, the next one straight away, Enter.
    press(&mut h, Modifiers::ALT, Key::Num3);
    let before = h.state().session().clone();
    click(&mut h, "New code");
    type_slowly(&mut h, "paging cost");
    press(&mut h, Modifiers::NONE, Key::Enter);
    type_slowly(&mut h, "status page lag");
    press(&mut h, Modifiers::NONE, Key::Enter);
    let codes = &h.state().session().codes;
    let new: Vec<&str> = codes[before.codes.len()..]
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(new, ["paging cost", "status page lag"], "no code lost");

    // Findings: a new entry takes the focus; then its fields.
    press(&mut h, Modifiers::ALT, Key::Num5);
    click(&mut h, "➕ Add contributor");
    let before = h.state().session().clone();
    let typed = tab_through(&mut h, "Finding", &[]);
    assert!(!typed.is_empty());
    assert_only_typed(&before, h.state().session(), &sentences(&typed));

    // Themes: the new theme's name has the focus.
    press(&mut h, Modifiers::ALT, Key::Num4);
    click(&mut h, "➕ New theme");
    let (_, name, _) = focused_field(&h).expect("the theme name has the focus");
    assert_eq!(name, "Theme name");
    let before = h.state().session().clone();
    let typed = tab_through(&mut h, "Theme", &["What it is about"]);
    assert_eq!(names(&typed), ["Theme name", "What it is about"]);
    assert_only_typed(&before, h.state().session(), &sentences(&typed));

    // Parking lot.
    press(&mut h, Modifiers::ALT, Key::Num6);
    click(&mut h, "➕ Park a follow-up idea");
    let before = h.state().session().clone();
    let (_, name, _) = focused_field(&h).expect("the new idea has the focus");
    assert_eq!(name, "Idea");
    let typed = tab_through_with(
        &mut h,
        "Follow-up",
        &["Soak until"],
        &[("Soak until", "2026-12-24")],
    );
    assert_eq!(names(&typed), ["Idea", "Soak until"]);
    let n = before.follow_ups.len() - 1;
    assert_session(&h, &before, |s| {
        s.follow_ups[n].text = typed[0].sentence.clone();
        s.follow_ups[n].soak_until = chrono::NaiveDate::from_ymd_opt(2026, 12, 24);
    });
}

#[test]
fn map_fields_and_a_missed_click_lose_nothing_and_make_nothing() {
    let mut h = example();
    show(&mut h, Workspace::Map);
    let before = h.state().session().clone();
    // A missed click: on the inspector's empty space, not on a field. The sentence
    // typed next goes nowhere: no step named after it, no canvas shortcut.
    let inspector = h.get_by_label("This map").rect();
    let miss = inspector.left_bottom() + egui::vec2(40.0, 160.0);
    h.event(Event::PointerMoved(miss));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: miss,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
    type_slowly(&mut h, "now delete nothing");
    press(&mut h, Modifiers::NONE, Key::Delete);
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(
        file::to_ron_string(h.state().session()).ok(),
        file::to_ron_string(&before).ok(),
        "keys after a missed click change nothing"
    );

    // The map's own fields: its name, the statement filter, then a step's fields.
    enter_field(&mut h, "Map name");
    let typed = tab_through(&mut h, "Map", &["Filter"]);
    assert_eq!(names(&typed), ["Map name", "Filter"]);
    let map = &h.state().session().maps[0];
    assert_eq!(
        map.name,
        format!("{}{}", before.maps[0].name, typed[0].sentence)
    );
}

#[test]
fn narrative_heading_then_the_write_up() {
    let mut h = example();
    show(&mut h, Workspace::Narrative);
    let before = h.state().session().clone();
    click(&mut h, "Heading");
    // The Markdown editor keeps Tab (it indents): the robot stops there.
    let typed = tab_through(&mut h, "Narrative", &["Markdown"]);
    assert_eq!(names(&typed), ["Heading", "Markdown"]);
    assert_only_typed(&before, h.state().session(), &sentences(&typed));
}

#[test]
fn guide_editor_fields_in_reading_order() {
    let mut h = new_session("New normal work study");
    show(&mut h, Workspace::Interviews);
    click(&mut h, "📚 Guides");
    click(&mut h, "➕ New guide");
    let before = h.state().session().clone();
    enter_field(&mut h, "Guide name");
    let typed = tab_through(&mut h, "Guide", &[]);
    assert_eq!(
        names(&typed)[..3],
        ["Guide name", "When to use", "References"]
    );
    assert_eq!(typed.len(), 5, "and the question's section and text");
    let t = |n: usize| typed[n].sentence.clone();
    assert_session(&h, &before, |s| {
        let g = &mut s.guides[0];
        g.name = format!("New guide{}", t(0));
        g.when_to_use = t(1);
        g.references = vec![t(2)];
        g.questions[0].section = t(3);
        g.questions[0].text = format!("{}{}", before.guides[0].questions[0].text, t(4));
    });
}

#[test]
fn find_a_statement_stays_open_while_its_search_box_is_used() {
    // At 150 % zoom there is no room under the button: the popup opens upwards, and
    // a popup that shrank as its list narrowed would move away from the pointer.
    for (size, ppp) in [
        (egui::vec2(1280.0, 800.0), 1.0),
        (egui::vec2(853.0, 533.0), 1.5),
    ] {
        find_a_statement_at(size, ppp);
    }
}

fn find_a_statement_at(size: egui::Vec2, ppp: f32) {
    let mut h = Harness::builder()
        .with_size(size)
        .with_pixels_per_point(ppp)
        .build_ui_state(
            |ui, app: &mut SecondStoryApp| app.ui_root(ui),
            SecondStoryApp::with_autosave(Autosave::disabled()),
        );
    h.run();
    h.state_mut().open_bytes(
        EXAMPLE_FILE_NAME,
        Location::Unsaved,
        EXAMPLE_SESSION.as_bytes().to_vec(),
    );
    h.run();
    show(&mut h, Workspace::Timeline);
    press(&mut h, Modifiers::ALT, Key::Num5); // Findings
    let finding = h.state().view().timeline.finding_kind;
    let before: Vec<usize> = h
        .state()
        .session()
        .findings
        .iter()
        .filter(|f| f.kind == finding)
        .map(|f| f.evidence.len())
        .collect();
    h.get_all_by_label("📎 Link evidence…")
        .next()
        .expect("a finding to link evidence to")
        .click();
    h.run();
    // The search box: clicked, typed into; the list stays open and narrows.
    click(&mut h, "Find a statement");
    assert!(
        h.query_by_label("Find a statement").is_some(),
        "still open after the click"
    );
    let search_box = h.get_by_label("Find a statement").rect();
    type_slowly(&mut h, "sawtooth");
    assert_eq!(
        h.get_by_label("Find a statement").rect(),
        search_box,
        "the popup stays where it was while its list narrows"
    );
    let pick = h
        .query_all_by_label_contains("sawtooth")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("the list shows matching statements")
        .rect();
    h.event(Event::PointerMoved(pick.center()));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: pick.center(),
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
    let after: Vec<usize> = h
        .state()
        .session()
        .findings
        .iter()
        .filter(|f| f.kind == finding)
        .map(|f| f.evidence.len())
        .collect();
    assert_eq!(after[0], before[0] + 1, "the picked statement is linked");
    assert!(
        h.query_by_label("Find a statement").is_none(),
        "and the list closes"
    );
}

#[test]
fn tagging_by_keyboard_keeps_the_code_filter_focused() {
    let mut h = example();
    show(&mut h, Workspace::Timeline);
    press(&mut h, Modifiers::ALT, Key::Num2); // Tagging
    press(&mut h, Modifiers::ALT, Key::ArrowDown);
    let first = h.state().view().timeline.selected_statement;
    let tags = h.state().session().tags.len();
    enter_field(&mut h, "Find a code");
    type_slowly(&mut h, "surprises");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(
        h.get_by_label("Find a code").is_focused(),
        "Enter tags and stays"
    );
    press(&mut h, Modifiers::ALT, Key::ArrowDown);
    assert_ne!(h.state().view().timeline.selected_statement, first);
    assert!(h.get_by_label("Find a code").is_focused(), "Alt+Down too");
    type_slowly(&mut h, "surprises");
    press(&mut h, Modifiers::NONE, Key::Enter);
    let s = h.state().session();
    let new: Vec<Id> = s.tags[tags..].iter().map(|t| t.statement).collect();
    assert_eq!(new.len(), 2, "both tags are there");
    assert_ne!(new[0], new[1], "on two statements");
}

#[test]
fn the_pseudonym_button_says_what_it_replaced_and_undoes() {
    let mut h = new_session("New near miss");
    show(&mut h, Workspace::Participants);
    h.get_by_label_contains("Add participant").click();
    h.run();
    enter_field(&mut h, "Role");
    type_slowly(&mut h, "On-call SRE");
    h.key_press(Key::Escape);
    h.run();
    click(&mut h, "Use \"P1 (on-call SRE)\" as pseudonym");
    let p = &h.state().session().participants[0];
    assert_eq!(p.pseudonym, "P1 (on-call SRE)");
    let notice = h.state().last_notice().unwrap_or_default().to_owned();
    assert!(
        notice.contains("\"P1\"") && notice.contains("Ctrl+Z"),
        "the status bar says what was replaced: {notice}"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let p = &h.state().session().participants[0];
    assert_eq!(
        (p.pseudonym.as_str(), p.role.as_str()),
        ("P1", "On-call SRE")
    );
}
