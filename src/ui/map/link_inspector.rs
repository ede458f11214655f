//! The inspector of a selected cross-lane link and its gap note (why work-as-done differed).

use super::inspector::node_name;
use super::{MapEdits, MapScratch, Selection};
use crate::model::map::{self as geo, PRESSURES};
use crate::model::{GapNote, MapLink, Relation, Session, WorkMap};
use crate::ui::widgets::caption;
use egui::{RichText, Sense, Ui};

/// A gap note text field: label, hint, the field itself, rows.
pub(super) type GapField = (
    &'static str,
    &'static str,
    fn(&mut GapNote) -> &mut String,
    usize,
);

pub(super) fn link_inspector(
    ui: &mut Ui,
    session: &Session,
    map: &WorkMap,
    l: &MapLink,
    sc: &mut MapScratch,
    edits: &mut MapEdits<'_>,
) {
    let lid = l.id;
    let number = geo::gaps(map)
        .into_iter()
        .find(|(_, g)| g.id == lid)
        .map(|(n, _)| n);
    ui.add_space(4.0);
    ui.label(
        RichText::new(match number {
            Some(n) => format!("Gap G{n}"),
            None => "Link".to_owned(),
        })
        .strong(),
    );
    let upper_lane = l
        .imagined
        .and_then(|id| map.nodes.iter().find(|n| n.id == id))
        .map(|n| n.lane.short())
        .unwrap_or("Imagined");
    let lower_lane = l
        .done
        .and_then(|id| map.nodes.iter().find(|n| n.id == id))
        .map(|n| n.lane.short())
        .unwrap_or("Done");
    // Long step names wrap inside the panel; clicking one selects the step.
    for (lane, end) in [(upper_lane, l.imagined), (lower_lane, l.done)] {
        ui.label(RichText::new(lane).small().weak());
        let r = ui
            .add(
                egui::Label::new(
                    RichText::new(node_name(map, end)).color(ui.visuals().hyperlink_color),
                )
                .wrap()
                .sense(Sense::click()),
            )
            .on_hover_text("Select this step");
        if r.clicked()
            && let Some(id) = end
        {
            sc.selection = Some(Selection::Node(id));
        }
    }
    ui.add_space(4.0);
    ui.label("How is it done, compared with how it was imagined?");
    ui.horizontal_wrapped(|ui| {
        for rel in Relation::ALL {
            if ui
                .selectable_label(l.relation == rel, rel.label())
                .on_hover_text(rel.hint())
                .clicked()
                && l.relation != rel
            {
                edits.change("Change relation", |m| {
                    if let Some(x) = m.links.iter_mut().find(|x| x.id == lid) {
                        x.relation = rel;
                    }
                });
            }
        }
    });
    ui.add_space(6.0);
    if !l.relation.is_gap() {
        caption(ui, "Done as imagined: no gap note needed.");
    } else {
        ui.label(RichText::new("Gap note").strong());
        caption(
            ui,
            "How did it make sense at the time? Describe the pressure, not a fault.",
        );
        ui.label("Pressure or constraint it answers");
        ui.horizontal_wrapped(|ui| {
            for p in PRESSURES {
                let on = geo::has_pressure(&l.gap.pressure, p);
                if ui.selectable_label(on, p).clicked() {
                    let text = geo::toggle_pressure(&l.gap.pressure, p);
                    edits.change("Edit gap pressure", |m| {
                        if let Some(x) = m.links.iter_mut().find(|x| x.id == lid) {
                            x.gap.pressure = text;
                        }
                    });
                }
            }
        });
        let fields: [GapField; 4] = [
            (
                "Pressure details",
                "e.g. time, goal conflict: paging at 9:15 on a Monday needs certainty",
                |g| &mut g.pressure,
                1,
            ),
            (
                "Why it made sense",
                "What they saw, knew and wanted at the time",
                |g| &mut g.why,
                3,
            ),
            (
                "Usually succeeds?",
                "How often this adaptation works, and how people know",
                |g| &mut g.usually_succeeds,
                2,
            ),
            (
                "Risk",
                "What could go wrong when it does not",
                |g| &mut g.risk,
                2,
            ),
        ];
        for (label, hint, field, rows) in fields {
            let lab = ui.label(label);
            let mut gap = l.gap.clone();
            let r = ui
                .add(
                    egui::TextEdit::multiline(field(&mut gap))
                        // Its own id: what changes above it never gives it another.
                        .id_salt(("gap_note_field", lid, label))
                        .hint_text(hint)
                        .desired_rows(rows)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(lab.id);
            if r.changed() {
                let value = field(&mut gap).clone();
                edits.typing(|m| {
                    if let Some(x) = m.links.iter_mut().find(|x| x.id == lid) {
                        *field(&mut x.gap) = value;
                    }
                });
            }
        }
        ui.add_space(4.0);
        ui.label(RichText::new("Evidence").strong());
        if l.gap.evidence.is_empty() {
            caption(
                ui,
                "Pick a statement on the left and press “Cite for selected gap”.",
            );
        }
        let redactor = crate::model::redact::Redactor::default();
        for sid in &l.gap.evidence {
            ui.horizontal(|ui| {
                if ui
                    .small_button("✖")
                    .on_hover_text("Stop citing this")
                    .clicked()
                {
                    let sid = *sid;
                    edits.change("Remove evidence", |m| {
                        if let Some(x) = m.links.iter_mut().find(|x| x.id == lid) {
                            x.gap.evidence.retain(|e| *e != sid);
                        }
                    });
                }
                let text = geo::evidence_line(session, *sid, &redactor, 140)
                    .unwrap_or_else(|| "(off the record or removed)".into());
                ui.add(egui::Label::new(RichText::new(text).small()).wrap());
            });
        }
    }
    ui.add_space(10.0);
    if ui
        .button("🗑 Delete link")
        .on_hover_text("Removes the link and its gap note (Ctrl+Z brings it back)")
        .clicked()
    {
        edits.change("Delete link", |m| m.links.retain(|x| x.id != lid));
        sc.selection = None;
    }
}
