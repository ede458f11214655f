//! The matching engine behind Second Story's text checks: rules as data (RON),
//! compiled once, matched over prose in one linear pass.
//!
//! It knows nothing of Markdown, sessions or output formats. A check built on it
//! supplies three things:
//!
//! 1. **A rules file** in `assets/` ([`RuleFile`]): `kinds` (each with an
//!    explanation), named word `lists`, and `rules`, each with an `id`, a `kind`, a
//!    `level`, `patterns` (`{a|b}` alternatives for inflections and optional words),
//!    `when` conditions ([`Condition`]), `advice`, the question to `ask` instead,
//!    and an optional plain `replace`ment.
//! 2. **Prose** ([`Prose`]): the text to check as tokens with source offsets. The
//!    caller decides what is prose: the language check pushes the text of each
//!    Markdown block and leaves out code, HTML and link targets; a plain string is
//!    [`Prose::of_text`].
//! 3. **What to do with a [`Hit`]**: exemptions (quotes), acknowledgements, output.
//!
//! Conditions are grammar-light and bounded: the grammatical subject before a match
//! is in a list ("the *engineer* failed to notice" vs "the *database* failed to
//! start"), the word before or after is in a list, a list word comes a few words
//! before in the same sentence ("*if* the reviewer *had*"), the match starts its
//! sentence, the sentence is a question, the text holds several questions.
//!
//! ## Plugging in a second rules file
//! The facilitator's question check (why-questions about a person's action,
//! counterfactual, leading, hindsight in a question, yes/no where an open question
//! serves, stacked questions) is meant to be one more file, e.g.
//! `assets/coach/questions.rules.ron`, with its own kinds and lists:
//!
//! ```ignore
//! let file = rules::parse_rule_file(include_str!("…/questions.rules.ron"), "questions")?;
//! let set = rules::RuleSet::compile(&file)?;
//! let prose = rules::Prose::of_text(statement_text);
//! for hit in set.find(&prose) {
//!     let rule = &set.rules[hit.rule]; // id, kind, advice, ask (the rephrasing)
//!     // show `&statement_text[hit.src.clone()]` with rule.ask …
//! }
//! ```
//!
//! with rules such as `(id: "why-did-you", kind: "why", patterns: ["why did you",
//! "why didn't you"], when: [InQuestion], …)`, `(id: "yes-no-did",
//! patterns: ["did you", "have you", "was it"], when: [AtSentenceStart, InQuestion])`
//! and `(id: "stacked", patterns: ["?"], when: [QuestionsAtLeast(2)])` — a pattern
//! may be punctuation. Project overrides ([`Overrides`]) apply to any rules file.

mod matcher;
mod pattern;
mod prose;
mod set;
mod types;

pub use matcher::Hit;
pub use pattern::{Expanded, MAX_EXPANSIONS, expand};
pub use prose::{Prose, Sentence, Token, TokenClass};
pub use set::{Kind, Rule, RuleSet, RulesError, parse_ron, parse_rule_file};
pub use types::{Condition, KindDef, Level, Overrides, RuleDef, RuleFile};

#[cfg(test)]
mod tests;
