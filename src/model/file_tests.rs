//! Tests of the session file: round trips, migration, and every kind of bad file.

use super::file::*;
use super::*;

fn sample() -> Session {
    let mut s = Session::new("Checkout near miss", SessionKind::NearMiss);
    s.purpose = "Why did the alert \"look fine\"?\nSecond line, ünïcödé.".into();
    s.facilitators = vec!["Sam".into(), "Kit".into()];
    let mut p = Participant::new("P1");
    p.real_name = Some("Ana Lima".into());
    p.role = "SRE".into();
    let pid = p.id;
    s.participants.push(p);
    let st = Statement {
        id: Id::new(),
        at_secs: 75,
        speaker: Speaker::Interviewee,
        kind: StatementKind::Quote,
        text: "It looked like the usual Monday spike".into(),
        off_record: false,
        ..Default::default()
    };
    let sid = st.id;
    s.interviews.push(Interview {
        id: Id::new(),
        participant: pid,
        title: "First sweep".into(),
        statements: vec![st],
        ..Default::default()
    });
    s.decision_points.push(DecisionPoint {
        title: "Hold the rollback".into(),
        statements: vec![sid],
        who: vec![pid],
        ..Default::default()
    });
    s.maps.push(WorkMap {
        name: "Deploy".into(),
        nodes: vec![MapNode {
            label: "check dashboard".into(),
            pos: [12.5, -3.0],
            ..Default::default()
        }],
        ..Default::default()
    });
    s
}

#[test]
fn save_then_open_is_identical() {
    let s = sample();
    let text = to_ron_string(&s).unwrap();
    let loaded = from_str(&text).unwrap();
    assert_eq!(loaded.session, s);
    assert!(!loaded.was_migrated());
    // Deterministic: the reloaded session writes the same bytes.
    assert_eq!(to_ron_string(&loaded.session).unwrap(), text);
    assert!(text.contains("version: 3"));
    assert!(text.starts_with("//"));
}

#[test]
fn example_session_loads_and_round_trips() {
    let loaded = from_str(EXAMPLE_SESSION).expect("bundled example must load");
    assert!(loaded.session.participants.len() >= 3);
    assert!(loaded.session.statement_count() >= 20);
    assert!(
        to_ron_string(&loaded.session).unwrap() == EXAMPLE_SESSION,
        "the example must be written exactly as Second Story writes it"
    );
}

#[test]
fn v1_files_are_migrated() {
    let v1 = r#"(
        format: "second-story",
        version: 1,
        session: (
            title: "Old review",
            kind: NearMiss,
            facilitator: "Ana and Ben, Chris",
            participants: [],
        ),
    )"#;
    let loaded = from_str(v1).unwrap();
    assert!(loaded.was_migrated());
    assert_eq!(loaded.file_version, 1);
    assert_eq!(loaded.session.title, "Old review");
    assert_eq!(loaded.session.facilitators, vec!["Ana", "Ben", "Chris"]);
    // Saved again, it is a current-version file.
    let again = to_ron_string(&loaded.session).unwrap();
    assert!(again.contains("version: 3"));
    assert_eq!(from_str(&again).unwrap().session, loaded.session);
}

#[test]
fn newer_version_is_refused_clearly() {
    let text = to_ron_string(&sample())
        .unwrap()
        .replace("version: 3", "version: 9");
    let err = from_str(&text).unwrap_err();
    assert_eq!(
        err,
        LoadError::NewerVersion {
            found: 9,
            supported: CURRENT_VERSION
        }
    );
    assert!(err.to_string().contains("newer Second Story"));
}

#[test]
fn truncated_files_give_position_and_never_panic() {
    let text = to_ron_string(&sample()).unwrap();
    let mut checked = 0;
    for cut in (1..text.trim_end().len()).step_by(7) {
        if !text.is_char_boundary(cut) {
            continue;
        }
        let err = from_str(&text[..cut]).expect_err("a cut file must not load");
        checked += 1;
        if let LoadError::Syntax { line, .. } = err {
            assert!(line >= 1);
        }
    }
    assert!(checked > 50);
    let err = from_str(&text[..text.len() / 2]).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("line"), "{msg}");
    assert!(err.position().is_some());
}

#[test]
fn truncation_names_the_cut() {
    let text = to_ron_string(&sample()).unwrap();
    let end = text.rfind(')').unwrap();
    let err = from_str(&text[..end]).unwrap_err();
    assert!(err.to_string().contains("cut off"), "{err}");
}

#[test]
fn corrupt_syntax_names_line_and_column() {
    let text = to_ron_string(&sample())
        .unwrap()
        .replace("kind: NearMiss", "kind: Nearmiss");
    let err = from_str(&text).unwrap_err();
    let LoadError::Syntax { line, message, .. } = &err else {
        panic!("{err:?}")
    };
    let expected_line = text.lines().position(|l| l.contains("Nearmiss")).unwrap() + 1;
    assert_eq!(*line, expected_line);
    assert!(message.contains("Nearmiss"), "{message}");
}

#[test]
fn non_utf8_is_reported_with_position() {
    let mut bytes = to_ron_string(&sample()).unwrap().into_bytes();
    let at = bytes.len() / 2;
    bytes[at] = 0xff;
    let err = from_bytes(&bytes).unwrap_err();
    assert!(matches!(err, LoadError::NotUtf8 { .. }), "{err:?}");
    assert!(err.to_string().contains("UTF-8"));
}

#[test]
fn oversized_is_refused_before_parsing() {
    let bytes = vec![b' '; (MAX_FILE_BYTES + 1) as usize];
    assert!(matches!(
        from_bytes(&bytes),
        Err(LoadError::TooLarge { .. })
    ));
}

#[test]
fn random_and_empty_inputs_are_errors() {
    assert_eq!(from_str(""), Err(LoadError::Empty));
    assert_eq!(from_str("hello world"), Err(LoadError::NotASessionFile));
    assert!(from_bytes(&[0x00, 0x01, 0x02, 0xfe]).is_err());
    let other = r#"(format: "something-else", version: 2, session: ())"#;
    assert_eq!(from_str(other), Err(LoadError::NotASessionFile));
    let deep = format!(
        "(format: \"second-story\", version: 2, session: (title: {}\"x\"{}))",
        "[".repeat(500),
        "]".repeat(500)
    );
    assert!(from_str(&deep).is_err());
}

#[test]
fn wrong_types_are_syntax_errors() {
    let text = to_ron_string(&sample())
        .unwrap()
        .replacen("at_secs: 75", "at_secs: \"soon\"", 1);
    let err = from_str(&text).unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
}

#[test]
fn duplicate_ids_are_named() {
    let mut s = sample();
    let dup = s.participants[0].clone();
    let mut p2 = dup.clone();
    p2.pseudonym = "P2".into();
    s.participants.push(p2);
    let err = from_str(&to_ron_string(&s).unwrap()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("share the id"), "{msg}");
    assert!(msg.contains("\"P1\"") && msg.contains("\"P2\""), "{msg}");
}

#[test]
fn dangling_references_are_named() {
    let mut s = sample();
    s.interviews[0].participant = Id::new();
    let err = from_str(&to_ron_string(&s).unwrap()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("Interview \"First sweep\" refers to participant"),
        "{msg}"
    );

    let mut s = sample();
    s.decision_points[0].statements.push(Id::new());
    let msg = from_str(&to_ron_string(&s).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("Decision point \"Hold the rollback\""),
        "{msg}"
    );
}

#[test]
fn suggested_names_are_safe() {
    let s = Session::new("Checkout: near miss / 6 April", SessionKind::NearMiss);
    assert_eq!(
        suggested_file_name(&s),
        "checkout-near-miss-6-april.story.ron"
    );
    assert_eq!(
        suggested_file_name(&Session::default()),
        "untitled-session.story.ron"
    );
}

#[test]
fn an_unknown_field_is_an_error_with_a_hint() {
    // `off_the_record: true` must never be ignored: the statement would be exported.
    let mut s = sample();
    let mut i = Interview::default();
    i.statements.push(Statement {
        text: "keep this between us".into(),
        ..Statement::default()
    });
    s.interviews.push(i);
    let text = to_ron_string(&s)
        .unwrap()
        .replace("off_record: false", "off_the_record: true");
    let err = from_str(&text).unwrap_err();
    let LoadError::Syntax { line, message, .. } = &err else {
        panic!("expected a syntax error, got {err:?}");
    };
    assert!(
        message.contains("`off_the_record` is not a field of a statement"),
        "{message}"
    );
    assert!(message.contains("did you mean `off_record`?"), "{message}");
    let at = text
        .lines()
        .position(|l| l.contains("off_the_record"))
        .unwrap()
        + 1;
    assert_eq!(*line, at, "{err}");
}

#[test]
fn an_unknown_field_without_a_near_name_lists_the_fields() {
    let text =
        to_ron_string(&sample())
            .unwrap()
            .replacen("title:", "zzzzqqqq: 1,\n        title:", 1);
    let err = from_str(&text).unwrap_err().to_string();
    assert!(
        err.contains("`zzzzqqqq` is not a field of a session"),
        "{err}"
    );
    assert!(err.contains("the fields here are:"), "{err}");
}

#[test]
fn a_version_2_file_reads_as_the_current_version() {
    let s = sample();
    let text = to_ron_string(&s)
        .unwrap()
        .replace("version: 3", "version: 2");
    let loaded = from_str(&text).unwrap();
    assert_eq!(loaded.file_version, 2);
    assert!(loaded.was_migrated());
    assert_eq!(loaded.session, s);
}

#[test]
fn an_unknown_field_in_a_relative_time_is_an_error() {
    // The one struct-like value without a struct of its own (found by the privacy
    // review's sweep for `deny_unknown_fields`).
    let mut s = sample();
    s.timeline.push(TimelineEvent {
        time: EventTime::Relative {
            anchor: None,
            offset_secs: 60,
            text: "a minute later".into(),
        },
        ..TimelineEvent::default()
    });
    let text = to_ron_string(&s)
        .unwrap()
        .replace("offset_secs: 60", "offset_secs: 60, txt: \"x\"");
    assert!(text.contains("txt:"), "{text}");
    let err = from_str(&text).unwrap_err().to_string();
    assert!(err.contains("`txt`"), "{err}");
}
