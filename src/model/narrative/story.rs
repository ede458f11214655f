//! Drafted sections that tell the story: the timeline with its decision points, the
//! accounts in people's own order when there is no timeline, the work maps in words,
//! and the appendix (timeline table, participants, method).

use super::*;
use crate::model::timeline;

/// When an event happened, as a readable string.
pub fn event_time(session: &Session, e: &TimelineEvent) -> String {
    event_label(e, |a| session.timeline.iter().find(|x| x.id == a))
}

/// [`event_time`] with a way to find anchors (an index, for a whole timeline: a
/// search per event made a long timeline quadratic).
pub(super) fn event_label<'a>(
    e: &TimelineEvent,
    find: impl Fn(Id) -> Option<&'a TimelineEvent>,
) -> String {
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

/// The timeline in story order: by time when every event has one, else as recorded.
pub fn ordered_timeline(session: &Session) -> Vec<&TimelineEvent> {
    timeline::ordered(&session.timeline)
}

pub(super) fn story(session: &Session, md: &mut String) {
    super::prose::timeline_story(session, md);
    if session.timeline.is_empty() && session.decision_points.is_empty() {
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
    super::prose::timeline_table(session, md);
    if !session.participants.is_empty() {
        // Anonymous participants are counted, not described.
        let anonymous = |p: &&Participant| p.consent.attribution == Attribution::Anonymous;
        let described = session
            .participants
            .iter()
            .filter(|p| !anonymous(p))
            .count();
        md.push_str("### Participants\n\n");
        if described > 0 {
            md.push_str("| Pseudonym | Role | Team | Interviews |\n|---|---|---|---|\n");
        }
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
                "{}{n} {}participant{} asked to stay anonymous.",
                if described > 0 { "\n" } else { "" },
                if described > 0 { "more " } else { "" },
                if n == 1 { "" } else { "s" }
            );
        }
        md.push('\n');
    }
    super::method::method(session, md);
}
