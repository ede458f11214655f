//! Plain-text transcripts, as Otter, Google Meet and people write them:
//!
//! - `Ana Lima: words` — a turn (Meet, hand-written notes);
//! - `[00:01:02] Ana Lima: words`, `00:01:02 Ana Lima: words`, `(1:02) Ana: words` — a
//!   timed turn;
//! - `00:05:00` alone — the time for the turns below it (Meet writes one every few
//!   minutes);
//! - `Ana Lima  0:03` followed by the words on the lines below (Otter);
//! - any other line — more words for the turn above.
//!
//! Times are `m:ss` or `h:mm:ss`. When the first time is an hour or more (a clock time
//! rather than time into the recording), times are counted from it.

use super::cues::{Order, problem};
use super::{Cue, Format, Transcript, parse_time_ms};

/// One line, classified.
enum Line<'a> {
    /// A time alone.
    Stamp(Result<u64, &'a str>),
    /// A turn: an optional time, a speaker (or none), the words.
    Turn {
        time: Option<Result<u64, &'a str>>,
        speaker: Option<&'a str>,
        text: &'a str,
    },
    /// An Otter header: speaker and time, with the words on the lines below.
    Header {
        speaker: &'a str,
        time: Result<u64, &'a str>,
    },
    /// More words for the turn above.
    Words(&'a str),
}

/// Whether a line reads as a turn of a plain-text transcript (for format detection):
/// `Name: words`, `[time] Name: words` or an Otter header.
pub(super) fn looks_like_turn(line: &str) -> bool {
    matches!(
        classify(line),
        Line::Turn {
            speaker: Some(_),
            ..
        } | Line::Header { .. }
    )
}

/// Reads every turn of a plain-text transcript (line endings already `\n`).
pub(super) fn read(text: &str) -> Transcript {
    let mut out = Transcript {
        format: Format::PlainText,
        cues: Vec::new(),
        problems: Vec::new(),
        timed: false,
    };
    let mut clock = Clock::default();
    // An Otter header waiting for its words: (speaker, time, line, the line).
    let mut header: Option<(&str, u64, usize, &str)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        match classify(line) {
            Line::Stamp(t) => {
                clock.time(t, line_no, line, &mut out);
            }
            Line::Header { speaker, time } => {
                if let Some((_, _, at, raw)) = header.take() {
                    out.problems.push(problem(
                        at,
                        raw,
                        "A speaker with no words below; left out.".into(),
                    ));
                }
                let ms = clock.time(time, line_no, line, &mut out);
                header = Some((speaker, ms, line_no, line));
            }
            Line::Turn {
                time,
                speaker,
                text,
            } => {
                if let Some((_, _, at, raw)) = header.take() {
                    out.problems.push(problem(
                        at,
                        raw,
                        "A speaker with no words below; left out.".into(),
                    ));
                }
                let ms = match time {
                    Some(t) => clock.time(t, line_no, line, &mut out),
                    None => clock.order.last_start,
                };
                if text.is_empty() {
                    out.problems.push(problem(
                        line_no,
                        line,
                        "A turn with no words; left out.".into(),
                    ));
                    continue;
                }
                out.cues.push(Cue {
                    line: line_no,
                    start_ms: ms,
                    end_ms: None,
                    speaker: speaker.map(str::to_owned),
                    text: text.to_owned(),
                });
            }
            Line::Words(words) => {
                if let Some((speaker, ms, _, _)) = header.take() {
                    out.cues.push(Cue {
                        line: line_no,
                        start_ms: ms,
                        end_ms: None,
                        speaker: Some(speaker.to_owned()),
                        text: words.to_owned(),
                    });
                } else if let Some(last) = out.cues.last_mut() {
                    last.text.push(' ');
                    last.text.push_str(words);
                } else {
                    out.problems.push(problem(
                        line_no,
                        line,
                        "Before the first speaker (no “Name:” yet); not imported.".into(),
                    ));
                }
            }
        }
    }
    if let Some((_, _, at, raw)) = header {
        out.problems.push(problem(
            at,
            raw,
            "A speaker with no words below; left out.".into(),
        ));
    }
    // Clock times: count from the first one.
    if let Some(first) = clock.first.filter(|t| *t >= 3_600_000) {
        for c in &mut out.cues {
            c.start_ms = c.start_ms.saturating_sub(first);
        }
    }
    out
}

/// The time of the turns being read, and the first time seen.
#[derive(Default)]
struct Clock {
    order: Order,
    first: Option<u64>,
}

impl Clock {
    /// Takes a time read from `line`: the new current time, or (when it cannot be
    /// read) the one above, with the problem listed.
    fn time(&mut self, t: Result<u64, &str>, line: usize, raw: &str, out: &mut Transcript) -> u64 {
        match t {
            Ok(ms) => {
                out.timed = true;
                self.first.get_or_insert(ms);
                self.order.check(ms, None, line, raw, out);
                ms
            }
            Err(token) => {
                out.problems.push(problem(
                    line,
                    raw,
                    format!(
                        "“{token}” is not a time that can be read (expected e.g. 1:02 or 00:01:02); timed like the line above."
                    ),
                ));
                self.order.last_start
            }
        }
    }
}

fn classify(line: &str) -> Line<'_> {
    if let Some((time, rest)) = leading_time(line) {
        if rest.is_empty() {
            return Line::Stamp(time);
        }
        return match split_speaker(rest, true) {
            Some((who, said)) => Line::Turn {
                time: Some(time),
                speaker: Some(who),
                text: said,
            },
            None => Line::Turn {
                time: Some(time),
                speaker: None,
                text: rest,
            },
        };
    }
    if let Some((who, said)) = split_speaker(line, true) {
        return Line::Turn {
            time: None,
            speaker: Some(who),
            text: said,
        };
    }
    // Otter: "Ana Lima  0:03" (the words follow on the next lines).
    if let Some((head, last)) = line.rsplit_once(char::is_whitespace)
        && let Some(token) = time_token(last)
    {
        let head = head.trim();
        if !head.contains(':') && looks_like_name(head, true) {
            return Line::Header {
                speaker: head,
                time: parse_time_ms(token).ok_or(token),
            };
        }
    }
    Line::Words(line)
}

/// A time at the start of a line: `[00:01:02]`, `(1:02)` or `00:01:02`, and the rest.
fn leading_time(line: &str) -> Option<(Result<u64, &str>, &str)> {
    let (token, rest) = match line.strip_prefix(['[', '(']) {
        Some(after) => {
            let close = after.find([']', ')']).filter(|&k| k <= 16)?;
            (after[..close].trim(), &after[close + 1..])
        }
        None => {
            let end = line.find(char::is_whitespace).unwrap_or(line.len());
            (&line[..end], &line[end..])
        }
    };
    let token = time_token(token)?;
    let rest = rest
        .trim_start_matches([' ', '\t', '-', '–', '—', '|'])
        .trim();
    Some((parse_time_ms(token).ok_or(token), rest))
}

/// A word that looks like a time (digits with at least one `:`), without a trailing `:`.
fn time_token(word: &str) -> Option<&str> {
    let t = word.trim().trim_end_matches(':');
    let ok = t.contains(':')
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ','));
    ok.then_some(t)
}

/// `Ana Lima: words` → ("Ana Lima", "words"). `strict` (plain text, where any sentence
/// with a colon could pass for a turn) also asks that a name of several words has
/// capitalised words, as names do ("The reason was simple: …" is not a speaker).
pub(crate) fn split_speaker(s: &str, strict: bool) -> Option<(&str, &str)> {
    let colon = s.find(':')?;
    let rest = &s[colon + 1..];
    // "10:42", "https://…": a colon inside a word is not a speaker's.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let name = s[..colon].trim();
    looks_like_name(name, strict).then_some((name, rest.trim()))
}

/// Whether a few words can be a speaker's name or handle.
fn looks_like_name(name: &str, strict: bool) -> bool {
    let chars = name.chars().count();
    let words: Vec<&str> = name.split_whitespace().collect();
    let plausible = (1..=60).contains(&chars)
        && (1..=6).contains(&words.len())
        && name.starts_with(|c: char| c.is_alphanumeric() || matches!(c, '@' | '_'))
        && !name.chars().all(|c| c.is_ascii_digit())
        && !name.contains([
            '?', '!', ';', '"', '“', '”', '[', ']', '{', '}', '<', '>', '=',
        ])
        && !name.to_lowercase().contains("http");
    if !plausible || !strict || words.len() == 1 {
        return plausible;
    }
    const PARTICLES: [&str; 10] = [
        "de", "da", "do", "van", "von", "der", "la", "le", "bin", "al",
    ];
    words.iter().all(|w| {
        w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '(')
            || PARTICLES.contains(w)
    })
}
