//! Slack exports (fixtures in tests/corpus/slack/) into the timeline, authors matched
//! to participants through their names.

use super::chat::{self, AuthorChoice};
use super::session::{EventTime, Participant, Perspective, Session, Timestamp};
use super::slack::{self, SlackError};
use super::validate;

macro_rules! fixture {
    ($name:literal) => {
        (
            $name.to_owned(),
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/corpus/slack/",
                $name
            ))
            .to_vec(),
        )
    };
}

fn channel() -> Vec<(String, Vec<u8>)> {
    vec![
        fixture!("incident-checkout/2026-04-07.json"),
        fixture!("incident-checkout/2026-04-06.json"),
        fixture!("users.json"),
        fixture!("channels.json"),
    ]
}

fn ts(s: &str) -> Option<Timestamp> {
    s.parse().ok()
}

fn session() -> Session {
    let mut s = Session::default();
    let mut ana = Participant::new("P1");
    ana.real_name = Some("Ana Lima".into());
    let mut ben = Participant::new("P2");
    ben.real_name = Some("Ben Okafor".into());
    s.participants = vec![ana, ben];
    s.facilitators = vec!["Sam Rivera".into()];
    s
}

#[test]
fn a_channel_folder_with_users_json() {
    let e = slack::parse(&channel()).unwrap_or_else(|e| panic!("{e}"));
    let texts: Vec<&str> = e.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Triggered: checkout DB pool above 80%",
            "pool graph has a sawtooth, not the Monday ramp & it steps every 30s",
            "@bokafor did anything change on the gateway? see the pool dashboard (https://grafana.example.com/d/pool) [file: pool-graph.png]",
            "(in a thread) looking. retries have no jitter on timeouts",
            "pool at 94% of its limit, holding",
            "follow-up: @here write-up on Thursday, ask @zq",
            "switched to the degraded retry profile",
        ]
    );
    assert_eq!(e.messages[1].at, ts("2026-04-06T09:10:00.000100Z"));
    assert_eq!(
        e.messages[5].at,
        ts("2026-04-07T08:00:00.000100Z"),
        "the second day's file, after the first"
    );
    assert_eq!(
        e.messages[6].at, None,
        "a message without a readable time is kept, last"
    );
    assert_eq!(e.skipped, 1, "the channel join");
    assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
    assert!(
        e.problems[0].place.ends_with("2026-04-06.json, message 7"),
        "{:?}",
        e.problems
    );
    let labels: Vec<(&str, bool, usize)> = e
        .authors
        .iter()
        .map(|a| (a.label(), a.bot, a.messages))
        .collect();
    assert_eq!(
        labels,
        [
            ("PagerDuty", true, 1),
            ("Ana Lima", false, 2),
            ("Ben Okafor", false, 3),
            ("Eve Martin", false, 1),
            ("Zed Quinn", false, 0),
        ]
    );
    assert_eq!(
        e.authors[1].names,
        ["Ana Lima", "nightowl", "ana.lima", "ana.lima@example.com"]
    );
    assert_eq!(e.authors[3].title, "Database administrator");
    assert!(!e.authors.iter().any(|a| a.key == "U00NOBODY"));
}

#[test]
fn messages_become_chat_events_attributed_to_participants_in_one_step() {
    let mut s = session();
    let before = s.clone();
    let e = slack::parse(&channel()).unwrap_or_else(|e| panic!("{e}"));
    let choices = chat::suggested_choices(&e, &s);
    let (ana, ben) = (s.participants[0].id, s.participants[1].id);
    assert_eq!(
        choices,
        [
            AuthorChoice::KeepName,
            AuthorChoice::Participant(ana),
            AuthorChoice::Participant(ben),
            AuthorChoice::NewParticipant,
            AuthorChoice::NewParticipant,
        ]
    );
    let imported = chat::build(&s, &e, &choices).unwrap_or_else(|| panic!("nothing to import"));
    assert_eq!(
        (
            imported.events,
            imported.attributed,
            imported.new_participants
        ),
        (7, 6, 2)
    );
    let inverse = imported
        .command
        .apply(&mut s)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(validate::validate(&s).is_ok());
    assert_eq!(s.timeline.len(), 7);
    assert!(
        s.timeline
            .iter()
            .all(|t| t.perspective == Perspective::Chat)
    );
    assert_eq!(
        s.timeline[0].description,
        "PagerDuty: Triggered: checkout DB pool above 80%"
    );
    assert_eq!(s.timeline[0].attributed_to, None);
    // A matched author's words carry no name: who wrote it is the attribution.
    assert_eq!(
        s.timeline[1].description,
        "pool graph has a sawtooth, not the Monday ramp & it steps every 30s"
    );
    assert_eq!(s.timeline[1].attributed_to, Some(ana));
    assert_eq!(
        chat::attributed_description(&s, &s.timeline[1]),
        format!("P1: {}", s.timeline[1].description)
    );
    assert_eq!(s.timeline[6].time, EventTime::Unknown);
    // The names they go by are learnt, for matching and redaction.
    assert_eq!(
        s.participants[0].other_names,
        ["nightowl", "ana.lima", "ana.lima@example.com"]
    );
    assert_eq!(
        s.participants[1].other_names,
        ["bokafor", "ben@example.com"]
    );
    // People not yet in the session become participants, their names kept in the file only.
    let eve = &s.participants[2];
    assert_eq!(
        (eve.pseudonym.as_str(), eve.real_name.as_deref()),
        ("P3", Some("Eve Martin"))
    );
    assert_eq!(eve.role, "Database administrator");
    assert_eq!(s.timeline[4].attributed_to, Some(eve.id));
    assert_eq!(
        s.participants[3].real_name.as_deref(),
        Some("Zed Quinn"),
        "mentioned only"
    );
    // A participant with messages attributed to them cannot be removed from under them.
    let refs = crate::model::session_refs::participant_references(&s, eve.id);
    assert_eq!(refs, ["1 chat message they wrote"]);
    assert!(inverse.apply(&mut s).is_ok());
    assert_eq!(s, before, "one undo step");
}

#[test]
fn a_second_import_matches_what_the_first_learnt() {
    let mut s = session();
    let e = slack::parse(&[fixture!("history.json")]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(e.messages.len(), 1);
    let _ = chat::build(&s, &e, &chat::suggested_choices(&e, &s)).map(|i| i.command.apply(&mut s));
    let e = slack::parse(&channel()).unwrap_or_else(|e| panic!("{e}"));
    let choices = chat::suggested_choices(&e, &s);
    assert_eq!(choices[1], AuthorChoice::Participant(s.participants[0].id));
    // Keeping a name leaves it in the words, unattributed.
    let keep: Vec<AuthorChoice> = choices.iter().map(|_| AuthorChoice::KeepName).collect();
    let imported = chat::build(&s, &e, &keep).unwrap_or_else(|| panic!("nothing"));
    assert_eq!((imported.attributed, imported.new_participants), (0, 0));
}

#[test]
fn broken_files_are_listed_and_the_rest_imported() {
    let mut files = channel();
    files.push(fixture!("broken.json"));
    files.push(fixture!("not-messages.json"));
    files.push((
        "photo.json".into(),
        vec![0x89, b'P', b'N', b'G', 0, 0, 0xff],
    ));
    let e = slack::parse(&files).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(e.messages.len(), 7);
    let places: Vec<&str> = e.problems.iter().map(|p| p.place.as_str()).collect();
    assert!(
        places.contains(&"broken.json")
            && places.contains(&"not-messages.json")
            && places.contains(&"photo.json"),
        "{places:?}"
    );
    let broken = e
        .problems
        .iter()
        .find(|p| p.place == "broken.json")
        .map(|p| p.reason.as_str());
    assert!(broken.is_some_and(|r| r.contains("line 1")), "{broken:?}");
}

#[test]
fn nothing_to_import_says_what_was_expected() {
    assert_eq!(slack::parse(&[]), Err(SlackError::NoFiles));
    let err = slack::parse(&[fixture!("broken.json"), fixture!("users.json")]);
    let message = err.err().map(|e| e.to_string()).unwrap_or_default();
    for expected in [
        "No Slack messages",
        "broken.json",
        "per-day files",
        "\"ts\"",
        "users.json",
    ] {
        assert!(message.contains(expected), "{message}");
    }
    for odd in [
        "",
        "[]",
        "{}",
        "[1, null, \"x\", {\"type\": \"message\"}]",
        "{\"messages\": 3}",
        "[{\"ts\": {}}]",
    ] {
        let r = slack::parse(&[("x.json".into(), odd.as_bytes().to_vec())]);
        assert!(r.is_err(), "{odd}: {r:?}");
    }
    let odd = "[{\"user\": \"U1\", \"text\": \"<@ <#> <!> <|> <http://x> &amp;lt; <\", \"ts\": \"99999999999999999999.9\"}]";
    let r = slack::parse(&[("x.json".into(), odd.as_bytes().to_vec())]);
    assert!(r.is_ok_and(|e| e.messages[0].at.is_none()));
}

#[test]
fn pasted_chat_lines_match_speakers_through_other_names() {
    use super::paste::{PasteOptions, parse};
    let mut s = session();
    s.participants[0].other_names = vec!["nightowl".into()];
    let date = chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default();
    let r = parse(
        "10:42 nightowl: pool graph looks odd\n10:43 zed: on it\n10:44 Sam: noted\nnot a time",
        &PasteOptions { date },
    );
    for keep in [false, true] {
        let mut s2 = s.clone();
        let cmd = r.import_command_for(&Perspective::Chat, &s, keep);
        assert!(cmd.is_some_and(|c| c.apply(&mut s2).is_ok()));
        let got: Vec<(&str, Option<crate::model::Id>)> = s2
            .timeline
            .iter()
            .map(|e| (e.description.as_str(), e.attributed_to))
            .collect();
        let want = vec![
            ("pool graph looks odd", Some(s.participants[0].id)),
            ("zed: on it", None),
            ("Sam: noted\nnot a time", None),
        ];
        assert_eq!(got, want, "keep unreadable: {keep}");
        assert!(validate::validate(&s2).is_ok());
    }
    // Without the session's names, the line reads as before.
    let plain = r.to_events(&Perspective::Chat);
    assert_eq!(plain[0].description, "nightowl: pool graph looks odd");
    assert_eq!(plain[0].attributed_to, None);
}
