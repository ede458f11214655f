//! The Conflicts list: each place where two merged copies disagree, both versions side
//! by side, settled by keeping yours, taking theirs or writing another (for a deletion:
//! keeping it or deleting it). Each choice is one undo step.

use super::Outbox;
use crate::model::Session;
use crate::model::id::Id;
use crate::model::merge::Conflict;
use crate::model::merge::resolve::{self, Choice};
use egui::{RichText, Ui};

/// The Conflicts window's state.
#[derive(Debug, Default)]
pub struct ConflictsView {
    /// Whether the window is open.
    pub open: bool,
    /// A conflict whose value is being written by hand, with the text so far.
    editing: Option<(Id, String)>,
    /// Why the last choice for a conflict could not be made.
    error: Option<(Id, String)>,
}

/// Shows the Conflicts window when it is open.
pub fn conflicts_window(
    ctx: &egui::Context,
    session: &Session,
    v: &mut ConflictsView,
    out: &mut Outbox,
) {
    if !v.open {
        return;
    }
    let mut open = true;
    let n = session.conflicts.len();
    egui::Window::new(format!("Merge conflicts ({n} open)"))
        .id(egui::Id::unique("merge_conflicts"))
        .open(&mut open)
        .default_width(640.0)
        .default_height(480.0)
        .resizable(true)
        .show(ctx, |ui| body(ui, session, v, out));
    v.open = open;
}

fn body(ui: &mut Ui, session: &Session, v: &mut ConflictsView, out: &mut Outbox) {
    if session.conflicts.is_empty() {
        ui.label("No open conflicts: the merged copies agree everywhere.");
        return;
    }
    ui.label(
        "Places where two copies of this session disagree. Until you choose, the session \
keeps the version of the copy that was merged into (“yours”).",
    );
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for c in &session.conflicts {
                ui.push_id(c.id, |ui| conflict_ui(ui, session, c, v, out));
                ui.separator();
            }
        });
}

/// `consent.may_quote` → "consent › may quote".
fn field_words(field: &str) -> String {
    field.replace('_', " ").replace('.', " › ")
}

fn choose(
    session: &Session,
    c: &Conflict,
    choice: Choice,
    v: &mut ConflictsView,
    out: &mut Outbox,
) {
    match resolve::resolve(session, c.id, choice) {
        Ok(cmd) => {
            out.command(cmd);
            v.error = None;
            v.editing = None;
        }
        Err(e) => v.error = Some((c.id, e.to_string())),
    }
}

fn side(ui: &mut Ui, heading: &str, value: Option<&str>, whole: bool) {
    ui.label(RichText::new(heading).strong());
    match value {
        None => {
            ui.label(RichText::new("Deleted in this copy.").italics());
        }
        Some(v) if whole => {
            ui.label("Kept here, with changes:");
            value_box(ui, v, true);
        }
        Some(v) => value_box(ui, v, false),
    }
}

fn value_box(ui: &mut Ui, v: &str, code: bool) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::ScrollArea::vertical()
            .max_height(160.0)
            .id_salt(ui.next_auto_id())
            .show(ui, |ui| {
                let text = if v.is_empty() { "(empty)" } else { v };
                let t = if code {
                    RichText::new(text).monospace().small()
                } else {
                    RichText::new(text)
                };
                ui.add(egui::Label::new(t).wrap().selectable(true));
            });
    });
}

fn conflict_ui(
    ui: &mut Ui,
    session: &Session,
    c: &Conflict,
    v: &mut ConflictsView,
    out: &mut Outbox,
) {
    let whole = c.field.is_empty();
    ui.label(RichText::new(&c.what).strong());
    let what = if whole {
        c.kind.describe().to_owned()
    } else {
        format!("{}: {}", field_words(&c.field), c.kind.describe())
    };
    ui.label(RichText::new(what).weak());
    if let Some(base) = c.base.as_deref().filter(|_| !whole) {
        egui::CollapsingHeader::new("Before either change")
            .id_salt("base")
            .show(ui, |ui| value_box(ui, base, false));
    }
    ui.columns(2, |cols| {
        side(&mut cols[0], "Yours (this copy)", c.ours.as_deref(), whole);
        side(
            &mut cols[1],
            "Theirs (the other copy)",
            c.theirs.as_deref(),
            whole,
        );
    });
    let editing = v.editing.as_ref().is_some_and(|(id, _)| *id == c.id);
    if editing {
        let mut keep_editing = true;
        if let Some((_, text)) = &mut v.editing {
            let l = ui.label("The version to keep");
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        }
        ui.horizontal(|ui| {
            if ui.button("Use this").clicked() {
                let text = v
                    .editing
                    .as_ref()
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                choose(session, c, Choice::Value(text), v, out);
                keep_editing = v.error.is_some();
            }
            if ui.button("Cancel").clicked() {
                keep_editing = false;
            }
        });
        if !keep_editing {
            v.editing = None;
        }
    } else {
        ui.horizontal(|ui| {
            if whole {
                if ui
                    .button("Keep it")
                    .on_hover_text("Keep it as it is here; the conflict closes")
                    .clicked()
                {
                    choose(session, c, Choice::Keep, v, out);
                }
                if ui
                    .button("Delete it")
                    .on_hover_text("Delete it, with what is inside it and what cites it")
                    .clicked()
                {
                    choose(session, c, Choice::Delete, v, out);
                }
            } else {
                if ui.button("Keep yours").clicked() {
                    choose(session, c, Choice::Ours, v, out);
                }
                if ui
                    .add_enabled(c.theirs.is_some(), egui::Button::new("Take theirs"))
                    .clicked()
                {
                    choose(session, c, Choice::Theirs, v, out);
                }
                if ui
                    .button("Edit…")
                    .on_hover_text("Write the value to keep, starting from yours")
                    .clicked()
                {
                    let start = resolve::current_value(session, c)
                        .or_else(|| c.ours.clone())
                        .unwrap_or_default();
                    v.editing = Some((c.id, start));
                    v.error = None;
                }
            }
        });
    }
    if let Some((_, e)) = v.error.as_ref().filter(|(id, _)| *id == c.id) {
        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
    }
}
