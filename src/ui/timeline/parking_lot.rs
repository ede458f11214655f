//! The Parking lot tab: follow-ups with a soak-until date, their class and state.

use crate::model::search::finding_label;
use crate::model::{Command, Edit, FollowUp, FollowUpClass, Id, Session};
use crate::ui::pickers::evidence_editor;
use crate::ui::widgets::{caption, empty_state, short};
use crate::ui::{FrameCtx, Outbox};
use egui::{RichText, Ui};

/// Follow-up ideas soak here before anyone acts on them.
pub fn parking_lot_ui(ui: &mut Ui, s: &Session, cx: &mut FrameCtx<'_>, out: &mut Outbox) {
    caption(
        ui,
        "Ideas for change wait here a few days before anyone acts. Response/recovery helps every future incident; prevention helps only this trigger.",
    );
    let today = crate::model::now().date_naive();
    if ui.button("➕ Park a follow-up idea").clicked() {
        let f = FollowUp {
            id: Id::new(),
            soak_until: today.checked_add_days(chrono::Days::new(5)),
            ..FollowUp::default()
        };
        cx.scratch.focus_request = Some("follow_up_text");
        cx.scratch.timeline.reveal = Some(f.id);
        out.command(Command::FollowUp(Edit::put(f)));
    }
    ui.separator();
    if s.follow_ups.is_empty() {
        empty_state(
            ui,
            "The parking lot is empty",
            "Park remediation ideas here as they come up in interviews, so they do not steer the analysis.",
        );
        return;
    }
    let rr = s
        .follow_ups
        .iter()
        .filter(|f| f.class == FollowUpClass::ResponseRecovery)
        .count();
    caption(
        ui,
        &format!(
            "{rr} response/recovery · {} prevention",
            s.follow_ups.len() - rr
        ),
    );
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for f in &s.follow_ups {
                ui.push_id(f.id, |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        let l = ui.label("Idea");
                        let mut text = f.text.clone();
                        let r = ui
                            .add(
                                egui::TextEdit::multiline(&mut text)
                                    .desired_rows(1)
                                    .desired_width(f32::INFINITY),
                            )
                            .labelled_by(l.id);
                        if cx.scratch.timeline.reveal == Some(f.id) {
                            // A new idea gets the cursor; a search result is only shown.
                            if cx.scratch.focus_request == Some("follow_up_text") {
                                r.request_focus();
                                cx.scratch.focus_request = None;
                            }
                            r.scroll_to_me(Some(egui::Align::Center));
                            cx.scratch.timeline.reveal = None;
                        }
                        if r.changed() {
                            let mut n = f.clone();
                            n.text = text;
                            out.typing(Command::FollowUp(Edit::put(n)));
                        }
                        ui.horizontal_wrapped(|ui| {
                            for (class, label) in [
                                (FollowUpClass::ResponseRecovery, "Response / recovery"),
                                (FollowUpClass::Prevention, "Prevention"),
                            ] {
                                if ui.selectable_label(f.class == class, label).clicked()
                                    && f.class != class
                                {
                                    let mut n = f.clone();
                                    n.class = class;
                                    out.command(Command::FollowUp(Edit::put(n)));
                                }
                            }
                            ui.separator();
                            let l = ui.label("Soak until");
                            let current = f
                                .soak_until
                                .map(|d| d.format("%Y-%m-%d").to_string())
                                .unwrap_or_default();
                            if cx
                                .scratch
                                .timeline
                                .date_buf
                                .as_ref()
                                .is_none_or(|(id, _)| *id != f.id)
                            {
                                // Only the field being typed into keeps a buffer.
                                let mut buf = current.clone();
                                let r = ui
                                    .add(
                                        egui::TextEdit::singleline(&mut buf)
                                            .desired_width(96.0)
                                            .hint_text("YYYY-MM-DD"),
                                    )
                                    .labelled_by(l.id);
                                if r.changed() {
                                    cx.scratch.timeline.date_buf = Some((f.id, buf));
                                }
                            } else if let Some((_, buf)) = &mut cx.scratch.timeline.date_buf {
                                let r = ui
                                    .add(
                                        egui::TextEdit::singleline(buf)
                                            .desired_width(96.0)
                                            .hint_text("YYYY-MM-DD"),
                                    )
                                    .labelled_by(l.id);
                                let parsed =
                                    chrono::NaiveDate::parse_from_str(buf.trim(), "%Y-%m-%d").ok();
                                if r.changed() && (parsed.is_some() || buf.trim().is_empty()) {
                                    let mut n = f.clone();
                                    n.soak_until = parsed;
                                    out.typing(Command::FollowUp(Edit::put(n)));
                                }
                                if parsed.is_none() && !buf.trim().is_empty() {
                                    ui.label(
                                        RichText::new("Use YYYY-MM-DD")
                                            .small()
                                            .color(ui.visuals().warn_fg_color),
                                    );
                                }
                                // A date that does not read stays in the field, with
                                // the hint, until it is put right: nothing typed vanishes.
                                if r.lost_focus() && (parsed.is_some() || buf.trim().is_empty()) {
                                    cx.scratch.timeline.date_buf = None;
                                }
                            }
                            match f.soak_until {
                                Some(d) if d > today => {
                                    ui.label(
                                        RichText::new(format!(
                                            "soaking, {} days left",
                                            (d - today).num_days()
                                        ))
                                        .small()
                                        .weak(),
                                    );
                                }
                                Some(_) => {
                                    ui.label(RichText::new("ready to discuss").small().strong());
                                }
                                None => {
                                    ui.label(RichText::new("no soak date").small().weak());
                                }
                            }
                            if ui
                                .small_button("🗑")
                                .on_hover_text("Remove this idea")
                                .clicked()
                            {
                                out.command(Command::FollowUp(Edit::remove(f.id)));
                            }
                        });
                        // Evidence is statements and findings; each has its own list.
                        let is_finding = |id: &Id| s.findings.iter().any(|x| x.id == *id);
                        let statements: Vec<Id> = f
                            .evidence
                            .iter()
                            .copied()
                            .filter(|id| !is_finding(id))
                            .collect();
                        let findings: Vec<Id> = f
                            .evidence
                            .iter()
                            .copied()
                            .filter(|id| is_finding(id))
                            .collect();
                        if let Some(mut ev) = evidence_editor(
                            ui,
                            s,
                            "follow_up_evidence",
                            &statements,
                            &mut cx.scratch.timeline.evidence_filter,
                        ) {
                            ev.extend(findings.iter().copied());
                            let mut n = f.clone();
                            n.evidence = ev;
                            out.command(Command::FollowUp(Edit::put(n)));
                        }
                        for id in &findings {
                            let Some(fd) = s.findings.iter().find(|x| x.id == *id) else {
                                continue;
                            };
                            ui.horizontal(|ui| {
                                if ui
                                    .small_button("✖")
                                    .on_hover_text("Unlink this finding")
                                    .clicked()
                                {
                                    let mut n = f.clone();
                                    n.evidence.retain(|x| x != id);
                                    out.command(Command::FollowUp(Edit::put(n)));
                                }
                                ui.label(
                                    RichText::new(format!(
                                        "answers: {} — {}",
                                        finding_label(fd.kind),
                                        short(&fd.text, 70)
                                    ))
                                    .small(),
                                );
                            });
                        }
                        ui.menu_button("Link a finding…", |ui| {
                            for fd in s.findings.iter().filter(|x| !f.evidence.contains(&x.id)) {
                                if ui
                                    .button(format!(
                                        "{}: {}",
                                        finding_label(fd.kind),
                                        short(&fd.text, 60)
                                    ))
                                    .clicked()
                                {
                                    let mut n = f.clone();
                                    n.evidence.push(fd.id);
                                    out.command(Command::FollowUp(Edit::put(n)));
                                    ui.close();
                                }
                            }
                        });
                    });
                });
            }
        });
}
