//! Follow-ups across reviews: response/recovery (helps every future incident, time
//! to recover) against prevention of one trigger (time between failures), open or
//! done, and soak dates come due. A programme whose follow-ups are all prevention is
//! running the TSA strategy; one that invests in response and recovery, the NASA one.

use super::entry::{FollowUpEntry, ReviewEntry};
use super::svg::{BarChart, Series};
use crate::model::session::FollowUpClass;
use chrono::{Datelike, NaiveDate};

/// Follow-ups of one class by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Acted on.
    pub done: usize,
    /// Open, still soaking (the soak date is after today).
    pub soaking: usize,
    /// Open, soak date reached: ready to decide on.
    pub due: usize,
    /// Open, with no soak date.
    pub undated: usize,
}

impl Counts {
    /// All follow-ups of the class.
    pub fn total(&self) -> usize {
        self.done + self.open()
    }

    /// Those not yet acted on.
    pub fn open(&self) -> usize {
        self.soaking + self.due + self.undated
    }

    fn add(&mut self, f: &FollowUpEntry, today: NaiveDate) {
        if f.done {
            self.done += 1;
        } else {
            match f.soak_until {
                Some(d) if d > today => self.soaking += 1,
                Some(_) => self.due += 1,
                None => self.undated += 1,
            }
        }
    }
}

/// Response/recovery against prevention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// Response and recovery.
    pub response: Counts,
    /// Prevention of a trigger.
    pub prevention: Counts,
}

impl Split {
    /// The share of follow-ups that are response/recovery (0 to 1), if there are any.
    pub fn response_share(&self) -> Option<f64> {
        let all = self.response.total() + self.prevention.total();
        (all > 0).then(|| self.response.total() as f64 / all as f64)
    }

    /// One sentence on what the split says, in plain words.
    pub fn reading(&self) -> String {
        match self.response_share() {
            None => "No follow-ups recorded in these reviews.".to_owned(),
            Some(s) if s < 0.25 => format!(
                "{:.0} % of follow-ups are response/recovery: most effort goes to preventing triggers that already happened (the TSA strategy, judged by time between failures).",
                s * 100.0
            ),
            Some(s) if s > 0.6 => format!(
                "{:.0} % of follow-ups are response/recovery: most effort goes to what helps every future incident (the NASA strategy, judged by time to recover).",
                s * 100.0
            ),
            Some(s) => format!(
                "{:.0} % of follow-ups are response/recovery, the rest prevention of particular triggers.",
                s * 100.0
            ),
        }
    }
}

/// The split over `reviews`, with soak dates read against `today`.
pub fn split(reviews: &[&ReviewEntry], today: NaiveDate) -> Split {
    let mut out = Split::default();
    for f in reviews.iter().flat_map(|r| &r.follow_ups) {
        match f.class {
            FollowUpClass::ResponseRecovery => out.response.add(f, today),
            FollowUpClass::Prevention => out.prevention.add(f, today),
        }
    }
    out
}

/// Open follow-ups whose soak date has come: (review position, follow-up), soonest
/// date first.
pub fn due<'a>(reviews: &[&'a ReviewEntry], today: NaiveDate) -> Vec<(usize, &'a FollowUpEntry)> {
    let mut out: Vec<(usize, &FollowUpEntry)> = reviews
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.follow_ups.iter().map(move |f| (i, f)))
        .filter(|(_, f)| !f.done && f.soak_until.is_some_and(|d| d <= today))
        .collect();
    out.sort_by_key(|(i, f)| (f.soak_until, *i));
    out
}

/// The quarter a date falls in, as "2026 Q2".
pub fn quarter(d: NaiveDate) -> String {
    format!("{} Q{}", d.year(), d.month0() / 3 + 1)
}

/// The TSA-or-NASA picture: per quarter of the reviews' dates, follow-ups that are
/// response/recovery and prevention, each split into done and open.
pub fn chart(reviews: &[&ReviewEntry]) -> BarChart {
    let mut quarters: Vec<String> = reviews.iter().map(|r| quarter(r.date)).collect();
    quarters.sort();
    quarters.dedup();
    let mut series: Vec<Series> = [
        "response/recovery, done",
        "response/recovery, open",
        "prevention, done",
        "prevention, open",
    ]
    .iter()
    .map(|n| Series {
        name: (*n).to_owned(),
        values: vec![0.0; quarters.len()],
    })
    .collect();
    for r in reviews {
        let Ok(q) = quarters.binary_search(&quarter(r.date)) else {
            continue;
        };
        for f in &r.follow_ups {
            let s = match (f.class, f.done) {
                (FollowUpClass::ResponseRecovery, true) => 0,
                (FollowUpClass::ResponseRecovery, false) => 1,
                (FollowUpClass::Prevention, true) => 2,
                (FollowUpClass::Prevention, false) => 3,
            };
            if let Some(v) = series.get_mut(s).and_then(|s| s.values.get_mut(q)) {
                *v += 1.0;
            }
        }
    }
    BarChart {
        title: "Follow-ups per quarter: response/recovery against prevention".to_owned(),
        y_label: "follow-ups".to_owned(),
        categories: quarters,
        series,
        stacked: true,
    }
}
