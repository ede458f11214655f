//! The `*.story.ron` session file: envelope, versions, migration, errors.
//!
//! A file looks like this:
//!
//! ```text
//! // Second Story session file. Edit with care; ids must stay unique.
//! (
//!     format: "second-story",
//!     version: 3,
//!     session: ( … ),
//! )
//! ```
//!
//! Writing is deterministic: the same session always gives the same bytes.
//! Reading checks size, encoding, version, syntax and references, and migrates
//! older versions, so that opening a file either gives a valid session or a clear
//! error — never a panic and never a half-read session.

use super::session::Session;
use super::validate::{ValidationError, validate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The format tag in every session file.
pub const FORMAT_TAG: &str = "second-story";
/// The version this build writes, and the newest it reads.
pub const CURRENT_VERSION: u32 = 3;
/// Files larger than this are refused before reading them into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The file name ending of session files.
pub const FILE_EXTENSION: &str = "story.ron";

const HEADER_COMMENT: &str = "// Second Story session file. \
Plain RON: diff and merge it like code; ids must stay unique.\n";

/// Why a file could not be opened. Every message is meant for the person opening it.
#[derive(Debug, Error, PartialEq)]
pub enum LoadError {
    /// Larger than [`MAX_FILE_BYTES`].
    #[error(
        "The file is {size_mb:.1} MB; session files can be at most 64 MB. It is probably not a session file."
    )]
    TooLarge {
        /// Size in megabytes.
        size_mb: f64,
    },
    /// The bytes are not UTF-8 text.
    #[error(
        "The file is not readable text (invalid UTF-8) at line {line}, column {column}. It may be damaged, or not a session file."
    )]
    NotUtf8 {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The file is empty.
    #[error("The file is empty.")]
    Empty,
    /// No `format`/`version` header.
    #[error("This is not a Second Story session file: it has no format version at the top.")]
    NotASessionFile,
    /// Written by a newer version of Second Story.
    #[error(
        "This file was written by a newer Second Story (file format version {found}); this version reads up to version {supported}. Update Second Story to open it."
    )]
    NewerVersion {
        /// Version in the file.
        found: u64,
        /// Newest version this build reads.
        supported: u32,
    },
    /// A version that never existed.
    #[error("The file says it has format version {found}, which does not exist.")]
    UnknownVersion {
        /// Version in the file.
        found: u64,
    },
    /// The RON could not be read.
    #[error("{message} (line {line}, column {column})")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// The content is readable but inconsistent.
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    /// The file could not be read at all.
    #[error("Could not read the file: {0}")]
    Io(String),
}

impl LoadError {
    /// Line and column, where the error has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::NotUtf8 { line, column } | Self::Syntax { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

/// Why a session could not be written.
#[derive(Debug, Error)]
pub enum SaveError {
    /// Serialization failed (should not happen for a valid session).
    #[error("Could not write the session as RON: {0}")]
    Serialize(String),
    /// The disk said no.
    #[error("Could not save to {path}: {message}")]
    Io {
        /// Where we tried to write.
        path: String,
        /// The system's message.
        message: String,
    },
}

/// What a successful load found besides the session.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The session, migrated to the current version and validated.
    pub session: Session,
    /// The version the file had (older than current means it was migrated).
    pub file_version: u32,
}

impl Loaded {
    /// Whether the file was written in an older format and was upgraded.
    pub fn was_migrated(&self) -> bool {
        self.file_version < CURRENT_VERSION
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    version: u32,
    session: &'a Session,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeIn<S> {
    format: String,
    #[allow(dead_code)] // checked by sniffing before the full parse
    version: u64,
    session: S,
}

/// Serializes a session to the pretty, deterministic RON of the current version.
pub fn to_ron_string(session: &Session) -> Result<String, SaveError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .escape_strings(false);
    let body = ron::ser::to_string_pretty(
        &EnvelopeOut {
            format: FORMAT_TAG,
            version: CURRENT_VERSION,
            session,
        },
        config,
    )
    .map_err(|e| SaveError::Serialize(e.to_string()))?;
    let mut out = String::with_capacity(body.len() + HEADER_COMMENT.len() + 1);
    out.push_str(HEADER_COMMENT);
    out.push_str(&body);
    out.push('\n');
    Ok(out)
}

/// Reads a session from a file's bytes: size, UTF-8, version, syntax, migration, validation.
pub fn from_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size_mb: bytes.len() as f64 / (1024.0 * 1024.0),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
            return Err(LoadError::NotUtf8 { line, column });
        }
    };
    from_str(text)
}

/// Reads a session from text. See [`from_bytes`].
pub fn from_str(text: &str) -> Result<Loaded, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let version = sniff_version(text)?;
    let session = match version {
        0 => return Err(LoadError::UnknownVersion { found: 0 }),
        1 => super::migrate::v1_to_v2(parse::<super::migrate::SessionV1>(text)?),
        // Version 3 only added fields (with empty defaults) and made unknown fields an
        // error, so a version 2 file reads as version 3.
        2 | 3 => parse::<Session>(text)?,
        v if v > CURRENT_VERSION as u64 => {
            return Err(LoadError::NewerVersion {
                found: v,
                supported: CURRENT_VERSION,
            });
        }
        v => return Err(LoadError::UnknownVersion { found: v }),
    };
    validate(&session)?;
    Ok(Loaded {
        session,
        file_version: version as u32,
    })
}

fn parse<S: for<'de> Deserialize<'de>>(text: &str) -> Result<S, LoadError> {
    let options = ron::Options::default().with_recursion_limit(64);
    let envelope: EnvelopeIn<S> = options.from_str(text).map_err(|e| syntax_error(&e, text))?;
    if envelope.format != FORMAT_TAG {
        return Err(LoadError::NotASessionFile);
    }
    Ok(envelope.session)
}

fn syntax_error(e: &ron::error::SpannedError, text: &str) -> LoadError {
    use ron::Error as E;
    // Where it helps, show what was found there, so the person can search for it.
    let show_found = !matches!(
        e.code,
        E::Eof
            | E::ExceededRecursionLimit
            | E::MissingStructField { .. }
            | E::NoSuchEnumVariant { .. }
            | E::NoSuchStructField { .. }
            | E::Utf8Error(_)
    );
    // An error at the very end of the text means the file stops mid-way.
    let trimmed = text.trim_end();
    let end_line = trimmed.lines().count().max(1);
    let at_end = e.span.start.line >= end_line && !trimmed.ends_with(')');
    let message = match &e.code {
        _ if at_end && !matches!(e.code, E::ExceededRecursionLimit) => {
            "The file ends too early — it looks cut off (an interrupted copy or save?)".to_owned()
        }
        E::Eof => {
            "The file ends too early — it looks cut off (an interrupted copy or save?)".to_owned()
        }
        E::ExceededRecursionLimit => {
            "The file is nested too deeply to be a session file".to_owned()
        }
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("A {outer} is missing its `{field}` field"),
            None => format!("Something is missing its `{field}` field"),
        },
        E::NoSuchEnumVariant {
            found, expected, ..
        } => format!(
            "`{found}` is not a known value here; expected one of: {}",
            expected.join(", ")
        ),
        E::ExpectedString => "Expected a text in double quotes".to_owned(),
        E::ExpectedStringEnd => "A text is missing its closing double quote".to_owned(),
        E::ExpectedInteger => "Expected a whole number".to_owned(),
        E::IntegerOutOfBounds => "A number is too large, or negative where it cannot be".to_owned(),
        E::ExpectedBoolean => "Expected `true` or `false`".to_owned(),
        E::ExpectedArray => "Expected a list starting with `[`".to_owned(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "Expected an entry starting with `(`".to_owned()
        }
        E::ExpectedComma => "Expected a comma between two entries".to_owned(),
        E::TrailingCharacters => "There is more text after the end of the session".to_owned(),
        E::DuplicateStructField { field, .. } => format!("The `{field}` field appears twice"),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => unknown_field_message(found, expected, outer.as_deref()),
        // Never show internal type names ("EnvelopeIn").
        E::ExpectedDifferentStructName { found, .. } => {
            format!("`{found}` is not expected here; remove the name before `(`")
        }
        E::Message(m) if m.starts_with("UUID parsing failed") => {
            "Not a valid id (ids look like 00000002-0000-5eed-0000-000000000002)".to_owned()
        }
        E::Message(m) if is_date_error(m) => {
            format!("Not a valid date and time ({m}); write them like 2026-04-06T10:42:00Z")
        }
        other => {
            let mut s = other.to_string();
            if let Some(first) = s.get(..1) {
                let upper = first.to_uppercase();
                s.replace_range(..1, &upper);
            }
            s
        }
    };
    let message = match found_at(text, e.span.start, e.span.end) {
        Some(found) if show_found && !at_end => format!("{message}, found `{found}`"),
        _ => message,
    };
    LoadError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message,
    }
}

/// "`off_the_record` is not a field of a statement; did you mean `off_record`?" — a
/// typo in a hand-edited file must not be silently ignored (an ignored
/// `off_the_record: true` would export the statement).
fn unknown_field_message(found: &str, expected: &[&str], outer: Option<&str>) -> String {
    let whose = match outer {
        // Never show internal type names.
        Some(o) if !o.starts_with("Envelope") => format!(" of a {}", type_words(o)),
        _ => String::new(),
    };
    let shown: String = found.chars().filter(|c| !c.is_control()).take(60).collect();
    let mut message = format!("`{shown}` is not a field{whose}");
    match closest(found, expected) {
        Some(best) => message.push_str(&format!("; did you mean `{best}`?")),
        None if !expected.is_empty() => {
            message.push_str(&format!("; the fields here are: {}", expected.join(", ")))
        }
        None => {}
    }
    message
}

/// "TimelineEvent" → "timeline event".
fn type_words(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The expected name closest to what was written, when it is close enough to be a typo
/// (or the same words in another form, like `off_the_record` for `off_record`).
fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> String {
        s.to_lowercase()
            .split(['_', '-'])
            .filter(|w| !matches!(*w, "the" | "a" | "an" | "of" | "is"))
            .collect::<Vec<_>>()
            .join("_")
    };
    let f = norm(found);
    expected
        .iter()
        .map(|e| (edit_distance(&f, &norm(e)), *e))
        .filter(|(d, e)| *d <= (e.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e)
}

/// Levenshtein distance over characters (short field names only).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Chrono's parse errors, which serde passes on as plain messages.
fn is_date_error(message: &str) -> bool {
    [
        "input contains invalid characters",
        "premature end of input",
        "input is out of range",
        "trailing input",
        "no possible date and time matching input",
        "input is not enough for unique date and time",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// A short, printable excerpt of the text at an error span (one line, at most 40
/// characters), or `None` when there is nothing useful to show.
fn found_at(text: &str, start: ron::error::Position, end: ron::error::Position) -> Option<String> {
    let line = text.lines().nth(start.line.checked_sub(1)?)?;
    let from = start.col.checked_sub(1)?;
    let len = if end.line == start.line && end.col > start.col + 1 {
        end.col - start.col
    } else {
        40
    };
    let excerpt: String = line
        .chars()
        .skip(from)
        .take(len.min(40))
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    let excerpt = excerpt.trim().trim_end_matches(',');
    (!excerpt.is_empty()).then(|| excerpt.replace('`', "'"))
}

/// Finds the format version near the top of the file without a full parse, so the
/// right versioned types can be chosen.
fn sniff_version(text: &str) -> Result<u64, LoadError> {
    // The envelope writes `format` and `version` before the session, so the first
    // `version:` is ours even if user text later contains the word.
    let head_end = text
        .char_indices()
        .nth(4096)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let head = &text[..head_end];
    let Some(at) = head.find("version") else {
        return Err(LoadError::NotASessionFile);
    };
    if !head.contains(FORMAT_TAG) {
        return Err(LoadError::NotASessionFile);
    }
    let rest = head[at + "version".len()..].trim_start();
    let Some(rest) = rest.strip_prefix(':') else {
        return Err(LoadError::NotASessionFile);
    };
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.is_empty() {
        return Err(LoadError::NotASessionFile);
    }
    // Absurdly long numbers are simply "newer than we know".
    Ok(digits.parse::<u64>().unwrap_or(u64::MAX))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// A file name for a session: its title made safe, with the session extension.
pub fn suggested_file_name(session: &Session) -> String {
    let mut name: String = session
        .display_title()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_matches('-');
    let name: String = name.chars().take(60).collect();
    if name.is_empty() {
        format!("session.{FILE_EXTENSION}")
    } else {
        format!("{name}.{FILE_EXTENSION}")
    }
}
