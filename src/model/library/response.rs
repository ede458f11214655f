//! The first half hour across incidents: for each response milestone, the median
//! and spread of the time from the first signal, which reviews lack it, and how it
//! moves over time.
//!
//! Reviews in the picture are incident reviews, and any other review that marks a
//! milestone (a near miss may well have a first signal and a declaration). A review
//! in the picture "lacks" a milestone when the milestone, or the first signal it is
//! measured from, is not marked with a time.

use super::entry::ReviewEntry;
use super::svg::{PointChart, PointSeries};
use crate::model::session::{Milestone, SessionKind};

/// Statistics of one milestone, in seconds from the first signal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MilestoneStats {
    /// The milestone.
    pub milestone: Option<Milestone>,
    /// Reviews that have it timed.
    pub n: usize,
    /// Median (mean of the two middle values for an even count).
    pub median: Option<f64>,
    /// First quartile (linear interpolation between order statistics).
    pub p25: Option<f64>,
    /// Third quartile.
    pub p75: Option<f64>,
    /// Shortest.
    pub min: Option<i64>,
    /// Longest.
    pub max: Option<i64>,
    /// Reviews in the picture without it, by position in the list given.
    pub lacking: Vec<usize>,
}

/// Whether a review belongs in the first-half-hour picture.
pub fn in_picture(r: &ReviewEntry) -> bool {
    r.kind == SessionKind::IncidentReview || r.has_milestones()
}

/// The quantile `q` (0 to 1) of sorted values, interpolated linearly.
pub fn quantile(sorted: &[i64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = q.clamp(0.0, 1.0) * last as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let a = *sorted.get(lo)? as f64;
    let b = *sorted.get(hi)? as f64;
    Some(a + (b - a) * (pos - lo as f64))
}

/// Statistics for every milestone after the first signal, over `reviews`.
pub fn stats(reviews: &[&ReviewEntry]) -> Vec<MilestoneStats> {
    Milestone::ALL
        .iter()
        .skip(1)
        .map(|&m| {
            let mut values = Vec::new();
            let mut lacking = Vec::new();
            for (i, r) in reviews.iter().enumerate().filter(|(_, r)| in_picture(r)) {
                match r.since_first_signal(m) {
                    Some(s) => values.push(s),
                    None => lacking.push(i),
                }
            }
            values.sort_unstable();
            MilestoneStats {
                milestone: Some(m),
                n: values.len(),
                median: quantile(&values, 0.5),
                p25: quantile(&values, 0.25),
                p75: quantile(&values, 0.75),
                min: values.first().copied(),
                max: values.last().copied(),
                lacking,
            }
        })
        .collect()
}

/// Reviews in the picture with no first signal marked with a time.
pub fn without_first_signal(reviews: &[&ReviewEntry]) -> Vec<usize> {
    reviews
        .iter()
        .enumerate()
        .filter(|(_, r)| in_picture(r) && r.first_signal.is_none())
        .map(|(i, _)| i)
        .collect()
}

/// The first day of the quarter a date falls in.
pub fn quarter_start(d: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    chrono::NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1).unwrap_or(d)
}

/// The first half hour over time: for each milestone, the median minutes from the
/// first signal among the reviews of each quarter (dated by the quarter's first day).
/// A median per quarter shows the trend; a thousand single points would hide it.
pub fn chart(reviews: &[&ReviewEntry], milestones: &[Milestone]) -> PointChart {
    PointChart {
        title: "The first half hour over time: median minutes from the first signal, per quarter"
            .to_owned(),
        y_label: "minutes from the first signal".to_owned(),
        series: milestones
            .iter()
            .map(|&m| {
                let mut by_quarter: std::collections::BTreeMap<chrono::NaiveDate, Vec<i64>> =
                    std::collections::BTreeMap::new();
                for r in reviews {
                    if let Some(s) = r.since_first_signal(m) {
                        by_quarter.entry(quarter_start(r.date)).or_default().push(s);
                    }
                }
                PointSeries {
                    name: m.label().to_owned(),
                    points: by_quarter
                        .into_iter()
                        .filter_map(|(q, mut v)| {
                            v.sort_unstable();
                            quantile(&v, 0.5).map(|median| (q, median / 60.0))
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}
