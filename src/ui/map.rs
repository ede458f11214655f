//! The Map workspace: work-as-imagined vs work-as-done, side by side.
//!
//! Why a custom canvas on [`egui::Scene`] and not egui-snarl: the map's data lives in
//! the session model (every change is an undoable [`Command`]), while snarl keeps its
//! own graph state that we would have to mirror both ways; lanes are not a
//! node-graph concept (snarl has free-floating nodes with typed pins, we have
//! horizontal bands and two kinds of connection); and it is one dependency less.
//! `Scene` gives pan and zoom; everything drawn comes from `model::map`'s geometry,
//! which the SVG export shares, so the picture on screen and the export agree.

use super::widgets::{caption, empty_state};
use super::{Action, Outbox, ViewState};
use crate::model::export::ExportOptions;
use crate::model::map::{self as geo, Box2, Connected, Direction, PRESSURES};
use crate::model::validate::fmt_secs;
use crate::model::{
    Command, Edit, GapNote, Id, Lane, MapLink, MapNode, Relation, Session, Speaker, WorkMap,
};
use egui::{Color32, Key, Rect, RichText, Sense, Stroke, Ui, Vec2, pos2, vec2};

/// UI state of the Map workspace (not part of the session).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MapView {
    /// The map shown.
    pub selected_map: Option<Id>,
    /// Show the statement picker on the left.
    pub show_statements: bool,
    /// The lane a new step goes into when nothing is selected.
    pub new_lane: Lane,
    /// What is selected on the canvas.
    #[serde(skip)]
    pub selection: Option<Selection>,
    /// The statement picked in the statement list.
    #[serde(skip)]
    pub picked_statement: Option<Id>,
    /// Filter text for the statement list.
    #[serde(skip)]
    pub statement_filter: String,
    /// The visible part of the canvas, per map.
    #[serde(skip)]
    scene: Option<(Id, Rect)>,
    /// Show the whole map next frame ("Fit").
    #[serde(skip)]
    fit_all: bool,
    /// Show the statement picker in a narrow window.
    #[serde(skip)]
    narrow_statements: bool,
    /// Pan the canvas to the selected step next frame.
    #[serde(skip)]
    reveal: bool,
    /// Include facilitator notes in the statement list.
    pub facilitator_notes: bool,
    /// A step being dragged: its id and how far it moved so far (canvas units).
    #[serde(skip)]
    drag: Option<(Id, Vec2)>,
    /// A connection being dragged from this step's handle.
    #[serde(skip)]
    connecting: Option<Id>,
    /// Move keyboard focus to the step name field (and select its text) next frame.
    #[serde(skip)]
    focus_label: bool,
    /// Document being typed for the selected step.
    #[serde(skip)]
    document_buf: String,
    /// Asking to confirm deleting this map.
    #[serde(skip)]
    confirm_delete: Option<Id>,
    /// A text field had keyboard focus at the end of the last frame.
    #[serde(skip)]
    was_typing: bool,
    /// Last problem to show under the toolbar (e.g. "already connected").
    #[serde(skip)]
    problem: Option<String>,
}

impl Default for MapView {
    fn default() -> Self {
        Self {
            selected_map: None,
            show_statements: true,
            new_lane: Lane::Imagined,
            selection: None,
            picked_statement: None,
            statement_filter: String::new(),
            scene: None,
            drag: None,
            connecting: None,
            focus_label: false,
            document_buf: String::new(),
            confirm_delete: None,
            problem: None,
            was_typing: false,
            fit_all: false,
            narrow_statements: false,
            reveal: false,
            facilitator_notes: false,
        }
    }
}

/// What is selected on a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// A step.
    Node(Id),
    /// A cross-lane link (and its gap note).
    Link(Id),
}

/// Collects every change to the shown map made during one frame, so the frame
/// emits one whole-map command (two commands built from the same snapshot would
/// overwrite each other).
struct MapEdits {
    map: WorkMap,
    label: Option<&'static str>,
    typing: bool,
}

impl MapEdits {
    fn new(map: &WorkMap) -> Self {
        Self {
            map: map.clone(),
            label: None,
            typing: false,
        }
    }
    /// A change that is its own undo step, named for the Edit menu.
    fn change(&mut self, label: &'static str, f: impl FnOnce(&mut WorkMap)) {
        f(&mut self.map);
        self.label = Some(label);
    }
    /// Typing into a field (merged into one undo step).
    fn typing(&mut self, f: impl FnOnce(&mut WorkMap)) {
        f(&mut self.map);
        self.typing = true;
    }
    fn finish(self, original: &WorkMap, out: &mut Outbox) {
        if self.map == *original {
            return;
        }
        let cmd = Command::Map(Edit::put(self.map));
        match self.label {
            Some(label) => out.command(Command::Batch {
                label: label.to_owned(),
                commands: vec![cmd],
            }),
            None if self.typing => out.typing(cmd),
            None => out.command(cmd),
        }
    }
}

/// A gap note text field: label, hint, the field itself, rows.
type GapField = (
    &'static str,
    &'static str,
    fn(&mut GapNote) -> &mut String,
    usize,
);

const LABEL_FIELD: &str = "map_step_label";
/// At most this many statements are listed at once.
const MAX_LISTED: usize = 150;
/// Below this window width the statement list starts hidden.
const NARROW: f32 = 1000.0;

/// The Map workspace.
pub fn map_ui(ui: &mut Ui, session: &Session, view: &mut ViewState, out: &mut Outbox) {
    let revision = view.revision;
    let mv = &mut view.map;
    let current = mv
        .selected_map
        .and_then(|id| session.maps.iter().find(|m| m.id == id))
        .or_else(|| session.maps.first());
    // Remember what is shown before the tabs can pick another map for next frame.
    if let Some(m) = current
        && mv.selected_map != Some(m.id)
    {
        mv.selected_map = Some(m.id);
        mv.selection = None;
    }
    maps_bar(ui, session, current, mv, out);
    let Some(map) = current else {
        empty_state(
            ui,
            "No maps yet",
            "A map sets how work is imagined (plans, runbooks) beside how it is actually done, \
             and shows why each difference made sense. Make one per activity, e.g. \
             \"Responding to a pool alert\".",
        );
        ui.vertical_centered(|ui| {
            if ui.button("➕ New map").clicked() {
                new_map(session, mv, out);
            }
        });
        return;
    };
    let mut edits = MapEdits::new(map);
    // Checked before any field runs: Escape or Enter that leaves a field this frame
    // must not also act on the canvas.
    // egui drops focus on Escape before widgets run, so also ask about last frame.
    let typing = mv.was_typing || ui.ctx().text_edit_focused();
    toolbar(
        ui,
        session,
        map,
        mv,
        &mut edits,
        out,
        view.export_redact.unwrap_or(true),
    );
    let width = ui.available_width();
    let show_statements = if ui.ctx().content_rect().width() < NARROW {
        mv.narrow_statements
    } else {
        mv.show_statements
    };
    if show_statements {
        egui::Panel::left("map_statements")
            .resizable(true)
            .default_size((width * 0.22).clamp(160.0, 250.0))
            .size_range(150.0..=(width * 0.3).max(160.0))
            .show(ui, |ui| {
                statement_picker(ui, session, revision, mv, &mut edits)
            });
    }
    let selection_exists = match mv.selection {
        Some(Selection::Node(id)) => edits.map.nodes.iter().any(|n| n.id == id),
        Some(Selection::Link(id)) => edits.map.links.iter().any(|l| l.id == id),
        None => false,
    };
    if !selection_exists {
        mv.selection = None;
    }
    egui::Panel::right("map_inspector")
        .resizable(true)
        .default_size((width * 0.26).clamp(200.0, 290.0))
        .size_range(180.0..=(width * 0.36).max(200.0))
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| inspector(ui, session, map, mv, &mut edits));
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        if !typing && !ui.ctx().text_edit_focused() {
            keyboard(ui, map, mv, &mut edits);
        }
        let taint = super::widgets::taint_cached(ui, session, view.revision);
        canvas(ui, map, mv, &mut edits, &taint);
    });
    view.map.was_typing = ui.ctx().text_edit_focused();
    edits.finish(map, out);
}

fn new_map(session: &Session, mv: &mut MapView, out: &mut Outbox) {
    let m = geo::new_map(format!("Map {}", session.maps.len() + 1));
    mv.selected_map = Some(m.id);
    mv.selection = None;
    out.command(Command::Batch {
        label: "New map".into(),
        commands: vec![Command::Map(Edit::put(m))],
    });
}

/// Tabs for the session's maps, and creating one.
fn maps_bar(
    ui: &mut Ui,
    session: &Session,
    current: Option<&WorkMap>,
    mv: &mut MapView,
    out: &mut Outbox,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Maps").strong());
        for m in &session.maps {
            let selected = current.is_some_and(|c| c.id == m.id);
            let name = if m.name.trim().is_empty() {
                "(unnamed map)"
            } else {
                &m.name
            };
            if ui.selectable_label(selected, name).clicked() && !selected {
                mv.selected_map = Some(m.id);
                mv.selection = None;
                mv.confirm_delete = None;
            }
        }
        if ui
            .button("➕ New map")
            .on_hover_text("One map per activity, e.g. \"Responding to a pool alert\"")
            .clicked()
        {
            new_map(session, mv, out);
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn toolbar(
    ui: &mut Ui,
    session: &Session,
    map: &WorkMap,
    mv: &mut MapView,
    edits: &mut MapEdits,
    out: &mut Outbox,
    redact: bool,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Map name");
        let mut name = map.name.clone();
        if ui
            .add(
                egui::TextEdit::singleline(&mut name)
                    .hint_text("e.g. Responding to a pool alert")
                    .desired_width(220.0),
            )
            .labelled_by(l.id)
            .changed()
        {
            edits.typing(|m| m.name = name);
        }
        ui.separator();
        ui.label("Lanes");
        for lane in Lane::ALL {
            let mut on = map.lanes.contains(&lane);
            if ui
                .checkbox(&mut on, lane.short())
                .on_hover_text(format!(
                    "{}: {}. Hiding a lane keeps its steps.",
                    lane.label(),
                    lane.hint()
                ))
                .changed()
            {
                let m = geo::set_lane_visible(&edits.map, lane, on);
                edits.change(if on { "Show lane" } else { "Hide lane" }, |x| *x = m);
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let lanes = geo::visible_lanes(&edits.map);
        if !lanes.contains(&mv.new_lane)
            && let Some(first) = lanes.first()
        {
            mv.new_lane = *first;
        }
        let add = ui
            .add_enabled(!lanes.is_empty(), egui::Button::new("➕ New step"))
            .on_hover_text(
                "A blank step (N). With a step selected, it goes in that lane, after it.",
            );
        egui::ComboBox::from_id_salt("map_new_lane")
            .selected_text(format!("in {}", mv.new_lane.short()))
            .show_ui(ui, |ui| {
                for lane in &lanes {
                    ui.selectable_value(&mut mv.new_lane, *lane, lane.label());
                }
            })
            .response
            .widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::ComboBox,
                    true,
                    format!("Lane for a new step: {}", mv.new_lane.label()),
                )
            });
        if add.clicked() {
            add_blank_step(mv, edits);
        }
        ui.separator();
        if ui
            .button("✨ Tidy")
            .on_hover_text("Lays out each lane in sequence order and lines linked steps up")
            .clicked()
        {
            let m = geo::tidy(&edits.map);
            edits.change("Tidy map", |x| *x = m);
            mv.scene = None;
        }
        if ui
            .button("⛶ Fit")
            .on_hover_text("Zoom out to show the whole map")
            .clicked()
        {
            mv.fit_all = true;
        }
        // Narrow windows start with the list hidden so the canvas keeps its room.
        let shown = if ui.ctx().content_rect().width() < NARROW {
            &mut mv.narrow_statements
        } else {
            &mut mv.show_statements
        };
        ui.toggle_value(shown, "💬 Statements")
            .on_hover_text("Show the interview statements to build steps from and cite");
        ui.separator();
        let slug = file_slug(if map.name.trim().is_empty() {
            "map"
        } else {
            &map.name
        });
        let options = ExportOptions { redact };
        if ui
            .button("⬇ Export SVG…")
            .on_hover_text(if redact {
                "A picture for docs and slides; real names replaced with pseudonyms"
            } else {
                "A picture for docs and slides (real names kept: see Export)"
            })
            .clicked()
        {
            out.action(Action::ExportFile {
                file_name: format!("{slug}.svg"),
                extension: "svg",
                text: geo::to_svg(session, map, options),
            });
        }
        if ui
            .button("⬇ Gap table (Markdown)…")
            .on_hover_text("The table of gaps for the write-up")
            .clicked()
        {
            out.action(Action::ExportFile {
                file_name: format!("{slug}-gaps.md"),
                extension: "md",
                text: geo::to_markdown(session, map, options),
            });
        }
        ui.separator();
        if mv.confirm_delete == Some(map.id) {
            ui.label(
                RichText::new(format!(
                    "Delete “{}” and its {} steps?",
                    map.name,
                    map.nodes.len()
                ))
                .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Delete map").clicked() {
                mv.confirm_delete = None;
                mv.selected_map = None;
                mv.selection = None;
                out.command(Command::Batch {
                    label: "Delete map".into(),
                    commands: vec![Command::Map(Edit::remove(map.id))],
                });
            }
            if ui.button("Cancel").clicked() {
                mv.confirm_delete = None;
            }
        } else if ui
            .button("🗑 Delete map…")
            .on_hover_text("Asks first; Ctrl+Z brings it back")
            .clicked()
        {
            mv.confirm_delete = Some(map.id);
        }
    });
    let hint = match mv.connecting {
        Some(_) => {
            "Drop on a step: same lane = \"then\", another lane = how done relates to imagined. Esc cancels."
        }
        None => {
            "Double-click a lane to add a step · drag steps to move · drag from a step's blue dot onto another step to connect · \
                 N new step · F2/Enter rename · Delete remove · arrows move the selection · \
                 scroll or pinch to zoom"
        }
    };
    caption(ui, hint);
    if let Some(p) = &mv.problem {
        ui.label(RichText::new(p).color(ui.visuals().warn_fg_color));
    }
    ui.add_space(2.0);
}

fn file_slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() { "map".into() } else { s }
}

/// Adds a blank step: after the selected step in its lane, or in the chosen lane.
fn add_blank_step(mv: &mut MapView, edits: &mut MapEdits) {
    let after = match mv.selection {
        Some(Selection::Node(id)) => edits.map.nodes.iter().find(|n| n.id == id).cloned(),
        _ => None,
    };
    let lane = after.as_ref().map(|n| n.lane).unwrap_or(mv.new_lane);
    if !edits.map.lanes.contains(&lane) {
        return;
    }
    let node = MapNode {
        id: Id::new(),
        lane,
        label: String::new(),
        pos: geo::next_position(&edits.map, lane),
        ..MapNode::default()
    };
    let id = node.id;
    edits.change("Add step", |m| m.nodes.push(node));
    if let Some(prev) = after
        && let Ok((m, _)) = geo::connect(&edits.map, prev.id, id, Relation::Adapts)
    {
        edits.map = m;
    }
    mv.selection = Some(Selection::Node(id));
    mv.focus_label = true;
    mv.reveal = true;
}

/// A step named after a statement: its first words, for the facilitator to turn into a verb phrase.
fn label_from_statement(text: &str) -> String {
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
fn statement_picker(
    ui: &mut Ui,
    session: &Session,
    revision: u64,
    mv: &mut MapView,
    edits: &mut MapEdits,
) {
    ui.add_space(4.0);
    ui.label(RichText::new("Statements").strong());
    let picked = mv.picked_statement.and_then(|id| session.statement(id));
    match picked {
        None => caption(
            ui,
            "Pick a statement to make a step from it, or to cite it as evidence.",
        ),
        Some((interview, st)) => {
            let lanes = geo::visible_lanes(&edits.map);
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
                            pos: geo::next_position(&edits.map, lane),
                            evidence: vec![st.id],
                            ..MapNode::default()
                        };
                        if st.speaker == Speaker::Interviewee {
                            node.participants.push(interview.participant);
                        }
                        let id = node.id;
                        edits.change("Add step from statement", |m| m.nodes.push(node));
                        mv.selection = Some(Selection::Node(id));
                        mv.focus_label = true;
                        mv.reveal = true;
                    }
                }
            });
            match mv.selection {
                Some(Selection::Node(nid)) => {
                    let cited = edits
                        .map
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
                        .map
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
            egui::TextEdit::singleline(&mut mv.statement_filter)
                .hint_text("Filter statements")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    });
    ui.checkbox(&mut mv.facilitator_notes, "Include facilitator notes");
    ui.separator();
    let hits = statement_matches(ui, session, revision, mv);
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
                    let selected = mv.picked_statement == Some(st.id);
                    let r = ui.add(egui::Button::selectable(selected, text).wrap());
                    let r = if st.off_record {
                        r.on_hover_text("Off the record: kept in this file, never exported")
                    } else {
                        r
                    };
                    if r.clicked() {
                        mv.picked_statement = if selected { None } else { Some(st.id) };
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
fn statement_matches(
    ui: &Ui,
    session: &Session,
    revision: u64,
    mv: &MapView,
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
    let filter = mv.statement_filter.to_lowercase();
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
fn lower_contains(lower_text: &str, finder: &memchr::memmem::Finder<'_>) -> bool {
    finder.needle().is_empty() || finder.find(lower_text.as_bytes()).is_some()
}

/// Keyboard access on the canvas (ignored while typing in a field).
fn keyboard(ui: &mut Ui, map: &WorkMap, mv: &mut MapView, edits: &mut MapEdits) {
    let pressed = |k: Key| ui.input(|i| i.key_pressed(k) && i.modifiers.is_none());
    if pressed(Key::Escape) {
        mv.connecting = None;
        mv.drag = None;
        mv.selection = None;
        mv.problem = None;
    }
    if pressed(Key::N) {
        add_blank_step(mv, edits);
        return;
    }
    let Some(sel) = mv.selection else {
        // Arrows with nothing selected start at the first step.
        if [
            Key::ArrowLeft,
            Key::ArrowRight,
            Key::ArrowUp,
            Key::ArrowDown,
        ]
        .into_iter()
        .any(pressed)
            && let Some(first) = geo::visible_lanes(map)
                .first()
                .and_then(|l| first_in_lane(map, *l))
        {
            mv.selection = Some(Selection::Node(first));
            mv.reveal = true;
        }
        return;
    };
    if (pressed(Key::F2) || pressed(Key::Enter)) && matches!(sel, Selection::Node(_)) {
        mv.focus_label = true;
    }
    if pressed(Key::Delete) || pressed(Key::Backspace) {
        match sel {
            Selection::Node(id) => {
                let m = geo::remove_node(&edits.map, id);
                edits.change("Delete step", |x| *x = m);
            }
            Selection::Link(id) => edits.change("Delete link", |m| m.links.retain(|l| l.id != id)),
        }
        mv.selection = None;
        return;
    }
    if let Selection::Node(id) = sel {
        for (k, d) in [
            (Key::ArrowLeft, Direction::Left),
            (Key::ArrowRight, Direction::Right),
            (Key::ArrowUp, Direction::Up),
            (Key::ArrowDown, Direction::Down),
        ] {
            if pressed(k)
                && let Some(next) = geo::neighbour(map, id, d)
            {
                mv.selection = Some(Selection::Node(next));
                mv.reveal = true;
            }
        }
    }
}

fn first_in_lane(map: &WorkMap, lane: Lane) -> Option<Id> {
    map.nodes
        .iter()
        .filter(|n| n.lane == lane)
        .min_by(|a, b| a.pos[0].total_cmp(&b.pos[0]))
        .map(|n| n.id)
}

fn c32(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

fn to_rect(b: Box2) -> Rect {
    Rect::from_min_size(pos2(b.x, b.y), vec2(b.w, b.h))
}

const INK: Color32 = Color32::from_rgb(29, 35, 48);
const MUTED: Color32 = Color32::from_rgb(90, 98, 112);
const NO_EVIDENCE: Color32 = Color32::from_rgb(185, 119, 14);

/// Above this many steps the canvas draws only the steps, arrows and links in view.
const CULL_ABOVE_STEPS: usize = 1_000;

/// The pan-and-zoom canvas: lanes, steps, arrows, links and gap markers.
fn canvas(
    ui: &mut Ui,
    map: &WorkMap,
    mv: &mut MapView,
    edits: &mut MapEdits,
    taint: &crate::model::publish::Taint,
) {
    let bands = geo::lane_bands(map);
    if bands.is_empty() {
        empty_state(
            ui,
            "All lanes are hidden",
            "Tick a lane above to show it; hidden lanes keep their steps.",
        );
        return;
    }
    let [w, h] = geo::extent(map);
    let content = Rect::from_min_max(pos2(-20.0, -20.0), pos2(w + 20.0, h + 20.0));
    let mut scene_rect = match mv.scene {
        _ if mv.fit_all => content,
        Some((id, r)) if id == map.id => r,
        // First look: readable text from the left edge (not the whole map shrunk).
        _ => {
            let avail = ui.available_size().max(vec2(100.0, 100.0));
            let whole = (avail.x / content.width()).min(avail.y / content.height());
            let zoom = if whole >= 0.8 { whole.min(1.0) } else { 0.8 };
            Rect::from_min_size(content.min, avail / zoom)
        }
    };
    mv.fit_all = false;
    // After keyboard moves and new steps, pan so the selected step is in view.
    // (A step made this frame is not on the map until next frame: wait for it.)
    if mv.reveal
        && let Some(Selection::Node(id)) = mv.selection
        && let Some(b) = map
            .nodes
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| geo::node_box(&bands, n))
    {
        mv.reveal = false;
        let r = to_rect(b).expand(24.0);
        // Move only along the axis where the step is out of view.
        let mut d = r.center() - scene_rect.center();
        if r.left() >= scene_rect.left() && r.right() <= scene_rect.right() {
            d.x = 0.0;
        }
        if r.top() >= scene_rect.top() && r.bottom() <= scene_rect.bottom() {
            d.y = 0.0;
        }
        scene_rect = scene_rect.translate(d);
    }
    // Clicks on steps must not pan; panning is by dragging the background.
    let scene = egui::Scene::new().zoom_range(0.25..=1.5);
    let mut clicked_step = false;
    let view_right = scene_rect.right();
    let mut pointer_in_lane: Option<(egui::Pos2, Lane)> = None;
    let response = scene
        .show(ui, &mut scene_rect, |ui| {
            let painter = ui.painter().clone();
            let to_scene = ui
                .ctx()
                .layer_transform_from_global(ui.layer_id())
                .unwrap_or_default();
            let pointer = ui.input(|i| i.pointer.latest_pos()).map(|p| to_scene * p);
            pointer_in_lane = pointer.and_then(|p| {
                bands
                    .iter()
                    .find(|b| p.y >= b.top && p.y <= b.top + b.height)
                    .map(|b| (p, b.lane))
            });
            // Lanes.
            let lane_right = w.max(view_right);
            for b in &bands {
                let r = Rect::from_min_max(pos2(0.0, b.top), pos2(lane_right, b.top + b.height));
                painter.rect(
                    r,
                    8.0,
                    c32(b.lane.color()),
                    Stroke::new(1.0, Color32::from_rgb(201, 209, 220)),
                    egui::StrokeKind::Inside,
                );
                painter.text(
                    pos2(14.0, b.top + 16.0),
                    egui::Align2::LEFT_TOP,
                    b.lane.label(),
                    egui::FontId::proportional(15.0),
                    INK,
                );
                let hint = painter.layout(
                    b.lane.hint().to_owned(),
                    egui::FontId::proportional(11.5),
                    MUTED,
                    geo::LANE_HEADER_W - 24.0,
                );
                painter.galley(pos2(14.0, b.top + 38.0), hint, MUTED);
            }
            // Where each step is drawn this frame (a dragged step follows the pointer).
            let boxes: std::collections::HashMap<Id, Rect> = map
                .nodes
                .iter()
                .filter_map(|n| {
                    let mut r = to_rect(geo::node_box(&bands, n)?);
                    if let Some((id, d)) = mv.drag
                        && id == n.id
                    {
                        r = r.translate(d);
                    }
                    Some((n.id, r))
                })
                .collect();
            // A large map draws only what is in view (the clip rect is in scene
            // units); a small one draws everything, so every step stays in the
            // accessibility tree.
            let visible = ui.clip_rect().expand(60.0);
            let cull = map.nodes.len() > CULL_ABOVE_STEPS;
            let off_screen = |r: Rect| cull && !visible.intersects(r);
            // Sequence arrows.
            for e in &map.edges {
                let (Some(a), Some(b)) = (boxes.get(&e.from), boxes.get(&e.to)) else {
                    continue;
                };
                if off_screen(a.union(*b)) {
                    continue;
                }
                draw_edge(&painter, *a, *b);
            }
            // Cross-lane links with relation and gap markers.
            let gap_numbers: std::collections::HashMap<Id, usize> =
                geo::gaps(map).into_iter().map(|(n, l)| (l.id, n)).collect();
            for l in &map.links {
                // A link to a step in a hidden lane is hidden with it (not drawn as a stub).
                if l.imagined.is_some_and(|id| !boxes.contains_key(&id))
                    || l.done.is_some_and(|id| !boxes.contains_key(&id))
                {
                    continue;
                }
                let a = l.imagined.and_then(|id| boxes.get(&id));
                let b = l.done.and_then(|id| boxes.get(&id));
                let (p1, p2) = match (a, b) {
                    (Some(a), Some(b)) => (a.center_bottom(), b.center_top()),
                    (Some(a), None) => (a.center_bottom(), a.center_bottom() + vec2(0.0, 34.0)),
                    (None, Some(b)) => (b.center_top() - vec2(0.0, 34.0), b.center_top()),
                    (None, None) => continue,
                };
                let color = c32(l.relation.color());
                let selected = mv.selection == Some(Selection::Link(l.id));
                if !selected && off_screen(Rect::from_two_pos(p1, p2).expand(30.0)) {
                    continue;
                }
                let stroke = Stroke::new(if selected { 3.5 } else { 2.0 }, color);
                if l.relation.is_gap() {
                    // Dashed only where it can be seen: a link across a canvas of 10^6
                    // units is 10^5 dashes, and took gigabytes in one second.
                    if let Some((c1, c2)) = clip_dashes(p1, p2, ui.clip_rect().expand(40.0)) {
                        painter.extend(egui::Shape::dashed_line(&[c1, c2], stroke, 6.0, 4.0));
                    }
                } else {
                    painter.line_segment([p1, p2], stroke);
                }
                let mid = if a.is_some() && b.is_some() {
                    p1 + (p2 - p1) * 0.5
                } else if a.is_some() {
                    p2
                } else {
                    p1
                };
                let marker = Rect::from_center_size(mid, vec2(28.0, 28.0));
                let name = match gap_numbers.get(&l.id) {
                    Some(n) => format!("Gap G{n}: {}", l.relation.label()),
                    None => format!("Link: {}", l.relation.label()),
                };
                let r = ui
                    .interact(marker, egui::Id::unique(("map_link", l.id)), Sense::click())
                    .on_hover_text(format!("{name} — click to edit"));
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
                if r.clicked() {
                    mv.selection = Some(Selection::Link(l.id));
                    clicked_step = true;
                }
                match gap_numbers.get(&l.id) {
                    Some(n) => {
                        let annotated = geo::gap_is_annotated(&l.gap);
                        painter.circle(
                            mid,
                            13.0,
                            if annotated { color } else { Color32::WHITE },
                            Stroke::new(if selected || r.hovered() { 3.0 } else { 2.0 }, color),
                        );
                        painter.text(
                            mid,
                            egui::Align2::CENTER_CENTER,
                            format!("G{n}"),
                            egui::FontId::proportional(11.0),
                            if annotated { Color32::WHITE } else { color },
                        );
                        painter.text(
                            mid + vec2(17.0, 0.0),
                            egui::Align2::LEFT_CENTER,
                            l.relation.label(),
                            egui::FontId::proportional(11.5),
                            color,
                        );
                    }
                    None => {
                        painter.circle_filled(
                            mid,
                            if r.hovered() || selected { 6.0 } else { 4.0 },
                            color,
                        );
                        painter.text(
                            mid + vec2(8.0, 0.0),
                            egui::Align2::LEFT_CENTER,
                            l.relation.label(),
                            egui::FontId::proportional(11.5),
                            color,
                        );
                    }
                }
            }
            // Steps.
            let link_ends: Vec<Option<Id>> = match mv.selection {
                Some(Selection::Link(id)) => map
                    .links
                    .iter()
                    .filter(|l| l.id == id)
                    .flat_map(|l| [l.imagined, l.done])
                    .collect(),
                _ => Vec::new(),
            };
            let mut drop_target: Option<Id> = None;
            for n in &map.nodes {
                let Some(rect) = boxes.get(&n.id).copied() else {
                    continue;
                };
                let busy = mv.selection == Some(Selection::Node(n.id))
                    || mv.drag.is_some_and(|(d, _)| d == n.id)
                    || mv.connecting == Some(n.id);
                if !busy && off_screen(rect) {
                    continue;
                }
                let id = egui::Id::unique(("map_node", n.id));
                let r = ui.interact(rect, id, Sense::click_and_drag());
                let label = if n.label.trim().is_empty() {
                    "(unnamed step)"
                } else {
                    &n.label
                };
                r.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, label.to_owned())
                });
                // A selected link highlights both of its steps.
                let selected =
                    mv.selection == Some(Selection::Node(n.id)) || link_ends.contains(&Some(n.id));
                if r.clicked() || r.drag_started() {
                    mv.selection = Some(Selection::Node(n.id));
                    clicked_step = true;
                }
                if r.double_clicked() {
                    mv.focus_label = true;
                }
                if r.dragged() {
                    let d = r.drag_delta();
                    let total = match mv.drag {
                        Some((did, t)) if did == n.id => t + d,
                        _ => d,
                    };
                    mv.drag = Some((n.id, total));
                }
                if r.drag_stopped()
                    && let Some((did, total)) = mv.drag.take()
                    && did == n.id
                    && total.length() > 1.0
                {
                    let base = to_rect(geo::node_box(&bands, n).unwrap_or(Box2 {
                        x: 0.0,
                        y: 0.0,
                        w: 0.0,
                        h: 0.0,
                    }));
                    let p = base.min + total;
                    let pos = geo::position_for(&bands, n.lane, p.x, p.y);
                    let nid = n.id;
                    edits.change("Move step", |m| {
                        if let Some(node) = m.nodes.iter_mut().find(|x| x.id == nid) {
                            node.pos = pos;
                        }
                    });
                }
                if let Some(p) = pointer
                    && rect.contains(p)
                    && mv.connecting.is_some_and(|from| from != n.id)
                {
                    drop_target = Some(n.id);
                }
                draw_node(
                    &painter,
                    n,
                    rect,
                    selected,
                    r.hovered(),
                    drop_target == Some(n.id),
                );
                if let Some((mark, _)) = taint.mark(n.id) {
                    // Made from off-the-record statements (exports withhold it).
                    painter.text(
                        rect.left_top() + vec2(8.0, 4.0),
                        egui::Align2::LEFT_TOP,
                        mark,
                        egui::FontId::proportional(10.0),
                        NO_EVIDENCE,
                    );
                }
                // The connection handle on the right edge.
                let handle = Rect::from_center_size(rect.right_center(), vec2(16.0, 16.0));
                let hr = ui
                    .interact(
                        handle,
                        egui::Id::unique(("map_handle", n.id)),
                        Sense::drag(),
                    )
                    .on_hover_text("Drag onto another step to connect");
                let active = hr.hovered() || hr.dragged() || selected || r.hovered();
                painter.circle(
                    rect.right_center(),
                    if active { 6.5 } else { 4.5 },
                    if active {
                        c32([31, 119, 180])
                    } else {
                        Color32::WHITE
                    },
                    Stroke::new(1.5, c32([31, 119, 180])),
                );
                if hr.drag_started() {
                    mv.connecting = Some(n.id);
                    mv.selection = Some(Selection::Node(n.id));
                }
            }
            // The connection being dragged, and dropping it.
            if let Some(from) = mv.connecting {
                let released = ui.input(|i| i.pointer.any_released() || !i.pointer.any_down());
                if let (Some(a), Some(p)) = (boxes.get(&from), pointer) {
                    painter
                        .line_segment([a.right_center(), p], Stroke::new(2.0, c32([31, 119, 180])));
                }
                if released {
                    mv.connecting = None;
                    if let Some(to) = drop_target {
                        connect(mv, edits, from, to);
                    }
                }
            }
        })
        .response;
    if response.clicked() && !clicked_step {
        mv.selection = None;
    }
    // Double-click on a lane: a new step right there.
    if response.double_clicked()
        && !clicked_step
        && let Some((pos, lane)) = pointer_in_lane
    {
        let node = MapNode {
            id: Id::new(),
            lane,
            label: String::new(),
            pos: geo::position_for(
                &bands,
                lane,
                pos.x - geo::NODE_W / 2.0,
                pos.y - geo::NODE_H / 2.0,
            ),
            ..MapNode::default()
        };
        let id = node.id;
        edits.change("Add step", |m| m.nodes.push(node));
        mv.selection = Some(Selection::Node(id));
        mv.focus_label = true;
    }
    mv.scene = Some((map.id, scene_rect));
}

fn connect(mv: &mut MapView, edits: &mut MapEdits, from: Id, to: Id) {
    match geo::connect(&edits.map, from, to, Relation::Adapts) {
        Ok((m, c)) => {
            mv.problem = None;
            match c {
                Connected::Edge(_) => edits.change("Connect steps", |x| *x = m),
                Connected::Link(id) => {
                    edits.change("Link imagined and done", |x| *x = m);
                    mv.selection = Some(Selection::Link(id));
                }
            }
        }
        Err(e) => mv.problem = Some(e.to_string()),
    }
}

/// The part of the segment `p1`–`p2` inside `rect` (Liang–Barsky), its start moved
/// back to a whole dash period (10 units) from `p1` so the dashes stay put as the view
/// pans; `None` when none of it is inside.
fn clip_dashes(p1: egui::Pos2, p2: egui::Pos2, rect: Rect) -> Option<(egui::Pos2, egui::Pos2)> {
    let d = p2 - p1;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, p1.x - rect.min.x),
        (d.x, rect.max.x - p1.x),
        (-d.y, p1.y - rect.min.y),
        (d.y, rect.max.y - p1.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 || t0.is_nan() || t1.is_nan() {
        return None;
    }
    let len = d.length();
    if len > 0.0 && t0 > 0.0 {
        t0 = ((t0 * len / 10.0).floor() * 10.0 / len).max(0.0);
    }
    Some((p1 + d * t0, p1 + d * t1))
}

fn draw_edge(painter: &egui::Painter, a: Rect, b: Rect) {
    let stroke = Stroke::new(1.6, Color32::from_rgb(68, 68, 85));
    let (tip, dir) = if b.left() >= a.right() {
        let (p1, p2) = (a.right_center() + vec2(7.0, 0.0), b.left_center());
        painter.line_segment([p1, p2], stroke);
        (p2, (p2 - p1).normalized())
    } else {
        // Backwards in the lane: curve underneath.
        let (p1, p2) = (a.center_bottom(), b.center_bottom());
        let dip = a.bottom().max(b.bottom()) + 24.0;
        let c1 = pos2(p1.x, dip);
        let c2 = pos2(p2.x, dip);
        painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
            [p1, c1, c2, p2],
            false,
            Color32::TRANSPARENT,
            stroke,
        ));
        (p2, (p2 - c2).normalized())
    };
    let side = vec2(-dir.y, dir.x) * 4.5;
    let back = tip - dir * 9.0;
    painter.add(egui::Shape::convex_polygon(
        vec![tip, back + side, back - side],
        stroke.color,
        Stroke::NONE,
    ));
}

#[allow(clippy::too_many_arguments)]
fn draw_node(
    painter: &egui::Painter,
    n: &MapNode,
    rect: Rect,
    selected: bool,
    hovered: bool,
    drop_target: bool,
) {
    let evidenced = geo::has_evidence(n);
    painter.rect_filled(rect, 8.0, Color32::WHITE);
    let stroke = if selected || drop_target {
        Stroke::new(3.0, c32([31, 119, 180]))
    } else if hovered {
        Stroke::new(2.0, Color32::from_rgb(74, 85, 102))
    } else if evidenced {
        Stroke::new(1.5, Color32::from_rgb(74, 85, 102))
    } else {
        Stroke::new(1.5, NO_EVIDENCE)
    };
    if evidenced || selected || drop_target {
        painter.rect_stroke(rect, 8.0, stroke, egui::StrokeKind::Inside);
    } else {
        // No evidence: a dashed outline, as in the SVG legend.
        let r = rect.shrink(1.0);
        let pts = [
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
            r.left_top(),
        ];
        painter.extend(egui::Shape::dashed_line(&pts, stroke, 5.0, 3.0));
    }
    let label = if n.label.trim().is_empty() {
        "(unnamed step)".to_owned()
    } else {
        n.label.clone()
    };
    let mut job = egui::text::LayoutJob::simple(
        label,
        egui::FontId::proportional(13.0),
        if n.label.trim().is_empty() {
            MUTED
        } else {
            INK
        },
        rect.width() - 16.0,
    );
    job.wrap.max_rows = if evidenced { 3 } else { 2 };
    job.halign = egui::Align::Center;
    let galley = painter.layout_job(job);
    let text_h = galley.size().y;
    let body_h = if evidenced {
        rect.height()
    } else {
        rect.height() - 14.0
    };
    let top = rect.top() + (body_h - text_h) / 2.0;
    painter.galley(pos2(rect.center().x, top), galley, INK);
    if evidenced {
        let count = n.evidence.len() + n.documents.len();
        painter.text(
            rect.right_top() + vec2(-8.0, 4.0),
            egui::Align2::RIGHT_TOP,
            format!("📎{count}"),
            egui::FontId::proportional(10.0),
            MUTED,
        );
    } else {
        painter.text(
            pos2(rect.center().x, rect.bottom() - 5.0),
            egui::Align2::CENTER_BOTTOM,
            "⚠ no evidence yet",
            egui::FontId::proportional(10.0),
            NO_EVIDENCE,
        );
    }
}

/// The right-hand panel: the selected step or link, or what to do next.
fn inspector(
    ui: &mut Ui,
    session: &Session,
    map: &WorkMap,
    mv: &mut MapView,
    edits: &mut MapEdits,
) {
    match mv.selection {
        Some(Selection::Node(id)) => {
            if let Some(n) = map.nodes.iter().find(|n| n.id == id) {
                node_inspector(ui, session, map, n, mv, edits);
            }
        }
        Some(Selection::Link(id)) => {
            if let Some(l) = map.links.iter().find(|l| l.id == id) {
                link_inspector(ui, session, map, l, mv, edits);
            }
        }
        None => overview(ui, map, mv),
    }
}

/// How many gaps the map's overview lists.
const GAPS_LISTED: usize = 200;

fn overview(ui: &mut Ui, map: &WorkMap, mv: &mut MapView) {
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
                mv.selection = Some(Selection::Link(l.id));
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

fn node_name(map: &WorkMap, id: Option<Id>) -> String {
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

fn node_inspector(
    ui: &mut Ui,
    session: &Session,
    map: &WorkMap,
    n: &MapNode,
    mv: &mut MapView,
    edits: &mut MapEdits,
) {
    let nid = n.id;
    ui.add_space(4.0);
    ui.label(RichText::new(format!("Step · {}", n.lane.label())).strong());
    super::widgets::taint_mark(ui, &crate::model::publish::Taint::entities(session), n.id);
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
    if mv.focus_label {
        mv.focus_label = false;
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
                egui::TextEdit::singleline(&mut mv.document_buf)
                    .hint_text("runbook, page, ticket…")
                    .desired_width(ui.available_width() - 50.0),
            )
            .labelled_by(l.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if (ui.button("Add").clicked() || enter) && !mv.document_buf.trim().is_empty() {
            let d = std::mem::take(&mut mv.document_buf).trim().to_owned();
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
            mv.selection = Some(Selection::Link(l.id));
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
            .max_height(360.0)
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
        connect(mv, edits, nid, to);
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
        mv.selection = Some(Selection::Link(lid));
    }
    ui.add_space(10.0);
    if ui
        .button("🗑 Delete step")
        .on_hover_text("Also removes its arrows and links (Delete; Ctrl+Z brings it back)")
        .clicked()
    {
        let m = geo::remove_node(&edits.map, nid);
        edits.change("Delete step", |x| *x = m);
        mv.selection = None;
    }
}

fn link_inspector(
    ui: &mut Ui,
    session: &Session,
    map: &WorkMap,
    l: &MapLink,
    mv: &mut MapView,
    edits: &mut MapEdits,
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
            mv.selection = Some(Selection::Node(id));
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
        mv.selection = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_link_across_the_canvas_is_dashed_only_in_view() {
        let view = Rect::from_min_max(pos2(0.0, 0.0), pos2(1000.0, 800.0));
        let (a, b) = clip_dashes(pos2(-1.0e6, 100.0), pos2(1.0e6, 100.0), view).unwrap();
        // (f32 at 10^6 units: a unit either way.)
        assert!(
            a.x >= -11.0 && a.x <= 1.0 && (b.x - 1000.0).abs() <= 1.0,
            "{a:?} {b:?}"
        );
        assert!(clip_dashes(pos2(-5.0, -5.0), pos2(-1.0, -900.0), view).is_none());
        let inside = clip_dashes(pos2(10.0, 10.0), pos2(20.0, 30.0), view).unwrap();
        assert_eq!(inside, (pos2(10.0, 10.0), pos2(20.0, 30.0)));
    }

    #[test]
    fn filter_ignores_case_without_losing_non_ascii() {
        let has = |text: &str, filter: &str| {
            let needle = filter.to_lowercase();
            lower_contains(
                &text.to_lowercase(),
                &memchr::memmem::Finder::new(needle.as_bytes()),
            )
        };
        assert!(has("Messaged P2 directly", "P2 dir"));
        assert!(has("anything", ""));
        assert!(!has("Messaged", "paged"));
        assert!(has("Über die Lösung", "LÖSUNG"));
    }

    #[test]
    fn labels_and_file_names_from_user_text() {
        assert_eq!(
            file_slug("The first half hour: noticing!"),
            "the-first-half-hour-noticing"
        );
        assert_eq!(file_slug("***"), "map");
        let l = label_from_statement(
            "Decided not to page Payments yet and look at the gateway dashboard myself first.",
        );
        assert!(l.chars().count() <= 62, "{l}");
        assert!(l.starts_with("Decided not to page Payments yet"));
    }
}
