//! Follow-up probes matched to what was just said, and the "how it made sense"
//! aspects of a decision point, as pure tables.
//!
//! Debriefing practice matches the probe to the type of statement: an observation
//! asks about cues, an assessment about how they could tell, a decision about the
//! options seen, and so on. The wording here is ours.

use super::rules::{Prose, RuleFile, RuleSet, RulesError, parse_ron};
use super::session::{AspectKind, DecisionPoint, Speaker, Statement, StatementKind};
use std::sync::OnceLock;

/// Suggested follow-up probes after a statement of this kind, best first.
pub fn probes_for(kind: StatementKind) -> &'static [&'static str] {
    use StatementKind as K;
    match kind {
        K::Note => &[
            "Can you tell me more about that?",
            "What happened next?",
            "Walk me through that moment as you saw it then.",
        ],
        K::Quote => &[
            "Can you say more about what you meant?",
            "What did that look like from where you were sitting?",
            "Who else would describe it that way?",
        ],
        K::Observation => &[
            "What did you notice first?",
            "What told you something was different from usual?",
            "Was there anything you expected to see and did not?",
        ],
        K::Assessment => &[
            "How could you tell?",
            "What would have made you judge it differently?",
            "How sure were you at that point?",
        ],
        K::Decision => &[
            "What options did you see at that point?",
            "Have you ever decided otherwise in a situation like this?",
            "What were you trying to achieve, and did anything pull the other way?",
        ],
        K::Action => &[
            "What else was possible right then?",
            "What pressures were you under when you did that?",
            "What did you expect to happen when you did it?",
        ],
        K::IKnew => &[
            "How did you know?",
            "When did you first know that?",
            "Where did that knowledge come from: experience, a colleague, documentation?",
        ],
        K::StateOfMind => &[
            "What else was going on at the time?",
            "What were you paying attention to just then?",
            "How did that shape what you did next?",
        ],
        K::MentalModel => &[
            "What usually happens?",
            "How did you come to understand that it works that way?",
            "When has it not worked that way?",
        ],
        K::AskingForHelp => &[
            "What made you ask then, and not earlier or later?",
            "How did you decide whom to ask?",
            "What did you expect them to know or do?",
        ],
    }
}

/// What the probes after a statement of this kind are after, in a few words.
pub fn probe_focus(kind: StatementKind) -> &'static str {
    use StatementKind as K;
    match kind {
        K::Note => "the story in their own words",
        K::Quote => "what lies behind their words",
        K::Observation => "cues",
        K::Assessment => "how they could tell",
        K::Decision => "options and the basis of choice",
        K::Action => "alternatives and pressures",
        K::IKnew => "how they knew",
        K::StateOfMind => "what else was going on",
        K::MentalModel => "what usually happens",
        K::AskingForHelp => "what made them ask then",
    }
}

/// The built-in rules that guess a statement's type (RON): a rules file for the same
/// engine as the question check, one kind per statement type, in priority order.
pub const STATEMENT_KINDS: &str = include_str!("../../assets/rules/statement-kinds.ron");

/// The statement-type rules, compiled: the rule set, and per rule its type and the
/// priority of that type (its place in the file's kinds).
pub struct KindRules {
    rules: RuleSet,
    kinds: Vec<(usize, StatementKind)>,
}

impl KindRules {
    /// Compiles a statement-types file (`label` names it in errors). Every kind must
    /// name a statement type as session files spell it (`Observation`, `IKnew`).
    pub fn from_ron(text: &str, label: &str) -> Result<Self, RulesError> {
        let file: RuleFile = parse_ron(text, label)?;
        let rules = RuleSet::compile(&file)?;
        let mut kinds = Vec::with_capacity(rules.rules.len());
        for rule in &rules.rules {
            let place = rules
                .kinds
                .iter()
                .position(|k| k.id == rule.kind.id)
                .unwrap_or(usize::MAX);
            let kind = ron::from_str::<StatementKind>(&rule.kind.id).map_err(|_| {
                RulesError(format!(
                    "{label}: rule {:?} has kind {:?}, which is not a statement type",
                    rule.id, rule.kind.id
                ))
            })?;
            kinds.push((place, kind));
        }
        Ok(Self { rules, kinds })
    }

    /// The built-in file, compiled once per process.
    pub fn builtin() -> &'static KindRules {
        static BUILTIN: OnceLock<KindRules> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Self::from_ron(STATEMENT_KINDS, "assets/rules/statement-kinds.ron").unwrap_or_else(
                |e| {
                    // Only a broken build gets here: a test compiles the file.
                    log::error!("the built-in statement types do not compile: {e}");
                    Self {
                        rules: RuleSet::empty(),
                        kinds: Vec::new(),
                    }
                },
            )
        })
    }

    /// The type the words call for: the first in the file's order among the kinds
    /// whose rules match; None when nothing matches.
    pub fn guess(&self, text: &str) -> Option<StatementKind> {
        self.rules
            .find(&Prose::of_text(text))
            .iter()
            .filter_map(|hit| self.kinds.get(hit.rule))
            .min_by_key(|(place, _)| *place)
            .map(|(_, kind)| *kind)
    }
}

/// A kind for a statement nobody typed explicitly: facilitator lines are notes; words
/// opening with a quotation mark are a quote; the interviewee's other words are
/// guessed from tell-tale phrases (`assets/rules/statement-kinds.ron`), else a note.
pub fn infer_kind(text: &str, speaker: Speaker) -> StatementKind {
    if speaker == Speaker::Facilitator {
        return StatementKind::Note;
    }
    let t = text.trim_start();
    if t.starts_with(['"', '“', '„', '«']) {
        return StatementKind::Quote;
    }
    KindRules::builtin().guess(t).unwrap_or(StatementKind::Note)
}

/// Words said by the interviewee and by the facilitator (off-record included:
/// the balance is about the conversation, not the export).
pub fn talk_balance(statements: &[Statement]) -> (usize, usize) {
    statements.iter().fold((0, 0), |(i, f), s| {
        let n = s.text.split_whitespace().count();
        match s.speaker {
            Speaker::Interviewee => (i + n, f),
            Speaker::Facilitator => (i, f + n),
        }
    })
}

/// All aspects, in the order a decision point is deepened.
pub const ASPECTS: [AspectKind; 10] = AspectKind::ALL;

/// A short label for an aspect.
pub fn aspect_label(kind: AspectKind) -> &'static str {
    use AspectKind as A;
    match kind {
        A::Cues => "Cues",
        A::Knowledge => "Knowledge",
        A::Goals => "Goals and conflicts",
        A::Options => "Options",
        A::BasisOfChoice => "Basis of choice",
        A::Experience => "Experience and analogues",
        A::TimePressure => "Time pressure",
        A::SituationAssessment => "Situation assessment",
        A::Hypotheticals => "Hypotheticals",
        A::Aiding => "What would have helped",
    }
}

/// What an aspect records, as a hint under its field.
pub fn aspect_hint(kind: AspectKind) -> &'static str {
    use AspectKind as A;
    match kind {
        A::Cues => "What they saw, heard or felt — and what they did not notice",
        A::Knowledge => "What they knew and used, and where it came from",
        A::Goals => "What they were trying to achieve; goals that pulled against each other",
        A::Options => "The courses of action they saw at the time",
        A::BasisOfChoice => "How they chose between the options",
        A::Experience => "Earlier events this reminded them of; what experience told them",
        A::TimePressure => "How much time they felt they had, and what it did",
        A::SituationAssessment => "What they thought was going on, and how sure they were",
        A::Hypotheticals => "What would have happened if a cue or condition had been different",
        A::Aiding => "What help, tool, person or information would have made it easier",
    }
}

/// The probe that explores an aspect, to ask in this or the next interview.
pub fn aspect_probe(kind: AspectKind) -> &'static str {
    use AspectKind as A;
    match kind {
        A::Cues => "What were you seeing or hearing at that point?",
        A::Knowledge => "What did you know then that helped you make sense of it?",
        A::Goals => {
            "What were you trying to achieve right then, and did anything pull the other way?"
        }
        A::Options => "What options did you see at that moment?",
        A::BasisOfChoice => "How did you choose between them?",
        A::Experience => "Did this remind you of anything you had seen before?",
        A::TimePressure => "How much time did you feel you had?",
        A::SituationAssessment => "What did you think was going on at that point?",
        A::Hypotheticals => "If one thing had been different, what would you have done?",
        A::Aiding => "What would have helped you at that moment?",
    }
}

/// Whether an aspect of a decision point has been explored: it has words or evidence.
pub fn aspect_explored(dp: &DecisionPoint, kind: AspectKind) -> bool {
    dp.aspects
        .iter()
        .any(|a| a.kind == kind && (!a.text.trim().is_empty() || !a.evidence.is_empty()))
}

/// Aspects of a decision point not yet explored, in deepening order.
pub fn unexplored_aspects(dp: &DecisionPoint) -> Vec<AspectKind> {
    ASPECTS
        .into_iter()
        .filter(|k| !aspect_explored(dp, *k))
        .collect()
}

/// Probes for the unexplored aspects of a decision point, each naming the moment
/// so that the question makes sense in the next interview.
pub fn coverage_probes(dp: &DecisionPoint) -> Vec<String> {
    let moment = if dp.title.trim().is_empty() {
        "that moment".to_owned()
    } else {
        format!("\"{}\"", dp.title.trim())
    };
    unexplored_aspects(dp)
        .into_iter()
        .map(|k| format!("About {moment}: {}", aspect_probe(k)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::session::Aspect;

    #[test]
    fn every_kind_has_probes_and_they_differ() {
        for k in StatementKind::ALL {
            assert!(probes_for(k).len() >= 2, "{k:?} needs probes");
            assert!(!probe_focus(k).is_empty());
        }
        assert_ne!(
            probes_for(StatementKind::Observation),
            probes_for(StatementKind::Decision)
        );
    }

    #[test]
    fn probes_follow_debriefing_practice() {
        let first = |k| probes_for(k)[0];
        assert_eq!(first(StatementKind::Assessment), "How could you tell?");
        assert_eq!(first(StatementKind::IKnew), "How did you know?");
        assert_eq!(first(StatementKind::MentalModel), "What usually happens?");
        assert!(first(StatementKind::Observation).contains("notice"));
        assert!(first(StatementKind::Decision).contains("options"));
        assert!(
            probes_for(StatementKind::Decision)
                .iter()
                .any(|p| p.contains("decided otherwise"))
        );
        assert!(
            probes_for(StatementKind::Action)
                .iter()
                .any(|p| p.contains("pressures"))
        );
        assert!(first(StatementKind::StateOfMind).contains("else was going on"));
        assert!(first(StatementKind::AskingForHelp).contains("ask then"));
    }

    #[test]
    fn probes_ask_how_not_why() {
        for k in StatementKind::ALL {
            for p in probes_for(k) {
                assert!(!p.to_lowercase().starts_with("why"), "{p}");
            }
        }
        for a in ASPECTS {
            assert!(!aspect_probe(a).to_lowercase().starts_with("why"));
        }
    }

    #[test]
    fn inference_reads_tell_tale_phrases() {
        let i = Speaker::Interviewee;
        assert_eq!(infer_kind("\"Slow is a Tuesday\"", i), StatementKind::Quote);
        assert_eq!(
            infer_kind("I knew the batch job ran at nine", i),
            StatementKind::IKnew
        );
        assert_eq!(
            infer_kind("I decided to raise the limit", i),
            StatementKind::Decision
        );
        assert_eq!(
            infer_kind("I noticed a sawtooth", i),
            StatementKind::Observation
        );
        assert_eq!(
            infer_kind("Pinged the payments channel", i),
            StatementKind::AskingForHelp
        );
        assert_eq!(
            infer_kind("It usually drains by ten", i),
            StatementKind::MentalModel
        );
        assert_eq!(infer_kind("Something else", i), StatementKind::Note);
        // First-person phrasing, as people talk (found in a facilitator's walkthrough:
        // these were all notes).
        for (text, kind) in [
            ("We rolled back the deploy at 09:40", StatementKind::Action),
            ("Then restarted the pods one by one", StatementKind::Action),
            (
                "I was really worried we'd lose the queue",
                StatementKind::StateOfMind,
            ),
            (
                "I thought it was the cache again",
                StatementKind::Assessment,
            ),
            ("I felt like it was the cache", StatementKind::Assessment),
            ("It looked like a memory leak", StatementKind::Assessment),
            (
                "The dashboard went red right after the deploy",
                StatementKind::Observation,
            ),
            ("I saw the error rate climb", StatementKind::Observation),
            (
                "We went with the rollback because it was the known path",
                StatementKind::Decision,
            ),
            ("I decided to restart it", StatementKind::Decision),
            ("I looped in the DBA", StatementKind::AskingForHelp),
            ("Then paged the database team", StatementKind::AskingForHelp),
            ("I just knew it was the batch job", StatementKind::IKnew),
            (
                "Normally the queue drains by ten",
                StatementKind::MentalModel,
            ),
            ("The release train leaves on Tuesdays", StatementKind::Note),
            (
                "The restart of the pods took ten minutes",
                StatementKind::Note,
            ),
        ] {
            assert_eq!(infer_kind(text, i), kind, "{text:?}");
        }
        assert_eq!(
            infer_kind("I decided nothing", Speaker::Facilitator),
            StatementKind::Note
        );
    }

    #[test]
    fn the_statement_types_file_compiles_and_names_real_types() {
        assert!(KindRules::from_ron(STATEMENT_KINDS, "statement-kinds.ron").is_ok());
        let wrong = STATEMENT_KINDS.replace("(id: \"Action\"", "(id: \"Acton\"");
        let wrong = wrong.replace("kind: \"Action\"", "kind: \"Acton\"");
        let e = KindRules::from_ron(&wrong, "x.ron").err().map(|e| e.0);
        assert!(
            e.as_deref()
                .is_some_and(|e| e.contains("not a statement type")),
            "{e:?}"
        );
    }

    #[test]
    fn talk_balance_counts_words_per_speaker() {
        let st = |speaker, text: &str| Statement {
            speaker,
            text: text.into(),
            ..Statement::default()
        };
        let s = [
            st(Speaker::Interviewee, "one two three"),
            st(Speaker::Facilitator, "how come"),
            st(Speaker::Interviewee, "  four  "),
        ];
        assert_eq!(talk_balance(&s), (4, 2));
        assert_eq!(talk_balance(&[]), (0, 0));
    }

    #[test]
    fn coverage_lists_unexplored_aspects_as_probes() {
        let mut dp = DecisionPoint {
            title: "Raise the pool limit".into(),
            ..DecisionPoint::default()
        };
        assert_eq!(unexplored_aspects(&dp).len(), ASPECTS.len());
        dp.aspects.push(Aspect {
            kind: AspectKind::Cues,
            text: "Sawtooth on the pool graph".into(),
            evidence: vec![],
        });
        // An aspect with neither words nor evidence is still unexplored.
        dp.aspects.push(Aspect {
            kind: AspectKind::Options,
            text: "  ".into(),
            evidence: vec![],
        });
        let open = unexplored_aspects(&dp);
        assert!(!open.contains(&AspectKind::Cues));
        assert!(open.contains(&AspectKind::Options));
        let probes = coverage_probes(&dp);
        assert_eq!(probes.len(), ASPECTS.len() - 1);
        assert!(probes.iter().all(|p| p.contains("Raise the pool limit")));
    }
}
