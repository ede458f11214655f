//! Web file access: the browser's file picker (async, never blocking the frame),
//! downloads for saving and exporting, autosave to `localStorage` (stored at once
//! when the page is left or hidden), and forgetting what the browser keeps.

use super::{
    CaptureDraft, IoEvent, IoSender, Location, PathPurpose, Recovered, SaveFailure, SaveOutcome,
    TextPurpose, check_size,
};
use std::cell::RefCell;
use wasm_bindgen::JsCast as _;

/// The app id, also the storage key prefix.
pub const APP_ID: &str = "second-story";
const AUTOSAVE_KEY: &str = "second-story.autosave";
const AUTOSAVE_NAME_KEY: &str = "second-story.autosave.name";
const AUTOSAVE_DIRTY_KEY: &str = "second-story.autosave.dirty";
const AUTOSAVE_DRAFT_KEY: &str = "second-story.autosave.draft";
/// The key eframe keeps egui's memory (window and widget state) under.
const EGUI_MEMORY_KEY: &str = "egui_memory_ron";

/// Saves the session by downloading it (the browser decides where it goes).
pub fn save_session(
    location: &Location,
    suggested_name: &str,
    text: String,
    _save_as: bool,
    _tx: IoSender,
) -> SaveOutcome {
    let name = match location {
        Location::Download(n) => n.clone(),
        _ => suggested_name.to_owned(),
    };
    match download(&name, &text, "application/x-ron") {
        Ok(()) => SaveOutcome::Saved(Location::Download(name)),
        Err(e) => SaveOutcome::Failed(e.into()),
    }
}

/// There are no file paths in the browser; saving is a download.
pub fn write_session(_path: &std::path::Path, _text: &str) -> Result<(), SaveFailure> {
    Err(
        "The browser cannot write to a path; use Save (download) instead."
            .to_owned()
            .into(),
    )
}

/// File dialogs in the browser do not fail the way native ones can: nothing to do.
pub fn use_typed_path(_purpose: PathPurpose, _path: std::path::PathBuf, _tx: IoSender) {}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    download_js(name, &wasm_bindgen::JsValue::from_str(text), mime)
}

/// Offers a JavaScript string as a file download (text made by the worker is never
/// copied through wasm).
fn download_js(name: &str, text: &wasm_bindgen::JsValue, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Could not start the download ({what}).");
    let window = web_sys::window().ok_or_else(|| fail("no window"))?;
    let document = window.document().ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(text);
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(&format!("{mime};charset=utf-8"));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("url"))?;
    let a = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| fail("link"))?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Opens the browser's file picker for a session file. A background worker reads and
/// checks it and hands it back in parts ([`IoEvent::Received`]), which the app takes a
/// few per frame; where workers cannot run, the page reads it after painting
/// "Opening …".
pub fn pick_session(tx: IoSender) {
    wasm_bindgen_futures::spawn_local(async move {
        let picked = rfd::AsyncFileDialog::new()
            .add_filter("Second Story session", &["ron"])
            .pick_file()
            .await;
        if let Some(file) = picked {
            open_file(file.inner().clone(), tx);
        }
    });
}

/// Opens a session from a browser `File` (picked, or a review of the library) as
/// [`pick_session`] does: read and checked in the background worker, handed back in
/// parts.
pub fn open_file(file: web_sys::File, tx: IoSender) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let location = Location::Download(name.clone());
        // Progress first: reading and parsing a large session takes a while.
        tx.send(IoEvent::Opening { name: name.clone() });
        if let Err(e) = check_size(file.size() as u64) {
            tx.send(IoEvent::Loaded {
                location,
                name,
                result: Err(e),
            });
            return;
        }
        match read_in_worker(&file).await {
            WorkerReply::Parts(parts) => tx.send(IoEvent::Received {
                name,
                location,
                parts,
                file_bytes: file.size() as usize,
            }),
            WorkerReply::Failed(e) => tx.send(IoEvent::Loaded {
                name,
                location,
                result: Err(e),
            }),
            reply @ (WorkerReply::Text(_) | WorkerReply::Unavailable(_)) => {
                let why = match reply {
                    WorkerReply::Unavailable(why) => why,
                    _ => "no session in the reply".to_owned(),
                };
                log::warn!("reading {name} on the page: background worker unavailable ({why})");
                let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
                    Err(_) => Vec::new(),
                };
                // The parse holds the browser's only thread: let it paint
                // "Opening …" before that.
                next_paint().await;
                let result = crate::model::file::from_bytes(&bytes)
                    .map(Box::new)
                    .map_err(|e| e.to_string());
                tx.send(IoEvent::Loaded {
                    location,
                    name,
                    result,
                });
            }
        }
    });
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/web/worker-client.js")]
extern "C" {
    #[wasm_bindgen(js_name = readInWorker)]
    fn read_in_worker_js(
        worker_url: &str,
        glue_url: &str,
        module: &wasm_bindgen::JsValue,
        file: &web_sys::File,
    ) -> js_sys::Promise;

    #[wasm_bindgen(js_name = ronInWorker)]
    fn ron_in_worker_js(
        worker_url: &str,
        glue_url: &str,
        module: &wasm_bindgen::JsValue,
        session: js_sys::Uint8Array,
    ) -> js_sys::Promise;

    /// Puts `text` in `localStorage` under `key` without copying it through wasm;
    /// false when storage is full or refused.
    #[wasm_bindgen(js_name = storeText)]
    fn store_text_js(key: &str, text: &js_sys::JsString) -> bool;

    #[wasm_bindgen(js_name = exportInWorker)]
    fn export_in_worker_js(
        worker_url: &str,
        glue_url: &str,
        module: &wasm_bindgen::JsValue,
        session: js_sys::Uint8Array,
        kind: &str,
    ) -> js_sys::Promise;
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The URL of the wasm-bindgen glue (this expression is evaluated inside it), for
    /// the worker to import the same build.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    pub(super) static GLUE_URL: String;
}

/// The background worker's reply.
pub(super) enum WorkerReply {
    /// An opened session, checked, in parts (see [`crate::model::transfer`]).
    Parts(Vec<Vec<u8>>),
    /// An export's text (a JavaScript string, left there).
    Text(js_sys::JsString),
    /// What is wrong (with the file, or the export), in words.
    Failed(String),
    /// The worker could not run (why, for the console).
    Unavailable(String),
}

/// The worker's script, next to the page (see index.html).
pub(super) const WORKER_URL: &str = "worker.js";

thread_local! {
    static WORKER_JOBS_DONE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many files the background worker has opened or exported for this page
/// (browser tests check that they went through it; autosaves are not counted).
pub fn worker_jobs_done() -> usize {
    WORKER_JOBS_DONE.with(std::cell::Cell::get)
}

/// Waits for the worker's reply and reads it.
pub(super) async fn worker_reply(promise: js_sys::Promise) -> WorkerReply {
    let reply = worker_reply_inner(promise).await;
    if matches!(reply, WorkerReply::Parts(_) | WorkerReply::Text(_)) {
        WORKER_JOBS_DONE.with(|n| n.set(n.get() + 1));
    }
    reply
}

async fn worker_reply_inner(promise: js_sys::Promise) -> WorkerReply {
    let reply = match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(r) => r,
        Err(e) => return WorkerReply::Unavailable(format!("{e:?}")),
    };
    let field = |key: &str| js_sys::Reflect::get(&reply, &key.into()).ok();
    if let Some(parts) = field("parts").and_then(|p| p.dyn_into::<js_sys::Array>().ok()) {
        let parts = parts
            .iter()
            .map(|p| js_sys::Uint8Array::new(&p).to_vec())
            .collect();
        return WorkerReply::Parts(parts);
    }
    if let Some(text) = field("text").and_then(|t| t.dyn_into::<js_sys::JsString>().ok()) {
        return WorkerReply::Text(text);
    }
    if let Some(message) = field("failed").and_then(|m| m.as_string()) {
        return WorkerReply::Failed(message);
    }
    WorkerReply::Unavailable(
        field("unavailable")
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "no reply".to_owned()),
    )
}

/// Reads and checks a session file in a background worker running this same build.
pub(super) async fn read_in_worker(file: &web_sys::File) -> WorkerReply {
    let glue = GLUE_URL.with(String::clone);
    worker_reply(read_in_worker_js(
        WORKER_URL,
        &glue,
        &wasm_bindgen::module(),
        file,
    ))
    .await
}

/// The worker's side (called from web/worker.js): reads and checks a session file and
/// returns it in parts, or throws what is wrong with the file as a string.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn second_story_worker_open(bytes: &[u8]) -> Result<js_sys::Array, String> {
    use crate::model::{file, transfer};
    let loaded = file::from_bytes(bytes).map_err(|e| e.to_string())?;
    let parts = transfer::split(&loaded, transfer::PART_BYTES).map_err(|e| e.to_string())?;
    Ok(parts
        .iter()
        .map(|p| js_sys::Uint8Array::from(p.as_slice()))
        .collect())
}

/// Resolves once the browser has painted a frame: two animation frames (the first
/// runs before a paint, the second after it), or after a short timeout, since a
/// hidden tab runs no animation frames at all.
pub(super) async fn next_paint() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let w = window.clone();
        let after_paint = resolve.clone();
        let second = wasm_bindgen::closure::Closure::once_into_js(move || {
            if w.request_animation_frame(&after_paint).is_err() {
                let _ = after_paint.call0(&wasm_bindgen::JsValue::NULL);
            }
        });
        if window
            .request_animation_frame(second.unchecked_ref())
            .is_err()
        {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 250);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Opens the browser's file picker for a text file. A chat or log excerpt is also
/// parsed here, with `paste_date` for times of day, after "Opening …" has been
/// painted (the browser has no threads, so the parse still holds the frame).
pub fn pick_text(tx: IoSender, purpose: TextPurpose, paste_date: Option<chrono::NaiveDate>) {
    wasm_bindgen_futures::spawn_local(async move {
        let dialog = match purpose {
            TextPurpose::Guide => {
                rfd::AsyncFileDialog::new().add_filter("Interview guide", &["ron"])
            }
            TextPurpose::Paste => {
                rfd::AsyncFileDialog::new().add_filter("Text", &["txt", "log", "md"])
            }
        };
        if let Some(file) = dialog.pick_file().await {
            let name = file.file_name();
            tx.send(IoEvent::Opening { name: name.clone() });
            let text = match check_size(file.inner().size() as u64) {
                Ok(()) => String::from_utf8(file.read().await)
                    .map_err(|_| format!("{name} is not UTF-8 text.")),
                Err(e) => Err(e),
            };
            if text.is_ok() && purpose == TextPurpose::Paste {
                // The parse holds the browser's only thread: paint "Opening …" first.
                next_paint().await;
            }
            let preview = super::paste_preview(&text, purpose, paste_date);
            tx.send(IoEvent::OpenedText {
                purpose,
                name,
                text,
                preview,
            });
        }
    });
}

/// Downloads an export; reports [`IoEvent::Exported`]. There is no folder to
/// write to in the browser, so `_folder` is ignored.
pub fn export_text(
    tx: IoSender,
    suggested_name: &str,
    extension: &'static str,
    _folder: Option<std::path::PathBuf>,
    text: String,
) {
    let result =
        download(suggested_name, &text, mime_of(extension)).map(|()| suggested_name.to_owned());
    tx.send(IoEvent::Exported(result));
}

fn mime_of(extension: &str) -> &'static str {
    match extension {
        "md" => "text/markdown",
        "svg" => "image/svg+xml",
        _ => "text/plain",
    }
}

/// Builds an export from the session and downloads it. The page only writes the
/// session out in the compact form (a few ms at the largest sizes); a background
/// worker builds the export from it, or the page does where workers cannot run.
pub fn export_session(
    tx: IoSender,
    session: &crate::model::Session,
    suggested_name: &str,
    extension: &'static str,
    folder: Option<std::path::PathBuf>,
    job: crate::model::export::SessionExport,
) {
    let bytes = match crate::model::transfer::encode_whole(session) {
        Ok(b) => b,
        Err(e) => {
            log::warn!("exporting on the page: {e}");
            return match job.build(session) {
                Ok(text) => export_text(tx, suggested_name, extension, folder, text),
                Err(e) => tx.send(IoEvent::Exported(Err(e))),
            };
        }
    };
    let name = suggested_name.to_owned();
    wasm_bindgen_futures::spawn_local(async move {
        let glue = GLUE_URL.with(String::clone);
        let reply = worker_reply(export_in_worker_js(
            WORKER_URL,
            &glue,
            &wasm_bindgen::module(),
            js_sys::Uint8Array::from(bytes.as_slice()),
            &job.code(),
        ))
        .await;
        let built = match reply {
            WorkerReply::Text(text) => {
                let result = download_js(&name, &text, mime_of(extension)).map(|()| name);
                return tx.send(IoEvent::Exported(result));
            }
            WorkerReply::Failed(e) => Err(e),
            reply @ (WorkerReply::Parts(_) | WorkerReply::Unavailable(_)) => {
                if let WorkerReply::Unavailable(why) = reply {
                    log::warn!("exporting on the page: background worker unavailable ({why})");
                }
                crate::model::transfer::assemble(&[bytes])
                    .map_err(|e| e.to_string())
                    .and_then(|loaded| job.build(&loaded.session))
            }
        };
        match built {
            Ok(text) => export_text(tx, &name, extension, None, text),
            Err(e) => tx.send(IoEvent::Exported(Err(e))),
        }
    });
}

/// The worker's side (called from web/worker.js): builds an export (`kind`, a
/// [`SessionExport`](crate::model::export::SessionExport) code) from the session's
/// compact bytes, or throws what went wrong as a string.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn second_story_worker_export(session: &[u8], kind: &str) -> Result<String, String> {
    use crate::model::{export::SessionExport, transfer};
    let job = SessionExport::from_code(kind).ok_or_else(|| format!("unknown export {kind}"))?;
    let loaded = transfer::assemble(&[session]).map_err(|e| e.to_string())?;
    job.build(&loaded.session)
}

/// The worker's side (called from web/worker.js): the session file's text from the
/// session's compact bytes (for autosave), or throws what went wrong as a string.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn second_story_worker_ron(session: &[u8]) -> Result<String, String> {
    use crate::model::{file, transfer};
    let loaded = transfer::assemble(&[session]).map_err(|e| e.to_string())?;
    file::to_ron_string(&loaded.session).map_err(|e| e.to_string())
}

/// Autosave to `localStorage`. The session's RON text is written in the background
/// worker from the session's compact form (a few ms on the page even at the largest
/// sizes), and the page only hands the finished text to storage. A full storage gives
/// a visible warning; the session stays in memory and nothing is lost while the tab is
/// open.
#[derive(Debug, Default)]
pub struct Autosave {
    /// Shared with autosaves still running in the worker.
    state: std::rc::Rc<AutosaveState>,
}

#[derive(Debug, Default)]
struct AutosaveState {
    warning: RefCell<Option<String>>,
    /// When storing last failed for lack of space (ms since 1970).
    full_since: Cell<Option<f64>>,
    /// Bytes of RON text per byte of the compact form, learned from the file opened
    /// or the last text written, to tell a session too large for storage without
    /// writing its text first.
    ron_per_compact: Cell<Option<f64>>,
    /// Autosaves started (each is numbered) and the newest one stored, so that one
    /// that finishes late never overwrites a newer one.
    started: Cell<u64>,
    stored: Cell<u64>,
}

use std::cell::Cell;

/// No browser keeps more than about 5 M UTF-16 units in `localStorage` for a site;
/// twice that is a safe upper bound.
const MOST_STORAGE_UNITS: f64 = 10.0 * 1024.0 * 1024.0;

/// Whether RON text of about `ron_bytes` bytes cannot fit in any browser's storage:
/// even if every character took three bytes (one UTF-16 unit), it would be too long.
fn beyond_any_storage(ron_bytes: f64) -> bool {
    ron_bytes / 3.0 > MOST_STORAGE_UNITS
}

/// After browser storage was found full, autosave tries again only this long after:
/// writing a very large session out takes a moment, and would be done after every
/// pause in typing just to fail again.
const RETRY_FULL_STORAGE_MS: f64 = 60_000.0;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

const NO_STORAGE: &str = "This browser does not allow storage: your work is only in this tab. Save it (download) before closing.";

impl AutosaveState {
    /// Records how storing autosave number `job` went: `stored` is whether the text
    /// (`units` UTF-16 units long) fit. Sets the name and dirty marks with it.
    fn finished(&self, job: u64, stored: bool, units: usize, name: &str, dirty: bool) {
        self.stored.set(self.stored.get().max(job));
        let Some(s) = storage() else {
            *self.warning.borrow_mut() = Some(NO_STORAGE.to_owned());
            return;
        };
        if stored {
            let _ = s.set_item(AUTOSAVE_NAME_KEY, name);
            let _ = s.set_item(AUTOSAVE_DIRTY_KEY, if dirty { "1" } else { "0" });
            *self.warning.borrow_mut() = None;
            self.full_since.set(None);
        } else {
            self.full_since.set(Some(js_sys::Date::now()));
            // Remove the stale copy: restoring an old version later would lose work.
            let _ = s.remove_item(AUTOSAVE_KEY);
            *self.warning.borrow_mut() = Some(format!(
                "Browser storage is full ({} KB session): autosave is off. Your work is safe in this tab; save it (download) before closing.",
                units.div_ceil(1024)
            ));
        }
    }

    /// Stores text made on the page.
    fn store_on_page(&self, job: u64, text: &str, name: &str, dirty: bool) {
        let Some(s) = storage() else {
            *self.warning.borrow_mut() = Some(NO_STORAGE.to_owned());
            return;
        };
        let stored = s.set_item(AUTOSAVE_KEY, text).is_ok();
        self.finished(job, stored, text.len(), name, dirty);
    }

    fn note_sizes(&self, ron_bytes: usize, compact_bytes: usize) {
        if compact_bytes > 0 {
            self.ron_per_compact
                .set(Some(ron_bytes as f64 / compact_bytes as f64));
        }
    }
}

impl Autosave {
    /// Same as default (kept for parity with native).
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Learns how large a session's text is from a file just opened: `ron_bytes` of
    /// RON that took `compact_bytes` in the compact form.
    pub fn note_sizes(&self, ron_bytes: usize, compact_bytes: usize) {
        self.state.note_sizes(ron_bytes, compact_bytes);
    }

    /// Stores the session, with whether it has changes never saved (downloaded). The
    /// page writes it in the compact form and the background worker makes the RON
    /// text (on the page where workers cannot run). A session whose text could not
    /// fit in any browser's storage is not written out at all.
    pub fn store_session(&self, session: &crate::model::Session, location: &Location, dirty: bool) {
        let state = &self.state;
        if state
            .full_since
            .get()
            .is_some_and(|t| js_sys::Date::now() - t < RETRY_FULL_STORAGE_MS)
        {
            return; // still full, most likely; the warning stays up
        }
        let job = state.started.get() + 1;
        state.started.set(job);
        let name = location.file_name().unwrap_or_default();
        let page_name = name.clone();
        // Writes the text on the page: where the worker cannot (or the compact form
        // could not be made).
        let on_page = move |state: &AutosaveState, session: &crate::model::Session| {
            match crate::model::file::to_ron_string(session) {
                Ok(text) => {
                    state.note_sizes(text.len(), crate::model::transfer::compact_size(session));
                    state.store_on_page(job, &text, &page_name, dirty);
                }
                Err(e) => log::warn!("autosave failed: {e}"),
            }
        };
        // One pass: the compact form is what the worker needs, and its size tells how
        // large the text would be.
        let bytes = match crate::model::transfer::encode_whole(session) {
            Ok(b) => b,
            Err(_) => return on_page(state, session),
        };
        if let Some(ratio) = state.ron_per_compact.get() {
            let estimate = bytes.len() as f64 * ratio;
            if beyond_any_storage(estimate) {
                // Whatever storage holds is an older state: restoring it after a reload
                // would pass it off as the current one. Drop it; any autosave still
                // being written is dropped too (it is older than this job).
                state.stored.set(job);
                if let Some(s) = storage() {
                    let _ = s.remove_item(AUTOSAVE_KEY);
                }
                *state.warning.borrow_mut() = Some(format!(
                    "This session is too large for browser storage (about {:.0} MB): autosave is off. Your work is safe in this tab; save it (download) before closing.",
                    estimate / 1e6
                ));
                return;
            }
        }
        let state = state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let glue = GLUE_URL.with(String::clone);
            let promise = ron_in_worker_js(
                WORKER_URL,
                &glue,
                &wasm_bindgen::module(),
                js_sys::Uint8Array::from(bytes.as_slice()),
            );
            let reply = wasm_bindgen_futures::JsFuture::from(promise).await.ok();
            if job < state.stored.get() {
                return; // a newer autosave is already stored
            }
            let text = reply
                .and_then(|r| js_sys::Reflect::get(&r, &"text".into()).ok())
                .and_then(|t| t.dyn_into::<js_sys::JsString>().ok());
            match text {
                Some(text) => {
                    let units = text.length() as usize;
                    state.note_sizes(units, bytes.len());
                    let stored = store_text_js(AUTOSAVE_KEY, &text);
                    state.finished(job, stored, units, &name, dirty);
                }
                None => match crate::model::transfer::assemble(&[bytes]) {
                    Ok(loaded) => on_page(&state, &loaded.session),
                    Err(e) => log::warn!("autosave failed: {e}"),
                },
            }
        });
    }

    /// Stores the session at once, on the page (the page is being left or hidden:
    /// an autosave in the worker would not finish). Any autosave still running in
    /// the worker is older and is dropped.
    pub fn store_now(&self, session: &crate::model::Session, location: &Location, dirty: bool) {
        let state = &self.state;
        let job = state.started.get() + 1;
        state.started.set(job);
        match crate::model::file::to_ron_string(session) {
            Ok(text) => {
                let name = location.file_name().unwrap_or_default();
                state.store_on_page(job, &text, &name, dirty);
            }
            Err(e) => log::warn!("autosave failed: {e}"),
        }
    }

    /// Keeps the words in the capture field not yet committed (or forgets them).
    /// They are small: stored at once.
    pub fn store_draft(&self, draft: Option<&CaptureDraft>) {
        let Some(s) = storage() else { return };
        match draft.and_then(CaptureDraft::to_text) {
            Some(text) => {
                if s.set_item(AUTOSAVE_DRAFT_KEY, &text).is_err() {
                    *self.state.warning.borrow_mut() = Some(
                        "Browser storage is full: the words in the capture field are not autosaved. Commit them (Ctrl+Enter) and save (download)."
                            .to_owned(),
                    );
                }
            }
            None => {
                let _ = s.remove_item(AUTOSAVE_DRAFT_KEY);
            }
        }
    }

    /// The browser keeps the current session (replaced on every change, new or
    /// opened session), so a reload always brings it back; only the words in the
    /// capture field, which belong to the session replaced or saved, are forgotten.
    pub fn clear(&self) {
        self.store_draft(None);
    }

    /// Nothing to wait for from the page: an autosave in the worker finishes on its
    /// own (within a moment of the pause in typing that started it).
    pub fn flush(&self) {}

    /// Nothing to learn: the page's events wake the app.
    pub fn set_context(&self, _ctx: &egui::Context) {}

    /// The stored session, if any.
    pub fn load(&self) -> Option<Recovered> {
        let s = storage()?;
        let text = s.get_item(AUTOSAVE_KEY).ok()??;
        let name = s
            .get_item(AUTOSAVE_NAME_KEY)
            .ok()
            .flatten()
            .unwrap_or_default();
        let draft = s
            .get_item(AUTOSAVE_DRAFT_KEY)
            .ok()
            .flatten()
            .and_then(|t| CaptureDraft::from_text(&t));
        Some(Recovered {
            slot: String::new(),
            title: super::title_in(&text),
            text,
            location: if name.is_empty() {
                Location::Unsaved
            } else {
                Location::Download(name)
            },
            when: String::new(),
            modified: None,
            dirty: s.get_item(AUTOSAVE_DIRTY_KEY).ok().flatten().as_deref() != Some("0"),
            draft,
        })
    }

    /// The stored session, as a list (the browser keeps one).
    pub fn recoverable(&self) -> Vec<Recovered> {
        self.load().into_iter().collect()
    }

    /// Nothing to take over: the browser's copy is the page's own.
    pub fn adopt(&self, _slot: &str) {}

    /// Nothing to discard: a reload restores the browser's copy directly.
    pub fn discard(&self, _slot: &str) {}

    /// Nothing claimed in the browser.
    pub fn release(&self) {}

    /// Removes everything Second Story keeps in this browser's storage: the
    /// autosaved session, the words in the capture field, and the app's and egui's
    /// remembered state. Autosaves still being written are dropped. Keys of other
    /// sites' apps on the same origin are left alone.
    pub fn forget(&self) -> Result<(), String> {
        let state = &self.state;
        let newest = state.started.get() + 1;
        state.started.set(newest);
        state.stored.set(newest);
        *state.warning.borrow_mut() = None;
        state.full_since.set(None);
        let s = storage().ok_or_else(|| "This browser does not allow storage.".to_owned())?;
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(APP_ID) || k == EGUI_MEMORY_KEY)
            .collect();
        for k in keys {
            s.remove_item(&k)
                .map_err(|_| format!("Could not remove {k} from browser storage."))?;
        }
        Ok(())
    }

    /// A problem the user should know about (storage full or unavailable).
    pub fn warning(&self) -> Option<String> {
        self.state.warning.borrow().clone()
    }
}

/// Sets the tab title, as one line without control characters.
pub fn set_title(_ctx: &egui::Context, title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&super::one_line(title));
    }
}

/// Calls `leaving` with the app whenever the page may be gone next: before it is
/// unloaded (closed, reloaded, navigated away), when it is hidden (another tab, the
/// phone's home screen; a hidden page may be discarded without notice) and when it
/// is hidden for good (`pagehide`). Input still queued is handled first, so a key
/// pressed a moment ago counts. When `leaving` returns true before an unload, the
/// browser asks whether to leave.
///
/// eframe 0.37 means to save on unload, but listens for `onbeforeunload`, an event
/// that never fires (the event is `beforeunload`): this does the app's part itself.
pub fn watch_leaving<A: eframe::App + 'static>(
    runner: &eframe::WebRunner,
    leaving: fn(&mut A) -> bool,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let added = [
        runner.add_event_listener(
            &window,
            "beforeunload",
            move |event: web_sys::BeforeUnloadEvent, app_runner| {
                app_runner.logic();
                if leaving(app_runner.app_mut::<A>()) {
                    event.prevent_default();
                    // Older browsers ask only when a return value is set.
                    event.set_return_value("unsaved");
                }
            },
        ),
        runner.add_event_listener(&window, "pagehide", move |_: web_sys::Event, app_runner| {
            app_runner.logic();
            leaving(app_runner.app_mut::<A>());
        }),
        runner.add_event_listener(
            &document,
            "visibilitychange",
            move |_: web_sys::Event, app_runner| {
                let hidden = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.hidden());
                if hidden {
                    app_runner.logic();
                    leaving(app_runner.app_mut::<A>());
                }
            },
        ),
    ];
    for result in added {
        if let Err(e) = result {
            log::warn!("could not watch for the page being left: {e:?}");
        }
    }
}

/// Whether the platform keeps a list of recent files.
pub const HAS_RECENT_FILES: bool = false;

/// In the browser the autosave holds the current session, saved or not: a reload
/// brings back whatever was open.
pub const AUTOSAVE_KEEPS_CURRENT: bool = true;

#[cfg(feature = "testing")]
thread_local! {
    static TEST_STATE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Publishes a small JSON summary of the app for browser tests.
#[cfg(feature = "testing")]
pub fn publish_test_state(json: String) {
    TEST_STATE.with(|s| *s.borrow_mut() = json);
}

/// Test hook for browser e2e tests: a JSON summary of what the app shows. Only in
/// the `testing` build (`trunk build --features testing`), never the shipped one.
#[cfg(feature = "testing")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn second_story_state() -> String {
    TEST_STATE.with(|s| s.borrow().clone())
}
