//! Follow-ups across reviews (the TSA-or-NASA picture) and the first half hour
//! across incidents.

use super::Lib;
use super::charts::{bar_chart, point_chart, short};
use crate::model::FollowUpClass;
use crate::model::first_half_hour::fmt_duration;
use crate::model::library::count;
use crate::model::library::follow_ups::Counts;
use crate::ui::Outbox;
use egui::{RichText, Ui};

pub(super) fn follow_ups_ui(ui: &mut Ui, lib: &mut Lib<'_>, out: &mut Outbox) {
    let d = &lib.run.derived;
    let mut charts = 0;
    egui::ScrollArea::vertical()
        .id_salt("library_follow_ups")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(RichText::new(d.split.reading()).strong());
            crate::ui::widgets::caption(
                ui,
                "Response/recovery follow-ups help every future incident (judged by time to recover); prevention follow-ups stop one trigger (judged by time between failures). Ideas wait in the parking lot until their soak date.",
            );
            egui::Grid::new("library_split").striped(true).show(ui, |ui| {
                for h in ["", "Done", "Open, soak date reached", "Open, soaking", "Open, no soak date", "All"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                let row = |ui: &mut Ui, label: &str, c: Counts| {
                    ui.label(label);
                    for n in [c.done, c.due, c.soaking, c.undated, c.total()] {
                        ui.label(n.to_string());
                    }
                    ui.end_row();
                };
                row(ui, "Response/recovery", d.split.response);
                row(ui, "Prevention", d.split.prevention);
            });
            ui.add_space(8.0);
            bar_chart(ui, "library_follow_up_chart", &d.follow_up_chart, "library-follow-ups", out);
            charts += 1;
            ui.add_space(8.0);
            ui.heading(format!("Soak time over ({})", d.due.len()));
            if d.due.is_empty() {
                ui.label("No open follow-up has reached its soak date.");
            }
            for (i, f) in d.due.iter().take(200) {
                let title = d
                    .selected_review(&lib.run.library, *i)
                    .map(|e| e.title.as_str())
                    .unwrap_or_default();
                let class = match f.class {
                    FollowUpClass::ResponseRecovery => "response/recovery",
                    FollowUpClass::Prevention => "prevention",
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(f.soak_until.map(|d| d.to_string()).unwrap_or_default());
                    ui.label(&f.text);
                    ui.label(RichText::new(format!("{class} · {}", short(title, 40))).weak());
                });
            }
            if d.due.len() > 200 {
                ui.label(format!("… and {} more", d.due.len() - 200));
            }
        });
    lib.run.charts_drawn = charts;
}

/// Said instead of the chart when no review has a milestone timed from its first signal.
const NOTHING_MEASURED: &str = "Nothing to plot yet: no review here has a first signal and a later response milestone marked with times.";

pub(super) fn first_half_hour_ui(ui: &mut Ui, lib: &mut Lib<'_>, out: &mut Outbox) {
    let d = &lib.run.derived;
    egui::ScrollArea::vertical()
        .id_salt("library_first_half_hour")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            crate::ui::widgets::caption(
                ui,
                &format!(
                    "Time from the first signal to each response milestone, over {} (incident reviews, and others that mark milestones). Much of an incident's damage is done in its first half hour.",
                    count(d.in_picture, "review", "reviews")
                ),
            );
            egui::Grid::new("library_fhh").striped(true).show(ui, |ui| {
                for h in ["Milestone", "Reviews", "Median", "Middle half", "Range", "Lacking it"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                let secs = |v: Option<f64>| v.map(|s| fmt_duration(s.round() as i64)).unwrap_or_default();
                for s in &d.stats {
                    ui.label(s.milestone.map(|m| m.label()).unwrap_or_default());
                    ui.label(s.n.to_string());
                    ui.label(secs(s.median));
                    ui.label(match (s.p25, s.p75) {
                        (Some(_), Some(_)) => format!("{} – {}", secs(s.p25), secs(s.p75)),
                        _ => String::new(),
                    });
                    ui.label(match (s.min, s.max) {
                        (Some(a), Some(b)) => format!("{} – {}", fmt_duration(a), fmt_duration(b)),
                        _ => String::new(),
                    });
                    let lacking = ui.label(s.lacking.len().to_string());
                    if !s.lacking.is_empty() {
                        let names: Vec<String> = s
                            .lacking
                            .iter()
                            .take(30)
                            .filter_map(|&i| d.selected_review(&lib.run.library, i))
                            .map(|e| format!("{} · {}", e.date, e.title))
                            .collect();
                        let more = s.lacking.len().saturating_sub(30);
                        lacking.on_hover_text(format!(
                            "Reviews without it (or without a timed first signal):\n{}{}",
                            names.join("\n"),
                            if more > 0 { format!("\n… and {more} more") } else { String::new() }
                        ));
                    }
                    ui.end_row();
                }
            });
            if !d.without_first_signal.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "{} no first signal marked with a time, so nothing in {} is measured.",
                        count(d.without_first_signal.len(), "review has", "reviews have"),
                        if d.without_first_signal.len() == 1 { "it" } else { "them" }
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }
            ui.add_space(8.0);
            if d.response_chart.is_empty() {
                // An empty plot has made-up axes (year 0, −0.5 to 0.4 minutes).
                ui.label(RichText::new(&d.response_chart.title).strong());
                ui.label(NOTHING_MEASURED);
            } else {
                point_chart(ui, "library_fhh_chart", &d.response_chart, "library-first-half-hour", out);
            }
        });
    lib.run.charts_drawn = 1;
}
