//! One participant's own view (calibration documents): their interviews (their
//! off-the-record statements kept, marked for their eyes only), the timeline events
//! from their perspective or attributed to them, and the decision points they are in,
//! reduced to their own statements; nothing of anyone else. Everyone else's names and
//! pseudonyms become [`SOMEONE_ELSE`], the participant's own names their pseudonym.

use super::{FOR_THEIR_EYES, Gate, SOMEONE_ELSE};
use crate::model::id::Id;
use crate::model::redact::Person;
use crate::model::session::{EventTime, Perspective, Session};
use std::collections::HashSet;

/// Whose names become what in `own`'s view.
pub(super) fn people(session: &Session, own: Id) -> Vec<Person> {
    session
        .participants
        .iter()
        .map(|p| {
            let names = p.real_name.iter().cloned().collect();
            let other_names = p.other_names.clone();
            if p.id == own {
                return Person {
                    replacement: p.pseudonym.trim().to_owned(),
                    names,
                    other_names,
                    phrases: Vec::new(),
                };
            }
            let full = p.pseudonym.trim();
            let short = full.split(" (").next().unwrap_or(full).trim();
            Person {
                replacement: SOMEONE_ELSE.to_owned(),
                names,
                other_names,
                phrases: [full, short]
                    .iter()
                    .map(|f| ((*f).to_owned(), SOMEONE_ELSE.to_owned()))
                    .collect(),
            }
        })
        .collect()
}

/// `own`'s view of `session` through `g` (a gate made for them).
pub(super) fn view(g: &Gate, session: &Session, own: Id) -> Session {
    let t = |s: &str| g.text(s, &[]);
    let mut out = Session {
        id: session.id,
        title: t(&session.title),
        kind: session.kind,
        facilitators: session.facilitators.iter().map(|f| t(f)).collect(),
        created: session.created,
        updated: session.updated,
        ..Session::default()
    };
    if let Some(p) = session.participant(own) {
        let mut p = p.clone();
        p.real_name = None;
        p.other_names.clear();
        p.notes.clear();
        p.role = t(&p.role);
        p.team = t(&p.team);
        p.consent.conditions = t(&p.consent.conditions);
        p.consent.retention = t(&p.consent.retention);
        out.participants.push(p);
    }
    let mut theirs: HashSet<Id> = HashSet::new();
    for i in session.interviews.iter().filter(|i| i.participant == own) {
        let mut i = i.clone();
        i.title = t(&i.title);
        i.facilitator = t(&i.facilitator);
        i.summary = t(&i.summary);
        i.participant_follow_ups = t(&i.participant_follow_ups);
        for a in &mut i.asked {
            a.text = t(&a.text);
        }
        for st in &mut i.statements {
            theirs.insert(st.id);
            st.text = if st.off_record {
                format!("{FOR_THEIR_EYES}{}", t(&st.text))
            } else {
                t(&st.text)
            };
            st.paraphrase = t(&st.paraphrase);
        }
        out.interviews.push(i);
    }
    let keep = |ids: &[Id]| -> Vec<Id> {
        ids.iter()
            .filter(|id| theirs.contains(id))
            .copied()
            .collect()
    };
    for d in &session.decision_points {
        if !d.who.contains(&own) && !d.statements.iter().any(|s| theirs.contains(s)) {
            continue;
        }
        let mut d = d.clone();
        d.title = t(&d.title);
        d.when = t(&d.when);
        d.who = vec![own];
        d.statements = keep(&d.statements);
        // An aspect resting only on someone else's words is their account, not this one.
        d.aspects
            .retain(|a| a.evidence.is_empty() || a.evidence.iter().any(|e| theirs.contains(e)));
        for a in &mut d.aspects {
            a.evidence = keep(&a.evidence);
            a.text = t(&a.text);
        }
        out.decision_points.push(d);
    }
    // Guides hold no one's account, and interviews refer to them.
    out.guides = session.guides.clone();
    for gd in &mut out.guides {
        gd.name = t(&gd.name);
        gd.when_to_use = t(&gd.when_to_use);
        gd.references.iter_mut().for_each(|r| *r = t(r));
        for q in &mut gd.questions {
            q.text = t(&q.text);
            q.section = t(&q.section);
        }
    }
    let points: HashSet<Id> = out.decision_points.iter().map(|d| d.id).collect();
    let events: HashSet<Id> = session
        .timeline
        .iter()
        .filter(|e| e.perspective == Perspective::Participant(own) || e.attributed_to == Some(own))
        .map(|e| e.id)
        .collect();
    for e in session.timeline.iter().filter(|e| events.contains(&e.id)) {
        let mut e = e.clone();
        e.description = t(&e.description);
        e.evidence = keep(&e.evidence);
        e.differs_from.clear();
        e.decision_point = e.decision_point.filter(|d| points.contains(d));
        if let EventTime::Relative { anchor, text, .. } = &mut e.time {
            *anchor = anchor.filter(|a| events.contains(a));
            *text = t(text);
        }
        out.timeline.push(e);
    }
    out
}
