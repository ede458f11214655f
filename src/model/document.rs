//! An open session with its undo history and saved/unsaved state.

use super::command::{Command, CommandError};
use super::session::{Session, now};
use std::collections::VecDeque;

/// How many steps undo remembers.
pub const UNDO_LIMIT: usize = 500;
/// Typing into the same field within this many seconds is one undo step.
pub const TYPING_MERGE_SECS: f64 = 2.0;

#[derive(Clone, Debug)]
struct Step {
    /// Applying this undoes the step.
    inverse: Command,
    /// What the user did, for the menu.
    label: String,
    /// State id before the step.
    state_before: u64,
    /// For merging a run of typing.
    merge_key: Option<(std::mem::Discriminant<Command>, super::id::Id)>,
    /// When the step was last extended (seconds, caller's clock).
    time: f64,
}

/// A session being edited: the session, its undo and redo stacks, and whether it
/// differs from what was last saved.
#[derive(Clone, Debug)]
pub struct Document {
    session: Session,
    /// Oldest first; past [`UNDO_LIMIT`] the oldest step goes from the front.
    undo: VecDeque<Step>,
    redo: Vec<(Command, String, u64)>,
    /// Unique id of the current state; equal to `saved_state` when nothing is unsaved.
    state: u64,
    saved_state: u64,
    next_state: u64,
    /// Increases with every change (including undo/redo); caches key off it.
    revision: u64,
    /// The revision of the last change outside the write-up.
    sources_revision: u64,
    /// Per write-up section, the revision that last set its content.
    section_revisions: SectionRevisions,
}

/// For each write-up section, the document revision that last set its content: a
/// cache kept per section (language findings, broken claims) is current while this
/// number stays the same, without hashing the text of a long write-up on every change.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SectionRevisions {
    /// Sections not changed since the document was opened have this one.
    base: u64,
    changed: std::sync::Arc<std::collections::HashMap<super::id::Id, u64>>,
}

impl SectionRevisions {
    /// The revision that last set this section's content.
    pub fn of(&self, section: super::id::Id) -> u64 {
        self.changed.get(&section).copied().unwrap_or(self.base)
    }
}

/// Where a new document's revisions start: each document gets its own range, so a cache
/// keyed by revision never mistakes a newly opened session for the previous one.
fn first_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1 << 32, std::sync::atomic::Ordering::Relaxed)
}

impl Document {
    /// Wraps a session that is considered saved (just opened, or new and empty).
    pub fn new(session: Session) -> Self {
        let revision = first_revision();
        Self {
            session,
            undo: VecDeque::new(),
            redo: Vec::new(),
            state: 0,
            saved_state: 0,
            next_state: 1,
            revision,
            sources_revision: revision,
            section_revisions: SectionRevisions {
                base: revision,
                changed: Default::default(),
            },
        }
    }

    /// Wraps a session that has never been saved anywhere (it counts as unsaved).
    pub fn new_unsaved(session: Session) -> Self {
        let mut d = Self::new(session);
        d.saved_state = u64::MAX;
        d
    }

    /// The session, read-only. Change it only through [`Document::apply`].
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Applies a command as its own undo step.
    pub fn apply(&mut self, cmd: Command) -> Result<(), CommandError> {
        self.apply_inner(cmd, None)
    }

    /// Applies a command from typing: consecutive typing into the same field within
    /// [`TYPING_MERGE_SECS`] is merged into one undo step. `now_secs` is any monotonic clock.
    pub fn apply_typing(&mut self, cmd: Command, now_secs: f64) -> Result<(), CommandError> {
        self.apply_inner(cmd, Some(now_secs))
    }

    fn apply_inner(&mut self, cmd: Command, typing_at: Option<f64>) -> Result<(), CommandError> {
        let label = cmd.label();
        let key = typing_at.and(cmd.merge_key());
        let write_up_only = cmd.only_write_up();
        let mut sections = Vec::new();
        cmd.sections_put(&mut sections);
        let inverse = cmd.apply(&mut self.session)?;
        // Deletions leave tombstones (for merges of copies without a common base).
        let inverse = super::merge::tombstones::record(&mut self.session, inverse);
        self.session.updated = now();
        self.redo.clear();
        self.bump(write_up_only, &sections);
        if let (Some(key), Some(t)) = (key, typing_at)
            && let Some(top) = self.undo.back_mut()
            && top.merge_key == Some(key)
            && t - top.time <= TYPING_MERGE_SECS
            && self.state != self.saved_state
        {
            // Keep the older inverse: undo goes back to before the run of typing.
            top.time = t;
            self.state = self.fresh_state();
            return Ok(());
        }
        let before = self.state;
        self.state = self.fresh_state();
        self.undo.push_back(Step {
            inverse,
            label,
            state_before: before,
            merge_key: key,
            time: typing_at.unwrap_or(f64::NEG_INFINITY),
        });
        if self.undo.len() > UNDO_LIMIT {
            self.undo.pop_front();
        }
        Ok(())
    }

    /// A change happened: a new revision, a new sources revision unless only the
    /// write-up changed, and a new revision for each section whose content was set.
    fn bump(&mut self, write_up_only: bool, sections: &[super::id::Id]) {
        self.revision += 1;
        if !write_up_only {
            self.sources_revision = self.revision;
        }
        if !sections.is_empty() {
            let changed = std::sync::Arc::make_mut(&mut self.section_revisions.changed);
            for id in sections {
                changed.insert(*id, self.revision);
            }
        }
    }

    fn fresh_state(&mut self) -> u64 {
        let s = self.next_state;
        self.next_state += 1;
        s
    }

    /// Undoes the last step. Returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<String> {
        let step = self.undo.pop_back()?;
        let write_up_only = step.inverse.only_write_up();
        let mut sections = Vec::new();
        step.inverse.sections_put(&mut sections);
        match step.inverse.apply(&mut self.session) {
            Ok(redo) => {
                self.redo.push((redo, step.label.clone(), self.state));
                self.state = step.state_before;
                self.bump(write_up_only, &sections);
                self.session.updated = now();
                Some(step.label)
            }
            // Cannot happen with a consistent history; drop the history rather than panic.
            Err(_) => {
                self.undo.clear();
                None
            }
        }
    }

    /// Redoes the last undone step. Returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let (cmd, label, state_after) = self.redo.pop()?;
        let before = self.state;
        let write_up_only = cmd.only_write_up();
        let mut sections = Vec::new();
        cmd.sections_put(&mut sections);
        match cmd.apply(&mut self.session) {
            Ok(inverse) => {
                self.undo.push_back(Step {
                    inverse,
                    label: label.clone(),
                    state_before: before,
                    merge_key: None,
                    time: f64::NEG_INFINITY,
                });
                self.state = state_after;
                self.bump(write_up_only, &sections);
                self.session.updated = now();
                Some(label)
            }
            Err(_) => {
                self.redo.clear();
                None
            }
        }
    }

    /// Label of what undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|s| s.label.as_str())
    }

    /// Label of what redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|r| r.1.as_str())
    }

    /// Whether there are changes since the last save.
    pub fn is_dirty(&self) -> bool {
        self.state != self.saved_state
    }

    /// Marks the current state as saved.
    pub fn mark_saved(&mut self) {
        self.saved_state = self.state;
    }

    /// The id of the current state (to mark exactly this state saved later).
    pub fn state_id(&self) -> u64 {
        self.state
    }

    /// Marks a given state as the saved one (a save that started at that state).
    pub fn mark_saved_as(&mut self, state: u64) {
        self.saved_state = state;
    }

    /// A number that changes with every change, and differs between documents; for
    /// caches and autosave.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Like [`Document::revision`], but unchanged by edits that touch only the write-up
    /// (typing in a section): caches of evidence lookups key off it, so typing in a long
    /// write-up does not re-index every statement.
    pub fn sources_revision(&self) -> u64 {
        self.sources_revision
    }

    /// Per write-up section, the revision that last set its content.
    pub fn section_revisions(&self) -> &SectionRevisions {
        &self.section_revisions
    }

    /// What the undo history holds, in bytes of a compact encoding of its inverse
    /// commands: a measure of undo memory for tests and the bench (it encodes every
    /// step, so it is not for every frame).
    pub fn undo_bytes(&self) -> usize {
        self.undo
            .iter()
            .map(|s| postcard::to_allocvec(&s.inverse).map_or(0, |v| v.len()))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::command::Edit;
    use crate::model::session::Participant;

    #[test]
    fn undo_redo_and_dirty_state() {
        let mut d = Document::new(Session::new("t", Default::default()));
        assert!(!d.is_dirty());
        let p = Participant::new("P1");
        d.apply(Command::Participant(Edit::put(p.clone()))).unwrap();
        assert!(d.is_dirty());
        assert_eq!(d.session().participants.len(), 1);
        assert_eq!(d.undo().as_deref(), Some("Edit participant"));
        assert!(d.session().participants.is_empty());
        assert!(!d.is_dirty(), "undo back to the saved state is clean");
        d.redo();
        assert_eq!(d.session().participants, vec![p]);
        assert!(d.is_dirty());
        d.mark_saved();
        assert!(!d.is_dirty());
    }

    #[test]
    fn typing_merges_into_one_step_until_a_pause() {
        let mut d = Document::new(Session::default());
        let mut p = Participant::new("P");
        d.apply(Command::Participant(Edit::put(p.clone()))).unwrap();
        for (i, t) in [0.0, 0.5, 1.0].iter().enumerate() {
            p.role = "SRE"[..=i].to_owned();
            d.apply_typing(Command::Participant(Edit::put(p.clone())), *t)
                .unwrap();
        }
        p.role = "SRE on call".into();
        d.apply_typing(Command::Participant(Edit::put(p.clone())), 10.0)
            .unwrap();
        d.undo();
        assert_eq!(d.session().participants[0].role, "SRE");
        d.undo();
        assert_eq!(d.session().participants[0].role, "");
        d.undo();
        assert!(d.session().participants.is_empty());
        assert!(d.undo().is_none());
    }

    #[test]
    fn failed_batch_leaves_session_unchanged() {
        let mut d = Document::new(Session::default());
        let before = d.session().clone();
        let batch = Command::Batch {
            label: "x".into(),
            commands: vec![
                Command::Participant(Edit::put(Participant::new("A"))),
                Command::Participant(Edit::remove(crate::model::Id::new())),
            ],
        };
        assert!(d.apply(batch).is_err());
        assert_eq!(d.session().participants, before.participants);
        assert!(d.undo_label().is_none());
    }

    #[test]
    fn sources_revision_ignores_write_up_edits_only() {
        use crate::model::session::NarrativeSection;
        let mut d = Document::new(Session::default());
        let start = (d.revision(), d.sources_revision());
        let sec = NarrativeSection::default();
        d.apply(Command::Section(Edit::put(sec.clone()))).unwrap();
        assert_ne!(d.revision(), start.0);
        assert_eq!(d.sources_revision(), start.1, "a write-up edit keeps it");
        d.apply(Command::Participant(Edit::put(Participant::new("P"))))
            .unwrap();
        let after_participant = d.sources_revision();
        assert_ne!(after_participant, start.1, "a participant edit changes it");
        d.undo();
        assert_ne!(d.sources_revision(), after_participant, "undo of it too");
        let s = d.sources_revision();
        d.undo();
        assert_eq!(d.sources_revision(), s, "undoing the section edit keeps it");
        d.redo();
        d.redo();
        assert_ne!(
            d.sources_revision(),
            s,
            "redo of the participant edit changes it"
        );
        let batch = Command::Batch {
            label: "x".into(),
            commands: vec![
                Command::Section(Edit::put(sec)),
                Command::SetLintAcks(vec![]),
            ],
        };
        let s = d.sources_revision();
        d.apply(batch).unwrap();
        assert_eq!(d.sources_revision(), s);
        assert_ne!(
            Document::new(Session::default()).sources_revision(),
            s,
            "documents differ"
        );
    }

    #[test]
    fn section_revisions_follow_edits_undo_and_redo_of_that_section_only() {
        use crate::model::session::NarrativeSection;
        let a = NarrativeSection {
            body: "a".into(),
            ..NarrativeSection::default()
        };
        let b = NarrativeSection {
            id: crate::model::Id::new(),
            body: "b".into(),
            ..NarrativeSection::default()
        };
        let mut s = Session::default();
        s.narrative.sections = vec![a.clone(), b.clone()];
        let mut d = Document::new(s);
        let base = d.section_revisions().of(a.id);
        assert_eq!(d.section_revisions().of(b.id), base);
        d.apply_typing(
            Command::Section(Edit::put(NarrativeSection {
                body: "a2".into(),
                ..a.clone()
            })),
            0.0,
        )
        .unwrap();
        let after = d.section_revisions().of(a.id);
        assert_ne!(after, base);
        assert_eq!(
            d.section_revisions().of(b.id),
            base,
            "the other is unchanged"
        );
        d.apply(Command::Participant(Edit::put(Participant::new("P"))))
            .unwrap();
        assert_eq!(d.section_revisions().of(a.id), after, "not a section edit");
        d.undo();
        d.undo();
        let undone = d.section_revisions().of(a.id);
        assert_ne!(undone, after, "undo sets the content back: a new revision");
        assert_eq!(d.session().narrative.sections[0].body, "a");
        d.redo();
        assert_ne!(d.section_revisions().of(a.id), undone);
        assert_eq!(d.section_revisions().of(b.id), base);
        // A batch (draft from session) counts for each section it sets.
        d.apply(Command::Batch {
            label: "x".into(),
            commands: vec![Command::Section(Edit::put(b.clone()))],
        })
        .unwrap();
        assert_ne!(d.section_revisions().of(b.id), base);
    }

    /// Commits `n` statements to one interview as the capture screen does (the
    /// interview's length so far, then the statement, as one step) and returns what
    /// undo holds afterwards.
    fn undo_bytes_after_commits(n: u32) -> usize {
        use crate::model::command::InterviewHeader;
        use crate::model::session::{Interview, Statement};
        let interview = Interview::default();
        let id = interview.id;
        let mut d = Document::new(Session::default());
        d.apply(Command::Interview(Edit::put(interview))).unwrap();
        for k in 1..=n {
            let i = d.session().interview(id).unwrap();
            let header = InterviewHeader {
                duration_secs: k * 7,
                ..InterviewHeader::of(i)
            };
            let st = Statement {
                at_secs: k * 7,
                text: format!("Statement {k}: the pool graph looked odd, so we paged."),
                ..Statement::default()
            };
            d.apply(Command::Batch {
                label: "Capture statement".into(),
                commands: vec![
                    Command::InterviewHeader(header),
                    Command::Statement {
                        interview: id,
                        edit: Edit::put(st),
                    },
                ],
            })
            .unwrap();
        }
        d.undo_bytes()
    }

    /// Each commit keeps only its own statement and the interview's header fields as
    /// its inverse, so twice the statements hold about twice the undo memory. A
    /// command that keeps the whole interview (every statement so far) as the inverse
    /// holds about four times as much (quadratic growth), and fails this.
    #[test]
    fn undo_memory_grows_linearly_with_statements_committed() {
        let n = 100;
        assert!(2 * n as usize + 1 < UNDO_LIMIT, "no step is dropped");
        let (one, two) = (undo_bytes_after_commits(n), undo_bytes_after_commits(2 * n));
        assert!(one > 0);
        let ratio = two as f64 / one as f64;
        assert!(
            ratio < 2.3,
            "undo memory after {n} commits: {one} bytes, after {}: {two} bytes (x{ratio:.2})",
            2 * n
        );
    }

    /// The header command changes only the header; undo puts those fields back and
    /// leaves the statements as they are.
    #[test]
    fn interview_header_command_keeps_statements_and_undoes() {
        use crate::model::command::InterviewHeader;
        use crate::model::session::{Interview, Statement};
        let mut i = Interview::default();
        i.statements.push(Statement::default());
        let id = i.id;
        let mut d = Document::new(Session::default());
        d.apply(Command::Interview(Edit::put(i.clone()))).unwrap();
        let h = InterviewHeader {
            title: "First sweep".into(),
            duration_secs: 90,
            ..InterviewHeader::of(&i)
        };
        d.apply(Command::InterviewHeader(h)).unwrap();
        let now = d.session().interview(id).unwrap();
        assert_eq!((now.title.as_str(), now.duration_secs), ("First sweep", 90));
        assert_eq!(now.statements, i.statements);
        assert_eq!(d.undo().as_deref(), Some("Edit interview"));
        assert_eq!(d.session().interview(id), Some(&i));
        let missing = InterviewHeader::default();
        assert!(d.apply(Command::InterviewHeader(missing)).is_err());
    }

    /// Past the limit the oldest step goes; the newest are all still undoable.
    #[test]
    fn undo_keeps_the_newest_steps_up_to_the_limit() {
        let mut d = Document::new(Session::default());
        for k in 0..UNDO_LIMIT + 10 {
            let p = Participant::new(format!("P{k}"));
            d.apply(Command::Participant(Edit::put(p))).unwrap();
        }
        let undone = std::iter::from_fn(|| d.undo()).count();
        assert_eq!(undone, UNDO_LIMIT);
        assert_eq!(d.session().participants.len(), 10, "the first ten stay");
    }
}
