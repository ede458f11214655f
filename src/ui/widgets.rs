//! Small shared widgets: labelled fields that report edits, headings, empty states.

use egui::{RichText, TextEdit, Ui};

/// A labelled single-line text field in a two-column form grid. Returns the new
/// text when the user changed it. The label is the field's accessible name.
pub fn text_row(ui: &mut Ui, label: &str, value: &str, hint: &str) -> Option<String> {
    let l = ui.label(label);
    let mut buf = value.to_owned();
    let r = ui
        .add(
            TextEdit::singleline(&mut buf)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    ui.end_row();
    r.changed().then_some(buf)
}

/// A labelled multi-line text field in a two-column form grid.
pub fn text_area_row(
    ui: &mut Ui,
    label: &str,
    value: &str,
    hint: &str,
    rows: usize,
) -> Option<String> {
    let l = ui.label(label);
    let mut buf = value.to_owned();
    let r = ui
        .add(
            TextEdit::multiline(&mut buf)
                .hint_text(hint)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    ui.end_row();
    r.changed().then_some(buf)
}

/// A two-column form grid with the label column sized to its labels.
pub fn form(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 8.0])
        .min_col_width(110.0)
        .show(ui, add);
}

/// A workspace heading with a one-line explanation under it.
pub fn heading(ui: &mut Ui, title: &str, explanation: &str) {
    ui.heading(title);
    if !explanation.is_empty() {
        ui.label(RichText::new(explanation).weak());
    }
    ui.add_space(6.0);
}

/// A friendly empty state: what goes here and how to start.
pub fn empty_state(ui: &mut Ui, title: &str, body: &str) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(title).size(18.0).strong());
        ui.add_space(4.0);
        ui.label(RichText::new(body).weak());
    });
    ui.add_space(12.0);
}

/// A small, muted caption.
pub fn caption(ui: &mut Ui, text: &str) {
    // Wraps, so a long hint never pushes a form wider than the window.
    ui.add(egui::Label::new(RichText::new(text).small().weak()).wrap());
}
