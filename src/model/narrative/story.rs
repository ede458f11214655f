//! Drafted sections that tell the story: the timeline with its decision points, the
//! accounts in people's own order when there is no timeline, the work maps in words,
//! and the appendix (timeline table, participants, method).

use super::*;
use crate::model::timeline;

fn decision_block(session: &Session, d: &DecisionPoint, md: &mut String) {
    let when = if d.when.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", esc(&d.when))
    };
    let who = if d.who.is_empty() {
        String::new()
    } else {
        format!(" — {}", pseudonyms(session, &d.who))
    };
    let _ = writeln!(
        md,
        "**Decision point: {}**{when}{who}{}\n",
        esc(&d.title),
        cites(session, &d.statements)
    );
    if d.aspects.is_empty() {
        md.push_str("*How did it make sense at the time? No aspects recorded yet.*\n\n");
        return;
    }
    for a in &d.aspects {
        let _ = writeln!(
            md,
            "- *{}:* {}{}",
            aspect_label(a.kind),
            esc(&a.text),
            cites(session, &a.evidence)
        );
    }
    md.push('\n');
}

/// When an event happened, as a readable string.
pub fn event_time(session: &Session, e: &TimelineEvent) -> String {
    event_label(e, |a| session.timeline.iter().find(|x| x.id == a))
}

/// [`event_time`] with a way to find anchors (an index, for a whole timeline: a
/// search per event made a long timeline quadratic).
fn event_label<'a>(e: &TimelineEvent, find: impl Fn(Id) -> Option<&'a TimelineEvent>) -> String {
    match &e.time {
        EventTime::Exact(t) => t.format("%-d %b %H:%M").to_string(),
        EventTime::Approximate(t) => format!("around {}", t.format("%-d %b %H:%M")),
        EventTime::Relative {
            anchor,
            offset_secs,
            text,
        } => {
            if !text.trim().is_empty() {
                text.trim().to_owned()
            } else {
                let anchor = anchor
                    .and_then(find)
                    .map(|a| a.description.clone())
                    .unwrap_or_else(|| "another event".to_owned());
                let mins = offset_secs / 60;
                format!("{mins:+} min from “{anchor}”")
            }
        }
        EventTime::Unknown => "time unknown".to_owned(),
    }
}

/// Timeline events by id (the first with each id), built once per section.
fn events_by_id(session: &Session) -> std::collections::HashMap<Id, &TimelineEvent> {
    let mut m = std::collections::HashMap::with_capacity(session.timeline.len());
    for e in &session.timeline {
        m.entry(e.id).or_insert(e);
    }
    m
}

/// The timeline in story order: by time when every event has one, else as recorded.
pub fn ordered_timeline(session: &Session) -> Vec<&TimelineEvent> {
    timeline::ordered(&session.timeline)
}

fn perspective_label(session: &Session, p: &Perspective) -> String {
    match p {
        Perspective::Participant(id) => session.pseudonym(*id).to_owned(),
        Perspective::Log => "logs".to_owned(),
        Perspective::Chat => "chat".to_owned(),
        Perspective::Facilitator => "facilitators' reconstruction".to_owned(),
    }
}

pub(super) fn story(session: &Session, md: &mut String) {
    // Sets and maps, not searches: a timeline can hold 100,000 events.
    let mut told: std::collections::HashSet<Id> = std::collections::HashSet::new();
    let events = ordered_timeline(session);
    let by_id = events_by_id(session);
    let mut decisions = std::collections::HashMap::new();
    for d in &session.decision_points {
        decisions.entry(d.id).or_insert(d);
    }
    for e in &events {
        let _ = writeln!(
            md,
            "**{}** — {} *({})*{}\n",
            esc(&event_label(e, |a| by_id.get(&a).copied())),
            esc(&e.description),
            esc(&perspective_label(session, &e.perspective)),
            cites(session, &e.evidence)
        );
        if let Some(dp) = e.decision_point
            && let Some(d) = decisions.get(&dp)
            && told.insert(dp)
        {
            decision_block(session, d, md);
        }
    }
    for d in session
        .decision_points
        .iter()
        .filter(|d| !told.contains(&d.id))
    {
        decision_block(session, d, md);
    }
    if events.is_empty() && session.decision_points.is_empty() {
        // No timeline yet: tell it from each person's account, in the order they told it.
        for i in &session.interviews {
            let told_here: Vec<&Statement> = i
                .statements
                .iter()
                .filter(|s| {
                    !s.off_record
                        && s.speaker == Speaker::Interviewee
                        && s.kind != StatementKind::Note
                })
                .collect();
            if told_here.is_empty() {
                continue;
            }
            let who = session.participant(i.participant);
            let role = who
                .map(|p| p.role.trim())
                .filter(|r| !r.is_empty())
                .map(|r| format!(" ({})", esc(r)))
                .unwrap_or_default();
            let name = match who {
                Some(p) if p.consent.attribution == Attribution::Anonymous => "a participant",
                _ => session.pseudonym(i.participant),
            };
            let _ = writeln!(md, "**As {}{role} tells it:**\n", esc(name));
            for s in told_here {
                let lead = match s.kind {
                    StatementKind::Observation => "Noticed: ",
                    StatementKind::Assessment => "Made sense of it: ",
                    StatementKind::Decision => "Decided: ",
                    StatementKind::Action => "Did: ",
                    StatementKind::IKnew => "Knew: ",
                    StatementKind::StateOfMind => "State of mind: ",
                    StatementKind::MentalModel => "How it usually works: ",
                    StatementKind::AskingForHelp => "Asked for help: ",
                    StatementKind::Quote | StatementKind::Note => "",
                };
                // Someone who may not be quoted: the gate put a paraphrase here.
                let text = if s.kind == StatementKind::Quote && may_quote(session, i) {
                    format!("“{}”", esc(&s.text))
                } else {
                    esc(&s.text)
                };
                let _ = writeln!(md, "- {lead}{text}{}", footnote_ref(s.id));
            }
            md.push('\n');
        }
    }
}

fn lane_label(l: Lane) -> &'static str {
    match l {
        Lane::Imagined => "Imagined",
        Lane::Prescribed => "Prescribed",
        Lane::Disclosed => "Disclosed",
        Lane::Done => "Done",
    }
}

pub(super) fn work_maps(session: &Session, md: &mut String) {
    for m in &session.maps {
        // The table of gaps, as the map workspace exports it (names are redacted later,
        // with the rest of the write-up).
        md.push_str(&crate::model::map::gap_table(session, m));
        md.push_str("\nThe map in words:\n\n");
        for lane in [
            Lane::Imagined,
            Lane::Prescribed,
            Lane::Disclosed,
            Lane::Done,
        ] {
            let steps = lane_steps(m, lane);
            if !steps.is_empty() {
                let _ = writeln!(md, "- *{}:* {}", lane_label(lane), steps.join(" → "));
            }
        }
        md.push('\n');
    }
}

/// A lane's step labels in sequence order (following edges from steps nobody points
/// to; steps outside any chain follow, left to right).
fn lane_steps(m: &WorkMap, lane: Lane) -> Vec<String> {
    use std::collections::{HashMap, HashSet};
    let mut nodes: Vec<&MapNode> = m.nodes.iter().filter(|n| n.lane == lane).collect();
    nodes.sort_by(|a, b| a.pos[0].total_cmp(&b.pos[0]));
    // Indexed once: a map of 100k steps was quadratic when each step scanned them all.
    let in_lane: HashMap<Id, &MapNode> = nodes.iter().map(|n| (n.id, *n)).collect();
    let has_incoming: HashSet<Id> = m.edges.iter().map(|e| e.to).collect();
    let mut first_out: HashMap<Id, Id> = HashMap::new();
    for e in &m.edges {
        first_out.entry(e.from).or_insert(e.to);
    }
    let mut order: Vec<Id> = Vec::new();
    let mut placed: HashSet<Id> = HashSet::new();
    for start in nodes.iter().filter(|n| !has_incoming.contains(&n.id)) {
        let mut cur = Some(start.id);
        while let Some(id) = cur {
            if !placed.insert(id) {
                break;
            }
            order.push(id);
            cur = first_out
                .get(&id)
                .copied()
                .filter(|to| in_lane.contains_key(to));
        }
    }
    for n in &nodes {
        if placed.insert(n.id) {
            order.push(n.id);
        }
    }
    order
        .iter()
        .filter_map(|id| in_lane.get(id))
        .map(|n| esc(&n.label))
        .collect()
}

pub(super) fn appendix(session: &Session, md: &mut String) {
    let events = ordered_timeline(session);
    let by_id = events_by_id(session);
    if !events.is_empty() {
        md.push_str("### Timeline\n\n| When | What happened | Whose account |\n|---|---|---|\n");
        for e in events {
            let _ = writeln!(
                md,
                "| {} | {}{} | {} |",
                escape_cell(&event_label(e, |a| by_id.get(&a).copied())),
                escape_cell(&e.description),
                cites(session, &e.evidence),
                escape_cell(&perspective_label(session, &e.perspective))
            );
        }
        md.push('\n');
    }
    if !session.participants.is_empty() {
        md.push_str(
            "### Participants\n\n| Pseudonym | Role | Team | Interviews |\n|---|---|---|---|\n",
        );
        // Anonymous participants are counted, not described.
        let anonymous = |p: &&Participant| p.consent.attribution == Attribution::Anonymous;
        for p in session.participants.iter().filter(|p| !anonymous(p)) {
            let n = session
                .interviews
                .iter()
                .filter(|i| i.participant == p.id)
                .count();
            let _ = writeln!(
                md,
                "| {} | {} | {} | {n} |",
                escape_cell(&p.pseudonym),
                escape_cell(&p.role),
                escape_cell(&p.team)
            );
        }
        let n = session.participants.iter().filter(anonymous).count();
        if n > 0 {
            let _ = writeln!(
                md,
                "\n{n} more participant{} asked to stay anonymous.",
                if n == 1 { "" } else { "s" }
            );
        }
        md.push('\n');
    }
    if !session.interviews.is_empty() {
        md.push_str("### Method\n\n");
        let _ = writeln!(
            md,
            "We held {} one-to-one interview{} after a kick-off that explained the review is \
not about blame, that recording needs consent and that anyone may go off the record at any \
time. Interviews followed the Critical Decision Method: the story in the person's own words, \
a timeline checked with them, then deeper questions at each decision point. Off-the-record \
parts are not in this write-up. Quotes are verbatim; other evidence is from the \
facilitators' notes.\n",
            session.interviews.len(),
            if session.interviews.len() == 1 {
                ""
            } else {
                "s"
            }
        );
        for i in &session.interviews {
            let title = if i.title.trim().is_empty() {
                "Interview"
            } else {
                i.title.trim()
            };
            let facilitator = if i.facilitator.trim().is_empty() {
                String::new()
            } else {
                format!(", facilitated by {}", esc(&i.facilitator))
            };
            let calibration = match i.calibration {
                Calibration::Approved => "quotes checked with the participant",
                Calibration::ChangesRequested => "participant asked for changes to quotes",
                Calibration::Pending => "quotes not yet checked with the participant",
            };
            let _ = writeln!(
                md,
                "- *{}* — {}{facilitator}: {} min, {} statements on record; {calibration}.",
                esc(title),
                esc(session.pseudonym(i.participant)),
                i.duration_secs.div_ceil(60),
                i.statements.iter().filter(|s| !s.off_record).count()
            );
        }
    }
}
