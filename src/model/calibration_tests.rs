//! Calibration documents: the participant's own account and nothing of anyone else
//! (a property test over generated sessions), off-the-record lines marked, and the
//! check status in words.

use super::*;
use crate::model::id::Id;
use crate::model::session::{
    Aspect, AspectKind, Calibration, DecisionPoint, EventTime, Finding, Interview,
    NarrativeSection, Participant, Perspective, Statement, TimelineEvent,
};
use chrono::NaiveDate;
use proptest::prelude::*;

fn statement(speaker: Speaker, text: &str, off_record: bool) -> Statement {
    Statement {
        id: Id::new(),
        speaker,
        kind: StatementKind::Observation,
        text: text.into(),
        off_record,
        ..Statement::default()
    }
}

/// Two participants, each interviewed; P2's words, names and pseudonym everywhere
/// they could be.
fn two_accounts() -> (Session, Id, Id) {
    let mut s = Session::new("Retry storm, 6 April", Default::default());
    s.facilitators.push("Sam Rivera".into());
    let mut p1 = Participant::new("P1 (on-call SRE)");
    p1.real_name = Some("Ana Lima".into());
    p1.other_names.push("@alima".into());
    let mut p2 = Participant::new("P2 (DBA)");
    p2.real_name = Some("Ben Okafor".into());
    p2.other_names.push("benok".into());
    let (id1, id2) = (p1.id, p2.id);
    s.participants.extend([p1, p2]);
    let mine = vec![
        statement(Speaker::Facilitator, "What did you notice first?", false),
        statement(Speaker::Interviewee, "A sawtooth on the pool graph", false),
        statement(
            Speaker::Interviewee,
            "I pinged Ben Okafor and benok replied",
            false,
        ),
        statement(Speaker::Interviewee, "P2 said the disk was fine", false),
        statement(Speaker::Interviewee, "Between us, the dashboard lies", true),
    ];
    let theirs = vec![statement(
        Speaker::Interviewee,
        "The vacuum job was the trigger, I am sure",
        false,
    )];
    let (my_first, their_first) = (mine[1].id, theirs[0].id);
    s.interviews.push(Interview {
        participant: id1,
        title: "First sweep with P1".into(),
        facilitator: "Sam Rivera".into(),
        statements: mine,
        participant_follow_ups: "Ask about the Monday ramp".into(),
        summary: "Ana read the graph as a leak".into(),
        ..Interview::default()
    });
    s.interviews.push(Interview {
        participant: id2,
        title: "Interview with P2".into(),
        statements: theirs,
        ..Interview::default()
    });
    let shared = DecisionPoint {
        title: "Raise the pool limit".into(),
        who: vec![id1, id2],
        statements: vec![my_first, their_first],
        aspects: vec![
            Aspect {
                kind: AspectKind::Cues,
                text: "The sawtooth".into(),
                evidence: vec![my_first],
            },
            Aspect {
                kind: AspectKind::Knowledge,
                text: "Knew the vacuum schedule by heart".into(),
                evidence: vec![their_first],
            },
        ],
        ..DecisionPoint::default()
    };
    let only_theirs = DecisionPoint {
        title: "Pause the vacuum".into(),
        who: vec![id2],
        statements: vec![their_first],
        ..DecisionPoint::default()
    };
    s.decision_points.extend([shared, only_theirs]);
    s.timeline.push(TimelineEvent {
        time: EventTime::Unknown,
        description: "Saw the sawtooth".into(),
        perspective: Perspective::Participant(id1),
        evidence: vec![my_first],
        ..TimelineEvent::default()
    });
    s.timeline.push(TimelineEvent {
        description: "Vacuum started".into(),
        perspective: Perspective::Participant(id2),
        ..TimelineEvent::default()
    });
    s.findings.push(Finding {
        text: "The vacuum job".into(),
        evidence: vec![their_first],
        ..Finding::default()
    });
    s.narrative.sections.push(NarrativeSection {
        title: "Story".into(),
        body: "The vacuum job, said Ben".into(),
        included: true,
        ..NarrativeSection::default()
    });
    (s, id1, id2)
}

#[test]
fn the_document_holds_their_account_and_nothing_of_anyone_else() {
    let (s, p1, _) = two_accounts();
    let doc = document(&s, p1).expect("document");
    for own in [
        "A sawtooth on the pool graph",
        "Saw the sawtooth",
        "Raise the pool limit",
        "The sawtooth",
        "Ask about the Monday ramp",
        "Sam Rivera",
        "P1 (on-call SRE)",
    ] {
        assert!(doc.contains(own), "{own} missing:\n{doc}");
    }
    for other in [
        "vacuum",
        "Vacuum",
        "Ben",
        "Okafor",
        "benok",
        "P2",
        "DBA",
        "Ana",
        "Lima",
        "alima",
        "What did you notice",
    ] {
        assert!(!doc.contains(other), "{other} in:\n{doc}");
    }
    assert!(
        doc.contains("I pinged \\[a colleague\\] and \\[a colleague\\] replied"),
        "{doc}"
    );
    assert!(
        doc.contains("\\[a colleague\\] said the disk was fine"),
        "{doc}"
    );
    assert!(
        doc.contains("P1 (on-call SRE) read the graph as a leak"),
        "{doc}"
    );
    // Unexplored aspects of their decision point become questions.
    assert!(
        doc.contains("What options did you see at that moment?"),
        "{doc}"
    );
    assert!(doc.contains("Please correct anything"));
}

#[test]
fn off_the_record_lines_are_marked_for_their_eyes_only() {
    let (s, p1, p2) = two_accounts();
    let doc = document(&s, p1).expect("document");
    let line = doc
        .lines()
        .find(|l| l.contains("the dashboard lies"))
        .expect("their off-the-record words are in their own document");
    assert!(line.contains("🔒"), "{line}");
    assert!(line.contains(FOR_THEIR_EYES.trim()), "{line}");
    let on = doc
        .lines()
        .find(|l| l.contains("sawtooth on the pool"))
        .expect("line");
    assert!(
        !on.contains("🔒") && !on.contains(FOR_THEIR_EYES.trim()),
        "{on}"
    );
    assert!(doc.contains("never appear in the write-up"));
    // Nobody else sees them.
    let theirs = document(&s, p2).expect("document");
    assert!(!theirs.contains("dashboard lies"), "{theirs}");
    assert!(!theirs.contains("🔒"));
}

#[test]
fn participants_are_found_by_pseudonym() {
    let (mut s, p1, p2) = two_accounts();
    assert_eq!(find_participant(&s, "p1 (on-call sre)"), Ok(p1));
    assert_eq!(find_participant(&s, " P2 "), Ok(p2));
    let e = find_participant(&s, "P3").expect_err("unknown");
    assert!(e.to_string().contains("\"P1 (on-call SRE)\""), "{e}");
    s.participants.push(Participant::new("P2 (network)"));
    assert!(matches!(
        find_participant(&s, "P2"),
        Err(CalibrationError::Ambiguous { .. })
    ));
    assert_eq!(
        document(&s, Id::new()),
        Err(CalibrationError::UnknownParticipant)
    );
    assert_eq!(file_name(&s, p1), "calibration-p1-on-call-sre.md");
}

#[test]
fn the_method_phrase_never_claims_a_check_not_recorded() {
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 4, d);
    let mut i = Interview::default();
    assert_eq!(status(&i), CheckStatus::NotSent);
    assert_eq!(method_phrase(&i), "account not checked with them");
    i.calibration_sent = day(8);
    assert_eq!(
        method_phrase(&i),
        "account sent to them on 8 April 2026, not yet checked"
    );
    i.calibration_checked = day(9);
    assert_eq!(
        method_phrase(&i),
        "account checked with them on 9 April 2026"
    );
    i.calibration = Calibration::ChangesRequested;
    assert_eq!(
        method_phrase(&i),
        "account checked with them on 9 April 2026; they asked for changes"
    );
    i.calibration_checked = None;
    i.calibration = Calibration::Approved;
    assert_eq!(
        method_phrase(&i),
        "account checked with them (date not recorded)"
    );
}

/// A word no other text holds: a letter, the participant's number, some letters.
fn token(prefix: &str, k: usize, tail: &str) -> String {
    format!("{prefix}{k}{tail}")
}

/// A generated session: participant 0 is the one the document is for; every other
/// participant's words, names and pseudonym are distinct tokens, which also appear in
/// participant 0's words, in shared decision points, and in everything the review made.
fn generated(
    n: usize,
    tail: &str,
    mentions: &[usize],
    off: &[bool],
) -> (Session, Vec<Vec<String>>) {
    let mut s = Session::new("Generated", Default::default());
    let mut secrets: Vec<Vec<String>> = Vec::new();
    for k in 0..n {
        let mut p = Participant::new(token("Pq", k, tail));
        p.real_name = Some(format!("{} {}", token("Fn", k, tail), token("Ln", k, tail)));
        p.other_names.push(format!("@{}", token("Hd", k, tail)));
        p.role = token("Role", k, tail);
        secrets.push(vec![
            token("Pq", k, tail),
            token("Fn", k, tail),
            token("Ln", k, tail),
            token("Hd", k, tail),
            token("Wd", k, tail),
        ]);
        s.participants.push(p);
    }
    let ids: Vec<Id> = s.participants.iter().map(|p| p.id).collect();
    for k in 0..n {
        let mut statements = Vec::new();
        for (j, &m) in mentions.iter().enumerate() {
            let other = m % n;
            let name = match j % 4 {
                0 => token("Pq", other, tail),
                1 => format!("{} {}", token("Fn", other, tail), token("Ln", other, tail)),
                2 => format!("@{}", token("Hd", other, tail)),
                _ => token("Ln", other, tail),
            };
            let words = if k == 0 {
                format!("I asked {name} about the pool")
            } else {
                format!("{} told {name} the pool was full", token("Wd", k, tail))
            };
            let mut st = statement(
                Speaker::Interviewee,
                &words,
                off.get(j).copied().unwrap_or(false),
            );
            if k != 0 {
                st.paraphrase = token("Wd", k, tail);
            }
            statements.push(st);
        }
        statements.push(statement(
            Speaker::Facilitator,
            &format!("Ask {} about it", token("Wd", k, tail)),
            false,
        ));
        let first = statements[0].id;
        s.interviews.push(Interview {
            participant: ids[k],
            title: format!("Interview {}", token("Wd", k, tail)),
            summary: token("Wd", k, tail),
            participant_follow_ups: token("Wd", k, tail),
            statements,
            ..Interview::default()
        });
        s.timeline.push(TimelineEvent {
            description: format!("Event {}", token("Wd", k, tail)),
            perspective: Perspective::Participant(ids[k]),
            evidence: vec![first],
            ..TimelineEvent::default()
        });
        if k != 0 {
            // A decision point shared with participant 0, with this person's aspect.
            let mine = s.interviews[0].statements[0].id;
            s.decision_points.push(DecisionPoint {
                title: "Shared moment".into(),
                who: vec![ids[0], ids[k]],
                statements: vec![mine, first],
                aspects: vec![Aspect {
                    kind: AspectKind::Knowledge,
                    text: token("Wd", k, tail),
                    evidence: vec![first],
                }],
                ..DecisionPoint::default()
            });
            s.decision_points.push(DecisionPoint {
                title: token("Wd", k, tail),
                who: vec![ids[k]],
                ..DecisionPoint::default()
            });
            s.findings.push(Finding {
                text: token("Wd", k, tail),
                evidence: vec![first],
                ..Finding::default()
            });
            s.timeline.push(TimelineEvent {
                description: token("Wd", k, tail),
                perspective: Perspective::Chat,
                attributed_to: Some(ids[k]),
                ..TimelineEvent::default()
            });
        }
    }
    s.narrative.sections.push(NarrativeSection {
        title: "Story".into(),
        body: secrets[1..]
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" "),
        included: true,
        ..NarrativeSection::default()
    });
    (s, secrets)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the session holds, participant 0's document holds nothing of anyone
    /// else: no word only they said, no pseudonym, no real or other name.
    #[test]
    fn nothing_of_other_participants(
        n in 2usize..5,
        tail in "[a-z]{3,6}",
        mentions in proptest::collection::vec(0usize..8, 1..6),
        off in proptest::collection::vec(any::<bool>(), 0..6),
    ) {
        let (s, secrets) = generated(n, &tail, &mentions, &off);
        let doc = document(&s, s.participants[0].id).expect("document");
        for secret in secrets[1..].iter().flatten() {
            prop_assert!(!doc.contains(secret.as_str()), "{} in\n{}", secret, doc);
            let escaped = escape_inline(secret);
            prop_assert!(!doc.contains(escaped.as_str()), "{} in\n{}", escaped, doc);
        }
        // Their own account is there, and their own names are not.
        prop_assert!(doc.contains(&secrets[0][4]), "own words missing:\n{}", doc);
        for own_name in &secrets[0][1..4] {
            prop_assert!(!doc.contains(own_name.as_str()), "{} in\n{}", own_name, doc);
        }
        // The view it is made from is a valid session.
        let view = publishable(&s, Audience::Participant(s.participants[0].id)).session;
        prop_assert_eq!(crate::model::validate::validate(&view), Ok(()));
    }
}
