//! The language check against a corpus of our own: blame-laden sentences in the style
//! of published postmortems (`tests/lint_corpus/blame.txt`) must be flagged, clean
//! second-story sentences (`clean.txt`) must not. Fails below 95 % recall or above
//! 2 % false alarms, and prints the numbers (BENCHMARKS.md, "Language check").
//! `held-out-*.txt` were written after the rules and never used to tune them; they
//! are measured and printed, and held to the same targets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use second_story::model::lint::Linter;

fn sentences(name: &str) -> Vec<String> {
    let path = format!("{}/tests/lint_corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// (flagged, total, the sentences on the wrong side).
fn measure(linter: &Linter, set: &[String], want_flagged: bool) -> (usize, usize, Vec<String>) {
    let mut flagged = 0;
    let mut wrong = Vec::new();
    for s in set {
        let report = linter.check_file(s);
        let hit = !report.open.is_empty();
        flagged += usize::from(hit);
        if hit != want_flagged {
            let found: Vec<String> = report
                .open
                .iter()
                .map(|f| format!("{} ({})", f.found(s), f.rule.id))
                .collect();
            wrong.push(format!("{s}  {found:?}"));
        }
    }
    (flagged, set.len(), wrong)
}

fn check_pair(blame: &str, clean: &str) {
    let linter = Linter::builtin();
    let blame = sentences(blame);
    let clean = sentences(clean);
    assert!(blame.len() >= 40 && clean.len() >= 40);
    let (hits, n_blame, missed) = measure(&linter, &blame, true);
    let (alarms, n_clean, false_alarms) = measure(&linter, &clean, false);
    let recall = hits as f64 / n_blame as f64;
    let false_rate = alarms as f64 / n_clean as f64;
    println!(
        "recall {hits}/{n_blame} = {:.1} %, false alarms {alarms}/{n_clean} = {:.1} %",
        recall * 100.0,
        false_rate * 100.0
    );
    for m in &missed {
        println!("  missed: {m}");
    }
    for f in &false_alarms {
        println!("  false alarm: {f}");
    }
    assert!(
        recall >= 0.95,
        "recall {recall:.3} below 0.95; missed: {missed:#?}"
    );
    assert!(
        false_rate <= 0.02,
        "false alarms {false_rate:.3} above 0.02: {false_alarms:#?}"
    );
}

#[test]
fn corpus_recall_and_false_alarms() {
    let blame = sentences("blame.txt");
    let clean = sentences("clean.txt");
    assert!(blame.len() >= 100, "{} blame sentences", blame.len());
    assert!(clean.len() >= 100, "{} clean sentences", clean.len());
    check_pair("blame.txt", "clean.txt");
}

#[test]
fn held_out_recall_and_false_alarms() {
    check_pair("held-out-blame.txt", "held-out-clean.txt");
}
