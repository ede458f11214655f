//! `second-story-bench --hostile`: the pathological shapes of issue #15, each built
//! around the small example session: 100k map steps, 100k decision points, 100k tags,
//! 20k participants, 100k timeline events each relative to the one before, a 10 MB
//! quote, a real name of 60k parts, 50k claims whose evidence is gone, and a map step
//! at the edge of the canvas with a gap link. For each it times, natively, open
//! (parse + migrate + validate), the publishable view, the draft, the export and the
//! map exports, then the app: the first frame and the worst of the next three frames
//! of every workspace, and the peak resident memory. (50 MB of lint input is in
//! `--lint`.) Numbers are printed, not judged; BENCHMARKS.md records them.
//!
//! For profiling: `HOSTILE_N=20000` sets the size, `HOSTILE_ONLY=map` keeps the shapes
//! whose name contains the word, `HOSTILE_NO_APP=1` skips the frames.

use super::{Driver, proc_status_mb, reset_peak_rss, timed};
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::export::{self, ExportOptions};
use second_story::model::publish::{self, Audience};
use second_story::model::*;
use second_story::ui::{Action, Workspace};

/// One shape and what it cost, in milliseconds of CPU time.
pub struct Case {
    pub name: String,
    pub file_mb: f64,
    /// (step, ms), model steps then workspaces (first frame, worst of three after).
    pub steps: Vec<(String, f64)>,
    pub peak_rss_mb: Option<f64>,
}

fn example() -> Session {
    match file::from_str(EXAMPLE_SESSION) {
        Ok(l) => l.session,
        Err(_) => Session::new("Example", SessionKind::NearMiss),
    }
}

/// Statement ids of the example's interviews, for evidence.
fn statements(s: &Session) -> Vec<Id> {
    s.interviews
        .iter()
        .flat_map(|i| i.statements.iter().map(|st| st.id))
        .collect()
}

/// The shapes, with `n` the size of the big ones (100k in a full run).
fn shapes(n: usize) -> Vec<(String, Session)> {
    let mut out = Vec::new();
    let base = example();
    let ev = statements(&base);
    let cite = |k: usize| ev[k % ev.len().max(1)];

    let mut s = base.clone();
    let lanes = [
        Lane::Imagined,
        Lane::Done,
        Lane::Prescribed,
        Lane::Disclosed,
    ];
    let mut map = map::new_map("Huge map");
    let mut prev: Option<Id> = None;
    for k in 0..n {
        let lane = lanes[k % lanes.len()];
        let node = MapNode {
            id: Id::new(),
            lane,
            label: format!("Step {k}"),
            pos: [(k / 4) as f32 * 40.0 % MAX_MAP_COORD, 20.0],
            evidence: if k % 8 == 0 {
                vec![cite(k)]
            } else {
                Vec::new()
            },
            ..Default::default()
        };
        if let Some(p) = prev {
            // A gap link for one step in four, an arrow for another, evidence on one
            // in eight: at 100k steps the file stays under the 64 MB the app opens.
            if k % 4 == 1 {
                map.links.push(MapLink {
                    id: Id::new(),
                    imagined: Some(p),
                    done: Some(node.id),
                    relation: Relation::Adapts,
                    gap: GapNote {
                        why: "time pressure".into(),
                        ..Default::default()
                    },
                });
            } else if k % 4 == 2 {
                map.edges.push(MapEdge {
                    id: Id::new(),
                    from: p,
                    to: node.id,
                });
            }
        }
        prev = Some(node.id);
        map.nodes.push(node);
    }
    s.maps.insert(0, map);
    out.push((format!("map, {n} steps"), s));

    let mut s = base.clone();
    let mut map = map::new_map("Edge of the canvas");
    let a = MapNode {
        id: Id::new(),
        lane: Lane::Imagined,
        label: "At the origin".into(),
        pos: [0.0, 20.0],
        ..Default::default()
    };
    let b = MapNode {
        id: Id::new(),
        lane: Lane::Done,
        label: "At the far edge".into(),
        pos: [MAX_MAP_COORD, MAX_MAP_COORD],
        ..Default::default()
    };
    map.links.push(MapLink {
        id: Id::new(),
        imagined: Some(a.id),
        done: Some(b.id),
        relation: Relation::Adapts,
        gap: GapNote::default(),
    });
    map.nodes = vec![a, b];
    s.maps.insert(0, map);
    out.push(("map step at the canvas edge, gap link".into(), s));

    let mut s = base.clone();
    for k in 0..n {
        s.decision_points.push(DecisionPoint {
            id: Id::new(),
            title: format!("Decision {k}"),
            when: "around 09:16".into(),
            statements: vec![cite(k)],
            aspects: vec![Aspect {
                kind: AspectKind::Cues,
                text: "A sawtooth on the pool graph".into(),
                evidence: vec![cite(k + 1)],
            }],
            ..Default::default()
        });
    }
    out.push((format!("{n} decision points"), s));

    let mut s = base.clone();
    let codes: Vec<Id> = s.codes.iter().map(|c| c.id).collect();
    if !codes.is_empty() {
        for k in 0..n {
            s.tags.push(TagApplication {
                id: Id::new(),
                code: codes[k % codes.len()],
                statement: cite(k),
                span: None,
            });
        }
    }
    out.push((format!("{n} tags"), s));

    let mut s = base.clone();
    let people = n / 5;
    for k in 0..people {
        let mut p = Participant::new(format!("P{}", k + 100));
        p.real_name = Some(format!("Person{k} Surname{k}"));
        p.role = "SRE".into();
        s.participants.push(p);
    }
    out.push((format!("{people} participants"), s));

    let mut s = base.clone();
    let mut anchor: Option<Id> = s.timeline.first().map(|e| e.id);
    for k in 0..n {
        let e = TimelineEvent {
            id: Id::new(),
            time: EventTime::Relative {
                anchor,
                offset_secs: 30,
                text: "30 s later".into(),
            },
            description: format!("Event {k}"),
            evidence: vec![cite(k)],
            ..Default::default()
        };
        anchor = Some(e.id);
        s.timeline.push(e);
    }
    out.push((format!("{n} timeline events, each relative to the last"), s));

    let mut s = base.clone();
    let quote: String = "the pool was close to its limit and nobody could tell why "
        .repeat(n.max(1000) * 10 / 58 * 10)
        .chars()
        .take(n * 100)
        .collect();
    if let Some(st) = s
        .interviews
        .first_mut()
        .and_then(|i| i.statements.first_mut())
    {
        st.text = quote;
        st.kind = StatementKind::Quote;
    }
    out.push((format!("a quote of {} MB", n * 100 / 1_000_000), s));

    let mut s = base.clone();
    let parts = n * 6 / 10;
    let name: Vec<String> = (0..parts).map(|k| format!("N{k}")).collect();
    if let Some(p) = s.participants.first_mut() {
        p.real_name = Some(name.join(" "));
    }
    out.push((format!("a real name of {parts} parts"), s));

    let mut s = base.clone();
    let claims = n / 2;
    let mut body = String::new();
    for k in 0..claims {
        body.push_str(&format!(
            "Claim {k} rests on words now gone.[^s-{:08x}]\n\n",
            k + 1
        ));
    }
    s.narrative.sections.push(NarrativeSection {
        id: Id::new(),
        kind: "custom".into(),
        title: "Claims".into(),
        body,
        included: true,
        generated_hash: None,
    });
    out.push((format!("{claims} claims whose evidence is gone"), s));
    out
}

/// Runs `--hostile`: prints the table (or JSON); the exit code.
pub fn main(quick: bool, json_out: bool) -> i32 {
    match run(quick) {
        Ok(cases) => {
            println!(
                "{}",
                if json_out {
                    json(&cases)
                } else {
                    table(&cases)
                }
            );
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

/// Measures every shape (`quick`: a tenth of the size).
pub fn run(quick: bool) -> Result<Vec<Case>, String> {
    let env = |k: &str| std::env::var(k).ok();
    let n = env("HOSTILE_N")
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 10_000 } else { 100_000 });
    let only = env("HOSTILE_ONLY").unwrap_or_default();
    let mut cases = Vec::new();
    for (name, session) in shapes(n) {
        if !name.contains(&only) {
            continue;
        }
        eprintln!("[hostile] {name}");
        let mut steps = Vec::new();
        let text = file::to_ron_string(&session).map_err(|e| e.to_string())?;
        let file_mb = text.len() as f64 / (1024.0 * 1024.0);
        let (loaded, ms, _) = timed(|| file::from_str(&text));
        let loaded = loaded.map_err(|e| format!("{name}: does not open: {e}"))?;
        steps.push(("open".to_owned(), ms));
        let s = loaded.session;
        let (_, ms, _) = timed(|| publish::publishable(&s, Audience::for_export(true)));
        steps.push(("publishable view".into(), ms));
        let (plan, ms, _) = timed(|| narrative::draft_from_session(&s));
        std::hint::black_box(plan);
        steps.push(("draft".into(), ms));
        let (md, ms, _) = timed(|| export::to_markdown(&s, ExportOptions::default()));
        steps.push(("export".into(), ms));
        let (_, ms, _) = timed(|| export::preview_parts(&md));
        steps.push(("export preview parts".into(), ms));
        let (_, ms, _) = timed(|| {
            for m in &s.maps {
                std::hint::black_box(map::to_svg(&s, m, ExportOptions::default()));
                std::hint::black_box(map::to_markdown(&s, m, ExportOptions::default()));
            }
        });
        steps.push(("map SVG and table".into(), ms));

        if env("HOSTILE_NO_APP").is_some() {
            cases.push(Case {
                name,
                file_mb,
                steps,
                peak_rss_mb: None,
            });
            continue;
        }
        let rss_reset = reset_peak_rss();
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut app = SecondStoryApp::with_autosave(Autosave::in_dir(dir.path().join("a")));
        app.open_bytes(
            "hostile.story.ron",
            Location::Path(dir.path().join("hostile.story.ron")),
            text.into_bytes(),
        );
        if let Some(e) = app.error_message() {
            return Err(format!("{name}: the app could not open it: {e}"));
        }
        let mut d = Driver::new(app);
        d.frame(Vec::new());
        for w in Workspace::ALL {
            d.app.perform(Action::Show(w));
            let first = d.frame(Vec::new()).cpu_ms;
            let worst = (0..3)
                .map(|_| d.frame(Vec::new()).cpu_ms)
                .fold(0.0, f64::max);
            steps.push((format!("{} first frame", w.label()), first));
            steps.push((format!("{} next frames (worst)", w.label()), worst));
        }
        let peak_rss_mb = if rss_reset {
            proc_status_mb("VmHWM:")
        } else {
            None
        };
        cases.push(Case {
            name,
            file_mb,
            steps,
            peak_rss_mb,
        });
    }
    Ok(cases)
}

/// A plain-text table: one row per shape, the slowest step named.
pub fn table(cases: &[Case]) -> String {
    let mut out = String::from(
        "| shape | file MB | open | publishable | draft | export | preview | map exports | worst frame (workspace) | peak RSS MB |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for c in cases {
        let get = |k: &str| {
            c.steps
                .iter()
                .find(|(n, _)| n == k)
                .map_or("–".to_owned(), |(_, ms)| format!("{ms:.0}"))
        };
        let worst = c
            .steps
            .iter()
            .filter(|(n, _)| n.contains("frame"))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or("–".to_owned(), |(n, ms)| format!("{ms:.0} ({n})"));
        out.push_str(&format!(
            "| {} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            c.name,
            c.file_mb,
            get("open"),
            get("publishable view"),
            get("draft"),
            get("export"),
            get("export preview parts"),
            get("map SVG and table"),
            worst,
            c.peak_rss_mb.map_or("–".to_owned(), |m| format!("{m:.0}")),
        ));
    }
    out
}

/// Every step of every shape, as JSON.
pub fn json(cases: &[Case]) -> String {
    let v: Vec<serde_json::Value> = cases
        .iter()
        .map(|c| {
            serde_json::json!({
                "shape": c.name,
                "file_mb": c.file_mb,
                "peak_rss_mb": c.peak_rss_mb,
                "ms": c.steps.iter().map(|(n, ms)| (n.clone(), serde_json::json!(ms))).collect::<serde_json::Map<_, _>>(),
            })
        })
        .collect();
    serde_json::Value::Array(v).to_string()
}
