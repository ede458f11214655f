//! Markdown export of a session: the second-story write-up.
//!
//! The user text in it is escaped and the facilitator's Markdown sanitised with
//! [`crate::model::markdown`], so that notes cannot inject HTML, links or headings
//! into a wiki that renders the export.

mod preview;
#[cfg(test)]
mod tests;

use super::session::*;
use super::{lint, narrative};
use crate::model::publish::{self, Audience, Gate};
use std::fmt::Write as _;

pub use preview::{PREVIEW_LINE_BYTES, PREVIEW_PART_BYTES, preview_line, preview_parts};
// Moved to `model::markdown` (a leaf module); the old paths still work for callers.
pub use super::markdown::{
    ExportOptions, escape_cell, escape_inline, parser_options, sanitize_markdown,
};

/// A file built from the whole session in the background: on a thread natively, in
/// the background worker in the browser (which is sent the job by [`code`](Self::code)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionExport {
    /// The write-up as Markdown, redacted or not.
    Markdown {
        /// Pseudonymize names and leave out restricted material.
        redact: bool,
    },
    /// A redacted copy of the session file, to share.
    RedactedCopy,
    /// One participant's own account, for them to check (calibration).
    Calibration {
        /// The participant.
        participant: super::Id,
    },
}

impl SessionExport {
    /// Builds the file's text, or says in words why it could not be built.
    pub fn build(self, session: &Session) -> Result<String, String> {
        match self {
            Self::Markdown { redact } => Ok(to_markdown(session, ExportOptions { redact })),
            Self::RedactedCopy => super::file::to_ron_string(&publish::shared_copy(session))
                .map_err(|e| format!("Could not make a redacted copy: {e}")),
            Self::Calibration { participant } => {
                super::calibration::document(session, participant).map_err(|e| e.to_string())
            }
        }
    }

    /// A short name for the job, to hand it to the browser's worker.
    pub fn code(self) -> String {
        match self {
            Self::Markdown { redact: false } => "markdown".into(),
            Self::Markdown { redact: true } => "markdown-redacted".into(),
            Self::RedactedCopy => "redacted-copy".into(),
            Self::Calibration { participant } => format!("calibration:{participant}"),
        }
    }

    /// The job [`code`](Self::code) names.
    pub fn from_code(code: &str) -> Option<Self> {
        if let Some(id) = code.strip_prefix("calibration:") {
            return uuid::Uuid::parse_str(id).ok().map(|u| Self::Calibration {
                participant: super::Id(u),
            });
        }
        [
            Self::Markdown { redact: false },
            Self::Markdown { redact: true },
            Self::RedactedCopy,
        ]
        .into_iter()
        .find(|j| j.code() == code)
    }
}

/// The whole second-story write-up as Markdown (CommonMark with GFM tables and
/// footnotes): the included sections in order, a footnote for every cited statement
/// (pseudonym, interview, words), and a list of claims whose evidence is gone.
/// Rendered from the publishable view of the session ([`publish::publishable`]), so
/// off-the-record words, anonymous participants and unquotable words never appear.
/// When the session has no write-up yet, a draft from that view is exported instead.
pub fn to_markdown(session: &Session, options: ExportOptions) -> String {
    to_markdown_checked(session, options).0
}

/// [`to_markdown`], and the open placeholders it holds (paraphrases still to write,
/// described for the facilitator), to list before the export is written.
pub fn to_markdown_checked(session: &Session, options: ExportOptions) -> (String, Vec<String>) {
    let published = publish::publishable(session, Audience::for_export(options.redact));
    let session = &published.session;
    let drafted;
    let sections: &[NarrativeSection] = if session.narrative.sections.is_empty() {
        drafted = draft_sections(session);
        &drafted
    } else {
        &session.narrative.sections
    };
    let md = write_up(session, sections);
    let open = published.placeholders_in(&md);
    (md, open)
}

/// The standard sections drafted from the session, without storing them (used when a
/// session has no write-up yet).
pub fn draft_sections(session: &Session) -> Vec<NarrativeSection> {
    narrative::STANDARD
        .iter()
        .map(|std| {
            let body = narrative::draft_body(session, std.kind);
            NarrativeSection {
                id: super::Id::NIL,
                kind: std.kind.to_owned(),
                title: std.title.to_owned(),
                included: !body.trim().is_empty(),
                generated_hash: Some(narrative::body_hash(&body)),
                body,
            }
        })
        .collect()
}

/// The write-up of a published session made of `sections` (see [`to_markdown`]).
pub fn write_up(session: &Session, sections: &[NarrativeSection]) -> String {
    let t = |s: &str| escape_inline(s);
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", t(session.display_title()));
    let mut byline = format!("*{}*", session.kind.label());
    if !session.facilitators.is_empty() {
        let names: Vec<String> = session.facilitators.iter().map(|f| t(f)).collect();
        let _ = write!(byline, " · facilitated by {}", names.join(", "));
    }
    let on_record: usize = session
        .interviews
        .iter()
        .map(|i| i.statements.iter().filter(|s| !s.off_record).count())
        .sum();
    let _ = writeln!(
        byline,
        " · {}, {}, {} on record",
        count(session.participants.len(), "participant", "participants"),
        count(session.interviews.len(), "interview", "interviews"),
        count(on_record, "statement", "statements"),
    );
    md.push_str(&byline);
    md.push('\n');
    // Citations get readable labels (`[^P1-0312]`), in the order first cited;
    // footnote definitions of the app's labels typed into a section are dropped.
    let index = narrative::EvidenceIndex::new(session);
    let mut citations = narrative::Citations::new(&index);
    for sec in sections
        .iter()
        .filter(|s| s.included && !s.body.trim().is_empty())
    {
        let title = if sec.title.trim().is_empty() {
            "Untitled section"
        } else {
            sec.title.trim()
        };
        let _ = writeln!(md, "## {}\n", t(title));
        let body = citations.relabel(&sanitize_markdown(&sec.body));
        md.push_str(body.trim_end());
        md.push_str("\n\n");
    }
    md.push_str(&super::first_half_hour::markdown(session));
    let broken = narrative::broken_claims_with(&index, sections);
    if !broken.is_empty() {
        md.push_str("## Claims whose evidence is missing\n\n");
        md.push_str(
            "These claims cite statements that were deleted or are off the record. Find new \
evidence or rephrase them.\n\n",
        );
        for b in &broken {
            let why = if b.deleted {
                "statement deleted"
            } else {
                "statement off the record"
            };
            let label = citations
                .label_of(&b.label)
                .map(|l| format!(", footnote {l}"))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- *{}*, line {}: {} ({why}{label})",
                t(&b.section_title),
                b.line,
                t(narrative::without_refs(&b.claim).trim())
            );
        }
        md.push('\n');
    }
    for (label, stored) in &citations.order {
        let _ = writeln!(md, "[^{label}]: {}", footnote_text(session, &index, stored));
    }
    if !citations.order.is_empty() {
        md.push('\n');
    }
    // Acknowledged language findings travel with the file, so `second-story lint` on
    // the exported write-up agrees with the app.
    for ack in &session.narrative.acknowledged {
        let clean = |s: &str| {
            s.replace("--", "–")
                .replace(['"', '\n', '\r'], " ")
                .trim()
                .to_owned()
        };
        if ack.phrase.trim().is_empty() {
            continue;
        }
        let _ = writeln!(
            md,
            "<!-- {} \"{}\" — {} -->",
            lint::ACK_MARKER,
            clean(&ack.phrase),
            clean(&ack.reason)
        );
    }
    md
}

/// The footnote text for a label, escaped (`session` is a published one).
fn footnote_text(session: &Session, index: &narrative::EvidenceIndex<'_>, label: &str) -> String {
    match index.resolve(label) {
        narrative::Evidence::Found {
            interview,
            statement,
        } => escape_inline(&narrative::evidence_text(session, interview, statement)),
        narrative::Evidence::OffRecord => {
            "Evidence withheld: the statement is off the record.".to_owned()
        }
        narrative::Evidence::Missing => {
            "Evidence missing: the statement was deleted from the session.".to_owned()
        }
    }
}

/// One section as Markdown with its own footnotes, for the live preview, as the
/// export will show it.
pub fn section_markdown(
    session: &Session,
    section: &NarrativeSection,
    options: ExportOptions,
) -> String {
    let gate = Gate::new(session, Audience::for_export(options.redact));
    let published = gate.session(session);
    let index = narrative::EvidenceIndex::new(&published.session);
    section_markdown_using(&index, &gate, section)
}

/// [`section_markdown`] with a gate and an index of the published session made
/// earlier: both depend only on statements and participants, so the live preview
/// keeps them while the write-up is edited. `section` is the session's own (it is
/// gated here).
pub fn section_markdown_using(
    index: &narrative::EvidenceIndex<'_>,
    gate: &Gate,
    section: &NarrativeSection,
) -> String {
    let session = index.session();
    let body = gate.section_body(session, section);
    let mut citations = narrative::Citations::new(index);
    let mut md = citations.relabel(&sanitize_markdown(&body));
    if !citations.order.is_empty() {
        md.push_str("\n\n");
    }
    for (label, stored) in &citations.order {
        let _ = writeln!(md, "[^{label}]: {}", footnote_text(session, index, stored));
    }
    md
}

/// "1 interview", "3 interviews".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
