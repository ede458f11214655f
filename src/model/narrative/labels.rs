//! Readable footnote labels for the exported write-up: a citation stored as
//! `[^s-1a2b3c4d]` is exported as `[^P1-0312]` (the pseudonym's short form and the
//! statement's minutes and seconds into the interview), so a reader of the Markdown
//! source can tell whose words a claim rests on. Anonymous participants get the
//! neutral `anon`, facilitators' notes `note`.
//!
//! Labels are made from the published session alone, in the order its statements are
//! stored, so an unchanged session exports the same labels every time. Two statements
//! with the same label (the same person at the same second, or two short forms that
//! differ only in case: footnote labels are matched without case) get `-2`, `-3`, …
//! in that order. The session file keeps the `s-…` form, which survives renaming a
//! participant.

use super::*;
use std::collections::{HashMap, HashSet};

/// A short form of a pseudonym for a label: its first word when that is a plain ASCII
/// word of at most 12 letters or digits ("P1 (on-call SRE)" → "P1"), else `None`.
/// Never a piece of a word: a cut word could spell a name.
pub fn short_form(pseudonym: &str) -> Option<String> {
    let word: String = pseudonym
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    (!word.is_empty() && word.len() <= 12 && word.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(word)
}

/// Readable labels for every statement of a (published) session.
#[derive(Clone, Debug, Default)]
pub struct ReadableLabels {
    by_statement: HashMap<Id, String>,
    /// Every label given, lowercased (renderers match labels without case).
    taken: HashSet<String>,
}

impl ReadableLabels {
    /// Labels for the statements of `session`, in stored order.
    pub fn new(session: &Session) -> Self {
        let mut short: HashMap<Id, String> = HashMap::new();
        for (n, p) in session.participants.iter().enumerate() {
            let s = if p.consent.attribution == Attribution::Anonymous {
                "anon".to_owned()
            } else {
                short_form(&p.pseudonym).unwrap_or_else(|| format!("P{}", n + 1))
            };
            short.entry(p.id).or_insert(s);
        }
        let mut out = Self::default();
        for i in &session.interviews {
            let who = short.get(&i.participant).map_or("anon", String::as_str);
            for s in &i.statements {
                let prefix = if s.speaker == Speaker::Facilitator {
                    "note"
                } else {
                    who
                };
                let base = format!("{prefix}-{:02}{:02}", s.at_secs / 60, s.at_secs % 60);
                let mut label = base.clone();
                let mut k = 1;
                while out.taken.contains(&label.to_lowercase()) {
                    k += 1;
                    label = format!("{base}-{k}");
                }
                out.taken.insert(label.to_lowercase());
                out.by_statement.entry(s.id).or_insert(label);
            }
        }
        out
    }

    /// The label of a statement, if it is in the session.
    pub fn get(&self, statement: Id) -> Option<&str> {
        self.by_statement.get(&statement).map(String::as_str)
    }

    /// Whether the app defines footnotes under this label (any `s-…` label, a
    /// readable label given here, or the `missing-…` labels of deleted evidence):
    /// a definition of one in a facilitator's text is a forgery and is dropped.
    pub fn is_app_owned(&self, label: &str) -> bool {
        let lower = label.to_lowercase();
        lower.starts_with("s-") || lower.starts_with("missing-") || self.taken.contains(&lower)
    }
}

/// Every footnote reference `[^label]` in a body, whatever the label (letters, digits
/// and `-`), not counting definitions: (byte range, label).
pub fn any_footnote_refs(body: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = body[from..].find("[^") {
        let start = from + pos;
        let label_start = start + 2;
        let len = body[label_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len() - label_start);
        let end = label_start + len;
        from = end.max(start + 1);
        if len == 0 || !body[end..].starts_with(']') {
            continue;
        }
        if body[end + 1..].starts_with(':') {
            let line_start = body[..start].rfind('\n').map_or(0, |n| n + 1);
            if body[line_start..start].trim().is_empty() {
                continue;
            }
        }
        out.push((start..end + 1, &body[label_start..end]));
    }
    out
}

/// The label a footnote definition line defines (`[^label]: …`, after at most three
/// spaces), if the line is one.
pub fn definition_label(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line[indent..].strip_prefix("[^")?;
    let end = rest.find("]:")?;
    let label = &rest[..end];
    (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
}

/// `body` without the footnote definitions whose labels `owned` claims (with their
/// continuation lines), outside code fences: the app writes those definitions itself,
/// so one typed into a section could put words in someone's mouth.
pub fn drop_definitions(body: &str, owned: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<&str> = None;
    // Inside a dropped definition: until a blank line, then indented lines too.
    let mut dropping = false;
    let mut after_blank = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if dropping {
            let blank = line.trim().is_empty();
            let indented = line.starts_with("    ") || line.starts_with('\t');
            if blank {
                after_blank = true;
                continue;
            }
            if !after_blank || indented {
                continue;
            }
            dropping = false;
            // The blank line that ended the definition still separates what follows.
            out.push('\n');
        }
        if let Some(label) = definition_label(line)
            && owned(label)
        {
            dropping = true;
            after_blank = false;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        }
        out.push_str(line);
    }
    out
}

/// The citations of an export: stored `s-…` labels turned readable, in the order they
/// are first cited, with the stored label each stands for (to write its footnote).
pub struct Citations<'i, 'a> {
    index: &'i EvidenceIndex<'a>,
    /// Stored label → exported label.
    given: HashMap<String, String>,
    /// (exported label, stored label), in order of first citation.
    pub order: Vec<(String, String)>,
    missing: usize,
}

impl<'i, 'a> Citations<'i, 'a> {
    /// Citations resolved with `index` (of the published session).
    pub fn new(index: &'i EvidenceIndex<'a>) -> Self {
        Self {
            index,
            given: HashMap::new(),
            order: Vec::new(),
            missing: 0,
        }
    }

    /// The exported label of a stored one, once cited.
    pub fn label_of(&self, stored: &str) -> Option<&str> {
        self.given.get(stored).map(String::as_str)
    }

    /// A section body as exported: app-owned footnote definitions typed into it
    /// dropped, each evidence reference given its readable label (`missing-1`, … for
    /// statements that are gone).
    pub fn relabel(&mut self, body: &str) -> String {
        let labels = self.index.readable();
        let body = drop_definitions(body, |l| labels.is_app_owned(l));
        let refs = footnote_refs(&body);
        if refs.is_empty() {
            return body;
        }
        let mut out = String::with_capacity(body.len());
        let mut at = 0;
        for r in refs {
            let label = match self.given.get(&r.label) {
                Some(l) => l.clone(),
                None => {
                    let l = match self.index.resolve(&r.label) {
                        Evidence::Found { statement, .. } => {
                            labels.get(statement.id).map(str::to_owned)
                        }
                        _ => None,
                    }
                    .unwrap_or_else(|| {
                        self.missing += 1;
                        format!("missing-{}", self.missing)
                    });
                    self.given.insert(r.label.clone(), l.clone());
                    // Two stored forms of one statement (8 or 32 digits) share a label.
                    if !self.order.iter().any(|(e, _)| *e == l) {
                        self.order.push((l.clone(), r.label.clone()));
                    }
                    l
                }
            };
            out.push_str(&body[at..r.range.start]);
            out.push_str("[^");
            out.push_str(&label);
            out.push(']');
            at = r.range.end;
        }
        out.push_str(&body[at..]);
        out
    }
}

/// A line of text without its evidence references (for quoting a claim in a list).
pub fn without_refs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for r in footnote_refs(line) {
        out.push_str(&line[at..r.range.start]);
        at = r.range.end;
    }
    out.push_str(&line[at..]);
    out
}
