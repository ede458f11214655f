//! A transcript becomes an interview: speakers are matched to the participant and the
//! facilitators, consecutive cues by one speaker join into one statement timed from
//! its first cue, and each statement's type is guessed as in live capture.
//!
//! The whole import is one [`Command`] (one undo step): a new participant if one was
//! made, other names learnt for an existing one, facilitators added to the session's
//! list, and the interview with its statements.

use super::Transcript;
use crate::model::command::{Command, Edit, Overview};
use crate::model::id::Id;
use crate::model::probes::infer_kind;
use crate::model::session::{Interview, Session, Speaker, Statement};
use crate::model::speakers::{self, Found, Known, Matcher};

/// What a speaker of the transcript is taken to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Not decided yet: the import waits for an answer.
    Unknown,
    /// This participant: the person interviewed.
    Participant(Id),
    /// A new participant, made from this speaker's name: the person interviewed.
    NewParticipant,
    /// A facilitator.
    Facilitator,
}

/// One speaker of a transcript and what the session's names make of them.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeakerRow {
    /// The name as written in the file; `None` for cues that name nobody.
    pub label: Option<String>,
    /// How many cues they have.
    pub cues: usize,
    /// What the name matched.
    pub found: Found,
    /// The role it gives (unknown when nothing or several people matched).
    pub role: Role,
}

/// The speakers of a transcript, in order of first appearance, with the roles the
/// session's names give them.
pub fn speaker_rows(t: &Transcript, session: &Session) -> Vec<SpeakerRow> {
    let matcher = Matcher::new(session);
    t.speakers()
        .into_iter()
        .map(|(label, cues)| {
            let found = label.map_or(Found::None, |l| matcher.find(l));
            let role = match found {
                Found::One(Known::Participant(id)) => Role::Participant(id),
                Found::One(Known::Facilitator(_)) => Role::Facilitator,
                Found::None | Found::Ambiguous => Role::Unknown,
            };
            SpeakerRow {
                label: label.map(str::to_owned),
                cues,
                found,
                role,
            }
        })
        .collect()
}

/// How to name what the import makes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The interview's title (default: "Interview with P1", as when starting one).
    pub title: Option<String>,
    /// The pseudonym of a new participant (default: the next free P<n>).
    pub new_pseudonym: Option<String>,
}

/// A transcript ready to go into the session.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The change, as one undo step.
    pub command: Command,
    /// The new interview.
    pub interview: Id,
    /// The participant interviewed.
    pub participant: Id,
    /// Their pseudonym.
    pub pseudonym: String,
    /// Whether the participant is new.
    pub new_participant: bool,
    /// Statements made.
    pub statements: usize,
    /// Statements said by facilitators.
    pub facilitator_statements: usize,
    /// The interview's length in seconds.
    pub duration_secs: u32,
}

/// Why a transcript cannot be imported with the roles given.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// Speakers nobody has said anything about.
    #[error("{} not known in this session: {}. Say who each one is (a participant or a facilitator).", if .0.len() == 1 { "One speaker is" } else { "Some speakers are" }, .0.join(", "))]
    Unknown(Vec<String>),
    /// Speakers given to different participants.
    #[error("An interview is with one participant, but the speakers are given to {}. Make the others facilitators, or import separate transcripts.", .0.join(" and "))]
    SeveralParticipants(Vec<String>),
    /// Nobody is the participant.
    #[error("No speaker is a participant: say which speaker is the person interviewed.")]
    NoParticipant,
}

/// How a speaker without a name is shown.
pub const UNNAMED: &str = "(cues with no speaker name)";

/// Shows a speaker label, or [`UNNAMED`].
pub fn label_text(label: Option<&str>) -> &str {
    label.unwrap_or(UNNAMED)
}

/// Builds the import of `t` into `session` with a role for each speaker (speakers not
/// in `roles` count as unknown).
pub fn build(
    session: &Session,
    t: &Transcript,
    roles: &[(Option<String>, Role)],
    options: &Options,
) -> Result<Imported, PlanError> {
    let role_of = |label: &Option<String>| {
        roles
            .iter()
            .find(|(l, _)| l == label)
            .map_or(&Role::Unknown, |(_, r)| r)
    };
    let speakers = t.speakers();
    check(session, &speakers, roles, options)?;
    let mut existing: Vec<Id> = Vec::new();
    let mut new_labels: Vec<&str> = Vec::new();
    let mut any_new = false;
    for (label, _) in &speakers {
        match role_of(&label.map(str::to_owned)) {
            Role::Participant(id) if !existing.contains(id) => existing.push(*id),
            Role::NewParticipant => {
                any_new = true;
                new_labels.extend(*label);
            }
            _ => {}
        }
    }
    let new_pseudonym = new_pseudonym(session, options);
    let mut commands = Vec::new();
    let (participant, pseudonym) = if any_new {
        let p = speakers::new_participant(new_pseudonym, &new_labels);
        let out = (p.id, p.pseudonym.clone());
        commands.push(Command::Participant(Edit::put(p)));
        out
    } else {
        let id = *existing.first().ok_or(PlanError::NoParticipant)?;
        let Some(p) = session.participant(id) else {
            return Err(PlanError::NoParticipant);
        };
        // The names they go by in this file: matched next time, redacted on export.
        let labels: Vec<&str> = speakers
            .iter()
            .filter(|(l, _)| *role_of(&l.map(str::to_owned)) == Role::Participant(id))
            .filter_map(|(l, _)| *l)
            .collect();
        if let Some(changed) = speakers::with_other_names(p, &labels) {
            commands.push(Command::Participant(Edit::put(changed)));
        }
        (id, p.pseudonym.clone())
    };
    // Facilitators named in the file join the session's list.
    let matcher = Matcher::new(session);
    let mut facilitator_names: Vec<String> = Vec::new();
    let mut overview = Overview::of(session);
    for (label, _) in &speakers {
        if *role_of(&label.map(str::to_owned)) != Role::Facilitator {
            continue;
        }
        let Some(l) = label else { continue };
        match matcher.find(l) {
            Found::One(Known::Facilitator(k)) => {
                facilitator_names.extend(session.facilitators.get(k).cloned())
            }
            _ => {
                overview.facilitators.push(l.trim().to_owned());
                facilitator_names.push(l.trim().to_owned());
            }
        }
    }
    if overview.facilitators != session.facilitators {
        commands.push(Command::SetOverview(overview));
    }
    let statements = statements(t, |label| match role_of(label) {
        Role::Facilitator => Speaker::Facilitator,
        _ => Speaker::Interviewee,
    });
    let n = session
        .interviews
        .iter()
        .filter(|i| i.participant == participant)
        .count();
    let title = options
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            if n == 0 {
                format!("Interview with {pseudonym}")
            } else {
                format!("Interview {} with {pseudonym}", n + 1)
            }
        });
    let duration_secs = secs(t.length_ms());
    let facilitator_statements = statements
        .iter()
        .filter(|s| s.speaker == Speaker::Facilitator)
        .count();
    let interview = Interview {
        participant,
        title,
        facilitator: facilitator_names
            .first()
            .or(session.facilitators.first())
            .cloned()
            .unwrap_or_default(),
        duration_secs,
        statements,
        ..Interview::default()
    };
    let count = interview.statements.len();
    let id = interview.id;
    commands.push(Command::Interview(Edit::put(interview)));
    Ok(Imported {
        command: Command::Batch {
            label: format!("Import transcript ({count} statements)"),
            commands,
        },
        interview: id,
        participant,
        pseudonym,
        new_participant: any_new,
        statements: count,
        facilitator_statements,
        duration_secs,
    })
}

/// The pseudonym a new participant gets.
fn new_pseudonym(session: &Session, options: &Options) -> String {
    options
        .new_pseudonym
        .clone()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| {
            speakers::fresh_pseudonyms(session, 1)
                .pop()
                .unwrap_or_default()
        })
}

/// Checks the roles without building anything (cheap enough for every frame): every
/// speaker (label, cues) has a role, and exactly one participant is interviewed.
pub fn check(
    session: &Session,
    speakers: &[(Option<&str>, usize)],
    roles: &[(Option<String>, Role)],
    options: &Options,
) -> Result<(), PlanError> {
    let role_of = |label: Option<&str>| {
        roles
            .iter()
            .find(|(l, _)| l.as_deref() == label)
            .map_or(&Role::Unknown, |(_, r)| r)
    };
    let unknown: Vec<String> = speakers
        .iter()
        .filter(|(l, _)| *role_of(*l) == Role::Unknown)
        .map(|(l, n)| format!("“{}” ({n} cues)", label_text(*l)))
        .collect();
    if !unknown.is_empty() {
        return Err(PlanError::Unknown(unknown));
    }
    let mut existing: Vec<Id> = Vec::new();
    let mut any_new = false;
    for (label, _) in speakers {
        match role_of(*label) {
            Role::Participant(id) if !existing.contains(id) => existing.push(*id),
            Role::NewParticipant => any_new = true,
            _ => {}
        }
    }
    if existing.len() + usize::from(any_new) > 1 {
        let mut names: Vec<String> = existing
            .iter()
            .map(|id| session.pseudonym(*id).to_owned())
            .collect();
        if any_new {
            names.push(format!(
                "a new participant ({})",
                new_pseudonym(session, options)
            ));
        }
        return Err(PlanError::SeveralParticipants(names));
    }
    if existing.is_empty() && !any_new {
        return Err(PlanError::NoParticipant);
    }
    Ok(())
}

/// Joins consecutive cues by one speaker into statements timed from their first cue.
/// Cues with no speaker name are joined only until a sentence ends (subtitles cut
/// sentences into cues; a whole file without names must not become one statement).
fn statements(t: &Transcript, speaker: impl Fn(&Option<String>) -> Speaker) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    let mut last: Option<&Option<String>> = None;
    for cue in &t.cues {
        let same = last == Some(&cue.speaker);
        let open = match out.last() {
            Some(s) => cue.speaker.is_some() || !s.text.ends_with(['.', '?', '!', '…']),
            None => false,
        };
        match out.last_mut() {
            Some(s) if same && open => {
                s.text.push(' ');
                s.text.push_str(&cue.text);
            }
            _ => out.push(Statement {
                id: Id::new(),
                at_secs: secs(cue.start_ms),
                speaker: speaker(&cue.speaker),
                text: cue.text.clone(),
                ..Statement::default()
            }),
        }
        last = Some(&cue.speaker);
    }
    for s in &mut out {
        s.kind = infer_kind(&s.text, s.speaker);
    }
    out
}

fn secs(ms: u64) -> u32 {
    u32::try_from(ms / 1000).unwrap_or(u32::MAX)
}

/// One line saying what an import did, for the command line and notices.
pub fn summary(name: &str, i: &Imported, t: &Transcript) -> String {
    format!(
        "Imported {name} as an interview with {}{}: {} statements ({} by facilitators) from {} cues, {} long, read as {}{}.",
        i.pseudonym,
        if i.new_participant {
            " (new participant)"
        } else {
            ""
        },
        i.statements,
        i.facilitator_statements,
        t.cues.len(),
        crate::model::validate::fmt_secs(i.duration_secs),
        t.format.label(),
        match t.problems.len() {
            0 => String::new(),
            1 => "; 1 line to check".to_owned(),
            n => format!("; {n} lines to check"),
        }
    )
}
