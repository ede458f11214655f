//! `second-story lint` as a docs-CI tool: many files and folders (.gitignore
//! respected), standard input, exit codes 0/1/2 with the other files still checked,
//! `--format json|github`, project rules found upward or given with `--config`,
//! passages switched off, and the Vale style it writes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_second-story");

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.unwrap_or("").as_bytes());
    }
    let out = child.wait_with_output().expect("binary finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

const BLAME: &str = "# Review\n\nThe operator should have noticed.\n";
const CLEAN: &str = "# Review\n\nP1 noticed the sawtooth and messaged P2.\n";

#[test]
fn files_folders_gitignore_and_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(&d.join("docs/a.md"), BLAME);
    write(&d.join("docs/sub/b.markdown"), "They just restarted it.\n");
    write(&d.join("docs/sub/notes.txt"), BLAME);
    write(&d.join("docs/build/c.md"), BLAME);
    write(&d.join("docs/.gitignore"), "build/\n");
    write(&d.join("clean.md"), CLEAN);
    let (code, out, err) = run_in(d, &["lint", "docs", "clean.md"], None);
    assert_eq!(code, 1, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("docs/a.md:3:14: counterfactual: should have — "),
        "{out}"
    );
    assert!(
        lines[1].starts_with("docs/sub/b.markdown:1:6: hindsight: just — "),
        "{out}"
    );
    assert!(
        !out.contains("build") && !out.contains("notes.txt"),
        "{out}"
    );
    assert!(
        err.contains("2 findings to look at in 2 of 3 files"),
        "{err}"
    );

    let (code, out, _) = run_in(d, &["lint", "clean.md"], None);
    assert_eq!((code, out.as_str()), (0, ""));

    // A file that cannot be read: exit 2, and the others are still checked.
    std::fs::write(d.join("binary.md"), [0xff, 0xfe, 0x00, 0x80]).expect("write");
    let (code, out, err) = run_in(d, &["lint", "binary.md", "nope.md", "docs/a.md"], None);
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("docs/a.md:3:14"), "{out}");
    assert!(err.contains("binary.md is not a UTF-8 text file"), "{err}");
    assert!(err.contains("nope.md"), "{err}");
    assert!(err.contains("2 files could not be read"), "{err}");
}

#[test]
fn standard_input_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "The engineer failed to notice the alert.\n\n> They said it was obviously fine.\n";
    let (code, out, err) = run_in(dir.path(), &["lint", "--format", "json", "-"], Some(text));
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON array");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 1, "{out}");
    let f = &arr[0];
    assert_eq!(f["path"], "<stdin>");
    assert_eq!(f["line"], 1);
    assert_eq!(f["column"], 14);
    assert_eq!(f["end_line"], 1);
    assert_eq!(f["end_column"], 29);
    assert_eq!(f["rule"], "failed-to-notice");
    assert_eq!(f["kind"], "counterfactual");
    assert_eq!(f["text"], "failed to notice");
    assert_eq!(f["severity"], "warning");
    assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(f["question"].as_str().is_some_and(|q| q.ends_with('?')));
    assert!(err.contains("1 in quotes"), "{err}");
    // Clean input: an empty array and exit 0.
    let (code, out, _) = run_in(dir.path(), &["lint", "--format=json", "-"], Some(CLEAN));
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "[]");
}

#[test]
fn github_annotations_and_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("a, b.md"),
        "Root cause: a typo took down prod.\nLine, two: obviously.\n",
    );
    let (code, out, _) = run_in(dir.path(), &["lint", "--format", "github", "a, b.md"], None);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(
        lines[0],
        "::warning file=a%2C b.md,line=1,col=1,endColumn=10,title=Second Story%3A mechanistic (root-cause)::\
“Root cause” — Reduces many contributors to one; there is no single root cause. \
Ask instead: What contributors and enablers had to be true together for this to happen?"
    );
    assert!(lines[1].starts_with("::warning file=a%2C b.md,line=1,col=15,endColumn=23,title=Second Story%3A mechanistic (typo)::“typo took”"), "{}", lines[1]);
    assert!(
        lines[2].contains("line=2,col=12,endColumn=20"),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        "Second Story language check: 3 findings to look at in 1 of 1 file (0 acknowledged, 0 in quotes, 0 in passages switched off)."
    );
}

#[test]
fn project_rules_found_upward_or_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        &d.join("team/.second-story-lint.ron"),
        r#"(disable: ["just"], levels: {"obviously": Suggestion},
            rules: [(id: "team-word", kind: "normative", patterns: ["dropped the ball"],
                     advice: "A sports image of blame.", ask: "What else was in their hands?")])"#,
    );
    let text = "They just restarted it. Obviously. Someone dropped the ball.\n";
    write(&d.join("team/reviews/r.md"), text);
    write(&d.join("other/r.md"), text);
    let (code, out, err) = run_in(d, &["lint", "team/reviews/r.md"], None);
    assert_eq!(code, 1, "{err}");
    assert!(!out.contains(": just"), "{out}");
    assert!(out.contains("hindsight: Obviously"), "{out}");
    assert!(
        out.contains("normative: dropped the ball — A sports image of blame."),
        "{out}"
    );
    // Only a suggestion left: reported, exit 0.
    write(&d.join("team/reviews/s.md"), "Obviously.\n");
    let (code, out, _) = run_in(
        d,
        &["lint", "--format", "github", "team/reviews/s.md"],
        None,
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("::notice "), "{out}");
    assert!(out.contains("of them suggestions"), "{out}");
    // Elsewhere the built-in rules apply.
    let (_, out, _) = run_in(d, &["lint", "other/r.md"], None);
    assert!(
        out.contains("hindsight: just") && !out.contains("dropped"),
        "{out}"
    );
    // --config wins; a broken config is exit 2 with the file and line.
    write(&d.join("broken.ron"), "(disable: [\"just\"], colour: 1)");
    let (code, _, err) = run_in(d, &["lint", "--config", "broken.ron", "other/r.md"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.ron: line 1") && err.contains("colour"),
        "{err}"
    );
}

#[test]
fn passages_off_acks_and_code_spans() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Use `<!--` for comments.\n\n\
<!-- second-story-lint off -->\nA quoted log: the root cause was a typo.\n<!-- second-story-lint on -->\n\n\
They should have paged.\n\nThey just restarted it.\n\n<!-- second-story-lint: ok \"just\" — the chat's word -->\n";
    write(&dir.path().join("r.md"), text);
    let (code, out, err) = run_in(dir.path(), &["lint", "r.md"], None);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("r.md:7:6: counterfactual: should have"),
        "{out}"
    );
    assert!(
        err.contains("1 acknowledged") && err.contains("1 in passages switched off"),
        "{err}"
    );
}

#[test]
fn vale_style_is_yaml_with_the_fields_vale_requires() {
    use yaml_rust2::{Yaml, YamlLoader};
    let dir = tempfile::tempdir().expect("tempdir");
    let style = dir.path().join("styles/SecondStory");
    let (code, _, err) = run_in(
        dir.path(),
        &["lint", "--emit-vale-style", "styles/SecondStory"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let mut rules = 0;
    let mut substitutions = 0;
    for entry in std::fs::read_dir(&style).expect("written") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        assert_eq!(path.extension().and_then(|e| e.to_str()), Some("yml"));
        let text = std::fs::read_to_string(&path).expect("read");
        let docs = YamlLoader::load_from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()));
        let doc = &docs[0];
        let extends = doc["extends"].as_str().expect("extends");
        assert!(
            doc["message"].as_str().is_some_and(|m| m.contains("%s")),
            "{}",
            path.display()
        );
        assert!(matches!(
            doc["level"].as_str(),
            Some("suggestion" | "warning" | "error")
        ));
        match extends {
            "existence" => {
                let tokens = doc["tokens"].as_vec().expect("tokens");
                assert!(!tokens.is_empty());
                assert!(
                    tokens
                        .iter()
                        .all(|t| matches!(t, Yaml::String(s) if !s.is_empty()))
                );
            }
            "substitution" => {
                substitutions += 1;
                let swap = doc["swap"].as_hash().expect("swap");
                assert!(!swap.is_empty());
            }
            other => panic!("{}: extends {other}", path.display()),
        }
        rules += 1;
    }
    assert!(rules >= 40, "{rules} rules");
    assert!(substitutions >= 1);
    let should = std::fs::read_to_string(style.join("ShouldHave.yml")).expect("a rule per id");
    assert!(should.contains("extends: existence"), "{should}");
    assert!(should.contains(r#""should\\s+have""#), "{should}");
}

#[test]
fn the_app_uses_the_project_rules_of_the_session_folder() {
    use second_story::io::lint_config::linter_for_session;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        &d.join("reviews/.second-story-lint.ron"),
        r#"(disable: ["just"])"#,
    );
    let session = d.join("reviews/2026/checkout.story.ron");
    let (linter, message) = linter_for_session(Some(&session));
    assert!(message.is_none(), "{message:?}");
    assert!(linter.check("They just restarted it.").is_empty());
    assert_eq!(linter.check("They should have paged.").len(), 1);
    // Unsaved (or on the web): the built-in rules.
    let (builtin, _) = linter_for_session(None);
    assert_eq!(builtin.check("They just restarted it.").len(), 1);
    // A broken project file: the built-in rules, and a message naming the file.
    write(&d.join("other/.second-story-lint.ron"), "(disable: 3)");
    let (linter, message) = linter_for_session(Some(&d.join("other/x.story.ron")));
    assert_eq!(linter.check("They just restarted it.").len(), 1);
    let message = message.expect("a message");
    assert!(
        message.contains("built-in rules") && message.contains(".second-story-lint.ron"),
        "{message}"
    );
}
