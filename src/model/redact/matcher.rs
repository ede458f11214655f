//! The name matcher: every name, handle and phrase of every person in one
//! Aho-Corasick automaton over folded text, then the rules that decide which hits are
//! really a name (word boundaries, ordinary words, neighbouring parts, initials).

use super::fold::{self, is_cjk, is_ignorable};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// How a pattern is matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Flags {
    /// Written in a script without spaces: matched anywhere (no word boundaries).
    pub cjk: bool,
    /// An ordinary word ("will", "mark"): replaced only where it is clearly a name.
    pub ordinary: bool,
    /// A phrase (pseudonym, role): digits are part of its words ("P2" is not in "P23").
    pub phrase: bool,
}

/// One owner of a pattern: a person and the text that replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Owner {
    pub person: u32,
    pub replacement: u32,
}

/// Patterns (folded), their flags and owners, and the automaton over them.
#[derive(Debug)]
pub(super) struct Matcher {
    ac: AhoCorasick,
    flags: Vec<Flags>,
    owners: Vec<Vec<Owner>>,
    pub replacements: Vec<String>,
    /// Folded first letters of each person's name parts (for "J. Berg").
    pub initials: Vec<Vec<char>>,
}

/// Collects patterns before the automaton is built.
#[derive(Default)]
pub(super) struct Builder {
    index: HashMap<String, usize>,
    replacement_index: HashMap<String, u32>,
    patterns: Vec<String>,
    flags: Vec<Flags>,
    owners: Vec<Vec<Owner>>,
    replacements: Vec<String>,
    initials: Vec<Vec<char>>,
}

impl Builder {
    /// Registers a replacement text, returning its index.
    pub fn replacement(&mut self, text: &str) -> u32 {
        if let Some(i) = self.replacement_index.get(text) {
            return *i;
        }
        self.replacements.push(text.to_owned());
        let i = (self.replacements.len() - 1) as u32;
        self.replacement_index.insert(text.to_owned(), i);
        i
    }

    /// Registers a person (with the initials of their name parts), returning its index.
    pub fn person(&mut self, initials: Vec<char>) -> u32 {
        self.initials.push(initials);
        (self.initials.len() - 1) as u32
    }

    /// Adds a folded pattern owned by `owner`.
    pub fn add(&mut self, folded: &str, flags: Flags, owner: Owner) {
        let k = match self.index.get(folded) {
            Some(k) => *k,
            None => {
                self.patterns.push(folded.to_owned());
                self.flags.push(flags);
                self.owners.push(Vec::new());
                self.index
                    .insert(folded.to_owned(), self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        // A pattern that is an ordinary word for anyone is treated as one.
        self.flags[k].ordinary |= flags.ordinary;
        if !self.owners[k].contains(&owner) {
            self.owners[k].push(owner);
        }
    }

    /// Builds the automaton, or `None` when there is nothing to match.
    pub fn build(self) -> Option<Matcher> {
        if self.patterns.is_empty() {
            return None;
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.patterns)
            .ok()?;
        Some(Matcher {
            ac,
            flags: self.flags,
            owners: self.owners,
            replacements: self.replacements,
            initials: self.initials,
        })
    }
}

/// A hit in the original text.
#[derive(Clone, Debug)]
pub(super) struct Hit {
    pub start: usize,
    pub end: usize,
    pub owners: Vec<Owner>,
}

/// A hit before the ordinary-word rule is settled.
struct Candidate {
    start: usize,
    end: usize,
    pattern: usize,
    /// False for an ordinary word not (yet) shown to be a name.
    sure: bool,
}

fn is_token(c: char, phrase: bool) -> bool {
    !is_cjk(c)
        && if phrase {
            c.is_alphanumeric()
        } else {
            c.is_alphabetic()
        }
}

/// Characters that may stand between two parts of one name ("Okafor, Ravi",
/// "ravi_okafor", "mei-ling", "J.\u{a0}Berg", "ana\\_lima" in escaped Markdown).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{a0}'
            | '-'
            | '_'
            | '.'
            | ','
            | '\''
            | '\u{2019}'
            | '\\'
            | '\u{2010}'
            | '\u{2011}'
    ) || is_ignorable(c)
}

impl Matcher {
    /// Every name in `text`, as non-overlapping hits in order, with their owners.
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let folded = fold::fold(text);
        let mut cands: Vec<Candidate> = Vec::new();
        for m in self.ac.find_overlapping_iter(&folded.text) {
            let (s, e) = (m.start(), m.end());
            let k = m.pattern().as_usize();
            let flags = self.flags[k];
            if !folded.aligned(s) || !folded.aligned(e) {
                continue;
            }
            if !flags.cjk
                && (folded.before(s).is_some_and(|c| is_token(c, flags.phrase))
                    || folded.at(e).is_some_and(|c| is_token(c, flags.phrase)))
            {
                continue;
            }
            let (start, mut end) = (folded.src_start(s), folded.src_end(e));
            if !flags.phrase && !flags.cjk {
                // A handle's digits go with the name ("Ravi2" is not "P42").
                let rest = text.get(end..).unwrap_or_default();
                let digits =
                    rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                if digits > 0 && !rest[digits..].starts_with(char::is_alphabetic) {
                    end += digits;
                }
            }
            let sure = !flags.ordinary || clearly_a_name(text, start, end);
            cands.push(Candidate {
                start,
                end,
                pattern: k,
                sure,
            });
        }
        // Leftmost, then longest; sure hits before unsure ones of the same extent.
        cands.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(b.sure.cmp(&a.sure))
        });
        let mut chosen: Vec<&Candidate> = Vec::new();
        for c in &cands {
            if chosen.last().is_none_or(|p| c.start >= p.end) {
                chosen.push(c);
            }
        }
        self.settle(text, chosen)
    }

    /// Keeps unsure (ordinary-word) hits only next to a sure hit of the same person,
    /// merges neighbouring parts of one name, and takes initials along.
    fn settle(&self, text: &str, chosen: Vec<&Candidate>) -> Vec<Hit> {
        let near = |a: &Candidate, b: &Candidate| {
            let (l, r) = if a.end <= b.start { (a, b) } else { (b, a) };
            let gap = text.get(l.end..r.start).unwrap_or("x");
            gap.len() <= 8 && gap.chars().all(is_separator)
        };
        let shares = |a: usize, b: usize| {
            self.owners[a]
                .iter()
                .any(|o| self.owners[b].iter().any(|p| p.person == o.person))
        };
        let keep: Vec<bool> = (0..chosen.len())
            .map(|i| {
                chosen[i].sure
                    || [i.checked_sub(1), Some(i + 1)]
                        .into_iter()
                        .flatten()
                        .filter_map(|j| chosen.get(j))
                        .any(|n| {
                            n.sure && near(chosen[i], n) && shares(chosen[i].pattern, n.pattern)
                        })
            })
            .collect();
        let mut hits: Vec<Hit> = Vec::new();
        let mut prev: Option<&Candidate> = None;
        for (c, _) in chosen.iter().zip(&keep).filter(|(_, k)| **k) {
            let owners = &self.owners[c.pattern];
            if let (Some(p), Some(last)) = (prev, hits.last_mut())
                && near(p, c)
            {
                let common: Vec<Owner> = last
                    .owners
                    .iter()
                    .filter(|o| owners.iter().any(|q| q.person == o.person))
                    .copied()
                    .collect();
                if !common.is_empty() {
                    last.end = c.end;
                    last.owners = common;
                    prev = Some(c);
                    continue;
                }
            }
            hits.push(Hit {
                start: c.start,
                end: c.end,
                owners: owners.clone(),
            });
            prev = Some(c);
        }
        let mut floor = 0;
        for h in &mut hits {
            h.start = self.take_initials(text, h, floor);
            floor = h.end;
        }
        hits
    }

    /// Where a hit starts once initials just before it are taken along ("J. Berg",
    /// "J Berg" when J is one of their initials, "j.berg", "r_okafor").
    fn take_initials(&self, text: &str, hit: &Hit, floor: usize) -> usize {
        let mut start = hit.start;
        for _ in 0..3 {
            let before = text.get(floor..start).unwrap_or_default();
            let mut spaces = 0;
            let mut sep = None;
            let mut letter = None;
            for (i, c) in before.char_indices().rev() {
                if (c == ' ' || c == '\u{a0}') && spaces == 0 && sep.is_none() {
                    spaces += 1;
                } else if matches!(c, '.' | '_' | '-') && sep.is_none() && letter.is_none() {
                    sep = Some(c);
                } else if c.is_alphabetic() && letter.is_none() {
                    letter = Some((floor + i, c));
                    break;
                } else {
                    break;
                }
            }
            let Some((i, c)) = letter else { break };
            // The initial must stand alone: nothing word-like just before it.
            if text[floor..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric())
            {
                break;
            }
            let folded = fold::fold_str(&c.to_string());
            let theirs = hit.owners.iter().any(|o| {
                self.initials
                    .get(o.person as usize)
                    .is_some_and(|v| folded.chars().next().is_some_and(|f| v.contains(&f)))
            });
            let ok = match sep {
                // "J. Berg": a capital with a full stop is an initial.
                Some('.') => c.is_uppercase() || theirs,
                // "r_okafor", "j-berg": a handle's initial, if it is theirs.
                Some(_) => spaces == 0 && theirs,
                // "J Berg": only their own initial, as a capital.
                None => spaces == 1 && c.is_uppercase() && theirs,
            };
            if !ok {
                break;
            }
            start = i;
        }
        start
    }
}

/// Whether an ordinary word at `start..end` of `text` is used as a name: capitalised
/// in the middle of a sentence, a possessive ("Rose's"), a chat speaker ("will:"), or
/// a handle ("@mark").
fn clearly_a_name(text: &str, start: usize, end: usize) -> bool {
    let word = text.get(start..end).unwrap_or_default();
    let after = text.get(end..).unwrap_or_default();
    let before = text.get(..start).unwrap_or_default();
    if before.ends_with('@') {
        return true;
    }
    // A chat speaker: "will:" at the start of a line, or after a time stamp.
    if after.starts_with(':')
        && before
            .chars()
            .rev()
            .take_while(|c| *c != '\n')
            .all(|c| c.is_ascii_digit() || " :[]()-.TZ+/\t".contains(c))
    {
        return true;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let capitalised = letters.next().is_some_and(char::is_uppercase)
        && (word.chars().filter(|c| c.is_alphabetic()).count() == 1
            || letters.any(char::is_lowercase));
    if !capitalised {
        return false;
    }
    let possessive = ["'s", "\u{2019}s"].iter().any(|p| {
        after
            .strip_prefix(p)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    });
    possessive || !sentence_start(before)
}

/// Whether the text before a word ends a sentence (or is a line's start, a list
/// marker, an opening quote): a capital there says nothing about names.
fn sentence_start(before: &str) -> bool {
    for c in before.chars().rev() {
        match c {
            ' ' | '\t' | '\u{a0}' | '"' | '\u{201C}' | '\u{201E}' | '\u{AB}' | '(' | '[' | '*'
            | '_' | '>' | '#' | '-' | '+' | '\u{2018}' | '\'' | '`' => continue,
            c if is_ignorable(c) => continue,
            '\n' | '\r' | '.' | '!' | '?' | '\u{2026}' | ':' | '\u{3002}' | '|' => {
                return true;
            }
            _ => return false,
        }
    }
    true
}
