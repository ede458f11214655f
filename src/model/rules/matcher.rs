//! Finding rule matches in a [`Prose`]: one pass of the automaton over the
//! normalised text, then the longest match at each place whose rule's conditions
//! hold. Conditions look only a bounded number of tokens around a match, so the
//! whole is linear in the text.

use super::prose::{Prose, TokenClass};
use super::set::{Cond, RuleSet};
use std::ops::Range;

/// A match of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the rule in [`RuleSet::rules`].
    pub rule: usize,
    /// The tokens matched.
    pub tokens: Range<usize>,
    /// The source bytes matched.
    pub src: Range<usize>,
}

/// Words skipped when looking back for the grammatical subject: auxiliaries,
/// negation, determiners, relative pronouns and short adverbs (words ending in -ly
/// are skipped too).
const SUBJECT_SKIP: &[&str] = &[
    "had",
    "has",
    "have",
    "having",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "being",
    "did",
    "does",
    "do",
    "didn't",
    "doesn't",
    "don't",
    "wasn't",
    "weren't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "aren't",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "won't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "cannot",
    "can't",
    "not",
    "never",
    "also",
    "then",
    "still",
    "again",
    "just",
    "even",
    "already",
    "all",
    "both",
    "each",
    "first",
    "later",
    "once",
    "twice",
    "too",
    "ever",
    "soon",
    "the",
    "a",
    "an",
    "that",
    "which",
    "who",
    "whom",
    "apparently",
    "simply",
    "clearly",
    "obviously",
];

/// Prepositions that start a phrase after the subject's head ("the engineer *on*
/// call", "the team *at* the vendor").
const PREPOSITIONS: &[&str] = &[
    "of", "on", "from", "in", "at", "for", "with", "without", "behind", "inside", "near", "under",
    "within",
];

/// Words that take "of" before the real head ("*most* of the engineers").
const QUANTIFIERS: &[&str] = &[
    "most", "some", "many", "none", "one", "two", "three", "several", "few", "all", "both", "each",
    "either", "neither", "any", "half", "majority", "rest",
];

/// How far back conditions look for a subject.
const SUBJECT_REACH: usize = 16;

impl RuleSet {
    /// Every match in `prose`, in text order, not overlapping: at each place the
    /// longest match whose rule's conditions hold, and of those the rule that comes
    /// first in the file.
    pub fn find(&self, prose: &Prose) -> Vec<Hit> {
        let mut out = Vec::new();
        self.find_into(prose, &mut Vec::new(), &mut out);
        out
    }

    /// [`RuleSet::find`] into caller buffers (reused across blocks).
    pub fn find_into(&self, prose: &Prose, cands: &mut Vec<(u32, u32, u32)>, out: &mut Vec<Hit>) {
        cands.clear();
        let Some(automaton) = &self.automaton else {
            return;
        };
        let norm = prose.norm.as_bytes();
        for m in automaton.find_overlapping_iter(&prose.norm) {
            // Whole tokens only: a needle starts at a token's space; it must end where
            // the token does.
            if norm.get(m.end()).is_some_and(|&b| b != b' ') {
                continue;
            }
            let Some(start) = prose.token_at_norm(m.start() + 1) else {
                continue;
            };
            let Some(needle) = self.needles.get(m.pattern().as_usize()) else {
                continue;
            };
            let end = start + needle.tokens;
            cands.push((to_u32(start), to_u32(end), to_u32(m.pattern().as_usize())));
        }
        cands.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut covered = 0u32;
        let mut i = 0;
        while i < cands.len() {
            let start = cands[i].0;
            let mut group_end = i;
            while group_end < cands.len() && cands[group_end].0 == start {
                group_end += 1;
            }
            if start >= covered {
                'group: for &(s, e, n) in &cands[i..group_end] {
                    let Some(needle) = self.needles.get(n as usize) else {
                        continue;
                    };
                    for &r in &needle.rules {
                        let Some(rule) = self.rules.get(r as usize) else {
                            continue;
                        };
                        let (s, e) = (s as usize, e as usize);
                        if rule.conds.iter().all(|c| self.holds(*c, prose, s, e)) {
                            // A required next word belongs to the phrase ("lack of
                            // *testing*").
                            let e = if rule.conds.iter().any(|c| matches!(c, Cond::Next(_, true))) {
                                e + 1
                            } else {
                                e
                            };
                            let (Some(first), Some(last)) =
                                (prose.tokens.get(s), prose.tokens.get(e - 1))
                            else {
                                continue;
                            };
                            out.push(Hit {
                                rule: r as usize,
                                tokens: s..e,
                                src: first.src.start..last.src.end,
                            });
                            covered = to_u32(e);
                            break 'group;
                        }
                    }
                }
            }
            i = group_end;
        }
    }

    fn holds(&self, c: Cond, p: &Prose, start: usize, end: usize) -> bool {
        match c {
            Cond::Subject(l, want) => {
                let found = self
                    .subject(p, start)
                    .any(|t| is_word(p, t) && self.in_list(l, p.text(t)));
                found == want
            }
            Cond::Prev(l, want) => {
                let found = start
                    .checked_sub(1)
                    .is_some_and(|t| is_word(p, t) && self.in_list(l, p.text(t)));
                found == want
            }
            Cond::Next(l, want) => {
                let found = is_word(p, end) && self.in_list(l, p.text(end));
                found == want
            }
            Cond::Within(l, n, want) => {
                let lo = sentence_start(p, start).max(start.saturating_sub(n as usize));
                let found = (lo..start).any(|t| is_word(p, t) && self.in_list(l, p.text(t)));
                found == want
            }
            Cond::AtStart => (sentence_start(p, start)..start)
                .all(|t| matches!(p.tokens.get(t).map(|t| t.class), Some(TokenClass::Punct(_)))),
            Cond::Question(want) => {
                let q = p
                    .tokens
                    .get(start)
                    .and_then(|t| p.sentences.get(t.sentence as usize))
                    .is_some_and(|s| s.mark == b'?');
                q == want
            }
            Cond::After(l, n, want) => {
                let hi = sentence_end(p, start).min(end + n as usize);
                let found = (end..hi).any(|t| is_word(p, t) && self.in_list(l, p.text(t)));
                found == want
            }
            Cond::ClauseStart(l) => {
                let lo = sentence_start(p, start);
                let mut t = start;
                let mut lead_ins = 0;
                while t > lo {
                    t -= 1;
                    match p.tokens.get(t).map(|x| x.class) {
                        Some(TokenClass::Punct(_)) => return true,
                        Some(TokenClass::Word) if lead_ins < 4 && self.in_list(l, p.text(t)) => {
                            lead_ins += 1;
                        }
                        _ => return false,
                    }
                }
                true
            }
            Cond::QuestionsAtLeast(n) => {
                p.sentences
                    .iter()
                    .filter(|s| s.mark == b'?')
                    .take(n as usize)
                    .count()
                    >= n as usize
            }
        }
    }

    /// The head of the grammatical subject before token `start`, if one is found
    /// within reach in the same clause: skips auxiliaries, negation and adverbs, and
    /// steps over a prepositional phrase after the head ("the engineer on call").
    /// After "and"/"but"/"or" the subject is that of the sentence ("The engineer
    /// checked the graph and failed to page"): then the first few words of the
    /// sentence are the candidates.
    fn subject(&self, p: &Prose, start: usize) -> impl Iterator<Item = usize> {
        let lo = sentence_start(p, start);
        let mut i = start;
        let mut hops = 0;
        let mut reach = 0;
        let mut found: Option<std::ops::Range<usize>> = None;
        while i > lo && reach < SUBJECT_REACH {
            i -= 1;
            reach += 1;
            let Some(tok) = p.tokens.get(i) else {
                break;
            };
            match tok.class {
                TokenClass::Punct(b',') => continue,
                TokenClass::Punct(_) => break,
                TokenClass::Opaque => {
                    found = Some(i..i + 1);
                    break;
                }
                TokenClass::Word => {}
            }
            let w = p.text(i);
            if SUBJECT_SKIP.contains(&w) || (w.len() > 4 && w.ends_with("ly")) {
                continue;
            }
            if CONJUNCTIONS.contains(&w) {
                // The elided subject of a coordinated verb: the sentence's own.
                let words = (lo..i).filter(|&t| is_word(p, t)).take(5).last();
                found = words.map(|last| lo..last + 1);
                break;
            }
            // A preposition a few words back means this word ends a phrase that
            // follows the head: look before it.
            if hops < 2 {
                let back = (i.saturating_sub(3).max(lo)..i)
                    .rev()
                    .take_while(|&t| is_word(p, t))
                    .find(|&t| PREPOSITIONS.contains(&p.text(t)));
                // "most of the engineers": the head is after "of".
                let quantified = |prep: usize| {
                    p.text(prep) == "of" && QUANTIFIERS.contains(&p.text(prep.saturating_sub(1)))
                };
                if let Some(prep) = back
                    && prep > lo
                    && !quantified(prep)
                {
                    hops += 1;
                    i = prep;
                    continue;
                }
            }
            found = Some(i..i + 1);
            break;
        }
        found.unwrap_or(0..0)
    }
}

/// Words that join a second verb to the same subject.
const CONJUNCTIONS: &[&str] = &["and", "but", "or", "yet", "so"];

fn is_word(p: &Prose, t: usize) -> bool {
    p.tokens.get(t).is_some_and(|t| t.class == TokenClass::Word)
}

fn sentence_start(p: &Prose, t: usize) -> usize {
    p.tokens
        .get(t)
        .and_then(|t| p.sentences.get(t.sentence as usize))
        .map_or(0, |s| s.start as usize)
}

/// One past the last token of the sentence holding token `t`.
fn sentence_end(p: &Prose, t: usize) -> usize {
    p.tokens
        .get(t)
        .and_then(|t| p.sentences.get(t.sentence as usize))
        .map_or(p.tokens.len(), |s| s.end as usize)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
