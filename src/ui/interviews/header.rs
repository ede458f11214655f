//! The interview header: participant, guide, start and pause, the timer and the talk-balance bar.

use super::{
    InterviewTab, InterviewsScratch, InterviewsView, OFF_RECORD_COLOR, capture_parts, guide_combo,
};
use crate::model::InterviewHeader;
use crate::model::probes::talk_balance;
use crate::model::validate::fmt_secs;
use crate::model::{Command, Edit, Interview, Session};
use crate::ui::Outbox;
use crate::ui::interviews::capture_parts::short_window;
use egui::{Color32, RichText, Ui};

pub(super) fn interview_header(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
    now: f64,
) {
    let participant = session.participant(i.participant);
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Title");
        let mut title = i.title.clone();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut title)
                    .desired_width((ui.available_width() - 40.0).clamp(80.0, 260.0)),
            )
            .labelled_by(l.id);
        if r.changed() {
            out.typing(Command::Interview(Edit::put(Interview {
                title,
                ..i.clone()
            })));
        }
        ui.label(RichText::new(session.pseudonym(i.participant)).strong())
            .on_hover_text(participant.map(|p| p.role.as_str()).unwrap_or(""));
        // On the same line when there is room: the capture field keeps its height.
        // The label and its drop-down move to the next line together.
        ui.separator();
        ui.horizontal(|ui| {
            let l = ui.label("Guide");
            let mut guide = i.guide;
            if guide_combo(ui, session, l.id, &mut guide) {
                out.command(Command::Interview(Edit::put(Interview {
                    guide,
                    ..i.clone()
                })));
            }
        });
    });
    // Consent at a glance: what we may do with this person's words. In a short window
    // on one line, cut with an ellipsis; all of it on hover.
    let compact = short_window(ui);
    if let Some(p) = participant
        && compact
    {
        capture_parts::consent_line(ui, &p.consent);
    } else if let Some(p) = participant {
        ui.horizontal_wrapped(|ui| {
            let c = &p.consent;
            let yes_no = |ok: bool, yes: &str, no: &str| {
                RichText::new(if ok {
                    format!("✔ {yes}")
                } else {
                    format!("✖ {no}")
                })
                .color(if ok {
                    Color32::from_rgb(40, 140, 70)
                } else {
                    Color32::from_rgb(190, 110, 20)
                })
            };
            ui.label(RichText::new("Consent:").weak());
            ui.label(yes_no(
                c.may_record,
                "may record",
                "notes only, no recording",
            ));
            ui.label(yes_no(
                c.may_quote,
                "may quote",
                "no quotes in the write-up",
            ));
            ui.label(match c.attribution {
                crate::model::Attribution::Pseudonym => "quotes by pseudonym",
                crate::model::Attribution::Anonymous => "quotes anonymous",
            });
            if !c.conditions.trim().is_empty() {
                ui.label(RichText::new(format!("· {}", c.conditions.trim())).italics());
            }
        });
    }
    // Timer and talk balance.
    ui.horizontal_wrapped(|ui| {
        let running = sc.running(i.id);
        let elapsed = sc.elapsed(i, now);
        ui.label(
            RichText::new(format!("⏱ {}", fmt_secs(elapsed)))
                .monospace()
                .size(18.0)
                .strong(),
        );
        let label = if running {
            "⏸ Pause timer"
        } else if i.duration_secs == 0 {
            "▶ Start timer"
        } else {
            "▶ Resume timer"
        };
        if ui
            .button(label)
            .on_hover_text("Ctrl+Shift+P. Statements get the elapsed time when committed.")
            .clicked()
        {
            toggle_timer(session, i, sc, out, now);
        }
        if running {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
        ui.separator();
        talk_balance_bar(ui, i);
        if sc.off_record && v.tab != InterviewTab::Capture {
            // Still off the record while looking elsewhere: say so everywhere.
            ui.label(
                RichText::new(" OFF THE RECORD ")
                    .color(Color32::WHITE)
                    .background_color(OFF_RECORD_COLOR)
                    .strong(),
            );
        }
    });
    ui.separator();
}

/// Starts or pauses the interview timer; pausing stores the length so far.
pub(super) fn toggle_timer(
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
    now: f64,
) {
    if sc.running(i.id) {
        let secs = sc.elapsed(i, now);
        sc.timer = None;
        if let Some(cur) = session.interview(i.id) {
            out.command(Command::InterviewHeader(InterviewHeader {
                duration_secs: secs,
                ..InterviewHeader::of(cur)
            }));
        }
    } else {
        // Only one interview runs at a time: pause any other one first.
        pause_running(sc, session, now, out);
        sc.start(i, now);
        if i.started.is_none() {
            out.command(Command::InterviewHeader(InterviewHeader {
                started: Some(crate::model::now()),
                ..InterviewHeader::of(i)
            }));
        }
    }
}

pub(super) fn talk_balance_bar(ui: &mut Ui, i: &Interview) {
    let (them, us) = talk_balance(&i.statements);
    let total = them + us;
    if total == 0 {
        ui.label(RichText::new("Talk balance: nothing captured yet").weak());
        return;
    }
    let share = them as f32 / total as f32;
    let color = if share >= 0.7 {
        Color32::from_rgb(40, 140, 70)
    } else {
        Color32::from_rgb(200, 130, 20)
    };
    ui.label("Talk balance");
    ui.add(
        egui::ProgressBar::new(share)
            .desired_width(160.0)
            .fill(color)
            .text(format!("interviewee {:.0}%", share * 100.0)),
    )
    .on_hover_text(format!(
        "Interviewee {them} words, facilitator {us} words. Aim for the interviewee talking far more than you."
    ));
    if share < 0.7 {
        ui.label(RichText::new("Let them talk more").color(color).small());
    }
}

/// Stops the clock of whichever interview is running, keeping its elapsed time.
pub(super) fn pause_running(sc: &InterviewsScratch, session: &Session, now: f64, out: &mut Outbox) {
    if let Some((running, _)) = sc.timer
        && let Some(o) = session.interview(running)
    {
        out.command(Command::InterviewHeader(InterviewHeader {
            duration_secs: sc.elapsed(o, now),
            ..InterviewHeader::of(o)
        }));
    }
}
