//! Workspaces whose editing tools are still to come show what the session holds.

use super::widgets::{empty_state, heading};
use super::{ViewState, Workspace};
use crate::model::validate::fmt_secs;
use crate::model::{Session, Speaker};
use egui::{RichText, Ui};

/// A read-only view of a workspace's data while its editor is being built.
pub fn placeholder_ui(ui: &mut Ui, session: &Session, view: &mut ViewState) {
    let w = view.workspace;
    heading(ui, w.label(), w.hint());
    match w {
        Workspace::Interviews => interviews_readonly(ui, session, view),
        _ => empty_state(
            ui,
            "Not yet in this version",
            "This workspace's tools are coming; what you add elsewhere is kept in the file.",
        ),
    }
}

fn interviews_readonly(ui: &mut Ui, session: &Session, view: &mut ViewState) {
    if session.interviews.is_empty() {
        empty_state(ui, "No interviews yet", "Interviews will be captured here.");
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for i in &session.interviews {
            let selected = view.selected_interview == Some(i.id);
            if ui
                .selectable_label(
                    selected,
                    format!("{} · {}", i.title, session.pseudonym(i.participant)),
                )
                .clicked()
            {
                view.selected_interview = Some(i.id);
            }
        }
    });
    ui.separator();
    let Some(i) = view
        .selected_interview
        .and_then(|id| session.interview(id))
        .or_else(|| session.interviews.first())
    else {
        return;
    };
    egui::ScrollArea::vertical().show_rows(ui, 22.0, i.statements.len(), |ui, rows| {
        for s in &i.statements[rows] {
            ui.horizontal(|ui| {
                ui.label(RichText::new(fmt_secs(s.at_secs)).monospace().weak());
                let who = match s.speaker {
                    Speaker::Interviewee => session.pseudonym(i.participant),
                    Speaker::Facilitator => "Facilitator",
                };
                ui.label(RichText::new(format!("{who} · {}", s.kind.label())).small());
                let mut t = RichText::new(&s.text);
                if s.off_record {
                    t = t.italics().weak();
                }
                ui.label(t);
            });
        }
    });
}
