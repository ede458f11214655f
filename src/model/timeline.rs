//! Timeline time: the one place where an [`EventTime`] becomes a point in time.
//!
//! An event's time is exact, approximate, unknown, or relative to another event (its
//! anchor) by an offset in seconds. Resolving it follows the anchors with checked
//! arithmetic: an offset that would leave chrono's calendar (years -262143 to
//! +262142), an anchor that is gone and a circle of anchors all give "no time", never
//! a panic or an endless loop. [`TimelineTimes`] resolves a whole timeline in time
//! linear in the number of events, however long the chains of anchors are; the
//! timeline view, the write-up and `validate` all use it.

use super::id::Id;
use super::session::{EventTime, Session, TimelineEvent, Timestamp};
use chrono::NaiveDate;
use std::collections::HashMap;

/// A resolved time: when, and whether it is only approximate (an approximate time,
/// or anything relative to another event: "~10 min after" is never more exact than
/// the words used).
pub type Resolved = (Timestamp, bool);

/// Why an event has no place on the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unplaced {
    /// Its time is unknown, its anchor is not set or gone, or its anchor has no time.
    NoTime,
    /// Its anchors lead round in a circle.
    Circle,
    /// Its offset moves it (or an anchor of it) off the calendar.
    OffCalendar,
}

/// How far apart two times on chrono's calendar can be, in seconds (its first and
/// last second). Any larger offset can place nothing anywhere.
pub fn calendar_span_secs() -> i64 {
    (Timestamp::MAX_UTC - Timestamp::MIN_UTC).num_seconds()
}

/// A time moved by some seconds, or `None` past the ends of the calendar.
pub fn shift(t: Timestamp, secs: i64) -> Option<Timestamp> {
    chrono::TimeDelta::try_seconds(secs).and_then(|d| t.checked_add_signed(d))
}

/// Every event of a timeline resolved once, by position in the timeline.
#[derive(Clone, Debug, Default)]
pub struct TimelineTimes {
    /// Position of the first event with each id.
    index: HashMap<Id, usize>,
    /// Each event's time, or why it has none.
    times: Vec<Result<Resolved, Unplaced>>,
}

impl TimelineTimes {
    /// Resolves every event. Each event is visited a bounded number of times, so this
    /// is linear in the number of events even when each is relative to another.
    pub fn new(events: &[TimelineEvent]) -> Self {
        let mut index = HashMap::with_capacity(events.len());
        for (i, e) in events.iter().enumerate() {
            index.entry(e.id).or_insert(i);
        }
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            OnPath,
            Done,
        }
        let mut state = vec![State::New; events.len()];
        let mut times: Vec<Result<Resolved, Unplaced>> = vec![Err(Unplaced::NoTime); events.len()];
        let mut path: Vec<usize> = Vec::new();
        for start in 0..events.len() {
            if state[start] == State::Done {
                continue;
            }
            // Follow anchors until an event already resolved, one that stands on its
            // own (exact, approximate, unknown, no anchor), or a circle.
            path.clear();
            let mut cur = start;
            let mut base: Result<Resolved, Unplaced> = Err(Unplaced::NoTime);
            let mut circle = false;
            loop {
                match state[cur] {
                    State::Done => {
                        base = times[cur];
                        break;
                    }
                    State::OnPath => {
                        circle = true;
                        break;
                    }
                    State::New => {}
                }
                state[cur] = State::OnPath;
                path.push(cur);
                match &events[cur].time {
                    EventTime::Relative {
                        anchor: Some(a), ..
                    } => match index.get(a) {
                        Some(&next) => cur = next,
                        None => break,
                    },
                    _ => break,
                }
            }
            // Back down the path, from the anchor to the event that started it.
            let mut acc = base;
            for &i in path.iter().rev() {
                acc = if circle {
                    Err(Unplaced::Circle)
                } else {
                    own_time(&events[i].time, acc)
                };
                times[i] = acc;
                state[i] = State::Done;
            }
        }
        Self { index, times }
    }

    /// The time of the event at `position` in the timeline.
    pub fn get(&self, position: usize) -> Option<Resolved> {
        self.times.get(position).and_then(|t| t.ok())
    }

    /// Why the event at `position` has no time (`None` when it has one).
    pub fn unplaced(&self, position: usize) -> Option<Unplaced> {
        self.times.get(position).and_then(|t| t.err())
    }

    /// The time of the (first) event with this id.
    pub fn of(&self, id: Id) -> Option<Resolved> {
        self.position(id).and_then(|i| self.get(i))
    }

    /// Where the (first) event with this id is in the timeline.
    pub fn position(&self, id: Id) -> Option<usize> {
        self.index.get(&id).copied()
    }
}

/// An event's own time, given its anchor's (for relative times).
fn own_time(time: &EventTime, anchor: Result<Resolved, Unplaced>) -> Result<Resolved, Unplaced> {
    match time {
        EventTime::Exact(t) => Ok((*t, false)),
        EventTime::Approximate(t) => Ok((*t, true)),
        EventTime::Relative {
            anchor: Some(_),
            offset_secs,
            ..
        } => {
            let (t, _) = anchor?;
            shift(t, *offset_secs)
                .map(|t| (t, true))
                .ok_or(Unplaced::OffCalendar)
        }
        EventTime::Relative { anchor: None, .. } | EventTime::Unknown => Err(Unplaced::NoTime),
    }
}

/// How many anchors [`resolved_time`] follows by searching the timeline before it
/// builds an index (one search per hop is cheapest for the usual one or two hops).
const SEARCHED_HOPS: usize = 8;

/// When one event happened, resolved through its anchors in `s` (the event itself
/// may be an edited copy not yet in the session). Linear in the number of events at
/// worst; for many events at once use [`TimelineTimes`].
pub fn resolved_time(s: &Session, e: &TimelineEvent) -> Option<Resolved> {
    let events = &s.timeline;
    let mut offsets: Vec<i64> = Vec::new();
    let mut index: Option<HashMap<Id, usize>> = None;
    let mut cur = e;
    let (base, approximate) = loop {
        match &cur.time {
            EventTime::Exact(t) => break (*t, false),
            EventTime::Approximate(t) => break (*t, true),
            EventTime::Relative {
                anchor: Some(a),
                offset_secs,
                ..
            } => {
                offsets.push(*offset_secs);
                // More hops than events: the anchors go round in a circle.
                if offsets.len() > events.len() {
                    return None;
                }
                cur = if offsets.len() <= SEARCHED_HOPS {
                    events.iter().find(|x| x.id == *a)?
                } else {
                    let index = index.get_or_insert_with(|| {
                        let mut m = HashMap::with_capacity(events.len());
                        for (i, x) in events.iter().enumerate() {
                            m.entry(x.id).or_insert(i);
                        }
                        m
                    });
                    events.get(*index.get(a)?)?
                };
            }
            EventTime::Relative { anchor: None, .. } | EventTime::Unknown => return None,
        }
    };
    let mut t = base;
    for offset in offsets.iter().rev() {
        t = shift(t, *offset)?;
    }
    Some((t, approximate || !offsets.is_empty()))
}

/// The date to assume for times of day: that of the first timed event, else the
/// day the session was created.
pub fn default_date(s: &Session) -> NaiveDate {
    let times = TimelineTimes::new(&s.timeline);
    (0..s.timeline.len())
        .find_map(|i| times.get(i))
        .map(|(t, _)| t.date_naive())
        .unwrap_or_else(|| s.created.date_naive())
}

/// The timeline in story order: by time when every event has one (ties keep the
/// recorded order), else as recorded.
pub fn ordered(events: &[TimelineEvent]) -> Vec<&TimelineEvent> {
    let times = TimelineTimes::new(events);
    let all: Option<Vec<Timestamp>> = (0..events.len())
        .map(|i| times.get(i).map(|(t, _)| t))
        .collect();
    let mut pairs: Vec<(&TimelineEvent, Timestamp)> = match all {
        Some(all) => events.iter().zip(all).collect(),
        None => return events.iter().collect(),
    };
    pairs.sort_by_key(|(_, t)| *t);
    pairs.into_iter().map(|(e, _)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap_or_default()
    }

    fn event(time: EventTime) -> TimelineEvent {
        TimelineEvent {
            id: Id::new(),
            time,
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

    #[test]
    fn relative_times_follow_their_anchors() {
        let mut s = Session::default();
        let a = event(EventTime::Exact(ts("2026-04-06T09:00:00Z")));
        let b = event(relative(a.id, 600));
        let c = event(relative(b.id, -60));
        let d = event(EventTime::Approximate(ts("2026-04-06T08:00:00Z")));
        // Anchors may come after the events that use them.
        s.timeline = vec![c.clone(), b.clone(), a.clone(), d.clone()];
        let at = |t: &str, approximate| Some((ts(t), approximate));
        assert_eq!(resolved_time(&s, &a), at("2026-04-06T09:00:00Z", false));
        assert_eq!(resolved_time(&s, &b), at("2026-04-06T09:10:00Z", true));
        assert_eq!(resolved_time(&s, &c), at("2026-04-06T09:09:00Z", true));
        assert_eq!(resolved_time(&s, &d), at("2026-04-06T08:00:00Z", true));
        let times = TimelineTimes::new(&s.timeline);
        for (i, e) in s.timeline.iter().enumerate() {
            assert_eq!(times.get(i), resolved_time(&s, e), "event {i}");
            assert_eq!(times.of(e.id), times.get(i));
        }
        let order: Vec<Id> = ordered(&s.timeline).iter().map(|e| e.id).collect();
        assert_eq!(order, vec![d.id, a.id, c.id, b.id]);
        assert_eq!(default_date(&s), ts("2026-04-06T00:00:00Z").date_naive());
    }

    #[test]
    fn circles_missing_anchors_and_unknown_times_have_no_time() {
        let mut s = Session::default();
        let a = event(EventTime::Unknown);
        let b = event(relative(a.id, 60));
        let gone = event(relative(Id::new(), 60));
        let loose = event(EventTime::Relative {
            anchor: None,
            offset_secs: 60,
            text: "later".into(),
        });
        let mut x = event(EventTime::Unknown);
        let y = event(relative(x.id, 1));
        x.time = relative(y.id, 1);
        let into_circle = event(relative(x.id, 1));
        let own = event(EventTime::Unknown);
        let mut selfish = own.clone();
        selfish.time = relative(own.id, 5);
        s.timeline = vec![
            a.clone(),
            b.clone(),
            gone.clone(),
            loose.clone(),
            x.clone(),
            y.clone(),
            into_circle.clone(),
            selfish.clone(),
        ];
        let times = TimelineTimes::new(&s.timeline);
        for (i, e) in s.timeline.iter().enumerate() {
            assert_eq!(resolved_time(&s, e), None, "event {i}");
            assert_eq!(times.get(i), None, "event {i}");
        }
        assert_eq!(times.unplaced(1), Some(Unplaced::NoTime));
        assert_eq!(times.unplaced(4), Some(Unplaced::Circle));
        assert_eq!(times.unplaced(6), Some(Unplaced::Circle));
        assert_eq!(times.unplaced(7), Some(Unplaced::Circle));
        // Without a time for everyone, the story keeps the recorded order.
        let order: Vec<Id> = ordered(&s.timeline).iter().map(|e| e.id).collect();
        let recorded: Vec<Id> = s.timeline.iter().map(|e| e.id).collect();
        assert_eq!(order, recorded);
        assert_eq!(default_date(&s), s.created.date_naive());
    }

    #[test]
    fn offsets_off_the_calendar_have_no_time_and_never_panic() {
        let start = event(EventTime::Exact(ts("2026-04-06T09:00:00Z")));
        let last = event(EventTime::Exact(Timestamp::MAX_UTC));
        let first = event(EventTime::Exact(Timestamp::MIN_UTC));
        let mut s = Session {
            timeline: vec![start.clone(), last.clone(), first.clone()],
            ..Session::default()
        };
        let span = calendar_span_secs();
        for (anchor, offset) in [
            (start.id, i64::MAX),
            (start.id, i64::MIN),
            (start.id, 10_000_000_000_000),
            (start.id, -10_000_000_000_000),
            (start.id, span),
            (last.id, 1),
            (first.id, -1),
        ] {
            let e = event(relative(anchor, offset));
            s.timeline.push(e.clone());
            assert_eq!(resolved_time(&s, &e), None, "{offset} from {anchor}");
        }
        let times = TimelineTimes::new(&s.timeline);
        for i in 3..s.timeline.len() {
            assert_eq!(times.unplaced(i), Some(Unplaced::OffCalendar), "event {i}");
        }
        // Right up to the ends is fine.
        let e = event(relative(last.id, -1));
        assert!(resolved_time(&s, &e).is_some());
        let e = event(relative(first.id, span));
        assert!(resolved_time(&s, &e).is_some());
    }

    #[test]
    fn a_hundred_thousand_chained_events_resolve_in_one_pass() {
        // Each event relative to the one before it, listed last to first: any search
        // per hop, or a walk per event, would take minutes.
        let n = 100_000;
        let mut events = vec![event(EventTime::Exact(ts("2026-04-06T09:00:00Z")))];
        for i in 1..n {
            let prev = events[i - 1].id;
            events.push(event(relative(prev, 1)));
        }
        events.reverse();
        let times = TimelineTimes::new(&events);
        assert_eq!(
            times.get(0),
            Some((
                ts("2026-04-06T09:00:00Z") + chrono::TimeDelta::seconds(n as i64 - 1),
                true
            ))
        );
        assert_eq!(times.get(n - 1), Some((ts("2026-04-06T09:00:00Z"), false)));
        let s = Session {
            timeline: events,
            ..Session::default()
        };
        // One event at the end of the longest chain: walked once, with an index.
        assert_eq!(resolved_time(&s, &s.timeline[0]), times.get(0));
        assert_eq!(ordered(&s.timeline).len(), n);
        // A circle of the same size.
        let mut circle = s.timeline.clone();
        let first = circle[0].id;
        if let Some(last) = circle.last_mut() {
            last.time = relative(first, 1);
        }
        let times = TimelineTimes::new(&circle);
        assert!((0..n).all(|i| times.unplaced(i) == Some(Unplaced::Circle)));
        let s = Session {
            timeline: circle,
            ..Session::default()
        };
        assert_eq!(resolved_time(&s, &s.timeline[n / 2]), None);
    }
}
