//! The benchmark's library (issue #19): a generated library of 1,000 reviews of
//! about 300 statements each (300,000 statements, ~300 MB of RON, in nested
//! folders of a temporary directory, deleted afterwards) with varied kinds, codes,
//! milestones and follow-ups; measured in the app as a person uses it.
//!
//! - first rows: from choosing the folder to the first frame that shows reviews;
//! - whole library indexed (with progress), wall time and the process's CPU time;
//! - peak resident memory with the whole library open;
//! - a search keystroke across every review (the search alone, one thread);
//! - frames of the Library workspace, every part, idle and while typing a search;
//! - `report` (read every file and write the Markdown), and re-opening the library
//!   with its index cache unchanged.

use super::{Driver, Event, Instant, percentile, proc_status_mb, reset_peak_rss};
use second_story::SecondStoryApp;
use second_story::io::Autosave;
use second_story::model::library::{Library, ReviewEntry, report, search};
use second_story::model::synth::{self, Scale};
use second_story::model::*;
use second_story::ui::Workspace;
use second_story::ui::library::LibraryTab;
use std::path::{Path, PathBuf};

/// Reviews in the full benchmark, and with `--quick`.
pub(super) const REVIEWS: usize = 1_000;
pub(super) const REVIEWS_QUICK: usize = 60;

/// One review: 3 interviews of 100 statements, and the rest in proportion.
const REVIEW: Scale = Scale {
    name: "review",
    interviews: 3,
    statements_per_interview: 100,
    timeline_events: 40,
    decision_points: 12,
    maps: 1,
    nodes_per_map: 24,
    codes: 24,
    tags: 160,
    themes: 5,
    findings: 14,
    follow_ups: 5,
    narrative_words: 1_800,
    sections: 12,
};

/// A small deterministic generator (splitmix64), for the variations.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Review number `i` of `n`: a synthetic session made into one review of a
/// programme (its own id, kind, date, codes, milestones and follow-ups).
pub(super) fn review(i: usize, n: usize, seed: u64) -> Session {
    let mut s = synth::generate(&REVIEW, seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
    let mut r = Mix(seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
    s.kind = match i % 20 {
        0..=11 => SessionKind::IncidentReview,
        12..=16 => SessionKind::NearMiss,
        _ => SessionKind::NormalWork,
    };
    s.title = format!(
        "{} {i}: {}",
        s.kind.label(),
        [
            "queue backlog",
            "cache stampede",
            "DNS change",
            "certificate expiry",
            "deploy freeze",
            "retry storm"
        ][i % 6]
    );
    // Two years of reviews, oldest first.
    let shift = chrono::Duration::hours((i * 17_520 / n.max(1)) as i64);
    s.created = s.created - chrono::Duration::days(730) + shift;
    s.updated = s.created + chrono::Duration::days(20);
    for e in &mut s.timeline {
        match &mut e.time {
            EventTime::Exact(t) | EventTime::Approximate(t) => {
                *t = *t - chrono::Duration::days(730) + shift
            }
            _ => {}
        }
        e.milestones.clear();
    }
    // Codes from the built-in vocabularies and a few of the team's own, some far
    // more common than others (a product of two draws leans to the first ones).
    let mut pool: Vec<(String, Option<String>)> = codebook::VOCABULARIES
        .iter()
        .flat_map(|v| {
            v.codes
                .iter()
                .map(|(c, _)| ((*c).to_owned(), Some(v.name.to_owned())))
        })
        .collect();
    for own in [
        "workaround",
        "tribal knowledge",
        "alert fatigue",
        "handoff",
        "dashboards",
    ] {
        pool.push((own.to_owned(), None));
    }
    for c in &mut s.codes {
        let k = r.below(pool.len()) * r.below(pool.len()) / pool.len();
        let (name, vocabulary) = pool[k].clone();
        c.name = name;
        c.vocabulary = vocabulary;
    }
    // Milestones: incidents mostly mark them, near misses sometimes, normal work never.
    let marks = match s.kind {
        SessionKind::IncidentReview => true,
        SessionKind::NearMiss => r.below(2) == 0,
        SessionKind::NormalWork => false,
    };
    if marks && s.timeline.len() > 8 {
        let first = s.timeline[0].id;
        if let EventTime::Exact(_) | EventTime::Approximate(_) = s.timeline[0].time {
        } else {
            s.timeline[0].time = EventTime::Exact(s.created);
        }
        s.timeline[0].milestones = vec![Milestone::FirstSignal];
        // Minutes after the first signal, each later milestone later still; a
        // trend over the two years: detection gets quicker.
        let faster = 1.0 - 0.5 * i as f64 / n.max(1) as f64;
        let mut at = 0i64;
        for (k, m) in Milestone::ALL.iter().enumerate().skip(1) {
            at += ((r.below(15) + 2) as f64 * faster * 60.0) as i64 * k as i64;
            if r.below(100) < 15 {
                continue; // not marked in this review
            }
            if let Some(e) = s.timeline.get_mut(k) {
                e.time = EventTime::Relative {
                    anchor: Some(first),
                    offset_secs: at,
                    text: String::new(),
                };
                e.milestones = vec![*m];
            }
        }
    }
    // Follow-ups: more response/recovery as the programme goes on; some done.
    for f in &mut s.follow_ups {
        f.class = if r.below(100) < 25 + 45 * i / n.max(1) {
            FollowUpClass::ResponseRecovery
        } else {
            FollowUpClass::Prevention
        };
        f.done = r.below(100) < 40;
        f.soak_until =
            Some(s.created.date_naive() + chrono::Duration::days(7 + r.below(21) as i64));
    }
    s
}

/// Writes `n` reviews in nested folders (year / quarter) under `dir`, on every
/// core. Returns the bytes written.
pub(super) fn write_library(dir: &Path, n: usize, seed: u64) -> Result<u64, String> {
    use rayon::prelude::*;
    (0..n)
        .into_par_iter()
        .map(|i| {
            let s = review(i, n, seed);
            let text = file::to_ron_string(&s).map_err(|e| e.to_string())?;
            let d = s.created.date_naive();
            let folder = dir
                .join(chrono::Datelike::year(&d).to_string())
                .join(format!("q{}", chrono::Datelike::month0(&d) / 3 + 1));
            std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
            std::fs::write(folder.join(format!("review-{i:04}.story.ron")), &text)
                .map_err(|e| e.to_string())?;
            Ok(text.len() as u64)
        })
        .sum()
}

/// CPU time of the whole process (all threads), seconds (Linux; 10 ms steps).
fn process_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// What was measured.
#[derive(Default)]
pub(super) struct LibraryResult {
    pub reviews: usize,
    pub statements: u64,
    pub mb: f64,
    pub generate_s: f64,
    pub first_rows_ms: Option<f64>,
    pub indexed_ms: Option<f64>,
    pub indexed_cpu_s: Option<f64>,
    pub worst_frame_while_indexing_ms: f64,
    pub peak_rss_mb: Option<f64>,
    pub rss_reset: bool,
    pub cache_mb: Option<f64>,
    pub search_ms: Vec<(String, f64, usize)>,
    pub frames: Vec<(String, Option<f64>, Option<f64>)>,
    pub search_typing_p95_ms: Option<f64>,
    pub report_ms: Option<f64>,
    pub report_cpu_s: Option<f64>,
    pub reopen_ms: Option<f64>,
    /// CPU per file by stage, one thread: (stage, mean ms).
    pub stages: Vec<(&'static str, f64)>,
}

fn open_in_app(
    d: &mut Driver,
    root: &Path,
    r: &mut LibraryResult,
    first: bool,
) -> Result<f64, String> {
    let cpu = process_cpu_secs();
    let start = Instant::now();
    d.app.library_mut().open_folder(root.to_path_buf(), None);
    let mut worst: f64 = 0.0;
    loop {
        let began = Instant::now();
        let f = d.frame(Vec::new());
        worst = worst.max(f.cpu_ms);
        let lib = d.app.library_mut();
        if first && r.first_rows_ms.is_none() && !lib.library().reviews().is_empty() {
            // This frame drew the first rows.
            r.first_rows_ms = Some(start.elapsed().as_secs_f64() * 1e3);
        }
        if !lib.reading() && lib.library().file_count() >= r.reviews {
            break;
        }
        if start.elapsed().as_secs() > 300 {
            return Err("the library was not read within 5 minutes".into());
        }
        // Frames as a 60 Hz display paces them: eframe waits for the display, and the
        // app asks for a frame whenever files arrive. (Until the second round of
        // 27 November 2026 this loop drew a frame every 4 ms, some 200 a second,
        // which took CPU from the threads reading the files.)
        let spent = began.elapsed();
        if let Some(rest) = std::time::Duration::from_micros(16_667).checked_sub(spent) {
            std::thread::sleep(rest);
        }
    }
    let ms = start.elapsed().as_secs_f64() * 1e3;
    if first {
        r.worst_frame_while_indexing_ms = worst;
        if let (Some(a), Some(b)) = (cpu, process_cpu_secs()) {
            r.indexed_cpu_s = Some(b - a);
        }
    }
    Ok(ms)
}

/// Runs the library benchmark.
pub(super) fn run(n: usize, frames: usize, seed: u64) -> Result<LibraryResult, String> {
    let progress = |m: String| eprintln!("[library] {m}");
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = tmp.path().join("reviews");
    let cache = tmp.path().join("cache");
    let mut r = LibraryResult {
        reviews: n,
        ..LibraryResult::default()
    };
    progress(format!(
        "writing {n} reviews of {} statements",
        REVIEW.statements()
    ));
    let start = Instant::now();
    let bytes = write_library(&root, n, seed)?;
    r.generate_s = start.elapsed().as_secs_f64();
    r.mb = bytes as f64 / 1e6;
    r.statements = (n * REVIEW.statements()) as u64;
    progress(format!("{:.0} MB written in {:.1} s", r.mb, r.generate_s));
    // Let the writes settle before measuring.
    std::thread::sleep(std::time::Duration::from_secs(2));
    r.stages = stages(&root, n.min(200))?;
    progress(format!("per file, by stage: {:?}", r.stages));

    progress("opening the library in the app (no index cache yet)".into());
    r.rss_reset = reset_peak_rss();
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.library_mut().set_cache_dir(Some(cache.clone()));
    app.perform(second_story::ui::Action::Show(Workspace::Library));
    let mut d = Driver::new(app);
    for _ in 0..5 {
        d.frame(Vec::new());
    }
    r.indexed_ms = Some(open_in_app(&mut d, &root, &mut r, true)?);
    progress(format!(
        "first rows after {:.0} ms, all {n} indexed after {:.0} ms",
        r.first_rows_ms.unwrap_or(f64::NAN),
        r.indexed_ms.unwrap_or(f64::NAN)
    ));

    // Frames of every part, idle.
    for tab in [
        LibraryTab::Reviews,
        LibraryTab::Patterns,
        LibraryTab::FollowUps,
        LibraryTab::FirstHalfHour,
    ] {
        d.app.library_mut().tab = tab;
        for _ in 0..10 {
            d.frame(Vec::new());
        }
        let cpu: Vec<f64> = (0..frames).map(|_| d.frame(Vec::new()).cpu_ms).collect();
        r.frames.push((
            format!("{tab:?}"),
            percentile(&cpu, 50.0),
            percentile(&cpu, 95.0),
        ));
    }
    // Search: type a query one character a frame; the search runs on a thread.
    d.app.library_mut().tab = LibraryTab::Search;
    for _ in 0..5 {
        d.frame(Vec::new());
    }
    let field = d
        .text_fields()
        .into_iter()
        .find(|(l, _, _)| l.starts_with("Search"));
    if let Some((_, pos, _)) = field {
        d.click(pos);
        let mut typing = Vec::new();
        for c in "retry budget pool ".chars().cycle().take(frames) {
            typing.push(d.frame(vec![Event::Text(c.to_string())]).cpu_ms);
        }
        r.search_typing_p95_ms = percentile(&typing, 95.0);
        let idle: Vec<f64> = (0..frames).map(|_| d.frame(Vec::new()).cpu_ms).collect();
        r.frames.push((
            "Search".into(),
            percentile(&idle, 50.0),
            percentile(&idle, 95.0),
        ));
    }
    r.peak_rss_mb = proc_status_mb("VmHWM:");
    progress(format!(
        "peak RSS {:.0} MB",
        r.peak_rss_mb.unwrap_or(f64::NAN)
    ));

    // The search alone, over every review (what a keystroke starts).
    let entries: Vec<std::sync::Arc<ReviewEntry>> = d
        .app
        .library_mut()
        .library()
        .reviews()
        .iter()
        .map(|s| s.entry.clone())
        .collect();
    let refs: Vec<&ReviewEntry> = entries.iter().map(AsRef::as_ref).collect();
    for q in ["pool", "retry budget", "the", "zzzqx", "saturation"] {
        let query = search::Query {
            text: q.into(),
            ..search::Query::default()
        };
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..5 {
            let (res, cpu, _) = super::timed(|| search::search(&refs, &query, 2_000));
            total = res.total;
            times.push(cpu);
        }
        r.search_ms.push((
            q.to_owned(),
            percentile(&times, 50.0).unwrap_or(f64::NAN),
            total,
        ));
    }
    let with_code = search::Query {
        text: "queue".into(),
        code: "saturation".into(),
        kinds: vec![search::Found::Statement],
        ..search::Query::default()
    };
    let (res, cpu, _) = super::timed(|| search::search(&refs, &with_code, 2_000));
    r.search_ms
        .push(("queue, code saturation, statements".into(), cpu, res.total));
    drop(refs);
    drop(entries);
    drop(d);

    // The report, as `second-story report` makes it.
    progress("report".into());
    let cpu = process_cpu_secs();
    let start = Instant::now();
    let md = report_of(&root)?;
    r.report_ms = Some(start.elapsed().as_secs_f64() * 1e3);
    r.report_cpu_s = process_cpu_secs().zip(cpu).map(|(b, a)| b - a);
    std::hint::black_box(md);

    // Re-open: the index cache (written when the first read finished) is unchanged.
    let cache_file = wait_for_cache(&cache)?;
    r.cache_mb = std::fs::metadata(&cache_file)
        .ok()
        .map(|m| m.len() as f64 / 1e6);
    progress("re-opening with the index cache".into());
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.library_mut().set_cache_dir(Some(cache));
    app.perform(second_story::ui::Action::Show(Workspace::Library));
    let mut d = Driver::new(app);
    d.frame(Vec::new());
    r.reopen_ms = Some(open_in_app(&mut d, &root, &mut r, false)?);
    drop(d);
    drop(tmp);
    Ok(r)
}

fn report_of(root: &Path) -> Result<String, String> {
    use second_story::io::library::{LibraryChannel, LibraryEvent, read_library_now};
    let channel = LibraryChannel::default();
    read_library_now(root, &Default::default(), None, &channel.sender());
    let mut files = Vec::new();
    while let Some(e) = channel.next() {
        if let LibraryEvent::Read(f) = e {
            files.extend(f);
        }
    }
    let mut lib = Library::default();
    lib.put_all(files);
    Ok(report::report(
        &lib,
        "bench",
        chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default(),
    ))
}

/// Where the CPU time of reading one file goes, on one thread, over the first
/// `count` files in path order: (stage, mean ms per file). The stages are those of
/// `model::library::read_file`: read the bytes, parse (with `validate`), `validate`
/// alone (part of the parse), the gate (`publishable`, and `publishable_owned` as
/// the library calls it), the index entry; then the whole of `read_file`.
fn stages(root: &Path, count: usize) -> Result<Vec<(&'static str, f64)>, String> {
    use second_story::model::library::entry::index_published;
    use second_story::model::publish::{Audience, publishable, publishable_owned};
    let files: Vec<PathBuf> = second_story::io::library::list(root)?
        .into_iter()
        .take(count)
        .map(|(_, p, _)| p)
        .collect();
    let mut sum = [0.0f64; 7];
    for f in &files {
        let (bytes, read, _) = super::timed(|| std::fs::read(f));
        let bytes = bytes.map_err(|e| e.to_string())?;
        let (loaded, parse, _) = super::timed(|| file::from_bytes(&bytes));
        let session = loaded.map_err(|e| e.to_string())?.session;
        let (_, check, _) = super::timed(|| validate::validate(&session));
        let (published, gate, _) = super::timed(|| publishable(&session, Audience::Everyone));
        // The gate as the library now runs it: the session moved in, not copied
        // (measured right after the copying one, so the machine's load is the same).
        let copy = session.clone();
        let (owned, gate_owned, _) = super::timed(|| publishable_owned(copy, Audience::Everyone));
        std::hint::black_box(owned);
        let (entry, index, _) = super::timed(|| index_published(&published.session));
        std::hint::black_box(entry);
        let (entry, whole, _) = super::timed(|| {
            second_story::model::library::read_file("x", Default::default(), &bytes)
        });
        std::hint::black_box(entry);
        for (s, v) in sum
            .iter_mut()
            .zip([read, parse, check, gate, gate_owned, index, whole])
        {
            *s += v;
        }
    }
    let n = files.len().max(1) as f64;
    Ok([
        "read bytes",
        "parse (and validate)",
        "… of which validate",
        "gate (publishable, copying the session)",
        "gate (publishable_owned, as the library reads)",
        "index entry",
        "read_file in all",
    ]
    .into_iter()
    .zip(sum.map(|v| v / n))
    .collect())
}

/// The index cache file, once written and no longer growing.
fn wait_for_cache(dir: &Path) -> Result<PathBuf, String> {
    let start = Instant::now();
    let mut last = None;
    while start.elapsed().as_secs() < 120 {
        let file = std::fs::read_dir(dir).ok().and_then(|mut d| {
            d.find_map(|e| {
                e.ok()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "index"))
            })
        });
        if let Some(f) = file {
            let size = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
            if last == Some(size) && size > 0 {
                return Ok(f);
            }
            last = Some(size);
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    Err("the index cache was never written".into())
}

/// The results as a table.
pub(super) fn table(r: &LibraryResult) -> String {
    use std::fmt::Write as _;
    let ms = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.0}"));
    let ms2 = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.2}"));
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Library: {} reviews, {} statements, {:.0} MB of RON (written in {:.1} s)\n",
        r.reviews, r.statements, r.mb, r.generate_s
    );
    let _ = writeln!(t, "| measure | value | target |\n|---|---|---|");
    let rows = [
        (
            "first rows after choosing the folder, ms (wall)",
            ms(r.first_rows_ms),
            "≤ 1,000",
        ),
        (
            "whole library indexed, ms (wall)",
            ms(r.indexed_ms),
            "≤ 5,000",
        ),
        ("… CPU time of all threads, s", ms2(r.indexed_cpu_s), ""),
        (
            "worst frame while indexing, ms (CPU)",
            format!("{:.2}", r.worst_frame_while_indexing_ms),
            "",
        ),
        (
            "peak RSS with the library open, MB",
            ms(r.peak_rss_mb),
            "≤ 600",
        ),
        ("index cache on disk, MB", ms2(r.cache_mb), ""),
        (
            "typing a search, frame p95, ms (CPU)",
            ms2(r.search_typing_p95_ms),
            "≤ 4",
        ),
        (
            "report (read every file + Markdown), ms (wall)",
            ms(r.report_ms),
            "≤ 10,000",
        ),
        ("… CPU time of all threads, s", ms2(r.report_cpu_s), ""),
        (
            "re-open with the index cache unchanged, ms (wall)",
            ms(r.reopen_ms),
            "≤ 1,000",
        ),
    ];
    for (a, b, c) in rows {
        let _ = writeln!(t, "| {a} | {b} | {c} |");
    }
    let _ = writeln!(
        t,
        "\n| reading one file, by stage (one thread) | ms (CPU) |\n|---|---|"
    );
    for (stage, v) in &r.stages {
        let _ = writeln!(t, "| {stage} | {v:.2} |");
    }
    let _ = writeln!(
        t,
        "\n| Library frame, ms (CPU) | p50 | p95 |\n|---|---|---|"
    );
    for (name, p50, p95) in &r.frames {
        let _ = writeln!(t, "| {name} | {} | {} |", ms2(*p50), ms2(*p95));
    }
    let _ = writeln!(
        t,
        "\n| search across every review (one thread), query | ms (CPU) | found |\n|---|---|---|"
    );
    for (q, v, n) in &r.search_ms {
        let _ = writeln!(t, "| {q} | {v:.1} | {n} |");
    }
    t
}

/// The results as one JSON object.
pub(super) fn json(r: &LibraryResult) -> String {
    let frames: serde_json::Map<String, serde_json::Value> = r
        .frames
        .iter()
        .map(|(n, p50, p95)| (n.clone(), serde_json::json!({ "p50": p50, "p95": p95 })))
        .collect();
    let search: Vec<serde_json::Value> = r
        .search_ms
        .iter()
        .map(|(q, ms, n)| serde_json::json!({ "query": q, "ms": ms, "found": n }))
        .collect();
    serde_json::json!({
        "library": {
            "reviews": r.reviews,
            "statements": r.statements,
            "mb": r.mb,
            "first_rows_ms": r.first_rows_ms,
            "indexed_ms": r.indexed_ms,
            "indexed_cpu_s": r.indexed_cpu_s,
            "worst_frame_while_indexing_ms": r.worst_frame_while_indexing_ms,
            "peak_rss_mb": r.peak_rss_mb,
            "cache_mb": r.cache_mb,
            "search_typing_p95_ms": r.search_typing_p95_ms,
            "frame_ms": frames,
            "search": search,
            "report_ms": r.report_ms,
            "report_cpu_s": r.report_cpu_s,
            "reopen_ms": r.reopen_ms,
        }
    })
    .to_string()
}
