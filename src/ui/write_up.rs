//! Derived data of the write-up, cached by revision: the publish gate, each section's
//! preview parts and the broken claims. Shared by the Narrative and Export screens.

use crate::model::export::section_markdown_using;
use crate::model::{Id, NarrativeSection, Session, narrative, publish};
use crate::ui::FrameCtx;
use egui::Ui;

/// The revisions caches of the write-up key off (see [`FrameCtx`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Revisions<'a> {
    /// Changes with every change.
    pub all: u64,
    /// Changes with every change outside the write-up.
    pub sources: u64,
    /// Per section, changes when its content is set.
    pub sections: &'a crate::model::SectionRevisions,
}

impl<'a> Revisions<'a> {
    /// The revisions of this frame.
    pub(crate) fn of(cx: &FrameCtx<'a>) -> Self {
        Self {
            all: cx.revision,
            sources: cx.sources_revision,
            sections: cx.section_revisions,
        }
    }
}

/// Where the statements are, rebuilt only when something outside the write-up changes:
/// indexing 40,000 statements on every keystroke in the write-up would make typing lag.
pub(crate) fn evidence_table_cached(
    ui: &Ui,
    session: &Session,
    sources_revision: u64,
) -> std::sync::Arc<narrative::EvidenceTable> {
    #[derive(Clone, Default)]
    struct Cache(Option<(u64, std::sync::Arc<narrative::EvidenceTable>)>);
    let id = egui::Id::unique("evidence_table_cache");
    if let Some((rev, table)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && rev == sources_revision
    {
        return table;
    }
    let table = std::sync::Arc::new(narrative::EvidenceTable::new(session));
    ui.data_mut(|d| d.insert_temp(id, Cache(Some((sources_revision, table.clone())))));
    table
}

/// The export's gate and the statements as it publishes them, rebuilt only when
/// something outside the write-up changes (both depend on statements and people).
type Gated = std::sync::Arc<(publish::Gate, Session, narrative::EvidenceTable)>;

pub(crate) fn gate_cached(
    ui: &Ui,
    session: &Session,
    sources_revision: u64,
    redact: bool,
) -> Gated {
    #[derive(Clone, Default)]
    struct Cache(Option<((u64, bool), Gated)>);
    let id = egui::Id::unique("publish_gate_cache");
    let key = (sources_revision, redact);
    if let Some((k, g)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && k == key
    {
        return g;
    }
    let gate = publish::Gate::new(session, publish::Audience::for_export(redact));
    let published = gate.session(session).session;
    let table = narrative::EvidenceTable::new(&published);
    let g = std::sync::Arc::new((gate, published, table));
    ui.data_mut(|d| d.insert_temp(id, Cache(Some((key, g.clone())))));
    g
}

/// A section as the export will show it, in preview parts, rebuilt only when the
/// session changes.
pub(crate) fn section_parts_cached(
    ui: &Ui,
    session: &Session,
    revs: Revisions<'_>,
    sec: &NarrativeSection,
    redact: bool,
) -> std::sync::Arc<Vec<String>> {
    type Key = (u64, Id, bool);
    #[derive(Clone, Default)]
    struct Cache(Option<(Key, std::sync::Arc<Vec<String>>)>);
    let id = egui::Id::unique("section_markdown_cache");
    let key = (revs.all, sec.id, redact);
    if let Some((k, md)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && k == key
    {
        return md;
    }
    let gated = gate_cached(ui, session, revs.sources, redact);
    let (gate, published, table) = &*gated;
    let index = narrative::EvidenceIndex::with_table(published, table);
    let md = section_markdown_using(&index, gate, sec);
    let parts = std::sync::Arc::new(crate::model::export::preview_parts(&md));
    ui.data_mut(|d| d.insert_temp(id, Cache(Some((key, parts.clone())))));
    parts
}

/// Claims whose evidence is gone, recomputed only when the session changes — and then
/// only for sections whose text changed, unless statements changed too (typing in one
/// section of a long write-up rescans that section only).
pub(crate) fn broken_claims_cached(
    ui: &Ui,
    session: &Session,
    revs: Revisions<'_>,
) -> std::sync::Arc<Vec<narrative::BrokenClaim>> {
    type Claims = std::sync::Arc<Vec<narrative::BrokenClaim>>;
    #[derive(Clone, Default)]
    struct Cache(Option<(u64, Claims)>);
    /// By section id and the section revision they are for, with the sources revision.
    #[derive(Clone, Default)]
    struct PerSection(u64, std::collections::HashMap<(Id, u64), Claims>);
    let id = egui::Id::unique("broken_claims_cache");
    if let Some((rev, claims)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
        && rev == revs.all
    {
        return claims;
    }
    let per_section_id = egui::Id::unique("broken_claims_per_section");
    let mut cache =
        ui.data_mut(|d| std::mem::take(d.get_temp_mut_or_default::<PerSection>(per_section_id)));
    if cache.0 != revs.sources {
        cache.1.clear();
    }
    let table = evidence_table_cached(ui, session, revs.sources);
    let index = narrative::EvidenceIndex::with_table(session, &table);
    let mut per_section = std::collections::HashMap::new();
    let mut all = Vec::new();
    for sec in session.narrative.sections.iter().filter(|s| s.included) {
        let key = (sec.id, revs.sections.of(sec.id));
        let claims = cache.1.remove(&key).unwrap_or_else(|| {
            std::sync::Arc::new(narrative::broken_claims_with(
                &index,
                std::slice::from_ref(sec),
            ))
        });
        all.extend(claims.iter().cloned());
        per_section.insert(key, claims);
    }
    let all = std::sync::Arc::new(all);
    ui.data_mut(|d| {
        d.insert_temp(id, Cache(Some((revs.all, all.clone()))));
        d.insert_temp(per_section_id, PerSection(revs.sources, per_section));
    });
    all
}
