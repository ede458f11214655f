//! What a session file keeps for teamwork: open merge conflicts and the ids of
//! deleted entities (tombstones). Both are plain serde types written in the file.

use crate::model::id::{Entity, Id};
use serde::{Deserialize, Serialize};

/// Which kind of entity a conflict (or a change in a diff) concerns.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum EntityKind {
    /// The session's own fields (title, kind, purpose, facilitators).
    #[default]
    Session,
    /// A participant.
    Participant,
    /// An interview.
    Interview,
    /// A statement in an interview.
    Statement,
    /// A guide question asked or skipped in an interview.
    AskedQuestion,
    /// A timeline event.
    TimelineEvent,
    /// A decision point.
    DecisionPoint,
    /// A code in the codebook.
    Code,
    /// A code applied to a statement.
    Tag,
    /// A theme.
    Theme,
    /// A finding (contributor, went well, difficulty, risk, open question).
    Finding,
    /// A follow-up in the parking lot.
    FollowUp,
    /// A work map.
    Map,
    /// A step on a work map.
    MapNode,
    /// A sequence arrow on a work map.
    MapEdge,
    /// A gap link on a work map.
    MapLink,
    /// A section of the write-up.
    Section,
    /// An interview guide of this session.
    Guide,
    /// A question in a guide.
    GuideQuestion,
    /// An open merge conflict (from an earlier merge).
    Conflict,
}

impl EntityKind {
    /// The noun for one of them, e.g. "statement".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Participant => "participant",
            Self::Interview => "interview",
            Self::Statement => "statement",
            Self::AskedQuestion => "asked question",
            Self::TimelineEvent => "timeline event",
            Self::DecisionPoint => "decision point",
            Self::Code => "code",
            Self::Tag => "tag",
            Self::Theme => "theme",
            Self::Finding => "finding",
            Self::FollowUp => "follow-up",
            Self::Map => "map",
            Self::MapNode => "map step",
            Self::MapEdge => "map arrow",
            Self::MapLink => "gap link",
            Self::Section => "section",
            Self::Guide => "guide",
            Self::GuideQuestion => "guide question",
            Self::Conflict => "conflict",
        }
    }

    /// "1 statement", "31 statements".
    pub fn count(self, n: usize) -> String {
        let noun = self.noun();
        if n == 1 {
            format!("1 {noun}")
        } else if noun.ends_with('s') {
            format!("{n} {noun}es")
        } else {
            format!("{n} {noun}s")
        }
    }
}

/// Why a merge could not decide on its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConflictKind {
    /// Both copies changed this field, each differently. The session holds the
    /// value of the copy merged into ("yours") until someone decides.
    #[default]
    BothChanged,
    /// One copy deleted it, the other changed it (or something inside it). It is
    /// kept until someone decides.
    DeletedAndChanged,
    /// One copy deleted it, the other still refers to it or added to it. It is kept
    /// until someone decides.
    DeletedButUsed,
}

impl ConflictKind {
    /// What happened, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Self::BothChanged => "changed in both copies",
            Self::DeletedAndChanged => "deleted in one copy, changed in the other",
            Self::DeletedButUsed => "deleted in one copy, still used in the other",
        }
    }
}

/// A disagreement between two copies that a person has to settle. The session stays
/// valid while it is open: the entity holds one of the versions (for a field changed on
/// both sides, the copy merged into; for a deletion, the entity is kept).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Conflict {
    /// Stable id, the same whichever order the copies were merged in.
    pub id: Id,
    /// What kind of disagreement.
    pub kind: ConflictKind,
    /// The kind of entity concerned.
    pub entity_kind: EntityKind,
    /// The entity concerned (the session's id for its own fields).
    pub entity: Id,
    /// The entity in words, e.g. `statement at 02:15 "We saw the pool graph…"`.
    pub what: String,
    /// The field, e.g. `text` or `consent.may_quote`; empty for the whole entity.
    pub field: String,
    /// The value before either change (plain text for text fields, RON otherwise),
    /// when the merge had a common base.
    pub base: Option<String>,
    /// The value in the copy merged into ("yours"); `None` when that copy deleted it.
    pub ours: Option<String>,
    /// The value in the other copy ("theirs"); `None` when that copy deleted it.
    pub theirs: Option<String>,
}

impl Entity for Conflict {
    fn id(&self) -> Id {
        self.id
    }
}

impl Conflict {
    /// One line for lists and `validate`: `statement at 02:15 "…": text — changed in both copies`.
    pub fn summary(&self) -> String {
        if self.field.is_empty() {
            format!("{} — {}", self.what, self.kind.describe())
        } else {
            format!("{}: {} — {}", self.what, self.field, self.kind.describe())
        }
    }
}

/// The id of an entity that was deleted, with a fingerprint of its content when it was
/// deleted. A merge of two copies without a common base uses these to tell "they deleted
/// it" (a tombstone, and the other copy still has the same content) from "I added it"
/// (no tombstone), and "they deleted it, I changed it" (a tombstone, different content).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tombstone {
    /// The deleted entity's id.
    pub id: Id,
    /// A 64-bit FNV-1a hash of its own fields (not of the things inside it) when it was
    /// deleted.
    pub fingerprint: u64,
}
