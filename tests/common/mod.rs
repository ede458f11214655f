//! Shared set-up for the UI flow tests: the app in a kittest harness, keys as a person
//! presses them, and the usual way into a live interview.

#![allow(dead_code, reason = "each test binary uses the parts it needs")]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use second_story::SecondStoryApp;
use second_story::io::Autosave;
use second_story::model::Guide;

/// The capture field's label.
pub const CAPTURE: &str = "Capture — Ctrl+Enter commits the statement";

/// The app (no autosave) in a window of `width` × `height` points.
pub fn harness_sized(width: f32, height: f32) -> Harness<'static, SecondStoryApp> {
    Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_ui_state(
            |ui, app: &mut SecondStoryApp| app.ui_root(ui),
            SecondStoryApp::with_autosave(Autosave::disabled()),
        )
}

/// The app (no autosave) at 1280 × 800.
pub fn harness() -> Harness<'static, SecondStoryApp> {
    harness_sized(1280.0, 800.0)
}

/// Presses a key (with modifiers) and lets the app settle.
pub fn keys(h: &mut Harness<'_, SecondStoryApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// Types a statement into the capture field and commits it with Ctrl+Enter.
pub fn say(h: &mut Harness<'_, SecondStoryApp>, text: &str) {
    h.get_by_label(CAPTURE).type_text(text);
    h.run();
    keys(h, Modifiers::COMMAND, Key::Enter);
}

/// From the start screen: a new near miss, one participant, and an interview with
/// them (with `guide`, if given) started, the capture field on screen.
pub fn start_interview(h: &mut Harness<'_, SecondStoryApp>, guide: Option<&Guide>) {
    h.run();
    h.get_by_label_contains("New near miss").click();
    h.run();
    keys(h, Modifiers::COMMAND, Key::Num2);
    h.get_by_label_contains("Add participant").click();
    h.run();
    keys(h, Modifiers::COMMAND, Key::Num3);
    if let Some(guide) = guide {
        h.get_by_label("Guide").click();
        h.run();
        h.get_by_label(&guide.name).click();
        h.run();
    }
    h.get_by_label("▶ Start interview").click();
    h.run();
}
