//! The rules file as written (RON): kinds, word lists, rules with patterns and
//! conditions, and the overrides a project may apply to it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rules file: what one check looks for, as data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleFile {
    /// A short name for the rule set (also the Vale style's name).
    pub name: String,
    /// Named word lists that conditions refer to ("person", "measure", …). Words are
    /// matched case-insensitively; a plural or possessive (`engineers`, `engineer's`)
    /// matches its singular in the list.
    pub lists: BTreeMap<String, Vec<String>>,
    /// The kinds of finding, in display order.
    pub kinds: Vec<KindDef>,
    /// The rules. Where two rules match the same words, the longer match wins, then
    /// the rule that comes first.
    pub rules: Vec<RuleDef>,
}

/// A kind of finding (counterfactual, normative, …): why this kind of wording matters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KindDef {
    /// Machine name, as printed (`counterfactual`).
    pub id: String,
    /// Why this kind of phrasing gets in the way.
    pub explanation: String,
}

/// How much a finding matters to a pipeline.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Level {
    /// Reported, and fails the check.
    Error,
    /// Reported, and fails the check (the default).
    #[default]
    Warning,
    /// Reported only: does not fail the check.
    Suggestion,
}

impl Level {
    /// The lowercase name (`error`, `warning`, `suggestion`), as Vale spells it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Suggestion => "suggestion",
        }
    }

    /// Whether a finding at this level fails a check run.
    pub fn fails(self) -> bool {
        self != Self::Suggestion
    }
}

/// One rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id (`counterfactual-should-have`), used to disable, re-level and
    /// acknowledge the rule.
    pub id: String,
    /// One of the file's kinds.
    pub kind: String,
    /// How much it matters.
    pub level: Level,
    /// Word sequences to find, matched on whole words, case-insensitively, across line
    /// breaks and emphasis but not across punctuation. `{a|b|}` lists alternatives
    /// inside a pattern (inflections: `ignor{e|es|ed|ing}`; optional words:
    /// `did not {properly |}follow`).
    pub patterns: Vec<String>,
    /// Conditions that must all hold around a match for it to count.
    pub when: Vec<Condition>,
    /// What is wrong with this wording, in one or two sentences.
    pub advice: String,
    /// The question to ask instead.
    pub ask: String,
    /// A plain replacement, when there is one (written as a Vale substitution).
    pub replace: String,
}

/// A condition on the words around a match. Lists are named in the file's `lists`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// The grammatical subject before the match (skipping auxiliaries, negation,
    /// adverbs and a trailing prepositional phrase) is a word of the list:
    /// "the on-call *engineer* quickly failed to …".
    SubjectIn(String),
    /// The subject before the match is not a word of the list.
    SubjectNotIn(String),
    /// The word right before the match is in the list.
    PrevWordIn(String),
    /// The word right before the match is not in the list (or there is none).
    PrevWordNotIn(String),
    /// The word right after the match is in the list.
    NextWordIn(String),
    /// The word right after the match is not in the list (or there is none).
    NextWordNotIn(String),
    /// A word of the list comes at most this many words before the match, in the same
    /// sentence ("*if* the reviewer *had* …").
    WithinBefore(String, u8),
    /// No word of the list comes at most this many words before the match in the
    /// same sentence.
    NotWithinBefore(String, u8),
    /// The match starts its sentence.
    AtSentenceStart,
    /// The match is in a sentence that ends with a question mark.
    InQuestion,
    /// The match is in a sentence that does not end with a question mark.
    NotInQuestion,
    /// The text holds at least this many questions (sentences ending in "?"): for
    /// "several questions stacked in one turn".
    QuestionsAtLeast(u8),
    /// A word of the list comes at most this many words after the match, in the same
    /// sentence ("did you see *anything* unusual").
    WithinAfter(String, u8),
    /// No word of the list comes at most this many words after the match in the same
    /// sentence.
    NotWithinAfter(String, u8),
    /// The match starts its clause: between it and the start of the sentence, or the
    /// last `,` or `;` before it, come only words of the list (lead-ins such as "and",
    /// "so", "okay"), at most four of them. "*So, did you* check it?", "When the
    /// alert fired, *did you* …".
    AtClauseStart(String),
}

/// Changes a project makes to a rules file (`.second-story-lint.ron` for the
/// language check).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Overrides {
    /// Rule ids to switch off.
    pub disable: Vec<String>,
    /// New levels for rules, by id.
    pub levels: BTreeMap<String, Level>,
    /// Words added to the named lists (a new name makes a new list).
    pub lists: BTreeMap<String, Vec<String>>,
    /// More kinds.
    pub kinds: Vec<KindDef>,
    /// More rules; one with the id of a built-in rule replaces it.
    pub rules: Vec<RuleDef>,
}

impl RuleFile {
    /// Applies a project's overrides. Returns warnings for ids that match no rule
    /// (a rule renamed or removed upstream should not break a team's pipeline).
    pub fn apply(&mut self, o: &Overrides) -> Vec<String> {
        let mut warnings = Vec::new();
        for (name, words) in &o.lists {
            self.lists
                .entry(name.clone())
                .or_default()
                .extend(words.iter().cloned());
        }
        for k in &o.kinds {
            match self.kinds.iter_mut().find(|x| x.id == k.id) {
                Some(x) => *x = k.clone(),
                None => self.kinds.push(k.clone()),
            }
        }
        for r in &o.rules {
            match self.rules.iter_mut().find(|x| x.id == r.id) {
                Some(x) => *x = r.clone(),
                None => self.rules.push(r.clone()),
            }
        }
        for id in &o.disable {
            let before = self.rules.len();
            self.rules.retain(|r| &r.id != id);
            if self.rules.len() == before {
                warnings.push(format!("`disable` names {id:?}, which is not a rule."));
            }
        }
        for (id, level) in &o.levels {
            match self.rules.iter_mut().find(|r| &r.id == id) {
                Some(r) => r.level = *level,
                None => warnings.push(format!("`levels` names {id:?}, which is not a rule.")),
            }
        }
        warnings
    }
}
