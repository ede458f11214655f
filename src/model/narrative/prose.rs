//! The story from inside, as prose: events between decision points become connecting
//! sentences, each decision point a paragraph written from its aspects (what they
//! noticed, knew and expected, aimed at and what pulled the other way, the options
//! they saw, why the choice made sense then), and accounts that differ about one
//! moment stand side by side, attributed, with neither taken as the truth. Every
//! clause carries its evidence footnote; nothing is said that the session does not
//! record. Also the timeline table of the appendix, with differing accounts together.

use super::*;
use crate::model::timeline;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Text ending in a full stop (or its own `?` / `!`), escaped.
fn sentence(text: &str) -> String {
    let t = esc(text);
    if t.ends_with(['.', '!', '?', '…']) || t.is_empty() {
        t
    } else {
        format!("{t}.")
    }
}

/// The first letter in upper case (for a time written in people's words).
fn capitalised(text: &str) -> String {
    let mut c = text.trim_start().chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn is_anonymous(session: &Session, id: Id) -> bool {
    session
        .participant(id)
        .is_some_and(|p| p.consent.attribution == Attribution::Anonymous)
}

/// How a participant is named inside a sentence.
fn name_in_sentence(session: &Session, id: Id) -> String {
    if is_anonymous(session, id) {
        "a participant".to_owned()
    } else {
        esc(session.pseudonym(id))
    }
}

/// Whose account an event is, as the start of a clause: "P1 recalls", "the logs show".
fn source(session: &Session, p: &Perspective) -> String {
    match p {
        Perspective::Participant(id) => format!("{} recalls", name_in_sentence(session, *id)),
        Perspective::Log => "the logs show".to_owned(),
        Perspective::Chat => "the chat shows".to_owned(),
        Perspective::Facilitator => "the facilitators' reconstruction has".to_owned(),
    }
}

/// When an event happened, as the opening of a sentence ("At 09:02", "On 6 April,
/// around 09:10", "A few minutes after I messaged P2"). The date is said when it
/// changes.
fn when<'a>(
    e: &TimelineEvent,
    find: &impl Fn(Id) -> Option<&'a TimelineEvent>,
    last_day: &mut Option<NaiveDate>,
) -> String {
    let mut at = |t: &Timestamp, around: bool| {
        let day = t.date_naive();
        let time = t.format("%H:%M");
        let lead = if around { "around" } else { "at" };
        if *last_day == Some(day) {
            capitalised(&format!("{lead} {time}"))
        } else {
            *last_day = Some(day);
            format!("On {}, {lead} {time}", t.format("%-d %B"))
        }
    };
    match &e.time {
        EventTime::Exact(t) => at(t, false),
        EventTime::Approximate(t) => at(t, true),
        EventTime::Relative { text, .. } if !text.trim().is_empty() => capitalised(&esc(text)),
        EventTime::Relative {
            anchor,
            offset_secs,
            ..
        } => {
            let anchor = anchor
                .and_then(find)
                .map(|a| format!("“{}”", esc(a.description.trim())))
                .unwrap_or_else(|| "another event".to_owned());
            let mins = offset_secs.unsigned_abs().div_ceil(60);
            match offset_secs.signum() {
                0 => format!("At the same time as {anchor}"),
                1 => format!("{mins} min after {anchor}"),
                _ => format!("{mins} min before {anchor}"),
            }
        }
        EventTime::Unknown => "At a time not recorded".to_owned(),
    }
}

/// One event as a sentence: when, whose account, what happened, the evidence.
fn event_sentence<'a>(
    session: &Session,
    e: &TimelineEvent,
    find: &impl Fn(Id) -> Option<&'a TimelineEvent>,
    last_day: &mut Option<NaiveDate>,
) -> String {
    format!(
        "{}, {}: {}{}",
        when(e, find, last_day),
        source(session, &e.perspective),
        sentence(&e.description),
        cites(session, &e.evidence)
    )
}

/// Events that tell one moment differently, grouped (each group in story order):
/// the index in `events` of a group's first event → the group.
fn differing_groups(events: &[&TimelineEvent]) -> (HashMap<usize, Vec<usize>>, HashSet<usize>) {
    let at: HashMap<Id, usize> = events.iter().enumerate().map(|(k, e)| (e.id, k)).collect();
    // Union-find over positions.
    let mut parent: Vec<usize> = (0..events.len()).collect();
    fn root(parent: &mut [usize], mut k: usize) -> usize {
        while parent[k] != k {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        k
    }
    for (k, e) in events.iter().enumerate() {
        for other in e.differs_from.iter().filter_map(|d| at.get(d)) {
            let (a, b) = (root(&mut parent, k), root(&mut parent, *other));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for k in 0..events.len() {
        let r = root(&mut parent, k);
        groups.entry(r).or_default().push(k);
    }
    groups.retain(|_, g| g.len() > 1);
    let members: HashSet<usize> = groups.values().flatten().copied().collect();
    // Keyed by the first member (in story order), which is where the group is told.
    let by_first = groups
        .into_values()
        .filter_map(|g| Some((*g.first()?, g)))
        .collect();
    (by_first, members)
}

/// Whose the aspects are, as a subject, and whether it takes a plural verb.
fn subject(session: &Session, d: &DecisionPoint) -> (String, bool) {
    let names: Vec<String> = d
        .who
        .iter()
        .map(|id| name_in_sentence(session, *id))
        .collect();
    match names.len() {
        0 => ("they".to_owned(), true),
        1 => (names[0].clone(), false),
        _ => (method::and_list(&names), true),
    }
}

/// The lead-in of a clause about one aspect, for subject `s`.
fn aspect_lead(k: AspectKind, s: &str, plural: bool) -> String {
    let was = if plural { "were" } else { "was" };
    match k {
        AspectKind::Cues => format!("What {s} noticed: "),
        AspectKind::SituationAssessment => format!("How {s} read the situation: "),
        AspectKind::Knowledge => format!("What {s} knew and expected: "),
        AspectKind::Experience => format!("Experience {s} drew on: "),
        AspectKind::Goals => {
            format!("What {s} {was} trying to achieve, and what pulled the other way: ")
        }
        AspectKind::Options => format!("The options {s} saw: "),
        AspectKind::BasisOfChoice => format!("Why the choice made sense to {s} then: "),
        AspectKind::TimePressure => "The pressure of time: ".to_owned(),
        AspectKind::Aiding => "What helped, or was not there to help: ".to_owned(),
        AspectKind::Hypotheticals => "On other circumstances: ".to_owned(),
    }
}

/// The aspects worth saying are not explored yet when a decision point lacks them.
const CORE: [AspectKind; 4] = [
    AspectKind::Cues,
    AspectKind::Goals,
    AspectKind::Options,
    AspectKind::BasisOfChoice,
];

/// A decision point as a heading line and a paragraph of its aspects.
pub(super) fn decision_paragraph(session: &Session, d: &DecisionPoint, md: &mut String) {
    let when = if d.when.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", esc(&d.when))
    };
    let _ = writeln!(
        md,
        "**Decision point: {}**{when}{}\n",
        esc(&d.title),
        cites(session, &d.statements)
    );
    let (s, plural) = subject(session, d);
    if d.aspects.is_empty() {
        md.push_str("How it made sense at the time is not recorded yet.\n\n");
        return;
    }
    let mut clauses: Vec<String> = Vec::new();
    for kind in AspectKind::ALL {
        for a in d.aspects.iter().filter(|a| a.kind == kind) {
            clauses.push(format!(
                "{}{}{}",
                capitalised(&aspect_lead(kind, &s, plural)),
                sentence(&a.text),
                cites(session, &a.evidence)
            ));
        }
    }
    let open: Vec<String> = CORE
        .iter()
        .filter(|k| !d.aspects.iter().any(|a| a.kind == **k))
        .map(|k| aspect_label(*k).to_lowercase())
        .collect();
    if !open.is_empty() {
        clauses.push(format!(
            "Not explored with them yet: {}.",
            method::and_list(&open)
        ));
    }
    let _ = writeln!(md, "{}\n", clauses.join(" "));
}

/// The story along the timeline: connecting sentences, decision points where their
/// events are, differing accounts side by side; decision points on no event follow.
pub(super) fn timeline_story(session: &Session, md: &mut String) {
    let events = timeline::ordered(&session.timeline);
    let mut by_id: HashMap<Id, &TimelineEvent> = HashMap::with_capacity(events.len());
    for e in &session.timeline {
        by_id.entry(e.id).or_insert(e);
    }
    let find = |a: Id| by_id.get(&a).copied();
    let mut decisions = HashMap::new();
    for d in &session.decision_points {
        decisions.entry(d.id).or_insert(d);
    }
    let (groups, grouped) = differing_groups(&events);
    let mut told: HashSet<Id> = HashSet::new();
    let mut last_day = None;
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |paragraph: &mut Vec<String>, md: &mut String| {
        if !paragraph.is_empty() {
            let _ = writeln!(md, "{}\n", paragraph.join(" "));
            paragraph.clear();
        }
    };
    for (k, e) in events.iter().enumerate() {
        let members: Vec<&TimelineEvent> = match groups.get(&k) {
            Some(g) => {
                flush(&mut paragraph, md);
                let told_apart: Vec<String> = g
                    .iter()
                    .map(|m| event_sentence(session, events[*m], &find, &mut last_day))
                    .collect();
                let _ = writeln!(
                    md,
                    "Accounts of this moment differ; each is kept, and none is taken as the \
settled one. {}\n",
                    told_apart.join(" ")
                );
                g.iter().map(|m| events[*m]).collect()
            }
            None if grouped.contains(&k) => continue,
            None => {
                paragraph.push(event_sentence(session, e, &find, &mut last_day));
                vec![e]
            }
        };
        for m in members {
            if let Some(dp) = m.decision_point
                && let Some(d) = decisions.get(&dp)
                && told.insert(dp)
            {
                flush(&mut paragraph, md);
                decision_paragraph(session, d, md);
            }
        }
    }
    flush(&mut paragraph, md);
    for d in session
        .decision_points
        .iter()
        .filter(|d| !told.contains(&d.id))
    {
        decision_paragraph(session, d, md);
    }
}

fn perspective_label(session: &Session, p: &Perspective) -> String {
    match p {
        Perspective::Participant(id) => session.pseudonym(*id).to_owned(),
        Perspective::Log => "logs".to_owned(),
        Perspective::Chat => "chat".to_owned(),
        Perspective::Facilitator => "facilitators' reconstruction".to_owned(),
    }
}

/// The appendix's timeline table: one row per event, and one row for each set of
/// differing accounts, with every account in it.
pub(super) fn timeline_table(session: &Session, md: &mut String) {
    let events = timeline::ordered(&session.timeline);
    if events.is_empty() {
        return;
    }
    let mut by_id: HashMap<Id, &TimelineEvent> = HashMap::with_capacity(events.len());
    for e in &session.timeline {
        by_id.entry(e.id).or_insert(e);
    }
    let label =
        |e: &TimelineEvent| escape_cell(&super::story::event_label(e, |a| by_id.get(&a).copied()));
    let (groups, grouped) = differing_groups(&events);
    md.push_str("### Timeline\n\n| When | What happened | Whose account |\n|---|---|---|\n");
    for (k, e) in events.iter().enumerate() {
        if let Some(g) = groups.get(&k) {
            let whens: Vec<String> = g.iter().map(|m| label(events[*m])).collect();
            let accounts: Vec<String> = g
                .iter()
                .map(|m| {
                    let e = events[*m];
                    format!(
                        "{}: {}{}",
                        escape_cell(&perspective_label(session, &e.perspective)),
                        escape_cell(&e.description),
                        cites(session, &e.evidence)
                    )
                })
                .collect();
            let whose: Vec<String> = g
                .iter()
                .map(|m| escape_cell(&perspective_label(session, &events[*m].perspective)))
                .collect();
            let _ = writeln!(
                md,
                "| {} | *Accounts differ:* {} | {} |",
                whens.join(" / "),
                accounts.join("; "),
                whose.join("; ")
            );
        } else if !grouped.contains(&k) {
            let _ = writeln!(
                md,
                "| {} | {}{} | {} |",
                label(e),
                escape_cell(&e.description),
                cites(session, &e.evidence),
                escape_cell(&perspective_label(session, &e.perspective))
            );
        }
    }
    md.push('\n');
}
