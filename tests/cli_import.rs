//! `second-story import-transcript` end to end: two transcripts go into the example,
//! the file validates, and the redacted export cites the imported words with no real
//! name or handle in it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use second_story::model::{Session, file, narrative};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_second-story"))
}

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/checkout-near-miss.story.ron"
);

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/transcripts")
        .join(name)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    match bin().args(args).output() {
        Ok(o) => o,
        Err(e) => panic!("could not run second-story: {e}"),
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The example, copied to a temporary folder.
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("review.story.ron");
    std::fs::copy(EXAMPLE, &path).unwrap_or_else(|e| panic!("{e}"));
    (dir, path)
}

fn load(path: &Path) -> Session {
    let t = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    file::from_str(&t).unwrap_or_else(|e| panic!("{e}")).session
}

fn import(session: &Path, transcript: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "import-transcript".as_ref(),
        session.as_os_str(),
        transcript.as_os_str(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    run(&args)
}

/// Cites every statement of the interviews after the first `keep` in the write-up's
/// first section, so the export carries the imported words.
fn cite_imported(path: &Path, keep: usize) {
    let mut s = load(path);
    let refs: String = s.interviews[keep..]
        .iter()
        .flat_map(|i| &i.statements)
        .map(|st| format!("Imported.{} ", narrative::footnote_ref(st.id)))
        .collect();
    s.narrative.sections[0]
        .body
        .push_str(&format!("\n\n{refs}\n"));
    let t = file::to_ron_string(&s).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(path, t).unwrap_or_else(|e| panic!("{e}"));
}

fn export_redacted(path: &Path) -> String {
    let out = run(&["export".as_ref(), path.as_os_str(), "--redact".as_ref()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn two_transcripts_import_validate_and_export_without_real_names() {
    let (_dir, path) = example_copy();
    let before = load(&path);
    let n = before.interviews.len();

    // Teams: "Dana Wu" is P4's real name, "Kit Okoye" a facilitator.
    let out = import(&path, &corpus("teams.vtt"), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    assert_eq!(summary.lines().count(), 1, "{summary}");
    assert!(
        summary.contains("teams.vtt")
            && summary.contains("P4 (incident commander)")
            && summary.contains("4 statements"),
        "{summary}"
    );
    assert!(
        !summary.contains("Dana Wu"),
        "the summary names people by pseudonym: {summary}"
    );
    // Zoom: "Ana Lima" is P1; the title is ours.
    let out = import(
        &path,
        &corpus("zoom.vtt"),
        &["--title", "Second sweep with the on-call SRE"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        path.with_file_name("review.story.ron.bak").exists(),
        "saved atomically, with a .bak"
    );

    let s = load(&path);
    assert_eq!(s.interviews.len(), n + 2);
    let (teams, zoom) = (&s.interviews[n], &s.interviews[n + 1]);
    assert_eq!(s.pseudonym(teams.participant), "P4 (incident commander)");
    assert_eq!(zoom.title, "Second sweep with the on-call SRE");
    assert_eq!(zoom.statements.len(), 4);
    assert_eq!(zoom.statements[3].at_secs, 18);

    let out = run(&["validate".as_ref(), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("5 interviews"),
        "{}",
        text(&out.stdout)
    );

    cite_imported(&path, n);
    let md = export_redacted(&path);
    // The imported words are in the export …
    for words in [
        "keep the bridge small",
        "not the usual Monday ramp",
        "said the pool was flat again",
    ] {
        assert!(md.contains(words), "“{words}” missing from the export");
    }
    // … and no real name, whole or in part, inline ones included.
    for real in [
        "Ana Lima",
        "Ana",
        "Lima",
        "Ben Okafor",
        "Okafor",
        "Dana Wu",
        "Dana",
    ] {
        assert!(!md.contains(real), "{real} leaked:\n{md}");
    }
}

/// A participant known in the transcript only by a handle: mapped with --speaker,
/// remembered as one of their other names, and never in the export.
#[test]
fn handles_never_reach_the_export() {
    let (_dir, path) = example_copy();
    let n = load(&path).interviews.len();
    let out = import(
        &path,
        &corpus("handles.vtt"),
        &["--speaker", "nightowl=P1", "--facilitator", "sam.r"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = load(&path);
    assert!(
        s.participants[0]
            .other_names
            .contains(&"nightowl".to_owned())
    );
    cite_imported(&path, n);
    let md = export_redacted(&path);
    assert!(md.contains("sawtooth"), "the imported words are exported");
    assert!(
        !md.to_lowercase().contains("nightowl"),
        "a handle leaked:\n{md}"
    );
}

#[test]
fn unknown_speakers_are_all_named_and_nothing_is_written() {
    let (_dir, path) = example_copy();
    let before = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let out = import(&path, &corpus("handles.vtt"), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("“nightowl”") && err.contains("“sam.r”"),
        "{err}"
    );
    assert!(
        err.contains("--speaker") && err.contains("--facilitator"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).ok(),
        Some(before.clone()),
        "nothing written"
    );

    // A --speaker that names nobody in the file is a typo, not a no-op.
    let out = import(
        &path,
        &corpus("handles.vtt"),
        &["--speaker", "nightowel=P1", "--facilitator", "sam.r"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("“nightowel” not a speaker"),
        "{}",
        text(&out.stderr)
    );

    // Not a transcript at all: the error says what was expected.
    for (file, expected) in [("binary.vtt", "not a text file"), ("unknown.txt", "WEBVTT")] {
        let out = import(&path, &corpus(file), &[]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(
            text(&out.stderr).contains(expected),
            "{file}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).contains("panicked"));
    }
    assert_eq!(std::fs::read(&path).ok(), Some(before), "nothing written");
}

#[test]
fn a_new_participant_and_problem_lines() {
    let (_dir, path) = example_copy();
    let out = import(
        &path,
        &corpus("bad-timestamps.vtt"),
        &["--speaker", "Ana Lima=P5 (database on call)"],
    );
    // "Ana Lima" is P1 already, but --speaker says otherwise: the file is what counts.
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("P5 (database on call) (new participant)")
            && stdout.contains("2 lines to check"),
        "{stdout}"
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("bad-timestamps.vtt:8:") && err.contains("bad-timestamps.vtt:12:"),
        "{err}"
    );
    assert!(
        err.contains("consent"),
        "a reminder to record consent: {err}"
    );
    let s = load(&path);
    let p = s
        .participants
        .last()
        .unwrap_or_else(|| panic!("no participant"));
    assert_eq!(p.pseudonym, "P5 (database on call)");
    assert_eq!(p.real_name.as_deref(), Some("Ana Lima"));
}
