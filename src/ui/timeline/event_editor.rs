//! The editor for one timeline event: time, perspective, description, decision point,
//! milestone, differing accounts.

use crate::model::paste;
use crate::model::search::perspective_label;
use crate::model::{Command, Edit, EventTime, Session, TimelineEvent};
use crate::ui::pickers::{statement_chip, statement_picker};
use crate::ui::widgets::{caption, short};
use crate::ui::{FrameCtx, Outbox, ViewState};
use chrono::Utc;
use egui::{RichText, Ui};

use super::events::{delete_event_command, differ_command};
use super::{TimelineMode, all_perspectives, time_label};
pub use crate::model::timeline::{default_date, resolved_time};

pub(super) fn event_editor(
    ui: &mut Ui,
    s: &Session,
    e: &TimelineEvent,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    ui.horizontal(|ui| {
        ui.heading("Event");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("✖").on_hover_text("Close the editor").clicked() {
                view.timeline.selected_event = None;
            }
        });
    });
    let mut edited: Option<TimelineEvent> = None;
    let mut typed = false;

    let l = ui.label("Description");
    let mut desc = e.description.clone();
    let r = ui
        .add(
            egui::TextEdit::multiline(&mut desc)
                .hint_text("What happened, in the words of this perspective")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    if cx.scratch.focus_request == Some("event_description") {
        r.request_focus();
        cx.scratch.focus_request = None;
    }
    if r.changed() {
        let mut n = e.clone();
        n.description = desc;
        edited = Some(n);
        typed = true;
    }

    ui.add_space(6.0);
    ui.label("Whose account");
    ui.horizontal_wrapped(|ui| {
        for p in all_perspectives(s) {
            let selected = e.perspective == p;
            if ui
                .selectable_label(selected, perspective_label(s, &p))
                .clicked()
                && !selected
            {
                let mut n = edited.clone().unwrap_or_else(|| e.clone());
                n.perspective = p;
                edited = Some(n);
            }
        }
    });

    ui.add_space(6.0);
    ui.label("When");
    let kind = match e.time {
        EventTime::Exact(_) => 0,
        EventTime::Approximate(_) => 1,
        EventTime::Relative { .. } => 2,
        EventTime::Unknown => 3,
    };
    let resolved = resolved_time(s, e).map(|(t, _)| t);
    ui.horizontal_wrapped(|ui| {
        for (i, label) in ["Exact", "About", "Relative", "Unknown"]
            .into_iter()
            .enumerate()
        {
            if ui.selectable_label(kind == i, label).clicked() && kind != i {
                let base = resolved.unwrap_or_else(|| {
                    default_date(s)
                        .and_hms_opt(0, 0, 0)
                        .map(|d| d.and_utc())
                        .unwrap_or_else(Utc::now)
                });
                let mut n = edited.clone().unwrap_or_else(|| e.clone());
                n.time = match i {
                    0 => EventTime::Exact(base),
                    1 => EventTime::Approximate(base),
                    2 => EventTime::Relative {
                        anchor: None,
                        offset_secs: 0,
                        text: String::new(),
                    },
                    _ => EventTime::Unknown,
                };
                edited = Some(n);
                cx.scratch.timeline.time_buf = None;
                cx.scratch.timeline.offset_buf = None;
            }
        }
    });
    match &e.time {
        EventTime::Exact(t) | EventTime::Approximate(t) => {
            if cx
                .scratch
                .timeline
                .time_buf
                .as_ref()
                .is_none_or(|(id, _)| *id != e.id)
            {
                cx.scratch.timeline.time_buf =
                    Some((e.id, t.format("%Y-%m-%d %H:%M:%S").to_string()));
            }
            if let Some((_, buf)) = &mut cx.scratch.timeline.time_buf {
                let l = ui.label("Time");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(buf)
                            .hint_text("09:12, 09:12:30 or 2026-04-06 09:12")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                let parsed = paste::parse_time_input(buf, t.date_naive());
                if r.changed()
                    && let Some(nt) = parsed
                {
                    let mut n = edited.clone().unwrap_or_else(|| e.clone());
                    n.time = match e.time {
                        EventTime::Approximate(_) => EventTime::Approximate(nt),
                        _ => EventTime::Exact(nt),
                    };
                    edited = Some(n);
                    typed = true;
                }
                if parsed.is_none() {
                    ui.label(
                        RichText::new("Not a time we can read: try 09:12 or 2026-04-06 09:12:30")
                            .small()
                            .color(ui.visuals().warn_fg_color),
                    );
                }
            }
        }
        EventTime::Relative {
            anchor,
            offset_secs,
            text,
        } => {
            let anchor_label = anchor
                .and_then(|a| s.timeline.iter().find(|x| x.id == a))
                .map(|a| format!("{} {}", time_label(s, a), short(&a.description, 30)))
                .unwrap_or_else(|| "Choose the event it is relative to".into());
            let relative_to = ui.label("Relative to");
            egui::ComboBox::from_id_salt("relative_anchor")
                .selected_text(anchor_label)
                .width(ui.available_width() - 8.0)
                .show_ui(ui, |ui| {
                    for other in s.timeline.iter().filter(|x| x.id != e.id) {
                        let label =
                            format!("{} {}", time_label(s, other), short(&other.description, 40));
                        if ui
                            .selectable_label(*anchor == Some(other.id), label)
                            .clicked()
                        {
                            let mut n = edited.clone().unwrap_or_else(|| e.clone());
                            n.time = EventTime::Relative {
                                anchor: Some(other.id),
                                offset_secs: *offset_secs,
                                text: text.clone(),
                            };
                            edited = Some(n);
                        }
                    }
                })
                .response
                .labelled_by(relative_to.id);
            if cx
                .scratch
                .timeline
                .offset_buf
                .as_ref()
                .is_none_or(|(id, _)| *id != e.id)
            {
                cx.scratch.timeline.offset_buf = Some((e.id, paste::fmt_offset(*offset_secs)));
            }
            if let Some((_, buf)) = &mut cx.scratch.timeline.offset_buf {
                let l = ui.label("Offset");
                let r = ui
                    .add(egui::TextEdit::singleline(buf).hint_text("+10m, -90s, 1h30m"))
                    .labelled_by(l.id);
                let parsed = paste::parse_offset(buf);
                if r.changed()
                    && let Some(o) = parsed
                {
                    let mut n = edited.clone().unwrap_or_else(|| e.clone());
                    n.time = EventTime::Relative {
                        anchor: *anchor,
                        offset_secs: o,
                        text: text.clone(),
                    };
                    edited = Some(n);
                    typed = true;
                }
                if parsed.is_none() {
                    caption(ui, "Offsets look like +10m, -90s or 1h30m.");
                }
            }
            let l = ui.label("As it was said");
            let mut words = text.clone();
            if ui
                .add(
                    egui::TextEdit::singleline(&mut words)
                        .hint_text("\"~10 min after the alert\"")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .changed()
            {
                let mut n = edited.clone().unwrap_or_else(|| e.clone());
                n.time = EventTime::Relative {
                    anchor: *anchor,
                    offset_secs: *offset_secs,
                    text: words,
                };
                edited = Some(n);
                typed = true;
            }
        }
        EventTime::Unknown => caption(
            ui,
            "Not placed on the chart until it has a time; it is listed under it.",
        ),
    }

    ui.add_space(6.0);
    let dp_heading = ui.label("Decision point");
    let dp_label = e
        .decision_point
        .and_then(|d| s.decision_points.iter().find(|x| x.id == d))
        .map(|d| short(&d.title, 40))
        .unwrap_or_else(|| "None".into());
    egui::ComboBox::from_id_salt("event_decision_point")
        .selected_text(dp_label)
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(e.decision_point.is_none(), "None")
                .clicked()
            {
                let mut n = edited.clone().unwrap_or_else(|| e.clone());
                n.decision_point = None;
                edited = Some(n);
            }
            for d in &s.decision_points {
                if ui
                    .selectable_label(e.decision_point == Some(d.id), short(&d.title, 50))
                    .clicked()
                {
                    let mut n = edited.clone().unwrap_or_else(|| e.clone());
                    n.decision_point = Some(d.id);
                    edited = Some(n);
                }
            }
        })
        .response
        .labelled_by(dp_heading.id);
    if s.decision_points.is_empty() {
        caption(
            ui,
            "Decision points made in the Interviews workspace can be marked here.",
        );
    } else if let Some(d) = e.decision_point
        && ui
            .link("How did it make sense? Open the decision point")
            .clicked()
    {
        view.go_to(
            cx.scratch,
            s,
            crate::model::search::Target::DecisionPoint(d),
        );
    }

    ui.add_space(6.0);
    if let Some(n) = crate::ui::milestones::milestone_editor(ui, edited.as_ref().unwrap_or(e)) {
        edited = Some(n);
    }
    ui.add_space(6.0);
    ui.label(format!("Evidence ({})", e.evidence.len()));
    let mut remove_evidence = None;
    for id in &e.evidence {
        ui.horizontal(|ui| {
            if ui
                .small_button("✖")
                .on_hover_text("Remove this evidence link")
                .clicked()
            {
                remove_evidence = Some(*id);
            }
            statement_chip(ui, s, *id);
        });
    }
    if let Some(id) = remove_evidence {
        let mut n = edited.clone().unwrap_or_else(|| e.clone());
        n.evidence.retain(|x| *x != id);
        edited = Some(n);
    }
    if let Some(id) = statement_picker(
        ui,
        s,
        "event_evidence",
        &e.evidence,
        &mut cx.scratch.timeline.evidence_filter,
    ) {
        let mut n = edited.clone().unwrap_or_else(|| e.clone());
        n.evidence.push(id);
        edited = Some(n);
    }

    ui.add_space(6.0);
    ui.label("Differing accounts");
    for other_id in &e.differs_from {
        let other = s.timeline.iter().find(|x| x.id == *other_id);
        ui.horizontal(|ui| {
            if ui
                .small_button("✖")
                .on_hover_text("These are not two accounts of the same moment")
                .clicked()
                && let Some(c) = differ_command(s, e.id, *other_id, false)
            {
                out.command(c);
            }
            match other {
                Some(o) => {
                    if ui
                        .link(format!(
                            "≠ {} · {} · {}",
                            perspective_label(s, &o.perspective),
                            time_label(s, o),
                            short(&o.description, 40)
                        ))
                        .clicked()
                    {
                        view.timeline.selected_event = Some(o.id);
                    }
                }
                None => {
                    ui.label("(removed event)");
                }
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        ui.menu_button("≠ Mark as differing from…", |ui| {
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for o in s
                        .timeline
                        .iter()
                        .filter(|x| x.id != e.id && !e.differs_from.contains(&x.id))
                    {
                        let label = format!(
                            "≠ {} · {} · {}",
                            perspective_label(s, &o.perspective),
                            time_label(s, o),
                            short(&o.description, 40)
                        );
                        if ui.button(label).clicked()
                            && let Some(c) = differ_command(s, e.id, o.id, true)
                        {
                            out.command(c);
                            ui.close();
                        }
                    }
                });
        });
        if view.timeline.mode == TimelineMode::Chart
            && ui
                .button("Pick on chart")
                .on_hover_text("Click the other account's mark on the chart")
                .clicked()
        {
            cx.scratch.timeline.pair_with = Some(e.id);
        }
    });
    caption(
        ui,
        "Two accounts of one moment that do not match are both kept: the difference is data.",
    );

    ui.add_space(10.0);
    if ui.button("🗑 Remove event").clicked() {
        out.command(delete_event_command(s, e.id));
        view.timeline.selected_event = None;
    }

    if let Some(n) = edited {
        let c = Command::TimelineEvent(Edit::put(n));
        if typed {
            out.typing(c);
        } else {
            out.command(c);
        }
    }
}
