//! The sortable table of timeline events.

use crate::model::search::perspective_label;
use crate::model::{Session, TimelineEvent};
use crate::ui::{FrameCtx, Outbox, ViewState};
use egui::{RichText, Ui, Vec2};

use super::events::pick_event;
use super::{SortBy, time_label};

pub(super) fn table(
    ui: &mut Ui,
    s: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    let mut rows: Vec<&TimelineEvent> = s.timeline.iter().collect();
    let times = crate::model::timeline::TimelineTimes::new(&s.timeline);
    let key_time = |e: &TimelineEvent| {
        times
            .of(e.id)
            .map(|(t, _)| t.timestamp_millis())
            .unwrap_or(i64::MAX)
    };
    match view.timeline.sort {
        SortBy::Time => rows.sort_by_key(|e| key_time(e)),
        SortBy::Perspective => {
            rows.sort_by_key(|e| (perspective_label(s, &e.perspective), key_time(e)))
        }
        SortBy::Description => rows.sort_by_key(|e| e.description.to_lowercase()),
    }
    if view.timeline.sort_desc {
        rows.reverse();
    }
    let widths = [150.0, 150.0];
    ui.horizontal(|ui| {
        for (col, label, w) in [
            (SortBy::Time, "Time", widths[0]),
            (SortBy::Perspective, "Perspective", widths[1]),
            (SortBy::Description, "Description", 300.0),
        ] {
            let arrow = if view.timeline.sort == col {
                if view.timeline.sort_desc {
                    " ⏷"
                } else {
                    " ⏶"
                }
            } else {
                ""
            };
            let r = ui
                .allocate_ui_with_layout(
                    Vec2::new(w, 20.0),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_width(w);
                        ui.add(
                            egui::Button::new(RichText::new(format!("{label}{arrow}")).strong())
                                .frame(false),
                        )
                    },
                )
                .inner;
            if r.on_hover_text("Sort by this column; click again to reverse")
                .clicked()
            {
                if view.timeline.sort == col {
                    view.timeline.sort_desc = !view.timeline.sort_desc;
                } else {
                    view.timeline.sort = col;
                    view.timeline.sort_desc = false;
                }
            }
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, 24.0, rows.len(), |ui, range| {
            for e in &rows[range] {
                ui.horizontal(|ui| {
                    cell(
                        ui,
                        widths[0],
                        egui::Label::new(RichText::new(time_label(s, e)).monospace()).truncate(),
                    );
                    cell(
                        ui,
                        widths[1],
                        egui::Label::new(perspective_label(s, &e.perspective)).truncate(),
                    );
                    let mut marks = String::new();
                    if e.decision_point.is_some() {
                        marks.push_str("♦ ");
                    }
                    if !e.differs_from.is_empty() {
                        marks.push_str("≠ ");
                    }
                    if !e.evidence.is_empty() {
                        marks.push_str(&format!("📎{} ", e.evidence.len()));
                    }
                    let text = format!(
                        "{marks}{}",
                        if e.description.trim().is_empty() {
                            "(no description)".into()
                        } else {
                            // A chat message shows who wrote it (its attribution).
                            let d = crate::model::chat::attributed_description(s, e);
                            d.lines().next().unwrap_or("").to_owned()
                        }
                    );
                    if ui
                        .selectable_label(view.timeline.selected_event == Some(e.id), text)
                        .clicked()
                    {
                        pick_event(s, view, &mut cx.scratch.timeline, out, e.id);
                    }
                });
            }
        });
}

/// A left-aligned table cell of a fixed width.
pub(super) fn cell(ui: &mut Ui, width: f32, label: egui::Label) {
    ui.allocate_ui_with_layout(
        Vec2::new(width, 20.0),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(width);
            ui.add(label);
        },
    );
}
