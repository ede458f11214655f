//! The bundled example session is generated from this file, so that it stays valid
//! and realistic as the model grows. To regenerate after changing it:
//!
//! ```text
//! cargo test --test example_session -- --ignored write_example
//! ```

use second_story::model::file::to_ron_string;
use second_story::model::*;

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/examples/checkout-near-miss.story.ron"
);

/// Deterministic ids: a readable counter per entity kind.
struct Ids(u128);
impl Ids {
    fn next(&mut self, kind: u128) -> Id {
        self.0 += 1;
        Id::from_u128((kind << 96) | (0x5eed_0000_0000u128 << 32) | self.0)
    }
}

fn at(s: &str) -> Timestamp {
    s.parse().expect("fixed timestamp")
}

fn build() -> Session {
    let mut ids = Ids(0);
    let mut s = Session {
        id: ids.next(0x1),
        title: "Payment retry storm near miss, 6 April".into(),
        kind: SessionKind::NearMiss,
        purpose: "On Monday 6 April a retry storm between checkout and the payment gateway \
took the orders database connection pool to 94% of its limit. Nobody outside the on-call \
rotation noticed: the pool never ran dry and no customer saw an error.\n\n\
We are looking at it because it went right. Three people with different views of the \
system saw something odd, made sense of it under time pressure and pulled the right \
lever without a runbook. We want to learn how they did that, what made it hard, and what \
it tells us about normal Monday mornings. This is not about blame or about corrective \
actions."
            .into(),
        facilitators: vec!["Sam Rivera".into(), "Kit Okoye".into()],
        created: at("2026-04-08T09:00:00Z"),
        updated: at("2026-04-10T16:30:00Z"),
        ..Session::default()
    };

    let people = [
        (
            "P1 (on-call SRE)",
            "Ana Lima",
            "Site reliability engineer",
            "Platform",
            true,
        ),
        (
            "P2 (payments engineer)",
            "Ben Okafor",
            "Backend engineer",
            "Payments",
            true,
        ),
        (
            "P3 (support lead)",
            "Chris Novak",
            "Customer support lead",
            "Support",
            false,
        ),
        (
            "P4 (incident commander)",
            "Dana Wu",
            "Engineering manager",
            "Checkout",
            true,
        ),
    ];
    for (pseudo, real, role, team, may_record) in people {
        s.participants.push(Participant {
            id: ids.next(0x2),
            pseudonym: pseudo.into(),
            real_name: Some(real.into()),
            role: role.into(),
            team: team.into(),
            consent: Consent {
                may_record,
                may_quote: true,
                attribution: Attribution::Pseudonym,
                conditions: if may_record {
                    String::new()
                } else {
                    "Notes only, no recording. Wants to see quotes before the write-up is shared."
                        .into()
                },
                retention: "Notes kept until the review programme ends (Dec 2026), then deleted."
                    .into(),
            },
            notes: String::new(),
        });
    }

    use Speaker::{Facilitator as F, Interviewee as I};
    use StatementKind::*;
    let interviews: [(
        usize,
        &str,
        &str,
        Vec<(u32, Speaker, StatementKind, &str, bool)>,
    ); 3] = [
        (
            0,
            "First sweep with the on-call SRE",
            "Sam Rivera",
            vec![
                (
                    15,
                    F,
                    Note,
                    "Kick-off done: not about blame, may stop or go off the record any time, notes seen by the review group only.",
                    false,
                ),
                (
                    60,
                    F,
                    Note,
                    "Asked: take me back to when this first came onto your radar.",
                    false,
                ),
                (
                    95,
                    I,
                    Quote,
                    "The pool graph had a sawtooth I'd never seen on a Monday. Mondays are busy, but busy is smooth.",
                    false,
                ),
                (
                    150,
                    I,
                    Observation,
                    "Connection pool usage stepped up every 30 seconds, in time with the gateway's retry interval.",
                    false,
                ),
                (
                    210,
                    I,
                    Assessment,
                    "Thought it was the weekly batch job at first: same time of day, same database.",
                    false,
                ),
                (
                    260,
                    F,
                    Note,
                    "Probe: how could you tell it was not the batch job?",
                    false,
                ),
                (
                    300,
                    I,
                    Quote,
                    "The batch job ramps and stays flat. This went up in steps and never came down. That's not a job, that's something retrying.",
                    false,
                ),
                (
                    380,
                    I,
                    IKnew,
                    "I knew the gateway retries on timeouts without jitter; we hit that last year in staging.",
                    false,
                ),
                (
                    450,
                    I,
                    StateOfMind,
                    "Honestly I was half in the planning meeting and half watching the graph.",
                    false,
                ),
                (
                    520,
                    I,
                    Decision,
                    "Decided not to page Payments yet and look at the gateway dashboard myself first.",
                    false,
                ),
                (
                    590,
                    I,
                    Quote,
                    "Paging at 9:15 on a Monday for a graph that looks funny — you'd better be right.",
                    false,
                ),
                (
                    660,
                    I,
                    AskingForHelp,
                    "Messaged P2 directly in chat rather than paging, with a screenshot of the graph.",
                    false,
                ),
                (
                    720,
                    I,
                    Note,
                    "Frustrated with the gateway vendor's support; asked us to keep this part out of the notes.",
                    true,
                ),
                (
                    800,
                    I,
                    MentalModel,
                    "Retries are supposed to back off; if they don't, every slow response makes three more requests.",
                    false,
                ),
                (
                    900,
                    I,
                    Action,
                    "Raised the pool limit by 20% as a holding move while P2 looked at the retry settings.",
                    false,
                ),
            ],
        ),
        (
            1,
            "First sweep with the payments engineer",
            "Kit Okoye",
            vec![
                (
                    20,
                    F,
                    Note,
                    "Kick-off done; consent to record given.",
                    false,
                ),
                (
                    70,
                    I,
                    Quote,
                    "When Ana pinged me with that screenshot I recognised the shape straight away.",
                    false,
                ),
                (
                    130,
                    I,
                    Observation,
                    "Gateway latency p99 had gone from 300 ms to just over 2 s, right at our client timeout.",
                    false,
                ),
                (
                    200,
                    I,
                    Assessment,
                    "Our timeout was two seconds and their slow responses were landing just past it, so every call became three.",
                    false,
                ),
                (
                    270,
                    I,
                    MentalModel,
                    "Normally the gateway is either fine or down. Slow-but-up is the state nothing is designed for.",
                    false,
                ),
                (
                    330,
                    I,
                    Decision,
                    "Chose to switch the retry policy to the 'degraded' profile instead of rolling back the morning deploy.",
                    false,
                ),
                (
                    400,
                    I,
                    Quote,
                    "Rolling back felt like the textbook move, but the deploy had nothing to do with it and a rollback takes twenty minutes we didn't have.",
                    false,
                ),
                (
                    470,
                    I,
                    Action,
                    "Flipped the feature flag for the degraded retry profile, watched the pool graph flatten within a minute.",
                    false,
                ),
                (
                    540,
                    I,
                    Quote,
                    "The flag exists because of a near miss two years ago. Nobody remembered it except me.",
                    false,
                ),
            ],
        ),
        (
            2,
            "Conversation with the support lead",
            "Sam Rivera",
            vec![
                (30, F, Note, "Notes only, no recording, as agreed.", false),
                (
                    80,
                    I,
                    Observation,
                    "Three customers mentioned slow checkout in chat between 9:10 and 9:25, none failed to pay.",
                    false,
                ),
                (
                    150,
                    I,
                    Assessment,
                    "Slow-but-working complaints on a Monday are normal, so we did not escalate.",
                    false,
                ),
                (
                    230,
                    I,
                    Quote,
                    "We only open an incident channel when people can't pay. Slow is a Tuesday.",
                    false,
                ),
                (
                    300,
                    I,
                    MentalModel,
                    "If engineering is already on it, the status page would say so.",
                    false,
                ),
                (
                    380,
                    I,
                    AskingForHelp,
                    "Asked in the support-engineering channel whether anything was known; got a thumbs-up from P4.",
                    false,
                ),
            ],
        ),
    ];
    for (who, title, facilitator, statements) in interviews {
        let iid = ids.next(0x3);
        let participant = s.participants[who].id;
        let mut interview = Interview {
            id: iid,
            participant,
            title: title.into(),
            facilitator: facilitator.into(),
            started: Some(at("2026-04-08T10:00:00Z")),
            duration_secs: statements.last().map(|s| s.0 + 120).unwrap_or(0),
            ..Interview::default()
        };
        for (at_secs, speaker, kind, text, off_record) in statements {
            interview.statements.push(Statement {
                id: ids.next(0x4),
                at_secs,
                speaker,
                kind,
                text: text.into(),
                off_record,
            });
        }
        s.interviews.push(interview);
    }
    s.interviews[0].summary =
        "P1 noticed an unusual shape on a familiar graph, ruled out the usual \
suspect (the batch job) from the shape of the curve, and chose a quiet channel over a page. \
The holding move on the pool limit bought time."
            .into();
    s.interviews[0].calibration = Calibration::Approved;
    s
}

#[test]
fn bundled_example_is_generated_from_this_file() {
    let expected = to_ron_string(&build()).expect("serializes");
    let actual = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        actual == expected,
        "assets/examples/checkout-near-miss.story.ron is out of date; run \
         `cargo test --test example_session -- --ignored write_example`"
    );
    let loaded = file::from_str(&actual).expect("example loads");
    assert!(loaded.session.participants.len() >= 3);
}

#[test]
#[ignore = "writes the bundled example; run by hand after changing build()"]
fn write_example() {
    let text = to_ron_string(&build()).expect("serializes");
    std::fs::write(PATH, text).expect("writes example");
}
