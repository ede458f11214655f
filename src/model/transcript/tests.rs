//! Transcripts in each format's exact shape (fixtures in tests/corpus/transcripts/),
//! damaged ones, and turning them into interviews.

use super::interview::{self, Options, PlanError, Role};
use super::*;
use crate::model::session::{Participant, Session, Speaker, StatementKind};
use crate::model::{Command, validate};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/corpus/transcripts/",
            $name
        ))
        .as_slice()
    };
}

fn read(bytes: &[u8]) -> Transcript {
    parse(bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn speakers(t: &Transcript) -> Vec<Option<&str>> {
    t.cues.iter().map(|c| c.speaker.as_deref()).collect()
}

fn reasons(t: &Transcript) -> Vec<(usize, &str)> {
    t.problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect()
}

#[test]
fn zoom_vtt() {
    let t = read(fixture!("zoom.vtt"));
    assert_eq!(t.format, Format::ZoomVtt);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(
        speakers(&t),
        [
            Some("Sam Rivera"),
            Some("Ana Lima"),
            Some("Ana Lima"),
            Some("Sam Rivera"),
            Some("Ana Lima")
        ]
    );
    assert_eq!(t.cues[0].start_ms, 1_250);
    assert_eq!(t.cues[0].end_ms, Some(4_500));
    assert_eq!(t.cues[0].line, 5);
    // Two lines of one cue are one line of words.
    assert_eq!(
        t.cues[2].text,
        "I knew the batch job would be done by ten, so it had to be something else."
    );
    assert_eq!(t.length_ms(), 24_000);
}

#[test]
fn teams_vtt_with_voice_tags_cue_ids_and_a_note() {
    let t = read(fixture!("teams.vtt"));
    assert_eq!(t.format, Format::TeamsVtt);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(t.cues.len(), 5);
    assert_eq!(t.cues[1].speaker.as_deref(), Some("Dana Wu"));
    assert_eq!(
        t.cues[2].text,
        "I decided to declare it as a near miss & keep the bridge small."
    );
    assert!(t.cues.iter().all(|c| !c.text.contains('<')
        && !c.text.contains("/12-0")
        && !c.text.contains("generated")));
    assert_eq!(
        t.cues[4].text,
        "A message from Ana Lima said the pool was flat again. Usually a big bridge slows everyone down."
    );
    assert_eq!(t.cues[4].start_ms, 19_500);
}

#[test]
fn srt_with_byte_order_mark_and_crlf() {
    let bytes = fixture!("bom-crlf.srt");
    assert!(bytes.starts_with(&[0xef, 0xbb, 0xbf]) && bytes.windows(2).any(|w| w == b"\r\n"));
    let t = read(bytes);
    assert_eq!(t.format, Format::Srt);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(t.cues.len(), 4);
    assert_eq!(t.cues[0].start_ms, 500);
    assert_eq!(t.cues[1].speaker.as_deref(), Some("nightowl"));
    assert_eq!(t.cues[2].text, "while the error rate stayed flat.");
    assert!(t.cues.iter().all(|c| !c.text.contains('\r')));
    assert_eq!(t.cues[3].start_ms, 65_000);
}

#[test]
fn plain_text_as_otter_writes_it() {
    let t = read(fixture!("otter.txt"));
    assert_eq!(t.format, Format::PlainText);
    assert!(t.timed);
    let got: Vec<(u64, Option<&str>, &str)> = t
        .cues
        .iter()
        .map(|c| (c.start_ms, c.speaker.as_deref(), c.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                3_000,
                Some("Sam Rivera"),
                "How did the morning start for you?"
            ),
            (
                9_000,
                Some("Ben Okafor"),
                "Normally Mondays are busy but smooth. This one went up in steps."
            ),
            (75_000, Some("Sam Rivera"), "What did you notice first?"),
            (
                80_000,
                Some("Ben Okafor"),
                "I saw the retry count on the dashboard."
            ),
        ]
    );
    // The title line above the first speaker is listed, not silently dropped.
    assert_eq!(reasons(&t).len(), 1);
    assert_eq!(t.problems[0].line, 1);
    assert!(t.problems[0].reason.contains("Before the first speaker"));
}

#[test]
fn plain_text_as_meet_writes_it() {
    let t = read(fixture!("meet.txt"));
    assert_eq!(t.format, Format::PlainText);
    let times: Vec<u64> = t.cues.iter().map(|c| c.start_ms).collect();
    assert_eq!(times, [0, 0, 0, 300_000, 300_000]);
    assert_eq!(t.cues[2].speaker.as_deref(), Some("Chris Novak"));
    assert_eq!(t.problems.len(), 1, "the title line");
}

#[test]
fn plain_text_with_a_time_on_every_line() {
    let t = read(fixture!("timed-lines.txt"));
    assert_eq!(t.format, Format::PlainText);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(t.cues.len(), 4);
    assert_eq!(t.cues[1].start_ms, 12_000);
    assert!(
        t.cues[1].text.ends_with("it does not step."),
        "a line without a speaker continues the turn"
    );
    assert_eq!(t.cues[3].start_ms, 90_000);
}

#[test]
fn clock_times_count_from_the_first_one() {
    let t = read(b"14:02:10 Sam: Hello?\n14:02:15 Ana: Hi.\n");
    let times: Vec<u64> = t.cues.iter().map(|c| c.start_ms).collect();
    assert_eq!(times, [0, 5_000]);
    let t = read(b"Ana: no times at all\nSam: none\n");
    assert!(!t.timed);
}

#[test]
fn bad_timestamps_keep_their_words_and_are_listed() {
    let t = read(fixture!("bad-timestamps.vtt"));
    assert_eq!(t.cues.len(), 4, "no words lost");
    assert_eq!(t.cues[1].start_ms, 1_000, "timed like the cue above");
    assert_eq!(t.cues[2].start_ms, 1_000);
    assert_eq!(t.cues[3].start_ms, 80_000);
    let r = reasons(&t);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].0, 8);
    assert_eq!(r[1].0, 12);
    assert!(r.iter().all(|(_, why)| why.contains("cannot be read")));
    assert_eq!(t.problems[1].text, "aa:bb:cc.ddd --> 00:01:10.000");
}

#[test]
fn overlapping_cues_are_imported_and_listed() {
    let t = read(fixture!("overlapping.srt"));
    assert_eq!(t.cues.len(), 3);
    let r = reasons(&t);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, 6);
    assert!(r[0].1.starts_with("Overlaps the cue above"), "{}", r[0].1);
}

#[test]
fn cues_out_of_order_stay_in_the_files_order_and_are_listed() {
    let t = read(fixture!("out-of-order.vtt"));
    let times: Vec<u64> = t.cues.iter().map(|c| c.start_ms).collect();
    assert_eq!(times, [300_000, 60_000, 310_000]);
    let r = reasons(&t);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, 8);
    assert!(r[0].1.starts_with("Out of order"), "{}", r[0].1);
}

#[test]
fn empty_cues_are_left_out_and_listed() {
    let t = read(fixture!("empty-cues.vtt"));
    assert_eq!(t.cues.len(), 1);
    assert_eq!(t.cues[0].text, "Only this cue has words.");
    let r = reasons(&t);
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(r.iter().all(|(_, why)| why.contains("empty cue")));
    assert_eq!(
        parse(fixture!("only-empty-cues.vtt")),
        Err(TranscriptError::NoCues {
            format: "WebVTT (Zoom style)",
            detail: " Line 3: An empty cue (no words); left out.".into()
        })
    );
}

#[test]
fn files_that_are_not_transcripts_say_what_was_expected() {
    assert_eq!(parse(fixture!("binary.vtt")), Err(TranscriptError::Binary));
    let unknown = parse(fixture!("unknown.txt"));
    let Err(e) = &unknown else {
        panic!("read a shopping list as {unknown:?}")
    };
    let message = e.to_string();
    for expected in ["shopping list", "WEBVTT", "SRT", "Name: text", "[00:01:02]"] {
        assert!(message.contains(expected), "{message}");
    }
    assert_eq!(parse(b"[{\"ts\": \"1\"}]"), Err(TranscriptError::Json));
    assert_eq!(parse(b" \n\t\n"), Err(TranscriptError::Empty));
    assert_eq!(parse(b""), Err(TranscriptError::Empty));
    assert_eq!(parse(&[0xc3, 0x28, b'a']), Err(TranscriptError::NotUtf8));
    // UTF-16 with a byte-order mark (Windows Notepad) is read.
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        "Ana Lima: hello\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    assert_eq!(read(&utf16).cues[0].text, "hello");
}

#[test]
fn times_are_read_strictly() {
    assert_eq!(parse_time_ms("00:00:01.250"), Some(1_250));
    assert_eq!(parse_time_ms("01:02,5"), Some(62_500));
    assert_eq!(parse_time_ms("123:00:00.000"), Some(442_800_000));
    for bad in [
        "00:60:00",
        "00:00:60",
        "1:2:3:4",
        "",
        "aa:bb",
        "1:02.1234",
        "-1:00",
        "99999999999:00:00",
    ] {
        assert_eq!(parse_time_ms(bad), None, "{bad}");
    }
}

/// Every prefix of every fixture reads or fails with an error; nothing panics, and
/// every line number points into the text.
#[test]
fn damaged_files_never_panic() {
    let all: [&[u8]; 8] = [
        fixture!("zoom.vtt"),
        fixture!("teams.vtt"),
        fixture!("bom-crlf.srt"),
        fixture!("otter.txt"),
        fixture!("meet.txt"),
        fixture!("bad-timestamps.vtt"),
        fixture!("binary.vtt"),
        fixture!("empty-cues.vtt"),
    ];
    for bytes in all {
        for cut in 0..bytes.len() {
            if let Ok(t) = parse(&bytes[..cut]) {
                let lines = bytes[..cut].split(|b| *b == b'\n').count().max(1);
                for line in t
                    .cues
                    .iter()
                    .map(|c| c.line)
                    .chain(t.problems.iter().map(|p| p.line))
                {
                    assert!((1..=lines).contains(&line), "line {line} of {lines}");
                }
                let _ = interview::speaker_rows(&t, &Session::default());
            }
        }
    }
    for odd in [
        "WEBVTT\n\n-->\n-->",
        "1\n-->\n\n2",
        "<v",
        "WEBVTT\n\n00:01.000 --> x\n<v>",
        "a: &#99999999; &#0; &; &amp",
    ] {
        let _ = parse(odd.as_bytes());
    }
}

fn example_session() -> Session {
    let mut s = Session::default();
    let mut ana = Participant::new("P1 (on-call SRE)");
    ana.real_name = Some("Ana Lima".into());
    let mut ben = Participant::new("P2");
    ben.real_name = Some("Ben Okafor".into());
    s.participants = vec![ana, ben];
    s.facilitators = vec!["Sam Rivera".into()];
    s
}

fn auto_roles(t: &Transcript, s: &Session) -> Vec<(Option<String>, Role)> {
    interview::speaker_rows(t, s)
        .into_iter()
        .map(|r| (r.label, r.role))
        .collect()
}

#[test]
fn a_zoom_transcript_becomes_an_interview_in_one_undo_step() {
    let mut s = example_session();
    let before = s.clone();
    let t = read(fixture!("zoom.vtt"));
    let roles = auto_roles(&t, &s);
    assert_eq!(
        roles.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(),
        [Role::Facilitator, Role::Participant(s.participants[0].id)]
    );
    let imported =
        interview::build(&s, &t, &roles, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!imported.new_participant);
    assert_eq!(imported.pseudonym, "P1 (on-call SRE)");
    let Command::Batch { commands, .. } = &imported.command else {
        panic!("not one batch");
    };
    assert_eq!(commands.len(), 1, "nothing but the interview changes");
    let inverse = imported
        .command
        .clone()
        .apply(&mut s)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(validate::validate(&s).is_ok());
    let i = &s.interviews[0];
    assert_eq!(i.participant, s.participants[0].id);
    assert_eq!(i.title, "Interview with P1 (on-call SRE)");
    assert_eq!(i.facilitator, "Sam Rivera");
    assert_eq!(i.duration_secs, 24);
    let got: Vec<(u32, Speaker, StatementKind)> = i
        .statements
        .iter()
        .map(|st| (st.at_secs, st.speaker, st.kind))
        .collect();
    assert_eq!(
        got,
        [
            (1, Speaker::Facilitator, StatementKind::Note),
            (5, Speaker::Interviewee, StatementKind::IKnew),
            (15, Speaker::Facilitator, StatementKind::Note),
            (18, Speaker::Interviewee, StatementKind::AskingForHelp),
        ]
    );
    assert!(i.statements[1].text.starts_with("I saw the pool graph"));
    assert!(
        i.statements[1].text.ends_with("something else."),
        "consecutive cues join"
    );
    // Inline real names stay in the file (redaction handles them on export).
    assert!(i.statements[3].text.contains("Ben Okafor"));
    assert!(inverse.apply(&mut s).is_ok());
    assert_eq!(s, before, "undone in one step");
}

#[test]
fn unknown_speakers_are_named_and_a_new_participant_can_be_made() {
    let s = example_session();
    let t = read(fixture!("teams.vtt"));
    let roles = auto_roles(&t, &s);
    let err = interview::build(&s, &t, &roles, &Options::default());
    let Err(PlanError::Unknown(names)) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(names.len(), 2);
    let message = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("Kit Okoye") && message.contains("Dana Wu"),
        "{message}"
    );

    let roles = vec![
        (Some("Kit Okoye".to_owned()), Role::Facilitator),
        (Some("Dana Wu".to_owned()), Role::NewParticipant),
    ];
    let mut s2 = s.clone();
    let imported =
        interview::build(&s, &t, &roles, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.new_participant);
    assert_eq!(imported.pseudonym, "P3");
    assert!(imported.command.apply(&mut s2).is_ok());
    assert!(validate::validate(&s2).is_ok());
    let dana = &s2.participants[2];
    assert_eq!(dana.real_name.as_deref(), Some("Dana Wu"));
    assert_eq!(
        s2.facilitators,
        ["Sam Rivera", "Kit Okoye"],
        "a facilitator named in the file joins the list"
    );
    assert_eq!(s2.interviews[0].facilitator, "Kit Okoye");
    assert_eq!(s2.interviews[0].statements.len(), 4);
    assert_eq!(s2.interviews[0].statements[1].kind, StatementKind::Decision);
}

#[test]
fn an_interview_is_with_one_participant() {
    let s = example_session();
    let t = read(fixture!("zoom.vtt"));
    let roles = vec![
        (
            Some("Sam Rivera".to_owned()),
            Role::Participant(s.participants[1].id),
        ),
        (
            Some("Ana Lima".to_owned()),
            Role::Participant(s.participants[0].id),
        ),
    ];
    let err = interview::build(&s, &t, &roles, &Options::default());
    assert!(
        matches!(&err, Err(PlanError::SeveralParticipants(n)) if n.len() == 2),
        "{err:?}"
    );
    let roles = vec![
        (Some("Sam Rivera".to_owned()), Role::Facilitator),
        (Some("Ana Lima".to_owned()), Role::Facilitator),
    ];
    assert_eq!(
        interview::build(&s, &t, &roles, &Options::default()).err(),
        Some(PlanError::NoParticipant)
    );
}

#[test]
fn a_speaker_mapped_by_hand_is_remembered_as_another_name() {
    let mut s = example_session();
    let t = read(fixture!("bom-crlf.srt"));
    let roles = vec![
        (Some("Sam Rivera".to_owned()), Role::Facilitator),
        (
            Some("nightowl".to_owned()),
            Role::Participant(s.participants[0].id),
        ),
    ];
    let imported = interview::build(
        &s,
        &t,
        &roles,
        &Options {
            title: Some("Second sweep".into()),
            new_pseudonym: None,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.command.apply(&mut s).is_ok());
    assert_eq!(s.participants[0].other_names, ["nightowl"]);
    assert_eq!(s.interviews[0].title, "Second sweep");
    // Next time the handle matches by itself.
    let rows = interview::speaker_rows(&t, &s);
    assert_eq!(rows[1].role, Role::Participant(s.participants[0].id));
}

#[test]
fn cues_without_a_name_join_until_a_sentence_ends() {
    let t = read(b"1\n00:00:01,000 --> 00:00:02,000\nWe saw the graph\n\n2\n00:00:02,000 --> 00:00:03,000\nclimb in steps.\n\n3\n00:00:04,000 --> 00:00:05,000\nThen we paged.\n");
    let s = example_session();
    let rows = interview::speaker_rows(&t, &s);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].label, None);
    let roles = vec![(None, Role::Participant(s.participants[0].id))];
    let imported =
        interview::build(&s, &t, &roles, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut s2 = s.clone();
    assert!(imported.command.apply(&mut s2).is_ok());
    let texts: Vec<&str> = s2.interviews[0]
        .statements
        .iter()
        .map(|x| x.text.as_str())
        .collect();
    assert_eq!(
        texts,
        ["We saw the graph climb in steps.", "Then we paged."]
    );
}

#[test]
fn a_three_hour_transcript_imports_completely() {
    for teams in [false, true] {
        let text = synth::vtt(4_000, teams);
        let t = read(text.as_bytes());
        assert_eq!(t.cues.len(), 4_000);
        assert!(t.problems.is_empty(), "{:?}", t.problems.first());
        assert!(t.length_ms() > 3 * 3_600_000, "{}", t.length_ms());
        let s = example_session();
        let imported = interview::build(&s, &t, &auto_roles(&t, &s), &Options::default())
            .unwrap_or_else(|e| panic!("{e}"));
        // A question, then four answer cues joined: 800 + 800 statements.
        assert_eq!(imported.statements, 1_600);
        assert_eq!(imported.facilitator_statements, 800);
    }
}
