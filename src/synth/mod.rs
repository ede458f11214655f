//! Synthetic sessions for benchmarks: deterministic, seeded, realistic in shape.
//!
//! A facilitator's file for a whole review programme can hold dozens of interviews and
//! thousands of statements. [`generate`] builds such a session at a given [`Scale`] so
//! that frame times, open/save/export and the language check can be measured on data
//! that looks like real notes: sentences of varying length from a small incident/ops
//! vocabulary, statements of every kind, timelines with exact, approximate and relative
//! times, decision points with evidence, work maps, a codebook with tags and themes, and
//! a write-up with footnoted evidence. Every reference resolves, so
//! [`crate::model::validate::validate`] passes, and the same seed always gives the same
//! session (ids come from a counter, timestamps from a fixed base).
//!
//! Not part of the shipped app: compiled only for tests and with the `bench`
//! feature, which the `second-story-bench` binary requires.

#[cfg(test)]
mod tests;
mod words;

use crate::model::id::Id;
use crate::model::narrative;
use crate::model::session::*;
use chrono::{Duration, TimeZone, Utc};
use words::*;

/// How big a synthetic session is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    /// Short name for tables ("M", "L", "XL").
    pub name: &'static str,
    /// Number of interviews.
    pub interviews: usize,
    /// Statements captured in each interview.
    pub statements_per_interview: usize,
    /// Timeline events.
    pub timeline_events: usize,
    /// Decision points (each with aspects and evidence).
    pub decision_points: usize,
    /// Work maps.
    pub maps: usize,
    /// Steps on each map.
    pub nodes_per_map: usize,
    /// Codes in the codebook.
    pub codes: usize,
    /// Tag applications.
    pub tags: usize,
    /// Themes.
    pub themes: usize,
    /// Findings (contributors, went well, difficulties, risks, open questions).
    pub findings: usize,
    /// Follow-ups in the parking lot.
    pub follow_ups: usize,
    /// Approximate number of words in the write-up.
    pub narrative_words: usize,
    /// Sections of the write-up: the twelve standard ones, then extra ones (a long
    /// write-up has more sections, as a long programme has more interviews, rather than
    /// longer ones).
    pub sections: usize,
}

impl Scale {
    /// A mid-sized study: 10 interviews × 100 statements (the rest a quarter of L).
    pub const M: Scale = Scale {
        name: "M",
        interviews: 10,
        statements_per_interview: 100,
        timeline_events: 100,
        decision_points: 38,
        maps: 1,
        nodes_per_map: 75,
        codes: 30,
        tags: 375,
        themes: 8,
        findings: 30,
        follow_ups: 10,
        narrative_words: 2_500,
        sections: 12,
    };

    /// A large review programme: 40 interviews × 100 statements, 400 timeline events,
    /// 150 decision points, 4 maps × 75 steps, 1,500 tags, a 10,000-word write-up.
    pub const L: Scale = Scale {
        name: "L",
        interviews: 40,
        statements_per_interview: 100,
        timeline_events: 400,
        decision_points: 150,
        maps: 4,
        nodes_per_map: 75,
        codes: 48,
        tags: 1_500,
        themes: 30,
        findings: 120,
        follow_ups: 40,
        narrative_words: 10_000,
        sections: 12,
    };

    /// Ten times L, to see whether costs follow what is visible or the session size.
    pub const XL: Scale = Scale {
        name: "XL",
        interviews: 400,
        statements_per_interview: 100,
        timeline_events: 4_000,
        decision_points: 1_500,
        maps: 40,
        nodes_per_map: 75,
        codes: 96,
        tags: 15_000,
        themes: 300,
        findings: 1_200,
        follow_ups: 400,
        narrative_words: 100_000,
        sections: 120,
    };

    /// The benchmark sizes, smallest first.
    pub const ALL: [Scale; 3] = [Self::M, Self::L, Self::XL];

    /// Total statements.
    pub fn statements(&self) -> usize {
        self.interviews * self.statements_per_interview
    }
}

/// A tiny deterministic PRNG (splitmix64). Hand-written rather than a dependency: the
/// generator only needs reproducible, well-mixed numbers, and this is ten lines that
/// behave the same on every platform and never change under us with a crate update.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Hands out unique, deterministic ids: the seed in the high bits, a counter in the
/// low bits (so footnote labels, the last eight hex digits, are unique too).
struct Ids {
    base: u128,
    n: u128,
}

impl Ids {
    fn next(&mut self) -> Id {
        self.n += 1;
        Id::from_u128(self.base | self.n)
    }
}

/// Generates a session of the given scale. Same `scale` and `seed`, same session.
pub fn generate(scale: &Scale, seed: u64) -> Session {
    let mut r = Rng(seed ^ 0x5EC0_AD57_0123_4567);
    let mut ids = Ids {
        base: (u128::from(seed) << 64) | (0x5e7d_u128 << 48),
        n: 0,
    };
    let base = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default();

    let mut s = Session {
        id: ids.next(),
        title: format!(
            "Synthetic review programme ({}), {} interviews",
            scale.name, scale.interviews
        ),
        kind: SessionKind::IncidentReview,
        purpose: format!(
            "A review programme across {} interviews about how the {} and the {} behave \
under Monday load. {} This is not about blame or corrective actions.",
            scale.interviews, SERVICES[0], SERVICES[1], FILLER[0]
        ),
        facilitators: FACILITATORS.iter().take(2).map(|f| f.to_string()).collect(),
        created: base,
        updated: base + Duration::days(30),
        ..Session::default()
    };

    // Participants: about two interviews (sweeps) each.
    let n_participants = scale.interviews.div_ceil(2).max(1);
    for p in 0..n_participants {
        s.participants.push(Participant {
            id: ids.next(),
            pseudonym: format!("P{}", p + 1),
            real_name: Some(format!(
                "{} {}",
                FIRST_NAMES[p % FIRST_NAMES.len()],
                LAST_NAMES[(p / FIRST_NAMES.len() + p) % LAST_NAMES.len()]
            )),
            role: r.pick(ROLES).to_string(),
            team: r.pick(TEAMS).trim_start_matches("the ").to_string(),
            consent: Consent {
                may_record: r.chance(70),
                may_quote: r.chance(85),
                attribution: if r.chance(80) {
                    Attribution::Pseudonym
                } else {
                    Attribution::Anonymous
                },
                conditions: String::new(),
                retention: "Notes deleted six months after the write-up.".into(),
            },
            notes: String::new(),
            ..Default::default()
        });
    }

    // Interviews and statements.
    for i in 0..scale.interviews {
        let participant = &s.participants[i % n_participants];
        let sweep = i / n_participants + 1;
        let mut at = 0u32;
        let mut statements = Vec::with_capacity(scale.statements_per_interview);
        for _ in 0..scale.statements_per_interview {
            at += r.range(8, 70) as u32;
            let kind = if r.chance(25) {
                StatementKind::Quote
            } else {
                *r.pick(&StatementKind::ALL)
            };
            statements.push(Statement {
                id: ids.next(),
                at_secs: at,
                speaker: if kind == StatementKind::Note {
                    Speaker::Facilitator
                } else {
                    Speaker::Interviewee
                },
                kind,
                text: statement_text(&mut r, kind),
                off_record: r.chance(2),
                ..Default::default()
            });
        }
        let asked = (0..r.range(6, 12))
            .map(|q| AskedQuestion {
                id: ids.next(),
                question: None,
                text: format!(
                    "What did you notice first about the {}?",
                    SERVICES[q % SERVICES.len()]
                ),
                at_secs: (q as u32 + 1) * (at / 13).max(1),
                status: if r.chance(85) {
                    AskedStatus::Asked
                } else {
                    AskedStatus::Skipped
                },
            })
            .collect();
        s.interviews.push(Interview {
            id: ids.next(),
            participant: participant.id,
            title: format!("Sweep {sweep} with {}", participant.pseudonym),
            facilitator: r.pick(FACILITATORS).to_string(),
            guide: None,
            started: Some(base + Duration::days(i as i64 / 3) + Duration::hours(i as i64 % 3)),
            duration_secs: at + 120,
            statements,
            asked,
            summary: (0..r.range(2, 5))
                .map(|_| prose_sentence(&mut r))
                .collect::<Vec<_>>()
                .join(" "),
            participant_follow_ups: if r.chance(40) {
                format!("Send the {} graph from that morning.", r.pick(METRICS))
            } else {
                String::new()
            },
            calibration: match r.below(3) {
                0 => Calibration::Pending,
                1 => Calibration::Approved,
                _ => Calibration::ChangesRequested,
            },
            ..Default::default()
        });
    }

    // Flat list of citable statements (on the record) for references.
    let cite: Vec<(Id, usize)> = s
        .interviews
        .iter()
        .flat_map(|i| i.statements.iter())
        .filter(|st| !st.off_record)
        .map(|st| (st.id, st.text.len()))
        .collect();
    let pick_statements = |r: &mut Rng, lo: usize, hi: usize| -> Vec<Id> {
        (0..r.range(lo, hi)).map(|_| r.pick(&cite).0).collect()
    };
    let participant_ids: Vec<Id> = s.participants.iter().map(|p| p.id).collect();

    // Decision points with "how it made sense" aspects.
    // The generator's own order (declaration order before `AspectKind::ALL`), so a
    // seed gives the same session as before.
    const ASPECTS: [AspectKind; 10] = [
        AspectKind::Cues,
        AspectKind::Knowledge,
        AspectKind::Goals,
        AspectKind::Options,
        AspectKind::BasisOfChoice,
        AspectKind::Experience,
        AspectKind::TimePressure,
        AspectKind::SituationAssessment,
        AspectKind::Hypotheticals,
        AspectKind::Aiding,
    ];
    for d in 0..scale.decision_points {
        let (act, _) = *r.pick(ACTIONS);
        let first = r.below(ASPECTS.len());
        let aspects = (0..r.range(3, 6))
            .map(|k| Aspect {
                kind: ASPECTS[(first + k) % ASPECTS.len()],
                text: (0..r.range(1, 3))
                    .map(|_| prose_sentence(&mut r))
                    .collect::<Vec<_>>()
                    .join(" "),
                evidence: pick_statements(&mut r, 1, 3),
            })
            .collect();
        s.decision_points.push(DecisionPoint {
            id: ids.next(),
            title: format!("Decided to {act}"),
            when: format!("around {:02}:{:02}", 9 + (d / 60) % 10, d % 60),
            who: (0..r.range(1, 2))
                .map(|_| *r.pick(&participant_ids))
                .collect(),
            statements: pick_statements(&mut r, 1, 3),
            aspects,
        });
    }

    // Timeline events from several perspectives.
    let mut event_ids: Vec<Id> = Vec::with_capacity(scale.timeline_events);
    for e in 0..scale.timeline_events {
        let id = ids.next();
        let t = base + Duration::seconds((e as i64) * 47 + r.below(30) as i64);
        let time = match r.below(10) {
            0..=5 => EventTime::Exact(t),
            6 | 7 => EventTime::Approximate(t),
            8 if !event_ids.is_empty() => {
                let mins = r.range(1, 15);
                EventTime::Relative {
                    anchor: Some(*r.pick(&event_ids)),
                    offset_secs: mins as i64 * 60,
                    text: format!("~{mins} min after that"),
                }
            }
            _ => EventTime::Unknown,
        };
        let perspective = match r.below(6) {
            0 => Perspective::Log,
            1 => Perspective::Chat,
            2 => Perspective::Facilitator,
            _ => Perspective::Participant(*r.pick(&participant_ids)),
        };
        let differs_from = if !event_ids.is_empty() && r.chance(8) {
            vec![*r.pick(&event_ids)]
        } else {
            Vec::new()
        };
        let decision_point = if !s.decision_points.is_empty() && r.chance(25) {
            Some(r.pick(&s.decision_points).id)
        } else {
            None
        };
        let kind = *r.pick(&StatementKind::ALL);
        s.timeline.push(TimelineEvent {
            id,
            time,
            description: kind_sentence(&mut r, kind),
            perspective,
            evidence: pick_statements(&mut r, 0, 3),
            differs_from,
            decision_point,
            ..Default::default()
        });
        event_ids.push(id);
    }

    // Codebook: top-level codes with children.
    for c in 0..scale.codes {
        let parent = if c >= 8 && r.chance(60) {
            Some(s.codes[r.below(8)].id)
        } else {
            None
        };
        let word = CODE_WORDS[c % CODE_WORDS.len()];
        let name = if c < CODE_WORDS.len() {
            word.to_owned()
        } else {
            format!("{word} {}", c / CODE_WORDS.len() + 1)
        };
        s.codes.push(Code {
            id: ids.next(),
            description: format!("Statements about {word} around the {}.", r.pick(SERVICES)),
            name,
            parent,
            vocabulary: None,
        });
    }

    // Tags over statements, some on a span of the text.
    for _ in 0..scale.tags {
        let (statement, len) = *r.pick(&cite);
        let span = if len > 20 && r.chance(40) {
            let start = r.below(len / 2);
            let end = (start + r.range(10, len - start)).min(len);
            Some((start, end))
        } else {
            None
        };
        s.tags.push(TagApplication {
            id: ids.next(),
            code: r.pick(&s.codes).id,
            statement,
            span,
        });
    }

    // Themes grouping tagged excerpts.
    for t in 0..scale.themes {
        let excerpts = if s.tags.is_empty() {
            Vec::new()
        } else {
            (0..r.range(5, 30)).map(|_| r.pick(&s.tags).id).collect()
        };
        s.themes.push(Theme {
            id: ids.next(),
            name: format!(
                "{} under {}",
                CODE_WORDS[t % CODE_WORDS.len()],
                r.pick(METRICS)
            ),
            description: prose_sentence(&mut r),
            excerpts,
        });
    }

    // Findings, in every list.
    const FINDING_KINDS: [FindingKind; FindingKind::ALL.len()] = FindingKind::ALL;
    for f in 0..scale.findings {
        s.findings.push(Finding {
            id: ids.next(),
            kind: FINDING_KINDS[f % FINDING_KINDS.len()],
            text: prose_sentence(&mut r),
            evidence: pick_statements(&mut r, 1, 4),
        });
    }

    // Follow-ups, citing statements or findings.
    for f in 0..scale.follow_ups {
        let (act, _) = *r.pick(ACTIONS);
        let mut evidence = pick_statements(&mut r, 0, 2);
        if !s.findings.is_empty() && r.chance(50) {
            evidence.push(r.pick(&s.findings).id);
        }
        s.follow_ups.push(FollowUp {
            id: ids.next(),
            text: format!(
                "Make it cheaper to {act} when the {} is under load.",
                r.pick(SERVICES)
            ),
            class: if f % 3 == 0 {
                FollowUpClass::Prevention
            } else {
                FollowUpClass::ResponseRecovery
            },
            soak_until: Some((base + Duration::days(45 + (f % 20) as i64)).date_naive()),
            evidence,
            ..Default::default()
        });
    }

    // Work maps: steps in four lanes, sequence edges, gap links.
    const LANES: [Lane; Lane::ALL.len()] = Lane::ALL;
    const RELATIONS: [Relation; Relation::ALL.len()] = Relation::ALL;
    for m in 0..scale.maps {
        let mut map = WorkMap {
            id: ids.next(),
            name: format!(
                "Handling {} load, map {}",
                SERVICES[m % SERVICES.len()],
                m + 1
            ),
            lanes: LANES.to_vec(),
            ..WorkMap::default()
        };
        let mut per_lane: [Vec<Id>; 4] = Default::default();
        for n in 0..scale.nodes_per_map {
            let lane_ix = n % 4;
            let col = per_lane[lane_ix].len();
            let (act, _) = *r.pick(ACTIONS);
            let id = ids.next();
            map.nodes.push(MapNode {
                id,
                lane: LANES[lane_ix],
                label: act.to_owned(),
                pos: [
                    crate::model::map::CONTENT_X
                        + col as f32 * (crate::model::map::NODE_W + crate::model::map::COL_GAP),
                    crate::model::map::LANE_PAD + if r.chance(20) { 40.0 } else { 0.0 },
                ],
                evidence: pick_statements(&mut r, 0, 2),
                documents: if lane_ix == 1 {
                    vec![format!("Runbook: {}", r.pick(SERVICES))]
                } else {
                    Vec::new()
                },
                participants: (0..r.range(0, 2))
                    .map(|_| *r.pick(&participant_ids))
                    .collect(),
            });
            if let Some(prev) = per_lane[lane_ix].last() {
                map.edges.push(MapEdge {
                    id: ids.next(),
                    from: *prev,
                    to: id,
                });
            }
            per_lane[lane_ix].push(id);
        }
        let links = scale.nodes_per_map / 3;
        for _ in 0..links {
            let lane = if r.chance(70) { 0 } else { 1 };
            let imagined = if per_lane[lane].is_empty() || r.chance(10) {
                None
            } else {
                Some(*r.pick(&per_lane[lane]))
            };
            let done = if per_lane[3].is_empty() {
                None
            } else {
                Some(*r.pick(&per_lane[3]))
            };
            let relation = *r.pick(&RELATIONS);
            let gap = if relation == Relation::Matches {
                GapNote::default()
            } else {
                GapNote {
                    pressure: r.pick(&crate::model::map::PRESSURES).to_string(),
                    why: prose_sentence(&mut r),
                    usually_succeeds: "Usually, yes: it has worked every week this quarter.".into(),
                    risk: format!("Hides a slow {} until it is late.", r.pick(METRICS)),
                    evidence: pick_statements(&mut r, 1, 2),
                }
            };
            map.links.push(MapLink {
                id: ids.next(),
                imagined,
                done,
                relation,
                gap,
            });
        }
        s.maps.push(map);
    }

    // The write-up: the standard sections, paragraphs of prose with footnoted evidence,
    // a few quoted phrases and a few acknowledged language-check hits.
    let n_sections = scale.sections.max(narrative::STANDARD.len());
    let words_per_section = scale.narrative_words / n_sections;
    for n in 0..n_sections {
        let std = &narrative::STANDARD[n % narrative::STANDARD.len()];
        // Beyond the standard sections: the authors' own, one per part of the programme.
        let (kind, title) = if n < narrative::STANDARD.len() {
            (std.kind.to_owned(), std.title.to_owned())
        } else {
            (
                "custom".to_owned(),
                format!("{}, part {}", std.title, n / narrative::STANDARD.len() + 1),
            )
        };
        let id = ids.next();
        let mut body = String::new();
        let mut words = 0;
        while words < words_per_section {
            let mut para = String::new();
            for _ in 0..r.range(3, 7) {
                let sentence = prose_sentence(&mut r);
                words += sentence.split_whitespace().count();
                if !para.is_empty() {
                    para.push(' ');
                }
                para.push_str(&sentence);
                if r.chance(30) {
                    // Footnote references go right after the sentence's full stop.
                    para.push_str(&narrative::footnote_ref(r.pick(&cite).0));
                }
            }
            if r.chance(10) {
                // People's own words: exempt from the check, as in real write-ups.
                para.push_str(
                    "\n\n> \"In hindsight we should have looked at the pool first, but \
nothing pointed there.\"",
                );
                words += 16;
            }
            if r.chance(5) {
                // A phrase the check flags and the authors kept on purpose (acknowledged).
                para.push_str(" The fix was just a config change, once people knew where.");
                words += 11;
            }
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(&para);
        }
        s.narrative.sections.push(NarrativeSection {
            id,
            kind,
            title,
            body,
            included: true,
            generated_hash: None,
        });
    }
    s.narrative.acknowledged.push(LintAck {
        phrase: "just".into(),
        section: None,
        reason: "We mean \"only\": the change itself was small.".into(),
    });
    s
}

/// A large on-call excerpt such as the paste importer gets (deterministic): chat lines
/// with times of day, bracketed log lines with dates, stack-trace continuations and
/// blank lines, one second apart from 08:00 on 6 April 2026.
pub fn log_excerpt(lines: usize) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(lines * 100);
    for i in 0..lines {
        let secs = 8 * 3600 + i;
        let stamp = format!(
            "{:02}:{:02}:{:02}",
            (secs / 3600) % 24,
            (secs / 60) % 60,
            secs % 60
        );
        let _ = match i % 10 {
            9 => writeln!(text),
            8 => writeln!(
                text,
                "    at com.shop.checkout.RetryPolicy.attempt(RetryPolicy.java:118) caused by pool"
            ),
            3 | 6 => writeln!(
                text,
                "[2026-04-06 {stamp}] WARN payments-gateway pool at {}% (waiters {}), retry budget left {}",
                60 + i % 40,
                i % 17,
                i % 5
            ),
            _ => writeln!(
                text,
                "{stamp} user{}: the checkout p99 is still climbing, retries look like they are stacking up again",
                i % 7
            ),
        };
    }
    text
}

/// Total words in the write-up (for reports and tests).
pub fn narrative_words(s: &Session) -> usize {
    s.narrative
        .sections
        .iter()
        .map(|sec| sec.body.split_whitespace().count())
        .sum()
}
