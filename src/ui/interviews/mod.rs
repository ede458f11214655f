//! Interviews: choose or start an interview, capture it live with the keyboard,
//! tick guide questions, ask suggested probes, and write it up afterwards.
//!
//! Capture keys (while the capture field has focus unless noted):
//! Ctrl+Enter commits the statement, Tab switches the speaker, Alt+1…Alt+0 set the
//! type of the next statement (anywhere on the Capture tab), Ctrl+Shift+R toggles
//! off the record, Ctrl+Shift+P starts or pauses the timer.

use super::capture::{self, kind_combo, short_window, speaker_color};
pub mod decisions;
use super::shortcuts as keys;
use super::widgets::{caption, empty_state, heading, text_area_row, text_row};
use super::{Action, Outbox, ViewState, Workspace, focus};
use crate::io::TextPurpose;
use crate::model::guides::{self, builtin_guides, find_guide};
use crate::model::probes::{self, probes_for, talk_balance};
use crate::model::validate::fmt_secs;
use crate::model::{
    AskedQuestion, AskedStatus, Command, Edit, Guide, GuideQuestion, Id, Interview, Session,
    Speaker, Statement, StatementKind,
};
use egui::{Color32, RichText, Ui};

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
    /// Decision points and their coverage.
    Decisions,
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
            Self::Decisions => "⚖ Decision points",
            Self::After => "📝 After the interview",
            Self::Guides => "📚 Guides",
        }
    }
}

/// UI state of the Interviews workspace (never part of the session).
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
    /// The statement being typed.
    #[serde(skip)]
    pub draft: String,
    /// Who speaks in the statement being typed.
    #[serde(skip)]
    pub speaker: Speaker,
    /// A type set with Alt+digit for the statement being typed (else inferred).
    #[serde(skip)]
    pub kind: Option<StatementKind>,
    /// New statements are off the record while this is on.
    #[serde(skip)]
    pub off_record: bool,
    /// The running timer: interview, and the clock (ui time) when it last started.
    #[serde(skip)]
    pub timer: Option<(Id, f64)>,
    /// Statements selected (for decision points and evidence).
    #[serde(skip)]
    pub selected: Vec<Id>,
    /// The statement open in the editor.
    #[serde(skip)]
    pub editing: Option<Id>,
    /// Filter for the statements list.
    #[serde(skip)]
    pub search: String,
    /// Move keyboard focus to the capture field next frame.
    #[serde(skip)]
    pub focus_capture: bool,
}

impl InterviewsView {
    /// Seconds elapsed in an interview: the stored length plus the running timer.
    pub fn elapsed(&self, i: &Interview, now: f64) -> u32 {
        match self.timer {
            Some((id, since)) if id == i.id => {
                i.duration_secs + (now - since).max(0.0).floor() as u32
            }
            _ => i.duration_secs,
        }
    }

    fn running(&self, id: Id) -> bool {
        self.timer.is_some_and(|(t, _)| t == id)
    }
}

/// The Interviews workspace.
pub fn interviews_ui(ui: &mut Ui, session: &Session, view: &mut ViewState, out: &mut Outbox) {
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
    let v = &mut view.interviews;
    v.selected.retain(|id| session.statement(*id).is_some());
    if v.editing.is_some_and(|id| session.statement(id).is_none()) {
        v.editing = None;
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
            .show(ui, |ui| interview_list(ui, session, view, out, now));
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
        interview_header(ui, session, interview, &mut view.interviews, out, now);
        match view.interviews.tab {
            InterviewTab::Capture => capture_tab(ui, session, interview, &mut view.interviews, out, now),
            InterviewTab::Decisions => {
                decisions::decisions_tab(ui, session, interview, &mut view.interviews, out)
            }
            InterviewTab::After => after_tab(ui, session, interview, &mut view.interviews, out),
            InterviewTab::Guides => {}
        }
    });
}

fn interview_list(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    out: &mut Outbox,
    now: f64,
) {
    // Long names wrap instead of widening the panel.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    ui.add_space(4.0);
    ui.label(RichText::new("New interview").strong());
    let v = &mut view.interviews;
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
            v.focus_capture = true;
            v.draft.clear();
            v.kind = None;
            v.speaker = Speaker::Interviewee;
            v.off_record = false;
            out.command(Command::Interview(Edit::put(i)));
        }
    });
    super::transcript_import::import_button(ui, out);
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
                            fmt_secs(view.interviews.elapsed(i, now))
                        ));
                    });
                if r.clicked() && !selected {
                    view.selected_interview = Some(i.id);
                    view.interviews.selected.clear();
                    view.interviews.editing = None;
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

fn interview_header(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
    now: f64,
) {
    let participant = session.participant(i.participant);
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Title");
        let mut title = i.title.clone();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut title)
                    .desired_width((ui.available_width() - 40.0).clamp(80.0, 260.0)),
            )
            .labelled_by(l.id);
        if r.changed() {
            out.typing(Command::Interview(Edit::put(Interview {
                title,
                ..i.clone()
            })));
        }
        ui.label(RichText::new(session.pseudonym(i.participant)).strong())
            .on_hover_text(participant.map(|p| p.role.as_str()).unwrap_or(""));
        // On the same line when there is room: the capture field keeps its height.
        // The label and its drop-down move to the next line together.
        ui.separator();
        ui.horizontal(|ui| {
            let l = ui.label("Guide");
            let mut guide = i.guide;
            if guide_combo(ui, session, l.id, &mut guide) {
                out.command(Command::Interview(Edit::put(Interview {
                    guide,
                    ..i.clone()
                })));
            }
        });
    });
    // Consent at a glance: what we may do with this person's words. In a short window
    // on one line, cut with an ellipsis; all of it on hover.
    let compact = short_window(ui);
    if let Some(p) = participant
        && compact
    {
        capture::consent_line(ui, &p.consent);
    } else if let Some(p) = participant {
        ui.horizontal_wrapped(|ui| {
            let c = &p.consent;
            let yes_no = |ok: bool, yes: &str, no: &str| {
                RichText::new(if ok {
                    format!("✔ {yes}")
                } else {
                    format!("✖ {no}")
                })
                .color(if ok {
                    Color32::from_rgb(40, 140, 70)
                } else {
                    Color32::from_rgb(190, 110, 20)
                })
            };
            ui.label(RichText::new("Consent:").weak());
            ui.label(yes_no(
                c.may_record,
                "may record",
                "notes only, no recording",
            ));
            ui.label(yes_no(
                c.may_quote,
                "may quote",
                "no quotes in the write-up",
            ));
            ui.label(match c.attribution {
                crate::model::Attribution::Pseudonym => "quotes by pseudonym",
                crate::model::Attribution::Anonymous => "quotes anonymous",
            });
            if !c.conditions.trim().is_empty() {
                ui.label(RichText::new(format!("· {}", c.conditions.trim())).italics());
            }
        });
    }
    // Timer and talk balance.
    ui.horizontal_wrapped(|ui| {
        let running = v.running(i.id);
        let elapsed = v.elapsed(i, now);
        ui.label(
            RichText::new(format!("⏱ {}", fmt_secs(elapsed)))
                .monospace()
                .size(18.0)
                .strong(),
        );
        let label = if running {
            "⏸ Pause timer"
        } else if i.duration_secs == 0 {
            "▶ Start timer"
        } else {
            "▶ Resume timer"
        };
        if ui
            .button(label)
            .on_hover_text("Ctrl+Shift+P. Statements get the elapsed time when committed.")
            .clicked()
        {
            toggle_timer(session, i, v, out, now);
        }
        if running {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
        ui.separator();
        talk_balance_bar(ui, i);
        if v.off_record && v.tab != InterviewTab::Capture {
            // Still off the record while looking elsewhere: say so everywhere.
            ui.label(
                RichText::new(" OFF THE RECORD ")
                    .color(Color32::WHITE)
                    .background_color(OFF_RECORD_COLOR)
                    .strong(),
            );
        }
    });
    ui.separator();
}

/// Starts or pauses the interview timer; pausing stores the length so far.
fn toggle_timer(
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
    now: f64,
) {
    if v.running(i.id) {
        let secs = v.elapsed(i, now);
        v.timer = None;
        if let Some(cur) = session.interview(i.id) {
            out.command(Command::Interview(Edit::put(Interview {
                duration_secs: secs,
                ..cur.clone()
            })));
        }
    } else {
        // Only one interview runs at a time: pause any other one first.
        pause_running(v, session, now, out);
        v.timer = Some((i.id, now));
        if i.started.is_none() {
            out.command(Command::Interview(Edit::put(Interview {
                started: Some(crate::model::now()),
                ..i.clone()
            })));
        }
    }
}

fn talk_balance_bar(ui: &mut Ui, i: &Interview) {
    let (them, us) = talk_balance(&i.statements);
    let total = them + us;
    if total == 0 {
        ui.label(RichText::new("Talk balance: nothing captured yet").weak());
        return;
    }
    let share = them as f32 / total as f32;
    let color = if share >= 0.7 {
        Color32::from_rgb(40, 140, 70)
    } else {
        Color32::from_rgb(200, 130, 20)
    };
    ui.label("Talk balance");
    ui.add(
        egui::ProgressBar::new(share)
            .desired_width(160.0)
            .fill(color)
            .text(format!("interviewee {:.0}%", share * 100.0)),
    )
    .on_hover_text(format!(
        "Interviewee {them} words, facilitator {us} words. Aim for the interviewee talking far more than you."
    ));
    if share < 0.7 {
        ui.label(RichText::new("Let them talk more").color(color).small());
    }
}

fn capture_tab(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
    now: f64,
) {
    let field_id = egui::Id::unique(CAPTURE_FIELD);
    let focused = ui.memory(|m| m.has_focus(field_id));
    // Tab switches the speaker here; it never leaves the field.
    focus::owns_tab(ui.ctx(), field_id);
    // Keys first, so the text field never sees them.
    let mut commit = false;
    let mut toggle_timer_key = false;
    let ctx = ui.ctx().clone();
    if focused {
        // Keys typed after Ctrl+Enter or Tab in the same frame wait for the next one:
        // they belong to the next statement, not to the one being committed.
        focus::hold_events_after(&ctx, |e| {
            keys::COMMIT
                .keys
                .iter()
                .chain(keys::SPEAKER.keys)
                .any(|sc| {
                    matches!(e, egui::Event::Key { key, pressed: true, modifiers, .. }
                    if *key == sc.logical_key && modifiers.matches_exact(sc.modifiers))
                })
        });
    }
    ui.input_mut(|inp| {
        if keys::OFF_RECORD.consume(inp) {
            v.off_record = !v.off_record;
        }
        if keys::TIMER.consume(inp) {
            toggle_timer_key = true;
        }
        if let Some(n) = keys::KIND.consume_index(inp)
            && let Some(k) = StatementKind::ALL.get(n)
        {
            v.kind = Some(*k);
            // Some keyboards also type a character with Alt+digit; keep it out of the field.
            inp.events.retain(|e| {
                !matches!(e, egui::Event::Text(t) if t.chars().count() == 1 && !t.chars().all(char::is_alphabetic))
            });
        }
        if focused {
            if keys::COMMIT.consume(inp) {
                commit = true;
            }
            if keys::SPEAKER.consume(inp) {
                v.speaker = match v.speaker {
                    Speaker::Interviewee => Speaker::Facilitator,
                    Speaker::Facilitator => Speaker::Interviewee,
                };
            }
        }
    });
    if toggle_timer_key {
        toggle_timer(session, i, v, out, now);
    }

    egui::Panel::right("interview_guide_panel")
        .resizable(true)
        .default_size((ui.available_width() * 0.38).clamp(220.0, 380.0))
        .min_size(200.0)
        .max_size((ui.available_width() * 0.6).max(220.0))
        .show(ui, |ui| {
            // The full width of the panel whatever the probes are: the guide's ticks do
            // not shift sideways when the probes change under the pointer.
            egui::ScrollArea::vertical()
                .id_salt("guide_probe_scroll")
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    probes_panel(ui, session, i, v, out, now);
                    ui.add_space(8.0);
                    guide_panel(ui, session, i, v, out, now);
                });
        });

    egui::CentralPanel::default_margins().show(ui, |ui| {
        // In a short window (150 % zoom) the part above the statements scrolls, so the
        // field is always within reach; the statements keep a list of their own below
        // (one scroll area inside another could not bring every row into view).
        let h = ui.available_height();
        let top_max = if short_window(ui) {
            (h - 150.0).max(h * 0.62)
        } else {
            (h - 190.0).max(h * 0.5)
        };
        egui::ScrollArea::vertical()
            .id_salt("capture_column")
            .max_height(top_max)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                if v.off_record {
                    off_record_banner(ui, v);
                }
                // Speaker and type of the next statement. A short window gets the short
                // form: a drop-down for the type, no captions (the hover has them).
                let compact = short_window(ui);
                ui.horizontal_wrapped(|ui| {
                    ui.label("Speaker:");
                    for (s, label) in [
                        (
                            Speaker::Interviewee,
                            session.pseudonym(i.participant).to_owned(),
                        ),
                        (Speaker::Facilitator, "Facilitator".to_owned()),
                    ] {
                        if ui
                            .radio(v.speaker == s, label)
                            .on_hover_text("Tab in the capture field switches the speaker")
                            .clicked()
                        {
                            v.speaker = s;
                            v.focus_capture = true;
                        }
                    }
                    if !compact {
                        caption(ui, "(Tab switches)");
                    }
                    ui.separator();
                    let inferred = probes::infer_kind(&v.draft, v.speaker);
                    let shown = v.kind.unwrap_or(inferred);
                    // One label: "Type:" and the type move to the next line together.
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("Type: {}", shown.label())).strong(),
                        )
                        .extend(),
                    );
                    if compact {
                        kind_combo(ui, v);
                    } else if v.kind.is_none() {
                        caption(ui, "(guessed; Alt+1…Alt+0 to set)");
                    }
                    let mut off = v.off_record;
                    let label = if compact {
                        "Off the record"
                    } else {
                        "Off the record (Ctrl+Shift+R)"
                    };
                    if ui
                        .checkbox(&mut off, label)
                        .on_hover_text("Ctrl+Shift+R")
                        .changed()
                    {
                        v.off_record = off;
                        v.focus_capture = true;
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    if compact {
                        return;
                    }
                    for (n, k) in StatementKind::ALL.iter().enumerate() {
                        let key = (n + 1) % 10;
                        let selected = v.kind == Some(*k);
                        if ui
                            .selectable_label(
                                selected,
                                RichText::new(format!("{key} {}", k.label())).small(),
                            )
                            .on_hover_text(format!(
                                "Alt+{key}: {} — probes about {}",
                                k.label(),
                                probes::probe_focus(*k)
                            ))
                            .clicked()
                        {
                            v.kind = if selected { None } else { Some(*k) };
                            v.focus_capture = true;
                        }
                    }
                });
                // Who speaks is shown at the field itself, and in the colour of its frame.
                let speaker_name = match v.speaker {
                    Speaker::Interviewee => session.pseudonym(i.participant).to_owned(),
                    Speaker::Facilitator => "Facilitator (you)".to_owned(),
                };
                let speaker_color = speaker_color(v.speaker);
                let l = ui
                    .horizontal_wrapped(|ui| {
                        let l = ui.label(
                            RichText::new("Capture — Ctrl+Enter commits the statement").strong(),
                        );
                        // Whole, never broken over two lines: it moves down instead.
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!(" Speaking: {speaker_name} "))
                                    .color(Color32::WHITE)
                                    .background_color(speaker_color)
                                    .strong(),
                            )
                            .extend(),
                        )
                        .on_hover_text(
                            "Tab in the field switches the speaker. It stays until you switch it.",
                        );
                        l
                    })
                    .inner;
                let frame = if v.off_record {
                    egui::Frame::NONE
                        .stroke(egui::Stroke::new(3.0, OFF_RECORD_COLOR))
                        .inner_margin(4.0)
                } else {
                    egui::Frame::NONE
                        .stroke(egui::Stroke::new(2.0, speaker_color))
                        .inner_margin(4.0)
                };
                frame.show(ui, |ui| {
                    let r = ui
                        .add(
                            egui::TextEdit::multiline(&mut v.draft)
                                .id(field_id)
                                .lock_focus(true)
                                .desired_rows(if short_window(ui) { 4 } else { 6 })
                                .desired_width(f32::INFINITY)
                                .hint_text(if v.speaker == Speaker::Facilitator {
                                    "Your question or note…"
                                } else {
                                    "What they say, in their words…"
                                }),
                        )
                        .labelled_by(l.id);
                    if v.focus_capture {
                        r.request_focus();
                        v.focus_capture = false;
                    }
                });
                if commit {
                    commit_statement(session, i, v, out, now);
                    // The next statement starts with an empty history: Ctrl+Z never brings
                    // back the words just committed.
                    focus::clear_undo_history(ui.ctx(), field_id);
                }
                ui.add_space(6.0);
                statement_editor(ui, session, i, v, out);
                super::coach::capture_hint(ui, i, out, &mut v.focus_capture);
            });
        statements_list(ui, session, i, v, "capture");
        // Ticking a guide question, clicking a probe, a type or a speaker keeps the
        // words going into the capture field.
        focus::keep_focus(ui, field_id);
    });
}

fn off_record_banner(ui: &mut Ui, v: &mut InterviewsView) {
    egui::Frame::NONE
        .fill(OFF_RECORD_COLOR)
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new("OFF THE RECORD")
                        .color(Color32::WHITE)
                        .size(20.0)
                        .strong(),
                );
                ui.label(
                    RichText::new(
                        "New statements stay in this file only: never exported, never shared.",
                    )
                    .color(Color32::WHITE),
                );
                if ui.button("Back on the record").clicked() {
                    v.off_record = false;
                    v.focus_capture = true;
                }
            });
        });
    ui.add_space(4.0);
}

/// Commits text left in the capture field (typed but not yet Ctrl+Entered) as a
/// statement of the interview on screen, so that quitting or opening another session
/// never silently drops it. Returns whether there was such text.
pub fn commit_pending_draft(
    session: &Session,
    view: &mut ViewState,
    now: f64,
    out: &mut Outbox,
) -> bool {
    if view.interviews.draft.trim().is_empty() {
        return false;
    }
    let Some(i) = view.selected_interview.and_then(|id| session.interview(id)) else {
        return false;
    };
    commit_statement(session, i, &mut view.interviews, out, now);
    true
}

/// Commits the draft as a statement, with the elapsed time; starts the timer if the
/// interview has never been timed, and stores the length so far.
fn commit_statement(
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
    now: f64,
) {
    let text = v.draft.trim().to_owned();
    if text.is_empty() {
        return;
    }
    let kind = v
        .kind
        .unwrap_or_else(|| probes::infer_kind(&text, v.speaker));
    let commands = statement_commands(session, i, v, out, now, text, v.speaker, kind);
    out.command(Command::Batch {
        label: "Capture statement".into(),
        commands,
    });
    v.draft.clear();
    v.kind = None;
    // The speaker stays as it is: a silent switch once put an answer under the wrong
    // person. Tab switches it, and the field shows who speaks.
    v.focus_capture = true;
}

/// The commands that record `text` as a statement at the elapsed time (off the record
/// while that is on). The first statement of an interview starts its clock, since
/// nobody remembers to press "start"; the length so far is stored.
#[allow(clippy::too_many_arguments)]
fn statement_commands(
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
    now: f64,
    text: String,
    speaker: Speaker,
    kind: StatementKind,
) -> Vec<Command> {
    let mut updated = i.clone();
    if i.started.is_none() && !v.running(i.id) {
        updated.started = Some(crate::model::now());
        pause_running(v, session, now, out);
        v.timer = Some((i.id, now));
    }
    let at_secs = v.elapsed(i, now);
    updated.duration_secs = at_secs;
    let st = Statement {
        id: Id::new(),
        at_secs,
        speaker,
        kind,
        text,
        off_record: v.off_record,
        ..Default::default()
    };
    let mut commands = Vec::new();
    if updated != *i {
        commands.push(Command::Interview(Edit::put(updated)));
    }
    // A question in the facilitator's own words ticks the guide question it matches.
    let ticks = crate::model::coach::content::autotick(session, i, &st);
    commands.push(Command::Statement {
        interview: i.id,
        edit: Edit::put(st),
    });
    commands.extend(ticks);
    commands
}

/// An asked (or skipped) question for the interview at the current time.
fn asked(
    i: &Interview,
    v: &InterviewsView,
    now: f64,
    question: Option<Id>,
    text: &str,
    status: AskedStatus,
) -> Command {
    Command::Asked {
        interview: i.id,
        edit: Edit::put(AskedQuestion {
            id: Id::new(),
            question,
            text: text.to_owned(),
            at_secs: v.elapsed(i, now),
            status,
        }),
    }
}

fn probes_panel(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
    now: f64,
) {
    let last = i
        .statements
        .iter()
        .rev()
        .find(|s| s.speaker == Speaker::Interviewee);
    let kind = last.map(|s| s.kind).unwrap_or(StatementKind::Note);
    ui.label(RichText::new("Suggested follow-up probes").strong());
    caption(
        ui,
        &match last {
            Some(_) => format!(
                "Last statement: {} — ask about {}. Click to record it as asked.",
                kind.label(),
                probes::probe_focus(kind)
            ),
            None => "Let them tell the story first. Click a probe to record it as asked.".into(),
        },
    );
    // What they said calls for its own probes too (a garden path, expertise).
    let content =
        last.map(|s| crate::model::coach::content::ContentProbes::builtin().probes_after(s));
    for p in content.iter().flatten() {
        probe_button(ui, session, i, v, out, now, p);
    }
    for p in probes_for(kind) {
        probe_button(ui, session, i, v, out, now, p);
    }
    // Aspects still open at this participant's decision points, from earlier work.
    let open: Vec<String> = session
        .decision_points
        .iter()
        .filter(|d| {
            d.who.contains(&i.participant)
                || d.statements
                    .iter()
                    .any(|s| i.statements.iter().any(|x| x.id == *s))
        })
        .flat_map(|d| probes::coverage_probes(d).into_iter().take(3))
        .take(6)
        .collect();
    if !open.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Still open at their decision points").strong());
        for p in &open {
            probe_button(ui, session, i, v, out, now, p);
        }
    }
}

fn probe_button(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
    now: f64,
    probe: &str,
) {
    let done = i.asked.iter().any(|a| a.text == probe);
    let text = if done {
        RichText::new(format!("✔ {probe}")).weak()
    } else {
        RichText::new(probe)
    };
    let r = ui
        .add(egui::Button::new(text).wrap())
        .on_hover_text(if done {
            "Already asked in this interview; click to record it again"
        } else {
            "Record this probe as asked now"
        });
    if r.clicked() {
        // Asked, and in the transcript as the facilitator's question at this moment.
        // (The interview's own update comes first: it carries the lists as they were.)
        let asked_now = asked(i, v, now, None, probe, AskedStatus::Asked);
        let mut commands = statement_commands(
            session,
            i,
            v,
            out,
            now,
            probe.to_owned(),
            Speaker::Facilitator,
            StatementKind::Note,
        );
        // The click says which probe was asked: no guessing from its words as well.
        commands.retain(|c| !matches!(c, Command::Asked { .. }));
        commands.push(asked_now);
        out.command(Command::Batch {
            label: "Ask probe".into(),
            commands,
        });
    }
}

fn guide_panel(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
    now: f64,
) {
    let Some(g) = i.guide.and_then(|id| find_guide(session, id)) else {
        ui.label(RichText::new("Guide").strong());
        caption(ui, "No guide chosen for this interview. Pick one above.");
        return;
    };
    let done = g
        .questions
        .iter()
        .filter(|q| i.asked.iter().any(|a| a.question == Some(q.id)))
        .count();
    ui.label(RichText::new(format!("Guide: {}", g.name)).strong())
        .on_hover_text(&g.when_to_use);
    caption(
        ui,
        &format!(
            "{done} of {} questions asked or skipped. Tick when asked.",
            g.questions.len()
        ),
    );
    let mut section = "";
    for q in &g.questions {
        if q.section != section {
            section = &q.section;
            if !section.is_empty() {
                ui.label(RichText::new(section).small().strong());
            }
        }
        let record = i.asked.iter().find(|a| a.question == Some(q.id));
        ui.horizontal(|ui| {
            let mut checked = record.is_some_and(|a| a.status == AskedStatus::Asked);
            let mut text = RichText::new(&q.text);
            if record.is_some_and(|a| a.status == AskedStatus::Skipped) {
                text = text.strikethrough().weak();
            }
            ui.vertical(|ui| {
                // Room for the "skip" button beside it.
                ui.set_max_width(ui.available_width() - 56.0);
                if ui.checkbox(&mut checked, text).changed() {
                    match record {
                        // A skipped question that gets asked after all.
                        Some(a) if a.status == AskedStatus::Skipped => {
                            out.command(Command::Asked {
                                interview: i.id,
                                edit: Edit::put(AskedQuestion {
                                    status: AskedStatus::Asked,
                                    at_secs: v.elapsed(i, now),
                                    ..a.clone()
                                }),
                            })
                        }
                        Some(a) => out.command(Command::Asked {
                            interview: i.id,
                            edit: Edit::remove(a.id),
                        }),
                        None => {
                            out.command(asked(i, v, now, Some(q.id), &q.text, AskedStatus::Asked))
                        }
                    }
                }
            });
            if record.is_none()
                && ui
                    .small_button("skip")
                    .on_hover_text("Mark as deliberately skipped")
                    .clicked()
            {
                out.command(asked(i, v, now, Some(q.id), &q.text, AskedStatus::Skipped));
            }
        });
    }
}

/// The editor of the statement opened from the list: text, type, speaker, time,
/// off the record, delete.
fn statement_editor(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
) {
    let Some(st) = v
        .editing
        .and_then(|id| i.statements.iter().find(|s| s.id == id))
    else {
        return;
    };
    let mut edited: Option<Statement> = None;
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Edit statement").strong());
            if ui.button("Done").clicked() {
                close = true;
            }
            if ui
                .button("🗑 Delete statement")
                .on_hover_text("Also removes it from decision points, tags, findings and maps. Ctrl+Z brings it all back.")
                .clicked()
            {
                out.command(remove_statement_command(session, i.id, st.id));
                close = true;
            }
        });
        let l = ui.label("Statement text");
        let mut text = st.text.clone();
        if ui
            .add(
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id)
            .changed()
        {
            edited = Some(Statement { text, ..st.clone() });
        }
        // The paraphrase exports use when the participant may not be quoted.
        let unquotable = st.speaker == Speaker::Interviewee
            && session.participant(i.participant).is_some_and(|p| !p.consent.may_quote);
        let hint = if unquotable && st.paraphrase.trim().is_empty() {
            "Paraphrase — needed: this participant may not be quoted, so exports show a placeholder until you write one"
        } else {
            "Paraphrase (used in exports instead of the words when the participant may not be quoted)"
        };
        let l = ui.label(hint);
        let mut paraphrase = st.paraphrase.clone();
        if ui.add(egui::TextEdit::multiline(&mut paraphrase).desired_rows(1).desired_width(f32::INFINITY)).labelled_by(l.id).changed() {
            edited = Some(Statement { paraphrase, ..st.clone() });
        }
        ui.horizontal_wrapped(|ui| {
            let mut kind = st.kind;
            egui::ComboBox::from_label("Statement type")
                .selected_text(kind.label())
                .show_ui(ui, |ui| {
                    for k in StatementKind::ALL {
                        ui.selectable_value(&mut kind, k, k.label());
                    }
                });
            if kind != st.kind {
                edited = Some(Statement { kind, ..st.clone() });
            }
            let mut speaker = st.speaker;
            ui.radio_value(&mut speaker, Speaker::Interviewee, session.pseudonym(i.participant));
            ui.radio_value(&mut speaker, Speaker::Facilitator, "Facilitator");
            if speaker != st.speaker {
                edited = Some(Statement { speaker, ..st.clone() });
            }
            ui.label("At");
            let mut mins = st.at_secs / 60;
            let mut secs = st.at_secs % 60;
            let a = ui.add(egui::DragValue::new(&mut mins).suffix(" min").range(0..=999));
            let b = ui.add(egui::DragValue::new(&mut secs).suffix(" s").range(0..=59));
            if a.changed() || b.changed() {
                edited = Some(Statement {
                    at_secs: mins * 60 + secs,
                    ..st.clone()
                });
            }
            let mut off = st.off_record;
            if ui.checkbox(&mut off, "Off the record").changed() {
                edited = Some(Statement { off_record: off, ..st.clone() });
            }
        });
    });
    if let Some(s) = edited {
        out.typing(Command::Statement {
            interview: i.id,
            edit: Edit::put(s),
        });
    }
    if close {
        v.editing = None;
    }
}

/// The statements of an interview, virtualised, with a search filter. Each row has
/// an edit button and a checkbox (its accessible name is the statement text) that
/// selects statements for decision points and evidence. `salt` keeps the scroll
/// positions of the tabs apart.
pub(crate) fn statements_list(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    salt: &str,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Statements ({})", i.statements.len())).strong());
        let l = ui.label("Search");
        ui.add(
            egui::TextEdit::singleline(&mut v.search)
                .hint_text("words, type or speaker")
                .desired_width(180.0),
        )
        .labelled_by(l.id);
        if !v.search.is_empty() && ui.small_button("✖").on_hover_text("Clear search").clicked() {
            v.search.clear();
        }
    });
    // Always drawn, on a line of its own, so ticking the first statement moves nothing
    // under the pointer (a control that appeared here pushed the list down mid-click).
    ui.horizontal(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        ui.label(format!("{} selected", v.selected.len()));
        if ui
            .add_enabled(
                !v.selected.is_empty(),
                egui::Button::new("Clear selection").small(),
            )
            .clicked()
        {
            v.selected.clear();
        }
    });
    let needle = v.search.trim().to_lowercase();
    let rows: Vec<&Statement> = i
        .statements
        .iter()
        .filter(|s| {
            needle.is_empty()
                || s.text.to_lowercase().contains(&needle)
                || s.kind.label().to_lowercase().contains(&needle)
                || (s.speaker == Speaker::Facilitator && "facilitator".contains(&needle))
                || (s.off_record && "off the record".contains(&needle))
        })
        .collect();
    if i.statements.is_empty() {
        caption(
            ui,
            "Nothing captured yet. Type in the capture field and press Ctrl+Enter.",
        );
        return;
    }
    if rows.is_empty() {
        caption(ui, "No statement matches the search.");
        return;
    }
    let row_h = ui.spacing().interact_size.y.max(20.0);
    let who = session.pseudonym(i.participant).to_owned();
    egui::ScrollArea::vertical()
        .id_salt(("statements", i.id, salt))
        .auto_shrink([false, false])
        .min_scrolled_height(if short_window(ui) { 48.0 } else { 100.0 })
        .stick_to_bottom(true)
        .show_rows(ui, row_h, rows.len(), |ui, range| {
            for s in &rows[range] {
                ui.horizontal(|ui| {
                    ui.set_height(row_h);
                    // Long statements are cut to one line; the editor shows all of it.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    let editing = v.editing == Some(s.id);
                    if ui
                        .selectable_label(editing, "✏")
                        .on_hover_text("Edit this statement: text, type, speaker, time, delete")
                        .clicked()
                    {
                        v.editing = if editing { None } else { Some(s.id) };
                    }
                    ui.label(RichText::new(fmt_secs(s.at_secs)).monospace().weak());
                    if s.off_record {
                        ui.label(
                            RichText::new(" OFF ")
                                .color(Color32::WHITE)
                                .background_color(OFF_RECORD_COLOR)
                                .small(),
                        )
                        .on_hover_text("Off the record: never exported or shared");
                    }
                    let speaker = match s.speaker {
                        Speaker::Interviewee => who.as_str(),
                        Speaker::Facilitator => "Facilitator",
                    };
                    let about = format!("{speaker} · {}", s.kind.label());
                    // In a narrow column the words come first; who and what type in the hover.
                    if ui.available_width() > 360.0 {
                        ui.label(RichText::new(&about).small());
                    }
                    let mut t = RichText::new(&s.text);
                    if s.off_record {
                        t = t.italics().color(OFF_RECORD_COLOR);
                    } else if s.speaker == Speaker::Facilitator {
                        t = t.weak();
                    }
                    if editing {
                        t = t.underline();
                    }
                    // The checkbox's name is the statement itself, for screen readers and tests.
                    let mut sel = v.selected.contains(&s.id);
                    let cb = ui.checkbox(&mut sel, t).on_hover_text(format!(
                        "{about}: {}\nTick to select for a decision point or as evidence",
                        s.text
                    ));
                    if cb.changed() {
                        if sel {
                            v.selected.push(s.id);
                        } else {
                            v.selected.retain(|x| *x != s.id);
                        }
                    }
                });
            }
        });
}

/// Removing a statement as one undo step that also strips every reference to it
/// (decision points, aspects, timeline, tags and the themes holding them, findings,
/// follow-ups, map steps and gap notes), so nothing is left dangling.
pub fn remove_statement_command(session: &Session, interview: Id, statement: Id) -> Command {
    let mut commands = Vec::new();
    let strip = |ids: &mut Vec<Id>| {
        let before = ids.len();
        ids.retain(|x| *x != statement);
        ids.len() != before
    };
    for d in &session.decision_points {
        let mut d2 = d.clone();
        let mut changed = strip(&mut d2.statements);
        for a in &mut d2.aspects {
            changed |= strip(&mut a.evidence);
        }
        if changed {
            commands.push(Command::DecisionPoint(Edit::put(d2)));
        }
    }
    for e in &session.timeline {
        let mut e2 = e.clone();
        if strip(&mut e2.evidence) {
            commands.push(Command::TimelineEvent(Edit::put(e2)));
        }
    }
    let removed_tags: Vec<Id> = session
        .tags
        .iter()
        .filter(|t| t.statement == statement)
        .map(|t| t.id)
        .collect();
    for t in &session.themes {
        let mut t2 = t.clone();
        t2.excerpts.retain(|x| !removed_tags.contains(x));
        if t2.excerpts.len() != t.excerpts.len() {
            commands.push(Command::Theme(Edit::put(t2)));
        }
    }
    for id in &removed_tags {
        commands.push(Command::Tag(Edit::remove(*id)));
    }
    for f in &session.findings {
        let mut f2 = f.clone();
        if strip(&mut f2.evidence) {
            commands.push(Command::Finding(Edit::put(f2)));
        }
    }
    for f in &session.follow_ups {
        let mut f2 = f.clone();
        if strip(&mut f2.evidence) {
            commands.push(Command::FollowUp(Edit::put(f2)));
        }
    }
    for m in &session.maps {
        let mut m2 = m.clone();
        let mut changed = false;
        for n in &mut m2.nodes {
            changed |= strip(&mut n.evidence);
        }
        for l in &mut m2.links {
            changed |= strip(&mut l.gap.evidence);
        }
        if changed {
            commands.push(Command::Map(Edit::put(m2)));
        }
    }
    commands.push(Command::Statement {
        interview,
        edit: Edit::remove(statement),
    });
    Command::Batch {
        label: "Delete statement".into(),
        commands,
    }
}

fn after_tab(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    v: &mut InterviewsView,
    out: &mut Outbox,
) {
    super::coach::card_panel(ui, session, i, out);
    egui::ScrollArea::vertical()
        .id_salt("after_interview_scroll")
        .show(ui, |ui| {
            heading(
                ui,
                "After the interview",
                "Write the summary while it is fresh, note what to follow up with them, and track whether they have checked their quotes.",
            );
            let mut edited: Option<Interview> = None;
            super::widgets::form(ui, "after_form", |ui| {
                if let Some(t) = text_area_row(
                    ui,
                    "Summary",
                    &i.summary,
                    "What you learned, in a few sentences: how it made sense to them",
                    5,
                ) {
                    edited = Some(Interview { summary: t, ..i.clone() });
                }
                if let Some(t) = text_area_row(
                    ui,
                    "Follow-ups with them",
                    &i.participant_follow_ups,
                    "Questions to ask next time, documents they offered, quotes to check",
                    3,
                ) {
                    edited = Some(Interview {
                        participant_follow_ups: t,
                        ..i.clone()
                    });
                }
                if let Some(t) = text_row(ui, "Facilitator", &i.facilitator, "Who ran the interview") {
                    edited = Some(Interview { facilitator: t, ..i.clone() });
                }
            });
            if let Some(e) = edited {
                out.typing(Command::Interview(Edit::put(e)));
            }
            super::calibration::after_section(ui, session, i, out);
            ui.add_space(12.0);
            if ui
                .button("🗑 Delete this interview")
                .on_hover_text("Removes the interview and every reference to its statements (Ctrl+Z brings it back)")
                .clicked()
            {
                let mut commands: Vec<Command> = Vec::new();
                // Strip references statement by statement, against a running copy.
                let mut s = session.clone();
                for st in &i.statements {
                    let c = remove_statement_command(&s, i.id, st.id);
                    if let Command::Batch { commands: cs, .. } = &c {
                        for c in cs {
                            if !matches!(c, Command::Statement { .. }) {
                                commands.push(c.clone());
                            }
                        }
                    }
                    let _ = c.apply(&mut s);
                }
                commands.push(Command::Interview(Edit::remove(i.id)));
                out.command(Command::Batch {
                    label: "Delete interview".into(),
                    commands,
                });
                v.selected.clear();
                v.editing = None;
            }
        });
}

fn guides_tab(ui: &mut Ui, session: &Session, v: &mut InterviewsView, out: &mut Outbox) {
    egui::Panel::left("guides_list")
        .resizable(true)
        .default_size((ui.available_width() * 0.3).clamp(180.0, 280.0))
        .min_size(180.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui.button("➕ New guide").clicked() {
                    let g = Guide {
                        name: "New guide".into(),
                        questions: vec![GuideQuestion {
                            text:
                                "Walk me through what happened, from when you first got involved."
                                    .into(),
                            ..GuideQuestion::default()
                        }],
                        ..Guide::default()
                    };
                    v.selected_guide = Some(g.id);
                    out.command(Command::Guide(Edit::put(g)));
                }
                if ui
                    .button("📂 Import guide file…")
                    .on_hover_text("Read a .guide.ron file a colleague shared")
                    .clicked()
                {
                    out.action(Action::PickText(TextPurpose::Guide));
                }
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("guides_list_scroll")
                .show(ui, |ui| {
                    ui.label(RichText::new("This session's guides").strong());
                    if session.guides.is_empty() {
                        caption(ui, "None yet: duplicate a built-in guide or create one.");
                    }
                    for g in &session.guides {
                        if ui
                            .selectable_label(v.selected_guide == Some(g.id), &g.name)
                            .clicked()
                        {
                            v.selected_guide = Some(g.id);
                        }
                    }
                    ui.add_space(6.0);
                    ui.label(RichText::new("Built-in guides").strong());
                    for g in builtin_guides() {
                        if ui
                            .selectable_label(v.selected_guide == Some(g.id), &g.name)
                            .on_hover_text(&g.when_to_use)
                            .clicked()
                        {
                            v.selected_guide = Some(g.id);
                        }
                    }
                });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some(g) = v
            .selected_guide
            .and_then(|id| find_guide(session, id))
            .or_else(|| builtin_guides().first())
        else {
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("guide_detail_scroll")
            .show(ui, |ui| {
                if guides::is_builtin(g.id) {
                    builtin_guide_view(ui, g, v, out);
                } else {
                    own_guide_editor(ui, session, g, v, out);
                }
            });
    });
}

fn export_button(ui: &mut Ui, g: &Guide, out: &mut Outbox) {
    if ui
        .button("💾 Export guide file…")
        .on_hover_text("Save this guide as a file to share with colleagues")
        .clicked()
    {
        match guides::guide_to_ron(g) {
            Ok(text) => out.action(Action::ExportFile {
                file_name: guides::guide_file_name(g),
                extension: "ron",
                text,
            }),
            Err(e) => log::error!("{e}"),
        }
    }
}

fn builtin_guide_view(ui: &mut Ui, g: &Guide, v: &mut InterviewsView, out: &mut Outbox) {
    heading(
        ui,
        &g.name,
        "Built-in guide (read-only). Duplicate it to adapt the questions.",
    );
    ui.horizontal_wrapped(|ui| {
        if ui.button("Duplicate into this session's guides").clicked() {
            let d = guides::duplicate(g);
            v.selected_guide = Some(d.id);
            out.command(Command::Guide(Edit::put(d)));
        }
        export_button(ui, g, out);
    });
    ui.add_space(6.0);
    ui.label(RichText::new("When to use").strong());
    ui.label(&g.when_to_use);
    ui.add_space(6.0);
    let mut section = "";
    for (n, q) in g.questions.iter().enumerate() {
        if q.section != section {
            section = &q.section;
            ui.add_space(4.0);
            ui.label(RichText::new(section).strong());
        }
        ui.label(format!("{}. {}", n + 1, q.text));
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Further reading").strong());
    for r in &g.references {
        ui.label(format!("• {r}"));
    }
}

fn own_guide_editor(
    ui: &mut Ui,
    session: &Session,
    g: &Guide,
    v: &mut InterviewsView,
    out: &mut Outbox,
) {
    heading(
        ui,
        &g.name,
        "This session's own guide: edit, reorder and share it.",
    );
    ui.horizontal_wrapped(|ui| {
        export_button(ui, g, out);
        let users: Vec<&Interview> = session
            .interviews
            .iter()
            .filter(|i| i.guide == Some(g.id))
            .collect();
        if ui
            .button("🗑 Delete guide")
            .on_hover_text(if users.is_empty() {
                "Ctrl+Z brings it back".to_owned()
            } else {
                format!(
                    "{} interviews use it; they keep their asked questions but lose the guide link",
                    users.len()
                )
            })
            .clicked()
        {
            let mut commands: Vec<Command> = users
                .iter()
                .map(|i| {
                    Command::Interview(Edit::put(Interview {
                        guide: None,
                        ..(*i).clone()
                    }))
                })
                .collect();
            commands.push(Command::Guide(Edit::remove(g.id)));
            out.command(Command::Batch {
                label: "Delete guide".into(),
                commands,
            });
            v.selected_guide = None;
        }
    });
    let mut edited: Option<Guide> = None;
    super::widgets::form(ui, "guide_form", |ui| {
        if let Some(t) = text_row(ui, "Guide name", &g.name, "e.g. Deploys on Fridays") {
            edited = Some(Guide {
                name: t,
                ..g.clone()
            });
        }
        if let Some(t) = text_area_row(
            ui,
            "When to use",
            &g.when_to_use,
            "Which studies, which people, how long",
            2,
        ) {
            edited = Some(Guide {
                when_to_use: t,
                ..g.clone()
            });
        }
        if let Some(t) = text_area_row(
            ui,
            "References",
            &g.references.join("\n"),
            "One per line",
            2,
        ) {
            edited = Some(Guide {
                references: t.lines().map(str::to_owned).collect(),
                ..g.clone()
            });
        }
    });
    ui.add_space(8.0);
    ui.label(RichText::new(format!("Questions ({})", g.questions.len())).strong());
    let n = g.questions.len();
    for (idx, q) in g.questions.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{}.", idx + 1));
            if ui
                .add_enabled(idx > 0, egui::Button::new("⬆").small())
                .on_hover_text("Move up")
                .clicked()
            {
                let mut g2 = g.clone();
                g2.questions.swap(idx, idx - 1);
                out.command(Command::Guide(Edit::put(g2)));
            }
            if ui
                .add_enabled(idx + 1 < n, egui::Button::new("⬇").small())
                .on_hover_text("Move down")
                .clicked()
            {
                let mut g2 = g.clone();
                g2.questions.swap(idx, idx + 1);
                out.command(Command::Guide(Edit::put(g2)));
            }
            let mut section = q.section.clone();
            let r = ui.add(
                egui::TextEdit::singleline(&mut section)
                    .hint_text("section")
                    .desired_width(110.0),
            );
            let mut text = q.text.clone();
            let r2 = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .hint_text("The question, asking how rather than why")
                        .desired_width(ui.available_width() - 30.0),
                )
                .on_hover_text(&q.text);
            if r.changed() || r2.changed() {
                let mut g2 = edited.clone().unwrap_or_else(|| g.clone());
                if let Some(q2) = g2.questions.get_mut(idx) {
                    q2.section = section;
                    q2.text = text;
                }
                edited = Some(g2);
            }
            if ui
                .small_button("✖")
                .on_hover_text("Remove this question")
                .clicked()
            {
                let mut g2 = g.clone();
                g2.questions.remove(idx);
                out.command(Command::Guide(Edit::put(g2)));
            }
        });
    }
    if ui.button("➕ Add question").clicked() {
        let mut g2 = g.clone();
        g2.questions.push(GuideQuestion {
            section: g
                .questions
                .last()
                .map(|q| q.section.clone())
                .unwrap_or_default(),
            ..GuideQuestion::default()
        });
        out.command(Command::Guide(Edit::put(g2)));
    }
    if let Some(g2) = edited {
        out.typing(Command::Guide(Edit::put(g2)));
    }
}

/// Stops the clock of whichever interview is running, keeping its elapsed time.
fn pause_running(v: &InterviewsView, session: &Session, now: f64, out: &mut Outbox) {
    if let Some((running, _)) = v.timer
        && let Some(o) = session.interview(running)
    {
        out.command(Command::Interview(Edit::put(Interview {
            duration_secs: v.elapsed(o, now),
            ..o.clone()
        })));
    }
}
