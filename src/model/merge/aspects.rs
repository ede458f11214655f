//! A decision point's "how it made sense" aspects, merged by kind: each aspect's text
//! as one value and its evidence as a set. A field of one aspect is named like
//! `aspects[Cues].text` (`aspects[Cues 2].text` for a second aspect of the same kind).

use super::fields::{FieldChange, FieldConflict, ron_of};
use super::order::{ListCtx, merge_list, merge_order};
use crate::model::session::{Aspect, AspectKind};
use std::collections::HashMap;

type Key = (u8, usize);

fn keyed(list: &[Aspect]) -> Vec<(Key, &Aspect)> {
    let mut seen: HashMap<u8, usize> = HashMap::new();
    list.iter()
        .map(|a| {
            let n = seen.entry(a.kind as u8).or_insert(0);
            *n += 1;
            ((a.kind as u8, *n), a)
        })
        .collect()
}

fn name(a: &Aspect, n: usize) -> String {
    if n == 1 {
        format!("aspects[{:?}]", a.kind)
    } else {
        format!("aspects[{:?} {n}]", a.kind)
    }
}

/// Merges the aspects of one decision point (see the module comment).
pub(crate) fn merge(
    base: Option<&[Aspect]>,
    ours: &[Aspect],
    theirs: &[Aspect],
    ctx: &ListCtx<'_>,
    out: &mut Vec<FieldConflict>,
) -> Vec<Aspect> {
    if ours == theirs || base == Some(theirs) {
        return ours.to_vec();
    }
    if base == Some(ours) {
        return theirs.to_vec();
    }
    let (kb, ko, kt) = (base.map(keyed), keyed(ours), keyed(theirs));
    let map = |k: &[(Key, &Aspect)]| -> HashMap<Key, Aspect> {
        k.iter().map(|(k, a)| (*k, (*a).clone())).collect()
    };
    let (mb, mo, mt) = (kb.as_deref().map(map), map(&ko), map(&kt));
    let mut merged: HashMap<Key, Aspect> = HashMap::new();
    for key in mo.keys().chain(mt.keys()) {
        if merged.contains_key(key) {
            continue;
        }
        let b = mb.as_ref().and_then(|m| m.get(key));
        let kept = match (mo.get(key), mt.get(key)) {
            (Some(o), Some(t)) => {
                let mut r = o.clone();
                if o.text != t.text {
                    match b.map(|b| &b.text) {
                        Some(bt) if *bt == o.text => r.text = t.text.clone(),
                        Some(bt) if *bt == t.text => {}
                        bt => out.push(FieldConflict {
                            field: format!("{}.text", name(o, key.1)),
                            base: bt.cloned(),
                            ours: o.text.clone(),
                            theirs: t.text.clone(),
                        }),
                    }
                }
                r.evidence = merge_list(b.map(|b| &b.evidence[..]), &o.evidence, &t.evidence, ctx);
                Some(r)
            }
            // Removed by the other copy: gone unless this copy changed it.
            (Some(x), None) | (None, Some(x)) => match b {
                Some(b) if b == x => None,
                _ => Some(x.clone()),
            },
            (None, None) => None,
        };
        if let Some(a) = kept {
            merged.insert(*key, a);
        }
    }
    let seq = |k: &[(Key, &Aspect)]| k.iter().map(|(k, _)| *k).collect::<Vec<_>>();
    let order = merge_order(
        kb.as_deref().map(seq).as_deref(),
        &seq(&ko),
        &seq(&kt),
        &|k| merged.contains_key(k),
    );
    order
        .into_iter()
        .filter_map(|k| merged.remove(&k))
        .collect()
}

/// The aspect fields that differ between two versions of a decision point.
pub(crate) fn changes(before: &[Aspect], after: &[Aspect], out: &mut Vec<FieldChange>) {
    if before == after {
        return;
    }
    let (kb, ka) = (keyed(before), keyed(after));
    let mb: HashMap<Key, &Aspect> = kb.iter().map(|(k, a)| (*k, *a)).collect();
    let ma: HashMap<Key, &Aspect> = ka.iter().map(|(k, a)| (*k, *a)).collect();
    for (k, a) in &ka {
        match mb.get(k) {
            None => out.push(FieldChange {
                field: name(a, k.1),
                before: String::new(),
                after: a.text.clone(),
            }),
            Some(b) => {
                if b.text != a.text {
                    out.push(FieldChange {
                        field: format!("{}.text", name(a, k.1)),
                        before: b.text.clone(),
                        after: a.text.clone(),
                    });
                }
                if b.evidence != a.evidence {
                    out.push(FieldChange {
                        field: format!("{}.evidence", name(a, k.1)),
                        before: ron_of(&b.evidence),
                        after: ron_of(&a.evidence),
                    });
                }
            }
        }
    }
    for (k, b) in &kb {
        if !ma.contains_key(k) {
            out.push(FieldChange {
                field: name(b, k.1),
                before: b.text.clone(),
                after: String::new(),
            });
        }
    }
}

/// Finds the aspect a field name like `aspects[Cues 2].text` means, and the part after.
fn find<'a>(list: &'a mut [Aspect], field: &'a str) -> Option<(&'a mut Aspect, &'a str)> {
    let inner = field.strip_prefix("aspects[")?;
    let (inside, rest) = inner.split_once(']')?;
    let (kind, n) = match inside.split_once(' ') {
        Some((k, n)) => (k, n.parse::<usize>().ok()?),
        None => (inside, 1),
    };
    let kind: AspectKind = ron::from_str(kind).ok()?;
    let rest = rest.strip_prefix('.')?;
    list.iter_mut()
        .filter(|a| a.kind == kind)
        .nth(n.checked_sub(1)?)
        .map(|a| (a, rest))
}

/// The value of one aspect field (`aspects[Cues].text`), as a conflict records it.
pub(crate) fn get(list: &[Aspect], field: &str) -> Option<String> {
    if field == "aspects" {
        return Some(ron_of(&list));
    }
    let mut copy = list.to_vec();
    let (a, rest) = find(&mut copy, field)?;
    match rest {
        "text" => Some(a.text.clone()),
        "evidence" => Some(ron_of(&a.evidence)),
        _ => None,
    }
}

/// Sets one aspect field from a value as a conflict records it.
pub(crate) fn set(list: &mut Vec<Aspect>, field: &str, value: &str) -> Result<(), String> {
    if field == "aspects" {
        *list = ron::from_str(value).map_err(|e| format!("not a valid value ({e})"))?;
        return Ok(());
    }
    let (a, rest) = find(list, field).ok_or_else(|| format!("there is no aspect `{field}`"))?;
    match rest {
        "text" => a.text = value.to_owned(),
        "evidence" => {
            a.evidence = ron::from_str(value).map_err(|e| format!("not a valid value ({e})"))?
        }
        _ => return Err(format!("there is no field `{field}`")),
    }
    Ok(())
}
