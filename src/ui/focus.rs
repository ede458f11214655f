//! Where keystrokes go, the same in every workspace: Tab and Shift+Tab move between
//! text fields in reading order (never onto a button), keys typed in the same frame
//! after a Tab or a commit wait for the next frame, a field that appears because the
//! person asked for it takes the focus, and Ctrl+Z undoes a field's own typing before
//! the session's (see [`UndoProbe`]).
//!
//! Only these keys are redirected; everything else is egui's own focus handling. With
//! no field focused (after Esc), Tab walks through every control as egui does, so
//! buttons and ticks stay reachable from the keyboard.

use egui::{Context, Event, Id, Key, Modifiers, Ui};

/// Fields registered during a frame, read at the start of the next one.
#[derive(Clone, Default)]
struct Registry {
    /// Fields that use Tab themselves (the capture field switches speaker with it,
    /// the narrative editor indents).
    owns_tab: Vec<Id>,
    /// Text widgets that are not typed into (read-only text to select words from).
    not_fields: Vec<Id>,
}

/// What the focus rules keep between frames (egui temp data under [`state_id`]).
#[derive(Clone, Default)]
struct FocusState {
    /// Registrations of the frame being drawn.
    current: Registry,
    /// Registrations of the last frame.
    last: Registry,
    /// Input events held back for the next frame (typed after a Tab or a commit).
    held: Vec<Event>,
    /// The widget that had keyboard focus at the start of the last frame.
    last_focused: Option<Id>,
    /// The focus put aside while the window (or browser page) is not the one the
    /// keyboard types into; given back when it is again.
    parked: Option<Id>,
}

fn state_id() -> Id {
    Id::unique("second_story_focus_rules")
}

fn with_state<R>(ctx: &Context, f: impl FnOnce(&mut FocusState) -> R) -> R {
    ctx.data_mut(|d| f(d.get_temp_mut_or_default::<FocusState>(state_id())))
}

/// Whether `id` is a text field (egui keeps a text edit state for every one shown).
pub fn is_text_field(ctx: &Context, id: Id) -> bool {
    egui::text_edit::TextEditState::load(ctx, id).is_some()
}

/// The text field with keyboard focus, if any.
pub fn focused_field(ctx: &Context) -> Option<Id> {
    ctx.memory(|m| m.focused())
        .filter(|id| is_text_field(ctx, *id))
}

/// Marks a field (this frame) as one that handles Tab itself.
pub fn owns_tab(ctx: &Context, id: Id) {
    with_state(ctx, |s| s.current.owns_tab.push(id));
}

/// Marks a text widget (this frame) as read-only: Tab passes over it.
pub fn not_a_field(ctx: &Context, id: Id) {
    with_state(ctx, |s| s.current.not_fields.push(id));
}

/// Holds back every input event after the first one matching `at` until the next
/// frame. Keys typed after a commit or a speaker switch then land after it, in the
/// field as it is next frame, not mixed into what is being committed.
pub fn hold_events_after(ctx: &Context, at: impl Fn(&Event) -> bool) {
    let later = ctx.input_mut(|i| {
        let k = i.events.iter().position(at)?;
        Some(i.events.split_off(k + 1))
    });
    if let Some(later) = later
        && !later.is_empty()
    {
        with_state(ctx, |s| s.held.extend(later));
        ctx.request_repaint();
    }
}

/// Gives keyboard focus to a field that appears next frame (a new facilitator, a new
/// code), and scrolls it into view once it is there.
pub fn focus_new_field(ctx: &Context, id: Id) {
    ctx.memory_mut(|m| m.request_focus(id));
    with_state(ctx, |s| s.held.push(scroll_into_view_event(id)));
    ctx.request_repaint();
}

/// Keeps `field` focused when a click elsewhere (a button, a tick, empty space) took
/// its focus this frame. A click into another text field moves the focus there.
/// Call after every widget of the area the rule covers.
pub fn keep_focus(ui: &Ui, field: Id) {
    let clicked = ui.input(|i| i.pointer.any_click() || i.pointer.any_pressed());
    let lost = ui.memory(|m| m.had_focus_last_frame(field) && m.focused().is_none());
    if clicked && lost {
        ui.memory_mut(|m| m.request_focus(field));
    }
}

/// Enter in a one-line field that acts on it (add, tag, find) and keeps the focus, so
/// the next entry can be typed at once. The field must be made with
/// `.return_key(None)`; egui would otherwise end the input and drop the focus.
pub fn enter_in(ui: &Ui, field: &egui::Response) -> bool {
    field.has_focus()
        && ui.input(|i| {
            i.events.iter().any(|e| {
                matches!(e, Event::Key { key: Key::Enter, pressed: true, modifiers, .. }
                    if modifiers.is_none())
            })
        })
}

/// Keeps arrows and Esc with a focused canvas (map, timeline chart) instead of egui
/// moving the focus to a neighbouring widget. Call each frame it has the focus.
pub fn lock_arrows(ui: &Ui, id: Id) {
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            id,
            egui::EventFilter {
                tab: false,
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: true,
            },
        )
    });
}

fn scroll_into_view_event(id: Id) -> Event {
    Event::AccessKitActionRequest(egui::accesskit::ActionRequest {
        action: egui::accesskit::Action::ScrollIntoView,
        target_node: id.accesskit_id(),
        target_tree: egui::accesskit::TreeId::ROOT,
        data: None,
    })
}

fn is_tab(e: &Event) -> Option<bool> {
    match e {
        Event::Key {
            key: Key::Tab,
            pressed: true,
            modifiers,
            ..
        } if modifiers.is_none() => Some(true),
        Event::Key {
            key: Key::Tab,
            pressed: true,
            modifiers,
            ..
        } if modifiers.shift_only() => Some(false),
        _ => None,
    }
}

/// Applies the focus rules at the start of a frame, before any widget is drawn:
/// events held back last frame come first, a field that just gained focus starts a
/// fresh undo history, and Tab in a text field moves to the next text field.
pub fn begin_frame(ctx: &Context) {
    let (held, last_focused) = with_state(ctx, |s| {
        s.last = std::mem::take(&mut s.current);
        (std::mem::take(&mut s.held), s.last_focused)
    });
    if !held.is_empty() {
        ctx.input_mut(|i| {
            let now = std::mem::take(&mut i.events);
            i.events = held;
            i.events.extend(now);
        });
    }
    park_focus_while_window_inactive(ctx);
    let focused = ctx.memory(|m| m.focused());
    with_state(ctx, |s| s.last_focused = focused);
    let Some(field) = focused.filter(|id| is_text_field(ctx, *id)) else {
        return;
    };
    if last_focused != Some(field) {
        // Ctrl+Z undoes what was typed since the field was entered, then the session's
        // history: never text the field held before, which the session may have changed.
        clear_undo_history(ctx, field);
    }
    tab_between_fields(ctx, field);
}

/// A field is drawn as focused only while keys typed really reach it: when another
/// window (or, in the browser, another part of the page) has the keyboard, the field
/// gives up its focus ring, and gets it back, cursor and all, when the window does.
fn park_focus_while_window_inactive(ctx: &Context) {
    let window_has_keyboard = ctx.input(|i| i.focused);
    if !window_has_keyboard {
        if let Some(id) = ctx.memory(|m| m.focused()) {
            with_state(ctx, |s| s.parked = Some(id));
            ctx.memory_mut(|m| m.surrender_focus(id));
        }
    } else if let Some(id) = with_state(ctx, |s| s.parked.take())
        && ctx.memory(|m| m.focused().is_none())
    {
        ctx.memory_mut(|m| m.request_focus(id));
    }
}

fn tab_between_fields(ctx: &Context, field: Id) {
    let owns_tab = with_state(ctx, |s| s.last.owns_tab.contains(&field));
    if owns_tab {
        return;
    }
    let Some((at, forward)) = ctx.input(|i| {
        i.events
            .iter()
            .enumerate()
            .find_map(|(k, e)| is_tab(e).map(|f| (k, f)))
    }) else {
        return;
    };
    // egui would move to the next widget of any kind (a button, a tick): not here.
    ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
    let later = ctx.input_mut(|i| i.events.split_off(at));
    if at > 0 {
        // Keys typed before the Tab belong to this field: the Tab waits a frame.
        with_state(ctx, |s| s.held.extend(later));
        ctx.request_repaint();
        return;
    }
    let rest: Vec<Event> = later.into_iter().skip(1).collect();
    if let Some(next) = neighbour_field(ctx, field, forward) {
        ctx.memory_mut(|m| m.request_focus(next));
        with_state(ctx, |s| {
            s.held.push(scroll_into_view_event(next));
            s.held.extend(rest);
        });
    } else {
        with_state(ctx, |s| s.held.extend(rest));
    }
    ctx.request_repaint();
}

/// The next (or previous) text field after `field` on its layer, in the order the
/// fields were laid out last frame (reading order), wrapping around.
fn neighbour_field(ctx: &Context, field: Id, forward: bool) -> Option<Id> {
    let skip = with_state(ctx, |s| s.last.not_fields.clone());
    let fields: Vec<Id> = ctx.viewport(|v| {
        let widgets = &v.prev_pass.widgets;
        let layer = widgets.get(field)?.layer_id;
        Some(
            widgets
                .get_layer(layer)
                .filter(|w| w.enabled && w.sense.is_focusable())
                .map(|w| w.id)
                .collect::<Vec<_>>(),
        )
    })?;
    let fields: Vec<Id> = fields
        .into_iter()
        .filter(|id| !skip.contains(id) && is_text_field(ctx, *id))
        .collect();
    let at = fields.iter().position(|id| *id == field)?;
    let n = fields.len();
    let next = if forward {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    };
    (next != at).then(|| fields[next])
}

/// Forgets a field's own undo history (after the session changed its text).
pub fn clear_undo_history(ctx: &Context, field: Id) {
    if let Some(mut state) = egui::text_edit::TextEditState::load(ctx, field) {
        state.clear_undoer();
        state.store(ctx, field);
    }
}

/// Ctrl+Z in a text field: the field undoes its own typing first; only when it had
/// nothing left to undo does the session's undo run. Taken before the field sees the
/// key and checked after: the field's undo history then holds one more step to redo
/// (or one fewer, for Ctrl+Shift+Z) if the field acted.
#[derive(Clone, Copy, Debug)]
pub struct UndoProbe {
    field: Id,
    redo: bool,
    before: Option<usize>,
}

impl UndoProbe {
    /// Starts watching `field` for an undo (or redo) the key press asks of it.
    pub fn new(ctx: &Context, field: Id, redo: bool) -> Self {
        Self {
            field,
            redo,
            before: redo_steps(ctx, field),
        }
    }

    /// Whether the field itself undid (or redid) something this frame.
    pub fn field_acted(&self, ctx: &Context) -> bool {
        match (self.before, redo_steps(ctx, self.field)) {
            (Some(b), Some(a)) if self.redo => a < b,
            (Some(b), Some(a)) => a > b,
            _ => false,
        }
    }

    /// The field watched.
    pub fn field(&self) -> Id {
        self.field
    }
}

/// How many steps a field's own history can redo. egui's undo history shows its
/// sizes only in its debug form ("Undoer { undo count: 3, redo count: 1 }"); a test
/// below fails if that form changes.
fn redo_steps(ctx: &Context, field: Id) -> Option<usize> {
    let state = egui::text_edit::TextEditState::load(ctx, field)?;
    parse_redo_count(&format!("{:?}", state.undoer()))
}

fn parse_redo_count(debug: &str) -> Option<usize> {
    let rest = debug.split("redo count:").nth(1)?;
    rest.trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Whether an undo or redo key is pressed this frame: `Some(false)` undo (Ctrl+Z),
/// `Some(true)` redo (Ctrl+Shift+Z, Ctrl+Y).
pub fn undo_key(ctx: &Context) -> Option<bool> {
    ctx.input(|i| {
        i.events.iter().find_map(|e| match e {
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let m = *modifiers;
                if *key == Key::Z && m.matches_exact(Modifiers::COMMAND) {
                    Some(false)
                } else if (*key == Key::Z && m.matches_exact(Modifiers::COMMAND | Modifiers::SHIFT))
                    || (*key == Key::Y && m.matches_exact(Modifiers::COMMAND))
                {
                    Some(true)
                } else {
                    None
                }
            }
            _ => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    type TextEditUndoer = egui::util::undoer::Undoer<(egui::text::CCursorRange, String)>;

    /// The undo history's sizes are read from its debug form: this fails loudly if
    /// egui changes that form (field undo would then fall back to the session's).
    #[test]
    fn redo_steps_are_read_from_the_undo_history() {
        let mut u = TextEditUndoer::default();
        let state = |t: &str| (egui::text::CCursorRange::default(), t.to_owned());
        u.add_undo(&state(""));
        u.add_undo(&state("a"));
        u.add_undo(&state("ab"));
        assert_eq!(parse_redo_count(&format!("{u:?}")), Some(0));
        assert!(u.undo(&state("ab")).is_some());
        assert_eq!(parse_redo_count(&format!("{u:?}")), Some(1));
        assert!(u.undo(&state("a")).is_some());
        assert_eq!(parse_redo_count(&format!("{u:?}")), Some(2));
    }
}
