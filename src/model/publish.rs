//! The one gate for everything that leaves the file: a publishable view of a session.
//!
//! Consent, off-the-record taint and redaction are applied here, once. Every export
//! (Markdown, SVG, the shared copy, the library report, calibration documents) renders
//! from the [`Published`] view this returns, never from the raw session.

use super::id::Id;
use super::session::Session;

/// Who will read what leaves the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Anyone: the write-up, the shared copy, the library report. Every participant's
    /// consent is kept to the letter; no real name; nothing off the record.
    Everyone,
    /// One participant checking their own account (calibration): their own words,
    /// their off-the-record ones marked for their eyes only, and nothing of anyone else.
    Participant(Id),
}

/// A session as it may be shown to an audience.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    /// The session with everything the audience may not see removed or replaced.
    pub session: Session,
    /// Places where the facilitator still has to write a paraphrase (a participant
    /// who may not be quoted), in words, listed before an export is written.
    pub open_placeholders: Vec<String>,
}

/// The publishable view of `session` for `audience`.
pub fn publishable(session: &Session, audience: Audience) -> Published {
    // First version: the redacted copy. The privacy work makes this the full gate.
    let _ = audience;
    Published {
        session: super::redact::redacted_copy(session),
        open_placeholders: Vec::new(),
    }
}
