//! Chat exports into the timeline: each message becomes a timeline event from the chat
//! perspective, attributed to the participant who wrote it.
//!
//! Authors are matched to participants through their names (handle, display name,
//! real name, e-mail); the names learnt are kept as the participant's other names, so
//! the next import matches them and redaction replaces them. A matched message's
//! description is its words only: who wrote it is the event's attribution, never a
//! handle in the text. Reading a particular tool's export is elsewhere ([`super::slack`]).

use super::command::{Command, Edit};
use super::id::Id;
use super::session::{EventTime, Perspective, Session, TimelineEvent, Timestamp};
use super::speakers::{self, Found, Known, Matcher};
use serde::{Deserialize, Serialize};

/// A chat export read from files: messages, their authors, and what could not be read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatExport {
    /// Where it came from, in words ("Slack export: 3 files, #incident-checkout").
    pub source: String,
    /// Messages in time order.
    pub messages: Vec<ChatMessage>,
    /// Everyone who wrote a message or was mentioned, in order of appearance.
    pub authors: Vec<Author>,
    /// Messages or files that could not be read, and why.
    pub problems: Vec<ChatProblem>,
    /// Messages left out on purpose (joins, leaves, topic changes).
    pub skipped: usize,
}

/// One message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatMessage {
    /// When it was posted (`None` when the export's time cannot be read).
    pub at: Option<Timestamp>,
    /// Who wrote it (index into [`ChatExport::authors`]), when known.
    pub author: Option<usize>,
    /// The words, with mentions and links written out.
    pub text: String,
}

/// Someone who wrote in the chat.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// The tool's id for them (a Slack user id), or their name when there is none.
    pub key: String,
    /// Every name they go by, best for people first: real name, display name, handle,
    /// e-mail address.
    pub names: Vec<String>,
    /// Their job title, where the export has one.
    pub title: String,
    /// A bot or integration rather than a person.
    pub bot: bool,
    /// Messages they wrote (none for people only mentioned).
    pub messages: usize,
}

impl Author {
    /// The name to show for them.
    pub fn label(&self) -> &str {
        self.names.first().map_or(self.key.as_str(), String::as_str)
    }
}

/// Something in the export that could not be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatProblem {
    /// Where: a file, and a message in it.
    pub place: String,
    /// What is wrong and what was done, in words.
    pub reason: String,
}

/// What an author is taken to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorChoice {
    /// This participant.
    Participant(Id),
    /// A new participant made from their names (kept in the file only).
    NewParticipant,
    /// Not a participant (a bot, a facilitator, someone outside the review): the name
    /// stays in the description as written.
    KeepName,
}

/// The choice the session's names suggest for each author: a matched participant; a
/// new participant for other people (so no one's name reaches an export by default);
/// bots and facilitators keep their names.
pub fn suggested_choices(export: &ChatExport, session: &Session) -> Vec<AuthorChoice> {
    let matcher = Matcher::new(session);
    export
        .authors
        .iter()
        .map(|a| {
            let names: Vec<&str> = a.names.iter().map(String::as_str).collect();
            match matcher.find_any(&names) {
                Found::One(Known::Participant(id)) => AuthorChoice::Participant(id),
                Found::One(Known::Facilitator(_)) => AuthorChoice::KeepName,
                _ if a.bot => AuthorChoice::KeepName,
                _ => AuthorChoice::NewParticipant,
            }
        })
        .collect()
}

/// A chat export ready to go into the session.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatImported {
    /// The change, as one undo step.
    pub command: Command,
    /// Events made.
    pub events: usize,
    /// Of those, attributed to a participant.
    pub attributed: usize,
    /// Participants made.
    pub new_participants: usize,
}

/// Builds the import of `export` with a choice per author (authors without one are
/// new participants). `None` when there are no messages.
pub fn build(
    session: &Session,
    export: &ChatExport,
    choices: &[AuthorChoice],
) -> Option<ChatImported> {
    if export.messages.is_empty() {
        return None;
    }
    let choice = |k: usize| {
        choices
            .get(k)
            .copied()
            .unwrap_or(AuthorChoice::NewParticipant)
    };
    let mut commands = Vec::new();
    // Who each author is in the session, once it is changed.
    let mut who: Vec<Option<Id>> = vec![None; export.authors.len()];
    let new_count = (0..export.authors.len())
        .filter(|k| choice(*k) == AuthorChoice::NewParticipant)
        .count();
    let mut pseudonyms = speakers::fresh_pseudonyms(session, new_count).into_iter();
    let mut learnt: Vec<(Id, Vec<&str>)> = Vec::new();
    for (k, a) in export.authors.iter().enumerate() {
        let names: Vec<&str> = a.names.iter().map(String::as_str).collect();
        match choice(k) {
            AuthorChoice::Participant(id) => {
                who[k] = Some(id);
                match learnt.iter_mut().find(|(p, _)| *p == id) {
                    Some((_, n)) => n.extend(names),
                    None => learnt.push((id, names)),
                }
            }
            AuthorChoice::NewParticipant => {
                let pseudonym = pseudonyms.next().unwrap_or_default();
                let mut p = speakers::new_participant(pseudonym, &names);
                p.role = a.title.trim().to_owned();
                who[k] = Some(p.id);
                commands.push(Command::Participant(Edit::put(p)));
            }
            AuthorChoice::KeepName => {}
        }
    }
    for (id, names) in learnt {
        if let Some(changed) = session
            .participant(id)
            .and_then(|p| speakers::with_other_names(p, &names))
        {
            commands.push(Command::Participant(Edit::put(changed)));
        }
    }
    let mut attributed = 0;
    for m in &export.messages {
        let author = m.author.and_then(|k| export.authors.get(k).map(|a| (k, a)));
        let (description, attributed_to) = match author {
            Some((k, _)) if who[k].is_some() => (m.text.clone(), who[k]),
            Some((_, a)) => (format!("{}: {}", a.label(), m.text), None),
            None => (m.text.clone(), None),
        };
        attributed += usize::from(attributed_to.is_some());
        commands.push(Command::TimelineEvent(Edit::put(TimelineEvent {
            id: Id::new(),
            time: m.at.map_or(EventTime::Unknown, EventTime::Exact),
            description,
            perspective: Perspective::Chat,
            attributed_to,
            ..TimelineEvent::default()
        })));
    }
    Some(ChatImported {
        command: Command::Batch {
            label: format!("Import {} chat messages", export.messages.len()),
            commands,
        },
        events: export.messages.len(),
        attributed,
        new_participants: new_count,
    })
}

/// How a timeline event reads with its author: "P1: words" for a chat message
/// attributed to a participant, else the description as it is.
pub fn attributed_description<'a>(
    session: &Session,
    e: &'a TimelineEvent,
) -> std::borrow::Cow<'a, str> {
    match e.attributed_to.and_then(|id| session.participant(id)) {
        Some(p) => format!("{}: {}", p.pseudonym, e.description).into(),
        None => e.description.as_str().into(),
    }
}
