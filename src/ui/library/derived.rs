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
    /// What the patterns, follow-ups and first half hour were made from (library
    /// generation, filter, day): they are worked out only when a part shows them.
    picture_key: Option<(u64, ReviewFilter, NaiveDate)>,
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

    /// Works the table out again if the library, filter, order or day changed, and,
    /// with `picture` (a part that shows them is on screen), the patterns,
    /// follow-ups and first half hour too. While the table is shown they wait: with
    /// a thousand reviews they take several ms, too much for every frame that takes
    /// in files while a library is read.
    pub fn update(
        &mut self,
        library: &Library,
        filter: &ReviewFilter,
        sort: SortBy,
        descending: bool,
        today: NaiveDate,
        picture: bool,
    ) {
        let key = (
            library.generation(),
            filter.clone(),
            sort,
            descending,
            today,
        );
        let shown = library.reviews();
        if self.key.as_ref() != Some(&key) {
            let same_data = self
                .key
                .as_ref()
                .is_some_and(|k| k.0 == key.0 && k.1 == key.1 && k.4 == key.4);
            self.rows = filter::select(shown, filter, sort, descending);
            if !same_data {
                self.selected = (0..shown.len())
                    .filter(|&i| shown.get(i).is_some_and(|s| filter.passes(&s.entry)))
                    .collect();
            }
            if self.key.as_ref().is_none_or(|k| k.0 != key.0) {
                self.all_codes = all_codes(shown);
            }
            self.key = Some(key);
        }
        let picture_key = (library.generation(), filter.clone(), today);
        if !picture || self.picture_key.as_ref() == Some(&picture_key) {
            return;
        }
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
        self.picture_key = Some(picture_key);
    }

    /// Whether the patterns, follow-ups and first half hour were worked out (from
    /// some state of the library).
    pub fn has_picture(&self) -> bool {
        self.picture_key.is_some()
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

/// The codes used in the library, each once (the first spelling met, as ASCII case
/// is ignored), in case-insensitive order. Each name is lowered once: sorting every
/// use with a key made per comparison cost tens of ms a frame while reading.
fn all_codes(shown: &[crate::model::library::Shown]) -> Vec<String> {
    let mut by_key: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    // Most uses repeat a name already met, spelled the same: no lower-case copy then.
    let mut met: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for c in shown.iter().flat_map(|s| s.entry.codes.iter()) {
        if met.insert(c.name.as_str()) {
            by_key
                .entry(c.name.to_ascii_lowercase())
                .or_insert(c.name.as_str());
        }
    }
    let mut all: Vec<(String, &str)> = by_key.into_iter().collect();
    all.sort_by_cached_key(|(_, name)| name.to_lowercase());
    all.into_iter().map(|(_, name)| name.to_owned()).collect()
}
