//! The language check: flags phrasing that turns a second story back into a first one.
//!
//! The vocabulary is data: `assets/lint/second-story.rules.ron`, matched by the
//! engine in [`crate::model::rules`]. Kinds, after the debriefing literature:
//! **counterfactual** ("should have", "the engineer failed to notice"), **normative**
//! ("careless", "mistakenly ran"), **mechanistic** ("root cause", "human error"),
//! **hindsight** ("obviously", "just"), **violation** ("did not follow the
//! procedure") and **deficit** ("a lack of testing"). Each finding carries advice and a
//! second-story question to ask instead.
//!
//! This module is the Markdown side ([`markdown`]): what counts as prose (by the
//! parsed extent of code, HTML and front matter, never by byte patterns), what is
//! people's own words (quotation marks, block quotes, footnotes: exempt but counted),
//! acknowledgements (`<!-- second-story-lint: ok "just" — reason -->`, or with a
//! reason in the app), passages switched off (`<!-- second-story-lint off -->` …
//! `on`), and the output formats ([`output`]) and Vale style ([`vale`]).
//! A project changes the rules with a `.second-story-lint.ron` ([`CONFIG_FILE_NAME`]).

mod markdown;
pub mod output;
pub mod vale;

use super::id::Id;
use super::rules::{Level, Overrides, Rule, RuleFile, RuleSet, RulesError, parse_ron};
use super::session::LintAck;
use std::sync::{Arc, OnceLock};

/// The built-in rules (RON).
pub const BUILTIN_RULES: &str = include_str!("../../../assets/lint/second-story.rules.ron");

/// The name of a project's rules file, looked for upward from each checked file.
pub const CONFIG_FILE_NAME: &str = ".second-story-lint.ron";

/// The marker that acknowledges a phrase in a Markdown file, for teams that run
/// the check on write-ups in their docs repositories:
/// `<!-- second-story-lint: ok "just" — we mean "only" here -->`. The quoted text
/// is the phrase as written or a rule id; it covers the whole file.
pub const ACK_MARKER: &str = "second-story-lint: ok";

/// A compiled language check: the built-in rules, with a project's overrides if any.
#[derive(Debug)]
pub struct Linter {
    /// The compiled rules.
    pub rules: RuleSet,
    /// Where the rules came from, for messages ("built-in rules", a config path).
    pub origin: String,
    /// Warnings from the project's overrides (ids that match no rule).
    pub warnings: Vec<String>,
}

impl Linter {
    /// The built-in rules, compiled once per process.
    pub fn builtin() -> Arc<Linter> {
        static BUILTIN: OnceLock<Arc<Linter>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let rules = builtin_file()
                    .and_then(|f| RuleSet::compile(&f))
                    .unwrap_or_else(|e| {
                        // Only a broken build gets here: a test compiles the file.
                        log::error!("the built-in language rules do not compile: {e}");
                        RuleSet::empty()
                    });
                Arc::new(Linter {
                    rules,
                    origin: "built-in rules".into(),
                    warnings: Vec::new(),
                })
            })
            .clone()
    }

    /// The built-in rules changed by a project's rules file (`.second-story-lint.ron`
    /// text). `origin` names the file in errors and messages.
    pub fn with_overrides(config: &str, origin: &str) -> Result<Linter, RulesError> {
        let overrides: Overrides = parse_ron(config, origin)?;
        let mut file = builtin_file()?;
        let warnings = file
            .apply(&overrides)
            .into_iter()
            .map(|w| format!("{origin}: {w}"))
            .collect();
        let rules = RuleSet::compile(&file).map_err(|e| RulesError(format!("{origin}: {e}")))?;
        Ok(Linter {
            rules,
            origin: origin.to_owned(),
            warnings,
        })
    }

    /// Unique to these compiled rules: caches of findings key on it.
    pub fn generation(&self) -> u64 {
        self.rules.generation()
    }

    /// Checks Markdown (or plain) text. Returns every hit outside passages switched
    /// off, in text order, exempt ones (people's own words) marked as such.
    pub fn check(&self, text: &str) -> Vec<LintFinding> {
        let scan = markdown::scan(&self.rules, text);
        scan.findings
            .into_iter()
            .filter(|f| !f.off)
            .map(|f| f.finding)
            .collect()
    }

    /// Checks a Markdown file's text, honouring its acknowledgement comments and
    /// passages switched off.
    pub fn check_file(&self, text: &str) -> FileReport {
        let scan = markdown::scan(&self.rules, text);
        let mut report = FileReport::default();
        for f in scan.findings {
            if f.off {
                report.switched_off += 1;
            } else if f.finding.exempt {
                report.exempt += 1;
            } else if is_acknowledged(&scan.acks, &f.finding, text, None) {
                report.acknowledged += 1;
            } else {
                report.open.push(f.finding);
            }
        }
        report
    }
}

fn builtin_file() -> Result<RuleFile, RulesError> {
    parse_ron(BUILTIN_RULES, "assets/lint/second-story.rules.ron")
}

/// A flagged phrase in a text.
#[derive(Clone, Debug)]
pub struct LintFinding {
    /// The rule that matched (id, kind, level, advice, question).
    pub rule: Arc<Rule>,
    /// 1-based line of the first character.
    pub line: usize,
    /// 1-based column of the first character, in characters.
    pub column: usize,
    /// 1-based line of the last character.
    pub end_line: usize,
    /// 1-based column of the last character (inclusive), in characters.
    pub end_column: usize,
    /// Byte range in the text.
    pub range: std::ops::Range<usize>,
    /// Inside quotation marks, a block quote or a footnote: people's own words,
    /// exempt but counted.
    pub exempt: bool,
}

impl PartialEq for LintFinding {
    fn eq(&self, other: &Self) -> bool {
        self.rule.id == other.rule.id
            && self.range == other.range
            && self.exempt == other.exempt
            && (self.line, self.column, self.end_line, self.end_column)
                == (other.line, other.column, other.end_line, other.end_column)
    }
}

impl LintFinding {
    /// The kind's machine name (`counterfactual`).
    pub fn kind(&self) -> &str {
        &self.rule.kind.id
    }

    /// The level.
    pub fn level(&self) -> Level {
        self.rule.level
    }

    /// The second-story question to ask instead.
    pub fn ask(&self) -> &str {
        &self.rule.ask
    }

    /// The words as they appear in `text` (the text that was checked).
    pub fn found<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range.clone()).unwrap_or("")
    }

    /// The phrase as acknowledgements name it: the words found, lowercase, one space
    /// between words, plain apostrophes.
    pub fn phrase(&self, text: &str) -> String {
        ack_phrase(self.found(text))
    }

    /// The advice printed after the phrase: what is wrong and the question to ask.
    pub fn advice(&self) -> String {
        format!("{} Ask instead: {}", self.rule.advice, self.rule.ask)
    }
}

/// A phrase as acknowledgements compare it: lowercase, single spaces, plain
/// apostrophes.
pub fn ack_phrase(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(|c| {
                    if matches!(c, '’' | 'ʼ' | '‘') {
                        '\''
                    } else {
                        c
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks text with the built-in rules (see [`Linter::check`]).
pub fn check(text: &str) -> Vec<LintFinding> {
    Linter::builtin().check(text)
}

/// Checks a Markdown file's text with the built-in rules (see [`Linter::check_file`]).
pub fn check_file(text: &str) -> FileReport {
    Linter::builtin().check_file(text)
}

/// Whether a finding in `section` of `text` is covered by an acknowledgement: the
/// same phrase (as [`ack_phrase`] compares it) or the rule's id, in the same section
/// or for the whole write-up.
pub fn is_acknowledged(
    acks: &[LintAck],
    finding: &LintFinding,
    text: &str,
    section: Option<Id>,
) -> bool {
    if acks.is_empty() {
        return false;
    }
    let phrase = finding.phrase(text);
    acks.iter().any(|a| {
        (a.section.is_none() || a.section == section) && {
            let p = ack_phrase(&a.phrase);
            p == phrase || p == finding.rule.id
        }
    })
}

/// Acknowledgements written into a Markdown file as [`ACK_MARKER`] comments (in
/// HTML comments only: the same words in a code span acknowledge nothing).
pub fn file_acks(text: &str) -> Vec<LintAck> {
    markdown::scan(&RuleSet::empty(), text).acks
}

/// The result of checking a whole Markdown file.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    /// Findings outside quotes that nobody has acknowledged.
    pub open: Vec<LintFinding>,
    /// Findings acknowledged in the file.
    pub acknowledged: usize,
    /// Findings inside quotes (people's own words), counted but not flagged.
    pub exempt: usize,
    /// Findings in passages switched off with `<!-- second-story-lint off -->`.
    pub switched_off: usize,
}

impl FileReport {
    /// Whether any open finding fails the check (level error or warning).
    pub fn fails(&self) -> bool {
        self.open.iter().any(|f| f.level().fails())
    }
}

#[cfg(test)]
mod tests;
