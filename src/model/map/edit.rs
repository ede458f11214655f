//! Editing rules for a map: new maps, lanes shown and hidden, removing and
//! connecting steps, gaps, evidence and the pressures a gap answers.

use super::*;

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

pub(super) fn split_pressures(text: &str) -> impl Iterator<Item = &str> {
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
