//! One review in a library's index: what the library shows, counts and searches of a
//! session, taken from its publishable view (the one gate) and nothing else.
//!
//! An entry is compact (a few tens of KB for a review of 300 statements): no whole
//! session is kept, only the counts, the codes and themes per participant, the
//! follow-ups, the milestones and the text to search.

use super::search::{Found, Item, SearchIndex};
use crate::model::first_half_hour::FirstHalfHour;
use crate::model::id::Id;
use crate::model::publish::{Audience, publishable, publishable_owned};
use crate::model::session::{
    Attribution, FollowUpClass, Milestone, Session, SessionKind, Speaker, StatementKind, Timestamp,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The voice of an excerpt or search item that is the facilitator's, not a
/// participant's.
pub const FACILITATOR: u16 = u16::MAX;
/// What stands for a participant who asked to stay anonymous: no pseudonym links
/// their words to them.
pub const ANONYMOUS: &str = "A participant";

/// One review, as the library knows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewEntry {
    /// The session's id (two files with one id are one review).
    pub id: Id,
    /// The title, as it may be published.
    pub title: String,
    /// Incident review, near miss or normal work.
    pub kind: SessionKind,
    /// When it happened: the first signal, else the earliest timed event, else the
    /// day the session was created.
    pub date: NaiveDate,
    /// When the session was last changed (the newer of two copies is shown).
    pub updated: Timestamp,
    /// The facilitators, as they may be published.
    pub facilitators: Vec<String>,
    /// Participants interviewed.
    pub participants: u32,
    /// Interviews held.
    pub interviews: u32,
    /// Statements on record.
    pub statements: u32,
    /// Decision points.
    pub decision_points: u32,
    /// The codes used in the review, each once.
    pub codes: Vec<CodeUse>,
    /// The review's themes.
    pub themes: Vec<ThemeUse>,
    /// Follow-ups in the parking lot.
    pub follow_ups: Vec<FollowUpEntry>,
    /// When the first signal came, where it is marked and timed.
    pub first_signal: Option<Timestamp>,
    /// Milestones marked: seconds from the first signal, where both have a time.
    pub milestones: Vec<(Milestone, Option<i64>)>,
    /// How participants are named here, by voice number: the pseudonym, or
    /// [`ANONYMOUS`].
    pub voices: Vec<String>,
    /// Tagged excerpts, for the excerpts of a code across reviews.
    pub excerpts: Vec<Excerpt>,
    /// Every statement, event, section, decision point, finding and follow-up, to
    /// search.
    pub search: SearchIndex,
}

/// A code as one review used it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CodeUse {
    /// The code's name.
    pub name: String,
    /// The built-in vocabulary it comes from ("Messy 9", …), if any.
    pub vocabulary: Option<String>,
    /// Distinct participants whose words carry it.
    pub participants: u32,
    /// Whether a facilitator's note carries it.
    pub facilitator: bool,
    /// How many excerpts carry it (raw mentions: shown, never used to rank).
    pub mentions: u32,
}

impl CodeUse {
    /// The key codes are matched by across reviews: the name, trimmed, lower case.
    pub fn key(&self) -> String {
        key(&self.name)
    }
}

/// The key a code or theme name is matched by across reviews.
pub fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A theme as one review has it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemeUse {
    /// The theme's name.
    pub name: String,
    /// Distinct participants among its excerpts.
    pub participants: u32,
    /// Its excerpts.
    pub excerpts: u32,
}

/// A follow-up as the library counts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUpEntry {
    /// The idea, as it may be published.
    pub text: String,
    /// Response/recovery or prevention.
    pub class: FollowUpClass,
    /// Not to be acted on before this date.
    pub soak_until: Option<NaiveDate>,
    /// Acted on.
    pub done: bool,
}

/// A tagged excerpt, attributed by voice only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Excerpt {
    /// The code, by position in [`ReviewEntry::codes`].
    pub code: u16,
    /// Whose words: a position in [`ReviewEntry::voices`], or [`FACILITATOR`].
    pub voice: u16,
    /// The words tagged.
    pub text: String,
}

impl ReviewEntry {
    /// How a voice is named: pseudonym, [`ANONYMOUS`], or "Facilitator note".
    pub fn voice(&self, voice: u16) -> &str {
        if voice == FACILITATOR {
            return "Facilitator note";
        }
        self.voices
            .get(usize::from(voice))
            .map_or("(unknown participant)", String::as_str)
    }

    /// Seconds from the first signal to a milestone, where both are timed.
    pub fn since_first_signal(&self, m: Milestone) -> Option<i64> {
        self.milestones
            .iter()
            .find(|(x, _)| *x == m)
            .and_then(|(_, s)| *s)
    }

    /// Whether the review marks any response milestone.
    pub fn has_milestones(&self) -> bool {
        !self.milestones.is_empty()
    }
}

/// The index entry of a session: its publishable view (for everyone) is made here,
/// and the entry is built from that view alone.
pub fn index_session(session: &Session) -> ReviewEntry {
    index_published(&publishable(session, Audience::Everyone).session)
}

/// [`index_session`] for a session the caller gives up (a file just read): the same
/// entry, through the same gate, without copying the session first.
pub fn index_owned(session: Session) -> ReviewEntry {
    index_published(&publishable_owned(session, Audience::Everyone).session)
}

/// The index entry of a session that is already a publishable view.
pub fn index_published(s: &Session) -> ReviewEntry {
    // Voices: participants by position; anonymous ones never by pseudonym.
    let voice_of: HashMap<Id, u16> = s
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, u16::try_from(i).unwrap_or(FACILITATOR - 1)))
        .collect();
    let voices: Vec<String> = s
        .participants
        .iter()
        .map(|p| match p.consent.attribution {
            Attribution::Anonymous => ANONYMOUS.to_owned(),
            Attribution::Pseudonym => p.pseudonym.clone(),
        })
        .collect();
    // Each statement: (interview position, voice).
    let mut statement_at: HashMap<Id, (u16, &str)> = HashMap::new();
    for i in &s.interviews {
        let v = voice_of.get(&i.participant).copied().unwrap_or(FACILITATOR);
        for st in &i.statements {
            let voice = match st.speaker {
                Speaker::Interviewee => v,
                Speaker::Facilitator => FACILITATOR,
            };
            statement_at.insert(st.id, (voice, st.text.as_str()));
        }
    }

    // Codes, each once by name; a code's ancestors too, for the search filter.
    let mut codes: Vec<CodeUse> = Vec::new();
    let mut code_slot: HashMap<String, u16> = HashMap::new();
    let mut slot_of_id: HashMap<Id, u16> = HashMap::new();
    for c in &s.codes {
        let k = key(&c.name);
        let slot = *code_slot.entry(k).or_insert_with(|| {
            codes.push(CodeUse {
                name: c.name.trim().to_owned(),
                vocabulary: c.vocabulary.clone(),
                ..CodeUse::default()
            });
            u16::try_from(codes.len() - 1).unwrap_or(u16::MAX)
        });
        slot_of_id.insert(c.id, slot);
    }
    let parent: HashMap<Id, Id> = s
        .codes
        .iter()
        .filter_map(|c| c.parent.map(|p| (c.id, p)))
        .collect();
    let with_ancestors = |code: Id| -> Vec<u16> {
        let mut out = Vec::new();
        let mut cur = Some(code);
        for _ in 0..64 {
            let Some(c) = cur else { break };
            if let Some(&slot) = slot_of_id.get(&c)
                && !out.contains(&slot)
            {
                out.push(slot);
            }
            cur = parent.get(&c).copied();
        }
        out
    };
    let mut voices_of_code: Vec<HashSet<u16>> = vec![HashSet::new(); codes.len()];
    let mut statement_codes: HashMap<Id, Vec<u16>> = HashMap::new();
    let mut excerpts = Vec::new();
    let mut tag_voice: HashMap<Id, u16> = HashMap::new();
    for t in &s.tags {
        let (Some(&slot), Some(&(voice, words))) =
            (slot_of_id.get(&t.code), statement_at.get(&t.statement))
        else {
            continue;
        };
        tag_voice.insert(t.id, voice);
        let Some(code) = codes.get_mut(usize::from(slot)) else {
            continue;
        };
        code.mentions += 1;
        if voice == FACILITATOR {
            code.facilitator = true;
        } else if let Some(set) = voices_of_code.get_mut(usize::from(slot)) {
            set.insert(voice);
        }
        let entry = statement_codes.entry(t.statement).or_default();
        for a in with_ancestors(t.code) {
            if !entry.contains(&a) {
                entry.push(a);
            }
        }
        let text = match t.span {
            Some((a, b)) if a < b => words.get(a..b).unwrap_or(words),
            _ => words,
        };
        excerpts.push(Excerpt {
            code: slot,
            voice,
            text: text.to_owned(),
        });
    }
    for (code, set) in codes.iter_mut().zip(&voices_of_code) {
        code.participants = u32::try_from(set.len()).unwrap_or(u32::MAX);
    }
    // Codes nobody used, directly or through a sub-code, are not part of the
    // review's picture.
    let mut used = vec![false; codes.len()];
    for t in &s.tags {
        for slot in with_ancestors(t.code) {
            if let Some(u) = used.get_mut(usize::from(slot)) {
                *u = true;
            }
        }
    }
    let renumber: Vec<u16> = used
        .iter()
        .scan(0u16, |n, &u| {
            let at = *n;
            if u {
                *n = n.saturating_add(1);
            }
            Some(at)
        })
        .collect();
    let remap = |slot: u16| -> Option<u16> {
        let i = usize::from(slot);
        used.get(i)
            .copied()
            .unwrap_or(false)
            .then(|| renumber.get(i).copied())
            .flatten()
    };
    for x in &mut excerpts {
        x.code = remap(x.code).unwrap_or(u16::MAX);
    }
    for list in statement_codes.values_mut() {
        *list = list.iter().filter_map(|c| remap(*c)).collect();
    }
    let codes: Vec<CodeUse> = codes
        .into_iter()
        .zip(&used)
        .filter(|(_, u)| **u)
        .map(|(c, _)| c)
        .collect();

    let themes = s
        .themes
        .iter()
        .map(|t| {
            let distinct: HashSet<u16> = t
                .excerpts
                .iter()
                .filter_map(|x| tag_voice.get(x))
                .filter(|v| **v != FACILITATOR)
                .copied()
                .collect();
            ThemeUse {
                name: t.name.trim().to_owned(),
                participants: u32::try_from(distinct.len()).unwrap_or(u32::MAX),
                excerpts: u32::try_from(t.excerpts.len()).unwrap_or(u32::MAX),
            }
        })
        .collect();

    let follow_ups = s
        .follow_ups
        .iter()
        .map(|f| FollowUpEntry {
            text: f.text.clone(),
            class: f.class,
            soak_until: f.soak_until,
            done: f.done,
        })
        .collect();

    let fhh = FirstHalfHour::of(s);
    let milestones = fhh
        .marks
        .iter()
        .map(|m| (m.milestone, fhh.since_first_signal(m.milestone)))
        .collect();
    let date = fhh
        .first_signal()
        .or_else(|| {
            crate::model::first_half_hour::event_times(s)
                .into_iter()
                .flatten()
                .map(|(t, _)| t)
                .min()
        })
        .unwrap_or(s.created)
        .date_naive();

    let search = search_index(s, &voice_of, &statement_codes);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    ReviewEntry {
        id: s.id,
        title: s.display_title().to_owned(),
        kind: s.kind,
        date,
        updated: s.updated,
        facilitators: s.facilitators.clone(),
        participants: count(s.participants.len()),
        interviews: count(s.interviews.len()),
        statements: count(
            s.interviews
                .iter()
                .map(|i| i.statements.iter().filter(|st| !st.off_record).count())
                .sum(),
        ),
        decision_points: count(s.decision_points.len()),
        codes,
        themes,
        follow_ups,
        first_signal: fhh.first_signal(),
        milestones,
        voices,
        excerpts,
        search,
    }
}

/// The text of every statement, event, section, decision point, finding and
/// follow-up, with what the search filters need.
fn search_index(
    s: &Session,
    voice_of: &HashMap<Id, u16>,
    statement_codes: &HashMap<Id, Vec<u16>>,
) -> SearchIndex {
    let mut ix = SearchIndex::default();
    let codes_of = |evidence: &[Id]| -> Vec<u16> {
        let mut out: Vec<u16> = Vec::new();
        for e in evidence {
            for c in statement_codes.get(e).into_iter().flatten() {
                if !out.contains(c) {
                    out.push(*c);
                }
            }
        }
        out
    };
    for (n, i) in s.interviews.iter().enumerate() {
        ix.places.push(i.title.clone());
        let v = voice_of.get(&i.participant).copied().unwrap_or(FACILITATOR);
        for st in i.statements.iter().filter(|st| !st.off_record) {
            let voice = match st.speaker {
                Speaker::Interviewee => v,
                Speaker::Facilitator => FACILITATOR,
            };
            let codes = statement_codes.get(&st.id).cloned().unwrap_or_default();
            ix.push(
                Item {
                    kind: Found::Statement,
                    voice,
                    place: u16::try_from(n).unwrap_or(u16::MAX),
                    at: st.at_secs,
                    statement_kind: st.kind,
                    ..Item::default()
                },
                &st.text,
                &codes,
            );
        }
    }
    for e in &s.timeline {
        let voice = match e.perspective {
            crate::model::session::Perspective::Participant(p) => {
                voice_of.get(&p).copied().unwrap_or(FACILITATOR)
            }
            _ => e
                .attributed_to
                .and_then(|p| voice_of.get(&p).copied())
                .unwrap_or(FACILITATOR),
        };
        ix.push(
            Item {
                kind: Found::Event,
                voice,
                place: u16::MAX,
                statement_kind: StatementKind::Note,
                ..Item::default()
            },
            &e.description,
            &codes_of(&e.evidence),
        );
    }
    for sec in s.narrative.sections.iter().filter(|x| x.included) {
        ix.places.push(sec.title.clone());
        let place = u16::try_from(ix.places.len() - 1).unwrap_or(u16::MAX);
        ix.push(
            Item {
                kind: Found::Section,
                voice: FACILITATOR,
                place,
                ..Item::default()
            },
            &sec.body,
            &[],
        );
    }
    for d in &s.decision_points {
        let mut text = d.title.clone();
        for a in &d.aspects {
            text.push('\n');
            text.push_str(&a.text);
        }
        let mut evidence = d.statements.clone();
        evidence.extend(d.aspects.iter().flat_map(|a| a.evidence.iter().copied()));
        let voice = d
            .who
            .first()
            .and_then(|p| voice_of.get(p).copied())
            .unwrap_or(FACILITATOR);
        ix.push(
            Item {
                kind: Found::DecisionPoint,
                voice,
                ..Item::default()
            },
            &text,
            &codes_of(&evidence),
        );
    }
    for f in &s.findings {
        ix.push(
            Item {
                kind: Found::Finding,
                voice: FACILITATOR,
                ..Item::default()
            },
            &f.text,
            &codes_of(&f.evidence),
        );
    }
    for f in &s.follow_ups {
        ix.push(
            Item {
                kind: Found::FollowUp,
                voice: FACILITATOR,
                ..Item::default()
            },
            &f.text,
            &codes_of(&f.evidence),
        );
    }
    ix.prepare();
    ix
}
