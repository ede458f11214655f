//! Property tests over arbitrary sessions:
//!
//! - save → open is the identity (`file::to_ron_string` then `file::from_str`);
//! - Markdown export never panics, redacted or not;
//! - with redaction on, no participant's real name (as a whole word, any case) and no
//!   off-the-record statement appears anywhere in the export or in the shared
//!   redacted copy — and the redacted copy is itself a valid session file.
//!
//! Real names are drawn from Greek letters and off-the-record statements carry a
//! marker in Cyrillic; all other generated text excludes both scripts, so any hit
//! in the output is a genuine leak and not a coincidence. Other text is hostile on
//! purpose: quotes, backslashes, parentheses, `/*`, raw newlines, NUL, BOMs, HTML
//! and Markdown syntax, and arbitrary Unicode.

use proptest::prelude::*;
use second_story::model::export::{ExportOptions, to_markdown};
use second_story::model::file;
use second_story::model::publish::shared_copy as redacted_copy;
use second_story::model::validate::validate;
use second_story::model::*;

/// One piece of generated text: plain text, or a mention of a participant's name.
#[derive(Clone, Debug)]
enum Frag {
    Text(String),
    /// Participant index (modulo the count) and which form of the name.
    Name(usize, u8),
}

type Raw = Vec<Frag>;

/// Scripts reserved for names and markers; no other generated text uses them.
fn reserved(c: char) -> bool {
    let r = |c: char| {
        matches!(c as u32,
            0x0370..=0x03FF | 0x1F00..=0x1FFF // Greek
            | 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F // Cyrillic
        )
    };
    r(c) || c.to_lowercase().any(r) || c.to_uppercase().any(r)
}

fn clean(s: String) -> String {
    s.chars().filter(|c| !reserved(*c)).collect()
}

/// Text that tries to break RON, Markdown and HTML.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 ,.:;!?'-]{0,12}",
        3 => prop::sample::select(vec![
            "\"", "\\", "\\\"", ")", "(", "]", "[", "{", "}", ",", "\n", "\r\n", "\r", "\t",
            "\0", "/*", "*/", "//", "r#\"", "\"#", "#", "# ", "version: 99", "format:",
            "\u{feff}", "\u{2028}", "\u{200b}", "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "`", "***", "_",
            "1. ", "- ", "> ", "|", "&amp;", "\\u{41}", "\\n", "'", "Some(", "None", "é", "🙂",
        ])
        .prop_map(str::to_owned),
        2 => "\\PC{0,10}".prop_map(clean),
        1 => any::<char>().prop_map(|c| clean(c.to_string())),
    ]
}

fn frag() -> impl Strategy<Value = Frag> {
    prop_oneof![
        5 => fragment().prop_map(Frag::Text),
        1 => (0..8usize, 0..4u8).prop_map(|(i, f)| Frag::Name(i, f)),
    ]
}

fn raw() -> impl Strategy<Value = Raw> {
    prop::collection::vec(frag(), 0..6)
}

/// Lowercase Greek without the final sigma (whose case mapping does not round-trip).
fn name_part() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(('α'..='ω').filter(|c| *c != 'ς').collect::<Vec<char>>()),
        3..8,
    )
    .prop_map(|v| v.into_iter().collect())
}

#[derive(Clone, Debug)]
struct RawParticipant {
    pseudonym: String,
    name: Option<(String, String)>,
    texts: [Raw; 5],
}

#[derive(Clone, Debug)]
struct RawStatement {
    text: Raw,
    kind: usize,
    off_record: bool,
    facilitator: bool,
    at_secs: u32,
}

#[derive(Clone, Debug)]
struct RawInterview {
    participant: usize,
    texts: [Raw; 4],
    statements: Vec<RawStatement>,
}

#[derive(Clone, Debug)]
struct RawSession {
    title: Raw,
    purpose: Raw,
    kind: usize,
    created: i64,
    facilitators: Vec<Raw>,
    participants: Vec<RawParticipant>,
    interviews: Vec<RawInterview>,
    /// Text for everything else (timeline, decisions, codes, maps, write-up, guides).
    extras: Vec<Raw>,
    /// Choices for references and numbers.
    picks: Vec<u32>,
    positions: Vec<(f32, f32)>,
}

fn raw_participant() -> impl Strategy<Value = RawParticipant> {
    (
        "\\PC{0,8}".prop_map(clean),
        prop::option::weighted(0.8, (name_part(), name_part())),
        [raw(), raw(), raw(), raw(), raw()],
    )
        .prop_map(|(pseudonym, name, texts)| RawParticipant {
            pseudonym,
            name,
            texts,
        })
}

fn raw_statement() -> impl Strategy<Value = RawStatement> {
    (
        raw(),
        0..10usize,
        prop::bool::weighted(0.3),
        any::<bool>(),
        0..20_000u32,
    )
        .prop_map(
            |(text, kind, off_record, facilitator, at_secs)| RawStatement {
                text,
                kind,
                off_record,
                facilitator,
                at_secs,
            },
        )
}

fn raw_interview() -> impl Strategy<Value = RawInterview> {
    (
        0..8usize,
        [raw(), raw(), raw(), raw()],
        prop::collection::vec(raw_statement(), 0..7),
    )
        .prop_map(|(participant, texts, statements)| RawInterview {
            participant,
            texts,
            statements,
        })
}

fn raw_session() -> impl Strategy<Value = RawSession> {
    (
        (raw(), raw(), 0..3usize, 0..4_000_000_000i64),
        prop::collection::vec(raw(), 0..3),
        prop::collection::vec(raw_participant(), 1..5),
        prop::collection::vec(raw_interview(), 0..4),
        prop::collection::vec(raw(), 40..41),
        prop::collection::vec(any::<u32>(), 40..41),
        prop::collection::vec((-1.0e6f32..1.0e6, -1.0e6f32..1.0e6), 4..5),
    )
        .prop_map(
            |(
                (title, purpose, kind, created),
                facilitators,
                participants,
                interviews,
                extras,
                picks,
                positions,
            )| RawSession {
                title,
                purpose,
                kind,
                created,
                facilitators,
                participants,
                interviews,
                extras,
                picks,
                positions,
            },
        )
}

/// A generated session and what must never leak from it.
#[derive(Debug)]
struct Generated {
    session: Session,
    /// Every real-name part (lowercase).
    name_parts: Vec<String>,
    /// The marker inside each off-the-record statement.
    off_markers: Vec<String>,
}

fn build(raw: RawSession) -> Generated {
    let mut next_id = 0u128;
    let mut id = || {
        next_id += 1;
        Id::from_u128(0x5eed_0000_0000_0000_0000_0000_0000_0000 + next_id)
    };
    let names: Vec<Option<(String, String)>> =
        raw.participants.iter().map(|p| p.name.clone()).collect();
    let render = |r: &Raw| -> String {
        let mut s = String::new();
        for f in r {
            match f {
                Frag::Text(t) => s.push_str(t),
                Frag::Name(i, form) => {
                    if let Some((first, last)) = &names[i % names.len()] {
                        let mention = match form {
                            0 => format!("{first} {last}"),
                            1 => first.clone(),
                            2 => last.to_uppercase(),
                            _ => format!("{}-{last}", first.to_uppercase()),
                        };
                        // Whole words: separated from the text around them.
                        s.push(' ');
                        s.push_str(&mention);
                        s.push(' ');
                    }
                }
            }
        }
        s
    };
    let mut extras = raw.extras.iter().cycle();
    let mut extra = || render(extras.next().expect("extras are never empty"));
    let mut picks = raw.picks.iter().cycle().copied();
    let mut pick = || picks.next().unwrap_or(0) as usize;
    let created = chrono::DateTime::from_timestamp(raw.created, 0).unwrap_or_default();

    let mut s = Session::new(render(&raw.title), SessionKind::ALL[raw.kind]);
    s.id = id();
    s.created = created;
    s.updated = created;
    s.purpose = render(&raw.purpose);
    s.facilitators = raw.facilitators.iter().map(render).collect();

    let mut name_parts = Vec::new();
    for rp in &raw.participants {
        if let Some((first, last)) = &rp.name {
            name_parts.push(first.clone());
            name_parts.push(last.clone());
        }
        let [role, team, notes, conditions, retention] = &rp.texts;
        s.participants.push(Participant {
            id: id(),
            pseudonym: rp.pseudonym.clone(),
            real_name: rp.name.as_ref().map(|(f, l)| format!("{f} {l}")),
            role: render(role),
            team: render(team),
            notes: render(notes),
            consent: Consent {
                may_record: rp.texts[0].len() % 2 == 0,
                may_quote: rp.texts[1].len() % 2 == 0,
                attribution: if rp.texts[2].len() % 2 == 0 {
                    Attribution::Pseudonym
                } else {
                    Attribution::Anonymous
                },
                conditions: render(conditions),
                retention: render(retention),
            },
            ..Default::default()
        });
    }

    let mut off_markers = Vec::new();
    let mut statement_ids = Vec::new();
    for ri in &raw.interviews {
        let participant = s.participants[ri.participant % s.participants.len()].id;
        let [title, summary, follow_ups, facilitator] = &ri.texts;
        let mut interview = Interview {
            id: id(),
            participant,
            title: render(title),
            facilitator: render(facilitator),
            summary: render(summary),
            participant_follow_ups: render(follow_ups),
            duration_secs: ri.statements.iter().map(|st| st.at_secs).max().unwrap_or(0),
            ..Default::default()
        };
        for rs in &ri.statements {
            let mut text = render(&rs.text);
            if rs.off_record {
                // A marker no other text can contain, in the middle of the text.
                let marker = format!("жзклмн{}ф", off_markers.len());
                let mid = text.char_indices().nth(text.chars().count() / 2);
                text.insert_str(mid.map(|(i, _)| i).unwrap_or(text.len()), &marker);
                off_markers.push(marker);
            }
            let st = Statement {
                id: id(),
                at_secs: rs.at_secs,
                speaker: if rs.facilitator {
                    Speaker::Facilitator
                } else {
                    Speaker::Interviewee
                },
                kind: StatementKind::ALL[rs.kind],
                text,
                off_record: rs.off_record,
                ..Default::default()
            };
            statement_ids.push(st.id);
            interview.statements.push(st);
        }
        interview.asked.push(AskedQuestion {
            id: id(),
            text: extra(),
            at_secs: pick() as u32 % 4000,
            ..Default::default()
        });
        s.interviews.push(interview);
    }

    // Everything else refers to statements (off-the-record ones too) and holds text.
    let mut evidence = |n: usize| -> Vec<Id> {
        if statement_ids.is_empty() {
            return Vec::new();
        }
        (0..n)
            .map(|_| statement_ids[pick() % statement_ids.len()])
            .collect()
    };
    let ev1 = evidence(2);
    let ev2 = evidence(3);
    let ev3 = evidence(1);
    let ev4 = evidence(2);
    let ev5 = evidence(2);
    let ev6 = evidence(1);
    let ev7 = evidence(2);
    let tagged = evidence(3);
    let p0 = s.participants[0].id;

    let dp = DecisionPoint {
        id: id(),
        title: extra(),
        when: extra(),
        who: vec![p0],
        statements: ev1.clone(),
        aspects: vec![Aspect {
            kind: AspectKind::Goals,
            text: extra(),
            evidence: ev2,
        }],
    };
    let e1 = TimelineEvent {
        id: id(),
        time: EventTime::Exact(created),
        description: extra(),
        perspective: Perspective::Participant(p0),
        evidence: ev1,
        differs_from: Vec::new(),
        decision_point: Some(dp.id),
        ..Default::default()
    };
    let e2 = TimelineEvent {
        id: id(),
        time: EventTime::Relative {
            anchor: Some(e1.id),
            offset_secs: pick() as i64 - 2_000_000_000,
            text: extra(),
        },
        description: extra(),
        perspective: Perspective::Chat,
        evidence: ev3,
        differs_from: vec![e1.id],
        decision_point: None,
        ..Default::default()
    };
    s.timeline = vec![e1, e2];
    s.decision_points = vec![dp];

    let code = Code {
        id: id(),
        name: extra(),
        description: extra(),
        parent: None,
        vocabulary: Some(extra()),
    };
    let child = Code {
        id: id(),
        name: extra(),
        description: extra(),
        parent: Some(code.id),
        vocabulary: None,
    };
    let tags: Vec<TagApplication> = tagged
        .into_iter()
        .map(|statement| TagApplication {
            id: id(),
            code: child.id,
            statement,
            span: None,
        })
        .collect();
    s.themes = vec![Theme {
        id: id(),
        name: extra(),
        description: extra(),
        excerpts: tags.iter().map(|t| t.id).collect(),
    }];
    s.codes = vec![code, child];
    s.tags = tags;
    let finding = Finding {
        id: id(),
        kind: FindingKind::WentWell,
        text: extra(),
        evidence: ev4,
    };
    let mut follow_evidence = ev5;
    follow_evidence.push(finding.id);
    s.follow_ups = vec![FollowUp {
        id: id(),
        text: extra(),
        class: FollowUpClass::Prevention,
        soak_until: chrono::NaiveDate::from_ymd_opt(2026, 4, 20),
        evidence: follow_evidence,
        ..Default::default()
    }];
    s.findings = vec![finding];

    let node =
        |id: Id, lane: Lane, label: String, pos: (f32, f32), ev: Vec<Id>, doc: String| MapNode {
            id,
            lane,
            label,
            pos: [pos.0, pos.1],
            evidence: ev,
            documents: vec![doc],
            participants: vec![p0],
        };
    let (a, b) = (id(), id());
    let nodes = vec![
        node(a, Lane::Imagined, extra(), raw.positions[0], ev6, extra()),
        node(
            b,
            Lane::Done,
            extra(),
            raw.positions[1],
            Vec::new(),
            extra(),
        ),
    ];
    s.maps = vec![WorkMap {
        id: id(),
        name: extra(),
        lanes: vec![Lane::Imagined, Lane::Done],
        nodes,
        edges: vec![MapEdge {
            id: id(),
            from: a,
            to: b,
        }],
        links: vec![MapLink {
            id: id(),
            imagined: Some(a),
            done: Some(b),
            relation: Relation::Adapts,
            gap: GapNote {
                pressure: extra(),
                why: extra(),
                usually_succeeds: extra(),
                risk: extra(),
                evidence: ev7,
            },
        }],
    }];
    let section = NarrativeSection {
        id: id(),
        // A machine key ("what-happened", …), not free text.
        kind: "what-happened".into(),
        title: extra(),
        body: extra(),
        included: true,
        generated_hash: Some(pick() as u64),
    };
    s.narrative.acknowledged = vec![LintAck {
        phrase: extra(),
        section: Some(section.id),
        reason: extra(),
    }];
    // A section citing every statement, off-the-record ones too, as footnotes.
    let mut cited = String::new();
    for (n, st) in statement_ids.iter().enumerate() {
        cited.push_str(&extra());
        cited.push_str(&second_story::model::narrative::footnote_ref(*st));
        if n % 3 == 2 {
            cited.push_str("\n\n");
        }
    }
    let citing = NarrativeSection {
        id: id(),
        kind: "contributors".into(),
        title: extra(),
        body: cited,
        included: true,
        generated_hash: None,
    };
    // Half the sessions have no write-up yet: the export drafts one from the session.
    s.narrative.sections = if pick() % 2 == 0 {
        vec![section, citing]
    } else {
        Vec::new()
    };
    s.guides = vec![Guide {
        id: id(),
        name: extra(),
        when_to_use: extra(),
        references: vec![extra()],
        questions: vec![GuideQuestion {
            id: id(),
            text: extra(),
            section: extra(),
        }],
    }];
    Generated {
        session: s,
        name_parts,
        off_markers,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where `needle` (lowercase) occurs in `haystack` as a whole word, ignoring case.
fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    let lower: String = haystack
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    let mut from = 0;
    while let Some(at) = lower[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        if !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char) {
            return Some(start);
        }
        from = start + lower[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn assert_nothing_leaks(g: &Generated, what: &str, text: &str) -> Result<(), TestCaseError> {
    for part in &g.name_parts {
        if let Some(at) = find_word(text, part) {
            let from = text.floor_char_boundary(at.saturating_sub(40));
            let to = text.ceil_char_boundary((at + 60).min(text.len()));
            return Err(TestCaseError::fail(format!(
                "real name part {part:?} leaks into the {what}: …{}…",
                &text[from..to]
            )));
        }
    }
    for marker in &g.off_markers {
        prop_assert!(
            !text.contains(marker.as_str()),
            "off-the-record statement {marker} leaks into the {what}"
        );
    }
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // Modest by default; `PROPTEST_CASES=5000 cargo test --test properties` digs deeper.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
        // Failing cases are reported in the test output; no files in the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_sessions_are_valid(raw in raw_session()) {
        let g = build(raw);
        prop_assert_eq!(validate(&g.session), Ok(()));
    }

    #[test]
    fn save_then_open_is_the_identity(raw in raw_session()) {
        let g = build(raw);
        let text = file::to_ron_string(&g.session).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let loaded = file::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(loaded.file_version, file::CURRENT_VERSION);
        prop_assert_eq!(&loaded.session, &g.session);
        // Through bytes, as a file is read.
        let loaded = file::from_bytes(text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&loaded.session, &g.session);
        // Writing is deterministic.
        let again = file::to_ron_string(&loaded.session).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, text);
    }

    #[test]
    fn export_never_panics_and_never_leaks(raw in raw_session()) {
        let g = build(raw);
        let open = to_markdown(&g.session, ExportOptions { redact: false });
        // Off the record never leaves the file, even unredacted.
        for marker in &g.off_markers {
            prop_assert!(!open.contains(marker.as_str()), "{marker} in unredacted export");
        }
        let md = to_markdown(&g.session, ExportOptions { redact: true });
        assert_nothing_leaks(&g, "redacted Markdown export", &md)?;
    }

    #[test]
    fn redacted_copy_never_leaks_and_stays_valid(raw in raw_session()) {
        let g = build(raw);
        let copy = redacted_copy(&g.session);
        prop_assert_eq!(validate(&copy), Ok(()));
        prop_assert!(copy.participants.iter().all(|p| p.real_name.is_none()));
        let text = file::to_ron_string(&copy).map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_nothing_leaks(&g, "redacted copy", &text)?;
        // The shared copy opens like any other session file.
        let reopened = file::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&reopened.session, &copy);
        // Its export leaks nothing either.
        let md = to_markdown(&copy, ExportOptions { redact: true });
        assert_nothing_leaks(&g, "export of the redacted copy", &md)?;
    }
}

#[test]
fn the_leak_check_can_fail() {
    // A guard against a checker that never fires.
    let g = Generated {
        session: Session::default(),
        name_parts: vec!["αβγ".into()],
        off_markers: vec!["жзклмн0ф".into()],
    };
    assert!(assert_nothing_leaks(&g, "x", "said ΑΒΓ there").is_err());
    assert!(assert_nothing_leaks(&g, "x", "said αβγδ there").is_ok());
    assert!(assert_nothing_leaks(&g, "x", "x жзклмн0ф y").is_err());
    assert_eq!(find_word("a_αβγ", "αβγ"), None);
    assert_eq!(find_word("(αβγ)", "αβγ"), Some(1));
}

#[test]
fn the_generator_puts_names_and_secrets_where_they_could_leak() {
    // Without redaction names do reach the export and the copy, so the leak checks
    // above are not passing vacuously.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut named_export, mut named_file, mut off_record) = (0, 0, 0);
    for _ in 0..64 {
        let raw = raw_session()
            .new_tree(&mut runner)
            .expect("strategy generates")
            .current();
        let g = build(raw);
        let md = to_markdown(&g.session, ExportOptions { redact: false });
        let text = file::to_ron_string(&g.session).expect("saves");
        named_export += usize::from(g.name_parts.iter().any(|n| find_word(&md, n).is_some()));
        named_file += usize::from(g.name_parts.iter().any(|n| find_word(&text, n).is_some()));
        off_record += usize::from(!g.off_markers.is_empty());
    }
    assert!(
        named_export > 16,
        "names reached {named_export} of 64 exports"
    );
    assert!(named_file > 32, "names reached {named_file} of 64 files");
    assert!(
        off_record > 16,
        "{off_record} of 64 sessions had off-record statements"
    );
}
