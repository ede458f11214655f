//! Transcripts of recorded interviews: WebVTT (as Zoom and Teams write it), SRT and
//! plain text, read into timed cues with their speakers.
//!
//! Reading never panics and never silently drops words: a cue whose time cannot be
//! read keeps its words (timed like the cue above) and is listed in
//! [`Transcript::problems`] with its line; only a file with no readable cue at all, or
//! one that is not a transcript, is an error ([`TranscriptError`]). Turning the cues
//! into an interview is [`interview`].

mod cues;
pub mod interview;
mod plain;
pub mod synth;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// The transcript formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// WebVTT with the speaker at the start of each cue (`Ana Lima: text`), as Zoom
    /// writes it (also any WebVTT without voice tags).
    ZoomVtt,
    /// WebVTT with voice tags (`<v Ana Lima>text</v>`), as Microsoft Teams writes it.
    TeamsVtt,
    /// SubRip subtitles: numbered cues, `00:00:01,000 --> 00:00:04,000`.
    Srt,
    /// Plain text: `Name: text` or `[00:01:02] Name: text` lines, as Otter, Google
    /// Meet and people write it.
    PlainText,
}

impl Format {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ZoomVtt => "WebVTT (Zoom style)",
            Self::TeamsVtt => "WebVTT (Teams style)",
            Self::Srt => "SRT subtitles",
            Self::PlainText => "plain text",
        }
    }
}

/// One cue: words said by one speaker at one time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// 1-based line of the file where the cue's words start.
    pub line: usize,
    /// When the words start, in milliseconds from the start of the recording (or of
    /// the first time written, for plain text with clock times).
    pub start_ms: u64,
    /// When they end, where the file says.
    pub end_ms: Option<u64>,
    /// Who speaks, as written in the file; `None` when the cue names nobody.
    pub speaker: Option<String>,
    /// The words, on one line, with markup removed.
    pub text: String,
}

/// A line the reader had trouble with, and what it did about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// 1-based line number.
    pub line: usize,
    /// The line as written (shortened when long).
    pub text: String,
    /// What is wrong and what was done, in words.
    pub reason: String,
}

/// A transcript read from a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// The format it was read as.
    pub format: Format,
    /// The cues, in the order of the file.
    pub cues: Vec<Cue>,
    /// Lines with problems (the cues concerned are still imported where they have words).
    pub problems: Vec<Problem>,
    /// Whether the file gives times (plain text may not: its statements are all at 0:00).
    pub timed: bool,
}

impl Transcript {
    /// Speakers in order of first appearance, with their number of cues; cues without a
    /// speaker count under `None`.
    pub fn speakers(&self) -> Vec<(Option<&str>, usize)> {
        let mut out: Vec<(Option<&str>, usize)> = Vec::new();
        for c in &self.cues {
            let who = c.speaker.as_deref();
            match out.iter_mut().find(|(s, _)| *s == who) {
                Some((_, n)) => *n += 1,
                None => out.push((who, 1)),
            }
        }
        out
    }

    /// The end of the last cue, in milliseconds.
    pub fn length_ms(&self) -> u64 {
        self.cues
            .iter()
            .map(|c| c.end_ms.unwrap_or(c.start_ms).max(c.start_ms))
            .max()
            .unwrap_or(0)
    }
}

/// Why a file could not be read as a transcript.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TranscriptError {
    /// Holds binary data (NUL bytes): not a text file at all.
    #[error(
        "This is not a text file (it holds binary data). Expected a transcript: WebVTT (.vtt) as Zoom or Teams write it, SRT (.srt), or plain text."
    )]
    Binary,
    /// Not UTF-8 (nor UTF-16 with a byte-order mark).
    #[error(
        "This file is not UTF-8 text. Save the transcript as UTF-8 (Zoom, Teams and Meet do so by default) and import it again."
    )]
    NotUtf8,
    /// Nothing but white space.
    #[error("The file is empty.")]
    Empty,
    /// JSON: most likely a chat export, which belongs in the timeline.
    #[error(
        "This is a JSON file, not a transcript. A Slack export goes into the timeline: Timeline → Import chat export…"
    )]
    Json,
    /// No format recognised.
    #[error(
        "Could not tell what kind of transcript this is (it starts with “{first_line}”). Expected one of: WebVTT as Zoom or Teams write it (the first line is WEBVTT), SRT (numbered cues with times like 00:00:01,000 --> 00:00:04,000), or plain text with “Name: text” or “[00:01:02] Name: text” lines."
    )]
    Unknown {
        /// The first non-blank line, shortened.
        first_line: String,
    },
    /// Recognised, but no cue could be read.
    #[error("No cue could be read from this {format} file.{detail}")]
    NoCues {
        /// The format's label.
        format: &'static str,
        /// The first problem found, as " Line N: reason", or empty.
        detail: String,
    },
}

/// Reads a transcript from a file's bytes: detects the format and reads the cues.
pub fn parse(bytes: &[u8]) -> Result<Transcript, TranscriptError> {
    let text = decode(bytes)?;
    parse_text(&text)
}

/// Reads a transcript from text (see [`parse`]).
pub fn parse_text(text: &str) -> Result<Transcript, TranscriptError> {
    // One line ending for all: CRLF (SRT from Windows tools) and lone CR.
    let text = text.trim_start_matches('\u{feff}');
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let format = detect(text)?;
    let t = match format {
        Format::ZoomVtt | Format::TeamsVtt => cues::read(text, cues::Dialect::Vtt, format),
        Format::Srt => cues::read(text, cues::Dialect::Srt, format),
        Format::PlainText => plain::read(text),
    };
    if t.cues.is_empty() {
        return Err(TranscriptError::NoCues {
            format: format.label(),
            detail: t
                .problems
                .first()
                .map(|p| format!(" Line {}: {}", p.line, p.reason))
                .unwrap_or_default(),
        });
    }
    Ok(t)
}

/// Bytes to text: UTF-8 (with or without a byte-order mark), or UTF-16 with one.
fn decode(bytes: &[u8]) -> Result<String, TranscriptError> {
    let utf16 = |be: bool| -> Result<String, TranscriptError> {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|p| {
                if be {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| TranscriptError::NotUtf8)
    };
    let text = match bytes {
        [0xff, 0xfe, ..] => utf16(false)?,
        [0xfe, 0xff, ..] => utf16(true)?,
        _ if bytes.contains(&0) => return Err(TranscriptError::Binary),
        _ => String::from_utf8(bytes.to_vec()).map_err(|_| TranscriptError::NotUtf8)?,
    };
    if text.contains('\0') {
        return Err(TranscriptError::Binary);
    }
    if text.trim().trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(TranscriptError::Empty);
    }
    Ok(text)
}

/// Which format a text is in (line endings already `\n`, no byte-order mark).
pub fn detect(text: &str) -> Result<Format, TranscriptError> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return Err(TranscriptError::Empty);
    };
    if first.starts_with("WEBVTT") {
        // Teams marks speakers with voice tags; Zoom writes "Name: text".
        return Ok(if text.contains("<v ") || text.contains("<v.") {
            Format::TeamsVtt
        } else {
            Format::ZoomVtt
        });
    }
    if first.starts_with(['{', '[']) && serde_json::from_str::<serde_json::Value>(text).is_ok() {
        return Err(TranscriptError::Json);
    }
    // SRT: a cue number, then a timing line (looked for in the first few lines, so a
    // damaged first cue does not hide the format).
    let head: Vec<&str> = text.lines().take(40).map(str::trim).collect();
    let srt = head.windows(2).any(|w| {
        w[0].chars().all(|c| c.is_ascii_digit()) && !w[0].is_empty() && w[1].contains("-->")
    });
    if srt {
        return Ok(Format::Srt);
    }
    if text
        .lines()
        .take(200)
        .any(|l| plain::looks_like_turn(l.trim()))
    {
        return Ok(Format::PlainText);
    }
    Err(TranscriptError::Unknown {
        first_line: shorten(first, 60),
    })
}

/// A line cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Reads `[[h]h:]mm:ss[.mmm|,mmm]` into milliseconds; `None` when it is not a time.
/// Minutes and seconds must be under 60; hours may be any number of digits.
pub(crate) fn parse_time_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    let (clock, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let num = |p: &str| -> Option<u64> {
        if p.is_empty() || p.len() > 9 || !p.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            p.parse().ok()
        }
    };
    let (h, m, sec) = match parts.as_slice() {
        [m, s] => (0, num(m)?, num(s)?),
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    if m >= 60 || sec >= 60 {
        return None;
    }
    let ms = match frac {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
            // "5" is 500 ms, "05" is 50 ms.
            let v: u64 = f.parse().ok()?;
            v * 10u64.pow(3 - f.len() as u32)
        }
        Some(_) => return None,
    };
    h.checked_mul(3_600_000)?
        .checked_add(m * 60_000)?
        .checked_add(sec * 1000)?
        .checked_add(ms)
}

/// Shows milliseconds as `h:mm:ss` (or `mm:ss` under an hour), for messages.
pub fn fmt_ms(ms: u64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}
