//! Patterns across reviews: codes and themes counted in reviews and in distinct
//! participants within reviews, never in raw mentions, so that one loud review (or
//! one loud voice) does not look like a pattern.

use super::entry::{ReviewEntry, key};
use super::svg::{BarChart, Series};
use std::collections::HashMap;

/// A code (or theme) across reviews.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pattern {
    /// The key it is matched by (the name, trimmed, lower case).
    pub key: String,
    /// The name as first written.
    pub name: String,
    /// The built-in vocabulary it comes from, if any ("your own" otherwise).
    pub vocabulary: Option<String>,
    /// Reviews in which it occurs.
    pub reviews: usize,
    /// Distinct participants who spoke to it, added up over reviews (a participant
    /// counts once per review, however often they mention it).
    pub participants: usize,
    /// Reviews where only facilitators' notes carry it.
    pub facilitator_only: usize,
    /// Raw mentions (excerpts), for reference only: never used to rank.
    pub mentions: usize,
}

/// Codes across reviews, most reviews first, then most participants, then by name.
pub fn codes(reviews: &[&ReviewEntry]) -> Vec<Pattern> {
    let mut by_key: HashMap<String, Pattern> = HashMap::new();
    for r in reviews {
        // A parent code used only through its sub-codes is no pattern of its own.
        for c in r.codes.iter().filter(|c| c.mentions > 0) {
            let p = by_key.entry(c.key()).or_insert_with(|| Pattern {
                key: c.key(),
                name: c.name.clone(),
                ..Pattern::default()
            });
            if p.vocabulary.is_none() {
                p.vocabulary.clone_from(&c.vocabulary);
            }
            p.reviews += 1;
            p.participants += c.participants as usize;
            p.mentions += c.mentions as usize;
            if c.participants == 0 && c.facilitator {
                p.facilitator_only += 1;
            }
        }
    }
    ranked(by_key)
}

/// Themes across reviews (matched by name), ranked like [`codes`].
pub fn themes(reviews: &[&ReviewEntry]) -> Vec<Pattern> {
    let mut by_key: HashMap<String, Pattern> = HashMap::new();
    for r in reviews {
        // A review with two themes of one name counts once, with its larger count.
        let mut seen: HashMap<String, (u32, u32)> = HashMap::new();
        for t in r.themes.iter().filter(|t| !t.name.trim().is_empty()) {
            let e = seen.entry(key(&t.name)).or_insert((0, 0));
            e.0 = e.0.max(t.participants);
            e.1 += t.excerpts;
            by_key.entry(key(&t.name)).or_insert_with(|| Pattern {
                key: key(&t.name),
                name: t.name.trim().to_owned(),
                ..Pattern::default()
            });
        }
        for (k, (participants, excerpts)) in seen {
            if let Some(p) = by_key.get_mut(&k) {
                p.reviews += 1;
                p.participants += participants as usize;
                p.mentions += excerpts as usize;
            }
        }
    }
    ranked(by_key)
}

fn ranked(by_key: HashMap<String, Pattern>) -> Vec<Pattern> {
    let mut out: Vec<Pattern> = by_key.into_values().collect();
    out.sort_by(|a, b| {
        b.reviews
            .cmp(&a.reviews)
            .then(b.participants.cmp(&a.participants))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// One excerpt of a code, attributed by review and voice only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attributed<'a> {
    /// Position of the review in the list given.
    pub review: usize,
    /// The review's title.
    pub title: &'a str,
    /// Pseudonym, "A participant" or "Facilitator note".
    pub voice: &'a str,
    /// The words.
    pub text: &'a str,
}

/// Every excerpt tagged with the code `code_key`, review by review.
pub fn excerpts<'a>(reviews: &[&'a ReviewEntry], code_key: &str) -> Vec<Attributed<'a>> {
    let mut out = Vec::new();
    for (i, r) in reviews.iter().enumerate() {
        let Some(slot) = r.codes.iter().position(|c| c.key() == code_key) else {
            continue;
        };
        for x in r.excerpts.iter().filter(|x| usize::from(x.code) == slot) {
            out.push(Attributed {
                review: i,
                title: r.title.as_str(),
                voice: r.voice(x.voice),
                text: x.text.as_str(),
            });
        }
    }
    out
}

/// The vocabulary a pattern belongs to, for people.
pub fn vocabulary_label(p: &Pattern) -> &str {
    p.vocabulary.as_deref().unwrap_or("Your own")
}

/// The top `n` patterns as a bar chart: reviews and participants per pattern.
pub fn chart(title: &str, patterns: &[Pattern], n: usize) -> BarChart {
    let top: Vec<&Pattern> = patterns.iter().take(n).collect();
    BarChart {
        title: title.to_owned(),
        y_label: "count".to_owned(),
        categories: top.iter().map(|p| p.name.clone()).collect(),
        series: vec![
            Series {
                name: "reviews".to_owned(),
                values: top.iter().map(|p| p.reviews as f64).collect(),
            },
            Series {
                name: "participants (distinct, per review)".to_owned(),
                values: top.iter().map(|p| p.participants as f64).collect(),
            },
        ],
        stacked: false,
    }
}
