//! Merges of the example session: the cases the module comment promises.

use super::*;
use crate::model::command::{Command, Edit};
use crate::model::document::Document;
use crate::model::file;
use crate::model::session::*;

fn example() -> Session {
    file::from_str(crate::model::EXAMPLE_SESSION)
        .map(|l| l.session)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn m(base: Option<&Session>, ours: &Session, theirs: &Session) -> Merged {
    merge(base, ours, theirs).unwrap_or_else(|e| panic!("{e}"))
}

fn bytes(s: &Session) -> String {
    file::to_ron_string(s).unwrap_or_else(|e| panic!("{e}"))
}

/// Panics with the first line that differs (files are long).
#[track_caller]
fn same(a: &Session, b: &Session, why: &str) {
    let (x, y) = (bytes(a), bytes(b));
    if let Some((n, (l, r))) = x
        .lines()
        .zip(y.lines())
        .enumerate()
        .find(|(_, (l, r))| l != r)
    {
        panic!("{why}: line {}: {l:?} != {r:?}", n + 1);
    }
    assert_eq!(x.len(), y.len(), "{why}");
}

/// Deletes a statement as the app does: with the references to it, as one step.
fn delete_statement(s: &Session, id: Id) -> Session {
    let Some((iv, _)) = s.statement(id) else {
        panic!("no statement {id}")
    };
    let mut commands = resolve::strip_references(s, &std::collections::HashSet::from([id]))
        .unwrap_or_else(|e| panic!("{e:?}"));
    commands.push(Command::Statement {
        interview: iv.id,
        edit: Edit::remove(id),
    });
    let mut d = Document::new(s.clone());
    d.apply(Command::Batch {
        label: "Delete statement".into(),
        commands,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    d.session().clone()
}

fn statement(n: u128, text: &str) -> Statement {
    Statement {
        id: Id::from_u128(n),
        at_secs: 900 + n as u32,
        text: text.into(),
        ..Statement::default()
    }
}

#[test]
fn unchanged_theirs_gives_ours_exactly() {
    let base = example();
    let mut a = delete_statement(&base, base.interviews[0].statements[3].id);
    a.title = "Retitled".into();
    a.narrative.sections[1].body.push_str("\nMore.");
    let r = m(Some(&base), &a, &base);
    same(&r.session, &a, "merge(base, a, base)");
    assert_eq!(r.new_conflicts, 0);
    let r = m(Some(&base), &base, &a);
    same(&r.session, &a, "merge(base, base, a)");
}

#[test]
fn additions_at_the_same_place_and_different_sections_combine_in_either_order() {
    let base = example();
    let mut a = base.clone();
    let mut b = base.clone();
    a.interviews[0].statements.push(statement(101, "A one"));
    a.interviews[0].statements.push(statement(102, "A two"));
    b.interviews[0].statements.push(statement(201, "B one"));
    a.narrative.sections[0].body = "Summary by A".into();
    b.narrative.sections[2].body = "Normal work by B".into();
    b.title = "Title by B".into();
    let ab = m(Some(&base), &a, &b);
    let ba = m(Some(&base), &b, &a);
    assert_eq!(ab.new_conflicts, 0);
    same(&ab.session, &ba.session, "same bytes either way");
    let s = &ab.session;
    let texts: Vec<&str> = s.interviews[0]
        .statements
        .iter()
        .map(|x| x.text.as_str())
        .collect();
    let n = texts.len();
    assert_eq!(
        &texts[n - 3..],
        ["A one", "A two", "B one"],
        "each run stays together"
    );
    assert_eq!(s.narrative.sections[0].body, "Summary by A");
    assert_eq!(s.narrative.sections[2].body, "Normal work by B");
    assert_eq!(s.title, "Title by B");
    assert!(s.conflicts.is_empty());
}

#[test]
fn the_same_statement_reworded_twice_is_a_conflict_with_all_three_versions() {
    let base = example();
    let (mut a, mut b) = (base.clone(), base.clone());
    let id = base.interviews[0].statements[2].id;
    let old = base.interviews[0].statements[2].text.clone();
    a.interviews[0].statements[2].text = "Reworded by A".into();
    b.interviews[0].statements[2].text = "Reworded by B".into();
    b.interviews[0].statements[2].kind = StatementKind::Decision;
    let r = m(Some(&base), &a, &b);
    assert_eq!(r.new_conflicts, 1);
    let c = &r.session.conflicts[0];
    assert_eq!(
        (c.kind, c.entity_kind, c.entity),
        (ConflictKind::BothChanged, EntityKind::Statement, id)
    );
    assert_eq!(c.field, "text");
    assert_eq!(c.base.as_deref(), Some(old.as_str()));
    assert_eq!(c.ours.as_deref(), Some("Reworded by A"));
    assert_eq!(c.theirs.as_deref(), Some("Reworded by B"));
    let st = &r.session.interviews[0].statements[2];
    assert_eq!(st.text, "Reworded by A", "the session holds ours meanwhile");
    assert_eq!(st.kind, StatementKind::Decision, "the other field combined");
    // Either way round: the same conflict, sides swapped.
    let r2 = m(Some(&base), &b, &a);
    let c2 = &r2.session.conflicts[0];
    assert_eq!(c2.id, c.id);
    assert_eq!((&c2.ours, &c2.theirs), (&c.theirs, &c.ours));
    // The file is valid and reads back with its conflict.
    let back = file::from_str(&bytes(&r.session)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.session.conflicts.len(), 1);
}

#[test]
fn deletion_wins_over_no_change_and_conflicts_with_an_edit() {
    let base = example();
    let mut b = base.clone();
    let last = base.interviews[2].statements.len() - 1;
    let gone = base.interviews[2].statements[last].id;
    let a = delete_statement(&base, gone);
    let r = m(Some(&base), &a, &b);
    assert!(r.session.statement(gone).is_none(), "deleted");
    b.interviews[2].statements[last].text = "Edited by B".into();
    let r = m(Some(&base), &a, &b);
    let (_, kept) = r.session.statement(gone).unwrap_or_else(|| panic!("kept"));
    assert_eq!(kept.text, "Edited by B");
    let c = &r.session.conflicts[0];
    assert_eq!(c.kind, ConflictKind::DeletedAndChanged);
    assert_eq!((c.ours.is_none(), c.theirs.is_some()), (true, true));
}

#[test]
fn a_deleted_interview_the_other_copy_added_to_comes_back_whole() {
    let base = example();
    let (mut a, mut b) = (base.clone(), base.clone());
    let iv = base.interviews[2].id;
    // A deletes the interview (and what cites its statements, as the app does).
    let mut d = Document::new(a.clone());
    let mut targets: std::collections::HashSet<Id> =
        a.interviews[2].statements.iter().map(|x| x.id).collect();
    targets.insert(iv);
    let mut commands =
        resolve::strip_references(d.session(), &targets).unwrap_or_else(|e| panic!("{e:?}"));
    commands.push(Command::Interview(Edit::remove(iv)));
    d.apply(Command::Batch {
        label: "Delete interview".into(),
        commands,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    a = d.session().clone();
    b.interviews[2]
        .statements
        .push(statement(301, "Added by B"));
    let r = m(Some(&base), &a, &b);
    let back = r.session.interview(iv).unwrap_or_else(|| panic!("kept"));
    assert_eq!(
        back.statements.len(),
        base.interviews[2].statements.len() + 1
    );
    assert_eq!(r.session.conflicts.len(), 1);
    assert_eq!(r.session.conflicts[0].entity, iv);
}

#[test]
fn something_deleted_but_cited_by_the_other_copy_is_kept() {
    let base = example();
    let mut b = base.clone();
    let st = base.interviews[1].statements[0].clone();
    let a = delete_statement(&base, st.id);
    let mut f = base.findings[0].clone();
    f.id = Id::from_u128(555);
    f.evidence = vec![st.id];
    b.findings.push(f);
    let r = m(Some(&base), &a, &b);
    assert!(r.session.statement(st.id).is_some());
    assert!(
        r.session
            .conflicts
            .iter()
            .any(|c| c.entity == st.id && c.kind == ConflictKind::DeletedButUsed)
    );
}

#[test]
fn without_a_base_tombstones_tell_deletions_from_additions() {
    let base = example();
    let st = base.interviews[0].statements[1].clone();
    let mut d = Document::new(base.clone());
    d.apply(Command::Statement {
        interview: base.interviews[0].id,
        edit: Edit::remove(st.id),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let a = d.session().clone();
    let mut b = base.clone();
    b.interviews[1]
        .statements
        .push(statement(401, "Added by B"));
    let r = m(None, &a, &b);
    assert!(
        r.session.statement(st.id).is_none(),
        "their unchanged copy does not bring it back"
    );
    assert!(
        r.session.statement(Id::from_u128(401)).is_some(),
        "their addition is kept"
    );
    assert_eq!(r.new_conflicts, 0);
    same(
        &r.session,
        &m(None, &b, &a).session,
        "either way without a base",
    );
    // If they changed it meanwhile, that is a conflict, and it stays.
    b.interviews[0].statements[1].text = "Changed by B".into();
    let r = m(None, &a, &b);
    assert!(r.session.statement(st.id).is_some());
    assert_eq!(r.session.conflicts[0].kind, ConflictKind::DeletedAndChanged);
}

#[test]
fn copies_of_different_sessions_are_refused() {
    let a = example();
    let mut b = a.clone();
    b.id = Id::from_u128(9);
    assert!(matches!(
        merge(None, &a, &b),
        Err(MergeError::DifferentSessions { .. })
    ));
}

#[test]
fn settling_a_conflict_is_one_undoable_step() {
    let base = example();
    let (mut a, mut b) = (base.clone(), base.clone());
    let id = base.interviews[0].statements[2].id;
    a.interviews[0].statements[2].text = "Reworded by A".into();
    b.interviews[0].statements[2].text = "Reworded by B".into();
    let r = m(Some(&base), &a, &b);
    let conflict = r.session.conflicts[0].id;
    let mut d = Document::new(r.session.clone());
    let cmd = resolve::resolve(
        d.session(),
        conflict,
        resolve::Choice::Value("Agreed wording".into()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    d.apply(cmd).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        d.session().statement(id).map(|(_, s)| s.text.as_str()),
        Some("Agreed wording")
    );
    assert!(d.session().conflicts.is_empty());
    d.undo();
    assert_eq!(d.session().conflicts.len(), 1, "undo reopens it");
    assert_eq!(
        d.session().statement(id).map(|(_, s)| s.text.as_str()),
        Some("Reworded by A")
    );
    let cmd = resolve::resolve(d.session(), conflict, resolve::Choice::Theirs)
        .unwrap_or_else(|e| panic!("{e}"));
    d.apply(cmd).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        d.session().statement(id).map(|(_, s)| s.text.as_str()),
        Some("Reworded by B")
    );
    assert_eq!(
        resolve::resolve(d.session(), conflict, resolve::Choice::Ours),
        Err(resolve::ResolveError::NotFound)
    );

    // A deletion against an edit: delete it after all, with what cites it.
    let gone = base.interviews[1].statements[1].id;
    let a = delete_statement(&base, gone);
    let mut b = base.clone();
    b.interviews[1].statements[1].text = "Edited by B".into();
    let r = m(Some(&base), &a, &b);
    let conflict = r.session.conflicts[0].id;
    let mut d = Document::new(r.session.clone());
    let cmd = resolve::resolve(d.session(), conflict, resolve::Choice::Delete)
        .unwrap_or_else(|e| panic!("{e}"));
    d.apply(cmd).unwrap_or_else(|e| panic!("{e}"));
    assert!(d.session().statement(gone).is_none());
    assert!(
        d.session().deleted.iter().any(|t| t.id == gone),
        "a tombstone"
    );
    crate::model::validate::validate(d.session()).unwrap_or_else(|e| panic!("{e}"));
    d.undo();
    assert!(d.session().statement(gone).is_some());
    let cmd = resolve::resolve(d.session(), conflict, resolve::Choice::Keep)
        .unwrap_or_else(|e| panic!("{e}"));
    d.apply(cmd).unwrap_or_else(|e| panic!("{e}"));
    assert!(d.session().statement(gone).is_some() && d.session().conflicts.is_empty());
}
