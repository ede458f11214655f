//! The user interface: one module per screen (a folder, or one file while small) and
//! shared modules the screens use; a screen never uses another screen, and moving
//! between screens goes through [`ViewState`] here. Views read the session and push
//! [`Command`]s (model changes) and [`Action`]s (file and app operations) into an
//! [`Outbox`]; the app applies them after the frame. Views never mutate the model.
//!
//! A view's own state is in two places: [`ViewState`] is remembered between runs
//! (what a person expects back: the workspace, tabs, selections, filters), and
//! [`Scratch`] is not (caches, text being typed, dialogs, jobs, pending focus). The
//! app owns both and hands a view, each frame, the session, its `&mut ViewState`,
//! a [`FrameCtx`] (the document's revisions and `&mut Scratch`) and the [`Outbox`].

pub mod calibration;
pub mod chat_import;
pub mod coach;
pub mod conflicts;
pub mod export;
pub mod focus;
pub mod interviews;
pub mod language;
pub mod library;
pub mod map;
pub mod milestones;
pub mod narrative;
pub mod overview;
pub mod participants;
pub mod pickers;
pub mod shortcuts;
pub mod start;
pub mod timeline;
pub mod transcript_import;
pub mod widgets;
pub mod write_up;

use crate::model::{Command, Id};

/// The workspaces, in the order of the navigation bar (Ctrl+1 … Ctrl+8).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum Workspace {
    /// Title, kind, purpose, facilitators.
    #[default]
    Overview,
    /// People interviewed and their consent.
    Participants,
    /// Guides and live capture.
    Interviews,
    /// Timelines per perspective, tags, themes, findings, the parking lot.
    Timeline,
    /// Work-as-imagined vs work-as-done maps.
    Map,
    /// The second-story write-up.
    Narrative,
    /// Markdown export and sharing.
    Export,
    /// Many reviews read together: patterns, follow-ups, the first half hour.
    Library,
}

impl Workspace {
    /// All workspaces in navigation order.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        crate::model::session::all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// The label in the navigation bar.
    pub fn label(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Participants => "Participants",
            Self::Interviews => "Interviews",
            Self::Timeline => "Timeline",
            Self::Map => "Map",
            Self::Narrative => "Narrative",
            Self::Export => "Export",
            Self::Library => "Library",
        }
    }

    /// What the workspace is for, as a tooltip.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Overview => "What we are looking at and why",
            Self::Participants => "People interviewed, pseudonyms and consent",
            Self::Interviews => "Run an interview: guides, live capture, probes",
            Self::Timeline => "Timelines per perspective, decision points, tags and themes",
            Self::Map => "Work-as-imagined vs work-as-done",
            Self::Narrative => "The second-story write-up",
            Self::Export => "Markdown export and redacted sharing",
            Self::Library => "Many reviews together: patterns, follow-ups, the first half hour",
        }
    }
}

/// An operation on files or the app (not a change to the session).
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Start a new session of this kind.
    New(crate::model::SessionKind),
    /// Open a session file with the file picker.
    Open,
    /// Open a recently used file.
    OpenRecent(std::path::PathBuf),
    /// Open the bundled example.
    OpenExample,
    /// Save (to the current file, or ask where).
    Save,
    /// Save under a new name.
    SaveAs,
    /// Export the Markdown write-up.
    ExportMarkdown {
        /// Replace real names with pseudonyms.
        redact: bool,
    },
    /// Save a redacted copy of the session for people outside the review.
    ShareRedacted,
    /// Export one participant's own account, for them to check (calibration).
    ExportCalibration {
        /// The participant.
        participant: Id,
    },
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Go to a workspace.
    Show(Workspace),
    /// Close the start screen and show the workspaces.
    CloseStart,
    /// Quit the app (native).
    Quit,
    /// Dismiss a notice.
    DismissNotice(usize),
    /// Say in the status bar what a click did (e.g. a value it replaced).
    Notice(String),
    /// Offer a file to the user (native: save dialog; web: download).
    ExportFile {
        /// Suggested file name, with extension.
        file_name: String,
        /// The extension for the dialog filter, e.g. "svg" or "ron".
        extension: &'static str,
        /// The file's contents.
        text: String,
    },
    /// Merge a colleague's copy of this session (asks for the file).
    MergeCopy,
    /// Show the list of open merge conflicts.
    ShowConflicts,
    /// Ask the user for a text file (guide, chat or log excerpt); it arrives as
    /// [`crate::io::IoEvent::OpenedText`] and the app hands it to the workspace.
    PickText(crate::io::TextPurpose),
    /// Import a transcript or a chat export (the files are picked, or given); the
    /// import dialog opens when they have been read.
    Import(crate::io::ImportRequest),
}

/// What a frame of UI wants done, applied by the app after the frame.
#[derive(Default, Debug)]
pub struct Outbox {
    /// Model changes: (command, is typing). Typing into one field merges into one undo step.
    pub commands: Vec<(Command, bool)>,
    /// App operations.
    pub actions: Vec<Action>,
}

impl Outbox {
    /// A model change that is its own undo step.
    pub fn command(&mut self, c: Command) {
        self.commands.push((c, false));
    }

    /// A model change from typing into a field (merged with the run of typing).
    pub fn typing(&mut self, c: Command) {
        self.commands.push((c, true));
    }

    /// An app operation.
    pub fn action(&mut self, a: Action) {
        self.actions.push(a);
    }
}

/// UI state that is not part of the session and comes back after a restart: the
/// workspace, tabs, selections, filters. Only what a person expects back is here;
/// caches, buffers and jobs are in [`Scratch`] (`tests/ui_layers.rs` keeps
/// `#[serde(skip)]` out of `src/ui/`).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ViewState {
    /// The workspace shown.
    pub workspace: Workspace,
    /// The participant selected in the Participants workspace.
    pub selected_participant: Option<Id>,
    /// The interview selected in the Interviews workspace.
    pub selected_interview: Option<Id>,
    /// Export: replace real names with pseudonyms (on by default).
    pub export_redact: Option<bool>,
    /// Interviews workspace: capture, decision points, guides.
    pub interviews: interviews::InterviewsView,
    /// Narrative workspace: selected section, preview, evidence picker.
    pub narrative: narrative::NarrativeView,
    /// Map workspace: selected map, selection, statement picker.
    pub map: map::MapView,
    /// Timeline workspace: timeline, tagging, themes, findings, search (stored as
    /// `sense` before it had one name).
    #[serde(alias = "sense")]
    pub timeline: timeline::TimelineView,
    /// Library workspace: the library read, its filters and search.
    pub library: library::LibraryView,
}

/// What a view uses for the frame that is not remembered between runs: caches,
/// text being typed, dialogs, jobs, pending focus. The app owns one, made fresh on
/// start; each workspace has its part.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Interviews: the statement being typed, the timer, the statements selected.
    pub interviews: interviews::InterviewsScratch,
    /// Timeline: zoom and pan, dialogs, text being typed, the search.
    pub timeline: timeline::TimelineScratch,
    /// Map: the selection on the canvas, drags, text being typed.
    pub map: map::MapScratch,
    /// Narrative and Export: the cursor, the evidence picker, preview caches.
    pub narrative: narrative::NarrativeScratch,
    /// Library: the library read, its jobs and caches.
    pub library: library::Runtime,
    /// The language check's rules for the open session (the project's, or built in),
    /// synced by the app every frame.
    pub lint_rules: language::LintRules,
    /// The import dialogs (transcript, chat export) and their progress.
    pub import: transcript_import::ImportView,
    /// Set when a view wants keyboard focus moved to a field next frame.
    pub focus_request: Option<&'static str>,
}

/// What the app hands every view each frame, besides the session, the view's
/// remembered state ([`ViewState`]) and the [`Outbox`]: the document's revisions and
/// the [`Scratch`]. Made by the app for the frame ([`FrameCtx::new`]).
#[derive(Debug)]
pub struct FrameCtx<'a> {
    /// The open document's revision. It changes whenever the session may have changed
    /// (an edit, undo, opening another file), so views key caches of derived data
    /// (export preview, checks) off it instead of recomputing them every frame.
    pub revision: u64,
    /// The revision of the last change outside the write-up: evidence lookups are
    /// cached by it, so typing in the write-up does not rebuild them.
    pub sources_revision: u64,
    /// Per write-up section, the revision that last set its content, for caches kept
    /// per section.
    pub section_revisions: &'a crate::model::SectionRevisions,
    /// The views' scratch state.
    pub scratch: &'a mut Scratch,
}

impl<'a> FrameCtx<'a> {
    /// The context for this frame: the document's revisions and the scratch state.
    pub fn new(doc: &'a crate::model::Document, scratch: &'a mut Scratch) -> Self {
        Self {
            revision: doc.revision(),
            sources_revision: doc.sources_revision(),
            section_revisions: doc.section_revisions(),
            scratch,
        }
    }
}

impl ViewState {
    /// Whether exports redact real names (defaults to yes).
    pub fn redact(&self) -> bool {
        self.export_redact.unwrap_or(true)
    }

    /// Shows what a search result or a link names, in the workspace where it lives.
    /// Navigation between workspaces goes through here, so no screen reaches into
    /// another screen's view state.
    pub fn go_to(
        &mut self,
        scratch: &mut Scratch,
        s: &crate::model::Session,
        target: crate::model::search::Target,
    ) {
        use crate::model::search::Target;
        match target {
            Target::Statement {
                interview,
                statement,
            } => {
                self.selected_interview = Some(interview);
                self.workspace = Workspace::Timeline;
                self.timeline.tab = timeline::TimelineTab::Tagging;
                self.timeline.tagging_interview = Some(interview);
                self.timeline.selected_statement = Some(statement);
            }
            Target::Event(id) => {
                self.workspace = Workspace::Timeline;
                self.timeline.tab = timeline::TimelineTab::Timeline;
                self.timeline.selected_event = Some(id);
            }
            Target::DecisionPoint(id) => {
                // Decision points are made and explored in the Interviews workspace.
                self.workspace = Workspace::Interviews;
                self.interviews.tab = interviews::InterviewTab::DecisionPoints;
                self.interviews.selected_decision = Some(id);
                if let Some(e) = s.timeline.iter().find(|e| e.decision_point == Some(id)) {
                    self.timeline.selected_event = Some(e.id);
                }
            }
            Target::Finding(id) => {
                self.workspace = Workspace::Timeline;
                self.timeline.tab = timeline::TimelineTab::Findings;
                if let Some(f) = s.findings.iter().find(|f| f.id == id) {
                    self.timeline.finding_kind = f.kind;
                }
                scratch.timeline.reveal = Some(id);
            }
            Target::FollowUp(id) => {
                self.workspace = Workspace::Timeline;
                self.timeline.tab = timeline::TimelineTab::ParkingLot;
                scratch.timeline.reveal = Some(id);
            }
            Target::Theme(id) => {
                self.workspace = Workspace::Timeline;
                self.timeline.tab = timeline::TimelineTab::Themes;
                self.timeline.selected_theme = Some(id);
            }
            Target::Interview(id) => {
                self.workspace = Workspace::Interviews;
                self.selected_interview = Some(id);
            }
            Target::Participant(id) => {
                self.workspace = Workspace::Participants;
                self.selected_participant = Some(id);
            }
            Target::Overview => self.workspace = Workspace::Overview,
        }
    }

    /// Shows an interview's Capture tab (after an import made it).
    pub fn show_interview(&mut self, scratch: &mut Scratch, id: Id) {
        self.workspace = Workspace::Interviews;
        self.selected_interview = Some(id);
        self.interviews.tab = interviews::InterviewTab::Capture;
        scratch.interviews.selected.clear();
    }

    /// Shows the timeline chart, fitted to what is on it (after an import added events).
    pub fn show_timeline_fitted(&mut self, scratch: &mut Scratch) {
        self.workspace = Workspace::Timeline;
        self.timeline.tab = timeline::TimelineTab::Timeline;
        // Fit the chart to what is now on it.
        scratch.timeline.px_per_sec = 0.0;
    }
}
