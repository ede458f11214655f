//! Teamwork on one review: merging colleagues' copies of a session, and seeing what
//! differs between two copies.
//!
//! # How a merge decides
//!
//! Every entity has a stable id, so a merge goes entity by entity, nested ones too
//! (statements and asked questions inside interviews, steps, arrows and gap links inside
//! maps, questions inside guides), never line by line. See [`engine`] for the rules and
//! [`order`] for where added entities go. In short:
//!
//! - additions from both copies are kept; where both added at the same place, each
//!   copy's run stays together and the run whose first id sorts first comes first;
//! - edits to different entities, or to different fields of one entity, combine;
//!   lists of ids where order does not matter to people (evidence, who, excerpts,
//!   facilitators, lanes, milestones) merge as sets and never conflict;
//! - a deletion wins over no change; a deletion against an edit (of the entity or of
//!   anything inside it) is a conflict, and the entity is kept until someone decides;
//! - an entity one copy deleted but the merged session still refers to (the other copy
//!   cited it, or added to it) is kept, with a conflict;
//! - a field both copies changed differently is a conflict; the session holds the value
//!   of the copy merged into ("ours") until someone decides. Narrative sections merge per
//!   section, so two people writing different sections never conflict;
//! - the result is the same whichever copy is "ours", except for which value a conflict
//!   calls "ours" (and which one the session holds meanwhile). A clean merge gives the
//!   same bytes in either order.
//!
//! # Conflicts live in the file
//!
//! A merge never writes conflict markers. Each disagreement becomes a [`Conflict`] in
//! `session.conflicts` (the entity, its kind and a description, the field, and the base,
//! "ours" and "theirs" values), and the file stays a valid session that opens anywhere.
//! `second-story validate` exits 1 while any are open.
//!
//! # Copies without a common base: tombstones
//!
//! Git gives a merge the common ancestor; copies sent by e-mail have none. So that a
//! two-way merge can still tell "they deleted it" from "I added it", every deletion made
//! through the app leaves a [`Tombstone`] in `session.deleted`: the id and a fingerprint
//! (a 64-bit FNV-1a hash) of the entity's own fields when it was deleted
//! ([`tombstones::record`]). Without a base:
//!
//! - an entity only one copy holds is an addition, unless the other copy has its
//!   tombstone: then it was deleted there, cleanly if this copy's version (and everything
//!   inside it) still has the fingerprints of the tombstones, and otherwise against an
//!   edit (a conflict);
//! - a reference only one copy holds is dropped if the other copy deleted its target;
//! - a field both copies hold differently is a conflict with no base value, since
//!   nothing says which copy changed it.
//!
//! Tombstones are sorted by id and only ever added (undoing a deletion removes its own),
//! so files stay deterministic and their diffs small. They never leave the file: the
//! redacted copy drops them, and the open conflicts, which hold both versions' text.

mod aspects;
pub mod diff;
pub mod engine;
pub(crate) mod fields;
pub mod order;
pub mod refs;
pub mod resolve;
pub mod tombstones;

pub use crate::model::conflict::{Conflict, ConflictKind, EntityKind, Tombstone};
pub use fields::{FieldChange, short};

use crate::model::id::Id;
use crate::model::session::Session;
use engine::{Keep, Side};
use std::collections::{HashMap, HashSet};
use thiserror::Error;

/// How many passes a merge may take to keep what the merged session refers to (each
/// pass keeps everything found missing in the one before: a tag's statement, then that
/// statement's interview, then its participant…).
const MAX_PASSES: usize = 16;

/// Why two copies could not be merged. Nothing is changed when this happens.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum MergeError {
    /// The copies are of different sessions.
    #[error(
        "These are not copies of the same session: “{ours}” and “{theirs}” have different session ids. Only copies of one session can be merged."
    )]
    DifferentSessions {
        /// Title of the copy merged into.
        ours: String,
        /// Title of the other copy.
        theirs: String,
    },
    /// The merge could not make a consistent session (a bug; the copies are untouched).
    #[error("The merged session would be inconsistent ({0}); nothing was changed.")]
    Inconsistent(String),
}

/// A merged session.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The session: always valid, with its open conflicts in `conflicts`.
    pub session: Session,
    /// The conflicts this merge found (earlier open ones not counted).
    pub new_conflicts: usize,
    /// References the merge had to drop because nothing could be kept for them
    /// (normally 0).
    pub dropped_references: usize,
}

/// Merges `theirs` into `ours`, with `base` their common ancestor when there is one
/// (see the module comment).
pub fn merge(
    base: Option<&Session>,
    ours: &Session,
    theirs: &Session,
) -> Result<Merged, MergeError> {
    for other in [Some(theirs), base].into_iter().flatten() {
        if other.id != ours.id {
            return Err(MergeError::DifferentSessions {
                ours: ours.display_title().to_owned(),
                theirs: other.display_title().to_owned(),
            });
        }
    }
    let (b, o, t) = (base.map(Side::of), Side::of(ours), Side::of(theirs));
    let mut keep: HashMap<Id, Keep> = HashMap::new();
    let mut pass = engine::pass(b.as_ref(), &o, &t, &mut keep);
    for _ in 1..MAX_PASSES {
        let mut wanted = refs::missing(&pass.session);
        wanted.append(&mut pass.homeless);
        let mut more = false;
        for id in wanted {
            if keep.get(&id) != Some(&Keep::Used) && (o.holds(&id) || t.holds(&id)) {
                keep.insert(id, Keep::Used);
                more = true;
            }
        }
        if !more {
            break;
        }
        pass = engine::pass(b.as_ref(), &o, &t, &mut keep);
    }
    let new_conflicts = pass.found.len();
    let mut s = pass.session;
    // This merge's conflicts replace earlier ones about the same field.
    let found: HashSet<Id> = pass.found.iter().map(|c| c.id).collect();
    s.conflicts.retain(|c| !found.contains(&c.id));
    s.conflicts.extend(pass.found);
    s.conflicts.sort_by(|a, b| {
        (a.entity_kind, a.entity, &a.field).cmp(&(b.entity_kind, b.entity, &b.field))
    });
    let missing: HashSet<Id> = refs::missing(&s).into_iter().collect();
    let dropped_references = if missing.is_empty() {
        0
    } else {
        refs::repair(&mut s, &missing)
    };
    s.deleted = tombstones::union(&ours.deleted, &theirs.deleted, &refs::ids(&s));
    crate::model::validate::validate(&s).map_err(|e| MergeError::Inconsistent(e.to_string()))?;
    Ok(Merged {
        session: s,
        new_conflicts,
        dropped_references,
    })
}

#[cfg(test)]
mod tests;

/// A merge of a colleague's copy into the open session, ready to be shown before
/// anything changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The merged session.
    pub session: Session,
    /// What merging would do, in one phrase: "adds 2 interviews and 31 statements,
    /// changes 3 sections, 1 conflict".
    pub summary: String,
    /// Conflicts the merge found.
    pub new_conflicts: usize,
    /// Whether merging changes anything at all.
    pub changes: bool,
}

/// Merges `theirs` into `ours` without a common base (copies passed around outside
/// git) and says what that would do.
pub fn preview(ours: &Session, theirs: &Session) -> Result<Preview, MergeError> {
    let merged = merge(None, ours, theirs)?;
    let d = diff::diff(ours, &merged.session);
    let mut summary = d.sentence();
    let n = merged.new_conflicts;
    if n > 0 {
        summary.push_str(&format!(", {n} conflict{}", if n == 1 { "" } else { "s" }));
    }
    Ok(Preview {
        changes: !d.is_empty(),
        session: merged.session,
        summary,
        new_conflicts: n,
    })
}
