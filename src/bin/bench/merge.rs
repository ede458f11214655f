//! Merging two copies of a session of each size (part of `second-story-bench`): two
//! colleagues each add statements to other interviews, reword statements and rewrite
//! write-up sections, and both reword one statement (one conflict).

use second_story::io;
use second_story::model::merge::{self, diff};
use second_story::model::{Id, Session, Statement, file};
use std::path::Path;

/// What was measured (medians, ms).
pub struct MergeResult {
    /// Statements in each copy.
    pub statements_each: usize,
    /// `merge::merge` with the common base.
    pub three_way_ms: f64,
    /// `merge::merge` without a base (tombstones).
    pub two_way_ms: f64,
    /// What the app shows before merging: the diff from the open copy to the result.
    pub summary_ms: f64,
    /// As `second-story merge BASE OURS THEIRS` does it: read and check three files,
    /// merge, write the result.
    pub end_to_end_ms: f64,
    /// Conflicts found (1 expected).
    pub conflicts: usize,
    /// The summary sentence.
    pub sentence: String,
}

fn copy_of(base: &Session, side: usize) -> Session {
    let mut s = base.clone();
    let n_iv = s.interviews.len();
    for (k, iv) in s.interviews.iter_mut().enumerate() {
        if k % 10 == side * 5 % 10 {
            for j in 0..5u32 {
                let at = iv.statements.last().map(|x| x.at_secs).unwrap_or(0) + 10;
                iv.statements.push(Statement {
                    id: Id::from_u128(
                        ((side as u128 + 1) << 100) | (k as u128) << 8 | u128::from(j),
                    ),
                    at_secs: at,
                    text: format!("Added by colleague {side}: note {j} about interview {k}"),
                    ..Statement::default()
                });
            }
        }
        for (j, st) in iv.statements.iter_mut().enumerate() {
            if (k * 100 + j) % 100 == 10 + side * 50 {
                st.text.push_str(" (reworded)");
            }
        }
    }
    for (k, sec) in s.narrative.sections.iter_mut().enumerate() {
        if k % 12 == side {
            sec.body.push_str("\n\nA paragraph added in review.");
        }
    }
    if side == 1 {
        s.title.push_str(" (merged)");
    }
    // Both reword the same statement: one conflict.
    if let Some(st) = s
        .interviews
        .get_mut(n_iv / 2)
        .and_then(|i| i.statements.get_mut(3))
    {
        st.text = format!("Reworded by colleague {side}");
    }
    s
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Measures merging two copies of `base`, `reps` times each, with files in `dir`.
pub fn measure(base: &Session, dir: &Path, reps: usize) -> Result<MergeResult, String> {
    let (ours, theirs) = (copy_of(base, 0), copy_of(base, 1));
    let mut paths = Vec::new();
    for (name, s) in [("base", base), ("ours", &ours), ("theirs", &theirs)] {
        let p = dir.join(format!("merge-{name}.story.ron"));
        let text = file::to_ron_string(s).map_err(|e| e.to_string())?;
        std::fs::write(&p, text).map_err(|e| e.to_string())?;
        paths.push(p);
    }
    let (mut three, mut two, mut summary, mut e2e) = (vec![], vec![], vec![], vec![]);
    let mut merged = None;
    // CPU time of this thread (the machine is shared), as for the other operations.
    for _ in 0..reps.max(1) {
        let (m, cpu, _) = crate::bench::timed(|| merge::merge(Some(base), &ours, &theirs));
        let m = m.map_err(|e| e.to_string())?;
        three.push(cpu);
        let (m2, cpu, _) = crate::bench::timed(|| merge::merge(None, &ours, &theirs));
        m2.map_err(|e| e.to_string())?;
        two.push(cpu);
        let (d, cpu, _) = crate::bench::timed(|| diff::diff(&ours, &m.session));
        summary.push(cpu);
        merged = Some((m, d.sentence()));
        let read = |p: &Path| {
            io::read_file(p)
                .and_then(|b| file::from_bytes(&b).map_err(|e| e.to_string()))
                .map(|l| l.session)
        };
        let (written, cpu, _) = crate::bench::timed(|| -> Result<(), String> {
            let (b, o, th) = (read(&paths[0])?, read(&paths[1])?, read(&paths[2])?);
            let m = merge::merge(Some(&b), &o, &th).map_err(|e| e.to_string())?;
            let text = file::to_ron_string(&m.session).map_err(|e| e.to_string())?;
            std::fs::write(dir.join("merge-out.story.ron"), text).map_err(|e| e.to_string())
        });
        written?;
        e2e.push(cpu);
    }
    let (m, sentence) = merged.ok_or("no merge ran")?;
    Ok(MergeResult {
        statements_each: ours.statement_count().min(theirs.statement_count()),
        three_way_ms: median(three),
        two_way_ms: median(two),
        summary_ms: median(summary),
        end_to_end_ms: median(e2e),
        conflicts: m.new_conflicts,
        sentence,
    })
}

impl MergeResult {
    /// One line for the table.
    pub fn line(&self) -> String {
        format!(
            "merge two copies of {} statements each: three-way {:.1} ms · without a base {:.1} ms · summary {:.1} ms · `second-story merge` end to end {:.1} ms ({} conflict; {})",
            self.statements_each,
            self.three_way_ms,
            self.two_way_ms,
            self.summary_ms,
            self.end_to_end_ms,
            self.conflicts,
            self.sentence
        )
    }

    /// The JSON object.
    pub fn json(&self) -> String {
        format!(
            "{{\"statements_each\":{},\"three_way_ms\":{:.3},\"two_way_ms\":{:.3},\"summary_ms\":{:.3},\"end_to_end_ms\":{:.3},\"conflicts\":{}}}",
            self.statements_each,
            self.three_way_ms,
            self.two_way_ms,
            self.summary_ms,
            self.end_to_end_ms,
            self.conflicts
        )
    }
}
