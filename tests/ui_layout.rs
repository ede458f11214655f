//! Every size usable: at 1280×800, 1024×700, 800×600 and at 150 % zoom (1280×800
//! pixels at 1.5 pixels per point, 853×533 points, as a browser at 150 % shows it),
//! on the example session and on a large generated one, in every workspace and tab:
//!
//! - every control and text can be seen whole: either it is laid out inside its panel,
//!   or scrolling it into view (as a screen reader or Tab would) shows it whole — a
//!   widget cut by its panel's edge with no scroll area to bring it in fails;
//! - no text is laid out narrower than about three characters (a label wrapped into
//!   a column one letter wide);
//! - the map canvas keeps a usable size.
//!
//! Widgets' rects come from egui's record of the last frame (the full rect, and the
//! part inside its clip rect); names and roles from the AccessKit tree.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::synth::{self, Scale};
use second_story::model::{EXAMPLE_SESSION, file};
use second_story::ui::{Action, Workspace};

/// (name, width, height in points, pixels per point).
const SIZES: [(&str, f32, f32, f32); 4] = [
    ("1280×800", 1280.0, 800.0, 1.0),
    ("1024×700", 1024.0, 700.0, 1.0),
    ("800×600", 800.0, 600.0, 1.0),
    ("1280×800 at 150 %", 1280.0 / 1.5, 800.0 / 1.5, 1.5),
];

/// Narrower than this (points) is a column of one or two letters.
const MIN_TEXT_WIDTH: f32 = 20.0;

fn harness(w: f32, h: f32, ppp: f32) -> Harness<'static, SecondStoryApp> {
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.set_dialogs_off(true);
    let mut h = Harness::builder()
        .with_size(egui::vec2(w, h))
        .with_pixels_per_point(ppp)
        .with_max_steps(20)
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app);
    h.run();
    h
}

/// Roles of what a person reads or uses.
fn checked(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::CheckBox
            | Role::RadioButton
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::ComboBox
            | Role::Label
            | Role::Link
            | Role::SpinButton
            | Role::Slider
            | Role::ProgressIndicator
    )
}

/// A node to check: its egui id (as AccessKit numbers it), role and words.
struct Item {
    id: u64,
    role: Role,
    text: String,
}

fn items(h: &Harness<'_, SecondStoryApp>) -> Vec<Item> {
    h.root()
        .children_recursive()
        .filter_map(|n| {
            let a = n.accesskit_node();
            if !checked(a.role()) || a.is_hidden() {
                return None;
            }
            // A label's words: its name, its own value (the Markdown preview's spans),
            // or its text runs.
            let text = a
                .label()
                .filter(|l| !l.is_empty())
                .or_else(|| a.value().filter(|v| !v.is_empty()))
                .unwrap_or_else(|| {
                    n.children()
                        .filter_map(|c| c.accesskit_node().value())
                        .collect::<String>()
                });
            Some(Item {
                id: a.locate().0.0,
                role: a.role(),
                text,
            })
        })
        .collect()
}

/// The widget's full rect and the part of it inside its clip rect, on the panels'
/// layer (steps on the map's pan-and-zoom canvas are clipped by design).
fn rects(h: &Harness<'_, SecondStoryApp>, id: u64) -> Option<(egui::Rect, egui::Rect)> {
    h.ctx.viewport(|v| {
        v.prev_pass
            .widgets
            .get_layer(egui::LayerId::background())
            .find(|w| w.id.accesskit_id().0 == id)
            .map(|w| (w.rect, w.interact_rect))
    })
}

fn whole(rect: egui::Rect, visible: egui::Rect) -> bool {
    visible.expand(1.5).contains_rect(rect)
}

/// Checks the screen as it is; returns the problems found.
fn check_screen(h: &mut Harness<'_, SecondStoryApp>, screen: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for item in items(h) {
        let Some((rect, visible)) = rects(h, item.id) else {
            continue;
        };
        // Empty spacers (the Markdown preview lays some out) show nothing to cut.
        if item.text.is_empty() && (rect.width() < 1.0 || rect.height() < 1.0) {
            continue;
        }
        let chars = item.text.chars().filter(|c| !c.is_whitespace()).count();
        if chars > 3 && rect.width() < MIN_TEXT_WIDTH && rect.height() > 40.0 {
            problems.push(format!(
                "{screen}: {:?} {:?} is laid out {:.0} points wide, {:.0} high",
                item.role,
                item.text,
                rect.width(),
                rect.height()
            ));
        }
        if whole(rect, visible) {
            continue;
        }
        // Cut: scroll it into view, as Tab or a screen reader would.
        if let Some(node) = h
            .root()
            .children_recursive()
            .find(|n| n.accesskit_node().locate().0.0 == item.id)
        {
            node.scroll_to_me();
        }
        let _ = h.try_run();
        // Rows of a list laid out only where visible get their ids from their place:
        // after scrolling, find the item again by what it says. Where that is not
        // unique (a column of ✏ buttons) the item cannot be told apart: skip it.
        let now = items(h);
        let same = |i: &&Item| i.role == item.role && i.text == item.text;
        let again = if now.iter().any(|i| i.id == item.id && same(&i)) {
            item.id
        } else {
            let mut found = now.iter().filter(same);
            match (found.next(), found.next()) {
                (Some(i), None) if !item.text.is_empty() => i.id,
                _ => continue,
            }
        };
        if let Some((rect, visible)) = rects(h, again)
            && !whole(rect, visible)
            // Taller than the area that scrolls it (a long text box): enough of it shows.
            && !(visible.width() + 1.5 >= rect.width()
                && visible.height() >= (0.6 * rect.height()).min(100.0))
        {
            problems.push(format!(
                "{screen}: {:?} {:?} is cut and cannot be scrolled into view: laid out at {:?}, visible {:?}",
                item.role,
                item.text.chars().take(60).collect::<String>(),
                rect,
                visible
            ));
        }
    }
    problems
}

/// Each workspace and tab in turn, on the session open in `h`.
fn check_workspaces(h: &mut Harness<'_, SecondStoryApp>, size: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for w in Workspace::ALL {
        h.state_mut().perform(Action::Show(w));
        let _ = h.try_run();
        match w {
            Workspace::Interviews => {
                for tab in [
                    "Capture",
                    "⚖ Decision points",
                    "📝 After the interview",
                    "📚 Guides",
                ] {
                    h.get_by_label(tab).click();
                    let _ = h.try_run();
                    if tab == "Capture" {
                        // The capture field shows at least three lines without scrolling,
                        // on the record and off it (the banner must not push it away).
                        for off_record in [false, true] {
                            if off_record {
                                h.key_press_modifiers(
                                    Modifiers::COMMAND.plus(Modifiers::SHIFT),
                                    Key::R,
                                );
                                let _ = h.try_run();
                            }
                            let field = h
                                .get_by_label("Capture — Ctrl+Enter commits the statement")
                                .accesskit_node()
                                .locate()
                                .0
                                .0;
                            if let Some((_, visible)) = rects(h, field)
                                && visible.height() < 56.0
                            {
                                problems.push(format!(
                                    "{size}{}: the capture field shows only {:.0} points of its height",
                                    if off_record { ", off the record" } else { "" },
                                    visible.height()
                                ));
                            }
                        }
                        assert!(
                            h.query_by_label_contains("OFF THE RECORD").is_some(),
                            "{size}: Ctrl+Shift+R turns off the record on"
                        );
                        h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::R);
                        let _ = h.try_run();
                    }
                    problems.extend(check_screen(h, &format!("{size}, Interviews › {tab}")));
                }
                h.get_by_label("Capture").click();
                let _ = h.try_run();
            }
            Workspace::Timeline => {
                for (n, key) in [
                    Key::Num1,
                    Key::Num2,
                    Key::Num3,
                    Key::Num4,
                    Key::Num5,
                    Key::Num6,
                ]
                .into_iter()
                .enumerate()
                {
                    h.key_press_modifiers(Modifiers::ALT, key);
                    let _ = h.try_run();
                    problems.extend(check_screen(h, &format!("{size}, Timeline tab {}", n + 1)));
                }
                h.key_press_modifiers(Modifiers::ALT, Key::Num1);
                let _ = h.try_run();
            }
            Workspace::Map => {
                problems.extend(check_screen(h, &format!("{size}, Map")));
                if let Some(canvas) = h.query_by_label_contains("Map canvas") {
                    let r = canvas.rect();
                    if r.width() < 300.0 || r.height() < 200.0 {
                        problems.push(format!(
                            "{size}, Map: the canvas is squeezed to {:.0}×{:.0}",
                            r.width(),
                            r.height()
                        ));
                    }
                }
            }
            Workspace::Narrative => {
                problems.extend(check_screen(h, &format!("{size}, Narrative")));
                // The section list keeps to its width: the write-up column stays usable.
                if let Some(editor) = h.query_by_label("Markdown") {
                    let r = editor.rect();
                    if r.width() < 300.0 {
                        problems.push(format!(
                            "{size}, Narrative: the Markdown editor is squeezed to {:.0} points wide",
                            r.width()
                        ));
                    }
                }
            }
            _ => problems.extend(check_screen(h, &format!("{size}, {}", w.label()))),
        }
    }
    problems
}

fn assert_none(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} layout problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_start_screen_fits_every_size() {
    let mut problems = Vec::new();
    for (name, w, hgt, ppp) in SIZES {
        let mut h = harness(w, hgt, ppp);
        problems.extend(check_screen(&mut h, &format!("{name}, start screen")));
        // "Open session file…" in particular can be reached and pressed.
        h.get_by_label_contains("Open session file").scroll_to_me();
        let _ = h.try_run();
        h.get_by_label_contains("Open session file").click();
        let _ = h.try_run();
        if h.state().dialogs_asked() != ["open"] {
            problems.push(format!("{name}: \"Open session file…\" cannot be pressed"));
        }
    }
    assert_none(problems);
}

#[test]
fn every_workspace_fits_every_size_with_the_example() {
    let mut problems = Vec::new();
    for (name, w, hgt, ppp) in SIZES {
        let mut h = harness(w, hgt, ppp);
        h.state_mut().open_bytes(
            "example.story.ron",
            Location::Unsaved,
            EXAMPLE_SESSION.as_bytes().to_vec(),
        );
        let _ = h.try_run();
        problems.extend(check_workspaces(&mut h, name));
    }
    assert_none(problems);
}

#[test]
fn every_workspace_fits_every_size_with_a_large_session() {
    let text = file::to_ron_string(&synth::generate(&Scale::M, 7)).expect("saves");
    let mut problems = Vec::new();
    for (name, w, hgt, ppp) in SIZES {
        let mut h = harness(w, hgt, ppp);
        h.state_mut().open_bytes(
            "large.story.ron",
            Location::Unsaved,
            text.clone().into_bytes(),
        );
        let _ = h.try_run();
        problems.extend(check_workspaces(&mut h, name));
    }
    assert_none(problems);
}
