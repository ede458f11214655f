//! `second-story-bench --lint`: the language check's speed on Markdown of several
//! shapes, natively. Numbers are printed, not judged (the target, ≥ 50 MB/s, is in
//! BENCHMARKS.md). Shapes: a realistic write-up of 50 MB; the same prose as one 5 MB
//! line; 1 MB and 5 MB of the word "just" (a finding every five bytes); 5 MB of
//! code spans holding `<!--` (issue #15's bypass, at size).

use second_story::model::lint::{Linter, output};
use second_story::model::synth::{self, Scale};
use std::fmt::Write as _;
use std::time::Instant;

const BLAME: &str = include_str!("../../../tests/lint_corpus/blame.txt");
const CLEAN: &str = include_str!("../../../tests/lint_corpus/clean.txt");

/// One measured shape.
pub struct Case {
    pub name: String,
    pub bytes: usize,
    pub best_ms: f64,
    pub mb_per_s: f64,
    pub findings: usize,
    /// Check plus every finding formatted as a `text` output line.
    pub with_output_ms: f64,
}

/// Seconds of this thread's CPU time (other processes on a busy machine do not
/// count), or of the wall clock where that is not available.
struct Clock(Option<f64>, Instant);

impl Clock {
    fn start() -> Self {
        Self(crate::bench::thread_cpu_secs(), Instant::now())
    }

    fn secs(&self) -> f64 {
        match (self.0, crate::bench::thread_cpu_secs()) {
            (Some(a), Some(b)) => b - a,
            _ => self.1.elapsed().as_secs_f64(),
        }
    }
}

fn sentences(s: &str) -> Vec<&str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// A write-up of about `target` bytes: headings, paragraphs of clean sentences with
/// one blame sentence in eight, quotes, lists, a code block, a table, footnotes.
fn write_up(target: usize) -> String {
    let clean = sentences(CLEAN);
    let blame = sentences(BLAME);
    let mut md = String::with_capacity(target + 4096);
    let mut n = 0usize;
    let mut section = 0usize;
    while md.len() < target {
        section += 1;
        let _ = writeln!(md, "## Part {section}: what happened from inside\n");
        for p in 0..6 {
            for k in 0..7 {
                let s = if (n + k).is_multiple_of(8) {
                    blame[n % blame.len()]
                } else {
                    clean[(n * 7 + k) % clean.len()]
                };
                md.push_str(s);
                md.push(' ');
                n += 1;
            }
            if p == 2 {
                let _ = write!(
                    md,
                    "P{} put it this way: “{}”",
                    p + 1,
                    blame[(n / 3) % blame.len()]
                );
            }
            let _ = writeln!(md, "[^s-{n:08x}]\n");
        }
        let _ = writeln!(
            md,
            "> {}\n\n- {}\n- See [the runbook](https://example.com/runbook) and `db-primary`.\n\n\
```\n2026-04-06 09:14 root cause: retry storm (log line, not prose)\n```\n\n\
| Step | Imagined | Done |\n|---|---|---|\n| drain | {} | {} |\n\n[^s-{n:08x}]: P2: “{}”\n",
            clean[n % clean.len()],
            clean[(n + 3) % clean.len()],
            clean[(n + 5) % clean.len()],
            clean[(n + 9) % clean.len()],
            blame[(n + 1) % blame.len()],
        );
    }
    md
}

fn measure(shape: &str, text: &str, runs: usize) -> Case {
    let name = format!("{shape}, {:.1} MB", text.len() as f64 / 1e6);
    let linter = Linter::builtin();
    let mut best = f64::INFINITY;
    let mut findings = 0;
    for _ in 0..runs.max(1) {
        let t = Clock::start();
        let r = linter.check_file(text);
        best = best.min(t.secs());
        findings = r.open.len() + r.acknowledged + r.exempt + r.switched_off;
    }
    let t = Clock::start();
    let r = linter.check_file(text);
    let mut sink = 0usize;
    for f in &r.open {
        sink += output::text_line("bench.md", text, f).len();
    }
    let with_output_ms = t.secs() * 1000.0;
    std::hint::black_box(sink);
    Case {
        name,
        bytes: text.len(),
        best_ms: best * 1000.0,
        mb_per_s: text.len() as f64 / 1e6 / best,
        findings,
        with_output_ms,
    }
}

/// Runs every shape (a tenth of the size with `quick`).
pub fn run(quick: bool) -> Vec<Case> {
    let scale = if quick { 10 } else { 1 };
    let runs = if quick { 1 } else { 3 };
    let mut cases = Vec::new();
    let big = write_up(50_000_000 / scale);
    eprintln!("lint: write-up, {:.1} MB", big.len() as f64 / 1e6);
    cases.push(measure("write-up", &big, runs));
    let one_line: String = write_up(5_000_000 / scale)
        .split(['\n', '\r'])
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("lint: one line, {:.1} MB", one_line.len() as f64 / 1e6);
    cases.push(measure("the same prose as one line", &one_line, runs));
    let just1 = "just ".repeat(1_000_000 / 5 / scale);
    cases.push(measure("\"just \" repeated", &just1, runs));
    let just5 = "just ".repeat(5_000_000 / 5 / scale);
    cases.push(measure("\"just \" repeated", &just5, runs));
    let spans = "Use `<!--` and they should have. ".repeat(5_000_000 / 33 / scale);
    cases.push(measure("code spans holding <!--", &spans, runs));
    cases.push(session_write_up(
        if quick { &Scale::L } else { &Scale::XL },
        runs,
    ));
    cases
}

/// The write-up of a synthetic session, section by section, as the Narrative
/// workspace checks it (compare "language check of the write-up" in the main table).
fn session_write_up(scale: &Scale, runs: usize) -> Case {
    let session = synth::generate(scale, 42);
    let linter = Linter::builtin();
    let bytes: usize = session
        .narrative
        .sections
        .iter()
        .map(|s| s.body.len())
        .sum();
    let mut best = f64::INFINITY;
    let mut findings = 0;
    for _ in 0..runs.max(1) {
        let t = Clock::start();
        findings = session
            .narrative
            .sections
            .iter()
            .map(|s| linter.check(&s.body).len())
            .sum();
        best = best.min(t.secs());
    }
    Case {
        name: format!(
            "{} session's write-up, {} sections, {:.1} MB",
            scale.name,
            session.narrative.sections.len(),
            bytes as f64 / 1e6
        ),
        bytes,
        best_ms: best * 1000.0,
        mb_per_s: bytes as f64 / 1e6 / best,
        findings,
        with_output_ms: f64::NAN,
    }
}

/// A table for people.
pub fn table(cases: &[Case]) -> String {
    let mut s = String::from(
        "\nLanguage check (`lint`), native, thread CPU time, best of 3 (1 with --quick):\n\
| Input | Check | Speed | Findings | Check + text output |\n|---|---|---|---|---|\n",
    );
    for c in cases {
        let _ = writeln!(
            s,
            "| {} | {:.0} ms | {:.0} MB/s | {} | {} |",
            c.name,
            c.best_ms,
            c.mb_per_s,
            c.findings,
            if c.with_output_ms.is_finite() {
                format!("{:.0} ms", c.with_output_ms)
            } else {
                "—".into()
            }
        );
    }
    s
}

/// One JSON object.
pub fn json(cases: &[Case]) -> String {
    let items: Vec<String> = cases
        .iter()
        .map(|c| {
            format!(
                "{{\"input\":{:?},\"bytes\":{},\"check_ms\":{:.1},\"mb_per_s\":{:.1},\"findings\":{},\"check_and_output_ms\":{}}}",
                c.name,
                c.bytes,
                c.best_ms,
                c.mb_per_s,
                c.findings,
                if c.with_output_ms.is_finite() {
                    format!("{:.1}", c.with_output_ms)
                } else {
                    "null".into()
                }
            )
        })
        .collect();
    format!("{{\"lint\":[{}]}}", items.join(","))
}
