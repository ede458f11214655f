//! The keyboard as the README and the help (F1) describe it: every row of the one
//! shortcut table in the code (`ui::shortcuts::ALL`) is pressed where it works and
//! must do what it says; the README carries the same table and names no key the table
//! lacks. And Ctrl+Z in a text field undoes that field's typing first.

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
use second_story::model::*;
use second_story::ui::map::Selection;
use second_story::ui::shortcuts::{self, Scope, Shortcut, key_text};
use second_story::ui::{Action, Workspace};

fn harness_sized(size: egui::Vec2) -> Harness<'static, SecondStoryApp> {
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.set_dialogs_off(true);
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app);
    h.run();
    h
}

fn example() -> Harness<'static, SecondStoryApp> {
    let mut h = harness_sized(egui::vec2(1280.0, 800.0));
    open(&mut h, EXAMPLE_SESSION.to_owned());
    h
}

fn open(h: &mut Harness<'_, SecondStoryApp>, text: String) {
    h.state_mut()
        .open_bytes("test.story.ron", Location::Unsaved, text.into_bytes());
    h.run();
}

fn show(h: &mut Harness<'_, SecondStoryApp>, w: Workspace) {
    h.state_mut().perform(Action::Show(w));
    h.run();
}

fn press(h: &mut Harness<'_, SecondStoryApp>, sc: &egui::KeyboardShortcut) {
    h.key_press_modifiers(sc.modifiers, sc.logical_key);
    h.run();
}

fn type_slowly(h: &mut Harness<'_, SecondStoryApp>, text: &str) {
    for c in text.chars() {
        h.event(Event::Text(c.to_string()));
        h.step();
    }
    h.run();
}

fn focused_name(h: &Harness<'_, SecondStoryApp>) -> Option<String> {
    h.root()
        .children_recursive()
        .find(|n| n.accesskit_node().is_focused())
        .and_then(|n| n.accesskit_node().label())
}

fn click_at(h: &mut Harness<'_, SecondStoryApp>, at: egui::Pos2) {
    h.event(Event::PointerMoved(at));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
}

/// Where a shortcut works, set up: the example session in that place.
fn place(scope: Scope) -> Harness<'static, SecondStoryApp> {
    let mut h = example();
    match scope {
        Scope::Everywhere => show(&mut h, Workspace::Overview),
        Scope::Capture => {
            show(&mut h, Workspace::Interviews);
            h.get_by_label("Capture — Ctrl+Enter commits the statement")
                .focus();
            h.run();
        }
        Scope::Timeline | Scope::Tagging => show(&mut h, Workspace::Timeline),
        Scope::TimelineChart => {
            show(&mut h, Workspace::Timeline);
            let chart = h.get_by_label_contains("Timeline chart").rect();
            // Near the top right: the axis, where no event is.
            click_at(&mut h, chart.right_top() + egui::vec2(-20.0, 8.0));
        }
        Scope::Narrative => show(&mut h, Workspace::Narrative),
        Scope::MapCanvas => {
            show(&mut h, Workspace::Map);
            let canvas = h.get_by_label_contains("Map canvas").rect();
            click_at(&mut h, canvas.max - egui::vec2(30.0, 30.0));
        }
    }
    h
}

/// Presses each key of `s` where it works and checks it did what the table says.
fn check(s: &Shortcut) {
    let mut h = place(s.scope);
    match (s.scope, s.label) {
        (Scope::Everywhere, "Ctrl+N") => {
            press(&mut h, &s.keys[0]);
            assert!(h.state().showing_start());
        }
        (Scope::Everywhere, "Ctrl+O") => {
            press(&mut h, &s.keys[0]);
            assert_eq!(h.state().dialogs_asked(), ["open"]);
        }
        (Scope::Everywhere, "Ctrl+S") => {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("saved.story.ron");
            h.state_mut().set_location(Location::Path(path.clone()));
            press(&mut h, &s.keys[0]);
            assert!(path.exists());
        }
        (Scope::Everywhere, "Ctrl+Shift+S") => {
            press(&mut h, &s.keys[0]);
            assert_eq!(h.state().dialogs_asked(), ["save as"]);
        }
        (Scope::Everywhere, "Ctrl+E") => {
            let dir = tempfile::tempdir().expect("temp dir");
            h.state_mut().set_export_folder(Some(dir.path().to_owned()));
            // The export runs in the background with a spinner: step, do not settle.
            h.key_press_modifiers(s.keys[0].modifiers, s.keys[0].logical_key);
            h.step();
            let md = wait_for_file(&mut h, dir.path(), ".md");
            assert!(md, "a Markdown export was written");
        }
        (Scope::Everywhere, "Ctrl+Z") | (Scope::Everywhere, "Ctrl+Shift+Z or Ctrl+Y") => {
            let title = h.state().session().title.clone();
            h.get_by_label("Title").focus();
            h.run();
            type_slowly(&mut h, " typed");
            // Out of the field (Esc): the session's undo and redo.
            h.key_press(Key::Escape);
            h.run();
            for k in s.keys {
                press(&mut h, &shortcuts::UNDO.keys[0]);
                assert_eq!(h.state().session().title, title);
                if s.label == "Ctrl+Z" {
                    break;
                }
                press(&mut h, k);
                assert_eq!(
                    h.state().session().title,
                    format!("{title} typed"),
                    "{}",
                    key_text(k)
                );
            }
        }
        (Scope::Everywhere, "Ctrl+F") => {
            press(&mut h, &s.keys[0]);
            assert!(h.query_by_label("Search for").is_some());
        }
        (Scope::Everywhere, "Ctrl+Q") => {
            press(&mut h, &s.keys[0]);
            assert!(h.state().quitting());
        }
        (Scope::Everywhere, "Ctrl+1 … Ctrl+8") => {
            for (k, w) in s.keys.iter().zip(Workspace::ALL).rev() {
                press(&mut h, k);
                assert_eq!(h.state().view().workspace, w, "{}", key_text(k));
            }
        }
        (Scope::Everywhere, "Tab or Shift+Tab") => {
            h.get_by_label("Title").focus();
            h.run();
            press(&mut h, &s.keys[0]);
            assert_eq!(
                focused_name(&h).as_deref(),
                Some("Why we are looking at this")
            );
            press(&mut h, &s.keys[1]);
            assert_eq!(focused_name(&h).as_deref(), Some("Title"));
        }
        (Scope::Everywhere, "F1") => {
            press(&mut h, &s.keys[0]);
            assert!(h.state().showing_help());
            // The help lists every row of the table.
            for row in shortcuts::ALL {
                assert!(
                    h.query_all_by_label(row.does).next().is_some(),
                    "the help shows {:?}",
                    row.label
                );
            }
            press(&mut h, &s.keys[0]);
            assert!(!h.state().showing_help());
        }
        (Scope::Capture, "Ctrl+Enter") => {
            let n = h.state().session().statement_count();
            type_slowly(&mut h, "A statement");
            press(&mut h, &s.keys[0]);
            assert_eq!(h.state().session().statement_count(), n + 1);
        }
        (Scope::Capture, "Tab") => {
            let before = h.state().scratch().interviews.speaker;
            press(&mut h, &s.keys[0]);
            assert_ne!(h.state().scratch().interviews.speaker, before);
            assert!(
                h.get_by_label("Capture — Ctrl+Enter commits the statement")
                    .is_focused(),
                "Tab stays in the capture field"
            );
        }
        (Scope::Capture, "Alt+1 … Alt+0") => {
            for (k, kind) in s.keys.iter().zip(StatementKind::ALL) {
                press(&mut h, k);
                assert_eq!(
                    h.state().scratch().interviews.kind,
                    Some(kind),
                    "{}",
                    key_text(k)
                );
            }
        }
        (Scope::Capture, "Ctrl+Shift+R") => {
            press(&mut h, &s.keys[0]);
            assert!(h.state().scratch().interviews.off_record);
            assert!(h.query_by_label("OFF THE RECORD").is_some());
        }
        (Scope::Capture, "Ctrl+Shift+P") => {
            press(&mut h, &s.keys[0]);
            assert!(h.state().scratch().interviews.timer.is_some());
        }
        (Scope::Timeline, "Alt+1 … Alt+6") => {
            use second_story::ui::timeline::TimelineTab;
            for (k, tab) in s.keys.iter().zip(TimelineTab::ALL).rev() {
                press(&mut h, k);
                assert_eq!(h.state().view().timeline.tab, tab, "{}", key_text(k));
            }
        }
        (Scope::TimelineChart, "Left or Right") => {
            let left = h.state().scratch().timeline.left;
            press(&mut h, &s.keys[0]);
            let after = h.state().scratch().timeline.left;
            assert!(after < left, "Left pans back");
            press(&mut h, &s.keys[1]);
            assert!(h.state().scratch().timeline.left > after, "Right pans on");
        }
        (Scope::TimelineChart, "Up or Down") => {
            // Lanes scroll only when they do not all fit: a large programme.
            let big =
                second_story::model::synth::generate(&second_story::model::synth::Scale::L, 7);
            open(&mut h, file::to_ron_string(&big).expect("saves"));
            show(&mut h, Workspace::Timeline);
            let chart = h.get_by_label_contains("Timeline chart").rect();
            click_at(&mut h, chart.right_top() + egui::vec2(-20.0, 8.0));
            press(&mut h, &s.keys[1]);
            let down = h.state().scratch().timeline.lane_scroll;
            assert!(down > 0.0, "Down shows the lanes below");
            press(&mut h, &s.keys[0]);
            assert!(
                h.state().scratch().timeline.lane_scroll < down,
                "Up goes back"
            );
        }
        (Scope::TimelineChart, "+ or -") => {
            let zoom = h.state().scratch().timeline.px_per_sec;
            for k in s.keys {
                press(&mut h, k);
            }
            // In, in, out: more pixels per second than before.
            assert!(h.state().scratch().timeline.px_per_sec > zoom);
            press(&mut h, &s.keys[2]);
            press(&mut h, &s.keys[2]);
            assert!(h.state().scratch().timeline.px_per_sec < zoom);
        }
        (Scope::Tagging, "Alt+Up or Alt+Down") => {
            press(&mut h, &shortcuts::TIMELINE_TABS.keys[1]);
            press(&mut h, &s.keys[1]);
            let first = h.state().view().timeline.selected_statement;
            assert!(first.is_some());
            press(&mut h, &s.keys[1]);
            let second = h.state().view().timeline.selected_statement;
            assert_ne!(second, first, "Down: the next statement");
            press(&mut h, &s.keys[0]);
            assert_eq!(
                h.state().view().timeline.selected_statement,
                first,
                "Up: back"
            );
        }
        (Scope::Narrative, "Ctrl+Shift+E") => {
            let dir = tempfile::tempdir().expect("temp dir");
            h.state_mut().set_export_folder(Some(dir.path().to_owned()));
            h.get_by_label("Markdown").focus();
            h.run();
            press(&mut h, &s.keys[0]);
            assert!(
                h.query_by_label("Find evidence").is_some(),
                "the picker opens"
            );
            assert!(
                !wait_for_file(&mut h, dir.path(), ".md"),
                "and nothing is exported (Ctrl+E is not Ctrl+Shift+E)"
            );
            // Citing from the picker puts the footnote at the marked place.
            let body = h.state().session().narrative.sections[0].body.clone();
            h.get_by_label("Find evidence").focus();
            h.run();
            type_slowly(&mut h, "sawtooth");
            let pick = h
                .query_all_by_label_contains("sawtooth")
                .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
                .expect("a statement about the sawtooth")
                .rect();
            click_at(&mut h, pick.center());
            let after = &h.state().session().narrative.sections[0].body;
            assert!(after.len() > body.len() && after.contains("[^"), "cited");
        }
        (Scope::Narrative, "Alt+Up or Alt+Down") => {
            let order = |h: &Harness<'_, SecondStoryApp>| -> Vec<Id> {
                h.state()
                    .session()
                    .narrative
                    .sections
                    .iter()
                    .map(|s| s.id)
                    .collect()
            };
            let before = order(&h);
            press(&mut h, &s.keys[1]);
            let down = order(&h);
            assert_eq!((down[0], down[1]), (before[1], before[0]), "moved down");
            press(&mut h, &s.keys[0]);
            assert_eq!(order(&h), before, "and up again");
        }
        (Scope::MapCanvas, "N") => {
            let n = h.state().session().maps[0].nodes.len();
            press(&mut h, &s.keys[0]);
            assert_eq!(h.state().session().maps[0].nodes.len(), n + 1);
        }
        (Scope::MapCanvas, "F2 or Enter") => {
            for k in s.keys {
                let mut h = place(Scope::MapCanvas);
                press(&mut h, &shortcuts::MAP_ARROWS.keys[1]);
                press(&mut h, k);
                assert_eq!(
                    focused_name(&h).as_deref(),
                    Some("Step name"),
                    "{}",
                    key_text(k)
                );
            }
        }
        (Scope::MapCanvas, "Delete or Backspace") => {
            for k in s.keys {
                let mut h = place(Scope::MapCanvas);
                let n = h.state().session().maps[0].nodes.len();
                press(&mut h, &shortcuts::MAP_ARROWS.keys[1]);
                press(&mut h, k);
                assert_eq!(
                    h.state().session().maps[0].nodes.len(),
                    n - 1,
                    "{}",
                    key_text(k)
                );
            }
        }
        (Scope::MapCanvas, "Arrows") => {
            press(&mut h, &s.keys[1]);
            let first = h.state().scratch().map.selection;
            assert!(
                matches!(first, Some(Selection::Node(_))),
                "an arrow selects a step"
            );
            let mut moved = false;
            for k in s.keys {
                press(&mut h, k);
                moved |= h.state().scratch().map.selection != first;
            }
            assert!(moved, "arrows move the selection");
        }
        (Scope::MapCanvas, "Esc") => {
            press(&mut h, &shortcuts::MAP_ARROWS.keys[1]);
            assert!(h.state().scratch().map.selection.is_some());
            press(&mut h, &s.keys[0]);
            assert!(h.state().scratch().map.selection.is_none());
        }
        (scope, label) => panic!("no check for {label} ({scope:?}): add one"),
    }
}

/// Steps the app until a file ending in `suffix` is in `dir` (an export runs in the
/// background); false if none comes.
fn wait_for_file(h: &mut Harness<'_, SecondStoryApp>, dir: &std::path::Path, suffix: &str) -> bool {
    for _ in 0..200 {
        let found = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(suffix));
        if found {
            return true;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    false
}

#[test]
fn every_shortcut_in_the_table_does_what_it_says() {
    for s in shortcuts::ALL {
        check(s);
    }
}

/// The README's shortcut table is the code's, and every key the README names anywhere
/// (Ctrl+…, Alt+…) is a key of the table.
#[test]
fn the_readme_lists_the_same_shortcuts() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    assert!(
        readme.contains(&shortcuts::markdown_table()),
        "README.md must carry the table of src/ui/shortcuts.rs as printed by markdown_table():\n{}",
        shortcuts::markdown_table()
    );
    let known: Vec<String> = shortcuts::ALL
        .iter()
        .flat_map(|s| s.keys.iter().map(key_text))
        .collect();
    for (at, _) in readme
        .match_indices("Ctrl+")
        .chain(readme.match_indices("Alt+"))
    {
        let token: String = readme[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '+')
            .collect();
        let token = token.trim_end_matches('+');
        assert!(
            known.iter().any(|k| k == token),
            "README.md names {token}, which is not in the shortcut table"
        );
    }
}

/// Ctrl+Z in the capture field undoes the typing, not the statement committed before;
/// only when the field has nothing left does the session's undo run.
#[test]
fn undo_in_the_capture_field_undoes_typing_first() {
    let mut h = harness_sized(egui::vec2(1280.0, 800.0));
    h.get_by_label_contains("New near miss").click();
    h.run();
    show(&mut h, Workspace::Participants);
    h.get_by_label_contains("Add participant").click();
    h.run();
    show(&mut h, Workspace::Interviews);
    h.get_by_label("▶ Start interview").click();
    h.run();
    let capture = "Capture — Ctrl+Enter commits the statement";
    type_slowly(&mut h, "The first answer");
    press(&mut h, &shortcuts::COMMIT.keys[0]);
    assert_eq!(h.state().session().statement_count(), 1);
    type_slowly(&mut h, "and then the second");
    assert_eq!(
        h.get_by_label(capture).value().as_deref(),
        Some("and then the second")
    );

    press(&mut h, &shortcuts::UNDO.keys[0]);
    assert_eq!(
        h.get_by_label(capture).value().as_deref(),
        Some(""),
        "the typing is undone"
    );
    assert_eq!(
        h.state().session().statement_count(),
        1,
        "the committed statement stays"
    );
    // Redo in the field brings the typing back; undo takes it away again.
    press(&mut h, &shortcuts::REDO.keys[0]);
    assert_eq!(
        h.get_by_label(capture).value().as_deref(),
        Some("and then the second")
    );
    press(&mut h, &shortcuts::UNDO.keys[0]);
    assert_eq!(h.get_by_label(capture).value().as_deref(), Some(""));
    // Nothing left in the field: now the session's undo.
    press(&mut h, &shortcuts::UNDO.keys[0]);
    assert_eq!(h.state().session().statement_count(), 0);
    assert!(h.get_by_label(capture).is_focused());
}

/// The same in the narrative editor: typing first, then the session.
#[test]
fn undo_in_the_narrative_editor_undoes_typing_first() {
    let mut h = example();
    show(&mut h, Workspace::Narrative);
    let original = h.state().session().narrative.sections[0].clone();
    // A change elsewhere first: the session's last step before the typing.
    h.get_by_label("Heading").focus();
    h.run();
    type_slowly(&mut h, " (draft)");
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Markdown").focus();
    h.run();
    type_slowly(&mut h, " More words.");
    let body = &h.state().session().narrative.sections[0].body;
    assert!(body.ends_with(" More words."));

    press(&mut h, &shortcuts::UNDO.keys[0]);
    let sec = &h.state().session().narrative.sections[0];
    assert_eq!(sec.body, original.body, "the typing is undone");
    assert_eq!(
        sec.title,
        format!("{} (draft)", original.title),
        "the heading stays"
    );
    // Nothing left in the editor: the session's undo takes the heading back.
    press(&mut h, &shortcuts::UNDO.keys[0]);
    assert_eq!(h.state().session().narrative.sections[0], original);
    assert!(!h.state().document().is_dirty(), "as it was opened");
}

/// While another window has the keyboard, no field is drawn as focused (keys typed
/// would not reach it); back in the window, the field has the focus again.
#[test]
fn a_field_looks_focused_only_while_the_window_has_the_keyboard() {
    let mut h = example();
    h.get_by_label("Title").focus();
    h.run();
    assert!(h.get_by_label("Title").is_focused());
    h.input_mut().focused = false;
    h.run();
    assert!(
        !h.get_by_label("Title").is_focused(),
        "another window has the keyboard"
    );
    h.input_mut().focused = true;
    h.run();
    assert!(h.get_by_label("Title").is_focused(), "back: the same field");
    let title = h.state().session().title.clone();
    type_slowly(&mut h, " again");
    assert_eq!(h.state().session().title, format!("{title} again"));
}
