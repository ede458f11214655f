//! A rules file compiled: kinds and rules shared behind `Arc`s, word lists as sets,
//! and one Aho-Corasick automaton over every pattern of every rule.

use super::pattern;
use super::types::{Condition, Level, RuleFile};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A problem with a rules file or a project's overrides, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RulesError(pub String);

/// A kind of finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kind {
    /// Machine name (`counterfactual`).
    pub id: String,
    /// Why this kind of phrasing gets in the way.
    pub explanation: String,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// Its kind.
    pub kind: Arc<Kind>,
    /// How much it matters.
    pub level: Level,
    /// What is wrong with the wording.
    pub advice: String,
    /// The question to ask instead.
    pub ask: String,
    /// A plain replacement, or empty.
    pub replace: String,
    /// The patterns as written.
    pub patterns: Vec<String>,
    /// The conditions as written.
    pub when: Vec<Condition>,
    pub(super) conds: Vec<Cond>,
}

/// A condition with its list resolved to an index.
#[derive(Clone, Copy, Debug)]
pub(super) enum Cond {
    Subject(usize, bool),
    Prev(usize, bool),
    Next(usize, bool),
    Within(usize, u8, bool),
    AtStart,
    Question(bool),
    QuestionsAtLeast(u8),
    After(usize, u8, bool),
    ClauseStart(usize),
}

/// One distinct needle of the automaton and the rules that use it, in file order.
#[derive(Clone, Debug)]
pub(super) struct Needle {
    pub tokens: usize,
    pub rules: Vec<u32>,
}

/// A compiled rules file, ready to match.
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// The rule set's name.
    pub name: String,
    /// The kinds, in display order.
    pub kinds: Vec<Arc<Kind>>,
    /// The rules, in file order.
    pub rules: Vec<Arc<Rule>>,
    /// The word lists, by name.
    pub list_names: Vec<String>,
    pub(super) lists: Vec<HashSet<String>>,
    /// None for an empty set (nothing to match).
    pub(super) automaton: Option<AhoCorasick>,
    pub(super) needles: Vec<Needle>,
    generation: u64,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

/// Reads a rules file (RON). `label` names it in errors.
pub fn parse_rule_file(text: &str, label: &str) -> Result<RuleFile, RulesError> {
    parse_ron(text, label)
}

/// Reads RON of any rules-related type, with the line and column of a syntax error.
pub fn parse_ron<T: serde::de::DeserializeOwned>(text: &str, label: &str) -> Result<T, RulesError> {
    ron::from_str(text).map_err(|e: ron::error::SpannedError| {
        RulesError(format!(
            "{label}: line {}, column {}: {}",
            e.span.start.line, e.span.start.col, e.code
        ))
    })
}

impl RuleSet {
    /// Compiles a rules file: checks every id, kind, list and pattern, and builds the
    /// automaton.
    pub fn compile(file: &RuleFile) -> Result<Self, RulesError> {
        let mut list_names: Vec<String> = Vec::new();
        let mut lists: Vec<HashSet<String>> = Vec::new();
        for (name, words) in &file.lists {
            list_names.push(name.clone());
            lists.push(words.iter().map(|w| normalise_word(w)).collect());
        }
        let list_index = |name: &str, rule: &str| {
            list_names.iter().position(|n| n == name).ok_or_else(|| {
                RulesError(format!(
                    "rule {rule:?} refers to a list {name:?} that is not in `lists` (there are: {})",
                    list_names.join(", ")
                ))
            })
        };
        let mut kinds: Vec<Arc<Kind>> = Vec::new();
        for k in &file.kinds {
            if k.id.trim().is_empty() {
                return Err(RulesError("a kind has an empty id".into()));
            }
            if kinds.iter().any(|x| x.id == k.id) {
                return Err(RulesError(format!("kind {:?} is defined twice", k.id)));
            }
            kinds.push(Arc::new(Kind {
                id: k.id.clone(),
                explanation: k.explanation.clone(),
            }));
        }
        let mut rules: Vec<Arc<Rule>> = Vec::new();
        let mut needle_ids: HashMap<String, usize> = HashMap::new();
        let mut needles: Vec<Needle> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for def in &file.rules {
            let id = def.id.as_str();
            if id.trim().is_empty() {
                return Err(RulesError("a rule has an empty id".into()));
            }
            if !seen.insert(id) {
                return Err(RulesError(format!("rule {id:?} is defined twice")));
            }
            let kind = kinds
                .iter()
                .find(|k| k.id == def.kind)
                .cloned()
                .ok_or_else(|| {
                    RulesError(format!(
                        "rule {id:?} has kind {:?}, which is not in `kinds`",
                        def.kind
                    ))
                })?;
            if def.patterns.is_empty() {
                return Err(RulesError(format!("rule {id:?} has no patterns")));
            }
            let mut conds = Vec::new();
            for c in &def.when {
                conds.push(match c {
                    Condition::SubjectIn(l) => Cond::Subject(list_index(l, id)?, true),
                    Condition::SubjectNotIn(l) => Cond::Subject(list_index(l, id)?, false),
                    Condition::PrevWordIn(l) => Cond::Prev(list_index(l, id)?, true),
                    Condition::PrevWordNotIn(l) => Cond::Prev(list_index(l, id)?, false),
                    Condition::NextWordIn(l) => Cond::Next(list_index(l, id)?, true),
                    Condition::NextWordNotIn(l) => Cond::Next(list_index(l, id)?, false),
                    Condition::WithinBefore(l, n) => Cond::Within(list_index(l, id)?, *n, true),
                    Condition::NotWithinBefore(l, n) => Cond::Within(list_index(l, id)?, *n, false),
                    Condition::AtSentenceStart => Cond::AtStart,
                    Condition::InQuestion => Cond::Question(true),
                    Condition::NotInQuestion => Cond::Question(false),
                    Condition::QuestionsAtLeast(n) => Cond::QuestionsAtLeast(*n),
                    Condition::WithinAfter(l, n) => Cond::After(list_index(l, id)?, *n, true),
                    Condition::NotWithinAfter(l, n) => Cond::After(list_index(l, id)?, *n, false),
                    Condition::AtClauseStart(l) => Cond::ClauseStart(list_index(l, id)?),
                });
            }
            let index =
                u32::try_from(rules.len()).map_err(|_| RulesError("too many rules".into()))?;
            for p in &def.patterns {
                for e in pattern::expand(p).map_err(|m| RulesError(format!("rule {id:?}: {m}")))? {
                    let n = *needle_ids.entry(e.needle.clone()).or_insert_with(|| {
                        texts.push(e.needle.clone());
                        needles.push(Needle {
                            tokens: e.tokens,
                            rules: Vec::new(),
                        });
                        needles.len() - 1
                    });
                    if needles[n].rules.last() != Some(&index) {
                        needles[n].rules.push(index);
                    }
                }
            }
            rules.push(Arc::new(Rule {
                id: id.to_owned(),
                kind,
                level: def.level,
                advice: def.advice.clone(),
                ask: def.ask.clone(),
                replace: def.replace.clone(),
                patterns: def.patterns.clone(),
                when: def.when.clone(),
                conds,
            }));
        }
        // Every needle starts with a space, so a prefilter finds nothing to skip.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&texts)
            .map_err(|e| RulesError(format!("the patterns could not be compiled: {e}")))?;
        Ok(Self {
            name: file.name.clone(),
            kinds,
            rules,
            list_names,
            lists,
            automaton: Some(automaton),
            needles,
            generation: GENERATION.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// A set with no rules: matches nothing.
    pub fn empty() -> Self {
        Self {
            name: String::new(),
            kinds: Vec::new(),
            rules: Vec::new(),
            list_names: Vec::new(),
            lists: Vec::new(),
            automaton: None,
            needles: Vec::new(),
            generation: GENERATION.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// A number unique to this compiled set in this process: caches of findings key
    /// on it, so new rules (another project's config) never show stale findings.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The words of a named list, sorted (for writing other formats, such as Vale's).
    pub fn list(&self, name: &str) -> Vec<&str> {
        let mut words: Vec<&str> = self
            .list_names
            .iter()
            .position(|n| n == name)
            .and_then(|i| self.lists.get(i))
            .map(|l| l.iter().map(String::as_str).collect())
            .unwrap_or_default();
        words.sort_unstable();
        words
    }

    /// Whether a (normalised) word is in list `l`: also its singular or the word
    /// without a possessive; a list entry `p#` stands for `p` and digits (`p1`, `p12`),
    /// and `#` for any number.
    pub(super) fn in_list(&self, l: usize, word: &str) -> bool {
        let Some(set) = self.lists.get(l) else {
            return false;
        };
        let digits = word.trim_end_matches(|c: char| c.is_ascii_digit());
        if digits.len() < word.len() && set.contains(&format!("{digits}#")) {
            return true;
        }
        let stem = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix('\''))
            .unwrap_or(word);
        set.contains(stem)
            || (stem.len() > 3
                && (stem.strip_suffix('s').is_some_and(|s| set.contains(s))
                    || stem.strip_suffix("es").is_some_and(|s| set.contains(s))))
    }
}

/// A list word as the text's words are normalised: lowercase, plain apostrophes.
fn normalise_word(w: &str) -> String {
    w.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '’' | 'ʼ' => '\'',
            '‐' | '‑' => '-',
            c => c,
        })
        .collect()
}
