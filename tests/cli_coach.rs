//! The command line for coaching and calibration: `second-story coach` (flagged
//! questions as `INTERVIEW at MM:SS: kind: "question" — try: …`, then the card; exit
//! 0, 1 or 2) and `second-story export --calibration PSEUDONYM`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use second_story::model::file::{from_str, to_ron_string};
use second_story::model::{Speaker, Statement, StatementKind};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_second-story"))
}

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/checkout-near-miss.story.ron"
);

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

/// The example with facilitator questions added to its first interview: a leading
/// one, a counterfactual one (off the record), and a good one.
fn with_questions(dir: &std::path::Path) -> std::path::PathBuf {
    let mut s = from_str(&std::fs::read_to_string(EXAMPLE).unwrap())
        .unwrap()
        .session;
    let real = s.participants[1].real_name.clone().unwrap();
    let i = &mut s.interviews[0];
    for (at, words, off) in [
        (
            125,
            format!("Don't you think {real} should have been paged earlier?"),
            false,
        ),
        (126, "Why didn't you roll back?".to_owned(), true),
        (127, "What did you notice first?".to_owned(), false),
    ] {
        i.statements.push(Statement {
            at_secs: at,
            speaker: Speaker::Facilitator,
            kind: StatementKind::Note,
            text: words,
            off_record: off,
            ..Statement::default()
        });
    }
    let path = dir.join("coached.story.ron");
    std::fs::write(&path, to_ron_string(&s).unwrap()).unwrap();
    path
}

#[test]
fn coach_prints_flagged_questions_then_the_card_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = with_questions(dir.path());
    let out = run(&["coach", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "First sweep with the on-call SRE at 02:05: counterfactual: \"Don't you think P2 (payments engineer) should have been paged earlier?\" — try: What did it look like to you at that point?",
        "{stdout}"
    );
    assert!(
        lines[1]
            .starts_with("First sweep with the on-call SRE at 02:05: leading: \"Don't you think"),
        "{stdout}"
    );
    assert!(lines[1].contains(" — try: "), "{stdout}");
    // Off the record never leaves the file, not even here; real names neither.
    assert!(!stdout.contains("roll back"), "{stdout}");
    let real = from_str(&std::fs::read_to_string(EXAMPLE).unwrap())
        .unwrap()
        .session
        .participants[1]
        .real_name
        .clone()
        .unwrap();
    assert!(!stdout.contains(&real), "{stdout}");
    // Then the card of every interview.
    for want in [
        "First sweep with the on-call SRE\n",
        "Talk balance: the interviewee said",
        "Questions: 3 asked, 2 open; flagged: 1 counterfactual, 1 leading",
        "Probes: ",
        "Still unexplored at their decision points:",
        "Not asked from the guide",
        "First sweep with the payments engineer\n",
        "Conversation with the support lead\n",
    ] {
        assert!(stdout.contains(want), "{want:?} missing:\n{stdout}");
    }
}

#[test]
fn coach_exits_0_when_nothing_is_flagged_and_picks_one_interview() {
    let out = run(&["coach", EXAMPLE]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains(" — try: "), "{stdout}");
    assert!(stdout.contains("Questions: 1 asked, 1 open"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let path = with_questions(dir.path());
    let p = path.to_str().unwrap();
    // By title (a unique part of it), the other interview has nothing flagged.
    let out = run(&["coach", p, "--interview", "payments engineer"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("First sweep with the payments engineer"));
    assert!(!stdout.contains("on-call SRE"), "{stdout}");
    // By id.
    let s = from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap()
        .session;
    let id = s.interviews[0].id.to_string();
    let out = run(&["coach", p, "--interview", &id]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("First sweep with the on-call SRE"));
}

#[test]
fn coach_exits_2_for_an_unreadable_file_or_unknown_interview() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.story.ron");
    std::fs::write(&bad, "(format: \"second-story\", version: 3, session: (").unwrap();
    let out = run(&["coach", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("bad.story.ron"));
    assert!(!text(&out.stderr).contains("panicked"));
    let out = run(&["coach", dir.path().join("gone.story.ron").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["coach", EXAMPLE, "--interview", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("No interview is called \"nobody\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("First sweep with the on-call SRE"),
        "{stderr}"
    );
    let out = run(&["coach", EXAMPLE, "--interview", "First sweep"]);
    assert_eq!(out.status.code(), Some(2), "two interviews match");
}

#[test]
fn export_calibration_writes_one_participant_s_own_account() {
    let s = from_str(&std::fs::read_to_string(EXAMPLE).unwrap())
        .unwrap()
        .session;
    let out = run(&["export", EXAMPLE, "--calibration", "P1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = text(&out.stdout);
    assert!(doc.starts_with("# Your account, to check: "), "{doc}");
    assert!(doc.contains("For P1 (on-call SRE)"), "{doc}");
    assert!(doc.contains("Please correct anything"), "{doc}");
    assert!(doc.contains("🔒"), "their off-the-record statement, marked");
    // Nothing of anyone else: their words, pseudonyms, real names.
    let p1 = s.participants[0].id;
    for i in s.interviews.iter().filter(|i| i.participant != p1) {
        for st in &i.statements {
            assert!(!doc.contains(st.text.trim()), "{} in\n{doc}", st.text);
        }
    }
    for p in &s.participants {
        if let Some(real) = &p.real_name {
            assert!(!doc.contains(real.as_str()), "{real} in\n{doc}");
        }
        if p.id != p1 {
            assert!(
                !doc.contains(p.pseudonym.as_str()),
                "{} in\n{doc}",
                p.pseudonym
            );
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("p2.md");
    let out = bin()
        .args([
            "export",
            EXAMPLE,
            "--calibration",
            "p2 (payments engineer)",
            "-o",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("For P2 (payments engineer)"), "{written}");
}

#[test]
fn export_calibration_names_the_participants_when_none_matches() {
    let out = run(&["export", EXAMPLE, "--calibration", "P9"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("No participant is called \"P9\""),
        "{stderr}"
    );
    assert!(stderr.contains("\"P1 (on-call SRE)\""), "{stderr}");
    assert!(text(&out.stdout).is_empty());
    let out = run(&["export", EXAMPLE, "--calibration", "P1", "--redact"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses the two together");
}
