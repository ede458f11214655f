//! Keyboard use of the map canvas: move between steps and lanes, connect, delete.

use super::toolbar::add_blank_step;
use super::{MapEdits, MapScratch, MapView, Selection};
use crate::model::map::{self as geo, Direction};
use crate::model::{Id, Lane, WorkMap};
use crate::ui::shortcuts;
use egui::Ui;

/// The id that holds the keyboard focus for the map canvas.
pub(super) fn canvas_focus_id() -> egui::Id {
    egui::Id::unique("map_canvas_keyboard")
}

/// Keyboard access on the canvas, while it has the focus (see [`shortcuts`]).
pub(super) fn keyboard(
    ui: &mut Ui,
    map: &WorkMap,
    mv: &mut MapView,
    sc: &mut MapScratch,
    edits: &mut MapEdits<'_>,
) {
    let pressed = |sc: &shortcuts::Shortcut| ui.input(|i| sc.pressed(i));
    if pressed(&shortcuts::MAP_ESCAPE).is_some() {
        sc.connecting = None;
        sc.drag = None;
        sc.selection = None;
        sc.problem = None;
    }
    if pressed(&shortcuts::MAP_NEW).is_some() {
        add_blank_step(mv, sc, edits);
        return;
    }
    let arrow = pressed(&shortcuts::MAP_ARROWS);
    let Some(sel) = sc.selection else {
        // Arrows with nothing selected start at the first step.
        if arrow.is_some()
            && let Some(first) = geo::visible_lanes(map)
                .first()
                .and_then(|l| first_in_lane(map, *l))
        {
            sc.selection = Some(Selection::Node(first));
            sc.reveal = true;
        }
        return;
    };
    if pressed(&shortcuts::MAP_RENAME).is_some() && matches!(sel, Selection::Node(_)) {
        sc.focus_label = true;
    }
    if pressed(&shortcuts::MAP_DELETE).is_some() {
        match sel {
            Selection::Node(id) => {
                let m = geo::remove_node(edits.map(), id);
                edits.change("Delete step", |x| *x = m);
            }
            Selection::Link(id) => edits.change("Delete link", |m| m.links.retain(|l| l.id != id)),
        }
        sc.selection = None;
        return;
    }
    if let Selection::Node(id) = sel
        && let Some(n) = arrow
    {
        // In the order of shortcuts::MAP_ARROWS.
        let d = [
            Direction::Left,
            Direction::Right,
            Direction::Up,
            Direction::Down,
        ][n.min(3)];
        if let Some(next) = geo::neighbour(map, id, d) {
            sc.selection = Some(Selection::Node(next));
            sc.reveal = true;
        }
    }
}

pub(super) fn first_in_lane(map: &WorkMap, lane: Lane) -> Option<Id> {
    map.nodes
        .iter()
        .filter(|n| n.lane == lane)
        .min_by(|a, b| a.pos[0].total_cmp(&b.pos[0]))
        .map(|n| n.id)
}
