//! Evidence citations in write-up text (`[^s-1a2b3c4d]`), read without the narrative
//! module so the gate stays a leaf of the model.

use super::super::id::Id;
use super::super::session::Session;
use std::collections::HashMap;
use std::ops::Range;

/// Every evidence reference in `body` (not footnote definitions): where it is and its
/// label without `[^` and `]`.
pub fn refs(body: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = body[from..].find("[^s-") {
        let start = from + pos;
        let label_start = start + 2;
        let len = body[label_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len() - label_start);
        let end = label_start + len;
        from = end.max(start + 1);
        if !body[end..].starts_with(']') {
            continue;
        }
        // A definition (`[^…]:` at the start of a line) is not a reference.
        if body[end + 1..].starts_with(':') {
            let line_start = body[..start].rfind('\n').map_or(0, |n| n + 1);
            if body[line_start..start].trim().is_empty() {
                continue;
            }
        }
        out.push((start..end + 1, body[label_start..end].to_owned()));
    }
    out
}

/// The label citing a statement: `s-` and the last eight hex digits of its id.
pub fn label(id: Id) -> String {
    format!("s-{:08x}", id.0.as_u128() as u32)
}

/// Resolves labels to statements as the write-up does: eight digits name the first
/// statement whose id ends in them; 32 digits are the id itself.
#[derive(Clone, Debug, Default)]
pub struct Tails(HashMap<u32, Id>);

impl Tails {
    /// Indexes the session's statements.
    pub fn new(session: &Session) -> Self {
        let mut map = HashMap::new();
        for s in session.interviews.iter().flat_map(|i| &i.statements) {
            map.entry(s.id.0.as_u128() as u32).or_insert(s.id);
        }
        Self(map)
    }

    /// The statement a label names, if any.
    pub fn resolve(&self, label: &str) -> Option<Id> {
        let hex = label.strip_prefix("s-")?;
        match hex.len() {
            8 => self.0.get(&u32::from_str_radix(hex, 16).ok()?).copied(),
            32 => Some(Id::from_u128(u128::from_str_radix(hex, 16).ok()?)),
            _ => None,
        }
    }
}
