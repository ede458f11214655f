//! Tests of the write-up: drafting every standard section, keeping hand edits,
//! footnotes and broken claims, and drafts that pass the language check.

use super::*;

use crate::model::Document;

fn sample() -> Session {
    let mut s = Session::new("Retry storm", SessionKind::NearMiss);
    s.purpose = "It went right.\n\nNot about blame.".into();
    let mut p = Participant::new("P1");
    p.real_name = Some("Ana Lima".into());
    p.role = "SRE".into();
    p.consent.may_quote = true;
    let pid = p.id;
    s.participants.push(p);
    let mut i = Interview {
        participant: pid,
        title: "First sweep".into(),
        ..Default::default()
    };
    for (kind, text, off) in [
        (StatementKind::Quote, "Busy is smooth.", false),
        (StatementKind::Decision, "Did not page yet.", false),
        (StatementKind::Note, "vendor gossip", true),
        (StatementKind::MentalModel, "Retries back off.", false),
    ] {
        i.statements.push(Statement {
            kind,
            text: text.into(),
            off_record: off,
            ..Default::default()
        });
    }
    let quote = i.statements[0].id;
    let decision = i.statements[1].id;
    let off = i.statements[2].id;
    s.interviews.push(i);
    s.decision_points.push(DecisionPoint {
        title: "Message P2 instead of paging".into(),
        who: vec![pid],
        statements: vec![decision],
        aspects: vec![Aspect {
            kind: AspectKind::Goals,
            text: "Not waking a team for a graph that looks odd".into(),
            evidence: vec![quote, off],
        }],
        ..Default::default()
    });
    for (kind, text) in [
        (FindingKind::Contributor, "Gateway retries had no jitter"),
        (
            FindingKind::WentWell,
            "A quiet channel got the right expert",
        ),
        (FindingKind::Difficulty, "Half in a meeting"),
        (FindingKind::OpenQuestion, "Who owns the retry flag?"),
    ] {
        s.findings.push(Finding {
            kind,
            text: text.into(),
            evidence: vec![quote],
            ..Default::default()
        });
    }
    s.follow_ups.push(FollowUp {
        text: "Runbook entry for slow-but-up".into(),
        class: FollowUpClass::ResponseRecovery,
        ..Default::default()
    });
    s.follow_ups.push(FollowUp {
        text: "Add jitter".into(),
        class: FollowUpClass::Prevention,
        ..Default::default()
    });
    s
}

#[test]
fn draft_assembles_every_standard_section_from_the_session() {
    let s = sample();
    let plan = draft_from_session(&s);
    assert_eq!(plan.added, STANDARD.len());
    let mut doc = Document::new(s);
    doc.apply(plan.command.expect("changes")).expect("applies");
    let s = doc.session();
    let kinds: Vec<&str> = s
        .narrative
        .sections
        .iter()
        .map(|x| x.kind.as_str())
        .collect();
    let expected: Vec<&str> = STANDARD.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, expected);
    let body = |k: &str| {
        s.narrative
            .sections
            .iter()
            .find(|x| x.kind == k)
            .map(|x| x.body.clone())
            .unwrap_or_default()
    };
    let quote = s.interviews[0].statements[0].id;
    assert!(body("story").contains("Message P2 instead of paging"));
    assert!(
        body("story").contains("What P1 was trying to achieve, and what pulled the other way: "),
        "{}",
        body("story")
    );
    assert!(body("story").contains(&footnote_ref(quote)));
    assert!(body("contributors").contains("Gateway retries had no jitter"));
    assert!(body("contributors").contains("none of them is a person"));
    assert!(body("went-well").contains("quiet channel"));
    assert!(body("hard").contains("Half in a meeting"));
    assert!(body("themes").contains("Who owns the retry flag?"));
    assert!(body("normal-work").contains("Retries back off."));
    let fu = body("follow-ups");
    let rr = fu.find("### Response and recovery").expect("rr");
    let pv = fu.find("### Prevention").expect("prevention");
    assert!(rr < fu.find("Runbook entry").expect("rb") && fu.find("Runbook").unwrap_or(0) < pv);
    assert!(fu.find("Add jitter").expect("jitter") > pv);
    let appendix = body("appendix");
    assert!(appendix.contains("| P1 | SRE |"));
    assert!(appendix.contains("### Method"));
    // Never real names, never off-the-record words, in any generated text.
    for sec in &s.narrative.sections {
        assert!(!sec.body.contains("Ana"), "{}", sec.body);
        assert!(!sec.body.contains("vendor"));
        assert!(!is_hand_edited(sec));
    }
    // No map in the session: that section is drafted but left out of the export.
    let wai = s.narrative.sections.iter().find(|x| x.kind == "wai-wad");
    assert!(wai.is_some_and(|x| !x.included));
}

#[test]
fn regenerating_keeps_hand_edited_text() {
    let s = sample();
    let mut doc = Document::new(s);
    let plan = draft_from_session(doc.session());
    doc.apply(plan.command.expect("changes")).expect("applies");
    // Edit the summary by hand; change the session so other sections go stale.
    let mut summary = doc.session().narrative.sections[0].clone();
    summary.body.push_str("\n\nOur own words.");
    doc.apply(Command::Section(Edit::put(summary.clone())))
        .expect("edit");
    let mut f = doc.session().findings[0].clone();
    f.text = "Retries without jitter".into();
    doc.apply(Command::Finding(Edit::put(f))).expect("edit");
    let plan = draft_from_session(doc.session());
    assert_eq!(plan.added, 0);
    assert_eq!(plan.kept_edited, vec![(summary.id, "Summary".to_owned())]);
    assert!(plan.refreshed >= 1);
    assert!(plan.describe().contains("kept as you edited"));
    doc.apply(plan.command.expect("changes")).expect("applies");
    let s = doc.session();
    assert!(s.narrative.sections[0].body.ends_with("Our own words."));
    let contributors = s
        .narrative
        .sections
        .iter()
        .find(|x| x.kind == "contributors")
        .expect("there");
    assert!(contributors.body.contains("Retries without jitter"));
    // Explicit regenerate replaces (the UI asks first).
    let cmd = regenerate(s, &s.narrative.sections[0]).expect("standard");
    doc.apply(cmd).expect("applies");
    assert!(
        !doc.session().narrative.sections[0]
            .body
            .contains("Our own words")
    );
}

#[test]
fn footnotes_resolve_to_statements_and_broken_claims_are_listed() {
    let s = sample();
    let i = &s.interviews[0];
    let quote = i.statements[0].id;
    let off = i.statements[2].id;
    let label = footnote_label(quote);
    assert_eq!(label.len(), 10);
    match resolve(&s, &label) {
        Evidence::Found { statement, .. } => assert_eq!(statement.id, quote),
        other => panic!("{other:?}"),
    }
    assert_eq!(resolve(&s, &footnote_label(off)), Evidence::OffRecord);
    assert_eq!(resolve(&s, "s-00000000"), Evidence::Missing);
    assert_eq!(resolve(&s, "s-1"), Evidence::Missing);
    let index = EvidenceIndex::new(&s);
    for l in [
        label.clone(),
        footnote_label(off),
        "s-00000000".to_owned(),
        "s-zz".to_owned(),
        format!("s-{}", quote.0.simple()),
    ] {
        assert_eq!(index.resolve(&l), resolve(&s, &l), "{l}");
    }
    assert!(matches!(index.resolve(&label), Evidence::Found { .. }));

    let body = format!(
        "It was smooth.{}\nThe vendor.{}\n\nGone.[^s-deadbeef]\n\n{}: a definition",
        footnote_ref(quote),
        footnote_ref(off),
        footnote_ref(quote)
    );
    let refs = footnote_refs(&body);
    assert_eq!(refs.len(), 3, "{refs:?}");
    assert_eq!(refs[1].line, 2);
    let sections = vec![NarrativeSection {
        title: "Story".into(),
        body,
        included: true,
        ..Default::default()
    }];
    let broken = broken_claims(&s, &sections);
    assert_eq!(broken.len(), 2);
    assert!(!broken[0].deleted);
    assert_eq!(broken[1].label, "s-deadbeef");
    assert!(broken[1].deleted);
    assert_eq!(broken[1].claim, "Gone.[^s-deadbeef]");

    let text = evidence_text(&s, i, &i.statements[0]);
    assert_eq!(text, "P1, First sweep, at 00:00: “Busy is smooth.”");
    let text = evidence_text(&s, i, &i.statements[1]);
    assert!(text.contains("Decision (facilitator's notes): Did not page yet."));
}

#[test]
fn story_falls_back_to_accounts_without_a_timeline() {
    let mut s = sample();
    s.decision_points.clear();
    let body = draft_body(&s, "story");
    assert!(body.contains("**As P1 (SRE) tells it:**"), "{body}");
    assert!(body.contains("- “Busy is smooth.”"));
    assert!(body.contains("- Decided: Did not page yet."));
    assert!(!body.contains("vendor"));
}

#[test]
fn drafts_pass_the_language_check() {
    let mut s = sample();
    for kind in SessionKind::ALL {
        s.kind = kind;
        for std in STANDARD {
            let body = draft_body(&s, std.kind);
            let open: Vec<_> = crate::model::lint::check(&body)
                .into_iter()
                .filter(|f| !f.exempt)
                .collect();
            assert!(open.is_empty(), "{}: {open:?}", std.kind);
        }
    }
}
