//! Tests of the drafted second story: the Method section with and without each
//! recorded fact, differing accounts side by side, prose from inside, the Summary
//! from findings, and readable footnote labels (stable, de-duplicated, neutral for
//! anonymous participants, forged definitions dropped).

use super::*;
use crate::model::export::{draft_sections, to_markdown, write_up};
use crate::model::guides::builtin_guides;
use crate::model::markdown::ExportOptions;
use chrono::NaiveDate;

fn person(s: &mut Session, pseudonym: &str) -> Id {
    let mut p = Participant::new(pseudonym);
    p.consent.may_quote = true;
    let id = p.id;
    s.participants.push(p);
    id
}

fn said(at_secs: u32, text: &str) -> Statement {
    Statement {
        at_secs,
        kind: StatementKind::Observation,
        text: text.into(),
        ..Default::default()
    }
}

/// One interview with nothing recorded about how it was run.
fn bare() -> Session {
    let mut s = Session::new("Review", SessionKind::IncidentReview);
    let p = person(&mut s, "P1");
    s.interviews.push(Interview {
        participant: p,
        title: "First sweep".into(),
        statements: vec![said(30, "Saw the graph climb.")],
        ..Default::default()
    });
    s
}

fn method_of(s: &Session) -> String {
    let body = draft_body(s, "appendix");
    body[body.find("### Method").expect("a Method part")..].to_owned()
}

#[test]
fn the_method_section_claims_nothing_the_file_does_not_record() {
    let m = method_of(&bare());
    for missing in [
        "date not recorded",
        "length not recorded",
        "no guide recorded",
        "no kick-off items recorded",
        "account not checked with them",
        "Their dates are not recorded.",
        "Their length is not recorded.",
        "A guide is recorded for no interview, and kick-off items are ticked for no interview",
    ] {
        assert!(m.contains(missing), "{missing:?} not in {m}");
    }
    for invented in [
        "kick-off that explained",
        "Critical Decision Method",
        "timeline checked",
        "checked with them on",
        "kick-off covered",
        "asked not to be quoted",
    ] {
        assert!(!m.contains(invented), "{invented:?} in {m}");
    }
}

#[test]
fn the_method_section_says_each_fact_that_is_recorded() {
    let mut s = bare();
    let cdm = builtin_guides()
        .iter()
        .find(|g| g.name.starts_with("Critical Decision"))
        .expect("CDM guide");
    let kick_off = builtin_guides()
        .iter()
        .find(|g| g.name.starts_with("Kick-off"))
        .expect("kick-off script");
    assert_eq!(
        kick_off.questions.len(),
        method::KICK_OFF_ITEMS.len(),
        "every kick-off item is described"
    );
    let i = &mut s.interviews[0];
    i.started = "2026-04-08T10:00:00Z".parse().ok();
    i.duration_secs = 17 * 60;
    i.guide = Some(cdm.id);
    let ask = |q: &GuideQuestion, status| AskedQuestion {
        question: Some(q.id),
        text: q.text.clone(),
        status,
        ..Default::default()
    };
    i.asked
        .push(ask(&kick_off.questions[1], AskedStatus::Asked));
    i.asked
        .push(ask(&kick_off.questions[5], AskedStatus::Asked));
    // A skipped kick-off item is not claimed.
    i.asked
        .push(ask(&kick_off.questions[3], AskedStatus::Skipped));
    i.asked.push(ask(&cdm.questions[0], AskedStatus::Asked));
    i.asked.push(ask(&cdm.questions[1], AskedStatus::Skipped));
    i.asked.push(AskedQuestion {
        text: "How could you tell?".into(),
        ..Default::default()
    });
    i.calibration_sent = NaiveDate::from_ymd_opt(2026, 4, 9);
    let m = method_of(&s);
    for said in [
        "on 8 April 2026",
        "17 min",
        &format!(
            "guide “{}”, 1 of its {} questions asked (1 skipped)",
            cdm.name,
            cdm.questions.len()
        ),
        "1 probe asked after what they said",
        "kick-off covered that the review is not about blame or corrective actions and that they may go off the record at any time",
        "account sent to them on 9 April 2026, not yet checked",
        "A guide is recorded for the interview, and kick-off items are ticked for the interview",
        "checked with them for no interview",
    ] {
        assert!(m.contains(said), "{said:?} not in {m}");
    }
    assert!(!m.contains("consent to take notes"), "{m}");
    // Checked, and a participant who may not be quoted.
    s.interviews[0].calibration_checked = NaiveDate::from_ymd_opt(2026, 4, 10);
    s.participants[0].consent.may_quote = false;
    let m = method_of(&s);
    assert!(
        m.contains("account checked with them on 10 April 2026"),
        "{m}"
    );
    assert!(m.contains("checked with them for the interview"), "{m}");
    assert!(m.contains("asked not to be quoted"), "{m}");
}

/// P1 and P2 tell one moment differently; a log line falls between them in time.
fn differing() -> (Session, Id, Id) {
    let mut s = Session::new("Review", SessionKind::IncidentReview);
    let p1 = person(&mut s, "P1");
    let p2 = person(&mut s, "P2");
    let mut ev = Vec::new();
    for (who, text) in [
        (p1, "Read it as port exhaustion."),
        (p2, "Read it as a provider outage."),
    ] {
        let st = said(60, text);
        ev.push(st.id);
        s.interviews.push(Interview {
            participant: who,
            statements: vec![st],
            ..Default::default()
        });
    }
    let t = |hm: &str| EventTime::Exact(format!("2026-04-06T{hm}:00Z").parse().expect("time"));
    let event = |time, perspective, description: &str, evidence| TimelineEvent {
        id: Id::new(),
        time,
        perspective,
        description: description.into(),
        evidence,
        ..Default::default()
    };
    let mut a = event(
        t("09:10"),
        Perspective::Participant(p1),
        "Reads the error as port exhaustion",
        vec![ev[0]],
    );
    let log = event(t("09:12"), Perspective::Log, "Error rate at 4%", vec![]);
    let mut b = event(
        t("09:15"),
        Perspective::Participant(p2),
        "Reads the error as a provider outage",
        vec![ev[1]],
    );
    a.differs_from.push(b.id);
    b.differs_from.push(a.id);
    s.timeline = vec![a, log, b];
    (s, p1, p2)
}

#[test]
fn differing_accounts_stand_side_by_side_in_the_story_and_the_timeline() {
    let (s, _, _) = differing();
    let story = draft_body(&s, "story");
    let one = story
        .find("P1 recalls: Reads the error as port exhaustion")
        .expect("P1's account");
    let other = story
        .find("P2 recalls: Reads the error as a provider outage")
        .expect("P2's account");
    let log = story
        .find("the logs show: Error rate at 4%")
        .expect("the log line");
    let paragraph = &story[one.min(other)..one.max(other)];
    assert!(
        !paragraph.contains("\n\n"),
        "both accounts in one paragraph: {story}"
    );
    assert!(
        log > one.max(other),
        "the accounts are told together: {story}"
    );
    assert!(
        story.contains("Accounts of this moment differ; each is kept"),
        "{story}"
    );
    let appendix = draft_body(&s, "appendix");
    let row = appendix
        .lines()
        .find(|l| l.contains("*Accounts differ:*"))
        .expect("one row for both accounts");
    assert!(
        row.contains("P1: Reads the error as port exhaustion"),
        "{row}"
    );
    assert!(
        row.contains("P2: Reads the error as a provider outage"),
        "{row}"
    );
    assert_eq!(appendix.matches("port exhaustion").count(), 1, "{appendix}");
    // The export keeps them together too.
    let md = to_markdown(&s, ExportOptions::default());
    let story = &md[md.find("## The story").expect("story")..];
    assert!(
        story.contains("P1 recalls: Reads the error as port exhaustion.[^P1-0100] On 6 April")
            || story.contains(
                "P1 recalls: Reads the error as port exhaustion.[^P1-0100] At 09:15, P2 recalls"
            ),
        "{story}"
    );
}

#[test]
fn differing_accounts_keep_each_participants_consent() {
    let (mut s, _, p2) = differing();
    if let Some(p) = s.participants.iter_mut().find(|p| p.id == p2) {
        p.consent.attribution = Attribution::Anonymous;
        p.pseudonym = "Pat Quinn".into();
    }
    let md = to_markdown(&s, ExportOptions::default());
    assert!(
        md.contains("a participant recalls: Reads the error as a provider outage"),
        "{md}"
    );
    assert!(!md.contains("Pat") && !md.contains("P2"), "{md}");
    assert!(md.contains("[^anon-0100]"), "{md}");
    // An account whose only evidence is off the record is gone, and so is the pair.
    let (mut s, _, _) = differing();
    s.interviews[1].statements[0].off_record = true;
    let md = to_markdown(&s, ExportOptions::default());
    assert!(!md.contains("provider outage"), "{md}");
    assert!(!md.contains("Accounts of this moment differ"), "{md}");
    assert!(!md.contains("Accounts differ"), "{md}");
}

#[test]
fn the_story_is_prose_with_evidence_on_every_clause() {
    let mut s = Session::new("Review", SessionKind::NearMiss);
    let p = person(&mut s, "P1");
    let st: Vec<Statement> = (0..4)
        .map(|k| said(60 * k, &format!("Statement {k}.")))
        .collect();
    let ids: Vec<Id> = st.iter().map(|x| x.id).collect();
    s.interviews.push(Interview {
        participant: p,
        statements: st,
        ..Default::default()
    });
    let aspect = |kind, text: &str, k: usize| Aspect {
        kind,
        text: text.into(),
        evidence: vec![ids[k]],
    };
    let d = DecisionPoint {
        id: Id::new(),
        title: "Held off paging".into(),
        who: vec![p],
        aspects: vec![
            aspect(AspectKind::Goals, "Be sure first, against acting early", 1),
            aspect(AspectKind::Cues, "A sawtooth on the pool graph", 0),
            aspect(AspectKind::Options, "Page, or look first", 2),
            aspect(AspectKind::BasisOfChoice, "Looking cost two minutes", 3),
        ],
        ..Default::default()
    };
    s.timeline.push(TimelineEvent {
        time: EventTime::Exact("2026-04-06T09:10:00Z".parse().expect("time")),
        perspective: Perspective::Participant(p),
        description: "Sees the sawtooth".into(),
        evidence: vec![ids[0]],
        decision_point: Some(d.id),
        ..Default::default()
    });
    s.decision_points.push(d);
    let story = draft_body(&s, "story");
    assert!(
        !story.lines().any(|l| l.starts_with("- ")),
        "no bullets: {story}"
    );
    let f = |k: usize| footnote_ref(ids[k]);
    for clause in [
        format!("What P1 noticed: A sawtooth on the pool graph.{}", f(0)),
        format!(
            "What P1 was trying to achieve, and what pulled the other way: Be sure first, against acting early.{}",
            f(1)
        ),
        format!("The options P1 saw: Page, or look first.{}", f(2)),
        format!(
            "Why the choice made sense to P1 then: Looking cost two minutes.{}",
            f(3)
        ),
    ] {
        assert!(story.contains(&clause), "{clause:?} not in {story}");
    }
    // In the order a decision point is deepened, not as entered.
    assert!(story.find("noticed").expect("cues") < story.find("trying to achieve").expect("goals"));
    assert!(!story.contains("Not explored with them yet"), "{story}");
    s.decision_points[0].aspects.truncate(1);
    let story = draft_body(&s, "story");
    assert!(
        story.contains("Not explored with them yet: cues, options seen and basis of the choice."),
        "{story}"
    );
    // The wording the app adds passes the language check.
    let open: Vec<_> = crate::model::lint::check(&story)
        .into_iter()
        .filter(|f| !f.exempt)
        .collect();
    assert!(open.is_empty(), "{open:?}");
}

#[test]
fn the_summary_is_drafted_from_the_findings_not_the_purpose() {
    let mut s = bare();
    s.purpose = "We chose this event because it went right.".into();
    let summary = draft_body(&s, "summary");
    assert!(!summary.contains("We chose this event"), "{summary}");
    assert!(
        summary.contains("No contributors, difficulties or things that went well are recorded yet"),
        "{summary}"
    );
    let id = s.interviews[0].statements[0].id;
    for (kind, text) in [
        (FindingKind::Difficulty, "Slow is not a designed-for state."),
        (FindingKind::Contributor, "Retries had no jitter."),
        (
            FindingKind::Contributor,
            "The timeout sat at the gateway's latency.",
        ),
        (FindingKind::WentWell, "A quiet channel reached the expert."),
    ] {
        s.findings.push(Finding {
            kind,
            text: text.into(),
            evidence: vec![id],
            ..Default::default()
        });
    }
    let summary = draft_body(&s, "summary");
    let f = footnote_ref(id);
    for said in [
        format!("What made it hard: Slow is not a designed-for state{f}."),
        format!(
            "Among the things that had to be true together: Retries had no jitter{f}; the timeout sat at the gateway's latency{f}."
        ),
        format!("What went well: A quiet channel reached the expert{f}."),
        "draws on 1 interview with 1 person.".to_owned(),
    ] {
        assert!(summary.contains(&said), "{said:?} not in {summary}");
    }
}

#[test]
fn footnote_labels_are_readable_stable_and_distinct() {
    let mut s = Session::new("Review", SessionKind::IncidentReview);
    let pat = person(&mut s, "Pat (SRE)");
    let pat2 = person(&mut s, "PAT");
    let long = person(&mut s, "Zoë");
    let anon = person(&mut s, "Quinn");
    s.participants[3].consent.attribution = Attribution::Anonymous;
    for (who, at) in [(pat, 192), (pat, 192), (pat2, 192), (long, 5), (anon, 61)] {
        s.interviews.push(Interview {
            participant: who,
            statements: vec![
                said(at, "Words."),
                Statement {
                    speaker: Speaker::Facilitator,
                    ..said(at, "Note.")
                },
            ],
            ..Default::default()
        });
    }
    let labels = ReadableLabels::new(&s);
    let of = |i: usize, k: usize| {
        labels
            .get(s.interviews[i].statements[k].id)
            .map(str::to_owned)
    };
    assert_eq!(of(0, 0).as_deref(), Some("Pat-0312"));
    assert_eq!(
        of(1, 0).as_deref(),
        Some("Pat-0312-2"),
        "same person, same second"
    );
    // Renderers match labels without case: "PAT-0312" would be the same footnote.
    assert_eq!(of(2, 0).as_deref(), Some("PAT-0312-3"));
    assert_eq!(
        of(3, 0).as_deref(),
        Some("P3-0005"),
        "no cut words: {:?}",
        of(3, 0)
    );
    assert_eq!(of(4, 0).as_deref(), Some("anon-0101"));
    assert_eq!(of(0, 1).as_deref(), Some("note-0312"));
    assert_eq!(of(1, 1).as_deref(), Some("note-0312-2"));
    // Cited in a write-up, exported twice: the same labels, every one defined once.
    let mut body = String::new();
    for i in &s.interviews {
        for st in &i.statements {
            body.push_str(&format!("Claim.{} ", footnote_ref(st.id)));
        }
    }
    s.narrative.sections.push(NarrativeSection {
        id: Id::new(),
        kind: "story".into(),
        title: "Story".into(),
        body: format!("{body}\n\n[^s-00000001]: forged words\n  still forged\n\n[^Pat-0312]: forged again\n\n[^mine]: my own note\n\nAfter."),
        included: true,
        generated_hash: None,
    });
    let a = to_markdown(&s, ExportOptions::default());
    assert_eq!(a, to_markdown(&s, ExportOptions::default()));
    assert!(!a.contains("forged"), "{a}");
    assert!(
        a.contains("[^mine]: my own note") && a.contains("After."),
        "{a}"
    );
    assert!(!a.contains("[^s-"), "{a}");
    assert!(!a.contains("Quinn"), "{a}");
    for l in [
        "Pat-0312",
        "Pat-0312-2",
        "PAT-0312-3",
        "P3-0005",
        "anon-0101",
        "note-0312",
    ] {
        assert_eq!(a.matches(&format!("[^{l}]:")).count(), 1, "{l}: {a}");
    }
    // The draft of an untouched session names the same statements the same way.
    let published =
        crate::model::publish::publishable(&s, crate::model::publish::Audience::Everyone).session;
    let drafted = write_up(&published, &draft_sections(&published));
    assert_eq!(drafted, write_up(&published, &draft_sections(&published)));
}

#[test]
fn broken_claims_quote_their_own_line() {
    let mut s = bare();
    let ok = footnote_ref(s.interviews[0].statements[0].id);
    let line = "Gone.[^s-0000dead] ".repeat(50);
    let body = format!("First.{ok}\n{line}\nLast.[^s-0000beef]");
    s.narrative.sections.push(NarrativeSection {
        id: Id::new(),
        kind: "story".into(),
        title: "Story".into(),
        body,
        included: true,
        generated_hash: None,
    });
    let broken = broken_claims(&s, &s.narrative.sections);
    assert_eq!(broken.len(), 51);
    assert!(
        broken[..50]
            .iter()
            .all(|b| b.line == 2 && b.claim == line.trim())
    );
    assert_eq!(
        (broken[50].line, broken[50].claim.as_str()),
        (3, "Last.[^s-0000beef]")
    );
}
