//! Web file access: the browser's file picker (async, never blocking the frame),
//! downloads for saving and exporting, and autosave to `localStorage`.

use super::{IoEvent, IoSender, Location, TextPurpose, check_size};
use std::cell::RefCell;
use wasm_bindgen::JsCast as _;

/// The app id, also the storage key prefix.
pub const APP_ID: &str = "second-story";
const AUTOSAVE_KEY: &str = "second-story.autosave";
const AUTOSAVE_NAME_KEY: &str = "second-story.autosave.name";
const AUTOSAVE_DIRTY_KEY: &str = "second-story.autosave.dirty";

/// Result of asking to save the session.
#[derive(Debug)]
pub enum SaveOutcome {
    /// Written (downloaded).
    Saved(Location),
    /// Never on the web.
    Pending,
    /// Could not write.
    Failed(String),
}

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
        Err(e) => SaveOutcome::Failed(e),
    }
}

/// There are no file paths in the browser; saving is a download.
pub fn write_session(_path: &std::path::Path, _text: &str) -> Result<(), String> {
    Err("The browser cannot write to a path; use Save (download) instead.".to_owned())
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Could not start the download ({what}).");
    let window = web_sys::window().ok_or_else(|| fail("no window"))?;
    let document = window.document().ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
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

/// Opens the browser's file picker for a session file.
pub fn pick_session(tx: IoSender) {
    wasm_bindgen_futures::spawn_local(async move {
        let picked = rfd::AsyncFileDialog::new()
            .add_filter("Second Story session", &["ron"])
            .pick_file()
            .await;
        if let Some(file) = picked {
            let name = file.file_name();
            // Progress first: reading and parsing a large session takes a while.
            tx.send(IoEvent::Opening { name: name.clone() });
            let result = match check_size(file.inner().size() as u64) {
                Ok(()) => {
                    let bytes = file.read().await;
                    // The parse holds the browser's only thread: let it paint
                    // "Opening …" before that.
                    next_paint().await;
                    crate::model::file::from_bytes(&bytes)
                        .map(Box::new)
                        .map_err(|e| e.to_string())
                }
                Err(e) => Err(e),
            };
            tx.send(IoEvent::Loaded {
                location: Location::Download(name.clone()),
                name,
                result,
            });
        }
    });
}

/// Resolves once the browser has painted a frame: two animation frames (the first
/// runs before a paint, the second after it), or after a short timeout, since a
/// hidden tab runs no animation frames at all.
async fn next_paint() {
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
    let mime = match extension {
        "md" => "text/markdown",
        "svg" => "image/svg+xml",
        _ => "text/plain",
    };
    let result = download(suggested_name, &text, mime).map(|()| suggested_name.to_owned());
    tx.send(IoEvent::Exported(result));
}

/// Builds an export from the session and downloads it. The browser has no threads,
/// so this runs in the frame (the session is borrowed, not copied).
pub fn export_session(
    tx: IoSender,
    session: &crate::model::Session,
    suggested_name: &str,
    extension: &'static str,
    folder: Option<std::path::PathBuf>,
    build: impl FnOnce(&crate::model::Session) -> Result<String, String> + Send + 'static,
) {
    match build(session) {
        Ok(text) => export_text(tx, suggested_name, extension, folder, text),
        Err(e) => tx.send(IoEvent::Exported(Err(e))),
    }
}

/// A session recovered from browser storage.
#[derive(Debug, Clone)]
pub struct Recovered {
    /// The autosaved session text.
    pub text: String,
    /// The download name it had, if any.
    pub location: Location,
    /// When (unknown on the web).
    pub when: String,
    /// Whether it holds changes that were never saved (downloaded).
    pub dirty: bool,
}

/// Autosave to `localStorage`. A full storage gives a visible warning; the session
/// stays in memory and nothing is lost while the tab is open.
#[derive(Debug, Default)]
pub struct Autosave {
    warning: RefCell<Option<String>>,
    /// When storing last failed for lack of space (ms since 1970).
    full_since: std::cell::Cell<Option<f64>>,
}

/// After browser storage was found full, autosave tries again only this long after:
/// serializing a very large session holds the page's only thread for a moment, and
/// would do so after every pause in typing just to fail again.
const RETRY_FULL_STORAGE_MS: f64 = 60_000.0;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Autosave {
    /// Same as default (kept for parity with native).
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Stores the session text in browser storage.
    pub fn store(&self, text: String, location: &Location) {
        let Some(s) = storage() else {
            *self.warning.borrow_mut() = Some(
                "This browser does not allow storage: your work is only in this tab. Save it (download) before closing."
                    .to_owned(),
            );
            return;
        };
        let name = location.file_name().unwrap_or_default();
        match s.set_item(AUTOSAVE_KEY, &text) {
            Ok(()) => {
                let _ = s.set_item(AUTOSAVE_NAME_KEY, &name);
                *self.warning.borrow_mut() = None;
                self.full_since.set(None);
            }
            Err(_) => {
                self.full_since.set(Some(js_sys::Date::now()));
                // Remove the stale copy: restoring an old version later would lose work.
                let _ = s.remove_item(AUTOSAVE_KEY);
                *self.warning.borrow_mut() = Some(format!(
                    "Browser storage is full ({} KB session): autosave is off. Your work is safe in this tab; save it (download) before closing.",
                    text.len().div_ceil(1024)
                ));
            }
        }
    }

    /// Serializes the session and stores it (the web has no worker thread for this),
    /// with whether it has changes never saved (downloaded).
    pub fn store_session(&self, session: &crate::model::Session, location: &Location, dirty: bool) {
        if self
            .full_since
            .get()
            .is_some_and(|t| js_sys::Date::now() - t < RETRY_FULL_STORAGE_MS)
        {
            return; // still full, most likely; the warning stays up
        }
        match crate::model::file::to_ron_string(session) {
            Ok(text) => {
                self.store(text, location);
                if let Some(s) = storage() {
                    let _ = s.set_item(AUTOSAVE_DIRTY_KEY, if dirty { "1" } else { "0" });
                }
            }
            Err(e) => log::warn!("autosave failed: {e}"),
        }
    }

    /// Does nothing on the web: the browser keeps the current session (replaced on
    /// every change, new or opened session), so a reload always brings it back.
    pub fn clear(&self) {}

    /// Nothing to wait for: storage writes are synchronous.
    pub fn flush(&self) {}

    /// The stored session, if any.
    pub fn load(&self) -> Option<Recovered> {
        let s = storage()?;
        let text = s.get_item(AUTOSAVE_KEY).ok()??;
        let name = s
            .get_item(AUTOSAVE_NAME_KEY)
            .ok()
            .flatten()
            .unwrap_or_default();
        Some(Recovered {
            text,
            location: if name.is_empty() {
                Location::Unsaved
            } else {
                Location::Download(name)
            },
            when: String::new(),
            dirty: s.get_item(AUTOSAVE_DIRTY_KEY).ok().flatten().as_deref() != Some("0"),
        })
    }

    /// A problem the user should know about (storage full or unavailable).
    pub fn warning(&self) -> Option<String> {
        self.warning.borrow().clone()
    }
}

/// Sets the tab title.
pub fn set_title(_ctx: &egui::Context, title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

/// Whether the platform keeps a list of recent files.
pub const HAS_RECENT_FILES: bool = false;

/// In the browser the autosave holds the current session, saved or not: a reload
/// brings back whatever was open.
pub const AUTOSAVE_KEEPS_CURRENT: bool = true;

thread_local! {
    static TEST_STATE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Publishes a small JSON summary of the app for browser tests.
pub fn publish_test_state(json: String) {
    TEST_STATE.with(|s| *s.borrow_mut() = json);
}

/// Test hook for browser e2e tests: a JSON summary of what the app shows.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn second_story_state() -> String {
    TEST_STATE.with(|s| s.borrow().clone())
}
