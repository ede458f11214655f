//! Calibration in the app: per interview, when the participant's account was sent to
//! them and when they checked it (After the interview), and the calibration document
//! for each participant (the Export workspace and the File menu).

use super::widgets::caption;
use super::{Action, Outbox};
use crate::model::calibration::{self, CheckStatus};
use crate::model::{Calibration, Command, Edit, Id, Interview, Session};
use chrono::NaiveDate;
use egui::{RichText, Ui};

/// The calibration part of "After the interview": the document to send, the dates it
/// was sent and checked, and what the participant said.
pub fn after_section(ui: &mut Ui, session: &Session, i: &Interview, out: &mut Outbox) {
    ui.add_space(8.0);
    ui.label(RichText::new("Checked with them (calibration)").strong());
    caption(
        ui,
        "Send them their own account to check and correct before the group meeting. The write-up says \"checked with them\" only once they have answered.",
    );
    let who = session.pseudonym(i.participant).to_owned();
    if ui
        .button(format!("📨 Calibration document for {who}…"))
        .on_hover_text(
            "Their own statements (off-the-record ones marked for their eyes only), their timeline, their decision points and your open questions, as Markdown. Nothing of anyone else.",
        )
        .clicked()
    {
        out.action(Action::ExportCalibration {
            participant: i.participant,
        });
    }
    let today = crate::model::now().date_naive();
    super::widgets::form(ui, "calibration_form", |ui| {
        if let Some(d) = date_row(
            ui,
            ("Sent to them on", "Sent today"),
            (i.id, "sent"),
            i.calibration_sent,
            today,
        ) {
            out.command(Command::Interview(Edit::put(Interview {
                calibration_sent: d,
                ..i.clone()
            })));
        }
        if let Some(d) = date_row(
            ui,
            ("Checked by them on", "Checked today"),
            (i.id, "checked"),
            i.calibration_checked,
            today,
        ) {
            out.command(Command::Interview(Edit::put(Interview {
                calibration_checked: d,
                ..i.clone()
            })));
        }
        ui.label("What they said");
        ui.horizontal_wrapped(|ui| {
            for (c, label) in [
                (Calibration::Pending, "No answer yet"),
                (Calibration::Approved, "Approved"),
                (Calibration::ChangesRequested, "Asked for changes"),
            ] {
                if ui.radio(i.calibration == c, label).clicked() && i.calibration != c {
                    // An answer is a check: record today unless a date is there.
                    let checked = match c {
                        Calibration::Pending => i.calibration_checked,
                        _ => i.calibration_checked.or(Some(today)),
                    };
                    out.command(Command::Interview(Edit::put(Interview {
                        calibration: c,
                        calibration_checked: checked,
                        ..i.clone()
                    })));
                }
            }
        });
        ui.end_row();
    });
    let phrase = calibration::method_phrase(i);
    let mut text = RichText::new(format!("In the write-up's method: {phrase}."));
    if calibration::status(i) == CheckStatus::NotSent {
        text = text.weak();
    }
    ui.label(text);
}

/// A date field (YYYY-MM-DD) with a button for today's date, as one form row
/// (`labels`: the field's and the button's). Returns the new value when it changes
/// (None clears it). What is being typed is kept until it reads as a date, so a
/// half-typed date never loses the stored one.
fn date_row(
    ui: &mut Ui,
    (label, today_label): (&str, &str),
    key: (Id, &'static str),
    value: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Option<NaiveDate>> {
    let l = ui.label(label);
    let id = egui::Id::unique(("calibration_date", key.0, key.1));
    let stored = value
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let mut buf: String = ui
        .data(|d| d.get_temp(id))
        .unwrap_or_else(|| stored.clone());
    let mut changed = None;
    ui.horizontal(|ui| {
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut buf)
                    .desired_width(96.0)
                    .hint_text("YYYY-MM-DD"),
            )
            .labelled_by(l.id);
        let parsed = NaiveDate::parse_from_str(buf.trim(), "%Y-%m-%d").ok();
        if r.changed() && (parsed.is_some() || buf.trim().is_empty()) && parsed != value {
            changed = Some(parsed);
        }
        if parsed.is_none() && !buf.trim().is_empty() {
            ui.label(
                RichText::new("Use YYYY-MM-DD")
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
        }
        // Words that do not read as a date stay in the field (with the hint above),
        // never silently dropped when the focus moves on.
        if r.has_focus() || (parsed.is_none() && !buf.trim().is_empty()) {
            ui.data_mut(|d| d.insert_temp(id, buf.clone()));
        } else {
            ui.data_mut(|d| d.remove::<String>(id));
        }
        if value != Some(today) && ui.small_button(today_label).clicked() {
            ui.data_mut(|d| d.remove::<String>(id));
            changed = Some(Some(today));
        }
        if value.is_some()
            && ui
                .small_button("✖")
                .on_hover_text("Clear the date")
                .clicked()
        {
            ui.data_mut(|d| d.remove::<String>(id));
            changed = Some(None);
        }
    });
    ui.end_row();
    changed
}

/// The Export workspace's part: a calibration document for each participant.
pub fn export_section(ui: &mut Ui, session: &Session, out: &mut Outbox) {
    ui.add_space(6.0);
    ui.label(RichText::new("Calibration documents").strong());
    caption(
        ui,
        "Each participant's own account, for them to check and correct: their statements (off-the-record ones marked for their eyes only), the timeline from their perspective, the decision points they are in, and your open questions. Nothing of anyone else.",
    );
    if session.participants.is_empty() {
        caption(ui, "No participants yet.");
        return;
    }
    for p in &session.participants {
        let interviews: Vec<&Interview> = session
            .interviews
            .iter()
            .filter(|i| i.participant == p.id)
            .collect();
        ui.horizontal_wrapped(|ui| {
            let label = if p.pseudonym.trim().is_empty() {
                "(no pseudonym)"
            } else {
                p.pseudonym.as_str()
            };
            if ui
                .button(format!("📨 {label}…"))
                .on_hover_text(format!("Calibration document for {label}"))
                .clicked()
            {
                out.action(Action::ExportCalibration { participant: p.id });
            }
            let state = match interviews.as_slice() {
                [] => "not interviewed yet".to_owned(),
                all => all
                    .iter()
                    .map(|i| calibration::method_phrase(i))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            caption(ui, &state);
        });
    }
}

/// File → "Calibration document for a participant…": one entry per participant.
pub fn menu_entries(ui: &mut Ui, session: &Session, out: &mut Outbox) {
    ui.add_enabled_ui(!session.participants.is_empty(), |ui| {
        ui.menu_button("Calibration document for a participant…", |ui| {
            for p in &session.participants {
                let label = if p.pseudonym.trim().is_empty() {
                    "(no pseudonym)"
                } else {
                    p.pseudonym.as_str()
                };
                if ui.button(label).clicked() {
                    out.action(Action::ExportCalibration { participant: p.id });
                }
            }
        });
    });
}
