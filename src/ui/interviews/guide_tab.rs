//! The Guides tab: built-in guides to read and duplicate, and the facilitator's own
//! guides to edit, import and export.

use super::InterviewsView;
use crate::io::TextPurpose;
use crate::model::guides::{self, builtin_guides, find_guide};
use crate::model::{Command, Edit, Guide, GuideQuestion, Interview, Session};
use crate::ui::widgets::{caption, heading, text_area_row, text_row};
use crate::ui::{Action, Outbox};
use egui::{RichText, Ui};

pub(super) fn guides_tab(ui: &mut Ui, session: &Session, v: &mut InterviewsView, out: &mut Outbox) {
    egui::Panel::left("guides_list")
        .resizable(true)
        .default_size((ui.available_width() * 0.3).clamp(180.0, 280.0))
        .min_size(180.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui.button("➕ New guide").clicked() {
                    let g = Guide {
                        name: "New guide".into(),
                        questions: vec![GuideQuestion {
                            text:
                                "Walk me through what happened, from when you first got involved."
                                    .into(),
                            ..GuideQuestion::default()
                        }],
                        ..Guide::default()
                    };
                    v.selected_guide = Some(g.id);
                    out.command(Command::Guide(Edit::put(g)));
                }
                if ui
                    .button("📂 Import guide file…")
                    .on_hover_text("Read a .guide.ron file a colleague shared")
                    .clicked()
                {
                    out.action(Action::PickText(TextPurpose::Guide));
                }
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("guides_list_scroll")
                .show(ui, |ui| {
                    ui.label(RichText::new("This session's guides").strong());
                    if session.guides.is_empty() {
                        caption(ui, "None yet: duplicate a built-in guide or create one.");
                    }
                    for g in &session.guides {
                        if ui
                            .selectable_label(v.selected_guide == Some(g.id), &g.name)
                            .clicked()
                        {
                            v.selected_guide = Some(g.id);
                        }
                    }
                    ui.add_space(6.0);
                    ui.label(RichText::new("Built-in guides").strong());
                    for g in builtin_guides() {
                        if ui
                            .selectable_label(v.selected_guide == Some(g.id), &g.name)
                            .on_hover_text(&g.when_to_use)
                            .clicked()
                        {
                            v.selected_guide = Some(g.id);
                        }
                    }
                });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some(g) = v
            .selected_guide
            .and_then(|id| find_guide(session, id))
            .or_else(|| builtin_guides().first())
        else {
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("guide_detail_scroll")
            .show(ui, |ui| {
                if guides::is_builtin(g.id) {
                    builtin_guide_view(ui, g, v, out);
                } else {
                    own_guide_editor(ui, session, g, v, out);
                }
            });
    });
}

pub(super) fn export_button(ui: &mut Ui, g: &Guide, out: &mut Outbox) {
    if ui
        .button("💾 Export guide file…")
        .on_hover_text("Save this guide as a file to share with colleagues")
        .clicked()
    {
        match guides::guide_to_ron(g) {
            Ok(text) => out.action(Action::ExportFile {
                file_name: guides::guide_file_name(g),
                extension: "ron",
                text,
            }),
            Err(e) => log::error!("{e}"),
        }
    }
}

pub(super) fn builtin_guide_view(ui: &mut Ui, g: &Guide, v: &mut InterviewsView, out: &mut Outbox) {
    heading(
        ui,
        &g.name,
        "Built-in guide (read-only). Duplicate it to adapt the questions.",
    );
    ui.horizontal_wrapped(|ui| {
        if ui.button("Duplicate into this session's guides").clicked() {
            let d = guides::duplicate(g);
            v.selected_guide = Some(d.id);
            out.command(Command::Guide(Edit::put(d)));
        }
        export_button(ui, g, out);
    });
    ui.add_space(6.0);
    ui.label(RichText::new("When to use").strong());
    ui.label(&g.when_to_use);
    ui.add_space(6.0);
    let mut section = "";
    for (n, q) in g.questions.iter().enumerate() {
        if q.section != section {
            section = &q.section;
            ui.add_space(4.0);
            ui.label(RichText::new(section).strong());
        }
        ui.label(format!("{}. {}", n + 1, q.text));
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Further reading").strong());
    for r in &g.references {
        ui.label(format!("• {r}"));
    }
}

pub(super) fn own_guide_editor(
    ui: &mut Ui,
    session: &Session,
    g: &Guide,
    v: &mut InterviewsView,
    out: &mut Outbox,
) {
    heading(
        ui,
        &g.name,
        "This session's own guide: edit, reorder and share it.",
    );
    ui.horizontal_wrapped(|ui| {
        export_button(ui, g, out);
        let users: Vec<&Interview> = session
            .interviews
            .iter()
            .filter(|i| i.guide == Some(g.id))
            .collect();
        if ui
            .button("🗑 Delete guide")
            .on_hover_text(if users.is_empty() {
                "Ctrl+Z brings it back".to_owned()
            } else {
                format!(
                    "{} interviews use it; they keep their asked questions but lose the guide link",
                    users.len()
                )
            })
            .clicked()
        {
            let mut commands: Vec<Command> = users
                .iter()
                .map(|i| {
                    Command::Interview(Edit::put(Interview {
                        guide: None,
                        ..(*i).clone()
                    }))
                })
                .collect();
            commands.push(Command::Guide(Edit::remove(g.id)));
            out.command(Command::Batch {
                label: "Delete guide".into(),
                commands,
            });
            v.selected_guide = None;
        }
    });
    let mut edited: Option<Guide> = None;
    crate::ui::widgets::form(ui, "guide_form", |ui| {
        if let Some(t) = text_row(ui, "Guide name", &g.name, "e.g. Deploys on Fridays") {
            edited = Some(Guide {
                name: t,
                ..g.clone()
            });
        }
        if let Some(t) = text_area_row(
            ui,
            "When to use",
            &g.when_to_use,
            "Which studies, which people, how long",
            2,
        ) {
            edited = Some(Guide {
                when_to_use: t,
                ..g.clone()
            });
        }
        if let Some(t) = text_area_row(
            ui,
            "References",
            &g.references.join("\n"),
            "One per line",
            2,
        ) {
            edited = Some(Guide {
                references: t.lines().map(str::to_owned).collect(),
                ..g.clone()
            });
        }
    });
    ui.add_space(8.0);
    ui.label(RichText::new(format!("Questions ({})", g.questions.len())).strong());
    let n = g.questions.len();
    for (idx, q) in g.questions.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{}.", idx + 1));
            if ui
                .add_enabled(idx > 0, egui::Button::new("⬆").small())
                .on_hover_text("Move up")
                .clicked()
            {
                let mut g2 = g.clone();
                g2.questions.swap(idx, idx - 1);
                out.command(Command::Guide(Edit::put(g2)));
            }
            if ui
                .add_enabled(idx + 1 < n, egui::Button::new("⬇").small())
                .on_hover_text("Move down")
                .clicked()
            {
                let mut g2 = g.clone();
                g2.questions.swap(idx, idx + 1);
                out.command(Command::Guide(Edit::put(g2)));
            }
            let mut section = q.section.clone();
            let r = ui.add(
                egui::TextEdit::singleline(&mut section)
                    .hint_text("section")
                    .desired_width(110.0),
            );
            let mut text = q.text.clone();
            let r2 = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .hint_text("The question, asking how rather than why")
                        .desired_width(ui.available_width() - 30.0),
                )
                .on_hover_text(&q.text);
            if r.changed() || r2.changed() {
                let mut g2 = edited.clone().unwrap_or_else(|| g.clone());
                if let Some(q2) = g2.questions.get_mut(idx) {
                    q2.section = section;
                    q2.text = text;
                }
                edited = Some(g2);
            }
            if ui
                .small_button("✖")
                .on_hover_text("Remove this question")
                .clicked()
            {
                let mut g2 = g.clone();
                g2.questions.remove(idx);
                out.command(Command::Guide(Edit::put(g2)));
            }
        });
    }
    if ui.button("➕ Add question").clicked() {
        let mut g2 = g.clone();
        g2.questions.push(GuideQuestion {
            section: g
                .questions
                .last()
                .map(|q| q.section.clone())
                .unwrap_or_default(),
            ..GuideQuestion::default()
        });
        out.command(Command::Guide(Edit::put(g2)));
    }
    if let Some(g2) = edited {
        out.typing(Command::Guide(Edit::put(g2)));
    }
}
