//! Everything else in a session as an audience may see it: what is made only from
//! hidden statements is left out (with every reference to it), what is made partly
//! from them loses their words and citations, and every text field is gated.

use super::Gate;
use super::taint::{Made, made_from};
use crate::model::id::Id;
use crate::model::session::{EventTime, GapNote, Session};
use std::collections::HashSet;

/// The hidden statements among `evidence`, for withholding shorter runs of their words.
fn hidden_of(g: &Gate, evidence: &[Id]) -> Vec<Id> {
    evidence
        .iter()
        .filter(|id| g.is_hidden(**id))
        .copied()
        .collect()
}

/// Gates every field of `s` not handled by consent (participants, interviews).
pub(super) fn apply(g: &Gate, s: &mut Session, rewritten: &HashSet<Id>) {
    let hidden = &g.hidden;
    let keep = |ids: &mut Vec<Id>| ids.retain(|id| !hidden.contains(id));
    let t = |text: &mut String, from: &[Id]| *text = g.text(text, from);

    s.title = g.text(&s.title, &[]);
    s.purpose = g.text(&s.purpose, &[]);
    s.facilitators.iter_mut().for_each(|f| t(f, &[]));

    // Tags and themes: an excerpt of a hidden statement is gone, and so is a theme
    // made only of such excerpts (counts never include them).
    let gone_tags: HashSet<Id> = s
        .tags
        .iter()
        .filter(|x| hidden.contains(&x.statement))
        .map(|x| x.id)
        .collect();
    s.tags.retain(|x| !gone_tags.contains(&x.id));
    for x in &mut s.tags {
        if rewritten.contains(&x.statement) {
            // Tag the whole (gated) statement rather than point at the wrong words.
            x.span = None;
        }
    }
    s.themes
        .retain(|th| made_from(&th.excerpts, &gone_tags) != Made::Only);
    for th in &mut s.themes {
        th.excerpts.retain(|x| !gone_tags.contains(x));
        t(&mut th.name, &[]);
        t(&mut th.description, &[]);
    }
    for c in &mut s.codes {
        t(&mut c.name, &[]);
        t(&mut c.description, &[]);
        if let Some(v) = &mut c.vocabulary {
            t(v, &[]);
        }
    }

    // Decision points, findings, follow-ups.
    let mut gone: HashSet<Id> = HashSet::new();
    s.decision_points.retain(|d| {
        let ev = d
            .statements
            .iter()
            .chain(d.aspects.iter().flat_map(|a| &a.evidence));
        let only = made_from(ev, hidden) == Made::Only;
        if only {
            gone.insert(d.id);
        }
        !only
    });
    for d in &mut s.decision_points {
        let from: Vec<Id> = hidden_of(g, &d.statements)
            .into_iter()
            .chain(d.aspects.iter().flat_map(|a| hidden_of(g, &a.evidence)))
            .collect();
        t(&mut d.title, &from);
        t(&mut d.when, &from);
        keep(&mut d.statements);
        for a in &mut d.aspects {
            let own = hidden_of(g, &a.evidence);
            t(&mut a.text, &own);
            keep(&mut a.evidence);
        }
    }
    s.findings.retain(|f| {
        let only = made_from(&f.evidence, hidden) == Made::Only;
        if only {
            gone.insert(f.id);
        }
        !only
    });
    for f in &mut s.findings {
        let from = hidden_of(g, &f.evidence);
        t(&mut f.text, &from);
        keep(&mut f.evidence);
    }
    let mut gone_or_hidden = gone.clone();
    gone_or_hidden.extend(hidden.iter().copied());
    s.follow_ups
        .retain(|f| made_from(&f.evidence, &gone_or_hidden) != Made::Only);
    for f in &mut s.follow_ups {
        let from = hidden_of(g, &f.evidence);
        t(&mut f.text, &from);
        f.evidence.retain(|id| !gone_or_hidden.contains(id));
    }

    // The timeline.
    s.timeline.retain(|e| {
        let only = made_from(&e.evidence, hidden) == Made::Only;
        if only {
            gone.insert(e.id);
        }
        !only
    });
    for e in &mut s.timeline {
        let from = hidden_of(g, &e.evidence);
        t(&mut e.description, &from);
        if let EventTime::Relative { anchor, text, .. } = &mut e.time {
            t(text, &from);
            if anchor.is_some_and(|a| gone.contains(&a)) {
                *anchor = None;
            }
        }
        keep(&mut e.evidence);
        e.differs_from.retain(|id| !gone.contains(id));
        if e.decision_point.is_some_and(|d| gone.contains(&d)) {
            e.decision_point = None;
        }
    }

    // Work maps: a step made only from hidden statements is left out with its arrows
    // and links; a gap note made only from them loses its words.
    for m in &mut s.maps {
        t(&mut m.name, &[]);
        let dropped: HashSet<Id> = m
            .nodes
            .iter()
            .filter(|n| made_from(&n.evidence, hidden) == Made::Only)
            .map(|n| n.id)
            .collect();
        m.nodes.retain(|n| !dropped.contains(&n.id));
        m.edges
            .retain(|e| !dropped.contains(&e.from) && !dropped.contains(&e.to));
        for n in &mut m.nodes {
            let from = hidden_of(g, &n.evidence);
            t(&mut n.label, &from);
            n.documents.iter_mut().for_each(|d| t(d, &from));
            keep(&mut n.evidence);
        }
        for l in &mut m.links {
            for end in [&mut l.imagined, &mut l.done] {
                if end.is_some_and(|id| dropped.contains(&id)) {
                    *end = None;
                }
            }
            if made_from(&l.gap.evidence, hidden) == Made::Only {
                l.gap = GapNote::default();
            }
            let from = hidden_of(g, &l.gap.evidence);
            let gap = &mut l.gap;
            for field in [
                &mut gap.pressure,
                &mut gap.why,
                &mut gap.usually_succeeds,
                &mut gap.risk,
            ] {
                t(field, &from);
            }
            keep(&mut gap.evidence);
        }
        m.links.retain(|l| l.imagined.is_some() || l.done.is_some());
    }

    // The write-up.
    for sec in &mut s.narrative.sections {
        t(&mut sec.kind, &[]);
        t(&mut sec.title, &[]);
        sec.body = g.markdown(&sec.body);
    }
    for a in &mut s.narrative.acknowledged {
        t(&mut a.phrase, &[]);
        t(&mut a.reason, &[]);
    }
    for gd in &mut s.guides {
        t(&mut gd.name, &[]);
        t(&mut gd.when_to_use, &[]);
        gd.references.iter_mut().for_each(|r| t(r, &[]));
        for q in &mut gd.questions {
            t(&mut q.text, &[]);
            t(&mut q.section, &[]);
        }
    }
}
