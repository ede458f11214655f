//! Merging a colleague's copy, off the frame: the copy is read and checked as Open
//! does it (natively on a thread; in the browser by the background worker, handed back
//! in parts), and the merge runs on a thread natively, or in the browser after the
//! status bar has painted "Merging …".

use super::{IoEvent, IoSender};
use crate::model::Session;
use crate::model::merge::Preview;

/// What merging a colleague's copy reports back (inside [`IoEvent::Merge`]).
#[derive(Debug)]
pub enum MergeEvent {
    /// The copy is being read: show progress.
    Reading {
        /// Its file name.
        name: String,
    },
    /// The copy was read and checked, or what is wrong with it, in words.
    Read {
        /// Its file name.
        name: String,
        /// The session in it.
        result: Result<Box<Session>, String>,
    },
    /// The copy was read and checked by the browser's worker and handed back in parts
    /// (see [`crate::model::transfer`]).
    Parts {
        /// Its file name.
        name: String,
        /// The session in parts, head first.
        parts: Vec<Vec<u8>>,
    },
    /// The merge, ready to show; `revision` is the open document's revision it was
    /// made from.
    Merged {
        /// The copy's file name.
        name: String,
        /// The document revision the merge started from.
        revision: u64,
        /// The merge, or why the copies cannot be merged.
        result: Result<Box<Preview>, String>,
    },
}

fn send(tx: &IoSender, e: MergeEvent) {
    tx.send(IoEvent::Merge(e));
}

/// Asks for a colleague's copy; it arrives as [`MergeEvent::Read`] (natively).
#[cfg(not(target_arch = "wasm32"))]
pub fn pick_copy(tx: IoSender) {
    std::thread::spawn(move || {
        let picked = rfd::FileDialog::new()
            .set_title("Merge a colleague's copy")
            .add_filter("Second Story session", &["ron"])
            .pick_file();
        if let Some(path) = picked {
            read_copy(&path, &tx);
        }
    });
}

/// Reads and checks a copy from disk, reporting progress first.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_copy(path: &std::path::Path, tx: &IoSender) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    send(tx, MergeEvent::Reading { name: name.clone() });
    let result = super::read_file(path).and_then(|bytes| {
        crate::model::file::from_bytes(&bytes)
            .map(|l| Box::new(l.session))
            .map_err(|e| e.to_string())
    });
    send(tx, MergeEvent::Read { name, result });
}

/// Asks for a colleague's copy; the background worker reads and checks it and hands it
/// back in parts ([`MergeEvent::Parts`]), as when opening a file.
#[cfg(target_arch = "wasm32")]
pub fn pick_copy(tx: IoSender) {
    wasm_bindgen_futures::spawn_local(async move {
        let picked = rfd::AsyncFileDialog::new()
            .add_filter("Second Story session", &["ron"])
            .pick_file()
            .await;
        let Some(file) = picked else {
            return;
        };
        let name = file.file_name();
        send(&tx, MergeEvent::Reading { name: name.clone() });
        if let Err(e) = super::check_size(file.inner().size() as u64) {
            return send(
                &tx,
                MergeEvent::Read {
                    name,
                    result: Err(e),
                },
            );
        }
        match super::web::read_in_worker(file.inner()).await {
            super::web::WorkerReply::Parts(parts) => send(&tx, MergeEvent::Parts { name, parts }),
            super::web::WorkerReply::Failed(e) => send(
                &tx,
                MergeEvent::Read {
                    name,
                    result: Err(e),
                },
            ),
            _ => {
                log::warn!("reading {name} on the page: background worker unavailable");
                let bytes = file.read().await;
                super::web::next_paint().await;
                let result = crate::model::file::from_bytes(&bytes)
                    .map(|l| Box::new(l.session))
                    .map_err(|e| e.to_string());
                send(&tx, MergeEvent::Read { name, result });
            }
        }
    });
}

/// Merges `theirs` into a copy of the open session in the background and reports
/// [`MergeEvent::Merged`].
pub fn merge_in_background(
    tx: IoSender,
    name: String,
    ours: Session,
    theirs: Session,
    revision: u64,
) {
    let job = move || {
        let result = crate::model::merge::preview(&ours, &theirs)
            .map(Box::new)
            .map_err(|e| e.to_string());
        send(
            &tx,
            MergeEvent::Merged {
                name,
                revision,
                result,
            },
        );
    };
    #[cfg(not(target_arch = "wasm32"))]
    std::thread::spawn(job);
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        // The merge holds the page's only thread: paint "Merging …" first.
        super::web::next_paint().await;
        job();
    });
}
