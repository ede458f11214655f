//! Coaching the facilitator on screen: a gentle note about the last question asked
//! (live capture: shown after a commit, beside the statements, never a dialog and
//! never taking the keyboard), and the after-interview card with its Markdown note.

use super::widgets::caption;
use super::{Action, Outbox};
use crate::model::coach::card::{self, Card};
use crate::model::coach::{QuestionCheck, is_question};
use crate::model::probes::aspect_label;
use crate::model::validate::fmt_secs;
use crate::model::{Command, Edit, Id, Interview, Session, Speaker};
use egui::{Color32, RichText, Ui};
use std::hash::{Hash, Hasher};

/// The label of the note about the last question, for tests and screen readers.
pub const HINT_LABEL: &str = "About your last question";

/// A soft colour for coaching: noticeable, not alarming.
fn coach_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(120, 170, 220)
    } else {
        Color32::from_rgb(40, 90, 150)
    }
}

/// In capture: what the question check found in the facilitator's last question, with
/// what to try instead and a way to dismiss it. Nothing when the last question is
/// open, or dismissed. `focus_capture` is set after a click so typing carries on in
/// the capture field.
pub fn capture_hint(ui: &mut Ui, i: &Interview, out: &mut Outbox, focus_capture: &mut bool) {
    let Some(last) = i
        .statements
        .iter()
        .rev()
        .find(|s| s.speaker == Speaker::Facilitator)
    else {
        return;
    };
    if i.coach_dismissed.contains(&last.id) || !is_question(&last.text) {
        return;
    }
    let check = QuestionCheck::builtin();
    let findings = check.check(&last.text);
    let Some(first) = findings.first() else {
        return;
    };
    let color = coach_color(ui);
    egui::Frame::NONE
        .stroke(egui::Stroke::new(1.0, color.gamma_multiply(0.6)))
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("💬 {HINT_LABEL}")).color(color));
                let kinds: Vec<&str> = findings.iter().map(|f| f.kind.as_str()).collect();
                ui.label(RichText::new(kinds.join(", ")).small().color(color))
                    .on_hover_text(
                        findings
                            .iter()
                            .map(|f| format!("{}: {}", f.kind, check.explanation(&f.kind)))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
            });
            ui.label(RichText::new(&first.advice).small());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Try:").small().strong());
                ui.label(RichText::new(&first.try_instead).small());
            });
            ui.horizontal_wrapped(|ui| {
                if ui
                    .small_button("Dismiss")
                    .on_hover_text("Hide this note for that question (kept in the file)")
                    .clicked()
                {
                    out.command(dismiss(i, last.id));
                    *focus_capture = true;
                }
                caption(
                    ui,
                    "For your own learning. Keep typing: this never takes the keyboard.",
                );
            });
        });
    ui.add_space(4.0);
}

/// The command that dismisses the findings of a question.
pub fn dismiss(i: &Interview, statement: Id) -> Command {
    let mut updated = i.clone();
    if !updated.coach_dismissed.contains(&statement) {
        updated.coach_dismissed.push(statement);
    }
    Command::Interview(Edit::put(updated))
}

/// A hash of what the card is made of, so it is rebuilt only when that changes.
fn card_key(session: &Session, i: &Interview) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    i.id.hash(&mut h);
    for s in &i.statements {
        (
            s.id,
            &s.text,
            s.speaker == Speaker::Facilitator,
            s.kind as u8,
            s.at_secs,
        )
            .hash(&mut h);
    }
    for a in &i.asked {
        (a.id, &a.text, a.question, a.status as u8).hash(&mut h);
    }
    (&i.coach_dismissed, i.guide, &i.title, i.duration_secs).hash(&mut h);
    for d in &session.decision_points {
        (d.id, &d.title, &d.who, &d.statements, d.aspects.len()).hash(&mut h);
        for a in &d.aspects {
            (a.text.is_empty(), a.evidence.len()).hash(&mut h);
        }
    }
    h.finish()
}

fn cached_card(ui: &Ui, session: &Session, i: &Interview) -> Card {
    let key = card_key(session, i);
    let id = egui::Id::unique(("coach_card", i.id));
    if let Some((k, card)) = ui.data(|d| d.get_temp::<(u64, Card)>(id))
        && k == key
    {
        return card;
    }
    let card = Card::build(session, i, &QuestionCheck::builtin());
    ui.data_mut(|d| d.insert_temp(id, (key, card.clone())));
    card
}

/// The after-interview card in a panel on the right of "After the interview", with
/// its own scrolling.
pub fn card_panel(ui: &mut Ui, session: &Session, i: &Interview, out: &mut Outbox) {
    egui::Panel::right("coach_card_panel")
        .resizable(true)
        .default_size((ui.available_width() * 0.45).clamp(260.0, 520.0))
        .min_size(220.0)
        .max_size((ui.available_width() * 0.6).max(260.0))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("coach_card_scroll")
                .show(ui, |ui| card_ui(ui, session, i, out));
        });
}

/// The after-interview card: talk balance, questions of each kind, flagged questions
/// with what to try instead, probes, unexplored aspects, guide questions not asked,
/// and the note to export.
pub fn card_ui(ui: &mut Ui, session: &Session, i: &Interview, out: &mut Outbox) {
    let card = cached_card(ui, session, i);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("How your questions went").strong());
        caption(ui, "For your own learning: never part of the write-up.");
    });
    for line in card.summary_lines() {
        ui.label(line);
    }
    let check = QuestionCheck::builtin();
    if !card.flagged.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Questions to ask differently next time").strong());
        for q in &card.flagged {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(fmt_secs(q.at_secs)).monospace().weak());
                ui.label(RichText::new(q.kinds.join(", ")).color(coach_color(ui)))
                    .on_hover_text(
                        q.kinds
                            .iter()
                            .map(|k| check.explanation(k))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
                ui.label(format!("“{}”", q.text.trim()));
                if ui
                    .small_button("Dismiss")
                    .on_hover_text("This question was fine as asked: leave it out of the card")
                    .clicked()
                {
                    out.command(dismiss(i, q.statement));
                }
            });
            ui.horizontal_wrapped(|ui| {
                ui.add_space(40.0);
                ui.label(RichText::new(format!("Try: {}", q.try_instead)).small());
            });
        }
    }
    if card.dismissed > 0
        && ui
            .small_button(format!("Show the {} dismissed again", card.dismissed))
            .clicked()
    {
        out.command(Command::Interview(Edit::put(Interview {
            coach_dismissed: Vec::new(),
            ..i.clone()
        })));
    }
    let open: Vec<_> = card
        .unexplored
        .iter()
        .filter(|(_, a)| !a.is_empty())
        .collect();
    if !open.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Still unexplored at their decision points").strong());
        for (title, aspects) in open {
            let names: Vec<&str> = aspects.iter().map(|a| aspect_label(*a)).collect();
            ui.label(format!("  • {title}: {}", names.join(", ")));
        }
    }
    if !card.guide_not_asked.is_empty() {
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "Not asked from \"{}\"",
                card.guide.as_deref().unwrap_or("the guide")
            ))
            .strong(),
        );
        for (q, skipped) in &card.guide_not_asked {
            ui.label(format!(
                "  • {q}{}",
                if *skipped { " (skipped)" } else { "" }
            ));
        }
    }
    ui.add_space(6.0);
    if ui
        .button("⬇ Export the card as a note…")
        .on_hover_text(
            "A short Markdown note for your own learning, without off-the-record words or real names",
        )
        .clicked()
        && let Some((file_name, text)) = card::note(session, i.id, &QuestionCheck::builtin())
    {
        out.action(Action::ExportFile {
            file_name,
            extension: "md",
            text,
        });
    }
}
