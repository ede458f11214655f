//! The Method section, built only from facts the session file records: who was
//! interviewed, how often and how long, the guide used and how many of its questions
//! were asked, which kick-off items were ticked, and whether each account was sent
//! to its participant and checked. A fact the file does not record is said to be
//! missing; no step is claimed that the file does not show.

use super::*;
use crate::model::guides::{builtin_guides, find_guide};
use chrono::NaiveDate;

/// Where an interview's account is in calibration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckStatus {
    /// Not sent to them (as far as the file records).
    NotSent,
    /// Sent on this date, no answer recorded yet.
    Sent(NaiveDate),
    /// Checked with them: on this date if recorded, with what they said.
    Checked(Option<NaiveDate>, Calibration),
}

/// Where an interview's account is in calibration. It counts as checked when a check
/// date is recorded or the participant's answer is (approved, or changes asked for).
pub fn status(i: &Interview) -> CheckStatus {
    match (i.calibration_checked, i.calibration, i.calibration_sent) {
        (Some(d), c, _) => CheckStatus::Checked(Some(d), c),
        (None, Calibration::Approved | Calibration::ChangesRequested, _) => {
            CheckStatus::Checked(None, i.calibration)
        }
        (None, Calibration::Pending, Some(sent)) => CheckStatus::Sent(sent),
        (None, Calibration::Pending, None) => CheckStatus::NotSent,
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The calibration of an interview in words, for the write-up's Method section:
/// "account checked with them on 9 April 2026", "account sent to them on 8 April
/// 2026, not yet checked", "account not checked with them". Never claims a check the
/// file does not record.
pub fn method_phrase(i: &Interview) -> String {
    match status(i) {
        CheckStatus::NotSent => "account not checked with them".to_owned(),
        CheckStatus::Sent(d) => format!("account sent to them on {}, not yet checked", day(d)),
        CheckStatus::Checked(date, c) => {
            let when = date.map_or_else(
                || " (date not recorded)".to_owned(),
                |d| format!(" on {}", day(d)),
            );
            let outcome = match c {
                Calibration::ChangesRequested => "; they asked for changes",
                _ => "",
            };
            format!("account checked with them{when}{outcome}")
        }
    }
}

/// What each item of the built-in kick-off script covers, in its order (a test holds
/// this to the script's length).
pub(super) const KICK_OFF_ITEMS: [&str; 10] = [
    "why this event was chosen",
    "that the review is not about blame or corrective actions",
    "that we want their view from inside, in their own words",
    "consent to take notes and to record",
    "consent to quote them, and how quotes are attributed",
    "that they may go off the record at any time",
    "who will see the notes and how long they are kept",
    "an offer to send them their account to check",
    "how much time they had",
    "their role and experience",
];

/// The kick-off items ticked as asked in an interview, in words, in script order.
/// Items of the built-in script are described; those of a session's own kick-off
/// guide (a guide named "Kick-off …") are quoted.
pub fn kick_off_covered(session: &Session, i: &Interview) -> Vec<String> {
    let asked: std::collections::HashSet<Id> = i
        .asked
        .iter()
        .filter(|a| a.status == AskedStatus::Asked)
        .filter_map(|a| a.question)
        .collect();
    let mut out = Vec::new();
    if asked.is_empty() {
        return out;
    }
    let is_kick_off = |g: &Guide| g.name.trim().to_lowercase().starts_with("kick-off");
    let builtin = builtin_guides().iter().find(|g| is_kick_off(g));
    if let Some(g) = builtin {
        for (n, q) in g.questions.iter().enumerate() {
            if asked.contains(&q.id) {
                let words = KICK_OFF_ITEMS
                    .get(n)
                    .map_or_else(|| quoted(&q.text), |w| (*w).to_owned());
                out.push(words);
            }
        }
    }
    for g in session.guides.iter().filter(|g| is_kick_off(g)) {
        for q in g.questions.iter().filter(|q| asked.contains(&q.id)) {
            out.push(quoted(&q.text));
        }
    }
    out
}

fn quoted(text: &str) -> String {
    format!("“{}”", esc(text.trim().trim_end_matches('.')))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "a, b and c".
pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// One interview's facts in a line: who, when, how long, the guide and its questions,
/// the kick-off, calibration.
fn interview_line(session: &Session, i: &Interview) -> String {
    let title = if i.title.trim().is_empty() {
        "Interview"
    } else {
        i.title.trim()
    };
    let mut facts: Vec<String> = Vec::new();
    let mut who = esc(session.pseudonym(i.participant));
    if !i.facilitator.trim().is_empty() {
        let _ = write!(who, ", facilitated by {}", esc(&i.facilitator));
    }
    match i.started {
        Some(t) => facts.push(format!("on {}", day(t.date_naive()))),
        None => facts.push("date not recorded".to_owned()),
    }
    facts.push(if i.duration_secs == 0 {
        "length not recorded".to_owned()
    } else {
        format!("{} min", i.duration_secs.div_ceil(60))
    });
    let asked = |status: AskedStatus, from: Option<&Guide>| {
        i.asked
            .iter()
            .filter(|a| a.status == status)
            .filter(|a| match (from, a.question) {
                (Some(g), Some(q)) => g.questions.iter().any(|x| x.id == q),
                (None, q) => q.is_none(),
                _ => false,
            })
            .count()
    };
    match i.guide.and_then(|g| find_guide(session, g)) {
        Some(g) => {
            let (yes, skipped) = (
                asked(AskedStatus::Asked, Some(g)),
                asked(AskedStatus::Skipped, Some(g)),
            );
            let mut f = format!(
                "guide “{}”, {} of its {} asked",
                esc(&g.name),
                yes,
                plural(g.questions.len(), "question", "questions")
            );
            if skipped > 0 {
                let _ = write!(f, " ({skipped} skipped)");
            }
            facts.push(f);
        }
        None => facts.push("no guide recorded".to_owned()),
    }
    let probes = asked(AskedStatus::Asked, None);
    if probes > 0 {
        facts.push(format!(
            "{} asked after what they said",
            plural(probes, "probe", "probes")
        ));
    }
    let kick_off = kick_off_covered(session, i);
    facts.push(if kick_off.is_empty() {
        "no kick-off items recorded".to_owned()
    } else {
        format!("kick-off covered {}", and_list(&kick_off))
    });
    facts.push(method_phrase(i));
    format!("- *{}* — {who}: {}.", esc(title), facts.join("; "))
}

/// The Method section's Markdown (a `### Method` part of the appendix), or nothing
/// when there are no interviews.
pub(super) fn method(session: &Session, md: &mut String) {
    let interviews = &session.interviews;
    if interviews.is_empty() {
        return;
    }
    md.push_str("### Method\n\n");
    let mut people: Vec<Id> = interviews.iter().map(|i| i.participant).collect();
    people.sort();
    people.dedup();
    let mut dates: Vec<NaiveDate> = interviews
        .iter()
        .filter_map(|i| i.started.map(|t| t.date_naive()))
        .collect();
    dates.sort();
    let when = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a == b => format!(" on {}", day(*a)),
        (Some(a), Some(b)) => format!(" between {} and {}", day(*a), day(*b)),
        _ => String::new(),
    };
    let _ = write!(
        md,
        "We held {}{}, with {}{when}.",
        plural(interviews.len(), "interview", "interviews"),
        if interviews.len() > 1 {
            ", each with one participant"
        } else {
            ""
        },
        plural(people.len(), "person", "people"),
    );
    let undated = interviews.len() - dates.len();
    if undated > 0 && !dates.is_empty() {
        let _ = write!(md, " The date of {undated} is not recorded.");
    } else if undated > 0 {
        md.push_str(" Their dates are not recorded.");
    }
    let timed: Vec<u32> = interviews
        .iter()
        .map(|i| i.duration_secs)
        .filter(|d| *d > 0)
        .collect();
    if !timed.is_empty() {
        let total: u64 = timed.iter().map(|d| u64::from(*d)).sum();
        let minutes = usize::try_from(total.div_ceil(60)).unwrap_or(usize::MAX);
        let _ = write!(
            md,
            " {} {}{} in all",
            if timed.len() == interviews.len() {
                if timed.len() == 1 {
                    "It took"
                } else {
                    "They took"
                }
            } else {
                "Those whose length is recorded took"
            },
            if timed.len() == 1 { "" } else { "about " },
            plural(minutes, "minute", "minutes")
        );
        let (lo, hi) = (timed.iter().min(), timed.iter().max());
        if let (Some(lo), Some(hi)) = (lo, hi)
            && timed.len() > 1
        {
            let _ = write!(
                md,
                ", from {} to {} minutes each",
                lo.div_ceil(60),
                hi.div_ceil(60)
            );
        }
        md.push('.');
    } else {
        md.push_str(" Their length is not recorded.");
    }
    md.push_str("\n\n");

    // Guides, kick-off and calibration, counted.
    let guided = interviews
        .iter()
        .filter(|i| i.guide.and_then(|g| find_guide(session, g)).is_some())
        .count();
    let kicked_off = interviews
        .iter()
        .filter(|i| !kick_off_covered(session, i).is_empty())
        .count();
    let checked = interviews
        .iter()
        .filter(|i| matches!(status(i), CheckStatus::Checked(..)))
        .count();
    let sent = interviews
        .iter()
        .filter(|i| !matches!(status(i), CheckStatus::NotSent))
        .count();
    let n = interviews.len();
    let of = |k: usize| match k {
        0 if n == 1 => "no interview".to_owned(),
        0 => "none of the interviews".to_owned(),
        1 if n == 1 => "the interview".to_owned(),
        k if k == n => format!("all {n} interviews"),
        k => format!("{k} of the {n} interviews"),
    };
    let _ = writeln!(
        md,
        "A guide is recorded for {}, and kick-off items are ticked for {}. Accounts were \
sent back to participants to check for {}, and checked with them for {}.\n",
        of(guided),
        of(kicked_off),
        of(sent),
        of(checked)
    );
    let mut notes = vec!["Anything said off the record is left out of this write-up.".to_owned()];
    notes.push(
        "Quotes are the participants' own words; other evidence is from the facilitators' \
notes."
            .to_owned(),
    );
    let unquoted = session
        .participants
        .iter()
        .any(|p| people.contains(&p.id) && !p.consent.may_quote);
    if unquoted {
        notes.push(
            "Where a participant asked not to be quoted, their words appear as the \
facilitators' paraphrase."
                .to_owned(),
        );
    }
    let _ = writeln!(md, "{}\n", notes.join(" "));
    for i in interviews {
        md.push_str(&interview_line(session, i));
        md.push('\n');
    }
    md.push('\n');
}
