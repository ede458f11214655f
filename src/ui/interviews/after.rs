//! The After tab: summary, follow-ups, calibration and the card of how the questions went.

use super::InterviewsScratch;
use super::statements::remove_statement_command;
use crate::model::{Command, Edit, Interview, Session};
use crate::ui::Outbox;
use crate::ui::widgets::{heading, text_area_row, text_row};
use egui::Ui;

pub(super) fn after_tab(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
) {
    crate::ui::coach::card_panel(ui, session, i, out);
    egui::ScrollArea::vertical()
        .id_salt("after_interview_scroll")
        .show(ui, |ui| {
            heading(
                ui,
                "After the interview",
                "Write the summary while it is fresh, note what to follow up with them, and track whether they have checked their quotes.",
            );
            let mut edited: Option<Interview> = None;
            crate::ui::widgets::form(ui, "after_form", |ui| {
                if let Some(t) = text_area_row(
                    ui,
                    "Summary",
                    &i.summary,
                    "What you learned, in a few sentences: how it made sense to them",
                    5,
                ) {
                    edited = Some(Interview { summary: t, ..i.clone() });
                }
                if let Some(t) = text_area_row(
                    ui,
                    "Follow-ups with them",
                    &i.participant_follow_ups,
                    "Questions to ask next time, documents they offered, quotes to check",
                    3,
                ) {
                    edited = Some(Interview {
                        participant_follow_ups: t,
                        ..i.clone()
                    });
                }
                if let Some(t) = text_row(ui, "Facilitator", &i.facilitator, "Who ran the interview") {
                    edited = Some(Interview { facilitator: t, ..i.clone() });
                }
            });
            if let Some(e) = edited {
                out.typing(Command::Interview(Edit::put(e)));
            }
            crate::ui::calibration::after_section(ui, session, i, out);
            ui.add_space(12.0);
            if ui
                .button("🗑 Delete this interview")
                .on_hover_text("Removes the interview and every reference to its statements (Ctrl+Z brings it back)")
                .clicked()
            {
                let mut commands: Vec<Command> = Vec::new();
                // Strip references statement by statement, against a running copy.
                let mut s = session.clone();
                for st in &i.statements {
                    let c = remove_statement_command(&s, i.id, st.id);
                    if let Command::Batch { commands: cs, .. } = &c {
                        for c in cs {
                            if !matches!(c, Command::Statement { .. }) {
                                commands.push(c.clone());
                            }
                        }
                    }
                    let _ = c.apply(&mut s);
                }
                commands.push(Command::Interview(Edit::remove(i.id)));
                out.command(Command::Batch {
                    label: "Delete interview".into(),
                    commands,
                });
                sc.selected.clear();
                sc.editing = None;
            }
        });
}
