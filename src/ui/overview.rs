//! Overview: what we are looking at and why.

use super::Outbox;
use super::widgets::{form, heading, text_area_row, text_row};
use crate::model::{Command, Overview, Session, SessionKind};
use egui::{RichText, Ui};

/// The Overview workspace: title, kind of study, purpose and facilitators.
pub fn overview_ui(ui: &mut Ui, session: &Session, out: &mut Outbox) {
    heading(
        ui,
        "Overview",
        "What are we looking at, and why? This frames every interview and the write-up.",
    );
    let current = Overview::of(session);
    let mut changed: Option<Overview> = None;
    form(ui, "overview_form", |ui| {
        if let Some(t) = text_row(
            ui,
            "Title",
            &current.title,
            "e.g. Payment retry storm near miss, 6 April",
        ) {
            changed = Some(Overview {
                title: t,
                ..current.clone()
            });
        }
        ui.label("Kind of study");
        ui.vertical(|ui| {
            ui.horizontal_wrapped(|ui| {
                for kind in SessionKind::ALL {
                    if ui
                        .selectable_label(current.kind == kind, kind.label())
                        .clicked()
                        && current.kind != kind
                    {
                        out.command(Command::SetOverview(Overview {
                            kind,
                            ..current.clone()
                        }));
                    }
                }
            });
            ui.label(RichText::new(current.kind.hint()).weak().italics());
        });
        ui.end_row();
        if let Some(p) = text_area_row(
            ui,
            "Why we are looking at this",
            &current.purpose,
            "Scope and purpose. Why this event or this work? Who asked, and what will the review not do (blame, corrective actions)?",
            6,
        ) {
            changed = Some(Overview {
                purpose: p,
                ..current.clone()
            });
        }
        let names = ui.label("Facilitators");
        ui.vertical(|ui| {
            let mut remove = None;
            for (i, f) in current.facilitators.iter().enumerate() {
                ui.horizontal(|ui| {
                    let mut buf = f.clone();
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut buf)
                                .id(facilitator_field(i))
                                .hint_text("Name")
                                .desired_width(240.0),
                        )
                        .labelled_by(names.id);
                    if r.changed() {
                        let mut o = current.clone();
                        o.facilitators[i] = buf;
                        changed = Some(o);
                    }
                    if ui
                        .small_button("✖")
                        .on_hover_text("Remove this facilitator")
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
            }
            if let Some(i) = remove {
                let mut o = current.clone();
                o.facilitators.remove(i);
                out.command(Command::SetOverview(o));
            }
            if ui.button("➕ Add facilitator").clicked() {
                let mut o = current.clone();
                o.facilitators.push(String::new());
                // The new field takes the focus: the name typed next goes into it.
                super::focus::focus_new_field(
                    ui.ctx(),
                    facilitator_field(o.facilitators.len() - 1),
                );
                out.command(Command::SetOverview(o));
            }
        });
        ui.end_row();
    });
    if let Some(o) = changed {
        out.typing(Command::SetOverview(o));
    }
    ui.add_space(12.0);
    ui.separator();
    ui.label(RichText::new("In this session").strong());
    ui.label(crate::model::summary(session));
    ui.label(
        RichText::new(format!(
            "Created {} · last changed {}",
            session.created.format("%e %b %Y"),
            session.updated.format("%e %b %Y %H:%M UTC")
        ))
        .weak(),
    );
}

/// The id of the n-th facilitator's name field (stable, so a new one can take focus).
fn facilitator_field(n: usize) -> egui::Id {
    egui::Id::unique(("overview_facilitator", n))
}
