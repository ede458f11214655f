//! The map canvas: lanes, steps and links drawn, dragged, selected and connected.

use super::keyboard::canvas_focus_id;
use super::{MapEdits, MapScratch, Selection};
use crate::model::map::{self as geo, Box2, Connected};
use crate::model::{Id, Lane, MapNode, Relation, WorkMap};
use crate::ui::widgets::empty_state;
use egui::{Color32, Rect, Sense, Stroke, Ui, pos2, vec2};

pub(super) fn c32(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

pub(super) fn to_rect(b: Box2) -> Rect {
    Rect::from_min_size(pos2(b.x, b.y), vec2(b.w, b.h))
}

pub(super) const INK: Color32 = Color32::from_rgb(29, 35, 48);

pub(super) const MUTED: Color32 = Color32::from_rgb(90, 98, 112);

pub(super) const NO_EVIDENCE: Color32 = Color32::from_rgb(185, 119, 14);

/// Above this many steps the canvas draws only the steps, arrows and links in view.
const CULL_ABOVE_STEPS: usize = 1_000;

/// The pan-and-zoom canvas: lanes, steps, arrows, links and gap markers.
pub(super) fn canvas(
    ui: &mut Ui,
    map: &WorkMap,
    sc: &mut MapScratch,
    edits: &mut MapEdits<'_>,
    taint: &crate::model::publish::Taint,
) {
    let bands = geo::lane_bands(map);
    if bands.is_empty() {
        empty_state(
            ui,
            "All lanes are hidden",
            "Tick a lane above to show it; hidden lanes keep their steps.",
        );
        return;
    }
    let [w, h] = geo::extent(map);
    let content = Rect::from_min_max(pos2(-20.0, -20.0), pos2(w + 20.0, h + 20.0));
    let mut scene_rect = match sc.scene {
        _ if sc.fit_all => content,
        Some((id, r)) if id == map.id => r,
        // First look: readable text from the left edge (not the whole map shrunk).
        _ => {
            let avail = ui.available_size().max(vec2(100.0, 100.0));
            let whole = (avail.x / content.width()).min(avail.y / content.height());
            let zoom = if whole >= 0.8 { whole.min(1.0) } else { 0.8 };
            Rect::from_min_size(content.min, avail / zoom)
        }
    };
    sc.fit_all = false;
    // After keyboard moves and new steps, pan so the selected step is in view.
    // (A step made this frame is not on the map until next frame: wait for it.)
    if sc.reveal
        && let Some(Selection::Node(id)) = sc.selection
        && let Some(b) = map
            .nodes
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| geo::node_box(&bands, n))
    {
        sc.reveal = false;
        let r = to_rect(b).expand(24.0);
        // Move only along the axis where the step is out of view.
        let mut d = r.center() - scene_rect.center();
        if r.left() >= scene_rect.left() && r.right() <= scene_rect.right() {
            d.x = 0.0;
        }
        if r.top() >= scene_rect.top() && r.bottom() <= scene_rect.bottom() {
            d.y = 0.0;
        }
        scene_rect = scene_rect.translate(d);
    }
    // Clicks on steps must not pan; panning is by dragging the background.
    let scene = egui::Scene::new().zoom_range(0.25..=1.5);
    let mut clicked_step = false;
    let view_right = scene_rect.right();
    let mut pointer_in_lane: Option<(egui::Pos2, Lane)> = None;
    // Where the canvas is on screen (the scene's own response is in map units).
    let on_screen = Rect::from_min_size(ui.cursor().min, ui.available_size_before_wrap());
    let response = scene
        .show(ui, &mut scene_rect, |ui| {
            let painter = ui.painter().clone();
            let to_scene = ui
                .ctx()
                .layer_transform_from_global(ui.layer_id())
                .unwrap_or_default();
            let pointer = ui.input(|i| i.pointer.latest_pos()).map(|p| to_scene * p);
            pointer_in_lane = pointer.and_then(|p| {
                bands
                    .iter()
                    .find(|b| p.y >= b.top && p.y <= b.top + b.height)
                    .map(|b| (p, b.lane))
            });
            // Lanes.
            let lane_right = w.max(view_right);
            for b in &bands {
                let r = Rect::from_min_max(pos2(0.0, b.top), pos2(lane_right, b.top + b.height));
                painter.rect(
                    r,
                    8.0,
                    c32(b.lane.color()),
                    Stroke::new(1.0, Color32::from_rgb(201, 209, 220)),
                    egui::StrokeKind::Inside,
                );
                painter.text(
                    pos2(14.0, b.top + 16.0),
                    egui::Align2::LEFT_TOP,
                    b.lane.label(),
                    egui::FontId::proportional(15.0),
                    INK,
                );
                let hint = painter.layout(
                    b.lane.hint().to_owned(),
                    egui::FontId::proportional(11.5),
                    MUTED,
                    geo::LANE_HEADER_W - 24.0,
                );
                painter.galley(pos2(14.0, b.top + 38.0), hint, MUTED);
            }
            // Where each step is drawn this frame (a dragged step follows the pointer).
            let boxes: std::collections::HashMap<Id, Rect> = map
                .nodes
                .iter()
                .filter_map(|n| {
                    let mut r = to_rect(geo::node_box(&bands, n)?);
                    if let Some((id, d)) = sc.drag
                        && id == n.id
                    {
                        r = r.translate(d);
                    }
                    Some((n.id, r))
                })
                .collect();
            // A large map draws only what is in view (the clip rect is in scene
            // units); a small one draws everything, so every step stays in the
            // accessibility tree.
            let visible = ui.clip_rect().expand(60.0);
            let cull = map.nodes.len() > CULL_ABOVE_STEPS;
            let off_screen = |r: Rect| cull && !visible.intersects(r);
            // Sequence arrows.
            for e in &map.edges {
                let (Some(a), Some(b)) = (boxes.get(&e.from), boxes.get(&e.to)) else {
                    continue;
                };
                if off_screen(a.union(*b)) {
                    continue;
                }
                draw_edge(&painter, *a, *b);
            }
            // Cross-lane links with relation and gap markers.
            let gap_numbers: std::collections::HashMap<Id, usize> =
                geo::gaps(map).into_iter().map(|(n, l)| (l.id, n)).collect();
            for l in &map.links {
                // A link to a step in a hidden lane is hidden with it (not drawn as a stub).
                if l.imagined.is_some_and(|id| !boxes.contains_key(&id))
                    || l.done.is_some_and(|id| !boxes.contains_key(&id))
                {
                    continue;
                }
                let a = l.imagined.and_then(|id| boxes.get(&id));
                let b = l.done.and_then(|id| boxes.get(&id));
                let (p1, p2) = match (a, b) {
                    (Some(a), Some(b)) => (a.center_bottom(), b.center_top()),
                    (Some(a), None) => (a.center_bottom(), a.center_bottom() + vec2(0.0, 34.0)),
                    (None, Some(b)) => (b.center_top() - vec2(0.0, 34.0), b.center_top()),
                    (None, None) => continue,
                };
                let color = c32(l.relation.color());
                let selected = sc.selection == Some(Selection::Link(l.id));
                if !selected && off_screen(Rect::from_two_pos(p1, p2).expand(30.0)) {
                    continue;
                }
                let stroke = Stroke::new(if selected { 3.5 } else { 2.0 }, color);
                if l.relation.is_gap() {
                    // Dashed only where it can be seen: a link across a canvas of 10^6
                    // units is 10^5 dashes, and took gigabytes in one second.
                    if let Some((c1, c2)) = clip_dashes(p1, p2, ui.clip_rect().expand(40.0)) {
                        painter.extend(egui::Shape::dashed_line(&[c1, c2], stroke, 6.0, 4.0));
                    }
                } else {
                    painter.line_segment([p1, p2], stroke);
                }
                let mid = if a.is_some() && b.is_some() {
                    p1 + (p2 - p1) * 0.5
                } else if a.is_some() {
                    p2
                } else {
                    p1
                };
                let marker = Rect::from_center_size(mid, vec2(28.0, 28.0));
                let name = match gap_numbers.get(&l.id) {
                    Some(n) => format!("Gap G{n}: {}", l.relation.label()),
                    None => format!("Link: {}", l.relation.label()),
                };
                let r = ui
                    .interact(marker, egui::Id::unique(("map_link", l.id)), Sense::click())
                    .on_hover_text(format!("{name} — click to edit"));
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
                if r.clicked() {
                    sc.selection = Some(Selection::Link(l.id));
                    clicked_step = true;
                }
                match gap_numbers.get(&l.id) {
                    Some(n) => {
                        let annotated = geo::gap_is_annotated(&l.gap);
                        painter.circle(
                            mid,
                            13.0,
                            if annotated { color } else { Color32::WHITE },
                            Stroke::new(if selected || r.hovered() { 3.0 } else { 2.0 }, color),
                        );
                        painter.text(
                            mid,
                            egui::Align2::CENTER_CENTER,
                            format!("G{n}"),
                            egui::FontId::proportional(11.0),
                            if annotated { Color32::WHITE } else { color },
                        );
                        painter.text(
                            mid + vec2(17.0, 0.0),
                            egui::Align2::LEFT_CENTER,
                            l.relation.label(),
                            egui::FontId::proportional(11.5),
                            color,
                        );
                    }
                    None => {
                        painter.circle_filled(
                            mid,
                            if r.hovered() || selected { 6.0 } else { 4.0 },
                            color,
                        );
                        painter.text(
                            mid + vec2(8.0, 0.0),
                            egui::Align2::LEFT_CENTER,
                            l.relation.label(),
                            egui::FontId::proportional(11.5),
                            color,
                        );
                    }
                }
            }
            // Steps.
            let link_ends: Vec<Option<Id>> = match sc.selection {
                Some(Selection::Link(id)) => map
                    .links
                    .iter()
                    .filter(|l| l.id == id)
                    .flat_map(|l| [l.imagined, l.done])
                    .collect(),
                _ => Vec::new(),
            };
            let mut drop_target: Option<Id> = None;
            for n in &map.nodes {
                let Some(rect) = boxes.get(&n.id).copied() else {
                    continue;
                };
                let busy = sc.selection == Some(Selection::Node(n.id))
                    || sc.drag.is_some_and(|(d, _)| d == n.id)
                    || sc.connecting == Some(n.id);
                if !busy && off_screen(rect) {
                    continue;
                }
                let id = egui::Id::unique(("map_node", n.id));
                let r = ui.interact(rect, id, Sense::click_and_drag());
                let label = if n.label.trim().is_empty() {
                    "(unnamed step)"
                } else {
                    &n.label
                };
                r.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, label.to_owned())
                });
                // A selected link highlights both of its steps.
                let selected =
                    sc.selection == Some(Selection::Node(n.id)) || link_ends.contains(&Some(n.id));
                if r.clicked() || r.drag_started() {
                    sc.selection = Some(Selection::Node(n.id));
                    clicked_step = true;
                }
                if r.double_clicked() {
                    sc.focus_label = true;
                }
                if r.dragged() {
                    let d = r.drag_delta();
                    let total = match sc.drag {
                        Some((did, t)) if did == n.id => t + d,
                        _ => d,
                    };
                    sc.drag = Some((n.id, total));
                }
                if r.drag_stopped()
                    && let Some((did, total)) = sc.drag.take()
                    && did == n.id
                    && total.length() > 1.0
                {
                    let base = to_rect(geo::node_box(&bands, n).unwrap_or(Box2 {
                        x: 0.0,
                        y: 0.0,
                        w: 0.0,
                        h: 0.0,
                    }));
                    let p = base.min + total;
                    let pos = geo::position_for(&bands, n.lane, p.x, p.y);
                    let nid = n.id;
                    edits.change("Move step", |m| {
                        if let Some(node) = m.nodes.iter_mut().find(|x| x.id == nid) {
                            node.pos = pos;
                        }
                    });
                }
                if let Some(p) = pointer
                    && rect.contains(p)
                    && sc.connecting.is_some_and(|from| from != n.id)
                {
                    drop_target = Some(n.id);
                }
                draw_node(
                    &painter,
                    n,
                    rect,
                    selected,
                    r.hovered(),
                    drop_target == Some(n.id),
                );
                if let Some((mark, _)) = taint.mark(n.id) {
                    // Made from off-the-record statements (exports withhold it).
                    painter.text(
                        rect.left_top() + vec2(8.0, 4.0),
                        egui::Align2::LEFT_TOP,
                        mark,
                        egui::FontId::proportional(10.0),
                        NO_EVIDENCE,
                    );
                }
                // The connection handle on the right edge.
                let handle = Rect::from_center_size(rect.right_center(), vec2(16.0, 16.0));
                let hr = ui
                    .interact(
                        handle,
                        egui::Id::unique(("map_handle", n.id)),
                        Sense::drag(),
                    )
                    .on_hover_text("Drag onto another step to connect");
                let active = hr.hovered() || hr.dragged() || selected || r.hovered();
                painter.circle(
                    rect.right_center(),
                    if active { 6.5 } else { 4.5 },
                    if active {
                        c32([31, 119, 180])
                    } else {
                        Color32::WHITE
                    },
                    Stroke::new(1.5, c32([31, 119, 180])),
                );
                if hr.drag_started() {
                    sc.connecting = Some(n.id);
                    sc.selection = Some(Selection::Node(n.id));
                }
            }
            // The connection being dragged, and dropping it.
            if let Some(from) = sc.connecting {
                let released = ui.input(|i| i.pointer.any_released() || !i.pointer.any_down());
                if let (Some(a), Some(p)) = (boxes.get(&from), pointer) {
                    painter
                        .line_segment([a.right_center(), p], Stroke::new(2.0, c32([31, 119, 180])));
                }
                if released {
                    sc.connecting = None;
                    if let Some(to) = drop_target {
                        connect(sc, edits, from, to);
                    }
                }
            }
        })
        .response;
    // The canvas takes the keyboard focus when pressed anywhere on it (steps
    // included), and shows it with a ring; a click anywhere else gives it up.
    let focus_id = canvas_focus_id();
    let keys_here = ui.interact(on_screen, focus_id, Sense::FOCUSABLE);
    keys_here.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Canvas,
            true,
            "Map canvas: N new step, F2 rename, Delete remove, arrows select",
        )
    });
    let pressed_here = ui.input(|i| {
        (i.pointer.any_pressed() || i.pointer.any_click())
            && i.pointer
                .interact_pos()
                .is_some_and(|p| on_screen.contains(p))
    }) && ui
        .input(|i| i.pointer.interact_pos())
        .and_then(|p| ui.ctx().layer_id_at(p))
        .is_some_and(|l| l == ui.layer_id());
    if pressed_here {
        ui.memory_mut(|m| m.request_focus(focus_id));
    }
    if keys_here.has_focus() {
        // Arrows and Esc act on the map, not on egui's own focus movement.
        crate::ui::focus::lock_arrows(ui, focus_id);
        ui.painter().rect_stroke(
            on_screen.shrink(1.0),
            4.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Inside,
        );
    }
    if response.clicked() && !clicked_step {
        sc.selection = None;
    }
    // Double-click on a lane: a new step right there.
    if response.double_clicked()
        && !clicked_step
        && let Some((pos, lane)) = pointer_in_lane
    {
        let node = MapNode {
            id: Id::new(),
            lane,
            label: String::new(),
            pos: geo::position_for(
                &bands,
                lane,
                pos.x - geo::NODE_W / 2.0,
                pos.y - geo::NODE_H / 2.0,
            ),
            ..MapNode::default()
        };
        let id = node.id;
        edits.change("Add step", |m| m.nodes.push(node));
        sc.selection = Some(Selection::Node(id));
        sc.focus_label = true;
    }
    sc.scene = Some((map.id, scene_rect));
}

pub(super) fn connect(sc: &mut MapScratch, edits: &mut MapEdits<'_>, from: Id, to: Id) {
    match geo::connect(edits.map(), from, to, Relation::Adapts) {
        Ok((m, c)) => {
            sc.problem = None;
            match c {
                Connected::Edge(_) => edits.change("Connect steps", |x| *x = m),
                Connected::Link(id) => {
                    edits.change("Link imagined and done", |x| *x = m);
                    sc.selection = Some(Selection::Link(id));
                }
            }
        }
        Err(e) => sc.problem = Some(e.to_string()),
    }
}

pub(super) fn draw_edge(painter: &egui::Painter, a: Rect, b: Rect) {
    let stroke = Stroke::new(1.6, Color32::from_rgb(68, 68, 85));
    let (tip, dir) = if b.left() >= a.right() {
        let (p1, p2) = (a.right_center() + vec2(7.0, 0.0), b.left_center());
        painter.line_segment([p1, p2], stroke);
        (p2, (p2 - p1).normalized())
    } else {
        // Backwards in the lane: curve underneath.
        let (p1, p2) = (a.center_bottom(), b.center_bottom());
        let dip = a.bottom().max(b.bottom()) + 24.0;
        let c1 = pos2(p1.x, dip);
        let c2 = pos2(p2.x, dip);
        painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
            [p1, c1, c2, p2],
            false,
            Color32::TRANSPARENT,
            stroke,
        ));
        (p2, (p2 - c2).normalized())
    };
    let side = vec2(-dir.y, dir.x) * 4.5;
    let back = tip - dir * 9.0;
    painter.add(egui::Shape::convex_polygon(
        vec![tip, back + side, back - side],
        stroke.color,
        Stroke::NONE,
    ));
}

#[allow(clippy::too_many_arguments)]
pub(super) fn draw_node(
    painter: &egui::Painter,
    n: &MapNode,
    rect: Rect,
    selected: bool,
    hovered: bool,
    drop_target: bool,
) {
    let evidenced = geo::has_evidence(n);
    painter.rect_filled(rect, 8.0, Color32::WHITE);
    let stroke = if selected || drop_target {
        Stroke::new(3.0, c32([31, 119, 180]))
    } else if hovered {
        Stroke::new(2.0, Color32::from_rgb(74, 85, 102))
    } else if evidenced {
        Stroke::new(1.5, Color32::from_rgb(74, 85, 102))
    } else {
        Stroke::new(1.5, NO_EVIDENCE)
    };
    if evidenced || selected || drop_target {
        painter.rect_stroke(rect, 8.0, stroke, egui::StrokeKind::Inside);
    } else {
        // No evidence: a dashed outline, as in the SVG legend.
        let r = rect.shrink(1.0);
        let pts = [
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
            r.left_top(),
        ];
        painter.extend(egui::Shape::dashed_line(&pts, stroke, 5.0, 3.0));
    }
    let label = if n.label.trim().is_empty() {
        "(unnamed step)".to_owned()
    } else {
        n.label.clone()
    };
    let mut job = egui::text::LayoutJob::simple(
        label,
        egui::FontId::proportional(13.0),
        if n.label.trim().is_empty() {
            MUTED
        } else {
            INK
        },
        rect.width() - 16.0,
    );
    job.wrap.max_rows = if evidenced { 3 } else { 2 };
    job.halign = egui::Align::Center;
    let galley = painter.layout_job(job);
    let text_h = galley.size().y;
    let body_h = if evidenced {
        rect.height()
    } else {
        rect.height() - 14.0
    };
    let top = rect.top() + (body_h - text_h) / 2.0;
    painter.galley(pos2(rect.center().x, top), galley, INK);
    if evidenced {
        let count = n.evidence.len() + n.documents.len();
        painter.text(
            rect.right_top() + vec2(-8.0, 4.0),
            egui::Align2::RIGHT_TOP,
            format!("📎{count}"),
            egui::FontId::proportional(10.0),
            MUTED,
        );
    } else {
        painter.text(
            pos2(rect.center().x, rect.bottom() - 5.0),
            egui::Align2::CENTER_BOTTOM,
            "⚠ no evidence yet",
            egui::FontId::proportional(10.0),
            NO_EVIDENCE,
        );
    }
}

/// The part of the segment `p1`–`p2` inside `rect` (Liang–Barsky), its start moved
/// back to a whole dash period (10 units) from `p1` so the dashes stay put as the view
/// pans; `None` when none of it is inside.
fn clip_dashes(p1: egui::Pos2, p2: egui::Pos2, rect: Rect) -> Option<(egui::Pos2, egui::Pos2)> {
    let d = p2 - p1;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, p1.x - rect.min.x),
        (d.x, rect.max.x - p1.x),
        (-d.y, p1.y - rect.min.y),
        (d.y, rect.max.y - p1.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 || t0.is_nan() || t1.is_nan() {
        return None;
    }
    let len = d.length();
    if len > 0.0 && t0 > 0.0 {
        t0 = ((t0 * len / 10.0).floor() * 10.0 / len).max(0.0);
    }
    Some((p1 + d * t0, p1 + d * t1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn a_gap_link_across_the_canvas_is_dashed_only_in_view() {
        let view = Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 800.0));
        let (a, b) = clip_dashes(pos2(-1.0e6, 100.0), pos2(1.0e6, 100.0), view).unwrap();
        // (f32 at 10^6 units: a unit either way.)
        assert!(
            a.x >= -11.0 && a.x <= 1.0 && (b.x - 1000.0).abs() <= 1.0,
            "{a:?} {b:?}"
        );
        assert!(clip_dashes(pos2(-5.0, -5.0), pos2(-1.0, -900.0), view).is_none());
        let inside = clip_dashes(pos2(10.0, 10.0), pos2(20.0, 30.0), view).unwrap();
        assert_eq!(inside, (pos2(10.0, 10.0), pos2(20.0, 30.0)));
    }
}
