//! Property tests of merging two copies of a session, over generated sessions (the
//! benchmark generator at a small size, any seed) and arbitrary edit scripts applied on
//! each side through the app's commands (so deletions take their references with them
//! and leave tombstones, as in the app):
//!
//! - `merge(base, a, base) == a` and `merge(base, base, a) == a`, byte for byte;
//! - merging in either order gives the same session once each conflict is settled for
//!   the same copy, the same conflicts with "ours" and "theirs" swapped, and the same
//!   bytes when there is no conflict;
//! - no entity is lost: an entity either copy holds is in the result, unless one copy
//!   deleted it and the other left it as it was in the base (or both deleted it);
//! - edit scripts that touch disjoint entities never conflict;
//! - the result always validates and reads back from its file;
//! - without a base, the same, with tombstones telling deletions from additions.
//!
//! `PROPTEST_CASES=2000 cargo test --test merge_properties` for a deeper run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use proptest::prelude::*;
use second_story::model::merge::{self, refs, resolve};
use second_story::model::synth::{Scale, generate};
use second_story::model::*;
use std::collections::{HashMap, HashSet};

const SMALL: Scale = Scale {
    name: "S",
    interviews: 4,
    statements_per_interview: 6,
    timeline_events: 6,
    decision_points: 3,
    maps: 1,
    nodes_per_map: 6,
    codes: 6,
    tags: 10,
    themes: 2,
    findings: 5,
    follow_ups: 3,
    narrative_words: 200,
    sections: 12,
};

/// Text that tries to break RON and the merge's bookkeeping.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z ,.]{0,16}",
        1 => prop::sample::select(vec![
            "\"", "\\", ")", "\n", "r#\"x\"#", "é🙂", "", "  ", "<<<<<<< HEAD", "\u{feff}",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ]
}

#[derive(Clone, Debug)]
enum Op {
    Reword(usize, String),
    Retype(usize, usize),
    Add(usize, usize, String),
    Delete(usize),
    Section(usize, String),
    Title(String),
    Role(usize, String),
    NewFinding(String, usize),
    DropFinding(usize),
    Cite(usize, usize),
    Uncite(usize),
    DeleteInterview(usize),
    MoveStep(usize, i16),
    Tag(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let n = || 0..64usize;
    prop_oneof![
        3 => (n(), text()).prop_map(|(i, t)| Op::Reword(i, t)),
        1 => (n(), 0..10usize).prop_map(|(i, k)| Op::Retype(i, k)),
        3 => (n(), n(), text()).prop_map(|(i, at, t)| Op::Add(i, at, t)),
        2 => n().prop_map(Op::Delete),
        2 => (n(), text()).prop_map(|(i, t)| Op::Section(i, t)),
        1 => text().prop_map(Op::Title),
        1 => (n(), text()).prop_map(|(i, t)| Op::Role(i, t)),
        1 => (text(), n()).prop_map(|(t, c)| Op::NewFinding(t, c)),
        1 => n().prop_map(Op::DropFinding),
        1 => (n(), n()).prop_map(|(f, c)| Op::Cite(f, c)),
        1 => n().prop_map(Op::Uncite),
        1 => n().prop_map(Op::DeleteInterview),
        1 => (n(), any::<i16>()).prop_map(|(i, x)| Op::MoveStep(i, x)),
        1 => (n(), n()).prop_map(|(s, c)| Op::Tag(s, c)),
    ]
}

fn script() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 0..12)
}

/// Which side owns an entity in a disjoint run (by the parity of its id).
fn owner(id: Id) -> u8 {
    (id.0.as_u128() & 1) as u8
}

/// Applies an edit script as copy `side` (0 or 1). With `disjoint`, an edit that would
/// touch (or rely on) an entity the other side owns is skipped.
fn apply(base: &Session, ops: &[Op], side: u8, disjoint: bool) -> Session {
    let mut d = Document::new(base.clone());
    let mut next = 0u128;
    let mut fresh = || {
        next += 1;
        Id::from_u128((u128::from(side) + 1) << 120 | next << 1 | u128::from(side))
    };
    let mine = |id: Id| !disjoint || owner(id) == side;
    for op in ops {
        let s = d.session().clone();
        let statements: Vec<(Id, &Statement)> = s
            .interviews
            .iter()
            .flat_map(|i| i.statements.iter().map(move |x| (i.id, x)))
            .collect();
        let pick = |i: usize| statements.get(i % statements.len().max(1));
        let deletable = |targets: &HashSet<Id>| {
            targets.iter().all(|t| mine(*t)) && refs::referrers(&s, targets).into_iter().all(mine)
        };
        let cmd = match op {
            Op::Reword(i, t) => {
                pick(*i)
                    .filter(|(_, x)| mine(x.id))
                    .map(|(iv, x)| Command::Statement {
                        interview: *iv,
                        edit: Edit::put(Statement {
                            text: t.clone(),
                            ..(*x).clone()
                        }),
                    })
            }
            Op::Retype(i, k) => {
                pick(*i)
                    .filter(|(_, x)| mine(x.id))
                    .map(|(iv, x)| Command::Statement {
                        interview: *iv,
                        edit: Edit::put(Statement {
                            kind: StatementKind::ALL[k % 10],
                            ..(*x).clone()
                        }),
                    })
            }
            Op::Add(i, at, t) => {
                s.interviews
                    .get(i % s.interviews.len().max(1))
                    .map(|iv| Command::Statement {
                        interview: iv.id,
                        edit: Edit::Put {
                            item: Statement {
                                id: fresh(),
                                text: t.clone(),
                                at_secs: *at as u32,
                                ..Statement::default()
                            },
                            index: Some(at % (iv.statements.len() + 1)),
                        },
                    })
            }
            Op::Delete(i) => pick(*i).and_then(|(iv, x)| {
                let targets = HashSet::from([x.id]);
                if !deletable(&targets) {
                    return None;
                }
                let mut commands = resolve::strip_references(&s, &targets).ok()?;
                commands.push(Command::Statement {
                    interview: *iv,
                    edit: Edit::remove(x.id),
                });
                Some(Command::Batch {
                    label: "Delete statement".into(),
                    commands,
                })
            }),
            Op::Section(i, t) => s
                .narrative
                .sections
                .get(i % s.narrative.sections.len().max(1))
                .filter(|x| mine(x.id))
                .map(|x| {
                    Command::Section(Edit::put(NarrativeSection {
                        body: t.clone(),
                        ..x.clone()
                    }))
                }),
            Op::Title(t) => (!disjoint || side == 0).then(|| {
                let mut o = Overview::of(&s);
                o.title = t.clone();
                Command::SetOverview(o)
            }),
            Op::Role(i, t) => s
                .participants
                .get(i % s.participants.len().max(1))
                .filter(|x| mine(x.id))
                .map(|x| {
                    Command::Participant(Edit::put(Participant {
                        role: t.clone(),
                        ..x.clone()
                    }))
                }),
            Op::NewFinding(t, c) => {
                let cite: Vec<Id> = pick(*c)
                    .filter(|(_, x)| mine(x.id))
                    .map(|(_, x)| x.id)
                    .into_iter()
                    .collect();
                Some(Command::Finding(Edit::put(Finding {
                    id: fresh(),
                    text: t.clone(),
                    evidence: cite,
                    ..Finding::default()
                })))
            }
            Op::DropFinding(i) => s.findings.get(i % s.findings.len().max(1)).and_then(|f| {
                let targets = HashSet::from([f.id]);
                if !deletable(&targets) {
                    return None;
                }
                let mut commands = resolve::strip_references(&s, &targets).ok()?;
                // Follow-ups may cite findings too.
                for u in s.follow_ups.iter().filter(|u| u.evidence.contains(&f.id)) {
                    if !mine(u.id) {
                        return None;
                    }
                    let mut u = u.clone();
                    u.evidence.retain(|e| *e != f.id);
                    commands.push(Command::FollowUp(Edit::put(u)));
                }
                commands.push(Command::Finding(Edit::remove(f.id)));
                Some(Command::Batch {
                    label: "Delete finding".into(),
                    commands,
                })
            }),
            Op::Cite(f, c) => {
                let st = pick(*c).filter(|(_, x)| mine(x.id)).map(|(_, x)| x.id);
                s.findings
                    .get(f % s.findings.len().max(1))
                    .filter(|f| mine(f.id))
                    .zip(st)
                    .filter(|(f, st)| !f.evidence.contains(st))
                    .map(|(f, st)| {
                        let mut f = f.clone();
                        f.evidence.push(st);
                        Command::Finding(Edit::put(f))
                    })
            }
            Op::Uncite(i) => s
                .findings
                .get(i % s.findings.len().max(1))
                .filter(|f| mine(f.id) && !f.evidence.is_empty())
                .map(|f| {
                    let mut f = f.clone();
                    f.evidence.remove(0);
                    Command::Finding(Edit::put(f))
                }),
            Op::DeleteInterview(i) => {
                s.interviews
                    .get(i % s.interviews.len().max(1))
                    .and_then(|iv| {
                        let mut targets: HashSet<Id> = iv.statements.iter().map(|x| x.id).collect();
                        targets.extend(iv.asked.iter().map(|x| x.id));
                        targets.insert(iv.id);
                        if !deletable(&targets) {
                            return None;
                        }
                        let mut commands = resolve::strip_references(&s, &targets).ok()?;
                        commands.push(Command::Interview(Edit::remove(iv.id)));
                        Some(Command::Batch {
                            label: "Delete interview".into(),
                            commands,
                        })
                    })
            }
            Op::MoveStep(i, x) => s.maps.first().and_then(|m| {
                let n = m
                    .nodes
                    .get(i % m.nodes.len().max(1))
                    .filter(|n| mine(n.id))?;
                let mut m = m.clone();
                let id = n.id;
                m.nodes
                    .iter_mut()
                    .filter(|n| n.id == id)
                    .for_each(|n| n.pos[0] = f32::from(*x));
                Some(Command::Map(Edit::put(m)))
            }),
            Op::Tag(st, c) => {
                let st = pick(*st).filter(|(_, x)| mine(x.id)).map(|(_, x)| x.id);
                let code = s.codes.get(c % s.codes.len().max(1)).map(|c| c.id);
                st.zip(code).map(|(statement, code)| {
                    Command::Tag(Edit::put(TagApplication {
                        id: fresh(),
                        code,
                        statement,
                        span: None,
                    }))
                })
            }
        };
        if let Some(cmd) = cmd {
            d.apply(cmd).unwrap_or_else(|e| panic!("{op:?}: {e}"));
        }
    }
    let mut out = d.session().clone();
    // The clock is not part of what is tested.
    out.updated = base.updated + chrono::Duration::hours(1 + i64::from(side));
    out
}

fn bytes(s: &Session) -> String {
    file::to_ron_string(s).unwrap_or_else(|e| panic!("{e}"))
}

fn same(a: &Session, b: &Session) -> Result<(), TestCaseError> {
    let (x, y) = (bytes(a), bytes(b));
    if let Some((n, (l, r))) = x
        .lines()
        .zip(y.lines())
        .enumerate()
        .find(|(_, (l, r))| l != r)
    {
        return Err(TestCaseError::fail(format!(
            "line {}: {l:?} != {r:?}",
            n + 1
        )));
    }
    prop_assert_eq!(x.len(), y.len());
    Ok(())
}

/// Every entity by id, as RON (containers with what is inside them).
fn entities(s: &Session) -> HashMap<Id, String> {
    fn put<T: serde::Serialize>(m: &mut HashMap<Id, String>, id: Id, x: &T) {
        m.insert(id, ron::to_string(x).unwrap_or_default());
    }
    let mut m = HashMap::new();
    s.participants.iter().for_each(|x| put(&mut m, x.id, x));
    for i in &s.interviews {
        put(&mut m, i.id, i);
        i.statements.iter().for_each(|x| put(&mut m, x.id, x));
        i.asked.iter().for_each(|x| put(&mut m, x.id, x));
    }
    s.timeline.iter().for_each(|x| put(&mut m, x.id, x));
    s.decision_points.iter().for_each(|x| put(&mut m, x.id, x));
    s.codes.iter().for_each(|x| put(&mut m, x.id, x));
    s.tags.iter().for_each(|x| put(&mut m, x.id, x));
    s.themes.iter().for_each(|x| put(&mut m, x.id, x));
    s.findings.iter().for_each(|x| put(&mut m, x.id, x));
    s.follow_ups.iter().for_each(|x| put(&mut m, x.id, x));
    for x in &s.maps {
        put(&mut m, x.id, x);
        x.nodes.iter().for_each(|n| put(&mut m, n.id, n));
        x.edges.iter().for_each(|n| put(&mut m, n.id, n));
        x.links.iter().for_each(|n| put(&mut m, n.id, n));
    }
    s.narrative
        .sections
        .iter()
        .for_each(|x| put(&mut m, x.id, x));
    for g in &s.guides {
        put(&mut m, g.id, g);
        g.questions.iter().for_each(|q| put(&mut m, q.id, q));
    }
    m
}

/// An entity either copy holds is in the result, unless the base had it and every copy
/// still holding it holds it unchanged (so the other copy's deletion stands).
fn nothing_lost(
    base: Option<&Session>,
    a: &Session,
    b: &Session,
    r: &Session,
) -> Result<(), TestCaseError> {
    let (ea, eb, er) = (entities(a), entities(b), entities(r));
    let eo = base.map(entities);
    let tomb = |s: &Session, id: &Id| s.deleted.iter().any(|t| t.id == *id);
    for id in ea.keys().chain(eb.keys()) {
        if er.contains_key(id) {
            continue;
        }
        prop_assert!(
            !(ea.contains_key(id) && eb.contains_key(id)),
            "{id} was in both copies"
        );
        match &eo {
            Some(eo) => {
                let was = eo.get(id);
                prop_assert!(was.is_some(), "{id} was added by a copy and lost");
                for e in [&ea, &eb] {
                    if let Some(v) = e.get(id) {
                        prop_assert_eq!(
                            Some(v),
                            was,
                            "{} changed on one side, deleted on the other, lost",
                            id
                        );
                    }
                }
            }
            None => {
                let (holder, other) = if ea.contains_key(id) { (a, b) } else { (b, a) };
                let _ = holder;
                prop_assert!(
                    tomb(other, id),
                    "{id} lost without a tombstone in the other copy"
                );
            }
        }
    }
    Ok(())
}

/// Settles every conflict for the copy `a` (which `r` calls `ours` when `a_is_ours`).
fn settled(r: &Session, a_is_ours: bool) -> Session {
    let mut d = Document::new(r.clone());
    let mut ids: Vec<Id> = r.conflicts.iter().map(|c| c.id).collect();
    ids.sort();
    for id in ids {
        let choice = if a_is_ours {
            resolve::Choice::Ours
        } else {
            resolve::Choice::Theirs
        };
        let cmd = resolve::resolve(d.session(), id, choice)
            .or_else(|_| resolve::resolve(d.session(), id, resolve::Choice::Keep))
            .unwrap_or_else(|e| panic!("{e}"));
        d.apply(cmd).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut s = d.session().clone();
    s.updated = r.updated;
    s
}

fn check_pair(base: Option<&Session>, a: &Session, b: &Session) -> Result<usize, TestCaseError> {
    let r1 = merge::merge(base, a, b).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let r2 = merge::merge(base, b, a).map_err(|e| TestCaseError::fail(e.to_string()))?;
    // Valid, and reads back from its file.
    let back =
        file::from_str(&bytes(&r1.session)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&back.session, &r1.session);
    nothing_lost(base, a, b, &r1.session)?;
    prop_assert_eq!(r1.new_conflicts, r2.new_conflicts);
    let c2: HashMap<Id, &merge::Conflict> =
        r2.session.conflicts.iter().map(|c| (c.id, c)).collect();
    for c in &r1.session.conflicts {
        let other = c2.get(&c.id);
        prop_assert!(
            other.is_some(),
            "conflict {} only one way round",
            c.summary()
        );
        if let Some(o) = other {
            prop_assert_eq!((&c.ours, &c.theirs, &c.base), (&o.theirs, &o.ours, &o.base));
            prop_assert_eq!((&c.field, c.entity, c.kind), (&o.field, o.entity, o.kind));
        }
    }
    if r1.session.conflicts.is_empty() {
        same(&r1.session, &r2.session)?;
    } else {
        same(&settled(&r1.session, true), &settled(&r2.session, false))?;
    }
    Ok(r1.new_conflicts)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn merging_an_unchanged_copy_gives_the_other(seed in 0u64..1_000, ops in script()) {
        let base = generate(&SMALL, seed);
        let a = apply(&base, &ops, 0, false);
        same(&merge::merge(Some(&base), &a, &base).map_err(|e| TestCaseError::fail(e.to_string()))?.session, &a)?;
        same(&merge::merge(Some(&base), &base, &a).map_err(|e| TestCaseError::fail(e.to_string()))?.session, &a)?;
    }

    #[test]
    fn merges_are_symmetric_valid_and_lose_nothing(seed in 0u64..1_000, x in script(), y in script()) {
        let base = generate(&SMALL, seed);
        let (a, b) = (apply(&base, &x, 0, false), apply(&base, &y, 1, false));
        check_pair(Some(&base), &a, &b)?;
    }

    #[test]
    fn disjoint_edit_scripts_never_conflict(seed in 0u64..1_000, x in script(), y in script()) {
        let base = generate(&SMALL, seed);
        let (a, b) = (apply(&base, &x, 0, true), apply(&base, &y, 1, true));
        let conflicts = check_pair(Some(&base), &a, &b)?;
        prop_assert_eq!(conflicts, 0);
        let r = merge::merge(Some(&base), &a, &b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(r.session.conflicts.is_empty());
    }

    #[test]
    fn without_a_base_tombstones_keep_merges_symmetric_and_lossless(seed in 0u64..1_000, x in script(), y in script()) {
        let base = generate(&SMALL, seed);
        let (a, b) = (apply(&base, &x, 0, false), apply(&base, &y, 1, false));
        check_pair(None, &a, &b)?;
        // A copy merged with itself changes nothing.
        same(&merge::merge(None, &a, &a).map_err(|e| TestCaseError::fail(e.to_string()))?.session, &a)?;
    }
}
