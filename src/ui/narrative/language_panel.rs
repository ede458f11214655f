//! Beside the editor: the language check's findings in this section, to look at,
//! acknowledge or leave (quoted words are exempt).

use super::NarrativeScratch;
use super::editor::select_in_editor;
use crate::model::lint::{self, LintFinding};
use crate::model::{Command, LintAck, NarrativeSection};
use crate::ui::Outbox;
use egui::{RichText, TextEdit, Ui};

pub(super) fn findings_list(
    ui: &mut Ui,
    sec: &NarrativeSection,
    findings: &[LintFinding],
    acks: &[LintAck],
    sc: &mut NarrativeScratch,
    out: &mut Outbox,
) {
    let open: Vec<&LintFinding> = findings
        .iter()
        .filter(|f| !f.exempt && !lint::is_acknowledged(acks, f, &sec.body, Some(sec.id)))
        .collect();
    let exempt = findings.iter().filter(|f| f.exempt).count();
    let acked: Vec<&LintAck> = acks.iter().filter(|a| a.section == Some(sec.id)).collect();
    ui.label(RichText::new(format!(
        "Language in this section: {} to look at · {} acknowledged · {} in quotes (people's own words stay as said)",
        open.len(),
        acked.len(),
        exempt
    )).strong());
    egui::ScrollArea::vertical()
        .id_salt("narrative_findings")
        .show(ui, |ui| {
            for (n, f) in open.iter().enumerate() {
                ui.push_id(n, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        if ui
                            .link(RichText::new(format!("{}:{}", f.line, f.column)).monospace())
                            .on_hover_text("Select the phrase in the editor")
                            .clicked()
                        {
                            select_in_editor(ui, sec, f.range.clone());
                        }
                        let found = lint::output::one_line(f.found(&sec.body));
                        let phrase = f.phrase(&sec.body);
                        ui.label(RichText::new(f.kind()).color(ui.visuals().warn_fg_color))
                            .on_hover_text(format!(
                                "{}\nRule: {}",
                                f.rule.kind.explanation, f.rule.id
                            ));
                        ui.label(RichText::new(format!("“{found}”")).strong());
                        ui.label(&f.rule.advice);
                        ui.label(RichText::new(format!("Ask instead: {}", f.ask())).italics());
                        let target = (sec.id, phrase.clone());
                        if sc.acknowledging.as_ref() == Some(&target) {
                            let l = ui.label("Reason");
                            ui.add(
                                TextEdit::singleline(&mut sc.ack_reason)
                                    .hint_text("Why this wording stays")
                                    .desired_width(220.0),
                            )
                            .labelled_by(l.id);
                            let ok = !sc.ack_reason.trim().is_empty();
                            if ui
                                .add_enabled(ok, egui::Button::new("Save acknowledgement"))
                                .clicked()
                            {
                                let mut all = acks.to_vec();
                                all.push(LintAck {
                                    phrase: phrase.clone(),
                                    section: Some(sec.id),
                                    reason: sc.ack_reason.trim().to_owned(),
                                });
                                out.command(Command::SetLintAcks(all));
                                sc.acknowledging = None;
                                sc.ack_reason.clear();
                            }
                            if ui.button("Cancel").clicked() {
                                sc.acknowledging = None;
                            }
                        } else if ui
                            .button(format!("Acknowledge “{found}”…"))
                            .on_hover_text(format!(
                                "Keep “{phrase}” in this section, with a reason"
                            ))
                            .clicked()
                        {
                            sc.acknowledging = Some(target);
                            sc.ack_reason.clear();
                        }
                    });
                });
            }
            for (n, a) in acked.iter().enumerate() {
                ui.push_id(("ack", n), |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("✔ “{}”", a.phrase)).weak());
                        ui.label(RichText::new(format!("acknowledged: {}", a.reason)).weak());
                        if ui.small_button("Withdraw").clicked() {
                            let rest: Vec<LintAck> =
                                acks.iter().filter(|x| *x != *a).cloned().collect();
                            out.command(Command::SetLintAcks(rest));
                        }
                    });
                });
            }
        });
}
