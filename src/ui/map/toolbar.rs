//! The map toolbar: add steps and links, lanes shown, tidy, zoom, export as SVG or Markdown.

use super::{MapEdits, MapScratch, MapView, NARROW, Selection};
use crate::model::export::ExportOptions;
use crate::model::map::{self as geo};
use crate::model::{Command, Edit, Id, Lane, MapNode, Relation, Session, WorkMap};
use crate::ui::widgets::caption;
use crate::ui::{Action, Outbox};
use egui::{RichText, Ui};

#[allow(clippy::too_many_arguments)]
pub(super) fn toolbar(
    ui: &mut Ui,
    session: &Session,
    map: &WorkMap,
    mv: &mut MapView,
    sc: &mut MapScratch,
    edits: &mut MapEdits<'_>,
    out: &mut Outbox,
    redact: bool,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Map name");
        let mut name = map.name.clone();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut name)
                    .hint_text("e.g. Responding to a pool alert")
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
        if r.changed() {
            edits.typing(|m| m.name = name);
        }
        // A new map's name takes the focus, selected: typing names it.
        if sc.focus_name && mv.selected_map == Some(map.id) {
            sc.focus_name = false;
            r.request_focus();
            if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), r.id) {
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::two(
                        egui::text::CCursor::new(0),
                        egui::text::CCursor::new(map.name.chars().count()),
                    )));
                state.store(ui.ctx(), r.id);
            }
        }
        ui.separator();
        ui.label("Lanes");
        for lane in Lane::ALL {
            let mut on = map.lanes.contains(&lane);
            if ui
                .checkbox(&mut on, lane.short())
                .on_hover_text(format!(
                    "{}: {}. Hiding a lane keeps its steps.",
                    lane.label(),
                    lane.hint()
                ))
                .changed()
            {
                let m = geo::set_lane_visible(edits.map(), lane, on);
                edits.change(if on { "Show lane" } else { "Hide lane" }, |x| *x = m);
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let lanes = geo::visible_lanes(edits.map());
        if !lanes.contains(&mv.new_lane)
            && let Some(first) = lanes.first()
        {
            mv.new_lane = *first;
        }
        let add = ui
            .add_enabled(!lanes.is_empty(), egui::Button::new("➕ New step"))
            .on_hover_text(
                "A blank step (N). With a step selected, it goes in that lane, after it.",
            );
        egui::ComboBox::from_id_salt("map_new_lane")
            .selected_text(format!("in {}", mv.new_lane.short()))
            .show_ui(ui, |ui| {
                for lane in &lanes {
                    ui.selectable_value(&mut mv.new_lane, *lane, lane.label());
                }
            })
            .response
            .widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::ComboBox,
                    true,
                    format!("Lane for a new step: {}", mv.new_lane.label()),
                )
            });
        if add.clicked() {
            add_blank_step(mv, sc, edits);
        }
        ui.separator();
        if ui
            .button("✨ Tidy")
            .on_hover_text("Lays out each lane in sequence order and lines linked steps up")
            .clicked()
        {
            let m = geo::tidy(edits.map());
            edits.change("Tidy map", |x| *x = m);
            sc.scene = None;
        }
        if ui
            .button("⛶ Fit")
            .on_hover_text("Zoom out to show the whole map")
            .clicked()
        {
            sc.fit_all = true;
        }
        // Narrow windows start with the list hidden so the canvas keeps its room.
        let shown = if ui.ctx().content_rect().width() < NARROW {
            &mut sc.narrow_statements
        } else {
            &mut mv.show_statements
        };
        ui.toggle_value(shown, "💬 Statements")
            .on_hover_text("Show the interview statements to build steps from and cite");
        ui.separator();
        let slug = file_slug(if map.name.trim().is_empty() {
            "map"
        } else {
            &map.name
        });
        let options = ExportOptions { redact };
        if ui
            .button("⬇ Export SVG…")
            .on_hover_text(if redact {
                "A picture for docs and slides; real names replaced with pseudonyms"
            } else {
                "A picture for docs and slides (real names kept: see Export)"
            })
            .clicked()
        {
            out.action(Action::ExportFile {
                file_name: format!("{slug}.svg"),
                extension: "svg",
                text: geo::to_svg(session, map, options),
            });
        }
        if ui
            .button("⬇ Gap table (Markdown)…")
            .on_hover_text("The table of gaps for the write-up")
            .clicked()
        {
            out.action(Action::ExportFile {
                file_name: format!("{slug}-gaps.md"),
                extension: "md",
                text: geo::to_markdown(session, map, options),
            });
        }
        ui.separator();
        if sc.confirm_delete == Some(map.id) {
            ui.label(
                RichText::new(format!(
                    "Delete “{}” and its {} steps?",
                    map.name,
                    map.nodes.len()
                ))
                .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Delete map").clicked() {
                sc.confirm_delete = None;
                mv.selected_map = None;
                sc.selection = None;
                out.command(Command::Batch {
                    label: "Delete map".into(),
                    commands: vec![Command::Map(Edit::remove(map.id))],
                });
            }
            if ui.button("Cancel").clicked() {
                sc.confirm_delete = None;
            }
        } else if ui
            .button("🗑 Delete map…")
            .on_hover_text("Asks first; Ctrl+Z brings it back")
            .clicked()
        {
            sc.confirm_delete = Some(map.id);
        }
    });
    let hint = match sc.connecting {
        Some(_) => {
            "Drop on a step: same lane = \"then\", another lane = how done relates to imagined. Esc cancels."
        }
        None => {
            "Double-click a lane to add a step · drag steps to move · drag from a step's blue dot onto another step to connect · \
                 scroll or pinch to zoom · after a click on the map (it shows a blue ring): \
                 N new step · F2/Enter rename · Delete remove · arrows move the selection"
        }
    };
    caption(ui, hint);
    if let Some(p) = &sc.problem {
        ui.label(RichText::new(p).color(ui.visuals().warn_fg_color));
    }
    ui.add_space(2.0);
}

pub(super) fn file_slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() { "map".into() } else { s }
}

/// Adds a blank step: after the selected step in its lane, or in the chosen lane.
pub(super) fn add_blank_step(mv: &mut MapView, sc: &mut MapScratch, edits: &mut MapEdits<'_>) {
    let after = match sc.selection {
        Some(Selection::Node(id)) => edits.map().nodes.iter().find(|n| n.id == id).cloned(),
        _ => None,
    };
    let lane = after.as_ref().map(|n| n.lane).unwrap_or(mv.new_lane);
    if !edits.map().lanes.contains(&lane) {
        return;
    }
    let node = MapNode {
        id: Id::new(),
        lane,
        label: String::new(),
        pos: geo::next_position(edits.map(), lane),
        ..MapNode::default()
    };
    let id = node.id;
    edits.change("Add step", |m| m.nodes.push(node));
    if let Some(prev) = after
        && let Ok((m, _)) = geo::connect(edits.map(), prev.id, id, Relation::Adapts)
    {
        *edits.map_mut() = m;
    }
    sc.selection = Some(Selection::Node(id));
    sc.focus_label = true;
    sc.reveal = true;
}
