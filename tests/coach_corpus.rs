//! The question check against a corpus of our own: facilitator questions, good and bad
//! in each kind (`tests/coach_corpus/questions.txt`, written with the rules, and
//! `held-out.txt`, written after them). Each line says which kinds the question should
//! be flagged as; a kind after "?" may be flagged or not. Precision and recall are
//! counted over (question, kind) pairs; the test fails below 90 % for either, or when
//! any of the issue's good questions is flagged, and prints the numbers (BENCHMARKS.md,
//! "Question check").

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use second_story::model::coach::{KIND_ORDER, QuestionCheck};

struct Case {
    question: String,
    want: Vec<String>,
    maybe: Vec<String>,
}

fn cases(name: &str) -> Vec<Case> {
    let path = format!("{}/tests/coach_corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (kinds, question) = l
                .split_once(" | ")
                .unwrap_or_else(|| panic!("{name}: no ` | ` in {l:?}"));
            let mut want = Vec::new();
            let mut maybe = Vec::new();
            for k in kinds.split(',').map(str::trim).filter(|k| *k != "-") {
                let (list, k) = match k.strip_prefix('?') {
                    Some(k) => (&mut maybe, k),
                    None => (&mut want, k),
                };
                assert!(KIND_ORDER.contains(&k), "{name}: unknown kind {k:?}");
                list.push(k.to_owned());
            }
            Case {
                question: question.trim().to_owned(),
                want,
                maybe,
            }
        })
        .collect()
}

#[derive(Default)]
struct Counts {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
    good: usize,
    good_flagged: usize,
    per_kind: Vec<(String, usize, usize)>,
    wrong: Vec<String>,
}

fn measure(name: &str) -> Counts {
    let check = QuestionCheck::builtin();
    let all = cases(name);
    let mut c = Counts {
        per_kind: KIND_ORDER.iter().map(|k| (k.to_string(), 0, 0)).collect(),
        ..Counts::default()
    };
    for case in &all {
        let got: Vec<String> = check
            .check(&case.question)
            .into_iter()
            .map(|f| f.kind)
            .collect();
        if case.want.is_empty() && case.maybe.is_empty() {
            c.good += 1;
            c.good_flagged += usize::from(!got.is_empty());
        }
        for k in &case.want {
            let row = c.per_kind.iter_mut().find(|r| r.0 == *k);
            if got.contains(k) {
                c.true_pos += 1;
                if let Some(r) = row {
                    r.1 += 1;
                    r.2 += 1;
                }
            } else {
                c.false_neg += 1;
                if let Some(r) = row {
                    r.2 += 1;
                }
                c.wrong
                    .push(format!("missed {k}: {}  (got {got:?})", case.question));
            }
        }
        for k in got
            .iter()
            .filter(|k| !case.want.contains(k) && !case.maybe.contains(k))
        {
            c.false_pos += 1;
            c.wrong.push(format!("false {k}: {}", case.question));
        }
    }
    let precision = c.true_pos as f64 / (c.true_pos + c.false_pos).max(1) as f64;
    let recall = c.true_pos as f64 / (c.true_pos + c.false_neg).max(1) as f64;
    println!(
        "{name}: {} questions ({} good); precision {}/{} = {:.1} %, recall {}/{} = {:.1} %; good questions flagged {}/{}",
        all.len(),
        c.good,
        c.true_pos,
        c.true_pos + c.false_pos,
        precision * 100.0,
        c.true_pos,
        c.true_pos + c.false_neg,
        recall * 100.0,
        c.good_flagged,
        c.good
    );
    for (k, found, total) in &c.per_kind {
        println!("  {k}: {found}/{total} found");
    }
    for w in &c.wrong {
        println!("  {w}");
    }
    assert!(
        precision >= 0.9,
        "{name}: precision {precision:.3} below 0.9"
    );
    assert!(recall >= 0.9, "{name}: recall {recall:.3} below 0.9");
    c
}

#[test]
fn corpus_precision_and_recall() {
    let all = cases("questions.txt");
    assert!(all.len() >= 60, "{} questions", all.len());
    for k in KIND_ORDER {
        let bad = all.iter().filter(|c| c.want.iter().any(|w| w == k)).count();
        assert!(bad >= 5, "only {bad} questions of kind {k}");
    }
    let good = all.iter().filter(|c| c.want.is_empty()).count();
    assert!(good >= 20, "only {good} good questions");
    let c = measure("questions.txt");
    assert!(
        c.good_flagged * 100 <= c.good * 5,
        "{} of {} good questions flagged",
        c.good_flagged,
        c.good
    );
}

#[test]
fn held_out_precision_and_recall() {
    measure("held-out.txt");
}

#[test]
fn the_issue_s_good_questions_are_never_flagged() {
    let check = QuestionCheck::builtin();
    for q in [
        "What did you notice first?",
        "How did you know the batch had finished?",
    ] {
        assert!(check.check(q).is_empty(), "{q}: {:?}", check.check(q));
    }
}
