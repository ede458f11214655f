//! Calibration: each participant gets their own account back to check and correct
//! before the group meeting (the Howie guide). The document holds that person's own
//! statements (their off-the-record ones marked for their eyes only), the timeline
//! events from their perspective, the decision points they are in with the aspects as
//! the facilitator understood them, the questions the facilitator still has, and a
//! line asking them to correct anything. Nothing of anyone else: it is rendered only
//! from the publishable view for that participant
//! ([`Audience::Participant`](super::publish::Audience::Participant)).
//!
//! Whether and when an account was sent and checked is recorded per interview
//! (`calibration_sent`, `calibration_checked`); [`method_phrase`] says it in words
//! for the write-up's Method section.

use super::id::Id;
use super::markdown::escape_inline;
use super::narrative::{event_time, ordered_timeline};
use super::probes::{aspect_label, coverage_probes};
use super::publish::{Audience, FOR_THEIR_EYES, publishable};
use super::session::{Interview, Session, Speaker, StatementKind};
use super::validate::fmt_secs;
use std::fmt::Write as _;

/// Why a calibration document could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalibrationError {
    /// No participant has this id.
    #[error("That participant is not in the session.")]
    UnknownParticipant,
    /// No participant has this pseudonym.
    #[error("No participant is called {given:?}. The participants are: {known}.")]
    NoSuchPseudonym {
        /// The pseudonym asked for.
        given: String,
        /// The pseudonyms there are.
        known: String,
    },
    /// Two or more participants match.
    #[error("{given:?} could be any of: {matches}. Give the whole pseudonym.")]
    Ambiguous {
        /// The pseudonym asked for.
        given: String,
        /// Those it matches.
        matches: String,
    },
}

/// The participant a pseudonym names: the whole pseudonym (ignoring case and spaces
/// around it), or its short form before a bracket ("P1" for "P1 (on-call SRE)") when
/// only one participant has it.
pub fn find_participant(session: &Session, pseudonym: &str) -> Result<Id, CalibrationError> {
    let want = pseudonym.trim().to_lowercase();
    if let Some(p) = session
        .participants
        .iter()
        .find(|p| p.pseudonym.trim().to_lowercase() == want)
    {
        return Ok(p.id);
    }
    let short: Vec<_> = session
        .participants
        .iter()
        .filter(|p| {
            let full = p.pseudonym.trim();
            full.split(" (")
                .next()
                .unwrap_or(full)
                .trim()
                .to_lowercase()
                == want
        })
        .collect();
    match short.as_slice() {
        [one] => Ok(one.id),
        [] => Err(CalibrationError::NoSuchPseudonym {
            given: pseudonym.to_owned(),
            known: quoted(session.participants.iter().map(|p| p.pseudonym.as_str())),
        }),
        many => Err(CalibrationError::Ambiguous {
            given: pseudonym.to_owned(),
            matches: quoted(many.iter().map(|p| p.pseudonym.as_str())),
        }),
    }
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<String> = names.map(|n| format!("{n:?}")).collect();
    if all.is_empty() {
        "none".to_owned()
    } else {
        all.join(", ")
    }
}

/// The calibration document for one participant, as Markdown, made only from what
/// the publishable view for that participant holds.
pub fn document(session: &Session, participant: Id) -> Result<String, CalibrationError> {
    let view = publishable(session, Audience::Participant(participant)).session;
    let p = view
        .participant(participant)
        .ok_or(CalibrationError::UnknownParticipant)?;
    let e = |s: &str| escape_inline(s.trim());
    let who = if p.pseudonym.trim().is_empty() {
        "you".to_owned()
    } else {
        e(&p.pseudonym)
    };
    let mut facilitators: Vec<String> = view
        .interviews
        .iter()
        .map(|i| i.facilitator.trim().to_owned())
        .filter(|f| !f.is_empty())
        .collect();
    if facilitators.is_empty() {
        facilitators = view
            .facilitators
            .iter()
            .map(|f| f.trim().to_owned())
            .collect();
    }
    facilitators.dedup();
    let by = if facilitators.is_empty() {
        "the facilitator".to_owned()
    } else {
        facilitators
            .iter()
            .map(|f| e(f))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Your account, to check: {}\n",
        e(view.display_title())
    );
    let _ = writeln!(
        md,
        "For {who}, from {by}. This is your account as I understood it from our \
conversation. **Please correct anything that is wrong, missing or not how you would put \
it, and tell me if anything here should not be used.** Your corrections take precedence \
over my notes, and nothing goes into the write-up before you have checked it.\n"
    );
    md.push_str(
        "It holds only what you told me and what I made of it: nothing anyone else said.\n\n",
    );

    md.push_str("## What you told me\n\n");
    let mut any_off = false;
    let mut any = false;
    for i in &view.interviews {
        let own: Vec<_> = i
            .statements
            .iter()
            .filter(|s| s.speaker == Speaker::Interviewee)
            .collect();
        if own.is_empty() {
            continue;
        }
        any = true;
        let _ = writeln!(md, "### {}\n", interview_heading(i));
        for st in own {
            let mut text = st.text.trim().to_owned();
            if st.off_record {
                any_off = true;
                if !text.starts_with(FOR_THEIR_EYES.trim_end()) {
                    text = format!("{FOR_THEIR_EYES}{text}");
                }
            }
            let words = if st.kind == StatementKind::Quote {
                format!("“{}”", e(&text))
            } else {
                format!("*{}:* {}", st.kind.label().trim_matches('"'), e(&text))
            };
            let lock = if st.off_record { "🔒 " } else { "" };
            let _ = writeln!(md, "- {lock}{} — {words}", fmt_secs(st.at_secs));
            if !st.paraphrase.trim().is_empty() {
                let _ = writeln!(
                    md,
                    "  \n  How I would put it in the write-up: {}",
                    e(&st.paraphrase)
                );
            }
        }
        md.push('\n');
        if !i.summary.trim().is_empty() {
            let _ = writeln!(md, "What I took from it: {}\n", e(&i.summary));
        }
    }
    if !any {
        md.push_str("Nothing was captured from you yet.\n\n");
    }
    if any_off {
        let _ = writeln!(
            md,
            "Lines marked 🔒 {} are off the record: they stay in my notes and never \
appear in the write-up, as a quote or in any other form.\n",
            FOR_THEIR_EYES.trim()
        );
    }

    let events = ordered_timeline(&view);
    if !events.is_empty() {
        md.push_str("## The timeline as you described it\n\n");
        for ev in events {
            let _ = writeln!(
                md,
                "- {} — {}",
                e(&event_time(&view, ev)),
                e(&ev.description)
            );
        }
        md.push('\n');
    }

    if !view.decision_points.is_empty() {
        md.push_str("## Decision points, and how I understood they made sense to you\n\n");
        for d in &view.decision_points {
            let title = if d.title.trim().is_empty() {
                "A decision point"
            } else {
                d.title.trim()
            };
            let when = if d.when.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", e(&d.when))
            };
            let _ = writeln!(md, "### {}{when}\n", e(title));
            let explored: Vec<_> = d
                .aspects
                .iter()
                .filter(|a| !a.text.trim().is_empty())
                .collect();
            if explored.is_empty() {
                md.push_str("I have not written anything down about this moment yet.\n");
            }
            for a in explored {
                let _ = writeln!(md, "- {}: {}", aspect_label(a.kind), e(&a.text));
            }
            md.push('\n');
        }
    }

    let mut questions: Vec<String> = view
        .decision_points
        .iter()
        .flat_map(coverage_probes)
        .collect();
    for i in &view.interviews {
        questions.extend(
            i.participant_follow_ups
                .lines()
                .map(|l| {
                    l.trim()
                        .trim_start_matches(['-', '*', '•'])
                        .trim()
                        .to_owned()
                })
                .filter(|l| !l.is_empty()),
        );
    }
    if !questions.is_empty() {
        md.push_str("## Questions I still have\n\n");
        for q in &questions {
            let _ = writeln!(md, "- {}", e(q));
        }
        md.push('\n');
    }
    md.push_str(
        "## Please correct anything\n\nReply with anything that is wrong, missing or put in a \
way you would not put it — a line or two is enough. If everything is right, a short \
\"looks right\" helps just as much.\n",
    );
    Ok(md)
}

fn interview_heading(i: &Interview) -> String {
    let title = if i.title.trim().is_empty() {
        "Our conversation"
    } else {
        i.title.trim()
    };
    match i.started {
        Some(t) => format!("{} ({})", escape_inline(title), t.format("%-d %B %Y")),
        None => escape_inline(title),
    }
}

/// A file name for a participant's calibration document.
pub fn file_name(session: &Session, participant: Id) -> String {
    let mut slug = String::new();
    for c in session.pseudonym(participant).chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    format!(
        "calibration-{}.md",
        if slug.is_empty() { "participant" } else { slug }
    )
}

// Where an account is in calibration, and the Method section's words for it, live
// with the Method section (the write-up may not depend on this module: it depends on
// the write-up); the old paths still work.
pub use super::narrative::{CheckStatus, method_phrase, status};

#[cfg(test)]
#[path = "calibration_tests.rs"]
mod tests;
