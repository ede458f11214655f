//! The language check in the app: the rules for the open session (the project's
//! `.second-story-lint.ron` or the built-in rules), findings per section cached by
//! text and rules, and the counts the Narrative and Export workspaces show.

use super::write_up::Revisions;
use crate::model::lint::{self, Linter};
use crate::model::{Id, NarrativeSection, Session};
use egui::Ui;

/// Open, acknowledged and exempt findings over the included sections.
pub(crate) fn lint_counts(
    ui: &Ui,
    session: &Session,
    revs: Revisions<'_>,
) -> (usize, usize, usize) {
    lint_summary(ui, session, revs).totals
}

/// Unacknowledged language findings in a section.
pub(crate) fn open_findings(
    ui: &Ui,
    session: &Session,
    revs: Revisions<'_>,
    sec: &NarrativeSection,
) -> usize {
    lint_summary(ui, session, revs)
        .open
        .get(&sec.id)
        .copied()
        .unwrap_or_default()
}

/// The language check over the whole write-up, as the list, toolbar and export show it.
#[derive(Clone, Debug, Default)]
pub(crate) struct LintSummary {
    /// Open, acknowledged and exempt findings over the included sections.
    pub totals: (usize, usize, usize),
    /// Open findings per section (included or not).
    pub open: std::collections::HashMap<Id, usize>,
}

/// [`LintSummary`] for the session at `revision`, computed once per revision, with the
/// findings kept per section while its content stays the same (typing re-checks only
/// the section typed in, and nothing hashes the whole write-up).
pub(crate) fn lint_summary(
    ui: &Ui,
    session: &Session,
    revs: Revisions<'_>,
) -> std::sync::Arc<LintSummary> {
    #[derive(Clone, Default)]
    struct Cache(Option<(u64, u64, std::sync::Arc<LintSummary>)>);
    /// Findings per section, with the section revision and rules they are for.
    #[derive(Clone, Default)]
    struct PerSection(std::collections::HashMap<Id, (u64, u64, Findings)>);
    let id = egui::Id::unique("lint_summary");
    let rules = current_linter(ui).generation();
    if let Some((rev, generation, summary)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && rev == revs.all
        && generation == rules
    {
        return summary;
    }
    let per_section_id = egui::Id::unique("lint_per_section");
    let mut cached = ui.data_mut(|d| {
        std::mem::take(&mut d.get_temp_mut_or_default::<PerSection>(per_section_id).0)
    });
    let linter = current_linter(ui);
    let acks = &session.narrative.acknowledged;
    let mut summary = LintSummary::default();
    let mut per_section = std::collections::HashMap::new();
    // One pass under one lock: a long write-up has a hundred sections.
    ui.data_mut(|d| {
        let texts = d.get_temp_mut_or_default::<LintCache>(egui::Id::unique("lint_cache"));
        for sec in &session.narrative.sections {
            let rev = revs.sections.of(sec.id);
            let findings = match cached.remove(&sec.id) {
                Some((r, g, f)) if r == rev && g == rules => f,
                _ => texts.get(&linter, &sec.body),
            };
            per_section.insert(sec.id, (rev, rules, findings.clone()));
            let mut open = 0;
            for f in findings.iter() {
                let acked = lint::is_acknowledged(acks, f, &sec.body, Some(sec.id));
                if !f.exempt && !acked {
                    open += 1;
                }
                if sec.included {
                    if f.exempt {
                        summary.totals.2 += 1;
                    } else if acked {
                        summary.totals.1 += 1;
                    } else {
                        summary.totals.0 += 1;
                    }
                }
            }
            summary.open.insert(sec.id, open);
        }
    });
    let summary = std::sync::Arc::new(summary);
    ui.data_mut(|d| {
        d.insert_temp(id, Cache(Some((revs.all, rules, summary.clone()))));
        d.insert_temp(per_section_id, PerSection(per_section));
    });
    summary
}

pub(crate) type Findings = std::sync::Arc<Vec<lint::LintFinding>>;

/// Language findings of a text, computed once per distinct text: the check would
/// otherwise run over every section several times a frame (list badges, counts,
/// the editor's highlighting), which made a long write-up lag.
pub(crate) fn lint_cached(ui: &Ui, text: &str) -> Findings {
    let linter = current_linter(ui);
    ui.data_mut(|d| {
        d.get_temp_mut_or_default::<LintCache>(egui::Id::unique("lint_cache"))
            .get(&linter, text)
    })
}

/// Findings by the rules' generation and a hash of the text.
#[derive(Clone, Default)]
pub(crate) struct LintCache(std::collections::HashMap<(u64, u64), Findings>);

impl LintCache {
    fn get(&mut self, linter: &Linter, text: &str) -> Findings {
        // egui's own (fast) hash: a long write-up is hashed whenever it changes.
        let key = (linter.generation(), egui::util::hash(text));
        if let Some(hit) = self.0.get(&key) {
            return hit.clone();
        }
        if self.0.len() > 1024 {
            self.0.clear();
        }
        let findings = std::sync::Arc::new(linter.check(text));
        self.0.insert(key, findings.clone());
        findings
    }
}

/// The language check's rules for the open session: the project's
/// `.second-story-lint.ron` found upward from the session file's folder (natively),
/// or the built-in rules. Kept in [`crate::ui::Scratch`]; the app syncs it every frame.
#[derive(Clone, Debug, Default)]
pub struct LintRules {
    /// The session file the rules were looked up for (None: not yet, or unsaved).
    looked_up: Option<Option<std::path::PathBuf>>,
}

/// Where the current rules live in egui's memory, for views that only have a `Ui`.
fn linter_id() -> egui::Id {
    egui::Id::unique("lint_rules")
}

#[derive(Clone)]
struct CurrentLinter(std::sync::Arc<Linter>);

impl LintRules {
    /// Looks the rules up again when the session file changed (opened, saved as).
    /// Returns a message when the project's rules could not be used or warned.
    pub fn sync(
        &mut self,
        ctx: &egui::Context,
        session_path: Option<&std::path::Path>,
    ) -> Option<String> {
        let path = session_path.map(std::path::Path::to_path_buf);
        if self.looked_up.as_ref() == Some(&path) {
            return None;
        }
        let (linter, message) = crate::io::lint_config::linter_for_session(path.as_deref());
        ctx.data_mut(|d| d.insert_temp(linter_id(), CurrentLinter(linter)));
        self.looked_up = Some(path);
        message
    }
}

/// The rules the views check with (the built-in rules until the app syncs).
pub(crate) fn current_linter(ui: &Ui) -> std::sync::Arc<Linter> {
    ui.data(|d| d.get_temp::<CurrentLinter>(linter_id()))
        .map_or_else(Linter::builtin, |c| c.0)
}
