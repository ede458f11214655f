//! `second-story-bench`: how Second Story performs on large sessions.
//!
//! For synthetic sessions of size M, L and XL (see `second_story::synth`) it
//! measures, without a GPU:
//! - the CPU time of one frame of the whole app (egui pass plus tessellation) at
//!   1280×800 for every workspace, idle and while typing into the workspace's text
//!   field (the interview capture field, the narrative editor, …), p50 and p95;
//! - open (read + parse + validate + migrate), save (serialize + atomic write),
//!   Markdown export and the language check of the write-up;
//! - the autosave frame: the frame after a pause in typing, when unsaved work is
//!   handed to autosave;
//! - peak resident memory with the session open in the app;
//! - importing a 3-hour transcript (4,000 cues) into the open session: reading and
//!   building the interview, and in the app the wall time from the import to the
//!   interview in the session with the worst frame meanwhile.
//!
//! ```text
//! cargo run --release --features bench,testing --bin second-story-bench -- [--quick] [--json] [--sizes M,L] [--frames N]
//! cargo run --release --features bench,testing --bin second-story-bench -- --lint [--quick] [--json]
//! ```
//!
//! `--lint` measures the language check alone on large Markdown (see `bench/lint_speed.rs`).
//! `--library` measures a library of 1,000 generated reviews (see `bench/library.rs`);
//! with `--write DIR` it writes that library into DIR instead (`--reviews N` for
//! another count).
//! `--hostile` measures the pathological shapes of issue #15 (see `bench/hostile.rs`).
//!
//! Native only: the web build compiles this file to an empty `main`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(bench::main());
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[allow(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "native only: the bench measures wall time with std's clock, which the app itself must not use"
)]
#[path = "bench/lint_speed.rs"]
mod lint_speed;
#[cfg(not(target_arch = "wasm32"))]
#[path = "bench/merge.rs"]
mod merge_bench;

#[cfg(not(target_arch = "wasm32"))]
#[allow(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "native only: the bench measures wall time with std's clock, which the app itself must not use"
)]
mod bench {
    use egui::accesskit::{NodeId, Role};
    use egui::{Event, Modifiers, PointerButton, Pos2, RawInput, Rect, vec2};
    use second_story::SecondStoryApp;
    use second_story::io::{self, Autosave, Location};
    use second_story::model::export::{self, ExportOptions};
    use second_story::model::{Session, file, lint, narrative};
    use second_story::synth::{self, Scale};
    use second_story::ui::{Action, Workspace};
    use std::collections::HashMap;
    use std::time::Instant;

    #[path = "hostile.rs"]
    mod hostile;
    #[path = "library.rs"]
    mod library;
    #[path = "transcript.rs"]
    mod transcript;
    use transcript::{TRANSCRIPT_CUES, transcript_import, transcript_in_app};

    /// Screen size of every frame.
    const SCREEN: [f32; 2] = [1280.0, 800.0];
    /// Seconds per frame of simulated time (60 Hz).
    const DT: f64 = 1.0 / 60.0;
    /// What is typed, one character per frame (every frame is a keystroke: the worst case).
    const TYPED: &str = "the pool was close to its limit and nobody could tell why ";

    /// Command line options.
    struct Options {
        quick: bool,
        json: bool,
        /// Measure the language check on large Markdown instead.
        lint: bool,
        /// Measure a library of generated reviews instead.
        library: bool,
        /// Reviews in the library (default 1,000; 60 with --quick).
        reviews: Option<usize>,
        /// Measure the pathological shapes of issue #15 instead.
        hostile: bool,
        /// Skip open/save/export/lint (for profiling the frames alone).
        frames_only: bool,
        /// Only generate the sessions and merge two copies of each.
        merge_only: bool,
        /// Write the generated sessions into this folder instead of measuring.
        write: Option<std::path::PathBuf>,
        sizes: Vec<Scale>,
        frames: usize,
        seed: u64,
        workspaces: Vec<Workspace>,
    }

    fn parse_args() -> Result<Options, String> {
        let mut o = Options {
            quick: false,
            json: false,
            lint: false,
            library: false,
            reviews: None,
            hostile: false,
            frames_only: false,
            merge_only: false,
            write: None,
            sizes: Scale::ALL.to_vec(),
            frames: 200,
            seed: 42,
            // The Library workspace has a benchmark of its own (--library).
            workspaces: Workspace::ALL
                .into_iter()
                .filter(|w| *w != Workspace::Library)
                .collect(),
        };
        let mut sizes_given = false;
        let mut frames_given = false;
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            match a.as_str() {
                "--quick" => o.quick = true,
                "--json" => o.json = true,
                "--lint" => o.lint = true,
                "--hostile" => o.hostile = true,
                "--merge-only" => o.merge_only = true,
                "--library" => o.library = true,
                "--reviews" => {
                    let v = args.next().ok_or("--reviews needs a number")?;
                    o.reviews = Some(v.parse().map_err(|_| format!("not a number: {v}"))?);
                }
                "--frames-only" => o.frames_only = true,
                "--write" => {
                    let v = args.next().ok_or("--write needs a folder")?;
                    o.write = Some(v.into());
                }
                "--sizes" => {
                    let v = args.next().ok_or("--sizes needs a value such as M,L")?;
                    o.sizes = v
                        .split(',')
                        .map(|n| {
                            Scale::ALL
                                .into_iter()
                                .find(|s| s.name.eq_ignore_ascii_case(n.trim()))
                                .ok_or(format!("unknown size {n:?}: use M, L or XL"))
                        })
                        .collect::<Result<_, _>>()?;
                    sizes_given = true;
                }
                "--frames" => {
                    let v = args.next().ok_or("--frames needs a number")?;
                    o.frames = v.parse().map_err(|_| format!("not a number: {v}"))?;
                    frames_given = true;
                }
                "--workspaces" => {
                    let v = args
                        .next()
                        .ok_or("--workspaces needs names such as Map,Narrative")?;
                    o.workspaces = v
                        .split(',')
                        .map(|n| {
                            Workspace::ALL
                                .into_iter()
                                .find(|w| ws_key(*w).eq_ignore_ascii_case(n.trim()))
                                .ok_or(format!("unknown workspace {n:?}"))
                        })
                        .collect::<Result<_, _>>()?;
                }
                "--seed" => {
                    let v = args.next().ok_or("--seed needs a number")?;
                    o.seed = v.parse().map_err(|_| format!("not a number: {v}"))?;
                }
                "-h" | "--help" => {
                    return Err("usage: second-story-bench [--quick] [--json] [--sizes M,L,XL] [--frames N] [--seed N] [--workspaces Map,Narrative] [--frames-only] [--write DIR] [--lint]\n\
  --quick   sizes M and L only, 30 frames (a smoke test)\n\
  --frames-only  skip open/save/export/lint (to profile frames)\n\
  --lint    the language check alone on large Markdown (50 MB, a 5 MB line, …)\n\
  --hostile the pathological shapes (100k map steps, a 10 MB quote, …): model and frames\n\
  --merge-only   only merge two copies of each size\n\
  --library a library of 1,000 generated reviews (--reviews N; with --write DIR: write it)\n\
  --write DIR    write the generated sessions (bench-M.story.ron, …) to DIR and stop\n\
  --json    print one JSON object on stdout (progress goes to stderr)"
                        .into());
                }
                other => return Err(format!("unknown option {other:?} (try --help)")),
            }
        }
        if o.quick {
            if !sizes_given {
                o.sizes = vec![Scale::M, Scale::L];
            }
            if !frames_given {
                o.frames = 30;
            }
        }
        o.frames = o.frames.max(5);
        Ok(o)
    }

    pub fn main() -> i32 {
        let o = match parse_args() {
            Ok(o) => o,
            Err(e) => {
                eprintln!("{e}");
                return 2;
            }
        };
        if o.lint {
            let cases = super::lint_speed::run(o.quick);
            if o.json {
                println!("{}", super::lint_speed::json(&cases));
            } else {
                println!("{}", super::lint_speed::table(&cases));
            }
            return 0;
        }
        if o.library {
            let n = o.reviews.unwrap_or(if o.quick {
                library::REVIEWS_QUICK
            } else {
                library::REVIEWS
            });
            if let Some(dir) = &o.write {
                return match library::write_library(dir, n, o.seed) {
                    Ok(bytes) => {
                        eprintln!(
                            "wrote {n} reviews ({:.0} MB) under {}",
                            bytes as f64 / 1e6,
                            dir.display()
                        );
                        0
                    }
                    Err(e) => {
                        eprintln!("second-story-bench: {e}");
                        1
                    }
                };
            }
            return match library::run(n, o.frames, o.seed) {
                Ok(r) => {
                    if o.json {
                        println!("{}", library::json(&r));
                    } else {
                        println!("{}", library::table(&r));
                    }
                    0
                }
                Err(e) => {
                    eprintln!("second-story-bench: library: {e}");
                    1
                }
            };
        }
        if o.hostile {
            return hostile::main(o.quick, o.json);
        }
        if let Some(dir) = &o.write {
            for scale in &o.sizes {
                let path = dir.join(format!("bench-{}.story.ron", scale.name));
                let written = file::to_ron_string(&synth::generate(scale, o.seed))
                    .map_err(|e| e.to_string())
                    .and_then(|t| io::write_atomic(&path, t.as_bytes()).map_err(|e| e.to_string()));
                match written {
                    Ok(()) => eprintln!("wrote {}", path.display()),
                    Err(e) => {
                        eprintln!(
                            "second-story-bench: could not write {}: {e}",
                            path.display()
                        );
                        return 1;
                    }
                }
            }
            return 0;
        }
        let mut results = Vec::new();
        for scale in &o.sizes {
            match run_size(scale, &o) {
                Ok(r) => results.push(r),
                Err(e) => {
                    eprintln!("second-story-bench: size {}: {e}", scale.name);
                    return 1;
                }
            }
        }
        if o.json {
            println!("{}", to_json(&o, &results));
        } else {
            print_table(&o, &results);
        }
        0
    }

    // -----------------------------------------------------------------------
    // Clocks and memory

    /// CPU time of this thread in seconds (Linux), so that other processes on a busy
    /// machine do not count against a frame. Falls back to the wall clock elsewhere.
    #[cfg(target_os = "linux")]
    pub(crate) fn thread_cpu_secs() -> Option<f64> {
        #[repr(C)]
        struct Timespec {
            tv_sec: std::ffi::c_long,
            tv_nsec: std::ffi::c_long,
        }
        // Declared here rather than pulling in the libc crate for one call; the C
        // library is linked anyway.
        #[allow(unsafe_code, reason = "one libc call for the thread's CPU clock")]
        unsafe extern "C" {
            fn clock_gettime(clock: std::ffi::c_int, tp: *mut Timespec) -> std::ffi::c_int;
        }
        const CLOCK_THREAD_CPUTIME_ID: std::ffi::c_int = 3;
        let mut ts = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
        #[allow(unsafe_code, reason = "one libc call for the thread's CPU clock")]
        let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        (rc == 0).then_some(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
    }

    #[cfg(not(target_os = "linux"))]
    pub(crate) fn thread_cpu_secs() -> Option<f64> {
        None
    }

    /// Measures `f`: (CPU ms, wall ms).
    pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
        let wall = Instant::now();
        let cpu = thread_cpu_secs();
        let out = f();
        let wall_ms = wall.elapsed().as_secs_f64() * 1e3;
        let cpu_ms = match (cpu, thread_cpu_secs()) {
            (Some(a), Some(b)) => (b - a) * 1e3,
            _ => wall_ms,
        };
        (out, cpu_ms, wall_ms)
    }

    /// A value from /proc/self/status in MB (Linux), e.g. "VmHWM" (peak resident set).
    fn proc_status_mb(key: &str) -> Option<f64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with(key))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }

    /// Resets the peak resident set to the current one, so that each size is measured
    /// on its own (Linux ≥ 4.0). Returns whether it worked.
    fn reset_peak_rss() -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }

    // -----------------------------------------------------------------------
    // Statistics

    /// Percentile (nearest rank) of `v` in ms.
    fn percentile(v: &[f64], p: f64) -> Option<f64> {
        if v.is_empty() {
            return None;
        }
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
        Some(s[rank.clamp(1, s.len()) - 1])
    }

    /// Median of a few repetitions of an operation (ms).
    fn median(v: &[f64]) -> Option<f64> {
        percentile(v, 50.0)
    }

    // -----------------------------------------------------------------------
    // Driving the app headless

    /// The app in an egui context, with simulated time and input.
    struct Driver {
        ctx: egui::Context,
        app: SecondStoryApp,
        time: f64,
    }

    /// One frame's cost.
    struct Frame {
        cpu_ms: f64,
        wall_ms: f64,
        /// Vertices tessellated: how much is drawn.
        vertices: usize,
        output: egui::FullOutput,
    }

    impl Driver {
        fn new(app: SecondStoryApp) -> Self {
            Self {
                ctx: egui::Context::default(),
                app,
                time: 0.0,
            }
        }

        fn input(&mut self, events: Vec<Event>) -> RawInput {
            self.time += DT;
            RawInput {
                screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(SCREEN[0], SCREEN[1]))),
                time: Some(self.time),
                predicted_dt: DT as f32,
                focused: true,
                events,
                ..RawInput::default()
            }
        }

        /// One frame of the whole app, tessellated, timed.
        fn frame(&mut self, events: Vec<Event>) -> Frame {
            let input = self.input(events);
            let ctx = self.ctx.clone();
            let app = &mut self.app;
            let (output, cpu_ms, wall_ms) = timed(|| {
                let mut output = ctx.run_ui(input, |ui| app.ui_root(ui));
                let shapes = std::mem::take(&mut output.shapes);
                let prims = ctx.tessellate(shapes, output.pixels_per_point);
                let vertices = prims
                    .iter()
                    .map(|p| match &p.primitive {
                        egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                        egui::epaint::Primitive::Callback(_) => 0,
                    })
                    .sum::<usize>();
                (output, vertices)
            });
            let (output, vertices) = output;
            let mut output = output;
            // No GPU: the font atlas updates are not uploaded anywhere.
            output.textures_delta.clear();
            Frame {
                cpu_ms,
                wall_ms,
                vertices,
                output,
            }
        }

        /// Lets time pass by (no input) so that timers such as autosave come due.
        fn wait(&mut self, secs: f64) {
            self.time += secs;
        }

        /// The text fields on screen: (label, centre), from the accessibility tree.
        fn text_fields(&mut self) -> Vec<(String, Pos2, bool)> {
            self.ctx.enable_accesskit();
            let out = self.frame(Vec::new()).output;
            self.ctx.disable_accesskit();
            let Some(update) = out.platform_output.accesskit_update else {
                return Vec::new();
            };
            let labels: HashMap<NodeId, String> = update
                .nodes
                .iter()
                .filter(|(_, n)| n.role() == Role::Label)
                .filter_map(|(id, n)| n.value().map(|v| (*id, v.to_owned())))
                .collect();
            let screen = Rect::from_min_size(Pos2::ZERO, vec2(SCREEN[0], SCREEN[1]));
            update
                .nodes
                .iter()
                .filter(|(_, n)| matches!(n.role(), Role::TextInput | Role::MultilineTextInput))
                .filter_map(|(_, n)| {
                    let b = n.bounds()?;
                    let rect = Rect::from_min_max(
                        Pos2::new(b.x0 as f32, b.y0 as f32),
                        Pos2::new(b.x1 as f32, b.y1 as f32),
                    );
                    let visible = rect.intersect(screen);
                    if visible.width() < 4.0 || visible.height() < 4.0 {
                        return None;
                    }
                    let label = n
                        .label()
                        .map(str::to_owned)
                        .or_else(|| n.labelled_by().iter().find_map(|l| labels.get(l).cloned()))
                        .unwrap_or_else(|| "(unlabelled text field)".to_owned());
                    let multiline = n.role() == Role::MultilineTextInput || rect.height() > 40.0;
                    Some((label, visible.center(), multiline))
                })
                .collect()
        }

        /// Clicks at a point (press in one frame, release in the next).
        fn click(&mut self, pos: Pos2) {
            let button = |pressed| Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            };
            self.frame(vec![Event::PointerMoved(pos), button(true)]);
            self.frame(vec![button(false)]);
            self.frame(Vec::new());
        }

        fn has_focus(&self) -> bool {
            self.ctx.memory(|m| m.focused().is_some())
        }
    }

    /// Which field a workspace's typing test uses: the field people type into most.
    fn preferred_field(w: Workspace) -> &'static [&'static str] {
        match w {
            Workspace::Interviews => &["Capture"],
            Workspace::Narrative => &["Markdown"],
            Workspace::Overview => &["Purpose"],
            _ => &[],
        }
    }

    /// Frame times of one workspace.
    #[derive(Default)]
    struct WorkspaceResult {
        idle_cpu: Vec<f64>,
        idle_wall: Vec<f64>,
        typing_cpu: Vec<f64>,
        typing_wall: Vec<f64>,
        /// Vertices drawn in the last idle frame (what is visible).
        vertices: usize,
        /// The field typed into, or why there was none.
        field: String,
        /// Whether the typed text reached a focused field.
        typed: bool,
        /// The frame after a 2 s pause in typing, when autosave takes the session.
        after_pause_ms: Option<f64>,
        /// Resident memory after the workspace ran (MB).
        rss_after_mb: Option<f64>,
    }

    /// Everything measured for one size.
    struct SizeResult {
        scale: Scale,
        statements: usize,
        narrative_words: usize,
        file_mb: f64,
        generate_ms: f64,
        open_ms: Option<f64>,
        save_ms: Option<f64>,
        /// Serialization alone (what autosave used to cost the frame).
        serialize_ms: Option<f64>,
        /// Finding the write-up's claims with missing evidence (done per frame by views).
        claims_ms: Option<f64>,
        export_ms: Option<f64>,
        lint_ms: Option<f64>,
        /// Parsing a pasted log of one line per statement (paste import).
        paste_ms: Option<f64>,
        /// Reading a 4,000-cue transcript and building its interview.
        transcript_ms: Option<f64>,
        /// In the app: from the import to the interview in the session (wall time),
        /// and the worst frame meanwhile (CPU).
        transcript_app: Option<(f64, f64)>,
        lint_findings: usize,
        autosave_frame_ms: Option<f64>,
        workspaces: Vec<(Workspace, WorkspaceResult)>,
        peak_rss_mb: Option<f64>,
        rss_reset: bool,
        /// Merging two copies of the session.
        merge: Option<crate::merge_bench::MergeResult>,
    }

    fn run_size(scale: &Scale, o: &Options) -> Result<SizeResult, String> {
        let progress = |msg: String| eprintln!("[{}] {msg}", scale.name);
        progress(format!(
            "generating {} interviews × {} statements",
            scale.interviews, scale.statements_per_interview
        ));
        let (session, _, generate_ms) = timed(|| synth::generate(scale, o.seed));
        let text = file::to_ron_string(&session).map_err(|e| e.to_string())?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("bench.story.ron");
        std::fs::write(&path, text.as_bytes()).map_err(|e| e.to_string())?;
        let file_mb = text.len() as f64 / (1024.0 * 1024.0);
        drop(text);
        let reps = if o.frames_only {
            0
        } else if o.quick {
            3
        } else {
            5
        };

        progress(format!("open, save, export, lint ({reps} times each)"));
        let mut open = Vec::new();
        let mut save = Vec::new();
        let mut export_t = Vec::new();
        let mut lint_t = Vec::new();
        let mut paste_t = Vec::new();
        let mut transcript_t = Vec::new();
        let vtt = second_story::model::transcript::synth::vtt(TRANSCRIPT_CUES, true);
        // A chat/log excerpt with as many lines as the session has statements.
        let log = synth::log_excerpt(scale.statements());
        let log_date = chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default();
        let mut serialize = Vec::new();
        let mut claims = Vec::new();
        let mut lint_findings = 0;
        let save_path = dir.path().join("saved.story.ron");
        for _ in 0..reps {
            let (loaded, ms, _) = timed(|| {
                io::read_file(&path).and_then(|b| file::from_bytes(&b).map_err(|e| e.to_string()))
            });
            let loaded = loaded?;
            if loaded.session != session {
                return Err("the opened session differs from the generated one".into());
            }
            drop(loaded);
            open.push(ms);
            let (saved, ms, _) = timed(|| {
                file::to_ron_string(&session)
                    .map_err(|e| e.to_string())
                    .and_then(|t| {
                        io::write_atomic(&save_path, t.as_bytes()).map_err(|e| e.to_string())
                    })
            });
            saved?;
            save.push(ms);
            let (text, ms, _) = timed(|| file::to_ron_string(&session));
            std::hint::black_box(text.map_err(|e| e.to_string())?);
            serialize.push(ms);
            let (md, ms, _) = timed(|| export::to_markdown(&session, ExportOptions::default()));
            std::hint::black_box(md);
            export_t.push(ms);
            let (broken, ms, _) =
                timed(|| narrative::broken_claims(&session, &session.narrative.sections));
            std::hint::black_box(broken);
            claims.push(ms);
            let (n, ms, _) = timed(|| language_check(&session));
            lint_findings = n;
            lint_t.push(ms);
            let (parsed, ms, _) = timed(|| {
                second_story::model::paste::parse(
                    &log,
                    &second_story::model::paste::PasteOptions { date: log_date },
                )
            });
            std::hint::black_box(parsed);
            paste_t.push(ms);
            let (built, ms, _) = timed(|| transcript_import(&session, vtt.as_bytes()));
            std::hint::black_box(built?);
            transcript_t.push(ms);
        }
        let statements = session.statement_count();
        let narrative_words = synth::narrative_words(&session);
        let merge = if o.frames_only {
            None
        } else {
            progress(format!("merge two copies ({reps} times)"));
            Some(crate::merge_bench::measure(&session, dir.path(), reps)?)
        };
        drop(session);
        let workspaces_to_run = if o.merge_only {
            &[][..]
        } else {
            &o.workspaces[..]
        };

        // The app with the session opened as a user would (parse + validate included).
        let rss_reset = reset_peak_rss();
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        // Autosave on, as in the app (in a temporary folder).
        let mut app = SecondStoryApp::with_autosave(Autosave::in_dir(dir.path().join("autosave")));
        app.open_bytes("bench.story.ron", Location::Path(path.clone()), bytes);
        if let Some(e) = app.error_message() {
            return Err(format!("the app could not open the session: {e}"));
        }
        let mut d = Driver::new(app);
        let mut workspaces = Vec::new();
        for w in workspaces_to_run.iter().copied() {
            progress(format!(
                "{} ({} frames idle, {} typing)",
                w.label(),
                o.frames,
                o.frames
            ));
            let mut r = run_workspace(&mut d, w, o.frames);
            r.rss_after_mb = proc_status_mb("VmRSS:");
            if let Some(rss) = r.rss_after_mb {
                progress(format!("resident memory now {rss:.0} MB"));
            }
            workspaces.push((w, r));
        }
        // A pause in typing in the (cheap) Overview: that frame hands the unsaved
        // session to autosave.
        let autosave_frame_ms = workspaces
            .iter()
            .find(|(w, _)| *w == Workspace::Overview)
            .and_then(|(_, r)| r.after_pause_ms);
        let peak_rss_mb = proc_status_mb("VmHWM:");
        progress(format!(
            "importing a {TRANSCRIPT_CUES}-cue transcript in the app"
        ));
        let transcript_app = if o.frames_only {
            None
        } else {
            Some(transcript_in_app(&mut d, vtt.into_bytes())?)
        };
        drop(d);

        Ok(SizeResult {
            scale: *scale,
            statements,
            narrative_words,
            file_mb,
            generate_ms,
            open_ms: median(&open),
            save_ms: median(&save),
            serialize_ms: median(&serialize),
            claims_ms: median(&claims),
            export_ms: median(&export_t),
            lint_ms: median(&lint_t),
            paste_ms: median(&paste_t),
            transcript_ms: median(&transcript_t),
            transcript_app,
            lint_findings,
            autosave_frame_ms,
            workspaces,
            peak_rss_mb,
            rss_reset,
            merge,
        })
    }

    /// The language check of the write-up as the Narrative workspace runs it: every
    /// section, findings not exempt and not acknowledged. Returns the open findings.
    fn language_check(s: &Session) -> usize {
        s.narrative
            .sections
            .iter()
            .map(|sec| {
                lint::check(&sec.body)
                    .into_iter()
                    .filter(|f| {
                        !f.exempt
                            && !lint::is_acknowledged(
                                &s.narrative.acknowledged,
                                f,
                                &sec.body,
                                Some(sec.id),
                            )
                    })
                    .count()
            })
            .sum()
    }

    fn run_workspace(d: &mut Driver, w: Workspace, frames: usize) -> WorkspaceResult {
        let mut r = WorkspaceResult::default();
        // Typing in the previous workspace left unsaved work: let autosave take it and
        // finish writing, so its worker thread (serializing a 33 MB session at XL) does
        // not compete with the frames measured here. Frames here come back to back, so
        // that write would overlap hundreds of them, where a person sees a handful.
        d.wait(2.0);
        d.frame(Vec::new());
        d.app.flush_autosave();
        d.app.perform(Action::Show(w));
        // Warm up: fonts, first layout, caches.
        for _ in 0..10 {
            d.frame(Vec::new());
        }
        for _ in 0..frames {
            let f = d.frame(Vec::new());
            r.idle_cpu.push(f.cpu_ms);
            r.idle_wall.push(f.wall_ms);
            r.vertices = f.vertices;
        }

        // Typing: click into the workspace's main text field, then one character a frame.
        let mut fields = d.text_fields();
        if fields.is_empty() {
            // Nothing to type into here: search the whole session (Ctrl+F) instead.
            d.frame(vec![Event::Key {
                key: egui::Key::F,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::COMMAND,
            }]);
            fields = d.text_fields();
        }
        let wanted = preferred_field(w);
        let chosen = wanted
            .iter()
            .find_map(|p| fields.iter().find(|(l, _, _)| l.starts_with(p)))
            .or_else(|| fields.iter().find(|(_, _, multi)| *multi))
            .or_else(|| fields.first())
            .cloned();
        let Some((label, pos, _)) = chosen else {
            r.field = "no text field on screen".into();
            return r;
        };
        d.click(pos);
        if !d.has_focus() {
            r.field = format!("{label} (could not focus it)");
            return r;
        }
        r.field = label;
        let revision = d.app.document().revision();
        let mut chars = TYPED.chars().cycle();
        for _ in 0..frames {
            let c = chars.next().unwrap_or(' ');
            let f = d.frame(vec![Event::Text(c.to_string())]);
            r.typing_cpu.push(f.cpu_ms);
            r.typing_wall.push(f.wall_ms);
        }
        r.typed = d.has_focus();
        if d.app.document().is_dirty() {
            d.wait(2.0);
            r.after_pause_ms = Some(d.frame(Vec::new()).cpu_ms);
        }
        // Typing into a session field changes the document; into a draft it does not.
        if d.app.document().revision() != revision {
            r.field.push_str(" (edits the session)");
        }
        // Leave the field (Escape) so the next workspace starts unfocused.
        d.frame(vec![Event::Key {
            key: egui::Key::Escape,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        }]);
        d.ctx.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
        r
    }

    // -----------------------------------------------------------------------
    // Targets (issue #7) and reporting

    const FRAME_P95_TARGET_L: f64 = 4.0;
    const XL_OVER_L: f64 = 1.5;
    const OPEN_L: f64 = 150.0;
    const SAVE_L: f64 = 100.0;
    const EXPORT_L: f64 = 50.0;
    const LINT_L: f64 = 50.0;
    const RSS_L: f64 = 250.0;

    fn ws_key(w: Workspace) -> String {
        format!("{w:?}")
    }

    fn worst_p95(r: &SizeResult) -> Option<f64> {
        r.workspaces
            .iter()
            .flat_map(|(_, w)| {
                [
                    percentile(&w.idle_cpu, 95.0),
                    percentile(&w.typing_cpu, 95.0),
                ]
            })
            .flatten()
            .reduce(f64::max)
    }

    /// (description, met) for every target that this run can judge.
    fn targets(results: &[SizeResult]) -> Vec<(String, Option<bool>)> {
        let mut t = Vec::new();
        let l = results.iter().find(|r| r.scale.name == "L");
        let xl = results.iter().find(|r| r.scale.name == "XL");
        if let Some(l) = l {
            let le = |v: Option<f64>, max: f64| v.map(|v| v <= max);
            t.push((
                format!(
                    "L: frame p95 <= {FRAME_P95_TARGET_L} ms in every workspace, idle and typing"
                ),
                le(worst_p95(l), FRAME_P95_TARGET_L),
            ));
            t.push((format!("L: open <= {OPEN_L} ms"), le(l.open_ms, OPEN_L)));
            t.push((format!("L: save <= {SAVE_L} ms"), le(l.save_ms, SAVE_L)));
            t.push((
                format!("L: export <= {EXPORT_L} ms"),
                le(l.export_ms, EXPORT_L),
            ));
            t.push((
                format!("L: language check <= {LINT_L} ms"),
                le(l.lint_ms, LINT_L),
            ));
            t.push((
                format!("L: peak RSS <= {RSS_L} MB"),
                le(l.peak_rss_mb, RSS_L),
            ));
            if let Some(xl) = xl {
                let ok = l
                    .workspaces
                    .iter()
                    .zip(&xl.workspaces)
                    .all(|((_, a), (_, b))| {
                        let pair =
                            |x: &[f64], y: &[f64]| match (percentile(x, 95.0), percentile(y, 95.0))
                            {
                                (Some(x), Some(y)) => y <= XL_OVER_L * x,
                                _ => true,
                            };
                        pair(&a.idle_cpu, &b.idle_cpu) && pair(&a.typing_cpu, &b.typing_cpu)
                    });
                t.push((
                    format!(
                        "XL: frame p95 <= {XL_OVER_L}x its L value in every workspace, idle and typing"
                    ),
                    Some(ok),
                ));
            }
        }
        t
    }

    fn fmt_ms(v: Option<f64>) -> String {
        v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into())
    }

    fn print_table(o: &Options, results: &[SizeResult]) {
        println!(
            "Second Story benchmark: {} frames per measurement at {}x{}, seed {}, CPU time per frame (egui pass + tessellation)",
            o.frames, SCREEN[0], SCREEN[1], o.seed
        );
        for r in results {
            println!();
            println!(
                "== {} : {} statements, {} write-up words, file {:.1} MB (generated in {:.0} ms)",
                r.scale.name, r.statements, r.narrative_words, r.file_mb, r.generate_ms
            );
            println!(
                "{:<22} {:>9} {:>9} {:>10} {:>10} {:>9}  typed into",
                "workspace", "idle p50", "idle p95", "type p50", "type p95", "vertices"
            );
            for (w, x) in &r.workspaces {
                println!(
                    "{:<22} {:>9} {:>9} {:>10} {:>10} {:>9}  {}{}",
                    w.label(),
                    fmt_ms(percentile(&x.idle_cpu, 50.0)),
                    fmt_ms(percentile(&x.idle_cpu, 95.0)),
                    fmt_ms(percentile(&x.typing_cpu, 50.0)),
                    fmt_ms(percentile(&x.typing_cpu, 95.0)),
                    x.vertices,
                    x.field,
                    if x.typing_cpu.is_empty() || x.typed {
                        ""
                    } else {
                        " (focus lost)"
                    }
                );
            }
            println!(
                "transcript import ({TRANSCRIPT_CUES} cues): read + build {} ms · in the app {} ms, worst frame {} ms",
                fmt_ms(r.transcript_ms),
                fmt_ms(r.transcript_app.map(|t| t.0)),
                fmt_ms(r.transcript_app.map(|t| t.1)),
            );
            println!(
                "open {} ms · save {} ms (serialize {} ms) · export {} ms · broken claims {} ms · language check {} ms ({} open findings) · paste import parse {} ms · autosave frame {} ms · peak RSS {} MB{}",
                fmt_ms(r.open_ms),
                fmt_ms(r.save_ms),
                fmt_ms(r.serialize_ms),
                fmt_ms(r.export_ms),
                fmt_ms(r.claims_ms),
                fmt_ms(r.lint_ms),
                r.lint_findings,
                fmt_ms(r.paste_ms),
                fmt_ms(r.autosave_frame_ms),
                r.peak_rss_mb
                    .map(|v| format!("{v:.0}"))
                    .unwrap_or_else(|| "-".into()),
                if r.rss_reset {
                    ""
                } else {
                    " (cumulative: peak could not be reset)"
                }
            );
            if let Some(m) = &r.merge {
                println!("{}", m.line());
            }
        }
        let t = targets(results);
        if !t.is_empty() {
            println!();
            println!("Targets (issue #7):");
            for (what, met) in t {
                let mark = match met {
                    Some(true) => "met   ",
                    Some(false) => "MISSED",
                    None => "n/a   ",
                };
                println!("  {mark} {what}");
            }
        }
    }

    /// A number for the JSON: milliseconds to three decimals, `null` when unknown.
    fn json_num(v: Option<f64>) -> serde_json::Value {
        match v {
            Some(v) if v.is_finite() => serde_json::json!((v * 1000.0).round() / 1000.0),
            _ => serde_json::Value::Null,
        }
    }

    /// One JSON object with every number (keys in sorted order).
    fn to_json(o: &Options, results: &[SizeResult]) -> String {
        use serde_json::{Map, Value, json};
        let mut j = Map::new();
        j.insert(
            "meta".into(),
            json!({
                "frames": o.frames,
                "quick": o.quick,
                "seed": o.seed,
                "screen": [SCREEN[0], SCREEN[1]],
                "clock": if thread_cpu_secs().is_some() { "thread CPU time" } else { "wall clock" },
                "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            }),
        );
        for r in results {
            let per_ws = |f: &dyn Fn(&WorkspaceResult) -> Value| -> Value {
                Value::Object(
                    r.workspaces
                        .iter()
                        .map(|(w, x)| (ws_key(*w), f(x)))
                        .collect(),
                )
            };
            let frames = |p: f64| {
                per_ws(&|x| {
                    json!({
                        "idle": json_num(percentile(&x.idle_cpu, p)),
                        "typing": json_num(percentile(&x.typing_cpu, p)),
                    })
                })
            };
            j.insert(
                r.scale.name.into(),
                json!({
                    "statements": r.statements,
                    "narrative_words": r.narrative_words,
                    "file_mb": (r.file_mb * 100.0).round() / 100.0,
                    "frame_p95_ms": frames(95.0),
                    "frame_p50_ms": frames(50.0),
                    "frame_wall_p95_ms": per_ws(&|x| json!({
                        "idle": json_num(percentile(&x.idle_wall, 95.0)),
                        "typing": json_num(percentile(&x.typing_wall, 95.0)),
                    })),
                    "typed_into": per_ws(&|x| json!(x.field)),
                    "open_ms": json_num(r.open_ms),
                    "save_ms": json_num(r.save_ms),
                    "serialize_ms": json_num(r.serialize_ms),
                    "export_ms": json_num(r.export_ms),
                    "lint_ms": json_num(r.lint_ms),
                    "paste_ms": json_num(r.paste_ms),
                    "transcript_ms": json_num(r.transcript_ms),
                    "transcript_app_ms": json_num(r.transcript_app.map(|t| t.0)),
                    "transcript_worst_frame_ms": json_num(r.transcript_app.map(|t| t.1)),
                    "claims_ms": json_num(r.claims_ms),
                    "rss_after_workspace_mb": per_ws(&|x| json_num(x.rss_after_mb)),
                    "autosave_frame_ms": json_num(r.autosave_frame_ms),
                    "peak_rss_mb": json_num(r.peak_rss_mb),
                    "merge": r.merge.as_ref().map_or(Value::Null, |m| {
                        serde_json::from_str(&m.json()).unwrap_or(Value::Null)
                    }),
                }),
            );
        }
        let targets: Map<String, Value> = targets(results)
            .into_iter()
            .map(|(what, met)| (what, met.map_or(Value::Null, Value::Bool)))
            .collect();
        j.insert("targets_met".into(), Value::Object(targets));
        Value::Object(j).to_string()
    }
}
