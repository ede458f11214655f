//! The Map workspace: work-as-imagined vs work-as-done, side by side.
//!
//! Why a custom canvas on [`egui::Scene`] and not egui-snarl: the map's data lives in
//! the session model (every change is an undoable [`Command`]), while snarl keeps its
//! own graph state that we would have to mirror both ways; lanes are not a
//! node-graph concept (snarl has free-floating nodes with typed pins, we have
//! horizontal bands and two kinds of connection); and it is one dependency less.
//! `Scene` gives pan and zoom; everything drawn comes from `model::map`'s geometry,
//! which the SVG export shares, so the picture on screen and the export agree.

mod canvas;
mod inspector;
mod keyboard;
mod link_inspector;
mod statement_panel;
mod toolbar;

use crate::model::map::{self as geo};
use crate::model::{Command, Edit, Id, Lane, Session, WorkMap};
use crate::ui::widgets::empty_state;
use crate::ui::{FrameCtx, Outbox, ViewState};
use canvas::canvas;
use egui::{Rect, RichText, Ui, Vec2};
use inspector::inspector;
use keyboard::{canvas_focus_id, keyboard};
use statement_panel::statement_picker;
use toolbar::toolbar;

/// UI state of the Map workspace remembered between runs (not part of the session);
/// what is forgotten is [`MapScratch`].
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MapView {
    /// The map shown.
    pub selected_map: Option<Id>,
    /// Show the statement picker on the left.
    pub show_statements: bool,
    /// The lane a new step goes into when nothing is selected.
    pub new_lane: Lane,
    /// Include facilitator notes in the statement list.
    pub facilitator_notes: bool,
}

/// What the Map workspace uses for the frame and forgets on restart: the selection,
/// drags, text being typed (one part of [`crate::ui::Scratch`]).
#[derive(Debug, Default)]
pub struct MapScratch {
    /// What is selected on the canvas.
    pub selection: Option<Selection>,
    /// The statement picked in the statement list.
    pub picked_statement: Option<Id>,
    /// Filter text for the statement list.
    pub statement_filter: String,
    /// The visible part of the canvas, per map.
    scene: Option<(Id, Rect)>,
    /// Show the whole map next frame ("Fit").
    fit_all: bool,
    /// Show the statement picker in a narrow window.
    narrow_statements: bool,
    /// Pan the canvas to the selected step next frame.
    reveal: bool,
    /// A step being dragged: its id and how far it moved so far (canvas units).
    drag: Option<(Id, Vec2)>,
    /// A connection being dragged from this step's handle.
    connecting: Option<Id>,
    /// Move keyboard focus to the step name field (and select its text) next frame.
    focus_label: bool,
    /// Move keyboard focus to the map name field (a new map), its text selected.
    focus_name: bool,
    /// Document being typed for the selected step.
    document_buf: String,
    /// Asking to confirm deleting this map.
    confirm_delete: Option<Id>,
    /// Last problem to show under the toolbar (e.g. "already connected").
    problem: Option<String>,
}

impl Default for MapView {
    fn default() -> Self {
        Self {
            selected_map: None,
            show_statements: true,
            new_lane: Lane::Imagined,
            facilitator_notes: false,
        }
    }
}

/// What is selected on a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// A step.
    Node(Id),
    /// A cross-lane link (and its gap note).
    Link(Id),
}

/// Collects every change to the shown map made during one frame, so the frame emits
/// one undo step (two commands built from the same snapshot would overwrite each
/// other). The map is copied only when something changes, and the step holds one
/// command per step, arrow or link that changed ([`geo::element_commands`]), not the
/// whole map.
struct MapEdits<'a> {
    original: &'a WorkMap,
    edited: Option<WorkMap>,
    label: Option<&'static str>,
    typing: bool,
}

impl<'a> MapEdits<'a> {
    fn new(map: &'a WorkMap) -> Self {
        Self {
            original: map,
            edited: None,
            label: None,
            typing: false,
        }
    }
    /// The map as edited so far this frame.
    fn map(&self) -> &WorkMap {
        self.edited.as_ref().unwrap_or(self.original)
    }
    fn map_mut(&mut self) -> &mut WorkMap {
        self.edited.get_or_insert_with(|| self.original.clone())
    }
    /// A change that is its own undo step, named for the Edit menu.
    fn change(&mut self, label: &'static str, f: impl FnOnce(&mut WorkMap)) {
        f(self.map_mut());
        self.label = Some(label);
    }
    /// Typing into a field (merged into one undo step).
    fn typing(&mut self, f: impl FnOnce(&mut WorkMap)) {
        f(self.map_mut());
        self.typing = true;
    }
    fn finish(self, out: &mut Outbox) {
        let Some(edited) = self.edited else {
            return;
        };
        let mut commands = geo::element_commands(self.original, &edited);
        if commands.is_empty() {
            return;
        }
        match self.label {
            Some(label) => out.command(Command::Batch {
                label: label.to_owned(),
                commands,
            }),
            None if commands.len() == 1 => {
                let cmd = commands.remove(0);
                if self.typing {
                    out.typing(cmd)
                } else {
                    out.command(cmd)
                }
            }
            None => out.command(Command::Batch {
                label: "Edit map".to_owned(),
                commands,
            }),
        }
    }
}

const LABEL_FIELD: &str = "map_step_label";

/// At most this many statements are listed at once.
const MAX_LISTED: usize = 150;

/// Below this window width the statement list starts hidden.
const NARROW: f32 = 1000.0;

/// The Map workspace.
pub fn map_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    let revision = cx.revision;
    let mv = &mut view.map;
    let sc = &mut cx.scratch.map;
    let current = mv
        .selected_map
        .and_then(|id| session.maps.iter().find(|m| m.id == id))
        .or_else(|| session.maps.first());
    // Remember what is shown before the tabs can pick another map for next frame.
    if let Some(m) = current
        && mv.selected_map != Some(m.id)
    {
        mv.selected_map = Some(m.id);
        sc.selection = None;
    }
    maps_bar(ui, session, current, mv, sc, out);
    let Some(map) = current else {
        empty_state(
            ui,
            "No maps yet",
            "A map sets how work is imagined (plans, runbooks) beside how it is actually done, \
             and shows why each difference made sense. Make one per activity, e.g. \
             \"Responding to a pool alert\".",
        );
        ui.vertical_centered(|ui| {
            if ui.button("➕ New map").clicked() {
                new_map(session, mv, sc, out);
            }
        });
        return;
    };
    let mut edits = MapEdits::new(map);
    // Single keys act on the canvas only while it has the keyboard focus (a click on
    // it gives it; it shows a focus ring). Checked before any field runs, so a key
    // that leaves a field this frame never also acts on the canvas.
    let canvas_keys = ui.memory(|m| m.has_focus(canvas_focus_id()));
    toolbar(
        ui,
        session,
        map,
        mv,
        sc,
        &mut edits,
        out,
        view.export_redact.unwrap_or(true),
    );
    let width = ui.available_width();
    let show_statements = if ui.ctx().content_rect().width() < NARROW {
        sc.narrow_statements
    } else {
        mv.show_statements
    };
    if show_statements {
        egui::Panel::left("map_statements")
            .resizable(true)
            .default_size((width * 0.22).clamp(160.0, 250.0))
            .size_range(150.0..=(width * 0.3).max(160.0))
            .show(ui, |ui| {
                statement_picker(ui, session, revision, mv, sc, &mut edits)
            });
    }
    let selection_exists = match sc.selection {
        Some(Selection::Node(id)) => edits.map().nodes.iter().any(|n| n.id == id),
        Some(Selection::Link(id)) => edits.map().links.iter().any(|l| l.id == id),
        None => false,
    };
    if !selection_exists {
        sc.selection = None;
    }
    egui::Panel::right("map_inspector")
        .resizable(true)
        .default_size((width * 0.26).clamp(200.0, 290.0))
        .size_range(180.0..=(width * 0.36).max(200.0))
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| inspector(ui, session, map, sc, &mut edits));
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        if canvas_keys {
            keyboard(ui, map, mv, sc, &mut edits);
        }
        let taint = crate::ui::widgets::taint_cached(ui, session, cx.revision);
        canvas(ui, map, sc, &mut edits, &taint);
    });
    edits.finish(out);
}

fn new_map(session: &Session, mv: &mut MapView, sc: &mut MapScratch, out: &mut Outbox) {
    let m = geo::new_map(format!("Map {}", session.maps.len() + 1));
    mv.selected_map = Some(m.id);
    sc.selection = None;
    sc.focus_name = true;
    out.command(Command::Batch {
        label: "New map".into(),
        commands: vec![Command::Map(Edit::put(m))],
    });
}

/// Tabs for the session's maps, and creating one.
fn maps_bar(
    ui: &mut Ui,
    session: &Session,
    current: Option<&WorkMap>,
    mv: &mut MapView,
    sc: &mut MapScratch,
    out: &mut Outbox,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Maps").strong());
        for m in &session.maps {
            let selected = current.is_some_and(|c| c.id == m.id);
            let name = if m.name.trim().is_empty() {
                "(unnamed map)"
            } else {
                &m.name
            };
            if ui.selectable_label(selected, name).clicked() && !selected {
                mv.selected_map = Some(m.id);
                sc.selection = None;
                sc.confirm_delete = None;
            }
        }
        if ui
            .button("➕ New map")
            .on_hover_text("One map per activity, e.g. \"Responding to a pool alert\"")
            .clicked()
        {
            new_map(session, mv, sc, out);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::statement_panel::{label_from_statement, lower_contains};
    use super::toolbar::file_slug;

    #[test]
    fn filter_ignores_case_without_losing_non_ascii() {
        let has = |text: &str, filter: &str| {
            let needle = filter.to_lowercase();
            lower_contains(
                &text.to_lowercase(),
                &memchr::memmem::Finder::new(needle.as_bytes()),
            )
        };
        assert!(has("Messaged P2 directly", "P2 dir"));
        assert!(has("anything", ""));
        assert!(!has("Messaged", "paged"));
        assert!(has("Über die Lösung", "LÖSUNG"));
    }

    #[test]
    fn labels_and_file_names_from_user_text() {
        assert_eq!(
            file_slug("The first half hour: noticing!"),
            "the-first-half-hour-noticing"
        );
        assert_eq!(file_slug("***"), "map");
        let l = label_from_statement(
            "Decided not to page Payments yet and look at the gateway dashboard myself first.",
        );
        assert!(l.chars().count() <= 62, "{l}");
        assert!(l.starts_with("Decided not to page Payments yet"));
    }
}
