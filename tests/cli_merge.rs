//! The command line for teams: `merge` (exit codes, either order, no common base),
//! `validate` with open conflicts, `diff` (also as git's diff driver) and `git-setup`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use second_story::model::{Id, Session, Statement, file};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/checkout-near-miss.story.ron"
);

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_second-story"))
}

fn run(args: &[&Path]) -> Output {
    let mut c = bin();
    c.args(args);
    c.output().unwrap_or_else(|e| panic!("{e}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn example() -> Session {
    file::from_str(&std::fs::read_to_string(EXAMPLE).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
        .session
}

fn write(dir: &Path, name: &str, s: &Session) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, file::to_ron_string(s).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    p
}

fn read(p: &Path) -> Session {
    file::from_str(&std::fs::read_to_string(p).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .session
}

fn added(s: &mut Session, n: u128, text: &str) {
    s.interviews[0].statements.push(Statement {
        id: Id::from_u128(n),
        at_secs: 1000 + n as u32,
        text: text.into(),
        ..Statement::default()
    });
}

#[test]
fn a_clean_merge_exits_0_writes_ours_and_either_order_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = example();
    let (mut a, mut b) = (base.clone(), base.clone());
    added(&mut a, 1, "Added in A");
    added(&mut b, 2, "Added in B");
    b.narrative.sections[0].body = "Summary rewritten in B".into();
    let pb = write(dir.path(), "base.story.ron", &base);
    let pa = write(dir.path(), "a.story.ron", &a);
    let pbb = write(dir.path(), "b.story.ron", &b);
    let (ab, ba) = (
        dir.path().join("ab.story.ron"),
        dir.path().join("ba.story.ron"),
    );
    let o = run(&[Path::new("merge"), &pb, &pa, &pbb, Path::new("-o"), &ab]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("adds 1 statement"), "{}", text(&o));
    let o = run(&[Path::new("merge"), &pb, &pbb, &pa, Path::new("-o"), &ba]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        std::fs::read(&ab).unwrap_or_default(),
        std::fs::read(&ba).unwrap_or_default(),
        "the same bytes in either order"
    );
    assert_eq!(read(&pa), a, "with -o, OURS is left alone");
    // Without -o the result goes into OURS (git's %A).
    let o = run(&[Path::new("merge"), &pb, &pa, &pbb]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let merged = read(&pa);
    assert!(
        merged.statement(Id::from_u128(1)).is_some()
            && merged.statement(Id::from_u128(2)).is_some()
    );
    assert_eq!(merged.narrative.sections[0].body, "Summary rewritten in B");
    assert!(
        !dir.path().join("a.story.ron.bak").exists(),
        "no .bak left behind"
    );
    let o = run(&[Path::new("validate"), &pa]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn conflicts_exit_1_stay_in_a_valid_file_and_validate_lists_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = example();
    let (mut a, mut b) = (base.clone(), base.clone());
    a.interviews[1].statements[0].text = "Reworded by A".into();
    b.interviews[1].statements[0].text = "Reworded by B".into();
    let pb = write(dir.path(), "base.story.ron", &base);
    let pa = write(dir.path(), "a.story.ron", &a);
    let pbb = write(dir.path(), "b.story.ron", &b);
    let o = run(&[Path::new("merge"), &pb, &pa, &pbb]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("1 open merge conflict"), "{out}");
    assert!(out.contains(": text — changed in both copies"), "{out}");
    let written = std::fs::read_to_string(&pa).unwrap_or_default();
    assert!(!written.contains("<<<<<<<"), "never git markers");
    let merged = read(&pa);
    assert_eq!(merged.conflicts.len(), 1);
    let o = run(&[Path::new("validate"), &pa]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("Reworded by A") || text(&o).contains("statement at"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("open merge conflict"), "{}", text(&o));
}

#[test]
fn unreadable_or_foreign_inputs_exit_2_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = example();
    let pb = write(dir.path(), "base.story.ron", &base);
    let pa = write(dir.path(), "a.story.ron", &base);
    let broken = dir.path().join("broken.story.ron");
    std::fs::write(&broken, "(format: \"second-story\", version: 3, session: (")
        .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&pa).unwrap_or_default();
    let o = run(&[Path::new("merge"), &pb, &pa, &broken]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("broken.story.ron"),
        "names the file: {}",
        text(&o)
    );
    let mut other = base.clone();
    other.id = Id::from_u128(42);
    let po = write(dir.path(), "other.story.ron", &other);
    let o = run(&[Path::new("merge"), &pb, &pa, &po]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("not copies of the same session"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&pa).unwrap_or_default(), before);
}

#[test]
fn an_empty_base_merges_two_copies_without_a_common_ancestor() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = example();
    let (mut a, mut b) = (base.clone(), base.clone());
    added(&mut a, 7, "Only in A");
    added(&mut b, 8, "Only in B");
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").unwrap_or_else(|e| panic!("{e}"));
    let pa = write(dir.path(), "a.story.ron", &a);
    let pbb = write(dir.path(), "b.story.ron", &b);
    let o = run(&[Path::new("merge"), &empty, &pa, &pbb]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("no common base"), "{}", text(&o));
    let merged = read(&pa);
    assert!(
        merged.statement(Id::from_u128(7)).is_some()
            && merged.statement(Id::from_u128(8)).is_some()
    );
}

#[test]
fn diff_summarises_changes_and_works_as_a_git_diff_driver() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = example();
    let mut b = base.clone();
    b.title = "Checkout near miss, renamed".into();
    added(&mut b, 3, "We watched the graph together");
    b.findings.remove(1);
    let pa = write(dir.path(), "a.story.ron", &base);
    let pbb = write(dir.path(), "b.story.ron", &b);
    let o = run(&[Path::new("diff"), &pa, &pbb]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        out.contains("adds 1 statement, changes the title, removes 1 finding"),
        "{out}"
    );
    assert!(
        out.contains("+ statement at 16:43 \"We watched the graph together\""),
        "{out}"
    );
    assert!(out.contains("title: “Payment retry storm"), "{out}");
    // git's external diff: PATH OLD HEX MODE NEW HEX MODE, /dev/null for a new file.
    let null = Path::new("/dev/null");
    let h = Path::new("0000000");
    let m = Path::new("100644");
    let o = run(&[
        Path::new("diff"),
        Path::new("review.story.ron"),
        null,
        h,
        m,
        &pbb,
        h,
        m,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(out.starts_with("review.story.ron (Second Story)"), "{out}");
    assert!(out.contains("adds 4 participants, 3 interviews"), "{out}");
    let o = run(&[
        Path::new("diff"),
        &pa,
        Path::new("/nonexistent/x.story.ron"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // As git's driver, an unreadable version is said in the diff, and git goes on.
    let broken = dir.path().join("broken.story.ron");
    std::fs::write(&broken, "<<<<<<< HEAD\n").unwrap_or_else(|e| panic!("{e}"));
    let name = Path::new("review.story.ron");
    let o = run(&[Path::new("diff"), name, &pa, h, m, &broken, h, m]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        out.contains("cannot show what changed") && out.contains("--no-ext-diff"),
        "{out}"
    );
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn git_setup_configures_the_repository_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = git(dir.path(), &["init", "-q"]);
    assert!(o.status.success(), "{}", text(&o));
    let setup = || {
        bin()
            .arg("git-setup")
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let o = setup();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("Added `*.story.ron merge=second-story"),
        "{}",
        text(&o)
    );
    let o = setup();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("already has"), "{}", text(&o));
    assert!(
        !text(&o).contains("Set "),
        "nothing set twice: {}",
        text(&o)
    );
    let attributes = std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap_or_default();
    assert_eq!(
        attributes.matches("merge=second-story").count(),
        1,
        "{attributes}"
    );
    let driver = git(
        dir.path(),
        &["config", "--get", "merge.second-story.driver"],
    );
    let driver = String::from_utf8_lossy(&driver.stdout).to_string();
    assert!(
        driver.contains("second-story") && driver.trim_end().ends_with("merge %O %A %B"),
        "{driver}"
    );
    let diff = git(
        dir.path(),
        &["config", "--get", "diff.second-story.command"],
    );
    assert!(
        String::from_utf8_lossy(&diff.stdout)
            .trim_end()
            .ends_with(" diff")
    );
    // Outside a repository it says so.
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = bin()
        .arg("git-setup")
        .current_dir(outside.path())
        .env("GIT_CEILING_DIRECTORIES", outside.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("inside a git repository"), "{}", text(&o));
}
