//! The command line on write-ups: `second-story lint FILE.md` exit codes and output, and
//! `second-story export FILE` producing a pseudonymised second-story write-up.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_second-story");
const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/checkout-near-miss.story.ron"
);

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn redacted_export_of_the_example_has_no_real_names() {
    let (code, md, err) = run(&["export", EXAMPLE, "--redact"]);
    assert_eq!(code, 0, "{err}");
    for name in [
        "Ana Lima",
        "Ben Okafor",
        "Chris Novak",
        "Dana Wu",
        "Ana",
        "Okafor",
        "Novak",
    ] {
        assert!(!md.contains(name), "{name} in the redacted export");
    }
    // Reads as a second story: the standard sections, footnoted evidence, no off-record.
    for heading in [
        "## Summary",
        "## The story, from inside",
        "## What went well and how people created safety",
        "## Contributors and enablers",
        "## Work-as-imagined and work-as-done",
        "## Follow-ups",
        "### Response and recovery",
        "### Prevention",
        "## Appendix",
        "### Participants",
        "### Method",
    ] {
        assert!(md.contains(heading), "{heading} missing");
    }
    assert!(
        md.contains("[^P1-") && !md.contains("[^s-"),
        "readable footnote labels"
    );
    assert!(!md.contains("vendor"), "off-the-record words exported");
    // With --real-names the real names are there (in quotes that mention them).
    let (code, md, _) = run(&["export", EXAMPLE, "--real-names"]);
    assert_eq!(code, 0);
    assert!(md.contains("Ana"));
    assert!(!md.contains("vendor"));
}

#[test]
fn export_to_a_file_renders_with_footnotes_and_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("write-up.md");
    let out_s = out.to_string_lossy().into_owned();
    let (code, _, err) = run(&["export", EXAMPLE, "--redact", "-o", &out_s]);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(&out).expect("written");
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let (mut refs, mut defs, mut tables) = (Vec::new(), Vec::new(), 0);
    for ev in Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match ev {
            Event::FootnoteReference(l) => refs.push(l.to_string()),
            Event::Start(Tag::FootnoteDefinition(l)) => defs.push(l.to_string()),
            Event::Start(Tag::Table(_)) => tables += 1,
            _ => {}
        }
    }
    assert!(refs.len() > 20, "{refs:?}");
    assert!(
        refs.iter().all(|r| defs.contains(r)),
        "a footnote without definition"
    );
    assert!(tables >= 2, "map and participants tables");
    // The exported write-up passes the language check. (Its one acknowledgement, for
    // "none failed to pay", is no longer needed: customers not paying is not blame,
    // and the check now reads the subject.)
    let (code, stdout, err) = run(&["lint", &out_s]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(err.contains("0 to look at"), "{err}");
    assert!(md.contains("<!-- second-story-lint: ok \"failed to\""));
}

#[test]
fn lint_exit_codes_and_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("first-story.md");
    std::fs::write(
        &bad,
        "# Review\n\nThe operator should have noticed.\nIt was careless.\n\n\
The root cause was a config.\nObviously, it was \"just a blip\" they said.\n",
    )
    .expect("write");
    let bad_s = bad.to_string_lossy().into_owned();
    let (code, out, _) = run(&["lint", &bad_s]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with(&format!("{bad_s}:3:14: counterfactual: should have — ")),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with(&format!("{bad_s}:4:8: normative: careless — ")));
    assert!(lines[2].contains(":6:5: mechanistic: root cause — "));
    assert!(lines[3].contains(":7:1: hindsight: Obviously — "));
    assert!(lines[0].contains("Ask instead:"));

    let clean = dir.path().join("second-story.md");
    std::fs::write(
        &clean,
        "# Review\n\nP1 noticed the sawtooth and messaged P2 with a screenshot.\n\n\
> I just knew it was retrying.\n",
    )
    .expect("write");
    let (code, out, err) = run(&["lint", &clean.to_string_lossy()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.is_empty());
    assert!(err.contains("1 in quotes"), "{err}");

    let missing = dir.path().join("nope.md");
    let (code, _, err) = run(&["lint", &missing.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.md"), "{err}");
    let binary = dir.path().join("binary.md");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80]).expect("write");
    let (code, _, _) = run(&["lint", &binary.to_string_lossy()]);
    assert_eq!(code, 2);
}
