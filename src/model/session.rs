//! The session: everything a review or study holds, as plain serde types.
//!
//! Collections are `Vec`s in a meaningful order (never hash maps) so that the same
//! session always serializes to the same bytes and two copies diff cleanly.

use super::id::{Entity, Id};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A point in time, stored as RFC 3339 in UTC.
pub type Timestamp = DateTime<Utc>;

/// The current time (wall clock), used for created/updated stamps.
pub fn now() -> Timestamp {
    // Whole seconds keep files tidy and diffs small.
    let t = Utc::now();
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

/// The variants of an enum that derives `strum::VariantArray`, in declaration order, as
/// an array: the code iterates and indexes `ALL` by value, and strum gives a slice.
/// `N` is the enum's `strum::EnumCount::COUNT`.
pub const fn all_variants<T: Copy, const N: usize>(variants: &[T]) -> [T; N] {
    assert!(variants.len() == N, "N must be the number of variants");
    let mut out = [variants[0]; N];
    let mut i = 1;
    while i < N {
        out[i] = variants[i];
        i += 1;
    }
    out
}

/// What kind of study this session is. Normal work and near misses are first-class.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum SessionKind {
    /// A review of an incident that had impact.
    #[default]
    IncidentReview,
    /// A zero-impact surprise: worth as much study as an incident.
    NearMiss,
    /// A study of how work usually goes right, with no event at all.
    NormalWork,
}

impl SessionKind {
    /// All kinds, in display order.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::IncidentReview => "Incident review",
            Self::NearMiss => "Near miss",
            Self::NormalWork => "Normal work study",
        }
    }

    /// One line that reminds the facilitator what this kind of study is for.
    pub fn hint(self) -> &'static str {
        match self {
            Self::IncidentReview => {
                "How did it make sense at the time? Contributors, not a root cause."
            }
            Self::NearMiss => "A surprise without impact: what made it a miss and not a hit?",
            Self::NormalWork => {
                "How does work usually go right? Adaptations, trade-offs, tricks of the trade."
            }
        }
    }
}

/// A whole session: one review or study, shared between colleagues as a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Session {
    /// Stable id of this session (kept across copies, so merges know they match).
    pub id: Id,
    /// Short title, e.g. "Checkout latency near miss, 6 April".
    pub title: String,
    /// Incident, near miss or normal work.
    pub kind: SessionKind,
    /// Why we are looking at this: scope and purpose, in the facilitator's words.
    pub purpose: String,
    /// Who facilitates (names or handles of the review team).
    pub facilitators: Vec<String>,
    /// When the session was created.
    pub created: Timestamp,
    /// When the session was last changed.
    pub updated: Timestamp,
    /// The people interviewed, by pseudonym.
    pub participants: Vec<Participant>,
    /// Interviews, each with its timed statements.
    pub interviews: Vec<Interview>,
    /// Timeline events from all perspectives.
    pub timeline: Vec<TimelineEvent>,
    /// Decision points and how each made sense at the time.
    pub decision_points: Vec<DecisionPoint>,
    /// The codebook: codes available for tagging.
    pub codes: Vec<Code>,
    /// Codes applied to statements (or spans of them).
    pub tags: Vec<TagApplication>,
    /// Themes that group tagged excerpts.
    pub themes: Vec<Theme>,
    /// Contributors, what went well, difficulties, risks and open questions.
    pub findings: Vec<Finding>,
    /// Work-as-imagined vs work-as-done maps.
    pub maps: Vec<WorkMap>,
    /// The second-story write-up.
    pub narrative: Narrative,
    /// Follow-up ideas, soaking in the parking lot before anyone acts on them.
    pub follow_ups: Vec<FollowUp>,
    /// Interview guides made or changed by the facilitators for this session.
    pub guides: Vec<Guide>,
    /// Open merge conflicts: disagreements between two copies that a person still has
    /// to settle (see `model::merge`). `second-story validate` fails while any are open.
    pub conflicts: Vec<super::conflict::Conflict>,
    /// Deleted entities (tombstones), sorted by id, so that two copies merged without
    /// a common base can tell a deletion from an addition (see `model::merge`).
    pub deleted: Vec<super::conflict::Tombstone>,
}

impl Default for Session {
    fn default() -> Self {
        let t = now();
        Self {
            id: Id::new(),
            title: String::new(),
            kind: SessionKind::default(),
            purpose: String::new(),
            facilitators: Vec::new(),
            created: t,
            updated: t,
            participants: Vec::new(),
            interviews: Vec::new(),
            timeline: Vec::new(),
            decision_points: Vec::new(),
            codes: Vec::new(),
            tags: Vec::new(),
            themes: Vec::new(),
            findings: Vec::new(),
            maps: Vec::new(),
            narrative: Narrative::default(),
            follow_ups: Vec::new(),
            guides: Vec::new(),
            conflicts: Vec::new(),
            deleted: Vec::new(),
        }
    }
}

impl Session {
    /// A new, empty session with a title.
    pub fn new(title: impl Into<String>, kind: SessionKind) -> Self {
        Self {
            title: title.into(),
            kind,
            ..Self::default()
        }
    }

    /// The title to show, never empty.
    pub fn display_title(&self) -> &str {
        if self.title.trim().is_empty() {
            "Untitled session"
        } else {
            &self.title
        }
    }

    /// Finds a participant by id.
    pub fn participant(&self, id: Id) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// Finds an interview by id.
    pub fn interview(&self, id: Id) -> Option<&Interview> {
        self.interviews.iter().find(|i| i.id == id)
    }

    /// Finds a statement (and the interview holding it) by id.
    pub fn statement(&self, id: Id) -> Option<(&Interview, &Statement)> {
        self.interviews
            .iter()
            .find_map(|i| i.statements.iter().find(|s| s.id == id).map(|s| (i, s)))
    }

    /// The pseudonym of a participant, or a placeholder when the id is unknown.
    pub fn pseudonym(&self, id: Id) -> &str {
        self.participant(id)
            .map(|p| p.pseudonym.as_str())
            .unwrap_or("(unknown participant)")
    }

    /// Total number of statements over all interviews.
    pub fn statement_count(&self) -> usize {
        self.interviews.iter().map(|i| i.statements.len()).sum()
    }

    /// The next free "P<n>" pseudonym.
    pub fn next_pseudonym(&self) -> String {
        let mut n = self.participants.len() + 1;
        loop {
            let candidate = format!("P{n}");
            if !self.participants.iter().any(|p| p.pseudonym == candidate) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Someone interviewed. Everywhere outside this file they appear by pseudonym.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Participant {
    /// Stable id.
    pub id: Id,
    /// The name used in notes and exports, e.g. "P1" or "On-call SRE".
    pub pseudonym: String,
    /// Real name, kept only in this file; replaced by the pseudonym when redacting.
    pub real_name: Option<String>,
    /// Other names this person goes by: chat handles, e-mail local parts, nicknames.
    /// Kept only in this file; used to match transcript and chat speakers, and
    /// replaced (as whole tokens) by the pseudonym when redacting.
    pub other_names: Vec<String>,
    /// Role, e.g. "Site reliability engineer".
    pub role: String,
    /// Team or organisation unit.
    pub team: String,
    /// What the participant agreed to.
    pub consent: Consent,
    /// Facilitator's private notes about this participant.
    pub notes: String,
}

impl Participant {
    /// A new participant with a pseudonym.
    pub fn new(pseudonym: impl Into<String>) -> Self {
        Self {
            id: Id::new(),
            pseudonym: pseudonym.into(),
            ..Self::default()
        }
    }
}

/// A participant's consent record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Consent {
    /// May the interview be recorded?
    pub may_record: bool,
    /// May their words be quoted in the write-up?
    pub may_quote: bool,
    /// Attributed to their pseudonym, or fully anonymous.
    pub attribution: Attribution,
    /// Any special conditions they set.
    pub conditions: String,
    /// How long notes are kept, and what happens after.
    pub retention: String,
}

impl Default for Consent {
    fn default() -> Self {
        Self {
            may_record: false,
            may_quote: false,
            attribution: Attribution::Pseudonym,
            conditions: String::new(),
            retention: String::new(),
        }
    }
}

/// How quotes are attributed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attribution {
    /// Quotes carry the participant's pseudonym.
    #[default]
    Pseudonym,
    /// Quotes carry no name at all.
    Anonymous,
}

/// One interview with one participant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Interview {
    /// Stable id.
    pub id: Id,
    /// The participant interviewed.
    pub participant: Id,
    /// Short title, e.g. "First sweep with P1".
    pub title: String,
    /// Who facilitated.
    pub facilitator: String,
    /// The guide used, if any (built-in or the session's own).
    pub guide: Option<Id>,
    /// When the interview started.
    pub started: Option<Timestamp>,
    /// Length so far, in seconds.
    pub duration_secs: u32,
    /// Typed, timed statements, in the order captured.
    pub statements: Vec<Statement>,
    /// Guide questions and probes asked or skipped.
    pub asked: Vec<AskedQuestion>,
    /// Summary written after the interview.
    pub summary: String,
    /// Things to follow up with this participant.
    pub participant_follow_ups: String,
    /// Whether the participant has reviewed their quotes.
    pub calibration: Calibration,
    /// When their account was sent to them to check (calibration), if it was.
    pub calibration_sent: Option<chrono::NaiveDate>,
    /// When they answered: the account was checked with them on this date. Only
    /// then may the write-up say the account was "checked with them".
    pub calibration_checked: Option<chrono::NaiveDate>,
    /// The facilitator's questions (statement ids) whose question-check findings the
    /// facilitator dismissed: not shown in capture, not counted as flagged.
    pub coach_dismissed: Vec<Id>,
}

/// A statement captured during an interview.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Statement {
    /// Stable id.
    pub id: Id,
    /// Seconds since the interview started.
    pub at_secs: u32,
    /// Who said it.
    pub speaker: Speaker,
    /// What kind of statement it is; drives the suggested probes.
    pub kind: StatementKind,
    /// The words (verbatim for quotes).
    pub text: String,
    /// Off the record: never exported, never shared.
    pub off_record: bool,
    /// The facilitator's paraphrase of the words. Exports use it instead of the words
    /// when the participant may not be quoted; empty means none written yet.
    pub paraphrase: String,
}

/// Who is speaking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Speaker {
    /// The person being interviewed.
    #[default]
    Interviewee,
    /// The facilitator.
    Facilitator,
}

/// The type of a statement, following debriefing practice.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum StatementKind {
    /// A facilitator's note.
    #[default]
    Note,
    /// The interviewee's own words, verbatim.
    Quote,
    /// Something they noticed.
    Observation,
    /// A judgement of the situation.
    Assessment,
    /// A decision taken.
    Decision,
    /// Something done.
    Action,
    /// "I knew…"
    IKnew,
    /// A state of mind.
    StateOfMind,
    /// How they believe the system works.
    MentalModel,
    /// Asking someone for help.
    AskingForHelp,
}

impl StatementKind {
    /// All kinds, in keyboard order (Alt+1 … Alt+0).
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "Note",
            Self::Quote => "Quote",
            Self::Observation => "Observation",
            Self::Assessment => "Assessment",
            Self::Decision => "Decision",
            Self::Action => "Action",
            Self::IKnew => "\"I knew\"",
            Self::StateOfMind => "State of mind",
            Self::MentalModel => "Mental model",
            Self::AskingForHelp => "Asking for help",
        }
    }
}

/// A guide question or probe that was asked or deliberately skipped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AskedQuestion {
    /// Stable id.
    pub id: Id,
    /// The question's id in its guide, if it came from one.
    pub question: Option<Id>,
    /// The question as asked.
    pub text: String,
    /// Seconds since the interview started.
    pub at_secs: u32,
    /// Asked or skipped.
    pub status: AskedStatus,
}

/// Whether a guide question was asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AskedStatus {
    /// Asked.
    #[default]
    Asked,
    /// Deliberately skipped.
    Skipped,
}

/// Participant review of their quotes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Calibration {
    /// Not yet sent or not yet answered.
    #[default]
    Pending,
    /// The participant approved the quotes.
    Approved,
    /// The participant asked for changes.
    ChangesRequested,
}

/// An event on the timeline, from one perspective.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimelineEvent {
    /// Stable id.
    pub id: Id,
    /// When it happened: exact, approximate or relative, as written.
    pub time: EventTime,
    /// What happened.
    pub description: String,
    /// Whose account this is.
    pub perspective: Perspective,
    /// Statements that support it.
    pub evidence: Vec<Id>,
    /// Other events that describe the same moment differently (both are kept).
    pub differs_from: Vec<Id>,
    /// A decision point this event marks, if any.
    pub decision_point: Option<Id>,
    /// Response milestones this event marks (first signal, detected, declared, …).
    pub milestones: Vec<Milestone>,
    /// The participant a chat or log event came from, where it is known
    /// (the author of an imported chat message, matched through their names).
    pub attributed_to: Option<Id>,
}

/// A response milestone: the first half hour of an incident, measured from the first
/// signal. Near misses and normal-work studies may have none.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum Milestone {
    /// The first sign that something was happening (an alert, a message, a graph).
    FirstSignal,
    /// Someone recognised that something was wrong.
    Detected,
    /// An incident was declared.
    Declared,
    /// The first update to people inside the organisation.
    FirstInternalUpdate,
    /// The first word to customers.
    FirstCustomerCommunication,
    /// The impact was stopped or worked around.
    Mitigated,
    /// Fully resolved.
    Resolved,
}

impl Milestone {
    /// All milestones, in the order they usually happen.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::FirstSignal => "First signal",
            Self::Detected => "Detected",
            Self::Declared => "Declared",
            Self::FirstInternalUpdate => "First internal update",
            Self::FirstCustomerCommunication => "First customer communication",
            Self::Mitigated => "Mitigated",
            Self::Resolved => "Resolved",
        }
    }
}

/// When a timeline event happened.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum EventTime {
    /// An exact time.
    Exact(Timestamp),
    /// An approximate time ("around 10:40").
    Approximate(Timestamp),
    /// Relative to another event, in seconds, with the words used ("~10 min after the alert").
    Relative {
        /// The event it is relative to.
        anchor: Option<Id>,
        /// Offset in seconds.
        offset_secs: i64,
        /// How it was said.
        text: String,
    },
    /// Not known yet.
    #[default]
    Unknown,
}

/// Whose account a timeline event comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Perspective {
    /// A participant's account.
    Participant(Id),
    /// A log line.
    Log,
    /// A chat message.
    Chat,
    /// The facilitator's reconstruction.
    #[default]
    Facilitator,
}

/// A decision point and how it made sense at the time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionPoint {
    /// Stable id.
    pub id: Id,
    /// What was decided or done.
    pub title: String,
    /// When, as the participants put it.
    pub when: String,
    /// Who was involved.
    pub who: Vec<Id>,
    /// The statements it was created from.
    pub statements: Vec<Id>,
    /// The "how it made sense" aspects.
    pub aspects: Vec<Aspect>,
}

/// One aspect of how a decision made sense.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Aspect {
    /// Which aspect.
    pub kind: AspectKind,
    /// What we learned about it.
    pub text: String,
    /// Statements that are its evidence.
    pub evidence: Vec<Id>,
}

/// The aspects of local rationality explored at a decision point (CDM probes).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum AspectKind {
    // Declared in the order a decision point is deepened (`AspectKind::ALL`).
    /// Cues noticed (and not).
    #[default]
    Cues,
    /// Situation assessment.
    SituationAssessment,
    /// Knowledge used.
    Knowledge,
    /// Experience and analogues.
    Experience,
    /// Goals, and conflicts between them.
    Goals,
    /// Options seen.
    Options,
    /// Basis of the choice.
    BasisOfChoice,
    /// Time pressure.
    TimePressure,
    /// What would have helped.
    Aiding,
    /// Hypotheticals ("what if").
    Hypotheticals,
}

impl AspectKind {
    /// All aspects, in the order a decision point is deepened.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        all_variants(<Self as strum::VariantArray>::VARIANTS);
}

/// A code in the codebook.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Code {
    /// Stable id.
    pub id: Id,
    /// Short name, e.g. "saturation".
    pub name: String,
    /// What it means.
    pub description: String,
    /// Parent code, for a hierarchy.
    pub parent: Option<Id>,
    /// Built-in vocabulary it comes from, if any (e.g. "Messy 9").
    pub vocabulary: Option<String>,
}

/// A code applied to a statement or a span of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TagApplication {
    /// Stable id.
    pub id: Id,
    /// The code.
    pub code: Id,
    /// The statement tagged.
    pub statement: Id,
    /// Byte range of the tagged span, when only part of the text is tagged.
    pub span: Option<(usize, usize)>,
}

/// A theme grouping tagged excerpts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Theme {
    /// Stable id.
    pub id: Id,
    /// Name of the theme.
    pub name: String,
    /// What it is about.
    pub description: String,
    /// Tag applications (excerpts) in the theme.
    pub excerpts: Vec<Id>,
}

/// One entry in the lists the write-up draws on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Finding {
    /// Stable id.
    pub id: Id,
    /// Which list it belongs to.
    pub kind: FindingKind,
    /// The finding.
    pub text: String,
    /// Statements that are its evidence.
    pub evidence: Vec<Id>,
}

/// The lists a write-up draws on. There is deliberately no "root cause".
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum FindingKind {
    /// Contributors and enablers: things that had to be true.
    #[default]
    Contributor,
    /// What went well, how people created safety.
    WentWell,
    /// What made handling difficult.
    Difficulty,
    /// Risks noticed.
    Risk,
    /// Open questions.
    OpenQuestion,
}

impl FindingKind {
    /// All kinds, in the order the lists are shown.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        all_variants(<Self as strum::VariantArray>::VARIANTS);
}

/// A follow-up idea in the parking lot.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUp {
    /// Stable id.
    pub id: Id,
    /// The idea.
    pub text: String,
    /// Response/recovery (helps every future incident) or prevention (this trigger).
    pub class: FollowUpClass,
    /// Do not act before this date: soak time.
    pub soak_until: Option<chrono::NaiveDate>,
    /// Statements or findings it answers.
    pub evidence: Vec<Id>,
    /// Done (acted on), as opposed to still open.
    pub done: bool,
}

/// Kind of follow-up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUpClass {
    /// Helps every future incident (response, recovery).
    #[default]
    ResponseRecovery,
    /// Prevents this particular trigger.
    Prevention,
}

/// A work-as-imagined vs work-as-done map.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkMap {
    /// Stable id.
    pub id: Id,
    /// Name, e.g. "Deploying a config change".
    pub name: String,
    /// Lanes shown.
    pub lanes: Vec<Lane>,
    /// Activity steps.
    pub nodes: Vec<MapNode>,
    /// Sequence edges within a lane.
    pub edges: Vec<MapEdge>,
    /// Cross-lane links with gap notes.
    pub links: Vec<MapLink>,
}

/// A lane of a work map.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum Lane {
    /// How planners and documents picture the work.
    #[default]
    Imagined,
    /// The written procedure.
    Prescribed,
    /// What people say about their work.
    Disclosed,
    /// What actually happens.
    Done,
}

/// The farthest a map step may be from the origin on either axis, in canvas units
/// (a map thousands of steps wide is some 10^5 units; `validate` refuses more than
/// this, and the map's geometry clamps to it).
pub const MAX_MAP_COORD: f32 = 1.0e6;

/// A step on a work map.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MapNode {
    /// Stable id.
    pub id: Id,
    /// The lane.
    pub lane: Lane,
    /// A verb phrase, e.g. "check the dashboard".
    pub label: String,
    /// Position on the canvas.
    pub pos: [f32; 2],
    /// Statements that are its evidence.
    pub evidence: Vec<Id>,
    /// Documents cited.
    pub documents: Vec<String>,
    /// Participants who described it.
    pub participants: Vec<Id>,
}

/// A sequence edge within a lane.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MapEdge {
    /// Stable id.
    pub id: Id,
    /// From node.
    pub from: Id,
    /// To node.
    pub to: Id,
}

/// How a done step relates to an imagined one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MapLink {
    /// Stable id.
    pub id: Id,
    /// The imagined (or prescribed) step.
    pub imagined: Option<Id>,
    /// The done step.
    pub done: Option<Id>,
    /// The relation.
    pub relation: Relation,
    /// The gap note, for non-matching relations.
    pub gap: GapNote,
}

/// Relation between a done and an imagined step.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum Relation {
    /// Done as imagined.
    #[default]
    Matches,
    /// Done differently.
    Adapts,
    /// Not done.
    Skips,
    /// Done but not imagined.
    Adds,
    /// Done in another order.
    Reorders,
}

/// Why a gap exists and whether it usually works.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GapNote {
    /// The pressure or constraint it answers (time, resources, goal conflict, tooling, knowledge).
    pub pressure: String,
    /// Why it made sense.
    pub why: String,
    /// Whether it usually succeeds.
    pub usually_succeeds: String,
    /// Its risk.
    pub risk: String,
    /// Statements that are its evidence.
    pub evidence: Vec<Id>,
}

/// The narrative write-up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Narrative {
    /// Sections in order.
    pub sections: Vec<NarrativeSection>,
    /// Language-check findings acknowledged, with the reason.
    pub acknowledged: Vec<LintAck>,
}

/// A section of the write-up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NarrativeSection {
    /// Stable id.
    pub id: Id,
    /// Which standard section this is (drives "draft from session").
    pub kind: String,
    /// Heading.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Included in the export.
    pub included: bool,
    /// Hash of the body as last generated, to detect hand edits.
    pub generated_hash: Option<u64>,
}

/// An acknowledged language-check finding.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LintAck {
    /// The phrase flagged.
    pub phrase: String,
    /// The section it was in.
    pub section: Option<Id>,
    /// Why it stays.
    pub reason: String,
}

/// An interview guide: a question bank as data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Guide {
    /// Stable id.
    pub id: Id,
    /// Name.
    pub name: String,
    /// When to use it.
    pub when_to_use: String,
    /// References for further reading.
    pub references: Vec<String>,
    /// Questions in order.
    pub questions: Vec<GuideQuestion>,
}

/// A question in a guide.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GuideQuestion {
    /// Stable id.
    pub id: Id,
    /// The question.
    pub text: String,
    /// An optional section heading it belongs to (e.g. "Sweep 2: timeline").
    pub section: String,
}

macro_rules! impl_entity {
    ($($t:ty),* $(,)?) => {
        $(impl Entity for $t {
            fn id(&self) -> Id {
                self.id
            }
        })*
    };
}

impl_entity!(
    Participant,
    Interview,
    Statement,
    AskedQuestion,
    TimelineEvent,
    DecisionPoint,
    Code,
    TagApplication,
    Theme,
    Finding,
    FollowUp,
    WorkMap,
    MapNode,
    MapEdge,
    MapLink,
    NarrativeSection,
    Guide,
    GuideQuestion,
);
