//! Paste import: turns a chat or log excerpt with timestamps into timeline events.
//!
//! Every non-blank line ends up somewhere the facilitator can see it: it starts an
//! event, it continues the event above it (multi-line chat messages, stack traces),
//! or it is reported as unreadable with the reason. Nothing is silently dropped.

use super::command::{Command, Edit};
use super::id::Id;
use super::session::{EventTime, Perspective, Session, TimelineEvent, Timestamp};
use super::speakers::{Found, Known, Matcher};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// How to read a pasted excerpt.
#[derive(Clone, Debug, PartialEq)]
pub struct PasteOptions {
    /// The date for lines that carry only a time of day (`10:42 alice: …`).
    /// Lines with a full date override it for the lines after them.
    pub date: NaiveDate,
}

/// One event read from the excerpt.
#[derive(Clone, Debug, PartialEq)]
pub struct PastedEvent {
    /// 1-based line number where the event starts.
    pub line: usize,
    /// Lines that were attached to it as continuations (1-based).
    pub continuation_lines: Vec<usize>,
    /// When it happened (UTC).
    pub time: Timestamp,
    /// Whether the date was taken from the options or an earlier line rather than
    /// written on the line itself.
    pub date_assumed: bool,
    /// Who wrote it, for chat lines such as `alice: …` or `<alice> …`.
    pub speaker: Option<String>,
    /// The message, with continuation lines joined by newlines.
    pub text: String,
}

impl PastedEvent {
    /// The description for a timeline event: `speaker: text`.
    pub fn description(&self) -> String {
        match &self.speaker {
            Some(who) => format!("{who}: {}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A line the importer could not read, with the reason in plain words.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// 1-based line number.
    pub line: usize,
    /// The line as pasted.
    pub text: String,
    /// Why it could not be read.
    pub reason: String,
}

/// What an excerpt holds: events, lines that could not be read, blank lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PasteResult {
    /// Events, in the order pasted.
    pub events: Vec<PastedEvent>,
    /// Lines that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// Number of blank lines skipped.
    pub blank_lines: usize,
}

impl PasteResult {
    /// The events as timeline events from one perspective, in a single undo step.
    /// Returns `None` when there is nothing to import.
    pub fn import_command(&self, perspective: &Perspective) -> Option<Command> {
        self.import_with(perspective, None)
    }

    /// The events as timeline events from one perspective.
    pub fn to_events(&self, perspective: &Perspective) -> Vec<TimelineEvent> {
        self.events_with(perspective, None)
    }

    /// Like [`Self::import_command`] (with `keep_unreadable`, [`Self::import_all_command`]),
    /// with chat speakers matched to the session's participants through their names
    /// (real name, pseudonym, other names): a matched line's description is its words,
    /// and the event is attributed to the participant, so no handle stays in the text.
    pub fn import_command_for(
        &self,
        perspective: &Perspective,
        session: &Session,
        keep_unreadable: bool,
    ) -> Option<Command> {
        let matcher = Matcher::new(session);
        if keep_unreadable {
            self.import_all_with(perspective, Some(&matcher))
        } else {
            self.import_with(perspective, Some(&matcher))
        }
    }

    fn import_with(&self, perspective: &Perspective, matcher: Option<&Matcher>) -> Option<Command> {
        if self.events.is_empty() {
            return None;
        }
        let commands = self
            .events_with(perspective, matcher)
            .into_iter()
            .map(|e| Command::TimelineEvent(Edit::put(e)))
            .collect();
        Some(Command::Batch {
            label: format!("Import {} pasted events", self.events.len()),
            commands,
        })
    }

    fn events_with(
        &self,
        perspective: &Perspective,
        matcher: Option<&Matcher>,
    ) -> Vec<TimelineEvent> {
        self.events
            .iter()
            .map(|p| {
                let who = match (matcher, &p.speaker) {
                    (Some(m), Some(name)) => match m.find(name) {
                        Found::One(Known::Participant(id)) => Some(id),
                        _ => None,
                    },
                    _ => None,
                };
                TimelineEvent {
                    id: Id::new(),
                    time: EventTime::Exact(p.time),
                    description: if who.is_some() {
                        p.text.clone()
                    } else {
                        p.description()
                    },
                    perspective: perspective.clone(),
                    attributed_to: who,
                    ..Default::default()
                }
            })
            .collect()
    }

    /// Like [`Self::import_command`], and the unreadable lines too, as events with
    /// no time yet, so they can be placed by hand. Events keep the order pasted.
    pub fn import_all_command(&self, perspective: &Perspective) -> Option<Command> {
        self.import_all_with(perspective, None)
    }

    fn import_all_with(
        &self,
        perspective: &Perspective,
        matcher: Option<&Matcher>,
    ) -> Option<Command> {
        let mut timed = self.events_with(perspective, matcher).into_iter();
        let mut starts: Vec<(usize, TimelineEvent)> = self
            .events
            .iter()
            .filter_map(|p| timed.next().map(|e| (p.line, e)))
            .collect();
        starts.extend(self.unreadable.iter().map(|u| {
            (
                u.line,
                TimelineEvent {
                    id: Id::new(),
                    time: EventTime::Unknown,
                    description: u.text.trim().to_owned(),
                    perspective: perspective.clone(),
                    ..TimelineEvent::default()
                },
            )
        }));
        if starts.is_empty() {
            return None;
        }
        starts.sort_by_key(|(line, _)| *line);
        Some(Command::Batch {
            label: format!("Import {} pasted lines", starts.len()),
            commands: starts
                .into_iter()
                .map(|(_, e)| Command::TimelineEvent(Edit::put(e)))
                .collect(),
        })
    }
}

/// Reads an excerpt. Never fails: what cannot be read is listed in
/// [`PasteResult::unreadable`].
pub fn parse(text: &str, options: &PasteOptions) -> PasteResult {
    let mut out = PasteResult::default();
    let mut date = options.date;
    let mut last_time: Option<NaiveDateTime> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end();
        if line.trim().is_empty() {
            out.blank_lines += 1;
            continue;
        }
        match read_stamp(line.trim_start()) {
            Stamp::Full(t, rest) => {
                let naive = t.naive_utc();
                date = naive.date();
                last_time = Some(naive);
                out.events.push(event(
                    line_no,
                    t,
                    false,
                    rest.trim_start_matches(SEPARATORS),
                ));
            }
            Stamp::TimeOnly(time, rest) => {
                let mut naive = date.and_time(time);
                // A chat log that runs past midnight: a time far earlier than the
                // line before it belongs to the next day.
                if let Some(prev) = last_time
                    && prev
                        .checked_sub_signed(Duration::hours(6))
                        .is_some_and(|p| naive < p)
                {
                    naive = naive.checked_add_signed(Duration::days(1)).unwrap_or(naive);
                    date = naive.date();
                }
                last_time = Some(naive);
                let t = Utc.from_utc_datetime(&naive);
                out.events
                    .push(event(line_no, t, true, rest.trim_start_matches(SEPARATORS)));
            }
            Stamp::Malformed(reason) => out.unreadable.push(Unreadable {
                line: line_no,
                text: line.to_owned(),
                reason,
            }),
            Stamp::None => match out.events.last_mut() {
                Some(prev) => {
                    prev.continuation_lines.push(line_no);
                    if !prev.text.is_empty() {
                        prev.text.push('\n');
                    }
                    prev.text.push_str(line.trim());
                }
                None => out.unreadable.push(Unreadable {
                    line: line_no,
                    text: line.to_owned(),
                    reason:
                        "No time at the start of the line, and no earlier event to attach it to."
                            .into(),
                }),
            },
        }
    }
    out
}

/// Characters between a timestamp and the message.
const SEPARATORS: &[char] = &[' ', '\t', '-', '|', ']', ':', ','];

fn event(line: usize, time: Timestamp, date_assumed: bool, rest: &str) -> PastedEvent {
    let (speaker, text) = split_speaker(rest);
    PastedEvent {
        line,
        continuation_lines: Vec::new(),
        time,
        date_assumed,
        speaker,
        text: text.trim().to_owned(),
    }
}

/// `alice: hello` or `<alice> hello` → (Some("alice"), "hello").
fn split_speaker(rest: &str) -> (Option<String>, &str) {
    let rest = rest.trim();
    if let Some(after) = rest.strip_prefix('<')
        && let Some(end) = after.find('>')
    {
        let who = &after[..end];
        if !who.is_empty() && !who.contains(char::is_whitespace) {
            return (Some(who.to_owned()), after[end + 1..].trim());
        }
    }
    if let Some(colon) = rest.find(": ") {
        let who = &rest[..colon];
        let looks_like_name = !who.is_empty()
            && who.chars().count() <= 32
            && !who.contains(char::is_whitespace)
            && !who.chars().all(|c| c.is_ascii_digit());
        if looks_like_name {
            return (Some(who.to_owned()), rest[colon + 2..].trim());
        }
    }
    (None, rest)
}

enum Stamp<'a> {
    /// A full date and time, and the rest of the line.
    Full(Timestamp, &'a str),
    /// Only a time of day, and the rest of the line.
    TimeOnly(NaiveTime, &'a str),
    /// Starts like a timestamp but is not one.
    Malformed(String),
    /// No timestamp at all.
    None,
}

fn read_stamp(line: &str) -> Stamp<'_> {
    // Brackets around the stamp are common in logs: [2026-04-06 10:42:13].
    let (inner, bracketed) = match line.strip_prefix('[') {
        Some(after) => (after, true),
        None => (line, false),
    };
    if !inner.starts_with(|c: char| c.is_ascii_digit()) {
        return Stamp::None;
    }
    // The stamp token: digits and date/time punctuation, plus a 'T' or one space
    // between a date and a time, plus a zone.
    let token_end = stamp_end(inner);
    let token = &inner[..token_end];
    let mut rest = &inner[token_end..];
    if bracketed {
        match rest.trim_start().strip_prefix(']') {
            Some(r) => rest = r,
            None => {
                // "[12] something" is not a stamp; let it continue the event above.
                if !token.contains(':') {
                    return Stamp::None;
                }
            }
        }
    }
    // A stamp ends at a word boundary: "10:4x" is a typo, not 10:04.
    let glued = rest.starts_with(|c: char| c.is_alphanumeric());
    if glued && !token.contains(':') {
        return Stamp::None;
    }
    if glued {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        return Stamp::Malformed(format!(
            "\"{}{}\" looks like a time but is not one we can read (expected e.g. 10:42, 10:42:13, 2026-04-06 10:42:13 or 2026-04-06T10:42:13Z).",
            token,
            &rest[..word_end]
        ));
    }
    // Every full format has a date with '-' or '/': a time of day skips the ten
    // date formats (most lines of a chat log).
    if token.contains(['-', '/'])
        && let Some(t) = parse_full(token)
    {
        return Stamp::Full(t, rest);
    }
    if let Some(t) = parse_time(token) {
        return Stamp::TimeOnly(t, rest);
    }
    // Digits that are not a time (a numbered list, "3 customers …") continue text.
    if !token.contains(':') && !looks_like_date(token) {
        return Stamp::None;
    }
    Stamp::Malformed(format!(
        "\"{}\" looks like a time but is not one we can read (expected e.g. 10:42, 10:42:13, 2026-04-06 10:42:13 or 2026-04-06T10:42:13Z).",
        token.trim()
    ))
}

fn looks_like_date(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() >= 8 && b.iter().filter(|c| **c == b'-' || **c == b'/').count() >= 2
}

/// Where the timestamp-like prefix ends.
fn stamp_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut end = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let ok = c.is_ascii_digit()
            || matches!(c, b'-' | b':' | b'.' | b'/' | b'+' | b'T' | b'Z')
            // One space between a date and a time ("2026-04-06 10:42").
            || (c == b' '
                && i > 0
                && looks_like_date(&s[..i])
                && !s[..i].contains(' ')
                && bytes.get(i + 1).is_some_and(|n| n.is_ascii_digit()));
        if !ok {
            break;
        }
        // A ':' followed by a space ends the stamp: "10:42: msg" or "alice: msg".
        if c == b':' && bytes.get(i + 1).is_none_or(|n| !n.is_ascii_digit()) {
            break;
        }
        i += 1;
        end = i;
    }
    // "Z" or "T" must not be swallowed from a following word.
    s[..end].trim_end_matches(['-', '.', '/', '+']).len()
}

fn parse_full(token: &str) -> Option<Timestamp> {
    let token = token.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(token) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(token, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    let naive = token.trim_end_matches('Z');
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(naive, fmt) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    None
}

fn parse_time(token: &str) -> Option<NaiveTime> {
    let token = token.trim();
    for fmt in ["%H:%M:%S%.f", "%H:%M"] {
        if let Ok(t) = NaiveTime::parse_from_str(token, fmt) {
            return Some(t);
        }
    }
    None
}

/// Reads a time typed by the facilitator: `09:12`, `09:12:30`, `2026-04-06 09:12`
/// or ISO-8601. Times of day fall on `date`.
pub fn parse_time_input(text: &str, date: NaiveDate) -> Option<Timestamp> {
    let t = text.trim();
    if let Some(ts) = parse_full(t) {
        return Some(ts);
    }
    parse_time(t).map(|time| Utc.from_utc_datetime(&date.and_time(time)))
}

/// The largest offset a facilitator can type: a century. Larger ones are refused as
/// typos, so the app never writes a time that `validate` would refuse on opening.
pub const MAX_TYPED_OFFSET_SECS: i64 = 100 * 366 * 24 * 3600;

/// Reads an offset typed by the facilitator, in seconds: `10m`, `+10 min`, `-90s`,
/// `1h`, `1h30m`, or a bare number of minutes (at most [`MAX_TYPED_OFFSET_SECS`]).
pub fn parse_offset(text: &str) -> Option<i64> {
    parse_any_offset(text).filter(|s| s.abs() <= MAX_TYPED_OFFSET_SECS)
}

fn parse_any_offset(text: &str) -> Option<i64> {
    let t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => (-1, b),
        None => (1, t.strip_prefix('+').unwrap_or(&t)),
    };
    if body.is_empty() {
        return None;
    }
    if let Ok(mins) = body.parse::<i64>() {
        return mins.checked_mul(60).map(|m| sign * m);
    }
    let mut total = 0i64;
    let mut num = String::new();
    let mut chars = body.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let mut unit = String::from(c);
        while let Some(n) = chars.peek().filter(|n| n.is_alphabetic()) {
            unit.push(*n);
            chars.next();
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        let mult = match unit.to_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(mult)?)?;
        any = true;
    }
    if !num.is_empty() || !any {
        return None;
    }
    Some(sign * total)
}

/// Moved to [`crate::model::timefmt`]; the old path still works for callers.
pub use super::timefmt::fmt_offset;

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> PasteOptions {
        PasteOptions {
            date: NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default(),
        }
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap_or_default()
    }

    /// Every non-blank line is an event start, a continuation or reported.
    fn accounted(text: &str, r: &PasteResult) {
        let non_blank = text.lines().filter(|l| !l.trim().is_empty()).count();
        let used: usize = r
            .events
            .iter()
            .map(|e| 1 + e.continuation_lines.len())
            .sum();
        assert_eq!(used + r.unreadable.len(), non_blank, "a line went missing");
        assert_eq!(non_blank + r.blank_lines, text.lines().count());
    }

    #[test]
    fn reads_chat_lines_with_time_of_day() {
        let text = "10:42 alice: pool graph looks odd\n10:43:05 <bob> on it\n";
        let r = parse(text, &opts());
        accounted(text, &r);
        assert_eq!(r.events.len(), 2);
        assert!(r.unreadable.is_empty());
        assert_eq!(r.events[0].time, ts("2026-04-06T10:42:00Z"));
        assert_eq!(r.events[0].speaker.as_deref(), Some("alice"));
        assert_eq!(r.events[0].text, "pool graph looks odd");
        assert!(r.events[0].date_assumed);
        assert_eq!(r.events[1].time, ts("2026-04-06T10:43:05Z"));
        assert_eq!(r.events[1].speaker.as_deref(), Some("bob"));
        assert_eq!(r.events[1].description(), "bob: on it");
    }

    #[test]
    fn reads_bracketed_logs_and_iso_8601() {
        let text = "[2026-04-06 10:42:13] WARN pool at 80%\n\
                    2026-04-06T10:44:00Z gateway p99 2.1s\n\
                    2026-04-06T12:45:00+02:00 flag flipped\n\
                    2026-04-06T10:46:00.250Z pool flat\n";
        let r = parse(text, &opts());
        accounted(text, &r);
        assert!(r.unreadable.is_empty(), "{:?}", r.unreadable);
        let times: Vec<_> = r.events.iter().map(|e| e.time).collect();
        assert_eq!(
            times,
            vec![
                ts("2026-04-06T10:42:13Z"),
                ts("2026-04-06T10:44:00Z"),
                ts("2026-04-06T10:45:00Z"),
                ts("2026-04-06T10:46:00.250Z"),
            ]
        );
        assert_eq!(r.events[0].text, "WARN pool at 80%");
        assert!(!r.events[0].date_assumed);
        assert_eq!(r.events[1].speaker, None);
    }

    #[test]
    fn full_dates_carry_over_to_time_only_lines() {
        let text = "2026-05-01 09:00 start\n09:05 alice: next";
        let r = parse(text, &opts());
        assert_eq!(r.events[1].time, ts("2026-05-01T09:05:00Z"));
    }

    #[test]
    fn crossing_midnight_moves_to_the_next_day() {
        let text = "23:58 alice: still here\n00:03 bob: me too";
        let r = parse(text, &opts());
        assert_eq!(r.events[1].time, ts("2026-04-07T00:03:00Z"));
    }

    #[test]
    fn continuation_lines_attach_to_the_event_above() {
        let text =
            "10:42 alice: stack trace:\n  at checkout::pay\n  at gateway::call\n\n10:45 bob: ok";
        let r = parse(text, &opts());
        accounted(text, &r);
        assert_eq!(r.events.len(), 2);
        assert_eq!(r.events[0].continuation_lines, vec![2, 3]);
        assert_eq!(
            r.events[0].text,
            "stack trace:\nat checkout::pay\nat gateway::call"
        );
        assert_eq!(r.blank_lines, 1);
    }

    #[test]
    fn odd_lines_are_reported_not_dropped() {
        let text = "Conversation export from #incident\n\
                    10:42 alice: first\n\
                    25:99 bob: impossible time\n\
                    2026-13-45 10:00 bad date\n\
                    10:4x carol: typo\n\
                    10:50 dave: last";
        let r = parse(text, &opts());
        accounted(text, &r);
        assert_eq!(r.events.len(), 2, "{:?}", r.events);
        let lines: Vec<usize> = r.unreadable.iter().map(|u| u.line).collect();
        assert_eq!(lines, vec![1, 3, 4, 5]);
        assert!(r.unreadable[0].reason.contains("no earlier event"));
        assert!(r.unreadable[1].reason.contains("25:99"));
        assert_eq!(r.unreadable[1].text, "25:99 bob: impossible time");
    }

    #[test]
    fn numbers_that_are_not_times_continue_the_message() {
        let text = "10:42 alice: three things:\n1. pool\n2. gateway\n[3] retries";
        let r = parse(text, &opts());
        accounted(text, &r);
        assert_eq!(r.events.len(), 1);
        assert!(r.unreadable.is_empty());
        assert_eq!(r.events[0].continuation_lines, vec![2, 3, 4]);
    }

    #[test]
    fn import_is_one_undo_step_with_the_chosen_perspective() {
        let text = "10:42 alice: one\n10:43 bob: two";
        let r = parse(text, &opts());
        let Some(Command::Batch { commands, .. }) = r.import_command(&Perspective::Chat) else {
            panic!("expected a batch");
        };
        assert_eq!(commands.len(), 2);
        let mut s = crate::model::Session::default();
        let cmd = r.import_command(&Perspective::Chat);
        assert!(cmd.is_some_and(|c| c.apply(&mut s).is_ok()));
        assert_eq!(s.timeline.len(), 2);
        assert!(
            s.timeline
                .iter()
                .all(|e| e.perspective == Perspective::Chat)
        );
        assert_eq!(s.timeline[0].description, "alice: one");
        assert!(
            PasteResult::default()
                .import_command(&Perspective::Log)
                .is_none()
        );
    }

    #[test]
    fn unreadable_lines_can_be_kept_as_untimed_events() {
        let text = "intro line\n10:42 alice: one\n10:4x typo\n10:43 bob: two";
        let r = parse(text, &opts());
        let mut s = crate::model::Session::default();
        let cmd = r.import_all_command(&Perspective::Chat);
        assert!(cmd.is_some_and(|c| c.apply(&mut s).is_ok()));
        let got: Vec<(&str, bool)> = s
            .timeline
            .iter()
            .map(|e| (e.description.as_str(), e.time == EventTime::Unknown))
            .collect();
        assert_eq!(
            got,
            vec![
                ("intro line", true),
                ("alice: one", false),
                ("10:4x typo", true),
                ("bob: two", false)
            ]
        );
    }

    #[test]
    fn nothing_is_dropped_on_arbitrary_text() {
        let samples = [
            "",
            "\n\n",
            "::::\n[\n]\n[]\n10:\n:10\n2026-\n12:30:\nT10:00",
            "10:42\n10:42:\n10:42 \n 10:42 indented",
            "ünïcödé 10:42\n10:42 ünï: cödé",
        ];
        for text in samples {
            let r = parse(text, &opts());
            accounted(text, &r);
        }
    }

    /// A large log (50,000 lines, over 4 MB): chat lines, bracketed log lines,
    /// stack-trace continuations and blanks, as an on-call channel export looks.
    #[test]
    fn reads_a_large_log_completely() {
        let text = crate::synth::log_excerpt(50_000);
        assert!(text.len() > 4_000_000, "{} bytes", text.len());
        let r = parse(&text, &opts());
        accounted(&text, &r);
        assert!(r.unreadable.is_empty(), "{:?}", r.unreadable.first());
        assert_eq!(r.events.len(), 40_000);
        assert_eq!(r.blank_lines, 5_000);
        assert_eq!(
            r.events
                .iter()
                .map(|e| e.continuation_lines.len())
                .sum::<usize>(),
            5_000
        );
        let last = r.events.last().map(|e| e.time);
        // 08:00:00 + 49,997 s (the last event line), the same day: no false midnight roll-over.
        assert_eq!(last, Some(ts("2026-04-06T21:53:17Z")));
        assert!(r.events.windows(2).all(|w| w[0].time <= w[1].time));
    }

    #[test]
    fn typed_times_and_offsets() {
        let d = opts().date;
        assert_eq!(
            parse_time_input("09:12", d),
            Some(ts("2026-04-06T09:12:00Z"))
        );
        assert_eq!(
            parse_time_input("2026-04-07 09:12:30", d),
            Some(ts("2026-04-07T09:12:30Z"))
        );
        assert_eq!(parse_time_input("soon", d), None);
        assert_eq!(parse_offset("10"), Some(600));
        assert_eq!(parse_offset("+10 min"), Some(600));
        assert_eq!(parse_offset("-90s"), Some(-90));
        assert_eq!(parse_offset("1h30m"), Some(5400));
        assert_eq!(parse_offset("ten"), None);
        assert_eq!(parse_offset("10x"), None);
        assert_eq!(
            parse_offset("999999999999999999"),
            None,
            "no overflow panic"
        );
        assert_eq!(parse_offset("99999999999999999h"), None);
        // A century at most: anything longer is a typo that would leave the calendar.
        assert_eq!(parse_offset("876000h"), Some(876_000 * 3600));
        assert_eq!(parse_offset("-4000000000h"), None);
        assert_eq!(parse_offset("900000h"), None);
        assert_eq!(fmt_offset(5400), "+1h30m");
        assert_eq!(fmt_offset(-45), "-45s");
    }
}
