//! Which reviews a library view shows, and in what order: by kind, date, code (tag),
//! facilitator and title words; sorted by any column of the review table.

use super::Shown;
use super::entry::{ReviewEntry, key};
use crate::model::session::SessionKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The review table's filters. Empty fields let everything through.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewFilter {
    /// Only these kinds (empty: all).
    pub kinds: Vec<SessionKind>,
    /// Only reviews on or after this date.
    pub from: Option<NaiveDate>,
    /// Only reviews on or before this date.
    pub to: Option<NaiveDate>,
    /// Only reviews that used this code (by name, any case).
    pub code: String,
    /// Only reviews with a facilitator whose name contains this (any case).
    pub facilitator: String,
    /// Only reviews whose title contains every one of these words (any case).
    pub title: String,
}

impl ReviewFilter {
    /// Whether the filter lets every review through.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether a review passes.
    pub fn passes(&self, e: &ReviewEntry) -> bool {
        let code = key(&self.code);
        let facilitator = self.facilitator.trim().to_lowercase();
        let title = e.title.to_lowercase();
        (self.kinds.is_empty() || self.kinds.contains(&e.kind))
            && self.from.is_none_or(|d| e.date >= d)
            && self.to.is_none_or(|d| e.date <= d)
            && (code.is_empty() || e.codes.iter().any(|c| c.key() == code))
            && (facilitator.is_empty()
                || e.facilitators
                    .iter()
                    .any(|f| f.to_lowercase().contains(&facilitator)))
            && self
                .title
                .split_whitespace()
                .all(|w| title.contains(&w.to_lowercase()))
    }
}

/// A column of the review table to sort by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortBy {
    /// Date, newest first by default.
    #[default]
    Date,
    /// Title.
    Title,
    /// Kind of study.
    Kind,
    /// Participants.
    Participants,
    /// Statements.
    Statements,
    /// Decision points.
    DecisionPoints,
    /// Where the file is.
    Path,
}

/// The reviews that pass `filter`, as positions in `reviews`, sorted by `by`
/// (ascending unless `descending`; ties in path order).
pub fn select(
    reviews: &[Shown],
    filter: &ReviewFilter,
    by: SortBy,
    descending: bool,
) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..reviews.len())
        .filter(|&i| reviews.get(i).is_some_and(|s| filter.passes(&s.entry)))
        .collect();
    let kind_rank = |k: SessionKind| SessionKind::ALL.iter().position(|x| *x == k);
    rows.sort_by(|&a, &b| {
        let (Some(x), Some(y)) = (reviews.get(a), reviews.get(b)) else {
            return std::cmp::Ordering::Equal;
        };
        let (p, q) = (&x.entry, &y.entry);
        let order = match by {
            SortBy::Date => p.date.cmp(&q.date),
            SortBy::Title => p.title.to_lowercase().cmp(&q.title.to_lowercase()),
            SortBy::Kind => kind_rank(p.kind).cmp(&kind_rank(q.kind)),
            SortBy::Participants => p.participants.cmp(&q.participants),
            SortBy::Statements => p.statements.cmp(&q.statements),
            SortBy::DecisionPoints => p.decision_points.cmp(&q.decision_points),
            SortBy::Path => x.path.cmp(&y.path),
        };
        let order = if descending { order.reverse() } else { order };
        order.then_with(|| x.path.cmp(&y.path))
    });
    rows
}
