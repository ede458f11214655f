//! Search across every review: statements, events, sections (and decision points,
//! findings, follow-ups), with the filters of the single-review search. In a large
//! library the search runs on a thread (natively), so typing never waits for it.

use super::Lib;
use super::charts::short;
use crate::model::library::ReviewEntry;
use crate::model::library::search::{self, Found, Query, Results};
use egui::{RichText, Ui};
use std::sync::Arc;

/// Results shown at most (the total is counted in full).
const SHOWN: usize = 2_000;
/// Above this many items a search runs on a thread (natively): it may take longer
/// than a frame.
#[cfg(not(target_arch = "wasm32"))]
const INLINE_ITEMS: usize = 20_000;

type Key = (Query, u64, Vec<usize>);

/// A search on a thread: what it is for, where its results come (with how long it
/// took), and the reviews and paths its hits index into.
#[cfg(not(target_arch = "wasm32"))]
type Running = (
    Key,
    std::sync::mpsc::Receiver<(Results, f64)>,
    Vec<Arc<ReviewEntry>>,
    Vec<String>,
);

/// A search, running or done.
#[derive(Default)]
pub(super) struct SearchRun {
    /// What the results are for.
    key: Option<Key>,
    /// Results for `key`, with the reviews they index into.
    results: Option<(Results, Vec<Arc<ReviewEntry>>, Vec<String>)>,
    /// A search on a thread, for this key.
    #[cfg(not(target_arch = "wasm32"))]
    running: Option<Running>,
    /// How long the last search took (ms).
    took_ms: f64,
}

pub(super) fn search_ui(ui: &mut Ui, lib: &mut Lib<'_>) {
    let q = &mut lib.query;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Search");
        ui.add(
            egui::TextEdit::singleline(&mut q.text)
                .hint_text("words in any statement, event or section")
                .desired_width(280.0),
        )
        .labelled_by(l.id);
        let l = ui.label("Participant");
        ui.add(
            egui::TextEdit::singleline(&mut q.participant)
                .hint_text("pseudonym, e.g. P2")
                .desired_width(90.0),
        )
        .labelled_by(l.id);
        let l = ui.label("Code");
        ui.add(egui::TextEdit::singleline(&mut q.code).desired_width(110.0))
            .labelled_by(l.id);
    });
    ui.horizontal_wrapped(|ui| {
        for k in Found::ALL {
            let mut on = q.kinds.contains(&k);
            if ui.checkbox(&mut on, k.label()).changed() {
                if on {
                    q.kinds.push(k);
                } else {
                    q.kinds.retain(|x| *x != k);
                }
            }
        }
    });
    run(ui, lib);
    let run = &lib.run.search;
    let busy = running(run);
    ui.horizontal(|ui| {
        if busy {
            ui.spinner();
        }
        if let Some((r, _, _)) = &run.results {
            ui.label(
                RichText::new(format!(
                    "{} found{} ({:.0} ms)",
                    r.total,
                    if r.total > r.hits.len() {
                        format!(", the first {} shown", r.hits.len())
                    } else {
                        String::new()
                    },
                    run.took_ms
                ))
                .weak(),
            );
        }
    });
    ui.separator();
    let Some((results, entries, paths)) = &run.results else {
        return;
    };
    let mut open = None;
    egui::ScrollArea::vertical()
        .id_salt("library_search_results")
        .auto_shrink([false, false])
        .show_rows(ui, 42.0, results.hits.len(), |ui, range| {
            for hit in results.hits.get(range).unwrap_or_default() {
                let Some(e) = entries.get(hit.review) else {
                    continue;
                };
                let kind = e
                    .search
                    .items
                    .get(hit.item)
                    .map(|i| i.kind.singular())
                    .unwrap_or_default();
                ui.allocate_ui(egui::Vec2::new(ui.available_width(), 42.0), |ui| {
                    ui.vertical(|ui| {
                        ui.horizontal(|ui| {
                            if ui
                                .link(RichText::new(short(&e.title, 60)).small())
                                .on_hover_text("Open this review")
                                .clicked()
                            {
                                open = Some((
                                    e.id,
                                    paths.get(hit.review).cloned().unwrap_or_default(),
                                ));
                            }
                            ui.label(
                                RichText::new(format!("{kind} · {}", search::context(e, hit.item)))
                                    .small()
                                    .weak(),
                            );
                        });
                        ui.add(egui::Label::new(e.search.item_text(hit.item)).truncate());
                    });
                });
            }
        });
    if open.is_some() {
        lib.run.open_request = open;
    }
}

fn running(run: &SearchRun) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    return run.running.is_some();
    #[cfg(target_arch = "wasm32")]
    {
        let _ = run;
        false
    }
}

/// Starts (or takes the results of) the search for the current query.
fn run(ui: &Ui, lib: &mut Lib<'_>) {
    let d = &lib.run.derived;
    let key: Key = (
        lib.query.clone(),
        lib.run.library.generation(),
        d.selected.clone(),
    );
    let s = &mut lib.run.search;
    #[cfg(not(target_arch = "wasm32"))]
    if let Some((k, rx, entries, paths)) = s.running.take() {
        match rx.try_recv() {
            Ok((results, ms)) => {
                s.took_ms = ms;
                s.results = Some((results, entries, paths));
                s.key = Some(k);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                s.running = Some((k, rx, entries, paths));
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(30));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {}
        }
    }
    let pending = {
        #[cfg(not(target_arch = "wasm32"))]
        {
            s.running.as_ref().map(|r| &r.0)
        }
        #[cfg(target_arch = "wasm32")]
        {
            None::<&Key>
        }
    };
    if s.key.as_ref() == Some(&key) || pending == Some(&key) {
        return;
    }
    if lib.view.query.is_empty() {
        s.key = Some(key);
        s.results = None;
        return;
    }
    let reviews = lib.run.library.reviews();
    let picked: Vec<(Arc<ReviewEntry>, String)> = d
        .selected
        .iter()
        .filter_map(|&i| reviews.get(i))
        .map(|r| (r.entry.clone(), r.path.clone()))
        .collect();
    let (entries, paths): (Vec<_>, Vec<_>) = picked.into_iter().unzip();
    let items: usize = entries.iter().map(|e| e.search.items.len()).sum();
    let query = lib.view.query.clone();
    #[cfg(not(target_arch = "wasm32"))]
    if items > INLINE_ITEMS {
        // A search already running finishes unseen; the newest query wins.
        let (tx, rx) = std::sync::mpsc::channel();
        let on_thread = entries.clone();
        let ctx = ui.ctx().clone();
        #[allow(
            clippy::disallowed_types,
            clippy::disallowed_methods,
            reason = "native only: times the search on its own thread, outside any egui frame"
        )]
        std::thread::spawn(move || {
            let start = std::time::Instant::now();
            let refs: Vec<&ReviewEntry> = on_thread.iter().map(AsRef::as_ref).collect();
            let r = search::search(&refs, &query, SHOWN);
            let _ = tx.send((r, start.elapsed().as_secs_f64() * 1e3));
            ctx.request_repaint();
        });
        s.running = Some((key, rx, entries, paths));
        return;
    }
    let _ = (items, ui);
    let start = super::now_ms();
    let refs: Vec<&ReviewEntry> = entries.iter().map(AsRef::as_ref).collect();
    let r = search::search(&refs, &query, SHOWN);
    s.took_ms = super::now_ms() - start;
    s.results = Some((r, entries, paths));
    s.key = Some(key);
}
