//! Migrations from older file format versions to the current one.
//!
//! Each old version keeps its own top-level type here, with only what differs, and a
//! pure function to the next version. Loading chains them: v1 → v2 → … → current.

use super::id::Id;
use super::session::*;
use serde::Deserialize;

/// Version 1 of the session (the first prototype's files): a single `facilitator`
/// string instead of a list of facilitators.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionV1 {
    id: Option<Id>,
    title: String,
    kind: SessionKind,
    purpose: String,
    facilitator: String,
    created: Option<Timestamp>,
    updated: Option<Timestamp>,
    participants: Vec<Participant>,
    interviews: Vec<Interview>,
    timeline: Vec<TimelineEvent>,
    decision_points: Vec<DecisionPoint>,
    codes: Vec<Code>,
    tags: Vec<TagApplication>,
    themes: Vec<Theme>,
    findings: Vec<Finding>,
    maps: Vec<WorkMap>,
    narrative: Narrative,
    follow_ups: Vec<FollowUp>,
}

/// Version 1 → 2 (and so to the current version 3, which only added fields with
/// empty defaults): the single facilitator becomes a list. "Ana and Ben" and
/// "Ana, Ben" become two facilitators.
pub fn v1_to_v2(old: SessionV1) -> Session {
    let facilitators = old
        .facilitator
        .split([',', ';', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let base = Session::default();
    Session {
        id: old.id.unwrap_or(base.id),
        title: old.title,
        kind: old.kind,
        purpose: old.purpose,
        facilitators,
        created: old.created.unwrap_or(base.created),
        updated: old.updated.or(old.created).unwrap_or(base.updated),
        participants: old.participants,
        interviews: old.interviews,
        timeline: old.timeline,
        decision_points: old.decision_points,
        codes: old.codes,
        tags: old.tags,
        themes: old.themes,
        findings: old.findings,
        maps: old.maps,
        narrative: old.narrative,
        follow_ups: old.follow_ups,
        guides: Vec::new(),
        conflicts: Vec::new(),
        deleted: Vec::new(),
    }
}
