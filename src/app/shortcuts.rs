//! The keyboard shortcuts of the whole app (file, undo/redo, workspaces): the table,
//! and turning key presses into actions at the start of each frame.

use super::SecondStoryApp;
use crate::ui::{Action, Outbox, Workspace};
use egui::{Key, KeyboardShortcut, Modifiers, Ui};

pub(super) const SC_NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub(super) const SC_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub(super) const SC_SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub(super) const SC_SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub(super) const SC_UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub(super) const SC_REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
pub(super) const SC_REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
pub(super) const SC_QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
pub(super) const SC_EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
pub(super) const WORKSPACE_KEYS: [Key; 8] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
];

impl SecondStoryApp {
    /// Turns this frame's shortcut key presses into actions (none while a dialog asks).
    pub(super) fn shortcuts(&mut self, ui: &mut Ui, out: &mut Outbox) {
        if self.modal.is_some() {
            return;
        }
        ui.input_mut(|i| {
            // More specific shortcuts first: Ctrl+S would also match Ctrl+Shift+S.
            if i.consume_shortcut(&SC_SAVE_AS) {
                out.action(Action::SaveAs);
            }
            if i.consume_shortcut(&SC_SAVE) {
                out.action(Action::Save);
            }
            if i.consume_shortcut(&SC_OPEN) {
                out.action(Action::Open);
            }
            if i.consume_shortcut(&SC_NEW) {
                out.action(Action::Show(Workspace::Overview));
                self.show_start = true;
            }
            if i.consume_shortcut(&SC_REDO) || i.consume_shortcut(&SC_REDO_Y) {
                out.action(Action::Redo);
            }
            if i.consume_shortcut(&SC_UNDO) {
                out.action(Action::Undo);
            }
            if i.consume_shortcut(&SC_QUIT) {
                out.action(Action::Quit);
            }
            if i.consume_shortcut(&SC_EXPORT) {
                out.action(Action::ExportMarkdown {
                    redact: self.view.redact(),
                });
            }
            for (w, key) in Workspace::ALL.iter().zip(WORKSPACE_KEYS) {
                if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key)) {
                    out.action(Action::Show(*w));
                }
            }
        });
    }
}
