//! The statements panel beside the map: find a statement and make a step from it.

use super::{MAX_LISTED, MapEdits, MapScratch, MapView, Selection};
use crate::model::map::{self as geo};
use crate::model::validate::fmt_secs;
use crate::model::{Id, MapNode, Session, Speaker};
use crate::ui::widgets::caption;
use egui::{RichText, Ui};

/// A step named after a statement: its first words, for the facilitator to turn into a verb phrase.
pub(super) fn label_from_statement(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut label = String::new();
    for w in words {
        if label.chars().count() + w.chars().count() > 60 {
            label.push('…');
            break;
        }
        if !label.is_empty() {
            label.push(' ');
        }
        label.push_str(w);
    }
    label.trim_end_matches(['.', ',', ';']).to_owned()
}

/// The interview statements, to build steps from and to cite as evidence.
pub(super) fn statement_picker(
    ui: &mut Ui,
    session: &Session,
    revision: u64,
    mv: &mut MapView,
    sc: &mut MapScratch,
    edits: &mut MapEdits<'_>,
) {
    ui.add_space(4.0);
    ui.label(RichText::new("Statements").strong());
    let picked = sc.picked_statement.and_then(|id| session.statement(id));
    match picked {
        None => caption(
            ui,
            "Pick a statement to make a step from it, or to cite it as evidence.",
        ),
        Some((interview, st)) => {
            let lanes = geo::visible_lanes(edits.map());
            ui.horizontal_wrapped(|ui| {
                ui.label("New step in");
                for lane in lanes {
                    if ui
                        .button(format!("➕ {}", lane.short()))
                        .on_hover_text(format!("A {} step citing this statement", lane.label()))
                        .clicked()
                    {
                        let mut node = MapNode {
                            id: Id::new(),
                            lane,
                            label: label_from_statement(&st.text),
                            pos: geo::next_position(edits.map(), lane),
                            evidence: vec![st.id],
                            ..MapNode::default()
                        };
                        if st.speaker == Speaker::Interviewee {
                            node.participants.push(interview.participant);
                        }
                        let id = node.id;
                        edits.change("Add step from statement", |m| m.nodes.push(node));
                        sc.selection = Some(Selection::Node(id));
                        sc.focus_label = true;
                        sc.reveal = true;
                    }
                }
            });
            match sc.selection {
                Some(Selection::Node(nid)) => {
                    let cited = edits
                        .map()
                        .nodes
                        .iter()
                        .any(|n| n.id == nid && n.evidence.contains(&st.id));
                    if ui
                        .add_enabled(!cited, egui::Button::new("📎 Cite for selected step"))
                        .clicked()
                    {
                        let participant = interview.participant;
                        let interviewee = st.speaker == Speaker::Interviewee;
                        let sid = st.id;
                        edits.change("Cite evidence", |m| {
                            if let Some(n) = m.nodes.iter_mut().find(|n| n.id == nid) {
                                n.evidence.push(sid);
                                if interviewee && !n.participants.contains(&participant) {
                                    n.participants.push(participant);
                                }
                            }
                        });
                    }
                }
                Some(Selection::Link(lid)) => {
                    let cited = edits
                        .map()
                        .links
                        .iter()
                        .any(|l| l.id == lid && l.gap.evidence.contains(&st.id));
                    if ui
                        .add_enabled(!cited, egui::Button::new("📎 Cite for selected gap"))
                        .clicked()
                    {
                        let sid = st.id;
                        edits.change("Cite evidence", |m| {
                            if let Some(l) = m.links.iter_mut().find(|l| l.id == lid) {
                                l.gap.evidence.push(sid);
                            }
                        });
                    }
                }
                None => {}
            }
        }
    }
    ui.horizontal(|ui| {
        let l = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut sc.statement_filter)
                .hint_text("Filter statements")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    });
    ui.checkbox(&mut mv.facilitator_notes, "Include facilitator notes");
    ui.separator();
    let hits = statement_matches(ui, session, revision, mv, sc);
    egui::ScrollArea::vertical()
        .id_salt("map_statement_list")
        .show(ui, |ui| {
            if session.statement_count() == 0 {
                caption(ui, "No statements yet: capture interviews first.");
            }
            // Large programmes hold tens of thousands of statements: draw a page of
            // them and let the filter find the rest.
            let more = hits.len().saturating_sub(MAX_LISTED);
            let shown = &hits[..hits.len().min(MAX_LISTED)];
            // Hits are in session order: one heading per run of the same interview.
            for run in shown.chunk_by(|a, b| a.0 == b.0) {
                let Some(i) = run.first().and_then(|h| session.interviews.get(h.0)) else {
                    continue;
                };
                let who = session.pseudonym(i.participant);
                let matching = run.iter().filter_map(|h| i.statements.get(h.1));
                ui.label(
                    RichText::new(format!("{} · {who}", i.title))
                        .small()
                        .strong(),
                );
                for st in matching {
                    let speaker = match st.speaker {
                        Speaker::Interviewee => who,
                        Speaker::Facilitator => "Facilitator",
                    };
                    let mut text = RichText::new(format!(
                        "{} {speaker} · {}: {}",
                        fmt_secs(st.at_secs),
                        st.kind.label(),
                        st.text
                    ));
                    if st.off_record {
                        text = text.italics().weak();
                    }
                    let selected = sc.picked_statement == Some(st.id);
                    let r = ui.add(egui::Button::selectable(selected, text).wrap());
                    let r = if st.off_record {
                        r.on_hover_text("Off the record: kept in this file, never exported")
                    } else {
                        r
                    };
                    if r.clicked() {
                        sc.picked_statement = if selected { None } else { Some(st.id) };
                    }
                }
                ui.add_space(6.0);
            }
            if more > 0 {
                caption(
                    ui,
                    &format!("{more} more statements: type in the filter to find them."),
                );
            }
        });
}

/// The statements the picker lists (interview and statement positions, in session
/// order), kept between frames: filtering tens of thousands of statements on every
/// frame, or on every keystroke in the filter, made the map lag. Typing more letters
/// narrows the previous matches instead of searching everything again.
pub(super) fn statement_matches(
    ui: &Ui,
    session: &Session,
    revision: u64,
    mv: &MapView,
    sc: &MapScratch,
) -> std::sync::Arc<Vec<(usize, usize)>> {
    type Lower = std::sync::Arc<Vec<Vec<String>>>;
    #[derive(Clone, Default)]
    struct Cache {
        key: Option<(u64, bool)>,
        filter: String,
        hits: std::sync::Arc<Vec<(usize, usize)>>,
        /// Every statement's text in lower case, for the revision it was made at.
        lower: Option<(u64, Lower)>,
    }
    let id = egui::Id::unique("map_statement_matches");
    let filter = sc.statement_filter.to_lowercase();
    let key = Some((revision, mv.facilitator_notes));
    let mut cache = ui.data(|d| d.get_temp::<Cache>(id)).unwrap_or_default();
    if cache.key == key && cache.filter == filter {
        return cache.hits;
    }
    let lower: Lower = match cache.lower.take() {
        Some((rev, lower)) if rev == revision => lower,
        _ => std::sync::Arc::new(
            session
                .interviews
                .iter()
                .map(|i| i.statements.iter().map(|s| s.text.to_lowercase()).collect())
                .collect(),
        ),
    };
    let finder = memchr::memmem::Finder::new(filter.as_bytes());
    let matches = |(i, s): &(usize, usize)| {
        lower
            .get(*i)
            .and_then(|l| l.get(*s))
            .is_some_and(|t| lower_contains(t, &finder))
    };
    let hits: Vec<(usize, usize)> = if cache.key == key && filter.contains(&cache.filter) {
        cache.hits.iter().copied().filter(|h| matches(h)).collect()
    } else {
        let mut hits = Vec::new();
        for (ii, i) in session.interviews.iter().enumerate() {
            for (si, s) in i.statements.iter().enumerate() {
                if (mv.facilitator_notes || s.speaker == Speaker::Interviewee) && matches(&(ii, si))
                {
                    hits.push((ii, si));
                }
            }
        }
        hits
    };
    let hits = std::sync::Arc::new(hits);
    ui.data_mut(|d| {
        d.insert_temp(
            id,
            Cache {
                key,
                filter,
                hits: hits.clone(),
                lower: Some((revision, lower)),
            },
        )
    });
    hits
}

/// Whether a statement's lowercased text contains the lowercased filter the finder
/// was built for (an empty filter matches everything).
pub(super) fn lower_contains(lower_text: &str, finder: &memchr::memmem::Finder<'_>) -> bool {
    finder.needle().is_empty() || finder.find(lower_text.as_bytes()).is_some()
}
