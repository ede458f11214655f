//! Tombstones: every deletion made through the app leaves the deleted entity's id and
//! fingerprint in `session.deleted` (see the [`super`] module comment for why), as part
//! of the same undo step.

use super::fields::Fields;
use crate::model::command::{Command, Edit};
use crate::model::conflict::Tombstone;
use crate::model::id::Id;
use crate::model::session::{Session, WorkMap};
use std::collections::{BTreeMap, HashSet};

/// Records tombstones for what a just-applied command removed, judged from its
/// `inverse` (which puts removed entities back) and the session after it. Returns the
/// inverse to keep for undo: unchanged when nothing was removed, otherwise with the
/// previous tombstones restored first.
pub fn record(s: &mut Session, inverse: Command) -> Command {
    let mut found = Vec::new();
    collect(&inverse, s, &mut found);
    if found.is_empty() {
        return inverse;
    }
    let old = s.deleted.clone();
    add(&mut s.deleted, found);
    Command::Batch {
        label: inverse.label(),
        commands: vec![Command::SetDeleted(old), inverse],
    }
}

/// Adds tombstones to a sorted list (a newer fingerprint replaces an older one).
pub fn add(list: &mut Vec<Tombstone>, found: Vec<(Id, u64)>) {
    for (id, fingerprint) in found {
        match list.binary_search_by(|t| t.id.cmp(&id)) {
            Ok(i) => list[i].fingerprint = fingerprint,
            Err(i) => list.insert(i, Tombstone { id, fingerprint }),
        }
    }
}

/// The tombstones of two copies together, sorted by id, leaving out ids that are
/// `alive` in the merged session. Where both have one for an id, the larger
/// fingerprint stays (the same either way round).
pub(crate) fn union(a: &[Tombstone], b: &[Tombstone], alive: &HashSet<Id>) -> Vec<Tombstone> {
    let mut all: BTreeMap<Id, u64> = BTreeMap::new();
    for t in a.iter().chain(b) {
        if !alive.contains(&t.id) {
            let fp = all.entry(t.id).or_insert(t.fingerprint);
            *fp = (*fp).max(t.fingerprint);
        }
    }
    all.into_iter()
        .map(|(id, fingerprint)| Tombstone { id, fingerprint })
        .collect()
}

fn subtree<T: Fields>(x: &T, out: &mut Vec<(Id, u64)>) {
    out.push((x.eid(), x.fingerprint()));
    x.each_child(&mut |id, fp| out.push((id, fp)));
}

/// An entity the inverse puts back that is not in `items` was removed.
fn removed<T: Fields>(e: &Edit<T>, items: &[T], out: &mut Vec<(Id, u64)>) {
    if let Edit::Put { item, .. } = e
        && !items.iter().any(|x| x.eid() == item.eid())
    {
        subtree(item, out);
    }
}

/// A container the inverse puts back: removed as a whole, or replaced by a version
/// without some of what was in it.
fn container<T: Fields>(e: &Edit<T>, items: &[T], out: &mut Vec<(Id, u64)>) {
    let Edit::Put { item, .. } = e else {
        return;
    };
    let Some(now) = items.iter().find(|x| x.eid() == item.eid()) else {
        return subtree(item, out);
    };
    let mut after = HashSet::new();
    now.each_child_id(&mut |id| {
        after.insert(id);
    });
    // Fingerprints only when something is gone: a map is put back on every frame of a
    // drag, an interview on every keystroke in its summary.
    let mut gone = false;
    item.each_child_id(&mut |id| gone |= !after.contains(&id));
    if gone {
        item.each_child(&mut |id, fp| {
            if !after.contains(&id) {
                out.push((id, fp));
            }
        });
    }
}

fn collect(cmd: &Command, s: &Session, out: &mut Vec<(Id, u64)>) {
    match cmd {
        Command::Participant(e) => removed(e, &s.participants, out),
        Command::Interview(e) => container(e, &s.interviews, out),
        Command::Statement { interview, edit } => match s.interview(*interview) {
            Some(i) => removed(edit, &i.statements, out),
            None => removed(edit, &[], out),
        },
        Command::Asked { interview, edit } => match s.interview(*interview) {
            Some(i) => removed(edit, &i.asked, out),
            None => removed(edit, &[], out),
        },
        Command::TimelineEvent(e) => removed(e, &s.timeline, out),
        Command::DecisionPoint(e) => removed(e, &s.decision_points, out),
        Command::Code(e) => removed(e, &s.codes, out),
        Command::Tag(e) => removed(e, &s.tags, out),
        Command::Theme(e) => removed(e, &s.themes, out),
        Command::Finding(e) => removed(e, &s.findings, out),
        Command::FollowUp(e) => removed(e, &s.follow_ups, out),
        Command::Map(e) => container(e, &s.maps, out),
        Command::Section(e) => removed(e, &s.narrative.sections, out),
        Command::Guide(e) => container(e, &s.guides, out),
        Command::Conflict(e) => removed(e, &s.conflicts, out),
        Command::Batch { commands, .. } => commands.iter().for_each(|c| collect(c, s, out)),
        Command::MapNode { map, edit } => removed(edit, map_part(s, *map, |m| &m.nodes), out),
        Command::MapEdge { map, edit } => removed(edit, map_part(s, *map, |m| &m.edges), out),
        Command::MapLink { map, edit } => removed(edit, map_part(s, *map, |m| &m.links), out),
        Command::SetOverview(_)
        | Command::InterviewHeader(_)
        | Command::SetLintAcks(_)
        | Command::SetDeleted(_)
        | Command::ReplaceSession { .. } => {}
    }
}

/// One list of a map's elements (empty when the map is gone).
fn map_part<T>(s: &Session, map: Id, part: impl Fn(&WorkMap) -> &Vec<T>) -> &[T] {
    s.maps.iter().find(|m| m.id == map).map_or(&[], |m| part(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::Document;
    use crate::model::session::{Interview, Statement};

    #[test]
    fn deleting_records_tombstones_and_undo_takes_them_back() {
        let st = Statement {
            text: "We saw the pool graph".into(),
            ..Statement::default()
        };
        let iv = Interview {
            statements: vec![st.clone()],
            ..Interview::default()
        };
        let mut s = Session::default();
        s.interviews.push(iv.clone());
        let mut d = Document::new(s);
        d.apply(Command::Statement {
            interview: iv.id,
            edit: Edit::remove(st.id),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            d.session().deleted,
            [Tombstone {
                id: st.id,
                fingerprint: st.fingerprint()
            }]
        );
        d.undo();
        assert!(d.session().deleted.is_empty(), "undo takes it back");
        d.redo();
        assert_eq!(d.session().deleted.len(), 1, "redo records it again");
        // Removing the interview records it and everything still in it.
        d.undo();
        d.apply(Command::Interview(Edit::remove(iv.id)))
            .unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<Id> = d.session().deleted.iter().map(|t| t.id).collect();
        let mut expected = vec![iv.id, st.id];
        expected.sort();
        assert_eq!(ids, expected);
        // Replacing the interview by a version without its statement records that.
        d.undo();
        let mut without = iv.clone();
        without.statements.clear();
        d.apply(Command::Interview(Edit::put(without)))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.session().deleted.len(), 1);
        assert_eq!(d.session().deleted[0].id, st.id);
    }
}
