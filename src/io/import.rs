//! Picking and reading the files of an import (a transcript, a chat export) without
//! holding the frame: natively the dialog, the reading and the parse run on a thread;
//! in the browser a background worker running this same build reads and parses the
//! files and hands the result back in a compact form (on the page, after a paint,
//! where workers cannot run). [`IoEvent::Importing`] comes first, then
//! [`IoEvent::Imported`].

use super::{IoEvent, IoSender};
use crate::model::import::{self, ImportKind, Parsed};

/// What to import.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportRequest {
    /// Ask for the files with the file picker.
    Pick(ImportKind),
    /// These files, already read: (file name, bytes) (tests, drops).
    Files {
        /// What they are.
        kind: ImportKind,
        /// Their names and contents.
        files: Vec<(String, Vec<u8>)>,
    },
}

/// Starts an import; its result arrives as [`IoEvent::Imported`].
pub fn start_import(tx: IoSender, request: ImportRequest) {
    match request {
        ImportRequest::Pick(kind) => platform::pick(tx, kind),
        ImportRequest::Files { kind, files } => platform::parse_files(tx, kind, files),
    }
}

/// Reads the files and reports the result (on whatever thread calls it).
fn parse_and_send(tx: &IoSender, kind: ImportKind, files: &[(String, Vec<u8>)]) {
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let result: ImportResult = import::read(kind, files).map(Box::new);
    tx.send(IoEvent::Imported {
        name: import::display_name(&names),
        result,
    });
}

#[cfg(not(target_arch = "wasm32"))]
mod platform {
    use super::*;
    use std::path::{Path, PathBuf};

    pub(super) fn pick(tx: IoSender, kind: ImportKind) {
        std::thread::spawn(move || {
            let (filter, extensions) = kind.filter();
            let dialog = rfd::FileDialog::new()
                .set_title(kind.title())
                .add_filter(filter, extensions);
            let paths = match kind {
                ImportKind::Transcript => dialog.pick_file().map(|p| vec![p]),
                ImportKind::ChatExport => dialog.pick_files(),
            };
            if let Some(paths) = paths.filter(|p| !p.is_empty()) {
                read_paths(&tx, kind, paths);
            }
        });
    }

    pub(super) fn parse_files(tx: IoSender, kind: ImportKind, files: Vec<(String, Vec<u8>)>) {
        std::thread::spawn(move || {
            let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
            tx.send(IoEvent::Importing {
                name: import::display_name(&names),
            });
            parse_and_send(&tx, kind, &files);
        });
    }

    /// Reads picked files; for a Slack export also the export's users.json, which sits
    /// beside the channel folders (or in the folder picked from).
    fn read_paths(tx: &IoSender, kind: ImportKind, mut paths: Vec<PathBuf>) {
        let names: Vec<String> = paths.iter().map(|p| file_name(p)).collect();
        let name = import::display_name(&names);
        tx.send(IoEvent::Importing { name: name.clone() });
        if kind == ImportKind::ChatExport && !names.iter().any(|n| n == "users.json") {
            let dir = paths
                .first()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf);
            let near = dir
                .iter()
                .flat_map(|d| [d.join("users.json"), d.join("../users.json")]);
            if let Some(users) = near.into_iter().find(|p| p.is_file()) {
                paths.push(users);
            }
        }
        let mut files = Vec::with_capacity(paths.len());
        for p in &paths {
            match super::super::read_file(p) {
                Ok(bytes) => files.push((file_name(p), bytes)),
                Err(e) => {
                    return tx.send(IoEvent::Imported {
                        name,
                        result: Err(e),
                    });
                }
            }
        }
        parse_and_send(tx, kind, &files);
    }

    fn file_name(p: &Path) -> String {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

#[cfg(target_arch = "wasm32")]
mod platform {
    use super::*;
    use crate::io::check_size;
    use crate::io::web::{GLUE_URL, WORKER_URL, WorkerReply, next_paint, worker_reply};

    #[wasm_bindgen::prelude::wasm_bindgen(module = "/web/worker-client.js")]
    extern "C" {
        #[wasm_bindgen(js_name = importInWorker)]
        fn import_in_worker_js(
            worker_url: &str,
            glue_url: &str,
            module: &wasm_bindgen::JsValue,
            files: &js_sys::Array,
            kind: &str,
        ) -> js_sys::Promise;
    }

    pub(super) fn pick(tx: IoSender, kind: ImportKind) {
        wasm_bindgen_futures::spawn_local(async move {
            let (filter, extensions) = kind.filter();
            let dialog = rfd::AsyncFileDialog::new()
                .set_title(kind.title())
                .add_filter(filter, extensions);
            let picked = match kind {
                ImportKind::Transcript => dialog.pick_file().await.map(|f| vec![f]),
                ImportKind::ChatExport => dialog.pick_files().await,
            };
            let Some(handles) = picked.filter(|h| !h.is_empty()) else {
                return;
            };
            let names: Vec<String> = handles.iter().map(|h| h.file_name()).collect();
            let name = import::display_name(&names);
            tx.send(IoEvent::Importing { name: name.clone() });
            for h in &handles {
                if let Err(e) = check_size(h.inner().size() as u64) {
                    return tx.send(IoEvent::Imported {
                        name,
                        result: Err(e),
                    });
                }
            }
            let files: js_sys::Array = handles.iter().map(|h| h.inner().clone()).collect();
            let glue = GLUE_URL.with(String::clone);
            let reply = worker_reply(import_in_worker_js(
                WORKER_URL,
                &glue,
                &wasm_bindgen::module(),
                &files,
                kind.code(),
            ))
            .await;
            let result = match reply {
                WorkerReply::Parts(parts) => match parts.first() {
                    Some(bytes) => import::decode(bytes).map(Box::new),
                    None => Err("The background worker sent nothing back.".to_owned()),
                },
                WorkerReply::Failed(e) => Err(e),
                WorkerReply::Text(_) | WorkerReply::Unavailable(_) => {
                    if let WorkerReply::Unavailable(why) = reply {
                        log::warn!("importing on the page: background worker unavailable ({why})");
                    }
                    let mut files = Vec::with_capacity(handles.len());
                    for h in &handles {
                        files.push((h.file_name(), h.read().await));
                    }
                    // The parse holds the browser's only thread: paint the progress first.
                    next_paint().await;
                    return parse_and_send(&tx, kind, &files);
                }
            };
            tx.send(IoEvent::Imported { name, result });
        });
    }

    pub(super) fn parse_files(tx: IoSender, kind: ImportKind, files: Vec<(String, Vec<u8>)>) {
        wasm_bindgen_futures::spawn_local(async move {
            let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
            tx.send(IoEvent::Importing {
                name: import::display_name(&names),
            });
            next_paint().await;
            parse_and_send(&tx, kind, &files);
        });
    }

    /// The worker's side (called from web/worker.js): reads an import's files
    /// (`names` and `files`, arrays of strings and Uint8Arrays) and returns the result
    /// in the compact form, or throws what is wrong with them as a string.
    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn second_story_worker_import(
        kind: &str,
        names: js_sys::Array,
        files: js_sys::Array,
    ) -> Result<js_sys::Uint8Array, String> {
        let kind = ImportKind::from_code(kind).ok_or_else(|| format!("unknown import {kind}"))?;
        let files: Vec<(String, Vec<u8>)> = names
            .iter()
            .zip(files.iter())
            .map(|(n, f)| {
                (
                    n.as_string().unwrap_or_default(),
                    js_sys::Uint8Array::new(&f).to_vec(),
                )
            })
            .collect();
        let parsed = import::read(kind, &files)?;
        let bytes = import::encode(&parsed)?;
        Ok(js_sys::Uint8Array::from(bytes.as_slice()))
    }
}

/// What an import hands the app: what the files hold, or what is wrong, in words.
pub type ImportResult = Result<Box<Parsed>, String>;
