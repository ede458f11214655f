//! The Timeline tab: chart or table, the toolbar, and picking, pairing and deleting events.

use crate::model::{Command, Edit, EventTime, Id, Perspective, Session, TimelineEvent};
use crate::ui::widgets::{empty_state, short};
use crate::ui::{FrameCtx, Outbox, ViewState};
use egui::{RichText, Ui};

use super::chart::chart;
use super::event_editor::event_editor;
use super::paste_import::PasteDialog;
use super::table::table;
use super::{TimelineMode, TimelineScratch};
pub use crate::model::timeline::default_date;

pub(super) fn timeline_tab(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("➕ Add event")
            .on_hover_text("A new event from the facilitator's perspective; set its time and source on the right")
            .clicked()
        {
            let at = view
                .timeline
                .selected_event
                .and_then(|id| session.timeline.iter().position(|e| e.id == id))
                .map(|i| i + 1);
            let e = TimelineEvent {
                id: Id::new(),
                perspective: view
                    .timeline
                    .selected_event
                    .and_then(|id| session.timeline.iter().find(|e| e.id == id))
                    .map(|e| e.perspective.clone())
                    .unwrap_or_default(),
                ..TimelineEvent::default()
            };
            view.timeline.selected_event = Some(e.id);
            cx.scratch.focus_request = Some("event_description");
            out.command(Command::TimelineEvent(Edit::Put { item: e, index: at }));
        }
        if ui
            .button("📋 Paste chat or log…")
            .on_hover_text("Turn a pasted excerpt with timestamps into events, one undo step")
            .clicked()
        {
            cx.scratch.timeline.paste = Some(PasteDialog {
                date: default_date(session).format("%Y-%m-%d").to_string(),
                perspective: Perspective::Chat,
                ..PasteDialog::default()
            });
        }
        crate::ui::chat_import::import_button(ui, out);
        ui.separator();
        ui.selectable_value(&mut view.timeline.mode, TimelineMode::Chart, "📈 Chart");
        ui.selectable_value(&mut view.timeline.mode, TimelineMode::Table, "☰ Table");
        if view.timeline.mode == TimelineMode::Chart {
            ui.separator();
            if ui.button("Fit").on_hover_text("Show every timed event").clicked() {
                cx.scratch.timeline.px_per_sec = 0.0;
            }
            if ui.button("➖").on_hover_text("Zoom out (or Ctrl+scroll)").clicked() {
                zoom_about_center(&mut cx.scratch.timeline, 1.0 / 1.5);
            }
            if ui.button("➕").on_hover_text("Zoom in (or Ctrl+scroll)").clicked() {
                zoom_about_center(&mut cx.scratch.timeline, 1.5);
            }
        }
        if let Some(first) = cx.scratch.timeline.pair_with {
            ui.separator();
            let d = session
                .timeline
                .iter()
                .find(|e| e.id == first)
                .map(|e| short(&e.description, 30))
                .unwrap_or_default();
            ui.label(
                RichText::new(format!("Pick the other account of \"{d}\""))
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Cancel pairing").clicked() {
                cx.scratch.timeline.pair_with = None;
            }
        }
    });
    ui.add_space(4.0);
    if session.timeline.is_empty() {
        empty_state(
            ui,
            "No timeline events yet",
            "Add events from each perspective (participants, chat, logs, your own reconstruction), or paste a chat or log excerpt with timestamps. Differences between accounts are data: keep both and mark them as differing.",
        );
        return;
    }
    if let Some(id) = crate::ui::milestones::first_half_hour_strip(ui, session) {
        view.timeline.selected_event = Some(id);
    }
    let selected = view
        .timeline
        .selected_event
        .and_then(|id| session.timeline.iter().find(|e| e.id == id));
    if let Some(e) = selected {
        // Beside the chart when there is room, under it on small windows.
        let panel = if ui.available_width() >= 900.0 {
            egui::Panel::right("timeline_event_editor")
                .default_size(340.0)
                .min_size(260.0)
        } else {
            egui::Panel::bottom("timeline_event_editor_below")
                .default_size(240.0)
                .min_size(160.0)
        };
        panel.resizable(true).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| event_editor(ui, session, e, view, cx, out));
        });
    }
    egui::CentralPanel::default_margins().show(ui, |ui| match view.timeline.mode {
        TimelineMode::Chart => chart(ui, session, view, cx, out),
        TimelineMode::Table => table(ui, session, view, cx, out),
    });
}

/// Zooms the chart keeping the middle of the view where it is.
pub(super) fn zoom_about_center(v: &mut TimelineScratch, factor: f64) {
    if v.px_per_sec <= 0.0 {
        return;
    }
    let half = v.plot_width.max(1.0) as f64 / 2.0;
    let center = v.left + half / v.px_per_sec;
    v.px_per_sec = (v.px_per_sec * factor).clamp(1e-5, 50.0);
    v.left = center - half / v.px_per_sec;
}

/// Selects an event, or completes a differing pair when one is being picked.
pub(super) fn pick_event(
    session: &Session,
    view: &mut ViewState,
    sc: &mut TimelineScratch,
    out: &mut Outbox,
    id: Id,
) {
    if let Some(first) = sc.pair_with.take()
        && first != id
    {
        if let Some(c) = differ_command(session, first, id, true) {
            out.command(c);
        }
        view.timeline.selected_event = Some(first);
        return;
    }
    view.timeline.selected_event = Some(id);
}

/// Marks (or unmarks) two events as differing accounts of the same moment, both ways,
/// as one undo step. Both events are kept.
pub fn differ_command(s: &Session, a: Id, b: Id, differ: bool) -> Option<Command> {
    let ea = s.timeline.iter().find(|e| e.id == a)?;
    let eb = s.timeline.iter().find(|e| e.id == b)?;
    let mut ea = ea.clone();
    let mut eb = eb.clone();
    if differ {
        if !ea.differs_from.contains(&b) {
            ea.differs_from.push(b);
        }
        if !eb.differs_from.contains(&a) {
            eb.differs_from.push(a);
        }
    } else {
        ea.differs_from.retain(|x| *x != b);
        eb.differs_from.retain(|x| *x != a);
    }
    Some(Command::Batch {
        label: if differ {
            "Mark accounts as differing".into()
        } else {
            "Unmark differing accounts".into()
        },
        commands: vec![
            Command::TimelineEvent(Edit::put(ea)),
            Command::TimelineEvent(Edit::put(eb)),
        ],
    })
}

/// Removes an event and the references other events hold to it, as one undo step.
pub(super) fn delete_event_command(s: &Session, id: Id) -> Command {
    let mut commands = Vec::new();
    for e in &s.timeline {
        if e.id == id {
            continue;
        }
        let mut changed = e.clone();
        changed.differs_from.retain(|x| *x != id);
        if let EventTime::Relative { anchor, .. } = &mut changed.time
            && *anchor == Some(id)
        {
            // Keep the words; the event loses only its anchor.
            *anchor = None;
        }
        if &changed != e {
            commands.push(Command::TimelineEvent(Edit::put(changed)));
        }
    }
    commands.push(Command::TimelineEvent(Edit::remove(id)));
    Command::Batch {
        label: "Remove timeline event".into(),
        commands,
    }
}
