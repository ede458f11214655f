//! Search across every review of a library: statements, timeline events, write-up
//! sections, decision points, findings and follow-ups, with the filters of the
//! single-review search (what kind of item, whose words, which code).
//!
//! Each review keeps its searchable text in one string and a lower-case copy made
//! when the entry is loaded; a word is found with one `memchr` pass over the copy,
//! so a keystroke over 300,000 statements scans some tens of MB, not 300,000 strings.

use super::entry::{FACILITATOR, ReviewEntry};
use crate::model::session::StatementKind;
use serde::{Deserialize, Serialize};

/// What kind of item a result is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Found {
    /// An interview statement.
    #[default]
    Statement,
    /// A timeline event.
    Event,
    /// A section of the write-up.
    Section,
    /// A decision point (title and aspects).
    DecisionPoint,
    /// A finding (contributor, went well, difficulty, risk, open question).
    Finding,
    /// A follow-up.
    FollowUp,
}

impl Found {
    /// Every kind, in display order.
    pub const ALL: [Found; 6] = [
        Self::Statement,
        Self::Event,
        Self::Section,
        Self::DecisionPoint,
        Self::Finding,
        Self::FollowUp,
    ];

    /// A label for a filter.
    pub fn label(self) -> &'static str {
        match self {
            Self::Statement => "Statements",
            Self::Event => "Timeline events",
            Self::Section => "Write-up sections",
            Self::DecisionPoint => "Decision points",
            Self::Finding => "Findings",
            Self::FollowUp => "Follow-ups",
        }
    }

    /// One item of this kind, for a result line.
    pub fn singular(self) -> &'static str {
        match self {
            Self::Statement => "Statement",
            Self::Event => "Timeline event",
            Self::Section => "Write-up section",
            Self::DecisionPoint => "Decision point",
            Self::Finding => "Finding",
            Self::FollowUp => "Follow-up",
        }
    }
}

/// One searchable item of a review.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// What it is.
    pub kind: Found,
    /// Whose words (a voice of the entry, or [`FACILITATOR`]).
    pub voice: u16,
    /// Interview (statements) or section (sections), by position in
    /// [`SearchIndex::places`]; `u16::MAX` for none.
    pub place: u16,
    /// Seconds into the interview (statements).
    pub at: u32,
    /// The statement's kind (statements).
    pub statement_kind: StatementKind,
    /// Where its text is in [`SearchIndex::text`].
    pub start: u32,
    /// Its length in bytes.
    pub len: u32,
    /// Where its codes are in [`SearchIndex::codes`].
    pub codes_start: u32,
    /// How many codes it carries (with their parent codes).
    pub codes_len: u16,
}

/// The searchable text of one review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchIndex {
    /// Every item's text, one after the other.
    pub text: String,
    /// The items, in review order.
    pub items: Vec<Item>,
    /// Codes of the items (positions in the entry's codes), one run per item.
    pub codes: Vec<u16>,
    /// Interview titles and section titles that items point at.
    pub places: Vec<String>,
    /// The lower-case text, items separated by a NUL (made by [`Self::prepare`]).
    #[serde(skip)]
    lower: String,
    /// Where each item starts in `lower`.
    #[serde(skip)]
    lower_starts: Vec<u32>,
}

impl SearchIndex {
    /// Adds an item with its text and codes.
    pub fn push(&mut self, mut item: Item, text: &str, codes: &[u16]) {
        item.start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        item.len = u32::try_from(text.len()).unwrap_or(0);
        item.codes_start = u32::try_from(self.codes.len()).unwrap_or(u32::MAX);
        item.codes_len = u16::try_from(codes.len()).unwrap_or(0);
        self.text.push_str(text);
        self.codes
            .extend_from_slice(codes.get(..usize::from(item.codes_len)).unwrap_or(&[]));
        self.items.push(item);
    }

    /// Makes the lower-case copy searched (after building or loading the index).
    pub fn prepare(&mut self) {
        let mut lower = String::with_capacity(self.text.len() + self.items.len());
        let mut starts = Vec::with_capacity(self.items.len());
        for i in 0..self.items.len() {
            starts.push(u32::try_from(lower.len()).unwrap_or(u32::MAX));
            lower.push_str(&self.item_text(i).to_lowercase());
            lower.push('\0');
        }
        self.lower = lower;
        self.lower_starts = starts;
    }

    /// The text of item `i`.
    pub fn item_text(&self, i: usize) -> &str {
        self.items
            .get(i)
            .and_then(|it| {
                let a = it.start as usize;
                self.text.get(a..a + it.len as usize)
            })
            .unwrap_or_default()
    }

    /// The codes of item `i`.
    pub fn item_codes(&self, i: usize) -> &[u16] {
        self.items
            .get(i)
            .and_then(|it| {
                let a = it.codes_start as usize;
                self.codes.get(a..a + usize::from(it.codes_len))
            })
            .unwrap_or_default()
    }

    fn lower_item(&self, i: usize) -> &str {
        let a = self.lower_starts.get(i).copied().unwrap_or(0) as usize;
        let b = self
            .lower_starts
            .get(i + 1)
            .map_or(self.lower.len(), |b| *b as usize);
        self.lower.get(a..b).unwrap_or_default()
    }
}

/// What to search for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// Words that must all occur (any case). Empty: every item the filters let through.
    pub text: String,
    /// Only these kinds (empty: all).
    pub kinds: Vec<Found>,
    /// Only the words of participants whose pseudonym holds these letters (e.g. "P2"
    /// finds "P2 (on-call SRE)"), any case.
    pub participant: String,
    /// Only items carrying this code or one of its sub-codes (by name, any case).
    pub code: String,
}

impl Query {
    /// Whether the query would list everything.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.kinds.is_empty()
            && self.participant.trim().is_empty()
            && self.code.trim().is_empty()
    }
}

/// One result: which review (by position in the list searched) and which item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Position of the review in the list searched.
    pub review: usize,
    /// The item in that review's index.
    pub item: usize,
}

/// The results of a search: the first `limit` hits, and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// The first hits, in library order.
    pub hits: Vec<Hit>,
    /// How many items match in all.
    pub total: usize,
}

/// Whether the voice `v` is the one asked for: `asked` (lower case) is any part of
/// the pseudonym, any case ("p1" finds "P1 (on-call SRE)"). Anonymous participants
/// are found only by their whole label, so a few letters never pick them all up.
fn voice_matches(v: &str, asked: &str) -> bool {
    let v = v.to_lowercase();
    if v == asked {
        return true;
    }
    v != super::entry::ANONYMOUS.to_lowercase() && v.contains(asked)
}

/// Searches `reviews` (in their order) and keeps the first `limit` hits.
pub fn search(reviews: &[&ReviewEntry], q: &Query, limit: usize) -> Results {
    let words: Vec<String> = q.text.split_whitespace().map(str::to_lowercase).collect();
    let finders: Vec<memchr::memmem::Finder<'_>> = words
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect();
    let participant = q.participant.trim().to_lowercase();
    let code = super::entry::key(&q.code);
    let mut out = Results::default();
    for (r, entry) in reviews.iter().enumerate() {
        let ix = &entry.search;
        // The filters that are per review: whose words, which code.
        let voice_ok: Option<Vec<u16>> = (!participant.is_empty()).then(|| {
            entry
                .voices
                .iter()
                .enumerate()
                .filter(|(_, v)| voice_matches(v, &participant))
                .filter_map(|(i, _)| u16::try_from(i).ok())
                .collect()
        });
        if voice_ok.as_ref().is_some_and(Vec::is_empty) {
            continue;
        }
        let code_slot: Option<u16> = if code.is_empty() {
            None
        } else {
            match entry.codes.iter().position(|c| c.key() == code) {
                Some(p) => u16::try_from(p).ok(),
                None => continue,
            }
        };
        let passes = |i: usize| -> bool {
            let Some(item) = ix.items.get(i) else {
                return false;
            };
            (q.kinds.is_empty() || q.kinds.contains(&item.kind))
                && voice_ok
                    .as_ref()
                    .is_none_or(|v| item.voice != FACILITATOR && v.contains(&item.voice))
                && code_slot.is_none_or(|c| ix.item_codes(i).contains(&c))
                && finders
                    .iter()
                    .skip(1)
                    .all(|f| f.find(ix.lower_item(i).as_bytes()).is_some())
        };
        let take = |i: usize, out: &mut Results| {
            out.total += 1;
            if out.hits.len() < limit {
                out.hits.push(Hit { review: r, item: i });
            }
        };
        match finders.first() {
            None => {
                for i in 0..ix.items.len() {
                    if passes(i) {
                        take(i, &mut out);
                    }
                }
            }
            Some(first) => {
                // Candidates from the first word's occurrences, each item once.
                let mut last: Option<usize> = None;
                for pos in first.find_iter(ix.lower.as_bytes()) {
                    let pos = u32::try_from(pos).unwrap_or(u32::MAX);
                    let i = ix.lower_starts.partition_point(|s| *s <= pos);
                    let Some(i) = i.checked_sub(1) else { continue };
                    if last == Some(i) {
                        continue;
                    }
                    last = Some(i);
                    if passes(i) {
                        take(i, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// Where a hit is, for its result line: "Interview with P1 · 01:35 · P1 · Quote".
pub fn context(entry: &ReviewEntry, item: usize) -> String {
    let ix = &entry.search;
    let Some(it) = ix.items.get(item) else {
        return String::new();
    };
    let place = ix
        .places
        .get(usize::from(it.place))
        .map(String::as_str)
        .unwrap_or_default();
    match it.kind {
        Found::Statement => format!(
            "{place} · {} · {} · {}",
            crate::model::validate::fmt_secs(it.at),
            entry.voice(it.voice),
            it.statement_kind.label()
        ),
        Found::Section => format!("Write-up · {place}"),
        Found::Event if it.voice != FACILITATOR => {
            format!("Timeline · {}", entry.voice(it.voice))
        }
        k => k.singular().to_owned(),
    }
}
