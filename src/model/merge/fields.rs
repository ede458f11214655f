//! Field by field: how each kind of entity merges, compares, is described and is
//! fingerprinted. One list per type says which fields are text, single values (`atom`),
//! lists merged as sets (`set`), or nested entities merged on their own (`children`);
//! a test checks that the lists name every field, so a new field cannot be forgotten.

use super::order::{ListCtx, merge_list};
use crate::model::conflict::{Conflict, EntityKind};
use crate::model::id::Id;
use crate::model::session::*;
use crate::model::validate::fmt_secs;
use serde::{Serialize, de::DeserializeOwned};

/// A field both copies changed, each differently (values as in [`Conflict`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldConflict {
    pub field: String,
    pub base: Option<String>,
    pub ours: String,
    pub theirs: String,
}

/// A field that differs between two versions of an entity.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// The field, e.g. `text` or `consent.may_quote`.
    pub field: String,
    /// Its value before (plain text for text fields, RON otherwise).
    pub before: String,
    /// Its value after.
    pub after: String,
}

/// How one kind of entity merges (see the module comment).
pub(crate) trait Fields: Clone + PartialEq {
    /// Which kind it is.
    const KIND: EntityKind;
    /// Its id.
    fn eid(&self) -> Id;
    /// Merges its own fields (three-way, or two-way without `base`); nested entities
    /// are left as in `ours` (they are merged on their own).
    fn merge_own(
        base: Option<&Self>,
        ours: &Self,
        theirs: &Self,
        ctx: &ListCtx<'_>,
        out: &mut Vec<FieldConflict>,
    ) -> Self;
    /// Whether its own fields (not nested entities) are equal.
    fn own_eq(&self, other: &Self) -> bool;
    /// The own fields that differ.
    fn own_changes(before: &Self, after: &Self, out: &mut Vec<FieldChange>);
    /// A field's value as a conflict records it.
    fn get(&self, field: &str) -> Option<String>;
    /// Sets a field from a value as a conflict records it.
    fn set(&mut self, field: &str, value: &str) -> Result<(), String>;
    /// Its own fields in RON-like text, for whole-entity conflicts.
    fn own_text(&self) -> String;
    /// A hash of its own fields, stable across platforms and runs (tombstones).
    fn fingerprint(&self) -> u64;
    /// The ids and fingerprints of the entities nested in it.
    fn each_child(&self, f: &mut dyn FnMut(Id, u64));
    /// The ids of the entities nested in it.
    fn each_child_id(&self, f: &mut dyn FnMut(Id));
    /// The entity in words, e.g. `statement at 02:15 "We saw…"`.
    fn label(&self) -> String;
}

/// Compact RON of a value (what conflicts record for fields that are not text).
pub(crate) fn ron_of<T: Serialize>(v: &T) -> String {
    ron::to_string(v).unwrap_or_default()
}

fn ron_from<T: DeserializeOwned>(s: &str) -> Result<T, String> {
    ron::Options::default()
        .with_recursion_limit(32)
        .from_str(s)
        .map_err(|e| format!("not a valid value ({e})"))
}

/// FNV-1a, 64 bits: small, stable, and the same on every platform.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    pub(crate) fn field(&mut self, name: &str, value: &str) {
        self.write(name.as_bytes());
        self.write(b"=");
        self.write(value.as_bytes());
        self.write(&[0]);
    }
    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

/// The first line of a text, at most `n` characters, with an ellipsis when cut.
pub fn short(text: &str, n: usize) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let line = line.trim();
    let cut: String = line.chars().take(n).collect();
    if cut.len() < line.len() || text.trim().lines().nth(1).is_some() {
        format!("{}…", cut.trim_end())
    } else {
        cut
    }
}

/// Three-way choice of one value: `Ok` with the merged value, `Err` when both changed.
pub(crate) fn pick<'a, T: PartialEq>(b: Option<&'a T>, o: &'a T, t: &'a T) -> Result<&'a T, ()> {
    if o == t || b == Some(t) {
        Ok(o)
    } else if b == Some(o) {
        Ok(t)
    } else {
        Err(())
    }
}

/// Text fields: a conflict shows and takes them as they are.
struct Text;
/// Other fields: a conflict shows and takes their RON.
struct Atom;

impl Text {
    // A `fn(&T) -> String` with `T = String`, like `Atom::show`.
    #[allow(clippy::ptr_arg)]
    fn show(v: &String) -> String {
        v.clone()
    }
    fn parse(s: &str) -> Result<String, String> {
        Ok(s.to_owned())
    }
}

impl Atom {
    fn show<T: Serialize>(v: &T) -> String {
        ron_of(v)
    }
    fn parse<T: DeserializeOwned>(s: &str) -> Result<T, String> {
        ron_from(s)
    }
}

/// Merges one single-value field into `r`, recording a conflict when both changed.
fn merge_value<T: PartialEq + Clone>(
    r: &mut T,
    name: &str,
    (b, o, t): (Option<&T>, &T, &T),
    show: fn(&T) -> String,
    out: &mut Vec<FieldConflict>,
) {
    match pick(b, o, t) {
        Ok(v) => *r = v.clone(),
        Err(()) => {
            *r = o.clone();
            out.push(FieldConflict {
                field: name.to_owned(),
                base: b.map(show),
                ours: show(o),
                theirs: show(t),
            })
        }
    }
}

fn change<T: PartialEq>(
    out: &mut Vec<FieldChange>,
    name: &str,
    a: &T,
    b: &T,
    show: fn(&T) -> String,
) {
    if a != b {
        out.push(FieldChange {
            field: name.to_owned(),
            before: show(a),
            after: show(b),
        });
    }
}

/// One field's handling per category (see [`entity_fields`]).
macro_rules! field {
    (merge text, $n:expr, $r:ident, $b:ident, $o:ident, $t:ident, $c:ident, $out:ident, $($p:ident).+) => {
        merge_value(&mut $r.$($p).+, $n, ($b.map(|b| &b.$($p).+), &$o.$($p).+, &$t.$($p).+), Text::show, $out)
    };
    (merge atom, $n:expr, $r:ident, $b:ident, $o:ident, $t:ident, $c:ident, $out:ident, $($p:ident).+) => {
        merge_value(&mut $r.$($p).+, $n, ($b.map(|b| &b.$($p).+), &$o.$($p).+, &$t.$($p).+), Atom::show, $out)
    };
    (merge set, $n:expr, $r:ident, $b:ident, $o:ident, $t:ident, $c:ident, $out:ident, $($p:ident).+) => {
        $r.$($p).+ = merge_list($b.map(|b| &b.$($p).+[..]), &$o.$($p).+, &$t.$($p).+, $c)
    };
    // Creation time: the earliest; change time: the latest. Never a conflict.
    (merge earliest, $n:expr, $r:ident, $b:ident, $o:ident, $t:ident, $c:ident, $out:ident, $($p:ident).+) => {
        $r.$($p).+ = *pick($b.map(|b| &b.$($p).+), &$o.$($p).+, &$t.$($p).+)
            .unwrap_or_else(|()| (&$o.$($p).+).min(&$t.$($p).+))
    };
    (merge latest, $n:expr, $r:ident, $b:ident, $o:ident, $t:ident, $c:ident, $out:ident, $($p:ident).+) => {
        $r.$($p).+ = $o.$($p).+.max($t.$($p).+)
    };
    (merge aspects, $n:expr, $r:ident, $b:ident, $o:ident, $t:ident, $c:ident, $out:ident, $($p:ident).+) => {
        $r.$($p).+ = super::aspects::merge($b.map(|b| &b.$($p).+[..]), &$o.$($p).+, &$t.$($p).+, $c, $out)
    };
    (merge either, $($rest:tt)*) => { field!(merge atom, $($rest)*) };
    (merge children, $($rest:tt)*) => {};
    (merge skip, $($rest:tt)*) => {};

    (eq children, $a:ident, $b:ident, $($p:ident).+) => { true };
    (eq skip, $a:ident, $b:ident, $($p:ident).+) => { true };
    (eq $cat:ident, $a:ident, $b:ident, $($p:ident).+) => { $a.$($p).+ == $b.$($p).+ };

    (show text, $v:expr) => { Text::show($v) };
    (show $cat:ident, $v:expr) => { Atom::show($v) };

    (changes children, $($rest:tt)*) => {};
    (changes skip, $($rest:tt)*) => {};
    (changes aspects, $n:expr, $out:ident, $a:ident, $b:ident, $($p:ident).+) => {
        super::aspects::changes(&$a.$($p).+, &$b.$($p).+, $out)
    };
    (changes text, $n:expr, $out:ident, $a:ident, $b:ident, $($p:ident).+) => {
        change($out, $n, &$a.$($p).+, &$b.$($p).+, Text::show)
    };
    (changes $cat:ident, $n:expr, $out:ident, $a:ident, $b:ident, $($p:ident).+) => {
        change($out, $n, &$a.$($p).+, &$b.$($p).+, Atom::show)
    };

    (matches aspects, $field:ident, $n:expr) => { $field == $n || $field.starts_with("aspects[") };
    (matches $cat:ident, $field:ident, $n:expr) => { $field == $n };

    (get children, $($rest:tt)*) => { None };
    (get skip, $($rest:tt)*) => { None };
    (get aspects, $s:ident, $field:ident, $($p:ident).+) => { super::aspects::get(&$s.$($p).+, $field) };
    (get $cat:ident, $s:ident, $field:ident, $($p:ident).+) => { Some(field!(show $cat, &$s.$($p).+)) };

    (set children, $($rest:tt)*) => { Err("a list of entities is not set as a value".to_owned()) };
    (set skip, $($rest:tt)*) => { Err("not a field to set".to_owned()) };
    (set aspects, $s:ident, $field:ident, $v:ident, $($p:ident).+) => {
        super::aspects::set(&mut $s.$($p).+, $field, $v)
    };
    (set text, $s:ident, $field:ident, $v:ident, $($p:ident).+) => { Text::parse($v).map(|x| $s.$($p).+ = x) };
    (set $cat:ident, $s:ident, $field:ident, $v:ident, $($p:ident).+) => { Atom::parse($v).map(|x| $s.$($p).+ = x) };

    (text children, $($rest:tt)*) => { None::<String> };
    (text skip, $($rest:tt)*) => { None::<String> };
    (text $cat:ident, $s:ident, $($p:ident).+) => { Some(ron_of(&$s.$($p).+)) };

    // A pair of fields whose order does not matter to the fingerprint (a conflict's
    // two sides: the same conflict either way round).
    (fp either, $h:ident, $e:ident, $n:expr, $s:ident, $($p:ident).+) => {
        $e.push(ron_of(&$s.$($p).+))
    };
    (fp $cat:ident, $h:ident, $e:ident, $n:expr, $s:ident, $($p:ident).+) => {
        if let Some(v) = field!(text $cat, $s, $($p).+) {
            $h.field($n, &v);
        }
    };

    (child children, $s:ident, $f:ident, $($p:ident).+) => {
        for c in &$s.$($p).+ {
            $f(c.eid(), c.fingerprint());
        }
    };
    (child $cat:ident, $($rest:tt)*) => {};

    (child_id children, $s:ident, $f:ident, $($p:ident).+) => {
        for c in &$s.$($p).+ {
            $f(c.eid());
        }
    };
    (child_id $cat:ident, $($rest:tt)*) => {};
}

/// Implements [`Fields`] for a type from the list of its fields by category:
/// `text` (a string; conflicts show it as it is), `atom` (any other single value;
/// conflicts show its RON), `set` (a list merged as a set, never a conflict), `earliest`
/// and `latest` (timestamps), `aspects` (decision-point aspects, keyed by kind),
/// `children` (nested entities, merged on their own) and `skip`.
macro_rules! entity_fields {
    ($t:ty, $kind:expr, |$me:ident| $label:expr; $($cat:ident $f:ident $(. $g:ident)*),* $(,)?) => {
        impl Fields for $t {
            const KIND: EntityKind = $kind;
            fn eid(&self) -> Id {
                self.id
            }
            #[allow(unused_variables)]
            fn merge_own(
                base: Option<&Self>,
                ours: &Self,
                theirs: &Self,
                ctx: &ListCtx<'_>,
                out: &mut Vec<FieldConflict>,
            ) -> Self {
                let mut r = ours.clone();
                $( field!(merge $cat, concat!(stringify!($f) $(, ".", stringify!($g))*), r, base, ours, theirs, ctx, out, $f $(. $g)*); )*
                r
            }
            fn own_eq(&self, other: &Self) -> bool {
                true $( && field!(eq $cat, self, other, $f $(. $g)*) )*
            }
            #[allow(unused_variables)]
            fn own_changes(before: &Self, after: &Self, out: &mut Vec<FieldChange>) {
                $( field!(changes $cat, concat!(stringify!($f) $(, ".", stringify!($g))*), out, before, after, $f $(. $g)*); )*
            }
            fn get(&self, field: &str) -> Option<String> {
                $( if field!(matches $cat, field, concat!(stringify!($f) $(, ".", stringify!($g))*)) {
                    return field!(get $cat, self, field, $f $(. $g)*);
                } )*
                None
            }
            fn set(&mut self, field: &str, value: &str) -> Result<(), String> {
                $( if field!(matches $cat, field, concat!(stringify!($f) $(, ".", stringify!($g))*)) {
                    return field!(set $cat, self, field, value, $f $(. $g)*);
                } )*
                Err(format!("there is no field `{field}`"))
            }
            fn own_text(&self) -> String {
                let parts: Vec<String> = [
                    $( field!(text $cat, self, $f $(. $g)*)
                        .map(|v| format!("{}: {v}", concat!(stringify!($f) $(, ".", stringify!($g))*))), )*
                ]
                .into_iter()
                .flatten()
                .collect();
                format!("({})", parts.join(", "))
            }
            fn fingerprint(&self) -> u64 {
                let mut h = Fnv::new();
                let mut either: Vec<String> = Vec::new();
                $( field!(fp $cat, h, either, concat!(stringify!($f) $(, ".", stringify!($g))*), self, $f $(. $g)*); )*
                either.sort();
                for v in either {
                    h.field("either", &v);
                }
                h.finish()
            }
            #[allow(unused_variables)]
            fn each_child(&self, f: &mut dyn FnMut(Id, u64)) {
                $( field!(child $cat, self, f, $f $(. $g)*); )*
            }
            #[allow(unused_variables)]
            fn each_child_id(&self, f: &mut dyn FnMut(Id)) {
                $( field!(child_id $cat, self, f, $f $(. $g)*); )*
            }
            fn label(&self) -> String {
                let $me = self;
                $label
            }
        }

        #[cfg(test)]
        impl super::fields::Listed for $t {
            const FIELDS: &'static [&'static str] = &["id", $( stringify!($f) ),*];
        }
    };
}

/// For the test that every field is listed: the top-level field names a list covers.
#[cfg(test)]
pub(crate) trait Listed {
    const FIELDS: &'static [&'static str];
}

fn quoted(kind: &str, text: &str) -> String {
    format!("{kind} \"{}\"", short(text, 50))
}

entity_fields!(Session, EntityKind::Session, |_s| "the session".to_owned();
    text title, atom kind, text purpose, set facilitators, earliest created, latest updated,
    children participants, children interviews, children timeline, children decision_points,
    children codes, children tags, children themes, children findings, children maps,
    set narrative.acknowledged, children narrative.sections, children follow_ups,
    children guides, children conflicts, skip deleted);
entity_fields!(Participant, EntityKind::Participant, |p| quoted("participant", &p.pseudonym);
    text pseudonym, atom real_name, set other_names, text role, text team,
    atom consent.may_record, atom consent.may_quote, atom consent.attribution,
    text consent.conditions, text consent.retention, text notes);
entity_fields!(Interview, EntityKind::Interview, |i| quoted("interview", &i.title);
    atom participant, text title, text facilitator, atom guide, atom started,
    atom duration_secs, children statements, children asked, text summary,
    text participant_follow_ups, atom calibration, atom calibration_sent,
    atom calibration_checked, set coach_dismissed);
entity_fields!(Statement, EntityKind::Statement,
    |s| format!("statement at {} \"{}\"", fmt_secs(s.at_secs), short(&s.text, 50));
    atom at_secs, atom speaker, atom kind, text text, atom off_record, text paraphrase);
entity_fields!(AskedQuestion, EntityKind::AskedQuestion, |a| quoted("asked question", &a.text);
    atom question, text text, atom at_secs, atom status);
entity_fields!(TimelineEvent, EntityKind::TimelineEvent, |e| quoted("timeline event", &e.description);
    atom time, text description, atom perspective, set evidence, set differs_from,
    atom decision_point, set milestones, atom attributed_to);
entity_fields!(DecisionPoint, EntityKind::DecisionPoint, |d| quoted("decision point", &d.title);
    text title, text when, set who, set statements, aspects aspects);
entity_fields!(Code, EntityKind::Code, |c| quoted("code", &c.name);
    text name, text description, atom parent, atom vocabulary);
entity_fields!(TagApplication, EntityKind::Tag, |_t| "a tag".to_owned();
    atom code, atom statement, atom span);
entity_fields!(Theme, EntityKind::Theme, |t| quoted("theme", &t.name);
    text name, text description, set excerpts);
entity_fields!(Finding, EntityKind::Finding, |f| quoted("finding", &f.text);
    atom kind, text text, set evidence);
entity_fields!(FollowUp, EntityKind::FollowUp, |f| quoted("follow-up", &f.text);
    text text, atom class, atom soak_until, set evidence, atom done);
entity_fields!(WorkMap, EntityKind::Map, |m| quoted("map", &m.name);
    text name, set lanes, children nodes, children edges, children links);
entity_fields!(MapNode, EntityKind::MapNode, |n| quoted("map step", &n.label);
    atom lane, text label, atom pos, set evidence, set documents, set participants);
entity_fields!(MapEdge, EntityKind::MapEdge, |_e| "a map arrow".to_owned();
    atom from, atom to);
entity_fields!(MapLink, EntityKind::MapLink, |l| format!("a gap link ({:?})", l.relation);
    atom imagined, atom done, atom relation, text gap.pressure, text gap.why,
    text gap.usually_succeeds, text gap.risk, set gap.evidence);
entity_fields!(NarrativeSection, EntityKind::Section, |s| quoted("section", &s.title);
    text kind, text title, text body, atom included, atom generated_hash);
entity_fields!(Guide, EntityKind::Guide, |g| quoted("guide", &g.name);
    text name, text when_to_use, set references, children questions);
entity_fields!(GuideQuestion, EntityKind::GuideQuestion, |q| quoted("guide question", &q.text);
    text text, text section);
entity_fields!(Conflict, EntityKind::Conflict, |c| format!("conflict about {}", c.what);
    atom kind, atom entity_kind, atom entity, text what, text field, atom base, either ours,
    either theirs);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::conflict::Tombstone;

    /// The field names serde writes for a type's default value.
    fn serde_fields<T: Serialize + Default>() -> Vec<String> {
        match serde_json::to_value(T::default()) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            other => panic!("not a struct: {other:?}"),
        }
    }

    fn covers<T: Listed + Serialize + Default>(name: &str) {
        let mut listed: Vec<String> = T::FIELDS.iter().map(|s| s.to_string()).collect();
        listed.sort();
        listed.dedup();
        let mut actual = serde_fields::<T>();
        actual.sort();
        assert_eq!(
            listed, actual,
            "{name}: the merge's field list (src/model/merge/fields.rs) must name every field"
        );
    }

    #[test]
    fn every_field_of_every_entity_is_merged() {
        covers::<Session>("Session");
        covers::<Participant>("Participant");
        covers::<Interview>("Interview");
        covers::<Statement>("Statement");
        covers::<AskedQuestion>("AskedQuestion");
        covers::<TimelineEvent>("TimelineEvent");
        covers::<DecisionPoint>("DecisionPoint");
        covers::<Code>("Code");
        covers::<TagApplication>("TagApplication");
        covers::<Theme>("Theme");
        covers::<Finding>("Finding");
        covers::<FollowUp>("FollowUp");
        covers::<WorkMap>("WorkMap");
        covers::<MapNode>("MapNode");
        covers::<MapEdge>("MapEdge");
        covers::<MapLink>("MapLink");
        covers::<NarrativeSection>("NarrativeSection");
        covers::<Guide>("Guide");
        covers::<GuideQuestion>("GuideQuestion");
        covers::<Conflict>("Conflict");
        // Nested structs merged field by field through dotted names.
        let consent: Vec<String> = serde_fields::<Consent>();
        let gap: Vec<String> = serde_fields::<GapNote>();
        assert_eq!(consent.len(), 5, "Consent fields are listed one by one");
        assert_eq!(gap.len(), 5, "GapNote fields are listed one by one");
        let narrative = serde_fields::<Narrative>();
        assert_eq!(narrative.len(), 2, "Narrative fields are listed one by one");
        assert_eq!(serde_fields::<Tombstone>().len(), 2);
    }

    #[test]
    fn get_and_set_round_trip_text_and_values() {
        let mut s = Statement {
            text: "line one\n\"two\"".into(),
            at_secs: 95,
            ..Statement::default()
        };
        assert_eq!(s.get("text").as_deref(), Some("line one\n\"two\""));
        assert_eq!(s.get("at_secs").as_deref(), Some("95"));
        s.set("at_secs", "120").unwrap_or_else(|e| panic!("{e}"));
        s.set("kind", "Quote").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.at_secs, s.kind), (120, StatementKind::Quote));
        assert!(s.set("at_secs", "soon").is_err(), "a bad value is refused");
        assert!(s.set("nope", "1").is_err());
        let mut p = Participant::default();
        p.set("consent.may_quote", "true")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(p.consent.may_quote);
    }

    #[test]
    fn fingerprints_follow_own_fields_only() {
        let mut i = Interview::default();
        let before = i.fingerprint();
        i.statements.push(Statement::default());
        assert_eq!(
            i.fingerprint(),
            before,
            "nested entities are not part of it"
        );
        i.title = "x".into();
        assert_ne!(i.fingerprint(), before);
        // A conflict is the same conflict with its sides swapped.
        let c = Conflict {
            ours: Some("a".into()),
            theirs: None,
            ..Conflict::default()
        };
        let swapped = Conflict {
            ours: None,
            theirs: Some("a".into()),
            ..c.clone()
        };
        assert_eq!(c.fingerprint(), swapped.fingerprint());
    }
}
