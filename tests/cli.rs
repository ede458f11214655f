//! The native command line: `validate`, `export`, `--help`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_second-story"))
}

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/checkout-near-miss.story.ron"
);

#[test]
fn validate_good_file_prints_summary() {
    let out = bin().args(["validate", EXAMPLE]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("ok")
            && stdout.contains("4 participants")
            && stdout.contains("3 interviews"),
        "{stdout}"
    );
}

#[test]
fn validate_bad_files_exit_1_with_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let cases = [
        (
            "cut.story.ron",
            text.as_bytes()[..text.len() / 2].to_vec(),
            "cut off",
        ),
        (
            "newer.story.ron",
            text.replace("version: 3", "version: 99").into_bytes(),
            "newer Second Story",
        ),
        ("binary.story.ron", vec![0xff, 0xfe, 0x00, 0x41], "UTF-8"),
        ("empty.story.ron", Vec::new(), "empty"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = bin().arg("validate").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    let out = bin()
        .args(["validate", "/nonexistent/x.story.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn export_redacts_by_default_and_real_names_warn() {
    let dir = tempfile::tempdir().unwrap();
    let md_path = dir.path().join("out.md");
    let out = bin()
        .args(["export", EXAMPLE, "-o"])
        .arg(&md_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("real names"), "{stderr}");
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(md.starts_with("# Payment retry storm"), "{md}");
    for real in ["Ana Lima", "Ana", "Ben Okafor", "Chris Novak", "Dana Wu"] {
        assert!(!md.contains(real), "{real} leaked");
    }
    // Off-the-record statements never leave the file.
    assert!(!md.contains("vendor's support"));
    // `--redact` is still accepted, and changes nothing.
    let out = bin()
        .args(["export", EXAMPLE, "--redact"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), md);
    // Real names only when asked, with a warning on stderr.
    let out = bin()
        .args(["export", EXAMPLE, "--real-names"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ana"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("keeps real names"), "{stderr}");
    let out = bin()
        .args(["export", EXAMPLE, "--real-names", "--redact"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "the two cannot go together");
}

#[test]
fn the_cli_and_the_app_export_the_same_bytes() {
    use second_story::model::export::SessionExport;
    let session = second_story::model::file::from_str(second_story::model::EXAMPLE_SESSION)
        .unwrap()
        .session;
    for (args, redact) in [(vec![], true), (vec!["--real-names"], false)] {
        let out = bin()
            .arg("export")
            .arg(EXAMPLE)
            .args(&args)
            .output()
            .unwrap();
        // What the app's Export (and the browser's worker) writes for the same choice.
        let app = SessionExport::Markdown { redact }.build(&session).unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), app, "{args:?}");
    }
}

#[test]
fn export_lists_open_paraphrases_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-quotes.story.ron");
    let mut s = second_story::model::file::from_str(second_story::model::EXAMPLE_SESSION)
        .unwrap()
        .session;
    for p in &mut s.participants {
        p.consent.may_quote = false;
    }
    for st in s.interviews.iter_mut().flat_map(|i| &mut i.statements) {
        st.paraphrase.clear();
    }
    std::fs::write(&path, second_story::model::file::to_ron_string(&s).unwrap()).unwrap();
    let out = bin().arg("export").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stderr.contains("paraphrase(s) to write"), "{stderr}");
    assert!(stdout.contains("paraphrase to come"), "{stdout}");
    // Every placeholder listed is in the export, and the other way round.
    let listed = stderr.lines().filter(|l| l.starts_with("  - ")).count();
    let mut shown: Vec<&str> = stdout
        .match_indices("paraphrase to come: s-")
        .filter_map(|(at, m)| stdout.get(at..at + m.len() + 8))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    assert_eq!(listed, shown.len(), "{stderr}");
}

#[test]
fn help_documents_the_commands() {
    let out = bin().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["validate", "export", "FILE"] {
        assert!(help.contains(word), "{help}");
    }
}

#[test]
fn numbers_the_app_cannot_handle_are_refused_by_validate_and_export_alike() {
    // These crashed `export` with exit 101 (issue #15); the app refuses them with the
    // same message (tests/hostile_files.rs opens each in the app).
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/session/");
    for (file, says) in [
        ("offset-i64-max.story.ron", "outside the calendar"),
        ("offset-i64-min.story.ron", "outside the calendar"),
        ("offset-1e13.story.ron", "outside the calendar"),
        ("offset-past-calendar-end.story.ron", "outside the calendar"),
        (
            "offset-before-calendar-start.story.ron",
            "outside the calendar",
        ),
        ("map-nan.story.ron", "between -1000000 and 1000000"),
        ("map-1e9.story.ron", "between -1000000 and 1000000"),
    ] {
        let path = format!("{corpus}{file}");
        for args in [vec!["validate", &path], vec!["export", &path]] {
            let out = bin().args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(stderr.contains(says), "{args:?}: {stderr}");
            assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
        }
    }
    // Valid hostile files export.
    for file in ["anchor-cycle.story.ron", "calendar-ends.story.ron"] {
        let path = format!("{corpus}{file}");
        let out = bin().args(["export", &path]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
