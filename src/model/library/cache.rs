//! The library's index cache and the compact form entries travel in (from the
//! browser's worker to the page).
//!
//! The cache lets a library open again in a moment: for each file it keeps the
//! file's stamp and its index entry. It holds no path (files are known by a hash of
//! their path inside the library) and nothing that did not pass the gate: entries
//! are made from the publishable view, so no real name and nothing off the record.

use super::entry::ReviewEntry;
use super::{Broken, FileState, LibraryFile, Stamp};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// Written at the start of every cache; a cache of another version is ignored (and
/// the library read again).
pub const CACHE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    files: Vec<Cached>,
}

/// One file in the cache.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cached {
    /// [`path_hash`] of the file's path inside the library.
    pub path_hash: u64,
    /// Its stamp when it was read.
    pub stamp: Stamp,
    /// Its index entry.
    pub entry: ReviewEntry,
}

/// A stable 64-bit hash of a path (FNV-1a): the same in every run and build.
pub fn path_hash(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The cache of the indexed files of a library (broken files are not kept: they
/// are read again next time).
pub fn encode<'a>(files: impl Iterator<Item = &'a LibraryFile>) -> Result<Vec<u8>, String> {
    #[derive(Serialize)]
    struct Out<'b> {
        version: u32,
        files: Vec<CachedRef<'b>>,
    }
    #[derive(Serialize)]
    struct CachedRef<'b> {
        path_hash: u64,
        stamp: Stamp,
        entry: &'b ReviewEntry,
    }
    let files = files
        .filter_map(|f| match &f.state {
            FileState::Indexed(e) => Some(CachedRef {
                path_hash: path_hash(&f.path),
                stamp: f.stamp,
                entry: e,
            }),
            FileState::Broken(_) => None,
        })
        .collect();
    postcard::to_allocvec(&Out {
        version: CACHE_VERSION,
        files,
    })
    .map_err(|e| format!("Could not write the library's index: {e}"))
}

/// Reads a cache: path hash → (stamp, entry). An unreadable cache or one of another
/// version reads as empty.
pub fn decode(bytes: &[u8]) -> HashMap<u64, (Stamp, ReviewEntry)> {
    match postcard::from_bytes::<CacheFile>(bytes) {
        Ok(c) if c.version == CACHE_VERSION => c
            .files
            .into_iter()
            .map(|f| (f.path_hash, (f.stamp, f.entry)))
            .collect(),
        _ => HashMap::new(),
    }
}

/// What reading one file gave, in the compact form (the browser's worker to the
/// page): the path, the stamp, and the entry or what is wrong.
#[derive(Serialize, Deserialize)]
struct Transfer {
    path: String,
    stamp: Stamp,
    result: Result<ReviewEntry, Broken>,
}

/// One file's result in the compact form.
pub fn encode_file(file: &LibraryFile) -> Result<Vec<u8>, String> {
    let result = match &file.state {
        FileState::Indexed(e) => Ok(ReviewEntry::clone(e)),
        FileState::Broken(m) => Err(m.clone()),
    };
    postcard::to_allocvec(&Transfer {
        path: file.path.clone(),
        stamp: file.stamp,
        result,
    })
    .map_err(|e| format!("Could not pass the review on: {e}"))
}

/// One file's result back from the compact form, ready to search.
pub fn decode_file(bytes: &[u8]) -> Result<LibraryFile, String> {
    let t: Transfer =
        postcard::from_bytes(bytes).map_err(|e| format!("A review came back damaged: {e}"))?;
    Ok(LibraryFile {
        path: t.path,
        stamp: t.stamp,
        state: match t.result {
            Ok(e) => FileState::Indexed(Arc::new(prepared(e))),
            Err(m) => FileState::Broken(m),
        },
    })
}

/// An entry read back (from the cache or the worker) made ready to search.
pub fn prepared(mut e: ReviewEntry) -> ReviewEntry {
    e.search.prepare();
    e
}
