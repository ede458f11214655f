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
//! ## A second rules file: the question check
//! The facilitator's question check ([`super::coach`]) is one more file,
//! `assets/rules/questions.ron`, with its own kinds (why, counterfactual, leading,
//! hindsight, yes-no, stacked) and lists, compiled by the same [`RuleSet::compile`]
//! and matched with [`RuleSet::find`] over [`Prose::of_text`] of a statement. Its
//! rules lean on the question conditions: `InQuestion`, `QuestionsAtLeast(2)` on the
//! pattern `"?"` (several questions in one turn), `AtClauseStart(list)` (the match
//! opens its clause, after lead-ins such as "so"), and `WithinAfter`/`NotWithinAfter`
//! ("did you see *anything*…" invites a description). The content probes
//! (`assets/rules/content-probes.ron`) are a third. Project overrides ([`Overrides`])
//! apply to any rules file.

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
