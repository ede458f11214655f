//! The generator's words: a small incident/ops vocabulary and the sentences made
//! from it.

use super::*;

// ---------------------------------------------------------------------------
// Vocabulary: a small incident/ops lexicon, ASCII only (so any byte offset into a
// statement is a character boundary, which keeps tag spans valid).

pub(super) const SERVICES: &[&str] = &[
    "checkout",
    "payment gateway",
    "orders database",
    "connection pool",
    "retry queue",
    "load balancer",
    "config service",
    "search cluster",
    "auth service",
    "cache tier",
    "message broker",
    "deploy pipeline",
    "feature flag service",
    "DNS resolver",
    "CDN edge",
    "batch scheduler",
];
pub(super) const METRICS: &[&str] = &[
    "p99 latency",
    "error rate",
    "connection count",
    "queue depth",
    "CPU",
    "replication lag",
    "retry rate",
    "5xx count",
    "heap usage",
    "disk IO wait",
];
pub(super) const BOARDS: &[&str] = &[
    "main dashboard",
    "payments board",
    "Grafana overview",
    "status page",
    "SLO panel",
    "tracing view",
    "pager summary",
];
pub(super) const ACTIONS: &[(&str, &str)] = &[
    ("roll back the deploy", "rolled back the deploy"),
    ("scale out the pool", "scaled out the pool"),
    ("drain the node", "drained the node"),
    ("turn off the retry flag", "turned off the retry flag"),
    ("page the database on-call", "paged the database on-call"),
    ("fail over to the replica", "failed over to the replica"),
    ("raise the connection limit", "raised the connection limit"),
    ("pause the batch job", "paused the batch job"),
    ("restart the worker", "restarted the worker"),
    ("open an incident channel", "opened an incident channel"),
    ("hold the release train", "held the release train"),
    ("shed the bulk traffic", "shed the bulk traffic"),
];
pub(super) const TEAMS: &[&str] = &[
    "the database team",
    "payments",
    "platform",
    "the network team",
    "the vendor's support desk",
    "the release manager",
    "customer support",
];
pub(super) const CHANNELS: &[&str] = &[
    "#incident",
    "#payments-oncall",
    "#platform",
    "the bridge call",
    "a direct message",
];
pub(super) const HUNCHES: &[&str] = &[
    "a bad deploy",
    "a noisy neighbour",
    "the Monday batch job",
    "a retry storm",
    "a slow query",
    "a certificate expiry",
    "a DNS blip",
    "cache eviction",
    "a stuck consumer",
    "the vendor having a bad day",
];
pub(super) const PERIODS: &[&str] = &[
    "Black Friday",
    "the migration last spring",
    "the quarter-end run",
    "the last game day",
    "the outage in January",
    "my first on-call week",
];
pub(super) const OTHER_WORK: &[&str] = &[
    "the migration ticket",
    "a design review",
    "my pull request",
    "the handover notes",
    "a customer escalation",
    "the planning meeting",
];
pub(super) const FILLER: &[&str] = &[
    "It was a normal Monday morning, busy but nothing unusual.",
    "The alert had fired twice that week already and both times it cleared by itself.",
    "Nobody had touched that part of the system in months.",
    "There was a lot of noise in the channel at that point.",
    "I had the runbook open in another tab but it did not cover this case.",
    "We were halfway through a release, so everything looked a bit odd anyway.",
    "The graphs lag by a minute or two, so you learn to read them with that in mind.",
    "My laptop was on the hotel wifi, which made the dashboards slow to load.",
    "At that point we had three theories and no good way to tell them apart.",
    "The handover from the night shift had mentioned nothing about it.",
    "It felt familiar, like something we had seen before but not quite.",
    "I remember thinking we had maybe ten minutes before customers would notice.",
    "The numbers were moving in the wrong direction, slowly at first.",
    "Usually someone from payments would be around, but it was a holiday there.",
    "We keep a cheat sheet in the team wiki for the usual suspects.",
    "Looking back, there were two things going on at the same time.",
];
pub(super) const FACILITATORS: &[&str] = &["Sam Rivera", "Kit Okoye", "Jo Brandt", "Mina Sato"];
// Real names (kept in the file, replaced by pseudonyms on export): first names repeat
// across people, as they do in a large organisation.
pub(super) const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Erin", "Femi", "Grace", "Hugo", "Ines", "Jonas", "Kemi", "Lars",
    "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomas",
];
pub(super) const LAST_NAMES: &[&str] = &[
    "Lima", "Okafor", "Nguyen", "Patel", "Schmidt", "Haddad", "Kowalski", "Moreau", "Tanaka",
    "Silva", "Mensah", "Larsen", "Costa", "Novak", "Reyes", "Yilmaz", "Brennan", "Ito", "Varga",
    "Adeyemi", "Fischer", "Rossi", "Dubois",
];
pub(super) const ROLES: &[&str] = &[
    "Site reliability engineer",
    "Payments engineer",
    "Database administrator",
    "Incident commander",
    "Support lead",
    "Release manager",
    "Network engineer",
    "Engineering manager",
];
pub(super) const CODE_WORDS: &[&str] = &[
    "saturation",
    "goal conflict",
    "workaround",
    "tacit knowledge",
    "alert fatigue",
    "coordination cost",
    "handover",
    "automation surprise",
    "time pressure",
    "sensemaking",
    "expertise",
    "escalation",
    "tooling gap",
    "normalisation",
    "trade-off",
    "recovery",
    "monitoring lag",
    "shared mental model",
    "production pressure",
    "adaptation",
    "missing cue",
    "backstop",
    "informal channel",
    "on-call load",
];

/// One sentence in the voice of a statement kind.
pub(super) fn kind_sentence(r: &mut Rng, kind: StatementKind) -> String {
    let svc = r.pick(SERVICES);
    let svc2 = r.pick(SERVICES);
    let metric = r.pick(METRICS);
    let board = r.pick(BOARDS);
    let (act, acted) = *r.pick(ACTIONS);
    let hunch = r.pick(HUNCHES);
    match kind {
        StatementKind::Note => match r.below(4) {
            0 => format!("Probe later: what made the {metric} look normal at first."),
            1 => format!("Asked how they could tell it was the {svc} and not the {svc2}."),
            2 => "Long pause before answering; came back to it twice.".to_owned(),
            _ => format!("Check the chat log around the {board} screenshot."),
        },
        StatementKind::Quote => match r.below(4) {
            0 => format!("\"Busy is smooth, until the {svc} says otherwise.\""),
            1 => format!("\"You never trust the {board} on its own.\""),
            2 => format!("\"If the {metric} goes flat, that is when I worry.\""),
            _ => format!("\"We {acted} because it was the thing we could undo.\""),
        },
        StatementKind::Observation => format!(
            "I saw the {metric} on the {board} climb past {} percent.",
            r.range(60, 99)
        ),
        StatementKind::Assessment => {
            format!("It looked like {hunch} in the {svc}, not the {svc2}.")
        }
        StatementKind::Decision => format!("We decided to {act} before anyone touched the {svc}."),
        StatementKind::Action => {
            format!("I {acted} and watched the {metric} for a few minutes.")
        }
        StatementKind::IKnew => format!(
            "I knew the {svc} had done this before, during {}.",
            r.pick(PERIODS)
        ),
        StatementKind::StateOfMind => format!(
            "Half of my attention was still on {} when the page came in.",
            r.pick(OTHER_WORK)
        ),
        StatementKind::MentalModel => {
            format!("Normally the {svc} sheds load by itself when the {metric} gets high.")
        }
        StatementKind::AskingForHelp => format!(
            "I pinged {} in {} because they know the {svc} better than I do.",
            r.pick(TEAMS),
            r.pick(CHANNELS)
        ),
    }
}

/// Text of a statement: one sentence in its kind's voice, plus a varying amount of
/// context (most notes are short, a few run on).
pub(super) fn statement_text(r: &mut Rng, kind: StatementKind) -> String {
    let mut text = kind_sentence(r, kind);
    let extra = match r.below(100) {
        0..=39 => 0,
        40..=69 => 1,
        70..=89 => 2,
        90..=95 => 3,
        _ => r.range(5, 8),
    };
    for _ in 0..extra {
        let filler = *r.pick(FILLER);
        text.push(' ');
        text.push_str(filler);
    }
    text
}

/// A sentence for the write-up, without hindsight language.
pub(super) fn prose_sentence(r: &mut Rng) -> String {
    let svc = r.pick(SERVICES);
    let metric = r.pick(METRICS);
    let (act, _) = *r.pick(ACTIONS);
    match r.below(8) {
        0 => format!(
            "From inside the {svc} team, the rising {metric} read as the usual Monday load."
        ),
        1 => format!("People weighed the cost to {act} against the chance that it would not help."),
        2 => format!(
            "The {} showed the {metric} a minute or two late, and everyone knew it.",
            r.pick(BOARDS)
        ),
        3 => format!(
            "Several things had to be true at once: {} and {} among them.",
            r.pick(HUNCHES),
            r.pick(HUNCHES)
        ),
        4 => format!(
            "Help came through {} rather than the formal escalation path.",
            r.pick(CHANNELS)
        ),
        5 => format!(
            "Experience from {} shaped what people looked at first.",
            r.pick(PERIODS)
        ),
        6 => format!("The decision to {act} was reversible, which made it attractive."),
        _ => r.pick(FILLER).to_string(),
    }
}
