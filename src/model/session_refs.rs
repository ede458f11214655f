//! Who refers to what: used to keep removals from leaving dangling references.

use super::id::Id;
use super::session::{Perspective, Session};

/// Human descriptions of everything that refers to a participant.
pub fn participant_references(s: &Session, id: Id) -> Vec<String> {
    let mut out = Vec::new();
    for i in s.interviews.iter().filter(|i| i.participant == id) {
        out.push(format!("interview \"{}\"", i.title));
    }
    for d in s.decision_points.iter().filter(|d| d.who.contains(&id)) {
        out.push(format!("decision point \"{}\"", d.title));
    }
    let events = s
        .timeline
        .iter()
        .filter(|e| e.perspective == Perspective::Participant(id))
        .count();
    if events > 0 {
        out.push(format!("{events} timeline events"));
    }
    let attributed = s
        .timeline
        .iter()
        .filter(|e| e.attributed_to == Some(id))
        .count();
    match attributed {
        0 => {}
        1 => out.push("1 chat message they wrote".to_owned()),
        n => out.push(format!("{n} chat messages they wrote")),
    }
    for m in &s.maps {
        if m.nodes.iter().any(|n| n.participants.contains(&id)) {
            out.push(format!("map \"{}\"", m.name));
        }
    }
    out
}
