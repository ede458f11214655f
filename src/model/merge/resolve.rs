//! Settling an open conflict: take one copy's value, write another, or keep or delete
//! an entity one copy deleted. Each is one command (one undo step) that changes the
//! entity and closes the conflict.

use super::engine::head;
use super::fields::{Fields, short};
use crate::model::command::{Command, Edit, Overview};
use crate::model::conflict::{Conflict, EntityKind};
use crate::model::id::{Entity, Id};
use crate::model::session::*;
use std::collections::HashSet;
use thiserror::Error;

/// How a person settles a conflict.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// The value (or the keeping or deleting) of the copy merged into.
    Ours,
    /// The other copy's.
    Theirs,
    /// A value written by the person (for a field: plain text for text fields, RON
    /// otherwise).
    Value(String),
    /// Keep what the session holds now.
    Keep,
    /// Delete the entity (for a conflict about a deletion).
    Delete,
}

/// Why a conflict could not be settled that way. The session is unchanged.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum ResolveError {
    /// The conflict is no longer open.
    #[error("That conflict is already settled.")]
    NotFound,
    /// The choice does not fit this conflict.
    #[error("{0}")]
    NotApplicable(String),
    /// The value written is not valid for the field.
    #[error("That value does not fit the field `{field}`: {message}")]
    BadValue {
        /// The field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Deleting would leave something pointing at nothing.
    #[error("It cannot be deleted while {} still refer to it; change those first, or keep it.", .0.join(", "))]
    InUse(Vec<String>),
}

/// The command that settles conflict `id` with `choice`.
pub fn resolve(s: &Session, id: Id, choice: Choice) -> Result<Command, ResolveError> {
    let c = s
        .conflicts
        .iter()
        .find(|c| c.id == id)
        .ok_or(ResolveError::NotFound)?;
    let mut commands = if c.field.is_empty() {
        let delete = match choice {
            Choice::Keep => false,
            Choice::Delete => true,
            Choice::Ours => c.ours.is_none(),
            Choice::Theirs => c.theirs.is_none(),
            Choice::Value(_) => {
                return Err(ResolveError::NotApplicable(
                    "Choose to keep it or to delete it.".to_owned(),
                ));
            }
        };
        if delete {
            delete_entity(s, c.entity_kind, c.entity)?
        } else {
            Vec::new()
        }
    } else {
        let value = match choice {
            Choice::Ours => c.ours.clone(),
            Choice::Theirs => c.theirs.clone(),
            Choice::Value(v) => Some(v),
            Choice::Keep => None,
            Choice::Delete => {
                return Err(ResolveError::NotApplicable(
                    "Only one field differs; pick a value instead.".to_owned(),
                ));
            }
        };
        match value {
            // Gone since (deleted after the merge): there is nothing left to set.
            Some(_) if current_value(s, c).is_none() => Vec::new(),
            Some(v) => vec![put_field(s, c, &v)?],
            None => Vec::new(),
        }
    };
    commands.push(Command::Conflict(Edit::remove(c.id)));
    Ok(Command::Batch {
        label: format!("Settle conflict about {}", short(&c.what, 40)),
        commands,
    })
}

fn find<T: Entity>(items: &[T], id: Id) -> Result<&T, ResolveError> {
    items.iter().find(|x| x.id() == id).ok_or_else(|| {
        ResolveError::NotApplicable(
            "It is no longer in the session; dismiss the conflict.".to_owned(),
        )
    })
}

fn set<T: Fields>(x: &mut T, field: &str, value: &str) -> Result<(), ResolveError> {
    x.set(field, value)
        .map_err(|message| ResolveError::BadValue {
            field: field.to_owned(),
            message,
        })
}

/// The command that sets one field of the entity a conflict is about.
fn put_field(s: &Session, c: &Conflict, value: &str) -> Result<Command, ResolveError> {
    let (id, field) = (c.entity, c.field.as_str());
    macro_rules! top {
        ($list:expr, $cmd:path) => {{
            let mut x = find($list, id)?.clone();
            set(&mut x, field, value)?;
            $cmd(Edit::put(x))
        }};
    }
    macro_rules! inside {
        ($outer:expr, $inner:ident, |$o:ident, $x:ident| $cmd:expr) => {{
            let $o = $outer
                .iter()
                .find(|o| o.$inner.iter().any(|x| x.id == id))
                .ok_or(ResolveError::NotFound)?;
            let mut $x = find(&$o.$inner, id)?.clone();
            set(&mut $x, field, value)?;
            $cmd
        }};
    }
    Ok(match c.entity_kind {
        EntityKind::Session => {
            let mut h = head(s);
            set(&mut h, field, value)?;
            if field == "narrative.acknowledged" {
                Command::SetLintAcks(h.narrative.acknowledged)
            } else {
                Command::SetOverview(Overview {
                    title: h.title,
                    kind: h.kind,
                    purpose: h.purpose,
                    facilitators: h.facilitators,
                })
            }
        }
        EntityKind::Participant => top!(&s.participants, Command::Participant),
        EntityKind::Interview => top!(&s.interviews, Command::Interview),
        EntityKind::Statement => inside!(s.interviews, statements, |i, x| Command::Statement {
            interview: i.id,
            edit: Edit::put(x),
        }),
        EntityKind::AskedQuestion => inside!(s.interviews, asked, |i, x| Command::Asked {
            interview: i.id,
            edit: Edit::put(x),
        }),
        EntityKind::TimelineEvent => top!(&s.timeline, Command::TimelineEvent),
        EntityKind::DecisionPoint => top!(&s.decision_points, Command::DecisionPoint),
        EntityKind::Code => top!(&s.codes, Command::Code),
        EntityKind::Tag => top!(&s.tags, Command::Tag),
        EntityKind::Theme => top!(&s.themes, Command::Theme),
        EntityKind::Finding => top!(&s.findings, Command::Finding),
        EntityKind::FollowUp => top!(&s.follow_ups, Command::FollowUp),
        EntityKind::Map => top!(&s.maps, Command::Map),
        EntityKind::MapNode => inside!(s.maps, nodes, |m, x| map_with(m, |m| replace(
            &mut m.nodes,
            x
        ))),
        EntityKind::MapEdge => inside!(s.maps, edges, |m, x| map_with(m, |m| replace(
            &mut m.edges,
            x
        ))),
        EntityKind::MapLink => inside!(s.maps, links, |m, x| map_with(m, |m| replace(
            &mut m.links,
            x
        ))),
        EntityKind::Section => top!(&s.narrative.sections, Command::Section),
        EntityKind::Guide => top!(&s.guides, Command::Guide),
        EntityKind::GuideQuestion => inside!(s.guides, questions, |g, x| {
            let mut g = g.clone();
            replace(&mut g.questions, x);
            Command::Guide(Edit::put(g))
        }),
        EntityKind::Conflict => {
            return Err(ResolveError::NotApplicable(
                "Dismiss it instead.".to_owned(),
            ));
        }
    })
}

fn replace<T: Entity>(items: &mut [T], x: T) {
    if let Some(slot) = items.iter_mut().find(|y| y.id() == x.id()) {
        *slot = x;
    }
}

fn map_with(m: &WorkMap, change: impl FnOnce(&mut WorkMap)) -> Command {
    let mut m = m.clone();
    change(&mut m);
    Command::Map(Edit::put(m))
}

/// The commands that delete an entity (with what is inside it) and the references
/// to it that can go with it (evidence, excerpts, tags on a deleted statement).
fn delete_entity(s: &Session, kind: EntityKind, id: Id) -> Result<Vec<Command>, ResolveError> {
    // Steps, arrows and gap links live inside their map: one new version of the map.
    if let Some(m) = s.maps.iter().find(|m| {
        m.nodes.iter().any(|n| n.id == id)
            || m.edges.iter().any(|e| e.id == id)
            || m.links.iter().any(|l| l.id == id)
    }) {
        return Ok(vec![map_with(m, |m| {
            m.nodes.retain(|n| n.id != id);
            m.edges.retain(|e| e.id != id && e.from != id && e.to != id);
            m.links.retain(|l| l.id != id);
            for l in &mut m.links {
                l.imagined = l.imagined.filter(|x| *x != id);
                l.done = l.done.filter(|x| *x != id);
            }
        })]);
    }
    if let Some(g) = s
        .guides
        .iter()
        .find(|g| g.questions.iter().any(|q| q.id == id))
    {
        let mut g = g.clone();
        g.questions.retain(|q| q.id != id);
        return Ok(vec![Command::Guide(Edit::put(g))]);
    }
    let mut targets = HashSet::from([id]);
    let found = match kind {
        EntityKind::Interview => s.interview(id).map(|i| {
            targets.extend(i.statements.iter().map(|x| x.id));
            targets.extend(i.asked.iter().map(|x| x.id));
        }),
        EntityKind::Map => s.maps.iter().find(|m| m.id == id).map(|m| {
            targets.extend(m.nodes.iter().map(|x| x.id));
        }),
        _ => Some(()),
    };
    if found.is_none() {
        return Ok(Vec::new());
    }
    let mut commands = strip_references(s, &targets).map_err(ResolveError::InUse)?;
    let remove = match kind {
        EntityKind::Participant => Command::Participant(Edit::remove(id)),
        EntityKind::Interview => Command::Interview(Edit::remove(id)),
        EntityKind::Statement | EntityKind::AskedQuestion => {
            let Some(i) = s.interviews.iter().find(|i| {
                i.statements.iter().any(|x| x.id == id) || i.asked.iter().any(|x| x.id == id)
            }) else {
                return Ok(commands);
            };
            if kind == EntityKind::Statement {
                Command::Statement {
                    interview: i.id,
                    edit: Edit::remove(id),
                }
            } else {
                Command::Asked {
                    interview: i.id,
                    edit: Edit::remove(id),
                }
            }
        }
        EntityKind::TimelineEvent => Command::TimelineEvent(Edit::remove(id)),
        EntityKind::DecisionPoint => Command::DecisionPoint(Edit::remove(id)),
        EntityKind::Code => Command::Code(Edit::remove(id)),
        EntityKind::Tag => Command::Tag(Edit::remove(id)),
        EntityKind::Theme => Command::Theme(Edit::remove(id)),
        EntityKind::Finding => Command::Finding(Edit::remove(id)),
        EntityKind::FollowUp => Command::FollowUp(Edit::remove(id)),
        EntityKind::Map => Command::Map(Edit::remove(id)),
        EntityKind::Section => Command::Section(Edit::remove(id)),
        EntityKind::Guide => Command::Guide(Edit::remove(id)),
        EntityKind::Session
        | EntityKind::MapNode
        | EntityKind::MapEdge
        | EntityKind::MapLink
        | EntityKind::GuideQuestion
        | EntityKind::Conflict => {
            return Err(ResolveError::NotApplicable(
                "This cannot be deleted.".to_owned(),
            ));
        }
    };
    if present(s, kind, id) {
        commands.push(remove);
    }
    Ok(commands)
}

fn present(s: &Session, kind: EntityKind, id: Id) -> bool {
    match kind {
        EntityKind::Statement => s.statement(id).is_some(),
        EntityKind::AskedQuestion => s
            .interviews
            .iter()
            .any(|i| i.asked.iter().any(|a| a.id == id)),
        _ => super::refs::ids(s).contains(&id),
    }
}

/// Commands that remove references to `targets` from everything outside them:
/// evidence and other lists lose the ids, optional links are cleared, and tags on a
/// target (with their place in themes) are removed. Fails, naming them, when something
/// needs a target to exist (an interview's participant, a participant's perspective on
/// the timeline, a tag's code).
pub fn strip_references(s: &Session, targets: &HashSet<Id>) -> Result<Vec<Command>, Vec<String>> {
    let hit = |id: &Id| targets.contains(id);
    let strip = |ids: &mut Vec<Id>| {
        let before = ids.len();
        ids.retain(|id| !hit(id));
        ids.len() != before
    };
    let mut blocked = Vec::new();
    let mut out = Vec::new();
    for i in s
        .interviews
        .iter()
        .filter(|i| hit(&i.participant) && !hit(&i.id))
    {
        blocked.push(i.label());
    }
    for e in s.timeline.iter().filter(|e| !hit(&e.id)) {
        if matches!(e.perspective, Perspective::Participant(p) if hit(&p)) {
            blocked.push(e.label());
            continue;
        }
        let mut x = e.clone();
        let mut changed = strip(&mut x.evidence) | strip(&mut x.differs_from);
        for o in [&mut x.decision_point, &mut x.attributed_to] {
            changed |= o.take_if(|id| hit(id)).is_some();
        }
        if let EventTime::Relative { anchor, .. } = &mut x.time {
            changed |= anchor.take_if(|id| hit(id)).is_some();
        }
        if changed {
            out.push(Command::TimelineEvent(Edit::put(x)));
        }
    }
    for d in s.decision_points.iter().filter(|d| !hit(&d.id)) {
        let mut x = d.clone();
        let mut changed = strip(&mut x.who) | strip(&mut x.statements);
        for a in &mut x.aspects {
            changed |= strip(&mut a.evidence);
        }
        if changed {
            out.push(Command::DecisionPoint(Edit::put(x)));
        }
    }
    for c in s
        .codes
        .iter()
        .filter(|c| !hit(&c.id) && c.parent.is_some_and(|p| hit(&p)))
    {
        out.push(Command::Code(Edit::put(Code {
            parent: None,
            ..c.clone()
        })));
    }
    let mut removed_tags = HashSet::new();
    for t in s.tags.iter().filter(|t| !hit(&t.id)) {
        if hit(&t.code) {
            blocked.push(format!(
                "tags with {}",
                s.codes
                    .iter()
                    .find(|c| c.id == t.code)
                    .map(|c| c.label())
                    .unwrap_or_default()
            ));
        } else if hit(&t.statement) {
            removed_tags.insert(t.id);
            out.push(Command::Tag(Edit::remove(t.id)));
        }
    }
    for t in &s.themes {
        let mut x = t.clone();
        let before = x.excerpts.len();
        x.excerpts
            .retain(|id| !hit(id) && !removed_tags.contains(id));
        if x.excerpts.len() != before {
            out.push(Command::Theme(Edit::put(x)));
        }
    }
    for f in &s.findings {
        let mut x = f.clone();
        if strip(&mut x.evidence) {
            out.push(Command::Finding(Edit::put(x)));
        }
    }
    for f in &s.follow_ups {
        let mut x = f.clone();
        if strip(&mut x.evidence) {
            out.push(Command::FollowUp(Edit::put(x)));
        }
    }
    for m in s.maps.iter().filter(|m| !hit(&m.id)) {
        let mut x = m.clone();
        let mut changed = false;
        for n in &mut x.nodes {
            changed |= strip(&mut n.evidence) | strip(&mut n.participants);
        }
        for l in &mut x.links {
            changed |= strip(&mut l.gap.evidence);
        }
        if changed {
            out.push(Command::Map(Edit::put(x)));
        }
    }
    if blocked.is_empty() {
        Ok(out)
    } else {
        blocked.sort();
        blocked.dedup();
        Err(blocked)
    }
}

/// The value the session holds now for a conflict's field (as conflicts record values),
/// or `None` for a whole-entity conflict or an entity no longer there.
pub fn current_value(s: &Session, c: &Conflict) -> Option<String> {
    if c.field.is_empty() {
        return None;
    }
    let id = c.entity;
    fn get<T: Fields + Entity>(items: &[T], id: Id, field: &str) -> Option<String> {
        items
            .iter()
            .find(|x| x.id() == id)
            .and_then(|x| x.get(field))
    }
    let f = c.field.as_str();
    match c.entity_kind {
        EntityKind::Session => head(s).get(f),
        EntityKind::Participant => get(&s.participants, id, f),
        EntityKind::Interview => get(&s.interviews, id, f),
        EntityKind::Statement => s.statement(id).and_then(|(_, x)| x.get(f)),
        EntityKind::AskedQuestion => s.interviews.iter().find_map(|i| get(&i.asked, id, f)),
        EntityKind::TimelineEvent => get(&s.timeline, id, f),
        EntityKind::DecisionPoint => get(&s.decision_points, id, f),
        EntityKind::Code => get(&s.codes, id, f),
        EntityKind::Tag => get(&s.tags, id, f),
        EntityKind::Theme => get(&s.themes, id, f),
        EntityKind::Finding => get(&s.findings, id, f),
        EntityKind::FollowUp => get(&s.follow_ups, id, f),
        EntityKind::Map => get(&s.maps, id, f),
        EntityKind::MapNode => s.maps.iter().find_map(|m| get(&m.nodes, id, f)),
        EntityKind::MapEdge => s.maps.iter().find_map(|m| get(&m.edges, id, f)),
        EntityKind::MapLink => s.maps.iter().find_map(|m| get(&m.links, id, f)),
        EntityKind::Section => get(&s.narrative.sections, id, f),
        EntityKind::Guide => get(&s.guides, id, f),
        EntityKind::GuideQuestion => s.guides.iter().find_map(|g| get(&g.questions, id, f)),
        EntityKind::Conflict => None,
    }
}
