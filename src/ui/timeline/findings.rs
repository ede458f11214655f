//! The Findings tab: contributors, what went well, difficulties, risks, open questions,
//! each with evidence (deliberately no root cause).

use crate::model::search::finding_label;
use crate::model::{Command, Edit, Finding, FindingKind, Id, Session};
use crate::ui::pickers::evidence_editor;
use crate::ui::widgets::{caption, empty_state};
use crate::ui::{FrameCtx, Outbox, ViewState};
use egui::{RichText, Ui};

pub(super) const FINDING_KINDS: [FindingKind; 5] = FindingKind::ALL;

pub(super) fn finding_hint(k: FindingKind) -> &'static str {
    match k {
        FindingKind::Contributor => {
            "Things that had to be true for this to happen. Cast a wide net: there is no single root cause, and people are never the cause."
        }
        FindingKind::WentWell => {
            "How people created safety: adaptations, expertise, levers that worked."
        }
        FindingKind::Difficulty => "What made handling the situation hard.",
        FindingKind::Risk => {
            "Risks people noticed along the way, whether or not they bit this time."
        }
        FindingKind::OpenQuestion => "What we still do not understand.",
    }
}

/// The lists the write-up draws on, each entry linked to evidence statements.
pub fn findings_ui(
    ui: &mut Ui,
    s: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    ui.horizontal_wrapped(|ui| {
        for k in FINDING_KINDS {
            let n = s.findings.iter().filter(|f| f.kind == k).count();
            if ui
                .selectable_label(
                    view.timeline.finding_kind == k,
                    format!("{} ({n})", finding_label(k)),
                )
                .clicked()
            {
                view.timeline.finding_kind = k;
            }
        }
    });
    let kind = view.timeline.finding_kind;
    caption(ui, finding_hint(kind));
    ui.add_space(4.0);
    let add_label = match kind {
        FindingKind::Contributor => "➕ Add contributor",
        FindingKind::WentWell => "➕ Add what went well",
        FindingKind::Difficulty => "➕ Add difficulty",
        FindingKind::Risk => "➕ Add risk",
        FindingKind::OpenQuestion => "➕ Add open question",
    };
    if ui.button(add_label).clicked() {
        let f = Finding {
            id: Id::new(),
            kind,
            ..Finding::default()
        };
        cx.scratch.focus_request = Some("finding_text");
        cx.scratch.timeline.reveal = Some(f.id);
        out.command(Command::Finding(Edit::put(f)));
    }
    ui.separator();
    let items: Vec<&Finding> = s.findings.iter().filter(|f| f.kind == kind).collect();
    if items.is_empty() {
        empty_state(
            ui,
            &format!("No {} yet", finding_label(kind).to_lowercase()),
            finding_hint(kind),
        );
        return;
    }
    let taint = crate::ui::widgets::taint_cached(ui, s, cx.revision);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (n, f) in items.iter().enumerate() {
                ui.push_id(f.id, |ui| {
                    let frame = egui::Frame::group(ui.style());
                    let r = frame.show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            let l = ui.label(format!("{}.", n + 1));
                            let mut text = f.text.clone();
                            let r = ui
                                .add(
                                    egui::TextEdit::multiline(&mut text)
                                        .desired_rows(1)
                                        // Room for the three buttons beside it.
                                        .desired_width(ui.available_width() - 124.0)
                                        .hint_text(finding_hint(kind)),
                                )
                                .labelled_by(l.id);
                            crate::ui::widgets::taint_mark(ui, &taint, f.id);
                            if cx.scratch.focus_request == Some("finding_text")
                                && cx.scratch.timeline.reveal == Some(f.id)
                            {
                                r.request_focus();
                                cx.scratch.focus_request = None;
                            }
                            if r.changed() {
                                let mut nf = (*f).clone();
                                nf.text = text;
                                out.typing(Command::Finding(Edit::put(nf)));
                            }
                            // Order matters to the write-up: move within this list.
                            let pos = |id: Id| s.findings.iter().position(|x| x.id == id);
                            let up = n.checked_sub(1).and_then(|i| items.get(i));
                            let down = items.get(n + 1);
                            if ui
                                .add_enabled(up.is_some(), egui::Button::new("⏶").small())
                                .on_hover_text("Move up")
                                .clicked()
                                && let Some(to) = up.and_then(|o| pos(o.id))
                            {
                                out.command(Command::Finding(Edit::Move { id: f.id, to }));
                            }
                            if ui
                                .add_enabled(down.is_some(), egui::Button::new("⏷").small())
                                .on_hover_text("Move down")
                                .clicked()
                                && let Some(to) = down.and_then(|o| pos(o.id))
                            {
                                out.command(Command::Finding(Edit::Move { id: f.id, to }));
                            }
                            if ui
                                .small_button("🗑")
                                .on_hover_text("Remove this entry")
                                .clicked()
                            {
                                out.command(Command::Finding(Edit::remove(f.id)));
                            }
                        });
                        if f.evidence.is_empty() {
                            ui.label(
                                RichText::new(
                                    "No evidence linked yet: which statements show this?",
                                )
                                .small()
                                .color(ui.visuals().warn_fg_color),
                            );
                        }
                        if let Some(ev) = evidence_editor(
                            ui,
                            s,
                            "finding_evidence",
                            &f.evidence,
                            &mut cx.scratch.timeline.evidence_filter,
                        ) {
                            let mut nf = (*f).clone();
                            nf.evidence = ev;
                            out.command(Command::Finding(Edit::put(nf)));
                        }
                        ui.horizontal(|ui| {
                            ui.label(RichText::new("Move to").small().weak());
                            for k in FINDING_KINDS.iter().filter(|k| **k != kind) {
                                if ui.small_button(finding_label(*k)).clicked() {
                                    let mut nf = (*f).clone();
                                    nf.kind = *k;
                                    out.command(Command::Finding(Edit::put(nf)));
                                }
                            }
                        });
                    });
                    if cx.scratch.timeline.reveal == Some(f.id)
                        && cx.scratch.focus_request.is_none()
                    {
                        r.response.scroll_to_me(Some(egui::Align::Center));
                        cx.scratch.timeline.reveal = None;
                    }
                });
            }
        });
}
