//! The side panel: the map overview, and the inspector of the selected step.

use super::canvas::{NO_EVIDENCE, connect};
use super::link_inspector::link_inspector;
use super::{LABEL_FIELD, MapEdits, MapScratch, Selection};
use crate::model::map::{self as geo};
use crate::model::{GapNote, Id, Lane, MapLink, MapNode, Relation, Session, WorkMap};
use crate::ui::widgets::caption;
use egui::{Key, RichText, Ui};

/// The right-hand panel: the selected step or link, or what to do next.
pub(super) fn inspector(
    ui: &mut Ui,
    session: &Session,
    map: &WorkMap,
    sc: &mut MapScratch,
    edits: &mut MapEdits<'_>,
) {
    match sc.selection {
        Some(Selection::Node(id)) => {
            if let Some(n) = map.nodes.iter().find(|n| n.id == id) {
                node_inspector(ui, session, map, n, sc, edits);
            }
        }
        Some(Selection::Link(id)) => {
            if let Some(l) = map.links.iter().find(|l| l.id == id) {
                link_inspector(ui, session, map, l, sc, edits);
            }
        }
        None => overview(ui, map, sc),
    }
}

/// How many gaps the map's overview lists.
const GAPS_LISTED: usize = 200;

pub(super) fn overview(ui: &mut Ui, map: &WorkMap, sc: &mut MapScratch) {
    ui.add_space(4.0);
    ui.label(RichText::new("This map").strong());
    let gaps = geo::gaps(map);
    let bare = map.nodes.iter().filter(|n| !geo::has_evidence(n)).count();
    ui.label(format!(
        "{} steps · {} gaps, {} annotated",
        map.nodes.len(),
        gaps.len(),
        gaps.iter()
            .filter(|(_, l)| geo::gap_is_annotated(&l.gap))
            .count()
    ));
    if bare > 0 {
        ui.label(
            RichText::new(format!(
                "⚠ {bare} {} without evidence",
                if bare == 1 { "step" } else { "steps" }
            ))
            .color(NO_EVIDENCE),
        );
    }
    let hidden = map
        .nodes
        .iter()
        .filter(|n| !map.lanes.contains(&n.lane))
        .count();
    if hidden > 0 {
        ui.label(
            RichText::new(format!(
                "{hidden} {} in hidden lanes (kept; tick the lane to show)",
                if hidden == 1 { "step" } else { "steps" }
            ))
            .weak(),
        );
    }
    ui.add_space(6.0);
    if !gaps.is_empty() {
        ui.label(RichText::new("Gaps").strong());
        // A frame lays out a bounded list: a map with tens of thousands of gaps listed
        // them all, every frame. The rest are reached through their markers.
        let more = gaps.len().saturating_sub(GAPS_LISTED);
        let by_id: std::collections::HashMap<Id, &MapNode> =
            map.nodes.iter().map(|n| (n.id, n)).collect();
        for (n, l) in gaps.into_iter().take(GAPS_LISTED) {
            let name = |id: Option<Id>| {
                id.and_then(|id| by_id.get(&id))
                    .map(|x| x.label.clone())
                    .unwrap_or_else(|| "—".into())
            };
            let text = format!(
                "G{n} {}. Imagined: {}. Done: {}",
                l.relation.label(),
                name(l.imagined),
                name(l.done)
            );
            if ui
                .add(egui::Button::selectable(false, text).wrap())
                .clicked()
            {
                sc.selection = Some(Selection::Link(l.id));
            }
        }
        if more > 0 {
            caption(
                ui,
                &format!(
                    "… and {more} more gaps: select their markers on the map, or export the gap table."
                ),
            );
        }
    }
    ui.add_space(8.0);
    caption(
        ui,
        "Select a step or a gap marker to edit it. Start from what people said: pick a \
         statement on the left and make a step from it.",
    );
}

pub(super) fn node_name(map: &WorkMap, id: Option<Id>) -> String {
    id.and_then(|id| map.nodes.iter().find(|n| n.id == id))
        .map(|n| {
            if n.label.trim().is_empty() {
                "(unnamed step)".to_owned()
            } else {
                n.label.clone()
            }
        })
        .unwrap_or_else(|| "—".to_owned())
}

pub(super) fn node_inspector(
    ui: &mut Ui,
    session: &Session,
    map: &WorkMap,
    n: &MapNode,
    sc: &mut MapScratch,
    edits: &mut MapEdits<'_>,
) {
    let nid = n.id;
    ui.add_space(4.0);
    ui.label(RichText::new(format!("Step · {}", n.lane.label())).strong());
    crate::ui::widgets::taint_mark(ui, &crate::model::publish::Taint::entities(session), n.id);
    let l = ui.label("Step name");
    let mut label = n.label.clone();
    let field_id = egui::Id::unique(LABEL_FIELD);
    let r = ui
        .add(
            egui::TextEdit::multiline(&mut label)
                .id(field_id)
                .hint_text("A verb phrase: \"page on-call when the alert fires\"")
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .return_key(egui::KeyboardShortcut::new(
                    egui::Modifiers::SHIFT,
                    Key::Enter,
                )),
        )
        .labelled_by(l.id);
    if sc.focus_label {
        sc.focus_label = false;
        r.request_focus();
        if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), field_id) {
            let end = egui::text::CCursor::new(n.label.chars().count());
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::two(
                    egui::text::CCursor::new(0),
                    end,
                )));
            state.store(ui.ctx(), field_id);
        }
    }
    if r.changed() {
        let label = label.replace('\n', " ");
        edits.typing(|m| {
            if let Some(x) = m.nodes.iter_mut().find(|x| x.id == nid) {
                x.label = label;
            }
        });
    }
    if r.has_focus() && ui.input(|i| i.key_pressed(Key::Enter) && i.modifiers.is_none()) {
        r.surrender_focus();
    }
    ui.add_space(6.0);

    // Evidence.
    ui.label(RichText::new("Evidence").strong());
    if !geo::has_evidence(n) {
        ui.label(
            RichText::new(
                "⚠ No evidence yet. Cite a statement (pick it on the left) or a document.",
            )
            .color(NO_EVIDENCE),
        );
    }
    let redactor = crate::model::redact::Redactor::default();
    for sid in &n.evidence {
        ui.horizontal(|ui| {
            if ui
                .small_button("✖")
                .on_hover_text("Stop citing this")
                .clicked()
            {
                let sid = *sid;
                edits.change("Remove evidence", |m| {
                    if let Some(x) = m.nodes.iter_mut().find(|x| x.id == nid) {
                        x.evidence.retain(|e| *e != sid);
                    }
                });
            }
            let text = geo::evidence_line(session, *sid, &redactor, 140).unwrap_or_else(|| {
                if session.statement(*sid).is_some() {
                    "(off the record: kept here, never exported)".into()
                } else {
                    "(statement no longer exists)".into()
                }
            });
            ui.add(egui::Label::new(RichText::new(text).small()).wrap());
        });
    }
    for (i, d) in n.documents.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .small_button("✖")
                .on_hover_text("Remove this document")
                .clicked()
            {
                edits.change("Remove document", |m| {
                    if let Some(x) = m.nodes.iter_mut().find(|x| x.id == nid)
                        && i < x.documents.len()
                    {
                        x.documents.remove(i);
                    }
                });
            }
            ui.add(egui::Label::new(RichText::new(format!("📄 {d}")).small()).wrap());
        });
    }
    ui.horizontal(|ui| {
        let l = ui.label("Document");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut sc.document_buf)
                    .hint_text("runbook, page, ticket…")
                    .desired_width(ui.available_width() - 50.0),
            )
            .labelled_by(l.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if (ui.button("Add").clicked() || enter) && !sc.document_buf.trim().is_empty() {
            let d = std::mem::take(&mut sc.document_buf).trim().to_owned();
            edits.change("Cite document", |m| {
                if let Some(x) = m.nodes.iter_mut().find(|x| x.id == nid) {
                    x.documents.push(d);
                }
            });
        }
    });
    ui.add_space(6.0);

    // Participants who described it.
    if !session.participants.is_empty() {
        ui.label(RichText::new("Described by").strong());
        ui.horizontal_wrapped(|ui| {
            for p in &session.participants {
                let mut on = n.participants.contains(&p.id);
                if ui.checkbox(&mut on, &p.pseudonym).changed() {
                    let pid = p.id;
                    edits.change("Edit step participants", |m| {
                        if let Some(x) = m.nodes.iter_mut().find(|x| x.id == nid) {
                            x.participants.retain(|q| *q != pid);
                            if on {
                                x.participants.push(pid);
                            }
                        }
                    });
                }
            }
        });
        ui.add_space(6.0);
    }

    // Connections.
    ui.label(RichText::new("Connections").strong());
    for e in map.edges.iter().filter(|e| e.from == nid || e.to == nid) {
        ui.horizontal(|ui| {
            if ui
                .small_button("✖")
                .on_hover_text("Remove this arrow")
                .clicked()
            {
                let eid = e.id;
                edits.change("Remove arrow", |m| m.edges.retain(|x| x.id != eid));
            }
            let text = if e.from == nid {
                format!("then: {}", node_name(map, Some(e.to)))
            } else {
                format!("after: {}", node_name(map, Some(e.from)))
            };
            ui.add(egui::Label::new(text).wrap());
        });
    }
    let gap_numbers: std::collections::HashMap<Id, usize> =
        geo::gaps(map).into_iter().map(|(n, l)| (l.id, n)).collect();
    for l in map
        .links
        .iter()
        .filter(|l| l.imagined == Some(nid) || l.done == Some(nid))
    {
        let other = if l.imagined == Some(nid) {
            l.done
        } else {
            l.imagined
        };
        let tag = gap_numbers
            .get(&l.id)
            .map(|g| format!("G{g} "))
            .unwrap_or_default();
        let text = format!(
            "{tag}{} with: {}",
            l.relation.label(),
            node_name(map, other)
        );
        if ui
            .add(egui::Button::selectable(false, text).wrap())
            .on_hover_text("Edit this link and its gap note")
            .clicked()
        {
            sc.selection = Some(Selection::Link(l.id));
        }
    }
    let others: Vec<&MapNode> = map
        .nodes
        .iter()
        .filter(|o| o.id != nid && map.lanes.contains(&o.lane))
        .collect();
    let mut target: Option<Id> = None;
    ui.menu_button("Connect to…", |ui| {
        // Maps run to ~75 steps: keep the list on screen.
        egui::ScrollArea::vertical()
            .max_height((ui.ctx().content_rect().height() * 0.45).min(360.0))
            .show(ui, |ui| {
                for o in others {
                    let what = if o.lane == n.lane { "then" } else { "link" };
                    if ui
                        .selectable_label(
                            false,
                            format!(
                                "{what}: {} ({})",
                                node_name(map, Some(o.id)),
                                o.lane.short()
                            ),
                        )
                        .clicked()
                    {
                        target = Some(o.id);
                    }
                }
            });
    });
    if let Some(to) = target {
        connect(sc, edits, nid, to);
    }
    // One-ended gaps: imagined but not done, or done but never imagined.
    let (relation, text, hint) = if n.lane == Lane::Done {
        (
            Relation::Adds,
            "Mark as added in practice",
            "A gap: done, but nobody imagined it",
        )
    } else {
        (
            Relation::Skips,
            "Mark as skipped in practice",
            "A gap: imagined, but not done",
        )
    };
    let exists = map.links.iter().any(|l| {
        l.relation == relation
            && (l.imagined == Some(nid) && l.done.is_none()
                || l.done == Some(nid) && l.imagined.is_none())
    });
    if !exists && ui.button(text).on_hover_text(hint).clicked() {
        let link = MapLink {
            id: Id::new(),
            imagined: (relation == Relation::Skips).then_some(nid),
            done: (relation == Relation::Adds).then_some(nid),
            relation,
            gap: GapNote::default(),
        };
        let lid = link.id;
        edits.change("Mark gap", |m| m.links.push(link));
        sc.selection = Some(Selection::Link(lid));
    }
    ui.add_space(10.0);
    if ui
        .button("🗑 Delete step")
        .on_hover_text("Also removes its arrows and links (Delete; Ctrl+Z brings it back)")
        .clicked()
    {
        let m = geo::remove_node(edits.map(), nid);
        edits.change("Delete step", |x| *x = m);
        sc.selection = None;
    }
}
