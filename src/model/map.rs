//! Work-as-imagined vs work-as-done maps: layout, editing rules and exports.
//!
//! Pure functions over [`WorkMap`]; the egui view (`ui/map.rs`) and the exports
//! share the same geometry so the picture on screen and the SVG agree.
//!
//! Coordinates: a node's `pos[0]` is its x on the canvas; `pos[1]` is its vertical
//! offset *inside its lane band*. Lanes can be shown and hidden, so storing the
//! offset (not an absolute y) keeps every step in its lane when bands move.

use super::export::{ExportOptions, escape_cell, escape_inline};
use super::id::Id;
use super::redact::Redactor;
use super::session::*;
use super::validate::fmt_secs;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use thiserror::Error;

/// Width of a step box.
pub const NODE_W: f32 = 170.0;
/// Height of a step box.
pub const NODE_H: f32 = 64.0;
/// Width of the lane header column on the left.
pub const LANE_HEADER_W: f32 = 170.0;
/// Leftmost x a step may take (right of the lane header).
pub const CONTENT_X: f32 = LANE_HEADER_W + 30.0;
/// Space above and below steps inside a lane.
pub const LANE_PAD: f32 = 26.0;
/// Vertical space between two lanes, where cross-lane links run.
pub const LANE_GAP: f32 = 40.0;
/// Horizontal space between two steps after "Tidy".
pub const COL_GAP: f32 = 56.0;
/// Smallest lane height.
pub const MIN_LANE_H: f32 = NODE_H + 2.0 * LANE_PAD;
/// Characters per line of a step label (SVG wrapping; the screen wraps by width).
const NODE_CHARS: usize = 22;

/// The pressures a gap usually answers (issue vocabulary; the field stays free text).
pub const PRESSURES: [&str; 5] = ["time", "resources", "goal conflict", "tooling", "knowledge"];

impl Lane {
    /// All lanes, top to bottom.
    pub const ALL: [Lane; 4] = [
        Lane::Imagined,
        Lane::Prescribed,
        Lane::Disclosed,
        Lane::Done,
    ];

    /// The lane's name, as in the literature.
    pub fn label(self) -> &'static str {
        match self {
            Lane::Imagined => "Work-as-imagined",
            Lane::Prescribed => "Work-as-prescribed",
            Lane::Disclosed => "Work-as-disclosed",
            Lane::Done => "Work-as-done",
        }
    }

    /// A short name for buttons.
    pub fn short(self) -> &'static str {
        match self {
            Lane::Imagined => "Imagined",
            Lane::Prescribed => "Prescribed",
            Lane::Disclosed => "Disclosed",
            Lane::Done => "Done",
        }
    }

    /// What belongs in the lane.
    pub fn hint(self) -> &'static str {
        match self {
            Lane::Imagined => "how planners and managers picture it",
            Lane::Prescribed => "what runbooks and procedures say",
            Lane::Disclosed => "what people say they do",
            Lane::Done => "what actually happens",
        }
    }

    /// Background colour of the lane band (RGB).
    pub fn color(self) -> [u8; 3] {
        match self {
            Lane::Imagined => [232, 240, 252],
            Lane::Prescribed => [240, 235, 251],
            Lane::Disclosed => [252, 244, 228],
            Lane::Done => [231, 245, 234],
        }
    }

    fn rank(self) -> usize {
        Lane::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
}

impl Relation {
    /// All relations, in menu order.
    pub const ALL: [Relation; 5] = [
        Relation::Matches,
        Relation::Adapts,
        Relation::Skips,
        Relation::Adds,
        Relation::Reorders,
    ];

    /// The relation as a word.
    pub fn label(self) -> &'static str {
        match self {
            Relation::Matches => "matches",
            Relation::Adapts => "adapts",
            Relation::Skips => "skips",
            Relation::Adds => "adds",
            Relation::Reorders => "reorders",
        }
    }

    /// What it means, for tooltips and the legend.
    pub fn hint(self) -> &'static str {
        match self {
            Relation::Matches => "done as imagined",
            Relation::Adapts => "done differently",
            Relation::Skips => "imagined step not done",
            Relation::Adds => "done, but not imagined",
            Relation::Reorders => "done in another order",
        }
    }

    /// Every relation except "matches" is a gap and deserves a gap note.
    pub fn is_gap(self) -> bool {
        self != Relation::Matches
    }

    /// Line colour (RGB).
    pub fn color(self) -> [u8; 3] {
        match self {
            Relation::Matches => [96, 110, 122],
            Relation::Adapts => [31, 119, 180],
            Relation::Skips => [192, 57, 43],
            Relation::Adds => [142, 68, 173],
            Relation::Reorders => [196, 126, 16],
        }
    }
}

/// A rectangle in canvas coordinates (the model has no egui types).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Box2 {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Box2 {
    /// Centre point.
    pub fn center(&self) -> [f32; 2] {
        [self.x + self.w / 2.0, self.y + self.h / 2.0]
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
}

/// A visible lane and where it sits on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBand {
    /// Which lane.
    pub lane: Lane,
    /// Top y.
    pub top: f32,
    /// Height.
    pub height: f32,
}

/// The lanes shown on a map, top to bottom (always in the canonical order).
pub fn visible_lanes(map: &WorkMap) -> Vec<Lane> {
    Lane::ALL
        .into_iter()
        .filter(|l| map.lanes.contains(l))
        .collect()
}

/// The bands of the visible lanes, starting at y = 0. Lanes grow to fit their steps.
pub fn lane_bands(map: &WorkMap) -> Vec<LaneBand> {
    let mut top = 0.0;
    visible_lanes(map)
        .into_iter()
        .map(|lane| {
            let deepest = map
                .nodes
                .iter()
                .filter(|n| n.lane == lane)
                .map(|n| clamp_offset(n.pos[1]) + NODE_H + LANE_PAD)
                .fold(MIN_LANE_H, f32::max);
            let band = LaneBand {
                lane,
                top,
                height: deepest,
            };
            top += deepest + LANE_GAP;
            band
        })
        .collect()
}

fn clamp_offset(y: f32) -> f32 {
    if y.is_finite() { y.max(8.0) } else { LANE_PAD }
}

fn clamp_x(x: f32) -> f32 {
    if x.is_finite() {
        x.max(CONTENT_X)
    } else {
        CONTENT_X
    }
}

/// Where a step is drawn, or `None` when its lane is hidden.
pub fn node_box(bands: &[LaneBand], node: &MapNode) -> Option<Box2> {
    let band = bands.iter().find(|b| b.lane == node.lane)?;
    Some(Box2 {
        x: clamp_x(node.pos[0]),
        y: band.top + clamp_offset(node.pos[1]),
        w: NODE_W,
        h: NODE_H,
    })
}

/// The stored position for a step whose box should have its top-left corner at
/// (`x`, `y`) on the canvas, keeping it inside its own lane band.
pub fn position_for(bands: &[LaneBand], lane: Lane, x: f32, y: f32) -> [f32; 2] {
    let top = bands
        .iter()
        .find(|b| b.lane == lane)
        .map(|b| b.top)
        .unwrap_or(0.0);
    // Lanes grow downwards, so only limit how far a step can go (one lane's worth).
    let offset = (y - top).clamp(8.0, MIN_LANE_H * 3.0);
    [clamp_x(x).round(), offset.round()]
}

/// Where a new step goes in a lane: right of the rightmost step there.
pub fn next_position(map: &WorkMap, lane: Lane) -> [f32; 2] {
    let x = map
        .nodes
        .iter()
        .filter(|n| n.lane == lane)
        .map(|n| clamp_x(n.pos[0]) + NODE_W + COL_GAP)
        .fold(CONTENT_X, f32::max);
    [x, LANE_PAD]
}

/// The extent of everything drawn (width, height), for the SVG and "fit to view".
pub fn extent(map: &WorkMap) -> [f32; 2] {
    let bands = lane_bands(map);
    let w = map
        .nodes
        .iter()
        .filter_map(|n| node_box(&bands, n))
        .map(|b| b.right() + 40.0)
        .fold(CONTENT_X + NODE_W * 3.0, f32::max);
    let h = bands.last().map(|b| b.top + b.height).unwrap_or(MIN_LANE_H);
    [w, h]
}

/// A map as first created: imagined and done lanes.
pub fn new_map(name: impl Into<String>) -> WorkMap {
    WorkMap {
        id: Id::new(),
        name: name.into(),
        lanes: vec![Lane::Imagined, Lane::Done],
        ..WorkMap::default()
    }
}

/// The map with a lane shown or hidden (steps in a hidden lane are kept).
pub fn set_lane_visible(map: &WorkMap, lane: Lane, visible: bool) -> WorkMap {
    let mut m = map.clone();
    m.lanes.retain(|l| *l != lane);
    if visible {
        m.lanes.push(lane);
        m.lanes.sort_by_key(|l| l.rank());
    }
    m
}

/// The map without a step, its sequence edges and the links that touch it.
pub fn remove_node(map: &WorkMap, id: Id) -> WorkMap {
    let mut m = map.clone();
    m.nodes.retain(|n| n.id != id);
    m.edges.retain(|e| e.from != id && e.to != id);
    m.links
        .retain(|l| l.imagined != Some(id) && l.done != Some(id));
    m
}

/// What connecting two steps made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connected {
    /// A sequence edge within a lane.
    Edge(Id),
    /// A cross-lane link (a possible gap).
    Link(Id),
}

/// Why two steps could not be connected.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ConnectError {
    /// Dropped on the step it started from.
    #[error("A step cannot follow itself. Drop the connection on another step.")]
    SameStep,
    /// One of the steps is gone.
    #[error("That step is no longer on the map.")]
    Missing,
    /// The two are already connected.
    #[error("These two steps are already connected.")]
    AlreadyConnected,
}

/// Connects `from` to `to`: in the same lane a sequence edge (`from` then `to`);
/// across lanes a link whose upper end is the imagined side, with `relation`.
pub fn connect(
    map: &WorkMap,
    from: Id,
    to: Id,
    relation: Relation,
) -> Result<(WorkMap, Connected), ConnectError> {
    if from == to {
        return Err(ConnectError::SameStep);
    }
    let lane_of = |id: Id| map.nodes.iter().find(|n| n.id == id).map(|n| n.lane);
    let (Some(a), Some(b)) = (lane_of(from), lane_of(to)) else {
        return Err(ConnectError::Missing);
    };
    let mut m = map.clone();
    if a == b {
        if m.edges
            .iter()
            .any(|e| (e.from == from && e.to == to) || (e.from == to && e.to == from))
        {
            return Err(ConnectError::AlreadyConnected);
        }
        let id = Id::new();
        m.edges.push(MapEdge { id, from, to });
        return Ok((m, Connected::Edge(id)));
    }
    let (upper, lower) = if a.rank() < b.rank() {
        (from, to)
    } else {
        (to, from)
    };
    if m.links
        .iter()
        .any(|l| l.imagined == Some(upper) && l.done == Some(lower))
    {
        return Err(ConnectError::AlreadyConnected);
    }
    let id = Id::new();
    m.links.push(MapLink {
        id,
        imagined: Some(upper),
        done: Some(lower),
        relation,
        gap: GapNote::default(),
    });
    Ok((m, Connected::Link(id)))
}

/// The gaps of a map (links that do not match), numbered G1, G2, … in link order.
pub fn gaps(map: &WorkMap) -> Vec<(usize, &MapLink)> {
    map.links
        .iter()
        .filter(|l| l.relation.is_gap())
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect()
}

/// Whether a step has any evidence (statements or documents).
pub fn has_evidence(node: &MapNode) -> bool {
    !node.evidence.is_empty() || node.documents.iter().any(|d| !d.trim().is_empty())
}

/// Whether a gap note has been filled in enough to read on its own.
pub fn gap_is_annotated(gap: &GapNote) -> bool {
    !gap.why.trim().is_empty() && !gap.pressure.trim().is_empty()
}

/// Whether a pressure word is named in a gap's pressure text.
pub fn has_pressure(text: &str, word: &str) -> bool {
    split_pressures(text).any(|p| p.eq_ignore_ascii_case(word))
}

fn split_pressures(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The pressure text with `word` added or removed; other words and details are kept.
pub fn toggle_pressure(text: &str, word: &str) -> String {
    let parts: Vec<&str> = split_pressures(text).collect();
    if parts.iter().any(|p| p.eq_ignore_ascii_case(word)) {
        parts
            .into_iter()
            .filter(|p| !p.eq_ignore_ascii_case(word))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        let mut parts = parts;
        parts.push(word);
        parts.join(", ")
    }
}

/// Which way the keyboard moves the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Previous step in the lane.
    Left,
    /// Next step in the lane.
    Right,
    /// The nearest step in the lane above.
    Up,
    /// The nearest step in the lane below.
    Down,
}

/// The step the selection moves to from `from` (only visible lanes are considered).
pub fn neighbour(map: &WorkMap, from: Id, dir: Direction) -> Option<Id> {
    let lanes = visible_lanes(map);
    let here = map.nodes.iter().find(|n| n.id == from)?;
    let li = lanes.iter().position(|l| *l == here.lane)?;
    let x = here.pos[0];
    let key = |n: &MapNode| (n.pos[0], n.pos[1]);
    match dir {
        Direction::Left | Direction::Right => {
            let mut same: Vec<&MapNode> =
                map.nodes.iter().filter(|n| n.lane == here.lane).collect();
            same.sort_by(|a, b| {
                key(a)
                    .partial_cmp(&key(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            let i = same.iter().position(|n| n.id == from)?;
            let j = if dir == Direction::Left {
                i.checked_sub(1)?
            } else {
                i + 1
            };
            same.get(j).map(|n| n.id)
        }
        Direction::Up | Direction::Down => {
            let lanes_to_try: Vec<Lane> = if dir == Direction::Up {
                lanes[..li].iter().rev().copied().collect()
            } else {
                lanes[li + 1..].to_vec()
            };
            lanes_to_try.into_iter().find_map(|lane| {
                map.nodes
                    .iter()
                    .filter(|n| n.lane == lane)
                    .min_by(|a, b| {
                        (a.pos[0] - x)
                            .abs()
                            .partial_cmp(&(b.pos[0] - x).abs())
                            .unwrap_or(std::cmp::Ordering::Equal)
                    })
                    .map(|n| n.id)
            })
        }
    }
}

/// Steps of one lane in reading order: following sequence edges, otherwise left to right.
fn lane_order(map: &WorkMap, lane: Lane) -> Vec<Id> {
    let mut nodes: Vec<&MapNode> = map.nodes.iter().filter(|n| n.lane == lane).collect();
    nodes.sort_by(|a, b| {
        a.pos[0]
            .partial_cmp(&b.pos[0])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let ids: Vec<Id> = nodes.iter().map(|n| n.id).collect();
    let in_lane: HashSet<Id> = ids.iter().copied().collect();
    let mut indegree: HashMap<Id, usize> = ids.iter().map(|id| (*id, 0)).collect();
    for e in &map.edges {
        if in_lane.contains(&e.from) && in_lane.contains(&e.to) && e.from != e.to {
            *indegree.entry(e.to).or_default() += 1;
        }
    }
    // Kahn's algorithm, always taking the leftmost ready step, so ties keep the
    // facilitator's own left-to-right order and cycles do not lose steps.
    let mut order = Vec::with_capacity(ids.len());
    let mut done: HashSet<Id> = HashSet::new();
    while order.len() < ids.len() {
        let next = ids
            .iter()
            .find(|id| !done.contains(*id) && indegree.get(*id).copied().unwrap_or(0) == 0)
            .or_else(|| ids.iter().find(|id| !done.contains(*id)));
        let Some(&next) = next else { break };
        done.insert(next);
        order.push(next);
        for e in map.edges.iter().filter(|e| e.from == next) {
            if let Some(d) = indegree.get_mut(&e.to) {
                *d = d.saturating_sub(1);
            }
        }
    }
    order
}

/// "Tidy": lays out every lane in sequence order, one row per lane, and lines
/// linked steps up across lanes where the order within each lane allows it.
pub fn tidy(map: &WorkMap) -> WorkMap {
    let orders: Vec<Vec<Id>> = Lane::ALL.iter().map(|l| lane_order(map, *l)).collect();
    let pairs: Vec<(Id, Id)> = map
        .links
        .iter()
        .filter_map(|l| Some((l.imagined?, l.done?)))
        .collect();
    let mut columns: HashMap<Id, usize> = HashMap::new();
    // A few passes, top lane to bottom: each step sits right of its predecessor in
    // the lane and no further left than the steps it is linked to. Every pass only
    // moves steps right, and crossing links ("reorders") could push forever, so the
    // number of passes is capped; any pass leaves a valid, overlap-free layout.
    for _ in 0..4 {
        let before = columns.clone();
        for order in &orders {
            let mut next_col = 0;
            for id in order {
                let linked = pairs
                    .iter()
                    .filter_map(|(a, b)| {
                        if b == id {
                            Some(a)
                        } else if a == id {
                            Some(b)
                        } else {
                            None
                        }
                    })
                    .filter_map(|other| columns.get(other).copied())
                    .max();
                let col = next_col.max(linked.unwrap_or(0));
                columns.insert(*id, col);
                next_col = col + 1;
            }
        }
        if columns == before {
            break;
        }
    }
    let mut m = map.clone();
    for n in &mut m.nodes {
        let col = columns.get(&n.id).copied().unwrap_or(0) as f32;
        n.pos = [CONTENT_X + col * (NODE_W + COL_GAP), LANE_PAD];
    }
    m
}

/// Splits text into lines of at most `width` characters, at spaces where possible.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        loop {
            let len = line.chars().count();
            let wlen = word.chars().count();
            if len == 0 && wlen > width {
                // A word longer than a line: break it.
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                lines.push(head);
                continue;
            }
            if len > 0 && len + 1 + wlen > width {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            if len > 0 {
                line.push(' ');
            }
            line.push_str(&word);
            break;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wraps and keeps at most `max_lines`, ending with "…" when text was cut.
fn wrap_max(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{keep}…");
        }
    }
    lines
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0
/// does not allow at all (control characters) and flattening line breaks.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn rgb(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// A statement cited as evidence, as one short line ("P1 at 11:00: “…”"), or
/// `None` when it is off the record or gone. Names are redacted by `r`.
pub fn evidence_line(session: &Session, id: Id, r: &Redactor, max_chars: usize) -> Option<String> {
    let (interview, st) = session.statement(id)?;
    if st.off_record {
        return None;
    }
    let who = match st.speaker {
        Speaker::Interviewee => session.pseudonym(interview.participant),
        Speaker::Facilitator => "Facilitator",
    };
    let text = r.redact(&st.text);
    let text = if text.chars().count() > max_chars {
        let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    };
    // Someone who may not be quoted: the gate put a paraphrase here, not their words.
    let paraphrased = st.speaker == Speaker::Interviewee
        && session
            .participant(interview.participant)
            .is_some_and(|p| !p.consent.may_quote);
    Some(if paraphrased {
        format!(
            "{} at {}, paraphrased: {}",
            r.redact(who),
            fmt_secs(st.at_secs),
            text
        )
    } else {
        format!("{} at {}: “{}”", r.redact(who), fmt_secs(st.at_secs), text)
    })
}

fn node_label(map: &WorkMap, id: Option<Id>) -> Option<&MapNode> {
    id.and_then(|id| map.nodes.iter().find(|n| n.id == id))
}

fn label_or_untitled(label: &str) -> &str {
    if label.trim().is_empty() {
        "(unnamed step)"
    } else {
        label
    }
}

/// The map as an SVG picture: lanes, steps, sequence arrows, cross-lane links
/// coloured by relation, numbered gap markers, a legend and the list of gaps.
/// Steps without evidence have a dashed outline and say so. All user text is escaped.
/// Rendered from the publishable view ([`super::publish`]).
pub fn to_svg(session: &Session, map: &WorkMap, options: ExportOptions) -> String {
    let audience = super::publish::Audience::for_export(options.redact);
    let (published, map) = super::publish::publishable_map(session, map, audience);
    svg(&published.session, &map)
}

/// [`to_svg`] of a published session.
fn svg(session: &Session, map: &WorkMap) -> String {
    let r = Redactor::default();
    let t = |s: &str| xml_escape(&r.redact(s));
    let bands = lane_bands(map);
    let [content_w, content_h] = extent(map);
    let width = content_w.max(980.0) + 40.0;
    let top = 70.0; // title area
    let gaps = gaps(map);
    let gap_of: HashMap<Id, usize> = gaps.iter().map(|(n, l)| (l.id, *n)).collect();

    // The list of gaps under the lanes, wrapped to the picture's width.
    let chars_per_line = ((width - 80.0) / 6.6) as usize;
    let mut gap_lines: Vec<(usize, Vec<String>)> = Vec::new();
    for (n, l) in &gaps {
        let imagined = node_label(map, l.imagined)
            .map(|n| label_or_untitled(&n.label).to_owned())
            .unwrap_or_else(|| "(nothing imagined)".into());
        let done = node_label(map, l.done)
            .map(|n| label_or_untitled(&n.label).to_owned())
            .unwrap_or_else(|| "(not done)".into());
        let mut text = format!(
            "{} → {} ({})",
            r.redact(&imagined),
            r.redact(&done),
            l.relation.label()
        );
        for (label, value) in [
            ("pressure", &l.gap.pressure),
            ("why it made sense", &l.gap.why),
            ("usually succeeds", &l.gap.usually_succeeds),
            ("risk", &l.gap.risk),
        ] {
            if !value.trim().is_empty() {
                let _ = write!(text, " · {label}: {}", r.redact(value.trim()));
            }
        }
        gap_lines.push((*n, wrap_max(&text, chars_per_line, 4)));
    }
    let legend_y = top + content_h + 30.0;
    let gaps_y = legend_y + 86.0;
    let gaps_h: f32 = if gap_lines.is_empty() {
        0.0
    } else {
        28.0 + gap_lines
            .iter()
            .map(|(_, l)| l.len() as f32 * 16.0 + 8.0)
            .sum::<f32>()
    };
    let height = gaps_y + gaps_h + 20.0;

    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="Inter, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="13">"#,
        w = width,
        h = height
    );
    let name = if map.name.trim().is_empty() {
        "Work-as-imagined vs work-as-done"
    } else {
        &map.name
    };
    let _ = writeln!(s, "<title>{}</title>", t(name));
    s.push_str("<defs>\n");
    let _ = writeln!(
        s,
        r##"<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#445"/></marker>"##
    );
    s.push_str("</defs>\n");
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        s,
        r##"<text x="20" y="34" font-size="20" font-weight="bold" fill="#1d2330">{}</text>"##,
        t(name)
    );
    let _ = writeln!(
        s,
        r##"<text x="20" y="54" font-size="12" fill="#5a6270">{}</text>"##,
        xml_escape(&format!(
            "{} · {} steps, {} gaps ({} annotated)",
            r.redact(session.display_title()),
            map.nodes.len(),
            gaps.len(),
            gaps.iter()
                .filter(|(_, l)| gap_is_annotated(&l.gap))
                .count()
        ))
    );
    let _ = writeln!(s, r#"<g transform="translate(20 {top:.0})">"#);

    // Lanes.
    for b in &bands {
        let _ = writeln!(
            s,
            r##"<rect x="0" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="{}" stroke="#c9d1dc"/>"##,
            b.top,
            content_w - 20.0,
            b.height,
            rgb(b.lane.color())
        );
        let _ = writeln!(
            s,
            r##"<text x="14" y="{:.1}" font-size="14" font-weight="bold" fill="#1d2330">{}</text>"##,
            b.top + 26.0,
            b.lane.label()
        );
        for (i, line) in wrap(b.lane.hint(), 24).iter().enumerate() {
            let _ = writeln!(
                s,
                r##"<text x="14" y="{:.1}" font-size="11" fill="#5a6270">{}</text>"##,
                b.top + 44.0 + i as f32 * 14.0,
                xml_escape(line)
            );
        }
    }

    let boxes: HashMap<Id, Box2> = map
        .nodes
        .iter()
        .filter_map(|n| node_box(&bands, n).map(|b| (n.id, b)))
        .collect();

    // Sequence edges.
    for e in &map.edges {
        let (Some(a), Some(b)) = (boxes.get(&e.from), boxes.get(&e.to)) else {
            continue;
        };
        let (x1, y1, x2, y2) = if b.x >= a.right() {
            (a.right(), a.center()[1], b.x, b.center()[1])
        } else {
            // Backwards in the lane: curve underneath.
            (a.center()[0], a.bottom(), b.center()[0], b.bottom())
        };
        let path = if b.x >= a.right() {
            format!("M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}")
        } else {
            let dip = y1.max(y2) + 20.0;
            format!("M{x1:.1},{y1:.1} C{x1:.1},{dip:.1} {x2:.1},{dip:.1} {x2:.1},{y2:.1}")
        };
        let _ = writeln!(
            s,
            r##"<path d="{path}" fill="none" stroke="#445" stroke-width="1.6" marker-end="url(#arrow)"/>"##
        );
    }

    // Cross-lane links and gap markers.
    for l in &map.links {
        let color = rgb(l.relation.color());
        let dash = if l.relation.is_gap() {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        // A link to a step in a hidden lane is hidden with it (not drawn as a stub).
        if l.imagined.is_some_and(|id| !boxes.contains_key(&id))
            || l.done.is_some_and(|id| !boxes.contains_key(&id))
        {
            continue;
        }
        let a = l.imagined.and_then(|id| boxes.get(&id));
        let b = l.done.and_then(|id| boxes.get(&id));
        let (x1, y1, x2, y2) = match (a, b) {
            (Some(a), Some(b)) => (a.center()[0], a.bottom(), b.center()[0], b.y),
            // One-ended: a stub pointing to where the missing step would be.
            (Some(a), None) => (a.center()[0], a.bottom(), a.center()[0], a.bottom() + 34.0),
            (None, Some(b)) => (b.center()[0], b.y - 34.0, b.center()[0], b.y),
            (None, None) => continue,
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{color}" stroke-width="2"{dash}/>"#
        );
        let (mx, my) = if a.is_some() && b.is_some() {
            ((x1 + x2) / 2.0, (y1 + y2) / 2.0)
        } else {
            (x2, if a.is_some() { y2 } else { y1 })
        };
        if let Some(n) = gap_of.get(&l.id) {
            let annotated = gap_is_annotated(&l.gap);
            let _ = writeln!(
                s,
                r##"<circle cx="{mx:.1}" cy="{my:.1}" r="13" fill="{}" stroke="{color}" stroke-width="2"/>"##,
                if annotated { color.as_str() } else { "#ffffff" }
            );
            let _ = writeln!(
                s,
                r##"<text x="{mx:.1}" y="{:.1}" text-anchor="middle" font-size="11" font-weight="bold" fill="{}">G{n}</text>"##,
                my + 4.0,
                if annotated { "#ffffff" } else { color.as_str() }
            );
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" font-style="italic" fill="{color}">{}</text>"#,
                mx + 17.0,
                my + 4.0,
                l.relation.label()
            );
        } else {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" font-style="italic" fill="{color}">{}</text>"#,
                mx + 6.0,
                my + 4.0,
                l.relation.label()
            );
        }
    }

    // Steps.
    for n in &map.nodes {
        let Some(b) = boxes.get(&n.id) else { continue };
        let evidenced = has_evidence(n);
        let (stroke, dash) = if evidenced {
            ("#4a5566", "")
        } else {
            ("#b9770e", r#" stroke-dasharray="5 3""#)
        };
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="#ffffff" stroke="{stroke}" stroke-width="1.5"{dash}/>"##,
            b.x, b.y, b.w, b.h
        );
        let max_lines = if evidenced { 3 } else { 2 };
        let lines = wrap_max(
            &r.redact(label_or_untitled(&n.label)),
            NODE_CHARS,
            max_lines,
        );
        let line_h = 15.0;
        let block = lines.len() as f32 * line_h;
        let first = b.y + (if evidenced { b.h } else { b.h - 14.0 } - block) / 2.0 + 11.0;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{first:.1}" text-anchor="middle" fill="#1d2330">"##,
            b.center()[0]
        );
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r#"<tspan x="{:.1}" dy="{}">{}</tspan>"#,
                b.center()[0],
                if i == 0 { 0.0 } else { line_h },
                xml_escape(line)
            );
        }
        s.push_str("</text>\n");
        if !evidenced {
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10" font-style="italic" fill="#b9770e">⚠ no evidence yet</text>"##,
                b.center()[0],
                b.bottom() - 7.0
            );
        }
    }
    s.push_str("</g>\n");

    // Legend.
    let _ = writeln!(s, r#"<g transform="translate(20 {legend_y:.0})">"#);
    let _ = writeln!(
        s,
        r##"<text x="0" y="0" font-size="12" font-weight="bold" fill="#1d2330">Legend</text>"##
    );
    let mut x = 0.0;
    for rel in Relation::ALL {
        let c = rgb(rel.color());
        let dash = if rel.is_gap() {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x:.0}" y1="20" x2="{:.0}" y2="20" stroke="{c}" stroke-width="2"{dash}/>"#,
            x + 28.0
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.0}" y="24" font-size="11" fill="#1d2330">{}: {}</text>"##,
            x + 34.0,
            rel.label(),
            rel.hint()
        );
        x += 190.0;
    }
    let _ = writeln!(
        s,
        r##"<line x1="0" y1="44" x2="28" y2="44" stroke="#445" stroke-width="1.6" marker-end="url(#arrow)"/><text x="34" y="48" font-size="11" fill="#1d2330">sequence within a lane</text>"##
    );
    let _ = writeln!(
        s,
        r##"<rect x="190" y="36" width="28" height="16" rx="4" fill="#fff" stroke="#b9770e" stroke-dasharray="5 3"/><text x="224" y="48" font-size="11" fill="#1d2330">step without evidence</text>"##
    );
    let _ = writeln!(
        s,
        r##"<circle cx="394" cy="44" r="9" fill="#1f77b4"/><text x="408" y="48" font-size="11" fill="#1d2330">gap with a note</text><circle cx="584" cy="44" r="9" fill="#fff" stroke="#1f77b4" stroke-width="2"/><text x="598" y="48" font-size="11" fill="#1d2330">gap not yet annotated</text>"##
    );
    s.push_str("</g>\n");

    // The gaps, spelled out.
    if !gap_lines.is_empty() {
        let _ = writeln!(s, r#"<g transform="translate(20 {gaps_y:.0})">"#);
        let _ = writeln!(
            s,
            r##"<text x="0" y="0" font-size="12" font-weight="bold" fill="#1d2330">Gaps: how each made sense</text>"##
        );
        let mut y = 22.0;
        for (n, lines) in &gap_lines {
            let _ = writeln!(
                s,
                r##"<text x="0" y="{y:.0}" font-size="12" font-weight="bold" fill="#1d2330">G{n}</text>"##
            );
            for line in lines {
                let _ = writeln!(
                    s,
                    r##"<text x="32" y="{y:.0}" font-size="12" fill="#1d2330">{}</text>"##,
                    xml_escape(line)
                );
                y += 16.0;
            }
            y += 8.0;
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}

/// The map as a Markdown section for the write-up: a table of gaps (imagined, done,
/// relation, pressure, why it made sense, whether it usually succeeds, risk, evidence)
/// and the steps that still lack evidence. Rendered from the publishable view
/// ([`super::publish`]): off-the-record words and unquotable words never appear.
pub fn to_markdown(session: &Session, map: &WorkMap, options: ExportOptions) -> String {
    let audience = super::publish::Audience::for_export(options.redact);
    let (published, map) = super::publish::publishable_map(session, map, audience);
    gap_table(&published.session, &map)
}

/// [`to_markdown`] of a published session (the write-up's draft uses it as it is).
pub fn gap_table(session: &Session, map: &WorkMap) -> String {
    let r = Redactor::default();
    let cell = |s: &str| {
        let s = s.trim();
        if s.is_empty() {
            "—".to_owned()
        } else {
            escape_cell(&r.redact(s))
        }
    };
    let name = if map.name.trim().is_empty() {
        "Work-as-imagined vs work-as-done"
    } else {
        &map.name
    };
    let mut md = String::new();
    let _ = writeln!(md, "### {}\n", escape_inline(&r.redact(name)));
    let gaps = gaps(map);
    let lanes: Vec<&str> = visible_lanes(map).iter().map(|l| l.label()).collect();
    let _ = writeln!(
        md,
        "{} steps across {}; {} cross-lane links, {} of them gaps.\n",
        map.nodes.len(),
        if lanes.is_empty() {
            "no visible lanes".to_owned()
        } else {
            lanes.join(", ")
        },
        map.links.len(),
        gaps.len()
    );
    if gaps.is_empty() {
        md.push_str("No gaps recorded on this map yet.\n");
    } else {
        md.push_str("| Gap | Imagined | Done | Relation | Pressure | Why it made sense | Usually succeeds? | Risk | Evidence |\n");
        md.push_str("|---|---|---|---|---|---|---|---|---|\n");
        for (n, l) in &gaps {
            let side = |id: Option<Id>, none: &str| match node_label(map, id) {
                Some(node) if node.lane == Lane::Imagined || node.lane == Lane::Done => {
                    cell(label_or_untitled(&node.label))
                }
                Some(node) => format!(
                    "{} *({})*",
                    cell(label_or_untitled(&node.label)),
                    node.lane.short().to_lowercase()
                ),
                None => format!("*{none}*"),
            };
            let evidence: Vec<String> = l
                .gap
                .evidence
                .iter()
                .filter_map(|id| evidence_line(session, *id, &r, 90))
                .map(|e| escape_cell(&e))
                .collect();
            let _ = writeln!(
                md,
                "| G{n} | {} | {} | {} | {} | {} | {} | {} | {} |",
                side(l.imagined, "not imagined"),
                side(l.done, "not done"),
                l.relation.label(),
                cell(&l.gap.pressure),
                cell(&l.gap.why),
                cell(&l.gap.usually_succeeds),
                cell(&l.gap.risk),
                if evidence.is_empty() {
                    "*none cited*".to_owned()
                } else {
                    evidence.join("; ")
                }
            );
        }
    }
    let bare: Vec<String> = map
        .nodes
        .iter()
        .filter(|n| !has_evidence(n))
        .map(|n| {
            format!(
                "- {} ({})",
                escape_inline(&r.redact(label_or_untitled(&n.label))),
                n.lane.short().to_lowercase()
            )
        })
        .collect();
    if !bare.is_empty() {
        let _ = writeln!(md, "\nSteps without evidence yet:\n\n{}", bare.join("\n"));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny XML well-formedness check: balanced tags, quoted attributes, valid
    /// entity references, no raw `<` or `&` in text. Enough to catch unescaped text.
    fn check_xml(s: &str) -> Result<(), String> {
        fn entity_ok(rest: &str) -> bool {
            let Some(end) = rest.find(';') else {
                return false;
            };
            let name = &rest[1..end];
            matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || name
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        }
        fn text_ok(t: &str) -> Result<(), String> {
            for (i, c) in t.char_indices() {
                if c == '<' {
                    return Err(format!("raw < in text: {t}"));
                }
                if c == '&' && !entity_ok(&t[i..]) {
                    return Err(format!("bad entity in: {t}"));
                }
                if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') {
                    return Err("control character".into());
                }
            }
            Ok(())
        }
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut rest = s;
        if let Some(after) = rest.strip_prefix("<?xml") {
            let end = after.find("?>").ok_or("unclosed prolog")?;
            rest = &after[end + 2..];
        }
        while !rest.is_empty() {
            let lt = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..lt];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root: {text}"));
            }
            text_ok(text)?;
            rest = &rest[lt..];
            if rest.is_empty() {
                break;
            }
            if let Some(after) = rest.strip_prefix("<!--") {
                let end = after.find("-->").ok_or("unclosed comment")?;
                rest = &after[end + 3..];
                continue;
            }
            let gt = rest.find('>').ok_or("unclosed tag")?;
            // Attribute values may not contain '>' unescaped in our output either.
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().ok_or(format!("stray </{name}>"))?;
                if open != name.trim() {
                    return Err(format!("<{open}> closed by </{name}>"));
                }
                continue;
            }
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
            let name = &body[..name_end];
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_:.".contains(c))
            {
                return Err(format!("bad tag name in <{tag}>"));
            }
            // Attributes: name="value" pairs.
            let mut attrs = body[name_end..].trim();
            let mut seen = HashSet::new();
            while !attrs.is_empty() {
                let eq = attrs
                    .find('=')
                    .ok_or(format!("attribute without value: {attrs}"))?;
                let aname = attrs[..eq].trim();
                if aname.is_empty() || aname.contains(char::is_whitespace) || !seen.insert(aname) {
                    return Err(format!("bad or repeated attribute {aname}"));
                }
                let after = attrs[eq + 1..].trim_start();
                let q = after.chars().next().ok_or("missing quote")?;
                if q != '"' && q != '\'' {
                    return Err(format!("unquoted attribute {aname}"));
                }
                let close = after[1..].find(q).ok_or("unclosed attribute")?;
                text_ok(&after[1..1 + close])?;
                attrs = after[close + 2..].trim_start();
            }
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name.to_owned());
            }
        }
        if !stack.is_empty() {
            return Err(format!("unclosed <{}>", stack.join("> <")));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }

    #[test]
    fn xml_checker_catches_bad_markup() {
        assert!(check_xml("<a><b x=\"1\"/>t &amp; u</a>").is_ok());
        assert!(check_xml("<a>x & y</a>").is_err());
        assert!(check_xml("<a><b></a>").is_err());
        assert!(check_xml("<a x=1></a>").is_err());
        assert!(check_xml("<a>1 < 2</a>").is_err());
        assert!(check_xml("<a></a><b></b>").is_err());
    }

    fn node(lane: Lane, label: &str, x: f32) -> MapNode {
        MapNode {
            id: Id::new(),
            lane,
            label: label.into(),
            pos: [x, LANE_PAD],
            ..MapNode::default()
        }
    }

    /// Two lanes, three steps each, one matching link and one gap with a note.
    fn sample() -> (Session, Id) {
        let mut s = Session::new("Review", SessionKind::NearMiss);
        let mut p = Participant::new("P1");
        p.real_name = Some("Ana Lima".into());
        let pid = p.id;
        s.participants.push(p);
        let on = Statement {
            id: Id::new(),
            at_secs: 660,
            text: "Messaged Ana's colleague & P2 directly with a screenshot".into(),
            ..Default::default()
        };
        let off = Statement {
            id: Id::new(),
            at_secs: 700,
            text: "the vendor secret".into(),
            off_record: true,
            ..Default::default()
        };
        let (on_id, off_id) = (on.id, off.id);
        s.interviews.push(Interview {
            participant: pid,
            statements: vec![on, off],
            ..Default::default()
        });
        let mut m = new_map("Responding to an alert");
        let i1 = node(Lane::Imagined, "see the alert", 300.0);
        let i2 = node(Lane::Imagined, "page on-call when alert fires", 500.0);
        let d1 = node(Lane::Done, "notice a sawtooth on the pool graph", 300.0);
        let mut d2 = node(
            Lane::Done,
            "message a colleague directly with a screenshot",
            500.0,
        );
        d2.evidence.push(on_id);
        let ids = [i1.id, i2.id, d1.id, d2.id];
        m.nodes = vec![i1, i2, d1, d2];
        m.edges.push(MapEdge {
            id: Id::new(),
            from: ids[0],
            to: ids[1],
        });
        m.links.push(MapLink {
            id: Id::new(),
            imagined: Some(ids[0]),
            done: Some(ids[2]),
            relation: Relation::Matches,
            gap: GapNote::default(),
        });
        m.links.push(MapLink {
            id: Id::new(),
            imagined: Some(ids[1]),
            done: Some(ids[3]),
            relation: Relation::Adapts,
            gap: GapNote {
                pressure: "time, goal conflict".into(),
                why: "Paging at 9:15 on a Monday — you'd better be right".into(),
                usually_succeeds: "yes".into(),
                risk: "the colleague may be away".into(),
                evidence: vec![on_id, off_id],
            },
        });
        let mid = m.id;
        s.maps.push(m);
        (s, mid)
    }

    #[test]
    fn svg_is_well_formed_and_shows_lanes_steps_gaps_and_legend() {
        let (s, _) = sample();
        let svg = to_svg(&s, &s.maps[0], ExportOptions::default());
        check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert!(svg.contains("Work-as-imagined") && svg.contains("Work-as-done"));
        assert!(svg.contains("page on-call when alert fires"));
        assert!(svg.contains(">G1<"), "gap marker");
        assert!(!svg.contains(">G2<"), "a matching link is not a gap");
        assert!(svg.contains("Legend"));
        assert!(
            svg.contains("you&apos;d better be right"),
            "gap list escaped"
        );
        // Three of the four steps have no evidence and say so.
        assert_eq!(svg.matches("no evidence yet").count(), 3);
        // Sequence arrow and the dashed gap link.
        assert!(svg.contains("marker-end=\"url(#arrow)\""));
        assert!(svg.contains("stroke-dasharray=\"6 4\""));
        assert!(!svg.contains("Prescribed"), "hidden lanes are not drawn");
    }

    #[test]
    fn svg_escapes_user_text() {
        let (mut s, _) = sample();
        let m = &mut s.maps[0];
        m.name = "<script>alert('x')</script> & \"co\"".into();
        m.nodes[0].label = "<script>alert(1)</script> & \"quoted\" 'single'\u{1}".into();
        m.links[1].gap.why = "a < b && c > d \"why\"".into();
        let svg = to_svg(&s, &s.maps[0], ExportOptions::default());
        check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert!(!svg.contains("<script"), "{svg}");
        assert!(
            svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;co&quot;")
        );
        // The step label is wrapped (the long word is broken) after escaping nothing away.
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/scri"), "{svg}");
        // The gap list wraps lines; each escaped piece is there.
        for piece in ["&lt; b", "&amp;&amp;", "c &gt; d", "&quot;why&quot;"] {
            assert!(svg.contains(piece), "{piece} in {svg}");
        }
        assert!(!svg.contains('\u{1}'));
    }

    #[test]
    fn svg_redacts_real_names() {
        let (mut s, _) = sample();
        s.maps[0].nodes[0].label = "ask Ana Lima".into();
        let svg = to_svg(&s, &s.maps[0], ExportOptions { redact: true });
        assert!(!svg.contains("Ana"), "{svg}");
        assert!(svg.contains("ask P1"));
        let svg = to_svg(&s, &s.maps[0], ExportOptions { redact: false });
        assert!(svg.contains("ask Ana Lima"));
    }

    #[test]
    fn svg_of_an_empty_map_is_well_formed() {
        let s = Session::default();
        let m = WorkMap::default();
        check_xml(&to_svg(&s, &m, ExportOptions::default())).expect("well formed");
        let m = new_map("");
        check_xml(&to_svg(&s, &m, ExportOptions::default())).expect("well formed");
    }

    #[test]
    fn markdown_table_lists_gaps_with_evidence_and_never_off_record() {
        let (s, _) = sample();
        let md = to_markdown(&s, &s.maps[0], ExportOptions::default());
        assert!(md.contains("### Responding to an alert"), "{md}");
        assert!(md.contains("| Gap | Imagined | Done | Relation |"), "{md}");
        let row = md
            .lines()
            .find(|l| l.starts_with("| G1 |"))
            .unwrap_or_else(|| panic!("no gap row in {md}"));
        assert!(
            row.contains("page on\\-call when alert fires")
                || row.contains("page on-call when alert fires"),
            "{row}"
        );
        assert!(row.contains("message a colleague directly with a screenshot"));
        assert!(row.contains("| adapts |"));
        assert!(row.contains("time, goal conflict"));
        // Evidence cites the statement by speaker and time, with names redacted.
        assert!(row.contains("P1 at 11:00"), "{row}");
        assert!(!md.contains("Ana"), "{md}");
        assert!(!md.contains("vendor secret"), "off the record leaked: {md}");
        // Only one gap: the matching link is not a row.
        assert_eq!(md.lines().filter(|l| l.starts_with("| G1 ")).count(), 1);
        assert!(!md.contains("| G2 "));
        // Steps without evidence are listed.
        assert!(md.contains("Steps without evidence yet"));
        assert!(md.contains("- see the alert (imagined)"));
    }

    #[test]
    fn markdown_escapes_cells() {
        let (mut s, _) = sample();
        s.maps[0].links[1].gap.why = "<script>alert(1)</script> | & [x](javascript:y)\nnext".into();
        let md = to_markdown(&s, &s.maps[0], ExportOptions::default());
        let row = md.lines().find(|l| l.starts_with("| G1 |")).expect("row");
        assert!(row.contains("\\<script\\>"), "{row}");
        assert!(row.contains("\\|"), "pipe escaped: {row}");
        assert!(row.contains("&amp;"));
        // Nine cells: ten unescaped pipes, whatever the text held.
        let unescaped = row
            .char_indices()
            .filter(|(i, c)| *c == '|' && (*i == 0 || row.as_bytes()[i - 1] != b'\\'))
            .count();
        assert_eq!(unescaped, 10, "{row}");
        for ev in pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES) {
            use pulldown_cmark::{Event, Tag};
            match ev {
                Event::Html(_) | Event::InlineHtml(_) => panic!("html in {md}"),
                Event::Start(Tag::Link { .. }) => panic!("link in {md}"),
                _ => {}
            }
        }
    }

    #[test]
    fn markdown_without_gaps_says_so() {
        let s = Session::default();
        let md = to_markdown(&s, &new_map("Empty"), ExportOptions::default());
        assert!(md.contains("No gaps recorded"));
    }

    #[test]
    fn tidy_orders_by_sequence_and_aligns_links() {
        let (s, _) = sample();
        let mut m = s.maps[0].clone();
        // Scramble positions: the edge says "see the alert" comes first.
        m.nodes[0].pos = [900.0, 80.0];
        m.nodes[1].pos = [250.0, 10.0];
        m.nodes[2].pos = [200.0, 40.0];
        m.nodes[3].pos = [700.0, 40.0];
        let t = tidy(&m);
        let x = |i: usize| t.nodes[i].pos[0];
        assert!(x(0) < x(1), "sequence edge respected");
        assert!(t.nodes.iter().all(|n| n.pos[1] == LANE_PAD));
        // Linked steps line up: d1 under i1, d2 under i2.
        assert_eq!(x(2), x(0));
        assert_eq!(x(3), x(1));
        // No overlaps within a lane.
        for a in &t.nodes {
            for b in &t.nodes {
                if a.id != b.id && a.lane == b.lane {
                    assert!((a.pos[0] - b.pos[0]).abs() >= NODE_W + COL_GAP - 0.5);
                }
            }
        }
        // Idempotent.
        assert_eq!(tidy(&t), t);
    }

    #[test]
    fn tidy_keeps_lane_order_when_links_cross() {
        let mut m = new_map("reorder");
        let a = node(Lane::Imagined, "a", 300.0);
        let b = node(Lane::Imagined, "b", 600.0);
        let c = node(Lane::Done, "b done first", 300.0);
        let d = node(Lane::Done, "a done second", 600.0);
        for (x, y) in [(a.id, d.id), (b.id, c.id)] {
            m.links.push(MapLink {
                id: Id::new(),
                imagined: Some(x),
                done: Some(y),
                relation: Relation::Reorders,
                gap: GapNote::default(),
            });
        }
        m.nodes = vec![a, b, c, d];
        let t = tidy(&m);
        let x = |i: usize| t.nodes[i].pos[0];
        assert!(x(0) < x(1) && x(2) < x(3), "each lane keeps its order");
        assert!(x(3) < 20_000.0);
    }

    #[test]
    fn tidy_survives_cycles() {
        let mut m = new_map("loop");
        let a = node(Lane::Done, "retry", 300.0);
        let b = node(Lane::Done, "wait", 600.0);
        m.edges.push(MapEdge {
            id: Id::new(),
            from: a.id,
            to: b.id,
        });
        m.edges.push(MapEdge {
            id: Id::new(),
            from: b.id,
            to: a.id,
        });
        m.nodes = vec![a, b];
        let t = tidy(&m);
        assert_ne!(t.nodes[0].pos[0], t.nodes[1].pos[0]);
    }

    #[test]
    fn lanes_hide_and_show_in_canonical_order() {
        let m = new_map("m");
        assert_eq!(visible_lanes(&m), vec![Lane::Imagined, Lane::Done]);
        let m = set_lane_visible(&m, Lane::Prescribed, true);
        assert_eq!(
            visible_lanes(&m),
            vec![Lane::Imagined, Lane::Prescribed, Lane::Done]
        );
        let bands = lane_bands(&m);
        assert_eq!(bands.len(), 3);
        assert!(bands[1].top >= bands[0].top + bands[0].height);
        let m = set_lane_visible(&m, Lane::Imagined, false);
        assert_eq!(visible_lanes(&m), vec![Lane::Prescribed, Lane::Done]);
        let n = node(Lane::Imagined, "x", 300.0);
        assert!(node_box(&lane_bands(&m), &n).is_none());
    }

    #[test]
    fn positions_stay_inside_the_lane() {
        let (s, _) = sample();
        let bands = lane_bands(&s.maps[0]);
        let done = bands[1];
        let p = position_for(&bands, Lane::Done, 10.0, done.top - 500.0);
        assert_eq!(p[0], CONTENT_X);
        assert!(p[1] >= 8.0);
        let n = MapNode {
            lane: Lane::Done,
            pos: p,
            ..Default::default()
        };
        let b = node_box(&bands, &n).expect("visible");
        assert!(b.y >= done.top);
        let next = next_position(&s.maps[0], Lane::Done);
        assert!(next[0] >= 500.0 + NODE_W);
    }

    #[test]
    fn connect_makes_edges_within_and_links_across_lanes() {
        let (s, _) = sample();
        let m = &s.maps[0];
        let (i1, i2, d1, d2) = (m.nodes[0].id, m.nodes[1].id, m.nodes[2].id, m.nodes[3].id);
        let (m2, c) = connect(m, d1, d2, Relation::Adapts).expect("edge");
        assert!(matches!(c, Connected::Edge(_)));
        assert_eq!(m2.edges.len(), 2);
        // Dragged from done up to imagined: the imagined end is still the upper one.
        let (m3, c) = connect(&m2, d2, i1, Relation::Reorders).expect("link");
        let Connected::Link(lid) = c else {
            panic!("expected a link")
        };
        let l = m3.links.iter().find(|l| l.id == lid).expect("link");
        assert_eq!((l.imagined, l.done), (Some(i1), Some(d2)));
        assert_eq!(
            connect(m, i1, i1, Relation::Adapts),
            Err(ConnectError::SameStep)
        );
        assert_eq!(
            connect(m, i2, i1, Relation::Adapts),
            Err(ConnectError::AlreadyConnected)
        );
        assert_eq!(
            connect(m, i2, d2, Relation::Adapts),
            Err(ConnectError::AlreadyConnected)
        );
        assert_eq!(
            connect(m, i2, Id::new(), Relation::Adapts),
            Err(ConnectError::Missing)
        );
    }

    #[test]
    fn removing_a_step_removes_its_connections() {
        let (s, _) = sample();
        let m = &s.maps[0];
        let m2 = remove_node(m, m.nodes[1].id);
        assert_eq!(m2.nodes.len(), 3);
        assert!(m2.edges.is_empty());
        assert_eq!(m2.links.len(), 1);
    }

    #[test]
    fn arrow_keys_move_between_steps() {
        let (s, _) = sample();
        let m = &s.maps[0];
        let (i1, i2, d1, d2) = (m.nodes[0].id, m.nodes[1].id, m.nodes[2].id, m.nodes[3].id);
        assert_eq!(neighbour(m, i1, Direction::Right), Some(i2));
        assert_eq!(neighbour(m, i2, Direction::Left), Some(i1));
        assert_eq!(neighbour(m, i1, Direction::Left), None);
        assert_eq!(neighbour(m, i2, Direction::Down), Some(d2));
        assert_eq!(neighbour(m, d1, Direction::Up), Some(i1));
        assert_eq!(neighbour(m, d1, Direction::Down), None);
    }

    #[test]
    fn pressures_toggle_without_losing_details() {
        assert_eq!(toggle_pressure("", "time"), "time");
        assert_eq!(toggle_pressure("time", "tooling"), "time, tooling");
        assert_eq!(toggle_pressure("Time, tooling", "time"), "tooling");
        assert!(has_pressure("time; goal conflict", "goal conflict"));
        assert!(!has_pressure("overtime", "time"));
    }

    #[test]
    fn wrapping_breaks_long_words_and_keeps_short_lines() {
        assert_eq!(
            wrap("page on-call when alert fires", 12),
            vec!["page on-call", "when alert", "fires"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert!(wrap("", 10).is_empty());
        let w = wrap_max("one two three four five six seven", 8, 2);
        assert_eq!(w.len(), 2);
        assert!(w[1].ends_with('…'));
    }
}
