//! Stable identifiers for every entity in a session.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable, globally unique id. References between entities are always by id,
/// so that two colleagues' copies of a session can be diffed and merged.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub uuid::Uuid);

impl Id {
    /// A fresh random id.
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4())
    }

    /// A deterministic id from a number, for tests, examples and benchmarks.
    pub const fn from_u128(n: u128) -> Self {
        Self(uuid::Uuid::from_u128(n))
    }

    /// The nil id, used only as a placeholder before an entity is created.
    pub const NIL: Id = Id(uuid::Uuid::nil());

    /// A short form for display in error messages (first 8 hex digits).
    pub fn short(&self) -> String {
        let s = self.0.simple().to_string();
        s[..8].to_owned()
    }
}

impl Default for Id {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.short())
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Anything that lives in a collection and is addressed by id.
pub trait Entity: Clone {
    /// The entity's stable id.
    fn id(&self) -> Id;
}
