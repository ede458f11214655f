//! Everything a generated session makes of its statements: timeline, decision points,
//! codes, tags and themes, findings, follow-ups, a map, guides and a hand-written
//! write-up. Off-the-record statements are cited from every kind of entity, and
//! titles are made from the words of the statements they come from, as the app does.

use second_story::model::*;

/// (id, text, off the record) of each statement.
type Statements = [(Id, String, bool)];

/// Evidence: `n` statements picked, plus an off-the-record one when `pick` says so.
fn evidence(statements: &Statements, pick: &mut impl FnMut() -> usize, n: usize) -> Vec<Id> {
    if statements.is_empty() {
        return Vec::new();
    }
    let mut ev: Vec<Id> = (0..n)
        .map(|_| statements[pick() % statements.len()].0)
        .collect();
    let off: Vec<&(Id, String, bool)> = statements.iter().filter(|s| s.2).collect();
    if !off.is_empty() && pick().is_multiple_of(2) {
        ev.push(off[pick() % off.len()].0);
    }
    ev
}

/// A title as the app makes one from a statement (its first 70 characters), or text.
fn title_from(
    statements: &Statements,
    ev: &[Id],
    pick: &mut impl FnMut() -> usize,
    text: String,
) -> String {
    match ev
        .first()
        .and_then(|id| statements.iter().find(|s| s.0 == *id))
    {
        Some((_, words, _)) if pick().is_multiple_of(2) => words.chars().take(70).collect(),
        _ => text,
    }
}

pub fn add(
    s: &mut Session,
    id: &mut impl FnMut() -> Id,
    extra: &mut impl FnMut() -> String,
    pick: &mut impl FnMut() -> usize,
    statements: &Statements,
    positions: &[(f32, f32)],
) {
    let created = s.created;
    let p0 = s.participants[0].id;
    let ev1 = evidence(statements, pick, 1);
    let title = extra();
    let dp = DecisionPoint {
        id: id(),
        title: title_from(statements, &ev1, pick, title),
        when: extra(),
        who: vec![p0],
        statements: ev1.clone(),
        aspects: vec![Aspect {
            kind: AspectKind::Goals,
            text: extra(),
            evidence: evidence(statements, pick, 2),
        }],
    };
    let e1 = TimelineEvent {
        id: id(),
        time: EventTime::Exact(created),
        description: extra(),
        perspective: Perspective::Participant(p0),
        evidence: ev1,
        decision_point: Some(dp.id),
        ..Default::default()
    };
    let ev3 = evidence(statements, pick, 1);
    let text = extra();
    let e2 = TimelineEvent {
        id: id(),
        time: EventTime::Relative {
            anchor: Some(e1.id),
            offset_secs: pick() as i64 - 2_000_000_000,
            text: extra(),
        },
        description: title_from(statements, &ev3, pick, text),
        perspective: Perspective::Chat,
        evidence: ev3,
        differs_from: vec![e1.id],
        attributed_to: Some(p0),
        ..Default::default()
    };
    s.timeline = vec![e1, e2];
    s.decision_points = vec![dp];

    let code = Code {
        id: id(),
        name: extra(),
        description: extra(),
        parent: None,
        vocabulary: Some(extra()),
    };
    let child = Code {
        id: id(),
        name: extra(),
        description: extra(),
        parent: Some(code.id),
        vocabulary: None,
    };
    let tags: Vec<TagApplication> = evidence(statements, pick, 3)
        .into_iter()
        .map(|statement| TagApplication {
            id: id(),
            code: child.id,
            statement,
            span: None,
        })
        .collect();
    s.themes = vec![Theme {
        id: id(),
        name: extra(),
        description: extra(),
        excerpts: tags.iter().map(|t| t.id).collect(),
    }];
    s.codes = vec![code, child];
    s.tags = tags;
    let ev4 = evidence(statements, pick, 1);
    let text = extra();
    let finding = Finding {
        id: id(),
        kind: FindingKind::WentWell,
        text: title_from(statements, &ev4, pick, text),
        evidence: ev4,
    };
    let mut follow_evidence = evidence(statements, pick, 1);
    follow_evidence.push(finding.id);
    s.follow_ups = vec![FollowUp {
        id: id(),
        text: extra(),
        class: FollowUpClass::Prevention,
        soak_until: chrono::NaiveDate::from_ymd_opt(2026, 4, 20),
        evidence: follow_evidence,
        ..Default::default()
    }];
    s.findings = vec![finding];

    let (a, b, c) = (id(), id(), id());
    let ev6 = evidence(statements, pick, 1);
    let label = extra();
    let node =
        |id: Id, lane: Lane, label: String, pos: (f32, f32), evidence: Vec<Id>, doc: String| {
            MapNode {
                id,
                lane,
                label,
                pos: [pos.0, pos.1],
                evidence,
                documents: vec![doc],
                participants: vec![p0],
            }
        };
    let nodes = vec![
        node(
            a,
            Lane::Imagined,
            extra(),
            positions[0],
            Vec::new(),
            extra(),
        ),
        node(
            b,
            Lane::Done,
            title_from(statements, &ev6, pick, label),
            positions[1],
            ev6,
            extra(),
        ),
        node(
            c,
            Lane::Done,
            extra(),
            positions[2],
            evidence(statements, pick, 1),
            extra(),
        ),
    ];
    s.maps = vec![WorkMap {
        id: id(),
        name: extra(),
        lanes: vec![Lane::Imagined, Lane::Done],
        nodes,
        edges: vec![
            MapEdge {
                id: id(),
                from: a,
                to: b,
            },
            MapEdge {
                id: id(),
                from: b,
                to: c,
            },
        ],
        links: vec![MapLink {
            id: id(),
            imagined: Some(a),
            done: Some(b),
            relation: Relation::Adapts,
            gap: GapNote {
                pressure: extra(),
                why: extra(),
                usually_succeeds: extra(),
                risk: extra(),
                evidence: evidence(statements, pick, 2),
            },
        }],
    }];
    s.guides = vec![Guide {
        id: id(),
        name: extra(),
        when_to_use: extra(),
        references: vec![extra()],
        questions: vec![GuideQuestion {
            id: id(),
            text: extra(),
            section: extra(),
        }],
    }];
}

/// A hand-written write-up: a section of free text, and one citing every statement
/// (off-the-record ones too) as footnotes, some with the statement's own words.
pub fn hand_written(
    id: &mut impl FnMut() -> Id,
    extra: &mut impl FnMut() -> String,
    statements: &Statements,
) -> Vec<NarrativeSection> {
    let section = NarrativeSection {
        id: id(),
        // A machine key ("what-happened", …), not free text.
        kind: "what-happened".into(),
        title: extra(),
        body: extra(),
        included: true,
        generated_hash: None,
    };
    let mut cited = String::new();
    for (n, (st, words, _)) in statements.iter().enumerate() {
        if n % 2 == 0 {
            cited.push_str(&extra());
        } else {
            cited.push_str(&second_story::model::markdown::escape_inline(words));
        }
        cited.push_str(&second_story::model::narrative::footnote_ref(*st));
        if n % 3 == 2 {
            cited.push_str("\n\n");
        }
    }
    let citing = NarrativeSection {
        id: id(),
        kind: "contributors".into(),
        title: extra(),
        body: cited,
        included: true,
        generated_hash: None,
    };
    vec![section, citing]
}
