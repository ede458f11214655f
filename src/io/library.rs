//! Reading a library without holding the frame. Natively a folder is walked (nested
//! folders, `.gitignore` respected, as git sees a checkout), files unchanged since the
//! index cache are taken from it, and the others are read, checked, gated and indexed
//! on every core (`rayon`), each reported as soon as it is done. In the browser the
//! picked files (a folder through the directory input, or several files) are read by
//! the background worker running this same build, one after the other, and handed
//! back in the compact form; where workers cannot run, the page reads them one per
//! frame. Sessions are never copied anywhere: only the index cache is written, in
//! the app's data folder.

use crate::model::library::{LibraryFile, Stamp};
use std::sync::mpsc::{Receiver, Sender, channel};

/// What reading a library reports, in order: `Listed`, then any number of `Read`
/// and `Encoded`, then `Finished` (or `Failed`).
#[derive(Debug)]
pub enum LibraryEvent {
    /// The session files found: how many to read, and how to open each one.
    Listed {
        /// Files in the library.
        total: usize,
        /// Files already known and unchanged, not read again.
        unchanged: usize,
        /// Each file's path inside the library and its handle, for opening it.
        handles: Vec<(String, FileHandle)>,
    },
    /// Files read, or taken from the index cache.
    Read(Vec<LibraryFile>),
    /// One file's result in the compact form (from the browser's worker), to be
    /// decoded a few per frame.
    Encoded(Vec<u8>),
    /// Files that were in the library and are gone.
    Gone(Vec<String>),
    /// Every file was read.
    Finished,
    /// The library could not be read at all (the folder is gone), in words.
    Failed(String),
}

/// How a file of the library is opened: its path natively, the picked `File` in the
/// browser.
#[cfg(not(target_arch = "wasm32"))]
pub type FileHandle = std::path::PathBuf;
/// How a file of the library is opened: its path natively, the picked `File` in the
/// browser.
#[cfg(target_arch = "wasm32")]
pub type FileHandle = web_sys::File;

/// The channel a library reports on; the sender wakes the window.
pub struct LibraryChannel {
    tx: Sender<LibraryEvent>,
    rx: Receiver<LibraryEvent>,
    ctx: Option<egui::Context>,
}

impl Default for LibraryChannel {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self { tx, rx, ctx: None }
    }
}

impl std::fmt::Debug for LibraryChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LibraryChannel")
    }
}

impl LibraryChannel {
    /// A fresh channel: reports still coming on the old one are dropped.
    pub fn restart(&mut self, ctx: Option<egui::Context>) {
        *self = Self {
            ctx,
            ..Self::default()
        };
    }

    /// A sender for a background read.
    pub fn sender(&self) -> LibrarySender {
        LibrarySender {
            tx: self.tx.clone(),
            ctx: self.ctx.clone(),
        }
    }

    /// The next report, if one is waiting.
    pub fn next(&self) -> Option<LibraryEvent> {
        self.rx.try_recv().ok()
    }
}

/// Sends a report and wakes the window.
#[derive(Clone)]
pub struct LibrarySender {
    tx: Sender<LibraryEvent>,
    ctx: Option<egui::Context>,
}

impl LibrarySender {
    /// Reports (ignored when nobody listens any more).
    pub fn send(&self, e: LibraryEvent) {
        let _ = self.tx.send(e);
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::*;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;
    use crate::model::library::{self, Broken, FileState, cache};
    use rayon::prelude::*;
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    /// Asks for a folder; the chosen one arrives through `chosen`, or, when no
    /// dialog could open (no file chooser service), why, in words. Closing the
    /// dialog sends nothing.
    pub fn pick_folder(
        chosen: std::sync::mpsc::Sender<Result<PathBuf, String>>,
        ctx: Option<egui::Context>,
    ) {
        std::thread::spawn(move || {
            let sent = match crate::io::dialogs::run(|| {
                rfd::FileDialog::new()
                    .set_title("Open a library of reviews")
                    .pick_folder()
            }) {
                crate::io::dialogs::Dialog::Chosen(dir) => chosen.send(Ok(dir)).is_ok(),
                crate::io::dialogs::Dialog::Cancelled => false,
                crate::io::dialogs::Dialog::Failed(why) => chosen.send(Err(why)).is_ok(),
            };
            if sent && let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
    }

    /// Where the index cache of the library at `root` lives, in `cache_dir`.
    pub fn cache_file(cache_dir: &Path, root: &Path) -> PathBuf {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let hash = cache::path_hash(&root.to_string_lossy());
        cache_dir.join(format!("library-{hash:016x}.index"))
    }

    /// The app's folder for index caches, if the platform has one.
    pub fn default_cache_dir() -> Option<PathBuf> {
        eframe::storage_dir(crate::io::APP_ID)
    }

    /// Reads the library at `root` on a thread. Files in `known` with the same stamp
    /// are not read again (a refresh); with `cache`, unchanged files come from the
    /// index cache there.
    pub fn read_library(
        root: PathBuf,
        known: HashMap<String, Stamp>,
        cache: Option<PathBuf>,
        tx: LibrarySender,
    ) {
        std::thread::spawn(move || read_library_now(&root, &known, cache.as_deref(), &tx));
    }

    /// [`read_library`] on the calling thread (the command line, tests).
    pub fn read_library_now(
        root: &Path,
        known: &HashMap<String, Stamp>,
        cache: Option<&Path>,
        tx: &LibrarySender,
    ) {
        let listed = match list(root) {
            Ok(l) => l,
            Err(e) => return tx.send(LibraryEvent::Failed(e)),
        };
        let gone: Vec<String> = known
            .keys()
            .filter(|p| !listed.iter().any(|(q, _, _)| q == *p))
            .cloned()
            .collect();
        let todo: Vec<&(String, PathBuf, Stamp)> = listed
            .iter()
            .filter(|(p, _, s)| known.get(p) != Some(s))
            .collect();
        tx.send(LibraryEvent::Listed {
            total: listed.len(),
            unchanged: listed.len() - todo.len(),
            handles: listed
                .iter()
                .map(|(p, a, _)| (p.clone(), a.clone()))
                .collect(),
        });
        if !gone.is_empty() {
            tx.send(LibraryEvent::Gone(gone));
        }
        // From the cache: files whose stamp it knows.
        let mut cached = cache
            .and_then(|c| std::fs::read(c).ok())
            .map(|b| cache::decode(&b))
            .unwrap_or_default();
        let (from_cache, to_read): (Vec<_>, Vec<_>) = todo.into_iter().partition(|(p, _, s)| {
            cached
                .get(&cache::path_hash(p))
                .is_some_and(|(stamp, _)| stamp == s)
        });
        if !from_cache.is_empty() {
            let taken: Vec<(String, Stamp, library::ReviewEntry)> = from_cache
                .iter()
                .filter_map(|(p, _, s)| {
                    let (_, entry) = cached.remove(&cache::path_hash(p))?;
                    Some((p.clone(), *s, entry))
                })
                .collect();
            let files: Vec<LibraryFile> = taken
                .into_par_iter()
                .map(|(path, stamp, entry)| LibraryFile {
                    path,
                    stamp,
                    state: FileState::Indexed(Arc::new(cache::prepared(entry))),
                })
                .collect();
            tx.send(LibraryEvent::Read(files));
        }
        drop(cached);
        to_read
            .par_iter()
            .for_each_with(tx.clone(), |tx, (p, abs, s)| {
                tx.send(LibraryEvent::Read(vec![read_one(p, abs, *s)]));
            });
        tx.send(LibraryEvent::Finished);
    }

    /// Reads, checks, gates and indexes one file.
    fn read_one(path: &str, abs: &Path, stamp: Stamp) -> LibraryFile {
        match crate::io::read_file(abs) {
            Ok(bytes) => library::read_file(path, stamp, &bytes),
            Err(e) => LibraryFile {
                path: path.to_owned(),
                stamp,
                state: FileState::Broken(Broken::unreadable(e)),
            },
        }
    }

    /// The session files under `root`, as git sees the tree (hidden files and what
    /// `.gitignore` ignores left out): (path inside the library, full path, stamp),
    /// in path order.
    pub fn list(root: &Path) -> Result<Vec<(String, PathBuf, Stamp)>, String> {
        if !root.is_dir() {
            return Err(format!(
                "{} is not a folder that can be read.",
                root.display()
            ));
        }
        let mut out = Vec::new();
        // .gitignore applies even outside a git checkout (an exported tree), as for
        // `second-story lint`.
        let walk = ignore::WalkBuilder::new(root).require_git(false).build();
        for entry in walk.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_some_and(|t| t.is_file()) || !library::is_session_file(&name) {
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let stamp = entry
                .metadata()
                .map(|m| Stamp {
                    modified_ns: m
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
                    size: m.len(),
                })
                .unwrap_or_default();
            out.push((rel, path.to_path_buf(), stamp));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Writes the index cache of a library in the background (entries only: no
    /// path, nothing that did not pass the gate).
    pub fn write_cache(file: PathBuf, files: Vec<LibraryFile>) {
        std::thread::spawn(move || {
            let written = cache::encode(files.iter()).and_then(|bytes| {
                if let Some(dir) = file.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                }
                crate::io::write_atomic(&file, &bytes).map_err(|e| e.to_string())
            });
            match written {
                // The previous index is of no use: the new one replaces it.
                Ok(()) => {
                    let _ = std::fs::remove_file(crate::io::backup_path(&file));
                }
                Err(e) => log::warn!("library index cache not written: {e}"),
            }
        });
    }

    /// Opens a review of the library (natively, its path).
    pub fn open_review(handle: &FileHandle, tx: crate::io::IoSender) {
        crate::io::open_path(handle.clone(), tx);
    }
}

#[cfg(target_arch = "wasm32")]
pub use web::*;

#[cfg(target_arch = "wasm32")]
mod web {
    use super::*;
    use crate::io::web::{GLUE_URL, WORKER_URL, next_paint};
    use crate::model::library::{self, Broken, FileState};
    use wasm_bindgen::JsCast as _;
    use wasm_bindgen::closure::Closure;

    #[wasm_bindgen::prelude::wasm_bindgen(module = "/web/worker-client.js")]
    extern "C" {
        #[wasm_bindgen(js_name = libraryInWorker)]
        fn library_in_worker_js(
            worker_url: &str,
            glue_url: &str,
            module: &wasm_bindgen::JsValue,
            files: &js_sys::Array,
            paths: &js_sys::Array,
            on_file: &js_sys::Function,
        ) -> js_sys::Promise;
    }

    /// Asks for a folder (`folder`: the browser's directory input) or several files;
    /// reading them starts when they are chosen.
    pub fn pick_files(folder: bool, tx: LibrarySender) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(input) = document
            .create_element("input")
            .map(|e| e.unchecked_into::<web_sys::HtmlInputElement>())
        else {
            return;
        };
        input.set_type("file");
        input.set_multiple(true);
        if folder {
            let _ = input.set_attribute("webkitdirectory", "");
        } else {
            input.set_accept(".ron");
        }
        let _ = input.set_attribute("style", "display:none");
        let _ = input.set_attribute("id", "second-story-library-input");
        if let Some(old) = document.get_element_by_id("second-story-library-input") {
            old.remove();
        }
        if let Some(body) = document.body() {
            let _ = body.append_child(&input);
        }
        let picked = input.clone();
        let on_change = Closure::once_into_js(move || {
            let mut files = Vec::new();
            if let Some(list) = picked.files() {
                for i in 0..list.length() {
                    if let Some(f) = list.get(i) {
                        files.push(f);
                    }
                }
            }
            picked.remove();
            read_files(files, tx);
        });
        input.set_onchange(Some(on_change.unchecked_ref()));
        input.click();
    }

    /// The path of a picked file inside the chosen folder (its name for single files).
    fn path_of(f: &web_sys::File) -> String {
        js_sys::Reflect::get(f, &"webkitRelativePath".into())
            .ok()
            .and_then(|p| p.as_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| f.name())
    }

    fn stamp_of(f: &web_sys::File) -> Stamp {
        Stamp {
            modified_ns: (f.last_modified().max(0.0) as u64).saturating_mul(1_000_000),
            size: f.size().max(0.0) as u64,
        }
    }

    /// Reads picked files: in the background worker, else on the page, one a frame.
    pub fn read_files(files: Vec<web_sys::File>, tx: LibrarySender) {
        let files: Vec<(String, web_sys::File)> = files
            .into_iter()
            .map(|f| (path_of(&f), f))
            .filter(|(p, _)| library::is_session_file(p))
            .collect();
        tx.send(LibraryEvent::Listed {
            total: files.len(),
            unchanged: 0,
            handles: files.clone(),
        });
        wasm_bindgen_futures::spawn_local(async move {
            let arrived = std::rc::Rc::new(std::cell::Cell::new(0usize));
            let count = arrived.clone();
            let sender = tx.clone();
            let on_file =
                Closure::<dyn FnMut(js_sys::Uint8Array)>::new(move |part: js_sys::Uint8Array| {
                    count.set(count.get() + 1);
                    sender.send(LibraryEvent::Encoded(part.to_vec()));
                });
            let list: js_sys::Array = files.iter().map(|(_, f)| f.clone()).collect();
            let paths: js_sys::Array = files
                .iter()
                .map(|(p, _)| wasm_bindgen::JsValue::from_str(p))
                .collect();
            let glue = GLUE_URL.with(String::clone);
            let reply = wasm_bindgen_futures::JsFuture::from(library_in_worker_js(
                WORKER_URL,
                &glue,
                &wasm_bindgen::module(),
                &list,
                &paths,
                on_file.as_ref().unchecked_ref(),
            ))
            .await;
            drop(on_file);
            let done = js_sys::Reflect::get(&reply.unwrap_or_default(), &"done".into())
                .ok()
                .and_then(|d| d.as_f64())
                .is_some();
            if !done {
                // The worker could not run (or stopped): the rest on the page, one
                // file per frame, so the page keeps drawing.
                log::warn!("reading the library on the page: background worker unavailable");
                for (path, f) in files.iter().skip(arrived.get()) {
                    next_paint().await;
                    let file = read_on_page(path, f).await;
                    tx.send(LibraryEvent::Read(vec![file]));
                }
            }
            tx.send(LibraryEvent::Finished);
        });
    }

    async fn read_on_page(path: &str, f: &web_sys::File) -> LibraryFile {
        let stamp = stamp_of(f);
        if let Err(e) = crate::io::check_size(stamp.size) {
            return LibraryFile {
                path: path.to_owned(),
                stamp,
                state: FileState::Broken(Broken::unreadable(e)),
            };
        }
        match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
            Ok(buf) => library::read_file(path, stamp, &js_sys::Uint8Array::new(&buf).to_vec()),
            Err(_) => LibraryFile {
                path: path.to_owned(),
                stamp,
                state: FileState::Broken(Broken::unreadable(format!("Could not read {path}."))),
            },
        }
    }

    /// The worker's side (called from web/worker.js): reads, checks, gates and
    /// indexes one picked file and returns the result in the compact form.
    #[wasm_bindgen::prelude::wasm_bindgen]
    pub fn second_story_worker_library(
        path: &str,
        bytes: &[u8],
        modified_ms: f64,
        size: f64,
    ) -> Result<js_sys::Uint8Array, String> {
        let stamp = Stamp {
            modified_ns: (modified_ms.max(0.0) as u64).saturating_mul(1_000_000),
            size: size.max(0.0) as u64,
        };
        let file = match crate::io::check_size(stamp.size) {
            Ok(()) => library::read_file(path, stamp, bytes),
            Err(e) => LibraryFile {
                path: path.to_owned(),
                stamp,
                state: FileState::Broken(Broken::unreadable(e)),
            },
        };
        let bytes = library::cache::encode_file(&file)?;
        Ok(js_sys::Uint8Array::from(bytes.as_slice()))
    }

    /// Opens a review of the library (in the browser, the picked file).
    pub fn open_review(handle: &FileHandle, tx: crate::io::IoSender) {
        crate::io::web::open_file(handle.clone(), tx);
    }
}
