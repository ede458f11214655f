//! Real git, with Second Story as its merge driver: two branches that add statements at
//! the same place, change different write-up sections and the title merge cleanly (where
//! git's own line merge conflicts); two branches that reword one statement give a
//! conflict that is recorded in a file that still opens, that `validate` lists and that
//! the app shows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::{Id, Session, Statement, file};
use std::path::Path;
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/checkout-near-miss.story.ron"
);
const FILE: &str = "review.story.ron";

fn output_text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs git in `dir` with no user or system config, as a fixed author.
fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Sam Rivera")
        .env("GIT_AUTHOR_EMAIL", "sam@example.org")
        .env("GIT_COMMITTER_NAME", "Sam Rivera")
        .env("GIT_COMMITTER_EMAIL", "sam@example.org")
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"))
}

#[track_caller]
fn git_ok(dir: &Path, args: &[&str]) {
    let o = git(dir, args);
    assert!(o.status.success(), "git {args:?}: {}", output_text(&o));
}

fn load(dir: &Path) -> Session {
    let text = std::fs::read_to_string(dir.join(FILE)).unwrap_or_default();
    file::from_str(&text)
        .unwrap_or_else(|e| panic!("{FILE} does not open: {e}"))
        .session
}

fn save(dir: &Path, s: &Session) {
    let text = file::to_ron_string(s).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join(FILE), text).unwrap_or_else(|e| panic!("{e}"));
}

/// Changes the file on a new branch from `from` and commits it.
fn branch(dir: &Path, name: &str, from: &str, change: impl FnOnce(&mut Session)) {
    git_ok(dir, &["checkout", "-q", "-b", name, from]);
    let mut s = load(dir);
    change(&mut s);
    save(dir, &s);
    git_ok(dir, &["commit", "-q", "-am", name]);
}

fn statement(n: u128, at: u32, text: &str) -> Statement {
    Statement {
        id: Id::from_u128(n),
        at_secs: at,
        text: text.into(),
        ..Statement::default()
    }
}

fn validate(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_second-story"))
        .arg("validate")
        .arg(dir.join(FILE))
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn git_merges_session_files_by_entity_and_records_real_conflicts_in_the_file() {
    let repo = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = repo.path();
    git_ok(dir, &["init", "-q", "-b", "main"]);
    std::fs::copy(EXAMPLE, dir.join(FILE)).unwrap_or_else(|e| panic!("{e}"));
    let setup = Command::new(env!("CARGO_BIN_EXE_second-story"))
        .arg("git-setup")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(setup.status.success(), "{}", output_text(&setup));
    git_ok(dir, &["add", "."]);
    git_ok(dir, &["commit", "-q", "-m", "The example review"]);

    // Two facilitators each add statements at the end of the same interview and write
    // a different section; one of them also changes the title.
    branch(dir, "sam", "main", |s| {
        s.interviews[0]
            .statements
            .push(statement(0xA1, 1000, "Sam: the dashboard lagged"));
        s.interviews[0]
            .statements
            .push(statement(0xA2, 1010, "Sam: we waited a minute"));
        s.narrative.sections[0].body = "Summary, written by Sam.".into();
    });
    branch(dir, "kit", "main", |s| {
        s.interviews[0]
            .statements
            .push(statement(0xB1, 1005, "Kit: support saw it first"));
        s.narrative.sections[3].body = "The story from inside, written by Kit.".into();
        s.title = "Payment retry storm near miss (checked with P1)".into();
    });

    // Git's own line merge cannot do this: both added lines at the same place.
    let show = |rev: &str| {
        let o = git(dir, &["show", &format!("{rev}:{FILE}")]);
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let (base, ours, theirs) = (dir.join("o.tmp"), dir.join("a.tmp"), dir.join("b.tmp"));
    for (p, rev) in [(&base, "main"), (&ours, "sam"), (&theirs, "kit")] {
        std::fs::write(p, show(rev)).unwrap_or_else(|e| panic!("{e}"));
    }
    let line_merge = Command::new("git")
        .args(["merge-file", "-p"])
        .args([&ours, &base, &theirs])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !line_merge.status.success(),
        "git's line merge was expected to conflict here"
    );
    for p in [&base, &ours, &theirs] {
        let _ = std::fs::remove_file(p);
    }

    git_ok(dir, &["checkout", "-q", "sam"]);
    let merged = git(dir, &["merge", "--no-edit", "kit"]);
    assert!(
        merged.status.success(),
        "merge with the driver: {}",
        output_text(&merged)
    );
    let v = validate(dir);
    assert_eq!(v.status.code(), Some(0), "{}", output_text(&v));
    let s = load(dir);
    for n in [0xA1, 0xA2, 0xB1] {
        assert!(
            s.statement(Id::from_u128(n)).is_some(),
            "statement {n:x} is there"
        );
    }
    assert_eq!(s.narrative.sections[0].body, "Summary, written by Sam.");
    assert_eq!(
        s.narrative.sections[3].body,
        "The story from inside, written by Kit."
    );
    assert_eq!(s.title, "Payment retry storm near miss (checked with P1)");
    assert!(s.conflicts.is_empty());
    let status = git(dir, &["status", "--porcelain"]);
    assert_eq!(output_text(&status).trim(), "", "nothing left behind");

    // Both reword the same statement: a conflict, recorded in the file.
    let target = s.interviews[1].statements[0].id;
    branch(dir, "sam-2", "sam", |s| {
        s.interviews[1].statements[0].text = "Reworded by Sam".into();
    });
    branch(dir, "kit-2", "sam", |s| {
        s.interviews[1].statements[0].text = "Reworded by Kit".into();
    });
    git_ok(dir, &["checkout", "-q", "sam-2"]);
    let merged = git(dir, &["merge", "--no-edit", "kit-2"]);
    assert!(!merged.status.success(), "git reports the conflict");
    assert!(
        output_text(&merged).contains("CONFLICT"),
        "{}",
        output_text(&merged)
    );
    let text = std::fs::read_to_string(dir.join(FILE)).unwrap_or_default();
    assert!(!text.contains("<<<<<<<"), "no conflict markers in the file");
    let s = load(dir);
    assert_eq!(s.conflicts.len(), 1);
    let c = &s.conflicts[0];
    assert_eq!((c.entity, c.field.as_str()), (target, "text"));
    assert_eq!(c.ours.as_deref(), Some("Reworded by Sam"));
    assert_eq!(c.theirs.as_deref(), Some("Reworded by Kit"));
    let v = validate(dir);
    assert_eq!(v.status.code(), Some(1), "{}", output_text(&v));
    assert!(
        output_text(&v).contains("1 open merge conflict"),
        "{}",
        output_text(&v)
    );
    assert!(
        output_text(&v).contains("text — changed in both copies"),
        "{}",
        output_text(&v)
    );

    // The app opens it and has the conflict.
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.open_bytes(FILE, Location::Unsaved, text.into_bytes());
    assert!(app.error_message().is_none(), "{:?}", app.error_message());
    assert_eq!(app.session().conflicts.len(), 1);
}
