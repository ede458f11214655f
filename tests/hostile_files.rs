//! Hostile and broken files: every one gives a clear error (never a panic), and
//! opening one in the app never changes the session already open.
//!
//! The committed corpus lives in `tests/corpus/session/` and `tests/corpus/guide/`
//! (one small file per kind of damage, each listed in [`CASES`] / [`GUIDE_CASES`]
//! with what its message must say). Big and systematic cases (truncation at ~800
//! offsets, random byte damage, deep nesting, 60 MB and 100 MB strings) are generated
//! here in memory. `tests/corpus/regressions/` holds inputs found by the fuzzers
//! (`fuzz/`): they must load or fail cleanly, and export without a panic.
//! `tests/corpus/text/` and `tests/corpus/paste/` only seed the fuzzers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::export::{ExportOptions, to_markdown};
use second_story::model::file::{self, LoadError, MAX_FILE_BYTES};
use second_story::model::{EXAMPLE_SESSION, publish};
use second_story::ui::Action;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// A corpus file and what its error message must contain (lowercase fragments).
struct Case {
    file: &'static str,
    /// Every fragment must appear in the lowercased message.
    says: &'static [&'static str],
    /// Whether the error must carry a line and column.
    position: bool,
}

const CASES: &[Case] = &[
    Case {
        file: "truncated.story.ron",
        says: &["cut off"],
        position: true,
    },
    Case {
        file: "truncated-after-header.story.ron",
        says: &["cut off"],
        position: true,
    },
    Case {
        file: "invalid-utf8.story.ron",
        says: &["invalid utf-8", "line 7, column 17"],
        position: true,
    },
    Case {
        file: "random-bytes.bin",
        says: &["not readable text"],
        position: true,
    },
    Case {
        file: "random-ascii.txt",
        says: &["not a second story session file"],
        position: false,
    },
    Case {
        file: "deep-nesting.story.ron",
        says: &["expected a text in double quotes", "line 5"],
        position: true,
    },
    Case {
        // Unknown fields are refused before their (deep) content is read.
        file: "deep-nesting-unknown-field.story.ron",
        says: &["`extra` is not a field of a session"],
        position: true,
    },
    Case {
        file: "deep-nesting-unclosed.story.ron",
        says: &["cut off"],
        position: true,
    },
    Case {
        file: "newer-version.story.ron",
        says: &["newer second story", "version 9", "update"],
        position: false,
    },
    Case {
        file: "version-zero.story.ron",
        says: &["version 0", "does not exist"],
        position: false,
    },
    Case {
        file: "version-huge.story.ron",
        says: &["newer second story"],
        position: false,
    },
    Case {
        file: "version-not-a-number.story.ron",
        says: &["not a second story session file"],
        position: false,
    },
    Case {
        file: "wrong-format-tag.story.ron",
        says: &["not a second story session file"],
        position: false,
    },
    Case {
        file: "wrong-type-title.story.ron",
        says: &["line 7"],
        position: true,
    },
    Case {
        file: "wrong-type-participants.story.ron",
        says: &["expected a list", "\"everyone\"", "line 18"],
        position: true,
    },
    Case {
        file: "wrong-enum-kind.story.ron",
        says: &["catastrophe", "nearmiss", "line 8"],
        position: true,
    },
    Case {
        file: "bad-timestamp.story.ron",
        says: &["last tuesday", "line 16"],
        position: true,
    },
    Case {
        file: "bad-uuid.story.ron",
        says: &["not-an-id", "line 6"],
        position: true,
    },
    Case {
        file: "negative-seconds.story.ron",
        says: &["line "],
        position: true,
    },
    Case {
        file: "duplicate-ids.story.ron",
        says: &["share the id", "p1 (on-call sre)", "p2 (payments engineer)"],
        position: false,
    },
    Case {
        file: "dangling-refs.story.ron",
        says: &["not in the file", "participant"],
        position: false,
    },
    Case {
        file: "empty.story.ron",
        says: &["empty"],
        position: false,
    },
    Case {
        file: "whitespace-only.story.ron",
        says: &["empty"],
        position: false,
    },
    Case {
        file: "bom-only.story.ron",
        says: &["empty"],
        position: false,
    },
    Case {
        file: "json.story.ron",
        says: &["not a second story session file"],
        position: false,
    },
    Case {
        file: "guide-not-session.story.ron",
        says: &["not a second story session file"],
        position: false,
    },
    Case {
        file: "trailing-garbage.story.ron",
        says: &["line "],
        position: true,
    },
    Case {
        file: "unterminated-string.story.ron",
        says: &["line 5"],
        position: true,
    },
    Case {
        file: "nul-bytes.story.ron",
        says: &["line "],
        position: true,
    },
    Case {
        file: "named-envelope.story.ron",
        says: &["`envelope` is not expected here", "line 1"],
        position: true,
    },
    Case {
        file: "utf16.story.ron",
        says: &["not readable text", "line 1, column 1"],
        position: true,
    },
    // Numbers later code could not handle (issue #15): refused, naming what is wrong.
    Case {
        file: "offset-i64-max.story.ron",
        says: &[
            "\"pager answered\"",
            "9223372036854775807",
            "outside the calendar",
        ],
        position: false,
    },
    Case {
        file: "offset-i64-min.story.ron",
        says: &[
            "\"pager answered\"",
            "-9223372036854775808",
            "outside the calendar",
        ],
        position: false,
    },
    Case {
        file: "offset-1e13.story.ron",
        says: &[
            "\"pager answered\"",
            "10000000000000",
            "outside the calendar",
        ],
        position: false,
    },
    Case {
        file: "offset-past-calendar-end.story.ron",
        says: &["\"pager answered\"", "+1s", "outside the calendar"],
        position: false,
    },
    Case {
        file: "offset-before-calendar-start.story.ron",
        says: &["\"pager answered\"", "-1s", "outside the calendar"],
        position: false,
    },
    Case {
        file: "map-nan.story.ron",
        says: &[
            "\"open a change request\"",
            "(nan, 26)",
            "between -1000000 and 1000000",
        ],
        position: false,
    },
    Case {
        file: "map-inf.story.ron",
        says: &["(inf, 26)", "(426, -inf)", "between -1000000 and 1000000"],
        position: false,
    },
    Case {
        file: "map-1e9.story.ron",
        says: &["\"open a change request\"", "(1000000000, 26)"],
        position: false,
    },
];

/// Hostile corpus files that are valid: the code handles what they hold (times at
/// the ends of the calendar, a circle of anchors, a huge offset from an event with
/// no time). Each loads, drafts and exports; `tests/ui_hostile_files.rs` shows each
/// in every workspace.
const LOADS: &[&str] = &[
    "anchor-cycle.story.ron",
    "calendar-ends.story.ron",
    "offset-1e13-untimed-anchor.story.ron",
];

fn corpus_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(sub)
}

fn corpus_files(sub: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir(sub))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file() && !p.ends_with("README.md"));
    files.sort();
    files
}

/// Loads without letting a panic escape, so one bad case names itself.
fn load(bytes: &[u8]) -> Result<Result<file::Loaded, LoadError>, String> {
    catch_unwind(AssertUnwindSafe(|| file::from_bytes(bytes)))
        .map_err(|_| "the loader panicked".to_owned())
}

/// What every error message must be: words for a person, not a debug dump.
fn assert_good_message(what: &str, err: &LoadError) {
    let msg = err.to_string();
    assert!(msg.len() >= 12, "{what}: message too short: {msg:?}");
    assert!(msg.len() <= 600, "{what}: message too long: {msg:?}");
    let first = msg.chars().next().unwrap_or(' ');
    assert!(
        first.is_uppercase() || first == '`',
        "{what}: message should start with a capital: {msg:?}"
    );
    for internal in [
        "Error(",
        "Span {",
        "Position {",
        "SpannedError",
        "\\u{",
        "EnvelopeIn",
        "GuideFileIn",
        "SessionV1",
        "struct `",
    ] {
        assert!(
            !msg.contains(internal),
            "{what}: message leaks internals ({internal}): {msg:?}"
        );
    }
    if let Some((line, column)) = err.position() {
        assert!(line >= 1 && column >= 1, "{what}: positions are 1-based");
        assert!(
            msg.contains(&format!("line {line}")),
            "{what}: message should name its line: {msg:?}"
        );
    }
}

#[test]
fn every_corpus_file_has_an_expectation() {
    let listed: Vec<&str> = CASES
        .iter()
        .map(|c| c.file)
        .chain(LOADS.iter().copied())
        .collect();
    for path in corpus_files("session") {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        assert!(
            listed.contains(&name.as_ref()),
            "{name} is in tests/corpus/session but not in CASES"
        );
    }
    for case in CASES {
        assert!(
            corpus_dir("session").join(case.file).is_file(),
            "{} is listed but missing",
            case.file
        );
    }
}

#[test]
fn corpus_files_give_clear_errors() {
    let mut failures = Vec::new();
    for case in CASES {
        let bytes = std::fs::read(corpus_dir("session").join(case.file)).unwrap_or_default();
        match load(&bytes) {
            Err(panic) => failures.push(format!("{}: {panic}", case.file)),
            Ok(Ok(_)) => failures.push(format!("{}: loaded, but it is broken", case.file)),
            Ok(Err(err)) => {
                assert_good_message(case.file, &err);
                let msg = err.to_string();
                let lower = msg.to_lowercase();
                for frag in case.says {
                    if !lower.contains(frag) {
                        failures.push(format!("{}: {msg:?} does not say {frag:?}", case.file));
                    }
                }
                if case.position != err.position().is_some() {
                    failures.push(format!(
                        "{}: position expected {}, got {:?} ({msg})",
                        case.file,
                        case.position,
                        err.position()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_but_valid_files_load_draft_and_export() {
    use second_story::model::{narrative, timeline};
    for name in LOADS {
        let bytes = std::fs::read(corpus_dir("session").join(name)).unwrap_or_default();
        let loaded = match load(&bytes) {
            Err(panic) => panic!("{name}: {panic}"),
            Ok(Err(e)) => panic!("{name} is refused: {e}"),
            Ok(Ok(loaded)) => loaded,
        };
        let s = &loaded.session;
        let done = catch_unwind(AssertUnwindSafe(|| {
            let times = timeline::TimelineTimes::new(&s.timeline);
            for std in narrative::STANDARD {
                let _ = narrative::draft_body(s, std.kind);
            }
            let md = to_markdown(s, ExportOptions { redact: true });
            let _ = to_markdown(s, ExportOptions { redact: false });
            let _ = second_story::model::publish::shared_copy(s);
            (times, md)
        }));
        let Ok((times, md)) = done else {
            panic!("{name}: drafting or exporting panicked")
        };
        assert!(md.contains("Pager answered"), "{name}: {md}");
        match *name {
            // The circle and the untimed anchor: no event on the circle has a time.
            "anchor-cycle.story.ron" | "offset-1e13-untimed-anchor.story.ron" => {
                assert_eq!(times.get(1), None, "{name}")
            }
            _ => assert!((0..3).all(|i| times.get(i).is_some()), "{name}"),
        }
    }
}

#[test]
fn fuzz_regressions_load_or_fail_cleanly_and_export() {
    for path in corpus_files("regressions") {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let name = path.display().to_string();
        // The other parsers the fuzzers reach must not panic on it either.
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let others = catch_unwind(AssertUnwindSafe(|| {
                let _ = second_story::model::guides::parse_guide(text);
                let _ = second_story::model::lint::check(text);
                let _ = second_story::model::lint::check_file(text);
                let date = chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default();
                let _ = second_story::model::paste::parse(
                    text,
                    &second_story::model::paste::PasteOptions { date },
                );
            }));
            assert!(others.is_ok(), "{name}: a parser panicked");
        }
        match load(&bytes) {
            Err(panic) => panic!("{name}: {panic}"),
            Ok(Err(err)) => assert_good_message(&name, &err),
            Ok(Ok(loaded)) => {
                let s = &loaded.session;
                let exported = catch_unwind(AssertUnwindSafe(|| {
                    to_markdown(s, ExportOptions { redact: true });
                    to_markdown(s, ExportOptions { redact: false });
                    publish::shared_copy(s)
                }));
                assert!(exported.is_ok(), "{name}: export or redaction panicked");
            }
        }
    }
}

#[test]
fn truncation_at_every_offset_is_an_error_with_a_position() {
    let bytes = EXAMPLE_SESSION.as_bytes();
    // The file is complete up to its closing parenthesis; anything shorter is cut.
    let complete = EXAMPLE_SESSION.trim_end().len();
    // About 800 cuts spread over the file (an odd step, so cuts land everywhere in
    // the RON syntax as the example grows), plus every byte near the ends.
    let step = (complete / 800).max(1) | 1;
    let mut offsets: Vec<usize> = (0..complete).step_by(step).collect();
    // Around the end and the header every byte counts.
    offsets.extend(complete.saturating_sub(40)..complete);
    offsets.extend(0..200.min(complete));
    offsets.sort_unstable();
    offsets.dedup();
    for cut in offsets {
        let prefix = &bytes[..cut];
        let err = match load(prefix) {
            Err(panic) => panic!("cut at {cut}: {panic}"),
            Ok(Ok(_)) => panic!("cut at {cut}: a truncated file loaded"),
            Ok(Err(err)) => err,
        };
        assert_good_message(&format!("cut at {cut}"), &err);
        if let Some((line, _)) = err.position() {
            let lines = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
            assert!(
                line <= lines,
                "cut at {cut}: error at line {line} but the file has {lines} lines"
            );
        }
    }
    // The complete file still loads (so the loop above tested real truncation).
    assert!(file::from_bytes(&bytes[..complete]).is_ok());
}

#[test]
fn truncation_of_a_multibyte_character_names_its_position() {
    // "“" is three bytes in UTF-8; cut after its first byte.
    let at = EXAMPLE_SESSION
        .find('—')
        .or_else(|| EXAMPLE_SESSION.find('“'))
        .expect("the example has a multi-byte character");
    let err = file::from_bytes(&EXAMPLE_SESSION.as_bytes()[..at + 1]).unwrap_err();
    let (line, column) = file::line_col(EXAMPLE_SESSION.as_bytes(), at);
    assert_eq!(err, LoadError::NotUtf8 { line, column });
    assert!(
        err.to_string()
            .contains(&format!("line {line}, column {column}"))
    );
}

/// A session file whose title is `len` bytes of `x`.
fn session_with_title_of(len: usize) -> Vec<u8> {
    let head =
        "(\n    format: \"second-story\",\n    version: 2,\n    session: (\n        title: \"";
    let tail = "\",\n    ),\n)\n";
    let mut bytes = Vec::with_capacity(head.len() + len + tail.len());
    bytes.extend_from_slice(head.as_bytes());
    bytes.resize(head.len() + len, b'x');
    bytes.extend_from_slice(tail.as_bytes());
    bytes
}

/// Peak resident memory of this process so far, in bytes (Linux only).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn huge_strings_are_refused_or_loaded_in_bounded_memory() {
    // 100 MB: refused by size before any parsing, with the size in the message.
    let big = session_with_title_of(100 * 1000 * 1000);
    assert!(big.len() as u64 > MAX_FILE_BYTES);
    let err = file::from_bytes(&big).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("95.4 MB") && msg.contains("64 MB"), "{msg}");
    // The app refuses the same bytes without touching the open session.
    let mut app = app_with_example();
    let before = app.session().clone();
    app.open_bytes("huge.story.ron", Location::Unsaved, big);
    assert_eq!(app.session(), &before);
    assert!(app.error_message().is_some_and(|m| m.contains("64 MB")));
    drop(app);

    // 60 MB: under the limit. It must load (or fail cleanly) without a panic and
    // without needing many copies of the file in memory.
    let len = 60 * 1000 * 1000;
    let text = session_with_title_of(len);
    let before = peak_rss();
    let result = load(&text).expect("no panic on a 60 MB title");
    match result {
        Ok(loaded) => assert_eq!(loaded.session.title.len(), len),
        Err(err) => assert_good_message("60 MB title", &err),
    }
    drop(text);
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        // The file (60 MB) plus the parsed title (60 MB) plus slack; other tests
        // running at the same time allocate little.
        let grown = after.saturating_sub(before);
        assert!(
            grown < 400 * 1000 * 1000,
            "loading a 60 MB file grew the peak memory by {} MB",
            grown / 1_000_000
        );
    }
}

#[test]
fn deep_nesting_generated_in_memory_is_refused() {
    for depth in [65, 1_000, 200_000] {
        for (open, close) in [("[", "]"), ("(", ")"), ("{", "}"), ("Some(", ")")] {
            let mut text = String::from(
                "(\n    format: \"second-story\",\n    version: 2,\n    session: (\n        facilitators: ",
            );
            text.push_str(&open.repeat(depth));
            text.push_str(&close.repeat(depth));
            text.push_str(",\n    ),\n)\n");
            let err = match load(text.as_bytes()) {
                Err(panic) => panic!("depth {depth} {open}: {panic}"),
                Ok(Ok(_)) => panic!("depth {depth} {open}: loaded"),
                Ok(Err(e)) => e,
            };
            assert_good_message(&format!("depth {depth} {open}"), &err);
        }
    }
}

#[test]
fn random_damage_to_the_example_never_panics() {
    // A small deterministic generator (no extra dependency): flip, delete and insert
    // bytes at many places in the example.
    let mut state: u64 = 0x5eed_0008;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let original = EXAMPLE_SESSION.as_bytes();
    let specials: &[u8] = b"()[]{}\",:\\/*\n\r\t\0'#!9-.eE+";
    for round in 0..400 {
        let mut bytes = original.to_vec();
        for _ in 0..(1 + next() % 4) {
            let at = (next() as usize) % bytes.len();
            match next() % 4 {
                0 => bytes[at] = specials[(next() as usize) % specials.len()],
                1 => {
                    bytes.remove(at);
                }
                2 => bytes.insert(at, specials[(next() as usize) % specials.len()]),
                _ => bytes[at] = next() as u8,
            }
        }
        match load(&bytes) {
            Err(panic) => panic!("round {round}: {panic}"),
            Ok(Err(err)) => assert_good_message(&format!("round {round}"), &err),
            Ok(Ok(loaded)) => {
                // Harmless damage (inside a text, say): the session must still export.
                let _ = to_markdown(&loaded.session, ExportOptions::default());
            }
        }
    }
}

/// A broken guide file and what its message must contain (lowercase fragments).
const GUIDE_CASES: &[(&str, &[&str], bool)] = &[
    ("truncated.guide.ron", &["line"], true),
    ("empty.guide.ron", &["empty"], false),
    ("newer-version.guide.ron", &["newer", "version 7"], false),
    (
        "session-file.guide.ron",
        &["session file, not a guide"],
        false,
    ),
    ("typo-field.guide.ron", &["questons", "line"], true),
    ("no-name.guide.ron", &["no name"], false),
    ("no-questions.guide.ron", &["no questions"], false),
    ("deep-nesting.guide.ron", &["line"], true),
    ("wrong-type.guide.ron", &["line"], true),
    (
        "not-a-guide.guide.ron",
        &["not a second story guide file"],
        false,
    ),
];

/// Guide files that are not text at all: the file reader refuses them before the
/// guide loader sees them (io reads guides with `String::from_utf8`).
const GUIDE_NOT_TEXT: &[&str] = &["invalid-utf8.guide.ron", "random-bytes.bin"];

#[test]
fn broken_guide_files_give_clear_errors() {
    use second_story::model::guides::parse_guide;
    let listed: Vec<&str> = GUIDE_CASES
        .iter()
        .map(|c| c.0)
        .chain(GUIDE_NOT_TEXT.iter().copied())
        .collect();
    for path in corpus_files("guide") {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        assert!(listed.contains(&name.as_ref()), "{name} has no expectation");
    }
    for name in GUIDE_NOT_TEXT {
        let bytes = std::fs::read(corpus_dir("guide").join(name)).unwrap_or_default();
        assert!(
            String::from_utf8(bytes).is_err(),
            "{name} should not be UTF-8"
        );
    }
    let mut failures = Vec::new();
    for (name, says, position) in GUIDE_CASES {
        let text = std::fs::read_to_string(corpus_dir("guide").join(name)).unwrap_or_default();
        let err = match catch_unwind(AssertUnwindSafe(|| parse_guide(&text))) {
            Err(_) => {
                failures.push(format!("{name}: the guide loader panicked"));
                continue;
            }
            Ok(Ok(_)) => {
                failures.push(format!("{name}: loaded, but it is broken"));
                continue;
            }
            Ok(Err(e)) => e,
        };
        let msg = err.to_string();
        let lower = msg.to_lowercase();
        for frag in *says {
            if !lower.contains(frag) {
                failures.push(format!("{name}: {msg:?} does not say {frag:?}"));
            }
        }
        if *position != err.position().is_some() {
            failures.push(format!("{name}: position {:?} ({msg})", err.position()));
        }
        if let Some((line, _)) = err.position()
            && !msg.contains(&format!("line {line}"))
        {
            failures.push(format!("{name}: message does not name line {line}: {msg}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn truncated_guides_never_panic() {
    use second_story::model::guides::parse_guide;
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/guides/cdm-sweeps.guide.ron"),
    )
    .expect("built-in guide file");
    let complete = guide.trim_end().len();
    for cut in (0..complete)
        .filter(|c| guide.is_char_boundary(*c))
        .step_by(11)
    {
        let result = catch_unwind(AssertUnwindSafe(|| parse_guide(&guide[..cut])));
        match result {
            Err(_) => panic!("cut at {cut}: the guide loader panicked"),
            Ok(Ok(_)) => panic!("cut at {cut}: a truncated guide loaded"),
            Ok(Err(e)) => assert!(!e.to_string().is_empty()),
        }
    }
}

fn app_with_example() -> SecondStoryApp {
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.perform(Action::OpenExample);
    assert!(app.error_message().is_none(), "the example opens");
    assert!(!app.session().participants.is_empty());
    app
}

#[test]
fn opening_a_broken_file_leaves_the_open_session_alone() {
    let mut inputs: Vec<(String, Vec<u8>)> = CASES
        .iter()
        .map(|c| {
            (
                c.file.to_owned(),
                std::fs::read(corpus_dir("session").join(c.file)).unwrap_or_default(),
            )
        })
        .collect();
    let bytes = EXAMPLE_SESSION.as_bytes();
    for cut in [1, 100, bytes.len() / 2, bytes.len() - 3] {
        inputs.push((format!("cut-at-{cut}.story.ron"), bytes[..cut].to_vec()));
    }
    for (name, bad) in inputs {
        let mut app = app_with_example();
        let before = app.session().clone();
        let revision = app.document().revision();
        let location = app.location().clone();
        app.open_bytes(&name, Location::Path(PathBuf::from(&name)), bad);
        assert_eq!(app.session(), &before, "{name} changed the open session");
        assert_eq!(app.document().revision(), revision, "{name}");
        assert_eq!(
            app.location(),
            &location,
            "{name} changed where Save writes"
        );
        let msg = app
            .error_message()
            .unwrap_or_else(|| panic!("{name}: no error shown"));
        assert!(!msg.trim().is_empty(), "{name}: empty error");
    }
}

#[test]
fn a_broken_file_does_not_discard_unsaved_edits() {
    use egui_kittest::{Harness, kittest::Queryable as _};
    let mut app = app_with_example();
    app.perform(Action::Show(second_story::ui::Workspace::Participants));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app);
    harness.run();
    harness.get_by_label("➕ Add participant").click();
    harness.run();
    let edited = harness.state().session().clone();
    assert_eq!(
        edited.participants.len(),
        5,
        "the click added a participant"
    );
    assert!(harness.state().document().is_dirty());
    let bad = std::fs::read(corpus_dir("session").join("truncated.story.ron")).unwrap_or_default();
    harness
        .state_mut()
        .open_bytes("truncated.story.ron", Location::Unsaved, bad);
    harness.run();
    assert_eq!(harness.state().session(), &edited);
    assert!(harness.state().document().is_dirty(), "still unsaved");
    let msg = harness
        .state()
        .error_message()
        .unwrap_or_default()
        .to_owned();
    assert!(msg.contains("cut off"), "{msg}");
    // The dialog says so, in the window.
    harness.get_by_label("Your open session is unchanged.");
}

#[test]
#[ignore = "prints every corpus message for review: cargo test --test hostile_files -- --ignored --nocapture"]
fn print_corpus_messages() {
    for case in CASES {
        let bytes = std::fs::read(corpus_dir("session").join(case.file)).unwrap_or_default();
        match file::from_bytes(&bytes) {
            Ok(_) => println!("{:40} LOADED", case.file),
            Err(e) => println!("{:40} {e}", case.file),
        }
    }
}
