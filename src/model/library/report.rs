//! The library report (`second-story report DIR`): the cross-review picture as
//! Markdown — the reviews, patterns, follow-ups and the first half hour — rendered
//! from the index alone, which is made from each session's publishable view. So the
//! report holds no real name, nothing off the record, and no anonymous participant.

use super::entry::ReviewEntry;
use super::{Library, follow_ups, patterns, response};
use crate::model::export::{escape_cell, escape_inline};
use crate::model::first_half_hour::fmt_duration;
use crate::model::session::Milestone;
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The report of a library, with soak dates read against `today`. `name` is what
/// the library is called in the heading (the folder's name).
pub fn report(library: &Library, name: &str, today: NaiveDate) -> String {
    let shown = library.reviews();
    let entries: Vec<&ReviewEntry> = shown.iter().map(|s| s.entry.as_ref()).collect();
    let mut md = String::new();
    let _ = writeln!(md, "# Learning across reviews: {}\n", escape_inline(name));
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let kinds: Vec<String> = crate::model::SessionKind::ALL
        .iter()
        .filter(|k| entries.iter().any(|e| e.kind == **k))
        .map(|k| {
            let n = entries.iter().filter(|e| e.kind == *k).count();
            let (one, many) = match k {
                crate::model::SessionKind::IncidentReview => {
                    ("incident review", "incident reviews")
                }
                crate::model::SessionKind::NearMiss => ("near miss", "near misses"),
                crate::model::SessionKind::NormalWork => {
                    ("normal work study", "normal work studies")
                }
            };
            count(n, one, many)
        })
        .collect();
    let _ = writeln!(
        md,
        "{} ({}), {} on record. Names are pseudonyms; nothing said off the record is here.\n",
        count(entries.len(), "review", "reviews"),
        kinds.join(", "),
        count(
            entries.iter().map(|e| e.statements as usize).sum(),
            "statement",
            "statements"
        ),
    );

    md.push_str("## Reviews\n\n");
    if entries.is_empty() {
        md.push_str("No review could be read.\n\n");
    } else {
        md.push_str(
            "| Date | Review | Kind | Participants | Statements | Decision points | Follow-ups |\n|---|---|---|---|---|---|---|\n",
        );
        let rows = super::filter::select(
            shown,
            &super::filter::ReviewFilter::default(),
            super::filter::SortBy::Date,
            false,
        );
        for e in rows.iter().filter_map(|&i| entries.get(i)) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} |",
                e.date,
                escape_cell(&e.title),
                e.kind.label(),
                e.participants,
                e.statements,
                e.decision_points,
                e.follow_ups.len()
            );
        }
        md.push('\n');
        let copies: Vec<_> = shown.iter().filter(|s| !s.copies.is_empty()).collect();
        if !copies.is_empty() {
            let _ = writeln!(
                md,
                "{} held in more than one file, counted once: {}.\n",
                count(copies.len(), "review is", "reviews are"),
                copies
                    .iter()
                    .map(|s| escape_inline(&s.entry.title))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
    }

    md.push_str("## Patterns across reviews\n\n");
    md.push_str(
        "Codes and themes are counted in reviews, and in distinct participants within each review: a participant who mentions a code fifty times counts once, so one loud review does not look like a pattern.\n\n",
    );
    pattern_table(&mut md, "Codes", &patterns::codes(&entries));
    pattern_table(&mut md, "Themes", &patterns::themes(&entries));

    md.push_str("## Follow-ups\n\n");
    let split = follow_ups::split(&entries, today);
    let _ = writeln!(md, "{}\n", split.reading());
    md.push_str("| | Done | Open, soak date reached | Open, soaking | Open, no soak date | All |\n|---|---|---|---|---|---|\n");
    for (label, c) in [
        ("Response/recovery", split.response),
        ("Prevention", split.prevention),
    ] {
        let _ = writeln!(
            md,
            "| {label} | {} | {} | {} | {} | {} |",
            c.done,
            c.due,
            c.soaking,
            c.undated,
            c.total()
        );
    }
    md.push('\n');
    let due = follow_ups::due(&entries, today);
    if !due.is_empty() {
        let _ = writeln!(
            md,
            "Soak time is over for {} (as of {today}):\n",
            count(due.len(), "open follow-up", "open follow-ups")
        );
        for (i, f) in due.iter().take(50) {
            let title = entries
                .get(*i)
                .map(|e| e.title.as_str())
                .unwrap_or_default();
            let class = match f.class {
                crate::model::FollowUpClass::ResponseRecovery => "response/recovery",
                crate::model::FollowUpClass::Prevention => "prevention",
            };
            let _ = writeln!(
                md,
                "- {} ({class}, since {}) — *{}*",
                escape_inline(&f.text),
                f.soak_until.map(|d| d.to_string()).unwrap_or_default(),
                escape_inline(title)
            );
        }
        if due.len() > 50 {
            let _ = writeln!(md, "- … and {} more", due.len() - 50);
        }
        md.push('\n');
    }

    md.push_str("## The first half hour\n\n");
    let in_picture = entries.iter().filter(|e| response::in_picture(e)).count();
    let _ = writeln!(
        md,
        "Time from the first signal to each response milestone, over {} (incident reviews, and other reviews that mark milestones).\n",
        count(in_picture, "review", "reviews")
    );
    if in_picture == 0 {
        md.push_str("No incident review here, and no review marks response milestones.\n\n");
    } else {
        md.push_str("| Milestone | Reviews | Median | Middle half | Range | Reviews lacking it |\n|---|---|---|---|---|---|\n");
    }
    let secs = |v: Option<f64>| {
        v.map(|s| fmt_duration(s.round() as i64))
            .unwrap_or_default()
    };
    for s in response::stats(&entries)
        .into_iter()
        .filter(|_| in_picture > 0)
    {
        let range = match (s.min, s.max) {
            (Some(a), Some(b)) => format!("{} – {}", fmt_duration(a), fmt_duration(b)),
            _ => String::new(),
        };
        let middle = match (s.p25, s.p75) {
            (Some(_), Some(_)) => format!("{} – {}", secs(s.p25), secs(s.p75)),
            _ => String::new(),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {middle} | {range} | {} |",
            s.milestone.map(Milestone::label).unwrap_or_default(),
            s.n,
            secs(s.median),
            s.lacking.len()
        );
    }
    if in_picture > 0 {
        md.push('\n');
    }
    let no_signal = response::without_first_signal(&entries);
    if !no_signal.is_empty() {
        let _ = writeln!(
            md,
            "No first signal marked with a time in: {}.\n",
            no_signal
                .iter()
                .filter_map(|&i| entries.get(i))
                .map(|e| escape_inline(&e.title))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }

    let broken: Vec<_> = library.broken().collect();
    if !broken.is_empty() {
        md.push_str("## Files that could not be read\n\n");
        for (path, error) in broken {
            // What is wrong, quoting nothing from the file (it never passed the gate).
            let _ = writeln!(
                md,
                "- `{}`: {}",
                path.replace('`', "'"),
                escape_inline(&error.public)
            );
        }
        md.push('\n');
    }
    md
}

fn pattern_table(md: &mut String, what: &str, list: &[patterns::Pattern]) {
    let _ = writeln!(md, "### {what}\n");
    if list.is_empty() {
        let _ = writeln!(md, "None recorded.\n");
        return;
    }
    md.push_str(
        "| Name | Vocabulary | Reviews | Participants | Mentions |\n|---|---|---|---|---|\n",
    );
    for p in list {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            escape_cell(&p.name),
            escape_cell(patterns::vocabulary_label(p)),
            p.reviews,
            p.participants,
            p.mentions
        );
    }
    md.push('\n');
}
