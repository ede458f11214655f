//! Who owns which autosave (native), as pure functions: every app window has its own
//! slot of files in the autosave folder, held by a lock on its `.lock` file (which
//! also names the process). A slot whose owner is gone is an orphan, offered for
//! recovery; a slot whose owner runs is never offered, changed or deleted by anyone
//! else.
//!
//! `autosave.rs` does the file work around these rules.

use std::collections::BTreeMap;

/// The slot name of autosaves written before windows had their own (one shared
/// `autosave.story.ron`): still offered once, like any orphan.
pub const LEGACY_SLOT: &str = "";

/// The files of one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// The session text (RON), present while there is unsaved work.
    Session,
    /// Where the session was saved before (a path), beside the session.
    Origin,
    /// Words in the capture field not yet committed.
    Draft,
    /// The owner's lock: locked while the owner runs, holding its process id.
    Lock,
}

impl Part {
    const ALL: [Part; 4] = [Part::Session, Part::Origin, Part::Draft, Part::Lock];

    fn suffix(self) -> &'static str {
        match self {
            Part::Session => ".story.ron",
            Part::Origin => ".origin",
            Part::Draft => ".draft",
            Part::Lock => ".lock",
        }
    }
}

/// The file name of one part of a slot.
pub fn file_name(slot: &str, part: Part) -> String {
    if slot == LEGACY_SLOT {
        format!("autosave{}", part.suffix())
    } else {
        format!("autosave-{slot}{}", part.suffix())
    }
}

/// The slot and part a file name belongs to, if it is an autosave file.
pub fn parse(name: &str) -> Option<(String, Part)> {
    let rest = name.strip_prefix("autosave")?;
    Part::ALL.into_iter().find_map(|part| {
        let stem = rest.strip_suffix(part.suffix())?;
        if stem.is_empty() {
            return Some((LEGACY_SLOT.to_owned(), part));
        }
        let slot = stem.strip_prefix('-')?;
        let plain = !slot.is_empty()
            && slot
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        plain.then(|| (slot.to_owned(), part))
    })
}

/// A new slot name for this process: its id and a random part, so that two windows
/// (or two autosaves in one test process) never share one.
pub fn new_slot(pid: u32, random: u32) -> String {
    format!("{pid}-{random:08x}")
}

/// The parts present per slot, from the names in the autosave folder.
pub fn group<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, Vec<Part>> {
    let mut slots: BTreeMap<String, Vec<Part>> = BTreeMap::new();
    for (slot, part) in names.into_iter().filter_map(parse) {
        let parts = slots.entry(slot).or_default();
        if !parts.contains(&part) {
            parts.push(part);
            parts.sort();
        }
    }
    slots
}

/// Whether a slot holds work worth offering back: a session or uncommitted words.
pub fn holds_work(parts: &[Part]) -> bool {
    parts.contains(&Part::Session) || parts.contains(&Part::Draft)
}

/// What trying the lock of a slot found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockState {
    /// Someone holds it: the owner runs (or another window has claimed the orphan).
    Held,
    /// Nobody holds it: the owner is gone (it is now ours).
    Free,
    /// No lock file: the owner is gone (or it is a legacy autosave).
    Missing,
    /// The file system cannot lock: only the process id can tell.
    Unsupported,
}

/// Whether a slot's owner is gone, from its lock and (where locks do not work) the
/// process id written in it. When nothing can tell, the owner is taken to be alive:
/// offering a running window's autosave would let another window delete it.
pub fn owner_gone(lock: LockState, pid: Option<u32>, pid_alive: impl Fn(u32) -> bool) -> bool {
    match lock {
        LockState::Held => false,
        LockState::Free | LockState::Missing => true,
        LockState::Unsupported => pid.is_some_and(|p| !pid_alive(p)),
    }
}

/// The process id written in a lock file.
pub fn pid_in(lock_text: &str) -> Option<u32> {
    lock_text.trim().parse().ok()
}

/// The slots to offer for recovery: every slot but `mine` that holds work and whose
/// owner is gone (`gone` is asked only about those).
pub fn orphans(
    slots: &BTreeMap<String, Vec<Part>>,
    mine: &str,
    mut gone: impl FnMut(&str) -> bool,
) -> Vec<String> {
    slots
        .iter()
        .filter(|(slot, parts)| slot.as_str() != mine && holds_work(parts))
        .filter(|(slot, _)| gone(slot))
        .map(|(slot, _)| slot.clone())
        .collect()
}

/// Whether a window may delete the files of `slot`: its own, or an orphan it has
/// claimed (holds the lock of). Never another running window's.
pub fn may_delete(slot: &str, mine: &str, claimed: &[String]) -> bool {
    slot == mine || claimed.iter().any(|c| c == slot)
}

/// Lock files left by windows that closed with nothing unsaved but could not tidy
/// up (killed): free, without work, and older than `min_age_secs`, so that a lock
/// file a starting window has just made (and not yet locked) is never taken.
pub fn stale_locks(
    slots: &BTreeMap<String, Vec<Part>>,
    mine: &str,
    age_secs: impl Fn(&str) -> Option<u64>,
    min_age_secs: u64,
) -> Vec<String> {
    slots
        .iter()
        .filter(|(slot, parts)| {
            slot.as_str() != mine && !holds_work(parts) && parts.contains(&Part::Lock)
        })
        .filter(|(slot, _)| age_secs(slot).is_some_and(|a| a >= min_age_secs))
        .map(|(slot, _)| slot.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_strangers_are_ignored() {
        let slot = new_slot(4242, 0xbeef);
        assert_eq!(slot, "4242-0000beef");
        for part in Part::ALL {
            assert_eq!(parse(&file_name(&slot, part)), Some((slot.clone(), part)));
            assert_eq!(
                parse(&file_name(LEGACY_SLOT, part)),
                Some((LEGACY_SLOT.to_owned(), part))
            );
        }
        assert_eq!(file_name(LEGACY_SLOT, Part::Session), "autosave.story.ron");
        for other in [
            "app.ron",
            "autosave-.story.ron",
            "autosave-a b.lock",
            "autosave-1.story.ron.bak",
            "autosaved.lock",
            ".second-story-x.tmp",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
    }

    /// Two windows (A running, B starting) and a window that was killed (pid 77,
    /// its lock free): B is offered only the killed window's work, may delete only
    /// its own files and the orphan it claimed, and A's slot is never touched.
    #[test]
    fn two_owners_and_a_dead_one() {
        let names = [
            "autosave-100-aaaa.lock",
            "autosave-100-aaaa.story.ron",
            "autosave-100-aaaa.draft",
            "autosave-200-bbbb.lock",
            "autosave-77-dead.lock",
            "autosave-77-dead.story.ron",
            "autosave-77-dead.origin",
            "autosave-88-gone.lock", // killed with nothing unsaved
            "app.ron",
        ];
        let slots = group(names);
        assert_eq!(slots.len(), 4);
        let lock = |slot: &str| match slot {
            "100-aaaa" => LockState::Held,
            _ => LockState::Free,
        };
        let mut asked = Vec::new();
        let offered = orphans(&slots, "200-bbbb", |s| {
            asked.push(s.to_owned());
            owner_gone(lock(s), None, |_| true)
        });
        assert_eq!(offered, ["77-dead"]);
        assert_eq!(
            asked,
            ["100-aaaa", "77-dead"],
            "only slots holding work are probed"
        );
        // A sees B's nothing and the dead one's work.
        let seen_by_a = orphans(&slots, "100-aaaa", |s| owner_gone(lock(s), None, |_| true));
        assert_eq!(seen_by_a, ["77-dead"]);
        let claimed = offered;
        assert!(may_delete("200-bbbb", "200-bbbb", &claimed));
        assert!(may_delete("77-dead", "200-bbbb", &claimed));
        assert!(!may_delete("100-aaaa", "200-bbbb", &claimed));
        // The empty lock of the killed clean window is tidied once it is old enough.
        assert_eq!(
            stale_locks(&slots, "200-bbbb", |_| Some(3600), 60),
            ["88-gone"]
        );
        assert!(stale_locks(&slots, "200-bbbb", |_| Some(1), 60).is_empty());
    }

    /// Where the file system cannot lock, the process id decides, and no id means
    /// the owner is taken to be alive.
    #[test]
    fn without_locks_the_process_id_decides() {
        let alive = |pid: u32| pid == 100;
        assert!(!owner_gone(LockState::Unsupported, Some(100), alive));
        assert!(owner_gone(LockState::Unsupported, Some(77), alive));
        assert!(!owner_gone(LockState::Unsupported, None, alive));
        assert!(
            !owner_gone(LockState::Held, Some(77), alive),
            "a held lock wins"
        );
        assert!(
            owner_gone(LockState::Free, Some(100), alive),
            "a free lock wins (pid reused)"
        );
        assert!(owner_gone(LockState::Missing, None, alive));
        assert_eq!(pid_in("4242\n"), Some(4242));
        assert_eq!(pid_in("x"), None);
    }

    #[test]
    fn a_legacy_autosave_is_an_orphan() {
        let slots = group(["autosave.story.ron", "autosave.origin"]);
        let offered = orphans(&slots, "1-1", |s| {
            assert_eq!(s, LEGACY_SLOT);
            owner_gone(LockState::Missing, None, |_| true)
        });
        assert_eq!(offered, [LEGACY_SLOT]);
    }
}
