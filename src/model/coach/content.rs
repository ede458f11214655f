//! Probes that follow content, not only the type of a statement: a garden path ("we
//! all thought it was a memory leak first") suggests the misdiagnosis probes, signs of
//! experience the expert–novice contrast; and a question the facilitator asks in their
//! own words ticks the guide question (or suggested probe) it matches.
//!
//! The triggers and probes are data, `assets/rules/content-probes.ron`, matched by the
//! same engine as the question check.

use super::rephrase;
use crate::model::command::{Command, Edit};
use crate::model::guides::find_guide;
use crate::model::id::Id;
use crate::model::probes::{self, probes_for};
use crate::model::rules::{Prose, RuleFile, RuleSet, RulesError, parse_ron};
use crate::model::session::{
    AskedQuestion, AskedStatus, Interview, Session, Speaker, Statement, StatementKind,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// The built-in content probes (RON).
pub const BUILTIN: &str = include_str!("../../../assets/rules/content-probes.ron");

/// The content-probes file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContentFile {
    /// What to look for in what the interviewee said.
    pub triggers: RuleFile,
    /// Probes to suggest, by rule id or by kind.
    pub probes: BTreeMap<String, Vec<String>>,
    /// The expert–novice contrast probe.
    pub contrast: String,
    /// Statement types after which the contrast probe is offered.
    pub contrast_after: Vec<StatementKind>,
}

/// The content probes, compiled.
#[derive(Debug)]
pub struct ContentProbes {
    rules: RuleSet,
    file: ContentFile,
}

impl ContentProbes {
    /// Compiles a content-probes file (`label` names it in errors).
    pub fn from_ron(text: &str, label: &str) -> Result<Self, RulesError> {
        let file: ContentFile = parse_ron(text, label)?;
        let rules = RuleSet::compile(&file.triggers)?;
        Ok(Self { rules, file })
    }

    /// The built-in file, compiled once per process.
    pub fn builtin() -> &'static ContentProbes {
        static BUILTIN_PROBES: OnceLock<ContentProbes> = OnceLock::new();
        BUILTIN_PROBES.get_or_init(|| {
            Self::from_ron(BUILTIN, "assets/rules/content-probes.ron").unwrap_or_else(|e| {
                // Only a broken build gets here: a test compiles the file.
                log::error!("the built-in content probes do not compile: {e}");
                Self {
                    rules: RuleSet::empty(),
                    file: ContentFile::default(),
                }
            })
        })
    }

    /// Probes for what an interviewee just said: those its content calls for
    /// (misdiagnosis, expertise), then the expert–novice contrast after a decision, an
    /// action, an assessment or "I knew". Empty for the facilitator's own words.
    pub fn probes_after(&self, statement: &Statement) -> Vec<String> {
        if statement.speaker != Speaker::Interviewee {
            return Vec::new();
        }
        let text = statement.text.as_str();
        let prose = Prose::of_text(text);
        let mut out: Vec<String> = Vec::new();
        let mut seen_rules: HashSet<usize> = HashSet::new();
        for hit in self.rules.find(&prose) {
            let Some(rule) = self.rules.rules.get(hit.rule) else {
                continue;
            };
            if !seen_rules.insert(hit.rule) {
                continue;
            }
            let templates = self
                .file
                .probes
                .get(&rule.id)
                .or_else(|| self.file.probes.get(&rule.kind.id));
            for t in templates.into_iter().flatten() {
                let p = rephrase::fill(t, text, &prose, &hit);
                if !p.trim().is_empty() && !out.contains(&p) {
                    out.push(p);
                }
            }
        }
        let contrast = self.file.contrast.trim();
        if !contrast.is_empty()
            && self.file.contrast_after.contains(&statement.kind)
            && !out.iter().any(|p| p == contrast)
        {
            out.push(contrast.to_owned());
        }
        out
    }

    /// The kinds of content found in a statement (`garden-path`, `expertise`).
    pub fn kinds_in(&self, text: &str) -> Vec<String> {
        let mut kinds: Vec<String> = Vec::new();
        for hit in self.rules.find(&Prose::of_text(text)) {
            if let Some(rule) = self.rules.rules.get(hit.rule)
                && !kinds.contains(&rule.kind.id)
            {
                kinds.push(rule.kind.id.clone());
            }
        }
        kinds
    }
}

/// The probes suggested after a statement: the content probes (built-in file), then
/// those for its type.
pub fn suggested_after(statement: &Statement) -> Vec<String> {
    let mut out = ContentProbes::builtin().probes_after(statement);
    for p in probes_for(statement.kind) {
        if !out.iter().any(|x| x == p) {
            out.push((*p).to_owned());
        }
    }
    out
}

/// The probes on offer in capture right now: after the interviewee's last statement,
/// and the aspects still open at their decision points (as the capture panel shows).
pub fn current_probes(session: &Session, interview: &Interview) -> Vec<String> {
    let last = interview
        .statements
        .iter()
        .rev()
        .find(|s| s.speaker == Speaker::Interviewee);
    let mut out = match last {
        Some(s) => suggested_after(s),
        None => probes_for(StatementKind::Note)
            .iter()
            .map(|p| (*p).to_owned())
            .collect(),
    };
    let own: HashSet<Id> = interview.statements.iter().map(|s| s.id).collect();
    let open = session
        .decision_points
        .iter()
        .filter(|d| {
            d.who.contains(&interview.participant) || d.statements.iter().any(|s| own.contains(s))
        })
        .flat_map(|d| probes::coverage_probes(d).into_iter().take(3))
        .take(6);
    for p in open {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Words that carry no meaning of their own in a question (question words are kept:
/// "how did you know" and "what did you know" ask different things).
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with",
    "from", "by", "about", "as", "into", "than", "then", "that", "this", "these", "those", "it",
    "its", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "done", "doing",
    "have", "has", "had", "having", "i", "you", "he", "she", "they", "we", "me", "him", "her",
    "them", "us", "my", "your", "his", "their", "our", "can", "could", "would", "will", "should",
    "shall", "may", "might", "must", "not", "no", "so", "just", "really", "very", "there", "here",
    "up", "out", "also", "any", "some", "at", "point", "moment", "time", "right", "now", "okay",
    "ok", "tell", "me", "bit", "little", "more", "again", "like", "let", "s", "get", "got", "go",
    "went", "going",
];

/// Words that ask rather than say what is asked about.
const QUESTION_WORDS: &[&str] = &["what", "which", "how", "when", "where", "who", "why"];

/// The meaningful words of a question, lowercased and roughly stemmed
/// ("involved" → "involv", "seeing" → "see").
pub fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

fn stem(w: &str) -> String {
    for (suffix, min) in [("ing", 6), ("ed", 5), ("ies", 5), ("es", 5), ("s", 4)] {
        if w.len() >= min
            && let Some(s) = w.strip_suffix(suffix)
        {
            return if suffix == "ies" {
                format!("{s}y")
            } else {
                s.to_owned()
            };
        }
    }
    w.to_owned()
}

/// How well what the facilitator said matches a question from a guide or a probe, from
/// 0 to 1: the share of the question's words they said, when they said enough of them
/// and not much else besides. 0 when it is no match.
pub fn match_score(said: &HashSet<String>, question: &HashSet<String>) -> f32 {
    if question.is_empty() || said.is_empty() {
        return 0.0;
    }
    let common = said.intersection(question).count();
    let of_question = common as f32 / question.len() as f32;
    let of_said = common as f32 / said.len() as f32;
    let enough = common >= 2 || (common == 1 && question.len() == 1);
    // One word swapped for another ("what did you see on the dashboard" against "what
    // options did you see") is a different question when only a couple of words are
    // shared: the swapped word is what the question is about.
    // Question words ("what" for "which") do not change what is asked.
    let topical = |w: &&String| !QUESTION_WORDS.contains(&w.as_str());
    let missing = question.difference(said).filter(topical).count();
    let extra = said.difference(question).filter(topical).count();
    let swapped = common < 3 && missing > 0 && extra > 0;
    if enough && !swapped && of_question >= 0.6 && of_said >= 0.34 {
        of_question
    } else {
        0.0
    }
}

/// The commands that record a facilitator's question as asking the guide question
/// and the suggested probe it matches (fuzzily, on words), so they are ticked and not
/// suggested again. `statement` is about to be added to `interview`. Nothing for the
/// interviewee's words or when nothing matches.
pub fn autotick(session: &Session, interview: &Interview, statement: &Statement) -> Vec<Command> {
    if statement.speaker != Speaker::Facilitator {
        return Vec::new();
    }
    let said = content_words(&statement.text);
    let mut out = Vec::new();
    let asked_ids: HashSet<Id> = interview
        .asked
        .iter()
        .filter(|a| a.status == AskedStatus::Asked)
        .filter_map(|a| a.question)
        .collect();
    if let Some(g) = interview.guide.and_then(|id| find_guide(session, id)) {
        let best = g
            .questions
            .iter()
            .filter(|q| !asked_ids.contains(&q.id))
            .map(|q| (match_score(&said, &content_words(&q.text)), q))
            .filter(|(score, _)| *score > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, q)) = best {
            // A question skipped earlier and asked after all keeps its record.
            let record = interview
                .asked
                .iter()
                .find(|a| a.question == Some(q.id))
                .map_or_else(
                    || AskedQuestion {
                        id: Id::new(),
                        question: Some(q.id),
                        text: q.text.clone(),
                        ..AskedQuestion::default()
                    },
                    |a| a.clone(),
                );
            out.push(Command::Asked {
                interview: interview.id,
                edit: Edit::put(AskedQuestion {
                    status: AskedStatus::Asked,
                    at_secs: statement.at_secs,
                    ..record
                }),
            });
        }
    }
    let asked_texts: HashSet<&str> = interview.asked.iter().map(|a| a.text.as_str()).collect();
    let best_probe = current_probes(session, interview)
        .into_iter()
        .filter(|p| !asked_texts.contains(p.as_str()))
        .map(|p| (match_score(&said, &content_words(&p)), p))
        .filter(|(score, _)| *score > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, text)) = best_probe {
        out.push(Command::Asked {
            interview: interview.id,
            edit: Edit::put(AskedQuestion {
                id: Id::new(),
                question: None,
                text,
                at_secs: statement.at_secs,
                status: AskedStatus::Asked,
            }),
        });
    }
    out
}
