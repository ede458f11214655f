//! The session domain: plain serde types and pure functions, no egui.
//!
//! Everything a rule decides (file format, migration, validation, undo, redaction,
//! export) lives here so it can be tested without a window.

pub mod command;
pub mod document;
pub mod export;
pub mod file;
pub mod id;
pub mod migrate;
pub mod redact;
pub mod session;
pub mod session_refs;
pub mod validate;

#[cfg(test)]
mod file_tests;

pub use command::{Command, Edit, Overview};
pub use document::Document;
pub use id::{Entity, Id};
pub use session::*;

/// The bundled example session (a near miss of our own invention).
pub const EXAMPLE_SESSION: &str =
    include_str!("../../assets/examples/checkout-near-miss.story.ron");
/// File name of the bundled example.
pub const EXAMPLE_FILE_NAME: &str = "checkout-near-miss.story.ron";

/// Counts of what a session holds, for summaries (`validate`, status bar).
pub fn summary(s: &Session) -> String {
    format!(
        "{} participants, {} interviews, {} statements, {} timeline events, {} decision points, {} tags, {} maps, {} write-up sections",
        s.participants.len(),
        s.interviews.len(),
        s.statement_count(),
        s.timeline.len(),
        s.decision_points.len(),
        s.tags.len(),
        s.maps.len(),
        s.narrative.sections.len()
    )
}
