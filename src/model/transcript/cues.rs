//! WebVTT and SRT: blocks of a cue id, a timing line (`start --> end`) and the words.
//!
//! Both are read by one block reader; they differ in the header (WEBVTT), the comment
//! blocks WebVTT allows (NOTE, STYLE, REGION) and the decimal sign (`.` or `,`, both
//! accepted). Speakers come from a voice tag (`<v Ana Lima>…</v>`, Teams) or a
//! `Name: ` prefix (Zoom, most SRT with speakers).

use super::plain::split_speaker;
use super::{Cue, Format, Problem, Transcript, fmt_ms, parse_time_ms, shorten};

/// Which block format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Dialect {
    /// WebVTT: a WEBVTT header, optional comment blocks.
    Vtt,
    /// SubRip: numbered cues.
    Srt,
}

/// Reads every cue of a WebVTT or SRT text (line endings already `\n`).
pub(super) fn read(text: &str, dialect: Dialect, format: Format) -> Transcript {
    let mut out = Transcript {
        format,
        cues: Vec::new(),
        problems: Vec::new(),
        timed: true,
    };
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .collect();
    let mut order = Order::default();
    let mut i = 0;
    if dialect == Dialect::Vtt {
        // The header: the WEBVTT line and any metadata lines up to the first blank line.
        while i < lines.len() && !lines[i].1.trim().is_empty() {
            i += 1;
        }
    }
    while i < lines.len() {
        if lines[i].1.trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].1.trim().is_empty() {
            i += 1;
        }
        block(&lines[start..i], dialect, &mut order, &mut out);
    }
    out
}

/// One block of non-blank lines: usually one cue; several when blank lines between
/// cues are missing.
fn block(lines: &[(usize, &str)], dialect: Dialect, order: &mut Order, out: &mut Transcript) {
    let Some((first_no, first)) = lines.first().copied() else {
        return;
    };
    if dialect == Dialect::Vtt {
        let word = first.split_whitespace().next().unwrap_or_default();
        if matches!(word, "NOTE" | "STYLE" | "REGION") {
            return;
        }
    }
    let timings: Vec<usize> = (0..lines.len())
        .filter(|&k| lines[k].1.contains("-->"))
        .collect();
    if timings.is_empty() {
        // Words with no time: kept, timed like the cue above.
        let words: Vec<&str> = lines
            .iter()
            .map(|(_, l)| *l)
            .filter(|l| !(dialect == Dialect::Srt && is_number(l)))
            .collect();
        let reason = "No time line in this cue (expected e.g. 00:00:01.000 --> 00:00:04.000)";
        if words.is_empty() {
            out.problems.push(problem(
                first_no,
                first,
                format!("{reason} and no words; left out."),
            ));
        } else {
            out.problems.push(problem(
                first_no,
                first,
                format!("{reason}; its words are kept, timed like the cue above."),
            ));
            push_cue(out, order.last_start, None, first_no, &words);
        }
        return;
    }
    // Where each cue's own lines start: at its id when the line above its time line
    // looks like one (ids are optional in WebVTT), else at the time line.
    let starts: Vec<usize> = timings
        .iter()
        .enumerate()
        .map(|(n, &t)| {
            let floor = if n == 0 { 0 } else { timings[n - 1] + 1 };
            if t > floor && looks_like_id(lines[t - 1].1) {
                t - 1
            } else {
                t
            }
        })
        .collect();
    if starts[0] > 0 {
        // Lines before the first id or time: words whose blank line or time went missing.
        let stray: Vec<&str> = lines[..starts[0]].iter().map(|(_, l)| *l).collect();
        out.problems.push(problem(
            first_no,
            first,
            "Words before the cue's time line; kept as a cue of their own, timed like the cue above."
                .into(),
        ));
        push_cue(out, order.last_start, None, first_no, &stray);
    }
    for (n, &t) in timings.iter().enumerate() {
        // The words run to the next cue's id or time line.
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let (line_no, timing) = lines[t];
        let (start, stop) = read_timing(timing);
        let start = match start {
            Some(s) => {
                order.check(s, stop, line_no, timing, out);
                s
            }
            None => {
                out.problems.push(problem(
                    line_no,
                    timing,
                    "The time cannot be read (expected e.g. 00:00:01.000 --> 00:00:04.000); the words are kept, timed like the cue above.".into(),
                ));
                order.last_start
            }
        };
        let words: Vec<&str> = lines[t + 1..end.max(t + 1)]
            .iter()
            .map(|(_, l)| *l)
            .collect();
        let words_line = lines.get(t + 1).map_or(line_no, |(no, _)| *no);
        if !push_cue(out, start, stop, words_line, &words) {
            out.problems.push(problem(
                line_no,
                timing,
                "An empty cue (no words); left out.".into(),
            ));
        }
    }
}

/// A cue id: a number (SRT, Zoom) or one word with digits and `/` or `-` (Teams:
/// `…/12-0`). Anything else above a time line is kept as words.
fn looks_like_id(l: &str) -> bool {
    let l = l.trim();
    is_number(l)
        || (!l.contains(char::is_whitespace)
            && l.contains(['/', '-'])
            && l.chars().any(|c| c.is_ascii_digit())
            && !l.contains("-->"))
}

fn is_number(l: &str) -> bool {
    let l = l.trim();
    !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit())
}

/// `00:00:01.000 --> 00:00:04.000 align:start` → (start, end) in ms.
fn read_timing(line: &str) -> (Option<u64>, Option<u64>) {
    let Some((a, b)) = line.split_once("-->") else {
        return (None, None);
    };
    let end = b.split_whitespace().next().and_then(parse_time_ms);
    (parse_time_ms(a.trim()), end)
}

/// Keeps cue order honest: a cue that starts before the one above, or overlaps it,
/// is listed (and kept in the file's order: the words' order is what people said).
#[derive(Default)]
pub(super) struct Order {
    pub(super) last_start: u64,
    last_end: u64,
    any: bool,
}

impl Order {
    pub(super) fn check(
        &mut self,
        start: u64,
        end: Option<u64>,
        line: usize,
        text: &str,
        out: &mut Transcript,
    ) {
        if let Some(e) = end
            && e < start
        {
            out.problems.push(problem(
                line,
                text,
                format!(
                    "The cue ends ({}) before it starts ({}); imported at its start.",
                    fmt_ms(e),
                    fmt_ms(start)
                ),
            ));
        }
        if self.any && start < self.last_start {
            out.problems.push(problem(
                line,
                text,
                format!(
                    "Out of order: starts at {}, before the cue above ({}); kept in the file's order.",
                    fmt_ms(start),
                    fmt_ms(self.last_start)
                ),
            ));
        } else if self.any && start < self.last_end {
            out.problems.push(problem(
                line,
                text,
                format!(
                    "Overlaps the cue above: starts at {}, before that one ends ({}); imported as it is.",
                    fmt_ms(start),
                    fmt_ms(self.last_end)
                ),
            ));
        }
        self.any = true;
        self.last_start = start;
        self.last_end = end.unwrap_or(start).max(start);
    }
}

/// Adds a cue from its word lines; false when there are no words.
fn push_cue(
    out: &mut Transcript,
    start: u64,
    end: Option<u64>,
    line: usize,
    words: &[&str],
) -> bool {
    let joined = words
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let (voice, rest) = voice_tag(&joined);
    let clean = clean_markup(rest);
    let (speaker, text) = match voice {
        Some(v) => (Some(v), clean.trim().to_owned()),
        None => match split_speaker(clean.trim(), false) {
            Some((who, said)) => (Some(who.to_owned()), said.trim().to_owned()),
            None => (None, clean.trim().to_owned()),
        },
    };
    if text.is_empty() {
        return false;
    }
    out.cues.push(Cue {
        line,
        start_ms: start,
        end_ms: end,
        speaker,
        text,
    });
    true
}

/// `<v Ana Lima>text</v>` or `<v.loud Ana>text` → (Some("Ana Lima"), "text</v>").
fn voice_tag(s: &str) -> (Option<String>, &str) {
    let t = s.trim_start();
    let Some(after) = t.strip_prefix("<v") else {
        return (None, s);
    };
    if !after.starts_with([' ', '.', '\t']) {
        return (None, s);
    }
    let Some(close) = after.find('>') else {
        return (None, s);
    };
    let inner = &after[..close];
    // Skip classes (`.loud`), then the rest is the name.
    let name = inner
        .trim_start_matches(|c: char| c != ' ' && c != '\t')
        .trim();
    let name = decode_entities(name);
    if name.is_empty() {
        (None, &after[close + 1..])
    } else {
        (Some(name), &after[close + 1..])
    }
}

/// Removes tags (`<i>`, `</v>`, `<c.yellow>`, `<00:00:01.000>`, `<font …>`) and
/// decodes the character references WebVTT uses.
pub(super) fn clean_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/');
        match (is_tag, after.find('>')) {
            (true, Some(close)) => rest = &after[close + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` `&lrm;` `&rlm;` and numeric references.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&k| k <= 10);
        let decoded = semi.and_then(|k| {
            let name = &after[..k];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "lrm" | "rlm" => '\u{200b}',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '\0')?
                }
            };
            Some((c, k))
        });
        match decoded {
            Some((c, k)) => {
                if c != '\u{200b}' {
                    out.push(c);
                }
                rest = &after[k + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn problem(line: usize, text: &str, reason: String) -> Problem {
    Problem {
        line,
        text: shorten(text.trim(), 80),
        reason,
    }
}
