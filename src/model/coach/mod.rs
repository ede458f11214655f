//! Coaching the facilitator: a check of their own questions, the after-interview
//! card, and probes that follow what was said.
//!
//! The question check is the rules engine of the language check ([`super::rules`])
//! with its own rules file, `assets/rules/questions.ron`: why-questions about what a
//! person did, counterfactual, leading and hindsight questions, yes/no questions where
//! an open one would serve, and several questions stacked in one turn. Each finding
//! carries what to try instead, in the method's terms ([`rephrase`]). Only the
//! facilitator's statements that are questions ([`is_question`]) are checked; a
//! facilitator may dismiss the findings of a statement (`Interview::coach_dismissed`).
//!
//! - [`card`]: the after-interview card and its Markdown note.
//! - [`content`]: probes that follow content (a garden path, expertise) and guide
//!   questions ticked when the facilitator asks them in their own words.

pub mod card;
pub mod content;
pub mod rephrase;
#[cfg(test)]
mod tests;

use super::rules::{Prose, RuleFile, RuleSet, RulesError, parse_rule_file};
use super::session::{Interview, Speaker, Statement};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The built-in rules of the question check (RON).
pub const BUILTIN_RULES: &str = include_str!("../../../assets/rules/questions.ron");

/// The kinds of finding, in the order they are shown when a question has several
/// (the one that closes the conversation most first).
pub const KIND_ORDER: [&str; 6] = [
    "counterfactual",
    "why",
    "leading",
    "hindsight",
    "yes-no",
    "stacked",
];

/// The compiled question check.
#[derive(Debug)]
pub struct QuestionCheck {
    /// The compiled rules.
    pub rules: RuleSet,
}

/// One thing the check found in a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionFinding {
    /// The kind (`counterfactual`, `why`, `leading`, `hindsight`, `yes-no`, `stacked`).
    pub kind: String,
    /// The rule that matched.
    pub rule: String,
    /// The bytes of the question that matched.
    pub found: Range<usize>,
    /// Why this wording closes the conversation.
    pub advice: String,
    /// What to ask instead, filled in with the question's own words.
    pub try_instead: String,
}

impl QuestionCheck {
    /// The built-in rules, compiled once per process.
    pub fn builtin() -> Arc<QuestionCheck> {
        static BUILTIN: OnceLock<Arc<QuestionCheck>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let rules = builtin_file()
                    .and_then(|f| RuleSet::compile(&f))
                    .unwrap_or_else(|e| {
                        // Only a broken build gets here: a test compiles the file.
                        log::error!("the built-in question rules do not compile: {e}");
                        RuleSet::empty()
                    });
                Arc::new(QuestionCheck { rules })
            })
            .clone()
    }

    /// A check from a rules file's text (`label` names it in errors).
    pub fn from_ron(text: &str, label: &str) -> Result<QuestionCheck, RulesError> {
        let file = parse_rule_file(text, label)?;
        Ok(QuestionCheck {
            rules: RuleSet::compile(&file)?,
        })
    }

    /// What the check finds in a question: at most one finding per kind (the first
    /// place it matched), in [`KIND_ORDER`]. A good question gives none.
    pub fn check(&self, text: &str) -> Vec<QuestionFinding> {
        let prose = Prose::of_text(text);
        let mut out: Vec<QuestionFinding> = Vec::new();
        for hit in self.rules.find(&prose) {
            let Some(rule) = self.rules.rules.get(hit.rule) else {
                continue;
            };
            if out.iter().any(|f| f.kind == rule.kind.id) {
                continue;
            }
            out.push(QuestionFinding {
                kind: rule.kind.id.clone(),
                rule: rule.id.clone(),
                found: hit.src.clone(),
                advice: rule.advice.clone(),
                try_instead: rephrase::fill(&rule.ask, text, &prose, &hit),
            });
        }
        out.sort_by_key(|f| kind_rank(&f.kind));
        out
    }

    /// Why a kind of question closes the conversation (the rules file's words).
    pub fn explanation(&self, kind: &str) -> &str {
        self.rules
            .kinds
            .iter()
            .find(|k| k.id == kind)
            .map_or("", |k| k.explanation.as_str())
    }

    /// The kinds the rules know, in display order.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self.rules.kinds.iter().map(|k| k.id.clone()).collect();
        kinds.sort_by_key(|k| kind_rank(k));
        kinds
    }
}

fn builtin_file() -> Result<RuleFile, RulesError> {
    parse_rule_file(BUILTIN_RULES, "assets/rules/questions.ron")
}

/// Where a kind comes in [`KIND_ORDER`] (kinds from a project's file come after).
fn kind_rank(kind: &str) -> usize {
    KIND_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(KIND_ORDER.len())
}

/// Words that open a question, or a request for a description ("tell me…").
const QUESTION_STARTS: &[&str] = &[
    "what",
    "how",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "which",
    "why",
    "did",
    "do",
    "does",
    "was",
    "were",
    "is",
    "are",
    "have",
    "has",
    "had",
    "can",
    "could",
    "would",
    "will",
    "should",
    "shall",
    "may",
    "might",
    "must",
    "didn't",
    "don't",
    "doesn't",
    "wasn't",
    "weren't",
    "isn't",
    "aren't",
    "haven't",
    "hasn't",
    "hadn't",
    "couldn't",
    "wouldn't",
    "shouldn't",
    "can't",
    "won't",
    "tell",
    "walk",
    "describe",
    "talk",
    "explain",
    "help",
    "why'd",
    "how'd",
    "what's",
    "where's",
    "who's",
];

/// Whether a facilitator's words are a question (or a request for a description):
/// they hold a question mark, or start with a question word. Notes ("P1 looked
/// tired") are not checked.
pub fn is_question(text: &str) -> bool {
    if text.contains('?') {
        return true;
    }
    let first = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .find(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"));
    first.is_some_and(|w| QUESTION_STARTS.contains(&w.as_str()))
}

/// A facilitator question with what the check found in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Flagged<'a> {
    /// The statement.
    pub statement: &'a Statement,
    /// The findings, in [`KIND_ORDER`].
    pub findings: Vec<QuestionFinding>,
    /// The facilitator dismissed them.
    pub dismissed: bool,
}

/// The facilitator's questions in an interview with findings (dismissed ones too,
/// marked), in the order they were asked.
pub fn flagged<'a>(check: &QuestionCheck, interview: &'a Interview) -> Vec<Flagged<'a>> {
    interview
        .statements
        .iter()
        .filter(|s| s.speaker == Speaker::Facilitator && is_question(&s.text))
        .filter_map(|s| {
            let findings = check.check(&s.text);
            (!findings.is_empty()).then(|| Flagged {
                statement: s,
                findings,
                dismissed: interview.coach_dismissed.contains(&s.id),
            })
        })
        .collect()
}
