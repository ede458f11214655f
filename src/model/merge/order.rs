//! Merging ordered lists: which items stay, and in what order.
//!
//! Items both copies hold keep their relative order (if only one copy reordered them,
//! its order wins; if both did, the order that sorts first, so the result is the same
//! whichever copy is called "ours"). Items only one copy holds stay next to the item
//! they followed in that copy; when both copies added runs at the same place, the run
//! whose first item sorts first comes first. Nothing here is ever a conflict.

use crate::model::id::Id;
use crate::model::session::{Lane, LintAck, Milestone};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// What the merge knows besides the three lists: in a merge without a common base,
/// the ids each copy deleted (their tombstones).
pub(crate) struct ListCtx<'a> {
    /// Whether there is no common base.
    pub two_way: bool,
    /// Ids deleted in the copy merged into, with fingerprints.
    pub ours_deleted: &'a HashMap<Id, u64>,
    /// Ids deleted in the other copy.
    pub theirs_deleted: &'a HashMap<Id, u64>,
}

/// An item of a list merged as a set (evidence, facilitators, lanes, …).
pub(crate) trait ListItem: Clone + PartialEq {
    /// What identifies the item (equal items have equal keys).
    type Key: Hash + Eq + Ord + Clone;
    /// Its key.
    fn key(&self) -> Self::Key;
    /// The entity it refers to, for items that are references: a copy that deleted
    /// that entity removed the reference too.
    fn refers_to(&self) -> Option<Id> {
        None
    }
}

impl ListItem for Id {
    type Key = Id;
    fn key(&self) -> Id {
        *self
    }
    fn refers_to(&self) -> Option<Id> {
        Some(*self)
    }
}

impl ListItem for String {
    type Key = String;
    fn key(&self) -> String {
        self.clone()
    }
}

impl ListItem for Lane {
    type Key = u8;
    fn key(&self) -> u8 {
        *self as u8
    }
}

impl ListItem for Milestone {
    type Key = Milestone;
    fn key(&self) -> Milestone {
        *self
    }
}

impl ListItem for LintAck {
    type Key = String;
    fn key(&self) -> String {
        super::fields::ron_of(self)
    }
}

/// Merges a list whose items have no ids of their own: an item one copy removed (and
/// the other kept as it was) is removed; an item either copy added is kept. Repeated
/// items are told apart by how many times they occur before.
pub(crate) fn merge_list<T: ListItem>(
    base: Option<&[T]>,
    ours: &[T],
    theirs: &[T],
    ctx: &ListCtx<'_>,
) -> Vec<T> {
    if ours == theirs || base == Some(theirs) {
        return ours.to_vec();
    }
    if base == Some(ours) {
        return theirs.to_vec();
    }
    let keyed = |list: &[T]| -> Vec<(T::Key, usize)> {
        let mut seen: HashMap<T::Key, usize> = HashMap::new();
        list.iter()
            .map(|x| {
                let k = x.key();
                let n = seen.entry(k.clone()).or_insert(0);
                *n += 1;
                (k, *n)
            })
            .collect()
    };
    let (kb, ko, kt) = (base.map(keyed), keyed(ours), keyed(theirs));
    let mut items: HashMap<(T::Key, usize), &T> = HashMap::new();
    for (k, x) in ko.iter().zip(ours).chain(kt.iter().zip(theirs)) {
        items.entry(k.clone()).or_insert(x);
    }
    let set = |ks: &[(T::Key, usize)]| ks.iter().cloned().collect::<HashSet<_>>();
    let (in_o, in_t) = (set(&ko), set(&kt));
    let in_b = kb.as_deref().map(set);
    let keep = |k: &(T::Key, usize)| -> bool {
        let (o, t) = (in_o.contains(k), in_t.contains(k));
        if o && t {
            return true;
        }
        match &in_b {
            Some(b) => !b.contains(k),
            None => {
                let deleted_by_other = if o {
                    ctx.theirs_deleted
                } else {
                    ctx.ours_deleted
                };
                !items
                    .get(k)
                    .and_then(|x| x.refers_to())
                    .is_some_and(|id| deleted_by_other.contains_key(&id))
            }
        }
    };
    merge_order(kb.as_deref(), &ko, &kt, &keep)
        .into_iter()
        .filter_map(|k| items.get(&k).map(|x| (*x).clone()))
        .collect()
}

/// The merged order of the keys `keep` accepts, from the three orders (see the module
/// comment). Keys `keep` accepts that neither copy holds are not in the result.
pub(crate) fn merge_order<K: Hash + Eq + Ord + Clone>(
    base: Option<&[K]>,
    ours: &[K],
    theirs: &[K],
    keep: &dyn Fn(&K) -> bool,
) -> Vec<K> {
    if ours == theirs && ours.iter().all(keep) {
        return ours.to_vec();
    }
    let in_o: HashSet<&K> = ours.iter().collect();
    let in_t: HashSet<&K> = theirs.iter().collect();
    let common = |k: &K| in_o.contains(k) && in_t.contains(k) && keep(k);
    let oc: Vec<&K> = ours.iter().filter(|k| common(k)).collect();
    let tc: Vec<&K> = theirs.iter().filter(|k| common(k)).collect();
    let skeleton = if oc == tc {
        oc
    } else {
        let bc: Option<Vec<&K>> = base.map(|b| b.iter().filter(|k| common(k)).collect());
        match bc {
            Some(bc) if bc == oc => tc,
            Some(bc) if bc == tc => oc,
            _ => oc.min(tc),
        }
    };
    // Runs of items only one copy holds, after the common item they follow there.
    type Runs<'k, K> = HashMap<Option<&'k K>, [Vec<&'k K>; 2]>;
    let mut runs: Runs<'_, K> = HashMap::new();
    for (side, (seq, other)) in [(ours, &in_t), (theirs, &in_o)].into_iter().enumerate() {
        let mut anchor = None;
        for k in seq {
            if common(k) {
                anchor = Some(k);
            } else if !other.contains(k) && keep(k) {
                runs.entry(anchor).or_default()[side].push(k);
            }
        }
    }
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    fn emit<'k, K: Hash + Eq + Ord + Clone>(
        runs: &mut HashMap<Option<&'k K>, [Vec<&'k K>; 2]>,
        anchor: Option<&'k K>,
        out: &mut Vec<K>,
    ) {
        if let Some([a, b]) = runs.remove(&anchor) {
            let (first, second) = match (a.first(), b.first()) {
                (Some(x), Some(y)) if y < x => (b, a),
                _ => (a, b),
            };
            out.extend(first.into_iter().chain(second).cloned());
        }
    }
    emit(&mut runs, None, &mut out);
    for k in skeleton {
        out.push(k.clone());
        emit(&mut runs, Some(k), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> (HashMap<Id, u64>, HashMap<Id, u64>) {
        (HashMap::new(), HashMap::new())
    }

    fn m(b: &[u8], o: &[u8], t: &[u8]) -> Vec<u8> {
        let all: HashSet<u8> = o.iter().chain(t).copied().collect();
        let removed: HashSet<u8> = b
            .iter()
            .filter(|k| !o.contains(k) || !t.contains(k))
            .copied()
            .collect();
        merge_order(Some(b), o, t, &|k| all.contains(k) && !removed.contains(k))
    }

    #[test]
    fn additions_at_the_same_place_keep_their_runs_in_a_stable_order() {
        assert_eq!(m(&[1, 2], &[1, 7, 8, 2], &[1, 5, 6, 2]), [1, 5, 6, 7, 8, 2]);
        assert_eq!(m(&[1, 2], &[1, 5, 6, 2], &[1, 7, 8, 2]), [1, 5, 6, 7, 8, 2]);
        assert_eq!(m(&[], &[4], &[3]), [3, 4]);
    }

    #[test]
    fn a_reorder_on_one_side_wins_and_removals_apply() {
        // An addition stays after the item it followed, wherever that moved.
        assert_eq!(m(&[1, 2, 3], &[3, 1, 2], &[1, 2, 3, 4]), [3, 4, 1, 2]);
        assert_eq!(m(&[1, 2, 3], &[1, 3], &[1, 2, 3, 4]), [1, 3, 4]);
        // Both reordered differently: the same answer either way round.
        assert_eq!(
            m(&[1, 2, 3], &[2, 1, 3], &[1, 3, 2]),
            m(&[1, 2, 3], &[1, 3, 2], &[2, 1, 3])
        );
    }

    #[test]
    fn lists_merge_as_sets_with_repeats_and_without_a_base() {
        let (od, td) = ctx();
        let c = ListCtx {
            two_way: false,
            ours_deleted: &od,
            theirs_deleted: &td,
        };
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let r = merge_list(
            Some(&s(&["a", "b", "a"])[..]),
            &s(&["a", "b", "a", "c"]),
            &s(&["a", "a"]),
            &c,
        );
        assert_eq!(r, s(&["a", "a", "c"]));
        // No base: a union, except references to what the other copy deleted.
        let gone = Id::from_u128(2);
        let mut td = HashMap::new();
        td.insert(gone, 0);
        let c = ListCtx {
            two_way: true,
            ours_deleted: &od,
            theirs_deleted: &td,
        };
        let ids = [Id::from_u128(1), gone, Id::from_u128(3)];
        let r = merge_list(None, &ids[..2], &[ids[0], ids[2]], &c);
        assert_eq!(r, [ids[0], ids[2]]);
    }
}
