//! Interviews: choose or start an interview, capture it live with the keyboard,
//! tick guide questions, ask suggested probes, and write it up afterwards.
//!
//! Capture keys (while the capture field has focus unless noted):
//! Ctrl+Enter commits the statement, Tab switches the speaker, Alt+1…Alt+0 set the
//! type of the next statement (anywhere on the Capture tab), Ctrl+Shift+R toggles
//! off the record, Ctrl+Shift+P starts or pauses the timer.

mod after;
mod capture;
mod guide_tab;
mod header;
mod probe_panel;
mod statements;

use crate::model::guides::{builtin_guides, find_guide};
use crate::model::validate::fmt_secs;
use crate::model::{Command, Edit, Id, Interview, Session, Speaker, StatementKind};
use crate::ui::widgets::{caption, empty_state};
use crate::ui::{Action, FrameCtx, Outbox, ViewState, Workspace};
use after::after_tab;
use capture::capture_tab;
pub use capture::commit_pending_draft;
use egui::{Color32, RichText, Ui};
use guide_tab::guides_tab;
use header::interview_header;
pub use statements::remove_statement_command;
pub(crate) use statements::statements_list;

mod capture_parts;

pub mod decision_points;

/// The capture field's widget id, so keys can be routed to it and tests can focus it.
pub const CAPTURE_FIELD: &str = "interview_capture_field";

/// Colour of everything off the record: impossible to miss.
pub const OFF_RECORD_COLOR: Color32 = Color32::from_rgb(200, 40, 40);

/// The tabs of the Interviews workspace.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    strum::EnumCount,
    strum::VariantArray,
)]
pub enum InterviewTab {
    /// Live capture with guide and probes.
    #[default]
    Capture,
    /// Decision points and their coverage (stored as `Decisions` before it had one name).
    #[serde(alias = "Decisions")]
    DecisionPoints,
    /// Summary, follow-ups, calibration.
    After,
    /// The guides: built-in and the session's own.
    Guides,
}

impl InterviewTab {
    const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        crate::model::session::all_variants(<Self as strum::VariantArray>::VARIANTS);

    fn label(self) -> &'static str {
        match self {
            Self::Capture => "Capture",
            Self::DecisionPoints => "⚖ Decision points",
            Self::After => "📝 After the interview",
            Self::Guides => "📚 Guides",
        }
    }
}

/// UI state of the Interviews workspace remembered between runs (never part of the
/// session); what is forgotten is [`InterviewsScratch`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct InterviewsView {
    /// The tab shown.
    pub tab: InterviewTab,
    /// The guide shown on the Guides tab.
    pub selected_guide: Option<Id>,
    /// The decision point shown on the Decision points tab.
    pub selected_decision: Option<Id>,
    /// Participant chosen for a new interview.
    pub new_participant: Option<Id>,
    /// Guide chosen for a new interview.
    pub new_guide: Option<Id>,
    /// Whether the list of interviews is shown (None: only on wide windows).
    pub show_list: Option<bool>,
}

/// What the Interviews workspace uses for the frame and forgets on restart (one part
/// of [`crate::ui::Scratch`]). The statement being typed is kept safe by autosave
/// (`io::CaptureDraft`), not here.
#[derive(Debug, Default)]
pub struct InterviewsScratch {
    /// The statement being typed.
    pub draft: String,
    /// Who speaks in the statement being typed.
    pub speaker: Speaker,
    /// A type set with Alt+digit for the statement being typed (else inferred).
    pub kind: Option<StatementKind>,
    /// New statements are off the record while this is on.
    pub off_record: bool,
    /// The running timer: the interview, and the clock (ui time) at which its elapsed
    /// time was zero, so the elapsed time is `now` minus that, whatever the stored
    /// length says meanwhile (commits store the length so far; undoing one must not
    /// move the clock).
    pub timer: Option<(Id, f64)>,
    /// Statements selected (for decision points and evidence).
    pub selected: Vec<Id>,
    /// The statement open in the editor.
    pub editing: Option<Id>,
    /// Filter for the statements list.
    pub search: String,
    /// Move keyboard focus to the capture field next frame.
    pub focus_capture: bool,
    /// The interview and paused time already told about ("statements get 12:03"), so
    /// the notice comes once per pause, not with every statement.
    pub told_paused: Option<(Id, u32)>,
    /// The type guessed for the draft, by a hash of the draft and its speaker: the
    /// guess reads the whole draft, so it is made again only when the draft changes,
    /// not every frame.
    guessed: Option<(u64, StatementKind)>,
}

impl InterviewsScratch {
    /// Seconds elapsed in an interview: the running clock, or else the stored length.
    pub fn elapsed(&self, i: &Interview, now: f64) -> u32 {
        match self.timer {
            // `as` saturates: a clock far off cannot wrap around.
            Some((id, zero)) if id == i.id => (now - zero).max(0.0).floor() as u32,
            _ => i.duration_secs,
        }
    }

    /// The type the draft's words call for (`probes::infer_kind`), kept until the
    /// draft or its speaker changes.
    pub fn guessed_kind(&mut self) -> StatementKind {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.draft.hash(&mut h);
        self.speaker.hash(&mut h);
        let key = h.finish();
        match self.guessed {
            Some((k, kind)) if k == key => kind,
            _ => {
                let kind = crate::model::probes::infer_kind(&self.draft, self.speaker);
                self.guessed = Some((key, kind));
                kind
            }
        }
    }

    /// Starts `i`'s clock at `now`, going on from its stored length.
    pub fn start(&mut self, i: &Interview, now: f64) {
        self.timer = Some((i.id, now - f64::from(i.duration_secs)));
    }

    pub(super) fn running(&self, id: Id) -> bool {
        self.timer.is_some_and(|(t, _)| t == id)
    }
}

/// The Interviews workspace.
pub fn interviews_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    // Forget selections that no longer exist (after undo, delete, open).
    if view
        .selected_interview
        .is_some_and(|id| session.interview(id).is_none())
    {
        view.selected_interview = None;
    }
    if view.selected_interview.is_none() {
        view.selected_interview = session.interviews.last().map(|i| i.id);
    }
    let sc = &mut cx.scratch.interviews;
    sc.selected.retain(|id| session.statement(*id).is_some());
    if sc.editing.is_some_and(|id| session.statement(id).is_none()) {
        sc.editing = None;
    }
    let now = ui.input(|i| i.time);

    // On a narrow window the list folds away so the capture field keeps its room.
    let show_list = session.interviews.is_empty()
        || view
            .interviews
            .show_list
            .unwrap_or(ui.available_width() >= 900.0);
    if show_list {
        egui::Panel::left("interviews_list")
            .resizable(true)
            .default_size(220.0)
            .min_size(160.0)
            .max_size(320.0)
            .show(ui, |ui| interview_list(ui, session, view, cx, out, now));
    }

    egui::CentralPanel::default_margins().show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui
                .selectable_label(show_list, "☰")
                .on_hover_text(if show_list {
                    "Hide the list of interviews"
                } else {
                    "Show the list of interviews (and start a new one)"
                })
                .clicked()
            {
                view.interviews.show_list = Some(!show_list);
            }
            for t in InterviewTab::ALL {
                if ui
                    .selectable_label(view.interviews.tab == t, t.label())
                    .clicked()
                {
                    view.interviews.tab = t;
                }
            }
        });
        ui.separator();
        if view.interviews.tab == InterviewTab::Guides {
            guides_tab(ui, session, &mut view.interviews, out);
            return;
        }
        let Some(interview) = view.selected_interview.and_then(|id| session.interview(id)) else {
            if session.participants.is_empty() {
                empty_state(
                    ui,
                    "No participants yet",
                    "Add the people you will interview, with their consent, then start an interview here.",
                );
                ui.vertical_centered(|ui| {
                    if ui.button("Go to Participants").clicked() {
                        out.action(Action::Show(Workspace::Participants));
                    }
                });
            } else {
                empty_state(
                    ui,
                    "No interview yet",
                    "Choose a participant and a guide on the left, then press \"Start interview\".",
                );
            }
            return;
        };
        let (v, sc) = (&mut view.interviews, &mut cx.scratch.interviews);
        interview_header(ui, session, interview, v, sc, out, now);
        match v.tab {
            InterviewTab::Capture => capture_tab(ui, session, interview, sc, out, now),
            InterviewTab::DecisionPoints => {
                decision_points::decision_points_tab(ui, session, interview, v, sc, out)
            }
            InterviewTab::After => after_tab(ui, session, interview, sc, out),
            InterviewTab::Guides => {}
        }
    });
}

fn interview_list(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
    now: f64,
) {
    // Long names wrap instead of widening the panel.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    ui.add_space(4.0);
    ui.label(RichText::new("New interview").strong());
    let v = &mut view.interviews;
    let sc = &mut cx.scratch.interviews;
    if v.new_participant
        .is_none_or(|id| session.participant(id).is_none())
    {
        // Default to the first participant not interviewed yet.
        v.new_participant = session
            .participants
            .iter()
            .find(|p| !session.interviews.iter().any(|i| i.participant == p.id))
            .or_else(|| session.participants.first())
            .map(|p| p.id);
    }
    if v.new_guide
        .is_some_and(|id| find_guide(session, id).is_none())
    {
        v.new_guide = None;
    }
    ui.add_enabled_ui(!session.participants.is_empty(), |ui| {
        let who = v
            .new_participant
            .map(|id| session.pseudonym(id).to_owned())
            .unwrap_or_else(|| "(add a participant first)".into());
        let l = ui.label("Participant");
        egui::ComboBox::from_id_salt("new_interview_participant")
            .selected_text(who)
            .width(ui.available_width().clamp(120.0, 220.0))
            .truncate()
            .show_ui(ui, |ui| {
                for p in &session.participants {
                    ui.selectable_value(&mut v.new_participant, Some(p.id), &p.pseudonym);
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("Guide");
        guide_combo(ui, session, l.id, &mut v.new_guide);
        let start = ui
            .button("▶ Start interview")
            .on_hover_text("Creates the interview and puts the cursor in the capture field");
        if start.clicked()
            && let Some(pid) = v.new_participant
        {
            let n = session
                .interviews
                .iter()
                .filter(|i| i.participant == pid)
                .count();
            let title = if n == 0 {
                format!("Interview with {}", session.pseudonym(pid))
            } else {
                format!("Interview {} with {}", n + 1, session.pseudonym(pid))
            };
            let i = Interview {
                participant: pid,
                title,
                facilitator: session.facilitators.first().cloned().unwrap_or_default(),
                guide: v.new_guide,
                ..Interview::default()
            };
            view.selected_interview = Some(i.id);
            v.tab = InterviewTab::Capture;
            sc.focus_capture = true;
            sc.draft.clear();
            sc.kind = None;
            sc.speaker = Speaker::Interviewee;
            sc.off_record = false;
            out.command(Command::Interview(Edit::put(i)));
        }
    });
    crate::ui::transcript_import::import_button(ui, out);
    if session.participants.is_empty() {
        caption(ui, "Add participants (with consent) first.");
        if ui.button("Go to Participants").clicked() {
            out.action(Action::Show(Workspace::Participants));
        }
    }
    ui.separator();
    ui.label(RichText::new("Interviews").strong());
    // One line per interview, laid out only where visible: a programme can hold
    // hundreds. Long titles are cut short; the full title is in the tooltip.
    let row_h = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("interview_list_scroll")
        .show_rows(ui, row_h, session.interviews.len(), |ui, rows| {
            for i in &session.interviews[rows] {
                let selected = view.selected_interview == Some(i.id);
                let title = if i.title.trim().is_empty() {
                    "(untitled interview)"
                } else {
                    &i.title
                };
                let mut text = RichText::new(title);
                if selected {
                    text = text.strong();
                }
                let r = ui
                    .add(egui::Button::selectable(selected, text).truncate())
                    .on_hover_ui(|ui| {
                        ui.label(title);
                        ui.label(format!(
                            "{} · {} statements · {}",
                            session.pseudonym(i.participant),
                            i.statements.len(),
                            fmt_secs(cx.scratch.interviews.elapsed(i, now))
                        ));
                    });
                if r.clicked() && !selected {
                    view.selected_interview = Some(i.id);
                    cx.scratch.interviews.selected.clear();
                    cx.scratch.interviews.editing = None;
                }
            }
        });
}

/// A combo box choosing a guide (built-in or the session's own), or none.
fn guide_combo(ui: &mut Ui, session: &Session, label: egui::Id, value: &mut Option<Id>) -> bool {
    let name = value
        .and_then(|id| find_guide(session, id))
        .map(|g| g.name.clone())
        .unwrap_or_else(|| "(no guide)".into());
    let before = *value;
    egui::ComboBox::from_id_salt(label)
        .selected_text(name)
        .width((ui.available_width() - 24.0).clamp(100.0, 260.0))
        .truncate()
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "(no guide)");
            if !session.guides.is_empty() {
                ui.label(RichText::new("This session's guides").small().weak());
                for g in &session.guides {
                    ui.selectable_value(value, Some(g.id), &g.name);
                }
            }
            ui.label(RichText::new("Built-in").small().weak());
            for g in builtin_guides() {
                ui.selectable_value(value, Some(g.id), &g.name)
                    .on_hover_text(&g.when_to_use);
            }
        })
        .response
        .labelled_by(label);
    *value != before
}
