//! Response milestones in the Timeline workspace: marking an event as
//! the first signal, detection, declaration, first internal update, first customer
//! communication, mitigation or resolution, and the review's first half hour shown
//! above the timeline (time from the first signal to each milestone).

use crate::model::first_half_hour::{FirstHalfHour, fmt_duration};
use crate::model::{Id, Milestone, Session, TimelineEvent};
use egui::{RichText, Ui};

/// The milestone toggles of an event's editor; returns the changed event.
pub fn milestone_editor(ui: &mut Ui, e: &TimelineEvent) -> Option<TimelineEvent> {
    ui.label("Response milestones")
        .on_hover_text("Mark what this event was in the response: the first half hour is measured from the first signal to each milestone");
    let mut changed = None;
    ui.horizontal_wrapped(|ui| {
        for m in Milestone::ALL {
            let on = e.milestones.contains(&m);
            if ui.selectable_label(on, m.label()).clicked() {
                let mut n = e.clone();
                if on {
                    n.milestones.retain(|x| *x != m);
                } else {
                    n.milestones.push(m);
                    n.milestones.sort();
                }
                changed = Some(n);
            }
        }
    });
    changed
}

/// "The first half hour" above the timeline: each milestone marked, how long after
/// the first signal; clicking one selects its event. Nothing when none is marked.
pub fn first_half_hour_strip(ui: &mut Ui, session: &Session) -> Option<Id> {
    if !session.timeline.iter().any(|e| !e.milestones.is_empty()) {
        return None;
    }
    let fhh = FirstHalfHour::of(session);
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("The first half hour:").strong())
            .on_hover_text(
                "Time from the first signal to each response milestone marked on the timeline",
            );
        for mark in &fhh.marks {
            let when = match (
                mark.milestone,
                fhh.since_first_signal(mark.milestone),
                mark.at,
            ) {
                (Milestone::FirstSignal, _, Some(t)) => t.format("%H:%M").to_string(),
                (_, Some(s), _) => format!("+{}", fmt_duration(s)),
                (_, None, _) => "time unknown".to_owned(),
            };
            let approx = if mark.approximate { "~" } else { "" };
            if ui
                .button(format!("{} {approx}{when}", mark.milestone.label()))
                .on_hover_text("Select the event that marks it")
                .clicked()
            {
                picked = Some(mark.event);
            }
        }
        let missing: Vec<&str> = Milestone::ALL
            .iter()
            .filter(|m| fhh.mark(**m).is_none())
            .map(|m| m.label())
            .collect();
        if !missing.is_empty() {
            ui.label(RichText::new(format!("not marked: {}", missing.join(", "))).weak());
        }
    });
    picked
}
