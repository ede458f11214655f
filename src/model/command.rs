//! Every change to a session is a [`Command`]. Applying one returns its inverse,
//! which is what undo applies. The UI only ever emits commands; it never mutates
//! the session itself.

use super::id::{Entity, Id};
use super::session::*;
use thiserror::Error;

/// A change to one collection: put (insert or replace by id), remove, or move.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Edit<T> {
    /// Insert `item` (at `index`, or at the end), or replace the entity with its id.
    Put {
        /// The new or changed entity.
        item: T,
        /// Where to insert a new entity; ignored when replacing.
        index: Option<usize>,
    },
    /// Remove the entity with this id.
    Remove {
        /// Which one.
        id: Id,
    },
    /// Move the entity with this id to a new position.
    Move {
        /// Which one.
        id: Id,
        /// The new index (clamped).
        to: usize,
    },
}

impl<T: Entity> Edit<T> {
    /// Insert at the end, or replace by id.
    pub fn put(item: T) -> Self {
        Self::Put { item, index: None }
    }

    /// Remove by id.
    pub fn remove(id: Id) -> Self {
        Self::Remove { id }
    }

    /// The id this edit touches.
    pub fn target(&self) -> Id {
        match self {
            Self::Put { item, .. } => item.id(),
            Self::Remove { id } | Self::Move { id, .. } => *id,
        }
    }

    fn verb(&self) -> &'static str {
        match self {
            Self::Put { .. } => "Edit",
            Self::Remove { .. } => "Remove",
            Self::Move { .. } => "Move",
        }
    }

    /// Applies the edit to a collection and returns its inverse.
    pub fn apply(self, items: &mut Vec<T>) -> Result<Edit<T>, CommandError> {
        match self {
            Edit::Put { item, index } => {
                let id = item.id();
                if let Some(pos) = items.iter().position(|x| x.id() == id) {
                    let old = std::mem::replace(&mut items[pos], item);
                    Ok(Edit::Put {
                        item: old,
                        index: Some(pos),
                    })
                } else {
                    let at = index.unwrap_or(items.len()).min(items.len());
                    items.insert(at, item);
                    Ok(Edit::Remove { id })
                }
            }
            Edit::Remove { id } => {
                let pos = items
                    .iter()
                    .position(|x| x.id() == id)
                    .ok_or(CommandError::NotFound(id))?;
                let old = items.remove(pos);
                Ok(Edit::Put {
                    item: old,
                    index: Some(pos),
                })
            }
            Edit::Move { id, to } => {
                let pos = items
                    .iter()
                    .position(|x| x.id() == id)
                    .ok_or(CommandError::NotFound(id))?;
                let item = items.remove(pos);
                let to = to.min(items.len());
                items.insert(to, item);
                Ok(Edit::Move { id, to: pos })
            }
        }
    }
}

/// The session-level fields shown on the Overview.
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize)]
pub struct Overview {
    /// Title.
    pub title: String,
    /// Kind of study.
    pub kind: SessionKind,
    /// Why we are looking at this.
    pub purpose: String,
    /// Facilitators.
    pub facilitators: Vec<String>,
}

impl Overview {
    /// The overview fields of a session.
    pub fn of(s: &Session) -> Self {
        Self {
            title: s.title.clone(),
            kind: s.kind,
            purpose: s.purpose.clone(),
            facilitators: s.facilitators.clone(),
        }
    }
}

/// The fields of an interview other than its statements and asked questions: what
/// the capture screen, the timer and the interview's form change. Changing them with
/// [`Command::InterviewHeader`] keeps only these as the inverse, never a copy of every
/// statement (undo memory stays linear in the statements captured).
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize)]
pub struct InterviewHeader {
    /// Which interview.
    pub id: Id,
    /// The participant interviewed.
    pub participant: Id,
    /// Short title.
    pub title: String,
    /// Who facilitated.
    pub facilitator: String,
    /// The guide used, if any.
    pub guide: Option<Id>,
    /// When the interview started.
    pub started: Option<Timestamp>,
    /// Length so far, in seconds.
    pub duration_secs: u32,
    /// Summary written after the interview.
    pub summary: String,
    /// Things to follow up with this participant.
    pub participant_follow_ups: String,
    /// Whether the participant has reviewed their quotes.
    pub calibration: Calibration,
    /// When their account was sent to them to check.
    pub calibration_sent: Option<chrono::NaiveDate>,
    /// When they answered.
    pub calibration_checked: Option<chrono::NaiveDate>,
    /// Dismissed question-check findings (statement ids).
    pub coach_dismissed: Vec<Id>,
}

impl InterviewHeader {
    /// The header fields of an interview.
    pub fn of(i: &Interview) -> Self {
        Self {
            id: i.id,
            participant: i.participant,
            title: i.title.clone(),
            facilitator: i.facilitator.clone(),
            guide: i.guide,
            started: i.started,
            duration_secs: i.duration_secs,
            summary: i.summary.clone(),
            participant_follow_ups: i.participant_follow_ups.clone(),
            calibration: i.calibration,
            calibration_sent: i.calibration_sent,
            calibration_checked: i.calibration_checked,
            coach_dismissed: i.coach_dismissed.clone(),
        }
    }

    /// Writes these fields into `i` (its statements and asked questions stay) and
    /// returns the ones it had.
    fn swap_into(self, i: &mut Interview) -> Self {
        let old = Self::of(i);
        i.participant = self.participant;
        i.title = self.title;
        i.facilitator = self.facilitator;
        i.guide = self.guide;
        i.started = self.started;
        i.duration_secs = self.duration_secs;
        i.summary = self.summary;
        i.participant_follow_ups = self.participant_follow_ups;
        i.calibration = self.calibration;
        i.calibration_sent = self.calibration_sent;
        i.calibration_checked = self.calibration_checked;
        i.coach_dismissed = self.coach_dismissed;
        old
    }
}

/// A change to the session. Applying it gives back the inverse command.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Command {
    /// Title, kind, purpose, facilitators.
    SetOverview(Overview),
    /// Participants.
    Participant(Edit<Participant>),
    /// Interviews (whole interviews: adding, removing, ordering; statements, asked
    /// questions and the other fields have their own commands).
    Interview(Edit<Interview>),
    /// The fields of one interview other than its statements and asked questions
    /// (title, timer, summary, calibration, …).
    InterviewHeader(InterviewHeader),
    /// Statements of one interview.
    Statement {
        /// The interview.
        interview: Id,
        /// The edit.
        edit: Edit<Statement>,
    },
    /// Asked/skipped questions of one interview.
    Asked {
        /// The interview.
        interview: Id,
        /// The edit.
        edit: Edit<AskedQuestion>,
    },
    /// Timeline events.
    TimelineEvent(Edit<TimelineEvent>),
    /// Decision points.
    DecisionPoint(Edit<DecisionPoint>),
    /// Codebook.
    Code(Edit<Code>),
    /// Applied tags.
    Tag(Edit<TagApplication>),
    /// Themes.
    Theme(Edit<Theme>),
    /// Findings (contributors, went well, …).
    Finding(Edit<Finding>),
    /// Follow-ups in the parking lot.
    FollowUp(Edit<FollowUp>),
    /// Work maps (whole maps).
    Map(Edit<WorkMap>),
    /// Write-up sections.
    Section(Edit<NarrativeSection>),
    /// Acknowledged language findings (replaced as a whole).
    SetLintAcks(Vec<LintAck>),
    /// The session's own guides.
    Guide(Edit<Guide>),
    /// Open merge conflicts (resolving one removes it).
    Conflict(Edit<super::conflict::Conflict>),
    /// The tombstones of deleted entities, replaced as a whole (recorded with each
    /// deletion; see `model::merge::tombstones`).
    SetDeleted(Vec<super::conflict::Tombstone>),
    /// The whole session at once: merging a colleague's copy is one undo step.
    ReplaceSession {
        /// What the user did, for the undo menu.
        label: String,
        /// The session that replaces the open one.
        session: Box<Session>,
    },
    /// Several commands as one undo step.
    Batch {
        /// What the user did, for the undo menu.
        label: String,
        /// The commands, applied in order.
        commands: Vec<Command>,
    },
    /// Steps of one work map (element-level map edits).
    MapNode {
        /// The map.
        map: Id,
        /// The edit.
        edit: Edit<MapNode>,
    },
    /// Sequence arrows of one work map.
    MapEdge {
        /// The map.
        map: Id,
        /// The edit.
        edit: Edit<MapEdge>,
    },
    /// Cross-lane links (and their gap notes) of one work map.
    MapLink {
        /// The map.
        map: Id,
        /// The edit.
        edit: Edit<MapLink>,
    },
}

/// A command could not be applied (the session is left unchanged).
#[derive(Debug, Clone, Error, PartialEq)]
pub enum CommandError {
    /// The entity to change is not there (any more).
    #[error("That item no longer exists (id {0}).")]
    NotFound(Id),
}

impl Command {
    /// A short label for the undo/redo menu.
    pub fn label(&self) -> String {
        fn l<T: Entity>(e: &Edit<T>, noun: &str) -> String {
            match e {
                Edit::Put { index: Some(_), .. } | Edit::Put { index: None, .. } => {
                    format!("{} {noun}", e.verb())
                }
                _ => format!("{} {noun}", e.verb()),
            }
        }
        match self {
            Self::SetOverview(_) => "Edit overview".to_owned(),
            Self::Participant(e) => l(e, "participant"),
            Self::Interview(e) => l(e, "interview"),
            Self::InterviewHeader(_) => "Edit interview".to_owned(),
            Self::Statement { edit, .. } => l(edit, "statement"),
            Self::Asked { edit, .. } => l(edit, "asked question"),
            Self::TimelineEvent(e) => l(e, "timeline event"),
            Self::DecisionPoint(e) => l(e, "decision point"),
            Self::Code(e) => l(e, "code"),
            Self::Tag(e) => l(e, "tag"),
            Self::Theme(e) => l(e, "theme"),
            Self::Finding(e) => l(e, "finding"),
            Self::FollowUp(e) => l(e, "follow-up"),
            Self::Map(e) => l(e, "map"),
            Self::Section(e) => l(e, "write-up section"),
            Self::SetLintAcks(_) => "Acknowledge language finding".to_owned(),
            Self::Guide(e) => l(e, "guide"),
            Self::Conflict(e) => l(e, "merge conflict"),
            Self::SetDeleted(_) => "Record deletions".to_owned(),
            Self::ReplaceSession { label, .. } => label.clone(),
            Self::Batch { label, .. } => label.clone(),
            Self::MapNode { edit, .. } => l(edit, "map step"),
            Self::MapEdge { edit, .. } => l(edit, "map arrow"),
            Self::MapLink { edit, .. } => l(edit, "map link"),
        }
    }

    /// Whether the command changes only the write-up (its sections or acknowledged
    /// language findings): evidence, people and everything else stay as they were, so
    /// data derived from them (evidence lookups) stays valid.
    pub fn only_write_up(&self) -> bool {
        match self {
            Self::Section(_) | Self::SetLintAcks(_) => true,
            // Neither is read by evidence lookups.
            Self::Conflict(_) | Self::SetDeleted(_) => true,
            Self::Batch { commands, .. } => commands.iter().all(Self::only_write_up),
            _ => false,
        }
    }

    /// The write-up sections whose content this command sets (put), for caches kept
    /// per section.
    pub fn sections_put(&self, out: &mut Vec<Id>) {
        match self {
            Self::Section(Edit::Put { item, .. }) => out.push(item.id),
            Self::ReplaceSession { session, .. } => {
                out.extend(session.narrative.sections.iter().map(|s| s.id))
            }
            Self::Batch { commands, .. } => commands.iter().for_each(|c| c.sections_put(out)),
            _ => {}
        }
    }

    /// What a run of typing into the same field shares, so that it becomes one undo
    /// step: the kind of command and the entity it touches.
    pub fn merge_key(&self) -> Option<(std::mem::Discriminant<Command>, Id)> {
        let id = match self {
            Self::SetOverview(_) => Id::NIL,
            Self::Participant(Edit::Put { item, .. }) => item.id,
            Self::Interview(Edit::Put { item, .. }) => item.id,
            Self::InterviewHeader(h) => h.id,
            Self::Statement {
                edit: Edit::Put { item, .. },
                ..
            } => item.id,
            Self::TimelineEvent(Edit::Put { item, .. }) => item.id,
            Self::DecisionPoint(Edit::Put { item, .. }) => item.id,
            Self::Code(Edit::Put { item, .. }) => item.id,
            Self::Theme(Edit::Put { item, .. }) => item.id,
            Self::Finding(Edit::Put { item, .. }) => item.id,
            Self::FollowUp(Edit::Put { item, .. }) => item.id,
            Self::Map(Edit::Put { item, .. }) => item.id,
            Self::Section(Edit::Put { item, .. }) => item.id,
            Self::Guide(Edit::Put { item, .. }) => item.id,
            Self::MapNode {
                edit: Edit::Put { item, .. },
                ..
            } => item.id,
            Self::MapEdge {
                edit: Edit::Put { item, .. },
                ..
            } => item.id,
            Self::MapLink {
                edit: Edit::Put { item, .. },
                ..
            } => item.id,
            _ => return None,
        };
        Some((std::mem::discriminant(self), id))
    }

    /// Applies the command to the session and returns its inverse. On error the
    /// session is unchanged.
    pub fn apply(self, s: &mut Session) -> Result<Command, CommandError> {
        Ok(match self {
            Self::SetOverview(o) => {
                let old = Overview::of(s);
                s.title = o.title;
                s.kind = o.kind;
                s.purpose = o.purpose;
                s.facilitators = o.facilitators;
                Self::SetOverview(old)
            }
            Self::Participant(e) => Self::Participant(e.apply(&mut s.participants)?),
            Self::Interview(e) => Self::Interview(e.apply(&mut s.interviews)?),
            Self::InterviewHeader(h) => {
                let i = find_mut(&mut s.interviews, h.id)?;
                Self::InterviewHeader(h.swap_into(i))
            }
            Self::Statement { interview, edit } => {
                let i = find_mut(&mut s.interviews, interview)?;
                Self::Statement {
                    interview,
                    edit: edit.apply(&mut i.statements)?,
                }
            }
            Self::Asked { interview, edit } => {
                let i = find_mut(&mut s.interviews, interview)?;
                Self::Asked {
                    interview,
                    edit: edit.apply(&mut i.asked)?,
                }
            }
            Self::TimelineEvent(e) => Self::TimelineEvent(e.apply(&mut s.timeline)?),
            Self::DecisionPoint(e) => Self::DecisionPoint(e.apply(&mut s.decision_points)?),
            Self::Code(e) => Self::Code(e.apply(&mut s.codes)?),
            Self::Tag(e) => Self::Tag(e.apply(&mut s.tags)?),
            Self::Theme(e) => Self::Theme(e.apply(&mut s.themes)?),
            Self::Finding(e) => Self::Finding(e.apply(&mut s.findings)?),
            Self::FollowUp(e) => Self::FollowUp(e.apply(&mut s.follow_ups)?),
            Self::Map(e) => Self::Map(e.apply(&mut s.maps)?),
            Self::Section(e) => Self::Section(e.apply(&mut s.narrative.sections)?),
            Self::SetLintAcks(acks) => {
                Self::SetLintAcks(std::mem::replace(&mut s.narrative.acknowledged, acks))
            }
            Self::Guide(e) => Self::Guide(e.apply(&mut s.guides)?),
            Self::Conflict(e) => Self::Conflict(e.apply(&mut s.conflicts)?),
            Self::SetDeleted(list) => Self::SetDeleted(std::mem::replace(&mut s.deleted, list)),
            Self::ReplaceSession { label, session } => {
                let old = std::mem::replace(s, *session);
                Self::ReplaceSession {
                    label,
                    session: Box::new(old),
                }
            }
            Self::Batch { label, commands } => {
                let mut inverses = Vec::with_capacity(commands.len());
                for c in commands {
                    match c.apply(s) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            // Roll back what was applied so the batch is all or nothing.
                            for inv in inverses.into_iter().rev() {
                                let _ = inv.apply(s);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Self::Batch {
                    label,
                    commands: inverses,
                }
            }
            Self::MapNode { map, edit } => Self::MapNode {
                map,
                edit: edit.apply(&mut find_mut(&mut s.maps, map)?.nodes)?,
            },
            Self::MapEdge { map, edit } => Self::MapEdge {
                map,
                edit: edit.apply(&mut find_mut(&mut s.maps, map)?.edges)?,
            },
            Self::MapLink { map, edit } => Self::MapLink {
                map,
                edit: edit.apply(&mut find_mut(&mut s.maps, map)?.links)?,
            },
        })
    }
}

fn find_mut<T: Entity>(items: &mut [T], id: Id) -> Result<&mut T, CommandError> {
    items
        .iter_mut()
        .find(|x| x.id() == id)
        .ok_or(CommandError::NotFound(id))
}
