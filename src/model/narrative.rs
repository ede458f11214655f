//! The second-story write-up: standard sections, "draft from session", and evidence
//! footnotes that trace every claim back to what someone said.
//!
//! A draft is assembled from the structured data (statements, decision points and
//! their aspects, findings, timeline, maps, follow-ups). After that the facilitator
//! owns the text: each section remembers the hash of the body it was last generated
//! with, and regenerating never silently replaces a body that was edited by hand.
//!
//! Evidence is cited as a Markdown footnote `[^s-<shortid>]`, where the short id is the
//! last eight hex digits of the statement's id; the export turns each reference into a
//! footnote with the pseudonym, the interview and the words.

use super::command::{Command, Edit};
use super::export::{escape_cell, escape_inline};
use super::id::Id;
use super::session::*;
use super::validate::fmt_secs;
use std::fmt::Write as _;

/// A standard section of a second-story write-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StandardSection {
    /// The `NarrativeSection::kind` it is stored under.
    pub kind: &'static str,
    /// Default heading.
    pub title: &'static str,
    /// What goes here, as a prompt for the facilitator.
    pub prompt: &'static str,
}

/// The standard sections, in their default order.
pub const STANDARD: [StandardSection; 12] = [
    StandardSection {
        kind: "summary",
        title: "Summary",
        prompt: "Two or three paragraphs a busy reader can take away: what happened, how it made sense, what we learned.",
    },
    StandardSection {
        kind: "why",
        title: "Why we looked at this",
        prompt: "Scope and purpose. Say that this is not about blame or corrective actions.",
    },
    StandardSection {
        kind: "normal-work",
        title: "What normal work looks like here",
        prompt: "How does this work usually go right? Routines, adaptations, tricks of the trade.",
    },
    StandardSection {
        kind: "story",
        title: "The story, from inside",
        prompt: "Chronologically, at each decision point: what people saw, knew, wanted and could do, and how it made sense.",
    },
    StandardSection {
        kind: "hard",
        title: "What made it hard",
        prompt: "Difficulties, goal conflicts, time pressure, missing or misleading cues.",
    },
    StandardSection {
        kind: "went-well",
        title: "What went well and how people created safety",
        prompt: "Adaptations, expertise and coordination that kept things going.",
    },
    StandardSection {
        kind: "contributors",
        title: "Contributors and enablers",
        prompt: "Things that had to be true together. Many of them; never a single root cause, never a person.",
    },
    StandardSection {
        kind: "wai-wad",
        title: "Work-as-imagined and work-as-done",
        prompt: "Where the work differs from how it is pictured, what pressure each gap answers, and whether it usually works.",
    },
    StandardSection {
        kind: "patterns",
        title: "Patterns",
        prompt: "Messy 9 patterns and other vocabularies seen in the material.",
    },
    StandardSection {
        kind: "themes",
        title: "Themes and open questions",
        prompt: "What the tagged material groups into, risks noticed, and what we still do not know.",
    },
    StandardSection {
        kind: "follow-ups",
        title: "Follow-ups",
        prompt: "Response and recovery (helps every future incident) apart from prevention of this trigger.",
    },
    StandardSection {
        kind: "appendix",
        title: "Appendix",
        prompt: "Timeline, participants by pseudonym, and method.",
    },
];

/// The standard section stored under `kind`, if it is one.
pub fn standard(kind: &str) -> Option<&'static StandardSection> {
    STANDARD.iter().find(|s| s.kind == kind)
}

/// A stable 64-bit hash of a body (FNV-1a), stored to detect hand edits. Stable across
/// builds and platforms, unlike the standard library's hasher.
pub fn body_hash(body: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Whether the facilitator has changed the section's text since it was generated (or
/// wrote it by hand). Such text is never replaced without asking.
pub fn is_hand_edited(section: &NarrativeSection) -> bool {
    match section.generated_hash {
        Some(h) => h != body_hash(&section.body),
        None => !section.body.trim().is_empty(),
    }
}

// ---------------------------------------------------------------------------
// Footnotes

/// The footnote label citing a statement: `s-` and the last eight hex digits of its id.
pub fn footnote_label(statement: Id) -> String {
    let hex = statement.0.simple().to_string();
    format!("s-{}", &hex[hex.len() - 8..])
}

/// The footnote reference to put in a body, e.g. `[^s-1a2b3c4d]`.
pub fn footnote_ref(statement: Id) -> String {
    format!("[^{}]", footnote_label(statement))
}

/// A footnote reference found in a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FootnoteRef {
    /// The label without `[^` and `]`, e.g. `s-1a2b3c4d`.
    pub label: String,
    /// Byte range of the whole `[^…]` in the body.
    pub range: std::ops::Range<usize>,
    /// 1-based line.
    pub line: usize,
}

/// Every evidence reference (`[^s-…]`) in a body, in order. Footnote definitions
/// (`[^s-…]:` at the start of a line) are not references.
pub fn footnote_refs(body: &str) -> Vec<FootnoteRef> {
    let mut out = Vec::new();
    let mut search = 0;
    // Lines are counted from the previous reference on, not from the start each time:
    // a long section holds hundreds of citations.
    let mut line = 1;
    let mut counted_to = 0;
    while let Some(pos) = body[search..].find("[^s-") {
        let start = search + pos;
        let label_start = start + 2;
        let len = body[label_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len() - label_start);
        let end = label_start + len;
        search = end.max(start + 1);
        if !body[end..].starts_with(']') {
            continue;
        }
        let is_definition = body[end + 1..].starts_with(':')
            && body[..start]
                .rfind('\n')
                .map_or(body[..start].trim().is_empty(), |nl| {
                    body[nl + 1..start].trim().is_empty()
                });
        if is_definition {
            continue;
        }
        line += body[counted_to..start].matches('\n').count();
        counted_to = start;
        out.push(FootnoteRef {
            label: body[label_start..end].to_owned(),
            range: start..end + 1,
            line,
        });
    }
    out
}

/// What a footnote label points at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Evidence<'a> {
    /// A statement that can be cited.
    Found {
        /// The interview it is from.
        interview: &'a Interview,
        /// The statement.
        statement: &'a Statement,
    },
    /// The statement is off the record: it can never be shown.
    OffRecord,
    /// No statement has this id any more (deleted).
    Missing,
}

/// Resolves a footnote label (`s-` plus 8 or 32 hex digits) to its statement. With eight
/// digits (what [`footnote_label`] writes), the first statement whose id ends in them.
pub fn resolve<'a>(session: &'a Session, label: &str) -> Evidence<'a> {
    let Some(hex) = label.strip_prefix("s-") else {
        return Evidence::Missing;
    };
    // Compare numbers, not strings: this runs for every citation on every frame.
    let matches: Box<dyn Fn(Id) -> bool> = match hex.len() {
        8 => match u32::from_str_radix(hex, 16) {
            Ok(tail) => Box::new(move |id: Id| id.0.as_u128() as u32 == tail),
            Err(_) => return Evidence::Missing,
        },
        32 => match u128::from_str_radix(hex, 16) {
            Ok(full) => Box::new(move |id: Id| id.0.as_u128() == full),
            Err(_) => return Evidence::Missing,
        },
        _ => return Evidence::Missing,
    };
    for i in &session.interviews {
        for s in &i.statements {
            if matches(s.id) {
                return if s.off_record {
                    Evidence::OffRecord
                } else {
                    Evidence::Found {
                        interview: i,
                        statement: s,
                    }
                };
            }
        }
    }
    Evidence::Missing
}

/// Where each statement is, by the last eight hex digits of its id: positions only, no
/// borrows, so a view can keep one for as long as the statements do not change
/// ([`crate::model::Document::sources_revision`]) instead of re-indexing tens of
/// thousands of statements on every keystroke in the write-up.
#[derive(Clone, Debug, Default)]
pub struct EvidenceTable {
    /// Interview and statement index of the first statement with these last digits.
    by_tail: std::collections::HashMap<u32, (usize, usize)>,
}

impl EvidenceTable {
    /// Indexes the session's statements.
    pub fn new(session: &Session) -> Self {
        let mut by_tail = std::collections::HashMap::with_capacity(session.statement_count());
        for (ii, i) in session.interviews.iter().enumerate() {
            for (si, s) in i.statements.iter().enumerate() {
                by_tail.entry(s.id.0.as_u128() as u32).or_insert((ii, si));
            }
        }
        Self { by_tail }
    }
}

/// Resolves many footnotes at once (the UI checks every citation on every frame).
pub struct EvidenceIndex<'a> {
    session: &'a Session,
    table: std::borrow::Cow<'a, EvidenceTable>,
}

impl<'a> EvidenceIndex<'a> {
    /// Indexes the session's statements.
    pub fn new(session: &'a Session) -> Self {
        Self {
            session,
            table: std::borrow::Cow::Owned(EvidenceTable::new(session)),
        }
    }

    /// The session it resolves in.
    pub fn session(&self) -> &'a Session {
        self.session
    }

    /// Uses a table built earlier for this session's current statements.
    pub fn with_table(session: &'a Session, table: &'a EvidenceTable) -> Self {
        Self {
            session,
            table: std::borrow::Cow::Borrowed(table),
        }
    }

    /// Same as [`resolve`], faster.
    pub fn resolve(&self, label: &str) -> Evidence<'a> {
        let Some(hex) = label.strip_prefix("s-").filter(|h| h.len() == 8) else {
            return resolve(self.session, label);
        };
        let Ok(tail) = u32::from_str_radix(hex, 16) else {
            return Evidence::Missing;
        };
        let Some(&(ii, si)) = self.table.by_tail.get(&tail) else {
            return Evidence::Missing;
        };
        match self
            .session
            .interviews
            .get(ii)
            .and_then(|i| Some((i, i.statements.get(si)?)))
        {
            // The table is for these statements (it is kept per sources revision);
            // checking the id still guards against a stale one.
            Some((interview, statement)) if statement.id.0.as_u128() as u32 == tail => {
                if statement.off_record {
                    Evidence::OffRecord
                } else {
                    Evidence::Found {
                        interview,
                        statement,
                    }
                }
            }
            _ => resolve(self.session, label),
        }
    }
}

/// A claim in the write-up whose evidence is gone or may not be shown.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenClaim {
    /// The section it is in.
    pub section: Id,
    /// The section's heading.
    pub section_title: String,
    /// 1-based line in the section body.
    pub line: usize,
    /// The footnote label.
    pub label: String,
    /// The line of text that makes the claim.
    pub claim: String,
    /// Whether the statement was deleted (false: it is off the record).
    pub deleted: bool,
}

/// Every claim in the write-up (included sections) whose cited statement was deleted or
/// is off the record.
pub fn broken_claims(session: &Session, sections: &[NarrativeSection]) -> Vec<BrokenClaim> {
    broken_claims_with(&EvidenceIndex::new(session), sections)
}

/// [`broken_claims`] with an index built earlier.
pub fn broken_claims_with(
    index: &EvidenceIndex<'_>,
    sections: &[NarrativeSection],
) -> Vec<BrokenClaim> {
    let mut out = Vec::new();
    for sec in sections.iter().filter(|s| s.included) {
        for r in footnote_refs(&sec.body) {
            let ev = index.resolve(&r.label);
            if matches!(ev, Evidence::Found { .. }) {
                continue;
            }
            let claim = sec
                .body
                .lines()
                .nth(r.line - 1)
                .unwrap_or_default()
                .trim()
                .to_owned();
            out.push(BrokenClaim {
                section: sec.id,
                section_title: sec.title.clone(),
                line: r.line,
                label: r.label,
                claim,
                deleted: ev == Evidence::Missing,
            });
        }
    }
    out
}

/// Whether the interviewee agreed to be quoted in the write-up.
pub fn may_quote(session: &Session, interview: &Interview) -> bool {
    session
        .participant(interview.participant)
        .is_none_or(|p| p.consent.may_quote)
}

/// Who said it, for a footnote: the pseudonym, or "A participant" when they asked for
/// anonymous attribution; the facilitator for facilitator notes.
pub fn attribution(session: &Session, interview: &Interview, statement: &Statement) -> String {
    if statement.speaker == Speaker::Facilitator {
        return "Facilitator's note".to_owned();
    }
    match session.participant(interview.participant) {
        Some(p) if p.consent.attribution == Attribution::Anonymous => "A participant".to_owned(),
        Some(p) if !p.pseudonym.trim().is_empty() => p.pseudonym.clone(),
        _ => "A participant".to_owned(),
    }
}

/// The words a footnote shows for a statement of a published session (see
/// [`super::publish`]; not yet escaped): verbatim quotes in quotation marks, other
/// statements as notes, the paraphrase of someone who did not agree to be quoted.
pub fn evidence_text(session: &Session, interview: &Interview, statement: &Statement) -> String {
    let may_quote = may_quote(session, interview);
    let interview_title = if interview.title.trim().is_empty() {
        "interview".to_owned()
    } else {
        interview.title.trim().to_owned()
    };
    let who = attribution(session, interview, statement);
    let words = if !may_quote && statement.speaker == Speaker::Interviewee {
        // The publish gate put the facilitator's paraphrase (or a placeholder) here.
        format!(
            "{} (facilitator's paraphrase): {}",
            statement.kind.label().trim_matches('"'),
            statement.text.trim()
        )
    } else if statement.kind == StatementKind::Quote {
        format!("“{}”", statement.text.trim())
    } else {
        format!(
            "{} (facilitator's notes): {}",
            statement.kind.label().trim_matches('"'),
            statement.text.trim()
        )
    };
    format!(
        "{who}, {interview_title}, at {}: {words}",
        fmt_secs(statement.at_secs)
    )
}

// ---------------------------------------------------------------------------
// Draft from session

/// What "draft from session" will do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftPlan {
    /// The change, as one undo step (None when nothing changes).
    pub command: Option<Command>,
    /// Sections added.
    pub added: usize,
    /// Generated sections brought up to date.
    pub refreshed: usize,
    /// Sections left alone because they were edited by hand: (id, title).
    pub kept_edited: Vec<(Id, String)>,
}

impl DraftPlan {
    /// One line for a notice after drafting.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.added > 0 {
            parts.push(format!("{} sections drafted", self.added));
        }
        if self.refreshed > 0 {
            parts.push(format!("{} updated from the session", self.refreshed));
        }
        if !self.kept_edited.is_empty() {
            let names: Vec<&str> = self.kept_edited.iter().map(|(_, t)| t.as_str()).collect();
            parts.push(format!(
                "{} kept as you edited them ({}); use “Regenerate” on a section to replace it",
                names.len(),
                names.join(", ")
            ));
        }
        if parts.is_empty() {
            "The draft is already up to date with the session.".to_owned()
        } else {
            format!("{}.", parts.join("; "))
        }
    }
}

/// Plans "draft from session": adds missing standard sections, refreshes generated
/// sections that nobody edited, and keeps hand-edited ones as they are.
pub fn draft_from_session(session: &Session) -> DraftPlan {
    let mut plan = DraftPlan::default();
    let mut commands = Vec::new();
    for (n, std) in STANDARD.iter().enumerate() {
        let body = draft_body(session, std.kind);
        match session
            .narrative
            .sections
            .iter()
            .find(|s| s.kind == std.kind)
        {
            None => {
                let has_material = !body.trim().is_empty();
                commands.push(Command::Section(Edit::Put {
                    item: NarrativeSection {
                        id: Id::new(),
                        kind: std.kind.to_owned(),
                        title: std.title.to_owned(),
                        generated_hash: Some(body_hash(&body)),
                        body,
                        included: has_material,
                    },
                    // Keep the standard order relative to sections already there.
                    index: Some(n.min(session.narrative.sections.len() + plan.added)),
                }));
                plan.added += 1;
            }
            Some(sec) if is_hand_edited(sec) => {
                plan.kept_edited.push((sec.id, sec.title.clone()));
            }
            Some(sec) if sec.body != body => {
                commands.push(Command::Section(Edit::put(NarrativeSection {
                    generated_hash: Some(body_hash(&body)),
                    body,
                    ..sec.clone()
                })));
                plan.refreshed += 1;
            }
            Some(_) => {}
        }
    }
    if !commands.is_empty() {
        plan.command = Some(Command::Batch {
            label: "Draft write-up from session".to_owned(),
            commands,
        });
    }
    plan
}

/// Replaces one section's body with a fresh draft (the caller asks first when the
/// section was edited by hand). None for sections that are not standard ones.
pub fn regenerate(session: &Session, section: &NarrativeSection) -> Option<Command> {
    standard(&section.kind)?;
    let body = draft_body(session, &section.kind);
    Some(Command::Section(Edit::put(NarrativeSection {
        generated_hash: Some(body_hash(&body)),
        body,
        ..section.clone()
    })))
}

/// The generated Markdown body of a standard section (empty when the session holds
/// nothing for it). All user text in it is escaped; evidence is cited as footnotes.
pub fn draft_body(session: &Session, kind: &str) -> String {
    let mut md = String::new();
    match kind {
        "summary" => summary(session, &mut md),
        "why" => why(session, &mut md),
        "normal-work" => normal_work(session, &mut md),
        "story" => story(session, &mut md),
        "hard" => hard(session, &mut md),
        "went-well" => findings_list(
            session,
            FindingKind::WentWell,
            "How people kept things going, in their own accounts:",
            &mut md,
        ),
        "contributors" => contributors(session, &mut md),
        "wai-wad" => work_maps(session, &mut md),
        "patterns" => patterns(session, &mut md),
        "themes" => themes(session, &mut md),
        "follow-ups" => follow_ups(session, &mut md),
        "appendix" => appendix(session, &mut md),
        _ => {}
    }
    md.trim_end().to_owned()
}

/// Footnote references for the statements that can be cited (others are skipped).
fn cites(session: &Session, evidence: &[Id]) -> String {
    let mut out = String::new();
    for id in evidence {
        if let Some((_, s)) = session.statement(*id)
            && !s.off_record
        {
            out.push_str(&footnote_ref(s.id));
        }
    }
    out
}

fn esc(s: &str) -> String {
    escape_inline(s.trim())
}

fn first_paragraph(text: &str) -> &str {
    text.trim().split("\n\n").next().unwrap_or_default().trim()
}

fn pseudonyms(session: &Session, ids: &[Id]) -> String {
    let names: Vec<String> = ids.iter().map(|id| esc(session.pseudonym(*id))).collect();
    names.join(", ")
}

fn summary(session: &Session, md: &mut String) {
    let study = match session.kind {
        SessionKind::IncidentReview => "This review of an incident",
        SessionKind::NearMiss => "This study of a near miss — a surprise that had no impact —",
        SessionKind::NormalWork => "This study of normal work",
    };
    let people = session.participants.len();
    let interviews = session.interviews.len();
    if interviews == 0 {
        let _ = writeln!(md, "{study} has no interviews yet.\n");
    } else {
        let _ = writeln!(
            md,
            "{study} draws on {interviews} interview{} with {people} {} involved.\n",
            if interviews == 1 { "" } else { "s" },
            if people == 1 { "person" } else { "people" }
        );
    }
    if !session.purpose.trim().is_empty() {
        let _ = writeln!(md, "{}\n", esc(first_paragraph(&session.purpose)));
    }
    for i in &session.interviews {
        if !i.summary.trim().is_empty() {
            let _ = writeln!(md, "{}\n", esc(&i.summary));
        }
    }
    let well: Vec<&Finding> = session
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::WentWell)
        .take(3)
        .collect();
    if !well.is_empty() {
        md.push_str("What went well, in brief:\n\n");
        for f in well {
            let _ = writeln!(md, "- {}{}", esc(&f.text), cites(session, &f.evidence));
        }
        md.push('\n');
    }
}

fn why(session: &Session, md: &mut String) {
    if !session.purpose.trim().is_empty() {
        for para in session.purpose.trim().split("\n\n") {
            let _ = writeln!(md, "{}\n", esc(para));
        }
    }
    if !session.facilitators.is_empty() {
        let names: Vec<String> = session.facilitators.iter().map(|f| esc(f)).collect();
        let _ = writeln!(md, "Facilitated by {}.", names.join(" and "));
    }
}

/// Statements of these kinds, by interviewee, across interviews (not off the record).
/// A lead-in line, then each statement of this kind as a bullet: who said it, their
/// words and the evidence footnote. Writes nothing when there are none.
fn statement_bullets(session: &Session, md: &mut String, lead_in: &str, kind: StatementKind) {
    let mut items = statements_of(session, std::slice::from_ref(&kind)).peekable();
    if items.peek().is_none() {
        return;
    }
    md.push_str(lead_in);
    md.push_str("\n\n");
    for (i, s) in items {
        let _ = writeln!(
            md,
            "- {}: {}{}",
            esc(session.pseudonym(i.participant)),
            esc(&s.text),
            footnote_ref(s.id)
        );
    }
    md.push('\n');
}

fn statements_of<'a>(
    session: &'a Session,
    kinds: &'a [StatementKind],
) -> impl Iterator<Item = (&'a Interview, &'a Statement)> + 'a {
    session.interviews.iter().flat_map(move |i| {
        i.statements
            .iter()
            .filter(move |s| {
                !s.off_record && s.speaker == Speaker::Interviewee && kinds.contains(&s.kind)
            })
            .map(move |s| (i, s))
    })
}

fn normal_work(session: &Session, md: &mut String) {
    statement_bullets(
        session,
        md,
        "How people described the way things usually work:",
        StatementKind::MentalModel,
    );
    let matches: Vec<&MapNode> = session
        .maps
        .iter()
        .flat_map(|m| {
            m.links
                .iter()
                .filter(|l| l.relation == Relation::Matches)
                .filter_map(|l| l.done.and_then(|d| m.nodes.iter().find(|n| n.id == d)))
        })
        .collect();
    if !matches.is_empty() {
        md.push_str("Steps done the way they are pictured:\n\n");
        for n in matches {
            let _ = writeln!(md, "- {}{}", esc(&n.label), cites(session, &n.evidence));
        }
    }
}

fn aspect_label(k: AspectKind) -> &'static str {
    match k {
        AspectKind::Cues => "Cues",
        AspectKind::Knowledge => "Knowledge",
        AspectKind::Goals => "Goals and goal conflicts",
        AspectKind::Options => "Options seen",
        AspectKind::BasisOfChoice => "Basis of the choice",
        AspectKind::Experience => "Experience and analogues",
        AspectKind::TimePressure => "Time pressure",
        AspectKind::SituationAssessment => "Situation assessment",
        AspectKind::Hypotheticals => "What if",
        AspectKind::Aiding => "What helps, or might help",
    }
}

fn decision_block(session: &Session, d: &DecisionPoint, md: &mut String) {
    let when = if d.when.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", esc(&d.when))
    };
    let who = if d.who.is_empty() {
        String::new()
    } else {
        format!(" — {}", pseudonyms(session, &d.who))
    };
    let _ = writeln!(
        md,
        "**Decision point: {}**{when}{who}{}\n",
        esc(&d.title),
        cites(session, &d.statements)
    );
    if d.aspects.is_empty() {
        md.push_str("*How did it make sense at the time? No aspects recorded yet.*\n\n");
        return;
    }
    for a in &d.aspects {
        let _ = writeln!(
            md,
            "- *{}:* {}{}",
            aspect_label(a.kind),
            esc(&a.text),
            cites(session, &a.evidence)
        );
    }
    md.push('\n');
}

/// When an event happened, as a readable string.
pub fn event_time(session: &Session, e: &TimelineEvent) -> String {
    match &e.time {
        EventTime::Exact(t) => t.format("%-d %b %H:%M").to_string(),
        EventTime::Approximate(t) => format!("around {}", t.format("%-d %b %H:%M")),
        EventTime::Relative {
            anchor,
            offset_secs,
            text,
        } => {
            if !text.trim().is_empty() {
                text.trim().to_owned()
            } else {
                let anchor = anchor
                    .and_then(|a| session.timeline.iter().find(|x| x.id == a))
                    .map(|a| a.description.clone())
                    .unwrap_or_else(|| "another event".to_owned());
                let mins = offset_secs / 60;
                format!("{mins:+} min from “{anchor}”")
            }
        }
        EventTime::Unknown => "time unknown".to_owned(),
    }
}

fn absolute_time(session: &Session, e: &TimelineEvent, depth: u8) -> Option<Timestamp> {
    match &e.time {
        EventTime::Exact(t) | EventTime::Approximate(t) => Some(*t),
        EventTime::Relative {
            anchor: Some(a),
            offset_secs,
            ..
        } if depth < 8 => {
            let anchor = session.timeline.iter().find(|x| x.id == *a)?;
            absolute_time(session, anchor, depth + 1)
                .map(|t| t + chrono::Duration::seconds(*offset_secs))
        }
        _ => None,
    }
}

/// The timeline in story order: by time when every event has one, else as recorded.
pub fn ordered_timeline(session: &Session) -> Vec<&TimelineEvent> {
    let mut events: Vec<&TimelineEvent> = session.timeline.iter().collect();
    let times: Vec<Option<Timestamp>> = events
        .iter()
        .map(|e| absolute_time(session, e, 0))
        .collect();
    if times.iter().all(Option::is_some) {
        let mut pairs: Vec<_> = events.into_iter().zip(times).collect();
        pairs.sort_by_key(|(_, t)| *t);
        events = pairs.into_iter().map(|(e, _)| e).collect();
    }
    events
}

fn perspective_label(session: &Session, p: &Perspective) -> String {
    match p {
        Perspective::Participant(id) => session.pseudonym(*id).to_owned(),
        Perspective::Log => "logs".to_owned(),
        Perspective::Chat => "chat".to_owned(),
        Perspective::Facilitator => "facilitators' reconstruction".to_owned(),
    }
}

fn story(session: &Session, md: &mut String) {
    let mut told: Vec<Id> = Vec::new();
    let events = ordered_timeline(session);
    for e in &events {
        let _ = writeln!(
            md,
            "**{}** — {} *({})*{}\n",
            esc(&event_time(session, e)),
            esc(&e.description),
            esc(&perspective_label(session, &e.perspective)),
            cites(session, &e.evidence)
        );
        if let Some(dp) = e.decision_point
            && let Some(d) = session.decision_points.iter().find(|d| d.id == dp)
            && !told.contains(&dp)
        {
            decision_block(session, d, md);
            told.push(dp);
        }
    }
    for d in session
        .decision_points
        .iter()
        .filter(|d| !told.contains(&d.id))
    {
        decision_block(session, d, md);
    }
    if events.is_empty() && session.decision_points.is_empty() {
        // No timeline yet: tell it from each person's account, in the order they told it.
        for i in &session.interviews {
            let told_here: Vec<&Statement> = i
                .statements
                .iter()
                .filter(|s| {
                    !s.off_record
                        && s.speaker == Speaker::Interviewee
                        && s.kind != StatementKind::Note
                })
                .collect();
            if told_here.is_empty() {
                continue;
            }
            let who = session.participant(i.participant);
            let role = who
                .map(|p| p.role.trim())
                .filter(|r| !r.is_empty())
                .map(|r| format!(" ({})", esc(r)))
                .unwrap_or_default();
            let name = match who {
                Some(p) if p.consent.attribution == Attribution::Anonymous => "a participant",
                _ => session.pseudonym(i.participant),
            };
            let _ = writeln!(md, "**As {}{role} tells it:**\n", esc(name));
            for s in told_here {
                let lead = match s.kind {
                    StatementKind::Observation => "Noticed: ",
                    StatementKind::Assessment => "Made sense of it: ",
                    StatementKind::Decision => "Decided: ",
                    StatementKind::Action => "Did: ",
                    StatementKind::IKnew => "Knew: ",
                    StatementKind::StateOfMind => "State of mind: ",
                    StatementKind::MentalModel => "How it usually works: ",
                    StatementKind::AskingForHelp => "Asked for help: ",
                    StatementKind::Quote | StatementKind::Note => "",
                };
                // Someone who may not be quoted: the gate put a paraphrase here.
                let text = if s.kind == StatementKind::Quote && may_quote(session, i) {
                    format!("“{}”", esc(&s.text))
                } else {
                    esc(&s.text)
                };
                let _ = writeln!(md, "- {lead}{text}{}", footnote_ref(s.id));
            }
            md.push('\n');
        }
    }
}

fn findings_list(session: &Session, kind: FindingKind, lead: &str, md: &mut String) {
    let items: Vec<&Finding> = session.findings.iter().filter(|f| f.kind == kind).collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(md, "{lead}\n");
    for f in items {
        let _ = writeln!(md, "- {}{}", esc(&f.text), cites(session, &f.evidence));
    }
    md.push('\n');
}

fn hard(session: &Session, md: &mut String) {
    findings_list(
        session,
        FindingKind::Difficulty,
        "What made the situation hard to handle:",
        md,
    );
    let pressures: Vec<(&DecisionPoint, &Aspect)> = session
        .decision_points
        .iter()
        .flat_map(|d| {
            d.aspects
                .iter()
                .filter(|a| matches!(a.kind, AspectKind::TimePressure | AspectKind::Goals))
                .map(move |a| (d, a))
        })
        .collect();
    if !pressures.is_empty() {
        md.push_str("Pressures and goal conflicts at the decision points:\n\n");
        for (d, a) in pressures {
            let _ = writeln!(
                md,
                "- *{}* ({}): {}{}",
                esc(&d.title),
                aspect_label(a.kind).to_lowercase(),
                esc(&a.text),
                cites(session, &a.evidence)
            );
        }
        md.push('\n');
    }
    if session.findings.is_empty() {
        statement_bullets(
            session,
            md,
            "What else was going on for people:",
            StatementKind::StateOfMind,
        );
    }
}

fn contributors(session: &Session, md: &mut String) {
    if !session
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Contributor)
    {
        return;
    }
    findings_list(
        session,
        FindingKind::Contributor,
        "Things that had to be true together for events to unfold as they did. None of them \
is a cause on its own, and none of them is a person.",
        md,
    );
}

fn lane_label(l: Lane) -> &'static str {
    match l {
        Lane::Imagined => "Imagined",
        Lane::Prescribed => "Prescribed",
        Lane::Disclosed => "Disclosed",
        Lane::Done => "Done",
    }
}

fn work_maps(session: &Session, md: &mut String) {
    for m in &session.maps {
        // The table of gaps, as the map workspace exports it (names are redacted later,
        // with the rest of the write-up).
        md.push_str(&super::map::gap_table(session, m));
        md.push_str("\nThe map in words:\n\n");
        for lane in [
            Lane::Imagined,
            Lane::Prescribed,
            Lane::Disclosed,
            Lane::Done,
        ] {
            let steps = lane_steps(m, lane);
            if !steps.is_empty() {
                let _ = writeln!(md, "- *{}:* {}", lane_label(lane), steps.join(" → "));
            }
        }
        md.push('\n');
    }
}

/// A lane's step labels in sequence order (following edges from steps nobody points
/// to; steps outside any chain follow, left to right).
fn lane_steps(m: &WorkMap, lane: Lane) -> Vec<String> {
    let mut nodes: Vec<&MapNode> = m.nodes.iter().filter(|n| n.lane == lane).collect();
    nodes.sort_by(|a, b| a.pos[0].total_cmp(&b.pos[0]));
    let mut order: Vec<Id> = Vec::new();
    for start in nodes
        .iter()
        .filter(|n| !m.edges.iter().any(|e| e.to == n.id))
    {
        let mut cur = Some(start.id);
        while let Some(id) = cur {
            if order.contains(&id) {
                break;
            }
            order.push(id);
            cur = m
                .edges
                .iter()
                .find(|e| e.from == id)
                .map(|e| e.to)
                .filter(|to| nodes.iter().any(|n| n.id == *to));
        }
    }
    for n in &nodes {
        if !order.contains(&n.id) {
            order.push(n.id);
        }
    }
    order
        .iter()
        .filter_map(|id| nodes.iter().find(|n| n.id == *id))
        .map(|n| esc(&n.label))
        .collect()
}

fn patterns(session: &Session, md: &mut String) {
    let mut vocabularies: Vec<&str> = Vec::new();
    for c in &session.codes {
        let v = c.vocabulary.as_deref().unwrap_or("Our own codes");
        if !vocabularies.contains(&v) {
            vocabularies.push(v);
        }
    }
    for v in vocabularies {
        let mut lines = Vec::new();
        for c in session
            .codes
            .iter()
            .filter(|c| c.vocabulary.as_deref().unwrap_or("Our own codes") == v)
        {
            let tagged: Vec<Id> = session
                .tags
                .iter()
                .filter(|t| t.code == c.id)
                .map(|t| t.statement)
                .collect();
            if tagged.is_empty() {
                continue;
            }
            let desc = if c.description.trim().is_empty() {
                String::new()
            } else {
                format!(" — {}", esc(&c.description))
            };
            lines.push(format!(
                "- **{}** ({} excerpt{}){desc}{}",
                esc(&c.name),
                tagged.len(),
                if tagged.len() == 1 { "" } else { "s" },
                cites(session, &tagged)
            ));
        }
        if !lines.is_empty() {
            let _ = writeln!(md, "*{}*\n\n{}\n", esc(v), lines.join("\n"));
        }
    }
}

fn themes(session: &Session, md: &mut String) {
    for t in &session.themes {
        let statements: Vec<Id> = t
            .excerpts
            .iter()
            .filter_map(|x| session.tags.iter().find(|tag| tag.id == *x))
            .map(|tag| tag.statement)
            .collect();
        let _ = writeln!(
            md,
            "- **{}**{}{}",
            esc(&t.name),
            if t.description.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", esc(&t.description))
            },
            cites(session, &statements)
        );
    }
    if !session.themes.is_empty() {
        md.push('\n');
    }
    findings_list(session, FindingKind::Risk, "Risks noticed:", md);
    findings_list(
        session,
        FindingKind::OpenQuestion,
        "Questions we could not answer yet:",
        md,
    );
}

fn follow_ups(session: &Session, md: &mut String) {
    for (class, title, lead) in [
        (
            FollowUpClass::ResponseRecovery,
            "Response and recovery",
            "These help with every future incident, whatever sets it off.",
        ),
        (
            FollowUpClass::Prevention,
            "Prevention",
            "These make this particular trigger less likely.",
        ),
    ] {
        let items: Vec<&FollowUp> = session
            .follow_ups
            .iter()
            .filter(|f| f.class == class)
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(md, "### {title}\n\n{lead}\n");
        for f in items {
            let soak = f
                .soak_until
                .map(|d| format!(" *(soaking until {})*", d.format("%-d %b %Y")))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- {}{soak}{}",
                esc(&f.text),
                cites(session, &f.evidence)
            );
        }
        md.push('\n');
    }
}

fn appendix(session: &Session, md: &mut String) {
    let events = ordered_timeline(session);
    if !events.is_empty() {
        md.push_str("### Timeline\n\n| When | What happened | Whose account |\n|---|---|---|\n");
        for e in events {
            let _ = writeln!(
                md,
                "| {} | {}{} | {} |",
                escape_cell(&event_time(session, e)),
                escape_cell(&e.description),
                cites(session, &e.evidence),
                escape_cell(&perspective_label(session, &e.perspective))
            );
        }
        md.push('\n');
    }
    if !session.participants.is_empty() {
        md.push_str(
            "### Participants\n\n| Pseudonym | Role | Team | Interviews |\n|---|---|---|---|\n",
        );
        // Anonymous participants are counted, not described.
        let anonymous = |p: &&Participant| p.consent.attribution == Attribution::Anonymous;
        for p in session.participants.iter().filter(|p| !anonymous(p)) {
            let n = session
                .interviews
                .iter()
                .filter(|i| i.participant == p.id)
                .count();
            let _ = writeln!(
                md,
                "| {} | {} | {} | {n} |",
                escape_cell(&p.pseudonym),
                escape_cell(&p.role),
                escape_cell(&p.team)
            );
        }
        let n = session.participants.iter().filter(anonymous).count();
        if n > 0 {
            let _ = writeln!(
                md,
                "\n{n} more participant{} asked to stay anonymous.",
                if n == 1 { "" } else { "s" }
            );
        }
        md.push('\n');
    }
    if !session.interviews.is_empty() {
        md.push_str("### Method\n\n");
        let _ = writeln!(
            md,
            "We held {} one-to-one interview{} after a kick-off that explained the review is \
not about blame, that recording needs consent and that anyone may go off the record at any \
time. Interviews followed the Critical Decision Method: the story in the person's own words, \
a timeline checked with them, then deeper questions at each decision point. Off-the-record \
parts are not in this write-up. Quotes are verbatim; other evidence is from the \
facilitators' notes.\n",
            session.interviews.len(),
            if session.interviews.len() == 1 {
                ""
            } else {
                "s"
            }
        );
        for i in &session.interviews {
            let title = if i.title.trim().is_empty() {
                "Interview"
            } else {
                i.title.trim()
            };
            let facilitator = if i.facilitator.trim().is_empty() {
                String::new()
            } else {
                format!(", facilitated by {}", esc(&i.facilitator))
            };
            let calibration = match i.calibration {
                Calibration::Approved => "quotes checked with the participant",
                Calibration::ChangesRequested => "participant asked for changes to quotes",
                Calibration::Pending => "quotes not yet checked with the participant",
            };
            let _ = writeln!(
                md,
                "- *{}* — {}{facilitator}: {} min, {} statements on record; {calibration}.",
                esc(title),
                esc(session.pseudonym(i.participant)),
                i.duration_secs.div_ceil(60),
                i.statements.iter().filter(|s| !s.off_record).count()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    fn sample() -> Session {
        let mut s = Session::new("Retry storm", SessionKind::NearMiss);
        s.purpose = "It went right.\n\nNot about blame.".into();
        let mut p = Participant::new("P1");
        p.real_name = Some("Ana Lima".into());
        p.role = "SRE".into();
        p.consent.may_quote = true;
        let pid = p.id;
        s.participants.push(p);
        let mut i = Interview {
            participant: pid,
            title: "First sweep".into(),
            ..Default::default()
        };
        for (kind, text, off) in [
            (StatementKind::Quote, "Busy is smooth.", false),
            (StatementKind::Decision, "Did not page yet.", false),
            (StatementKind::Note, "vendor gossip", true),
            (StatementKind::MentalModel, "Retries back off.", false),
        ] {
            i.statements.push(Statement {
                kind,
                text: text.into(),
                off_record: off,
                ..Default::default()
            });
        }
        let quote = i.statements[0].id;
        let decision = i.statements[1].id;
        let off = i.statements[2].id;
        s.interviews.push(i);
        s.decision_points.push(DecisionPoint {
            title: "Message P2 instead of paging".into(),
            who: vec![pid],
            statements: vec![decision],
            aspects: vec![Aspect {
                kind: AspectKind::Goals,
                text: "Not waking a team for a graph that looks odd".into(),
                evidence: vec![quote, off],
            }],
            ..Default::default()
        });
        for (kind, text) in [
            (FindingKind::Contributor, "Gateway retries had no jitter"),
            (
                FindingKind::WentWell,
                "A quiet channel got the right expert",
            ),
            (FindingKind::Difficulty, "Half in a meeting"),
            (FindingKind::OpenQuestion, "Who owns the retry flag?"),
        ] {
            s.findings.push(Finding {
                kind,
                text: text.into(),
                evidence: vec![quote],
                ..Default::default()
            });
        }
        s.follow_ups.push(FollowUp {
            text: "Runbook entry for slow-but-up".into(),
            class: FollowUpClass::ResponseRecovery,
            ..Default::default()
        });
        s.follow_ups.push(FollowUp {
            text: "Add jitter".into(),
            class: FollowUpClass::Prevention,
            ..Default::default()
        });
        s
    }

    #[test]
    fn draft_assembles_every_standard_section_from_the_session() {
        let s = sample();
        let plan = draft_from_session(&s);
        assert_eq!(plan.added, STANDARD.len());
        let mut doc = Document::new(s);
        doc.apply(plan.command.expect("changes")).expect("applies");
        let s = doc.session();
        let kinds: Vec<&str> = s
            .narrative
            .sections
            .iter()
            .map(|x| x.kind.as_str())
            .collect();
        let expected: Vec<&str> = STANDARD.iter().map(|x| x.kind).collect();
        assert_eq!(kinds, expected);
        let body = |k: &str| {
            s.narrative
                .sections
                .iter()
                .find(|x| x.kind == k)
                .map(|x| x.body.clone())
                .unwrap_or_default()
        };
        let quote = s.interviews[0].statements[0].id;
        assert!(body("story").contains("Message P2 instead of paging"));
        assert!(body("story").contains("*Goals and goal conflicts:*"));
        assert!(body("story").contains(&footnote_ref(quote)));
        assert!(body("contributors").contains("Gateway retries had no jitter"));
        assert!(body("contributors").contains("none of them is a person"));
        assert!(body("went-well").contains("quiet channel"));
        assert!(body("hard").contains("Half in a meeting"));
        assert!(body("themes").contains("Who owns the retry flag?"));
        assert!(body("normal-work").contains("Retries back off."));
        let fu = body("follow-ups");
        let rr = fu.find("### Response and recovery").expect("rr");
        let pv = fu.find("### Prevention").expect("prevention");
        assert!(rr < fu.find("Runbook entry").expect("rb") && fu.find("Runbook").unwrap_or(0) < pv);
        assert!(fu.find("Add jitter").expect("jitter") > pv);
        let appendix = body("appendix");
        assert!(appendix.contains("| P1 | SRE |"));
        assert!(appendix.contains("### Method"));
        // Never real names, never off-the-record words, in any generated text.
        for sec in &s.narrative.sections {
            assert!(!sec.body.contains("Ana"), "{}", sec.body);
            assert!(!sec.body.contains("vendor"));
            assert!(!is_hand_edited(sec));
        }
        // No map in the session: that section is drafted but left out of the export.
        let wai = s.narrative.sections.iter().find(|x| x.kind == "wai-wad");
        assert!(wai.is_some_and(|x| !x.included));
    }

    #[test]
    fn regenerating_keeps_hand_edited_text() {
        let s = sample();
        let mut doc = Document::new(s);
        let plan = draft_from_session(doc.session());
        doc.apply(plan.command.expect("changes")).expect("applies");
        // Edit the summary by hand; change the session so other sections go stale.
        let mut summary = doc.session().narrative.sections[0].clone();
        summary.body.push_str("\n\nOur own words.");
        doc.apply(Command::Section(Edit::put(summary.clone())))
            .expect("edit");
        let mut f = doc.session().findings[0].clone();
        f.text = "Retries without jitter".into();
        doc.apply(Command::Finding(Edit::put(f))).expect("edit");
        let plan = draft_from_session(doc.session());
        assert_eq!(plan.added, 0);
        assert_eq!(plan.kept_edited, vec![(summary.id, "Summary".to_owned())]);
        assert!(plan.refreshed >= 1);
        assert!(plan.describe().contains("kept as you edited"));
        doc.apply(plan.command.expect("changes")).expect("applies");
        let s = doc.session();
        assert!(s.narrative.sections[0].body.ends_with("Our own words."));
        let contributors = s
            .narrative
            .sections
            .iter()
            .find(|x| x.kind == "contributors")
            .expect("there");
        assert!(contributors.body.contains("Retries without jitter"));
        // Explicit regenerate replaces (the UI asks first).
        let cmd = regenerate(s, &s.narrative.sections[0]).expect("standard");
        doc.apply(cmd).expect("applies");
        assert!(
            !doc.session().narrative.sections[0]
                .body
                .contains("Our own words")
        );
    }

    #[test]
    fn footnotes_resolve_to_statements_and_broken_claims_are_listed() {
        let s = sample();
        let i = &s.interviews[0];
        let quote = i.statements[0].id;
        let off = i.statements[2].id;
        let label = footnote_label(quote);
        assert_eq!(label.len(), 10);
        match resolve(&s, &label) {
            Evidence::Found { statement, .. } => assert_eq!(statement.id, quote),
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve(&s, &footnote_label(off)), Evidence::OffRecord);
        assert_eq!(resolve(&s, "s-00000000"), Evidence::Missing);
        assert_eq!(resolve(&s, "s-1"), Evidence::Missing);
        let index = EvidenceIndex::new(&s);
        for l in [
            label.clone(),
            footnote_label(off),
            "s-00000000".to_owned(),
            "s-zz".to_owned(),
            format!("s-{}", quote.0.simple()),
        ] {
            assert_eq!(index.resolve(&l), resolve(&s, &l), "{l}");
        }
        assert!(matches!(index.resolve(&label), Evidence::Found { .. }));

        let body = format!(
            "It was smooth.{}\nThe vendor.{}\n\nGone.[^s-deadbeef]\n\n{}: a definition",
            footnote_ref(quote),
            footnote_ref(off),
            footnote_ref(quote)
        );
        let refs = footnote_refs(&body);
        assert_eq!(refs.len(), 3, "{refs:?}");
        assert_eq!(refs[1].line, 2);
        let sections = vec![NarrativeSection {
            title: "Story".into(),
            body,
            included: true,
            ..Default::default()
        }];
        let broken = broken_claims(&s, &sections);
        assert_eq!(broken.len(), 2);
        assert!(!broken[0].deleted);
        assert_eq!(broken[1].label, "s-deadbeef");
        assert!(broken[1].deleted);
        assert_eq!(broken[1].claim, "Gone.[^s-deadbeef]");

        let text = evidence_text(&s, i, &i.statements[0]);
        assert_eq!(text, "P1, First sweep, at 00:00: “Busy is smooth.”");
        let text = evidence_text(&s, i, &i.statements[1]);
        assert!(text.contains("Decision (facilitator's notes): Did not page yet."));
    }

    #[test]
    fn story_falls_back_to_accounts_without_a_timeline() {
        let mut s = sample();
        s.decision_points.clear();
        let body = draft_body(&s, "story");
        assert!(body.contains("**As P1 (SRE) tells it:**"), "{body}");
        assert!(body.contains("- “Busy is smooth.”"));
        assert!(body.contains("- Decided: Did not page yet."));
        assert!(!body.contains("vendor"));
    }

    #[test]
    fn drafts_pass_the_language_check() {
        let mut s = sample();
        for kind in SessionKind::ALL {
            s.kind = kind;
            for std in STANDARD {
                let body = draft_body(&s, std.kind);
                let open: Vec<_> = crate::model::lint::check(&body)
                    .into_iter()
                    .filter(|f| !f.exempt)
                    .collect();
                assert!(open.is_empty(), "{}: {open:?}", std.kind);
            }
        }
    }
}
