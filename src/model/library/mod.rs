//! The library: many reviews read together, to learn what keeps happening.
//!
//! A library is a folder of session files (nested folders included, typically a git
//! checkout) or, in the browser, the files picked. Each file is read, checked, passed
//! through the one gate ([`crate::model::publish`]) and reduced to a compact
//! [`ReviewEntry`]; nothing else of a session is kept, and no session is copied
//! anywhere. From the entries come the review table, the patterns across reviews
//! (counted in reviews and in distinct participants, never in raw mentions), the
//! follow-ups (response/recovery against prevention), the first half hour across
//! incidents and a search over every statement, event and section.
//!
//! Two files holding the same session (same id) are one review, shown once with a
//! note; a file that cannot be read is listed with what is wrong, and skipped.

/// "1 review", "3 reviews": a count with the word that agrees with it.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub mod cache;
pub mod entry;
pub mod filter;
pub mod follow_ups;
pub mod patterns;
pub mod report;
pub mod response;
pub mod search;
pub mod svg;
#[cfg(test)]
mod tests;

pub use entry::{ReviewEntry, index_session};

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// When a file was last changed and how large it is: a file whose stamp changed is
/// read again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// Modification time, nanoseconds since 1970 (0 where unknown).
    pub modified_ns: u64,
    /// Size in bytes.
    pub size: u64,
}

/// What reading one file gave.
#[derive(Clone, Debug, PartialEq)]
pub enum FileState {
    /// A review, indexed.
    Indexed(Arc<ReviewEntry>),
    /// What is wrong with the file, in words.
    Broken(Broken),
}

/// What is wrong with a file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broken {
    /// The whole message, as opening the file would show it (it may quote the
    /// file: shown only on this computer).
    pub message: String,
    /// The kind of problem and where, quoting nothing from the file: for what
    /// leaves it (the report).
    pub public: String,
}

impl Broken {
    /// What is wrong with a file that could not be read at all.
    pub fn unreadable(message: String) -> Self {
        Self {
            message,
            public: "could not be read".to_owned(),
        }
    }

    /// What is wrong with a file that was read but is not a good session file.
    pub fn from_load_error(e: &crate::model::file::LoadError) -> Self {
        use crate::model::file::LoadError as E;
        let public = match e {
            E::Syntax { line, column, .. } => {
                format!("not readable as a session file at line {line}, column {column}")
            }
            E::Invalid(v) => format!(
                "its ids and references do not fit together ({} problems)",
                v.problems.len()
            ),
            E::Io(_) => "could not be read".to_owned(),
            other => other.to_string(),
        };
        Self {
            message: e.to_string(),
            public,
        }
    }
}

/// One file of the library.
#[derive(Clone, Debug, PartialEq)]
pub struct LibraryFile {
    /// Its path inside the library (relative, with `/`).
    pub path: String,
    /// Its stamp when read.
    pub stamp: Stamp,
    /// The review, or what is wrong.
    pub state: FileState,
}

/// A review as the library shows it: one per session id.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// The file shown (of copies, the one changed last).
    pub path: String,
    /// The review.
    pub entry: Arc<ReviewEntry>,
    /// Other files holding the same session.
    pub copies: Vec<String>,
}

/// Every file of a library, and the reviews they make.
#[derive(Clone, Debug, Default)]
pub struct Library {
    files: BTreeMap<String, LibraryFile>,
    shown: Vec<Shown>,
    generation: u64,
}

impl Library {
    /// Records what reading a file gave (replacing what an earlier read gave).
    pub fn put(&mut self, file: LibraryFile) {
        self.files.insert(file.path.clone(), file);
        self.settle();
    }

    /// Records many files at once (one recount).
    pub fn put_all(&mut self, files: impl IntoIterator<Item = LibraryFile>) {
        for f in files {
            self.files.insert(f.path.clone(), f);
        }
        self.settle();
    }

    /// Forgets files that are gone.
    pub fn remove(&mut self, paths: &[String]) {
        for p in paths {
            self.files.remove(p);
        }
        self.settle();
    }

    /// The reviews, one per session, in path order.
    pub fn reviews(&self) -> &[Shown] {
        &self.shown
    }

    /// Files that could not be read: (path, what is wrong), in path order.
    pub fn broken(&self) -> impl Iterator<Item = (&str, &Broken)> {
        self.files.values().filter_map(|f| match &f.state {
            FileState::Broken(e) => Some((f.path.as_str(), e)),
            FileState::Indexed(_) => None,
        })
    }

    /// Every file with its stamp (to see what changed on disk).
    pub fn stamps(&self) -> HashMap<String, Stamp> {
        self.files
            .values()
            .map(|f| (f.path.clone(), f.stamp))
            .collect()
    }

    /// Every file read so far.
    pub fn files(&self) -> impl Iterator<Item = &LibraryFile> {
        self.files.values()
    }

    /// How many files the library has (reviews, copies and broken files).
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Changes whenever the reviews may have changed (views cache by it).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Works out the reviews shown: one per session id, the copy changed last (the
    /// first in path order on a tie), the others noted as copies.
    fn settle(&mut self) {
        self.generation += 1;
        let mut by_id: HashMap<crate::model::Id, usize> = HashMap::new();
        let mut shown: Vec<Shown> = Vec::new();
        for f in self.files.values() {
            let FileState::Indexed(entry) = &f.state else {
                continue;
            };
            match by_id.get(&entry.id).and_then(|&i| shown.get_mut(i)) {
                Some(s) => {
                    if entry.updated > s.entry.updated {
                        let old = std::mem::replace(&mut s.path, f.path.clone());
                        s.copies.push(old);
                        s.entry = entry.clone();
                    } else {
                        s.copies.push(f.path.clone());
                    }
                }
                None => {
                    by_id.insert(entry.id, shown.len());
                    shown.push(Shown {
                        path: f.path.clone(),
                        entry: entry.clone(),
                        copies: Vec::new(),
                    });
                }
            }
        }
        for s in &mut shown {
            s.copies.sort();
        }
        self.shown = shown;
    }
}

/// Whether a file name is a session file the library reads.
pub fn is_session_file(name: &str) -> bool {
    name.to_lowercase()
        .ends_with(&format!(".{}", crate::model::file::FILE_EXTENSION))
}

/// Reads one file's bytes into what the library keeps of it: the review's index
/// entry (through the gate), or what is wrong, in words.
pub fn read_file(path: &str, stamp: Stamp, bytes: &[u8]) -> LibraryFile {
    let state = match crate::model::file::from_bytes(bytes) {
        Ok(loaded) => FileState::Indexed(Arc::new(entry::index_owned(loaded.session))),
        Err(e) => FileState::Broken(Broken::from_load_error(&e)),
    };
    LibraryFile {
        path: path.to_owned(),
        stamp,
        state,
    }
}
