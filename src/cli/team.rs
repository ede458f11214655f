//! The command line for working as a team: `merge` (also git's merge driver), `diff`
//! (also git's diff driver) and `git-setup`.

use crate::model::merge::{self, diff};
use crate::model::{Session, file};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The `.gitattributes` line `git-setup` adds.
pub const GITATTRIBUTES_LINE: &str = "*.story.ron merge=second-story diff=second-story";

/// Reads a copy; `Ok(None)` for an empty file (git's `%O` when there is no common
/// ancestor, or `/dev/null` for a file that did not exist).
fn read_copy(path: &Path) -> Result<Option<Session>, String> {
    let bytes = crate::io::read_file(path)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    file::from_bytes(&bytes)
        .map(|l| Some(l.session))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes a file so the path always holds the old or the new complete version, without
/// the `.bak` a save keeps (git's temporary files must not leave one behind).
fn write_replacing(path: &Path, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("Could not write {}: {e}", path.display());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".second-story-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// `second-story merge BASE OURS THEIRS [-o OUT]`.
pub fn merge_files(base: &Path, ours: &Path, theirs: &Path, output: Option<&Path>) -> ExitCode {
    let read = |p: &Path, may_be_empty: bool| match read_copy(p) {
        Ok(Some(s)) => Ok(Some(s)),
        Ok(None) if may_be_empty => Ok(None),
        Ok(None) => Err(format!("{}: The file is empty.", p.display())),
        Err(e) => Err(e),
    };
    let copies = (read(base, true), read(ours, false), read(theirs, false));
    let (b, o, t) = match copies {
        (Ok(b), Ok(Some(o)), Ok(Some(t))) => (b, o, t),
        (b, o, t) => {
            for e in [b.err(), o.err(), t.err()].into_iter().flatten() {
                eprintln!("{e}");
            }
            eprintln!("Nothing was merged.");
            return ExitCode::from(2);
        }
    };
    let merged = match merge::merge(b.as_ref(), &o, &t) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let text = match file::to_ron_string(&merged.session) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let target = output.unwrap_or(ours);
    if let Err(e) = write_replacing(target, &text) {
        eprintln!("{e}");
        return ExitCode::from(2);
    }
    let mut summary = diff::diff(&o, &merged.session).sentence();
    if merged.new_conflicts > 0 {
        summary.push_str(&format!(
            ", {} conflict{}",
            merged.new_conflicts,
            if merged.new_conflicts == 1 { "" } else { "s" }
        ));
    }
    eprintln!(
        "second-story: merged {} into {}{}: {summary}.",
        theirs.display(),
        target.display(),
        if b.is_none() { " (no common base)" } else { "" },
    );
    if merged.dropped_references > 0 {
        eprintln!(
            "second-story: {} references to things no copy still has were removed.",
            merged.dropped_references
        );
    }
    let open = &merged.session.conflicts;
    if open.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("{}", conflicts_report(target, open));
    ExitCode::from(1)
}

/// The lines `merge` and `validate` print for open conflicts.
pub fn conflicts_report(path: &Path, open: &[merge::Conflict]) -> String {
    let mut out = format!(
        "{}: {} open merge conflict{} (settle them in Second Story's Conflicts list):",
        path.display(),
        open.len(),
        if open.len() == 1 { "" } else { "s" }
    );
    for c in open {
        out.push_str("\n  - ");
        out.push_str(&c.summary());
    }
    out
}

/// A session with nothing in it, as the "before" of a file that did not exist.
fn empty_like(other: &Session) -> Session {
    Session {
        id: other.id,
        created: other.created,
        updated: other.updated,
        kind: other.kind,
        ..Session::default()
    }
}

/// `second-story diff A B`, or git's diff driver with its seven arguments
/// (`PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE`).
pub fn diff_files(args: &[PathBuf]) -> ExitCode {
    let (name, a, b, git) = match args {
        [a, b] => (None, a, b, false),
        [path, old, _, _, new, _, _] => (Some(path), old, new, true),
        _ => {
            eprintln!(
                "diff takes two session files (or the seven arguments git gives a diff driver)."
            );
            return ExitCode::from(2);
        }
    };
    let (ra, rb) = (read_copy(a), read_copy(b));
    let (sa, sb) = match (ra, rb) {
        (Ok(sa), Ok(sb)) => (sa, sb),
        (ra, rb) => {
            let errors: Vec<String> = [ra.err(), rb.err()].into_iter().flatten().collect();
            if let (true, Some(path)) = (git, name) {
                // A diff driver that fails stops `git diff` for every other file too:
                // say so in the diff instead, and how to see the lines.
                println!(
                    "{} (Second Story): cannot show what changed:",
                    path.display()
                );
                for e in &errors {
                    println!("  {e}");
                }
                println!("  (`git diff --no-ext-diff` shows the lines.)");
                return ExitCode::SUCCESS;
            }
            for e in &errors {
                eprintln!("{e}");
            }
            return ExitCode::from(2);
        }
    };
    let (sa, sb) = match (sa, sb) {
        (Some(x), Some(y)) => (x, y),
        (Some(x), None) => (x.clone(), empty_like(&x)),
        (None, Some(y)) => (empty_like(&y), y),
        (None, None) => return ExitCode::SUCCESS,
    };
    let d = diff::diff(&sa, &sb);
    let title = match name {
        Some(p) => format!("{} (Second Story)", p.display()),
        None => format!("{} → {}", a.display(), b.display()),
    };
    let mut text = format!("{title}\n“{}”: {}.\n", sb.display_title(), d.sentence());
    if sa.id != sb.id {
        text.push_str("Note: these are copies of different sessions (their ids differ).\n");
    }
    text.push_str(&d.render());
    print!("{text}");
    ExitCode::SUCCESS
}

/// Quotes a path for the shell git runs drivers with.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("could not run git ({e})"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// `second-story git-setup`: the `.gitattributes` line and this repository's config
/// for the merge and diff drivers. Running it again changes nothing.
pub fn git_setup() -> ExitCode {
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let top = match git(&here, &["rev-parse", "--show-toplevel"]) {
        Ok(t) => PathBuf::from(t),
        Err(e) => {
            eprintln!("Run `second-story git-setup` inside a git repository ({e}).");
            return ExitCode::from(2);
        }
    };
    let exe = match std::env::current_exe().and_then(|p| p.canonicalize()) {
        Ok(p) => p.display().to_string(),
        Err(e) => {
            eprintln!("Could not tell where this program is ({e}).");
            return ExitCode::from(2);
        }
    };
    match setup(&top, &exe) {
        Ok(lines) => {
            for l in lines {
                println!("{l}");
            }
            println!(
                "Commit .gitattributes so everyone's clone uses it; git does not share its \
config, so each colleague runs `second-story git-setup` once in their own clone."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Does the setup in repository `top` for the program at `exe`; returns what it did,
/// one line each.
pub fn setup(top: &Path, exe: &str) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    let attributes = top.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("Could not read {}: {e}", attributes.display())),
    };
    if existing.lines().any(|l| l.trim() == GITATTRIBUTES_LINE) {
        done.push(format!(
            ".gitattributes already has `{GITATTRIBUTES_LINE}`."
        ));
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(GITATTRIBUTES_LINE);
        text.push('\n');
        write_replacing(&attributes, &text)?;
        done.push(format!(
            "Added `{GITATTRIBUTES_LINE}` to .gitattributes: git merges and diffs session files with Second Story."
        ));
    }
    let exe = sh_quote(exe);
    let settings = [
        (
            "merge.second-story.name",
            "Second Story: merge session files by entity id".to_owned(),
        ),
        ("merge.second-story.driver", format!("{exe} merge %O %A %B")),
        ("diff.second-story.command", format!("{exe} diff")),
        (
            "difftool.second-story.cmd",
            format!("{exe} diff \"$LOCAL\" \"$REMOTE\""),
        ),
    ];
    for (key, value) in settings {
        if git(top, &["config", "--local", "--get", key]).as_deref() == Ok(value.as_str()) {
            done.push(format!("{key} is already set."));
        } else {
            git(top, &["config", "--local", key, &value])
                .map_err(|e| format!("Could not set {key}: {e}"))?;
            done.push(format!("Set {key} = {value}"));
        }
    }
    Ok(done)
}
