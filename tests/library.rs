//! The library on real folders and through the command line:
//!
//! - a folder with nested folders, a broken file, a file that is not a session, an
//!   ignored folder and two copies of one session: every review read once, the copy
//!   noted, the broken file listed with its error and skipped;
//! - a changed file is read again and a deleted one forgotten (files unchanged are
//!   not read again), and the index cache brings the library back without reading;
//! - `second-story report DIR [-o OUT.md]`: exit 0 with a report, broken files on
//!   stderr and in the report;
//! - a property test over generated libraries: the report and everything the
//!   library keeps (its index, as cached) hold no real name and nothing said off the
//!   record, and never name an anonymous participant's words by pseudonym.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use proptest::prelude::*;
use second_story::io::library::{LibraryChannel, LibraryEvent, list, read_library_now};
use second_story::model::library::{Library, LibraryFile, Stamp, cache, report};
use second_story::model::*;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_second-story");

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn session(title: &str, real: &str) -> Session {
    let mut s = Session::new(title, SessionKind::IncidentReview);
    let mut p = Participant::new("P1");
    p.real_name = Some(real.to_owned());
    p.consent.may_quote = true;
    let mut i = Interview {
        participant: p.id,
        title: "First sweep".into(),
        ..Interview::default()
    };
    i.statements.push(Statement {
        text: format!("{real} saw the queue grow"),
        kind: StatementKind::Observation,
        ..Statement::default()
    });
    s.participants.push(p);
    s.interviews.push(i);
    s
}

fn ron(s: &Session) -> String {
    file::to_ron_string(s).expect("serializes")
}

/// Reads a library the way the app does, on this thread: (files read, files gone).
fn read(
    root: &Path,
    known: &HashMap<String, Stamp>,
    cache: Option<&Path>,
) -> (Vec<LibraryFile>, Vec<String>) {
    let channel = LibraryChannel::default();
    read_library_now(root, known, cache, &channel.sender());
    let (mut files, mut gone) = (Vec::new(), Vec::new());
    let mut finished = false;
    while let Some(e) = channel.next() {
        match e {
            LibraryEvent::Read(f) => files.extend(f),
            LibraryEvent::Gone(g) => gone.extend(g),
            LibraryEvent::Finished => finished = true,
            LibraryEvent::Failed(e) => panic!("{e}"),
            _ => {}
        }
    }
    assert!(finished);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, gone)
}

fn library_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let a = session("Queue backlog", "Ana Lima");
    write(&d.join("2026/q1/queue.story.ron"), &ron(&a));
    write(&d.join("copies/queue-copy.story.ron"), &ron(&a));
    write(
        &d.join("2026/dns.story.ron"),
        &ron(&session("DNS near miss", "Bo Chen")),
    );
    // Broken: cut in the middle.
    let text = ron(&session("Cut off", "Cy Diaz"));
    write(&d.join("2026/q1/cut.story.ron"), &text[..text.len() / 2]);
    // Not session files, and an ignored folder.
    write(&d.join("notes.md"), "# Notes\n");
    write(
        &d.join("2026/dns.story.ron.bak"),
        &ron(&session("Backup", "Dee Eng")),
    );
    write(&d.join(".gitignore"), "drafts/\n");
    write(
        &d.join("drafts/draft.story.ron"),
        &ron(&session("Draft", "Eli Fox")),
    );
    dir
}

#[test]
fn nested_broken_and_duplicate_files() {
    let dir = library_folder();
    let listed: Vec<String> = list(dir.path())
        .expect("lists")
        .into_iter()
        .map(|l| l.0)
        .collect();
    assert_eq!(
        listed,
        vec![
            "2026/dns.story.ron",
            "2026/q1/cut.story.ron",
            "2026/q1/queue.story.ron",
            "copies/queue-copy.story.ron"
        ]
    );
    let (files, _) = read(dir.path(), &HashMap::new(), None);
    let mut lib = Library::default();
    lib.put_all(files);
    let titles: Vec<&str> = lib
        .reviews()
        .iter()
        .map(|r| r.entry.title.as_str())
        .collect();
    assert_eq!(titles, vec!["DNS near miss", "Queue backlog"]);
    let queue = &lib.reviews()[1];
    assert_eq!(queue.path, "2026/q1/queue.story.ron");
    assert_eq!(queue.copies, vec!["copies/queue-copy.story.ron".to_owned()]);
    let broken: Vec<(&str, String)> = lib.broken().map(|(p, b)| (p, b.message.clone())).collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].0, "2026/q1/cut.story.ron");
    assert!(broken[0].1.contains("cut off"), "{broken:?}");
}

#[test]
fn changed_files_are_read_again_and_the_cache_brings_the_rest_back() {
    let dir = library_folder();
    let d = dir.path();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache_file = cache_dir.path().join("library.index");
    let (files, _) = read(d, &HashMap::new(), Some(&cache_file));
    assert_eq!(files.len(), 4);
    std::fs::write(&cache_file, cache::encode(files.iter()).expect("encodes")).expect("cache");
    let mut lib = Library::default();
    lib.put_all(files);

    // A colleague edits one file and deletes another.
    let mut edited = session("DNS near miss, second look", "Bo Chen");
    edited.id = lib.reviews()[0].entry.id;
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(&d.join("2026/dns.story.ron"), &ron(&edited));
    std::fs::remove_file(d.join("copies/queue-copy.story.ron")).expect("rm");
    let (again, gone) = read(d, &lib.stamps(), None);
    assert_eq!(gone, vec!["copies/queue-copy.story.ron".to_owned()]);
    assert_eq!(
        again.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        vec!["2026/dns.story.ron"]
    );
    lib.remove(&gone);
    lib.put_all(again);
    assert_eq!(lib.reviews()[0].entry.title, "DNS near miss, second look");
    assert!(lib.reviews()[1].copies.is_empty());

    // Opening afresh: what the cache knows unchanged comes from it. A cache entry
    // whose stamp no longer matches (the edited file) is read from the file.
    let (fresh, _) = read(d, &HashMap::new(), Some(&cache_file));
    let titles: Vec<String> = fresh
        .iter()
        .filter_map(|f| match &f.state {
            second_story::model::library::FileState::Indexed(e) => Some(e.title.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(titles, vec!["DNS near miss, second look", "Queue backlog"]);
    // The cache file holds no path and no real name.
    let bytes = String::from_utf8_lossy(&std::fs::read(&cache_file).expect("cache")).into_owned();
    for needle in ["Ana Lima", "Bo Chen", "queue.story.ron", "2026/"] {
        assert!(!bytes.contains(needle), "{needle} in the cache");
    }
}

#[test]
fn report_command_writes_markdown_and_names_broken_files() {
    let dir = library_folder();
    let out = Command::new(BIN)
        .args(["report"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.starts_with("# Learning across reviews: "),
        "{stdout}"
    );
    assert!(
        stdout.contains("| Queue backlog | Incident review | 1 | 1 | 0 | 0 |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("## Files that could not be read\n\n- `2026/q1/cut.story.ron`: "),
        "{stdout}"
    );
    assert!(
        stderr.contains("2026/q1/cut.story.ron: could not be read: "),
        "{stderr}"
    );
    for name in ["Ana Lima", "Bo Chen", "Cy Diaz"] {
        assert!(!stdout.contains(name), "{name} in the report");
    }
    let target = dir.path().join("out/report.md");
    std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
    let out = Command::new(BIN)
        .args(["report"])
        .arg(dir.path())
        .arg("-o")
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(&target).expect("written");
    assert_eq!(written, stdout);
    // Not a folder: no report, exit 1.
    let out = Command::new(BIN)
        .args(["report", "/nonexistent/second-story-library"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

// ---------------------------------------------------------------------------
// Privacy over generated libraries.

/// Names and markers from a script no other generated text uses (Greek, Cyrillic),
/// so any hit is a leak.
const REAL: [&str; 6] = [
    "Αλφα Βητα",
    "Γαμμα Δελτα",
    "Ζητα Ηθα",
    "Θητα Ιωτα",
    "Καππα Λαμδα",
    "Μυ Νυ",
];
/// An anonymous participant's pseudonym.
fn anon_pseudonym(k: usize) -> String {
    format!("Ωμεγα{k}")
}
/// Three words: the gate recognises an off-record statement's words elsewhere from three
/// words on (one or two words, "Yes." or "The cache.", are too common to withhold
/// wherever they appear; the statement itself is always withheld).
fn off_record_marker(k: usize) -> String {
    format!("Жук{k} шепчет тихо")
}

/// A statement: (off the record?, tagged?, names someone?).
type StatementSpec = (bool, bool, bool);

#[derive(Clone, Debug)]
struct Spec {
    kind: u8,
    /// Per participant: anonymous?, statements as (off the record?, tagged?, names someone?).
    participants: Vec<(bool, Vec<StatementSpec>)>,
    follow_ups: u8,
    milestones: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..3u8,
        prop::collection::vec(
            (
                any::<bool>(),
                prop::collection::vec((any::<bool>(), any::<bool>(), any::<bool>()), 0..6),
            ),
            1..4,
        ),
        0..4u8,
        any::<bool>(),
    )
        .prop_map(|(kind, participants, follow_ups, milestones)| Spec {
            kind,
            participants,
            follow_ups,
            milestones,
        })
}

/// A session from a spec: real names everywhere a person might type them, off-record
/// statements with markers (tagged, in themes, cited by events), anonymous
/// participants (their pseudonym only in their own record).
fn build(spec: &Spec, n: usize) -> Session {
    let kind = SessionKind::ALL[usize::from(spec.kind) % 3];
    // Only the participants' own names: a name nobody in the session has is no one's.
    let people = spec.participants.len().max(1);
    let real = |k: usize| REAL[(n + k % people) % REAL.len()];
    let mut s = Session::new(format!("Review {n} with {}", real(0)), kind);
    s.facilitators = vec!["Sam Rivera".into()];
    let code = Code {
        name: "saturation".into(),
        vocabulary: Some("Messy 9".into()),
        ..Code::default()
    };
    let own = Code {
        name: format!("what {} noticed", real(1)),
        ..Code::default()
    };
    let mut theme = Theme {
        name: format!("{}'s workaround", real(2)),
        ..Theme::default()
    };
    let mut event = TimelineEvent {
        description: format!("{} paged the team", real(0)),
        time: EventTime::Exact(
            chrono::DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default(),
        ),
        milestones: if spec.milestones {
            vec![Milestone::FirstSignal]
        } else {
            Vec::new()
        },
        ..TimelineEvent::default()
    };
    for (k, (anonymous, statements)) in spec.participants.iter().enumerate() {
        let mut p = Participant::new(if *anonymous {
            anon_pseudonym(k)
        } else {
            format!("P{}", k + 1)
        });
        p.real_name = Some(real(k).to_owned());
        p.consent.may_quote = true;
        if *anonymous {
            p.consent.attribution = Attribution::Anonymous;
        }
        let mut i = Interview {
            participant: p.id,
            title: "Interview".into(),
            ..Interview::default()
        };
        for (j, (off, tagged, names)) in statements.iter().enumerate() {
            let text = if *off {
                off_record_marker(n * 100 + k * 10 + j)
            } else if *names {
                format!("I asked {} for help", real(k + 1))
            } else {
                "the queue kept growing".to_owned()
            };
            let st = Statement {
                text,
                off_record: *off,
                kind: StatementKind::Observation,
                ..Statement::default()
            };
            if *tagged {
                let tag = TagApplication {
                    code: if j % 2 == 0 { code.id } else { own.id },
                    statement: st.id,
                    ..TagApplication::default()
                };
                theme.excerpts.push(tag.id);
                s.tags.push(tag);
            }
            event.evidence.push(st.id);
            i.statements.push(st);
        }
        s.participants.push(p);
        s.interviews.push(i);
    }
    for f in 0..spec.follow_ups {
        s.follow_ups.push(FollowUp {
            text: format!("Pair {} with the on-call", real(usize::from(f))),
            class: if f % 2 == 0 {
                FollowUpClass::ResponseRecovery
            } else {
                FollowUpClass::Prevention
            },
            soak_until: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            ..FollowUp::default()
        });
    }
    s.codes = vec![code, own];
    s.themes = vec![theme];
    s.timeline = vec![event];
    s
}

fn library_of(specs: &[Spec]) -> (Library, Vec<Session>) {
    let sessions: Vec<Session> = specs.iter().enumerate().map(|(n, s)| build(s, n)).collect();
    let mut lib = Library::default();
    lib.put_all(sessions.iter().enumerate().map(|(n, s)| {
        let text = ron(s);
        second_story::model::library::read_file(
            &format!("r{n}.story.ron"),
            Stamp::default(),
            text.as_bytes(),
        )
    }));
    (lib, sessions)
}

/// Everything that leaves the file or that the library keeps: the report, and the
/// index as the cache writes it (excerpts, search text, voices, titles).
fn everything(lib: &Library) -> String {
    let md = report::report(
        lib,
        "generated",
        chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default(),
    );
    let index = cache::encode(lib.files()).expect("encodes");
    let mut all = md;
    all.push_str(&String::from_utf8_lossy(&index));
    for r in lib.reviews() {
        let e = &r.entry;
        all.push_str(&e.voices.join("\n"));
        for x in &e.excerpts {
            all.push_str(e.voice(x.voice));
        }
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_report_and_index_hold_no_real_name_and_nothing_off_the_record(specs in prop::collection::vec(spec(), 1..6)) {
        let (lib, sessions) = library_of(&specs);
        prop_assert_eq!(lib.reviews().len(), sessions.len());
        let all = everything(&lib);
        for name in REAL {
            for part in name.split(' ') {
                prop_assert!(!all.contains(part), "real name {} leaked", part);
            }
        }
        prop_assert!(!all.contains("Жук") && !all.contains("шепчет"), "off-the-record words leaked");
        // Whose words: an anonymous participant is never named by pseudonym where
        // the library attributes words (excerpts, search results).
        for r in lib.reviews() {
            for (i, v) in r.entry.voices.iter().enumerate() {
                let anonymous = sessions.iter().flat_map(|s| &s.participants)
                    .any(|p| p.consent.attribution == Attribution::Anonymous && Some(&p.pseudonym) == r.entry.voices.get(i));
                prop_assert!(!anonymous, "anonymous participant named {}", v);
            }
        }
    }
}

/// An anonymous participant's pseudonym appears nowhere the library shows or keeps,
/// even when someone else's words or a follow-up name them, and words said off the
/// record do not survive quoted in another field. This is the publish gate's work
/// (anonymity and off-the-record taint across every text).
#[test]
fn no_anonymous_pseudonym_and_no_quoted_off_record_words_anywhere() {
    let spec = Spec {
        kind: 0,
        participants: vec![
            (true, vec![(true, true, false), (false, true, false)]),
            (false, vec![(false, true, true)]),
        ],
        follow_ups: 1,
        milestones: true,
    };
    let mut s = build(&spec, 0);
    let anon = anon_pseudonym(0);
    let marker = off_record_marker(0);
    s.follow_ups[0].text = format!("Ask {anon} about the runbook");
    s.findings.push(Finding {
        text: format!("As was said: {marker}"),
        ..Finding::default()
    });
    let mut lib = Library::default();
    lib.put(second_story::model::library::read_file(
        "a.story.ron",
        Stamp::default(),
        ron(&s).as_bytes(),
    ));
    let all = everything(&lib);
    assert!(
        !all.contains(&anon),
        "the anonymous participant's pseudonym is shown"
    );
    assert!(
        !all.contains("Жук"),
        "off-the-record words quoted elsewhere are shown"
    );
}
