//! Evidence footnotes: labels that cite a statement, finding the references in a
//! body, resolving them (fast, by index), the claims whose evidence is gone, and the
//! words a footnote shows.

use super::*;

/// The footnote label citing a statement: `s-` and the last eight hex digits of its id.
pub fn footnote_label(statement: Id) -> String {
    let hex = statement.0.simple().to_string();
    format!("s-{}", &hex[hex.len() - 8..])
}

/// The footnote reference to put in a body, e.g. `[^s-1a2b3c4d]`.
pub fn footnote_ref(statement: Id) -> String {
    format!("[^{}]", footnote_label(statement))
}

/// A footnote reference found in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FootnoteRef {
    /// The label without `[^` and `]`, e.g. `s-1a2b3c4d`.
    pub label: String,
    /// Byte range of the whole `[^…]` in the body.
    pub range: std::ops::Range<usize>,
    /// 1-based line.
    pub line: usize,
}

/// Every evidence reference (`[^s-…]`) in a body, in order. Footnote definitions
/// (`[^s-…]:` at the start of a line) are not references.
pub fn footnote_refs(body: &str) -> Vec<FootnoteRef> {
    let mut out = Vec::new();
    let mut search = 0;
    // Lines are counted from the previous reference on, not from the start each time:
    // a long section holds hundreds of citations.
    let mut line = 1;
    let mut counted_to = 0;
    while let Some(pos) = body[search..].find("[^s-") {
        let start = search + pos;
        let label_start = start + 2;
        let len = body[label_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len() - label_start);
        let end = label_start + len;
        search = end.max(start + 1);
        if !body[end..].starts_with(']') {
            continue;
        }
        let is_definition = body[end + 1..].starts_with(':')
            && body[..start]
                .rfind('\n')
                .map_or(body[..start].trim().is_empty(), |nl| {
                    body[nl + 1..start].trim().is_empty()
                });
        if is_definition {
            continue;
        }
        line += body[counted_to..start].matches('\n').count();
        counted_to = start;
        out.push(FootnoteRef {
            label: body[label_start..end].to_owned(),
            range: start..end + 1,
            line,
        });
    }
    out
}

/// What a footnote label points at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Evidence<'a> {
    /// A statement that can be cited.
    Found {
        /// The interview it is from.
        interview: &'a Interview,
        /// The statement.
        statement: &'a Statement,
    },
    /// The statement is off the record: it can never be shown.
    OffRecord,
    /// No statement has this id any more (deleted).
    Missing,
}

/// Resolves a footnote label (`s-` plus 8 or 32 hex digits) to its statement. With eight
/// digits (what [`footnote_label`] writes), the first statement whose id ends in them.
pub fn resolve<'a>(session: &'a Session, label: &str) -> Evidence<'a> {
    let Some(hex) = label.strip_prefix("s-") else {
        return Evidence::Missing;
    };
    // Compare numbers, not strings: this runs for every citation on every frame.
    let matches: Box<dyn Fn(Id) -> bool> = match hex.len() {
        8 => match u32::from_str_radix(hex, 16) {
            Ok(tail) => Box::new(move |id: Id| id.0.as_u128() as u32 == tail),
            Err(_) => return Evidence::Missing,
        },
        32 => match u128::from_str_radix(hex, 16) {
            Ok(full) => Box::new(move |id: Id| id.0.as_u128() == full),
            Err(_) => return Evidence::Missing,
        },
        _ => return Evidence::Missing,
    };
    for i in &session.interviews {
        for s in &i.statements {
            if matches(s.id) {
                return if s.off_record {
                    Evidence::OffRecord
                } else {
                    Evidence::Found {
                        interview: i,
                        statement: s,
                    }
                };
            }
        }
    }
    Evidence::Missing
}

/// Where each statement is, by the last eight hex digits of its id: positions only, no
/// borrows, so a view can keep one for as long as the statements do not change
/// ([`crate::model::Document::sources_revision`]) instead of re-indexing tens of
/// thousands of statements on every keystroke in the write-up.
#[derive(Clone, Debug, Default)]
pub struct EvidenceTable {
    /// Interview and statement index of the first statement with these last digits.
    by_tail: std::collections::HashMap<u32, (usize, usize)>,
    /// The readable label of each statement, for exports.
    labels: ReadableLabels,
}

impl EvidenceTable {
    /// Indexes the session's statements.
    pub fn new(session: &Session) -> Self {
        let mut by_tail = std::collections::HashMap::with_capacity(session.statement_count());
        for (ii, i) in session.interviews.iter().enumerate() {
            for (si, s) in i.statements.iter().enumerate() {
                by_tail.entry(s.id.0.as_u128() as u32).or_insert((ii, si));
            }
        }
        Self {
            by_tail,
            labels: ReadableLabels::new(session),
        }
    }
}

/// Resolves many footnotes at once (the UI checks every citation on every frame).
pub struct EvidenceIndex<'a> {
    session: &'a Session,
    table: std::borrow::Cow<'a, EvidenceTable>,
}

impl<'a> EvidenceIndex<'a> {
    /// Indexes the session's statements.
    pub fn new(session: &'a Session) -> Self {
        Self {
            session,
            table: std::borrow::Cow::Owned(EvidenceTable::new(session)),
        }
    }

    /// The session it resolves in.
    pub fn session(&self) -> &'a Session {
        self.session
    }

    /// Uses a table built earlier for this session's current statements.
    pub fn with_table(session: &'a Session, table: &'a EvidenceTable) -> Self {
        Self {
            session,
            table: std::borrow::Cow::Borrowed(table),
        }
    }

    /// The readable label of each statement (see [`ReadableLabels`]).
    pub fn readable(&self) -> &ReadableLabels {
        &self.table.labels
    }

    /// Same as [`resolve`], faster.
    pub fn resolve(&self, label: &str) -> Evidence<'a> {
        let Some(hex) = label.strip_prefix("s-").filter(|h| h.len() == 8) else {
            return resolve(self.session, label);
        };
        let Ok(tail) = u32::from_str_radix(hex, 16) else {
            return Evidence::Missing;
        };
        let Some(&(ii, si)) = self.table.by_tail.get(&tail) else {
            return Evidence::Missing;
        };
        match self
            .session
            .interviews
            .get(ii)
            .and_then(|i| Some((i, i.statements.get(si)?)))
        {
            // The table is for these statements (it is kept per sources revision);
            // checking the id still guards against a stale one.
            Some((interview, statement)) if statement.id.0.as_u128() as u32 == tail => {
                if statement.off_record {
                    Evidence::OffRecord
                } else {
                    Evidence::Found {
                        interview,
                        statement,
                    }
                }
            }
            _ => resolve(self.session, label),
        }
    }
}

/// A claim in the write-up whose evidence is gone or may not be shown.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenClaim {
    /// The section it is in.
    pub section: Id,
    /// The section's heading.
    pub section_title: String,
    /// 1-based line in the section body.
    pub line: usize,
    /// The footnote label.
    pub label: String,
    /// The line of text that makes the claim.
    pub claim: String,
    /// Whether the statement was deleted (false: it is off the record).
    pub deleted: bool,
}

/// Every claim in the write-up (included sections) whose cited statement was deleted or
/// is off the record.
pub fn broken_claims(session: &Session, sections: &[NarrativeSection]) -> Vec<BrokenClaim> {
    broken_claims_with(&EvidenceIndex::new(session), sections)
}

/// [`broken_claims`] with an index built earlier.
pub fn broken_claims_with(
    index: &EvidenceIndex<'_>,
    sections: &[NarrativeSection],
) -> Vec<BrokenClaim> {
    let mut out = Vec::new();
    for sec in sections.iter().filter(|s| s.included) {
        // Each claim's line is found once from a reference's position, not by walking
        // the body from its start for every claim (a long section made that quadratic);
        // many citations on one line share it.
        let body = sec.body.as_str();
        let mut line_of: Option<(usize, String)> = None;
        for r in footnote_refs(body) {
            let ev = index.resolve(&r.label);
            if matches!(ev, Evidence::Found { .. }) {
                continue;
            }
            let claim = match &line_of {
                Some((line, claim)) if *line == r.line => claim.clone(),
                _ => {
                    let from = body[..r.range.start].rfind('\n').map_or(0, |n| n + 1);
                    let to = body[r.range.end..]
                        .find('\n')
                        .map_or(body.len(), |n| r.range.end + n);
                    let claim = body[from..to].trim().to_owned();
                    line_of = Some((r.line, claim.clone()));
                    claim
                }
            };
            out.push(BrokenClaim {
                section: sec.id,
                section_title: sec.title.clone(),
                line: r.line,
                label: r.label,
                claim,
                deleted: ev == Evidence::Missing,
            });
        }
    }
    out
}

/// Whether the interviewee agreed to be quoted in the write-up.
pub fn may_quote(session: &Session, interview: &Interview) -> bool {
    session
        .participant(interview.participant)
        .is_none_or(|p| p.consent.may_quote)
}

/// Who said it, for a footnote: the pseudonym, or "A participant" when they asked for
/// anonymous attribution; the facilitator for facilitator notes.
pub fn attribution(session: &Session, interview: &Interview, statement: &Statement) -> String {
    if statement.speaker == Speaker::Facilitator {
        return "Facilitator's note".to_owned();
    }
    match session.participant(interview.participant) {
        Some(p) if p.consent.attribution == Attribution::Anonymous => "A participant".to_owned(),
        Some(p) if !p.pseudonym.trim().is_empty() => p.pseudonym.clone(),
        _ => "A participant".to_owned(),
    }
}

/// The words a footnote shows for a statement of a published session (see
/// [`crate::model::publish`]; not yet escaped): verbatim quotes in quotation marks, other
/// statements as notes, the paraphrase of someone who did not agree to be quoted.
pub fn evidence_text(session: &Session, interview: &Interview, statement: &Statement) -> String {
    let may_quote = may_quote(session, interview);
    let interview_title = if interview.title.trim().is_empty() {
        "interview".to_owned()
    } else {
        interview.title.trim().to_owned()
    };
    let who = attribution(session, interview, statement);
    let words = if !may_quote && statement.speaker == Speaker::Interviewee {
        // The publish gate put the facilitator's paraphrase (or a placeholder) here;
        // a placeholder is not called a paraphrase.
        let text = statement.text.trim();
        let what = if text == crate::model::publish::placeholder(statement.id) {
            "paraphrase still to write"
        } else {
            "facilitator's paraphrase"
        };
        format!(
            "{} ({what}): {text}",
            statement.kind.label().trim_matches('"'),
        )
    } else if statement.kind == StatementKind::Quote {
        format!("“{}”", statement.text.trim())
    } else {
        format!(
            "{} (facilitator's notes): {}",
            statement.kind.label().trim_matches('"'),
            statement.text.trim()
        )
    };
    format!(
        "{who}, {interview_title}, at {}: {words}",
        fmt_secs(statement.at_secs)
    )
}
