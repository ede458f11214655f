//! Patterns across reviews: codes and themes counted in reviews and in distinct
//! participants; a code's excerpts across reviews, attributed by review and
//! pseudonym only.

use super::Lib;
use super::charts::{bar_chart, short};
use crate::model::library::entry::ReviewEntry;
use crate::model::library::patterns::{self, Pattern};
use crate::ui::Outbox;
use egui::{RichText, Ui, Vec2};

pub(super) fn patterns_ui(ui: &mut Ui, lib: &mut Lib<'_>, out: &mut Outbox) {
    let d = &lib.run.derived;
    crate::ui::widgets::caption(
        ui,
        "Counted in reviews, and in distinct participants within each review: someone who mentions a code fifty times counts once, so one loud review does not look like a pattern. Raw mentions are shown for reference only.",
    );
    if let Some(code) = lib.run.selected_code.clone() {
        egui::Panel::right("library_excerpts")
            .default_size(380.0)
            .resizable(true)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.heading(format!("Excerpts: {code}"));
                    if ui.button("✖").on_hover_text("Close").clicked() {
                        lib.run.selected_code = None;
                    }
                });
                let entries: Vec<&ReviewEntry> = (0..d.selected.len())
                    .filter_map(|i| d.selected_review(&lib.run.library, i))
                    .collect();
                let list = patterns::excerpts(&entries, &crate::model::library::entry::key(&code));
                ui.label(
                    RichText::new(format!("{} excerpts, by review and pseudonym", list.len()))
                        .weak(),
                );
                egui::ScrollArea::vertical()
                    .id_salt("library_excerpt_list")
                    .auto_shrink([false, false])
                    .show_rows(ui, 40.0, list.len(), |ui, range| {
                        for x in list.get(range).unwrap_or_default() {
                            ui.allocate_ui(Vec2::new(ui.available_width(), 40.0), |ui| {
                                ui.vertical(|ui| {
                                    ui.label(
                                        RichText::new(format!(
                                            "{} · {}",
                                            short(x.title, 50),
                                            x.voice
                                        ))
                                        .small()
                                        .weak(),
                                    );
                                    ui.add(egui::Label::new(x.text).truncate());
                                });
                            });
                        }
                    });
            });
    }
    let mut charts = 0;
    egui::ScrollArea::vertical()
        .id_salt("library_patterns")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading("Codes");
            if let Some(code) = pattern_table(ui, "library_codes", &d.codes, true) {
                lib.run.selected_code = Some(code);
            }
            bar_chart(
                ui,
                "library_code_chart",
                &d.code_chart,
                "library-codes",
                out,
            );
            charts += 1;
            ui.add_space(12.0);
            ui.heading("Themes");
            pattern_table(ui, "library_themes", &d.themes, false);
            if !d.themes.is_empty() {
                bar_chart(
                    ui,
                    "library_theme_chart",
                    &d.theme_chart,
                    "library-themes",
                    out,
                );
                charts += 1;
            }
        });
    lib.run.charts_drawn = charts;
}

/// A table of patterns; returns the code clicked (to show its excerpts).
fn pattern_table(ui: &mut Ui, id: &str, list: &[Pattern], clickable: bool) -> Option<String> {
    if list.is_empty() {
        ui.label("None recorded in these reviews.");
        return None;
    }
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(240.0)
        .show(ui, |ui| {
            egui::Grid::new(id).striped(true).show(ui, |ui| {
                for h in ["Name", "Vocabulary", "Reviews", "Participants", "Mentions"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for p in list {
                    if clickable {
                        if ui
                            .link(&p.name)
                            .on_hover_text("Show its excerpts across reviews")
                            .clicked()
                        {
                            clicked = Some(p.name.clone());
                        }
                    } else {
                        ui.label(&p.name);
                    }
                    ui.label(patterns::vocabulary_label(p));
                    ui.label(p.reviews.to_string());
                    let participants = ui.label(p.participants.to_string());
                    if p.facilitator_only > 0 {
                        participants.on_hover_text(format!(
                            "In {} only facilitators' notes carry it.",
                            crate::model::library::count(p.facilitator_only, "review", "reviews")
                        ));
                    }
                    ui.label(RichText::new(p.mentions.to_string()).weak());
                    ui.end_row();
                }
            });
        });
    clicked
}
