//! The session domain: plain serde types and pure functions, no egui.
//!
//! Everything a rule decides (file format, migration, validation, undo, redaction,
//! export) lives here so it can be tested without a window.

pub mod calibration;
pub mod chat;
pub mod coach;
pub mod codebook;
pub mod command;
pub mod conflict;
pub mod document;
pub mod export;
pub mod file;
pub mod first_half_hour;
pub mod guides;
pub mod id;
pub mod import;
pub mod library;
pub mod lint;
pub mod map;
pub mod markdown;
pub mod merge;
pub mod migrate;
pub mod narrative;
pub mod paste;
pub mod probes;
pub mod publish;
pub mod redact;
pub mod rules;
pub mod search;
pub mod session;
pub mod session_refs;
pub mod slack;
pub mod speakers;
pub mod timefmt;
pub mod timeline;
pub mod transcript;
pub mod transfer;
pub mod validate;

#[cfg(test)]
mod chat_tests;
#[cfg(test)]
mod file_tests;

/// The generator moved to [`crate::synth`] (feature `bench`); this old path still
/// works for callers until the UI split removes it.
#[cfg(any(test, feature = "bench"))]
pub use crate::synth;

pub use command::{Command, Edit, InterviewHeader, Overview};
pub use document::{Document, SectionRevisions};
pub use id::{Entity, Id};
pub use session::*;

/// The bundled example session (a near miss of our own invention).
pub const EXAMPLE_SESSION: &str =
    include_str!("../../assets/examples/checkout-near-miss.story.ron");
/// File name of the bundled example.
pub const EXAMPLE_FILE_NAME: &str = "checkout-near-miss.story.ron";

/// Counts of what a session holds, for summaries (`validate`, status bar).
pub fn summary(s: &Session) -> String {
    let counts = [
        (s.participants.len(), "participant", "participants"),
        (s.interviews.len(), "interview", "interviews"),
        (s.statement_count(), "statement", "statements"),
        (s.timeline.len(), "timeline event", "timeline events"),
        (s.decision_points.len(), "decision point", "decision points"),
        (s.tags.len(), "tag", "tags"),
        (s.maps.len(), "map", "maps"),
        (
            s.narrative.sections.len(),
            "write-up section",
            "write-up sections",
        ),
    ];
    counts
        .iter()
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect::<Vec<_>>()
        .join(", ")
}
