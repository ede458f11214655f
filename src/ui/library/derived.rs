//! What the Library workspace shows, worked out once per change of the library or
//! the filters (not every frame): the rows of the table, the patterns, the
//! follow-ups, the first half hour, and their charts.

use crate::model::Milestone;
use crate::model::library::entry::{FollowUpEntry, ReviewEntry};
use crate::model::library::filter::{self, ReviewFilter, SortBy};
use crate::model::library::svg::{BarChart, PointChart};
use crate::model::library::{Library, follow_ups, patterns, response};
use chrono::NaiveDate;

/// The derived data, and what it was made from.
#[derive(Default)]
pub(super) struct Derived {
    key: Option<(u64, ReviewFilter, SortBy, bool, NaiveDate)>,
    /// Reviews shown in the table (positions in the library's reviews), sorted.
    pub rows: Vec<usize>,
    /// Reviews the filter lets through, in library order (what the other parts
    /// count; their positions are what the statistics below refer to).
    pub selected: Vec<usize>,
    pub codes: Vec<patterns::Pattern>,
    pub themes: Vec<patterns::Pattern>,
    pub split: follow_ups::Split,
    /// Open follow-ups whose soak date has come: (position in `selected`, follow-up).
    pub due: Vec<(usize, FollowUpEntry)>,
    pub stats: Vec<response::MilestoneStats>,
    pub without_first_signal: Vec<usize>,
    pub in_picture: usize,
    pub code_chart: BarChart,
    pub theme_chart: BarChart,
    pub follow_up_chart: BarChart,
    pub response_chart: PointChart,
    /// Codes used in the library, for the filter's list.
    pub all_codes: Vec<String>,
}

/// How many patterns the charts show.
const TOP: usize = 15;

impl Derived {
    /// Whether the person changed the filter or the order since the last update:
    /// that is worked out at once, even while files are still arriving.
    pub fn asked_for_other(&self, filter: &ReviewFilter, sort: SortBy, descending: bool) -> bool {
        self.key
            .as_ref()
            .is_none_or(|k| &k.1 != filter || k.2 != sort || k.3 != descending)
    }

    /// Works everything out again if the library, filter, order or day changed.
    pub fn update(
        &mut self,
        library: &Library,
        filter: &ReviewFilter,
        sort: SortBy,
        descending: bool,
        today: NaiveDate,
    ) {
        let key = (
            library.generation(),
            filter.clone(),
            sort,
            descending,
            today,
        );
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let same_data = self
            .key
            .as_ref()
            .is_some_and(|k| k.0 == key.0 && k.1 == key.1 && k.4 == key.4);
        let shown = library.reviews();
        self.rows = filter::select(shown, filter, sort, descending);
        if !same_data {
            self.selected = (0..shown.len())
                .filter(|&i| shown.get(i).is_some_and(|s| filter.passes(&s.entry)))
                .collect();
            let entries: Vec<&ReviewEntry> = self
                .selected
                .iter()
                .filter_map(|&i| shown.get(i))
                .map(|s| s.entry.as_ref())
                .collect();
            self.codes = patterns::codes(&entries);
            self.themes = patterns::themes(&entries);
            self.split = follow_ups::split(&entries, today);
            self.due = follow_ups::due(&entries, today)
                .into_iter()
                .map(|(i, f)| (i, f.clone()))
                .collect();
            self.stats = response::stats(&entries);
            self.without_first_signal = response::without_first_signal(&entries);
            self.in_picture = entries.iter().filter(|e| response::in_picture(e)).count();
            self.code_chart = patterns::chart("Codes in the most reviews", &self.codes, TOP);
            self.theme_chart = patterns::chart("Themes in the most reviews", &self.themes, TOP);
            self.follow_up_chart = follow_ups::chart(&entries);
            self.response_chart = response::chart(
                &entries,
                &[
                    Milestone::Detected,
                    Milestone::Declared,
                    Milestone::FirstInternalUpdate,
                    Milestone::FirstCustomerCommunication,
                    Milestone::Mitigated,
                ],
            );
            let mut all: Vec<String> = shown
                .iter()
                .flat_map(|s| s.entry.codes.iter().map(|c| c.name.clone()))
                .collect();
            all.sort_by_key(|a| a.to_lowercase());
            all.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
            self.all_codes = all;
        }
        self.key = Some(key);
    }

    /// Whether nothing was worked out yet.
    pub fn is_empty(&self) -> bool {
        self.key.is_none()
    }

    /// The review at position `i` of the selection.
    pub fn selected_review<'a>(&self, library: &'a Library, i: usize) -> Option<&'a ReviewEntry> {
        self.selected
            .get(i)
            .and_then(|&k| library.reviews().get(k))
            .map(|s| s.entry.as_ref())
    }
}
