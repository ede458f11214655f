//! Findings as the command line prints them: `text` for people, `json` for tools,
//! `github` as GitHub Actions workflow commands (annotations on the pull request).

use super::LintFinding;
use crate::model::rules::Level;
use serde::Serialize;

/// The output formats of `second-story lint`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// `FILE:LINE:COL: kind: phrase — advice`, one a line.
    #[default]
    Text,
    /// One JSON array of findings.
    Json,
    /// GitHub Actions workflow commands (`::warning file=…::…`) and a summary line.
    Github,
}

/// Text for one line of output: no control characters (no terminal escapes from a
/// file), whitespace runs as one space.
pub fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `FILE:LINE:COL: kind: phrase — advice Ask instead: question`.
pub fn text_line(path: &str, text: &str, f: &LintFinding) -> String {
    format!(
        "{}:{}:{}: {}: {} — {}",
        one_line(path),
        f.line,
        f.column,
        f.kind(),
        one_line(f.found(text)),
        f.advice()
    )
}

/// A finding as JSON.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct JsonFinding {
    /// The file, as given on the command line (`-` for standard input).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 1-based line of the last character.
    pub end_line: usize,
    /// 1-based column of the last character (inclusive).
    pub end_column: usize,
    /// Rule id.
    pub rule: String,
    /// Kind (`counterfactual`, …).
    pub kind: String,
    /// The words matched, as written.
    pub text: String,
    /// What is wrong with the wording.
    pub message: String,
    /// The second-story question to ask instead.
    pub question: String,
    /// `error`, `warning` or `suggestion`.
    pub severity: String,
}

/// The JSON form of a finding.
pub fn json_finding(path: &str, text: &str, f: &LintFinding) -> JsonFinding {
    JsonFinding {
        path: path.to_owned(),
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        end_column: f.end_column,
        rule: f.rule.id.clone(),
        kind: f.kind().to_owned(),
        text: f.found(text).to_owned(),
        message: f.rule.advice.clone(),
        question: f.rule.ask.clone(),
        severity: f.level().name().to_owned(),
    }
}

/// A GitHub Actions workflow command for a finding: `::warning file=…,line=…,col=…,
/// endColumn=…,title=…::message`. Suggestions are notices.
pub fn github_line(path: &str, text: &str, f: &LintFinding) -> String {
    let command = match f.level() {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Suggestion => "notice",
    };
    let position = if f.end_line == f.line {
        format!(
            "line={},col={},endColumn={}",
            f.line, f.column, f.end_column
        )
    } else {
        format!("line={},endLine={},col={}", f.line, f.end_line, f.column)
    };
    format!(
        "::{command} file={},{position},title={}::{}",
        property(path),
        property(&format!("Second Story: {} ({})", f.kind(), f.rule.id)),
        data(&format!("“{}” — {}", one_line(f.found(text)), f.advice()))
    )
}

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Counts over a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Files checked.
    pub files: usize,
    /// Files with open findings.
    pub files_with_findings: usize,
    /// Open findings.
    pub open: usize,
    /// Open findings at level error or warning.
    pub failing: usize,
    /// Acknowledged findings.
    pub acknowledged: usize,
    /// Findings in quotes.
    pub exempt: usize,
    /// Findings in passages switched off.
    pub switched_off: usize,
    /// Files that could not be read.
    pub unreadable: usize,
}

impl Totals {
    /// One line for the end of a run.
    pub fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = format!(
            "Second Story language check: {} to look at in {} of {} ({} acknowledged, {} in quotes, {} in passages switched off)",
            plural(self.open, "finding", "findings"),
            self.files_with_findings,
            plural(self.files, "file", "files"),
            self.acknowledged,
            self.exempt,
            self.switched_off
        );
        if self.open > self.failing {
            s.push_str(&format!(
                "; {} of them suggestions",
                self.open - self.failing
            ));
        }
        if self.unreadable > 0 {
            s.push_str(&format!(
                "; {} could not be read",
                plural(self.unreadable, "file", "files")
            ));
        }
        s.push('.');
        s
    }
}
