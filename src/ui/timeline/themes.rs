//! The Themes tab: themes with their evidence and a count per participant.

use crate::model::codebook::{self, Voice};
use crate::model::{Command, Edit, Id, Session, TagApplication, Theme};
use crate::ui::pickers::speaker_label;
use crate::ui::widgets::{caption, empty_state, short};
use crate::ui::{FrameCtx, Outbox, ViewState};
use egui::{RichText, Ui};

/// Themes: group tagged excerpts; each excerpt with its pseudonym and a count per
/// participant so one loud voice does not look like a pattern.
pub fn themes_ui(
    ui: &mut Ui,
    s: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    egui::Panel::left("themes_list")
        .resizable(true)
        .default_size(260.0)
        .min_size(180.0)
        .show(ui, |ui| {
            if ui.button("➕ New theme").clicked() {
                let th = Theme {
                    id: Id::new(),
                    name: format!("Theme {}", s.themes.len() + 1),
                    ..Theme::default()
                };
                view.timeline.selected_theme = Some(th.id);
                cx.scratch.focus_request = Some("theme_name");
                out.command(Command::Theme(Edit::put(th)));
            }
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for th in &s.themes {
                    let voices = codebook::theme_voices(s, th);
                    let label = format!(
                        "{} · {} excerpts, {} voices",
                        th.name,
                        th.excerpts.len(),
                        voices
                    );
                    if ui
                        .selectable_label(view.timeline.selected_theme == Some(th.id), label)
                        .clicked()
                    {
                        view.timeline.selected_theme = Some(th.id);
                    }
                }
            });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some(th) = view.timeline.selected_theme.and_then(|id| s.themes.iter().find(|t| t.id == id)) else {
            empty_state(
                ui,
                if s.themes.is_empty() { "No themes yet" } else { "Pick a theme" },
                "A theme groups tagged excerpts that say something together. Tag statements first, then gather the excerpts here.",
            );
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            let l = ui.label("Theme name");
            let mut name = th.name.clone();
            let r = ui
                .add(egui::TextEdit::singleline(&mut name).desired_width(f32::INFINITY))
                .labelled_by(l.id);
            if cx.scratch.focus_request == Some("theme_name") {
                r.request_focus();
                cx.scratch.focus_request = None;
            }
            if r.changed() {
                let mut n = th.clone();
                n.name = name;
                out.typing(Command::Theme(Edit::put(n)));
            }
            let l = ui.label("What it is about");
            let mut desc = th.description.clone();
            if ui
                .add(egui::TextEdit::multiline(&mut desc).desired_rows(2).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
            {
                let mut n = th.clone();
                n.description = desc;
                out.typing(Command::Theme(Edit::put(n)));
            }

            // Voices: who the excerpts come from.
            ui.add_space(6.0);
            let counts = codebook::theme_counts(s, th);
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Voices:").strong());
                if counts.is_empty() {
                    ui.label(RichText::new("none yet").weak());
                }
                for (v, n) in &counts {
                    ui.label(format!("{} ×{n}", codebook::voice_label(s, *v)));
                }
            });
            let total: usize = counts.iter().map(|(_, n)| n).sum();
            let participants = counts.iter().filter(|(v, _)| matches!(v, Voice::Participant(_))).count();
            if let Some((v, n)) = counts.first()
                && total >= 3
                && (*n * 2 > total || participants < 2)
            {
                ui.label(
                    RichText::new(format!(
                        "{n} of {total} excerpts come from {}: is this a pattern, or one voice?",
                        codebook::voice_label(s, *v)
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }

            ui.add_space(6.0);
            ui.label(RichText::new(format!("Excerpts ({})", th.excerpts.len())).strong());
            for id in &th.excerpts {
                let Some(t) = s.tags.iter().find(|t| t.id == *id) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    if ui.small_button("✖").on_hover_text("Take out of this theme (the tag stays)").clicked() {
                        let mut n = th.clone();
                        n.excerpts.retain(|x| x != id);
                        out.command(Command::Theme(Edit::put(n)));
                    }
                    ui.label(RichText::new(codebook::voice_label(s, codebook::voice(s, t))).strong());
                    ui.label(RichText::new(codebook::name(s, t.code)).small().weak());
                    ui.add(egui::Label::new(format!("“{}”", codebook::excerpt_text(s, t))).wrap());
                });
            }

            ui.add_space(8.0);
            ui.separator();
            ui.label(RichText::new("Add tagged excerpts").strong());
            let l = ui.label("Filter excerpts");
            ui.add(
                egui::TextEdit::singleline(&mut cx.scratch.timeline.excerpt_filter)
                    .hint_text("a code, a pseudonym or words"),
            )
            .labelled_by(l.id);
            let f = cx.scratch.timeline.excerpt_filter.to_lowercase();
            let candidates: Vec<&TagApplication> = s
                .tags
                .iter()
                .filter(|t| !th.excerpts.contains(&t.id))
                .filter(|t| {
                    f.is_empty()
                        || codebook::path(s, t.code).to_lowercase().contains(&f)
                        || codebook::excerpt_text(s, t).to_lowercase().contains(&f)
                        || speaker_label(s, t.statement).to_lowercase().contains(&f)
                })
                .collect();
            if s.tags.is_empty() {
                caption(ui, "Nothing is tagged yet: tag statements in the Tagging tab.");
            }
            egui::ScrollArea::vertical().id_salt("theme_candidates").max_height(300.0).show_rows(
                ui,
                22.0,
                candidates.len(),
                |ui, range| {
                    for t in &candidates[range] {
                        ui.horizontal(|ui| {
                            let add = ui.small_button("➕").on_hover_text("Add to this theme");
                            ui.label(RichText::new(speaker_label(s, t.statement)).small().strong());
                            ui.label(RichText::new(codebook::name(s, t.code)).small().weak());
                            let text = codebook::excerpt_text(s, t);
                            let add2 = ui.add(
                                egui::Button::new(format!("Add “{}”", short(text, 70)))
                                    .frame(false)
                                    .truncate(),
                            );
                            if add.clicked() || add2.clicked() {
                                let mut n = th.clone();
                                n.excerpts.push(t.id);
                                out.command(Command::Theme(Edit::put(n)));
                            }
                        });
                    }
                },
            );
            ui.add_space(10.0);
            if ui.button("🗑 Delete theme").on_hover_text("The tags stay; only the grouping goes").clicked() {
                out.command(Command::Theme(Edit::remove(th.id)));
                view.timeline.selected_theme = None;
            }
        });
    });
}
