//! Property test over the full range of every number a session file can hold: the
//! example session with each numeric field replaced by an arbitrary value of its
//! type (any timestamp or date chrono can represent, any `i64` offset, any `f32`
//! position including NaN and infinities, any `u32`, `usize` and `u64`), and relative
//! times anchored anywhere, circles included.
//!
//! Whatever the numbers: `validate`, drafting every standard section, the Markdown
//! export (redacted or not), the map's SVG and gap table, redaction, search and the
//! timeline's resolution never panic; and a session that `validate` accepts saves
//! to a file that opens again. `PROPTEST_CASES=2000 cargo test --test numeric_ranges`
//! digs deeper.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use chrono::{DateTime, Datelike as _, NaiveDate, Utc};
use proptest::prelude::*;
use second_story::model::export::{ExportOptions, to_markdown};
use second_story::model::search::{Query, search};
use second_story::model::*;
use second_story::model::{file, map, narrative, timeline, validate};

type Timestamp = DateTime<Utc>;

/// The numbers one case puts into the session, used in turn by every field of a kind.
#[derive(Clone, Debug)]
struct Numbers {
    times: Vec<Timestamp>,
    dates: Vec<NaiveDate>,
    offsets: Vec<i64>,
    positions: Vec<f32>,
    u32s: Vec<u32>,
    usizes: Vec<usize>,
    u64s: Vec<u64>,
    /// Choices: which kind of time, which anchor, whether an option is set.
    picks: Vec<u32>,
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    let (min, max) = (
        Timestamp::MIN_UTC.timestamp(),
        Timestamp::MAX_UTC.timestamp(),
    );
    prop_oneof![
        3 => (min..=max, 0u32..1_000_000_000)
            .prop_map(|(s, n)| DateTime::from_timestamp(s, n).unwrap_or_default()),
        1 => Just(Timestamp::MIN_UTC),
        1 => Just(Timestamp::MAX_UTC),
        2 => (1_700_000_000i64..1_900_000_000)
            .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default()),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    prop_oneof![
        3 => (min..=max).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or_default()),
        1 => Just(NaiveDate::MIN),
        1 => Just(NaiveDate::MAX),
    ]
}

fn offset() -> impl Strategy<Value = i64> {
    let span = timeline::calendar_span_secs();
    prop_oneof![
        3 => any::<i64>(),
        1 => Just(i64::MAX),
        1 => Just(i64::MIN),
        1 => Just(span),
        1 => Just(-span),
        1 => -span..=span,
        2 => -100_000i64..100_000,
    ]
}

fn position() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => any::<f32>(),
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
        1 => Just(f32::NEG_INFINITY),
        1 => Just(f32::MAX),
        1 => Just(-f32::MAX),
        2 => -2.0e6f32..2.0e6,
    ]
}

/// Numbers for one case. Two cases in three take times, offsets and positions from
/// their full ranges (most of those sessions are refused); the third keeps them to
/// what a real review holds, so that accepted sessions, and their save and reopen,
/// are tested as well. Other numbers always come from their full ranges.
fn numbers() -> impl Strategy<Value = Numbers> {
    let tame_time = (1_700_000_000i64..1_900_000_000)
        .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default());
    prop_oneof![
        2 => numbers_with(timestamp().boxed(), offset().boxed(), position().boxed()),
        1 => numbers_with(
            tame_time.boxed(),
            (-100_000i64..100_000).boxed(),
            (-1.0e6f32..1.0e6).boxed(),
        ),
    ]
}

fn numbers_with(
    time: BoxedStrategy<Timestamp>,
    offset: BoxedStrategy<i64>,
    position: BoxedStrategy<f32>,
) -> impl Strategy<Value = Numbers> {
    (
        prop::collection::vec(time, 1..12),
        prop::collection::vec(date(), 1..6),
        prop::collection::vec(offset, 1..12),
        prop::collection::vec(position, 1..16),
        prop::collection::vec(
            prop_oneof![any::<u32>(), Just(u32::MAX), 0u32..10_000],
            1..12,
        ),
        prop::collection::vec(
            prop_oneof![any::<usize>(), Just(usize::MAX), 0usize..200],
            1..8,
        ),
        prop::collection::vec(any::<u64>(), 1..4),
        prop::collection::vec(any::<u32>(), 1..24),
    )
        .prop_map(
            |(times, dates, offsets, positions, u32s, usizes, u64s, picks)| Numbers {
                times,
                dates,
                offsets,
                positions,
                u32s,
                usizes,
                u64s,
                picks,
            },
        )
}

/// Hands out the numbers of one kind in turn, round and round.
struct Turn<T: Copy> {
    items: Vec<T>,
    at: usize,
}

impl<T: Copy> Turn<T> {
    fn new(items: Vec<T>) -> Self {
        Self { items, at: 0 }
    }
    fn next(&mut self) -> T {
        let item = self.items[self.at % self.items.len()];
        self.at += 1;
        item
    }
}

fn example() -> Session {
    file::from_str(EXAMPLE_SESSION)
        .expect("the example loads")
        .session
}

/// The example with every number replaced.
fn build(n: Numbers) -> Session {
    let mut s = example();
    let mut times = Turn::new(n.times);
    let mut dates = Turn::new(n.dates);
    let mut offsets = Turn::new(n.offsets);
    let mut positions = Turn::new(n.positions);
    let mut u32s = Turn::new(n.u32s);
    let mut usizes = Turn::new(n.usizes);
    let mut u64s = Turn::new(n.u64s);
    let mut picks = Turn::new(n.picks);
    s.created = times.next();
    s.updated = times.next();
    for i in &mut s.interviews {
        i.started = (picks.next().is_multiple_of(2)).then(|| times.next());
        i.duration_secs = u32s.next();
        i.calibration_sent = (picks.next().is_multiple_of(2)).then(|| dates.next());
        i.calibration_checked = (picks.next().is_multiple_of(2)).then(|| dates.next());
        for st in &mut i.statements {
            st.at_secs = u32s.next();
        }
        for a in &mut i.asked {
            a.at_secs = u32s.next();
        }
    }
    let ids: Vec<Id> = s.timeline.iter().map(|e| e.id).collect();
    for e in &mut s.timeline {
        e.time = match picks.next() % 5 {
            0 => EventTime::Exact(times.next()),
            1 => EventTime::Approximate(times.next()),
            2 => EventTime::Unknown,
            _ => EventTime::Relative {
                // Any event, itself included: chains, circles, loops of one.
                anchor: Some(ids[picks.next() as usize % ids.len()]),
                offset_secs: offsets.next(),
                text: String::new(),
            },
        };
    }
    for t in &mut s.tags {
        t.span = (picks.next().is_multiple_of(2)).then(|| (usizes.next(), usizes.next()));
    }
    for f in &mut s.follow_ups {
        f.soak_until = (picks.next().is_multiple_of(2)).then(|| dates.next());
    }
    for m in &mut s.maps {
        for node in &mut m.nodes {
            node.pos = [positions.next(), positions.next()];
        }
    }
    for sec in &mut s.narrative.sections {
        sec.generated_hash = (picks.next().is_multiple_of(2)).then(|| u64s.next());
    }
    s
}

/// Everything that reads a session, none of which may panic.
fn exercise(s: &Session) -> Result<(), TestCaseError> {
    let valid = validate::validate(s);
    let times = timeline::TimelineTimes::new(&s.timeline);
    for (i, e) in s.timeline.iter().enumerate() {
        prop_assert_eq!(timeline::resolved_time(s, e), times.get(i));
    }
    let _ = timeline::default_date(s);
    let _ = narrative::ordered_timeline(s);
    for std in narrative::STANDARD {
        let _ = narrative::draft_body(s, std.kind);
    }
    let _ = narrative::draft_from_session(s);
    for redact in [true, false] {
        let options = ExportOptions { redact };
        let _ = to_markdown(s, options);
        for m in &s.maps {
            let _ = map::to_svg(s, m, options);
            let _ = map::to_markdown(s, m, options);
            let _ = map::extent(m);
            let _ = map::tidy(m);
        }
        for sec in &s.narrative.sections {
            let _ = second_story::model::export::section_markdown(s, sec, options);
        }
    }
    let _ = narrative::broken_claims(s, &s.narrative.sections);
    let copy = second_story::model::publish::shared_copy(s);
    let _ = validate::validate(&copy);
    for text in ["", "pool", "P1 09:16"] {
        let _ = search(
            s,
            &Query {
                text: text.into(),
                ..Query::default()
            },
        );
    }
    for tag in &s.tags {
        let _ = second_story::model::codebook::excerpt_text(s, tag);
    }
    let _ = summary(s);
    // What validate accepts, a file keeps: it saves and opens again.
    if valid.is_ok() {
        let text = file::to_ron_string(s).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = file::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(
            file::to_ron_string(&back.session).map_err(|e| TestCaseError::fail(e.to_string()))?,
            text
        );
    }
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_numbers_validate_draft_and_export_without_panic(n in numbers()) {
        let s = build(n);
        exercise(&s)?;
    }
}

#[test]
fn the_extremes_are_reached() {
    // The strategies are not so narrow that the test proves nothing: the extreme
    // values occur, and some sessions are refused while others are accepted.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut refused, mut accepted, mut nan, mut max_offset, mut calendar_end) = (0, 0, 0, 0, 0);
    for _ in 0..64 {
        let n = numbers()
            .new_tree(&mut runner)
            .expect("strategy generates")
            .current();
        nan += usize::from(n.positions.iter().any(|p| p.is_nan()));
        max_offset += usize::from(
            n.offsets
                .iter()
                .any(|o| o.unsigned_abs() >= i64::MAX as u64),
        );
        calendar_end += usize::from(
            n.times
                .iter()
                .any(|t| *t == Timestamp::MAX_UTC || *t == Timestamp::MIN_UTC),
        );
        match validate::validate(&build(n)) {
            Ok(()) => accepted += 1,
            Err(_) => refused += 1,
        }
    }
    assert!(nan > 4, "NaN positions in {nan} of 64");
    assert!(max_offset > 4, "extreme offsets in {max_offset} of 64");
    assert!(calendar_end > 4, "calendar ends in {calendar_end} of 64");
    assert!(
        refused > 4 && accepted > 4,
        "{refused} refused, {accepted} accepted"
    );
}

#[test]
fn the_base_session_has_every_kind_of_number() {
    // Each field the property replaces exists in the example, so none goes untested.
    let s = example();
    assert!(!s.interviews.is_empty() && s.interviews.iter().any(|i| !i.asked.is_empty()));
    assert!(s.timeline.len() >= 3);
    assert!(!s.tags.is_empty() && !s.follow_ups.is_empty());
    assert!(s.maps.iter().any(|m| !m.nodes.is_empty()));
    assert!(!s.narrative.sections.is_empty());
}
