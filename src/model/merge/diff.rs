//! What differs between two copies of a session, entity by entity: for
//! `second-story diff` (and git's diff driver), and for the summary the app shows
//! before a merge changes anything ("adds 2 interviews and 31 statements, …").

use super::engine::{Flat, Side, head};
use super::fields::{FieldChange, Fields};
use crate::model::conflict::EntityKind;
use crate::model::id::Id;
use crate::model::session::Session;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How an entity differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Only the second copy has it.
    Added,
    /// Both have it, with different fields.
    Changed,
    /// Only the first copy has it.
    Removed,
}

/// One entity that differs between the copies.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Added, changed or removed.
    pub kind: ChangeKind,
    /// What kind of entity.
    pub entity_kind: EntityKind,
    /// Its id.
    pub id: Id,
    /// It in words (as in the copy that has it; the second one when both do).
    pub what: String,
    /// For a change: the fields that differ.
    pub fields: Vec<FieldChange>,
}

/// Everything that differs, in the order of the second copy (removals in the order
/// of the first), grouped by kind of entity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionDiff {
    /// The changes.
    pub changes: Vec<Change>,
}

fn kind<'x, T: Fields + 'x>(
    out: &mut Vec<Change>,
    a_items: impl Iterator<Item = &'x T>,
    b_items: impl Iterator<Item = &'x T>,
    fa: &Flat<'_, T>,
    fb: &Flat<'_, T>,
) {
    for x in b_items {
        match fa.items.get(&x.eid()) {
            None => out.push(Change {
                kind: ChangeKind::Added,
                entity_kind: T::KIND,
                id: x.eid(),
                what: x.label(),
                fields: Vec::new(),
            }),
            Some((pa, ax)) => {
                let mut fields = Vec::new();
                T::own_changes(ax, x, &mut fields);
                if fb.items.get(&x.eid()).is_some_and(|(pb, _)| pb != pa) {
                    fields.push(FieldChange {
                        field: "moved".to_owned(),
                        before: pa.to_string(),
                        after: fb
                            .items
                            .get(&x.eid())
                            .map(|(p, _)| p.to_string())
                            .unwrap_or_default(),
                    });
                }
                if !fields.is_empty() {
                    out.push(Change {
                        kind: ChangeKind::Changed,
                        entity_kind: T::KIND,
                        id: x.eid(),
                        what: x.label(),
                        fields,
                    });
                }
            }
        }
    }
    for x in a_items {
        if !fb.items.contains_key(&x.eid()) {
            out.push(Change {
                kind: ChangeKind::Removed,
                entity_kind: T::KIND,
                id: x.eid(),
                what: x.label(),
                fields: Vec::new(),
            });
        }
    }
}

/// What differs from `a` to `b`.
pub fn diff(a: &Session, b: &Session) -> SessionDiff {
    let (sa, sb) = (Side::of(a), Side::of(b));
    let mut out = Vec::new();
    let mut fields = Vec::new();
    Session::own_changes(&head(a), &head(b), &mut fields);
    // The change time moves with every edit: not a difference worth reading.
    fields.retain(|f| f.field != "updated");
    if !fields.is_empty() {
        out.push(Change {
            kind: ChangeKind::Changed,
            entity_kind: EntityKind::Session,
            id: b.id,
            what: b.display_title().to_owned(),
            fields,
        });
    }
    macro_rules! top {
        ($list:ident, $flat:ident) => {
            kind(
                &mut out,
                a.$list.iter(),
                b.$list.iter(),
                &sa.$flat,
                &sb.$flat,
            )
        };
    }
    macro_rules! nested {
        ($outer:ident, $inner:ident, $flat:ident) => {
            kind(
                &mut out,
                a.$outer.iter().flat_map(|x| x.$inner.iter()),
                b.$outer.iter().flat_map(|x| x.$inner.iter()),
                &sa.$flat,
                &sb.$flat,
            )
        };
    }
    top!(participants, participants);
    top!(interviews, interviews);
    nested!(interviews, statements, statements);
    nested!(interviews, asked, asked);
    top!(timeline, timeline);
    top!(decision_points, decisions);
    top!(codes, codes);
    top!(tags, tags);
    top!(themes, themes);
    top!(findings, findings);
    top!(follow_ups, follow_ups);
    top!(maps, maps);
    nested!(maps, nodes, nodes);
    nested!(maps, edges, edges);
    nested!(maps, links, links);
    kind(
        &mut out,
        a.narrative.sections.iter(),
        b.narrative.sections.iter(),
        &sa.sections,
        &sb.sections,
    );
    top!(guides, guides);
    nested!(guides, questions, questions);
    top!(conflicts, conflicts);
    SessionDiff { changes: out }
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl SessionDiff {
    /// Whether the copies hold the same (apart from when they were last changed).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many entities of each kind were added, changed and removed (conflicts not
    /// counted).
    pub fn counts(&self) -> BTreeMap<(ChangeKind, EntityKind), usize> {
        let mut out = BTreeMap::new();
        for c in &self.changes {
            if c.entity_kind != EntityKind::Conflict {
                *out.entry((c.kind, c.entity_kind)).or_insert(0) += 1;
            }
        }
        out
    }

    /// One sentence: "adds 2 interviews and 31 statements, changes 3 sections and the
    /// title, removes 1 finding" (or "changes nothing").
    pub fn sentence(&self) -> String {
        let counts = self.counts();
        let mut parts = Vec::new();
        for (verb, kind) in [
            ("adds", ChangeKind::Added),
            ("changes", ChangeKind::Changed),
            ("removes", ChangeKind::Removed),
        ] {
            let mut items: Vec<String> = counts
                .iter()
                .filter(|((k, e), _)| *k == kind && *e != EntityKind::Session)
                .map(|((_, e), n)| e.count(*n))
                .collect();
            if kind == ChangeKind::Changed {
                let session_fields = self
                    .changes
                    .iter()
                    .filter(|c| c.entity_kind == EntityKind::Session)
                    .flat_map(|c| c.fields.iter().map(|f| session_field_words(&f.field)));
                items.extend(session_fields);
            }
            if !items.is_empty() {
                parts.push(format!("{verb} {}", and_list(&items)));
            }
        }
        if parts.is_empty() {
            "changes nothing".to_owned()
        } else {
            parts.join(", ")
        }
    }

    /// The readable text `second-story diff` prints: the sentence, then each change
    /// with field names and short before/after text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut current: Option<EntityKind> = None;
        for c in &self.changes {
            if current != Some(c.entity_kind) {
                current = Some(c.entity_kind);
                let _ = writeln!(out, "\n{}", heading(c.entity_kind));
            }
            let mark = match c.kind {
                ChangeKind::Added => '+',
                ChangeKind::Changed => '~',
                ChangeKind::Removed => '-',
            };
            let _ = writeln!(out, "  {mark} {}", c.what);
            for f in &c.fields {
                let (before, after) = excerpts(&f.before, &f.after);
                let _ = writeln!(out, "      {}: {before} → {after}", f.field);
            }
        }
        out
    }
}

/// Short before/after text that shows where they differ: the part that changed, with
/// a little of what surrounds it, on one line each.
pub fn excerpts(before: &str, after: &str) -> (String, String) {
    const CONTEXT: usize = 20;
    const MIDDLE: usize = 60;
    let (a, b): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let show = |v: &[char]| -> String {
        if v.is_empty() {
            return "(empty)".to_owned();
        }
        let mut start = prefix.saturating_sub(CONTEXT);
        // Start at a word, not in the middle of one.
        while start > 0 && !v[start - 1].is_whitespace() && prefix - start < CONTEXT + 12 {
            start -= 1;
        }
        let end_changed = v.len() - suffix;
        let middle_end = end_changed.min(prefix + MIDDLE);
        let end = (middle_end + CONTEXT.min(v.len() - middle_end)).min(v.len());
        let mut text: String = v[start..end]
            .iter()
            .map(|c| if c.is_control() { ' ' } else { *c })
            .collect();
        if start > 0 {
            text.insert(0, '…');
        }
        if end < v.len() {
            text.push('…');
        }
        format!("“{text}”")
    };
    (show(&a), show(&b))
}

fn session_field_words(field: &str) -> String {
    match field {
        "title" => "the title".to_owned(),
        "kind" => "the kind of study".to_owned(),
        "purpose" => "the purpose".to_owned(),
        "facilitators" => "the facilitators".to_owned(),
        "created" => "the creation date".to_owned(),
        "narrative.acknowledged" => "the acknowledged language findings".to_owned(),
        other => format!("the session's {other}"),
    }
}

fn heading(kind: EntityKind) -> String {
    let plural = EntityKind::count(kind, 2);
    let noun = plural.trim_start_matches("2 ");
    let mut chars = noun.chars();
    match (kind, chars.next()) {
        (EntityKind::Session, _) => "Session".to_owned(),
        (EntityKind::Conflict, _) => "Open merge conflicts".to_owned(),
        (_, Some(first)) => first.to_uppercase().chain(chars).collect(),
        (_, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file;

    fn example() -> Session {
        file::from_str(crate::model::EXAMPLE_SESSION)
            .map(|l| l.session)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_diff_names_what_was_added_changed_and_removed() {
        let a = example();
        let mut b = a.clone();
        b.title = "A new title".into();
        b.interviews[0].statements[0].text = "Reworded".into();
        let removed = b.findings.remove(0);
        let mut added = b.interviews[1].statements[0].clone();
        added.id = Id::from_u128(77);
        b.interviews[1].statements.push(added);
        let d = diff(&a, &b);
        assert_eq!(
            d.sentence(),
            "adds 1 statement, changes 1 statement and the title, removes 1 finding"
        );
        let text = d.render();
        assert!(text.contains("title: “"), "{text}");
        assert!(text.contains("→ “Reworded”"), "{text}");
        let (x, y) = excerpts(
            "The pool graph had a sawtooth I'd never seen on a Monday. Mondays are busy, but busy is smooth.",
            "The pool graph had a sawtooth I'd never seen on a Monday. Mondays are busy but smooth.",
        );
        assert_eq!(x, "“…Monday. Mondays are busy, but busy is smooth.”");
        assert_eq!(y, "“…Monday. Mondays are busy but smooth.”");
        assert_eq!(excerpts("", "new").0, "(empty)");
        assert!(text.contains(&format!("- {}", removed.label())), "{text}");
        assert!(diff(&a, &a).is_empty());
        assert_eq!(diff(&a, &a).sentence(), "changes nothing");
    }
}
