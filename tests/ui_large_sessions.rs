//! Large sessions stay workable: the timeline's lanes scroll when they do not all fit,
//! the export preview lays out only the sections in view, and the map's statement
//! filter narrows as more is typed. Sessions come from the benchmark's generator.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use egui::{Event, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::file;
use second_story::synth::{self, Scale};
use second_story::ui::{Action, Workspace};

fn open(scale: &Scale, w: Workspace) -> Harness<'static, SecondStoryApp> {
    let session = synth::generate(scale, 7);
    let text = file::to_ron_string(&session).expect("a generated session serializes");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut SecondStoryApp| app.ui_root(ui),
            SecondStoryApp::with_autosave(Autosave::disabled()),
        );
    h.run();
    h.state_mut()
        .open_bytes("big.story.ron", Location::Unsaved, text.into_bytes());
    h.run();
    h.state_mut().perform(Action::Show(w));
    h.run();
    h
}

/// The "Lanes a–b of n" line under the chart.
fn lanes_label(h: &Harness<'_, SecondStoryApp>) -> String {
    let node = h.get_by_label_contains("Lanes ");
    let n = node.accesskit_node();
    n.label().or_else(|| n.value()).unwrap_or_default()
}

#[test]
fn timeline_lanes_that_do_not_fit_scroll_with_the_keyboard() {
    // L: 20 participants plus chat, log and facilitator lanes: more than fit at 1280×800.
    let mut h = open(&Scale::L, Workspace::Timeline);
    let first = lanes_label(&h);
    assert!(first.starts_with("Lanes 1–"), "{first}");
    // Keys act on the chart once it has the focus (a click on it).
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(lanes_label(&h), first, "not focused: the key does nothing");
    // After a click on the chart, ↓ shows the next lanes (the merged lane stays on top).
    for pressed in [true, false] {
        h.input_mut().events.push(Event::PointerButton {
            pos: Pos2::new(700.0, 400.0),
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    h.key_press(Key::ArrowDown);
    h.run();
    let next = lanes_label(&h);
    assert!(next.starts_with("Lanes 2–"), "{next}");
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(lanes_label(&h), first);
    // Up at the top stays at the top.
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(lanes_label(&h), first);
}

#[test]
fn export_preview_lays_out_only_the_sections_in_view() {
    let mut h = open(&Scale::M, Workspace::Export);
    let s = h.state().session().clone();
    let first = &s.narrative.sections[0].title;
    let last = &s.narrative.sections[s.narrative.sections.len() - 1].title;
    h.get_by_label(first);
    assert!(
        h.query_by_label(last).is_none(),
        "the last section ({last}) is far below: not laid out"
    );
    // Scrolling down the preview brings it in.
    h.input_mut()
        .events
        .push(Event::PointerMoved(Pos2::new(640.0, 600.0)));
    for _ in 0..60 {
        h.input_mut().events.push(Event::MouseWheel {
            source: egui::MouseWheelSource::Wheel,
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, -1.0),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
        });
        h.run();
    }
    h.get_by_label(last);
}

#[test]
fn map_statement_filter_narrows_and_widens_as_typed() {
    let mut h = open(&Scale::M, Workspace::Map);
    let count =
        |h: &Harness<'_, SecondStoryApp>, text: &str| h.query_all_by_label_contains(text).count();
    // Labels about the pool outside the statement list (steps on the canvas) stay.
    h.get_by_label("Filter").click();
    h.run();
    h.get_by_label("Filter").type_text("zzz");
    h.run();
    let elsewhere = count(&h, "pool");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    // A word from the generator's vocabulary, then more letters that match nothing.
    h.get_by_label("Filter").type_text("pool");
    h.run();
    let pool = count(&h, "pool");
    assert!(pool > elsewhere + 1, "statements about the pool are listed");
    h.get_by_label("Filter").type_text("zzz");
    h.run();
    assert_eq!(count(&h, "pool"), elsewhere, "no statement matches");
    // Back to a wider filter: everything that matched before is there again.
    for _ in 0..3 {
        h.key_press(Key::Backspace);
        h.run();
    }
    assert_eq!(count(&h, "pool"), pool);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Filter").type_text("POOL");
    h.run();
    assert_eq!(count(&h, "pool"), pool, "case does not matter");
}
