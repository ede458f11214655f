//! Who refers to what, by id: a merge keeps what the merged session still refers to,
//! and resolving a conflict by deletion says what would be left pointing at nothing.

use crate::model::id::Id;
use crate::model::session::*;
use std::collections::HashSet;

/// Every entity id in the session (conflicts not included).
pub fn ids(s: &Session) -> HashSet<Id> {
    let mut out = HashSet::with_capacity(s.statement_count() + s.tags.len() + 1024);
    out.extend(s.participants.iter().map(|x| x.id));
    for i in &s.interviews {
        out.insert(i.id);
        out.extend(i.statements.iter().map(|x| x.id));
        out.extend(i.asked.iter().map(|x| x.id));
    }
    out.extend(s.timeline.iter().map(|x| x.id));
    out.extend(s.decision_points.iter().map(|x| x.id));
    out.extend(s.codes.iter().map(|x| x.id));
    out.extend(s.tags.iter().map(|x| x.id));
    out.extend(s.themes.iter().map(|x| x.id));
    out.extend(s.findings.iter().map(|x| x.id));
    out.extend(s.follow_ups.iter().map(|x| x.id));
    for m in &s.maps {
        out.insert(m.id);
        out.extend(m.nodes.iter().map(|x| x.id));
        out.extend(m.edges.iter().map(|x| x.id));
        out.extend(m.links.iter().map(|x| x.id));
    }
    out.extend(s.narrative.sections.iter().map(|x| x.id));
    for g in &s.guides {
        out.insert(g.id);
        out.extend(g.questions.iter().map(|x| x.id));
    }
    out
}

/// Calls `f(referrer, target, map)` for every reference in the session: `map` is the
/// map whose steps `target` must be among, for arrows and gap links.
pub fn each_ref(s: &Session, f: &mut dyn FnMut(Id, Id, Option<Id>)) {
    for i in &s.interviews {
        f(i.id, i.participant, None);
    }
    for e in &s.timeline {
        for id in e.evidence.iter().chain(&e.differs_from) {
            f(e.id, *id, None);
        }
        for id in e.decision_point.iter().chain(&e.attributed_to) {
            f(e.id, *id, None);
        }
        if let Perspective::Participant(id) = e.perspective {
            f(e.id, id, None);
        }
        if let EventTime::Relative {
            anchor: Some(id), ..
        } = e.time
        {
            f(e.id, id, None);
        }
    }
    for d in &s.decision_points {
        let aspects = d.aspects.iter().flat_map(|a| a.evidence.iter());
        for id in d.who.iter().chain(&d.statements).chain(aspects) {
            f(d.id, *id, None);
        }
    }
    for c in &s.codes {
        if let Some(p) = c.parent {
            f(c.id, p, None);
        }
    }
    for t in &s.tags {
        f(t.id, t.code, None);
        f(t.id, t.statement, None);
    }
    for t in &s.themes {
        t.excerpts.iter().for_each(|id| f(t.id, *id, None));
    }
    for x in &s.findings {
        x.evidence.iter().for_each(|id| f(x.id, *id, None));
    }
    for x in &s.follow_ups {
        x.evidence.iter().for_each(|id| f(x.id, *id, None));
    }
    for m in &s.maps {
        for n in &m.nodes {
            for id in n.evidence.iter().chain(&n.participants) {
                f(n.id, *id, None);
            }
        }
        for e in &m.edges {
            f(e.id, e.from, Some(m.id));
            f(e.id, e.to, Some(m.id));
        }
        for l in &m.links {
            for id in l.imagined.iter().chain(&l.done) {
                f(l.id, *id, Some(m.id));
            }
            l.gap.evidence.iter().for_each(|id| f(l.id, *id, None));
        }
    }
}

/// Ids referred to that are not in the session (sorted, each once).
pub fn missing(s: &Session) -> Vec<Id> {
    let have = ids(s);
    let steps: std::collections::HashMap<Id, HashSet<Id>> = s
        .maps
        .iter()
        .map(|m| (m.id, m.nodes.iter().map(|n| n.id).collect()))
        .collect();
    let mut out = Vec::new();
    each_ref(s, &mut |_, to, map| {
        let ok = match map {
            Some(m) => steps.get(&m).is_some_and(|n| n.contains(&to)),
            None => have.contains(&to),
        };
        if !ok {
            out.push(to);
        }
    });
    out.sort();
    out.dedup();
    out
}

/// The entities outside `targets` that refer to something in `targets`.
pub fn referrers(s: &Session, targets: &HashSet<Id>) -> Vec<Id> {
    let mut out = Vec::new();
    each_ref(s, &mut |from, to, _| {
        if targets.contains(&to) && !targets.contains(&from) {
            out.push(from);
        }
    });
    out.sort();
    out.dedup();
    out
}

/// The last resort when a merge cannot keep what something refers to: references to
/// `gone` are removed from lists and optional fields, and tags and map arrows that
/// need them are removed. Returns how many references were removed.
pub(crate) fn repair(s: &mut Session, gone: &HashSet<Id>) -> usize {
    let strip = |ids: &mut Vec<Id>| {
        let before = ids.len();
        ids.retain(|id| !gone.contains(id));
        before - ids.len()
    };
    let clear = |x: &mut Option<Id>| usize::from(x.take_if(|id| gone.contains(id)).is_some());
    let mut n = 0;
    for e in &mut s.timeline {
        n += strip(&mut e.evidence) + strip(&mut e.differs_from);
        n += clear(&mut e.decision_point) + clear(&mut e.attributed_to);
        if let EventTime::Relative { anchor, .. } = &mut e.time {
            n += clear(anchor);
        }
    }
    for d in &mut s.decision_points {
        n += strip(&mut d.who) + strip(&mut d.statements);
        n += d
            .aspects
            .iter_mut()
            .map(|a| strip(&mut a.evidence))
            .sum::<usize>();
    }
    n += s
        .themes
        .iter_mut()
        .map(|t| strip(&mut t.excerpts))
        .sum::<usize>();
    n += s
        .findings
        .iter_mut()
        .map(|f| strip(&mut f.evidence))
        .sum::<usize>();
    n += s
        .follow_ups
        .iter_mut()
        .map(|f| strip(&mut f.evidence))
        .sum::<usize>();
    for c in &mut s.codes {
        n += clear(&mut c.parent);
    }
    for m in &mut s.maps {
        for nd in &mut m.nodes {
            n += strip(&mut nd.evidence) + strip(&mut nd.participants);
        }
        let steps: HashSet<Id> = m.nodes.iter().map(|x| x.id).collect();
        let before = m.edges.len();
        m.edges
            .retain(|e| steps.contains(&e.from) && steps.contains(&e.to));
        n += before - m.edges.len();
        for l in &mut m.links {
            n += strip(&mut l.gap.evidence);
            for end in [&mut l.imagined, &mut l.done] {
                n += usize::from(end.take_if(|id| !steps.contains(id)).is_some());
            }
        }
    }
    let before = s.tags.len();
    s.tags
        .retain(|t| !gone.contains(&t.code) && !gone.contains(&t.statement));
    n + before - s.tags.len()
}
