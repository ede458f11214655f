//! Every keyboard shortcut of the app, in one table. The code that acts on a key
//! reads it from here, the help window (F1) lists this table, and tests check the
//! table against what the keys do and against the README's list.
//!
//! Shortcuts match their modifiers exactly: Ctrl+Shift+E (insert evidence) is not
//! also Ctrl+E (export), as egui's own matching would have it.

use egui::{Event, InputState, Key, KeyboardShortcut, Modifiers, RichText, Ui};

/// Where a shortcut works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere in the app, also while typing in a field.
    Everywhere,
    /// Interviews › Capture; the keys marked so only while the capture field has focus.
    Capture,
    /// Timeline.
    Timeline,
    /// The timeline chart, while it has focus (click it) and no field does.
    TimelineChart,
    /// Timeline › Tagging.
    Tagging,
    /// Narrative.
    Narrative,
    /// The map canvas, while it has focus (click it) and no field does.
    MapCanvas,
}

impl Scope {
    /// All scopes, in the order the help lists them.
    pub const ALL: [Scope; 7] = [
        Self::Everywhere,
        Self::Capture,
        Self::Timeline,
        Self::TimelineChart,
        Self::Tagging,
        Self::Narrative,
        Self::MapCanvas,
    ];

    /// The heading of the scope in the help.
    pub fn label(self) -> &'static str {
        match self {
            Self::Everywhere => "Everywhere",
            Self::Capture => "Interviews › Capture",
            Self::Timeline => "Timeline",
            Self::TimelineChart => "Timeline chart (click it first)",
            Self::Tagging => "Timeline › Tagging",
            Self::Narrative => "Narrative",
            Self::MapCanvas => "Map canvas (click it first)",
        }
    }
}

/// One row of the table: keys, what they do, where.
#[derive(Clone, Copy, Debug)]
pub struct Shortcut {
    /// The keys as the help and the README write them ("Ctrl+Shift+Z or Ctrl+Y").
    pub label: &'static str,
    /// What they do.
    pub does: &'static str,
    /// Where they work.
    pub scope: Scope,
    /// Each key that does it (a range like Alt+1 … Alt+0 lists them all, in order).
    pub keys: &'static [KeyboardShortcut],
}

const fn k(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}
const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const ALT: Modifiers = Modifiers::ALT;
const NONE: Modifiers = Modifiers::NONE;

/// Ctrl+N.
pub const NEW: Shortcut = Shortcut {
    label: "Ctrl+N",
    does: "New session (the start screen: incident, near miss or normal work)",
    scope: Scope::Everywhere,
    keys: &[k(CTRL, Key::N)],
};
/// Ctrl+O.
pub const OPEN: Shortcut = Shortcut {
    label: "Ctrl+O",
    does: "Open a session file",
    scope: Scope::Everywhere,
    keys: &[k(CTRL, Key::O)],
};
/// Ctrl+S.
pub const SAVE: Shortcut = Shortcut {
    label: "Ctrl+S",
    does: "Save (in the browser: download)",
    scope: Scope::Everywhere,
    keys: &[k(CTRL, Key::S)],
};
/// Ctrl+Shift+S.
pub const SAVE_AS: Shortcut = Shortcut {
    label: "Ctrl+Shift+S",
    does: "Save as",
    scope: Scope::Everywhere,
    keys: &[k(CTRL_SHIFT, Key::S)],
};
/// Ctrl+E.
pub const EXPORT: Shortcut = Shortcut {
    label: "Ctrl+E",
    does: "Export the write-up as Markdown",
    scope: Scope::Everywhere,
    keys: &[k(CTRL, Key::E)],
};
/// Ctrl+Z.
pub const UNDO: Shortcut = Shortcut {
    label: "Ctrl+Z",
    does: "Undo; in a text field, its own typing first",
    scope: Scope::Everywhere,
    keys: &[k(CTRL, Key::Z)],
};
/// Ctrl+Shift+Z or Ctrl+Y.
pub const REDO: Shortcut = Shortcut {
    label: "Ctrl+Shift+Z or Ctrl+Y",
    does: "Redo; in a text field, its own typing first",
    scope: Scope::Everywhere,
    keys: &[k(CTRL_SHIFT, Key::Z), k(CTRL, Key::Y)],
};
/// Ctrl+F.
pub const FIND: Shortcut = Shortcut {
    label: "Ctrl+F",
    does: "Search the whole session",
    scope: Scope::Everywhere,
    keys: &[k(CTRL, Key::F)],
};
/// Ctrl+Q.
pub const QUIT: Shortcut = Shortcut {
    label: "Ctrl+Q",
    does: "Quit (asks first about unsaved changes; not in the browser)",
    scope: Scope::Everywhere,
    keys: &[k(CTRL, Key::Q)],
};
/// Ctrl+1 … Ctrl+8.
pub const WORKSPACES: Shortcut = Shortcut {
    label: "Ctrl+1 … Ctrl+8",
    does: "Go to a workspace (Overview, Participants, Interviews, Timeline, Map, Narrative, Export, Library)",
    scope: Scope::Everywhere,
    keys: &[
        k(CTRL, Key::Num1),
        k(CTRL, Key::Num2),
        k(CTRL, Key::Num3),
        k(CTRL, Key::Num4),
        k(CTRL, Key::Num5),
        k(CTRL, Key::Num6),
        k(CTRL, Key::Num7),
        k(CTRL, Key::Num8),
    ],
};
/// Tab / Shift+Tab between text fields.
pub const NEXT_FIELD: Shortcut = Shortcut {
    label: "Tab or Shift+Tab",
    does: "Next or previous text field (never a button); after Esc, every control in turn",
    scope: Scope::Everywhere,
    keys: &[k(NONE, Key::Tab), k(Modifiers::SHIFT, Key::Tab)],
};
/// F1.
pub const HELP: Shortcut = Shortcut {
    label: "F1",
    does: "This list of shortcuts",
    scope: Scope::Everywhere,
    keys: &[k(NONE, Key::F1)],
};
/// Ctrl+Enter in the capture field.
pub const COMMIT: Shortcut = Shortcut {
    label: "Ctrl+Enter",
    does: "Commit the statement with its elapsed time (in the capture field)",
    scope: Scope::Capture,
    keys: &[k(CTRL, Key::Enter)],
};
/// Tab in the capture field.
pub const SPEAKER: Shortcut = Shortcut {
    label: "Tab",
    does: "Switch speaker between interviewee and facilitator (in the capture field; it stays until switched)",
    scope: Scope::Capture,
    keys: &[k(NONE, Key::Tab)],
};
/// Alt+1 … Alt+0.
pub const KIND: Shortcut = Shortcut {
    label: "Alt+1 … Alt+0",
    does: "Type of the next statement: note, quote, observation, assessment, decision, action, \"I knew\", state of mind, mental model, asking for help",
    scope: Scope::Capture,
    keys: &[
        k(ALT, Key::Num1),
        k(ALT, Key::Num2),
        k(ALT, Key::Num3),
        k(ALT, Key::Num4),
        k(ALT, Key::Num5),
        k(ALT, Key::Num6),
        k(ALT, Key::Num7),
        k(ALT, Key::Num8),
        k(ALT, Key::Num9),
        k(ALT, Key::Num0),
    ],
};
/// Ctrl+Shift+R.
pub const OFF_RECORD: Shortcut = Shortcut {
    label: "Ctrl+Shift+R",
    does: "Off the record on or off",
    scope: Scope::Capture,
    keys: &[k(CTRL_SHIFT, Key::R)],
};
/// Ctrl+Shift+P.
pub const TIMER: Shortcut = Shortcut {
    label: "Ctrl+Shift+P",
    does: "Start or pause the interview timer",
    scope: Scope::Capture,
    keys: &[k(CTRL_SHIFT, Key::P)],
};
/// Alt+1 … Alt+6 in Timeline.
pub const TIMELINE_TABS: Shortcut = Shortcut {
    label: "Alt+1 … Alt+6",
    does: "Timeline, Tagging, Codebook, Themes, Findings, Parking lot",
    scope: Scope::Timeline,
    keys: &[
        k(ALT, Key::Num1),
        k(ALT, Key::Num2),
        k(ALT, Key::Num3),
        k(ALT, Key::Num4),
        k(ALT, Key::Num5),
        k(ALT, Key::Num6),
    ],
};
/// Chart panning.
pub const CHART_PAN: Shortcut = Shortcut {
    label: "Left or Right",
    does: "Pan the timeline",
    scope: Scope::TimelineChart,
    keys: &[k(NONE, Key::ArrowLeft), k(NONE, Key::ArrowRight)],
};
/// Chart lanes.
pub const CHART_LANES: Shortcut = Shortcut {
    label: "Up or Down",
    does: "Show the lanes above or below, when they do not all fit",
    scope: Scope::TimelineChart,
    keys: &[k(NONE, Key::ArrowUp), k(NONE, Key::ArrowDown)],
};
/// Chart zoom.
pub const CHART_ZOOM: Shortcut = Shortcut {
    label: "+ or -",
    does: "Zoom in or out",
    scope: Scope::TimelineChart,
    keys: &[
        k(NONE, Key::Plus),
        k(NONE, Key::Equals),
        k(NONE, Key::Minus),
    ],
};
/// Tagging: previous / next statement.
pub const TAG_STEP: Shortcut = Shortcut {
    label: "Alt+Up or Alt+Down",
    does: "Previous or next statement",
    scope: Scope::Tagging,
    keys: &[k(ALT, Key::ArrowUp), k(ALT, Key::ArrowDown)],
};
/// Ctrl+Shift+E in the narrative.
pub const INSERT_EVIDENCE: Shortcut = Shortcut {
    label: "Ctrl+Shift+E",
    does: "Insert evidence: cite a statement as a footnote at the marked place",
    scope: Scope::Narrative,
    keys: &[k(CTRL_SHIFT, Key::E)],
};
/// Narrative: move the section.
pub const MOVE_SECTION: Shortcut = Shortcut {
    label: "Alt+Up or Alt+Down",
    does: "Move the selected section up or down",
    scope: Scope::Narrative,
    keys: &[k(ALT, Key::ArrowUp), k(ALT, Key::ArrowDown)],
};
/// Map: new step.
pub const MAP_NEW: Shortcut = Shortcut {
    label: "N",
    does: "New step (after the selected one)",
    scope: Scope::MapCanvas,
    keys: &[k(NONE, Key::N)],
};
/// Map: rename.
pub const MAP_RENAME: Shortcut = Shortcut {
    label: "F2 or Enter",
    does: "Rename the selected step",
    scope: Scope::MapCanvas,
    keys: &[k(NONE, Key::F2), k(NONE, Key::Enter)],
};
/// Map: delete.
pub const MAP_DELETE: Shortcut = Shortcut {
    label: "Delete or Backspace",
    does: "Remove the selected step or link",
    scope: Scope::MapCanvas,
    keys: &[k(NONE, Key::Delete), k(NONE, Key::Backspace)],
};
/// Map: move the selection.
pub const MAP_ARROWS: Shortcut = Shortcut {
    label: "Arrows",
    does: "Select the next step in that direction",
    scope: Scope::MapCanvas,
    keys: &[
        k(NONE, Key::ArrowLeft),
        k(NONE, Key::ArrowRight),
        k(NONE, Key::ArrowUp),
        k(NONE, Key::ArrowDown),
    ],
};
/// Map: clear the selection.
pub const MAP_ESCAPE: Shortcut = Shortcut {
    label: "Esc",
    does: "Clear the selection; cancel a connection being drawn",
    scope: Scope::MapCanvas,
    keys: &[k(NONE, Key::Escape)],
};

/// The whole table, in the order the help and the README list it.
pub const ALL: &[Shortcut] = &[
    NEW,
    OPEN,
    SAVE,
    SAVE_AS,
    EXPORT,
    UNDO,
    REDO,
    FIND,
    QUIT,
    WORKSPACES,
    NEXT_FIELD,
    HELP,
    COMMIT,
    SPEAKER,
    KIND,
    OFF_RECORD,
    TIMER,
    TIMELINE_TABS,
    CHART_PAN,
    CHART_LANES,
    CHART_ZOOM,
    TAG_STEP,
    INSERT_EVIDENCE,
    MOVE_SECTION,
    MAP_NEW,
    MAP_RENAME,
    MAP_DELETE,
    MAP_ARROWS,
    MAP_ESCAPE,
];

impl Shortcut {
    /// Takes a press of any of the keys (modifiers matched exactly) out of the input
    /// and says which key it was.
    pub fn consume_index(&self, i: &mut InputState) -> Option<usize> {
        let mut hit = None;
        for (n, sc) in self.keys.iter().enumerate() {
            if hit.is_none() && consume_exact(i, sc) {
                hit = Some(n);
            }
        }
        hit
    }

    /// Takes a press of any of the keys out of the input.
    pub fn consume(&self, i: &mut InputState) -> bool {
        self.consume_index(i).is_some()
    }

    /// Whether any of the keys is pressed (left in the input for others).
    pub fn pressed(&self, i: &InputState) -> Option<usize> {
        self.keys
            .iter()
            .position(|sc| i.events.iter().any(|e| matches_exact(e, sc)))
    }

    /// The first key, as written in menus ("Ctrl+S").
    pub fn first_key_text(&self) -> String {
        self.keys.first().map(key_text).unwrap_or_default()
    }
}

fn matches_exact(e: &Event, sc: &KeyboardShortcut) -> bool {
    matches!(e, Event::Key { key, pressed: true, modifiers, .. }
        if *key == sc.logical_key && modifiers.matches_exact(sc.modifiers))
}

/// Takes the presses of exactly this shortcut out of the input.
pub fn consume_exact(i: &mut InputState, sc: &KeyboardShortcut) -> bool {
    let before = i.events.len();
    i.events.retain(|e| !matches_exact(e, sc));
    i.events.len() != before
}

/// A key as written in this table and the README: "Ctrl+Shift+Z", "Alt+1", "F2".
pub fn key_text(sc: &KeyboardShortcut) -> String {
    let m = sc.modifiers;
    let mut s = String::new();
    if m.command || m.ctrl || m.mac_cmd {
        s.push_str("Ctrl+");
    }
    if m.alt {
        s.push_str("Alt+");
    }
    if m.shift {
        s.push_str("Shift+");
    }
    let key = match sc.logical_key {
        Key::ArrowUp => "Up",
        Key::ArrowDown => "Down",
        Key::ArrowLeft => "Left",
        Key::ArrowRight => "Right",
        Key::Plus => "+",
        Key::Minus => "-",
        Key::Equals => "=",
        Key::Escape => "Esc",
        other => other.name(),
    };
    s.push_str(key);
    s
}

/// The help window listing the table (F1, or Help › Keyboard shortcuts).
pub fn help_window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .default_size([560.0, 480.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, help_table);
        });
}

/// The table as shown in the help window.
pub fn help_table(ui: &mut Ui) {
    ui.label(
        RichText::new(
            "Ctrl is ⌘ on a Mac. Single keys act only where the list says; while you type in a \
             field, letters and Tab stay with the field.",
        )
        .weak(),
    );
    for scope in Scope::ALL {
        ui.add_space(6.0);
        ui.label(RichText::new(scope.label()).strong());
        egui::Grid::new(("shortcuts", scope.label()))
            .num_columns(2)
            .spacing([16.0, 4.0])
            .striped(true)
            .show(ui, |ui| {
                for s in ALL.iter().filter(|s| s.scope == scope) {
                    ui.label(RichText::new(s.label).monospace());
                    ui.add(egui::Label::new(s.does).wrap());
                    ui.end_row();
                }
            });
    }
}

/// The table as Markdown, as the README carries it (a test keeps them the same).
pub fn markdown_table() -> String {
    let mut md = String::from("| Keys | What they do | Where |\n|---|---|---|\n");
    for s in ALL {
        md.push_str(&format!(
            "| {} | {} | {} |\n",
            s.label.replace('|', "\\|"),
            s.does.replace('|', "\\|"),
            s.scope.label()
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each label names the keys it lists: every key, or for a range (…) the first
    /// and the last.
    #[test]
    fn labels_name_their_keys() {
        for s in ALL {
            let texts: Vec<String> = s.keys.iter().map(key_text).collect();
            if s.label.contains('…') {
                let first = texts.first().expect("a range has keys");
                let last = texts.last().expect("a range has keys");
                assert!(
                    s.label.starts_with(first.as_str()) && s.label.ends_with(last.as_str()),
                    "{}: {texts:?}",
                    s.label
                );
            } else if s.label == "Arrows" || s.label == "+ or -" {
                continue;
            } else {
                for t in &texts {
                    assert!(s.label.contains(t.as_str()), "{} lacks {t}", s.label);
                }
            }
        }
    }

    /// No two shortcuts of the same place (or of a place and Everywhere) share a key.
    #[test]
    fn no_key_does_two_things_in_one_place() {
        for (a_n, a) in ALL.iter().enumerate() {
            for b in &ALL[a_n + 1..] {
                let overlap = a.scope == b.scope
                    || a.scope == Scope::Everywhere
                    || b.scope == Scope::Everywhere;
                // The capture field and the narrative editor use Tab themselves.
                let tab_in_field = [a.label, b.label].contains(&"Tab or Shift+Tab");
                if !overlap || tab_in_field {
                    continue;
                }
                for ka in a.keys {
                    assert!(
                        !b.keys.contains(ka),
                        "{} and {} both use {}",
                        a.label,
                        b.label,
                        key_text(ka)
                    );
                }
            }
        }
    }

    #[test]
    fn exact_matching_keeps_ctrl_shift_e_apart_from_ctrl_e() {
        let mut input = InputState::default();
        input.events.push(Event::Key {
            key: Key::E,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: CTRL_SHIFT,
        });
        assert!(
            !EXPORT.consume(&mut input),
            "Ctrl+E does not take Ctrl+Shift+E"
        );
        assert!(INSERT_EVIDENCE.consume(&mut input));
    }
}
