//! The Library workspace: many reviews read together. Open a folder of session files
//! (natively; in the browser a folder or several files), see the reviews in a table,
//! the patterns across them, the follow-ups, the first half hour across incidents,
//! and search every statement, event and section. Open any review, and come back.
//!
//! Reading happens in the background (see [`crate::io::library`]); this view takes
//! what has arrived each frame, so the first rows show while the rest is read.

mod charts;
mod derived;
mod patterns;
mod response;
mod reviews;
mod search;

use crate::io::library::{FileHandle, LibraryChannel, LibraryEvent};
use crate::model::library::filter::{ReviewFilter, SortBy};
use crate::model::library::{Library, LibraryFile, cache};
use crate::model::{Id, Session};
use crate::ui::{Action, Outbox, Workspace};
use egui::{RichText, Ui};
use std::collections::{HashMap, VecDeque};

/// The parts of the Library workspace.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum LibraryTab {
    /// The review table.
    #[default]
    Reviews,
    /// Codes and themes across reviews.
    Patterns,
    /// Follow-ups across reviews.
    FollowUps,
    /// The first half hour across incidents.
    FirstHalfHour,
    /// Search across every review.
    Search,
}

impl LibraryTab {
    const ALL: [LibraryTab; 5] = [
        Self::Reviews,
        Self::Patterns,
        Self::FollowUps,
        Self::FirstHalfHour,
        Self::Search,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Reviews => "Reviews",
            Self::Patterns => "Patterns",
            Self::FollowUps => "Follow-ups",
            Self::FirstHalfHour => "The first half hour",
            Self::Search => "Search",
        }
    }
}

/// The Library workspace's state that is remembered between runs: the folder, the
/// filters, the tab. The library read is scratch ([`Runtime`]); a view gets both as
/// a [`Lib`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LibraryView {
    /// The part shown.
    pub tab: LibraryTab,
    /// Which reviews every part looks at.
    pub filter: ReviewFilter,
    /// The review table's order.
    pub sort: SortBy,
    /// Reverse order.
    pub descending: bool,
    /// The folder field (natively): the library's path as typed or chosen.
    pub folder: String,
    /// The search across reviews.
    pub query: crate::model::library::search::Query,
}

/// The Library workspace for a frame: what is remembered ([`LibraryView`], reached
/// through `Deref`) and the library read ([`Runtime`], in [`crate::ui::Scratch`]).
pub struct Lib<'a> {
    view: &'a mut LibraryView,
    run: &'a mut Runtime,
}

impl<'a> Lib<'a> {
    /// The remembered part and the run, together.
    pub fn new(view: &'a mut LibraryView, run: &'a mut Runtime) -> Self {
        Self { view, run }
    }
}

impl std::ops::Deref for Lib<'_> {
    type Target = LibraryView;
    fn deref(&self) -> &LibraryView {
        self.view
    }
}

impl std::ops::DerefMut for Lib<'_> {
    fn deref_mut(&mut self) -> &mut LibraryView {
        self.view
    }
}

impl Runtime {
    /// A compact JSON summary for browser tests: reviews, whether reading, the part
    /// shown, charts drawn, reviews from the worker, and where controls are.
    pub fn test_state_json(&self, tab: LibraryTab) -> String {
        let targets: serde_json::Map<String, serde_json::Value> = self
            .targets
            .iter()
            .map(|(k, p)| ((*k).to_owned(), serde_json::json!([p.x, p.y])))
            .collect();
        serde_json::json!({
            "reviews": self.library.reviews().len(),
            "files": self.library.file_count(),
            "broken": self.library.broken().count(),
            "reading": self.reading(),
            "progress_shown": self.progress.is_some(),
            "tab": format!("{:?}", tab),
            "charts": self.charts_drawn,
            "from_worker": self.from_worker,
            "at": targets,
        })
        .to_string()
    }

    /// Whether files are being read (or their results decoded).
    fn reading(&self) -> bool {
        self.progress
            .is_some_and(|p| p.finished.is_none() || !self.encoded.is_empty())
    }
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("files", &self.library.file_count())
            .finish_non_exhaustive()
    }
}

/// Reading progress.
#[derive(Clone, Copy, Debug, Default)]
struct Progress {
    total: usize,
    done: usize,
    started: f64,
    finished: Option<f64>,
}

/// The library read, its background jobs and caches (scratch: made fresh on start).
#[derive(Default)]
pub struct Runtime {
    library: Library,
    channel: LibraryChannel,
    /// What the library is called (the folder's name, or "N files picked").
    name: String,
    /// Natively, the folder read.
    #[cfg(not(target_arch = "wasm32"))]
    root: Option<std::path::PathBuf>,
    /// Natively, a folder chosen in the dialog arrives here.
    #[cfg(not(target_arch = "wasm32"))]
    chosen: Option<std::sync::mpsc::Receiver<Result<std::path::PathBuf, String>>>,
    /// Natively, why the folder dialog could not open (shown until a folder opens).
    #[cfg(not(target_arch = "wasm32"))]
    dialog_failed: Option<String>,
    /// Natively, put the keyboard in the Folder field next frame.
    #[cfg(not(target_arch = "wasm32"))]
    focus_folder: bool,
    handles: HashMap<String, FileHandle>,
    progress: Option<Progress>,
    /// Natively, a check for changed files is under way (it shows nothing unless it
    /// finds files to read).
    checking: bool,
    /// Results from the browser's worker, decoded a few per frame.
    encoded: VecDeque<Vec<u8>>,
    /// Whether files were read (not taken from the cache) since the cache was written.
    read_new: bool,
    failed: Option<String>,
    derived: derived::Derived,
    /// When the derived data was last worked out (UI time).
    derived_at: f64,
    search: search::SearchRun,
    /// A review asked to be opened (session id, the document revision then).
    opening: Option<(Id, u64)>,
    /// A review clicked this frame: (session id, path in the library).
    open_request: Option<(Id, String)>,
    /// The code whose excerpts are shown.
    selected_code: Option<String>,
    /// When files were last checked for changes (seconds of UI time).
    #[cfg(not(target_arch = "wasm32"))]
    last_check: f64,
    /// Whether the folder remembered from the last run was opened again.
    #[cfg(not(target_arch = "wasm32"))]
    reopened: bool,
    /// Where some controls were drawn last frame (browser tests click them).
    targets: Vec<(&'static str, egui::Pos2)>,
    /// Charts drawn in the last frame (browser tests).
    charts_drawn: usize,
    /// Reviews handed back by the browser's worker (browser tests).
    from_worker: usize,
    /// Natively, where the index cache is kept (`None` before it is known; tests
    /// switch it off with `Some(None)`).
    #[cfg(not(target_arch = "wasm32"))]
    cache_dir: Option<Option<std::path::PathBuf>>,
}

/// How often a library's files are checked for changes while it is on screen.
#[cfg(not(target_arch = "wasm32"))]
const CHECK_EVERY_SECS: f64 = 3.0;
/// Results from the browser's worker decoded per frame (bytes).
const DECODE_PER_FRAME: usize = 1024 * 1024;

impl Lib<'_> {
    /// The library read so far.
    pub fn library(&self) -> &Library {
        &self.run.library
    }

    /// Records where a control was drawn (for browser tests).
    fn mark(&mut self, name: &'static str, r: &egui::Response) {
        let at = r.rect.center();
        match self.run.targets.iter_mut().find(|(n, _)| *n == name) {
            Some(t) => t.1 = at,
            None => self.run.targets.push((name, at)),
        }
    }

    /// Whether files are still being read.
    pub fn reading(&self) -> bool {
        self.run.reading()
    }

    /// Natively: keeps the index cache in `dir`, or nowhere (`None`; tests).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn set_cache_dir(&mut self, dir: Option<std::path::PathBuf>) {
        self.run.cache_dir = Some(dir);
    }

    /// Natively: the folder dialog could not open (`why`, in words). The Library says
    /// so and puts the keyboard in the Folder field, to type the folder's path.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn folder_dialog_failed(&mut self, why: String) {
        log::warn!("the folder dialog did not open: {why}");
        self.run.dialog_failed = Some(why);
        self.run.focus_folder = true;
    }

    /// Natively: reads the library in the folder `root` (in the background).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open_folder(&mut self, root: std::path::PathBuf, ctx: Option<egui::Context>) {
        let cache_dir = self
            .run
            .cache_dir
            .get_or_insert_with(crate::io::library::default_cache_dir)
            .clone();
        self.folder = root.display().to_string();
        self.run.dialog_failed = None;
        self.run.library = Library::default();
        self.run.handles.clear();
        self.run.encoded.clear();
        self.run.failed = None;
        self.run.read_new = false;
        self.run.name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| root.display().to_string());
        self.run.channel.restart(ctx);
        self.run.progress = None;
        self.run.checking = false;
        let cache = cache_dir.map(|d| crate::io::library::cache_file(&d, &root));
        crate::io::library::read_library(
            root.clone(),
            HashMap::new(),
            cache,
            self.run.channel.sender(),
        );
        self.run.root = Some(root);
    }

    /// Natively: reads again the files that changed on disk since they were read.
    #[cfg(not(target_arch = "wasm32"))]
    fn check_for_changes(&mut self) {
        let Some(root) = self.run.root.clone() else {
            return;
        };
        if self.reading() || self.run.checking {
            return;
        }
        let known = self.run.library.stamps();
        // The progress shown stays as it is: a check that finds nothing changed shows
        // nothing (a progress line coming and going every few seconds moved the table
        // under the pointer, and a click could land on the row above).
        self.run.checking = true;
        crate::io::library::read_library(root, known, None, self.run.channel.sender());
    }

    #[cfg(target_arch = "wasm32")]
    fn start_reading_picked(&mut self, ctx: &egui::Context) {
        self.run.library = Library::default();
        self.run.handles.clear();
        self.run.encoded.clear();
        self.run.failed = None;
        self.run.progress = None;
        self.run.channel.restart(Some(ctx.clone()));
    }

    /// Takes what the background reading reported since the last frame.
    fn take_reports(&mut self, now: f64, ctx: &egui::Context) {
        let mut read: Vec<LibraryFile> = Vec::new();
        let mut gone: Vec<String> = Vec::new();
        while let Some(e) = self.run.channel.next() {
            match e {
                LibraryEvent::Listed {
                    total,
                    unchanged,
                    handles,
                } => {
                    // A first read always shows progress; a check only when files
                    // changed.
                    if !self.run.checking || total != unchanged {
                        self.run.progress = Some(Progress {
                            total: total - unchanged,
                            done: 0,
                            started: now,
                            finished: None,
                        });
                    }
                    self.run.handles.extend(handles);
                    if total == 0 {
                        self.run.failed =
                            Some("No session files (*.story.ron) were found here.".into());
                    }
                }
                LibraryEvent::Read(files) => {
                    if let Some(p) = &mut self.run.progress {
                        p.done += files.len();
                    }
                    read.extend(files);
                }
                LibraryEvent::Encoded(bytes) => self.run.encoded.push_back(bytes),
                LibraryEvent::Gone(paths) => gone.extend(paths),
                LibraryEvent::Finished => {
                    self.run.checking = false;
                    if let Some(p) = &mut self.run.progress
                        && p.finished.is_none()
                    {
                        p.finished = Some(now);
                    }
                }
                LibraryEvent::Failed(e) => {
                    self.run.checking = false;
                    self.run.failed = Some(e);
                    if let Some(p) = &mut self.run.progress
                        && p.finished.is_none()
                    {
                        p.finished = Some(now);
                    }
                }
            }
        }
        // Results of the browser's worker: a few per frame, so no frame is long.
        let mut budget = DECODE_PER_FRAME;
        while budget > 0 {
            let Some(bytes) = self.run.encoded.pop_front() else {
                break;
            };
            budget = budget.saturating_sub(bytes.len());
            if let Some(p) = &mut self.run.progress {
                p.done += 1;
            }
            match cache::decode_file(&bytes) {
                Ok(f) => {
                    self.run.from_worker += 1;
                    read.push(f);
                }
                Err(e) => log::warn!("{e}"),
            }
        }
        if !self.run.encoded.is_empty() {
            ctx.request_repaint();
        }
        if !read.is_empty() {
            self.run.read_new = true;
        }
        if !gone.is_empty() {
            for p in &gone {
                self.run.handles.remove(p);
            }
            self.run.library.remove(&gone);
        }
        if !read.is_empty() {
            self.run.library.put_all(read);
        }
        self.after_reading();
    }

    /// Natively, writes the index cache once a read that found new files is done.
    fn after_reading(&mut self) {
        #[cfg(not(target_arch = "wasm32"))]
        if self.run.read_new
            && !self.reading()
            && let (Some(root), Some(Some(dir))) = (&self.run.root, &self.run.cache_dir)
        {
            self.run.read_new = false;
            crate::io::library::write_cache(
                crate::io::library::cache_file(dir, root),
                self.run.library.files().cloned().collect(),
            );
        }
    }
}

/// In the browser: opens the review of the library at `path` (its picked file).
#[cfg(target_arch = "wasm32")]
pub fn open_on_web(run: &Runtime, path: &std::path::Path, tx: crate::io::IoSender) {
    let key = path.to_string_lossy();
    if let Some(f) = run.handles.get(key.as_ref()) {
        crate::io::library::open_review(f, tx);
    }
}

/// The Library workspace.
pub fn library_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut crate::ui::ViewState,
    cx: &mut crate::ui::FrameCtx<'_>,
    out: &mut Outbox,
) {
    let now = ui.input(|i| i.time);
    let revision = cx.revision;
    let lib = &mut Lib::new(&mut view.library, &mut cx.scratch.library);
    // A review asked for has opened: show it.
    if let Some((id, rev)) = lib.run.opening
        && revision != rev
        && session.id == id
    {
        lib.run.opening = None;
        out.action(Action::Show(Workspace::Overview));
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        match lib.run.chosen.as_ref().and_then(|rx| rx.try_recv().ok()) {
            Some(Ok(dir)) => lib.open_folder(dir, Some(ui.ctx().clone())),
            Some(Err(why)) => lib.folder_dialog_failed(why),
            None => {}
        }
        // The folder of the last run opens again (from its index cache).
        if !lib.run.reopened {
            lib.run.reopened = true;
            let dir = std::path::PathBuf::from(lib.folder.trim());
            if lib.run.root.is_none() && !lib.folder.trim().is_empty() && dir.is_dir() {
                lib.open_folder(dir, Some(ui.ctx().clone()));
            }
        }
        // Files changed on disk are read again: when the window gets focus back, and
        // every few seconds while the library is on screen.
        let focused_again = ui.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        });
        if focused_again || now - lib.run.last_check > CHECK_EVERY_SECS {
            lib.run.last_check = now;
            lib.check_for_changes();
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(CHECK_EVERY_SECS));
    }
    lib.take_reports(now, ui.ctx());

    // Each part in its own id scope: lines that come and go above (progress, the
    // broken files) never change the ids of the widgets below.
    ui.push_id("library_header", |ui| header(ui, lib, now));
    ui.separator();
    if lib.run.library.file_count() == 0 {
        return;
    }
    ui.push_id("library_filters", |ui| {
        ui.horizontal(|ui| {
            for t in LibraryTab::ALL {
                let r = ui.selectable_value(&mut lib.tab, t, t.label());
                lib.mark(t.label(), &r);
            }
        });
        reviews::filters(ui, lib);
    });
    ui.separator();
    lib.run.charts_drawn = 0;
    // While files arrive, what is derived from them is worked out a few times a
    // second, not every frame.
    // A change of filter or order is the person's own: shown at once.
    let due = !lib.reading()
        || now - lib.run.derived_at > 0.25
        || lib.run.derived_at > now
        || lib
            .run
            .derived
            .asked_for_other(&lib.filter, lib.sort, lib.descending);
    if due {
        lib.run.derived_at = now;
    } else {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(250));
    }
    let today = chrono::Utc::now().date_naive();
    let picture = matches!(
        lib.tab,
        LibraryTab::Patterns | LibraryTab::FollowUps | LibraryTab::FirstHalfHour
    );
    if due || lib.run.derived.is_empty() || (picture && !lib.run.derived.has_picture()) {
        lib.run.derived.update(
            &lib.run.library,
            &lib.view.filter,
            lib.view.sort,
            lib.view.descending,
            today,
            picture,
        );
    }
    ui.push_id(lib.tab, |ui| match lib.tab {
        LibraryTab::Reviews => reviews::table(ui, lib, session),
        LibraryTab::Patterns => patterns::patterns_ui(ui, lib, out),
        LibraryTab::FollowUps => response::follow_ups_ui(ui, lib, out),
        LibraryTab::FirstHalfHour => response::first_half_hour_ui(ui, lib, out),
        LibraryTab::Search => search::search_ui(ui, lib),
    });
    if let Some((id, path)) = lib.run.open_request.take() {
        lib.run.opening = Some((id, revision));
        out.action(Action::OpenRecent(review_path(lib, &path)));
    }
}

/// Where a review's file is, for opening it: its full path natively; in the browser
/// its path in the library (the app finds the picked file by it, [`open_on_web`]).
fn review_path(lib: &Lib<'_>, path: &str) -> std::path::PathBuf {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(h) = lib.run.handles.get(path) {
        return h.clone();
    }
    let _ = lib;
    std::path::PathBuf::from(path)
}

/// Milliseconds on a monotonic clock (for timing a search).
#[allow(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "std's clock only natively (the browser uses Date.now); it measures, it does not drive the UI"
)]
fn now_ms() -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
            * 1e3
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
}

/// The library's name, how to open another, progress, and the files that could
/// not be read.
fn header(ui: &mut Ui, lib: &mut Lib<'_>, now: f64) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Library");
        if !lib.run.name.is_empty() {
            ui.label(RichText::new(&lib.run.name).strong());
        }
        ui.separator();
        ui.push_id("library_open", |ui| open_controls(ui, lib));
    });
    if let Some(e) = &lib.run.failed {
        ui.colored_label(ui.visuals().warn_fg_color, e);
    }
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(why) = &lib.run.dialog_failed {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "The folder dialog did not open ({}). Type the folder's path in the Folder field above and press Enter.",
                why.trim_end_matches('.')
            ),
        );
    }
    let reviews = lib.run.library.reviews();
    if lib.run.library.file_count() == 0 && lib.run.progress.is_none() {
        crate::ui::widgets::empty_state(
            ui,
            "No library open",
            "A library is a folder of session files (*.story.ron), nested folders included — typically your team's review repository. Second Story reads it in place: nothing is copied, and only an index without real names is kept, to open it quickly next time.",
        );
        return;
    }
    // One line of one height for the counts and the progress, whatever is in it: a
    // line that comes and goes (progress, "Read … files") would move everything below
    // it, and a click could land on the row above the one aimed at.
    let copies = reviews.iter().filter(|r| !r.copies.is_empty()).count();
    ui.horizontal(|ui| {
        ui.set_min_height(ui.spacing().interact_size.y);
        if lib.run.library.file_count() > 0 {
            ui.label(format!(
                "{} from {}",
                crate::model::library::count(reviews.len(), "review", "reviews"),
                crate::model::library::count(lib.run.library.file_count(), "file", "files")
            ));
        }
        if copies > 0 {
            ui.label(
                RichText::new(format!(
                    "· {copies} held in more than one file (shown once)"
                ))
                .weak(),
            )
            .on_hover_text("Files with the same session id are one review: the copy changed last is shown, the others are noted in its row.");
        }
        if let Some(p) = lib.run.progress {
            let done = p.done.min(p.total);
            match p.finished {
                None => {
                    ui.spinner();
                    ui.add(
                        egui::ProgressBar::new(done as f32 / p.total.max(1) as f32)
                            .desired_width(240.0)
                            .text(format!(
                                "Reading {done} of {}…",
                                crate::model::library::count(p.total, "file", "files")
                            )),
                    );
                }
                Some(t) if t - p.started >= 0.0 && p.total > 0 && now - t < 5.0 => {
                    ui.label(
                        RichText::new(format!(
                            "· read {} in {:.1} s",
                            crate::model::library::count(p.total, "file", "files"),
                            t - p.started
                        ))
                        .weak(),
                    );
                }
                _ => {}
            }
        }
    });
    if lib.run.library.file_count() == 0 {
        return;
    }
    let broken: Vec<_> = lib.run.library.broken().collect();
    if !broken.is_empty() {
        egui::CollapsingHeader::new(
            RichText::new(if broken.len() == 1 {
                "⚠ 1 file could not be read and was skipped".to_owned()
            } else {
                format!(
                    "⚠ {} files could not be read and were skipped",
                    broken.len()
                )
            })
            .color(ui.visuals().warn_fg_color),
        )
        .id_salt("library_broken")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(120.0)
                .id_salt("library_broken_list")
                .show(ui, |ui| {
                    for (path, b) in broken {
                        ui.label(format!("{path}: {}", b.message));
                    }
                });
        });
    }
}

/// Natively a folder (typed or chosen); in the browser a folder or several files.
fn open_controls(ui: &mut Ui, lib: &mut Lib<'_>) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let label = ui.label("Folder");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut lib.folder)
                    .hint_text("a folder of *.story.ron files, e.g. a git checkout")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        // Not in the text fields' Tab cycle: Tab from the last filter wrapped round to
        // here, and words meant for a filter went into the folder's path. Tab in it
        // moves on to Open, as egui does.
        crate::ui::focus::not_a_field(ui.ctx(), r.id);
        crate::ui::focus::owns_tab(ui.ctx(), r.id);
        if std::mem::take(&mut lib.run.focus_folder) {
            r.request_focus();
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui
            .button("Open")
            .on_hover_text("Read the library in this folder")
            .clicked()
            || enter
        {
            let dir = std::path::PathBuf::from(lib.folder.trim());
            lib.open_folder(dir, Some(ui.ctx().clone()));
        }
        if ui.button("Choose folder…").clicked() {
            let (tx, rx) = std::sync::mpsc::channel();
            lib.run.chosen = Some(rx);
            crate::io::library::pick_folder(tx, Some(ui.ctx().clone()));
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        for (text, folder) in [("Choose a folder…", true), ("Choose files…", false)] {
            let r = ui.button(text);
            lib.mark(text, &r);
            if r.clicked() {
                lib.start_reading_picked(ui.ctx());
                lib.run.name = if folder {
                    "a chosen folder".into()
                } else {
                    "chosen files".into()
                };
                crate::io::library::pick_files(folder, lib.run.channel.sender());
            }
        }
    }
}
