//! The merge itself: every entity of three copies (two without a common base) by id,
//! nested ones too, each with the id of the entity it sits in, so an entity moved
//! between interviews or maps is still the same entity.
//!
//! For each id: both copies hold it → its fields merge ([`Fields::merge_own`]); one copy
//! holds it and the base did not → added; one copy holds it and the base did too → the
//! other copy deleted it: gone if this copy left it as it was, otherwise kept with a
//! conflict. A container (interview, map, guide) kept that way keeps everything in it.
//! Without a base, the other copy's tombstones say whether it deleted the entity, and
//! their fingerprints whether this copy changed it since.

use super::fields::{FieldConflict, Fields, Fnv, pick};
use super::order::{ListCtx, merge_order};
use crate::model::conflict::{Conflict, ConflictKind, EntityKind};
use crate::model::id::Id;
use crate::model::session::*;
use std::collections::{HashMap, HashSet};

/// The "parent" of top-level entities.
const TOP: Id = Id::NIL;

/// Why an entity one copy deleted is kept anyway.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Keep {
    /// Something in the merged session refers to it, or sits inside it.
    Used,
    /// The container it sits in is kept.
    Inside,
}

/// One kind of entity of one copy: each by id, with the entity it sits in, and the
/// order of each container's list.
pub(crate) struct Flat<'a, T> {
    pub(crate) items: HashMap<Id, (Id, &'a T)>,
    seqs: HashMap<Id, Vec<Id>>,
}

impl<T> Default for Flat<'_, T> {
    fn default() -> Self {
        Self {
            items: HashMap::new(),
            seqs: HashMap::new(),
        }
    }
}

impl<'a, T: Fields> Flat<'a, T> {
    fn add(&mut self, parent: Id, list: &'a [T]) {
        self.seqs
            .insert(parent, list.iter().map(Fields::eid).collect());
        self.items.reserve(list.len());
        for x in list {
            self.items.insert(x.eid(), (parent, x));
        }
    }

    fn top(list: &'a [T]) -> Self {
        let mut f = Self::default();
        f.add(TOP, list);
        f
    }

    fn seq(&self, parent: Id) -> &[Id] {
        self.seqs.get(&parent).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Every entity of one copy, flattened, and its tombstones.
pub(crate) struct Side<'a> {
    pub(crate) session: &'a Session,
    pub(crate) participants: Flat<'a, Participant>,
    pub(crate) interviews: Flat<'a, Interview>,
    pub(crate) statements: Flat<'a, Statement>,
    pub(crate) asked: Flat<'a, AskedQuestion>,
    pub(crate) timeline: Flat<'a, TimelineEvent>,
    pub(crate) decisions: Flat<'a, DecisionPoint>,
    pub(crate) codes: Flat<'a, Code>,
    pub(crate) tags: Flat<'a, TagApplication>,
    pub(crate) themes: Flat<'a, Theme>,
    pub(crate) findings: Flat<'a, Finding>,
    pub(crate) follow_ups: Flat<'a, FollowUp>,
    pub(crate) maps: Flat<'a, WorkMap>,
    pub(crate) nodes: Flat<'a, MapNode>,
    pub(crate) edges: Flat<'a, MapEdge>,
    pub(crate) links: Flat<'a, MapLink>,
    pub(crate) sections: Flat<'a, NarrativeSection>,
    pub(crate) guides: Flat<'a, Guide>,
    pub(crate) questions: Flat<'a, GuideQuestion>,
    pub(crate) conflicts: Flat<'a, Conflict>,
    pub(crate) deleted: HashMap<Id, u64>,
}

impl<'a> Side<'a> {
    /// Flattens a session.
    pub(crate) fn of(s: &'a Session) -> Self {
        let mut side = Side {
            session: s,
            participants: Flat::top(&s.participants),
            interviews: Flat::top(&s.interviews),
            statements: Flat::default(),
            asked: Flat::default(),
            timeline: Flat::top(&s.timeline),
            decisions: Flat::top(&s.decision_points),
            codes: Flat::top(&s.codes),
            tags: Flat::top(&s.tags),
            themes: Flat::top(&s.themes),
            findings: Flat::top(&s.findings),
            follow_ups: Flat::top(&s.follow_ups),
            maps: Flat::top(&s.maps),
            nodes: Flat::default(),
            edges: Flat::default(),
            links: Flat::default(),
            sections: Flat::top(&s.narrative.sections),
            guides: Flat::top(&s.guides),
            questions: Flat::default(),
            conflicts: Flat::top(&s.conflicts),
            deleted: s.deleted.iter().map(|t| (t.id, t.fingerprint)).collect(),
        };
        for i in &s.interviews {
            side.statements.add(i.id, &i.statements);
            side.asked.add(i.id, &i.asked);
        }
        for m in &s.maps {
            side.nodes.add(m.id, &m.nodes);
            side.edges.add(m.id, &m.edges);
            side.links.add(m.id, &m.links);
        }
        for g in &s.guides {
            side.questions.add(g.id, &g.questions);
        }
        side
    }

    /// Whether any entity of this copy has the id.
    pub(crate) fn holds(&self, id: &Id) -> bool {
        self.participants.items.contains_key(id)
            || self.interviews.items.contains_key(id)
            || self.statements.items.contains_key(id)
            || self.asked.items.contains_key(id)
            || self.timeline.items.contains_key(id)
            || self.decisions.items.contains_key(id)
            || self.codes.items.contains_key(id)
            || self.tags.items.contains_key(id)
            || self.themes.items.contains_key(id)
            || self.findings.items.contains_key(id)
            || self.follow_ups.items.contains_key(id)
            || self.maps.items.contains_key(id)
            || self.nodes.items.contains_key(id)
            || self.edges.items.contains_key(id)
            || self.links.items.contains_key(id)
            || self.sections.items.contains_key(id)
            || self.guides.items.contains_key(id)
            || self.questions.items.contains_key(id)
    }
}

/// One pass of the merge.
struct Round<'r> {
    ctx: ListCtx<'r>,
    keep: &'r mut HashMap<Id, Keep>,
    conflicts: Vec<Conflict>,
}

/// A stable conflict id from the entity and the field: the same in either merge order.
fn conflict_id(entity: Id, field: &str) -> Id {
    let half = |seed: &[u8]| {
        let mut h = Fnv::new();
        h.write(seed);
        h.write(entity.0.as_bytes());
        h.write(field.as_bytes());
        h.finish()
    };
    let n = (u128::from(half(b"conflict")) << 64) | u128::from(half(b"second-story"));
    // A version-8 (custom) UUID with the RFC 4122 variant.
    let n = (n & !(0xF << 76) & !(0x3 << 62)) | (0x8 << 76) | (0x2 << 62);
    Id::from_u128(n)
}

impl Round<'_> {
    fn record(
        &mut self,
        kind: ConflictKind,
        ek: EntityKind,
        entity: Id,
        what: String,
        f: FieldConflict,
    ) {
        self.conflicts.push(Conflict {
            id: conflict_id(entity, &f.field),
            kind,
            entity_kind: ek,
            entity,
            what,
            field: f.field,
            base: f.base,
            ours: Some(f.ours),
            theirs: Some(f.theirs),
        });
    }

    /// Both copies hold the entity.
    fn both<T: Fields>(&mut self, b: Option<&(Id, &T)>, o: &(Id, &T), t: &(Id, &T)) -> (Id, T) {
        if o.0 == t.0 && o.1 == t.1 {
            return (o.0, o.1.clone());
        }
        // Moved to different places on both sides: the same place either way round.
        let parent = *pick(b.map(|b| &b.0), &o.0, &t.0).unwrap_or_else(|()| (&o.0).min(&t.0));
        let bv = b.map(|b| b.1);
        let merged = if o.1.own_eq(t.1) || bv.is_some_and(|b| b.own_eq(t.1)) {
            o.1.clone()
        } else if bv.is_some_and(|b| b.own_eq(o.1)) {
            t.1.clone()
        } else if T::KIND == EntityKind::Conflict {
            // Two versions of an old conflict: the same one either way round.
            if o.1.fingerprint() <= t.1.fingerprint() {
                o.1.clone()
            } else {
                t.1.clone()
            }
        } else {
            let mut found = Vec::new();
            let merged = T::merge_own(bv, o.1, t.1, &self.ctx, &mut found);
            // Named the same way whichever copy is "ours".
            let what = match bv {
                Some(b) => b.label(),
                None => o.1.label().min(t.1.label()),
            };
            for f in found {
                self.record(
                    ConflictKind::BothChanged,
                    T::KIND,
                    o.1.eid(),
                    what.clone(),
                    f,
                );
            }
            merged
        };
        (parent, merged)
    }

    /// Only one copy holds the entity (`ours` says which).
    fn one_side<T: Fields>(
        &mut self,
        b: Option<&(Id, &T)>,
        x: &(Id, &T),
        ours: bool,
    ) -> Option<(Id, T)> {
        let id = x.1.eid();
        let other_deleted = if ours {
            self.ctx.theirs_deleted
        } else {
            self.ctx.ours_deleted
        };
        let unchanged = match b {
            Some((bp, bv)) => *bp == x.0 && *bv == x.1,
            None if self.ctx.two_way && other_deleted.contains_key(&id) => {
                let mut same = other_deleted.get(&id) == Some(&x.1.fingerprint());
                x.1.each_child(&mut |c, fp| same &= other_deleted.get(&c) == Some(&fp));
                same
            }
            // Added by this copy.
            None => return Some((x.0, x.1.clone())),
        };
        match self.keep.get(&id).copied() {
            Some(Keep::Inside) => {}
            None if unchanged => return None,
            _ if T::KIND == EntityKind::Conflict => {}
            keep => {
                let kind = if keep == Some(Keep::Used) && unchanged {
                    ConflictKind::DeletedButUsed
                } else {
                    ConflictKind::DeletedAndChanged
                };
                let text = Some(x.1.own_text());
                let (o, t) = if ours { (text, None) } else { (None, text) };
                self.conflicts.push(Conflict {
                    id: conflict_id(id, ""),
                    kind,
                    entity_kind: T::KIND,
                    entity: id,
                    what: x.1.label(),
                    field: String::new(),
                    base: b.map(|b| b.1.own_text()),
                    ours: o,
                    theirs: t,
                });
            }
        }
        // Kept: so is everything in it.
        x.1.each_child(&mut |c, _| {
            self.keep.entry(c).or_insert(Keep::Inside);
        });
        Some((x.0, x.1.clone()))
    }

    fn kind<T: Fields>(
        &mut self,
        b: Option<&Flat<'_, T>>,
        o: &Flat<'_, T>,
        t: &Flat<'_, T>,
    ) -> Merged<T> {
        let mut m = Merged {
            items: HashMap::with_capacity(o.items.len().max(t.items.len())),
            by_parent: HashMap::new(),
        };
        for (id, ox) in &o.items {
            let bx = b.and_then(|b| b.items.get(id));
            let r = match t.items.get(id) {
                Some(tx) => Some(self.both(bx, ox, tx)),
                None => self.one_side(bx, ox, true),
            };
            m.insert(*id, r);
        }
        for (id, tx) in &t.items {
            if !o.items.contains_key(id) {
                let bx = b.and_then(|b| b.items.get(id));
                let r = self.one_side(bx, tx, false);
                m.insert(*id, r);
            }
        }
        m
    }
}

/// One kind of entity, merged, waiting to be put in place.
struct Merged<T> {
    items: HashMap<Id, (Id, T)>,
    by_parent: HashMap<Id, Vec<Id>>,
}

impl<T: Fields> Merged<T> {
    fn insert(&mut self, id: Id, r: Option<(Id, T)>) {
        if let Some((parent, x)) = r {
            self.by_parent.entry(parent).or_default().push(id);
            self.items.insert(id, (parent, x));
        }
    }

    /// The merged entities that sit in `parent`, in the merged order.
    fn take(
        &mut self,
        parent: Id,
        b: Option<&Flat<'_, T>>,
        o: &Flat<'_, T>,
        t: &Flat<'_, T>,
    ) -> Vec<T> {
        let Some(members) = self.by_parent.remove(&parent) else {
            return Vec::new();
        };
        let set: HashSet<Id> = members.iter().copied().collect();
        let mut order = merge_order(
            b.map(|b| b.seq(parent)),
            o.seq(parent),
            t.seq(parent),
            &|k| set.contains(k),
        );
        if order.len() < members.len() {
            let placed: HashSet<Id> = order.iter().copied().collect();
            let mut rest: Vec<Id> = members
                .into_iter()
                .filter(|k| !placed.contains(k))
                .collect();
            rest.sort();
            order.extend(rest);
        }
        order
            .into_iter()
            .filter_map(|id| self.items.remove(&id).map(|(_, x)| x))
            .collect()
    }

    /// The containers of entities that found no place (their container is gone).
    fn homeless(&self, out: &mut Vec<Id>) {
        out.extend(self.items.values().map(|(p, _)| *p));
    }
}

/// The session's own fields only (its lists empty), for merging them.
pub(crate) fn head(s: &Session) -> Session {
    Session {
        id: s.id,
        title: s.title.clone(),
        kind: s.kind,
        purpose: s.purpose.clone(),
        facilitators: s.facilitators.clone(),
        created: s.created,
        updated: s.updated,
        narrative: Narrative {
            sections: Vec::new(),
            acknowledged: s.narrative.acknowledged.clone(),
        },
        ..Session::default()
    }
}

/// What one pass gives: the session (conflicts and tombstones not yet filled in), the
/// conflicts it found, and the containers missing for entities that sit in them.
pub(crate) struct Pass {
    pub(crate) session: Session,
    pub(crate) found: Vec<Conflict>,
    pub(crate) homeless: Vec<Id>,
}

/// One pass of the merge with the given entities kept whatever the copies did.
pub(crate) fn pass(
    b: Option<&Side<'_>>,
    o: &Side<'_>,
    t: &Side<'_>,
    keep: &mut HashMap<Id, Keep>,
) -> Pass {
    let mut r = Round {
        ctx: ListCtx {
            two_way: b.is_none(),
            ours_deleted: &o.deleted,
            theirs_deleted: &t.deleted,
        },
        keep,
        conflicts: Vec::new(),
    };
    let (hb, ho, ht) = (b.map(|b| head(b.session)), head(o.session), head(t.session));
    let id = o.session.id;
    let mut s = r
        .both(
            hb.as_ref().map(|h| (TOP, h)).as_ref(),
            &(TOP, &ho),
            &(TOP, &ht),
        )
        .1;
    s.id = id;
    // Containers first: a container kept after a deletion keeps what is in it.
    macro_rules! kinds {
        ($($f:ident),*) => { $( let mut $f = r.kind(b.map(|b| &b.$f), &o.$f, &t.$f); )* };
    }
    kinds!(
        participants,
        interviews,
        timeline,
        decisions,
        codes,
        tags,
        themes,
        findings
    );
    kinds!(follow_ups, maps, sections, guides, conflicts);
    kinds!(statements, asked, nodes, edges, links, questions);
    macro_rules! take {
        ($m:ident, $parent:expr) => {
            $m.take($parent, b.map(|b| &b.$m), &o.$m, &t.$m)
        };
    }
    s.participants = take!(participants, TOP);
    s.interviews = take!(interviews, TOP);
    for i in &mut s.interviews {
        i.statements = take!(statements, i.id);
        i.asked = take!(asked, i.id);
    }
    s.timeline = take!(timeline, TOP);
    s.decision_points = take!(decisions, TOP);
    s.codes = take!(codes, TOP);
    s.tags = take!(tags, TOP);
    s.themes = take!(themes, TOP);
    s.findings = take!(findings, TOP);
    s.follow_ups = take!(follow_ups, TOP);
    s.maps = take!(maps, TOP);
    for m in &mut s.maps {
        m.nodes = take!(nodes, m.id);
        m.edges = take!(edges, m.id);
        m.links = take!(links, m.id);
    }
    s.narrative.sections = take!(sections, TOP);
    s.guides = take!(guides, TOP);
    for g in &mut s.guides {
        g.questions = take!(questions, g.id);
    }
    s.conflicts = take!(conflicts, TOP);
    let mut homeless = Vec::new();
    statements.homeless(&mut homeless);
    asked.homeless(&mut homeless);
    nodes.homeless(&mut homeless);
    edges.homeless(&mut homeless);
    links.homeless(&mut homeless);
    questions.homeless(&mut homeless);
    Pass {
        session: s,
        found: r.conflicts,
        homeless,
    }
}
