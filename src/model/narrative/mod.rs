//! The second-story write-up: standard sections, "draft from session", and evidence
//! footnotes that trace every claim back to what someone said.
//!
//! A draft is assembled from the structured data (statements, decision points and
//! their aspects, findings, timeline, maps, follow-ups). After that the facilitator
//! owns the text: each section remembers the hash of the body it was last generated
//! with, and regenerating never silently replaces a body that was edited by hand.
//!
//! Evidence is cited as a Markdown footnote `[^s-<shortid>]`, where the short id is the
//! last eight hex digits of the statement's id; the export gives each a readable label
//! (`[^P1-0312]`, see `labels`) and a footnote with the pseudonym, the interview and
//! the words.
//!
//! The code is in rooms: the standard sections and "draft from session" here,
//! evidence footnotes in `footnotes`, readable export labels in `labels`, the drafted
//! sections in `draft` (the Summary from findings, lists of statements, findings,
//! patterns, themes, follow-ups), `prose` (the story from inside, differing accounts
//! side by side, the timeline table), `method` (the Method section from recorded
//! facts) and `story` (the accounts without a timeline, maps in words, the appendix).

mod draft;
mod footnotes;
mod labels;
mod method;
mod prose;
mod story;
#[cfg(test)]
mod story_tests;
#[cfg(test)]
mod tests;

use super::command::{Command, Edit};
use super::id::Id;
use super::markdown::{escape_cell, escape_inline};
use super::session::*;
use super::timefmt::fmt_secs;
use std::fmt::Write as _;

use draft::*;
pub use footnotes::*;
pub use labels::*;
pub use method::{CheckStatus, kick_off_covered, method_phrase, status};
use story::*;
pub use story::{event_time, ordered_timeline};

/// A standard section of a second-story write-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StandardSection {
    /// The `NarrativeSection::kind` it is stored under.
    pub kind: &'static str,
    /// Default heading.
    pub title: &'static str,
    /// What goes here, as a prompt for the facilitator.
    pub prompt: &'static str,
}

/// The standard sections, in their default order.
pub const STANDARD: [StandardSection; 12] = [
    StandardSection {
        kind: "summary",
        title: "Summary",
        prompt: "Two or three paragraphs a busy reader can take away: what happened, how it made sense, what we learned.",
    },
    StandardSection {
        kind: "why",
        title: "Why we looked at this",
        prompt: "Scope and purpose. Say that this is not about blame or corrective actions.",
    },
    StandardSection {
        kind: "normal-work",
        title: "What normal work looks like here",
        prompt: "How does this work usually go right? Routines, adaptations, tricks of the trade.",
    },
    StandardSection {
        kind: "story",
        title: "The story, from inside",
        prompt: "Chronologically, at each decision point: what people saw, knew, wanted and could do, and how it made sense.",
    },
    StandardSection {
        kind: "hard",
        title: "What made it hard",
        prompt: "Difficulties, goal conflicts, time pressure, missing or misleading cues.",
    },
    StandardSection {
        kind: "went-well",
        title: "What went well and how people created safety",
        prompt: "Adaptations, expertise and coordination that kept things going.",
    },
    StandardSection {
        kind: "contributors",
        title: "Contributors and enablers",
        prompt: "Things that had to be true together. Many of them; never a single root cause, never a person.",
    },
    StandardSection {
        kind: "wai-wad",
        title: "Work-as-imagined and work-as-done",
        prompt: "Where the work differs from how it is pictured, what pressure each gap answers, and whether it usually works.",
    },
    StandardSection {
        kind: "patterns",
        title: "Patterns",
        prompt: "Messy 9 patterns and other vocabularies seen in the material.",
    },
    StandardSection {
        kind: "themes",
        title: "Themes and open questions",
        prompt: "What the tagged material groups into, risks noticed, and what we still do not know.",
    },
    StandardSection {
        kind: "follow-ups",
        title: "Follow-ups",
        prompt: "Response and recovery (helps every future incident) apart from prevention of this trigger.",
    },
    StandardSection {
        kind: "appendix",
        title: "Appendix",
        prompt: "Timeline, participants by pseudonym, and method.",
    },
];

/// The standard section stored under `kind`, if it is one.
pub fn standard(kind: &str) -> Option<&'static StandardSection> {
    STANDARD.iter().find(|s| s.kind == kind)
}

/// A stable 64-bit hash of a body (FNV-1a), stored to detect hand edits. Stable across
/// builds and platforms, unlike the standard library's hasher.
pub fn body_hash(body: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Whether the facilitator has changed the section's text since it was generated (or
/// wrote it by hand). Such text is never replaced without asking.
pub fn is_hand_edited(section: &NarrativeSection) -> bool {
    match section.generated_hash {
        Some(h) => h != body_hash(&section.body),
        None => !section.body.trim().is_empty(),
    }
}

// ---------------------------------------------------------------------------
// Draft from session

/// What "draft from session" will do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftPlan {
    /// The change, as one undo step (None when nothing changes).
    pub command: Option<Command>,
    /// Sections added.
    pub added: usize,
    /// Generated sections brought up to date.
    pub refreshed: usize,
    /// Sections left alone because they were edited by hand: (id, title).
    pub kept_edited: Vec<(Id, String)>,
}

impl DraftPlan {
    /// One line for a notice after drafting.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.added > 0 {
            parts.push(format!("{} sections drafted", self.added));
        }
        if self.refreshed > 0 {
            parts.push(format!("{} updated from the session", self.refreshed));
        }
        if !self.kept_edited.is_empty() {
            let names: Vec<&str> = self.kept_edited.iter().map(|(_, t)| t.as_str()).collect();
            parts.push(format!(
                "{} kept as you edited them ({}); use “Regenerate” on a section to replace it",
                names.len(),
                names.join(", ")
            ));
        }
        if parts.is_empty() {
            "The draft is already up to date with the session.".to_owned()
        } else {
            format!("{}.", parts.join("; "))
        }
    }
}

/// Plans "draft from session": adds missing standard sections, refreshes generated
/// sections that nobody edited, and keeps hand-edited ones as they are.
pub fn draft_from_session(session: &Session) -> DraftPlan {
    let mut plan = DraftPlan::default();
    let mut commands = Vec::new();
    for (n, std) in STANDARD.iter().enumerate() {
        let body = draft_body(session, std.kind);
        match session
            .narrative
            .sections
            .iter()
            .find(|s| s.kind == std.kind)
        {
            None => {
                let has_material = !body.trim().is_empty();
                commands.push(Command::Section(Edit::Put {
                    item: NarrativeSection {
                        id: Id::new(),
                        kind: std.kind.to_owned(),
                        title: std.title.to_owned(),
                        generated_hash: Some(body_hash(&body)),
                        body,
                        included: has_material,
                    },
                    // Keep the standard order relative to sections already there.
                    index: Some(n.min(session.narrative.sections.len() + plan.added)),
                }));
                plan.added += 1;
            }
            Some(sec) if is_hand_edited(sec) => {
                plan.kept_edited.push((sec.id, sec.title.clone()));
            }
            Some(sec) if sec.body != body => {
                commands.push(Command::Section(Edit::put(NarrativeSection {
                    generated_hash: Some(body_hash(&body)),
                    body,
                    ..sec.clone()
                })));
                plan.refreshed += 1;
            }
            Some(_) => {}
        }
    }
    if !commands.is_empty() {
        plan.command = Some(Command::Batch {
            label: "Draft write-up from session".to_owned(),
            commands,
        });
    }
    plan
}

/// Replaces one section's body with a fresh draft (the caller asks first when the
/// section was edited by hand). None for sections that are not standard ones.
pub fn regenerate(session: &Session, section: &NarrativeSection) -> Option<Command> {
    standard(&section.kind)?;
    let body = draft_body(session, &section.kind);
    Some(Command::Section(Edit::put(NarrativeSection {
        generated_hash: Some(body_hash(&body)),
        body,
        ..section.clone()
    })))
}

/// The generated Markdown body of a standard section (empty when the session holds
/// nothing for it). All user text in it is escaped; evidence is cited as footnotes.
pub fn draft_body(session: &Session, kind: &str) -> String {
    let mut md = String::new();
    match kind {
        "summary" => summary(session, &mut md),
        "why" => why(session, &mut md),
        "normal-work" => normal_work(session, &mut md),
        "story" => story(session, &mut md),
        "hard" => hard(session, &mut md),
        "went-well" => findings_list(
            session,
            FindingKind::WentWell,
            "How people kept things going, in their own accounts:",
            &mut md,
        ),
        "contributors" => contributors(session, &mut md),
        "wai-wad" => work_maps(session, &mut md),
        "patterns" => patterns(session, &mut md),
        "themes" => themes(session, &mut md),
        "follow-ups" => follow_ups(session, &mut md),
        "appendix" => appendix(session, &mut md),
        _ => {}
    }
    md.trim_end().to_owned()
}
