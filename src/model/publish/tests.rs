//! Tests of the publish gate: each finding of the privacy review (issue 14), end to
//! end through the exports that render from it.

use super::*;
use crate::model::export::{ExportOptions, draft_sections, to_markdown, to_markdown_checked};
use crate::model::session::*;
use crate::model::{map, validate};

const OFF: &str = "My manager told me to hide the outage from the status page";
const BYPASS: &str = "I bypassed the change freeze because the fix was urgent";
const SKIPPED: &str = "We skipped the second review when the queue was long";
const THRESHOLD: &str = "My threshold is two failed checks before I page anyone";
const NAMES: [&str; 8] = [
    "jonas", "berg", "ravi", "okafor", "mei", "ling", "chen", "rokafor",
];

/// Lowercase words of a text (letters and digits).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `hay` holds `k` consecutive words of `statement`.
fn holds_run(hay: &str, statement: &str, k: usize) -> bool {
    let (h, s) = (words(hay), words(statement));
    s.windows(k.min(s.len()))
        .any(|w| h.windows(w.len()).any(|x| x == w))
}

fn names_in(text: &str) -> Vec<&'static str> {
    let w = words(text);
    NAMES
        .iter()
        .filter(|n| w.iter().any(|x| x == *n))
        .copied()
        .collect()
}

fn participant(pseudonym: &str, real: &str, role: &str) -> Participant {
    let mut p = Participant::new(pseudonym);
    p.real_name = Some(real.into());
    p.role = role.into();
    p.team = "Payments".into();
    p.consent.may_quote = true;
    p.notes = format!("{real} is nervous about this");
    p.consent.conditions = format!("Do not name {real}");
    p
}

fn statement(kind: StatementKind, text: &str) -> Statement {
    Statement {
        id: Id::new(),
        kind,
        text: text.into(),
        ..Default::default()
    }
}

/// A review with an attributed participant (P1), an anonymous one (P2) and one who
/// may not be quoted (P7); a write-up drafted *before* P1's statement went off the
/// record; decision points, a map step, tags and a theme made from it.
fn review() -> (Session, Id) {
    let mut s = Session::new("Retry storm", SessionKind::NearMiss);
    let mut p1 = participant("P1 (junior SRE)", "Jonas Berg", "junior SRE");
    p1.other_names = vec!["@jb".into()];
    let mut p2 = participant("P2 (senior SRE)", "Ravi Okafor", "senior SRE");
    p2.consent.attribution = Attribution::Anonymous;
    p2.other_names = vec!["rokafor".into()];
    let mut p7 = participant("P7 (release manager)", "Mei-Ling Chen", "release manager");
    p7.consent.may_quote = false;
    let (id1, id2, id7) = (p1.id, p2.id, p7.id);
    s.participants = vec![p1, p2, p7];
    let off = statement(StatementKind::Note, OFF);
    let off_id = off.id;
    let quote = statement(StatementKind::Quote, "Busy is smooth, I told Ravi");
    let threshold = statement(StatementKind::Assessment, THRESHOLD);
    let woke = statement(StatementKind::Quote, "I woke Jonas for nothing that night");
    let mut bypass = statement(StatementKind::Note, BYPASS);
    bypass.paraphrase = "They went ahead during the freeze, as the fix could not wait.".into();
    let skipped = statement(StatementKind::Decision, SKIPPED);
    let ids = [
        off.id,
        quote.id,
        threshold.id,
        woke.id,
        bypass.id,
        skipped.id,
    ];
    let interview = |p: Id, title: &str, st: Vec<Statement>| Interview {
        id: Id::new(),
        participant: p,
        title: title.into(),
        statements: st,
        ..Default::default()
    };
    s.interviews = vec![
        interview(id1, "First sweep with Jonas", vec![off, quote]),
        interview(
            id2,
            "Interview with Ravi about the retry storm",
            vec![threshold, woke],
        ),
        interview(id7, "Release", vec![bypass, skipped]),
    ];
    let dp = |title: &str, st: Vec<Id>| DecisionPoint {
        id: Id::new(),
        title: title.into(),
        who: vec![id1],
        statements: st,
        ..Default::default()
    };
    let title: String = OFF.chars().take(70).collect();
    s.decision_points = vec![
        dp(&title, vec![ids[0]]),
        dp(&format!("… {OFF} …"), vec![ids[0], ids[1]]),
    ];
    s.timeline.push(TimelineEvent {
        id: Id::new(),
        description: "Paged the on-call".into(),
        perspective: Perspective::Participant(id2),
        evidence: vec![ids[2]],
        decision_point: Some(s.decision_points[1].id),
        ..Default::default()
    });
    let mut m = map::new_map("Deploys");
    let (imagined, done) = (Id::new(), Id::new());
    m.nodes = vec![
        MapNode {
            id: imagined,
            lane: Lane::Imagined,
            label: "Wait for the freeze to end".into(),
            ..Default::default()
        },
        MapNode {
            id: done,
            lane: Lane::Done,
            label: OFF.into(),
            evidence: vec![ids[0]],
            ..Default::default()
        },
        MapNode {
            id: Id::new(),
            lane: Lane::Done,
            label: "Deploy".into(),
            evidence: vec![ids[4]],
            ..Default::default()
        },
    ];
    m.links.push(MapLink {
        id: Id::new(),
        imagined: Some(imagined),
        done: Some(m.nodes[2].id),
        relation: Relation::Adapts,
        gap: GapNote {
            why: "Urgent fix".into(),
            evidence: vec![ids[4], ids[5]],
            ..Default::default()
        },
    });
    s.maps.push(m);
    let code = Code {
        id: Id::new(),
        name: "saturation".into(),
        ..Default::default()
    };
    s.tags = [ids[0], ids[2], ids[5]]
        .iter()
        .map(|st| TagApplication {
            id: Id::new(),
            code: code.id,
            statement: *st,
            span: None,
        })
        .collect();
    s.themes.push(Theme {
        id: Id::new(),
        name: "Pressure".into(),
        excerpts: s.tags.iter().map(|t| t.id).collect(),
        ..Default::default()
    });
    s.codes.push(code);
    // Drafted while the statement was still on the record…
    s.narrative.sections = draft_sections(&s);
    for sec in &mut s.narrative.sections {
        sec.id = Id::new();
        sec.included = true;
    }
    s.narrative.sections[0].kind = "Jonas Berg's notes".into();
    // The story is edited by hand: it is not drafted again at export, only gated.
    if let Some(story) = s.narrative.sections.iter_mut().find(|x| x.kind == "story") {
        story.body.push_str("\n\nEdited by hand.");
    }
    // …then marked off the record.
    s.interviews[0].statements[0].off_record = true;
    (s, off_id)
}

#[test]
fn off_the_record_is_a_taint() {
    let (s, _) = review();
    // The draft held the words before the statement was marked.
    assert!(
        s.narrative
            .sections
            .iter()
            .any(|x| holds_run(&x.body, OFF, 5))
    );
    let (md, _) = to_markdown_checked(&s, ExportOptions { redact: true });
    assert!(!holds_run(&md, OFF, 4), "{md}");
    assert!(!md.contains("statement off the record"), "{md}");
    let (real, _) = to_markdown_checked(&s, ExportOptions { redact: false });
    assert!(!holds_run(&real, OFF, 4), "{real}");
    // Counts: two excerpts on record, two footnotes.
    assert!(md.contains("(2 excerpts)"), "{md}");
    let gap = map::to_markdown(&s, &s.maps[0], ExportOptions::default());
    let svg = map::to_svg(&s, &s.maps[0], ExportOptions::default());
    for out in [&gap, &svg] {
        assert!(!holds_run(out, OFF, 4), "{out}");
    }
    assert!(
        gap.contains("2 steps"),
        "the step made only from it is left out: {gap}"
    );
    let copy = shared_copy(&s);
    let text = crate::model::file::to_ron_string(&copy).unwrap_or_default();
    assert!(!holds_run(&text, OFF, 4), "{text}");
    assert_eq!(copy.decision_points.len(), 1, "made only from it: left out");
    assert_eq!(copy.tags.len(), 2);
    assert_eq!(validate::validate(&copy), Ok(()));
}

#[test]
fn the_views_can_mark_what_is_made_from_off_the_record() {
    let (s, _) = review();
    let t = Taint::of(&s);
    assert!(t.withheld.contains(&s.decision_points[0].id));
    assert!(t.partly.contains(&s.decision_points[1].id));
    assert!(t.withheld.contains(&s.maps[0].nodes[1].id));
    assert!(t.partly.contains(&s.themes[0].id));
    assert!(
        s.narrative
            .sections
            .iter()
            .any(|x| t.sections.contains(&x.id))
    );
    assert!(t.mark(s.decision_points[0].id).is_some());
    assert!(t.mark(s.maps[0].nodes[0].id).is_none());
}

#[test]
fn anonymous_participants_are_counted_not_described() {
    let (s, _) = review();
    for redact in [true, false] {
        let md = to_markdown(&s, ExportOptions { redact });
        for leak in ["P2", "senior SRE", "Interview with Ravi", "Ravi", "Okafor"] {
            assert!(!md.contains(leak), "{leak} in\n{md}");
        }
        assert!(md.contains("A participant"), "{md}");
        assert!(
            md.contains("1 more participant asked to stay anonymous"),
            "{md}"
        );
        assert!(md.contains("3 participants"), "counted: {md}");
    }
    let copy = shared_copy(&s);
    let p2 = &copy.participants[1];
    assert_eq!(
        (p2.pseudonym.as_str(), p2.role.as_str(), p2.team.as_str()),
        ("A participant", "", "")
    );
    assert_eq!(copy.interviews[1].title, "Interview");
}

#[test]
fn no_quotes_means_the_paraphrase_or_a_placeholder() {
    let (s, _) = review();
    let (md, open) = to_markdown_checked(&s, ExportOptions { redact: true });
    for words in [BYPASS, SKIPPED] {
        assert!(!holds_run(&md, words, 5), "{words} in\n{md}");
    }
    assert!(md.contains("They went ahead during the freeze"), "{md}");
    let marker = placeholder(s.interviews[2].statements[1].id);
    assert!(
        md.contains(&crate::model::markdown::escape_inline(&marker)),
        "{md}"
    );
    assert_eq!(open.len(), 1, "{open:?}");
    assert!(
        open[0].contains("P7 (release manager), Release, at 00:00"),
        "{open:?}"
    );
    let gap = map::to_markdown(&s, &s.maps[0], ExportOptions::default());
    assert!(
        !holds_run(&gap, BYPASS, 5) && !holds_run(&gap, SKIPPED, 5),
        "{gap}"
    );
    // The shared copy lists the same placeholder and holds no verbatim words.
    let p = publishable(&s, Audience::Everyone);
    assert_eq!(p.open_placeholders, open);
    let text = crate::model::file::to_ron_string(&p.session).unwrap_or_default();
    assert!(!holds_run(&text, BYPASS, 5) && !holds_run(&text, SKIPPED, 5));
}

#[test]
fn edits_inside_quotes_are_bracketed() {
    let (s, _) = review();
    let md = to_markdown(&s, ExportOptions::default());
    assert!(
        md.contains("Busy is smooth, I told \\[a participant\\]"),
        "{md}"
    );
    let copy = shared_copy(&s);
    assert_eq!(
        copy.interviews[1].statements[1].text,
        "I woke [P1 (junior SRE)] for nothing that night"
    );
}

/// Every string leaf of a value, as JSON.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Puts a name into every string field that takes free text (one at a time: a field
/// that then no longer reads, such as an id or a date, is left as it was).
fn names_everywhere(s: &Session) -> Session {
    let mut value = serde_json::to_value(s).unwrap_or_default();
    let mut paths = Vec::new();
    collect_paths(&value, &mut Vec::new(), &mut paths);
    for path in paths {
        let Some(leaf) = pointer(&mut value, &path) else {
            continue;
        };
        let old = leaf.clone();
        if let serde_json::Value::String(t) = leaf {
            t.push_str(" — Jonas Berg asked ravi_okafor and Mei-Ling Chen");
        }
        if serde_json::from_value::<Session>(value.clone()).is_err()
            && let Some(leaf) = pointer(&mut value, &path)
        {
            *leaf = old;
        }
    }
    serde_json::from_value(value).unwrap_or_else(|_| s.clone())
}

fn collect_paths(v: &serde_json::Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        serde_json::Value::String(_) => out.push(at.clone()),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                at.push(i.to_string());
                collect_paths(x, at, out);
                at.pop();
            }
        }
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                at.push(k.clone());
                collect_paths(x, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn pointer<'a>(v: &'a mut serde_json::Value, path: &[String]) -> Option<&'a mut serde_json::Value> {
    let p: String = path
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect();
    v.pointer_mut(&p)
}

#[test]
fn the_shared_copy_redacts_every_text_field() {
    let (s, _) = review();
    let s = names_everywhere(&s);
    // The walk did reach the fields the issue found: notes, conditions, section kinds.
    assert!(s.participants[0].notes.contains("Jonas"));
    assert!(s.narrative.sections[1].kind.contains("Mei-Ling"));
    let copy = shared_copy(&s);
    let mut all = Vec::new();
    strings(&serde_json::to_value(&copy).unwrap_or_default(), &mut all);
    assert!(all.len() > 60, "{}", all.len());
    for text in &all {
        assert!(
            names_in(text).is_empty(),
            "{:?} in {text:?}",
            names_in(text)
        );
    }
    assert!(
        copy.participants
            .iter()
            .all(|p| p.notes.is_empty() && p.consent.conditions.is_empty())
    );
    assert!(
        copy.participants
            .iter()
            .all(|p| p.real_name.is_none() && p.other_names.is_empty())
    );
    assert_eq!(validate::validate(&copy), Ok(()));
    // The Markdown export, too.
    let md = to_markdown(&s, ExportOptions::default());
    assert!(names_in(&md).is_empty(), "{:?} in\n{md}", names_in(&md));
}

#[test]
fn a_participant_sees_their_own_account_and_nothing_else() {
    let (s, off) = review();
    let p1 = s.participants[0].id;
    let view = publishable(&s, Audience::Participant(p1)).session;
    assert_eq!(view.participants.len(), 1);
    assert_eq!(view.interviews.len(), 1);
    let own = &view.interviews[0].statements;
    assert_eq!(own.len(), 2);
    let kept = own
        .iter()
        .find(|x| x.id == off)
        .map(|x| x.text.clone())
        .unwrap_or_default();
    assert!(
        kept.starts_with(FOR_THEIR_EYES) && kept.ends_with(OFF),
        "{kept}"
    );
    // Someone else in their words is "[a colleague]"; their own names their pseudonym.
    assert!(
        own.iter()
            .any(|x| x.text == "Busy is smooth, I told [a colleague]"),
        "{own:?}"
    );
    assert_eq!(view.interviews[0].title, "First sweep with P1 (junior SRE)");
    assert_eq!(view.participants[0].real_name, None);
    // Their decision points, reduced to their own statements; nothing of the others.
    assert_eq!(view.decision_points.len(), 2);
    assert!(view.decision_points.iter().all(|d| d.who == vec![p1]));
    let text = crate::model::file::to_ron_string(&view).unwrap_or_default();
    for other in [
        "threshold",
        "freeze",
        "Ravi",
        "Okafor",
        "P2",
        "P7",
        "Mei",
        "rokafor",
    ] {
        assert!(!text.contains(other), "{other} in {text}");
    }
    assert_eq!(validate::validate(&view), Ok(()));
}

#[test]
fn redaction_is_the_default_and_real_names_keep_consent() {
    let (s, _) = review();
    let md = to_markdown(&s, ExportOptions::default());
    assert!(names_in(&md).is_empty(), "{md}");
    let real = to_markdown(&s, ExportOptions { redact: false });
    assert!(
        real.contains("Jonas"),
        "attributed names stay for the review team"
    );
    assert!(
        !real.contains("Ravi") && !real.contains("Okafor"),
        "never an anonymous one"
    );
}

/// The calibration documents on main render from this view: the names and words of
/// the scenario their tests use (src/model/calibration_tests.rs there).
#[test]
fn a_participant_view_names_others_a_colleague() {
    let mut s = Session::new("Retry storm, 6 April", SessionKind::NearMiss);
    let mut p1 = Participant::new("P1 (on-call SRE)");
    p1.real_name = Some("Ana Lima".into());
    p1.other_names.push("@alima".into());
    let mut p2 = Participant::new("P2 (DBA)");
    p2.real_name = Some("Ben Okafor".into());
    p2.other_names.push("benok".into());
    let (id1, id2) = (p1.id, p2.id);
    s.participants = vec![p1, p2];
    let mine = vec![
        statement(
            StatementKind::Observation,
            "I pinged Ben Okafor and benok replied",
        ),
        statement(StatementKind::Observation, "P2 said the disk was fine"),
    ];
    let theirs = vec![statement(
        StatementKind::Observation,
        "The vacuum job was the trigger",
    )];
    s.interviews = vec![
        Interview {
            id: Id::new(),
            participant: id1,
            title: "First sweep with P1".into(),
            summary: "Ana read the graph as a leak, said @alima".into(),
            statements: mine,
            ..Default::default()
        },
        Interview {
            id: Id::new(),
            participant: id2,
            title: "Interview with P2".into(),
            statements: theirs,
            ..Default::default()
        },
    ];
    let view = publishable(&s, Audience::Participant(id1)).session;
    let i = &view.interviews[0];
    assert_eq!(
        i.statements[0].text,
        "I pinged [a colleague] and [a colleague] replied"
    );
    assert_eq!(i.statements[1].text, "[a colleague] said the disk was fine");
    assert_eq!(
        i.summary,
        "P1 (on-call SRE) read the graph as a leak, said @P1 (on-call SRE)"
    );
    let text = crate::model::file::to_ron_string(&view).unwrap_or_default();
    for other in [
        "vacuum", "Ben", "Okafor", "benok", "DBA", "Ana", "Lima", "alima",
    ] {
        assert!(!text.contains(other), "{other} in {text}");
    }
    assert_eq!(validate::validate(&view), Ok(()));
    let _ = id2;
}

/// A session with one participant, an off-the-record statement (`text`) and one on
/// the record; the ids of the two statements.
fn one_off_the_record(text: &str) -> (Session, Id, Id) {
    let mut s = Session::new("Leak hunt", SessionKind::NearMiss);
    let p = participant("P1", "Jonas Berg", "SRE");
    let pid = p.id;
    s.participants = vec![p];
    let mut off = statement(StatementKind::Note, text);
    off.off_record = true;
    let on = statement(StatementKind::Note, "something else entirely was said here");
    let (a, b) = (off.id, on.id);
    s.interviews = vec![Interview {
        id: Id::new(),
        participant: pid,
        statements: vec![off, on],
        ..Default::default()
    }];
    (s, a, b)
}

#[test]
fn escaped_brackets_do_not_hide_off_the_record_words() {
    // Found by the property test: an off-the-record statement holding `[^ … ]`,
    // quoted (escaped, `\[^ … \]`) in a write-up, was read as a footnote reference
    // and its words skipped; the whole statement reached the shared copy.
    let text = "we went [^ vendor told us the fix ႠႡႢ0Ⴣ was a hack ] back";
    let (mut s, off, _) = one_off_the_record(text);
    let quoted = format!(
        "{}{}",
        crate::model::markdown::escape_inline(text),
        crate::model::narrative::footnote_ref(off)
    );
    // And unescaped: a footnote label has no spaces; what a label holds is words, too.
    let raw = format!("Said: [^vendor-told-us-the-fix-was-a-hack] {}", "and more");
    s.narrative.sections = [quoted, raw]
        .into_iter()
        .map(|body| NarrativeSection {
            id: Id::new(),
            kind: "contributors".into(),
            title: "Notes".into(),
            body,
            included: true,
            generated_hash: None,
        })
        .collect();
    let copy = shared_copy(&s);
    for sec in &copy.narrative.sections {
        assert!(!sec.body.contains("ႠႡႢ0Ⴣ"), "{}", sec.body);
        assert!(!holds_run(&sec.body, text, 5), "{}", sec.body);
    }
    let (md, _) = to_markdown_checked(&s, ExportOptions { redact: true });
    assert!(!md.contains("ႠႡႢ0Ⴣ") && !holds_run(&md, text, 5), "{md}");
    assert_eq!(super::Taint::of(&s).sections.len(), 2);
}

#[test]
fn a_title_cut_from_an_off_the_record_statement_is_withheld() {
    // A title made from the first 70 characters of an off-the-record statement with
    // one word before the cut: fewer words than a local run, the last one cut short.
    let text = format!(
        "{} ႠႡႢ0Ⴣ abcdefgh {} w1 w2 w3",
        "!".repeat(60),
        "!".repeat(60)
    );
    let (mut s, off, on) = one_off_the_record(&text);
    let title: String = text.chars().take(70).collect();
    assert!(title.ends_with("ႠႡႢ0Ⴣ abc"));
    s.findings = vec![Finding {
        id: Id::new(),
        kind: FindingKind::WentWell,
        text: title.clone(),
        evidence: vec![off, on],
    }];
    // Cut at the end of a word, and with no word before the secret one.
    s.follow_ups = vec![FollowUp {
        id: Id::new(),
        text: text.chars().take(66).collect(),
        class: FollowUpClass::Prevention,
        evidence: vec![off, on],
        ..Default::default()
    }];
    let copy = shared_copy(&s);
    assert!(
        !copy.findings[0].text.contains("ႠႡႢ0Ⴣ"),
        "{:?}",
        copy.findings
    );
    assert!(
        !copy.follow_ups[0].text.contains("ႠႡႢ0Ⴣ"),
        "{:?}",
        copy.follow_ups
    );
    // Text that is not the statement's start keeps its words.
    s.findings[0].text = "Abcdefgh went fine".into();
    let copy = shared_copy(&s);
    assert_eq!(copy.findings[0].text, "Abcdefgh went fine");
}

#[test]
fn a_name_that_is_an_ordinary_word_does_not_hide_off_the_record_words() {
    // Found by the property test (shrunk): an off-the-record statement "Will ႠႡႢ0Ⴣ
    // Will" by Will Will. Alone, its first "Will" starts a sentence (an ordinary
    // word, kept); quoted after a citation it is a name (replaced). Compared only
    // once names were replaced, the statement and the write-up read differently and
    // the words went out.
    let text = " Will ႠႡႢ0Ⴣ Will ";
    let (mut s, off, on) = one_off_the_record(text);
    s.participants[0].real_name = Some("Will Will".into());
    s.participants[0].consent.may_quote = false;
    let body = format!(
        "{}{}{}",
        crate::model::narrative::footnote_ref(on),
        crate::model::markdown::escape_inline(text),
        crate::model::narrative::footnote_ref(off)
    );
    s.narrative.sections = vec![NarrativeSection {
        id: Id::new(),
        kind: "contributors".into(),
        title: String::new(),
        body,
        included: true,
        generated_hash: None,
    }];
    let copy = shared_copy(&s);
    let body = &copy.narrative.sections[0].body;
    assert!(!body.contains("ႠႡႢ0Ⴣ"), "{body}");
    let (md, _) = to_markdown_checked(&s, ExportOptions { redact: true });
    assert!(!md.contains("ႠႡႢ0Ⴣ"), "{md}");
    // In a plain field made from it, too.
    s.findings = vec![Finding {
        id: Id::new(),
        kind: FindingKind::WentWell,
        text: format!("Then{text}"),
        evidence: vec![off, on],
    }];
    let copy = shared_copy(&s);
    assert!(
        !copy.findings[0].text.contains("ႠႡႢ0Ⴣ"),
        "{:?}",
        copy.findings
    );
}

#[test]
fn withholding_words_as_written_never_leaves_half_a_name() {
    // Off-the-record words are also looked for before names are replaced; a run that
    // ends inside an anonymous participant's role ("senior Գ1Դ") takes the whole role,
    // or the rest of it is no longer recognised (found by the property test).
    let (mut s, off, on) = one_off_the_record("the fix came from a senior");
    s.participants[0].role = "senior Գ1Դ".into();
    s.participants[0].consent.attribution = Attribution::Anonymous;
    s.findings = vec![Finding {
        id: Id::new(),
        kind: FindingKind::WentWell,
        text: "So the fix came from a senior Գ1Դ today".into(),
        evidence: vec![off, on],
    }];
    let copy = shared_copy(&s);
    let text = &copy.findings[0].text;
    assert!(
        !text.contains("Գ1Դ") && !holds_run(text, "the fix came from a senior", 5),
        "{text}"
    );
    assert!(
        text.starts_with("So ") && text.ends_with(" today"),
        "{text}"
    );
}
