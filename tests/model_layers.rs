//! The model is layered: no import circle between the modules of `src/model/`, and
//! the leaf modules (Markdown text, time formatting, ids, the session types) import
//! no other model module but the session types.
//!
//! Dependencies are read from the source: every `use` line and every inline path
//! (`super::narrative::…`, `crate::model::map::…`) outside test code, resolved to the
//! top-level model module it names (`model/narrative/draft.rs` using
//! `super::footnotes` stays inside `narrative`). Test code (`#[cfg(test)]` modules,
//! `tests.rs`, `*_tests.rs`) may use anything.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod source_tree;
use source_tree::{expand_use, is_ident_char, non_test_code, rust_files};

/// Modules that must not depend on any other model module (beyond those listed).
const LEAVES: &[(&str, &[&str])] = &[
    ("id", &[]),
    ("timefmt", &[]),
    ("markdown", &[]),
    ("conflict", &["id"]),
    ("session", &["id", "conflict"]),
];

type Graph = BTreeMap<String, BTreeSet<String>>;

fn model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model")
}

/// Resolves a path written in module `here` (relative to `model`) to the top-level
/// model module it names, if any. `segments` is the path as written.
fn resolve(here: &[String], segments: &[&str]) -> Option<String> {
    let mut base: Vec<String>;
    let mut rest = segments;
    match *rest.first()? {
        "crate" => {
            if rest.get(1) != Some(&"model") {
                return None;
            }
            base = Vec::new();
            rest = &rest[2..];
        }
        "super" => {
            // A file's module is `here`; `super` is its parent.
            base = here.to_vec();
            while rest.first() == Some(&"super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        "self" => {
            base = here.to_vec();
            rest = &rest[1..];
        }
        _ => return None,
    }
    let mut full = base;
    if let Some(first) = rest.first() {
        full.push((*first).to_owned());
    }
    full.first().cloned()
}

/// The top-level model modules a file's code depends on.
fn dependencies(here: &[String], code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |segments: &[&str]| {
        if let Some(m) = resolve(here, segments)
            && modules.contains(&m)
        {
            out.insert(m);
        }
    };
    // `use` statements (which may span lines and group with braces).
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 4..];
        if before.is_some_and(is_ident_char) {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        for path in expand_use(&rest[..end]) {
            let segments: Vec<&str> = path.iter().map(String::as_str).collect();
            add(&segments);
        }
    }
    // Inline paths: `super::x::…`, `super::super::x`, `crate::model::x::…`.
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let starts_word = i == 0 || !is_ident_char(chars[i - 1].1);
        if starts_word && (c == 's' || c == 'c') {
            let tail = &code[at..];
            if tail.starts_with("super::") || tail.starts_with("crate::model::") {
                let len = tail
                    .find(|ch: char| !(is_ident_char(ch) || ch == ':'))
                    .unwrap_or(tail.len());
                let segments: Vec<&str> =
                    tail[..len].split("::").filter(|s| !s.is_empty()).collect();
                add(&segments);
                i += tail[..len].chars().count();
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The module dependency graph of `src/model/`.
fn model_graph() -> Graph {
    let mut files = Vec::new();
    rust_files(&model_dir(), &[], &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|(_, p)| p.first().cloned())
        .collect();
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for (path, module) in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(top) = module.first() else {
            continue; // model/mod.rs: the parent, which re-exports
        };
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let src = std::fs::read_to_string(path).unwrap_or_default();
        let deps = dependencies(module, &non_test_code(&src), &modules);
        if let Some(edges) = graph.get_mut(top) {
            edges.extend(deps.into_iter().filter(|d| d != top));
        }
    }
    graph
}

/// One import circle, as `a → b → … → a`, if there is any.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark: BTreeMap<&str, Mark> = graph.keys().map(|k| (k.as_str(), Mark::New)).collect();
    // Depth-first, with an explicit stack of (module, its next edge).
    for start in graph.keys() {
        if mark.get(start.as_str()) != Some(&Mark::New) {
            continue;
        }
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(
            start.as_str(),
            graph[start].iter().map(String::as_str).collect(),
        )];
        mark.insert(start.as_str(), Mark::Open);
        while let Some((node, edges)) = stack.last_mut() {
            let node = *node;
            match edges.pop() {
                Some(next) => match mark.get(next).copied().unwrap_or(Mark::Done) {
                    Mark::Open => {
                        let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                        let mut cycle: Vec<String> =
                            stack[from..].iter().map(|(n, _)| (*n).to_owned()).collect();
                        cycle.push(next.to_owned());
                        return Some(cycle);
                    }
                    Mark::New => {
                        mark.insert(next, Mark::Open);
                        let edges = graph
                            .get(next)
                            .map(|e| e.iter().map(String::as_str).collect())
                            .unwrap_or_default();
                        stack.push((next, edges));
                    }
                    Mark::Done => {}
                },
                None => {
                    mark.insert(node, Mark::Done);
                    stack.pop();
                }
            }
        }
    }
    None
}

#[test]
fn the_model_has_no_import_circle() {
    let graph = model_graph();
    assert!(graph.len() > 10, "found the model's modules: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "import circle in src/model: {}\n(move what both sides need into a lower module)",
            cycle.join(" → ")
        );
    }
}

#[test]
fn leaf_modules_stay_leaves() {
    let graph = model_graph();
    for (leaf, allowed) in LEAVES {
        let deps = graph
            .get(*leaf)
            .unwrap_or_else(|| panic!("model::{leaf} is missing"));
        let extra: Vec<&String> = deps
            .iter()
            .filter(|d| !allowed.contains(&d.as_str()))
            .collect();
        assert!(
            extra.is_empty(),
            "model::{leaf} is a leaf but uses {extra:?}"
        );
    }
}

#[test]
fn the_checker_finds_circles_and_reads_paths() {
    // A checker that never fires would pass on anything.
    let g = |edges: &[(&str, &str)]| -> Graph {
        let mut g = Graph::new();
        for (a, b) in edges {
            g.entry((*a).to_owned())
                .or_default()
                .insert((*b).to_owned());
            g.entry((*b).to_owned()).or_default();
        }
        g
    };
    let circle = find_cycle(&g(&[
        ("export", "narrative"),
        ("narrative", "map"),
        ("map", "export"),
    ]));
    assert_eq!(
        circle.map(|c| c.join(" → ")).as_deref(),
        Some("export → narrative → map → export")
    );
    assert_eq!(find_cycle(&g(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert!(find_cycle(&g(&[("a", "a")])).is_some());

    let modules: BTreeSet<String> = ["export", "narrative", "map", "session", "markdown"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let here = vec!["narrative".to_owned(), "draft".to_owned()];
    let code = "use super::footnotes::x;\nuse super::super::{map, session::*};\nfn f() { super::super::export::go(); crate::model::markdown::esc(); }";
    let deps = dependencies(&here, code, &modules);
    let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
    assert_eq!(deps, ["export", "map", "markdown", "narrative", "session"]);
    assert_eq!(
        non_test_code("use a;\n// use b;\n#[cfg(test)]\nuse c;"),
        "use a;\n"
    );
}
