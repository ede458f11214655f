//! Search across a session: statements, timeline events, decision points, findings,
//! follow-ups, themes and notes, with filters by participant, type and tag.

use super::id::Id;
use super::session::{Perspective, Session};

/// The kinds of item a search can find.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum ItemKind {
    /// An interview statement.
    Statement,
    /// A timeline event.
    Event,
    /// A decision point.
    DecisionPoint,
    /// A finding (contributor, went well, difficulty, risk, open question).
    Finding,
    /// A follow-up in the parking lot.
    FollowUp,
    /// A theme.
    Theme,
    /// Notes: interview summaries, participant notes, the session's purpose.
    Note,
}

impl ItemKind {
    /// All kinds, in display order.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        super::session::all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// One item of this kind, for a result line.
    pub fn singular(self) -> &'static str {
        match self {
            Self::Statement => "Statement",
            Self::Event => "Timeline event",
            Self::DecisionPoint => "Decision point",
            Self::Finding => "Finding",
            Self::FollowUp => "Follow-up",
            Self::Theme => "Theme",
            Self::Note => "Note",
        }
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Statement => "Statements",
            Self::Event => "Timeline events",
            Self::DecisionPoint => "Decision points",
            Self::Finding => "Findings",
            Self::FollowUp => "Follow-ups",
            Self::Theme => "Themes",
            Self::Note => "Notes",
        }
    }
}

/// What a result points at, so the UI can jump to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A statement in an interview.
    Statement {
        /// The interview.
        interview: Id,
        /// The statement.
        statement: Id,
    },
    /// A timeline event.
    Event(Id),
    /// A decision point.
    DecisionPoint(Id),
    /// A finding.
    Finding(Id),
    /// A follow-up.
    FollowUp(Id),
    /// A theme.
    Theme(Id),
    /// An interview (its summary or follow-up notes).
    Interview(Id),
    /// A participant (their notes).
    Participant(Id),
    /// The session overview (purpose).
    Overview,
}

/// The search text and filters.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Query {
    /// Words to find (case-insensitive; every word must occur). Empty matches all.
    pub text: String,
    /// Only items linked to this participant.
    pub participant: Option<Id>,
    /// Only these kinds (empty: all).
    pub kinds: Vec<ItemKind>,
    /// Only items tagged with this code or one of its sub-codes (directly, or
    /// through their evidence statements).
    pub code: Option<Id>,
}

impl Query {
    /// Whether the query would match everything (nothing typed, no filter).
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.participant.is_none()
            && self.kinds.is_empty()
            && self.code.is_none()
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// What kind of item.
    pub kind: ItemKind,
    /// Where to jump.
    pub target: Target,
    /// Where it is, e.g. "First sweep with P1 · 01:35 · Quote".
    pub context: String,
    /// The matching text.
    pub text: String,
}

/// Finds everything matching the query, in session order.
pub fn search(s: &Session, q: &Query) -> Vec<Hit> {
    let words: Vec<String> = q
        .text
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect();
    let text_ok = |t: &str| {
        let t = t.to_lowercase();
        words.iter().all(|w| t.contains(w.as_str()))
    };
    let kind_ok = |k: ItemKind| q.kinds.is_empty() || q.kinds.contains(&k);
    // Statements that satisfy the participant and tag filters.
    let stmt_participant = |id: Id| -> Option<Id> { s.statement(id).map(|(i, _)| i.participant) };
    let code_ok_stmt = |id: Id| -> bool {
        match q.code {
            None => true,
            Some(code) => s.tags.iter().any(|t| {
                t.statement == id
                    && (t.code == code || super::codebook::is_descendant(s, t.code, code))
            }),
        }
    };
    // An item with evidence passes when its evidence does (or its own link).
    let evidence_ok = |evidence: &[Id], own_participants: &[Id]| {
        let participant_ok = match q.participant {
            None => true,
            Some(p) => {
                own_participants.contains(&p)
                    || evidence.iter().any(|e| stmt_participant(*e) == Some(p))
            }
        };
        let code_ok = q.code.is_none() || evidence.iter().any(|e| code_ok_stmt(*e));
        participant_ok && code_ok
    };
    let no_filters = q.participant.is_none() && q.code.is_none();
    let mut out = Vec::new();

    if kind_ok(ItemKind::Statement) {
        for i in &s.interviews {
            for st in &i.statements {
                if text_ok(&st.text)
                    && q.participant.is_none_or(|p| p == i.participant)
                    && code_ok_stmt(st.id)
                {
                    let who = match st.speaker {
                        super::session::Speaker::Interviewee => s.pseudonym(i.participant),
                        super::session::Speaker::Facilitator => "Facilitator",
                    };
                    out.push(Hit {
                        kind: ItemKind::Statement,
                        target: Target::Statement {
                            interview: i.id,
                            statement: st.id,
                        },
                        context: format!(
                            "{} · {} · {} · {}{}",
                            i.title,
                            super::validate::fmt_secs(st.at_secs),
                            who,
                            st.kind.label(),
                            if st.off_record {
                                " · off the record"
                            } else {
                                ""
                            }
                        ),
                        text: st.text.clone(),
                    });
                }
            }
        }
    }
    if kind_ok(ItemKind::Event) {
        for e in &s.timeline {
            let own: Vec<Id> = match e.perspective {
                Perspective::Participant(p) => vec![p],
                _ => Vec::new(),
            };
            if text_ok(&e.description) && evidence_ok(&e.evidence, &own) {
                out.push(Hit {
                    kind: ItemKind::Event,
                    target: Target::Event(e.id),
                    context: perspective_label(s, &e.perspective),
                    text: e.description.clone(),
                });
            }
        }
    }
    if kind_ok(ItemKind::DecisionPoint) {
        for d in &s.decision_points {
            let mut evidence = d.statements.clone();
            evidence.extend(d.aspects.iter().flat_map(|a| a.evidence.iter().copied()));
            let all_text = std::iter::once(d.title.as_str())
                .chain(std::iter::once(d.when.as_str()))
                .chain(d.aspects.iter().map(|a| a.text.as_str()))
                .collect::<Vec<_>>()
                .join("\n");
            if text_ok(&all_text) && evidence_ok(&evidence, &d.who) {
                out.push(Hit {
                    kind: ItemKind::DecisionPoint,
                    target: Target::DecisionPoint(d.id),
                    context: d.when.clone(),
                    text: d.title.clone(),
                });
            }
        }
    }
    if kind_ok(ItemKind::Finding) {
        for f in &s.findings {
            if text_ok(&f.text) && evidence_ok(&f.evidence, &[]) {
                out.push(Hit {
                    kind: ItemKind::Finding,
                    target: Target::Finding(f.id),
                    context: finding_label(f.kind).into(),
                    text: f.text.clone(),
                });
            }
        }
    }
    if kind_ok(ItemKind::FollowUp) {
        for f in &s.follow_ups {
            if text_ok(&f.text) && evidence_ok(&f.evidence, &[]) {
                out.push(Hit {
                    kind: ItemKind::FollowUp,
                    target: Target::FollowUp(f.id),
                    context: "parking lot".into(),
                    text: f.text.clone(),
                });
            }
        }
    }
    if kind_ok(ItemKind::Theme) {
        for t in &s.themes {
            let evidence: Vec<Id> = t
                .excerpts
                .iter()
                .filter_map(|x| s.tags.iter().find(|tg| tg.id == *x))
                .map(|tg| tg.statement)
                .collect();
            let all = format!("{}\n{}", t.name, t.description);
            if text_ok(&all) && evidence_ok(&evidence, &[]) {
                out.push(Hit {
                    kind: ItemKind::Theme,
                    target: Target::Theme(t.id),
                    context: format!("{} excerpts", t.excerpts.len()),
                    text: t.name.clone(),
                });
            }
        }
    }
    if kind_ok(ItemKind::Note) {
        if no_filters && !s.purpose.is_empty() && text_ok(&s.purpose) {
            out.push(Hit {
                kind: ItemKind::Note,
                target: Target::Overview,
                context: "the session's purpose".into(),
                text: s.purpose.clone(),
            });
        }
        for p in &s.participants {
            if q.code.is_none()
                && q.participant.is_none_or(|x| x == p.id)
                && !p.notes.is_empty()
                && text_ok(&p.notes)
            {
                out.push(Hit {
                    kind: ItemKind::Note,
                    target: Target::Participant(p.id),
                    context: format!("about {}", p.pseudonym),
                    text: p.notes.clone(),
                });
            }
        }
        for i in &s.interviews {
            if q.code.is_some() || q.participant.is_some_and(|p| p != i.participant) {
                continue;
            }
            for (what, t) in [
                ("summary", &i.summary),
                ("follow-ups with the participant", &i.participant_follow_ups),
            ] {
                if !t.is_empty() && text_ok(t) {
                    out.push(Hit {
                        kind: ItemKind::Note,
                        target: Target::Interview(i.id),
                        context: format!("{} · {what}", i.title),
                        text: t.clone(),
                    });
                }
            }
        }
    }
    out
}

/// How a perspective is named on screen (participants by pseudonym).
pub fn perspective_label(s: &Session, p: &Perspective) -> String {
    match p {
        Perspective::Participant(id) => s.pseudonym(*id).to_owned(),
        Perspective::Log => "Logs".into(),
        Perspective::Chat => "Chat".into(),
        Perspective::Facilitator => "Facilitator".into(),
    }
}

/// How a finding list is named on screen.
pub fn finding_label(k: super::session::FindingKind) -> &'static str {
    use super::session::FindingKind::*;
    match k {
        Contributor => "Contributors and enablers",
        WentWell => "What went well",
        Difficulty => "Difficulties in handling",
        Risk => "Risks noticed",
        OpenQuestion => "Open questions",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::session::*;

    fn session() -> (Session, [Id; 3]) {
        let mut s = Session::default();
        let p1 = Participant::new("P1");
        let p2 = Participant::new("P2");
        let mut i1 = Interview {
            participant: p1.id,
            title: "Sweep one".into(),
            summary: "Noticed the sawtooth".into(),
            ..Interview::default()
        };
        let mut i2 = Interview {
            participant: p2.id,
            title: "Sweep two".into(),
            ..Interview::default()
        };
        let a = Statement {
            text: "The pool graph had a sawtooth".into(),
            kind: StatementKind::Quote,
            ..Statement::default()
        };
        let b = Statement {
            text: "Flipped the retry flag".into(),
            ..Statement::default()
        };
        let ids = [a.id, b.id, p1.id];
        i1.statements.push(a);
        i2.statements.push(b);
        s.participants = vec![p1, p2];
        s.interviews = vec![i1, i2];
        s.timeline.push(TimelineEvent {
            description: "Pool sawtooth noticed".into(),
            evidence: vec![ids[0]],
            ..TimelineEvent::default()
        });
        s.findings.push(Finding {
            kind: FindingKind::WentWell,
            text: "A remembered flag".into(),
            evidence: vec![ids[1]],
            ..Finding::default()
        });
        s.decision_points.push(DecisionPoint {
            title: "Flip the flag instead of rolling back".into(),
            statements: vec![ids[1]],
            ..DecisionPoint::default()
        });
        (s, ids)
    }

    fn q(text: &str) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }

    #[test]
    fn finds_words_in_any_order_case_insensitively() {
        let (s, _) = session();
        let hits = search(&s, &q("SAWTOOTH pool"));
        let kinds: Vec<_> = hits.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, vec![ItemKind::Statement, ItemKind::Event]);
        let hits = search(&s, &q("sawtooth"));
        assert!(hits.iter().any(|h| h.kind == ItemKind::Note));
        assert!(search(&s, &q("nothing like this")).is_empty());
    }

    #[test]
    fn filters_by_type() {
        let (s, _) = session();
        let mut query = q("flag");
        query.kinds = vec![ItemKind::Finding, ItemKind::DecisionPoint];
        let kinds: Vec<_> = search(&s, &query).iter().map(|h| h.kind).collect();
        assert_eq!(kinds, vec![ItemKind::DecisionPoint, ItemKind::Finding]);
    }

    #[test]
    fn filters_by_participant_through_evidence() {
        let (s, [_, b, p1]) = session();
        let mut query = q("");
        query.participant = Some(p1);
        let hits = search(&s, &query);
        assert!(hits.iter().any(|h| h.kind == ItemKind::Event));
        assert!(
            hits.iter()
                .all(|h| h.target != Target::Finding(s.findings[0].id)),
            "P2's evidence is filtered out"
        );
        assert!(
            !hits
                .iter()
                .any(|h| matches!(h.target, Target::Statement { statement, .. } if statement == b))
        );
    }

    #[test]
    fn filters_by_tag_including_sub_codes() {
        let (mut s, [a, _, _]) = session();
        let parent = Code {
            name: "Messy 9".into(),
            ..Code::default()
        };
        let child = Code {
            name: "surprises".into(),
            parent: Some(parent.id),
            ..Code::default()
        };
        s.tags.push(TagApplication {
            code: child.id,
            statement: a,
            ..TagApplication::default()
        });
        let pid = parent.id;
        s.codes = vec![parent, child];
        let mut query = q("");
        query.code = Some(pid);
        let kinds: Vec<_> = search(&s, &query).iter().map(|h| h.kind).collect();
        assert_eq!(kinds, vec![ItemKind::Statement, ItemKind::Event]);
    }
}
