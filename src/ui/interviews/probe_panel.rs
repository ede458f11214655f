//! Beside capture: the guide's questions to tick and the follow-up probes to ask.

use super::InterviewsScratch;
use super::capture::statement_commands;
use crate::model::guides::find_guide;
use crate::model::probes::{self, probes_for};
use crate::model::{
    AskedQuestion, AskedStatus, Command, Edit, Id, Interview, Session, Speaker, StatementKind,
};
use crate::ui::Outbox;
use crate::ui::widgets::caption;
use egui::{RichText, Ui};

/// An asked (or skipped) question for the interview at the current time.
pub(super) fn asked(
    i: &Interview,
    sc: &InterviewsScratch,
    now: f64,
    question: Option<Id>,
    text: &str,
    status: AskedStatus,
) -> Command {
    Command::Asked {
        interview: i.id,
        edit: Edit::put(AskedQuestion {
            id: Id::new(),
            question,
            text: text.to_owned(),
            at_secs: sc.elapsed(i, now),
            status,
        }),
    }
}

pub(super) fn probes_panel(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
    now: f64,
) {
    let last = i
        .statements
        .iter()
        .rev()
        .find(|s| s.speaker == Speaker::Interviewee);
    let kind = last.map(|s| s.kind).unwrap_or(StatementKind::Note);
    ui.label(RichText::new("Suggested follow-up probes").strong());
    caption(
        ui,
        &match last {
            Some(_) => format!(
                "Last statement: {} — ask about {}. Click to record it as asked.",
                kind.label(),
                probes::probe_focus(kind)
            ),
            None => "Let them tell the story first. Click a probe to record it as asked.".into(),
        },
    );
    // What they said calls for its own probes too (a garden path, expertise).
    let content =
        last.map(|s| crate::model::coach::content::ContentProbes::builtin().probes_after(s));
    for p in content.iter().flatten() {
        probe_button(ui, session, i, sc, out, now, p);
    }
    for p in probes_for(kind) {
        probe_button(ui, session, i, sc, out, now, p);
    }
    // Aspects still open at this participant's decision points, from earlier work.
    let open: Vec<String> = session
        .decision_points
        .iter()
        .filter(|d| {
            d.who.contains(&i.participant)
                || d.statements
                    .iter()
                    .any(|s| i.statements.iter().any(|x| x.id == *s))
        })
        .flat_map(|d| probes::coverage_probes(d).into_iter().take(3))
        .take(6)
        .collect();
    if !open.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Still open at their decision points").strong());
        for p in &open {
            probe_button(ui, session, i, sc, out, now, p);
        }
    }
}

pub(super) fn probe_button(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
    now: f64,
    probe: &str,
) {
    let done = i.asked.iter().any(|a| a.text == probe);
    let text = if done {
        RichText::new(format!("✔ {probe}")).weak()
    } else {
        RichText::new(probe)
    };
    let r = ui
        .add(egui::Button::new(text).wrap())
        .on_hover_text(if done {
            "Already asked in this interview; click to record it again"
        } else {
            "Record this probe as asked now"
        });
    if r.clicked() {
        // Asked, and in the transcript as the facilitator's question at this moment.
        // (The header update, if any, comes first; it never touches the statement lists.)
        let asked_now = asked(i, sc, now, None, probe, AskedStatus::Asked);
        let mut commands = statement_commands(
            session,
            i,
            sc,
            out,
            now,
            probe.to_owned(),
            Speaker::Facilitator,
            StatementKind::Note,
        );
        // The click says which probe was asked: no guessing from its words as well.
        commands.retain(|c| !matches!(c, Command::Asked { .. }));
        commands.push(asked_now);
        out.command(Command::Batch {
            label: "Ask probe".into(),
            commands,
        });
    }
}

pub(super) fn guide_panel(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
    now: f64,
) {
    let Some(g) = i.guide.and_then(|id| find_guide(session, id)) else {
        ui.label(RichText::new("Guide").strong());
        caption(ui, "No guide chosen for this interview. Pick one above.");
        return;
    };
    let done = g
        .questions
        .iter()
        .filter(|q| i.asked.iter().any(|a| a.question == Some(q.id)))
        .count();
    ui.label(RichText::new(format!("Guide: {}", g.name)).strong())
        .on_hover_text(&g.when_to_use);
    caption(
        ui,
        &format!(
            "{done} of {} questions asked or skipped. Tick when asked.",
            g.questions.len()
        ),
    );
    let mut section = "";
    for q in &g.questions {
        if q.section != section {
            section = &q.section;
            if !section.is_empty() {
                ui.label(RichText::new(section).small().strong());
            }
        }
        let record = i.asked.iter().find(|a| a.question == Some(q.id));
        ui.horizontal(|ui| {
            let mut checked = record.is_some_and(|a| a.status == AskedStatus::Asked);
            let mut text = RichText::new(&q.text);
            if record.is_some_and(|a| a.status == AskedStatus::Skipped) {
                text = text.strikethrough().weak();
            }
            ui.vertical(|ui| {
                // Room for the "skip" button beside it.
                ui.set_max_width(ui.available_width() - 56.0);
                if ui.checkbox(&mut checked, text).changed() {
                    match record {
                        // A skipped question that gets asked after all.
                        Some(a) if a.status == AskedStatus::Skipped => {
                            out.command(Command::Asked {
                                interview: i.id,
                                edit: Edit::put(AskedQuestion {
                                    status: AskedStatus::Asked,
                                    at_secs: sc.elapsed(i, now),
                                    ..a.clone()
                                }),
                            })
                        }
                        Some(a) => out.command(Command::Asked {
                            interview: i.id,
                            edit: Edit::remove(a.id),
                        }),
                        None => {
                            out.command(asked(i, sc, now, Some(q.id), &q.text, AskedStatus::Asked))
                        }
                    }
                }
            });
            if record.is_none()
                && ui
                    .small_button("skip")
                    .on_hover_text("Mark as deliberately skipped")
                    .clicked()
            {
                out.command(asked(i, sc, now, Some(q.id), &q.text, AskedStatus::Skipped));
            }
        });
    }
}
