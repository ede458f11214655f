//! Consistency rules for a session: unique ids, references that resolve, and
//! numbers the rest of the app can work with (times on the calendar, map positions
//! on a canvas). Whatever `validate` accepts can be shown, drafted and exported.

use super::id::Id;
use super::session::*;
use super::timeline::{TimelineTimes, Unplaced, calendar_span_secs};
use std::collections::{HashMap, HashSet};
use thiserror::Error;

/// A session that is readable but inconsistent. Each problem is described in words.
#[derive(Debug, Clone, Error, PartialEq)]
#[error("{}", describe(.problems))]
pub struct ValidationError {
    /// Every problem found (at most a few dozen are kept).
    pub problems: Vec<Problem>,
}

fn describe(problems: &[Problem]) -> String {
    let mut s = String::from("The session is inconsistent: ");
    for (i, p) in problems.iter().take(5).enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        s.push_str(&p.to_string());
    }
    if problems.len() > 5 {
        s.push_str(&format!("; and {} more problems", problems.len() - 5));
    }
    s.push('.');
    s
}

/// One consistency problem.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum Problem {
    /// Two entities share an id.
    #[error("{first} and {second} share the id {id}")]
    DuplicateId {
        /// The id, shortened.
        id: String,
        /// The first entity with it.
        first: String,
        /// The second one.
        second: String,
    },
    /// A reference to an id that is not in the file.
    #[error("{from} refers to {expected} {id}, which is not in the file")]
    Dangling {
        /// Who refers.
        from: String,
        /// What kind of thing was expected.
        expected: &'static str,
        /// The missing id, shortened.
        id: String,
    },
    /// A relative time whose offset puts the event outside the calendar.
    #[error(
        "{what} is set {} ({offset_secs} s) from the event it is relative to, which puts it outside the calendar (the years -262143 to 262142); correct the offset in the file",
        super::timefmt::fmt_offset(*.offset_secs)
    )]
    TimeOffCalendar {
        /// The event, described.
        what: String,
        /// Its offset in seconds.
        offset_secs: i64,
    },
    /// A map step whose position is not a number, or absurdly far away.
    #[error(
        "{what} is at position ({x}, {y}); positions must be numbers between -{max} and {max}, so correct it in the file"
    )]
    BadPosition {
        /// The step, described.
        what: String,
        /// Its x, as written.
        x: f32,
        /// Its y, as written.
        y: f32,
        /// The largest distance allowed on either axis.
        max: f32,
    },
}

const MAX_PROBLEMS: usize = 50;

/// Checks that every id is unique and every reference resolves.
pub fn validate(session: &Session) -> Result<(), ValidationError> {
    let problems = problems(session);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ValidationError { problems })
    }
}

/// The kinds of entity an id can name, for reference checks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Participant,
    Interview,
    Statement,
    Asked,
    Event,
    Decision,
    Code,
    Tag,
    Theme,
    Finding,
    FollowUp,
    Map,
    Node,
    Edge,
    Link,
    Section,
    Guide,
    Question,
}

/// Calls `f` with every entity's id, kind and (on demand) description.
/// Called with an entity's id, kind and a way to describe it in words.
type Visit<'a> = dyn FnMut(Id, Kind, &dyn Fn() -> String) + 'a;

fn each_entity(s: &Session, visit: &mut Visit<'_>) {
    for p in &s.participants {
        visit(p.id, Kind::Participant, &|| {
            format!("participant \"{}\"", p.pseudonym)
        });
    }
    for i in &s.interviews {
        visit(i.id, Kind::Interview, &|| {
            format!("interview \"{}\"", i.title)
        });
        for st in &i.statements {
            visit(st.id, Kind::Statement, &|| {
                format!("statement at {} in \"{}\"", fmt_secs(st.at_secs), i.title)
            });
        }
        for a in &i.asked {
            visit(a.id, Kind::Asked, &|| {
                format!("asked question \"{}\"", a.text)
            });
        }
    }
    for e in &s.timeline {
        visit(e.id, Kind::Event, &|| {
            format!("timeline event \"{}\"", e.description)
        });
    }
    for d in &s.decision_points {
        visit(d.id, Kind::Decision, &|| {
            format!("decision point \"{}\"", d.title)
        });
    }
    for c in &s.codes {
        visit(c.id, Kind::Code, &|| format!("code \"{}\"", c.name));
    }
    for t in &s.tags {
        visit(t.id, Kind::Tag, &|| "a tag".to_owned());
    }
    for t in &s.themes {
        visit(t.id, Kind::Theme, &|| format!("theme \"{}\"", t.name));
    }
    for f in &s.findings {
        visit(f.id, Kind::Finding, &|| format!("finding \"{}\"", f.text));
    }
    for f in &s.follow_ups {
        visit(f.id, Kind::FollowUp, &|| {
            format!("follow-up \"{}\"", f.text)
        });
    }
    for m in &s.maps {
        visit(m.id, Kind::Map, &|| format!("map \"{}\"", m.name));
        for n in &m.nodes {
            visit(n.id, Kind::Node, &|| format!("map step \"{}\"", n.label));
        }
        for e in &m.edges {
            visit(e.id, Kind::Edge, &|| {
                format!("a sequence arrow in map \"{}\"", m.name)
            });
        }
        for l in &m.links {
            visit(l.id, Kind::Link, &|| {
                format!("a gap link in map \"{}\"", m.name)
            });
        }
    }
    for sec in &s.narrative.sections {
        visit(sec.id, Kind::Section, &|| {
            format!("write-up section \"{}\"", sec.title)
        });
    }
    for g in &s.guides {
        visit(g.id, Kind::Guide, &|| format!("guide \"{}\"", g.name));
        for q in &g.questions {
            visit(q.id, Kind::Question, &|| {
                format!("guide question \"{}\"", q.text)
            });
        }
    }
}

/// Lists every consistency problem (capped).
pub fn problems(s: &Session) -> Vec<Problem> {
    let mut out = Vec::new();
    // Descriptions are made only for duplicated ids: formatting one for each of tens
    // of thousands of entities made opening a large file slow.
    let mut kinds: HashMap<Id, Kind> = HashMap::new();
    let mut duplicated: HashSet<Id> = HashSet::new();
    each_entity(s, &mut |id, kind, _| {
        // The first kind stays, as references are checked against it.
        match kinds.entry(id) {
            std::collections::hash_map::Entry::Occupied(_) => {
                duplicated.insert(id);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(kind);
            }
        }
    });
    if !duplicated.is_empty() {
        let mut first: HashMap<Id, String> = HashMap::new();
        each_entity(s, &mut |id, _, what| {
            if !duplicated.contains(&id) {
                return;
            }
            match first.get(&id) {
                Some(f) => {
                    if out.len() < MAX_PROBLEMS {
                        out.push(Problem::DuplicateId {
                            id: id.short(),
                            first: f.clone(),
                            second: what(),
                        });
                    }
                }
                None => {
                    first.insert(id, what());
                }
            }
        });
    }
    let check = |out: &mut Vec<Problem>,
                 from: &dyn Fn() -> String,
                 id: Id,
                 want: &[Kind],
                 expected: &'static str| {
        let ok = kinds.get(&id).is_some_and(|k| want.contains(k));
        if !ok && out.len() < MAX_PROBLEMS {
            out.push(Problem::Dangling {
                from: from(),
                expected,
                id: id.short(),
            });
        }
    };
    const ST: &[Kind] = &[Kind::Statement];
    for i in &s.interviews {
        check(
            &mut out,
            &|| format!("Interview \"{}\"", i.title),
            i.participant,
            &[Kind::Participant],
            "participant",
        );
    }
    for e in &s.timeline {
        let from = || format!("Timeline event \"{}\"", e.description);
        for id in &e.evidence {
            check(&mut out, &from, *id, ST, "statement");
        }
        for id in &e.differs_from {
            check(&mut out, &from, *id, &[Kind::Event], "timeline event");
        }
        if let Some(id) = e.decision_point {
            check(&mut out, &from, id, &[Kind::Decision], "decision point");
        }
        if let Perspective::Participant(id) = e.perspective {
            check(&mut out, &from, id, &[Kind::Participant], "participant");
        }
        if let EventTime::Relative {
            anchor: Some(id), ..
        } = e.time
        {
            check(&mut out, &from, id, &[Kind::Event], "timeline event");
        }
    }
    for d in &s.decision_points {
        let from = || format!("Decision point \"{}\"", d.title);
        for id in &d.who {
            check(&mut out, &from, *id, &[Kind::Participant], "participant");
        }
        for id in d
            .statements
            .iter()
            .chain(d.aspects.iter().flat_map(|a| a.evidence.iter()))
        {
            check(&mut out, &from, *id, ST, "statement");
        }
    }
    for c in &s.codes {
        if let Some(p) = c.parent {
            check(
                &mut out,
                &|| format!("Code \"{}\"", c.name),
                p,
                &[Kind::Code],
                "parent code",
            );
        }
    }
    for t in &s.tags {
        check(
            &mut out,
            &|| "A tag".to_owned(),
            t.code,
            &[Kind::Code],
            "code",
        );
        check(
            &mut out,
            &|| "A tag".to_owned(),
            t.statement,
            ST,
            "statement",
        );
    }
    for t in &s.themes {
        for id in &t.excerpts {
            check(
                &mut out,
                &|| format!("Theme \"{}\"", t.name),
                *id,
                &[Kind::Tag],
                "tagged excerpt",
            );
        }
    }
    for f in &s.findings {
        for id in &f.evidence {
            check(
                &mut out,
                &|| format!("Finding \"{}\"", f.text),
                *id,
                ST,
                "statement",
            );
        }
    }
    for f in &s.follow_ups {
        for id in &f.evidence {
            check(
                &mut out,
                &|| format!("Follow-up \"{}\"", f.text),
                *id,
                &[Kind::Statement, Kind::Finding],
                "statement or finding",
            );
        }
    }
    for m in &s.maps {
        let node_ids: HashSet<Id> = m.nodes.iter().map(|n| n.id).collect();
        let in_map = |out: &mut Vec<Problem>, id: Id| {
            if !node_ids.contains(&id) && out.len() < MAX_PROBLEMS {
                out.push(Problem::Dangling {
                    from: format!("Map \"{}\"", m.name),
                    expected: "step of this map",
                    id: id.short(),
                });
            }
        };
        for e in &m.edges {
            in_map(&mut out, e.from);
            in_map(&mut out, e.to);
        }
        for l in &m.links {
            for id in l.imagined.iter().chain(l.done.iter()) {
                in_map(&mut out, *id);
            }
        }
        for n in &m.nodes {
            let from = || format!("Map step \"{}\"", n.label);
            for id in &n.evidence {
                check(&mut out, &from, *id, ST, "statement");
            }
            for id in &n.participants {
                check(&mut out, &from, *id, &[Kind::Participant], "participant");
            }
        }
        for l in &m.links {
            for id in &l.gap.evidence {
                check(
                    &mut out,
                    &|| format!("A gap note in map \"{}\"", m.name),
                    *id,
                    ST,
                    "statement",
                );
            }
        }
    }
    numbers(s, &mut out);
    out
}

/// Numbers later code could not handle: relative times off the calendar (an offset
/// larger than the whole calendar, or one that moves a placed anchor's time past its
/// ends) and map positions that are not finite or lie beyond [`MAX_MAP_COORD`].
/// Circles of anchors are not refused: those events simply have no time.
fn numbers(s: &Session, out: &mut Vec<Problem>) {
    let span = calendar_span_secs().unsigned_abs();
    let times = TimelineTimes::new(&s.timeline);
    for (i, e) in s.timeline.iter().enumerate() {
        let EventTime::Relative {
            anchor,
            offset_secs,
            ..
        } = &e.time
        else {
            continue;
        };
        let anchor_placed = anchor
            .and_then(|a| times.position(a))
            .is_some_and(|j| times.get(j).is_some());
        let off = offset_secs.unsigned_abs() > span
            || (anchor_placed && times.unplaced(i) == Some(Unplaced::OffCalendar));
        if off && out.len() < MAX_PROBLEMS {
            out.push(Problem::TimeOffCalendar {
                what: format!("Timeline event \"{}\"", e.description),
                offset_secs: *offset_secs,
            });
        }
    }
    for m in &s.maps {
        for n in &m.nodes {
            let ok = n
                .pos
                .iter()
                .all(|c| c.is_finite() && c.abs() <= MAX_MAP_COORD);
            if !ok && out.len() < MAX_PROBLEMS {
                out.push(Problem::BadPosition {
                    what: format!("Map step \"{}\" in map \"{}\"", n.label, m.name),
                    x: n.pos[0],
                    y: n.pos[1],
                    max: MAX_MAP_COORD,
                });
            }
        }
    }
}

/// Moved to [`crate::model::timefmt`]; the old path still works for callers.
pub use super::timefmt::fmt_secs;

#[cfg(test)]
mod tests {
    use super::*;

    fn event(description: &str, time: EventTime) -> TimelineEvent {
        TimelineEvent {
            id: Id::new(),
            time,
            description: description.into(),
            ..TimelineEvent::default()
        }
    }

    fn relative(anchor: Id, offset_secs: i64) -> EventTime {
        EventTime::Relative {
            anchor: Some(anchor),
            offset_secs,
            text: String::new(),
        }
    }

    fn session_with(anchor: EventTime, offset_secs: i64) -> Session {
        let a = event("Alert fires", anchor);
        let b = event("Pager answered", relative(a.id, offset_secs));
        Session {
            timeline: vec![a, b],
            ..Session::default()
        }
    }

    #[test]
    fn times_off_the_calendar_are_refused_naming_the_event() {
        let now: Timestamp = "2026-04-06T09:00:00Z".parse().unwrap_or_default();
        for (anchor, offset) in [
            (EventTime::Exact(now), i64::MAX),
            (EventTime::Exact(now), i64::MIN),
            (EventTime::Approximate(now), 10_000_000_000_000),
            (EventTime::Exact(Timestamp::MAX_UTC), 1),
            (EventTime::Exact(Timestamp::MIN_UTC), -1),
            // Larger than the whole calendar: refused even without an anchor time.
            (EventTime::Unknown, i64::MAX),
            (EventTime::Unknown, calendar_span_secs() + 1),
        ] {
            let s = session_with(anchor.clone(), offset);
            let problems = problems(&s);
            assert_eq!(problems.len(), 1, "{anchor:?} {offset}: {problems:?}");
            let msg = problems[0].to_string();
            assert!(msg.contains("\"Pager answered\""), "{msg}");
            assert!(msg.contains("outside the calendar"), "{msg}");
            assert!(msg.contains(&offset.to_string()), "{msg}");
        }
    }

    #[test]
    fn times_the_code_handles_are_accepted() {
        let now: Timestamp = "2026-04-06T09:00:00Z".parse().unwrap_or_default();
        for (anchor, offset) in [
            (EventTime::Exact(now), 3_600),
            (EventTime::Exact(Timestamp::MAX_UTC), -1),
            (EventTime::Exact(Timestamp::MIN_UTC), 1),
            // No time to start from: the event has no time either, and says so.
            (EventTime::Unknown, 10_000_000_000_000),
            (EventTime::Unknown, -calendar_span_secs()),
        ] {
            let s = session_with(anchor.clone(), offset);
            assert_eq!(problems(&s), Vec::new(), "{anchor:?} {offset}");
        }
        // A circle of anchors: no time, no problem.
        let mut s = session_with(EventTime::Unknown, 60);
        let b = s.timeline[1].id;
        s.timeline[0].time = relative(b, 60);
        assert_eq!(problems(&s), Vec::new());
    }

    #[test]
    fn map_positions_must_be_finite_and_on_the_canvas() {
        let mut s = Session::default();
        let mut m = WorkMap {
            name: "Deploying".into(),
            ..WorkMap::default()
        };
        for pos in [
            [200.0, 26.0],
            [MAX_MAP_COORD, -MAX_MAP_COORD],
            [f32::NAN, 0.0],
            [0.0, f32::INFINITY],
            [f32::NEG_INFINITY, 0.0],
            [1.0e9, 0.0],
            [0.0, -1.5e6],
        ] {
            m.nodes.push(MapNode {
                id: Id::new(),
                label: format!("at {pos:?}"),
                pos,
                ..MapNode::default()
            });
        }
        s.maps.push(m);
        let problems = problems(&s);
        let named: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 5, "{named:#?}");
        for msg in &named {
            assert!(msg.starts_with("Map step \"at ["), "{msg}");
            assert!(msg.contains("in map \"Deploying\""), "{msg}");
            assert!(msg.contains("between -1000000 and 1000000"), "{msg}");
        }
        assert!(named[0].contains("(NaN, 0)"), "{}", named[0]);
    }
}
