//! Reading the crate's own source for the layering tests (`tests/model_layers.rs`,
//! `tests/ui_layers.rs`): the Rust files of a folder with their module paths, code
//! without tests and comments, and `use` trees expanded into paths.

#![allow(dead_code, reason = "each test binary uses the parts it needs")]

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, with its module path relative to `dir`
/// (`map/canvas.rs` → `["map", "canvas"]`, `map/mod.rs` → `["map"]`, `mod.rs` → `[]`).
pub fn rust_files(dir: &Path, prefix: &[String], out: &mut Vec<(PathBuf, Vec<String>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            let mut p = prefix.to_vec();
            p.push(name);
            rust_files(&path, &p, out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let mut p = prefix.to_vec();
            if stem != "mod" {
                p.push(stem.to_owned());
            }
            out.push((path, p));
        }
    }
}

/// The source without test code (from the first `#[cfg(test)]` on) and comments.
pub fn non_test_code(src: &str) -> String {
    let code = match src.find("#[cfg(test)]") {
        Some(at) => &src[..at],
        None => src,
    };
    code.lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e` (segments only).
pub fn expand_use(tree: &str) -> Vec<Vec<String>> {
    fn split_top(s: &str) -> Vec<&str> {
        let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
        for (i, c) in s.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&s[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&s[start..]);
        parts
    }
    let segments = |s: &str| -> Vec<String> {
        s.split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let tree = tree.trim();
    if tree.is_empty() {
        return Vec::new();
    }
    match tree.find('{') {
        Some(open) if tree.ends_with('}') => {
            let prefix = segments(&tree[..open]);
            let mut out: Vec<Vec<String>> = split_top(&tree[open + 1..tree.len() - 1])
                .into_iter()
                .flat_map(expand_use)
                .map(|mut sub| {
                    let mut p = prefix.clone();
                    p.append(&mut sub);
                    p
                })
                .collect();
            if out.is_empty() {
                out.push(prefix);
            }
            out
        }
        _ => vec![segments(tree.split(" as ").next().unwrap_or(tree))],
    }
}
