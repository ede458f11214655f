//! A generator of *structured* sessions for the `structured` fuzz target: `arbitrary`
//! derives a small description (counts, texts, numbers over their full ranges, and
//! references as indices), which [`Gen::build`] turns into a session whose
//! references mostly resolve, so that fuzzing reaches past `validate` into every
//! draft and export. Kept here, not in the app's types, so the app needs no
//! `arbitrary` dependency.

use arbitrary::Arbitrary;
use second_story::model::*;

/// A session, described compactly. Vectors are capped in [`Gen::build`].
#[derive(Arbitrary, Debug)]
pub struct Gen {
    title: String,
    kind: u8,
    purpose: String,
    facilitators: Vec<String>,
    participants: Vec<GenParticipant>,
    interviews: Vec<GenInterview>,
    timeline: Vec<GenEvent>,
    decisions: Vec<GenDecision>,
    codes: Vec<(String, Option<u8>)>,
    tags: Vec<(u8, u16, Option<(u16, u16)>)>,
    findings: Vec<(String, Vec<u16>)>,
    maps: Vec<GenMap>,
    sections: Vec<GenSection>,
    acknowledged: Vec<(String, String)>,
}

#[derive(Arbitrary, Debug)]
struct GenParticipant {
    pseudonym: String,
    real_name: Option<String>,
    other_names: Vec<String>,
    role: String,
    may_quote: bool,
    attribution: u8,
}

#[derive(Arbitrary, Debug)]
struct GenInterview {
    participant: u8,
    title: String,
    summary: String,
    started: Option<i64>,
    duration_secs: u32,
    statements: Vec<GenStatement>,
}

#[derive(Arbitrary, Debug)]
struct GenStatement {
    at_secs: u32,
    facilitator: bool,
    kind: u8,
    text: String,
    off_record: bool,
    paraphrase: String,
}

#[derive(Arbitrary, Debug)]
struct GenEvent {
    /// 0 exact, 1 approximate, 2 relative, 3 unknown.
    time_kind: u8,
    secs: i64,
    anchor: Option<u16>,
    text: String,
    description: String,
    evidence: Vec<u16>,
    decision: Option<u16>,
}

#[derive(Arbitrary, Debug)]
struct GenDecision {
    title: String,
    when: String,
    who: Vec<u8>,
    statements: Vec<u16>,
    aspects: Vec<(u8, String, Vec<u16>)>,
}

#[derive(Arbitrary, Debug)]
struct GenMap {
    name: String,
    nodes: Vec<(u8, String, [f32; 2], Vec<u16>)>,
    edges: Vec<(u16, u16)>,
    links: Vec<(Option<u16>, Option<u16>, u8, String, Vec<u16>)>,
}

#[derive(Arbitrary, Debug)]
struct GenSection {
    standard: Option<u8>,
    title: String,
    /// Markdown, with citations of statements by index spliced in.
    body: String,
    cites: Vec<u16>,
    included: bool,
}

/// The most of each kind of entity (keeps each input fast).
const CAP: usize = 24;

fn pick<T: Copy>(items: &[T], k: impl Into<usize>) -> Option<T> {
    (!items.is_empty()).then(|| items[k.into() % items.len()])
}

fn variant<T: Copy>(all: &[T], k: u8) -> T {
    all[usize::from(k) % all.len()]
}

/// Deterministic ids, so a crash reproduces exactly.
struct Ids(u128);

impl Ids {
    fn next(&mut self) -> Id {
        self.0 += 1;
        Id::from_u128(self.0)
    }
}

impl Gen {
    /// The session described.
    pub fn build(self) -> Session {
        let mut ids = Ids(0x5e55_0000_0000_0000_0000_0000_0000_0000);
        let mut s = Session::new(self.title, variant(SessionKind::ALL.as_slice(), self.kind));
        s.id = ids.next();
        s.purpose = self.purpose;
        s.facilitators = self.facilitators.into_iter().take(CAP).collect();
        for g in self.participants.into_iter().take(CAP) {
            let mut p = Participant::new(g.pseudonym);
            p.id = ids.next();
            p.real_name = g.real_name;
            p.other_names = g.other_names.into_iter().take(4).collect();
            p.role = g.role;
            p.consent.may_quote = g.may_quote;
            p.consent.attribution =
                variant(&[Attribution::Pseudonym, Attribution::Anonymous], g.attribution);
            s.participants.push(p);
        }
        let people: Vec<Id> = s.participants.iter().map(|p| p.id).collect();
        for g in self.interviews.into_iter().take(CAP) {
            let Some(participant) = pick(&people, g.participant) else {
                break;
            };
            let statements = g
                .statements
                .into_iter()
                .take(CAP)
                .map(|st| Statement {
                    id: ids.next(),
                    at_secs: st.at_secs,
                    speaker: if st.facilitator {
                        Speaker::Facilitator
                    } else {
                        Speaker::Interviewee
                    },
                    kind: variant(StatementKind::ALL.as_slice(), st.kind),
                    text: st.text,
                    off_record: st.off_record,
                    paraphrase: st.paraphrase,
                })
                .collect();
            s.interviews.push(Interview {
                id: ids.next(),
                participant,
                title: g.title,
                summary: g.summary,
                started: g.started.and_then(|t| chrono::DateTime::from_timestamp(t, 0)),
                duration_secs: g.duration_secs,
                statements,
                ..Default::default()
            });
        }
        let said: Vec<Id> = s
            .interviews
            .iter()
            .flat_map(|i| i.statements.iter().map(|st| st.id))
            .collect();
        let cite = |v: Vec<u16>| -> Vec<Id> {
            v.into_iter().take(4).filter_map(|k| pick(&said, k)).collect()
        };
        for g in self.decisions.into_iter().take(CAP) {
            let d = DecisionPoint {
                id: ids.next(),
                title: g.title,
                when: g.when,
                who: g.who.into_iter().take(4).filter_map(|k| pick(&people, k)).collect(),
                statements: cite(g.statements),
                aspects: g
                    .aspects
                    .into_iter()
                    .take(8)
                    .map(|(k, text, ev)| Aspect {
                        kind: variant(AspectKind::ALL.as_slice(), k),
                        text,
                        evidence: cite(ev),
                    })
                    .collect(),
            };
            s.decision_points.push(d);
        }
        let decisions: Vec<Id> = s.decision_points.iter().map(|d| d.id).collect();
        let mut events: Vec<Id> = Vec::new();
        for g in self.timeline.into_iter().take(CAP) {
            let at = chrono::DateTime::from_timestamp(g.secs, 0);
            let time = match (g.time_kind % 4, at) {
                (0, Some(t)) => EventTime::Exact(t),
                (1, Some(t)) => EventTime::Approximate(t),
                (2, _) => EventTime::Relative {
                    anchor: g.anchor.and_then(|k| pick(&events, k)),
                    offset_secs: g.secs,
                    text: g.text,
                },
                _ => EventTime::Unknown,
            };
            let e = TimelineEvent {
                id: ids.next(),
                time,
                description: g.description,
                evidence: cite(g.evidence),
                decision_point: g.decision.and_then(|k| pick(&decisions, k)),
                ..Default::default()
            };
            events.push(e.id);
            s.timeline.push(e);
        }
        for (name, parent) in self.codes.into_iter().take(CAP) {
            let parent = parent.and_then(|k| pick(&s.codes.iter().map(|c| c.id).collect::<Vec<_>>(), k));
            s.codes.push(Code {
                id: ids.next(),
                name,
                parent,
                ..Default::default()
            });
        }
        let codes: Vec<Id> = s.codes.iter().map(|c| c.id).collect();
        for (code, statement, span) in self.tags.into_iter().take(CAP) {
            if let (Some(code), Some(statement)) = (pick(&codes, code), pick(&said, statement)) {
                s.tags.push(TagApplication {
                    id: ids.next(),
                    code,
                    statement,
                    span: span.map(|(a, b)| (usize::from(a), usize::from(b))),
                });
            }
        }
        for (text, ev) in self.findings.into_iter().take(CAP) {
            s.findings.push(Finding {
                id: ids.next(),
                text,
                evidence: cite(ev),
                ..Default::default()
            });
        }
        for g in self.maps.into_iter().take(4) {
            let mut m = map::new_map(g.name);
            m.id = ids.next();
            for (lane, label, pos, ev) in g.nodes.into_iter().take(CAP) {
                m.nodes.push(MapNode {
                    id: ids.next(),
                    lane: variant(Lane::ALL.as_slice(), lane),
                    label,
                    pos,
                    evidence: cite(ev),
                    ..Default::default()
                });
            }
            let steps: Vec<Id> = m.nodes.iter().map(|n| n.id).collect();
            for (a, b) in g.edges.into_iter().take(CAP) {
                if let (Some(from), Some(to)) = (pick(&steps, a), pick(&steps, b)) {
                    let id = ids.next();
                    m.edges.push(MapEdge { id, from, to });
                }
            }
            for (a, b, relation, why, ev) in g.links.into_iter().take(CAP) {
                m.links.push(MapLink {
                    id: ids.next(),
                    imagined: a.and_then(|k| pick(&steps, k)),
                    done: b.and_then(|k| pick(&steps, k)),
                    relation: variant(Relation::ALL.as_slice(), relation),
                    gap: GapNote {
                        why,
                        evidence: cite(ev),
                        ..Default::default()
                    },
                });
            }
            s.maps.push(m);
        }
        for g in self.sections.into_iter().take(16) {
            let std = g
                .standard
                .map(|k| &narrative::STANDARD[usize::from(k) % narrative::STANDARD.len()]);
            let mut body = g.body;
            for k in g.cites.into_iter().take(8) {
                if let Some(st) = pick(&said, k) {
                    body.push_str(&narrative::footnote_ref(st));
                    body.push(' ');
                }
            }
            s.narrative.sections.push(NarrativeSection {
                id: ids.next(),
                kind: std.map_or("custom".to_owned(), |d| d.kind.to_owned()),
                title: g.title,
                body,
                included: g.included,
                generated_hash: None,
            });
        }
        for (phrase, reason) in self.acknowledged.into_iter().take(8) {
            s.narrative.acknowledged.push(LintAck {
                phrase,
                section: None,
                reason,
            });
        }
        s
    }
}
