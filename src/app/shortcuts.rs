//! The keyboard shortcuts of the whole app (file, undo/redo, workspaces, help): key
//! presses → actions at the start of each frame, from the one table in
//! [`crate::ui::shortcuts`]; undo and redo in a text field go to the field first.

use super::SecondStoryApp;
use crate::ui::shortcuts as keys;
use crate::ui::{self, Action, Outbox, Workspace};
use egui::Ui;

impl SecondStoryApp {
    /// Shortcuts that work everywhere (see [`keys::ALL`]), matched with exact modifiers;
    /// none while a dialog asks. Undo and redo in a text field go to the field first
    /// ([`ui::focus::UndoProbe`]).
    pub(super) fn shortcuts(&mut self, ui: &mut Ui, out: &mut Outbox) {
        self.undo_probe = None;
        if self.modal.is_some() {
            return;
        }
        let ctx = ui.ctx().clone();
        // In a text field the field tries first; the key stays in the input for it.
        self.undo_probe = match (ui::focus::focused_field(&ctx), ui::focus::undo_key(&ctx)) {
            (Some(field), Some(redo)) => Some(ui::focus::UndoProbe::new(&ctx, field, redo)),
            _ => None,
        };
        let field_first = self.undo_probe.is_some();
        ui.input_mut(|i| {
            if keys::SAVE_AS.consume(i) {
                out.action(Action::SaveAs);
            }
            if keys::SAVE.consume(i) {
                out.action(Action::Save);
            }
            if keys::OPEN.consume(i) {
                out.action(Action::Open);
            }
            if keys::NEW.consume(i) {
                // The start screen, where the kind of study is chosen (showing a
                // workspace here would close it again at once).
                self.show_start = true;
            }
            if !field_first && keys::REDO.consume(i) {
                out.action(Action::Redo);
            }
            if !field_first && keys::UNDO.consume(i) {
                out.action(Action::Undo);
            }
            if keys::QUIT.consume(i) {
                out.action(Action::Quit);
            }
            if keys::EXPORT.consume(i) {
                out.action(Action::ExportMarkdown {
                    redact: self.view.redact(),
                });
            }
            if let Some(n) = keys::WORKSPACES.consume_index(i)
                && let Some(w) = Workspace::ALL.get(n)
            {
                out.action(Action::Show(*w));
            }
            if keys::HELP.consume(i) {
                self.show_help = !self.show_help;
            }
        });
    }

    /// After the views: an undo or redo the focused field did not act on goes to the
    /// session. Returns whether the field acted (its typing then joins the run it undid).
    pub(super) fn finish_field_undo(&mut self, ctx: &egui::Context, out: &mut Outbox) -> bool {
        let Some(probe) = self.undo_probe.take() else {
            return false;
        };
        let redo = ui::focus::undo_key(ctx) == Some(true);
        ctx.input_mut(|i| {
            keys::UNDO.consume(i);
            keys::REDO.consume(i);
        });
        if probe.field_acted(ctx) {
            return true;
        }
        out.action(if redo { Action::Redo } else { Action::Undo });
        // The session may change the field's text: its own history starts again.
        ui::focus::clear_undo_history(ctx, probe.field());
        false
    }
}
