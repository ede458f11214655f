//! Decision points inside the Interviews workspace: create one from selected
//! statements, record each "how it made sense" aspect with its evidence, and see
//! which aspects are still unexplored, as probes for the next interview.

use crate::model::probes::{
    ASPECTS, aspect_explored, aspect_hint, aspect_label, coverage_probes, unexplored_aspects,
};
use crate::model::validate::fmt_secs;
use crate::model::{
    Aspect, AspectKind, Command, DecisionPoint, Edit, Guide, GuideQuestion, Id, Interview, Session,
};
use crate::ui::Outbox;
use crate::ui::interviews::{InterviewsScratch, InterviewsView, statements_list};
use crate::ui::pickers::statement_line;
use crate::ui::widgets::{caption, heading};
use egui::{Color32, RichText, Ui};

/// A decision point made from statements: titled after the first one, timed by it,
/// with the interviewee as who.
pub fn new_decision_point(
    session: &Session,
    interview: &Interview,
    statements: &[Id],
) -> DecisionPoint {
    let mut chosen: Vec<(u32, Id, String)> = statements
        .iter()
        .filter_map(|id| {
            session
                .statement(*id)
                .map(|(_, s)| (s.at_secs, s.id, s.text.clone()))
        })
        .collect();
    chosen.sort_by_key(|c| c.0);
    let title = chosen
        .first()
        .map(|c| {
            let t: String = c.2.chars().take(70).collect();
            if c.2.chars().count() > 70 {
                format!("{t}…")
            } else {
                t
            }
        })
        .unwrap_or_else(|| "New decision point".into());
    DecisionPoint {
        id: Id::new(),
        title,
        when: chosen
            .first()
            .map(|c| format!("{} into the interview", fmt_secs(c.0)))
            .unwrap_or_default(),
        who: vec![interview.participant],
        statements: chosen.iter().map(|c| c.1).collect(),
        aspects: Vec::new(),
    }
}

/// The Decision points tab: statements to select on the left, the decision points
/// and the selected one's editor and coverage on the right.
pub fn decision_points_tab(
    ui: &mut Ui,
    session: &Session,
    interview: &Interview,
    v: &mut InterviewsView,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
) {
    if v.selected_decision
        .is_some_and(|id| !session.decision_points.iter().any(|d| d.id == id))
    {
        v.selected_decision = None;
    }
    if v.selected_decision.is_none() {
        // Show this interview's first decision point rather than an empty editor.
        v.selected_decision = session
            .decision_points
            .iter()
            .find(|d| {
                d.statements
                    .iter()
                    .any(|s| interview.statements.iter().any(|x| x.id == *s))
            })
            .map(|d| d.id);
    }
    // Two fixed columns: statements to pick from, and the decision point editor.
    ui.columns_const(|[left, right]: &mut [Ui; 2]| {
        left.set_max_width(left.available_width());
        left.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        caption(
            left,
            "Tick statements, then make a decision point from them or link them as evidence.",
        );
        let n = sc.selected.len();
        if left
            .add_enabled(
                n > 0,
                egui::Button::new(format!("➕ Decision point from {n} selected")),
            )
            .on_disabled_hover_text("Tick one or more statements first")
            .clicked()
        {
            let d = new_decision_point(session, interview, &sc.selected);
            v.selected_decision = Some(d.id);
            sc.selected.clear();
            out.command(Command::DecisionPoint(Edit::put(d)));
        }
        statements_list(left, session, interview, sc, "decisions");

        right.set_max_width(right.available_width());
        // Long titles and buttons wrap instead of widening the column.
        right.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        egui::ScrollArea::vertical()
            .id_salt("decision_editor_scroll")
            .auto_shrink([false, false])
            .show(right, |ui| {
                decision_list(ui, session, interview, v);
                ui.separator();
                let Some(d) = v
                    .selected_decision
                    .and_then(|id| session.decision_points.iter().find(|d| d.id == id))
                else {
                    caption(
                        ui,
                        "Choose a decision point above, or tick statements on the left and make one.",
                    );
                    return;
                };
                decision_editor(ui, session, d, v, sc, out);
                ui.add_space(10.0);
                coverage_view(ui, d, out);
            });
    });
}

fn decision_list(ui: &mut Ui, session: &Session, interview: &Interview, v: &mut InterviewsView) {
    heading(
        ui,
        "Decision points",
        "How did it make sense at the time? Deepen each point with cues, knowledge, goals, options…",
    );
    if session.decision_points.is_empty() {
        caption(ui, "None yet.");
        return;
    }
    let here = |d: &DecisionPoint| {
        d.statements
            .iter()
            .any(|s| interview.statements.iter().any(|x| x.id == *s))
    };
    // Made from off-the-record statements: marked, as exports leave their words out.
    let taint = crate::model::publish::Taint::entities(session);
    for d in session.decision_points.iter() {
        let explored = ASPECTS.len() - unexplored_aspects(d).len();
        let mark = taint
            .mark(d.id)
            .map(|m| format!(" · {}", m.0))
            .unwrap_or_default();
        let mut text = RichText::new(format!(
            "{} · {explored}/{} aspects{mark}",
            if d.title.trim().is_empty() {
                "(untitled)"
            } else {
                &d.title
            },
            ASPECTS.len()
        ));
        if !here(d) {
            text = text.weak();
        }
        if ui
            .selectable_label(v.selected_decision == Some(d.id), text)
            .on_hover_text(match taint.mark(d.id) {
                Some((_, why)) => why,
                None if here(d) => "From this interview",
                None => "From another interview",
            })
            .clicked()
        {
            v.selected_decision = Some(d.id);
        }
    }
}

fn decision_editor(
    ui: &mut Ui,
    session: &Session,
    d: &DecisionPoint,
    v: &mut InterviewsView,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
) {
    let mut edited: Option<DecisionPoint> = None;
    let mut now_cmd: Option<DecisionPoint> = None;
    crate::ui::widgets::form(ui, "decision_form", |ui| {
        if let Some(t) = crate::ui::widgets::text_row(
            ui,
            "What was decided or done",
            &d.title,
            "In their terms, e.g. \"Raised the pool limit instead of paging\"",
        ) {
            edited = Some(DecisionPoint {
                title: t,
                ..d.clone()
            });
        }
        if let Some(t) = crate::ui::widgets::text_row(
            ui,
            "When",
            &d.when,
            "As they put it, e.g. \"just after 9:14\"",
        ) {
            edited = Some(DecisionPoint {
                when: t,
                ..d.clone()
            });
        }
        ui.label("Who");
        ui.horizontal_wrapped(|ui| {
            for p in &session.participants {
                let mut on = d.who.contains(&p.id);
                if ui.checkbox(&mut on, &p.pseudonym).changed() {
                    let mut d2 = d.clone();
                    if on {
                        d2.who.push(p.id);
                    } else {
                        d2.who.retain(|x| *x != p.id);
                    }
                    now_cmd = Some(d2);
                }
            }
        });
        ui.end_row();
        ui.label("From statements");
        ui.vertical(|ui| {
            for id in &d.statements {
                ui.horizontal(|ui| {
                    if ui
                        .small_button("✖")
                        .on_hover_text("Unlink this statement")
                        .clicked()
                    {
                        let mut d2 = d.clone();
                        d2.statements.retain(|x| x != id);
                        now_cmd = Some(d2);
                    }
                    // Cut to the column with an ellipsis; the whole of it on hover.
                    let chip = statement_line(session, *id);
                    ui.add(egui::Label::new(RichText::new(&chip).small()).truncate())
                        .on_hover_text(chip);
                });
            }
            let n = sc
                .selected
                .iter()
                .filter(|s| !d.statements.contains(s))
                .count();
            if ui
                .add_enabled(
                    n > 0,
                    egui::Button::new(format!("🔗 Add {n} selected statements")).small(),
                )
                .clicked()
            {
                let mut d2 = d.clone();
                for s in &sc.selected {
                    if !d2.statements.contains(s) {
                        d2.statements.push(*s);
                    }
                }
                now_cmd = Some(d2);
            }
        });
        ui.end_row();
    });
    ui.add_space(8.0);
    ui.label(RichText::new("How it made sense at the time").strong());
    caption(
        ui,
        "Each aspect: what you learned, and the statements that show it.",
    );
    for kind in ASPECTS {
        aspect_row(ui, session, d, kind, sc, &mut edited, &mut now_cmd);
    }
    ui.add_space(6.0);
    if ui
        .button("🗑 Delete decision point")
        .on_hover_text("Ctrl+Z brings it back")
        .clicked()
    {
        // Timeline events may mark this decision point: unlink them in the same step.
        let mut commands: Vec<Command> = session
            .timeline
            .iter()
            .filter(|e| e.decision_point == Some(d.id))
            .map(|e| {
                let mut e2 = e.clone();
                e2.decision_point = None;
                Command::TimelineEvent(Edit::put(e2))
            })
            .collect();
        commands.push(Command::DecisionPoint(Edit::remove(d.id)));
        out.command(Command::Batch {
            label: "Delete decision point".into(),
            commands,
        });
        v.selected_decision = None;
        return;
    }
    if let Some(d2) = now_cmd {
        out.command(Command::DecisionPoint(Edit::put(d2)));
    } else if let Some(d2) = edited {
        out.typing(Command::DecisionPoint(Edit::put(d2)));
    }
}

fn aspect_row(
    ui: &mut Ui,
    session: &Session,
    d: &DecisionPoint,
    kind: AspectKind,
    sc: &InterviewsScratch,
    edited: &mut Option<DecisionPoint>,
    now_cmd: &mut Option<DecisionPoint>,
) {
    let existing = d.aspects.iter().find(|a| a.kind == kind);
    let label = aspect_label(kind);
    // Changes go to a copy that has this aspect (added in order if missing).
    let with_aspect = |base: &DecisionPoint, f: &dyn Fn(&mut Aspect)| {
        let mut d2 = base.clone();
        match d2.aspects.iter_mut().find(|a| a.kind == kind) {
            Some(a) => f(a),
            None => {
                let mut a = Aspect {
                    kind,
                    ..Aspect::default()
                };
                f(&mut a);
                d2.aspects.push(a);
            }
        }
        // Keep empty aspects out of the file.
        d2.aspects
            .retain(|a| !a.text.trim().is_empty() || !a.evidence.is_empty());
        d2
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            let explored = aspect_explored(d, kind);
            ui.label(RichText::new(label).strong());
            ui.label(RichText::new(aspect_hint(kind)).small().weak());
            if !explored {
                ui.label(
                    RichText::new("unexplored")
                        .small()
                        .color(Color32::from_rgb(200, 130, 20)),
                );
            }
        });
        let l = ui.label(RichText::new(format!("{label}:")).small());
        let mut text = existing.map(|a| a.text.clone()).unwrap_or_default();
        let r = ui
            .add(
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY)
                    .hint_text(crate::model::probes::aspect_probe(kind)),
            )
            .labelled_by(l.id);
        if r.changed() {
            let base = edited.clone().unwrap_or_else(|| d.clone());
            *edited = Some(with_aspect(&base, &|a| a.text = text.clone()));
        }
        ui.horizontal_wrapped(|ui| {
            if let Some(a) = existing {
                for id in &a.evidence {
                    let chip = statement_line(session, *id);
                    // Cut with an ellipsis to the column; the whole statement on hover.
                    if ui
                        .add(
                            egui::Button::new(RichText::new(format!("{chip} ✖")).small())
                                .truncate(),
                        )
                        .on_hover_text(format!("{chip}\nClick to unlink this evidence"))
                        .clicked()
                    {
                        *now_cmd = Some(with_aspect(d, &|a| a.evidence.retain(|x| x != id)));
                    }
                }
            }
            let n = sc
                .selected
                .iter()
                .filter(|s| !existing.is_some_and(|a| a.evidence.contains(s)))
                .count();
            if ui
                .add_enabled(
                    n > 0,
                    egui::Button::new(format!("🔗 Link selected to {label}")).small(),
                )
                .on_hover_text("Ticked statements become evidence for this aspect")
                .on_disabled_hover_text("Tick statements on the left first")
                .clicked()
            {
                let sel = sc.selected.clone();
                *now_cmd = Some(with_aspect(d, &|a| {
                    for s in &sel {
                        if !a.evidence.contains(s) {
                            a.evidence.push(*s);
                        }
                    }
                }));
            }
        });
    });
}

/// Which aspects are still unexplored, as probes for the next interview.
fn coverage_view(ui: &mut Ui, d: &DecisionPoint, out: &mut Outbox) {
    ui.label(RichText::new("Coverage").strong());
    ui.horizontal_wrapped(|ui| {
        for kind in ASPECTS {
            let (mark, color) = if aspect_explored(d, kind) {
                ("✔", Color32::from_rgb(40, 140, 70))
            } else {
                ("•", Color32::from_rgb(200, 130, 20))
            };
            ui.label(RichText::new(format!("{mark} {}", aspect_label(kind))).color(color));
        }
    });
    let probes = coverage_probes(d);
    if probes.is_empty() {
        caption(ui, "Every aspect has words or evidence.");
        return;
    }
    caption(ui, "Still to explore, as questions for the next interview:");
    for p in &probes {
        ui.label(format!("• {p}"));
    }
    if ui
        .button("📋 Make a guide of these probes for the next interview")
        .on_hover_text(
            "Creates a guide in this session's guides; choose it when you start the next interview",
        )
        .clicked()
    {
        let g = Guide {
            id: Id::new(),
            name: format!("Follow-up: {}", d.title.trim()),
            when_to_use: format!(
                "Next interview about \"{}\": aspects of how it made sense that are still unexplored.",
                d.title.trim()
            ),
            references: vec!["Klein et al., Critical Decision Method (deepening sweep)".into()],
            questions: probes
                .into_iter()
                .map(|text| GuideQuestion {
                    id: Id::new(),
                    text,
                    section: "Open aspects".into(),
                })
                .collect(),
        };
        out.command(Command::Guide(Edit::put(g)));
    }
}
