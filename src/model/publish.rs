//! The one gate for everything that leaves the file: a publishable view of a session.
//!
//! Consent, off-the-record taint and redaction are applied here, once. Every export
//! (Markdown, SVG, the shared copy, the library report, calibration documents) renders
//! from the [`Published`] view this returns, never from the raw session.

use super::id::Id;
use super::redact::Redactor;
use super::session::{EventTime, Participant, Perspective, Session};
use std::collections::HashSet;

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
    let session = match audience {
        Audience::Everyone => super::redact::redacted_copy(session),
        Audience::Participant(own) => for_participant(session, own),
    };
    Published {
        session,
        open_placeholders: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// The participant audience (calibration documents). Kept apart, in the functions
// below, so that the full gate can take it over: it is what a calibration document
// needs from the gate, and what its tests (src/model/calibration.rs) hold the gate to.

/// Put before a participant's own off-the-record words in their calibration view: the
/// mark that they are for their eyes only.
pub const FOR_THEIR_EYES: &str = "(Off the record — for your eyes only) ";

/// What stands in a participant's own account for anyone else who took part.
pub const SOMEONE_ELSE: &str = "[a colleague]";

/// One participant's view of the session: their own interviews (their off-the-record
/// statements kept, marked [`FOR_THEIR_EYES`]), the timeline events from their
/// perspective or attributed to them, and the decision points they are in, reduced to
/// their own statements; nothing of anyone else. Other participants' real names, other
/// names and pseudonyms become [`SOMEONE_ELSE`] wherever they appear, the
/// participant's own names their pseudonym.
fn for_participant(session: &Session, own: Id) -> Session {
    let names = NameSwap::new(session, own);
    let t = |s: &str| names.apply(s);
    let mut out = Session {
        id: session.id,
        title: t(&session.title),
        kind: session.kind,
        facilitators: session.facilitators.iter().map(|f| t(f)).collect(),
        created: session.created,
        updated: session.updated,
        ..Session::default()
    };
    if let Some(p) = session.participant(own) {
        let mut p = p.clone();
        p.real_name = None;
        p.other_names.clear();
        p.notes.clear();
        p.role = t(&p.role);
        p.team = t(&p.team);
        p.consent.conditions = t(&p.consent.conditions);
        p.consent.retention = t(&p.consent.retention);
        out.participants.push(p);
    }
    let mut theirs: HashSet<Id> = HashSet::new();
    for i in session.interviews.iter().filter(|i| i.participant == own) {
        let mut i = i.clone();
        i.title = t(&i.title);
        i.facilitator = t(&i.facilitator);
        i.summary = t(&i.summary);
        i.participant_follow_ups = t(&i.participant_follow_ups);
        for a in &mut i.asked {
            a.text = t(&a.text);
        }
        for st in &mut i.statements {
            theirs.insert(st.id);
            st.text = if st.off_record {
                format!("{FOR_THEIR_EYES}{}", t(&st.text))
            } else {
                t(&st.text)
            };
            st.paraphrase = t(&st.paraphrase);
        }
        out.interviews.push(i);
    }
    let keep = |ids: &[Id]| -> Vec<Id> {
        ids.iter()
            .filter(|id| theirs.contains(id))
            .copied()
            .collect()
    };
    for d in &session.decision_points {
        if !d.who.contains(&own) && !d.statements.iter().any(|s| theirs.contains(s)) {
            continue;
        }
        let mut d = d.clone();
        d.title = t(&d.title);
        d.when = t(&d.when);
        d.who = vec![own];
        d.statements = keep(&d.statements);
        // An aspect resting only on someone else's words is their account, not this one.
        d.aspects
            .retain(|a| a.evidence.is_empty() || a.evidence.iter().any(|e| theirs.contains(e)));
        for a in &mut d.aspects {
            a.evidence = keep(&a.evidence);
            a.text = t(&a.text);
        }
        out.decision_points.push(d);
    }
    // Guides hold no one's account, and interviews refer to them.
    out.guides = session.guides.clone();
    for g in &mut out.guides {
        g.name = t(&g.name);
        for q in &mut g.questions {
            q.text = t(&q.text);
        }
    }
    let points: HashSet<Id> = out.decision_points.iter().map(|d| d.id).collect();
    let events: HashSet<Id> = session
        .timeline
        .iter()
        .filter(|e| e.perspective == Perspective::Participant(own) || e.attributed_to == Some(own))
        .map(|e| e.id)
        .collect();
    for e in session.timeline.iter().filter(|e| events.contains(&e.id)) {
        let mut e = e.clone();
        e.description = t(&e.description);
        e.evidence = keep(&e.evidence);
        e.differs_from.clear();
        e.decision_point = e.decision_point.filter(|d| points.contains(d));
        if let EventTime::Relative { anchor, text, .. } = &mut e.time {
            *anchor = anchor.filter(|a| events.contains(a));
            *text = t(text);
        }
        out.timeline.push(e);
    }
    out
}

/// Names swapped in a participant's own view: everyone else's names and pseudonyms
/// become [`SOMEONE_ELSE`], their own names their pseudonym.
struct NameSwap {
    /// Real and other names, as whole words (each part of a real name too).
    names: Redactor,
    /// (pseudonym or its short form, lowercase chars), longest first.
    pseudonyms: Vec<Vec<char>>,
}

impl NameSwap {
    fn new(session: &Session, own: Id) -> Self {
        let mut people = Session::default();
        let mut pseudonyms: Vec<Vec<char>> = Vec::new();
        for p in &session.participants {
            let stand_in = if p.id == own {
                p.pseudonym.clone()
            } else {
                SOMEONE_ELSE.to_owned()
            };
            let names = p.real_name.iter().chain(&p.other_names);
            for name in names.filter(|n| !n.trim().is_empty()) {
                let mut person = Participant::new(stand_in.clone());
                person.real_name = Some(name.clone());
                people.participants.push(person);
            }
            if p.id != own {
                let full = p.pseudonym.trim();
                let short = full.split(" (").next().unwrap_or(full).trim();
                for form in [full, short] {
                    let chars: Vec<char> = form.chars().flat_map(char::to_lowercase).collect();
                    if chars.len() >= 2 && !pseudonyms.contains(&chars) {
                        pseudonyms.push(chars);
                    }
                }
            }
        }
        pseudonyms.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Self {
            names: Redactor::new(&people),
            pseudonyms,
        }
    }

    fn apply(&self, text: &str) -> String {
        let named = self.names.redact(text);
        if self.pseudonyms.is_empty() {
            return named;
        }
        let chars: Vec<char> = named.chars().collect();
        let lower: Vec<char> = chars
            .iter()
            .map(|c| c.to_lowercase().next().unwrap_or(*c))
            .collect();
        let word = |c: &char| c.is_alphanumeric() || *c == '_';
        let mut out = String::with_capacity(named.len());
        let mut i = 0;
        while i < chars.len() {
            let at_start = i == 0 || !word(&chars[i - 1]);
            let hit = at_start
                .then(|| {
                    self.pseudonyms.iter().find(|p| {
                        let end = i + p.len();
                        end <= lower.len()
                            && lower[i..end] == p[..]
                            && (end == lower.len() || !word(&lower[end]) || !word(&lower[end - 1]))
                    })
                })
                .flatten();
            match hit {
                Some(p) => {
                    out.push_str(SOMEONE_ELSE);
                    i += p.len();
                }
                None => {
                    out.push(chars[i]);
                    i += 1;
                }
            }
        }
        out
    }
}
