//! The question check, the card and the content probes.

use super::card::{Card, probe_counts};
use super::content::{ContentProbes, autotick, content_words, match_score};
use super::*;
use crate::model::command::{Command, Edit};
use crate::model::guides::builtin_guides;
use crate::model::probes::{ASPECTS, aspect_probe, probes_for};
use crate::model::session::{
    AskedQuestion, AskedStatus, Aspect, AspectKind, DecisionPoint, Participant, Session,
    StatementKind,
};

fn kinds(text: &str) -> Vec<String> {
    QuestionCheck::builtin()
        .check(text)
        .into_iter()
        .map(|f| f.kind)
        .collect()
}

fn st(speaker: Speaker, kind: StatementKind, at: u32, text: &str) -> Statement {
    Statement {
        id: Id::new(),
        at_secs: at,
        speaker,
        kind,
        text: text.into(),
        ..Statement::default()
    }
}

fn ask(at: u32, text: &str) -> Statement {
    st(Speaker::Facilitator, StatementKind::Note, at, text)
}

fn said(at: u32, kind: StatementKind, text: &str) -> Statement {
    st(Speaker::Interviewee, kind, at, text)
}

use crate::model::id::Id;

#[test]
fn the_builtin_rules_compile_with_the_six_kinds() {
    let check = QuestionCheck::from_ron(BUILTIN_RULES, "questions.ron").expect("compiles");
    assert_eq!(check.kinds(), KIND_ORDER);
    for k in KIND_ORDER {
        assert!(!check.explanation(k).is_empty(), "{k}");
    }
    assert!(ContentProbes::from_ron(content::BUILTIN, "content-probes.ron").is_ok());
}

#[test]
fn the_issue_examples() {
    let check = QuestionCheck::builtin();
    let f = check.check("Why didn't you roll back?");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind, "counterfactual");
    assert_eq!(
        f[0].try_instead,
        "What options did you see at that point? What made rolling back less attractive then?"
    );
    assert_eq!(kinds("What did you notice first?"), Vec::<String>::new());
    assert_eq!(
        kinds("How did you know the batch had finished?"),
        Vec::<String>::new()
    );
    assert_eq!(
        kinds("Don't you think you should have paged earlier?"),
        ["counterfactual", "leading"]
    );
    assert_eq!(kinds("Wasn't it obvious?"), ["leading", "hindsight"]);
    assert_eq!(kinds("Did you check the dashboard?"), ["yes-no"]);
    assert_eq!(kinds("What did you see? What did you do?"), ["stacked"]);
    assert_eq!(kinds("Why did you restart the pods?"), ["why"]);
    // A system is not a person: why-questions about it are not flagged.
    assert_eq!(kinds("Why did the batch job stop?"), Vec::<String>::new());
}

#[test]
fn rephrasings_use_the_question_s_words() {
    let check = QuestionCheck::builtin();
    let try_for = |q: &str| check.check(q)[0].try_instead.clone();
    assert_eq!(
        try_for("Why did you restart the pods?"),
        "What made restarting the pods seem like the right move at the time?"
    );
    assert_eq!(
        try_for("Why did you think it was a network problem?"),
        "How did you come to think it was a network problem?"
    );
    assert_eq!(
        try_for("Did you check the dashboard?"),
        "Tell me about checking the dashboard."
    );
    assert_eq!(
        try_for("What did you see? What did you do next?"),
        "One at a time: ask \"What did you see?\" and wait for the whole answer."
    );
    // Too little to work with: the plain alternative.
    assert_eq!(
        try_for("Why didn't you?"),
        "What options did you see at that point?"
    );
}

/// The app never suggests a question it would flag: probes, aspect probes, guide
/// questions, content probes, and each question of every rephrasing.
#[test]
fn the_app_s_own_questions_are_never_flagged() {
    let check = QuestionCheck::builtin();
    let mut own: Vec<String> = Vec::new();
    for k in StatementKind::ALL {
        own.extend(probes_for(k).iter().map(|p| (*p).to_owned()));
    }
    own.extend(ASPECTS.iter().map(|a| aspect_probe(*a).to_owned()));
    for g in builtin_guides() {
        own.extend(
            g.questions
                .iter()
                .map(|q| q.text.clone())
                .filter(|q| is_question(q)),
        );
    }
    for text in [
        "We all thought it was a memory leak first.",
        "I've seen this before, it felt familiar.",
        "Then it turned out to be DNS.",
    ] {
        own.extend(ContentProbes::builtin().probes_after(&said(0, StatementKind::Decision, text)));
    }
    let corpus = include_str!("../../../tests/coach_corpus/questions.txt");
    for line in corpus.lines().filter(|l| l.contains(" | ")) {
        let q = line.split_once(" | ").map_or("", |x| x.1);
        // The stacked rule quotes the facilitator's own first question back.
        for f in check.check(q).into_iter().filter(|f| f.kind != "stacked") {
            // A rephrasing may offer two questions in turn; each alone must be open.
            own.extend(
                f.try_instead
                    .split_inclusive(['?', '.'])
                    .map(|s| {
                        s.trim()
                            .trim_start_matches("One at a time: ask \"")
                            .to_owned()
                    })
                    .filter(|s| s.ends_with('?')),
            );
        }
    }
    assert!(own.len() > 100, "{}", own.len());
    let flagged: Vec<String> = own
        .iter()
        .filter(|q| !check.check(q).is_empty())
        .map(|q| format!("{q}: {:?}", kinds(q)))
        .collect();
    assert!(flagged.is_empty(), "{flagged:#?}");
}

#[test]
fn questions_are_told_from_notes() {
    assert!(is_question("What did you see?"));
    assert!(is_question("why did you restart it"));
    assert!(is_question("Tell me about the first page."));
    assert!(is_question("Didn’t you see it"));
    assert!(!is_question("P1 looked tired."));
    assert!(!is_question("They restarted the pods at 10:42"));
    assert!(!is_question(""));
}

/// A session with one participant and an interview using the "how it made sense"
/// guide, with questions of several kinds.
fn coached() -> (Session, Id) {
    let mut s = Session::default();
    let mut p = Participant::new("P1 (on-call SRE)");
    p.real_name = Some("Ana Lima".into());
    let pid = p.id;
    s.participants.push(p);
    let guide = &builtin_guides()[2];
    let statements = vec![
        ask(10, "What did you notice first?"),
        said(
            20,
            StatementKind::Observation,
            "A sawtooth on the pool graph",
        ),
        ask(30, "Why didn't you roll back?"),
        said(
            40,
            StatementKind::Decision,
            "I decided to raise the limit instead",
        ),
        ask(50, "Did you check the dashboard? What did you see?"),
        ask(60, "Wasn't it obvious?"),
        ask(65, "P1 looked tired."),
        said(
            70,
            StatementKind::Assessment,
            "We all thought it was a memory leak first",
        ),
        ask(80, "What made you think it was a memory leak at first?"),
    ];
    let dismissed = statements[5].id;
    let decision = statements[3].id;
    let i = Interview {
        id: Id::new(),
        participant: pid,
        title: "First sweep with P1".into(),
        guide: Some(guide.id),
        duration_secs: 95,
        asked: vec![
            AskedQuestion {
                id: Id::new(),
                question: None,
                text: "What options did you see at that point?".into(),
                at_secs: 45,
                status: AskedStatus::Asked,
            },
            AskedQuestion {
                id: Id::new(),
                question: Some(guide.questions[0].id),
                text: guide.questions[0].text.clone(),
                at_secs: 5,
                status: AskedStatus::Asked,
            },
            AskedQuestion {
                id: Id::new(),
                question: Some(guide.questions[1].id),
                text: guide.questions[1].text.clone(),
                at_secs: 6,
                status: AskedStatus::Skipped,
            },
        ],
        statements,
        coach_dismissed: vec![dismissed],
        ..Interview::default()
    };
    let iid = i.id;
    s.interviews.push(i);
    s.decision_points.push(DecisionPoint {
        title: "Raise the pool limit".into(),
        who: vec![pid],
        statements: vec![decision],
        aspects: vec![Aspect {
            kind: AspectKind::Cues,
            text: "Sawtooth on the pool graph".into(),
            evidence: vec![],
        }],
        ..DecisionPoint::default()
    });
    (s, iid)
}

#[test]
fn the_card_counts() {
    let (s, iid) = coached();
    let i = s.interview(iid).expect("interview");
    let card = Card::build(&s, i, &QuestionCheck::builtin());
    assert_eq!(card.title, "First sweep with P1");
    assert_eq!(card.questions, 5, "notes are not questions");
    assert_eq!(card.open_questions, 2);
    assert_eq!(card.dismissed, 1);
    assert_eq!(card.flagged_count(), 2);
    let n = |k: &str| {
        card.by_kind
            .iter()
            .find(|(x, _)| x == k)
            .map_or(99, |(_, n)| *n)
    };
    assert_eq!(n("counterfactual"), 1);
    assert_eq!(n("yes-no"), 1);
    assert_eq!(n("stacked"), 1);
    assert_eq!(n("leading"), 0, "dismissed");
    assert_eq!(n("hindsight"), 0, "dismissed");
    assert_eq!(n("why"), 0);
    assert_eq!(card.by_kind.len(), 6);
    assert_eq!(card.flagged[0].at_secs, 30);
    assert_eq!(card.flagged[1].kinds, ["yes-no", "stacked"]);
    // Words: 6 + 7 + 9 by the interviewee; 5 + 5 + 9 + 3 + 3 + 11 by the facilitator.
    assert_eq!(card.words, (22, 36));
    assert_eq!(card.interviewee_share(), Some(38));
    // 3 observation probes; the contrast probe and 3 decision probes; 3 misdiagnosis
    // probes and 3 assessment probes. Asked: one recorded, one in their own words
    // after the statement it follows ("What did you notice first?" came before).
    assert_eq!(probe_counts(i), (13, 2));
    assert_eq!((card.probes_suggested, card.probes_asked), (13, 2));
    assert_eq!(card.unexplored.len(), 1);
    assert_eq!(card.unexplored[0].0, "Raise the pool limit");
    assert_eq!(card.unexplored[0].1.len(), ASPECTS.len() - 1);
    let guide = &builtin_guides()[2];
    assert_eq!(card.guide.as_deref(), Some(guide.name.as_str()));
    assert_eq!(card.guide_not_asked.len(), guide.questions.len() - 1);
    assert_eq!(
        card.guide_not_asked[0],
        (guide.questions[1].text.clone(), true)
    );
    assert!(!card.guide_not_asked[1].1);

    let md = card.markdown();
    assert!(
        md.starts_with("# Coaching note: First sweep with P1"),
        "{md}"
    );
    assert!(md.contains("Not part of the write-up"));
    assert!(md.contains("38 %"));
    assert!(md.contains("1 counterfactual, 1 yes-no, 1 stacked"), "{md}");
    assert!(md.contains("(1 dismissed)"));
    assert!(md.contains("What made rolling back less attractive then?"));
    assert!(
        md.contains("Raise the pool limit: Situation assessment"),
        "{md}"
    );
    assert!(
        !md.contains("Wasn't it obvious"),
        "dismissed questions are not listed"
    );
}

#[test]
fn the_note_leaves_out_what_may_not_leave_the_file() {
    let (mut s, iid) = coached();
    if let Some(i) = s.interviews.iter_mut().find(|i| i.id == iid) {
        let mut secret = ask(90, "Did Ana Lima sign off the rollback plan?");
        secret.off_record = true;
        i.statements.push(secret);
        // Not "Did Ana Lima …" again: with the pseudonym in place that shares a run of
        // five words with the off-record question, and the gate withholds such runs.
        i.statements
            .push(ask(95, "When was it that Ana Lima could page the DBA?"));
    }
    let (name, note) = card::note(&s, iid, &QuestionCheck::builtin()).expect("note");
    assert_eq!(name, "coaching-note-first-sweep-with-p1.md");
    assert!(!note.contains("rollback plan"), "{note}");
    assert!(!note.contains("Ana") && !note.contains("Lima"), "{note}");
    assert!(note.contains("page the DBA"), "{note}");
    assert!(card::note(&s, Id::new(), &QuestionCheck::builtin()).is_none());
}

#[test]
fn dismissed_questions_stay_known_but_marked() {
    let (s, iid) = coached();
    let i = s.interview(iid).expect("interview");
    let all = flagged(&QuestionCheck::builtin(), i);
    assert_eq!(all.len(), 3);
    assert_eq!(all.iter().filter(|f| f.dismissed).count(), 1);
    assert_eq!(all[2].statement.text, "Wasn't it obvious?");
}

#[test]
fn a_garden_path_suggests_the_misdiagnosis_probes() {
    let content = ContentProbes::builtin();
    let probes = content.probes_after(&said(
        0,
        StatementKind::Note,
        "we all thought it was a memory leak first",
    ));
    assert_eq!(
        probes,
        [
            "What made you think it was a memory leak at first?",
            "What ruled that out?",
            "When did you start to doubt it?",
        ]
    );
    let probes = content.probes_after(&said(
        0,
        StatementKind::Note,
        "At first I assumed that the cache was stale.",
    ));
    assert_eq!(
        probes[0],
        "What made you think the cache was stale at first?"
    );
    let probes = content.probes_after(&said(
        0,
        StatementKind::Note,
        "Then it turned out to be DNS.",
    ));
    assert!(
        probes
            .iter()
            .any(|p| p == "What ruled out your first explanation?")
    );
    // An assessment that nothing says was let go of is not a garden path.
    assert!(
        content
            .kinds_in("I thought the graph looked normal.")
            .is_empty()
    );
    assert_eq!(
        content.kinds_in("I thought it was the cache at first."),
        ["garden-path"]
    );
    // The facilitator's words suggest nothing.
    assert!(
        content
            .probes_after(&ask(0, "We all thought it was DNS first?"))
            .is_empty()
    );
}

#[test]
fn the_expert_novice_contrast_is_offered() {
    let content = ContentProbes::builtin();
    let contrast = "What would someone new to this have done?";
    let decision = content.probes_after(&said(0, StatementKind::Decision, "I raised the limit"));
    assert_eq!(decision, [contrast]);
    let seen = content.probes_after(&said(0, StatementKind::Note, "I'd seen this shape before"));
    assert!(seen.iter().any(|p| p == contrast), "{seen:?}");
    assert!(
        seen.iter()
            .any(|p| p == "How did you learn to read it that way?")
    );
    assert!(
        content
            .probes_after(&said(0, StatementKind::Observation, "The graph spiked"))
            .is_empty()
    );
    assert!(
        content::suggested_after(&said(0, StatementKind::Decision, "I raised it"))
            .iter()
            .any(|p| p == contrast)
    );
}

#[test]
fn a_question_in_the_facilitator_s_words_ticks_the_guide_and_the_probe() {
    let (s, iid) = coached();
    let mut i = s.interview(iid).expect("interview").clone();
    i.statements.truncate(4); // the last is their decision
    let guide = &builtin_guides()[2];
    let options = guide
        .questions
        .iter()
        .find(|q| q.text == "What options did you see at that moment?")
        .expect("guide question");
    i.asked.retain(|a| a.question.is_some());
    let q = ask(50, "So what options did you see at that moment?");
    let commands = autotick(&s, &i, &q);
    let asked: Vec<&AskedQuestion> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Asked {
                edit: Edit::Put { item, .. },
                ..
            } => Some(item),
            _ => None,
        })
        .collect();
    assert_eq!(asked.len(), 2, "{commands:?}");
    assert_eq!(asked[0].question, Some(options.id));
    assert_eq!(asked[0].status, AskedStatus::Asked);
    assert_eq!(asked[0].at_secs, 50);
    assert_eq!(asked[1].question, None);
    assert_eq!(asked[1].text, "What options did you see at that point?");

    // A question skipped earlier and asked after all keeps its record.
    let skipped = &guide.questions[1];
    let record = i
        .asked
        .iter()
        .find(|a| a.question == Some(skipped.id))
        .expect("skipped")
        .clone();
    let c = autotick(
        &s,
        &i,
        &ask(55, "What was your understanding of what was going on then?"),
    );
    let first = c.iter().find_map(|c| match c {
        Command::Asked {
            edit: Edit::Put { item, .. },
            ..
        } => Some(item).filter(|a| a.question.is_some()),
        _ => None,
    });
    assert_eq!(
        first.map(|a| (a.id, a.status)),
        Some((record.id, AskedStatus::Asked))
    );

    // Already asked, unrelated, or the interviewee's words: nothing.
    assert!(autotick(&s, &i, &ask(60, "How did you first get involved?")).is_empty());
    assert!(autotick(&s, &i, &ask(60, "Tell me about your week.")).is_empty());
    assert!(
        autotick(
            &s,
            &i,
            &said(
                60,
                StatementKind::Note,
                "What options did you see at that moment?"
            )
        )
        .is_empty()
    );
}

#[test]
fn fuzzy_matching_needs_most_of_the_question_and_little_else() {
    let w = content_words;
    assert!(match_score(&w("How did you know?"), &w("How did you know?")) > 0.99);
    assert!(
        match_score(
            &w("how did you know the batch had finished"),
            &w("How did you know?")
        ) > 0.0
    );
    assert_eq!(
        match_score(
            &w("What did you know about the batch?"),
            &w("How did you know?")
        ),
        0.0
    );
    assert_eq!(
        match_score(
            &w("And the graph, the pool, the retries and the payments team, how did they know?"),
            &w("How did you know?")
        ),
        0.0,
        "a long turn that happens to hold the words"
    );
    assert!(match_score(&w("seeing"), &w("")) == 0.0);
    // Found in a facilitator's walkthrough: asking about the dashboard ticked the
    // guide's question about options.
    assert_eq!(
        match_score(
            &w("What did you see on the dashboard at that moment?"),
            &w("What options did you see at that moment?")
        ),
        0.0,
        "one word swapped for another is another question"
    );
    assert!(
        match_score(
            &w("So which options did you see right at that moment?"),
            &w("What options did you see at that moment?")
        ) > 0.0,
        "the same question with a word or two around it still matches"
    );
}

/// Asking a built-in guide's question word for word scores it above every other question
/// of that guide, so the tick never lands on a neighbour.
#[test]
fn each_guide_question_matches_itself_best() {
    let w = content_words;
    for guide in builtin_guides() {
        for q in &guide.questions {
            let said = w(&q.text);
            let own = match_score(&said, &w(&q.text));
            for other in guide.questions.iter().filter(|o| o.id != q.id) {
                let score = match_score(&said, &w(&other.text));
                assert!(
                    score < own || (own == 0.0 && score == 0.0),
                    "{:?}: asking {:?} scores {score} for {:?} (own {own})",
                    guide.name,
                    q.text,
                    other.text
                );
            }
        }
    }
}
