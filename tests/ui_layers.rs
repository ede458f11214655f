//! The UI is one folder (or file) per screen plus shared modules: a screen may use the
//! shared modules (`widgets`, `pickers`, `write_up`, `language`, …) but never another
//! screen, and a shared module never uses a screen. `ui/mod.rs` is the root that wires
//! the screens together (the view state of each, and navigation between them); it is
//! the one exception. Every file in `src/ui/` stays under 1,000 lines.
//!
//! What the views remember between runs (`ViewState`, saved with the app's state) is
//! plainly remembered: no `#[serde(skip)]` field hides scratch state in it; scratch
//! lives in `ui::Scratch`, which is never saved.
//!
//! Dependencies are read from the source as in `tests/model_layers.rs`: every `use`
//! line and every inline path (`super::map::…`, `crate::ui::timeline::…`) outside test
//! code, resolved to the top-level UI module it names.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod source_tree;
use source_tree::{expand_use, is_ident_char, non_test_code, rust_files};

/// The screens: each a module under `src/ui/` (a folder, or one file when small).
const SCREENS: &[&str] = &[
    "start",
    "overview",
    "participants",
    "interviews",
    "timeline",
    "map",
    "narrative",
    "export",
    "library",
];

/// No file in `src/ui/` may be longer than this.
const MAX_LINES: usize = 1_000;

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui")
}

/// The top-level UI module a path written in module `here` names, if any.
fn resolve(here: &[String], segments: &[String]) -> Option<String> {
    let mut rest: &[String] = segments;
    let mut base: Vec<String> = match rest.first()?.as_str() {
        "crate" => {
            if rest.get(1).map(String::as_str) != Some("ui") {
                return None;
            }
            rest = &rest[2..];
            Vec::new()
        }
        "super" => {
            let mut base = here.to_vec();
            while rest.first().map(String::as_str) == Some("super") {
                base.pop()?;
                rest = &rest[1..];
            }
            base
        }
        "self" => {
            rest = &rest[1..];
            here.to_vec()
        }
        _ => return None,
    };
    if let Some(first) = rest.first() {
        base.push(first.clone());
    }
    base.first().cloned()
}

/// The top-level UI modules a file's code depends on.
fn dependencies(here: &[String], code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 4..];
        if before.is_some_and(is_ident_char) {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        for path in expand_use(&rest[..end]) {
            out.extend(resolve(here, &path));
        }
    }
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let starts_word = i == 0 || !is_ident_char(chars[i - 1].1);
        let tail = &code[at..];
        if starts_word
            && (c == 's' || c == 'c')
            && (tail.starts_with("super::") || tail.starts_with("crate::ui::"))
        {
            let len = tail
                .find(|ch: char| !(is_ident_char(ch) || ch == ':'))
                .unwrap_or(tail.len());
            let segments: Vec<String> = tail[..len]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            out.extend(resolve(here, &segments));
            i += tail[..len].chars().count();
            continue;
        }
        i += 1;
    }
    out
}

/// What a file in module `here` may not use, given what it uses: for a screen, other
/// screens; for a shared module, any screen.
fn forbidden(here: &[String], deps: &BTreeSet<String>) -> Vec<String> {
    let Some(top) = here.first() else {
        return Vec::new(); // ui/mod.rs: the root
    };
    deps.iter()
        .filter(|d| *d != top && SCREENS.contains(&d.as_str()))
        .cloned()
        .collect()
}

#[test]
fn no_screen_uses_another_and_shared_modules_use_no_screen() {
    let mut files = Vec::new();
    rust_files(&ui_dir(), &[], &mut files);
    assert!(files.len() > 20, "found the UI's files: {files:?}");
    let mut problems = Vec::new();
    for (path, module) in &files {
        let src = std::fs::read_to_string(path).unwrap_or_default();
        let deps = dependencies(module, &non_test_code(&src));
        let bad = forbidden(module, &deps);
        if !bad.is_empty() {
            let kind = if SCREENS.contains(&module[0].as_str()) {
                "the screen"
            } else {
                "the shared module"
            };
            problems.push(format!(
                "{} ({kind} `{}`) uses {bad:?}",
                path.strip_prefix(ui_dir()).unwrap_or(path).display(),
                module[0]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "screens must not use each other (move what both need into a shared module, \
         or navigate through `ViewState` in ui/mod.rs):\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_screen_has_its_module() {
    let dir = ui_dir();
    for screen in SCREENS {
        assert!(
            dir.join(format!("{screen}.rs")).is_file() || dir.join(screen).join("mod.rs").is_file(),
            "no module for the screen {screen}"
        );
    }
}

#[test]
fn ui_files_are_small_enough_to_read_in_one_sitting() {
    let mut files = Vec::new();
    rust_files(&ui_dir(), &[], &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|(path, _)| {
            let n = std::fs::read_to_string(path).ok()?.lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

/// The `#[serde(…)]` attributes in `code` that keep a field out of what is saved
/// (`skip`, `skip_serializing`, `skip_deserializing`; `skip_serializing_if` only leaves
/// out a default and is fine), as `line: text`.
fn skipped_fields(code: &str) -> Vec<String> {
    code.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.split("#[serde(").skip(1).any(|attr| {
                let attr = attr.split(")]").next().unwrap_or_default();
                attr.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|w| matches!(w, "skip" | "skip_serializing" | "skip_deserializing"))
            })
        })
        .map(|(n, l)| format!("{}: {}", n + 1, l.trim()))
        .collect()
}

#[test]
fn remembered_view_state_holds_no_skipped_scratch_fields() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root.join("ui"), &[], &mut files);
    rust_files(&root.join("app"), &[], &mut files);
    assert!(files.len() > 40, "the UI and app sources were found");
    let found: Vec<String> = files
        .iter()
        .flat_map(|(path, _)| {
            let src = std::fs::read_to_string(path).unwrap();
            skipped_fields(&non_test_code(&src))
                .into_iter()
                .map(move |hit| format!("{}:{hit}", path.display()))
        })
        .collect();
    assert!(
        found.is_empty(),
        "scratch state (caches, buffers, dialogs, jobs, pending focus) goes in \
         `ui::Scratch` (a part per workspace) and reaches views through `ui::FrameCtx`, \
         not into saved view state behind #[serde(skip)]:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checker_finds_a_skipped_field() {
    // A checker that never fires would pass on anything.
    let code = "struct V {\n    keep: u8,\n    #[serde(skip)]\n    cache: u64,\n    \
                #[serde(default, skip_serializing)]\n    job: u8,\n    \
                #[serde(skip_serializing_if = \"Option::is_none\")]\n    note: Option<u8>,\n}";
    assert_eq!(
        skipped_fields(code),
        [
            "3: #[serde(skip)]",
            "5: #[serde(default, skip_serializing)]"
        ]
    );
    // In a comment or in test code it is not the saved state's.
    assert!(
        skipped_fields(&non_test_code(
            "// #[serde(skip)]\n#[cfg(test)]\n#[serde(skip)]"
        ))
        .is_empty()
    );
}

#[test]
fn the_checker_finds_a_screen_using_another() {
    // A checker that never fires would pass on anything.
    let here = |p: &[&str]| -> Vec<String> { p.iter().map(|s| (*s).to_owned()).collect() };
    let code = "use super::super::map::canvas;\nuse crate::ui::widgets::caption;\n\
                fn f() { super::events::go(); crate::ui::interviews::InterviewTab::Capture; }";
    let timeline_child = here(&["timeline", "chart"]);
    let deps = dependencies(&timeline_child, code);
    let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
    assert_eq!(deps, ["interviews", "map", "timeline", "widgets"]);
    let deps: BTreeSet<String> = deps.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(forbidden(&timeline_child, &deps), ["interviews", "map"]);
    // A shared module may use another shared module, never a screen.
    let shared = here(&["chat_import"]);
    let deps = dependencies(
        &shared,
        "use super::timeline::TimelineTab;\nuse super::widgets::x;",
    );
    assert_eq!(forbidden(&shared, &deps), ["timeline"]);
    // The root wires the screens together.
    assert!(forbidden(&[], &deps).is_empty());
    assert_eq!(
        non_test_code("use a;\n// use b;\n#[cfg(test)]\nuse c;"),
        "use a;\n"
    );
}
