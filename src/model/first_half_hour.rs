//! The first half hour of an incident: response milestones on the timeline (first
//! signal, detected, declared, first internal update, first customer communication,
//! mitigated, resolved), measured from the first signal.
//!
//! Much of the damage of an incident is done before anyone is sure there is one, so
//! the time from the first signal to each milestone is what a review (and a library
//! of reviews) measures. Near misses and normal-work studies may mark none.

use super::id::Id;
use super::session::{EventTime, Milestone, Session, Timestamp};
use std::collections::HashMap;
use std::fmt::Write as _;

/// One milestone as a review marked it: the earliest timed event carrying it (or,
/// when none of its events has a time, the first one marked).
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Which milestone.
    pub milestone: Milestone,
    /// The event that marks it.
    pub event: Id,
    /// When, where the event's time is known.
    pub at: Option<Timestamp>,
    /// Whether that time is only approximate (an approximate or relative time).
    pub approximate: bool,
}

/// A review's response milestones, in milestone order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FirstHalfHour {
    /// The milestones marked on the timeline (each at most once).
    pub marks: Vec<Mark>,
}

impl FirstHalfHour {
    /// The milestones marked on `session`'s timeline.
    pub fn of(session: &Session) -> Self {
        let times = event_times(session);
        let mut best: HashMap<Milestone, Mark> = HashMap::new();
        for (e, time) in session.timeline.iter().zip(&times) {
            for &m in &e.milestones {
                let candidate = Mark {
                    milestone: m,
                    event: e.id,
                    at: time.map(|(t, _)| t),
                    approximate: time.is_some_and(|(_, a)| a),
                };
                let better = match best.get(&m) {
                    None => true,
                    Some(old) => match (old.at, candidate.at) {
                        (None, Some(_)) => true,
                        (Some(a), Some(b)) => b < a,
                        _ => false,
                    },
                };
                if better {
                    best.insert(m, candidate);
                }
            }
        }
        let marks = Milestone::ALL
            .iter()
            .filter_map(|m| best.remove(m))
            .collect();
        Self { marks }
    }

    /// Whether no milestone is marked.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// The mark of one milestone.
    pub fn mark(&self, m: Milestone) -> Option<&Mark> {
        self.marks.iter().find(|x| x.milestone == m)
    }

    /// When the first signal came, where it is marked and timed.
    pub fn first_signal(&self) -> Option<Timestamp> {
        self.mark(Milestone::FirstSignal).and_then(|m| m.at)
    }

    /// Seconds from the first signal to a milestone (negative when the milestone is
    /// placed before the first signal), where both are marked and timed.
    pub fn since_first_signal(&self, m: Milestone) -> Option<i64> {
        let start = self.first_signal()?;
        let at = self.mark(m)?.at?;
        Some((at - start).num_seconds())
    }
}

/// Each timeline event's time (by position in the timeline): (time, approximate).
///
/// The one place this module resolves event times; it follows relative anchors with
/// checked arithmetic, at most 64 steps, so a circle of anchors gives no time. When
/// the model has one shared resolution of event times, point this at it.
pub fn event_times(session: &Session) -> Vec<Option<(Timestamp, bool)>> {
    let index: HashMap<Id, usize> = session
        .timeline
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    session
        .timeline
        .iter()
        .map(|e| {
            let mut cur = e;
            let mut offset = 0i64;
            let mut approximate = false;
            for _ in 0..64 {
                match &cur.time {
                    EventTime::Exact(t) | EventTime::Approximate(t) => {
                        approximate |= matches!(cur.time, EventTime::Approximate(_));
                        let t = chrono::TimeDelta::try_seconds(offset)
                            .and_then(|d| t.checked_add_signed(d))?;
                        return Some((t, approximate));
                    }
                    EventTime::Relative {
                        anchor: Some(a),
                        offset_secs,
                        ..
                    } => {
                        offset = offset.checked_add(*offset_secs)?;
                        approximate = true;
                        cur = session.timeline.get(*index.get(a)?)?;
                    }
                    EventTime::Relative { anchor: None, .. } | EventTime::Unknown => return None,
                }
            }
            None
        })
        .collect()
}

/// A duration in words for tables: "45 s", "4 min", "1 h 05 min", "2 d 3 h"; a
/// negative one is "… before".
pub fn fmt_duration(secs: i64) -> String {
    let a = secs.unsigned_abs();
    let text = if a < 60 {
        format!("{a} s")
    } else if a < 3_600 {
        format!("{} min", a / 60)
    } else if a < 86_400 {
        format!("{} h {:02} min", a / 3_600, (a / 60) % 60)
    } else {
        format!("{} d {} h", a / 86_400, (a / 3_600) % 24)
    };
    if secs < 0 {
        format!("{text} before")
    } else {
        text
    }
}

/// "The first half hour" as a short Markdown section: every milestone, when it was
/// marked and how long after the first signal. Empty when the review marks none.
pub fn markdown(session: &Session) -> String {
    let fhh = FirstHalfHour::of(session);
    if fhh.is_empty() {
        return String::new();
    }
    let mut md = String::from("## The first half hour\n\n");
    md.push_str(if fhh.first_signal().is_some() {
        "Time from the first signal to each response milestone marked on the timeline.\n\n"
    } else {
        "Response milestones marked on the timeline. No first signal with a time is marked, so nothing is measured from it.\n\n"
    });
    md.push_str("| Milestone | When (UTC) | From the first signal |\n|---|---|---|\n");
    for m in Milestone::ALL {
        let (when, since) = match fhh.mark(m) {
            None => ("not marked".to_owned(), String::new()),
            Some(Mark { at: None, .. }) => ("marked, time unknown".to_owned(), String::new()),
            Some(mark) => {
                let at = mark.at.map(|t| t.format("%-d %b %Y %H:%M").to_string());
                let when = match (at, mark.approximate) {
                    (Some(t), true) => format!("around {t}"),
                    (Some(t), false) => t,
                    (None, _) => String::new(),
                };
                let since = match (m, fhh.since_first_signal(m)) {
                    (Milestone::FirstSignal, _) => "—".to_owned(),
                    (_, Some(s)) => fmt_duration(s),
                    (_, None) => String::new(),
                };
                (when, since)
            }
        };
        let _ = writeln!(md, "| {} | {when} | {since} |", m.label());
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::session::TimelineEvent;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> Timestamp {
        chrono::Utc
            .with_ymd_and_hms(2026, 4, 6, h, m, 0)
            .single()
            .unwrap_or_default()
    }

    fn event(time: EventTime, milestones: &[Milestone]) -> TimelineEvent {
        TimelineEvent {
            time,
            milestones: milestones.to_vec(),
            ..TimelineEvent::default()
        }
    }

    #[test]
    fn measures_each_milestone_from_the_first_signal() {
        let mut s = Session::default();
        let signal = event(EventTime::Exact(at(10, 2)), &[Milestone::FirstSignal]);
        let detected = event(
            EventTime::Relative {
                anchor: Some(signal.id),
                offset_secs: 240,
                text: "four minutes later".into(),
            },
            &[Milestone::Detected],
        );
        s.timeline = vec![
            signal,
            detected,
            event(
                EventTime::Approximate(at(10, 13)),
                &[Milestone::Declared, Milestone::FirstInternalUpdate],
            ),
            // A later event marking the same milestone does not count.
            event(EventTime::Exact(at(10, 40)), &[Milestone::Declared]),
            event(EventTime::Unknown, &[Milestone::Mitigated]),
        ];
        let f = FirstHalfHour::of(&s);
        assert_eq!(f.since_first_signal(Milestone::Detected), Some(240));
        assert_eq!(f.since_first_signal(Milestone::Declared), Some(660));
        assert_eq!(
            f.since_first_signal(Milestone::FirstInternalUpdate),
            Some(660)
        );
        assert_eq!(f.since_first_signal(Milestone::Mitigated), None);
        assert!(f.mark(Milestone::Mitigated).is_some());
        assert!(f.mark(Milestone::Resolved).is_none());
        let md = markdown(&s);
        assert!(md.starts_with("## The first half hour\n"), "{md}");
        assert!(
            md.contains("| Detected | around 6 Apr 2026 10:06 | 4 min |"),
            "{md}"
        );
        assert!(
            md.contains("| Declared | around 6 Apr 2026 10:13 | 11 min |"),
            "{md}"
        );
        assert!(
            md.contains("| Mitigated | marked, time unknown |  |"),
            "{md}"
        );
        assert!(md.contains("| Resolved | not marked |  |"), "{md}");
    }

    #[test]
    fn nothing_marked_gives_no_section_and_circles_give_no_time() {
        let mut s = Session::default();
        assert_eq!(markdown(&s), "");
        let mut a = event(EventTime::Unknown, &[Milestone::FirstSignal]);
        let b = event(
            EventTime::Relative {
                anchor: Some(a.id),
                offset_secs: i64::MAX,
                text: String::new(),
            },
            &[Milestone::Detected],
        );
        a.time = EventTime::Relative {
            anchor: Some(b.id),
            offset_secs: 1,
            text: String::new(),
        };
        s.timeline = vec![a, b];
        assert_eq!(event_times(&s), vec![None, None]);
        assert!(markdown(&s).contains("No first signal with a time"));
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(fmt_duration(45), "45 s");
        assert_eq!(fmt_duration(600), "10 min");
        assert_eq!(fmt_duration(3_900), "1 h 05 min");
        assert_eq!(fmt_duration(-120), "2 min before");
        assert_eq!(fmt_duration(90_000), "1 d 1 h");
    }
}
