//! Timeline & decisions workspace: a visual timeline (one lane per perspective and a
//! merged lane, pan and zoom, decision points highlighted, differing accounts paired),
//! a sortable table, the event editor and paste import. The sensemaking sub-tabs
//! (tagging, codebook, themes, findings, parking lot) live in `sensemaking.rs`.

pub mod sensemaking;
use super::widgets::{caption, empty_state};
use super::{Action, Outbox, ViewState, shortcuts};
use crate::model::paste::{self, PasteOptions, PasteResult};
use crate::model::search::{Query, perspective_label};
use crate::model::{Command, Edit, EventTime, Id, Perspective, Session, TimelineEvent};
use chrono::{NaiveDate, Utc};
use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, Vec2};

/// The sub-tabs of the workspace.
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
pub enum SenseTab {
    /// The timeline (chart or table).
    #[default]
    Timeline,
    /// Tag statements with codes.
    Tagging,
    /// Edit the codebook.
    Codebook,
    /// Group tagged excerpts into themes.
    Themes,
    /// Contributors, what went well, difficulties, risks, open questions.
    Findings,
    /// Follow-up ideas soaking before anyone acts.
    ParkingLot,
}

impl SenseTab {
    /// All tabs, in order.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        crate::model::session::all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Timeline => "Timeline",
            Self::Tagging => "Tagging",
            Self::Codebook => "Codebook",
            Self::Themes => "Themes",
            Self::Findings => "Findings",
            Self::ParkingLot => "Parking lot",
        }
    }
}

/// Timeline as a chart or as a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TimelineMode {
    /// Lanes on a time axis.
    #[default]
    Chart,
    /// A sortable table.
    Table,
}

/// Columns the table sorts by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SortBy {
    /// Resolved time (unknown last).
    #[default]
    Time,
    /// Perspective.
    Perspective,
    /// Description.
    Description,
}

/// The paste-import dialog's state.
#[derive(Clone, Debug, Default)]
pub struct PasteDialog {
    /// The pasted text.
    pub text: String,
    /// Where it came from (file name), if opened from a file.
    pub source: Option<String>,
    /// The date for lines with only a time of day, as typed.
    pub date: String,
    /// The perspective the events get.
    pub perspective: Perspective,
    /// Also import unreadable lines, as events with no time yet.
    pub keep_unreadable: bool,
    /// The last parse: (text, date, result).
    pub parsed: Option<(String, NaiveDate, PasteResult)>,
}

/// UI state of the Timeline & decisions workspace (one field on [`ViewState`]).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SenseView {
    /// Sub-tab shown.
    pub tab: SenseTab,
    /// Chart or table.
    pub mode: TimelineMode,
    /// Selected timeline event.
    pub selected_event: Option<Id>,
    /// Table sort column and direction.
    pub sort: SortBy,
    /// Sort descending.
    pub sort_desc: bool,
    /// Chart zoom: pixels per second (0 = fit on next frame).
    #[serde(skip)]
    pub px_per_sec: f64,
    /// Chart pan: the time at the left edge (seconds since 1970).
    #[serde(skip)]
    pub left: f64,
    /// Width of the chart's plot last frame, to keep the visible span when it changes.
    #[serde(skip)]
    pub plot_width: f32,
    /// How far the chart's lanes are scrolled down (pixels), when they do not all fit.
    #[serde(skip)]
    pub lane_scroll: f32,
    /// Picking the second event of a differing pair (the first is this one).
    #[serde(skip)]
    pub pair_with: Option<Id>,
    /// The paste-import dialog, when open.
    #[serde(skip)]
    pub paste: Option<PasteDialog>,
    /// Time typed into the editor, for the event it belongs to.
    #[serde(skip)]
    pub time_buf: Option<(Id, String)>,
    /// Offset typed into the editor, for the event it belongs to.
    #[serde(skip)]
    pub offset_buf: Option<(Id, String)>,
    /// Statement selected for tagging.
    pub selected_statement: Option<Id>,
    /// Tagging list: show only statements without tags.
    pub untagged_only: bool,
    /// Interview shown in the tagging list (None: all).
    pub tagging_interview: Option<Id>,
    /// Code selected in the codebook.
    pub selected_code: Option<Id>,
    /// Theme selected.
    pub selected_theme: Option<Id>,
    /// Which findings list is shown.
    pub finding_kind: crate::model::FindingKind,
    /// Filter typed into the code picker when tagging.
    #[serde(skip)]
    pub picker_filter: String,
    /// Filter typed into the evidence pickers.
    #[serde(skip)]
    pub evidence_filter: String,
    /// Filter for the excerpts offered to a theme.
    #[serde(skip)]
    pub excerpt_filter: String,
    /// Text typed for a new code or a rename.
    #[serde(skip)]
    pub code_buf: String,
    /// Rename buffer for the selected code.
    #[serde(skip)]
    pub rename_buf: Option<(Id, String)>,
    /// Last codebook error, shown under the editor.
    #[serde(skip)]
    pub code_error: Option<String>,
    /// Span selected in the statement being tagged (byte range).
    #[serde(skip)]
    pub span: Option<(Id, usize, usize)>,
    /// Soak-until dates typed, per follow-up.
    #[serde(skip)]
    pub date_buf: Option<(Id, String)>,
    /// The search panel.
    #[serde(skip)]
    pub search_open: bool,
    /// The search query.
    #[serde(skip)]
    pub query: Query,
    /// The last search: (session revision, query, results).
    #[serde(skip)]
    pub search_cache: Option<(u64, Query, Vec<crate::model::search::Hit>)>,
    /// The query as last typed and when (to wait for a pause before searching a very
    /// large session again).
    #[serde(skip)]
    pub search_typed: Option<(f64, Query)>,
    /// Focus the search field next frame.
    #[serde(skip)]
    pub search_focus: bool,
    /// An item to scroll to and flash once (set by search).
    #[serde(skip)]
    pub reveal: Option<Id>,
}

/// The Timeline & decisions workspace.
pub fn timeline_ui(ui: &mut Ui, session: &Session, view: &mut ViewState, out: &mut Outbox) {
    // Alt+1 … Alt+6 switch sub-tabs; Escape cancels picking a differing pair.
    ui.input_mut(|i| {
        if let Some(n) = shortcuts::SENSE_TABS.consume_index(i)
            && let Some(tab) = SenseTab::ALL.get(n)
        {
            view.sense.tab = *tab;
        }
        if view.sense.pair_with.is_some() && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)
        {
            view.sense.pair_with = None;
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (n, tab) in SenseTab::ALL.into_iter().enumerate() {
            let count = match tab {
                SenseTab::Timeline => session.timeline.len(),
                SenseTab::Tagging => session.tags.len(),
                SenseTab::Codebook => session.codes.len(),
                SenseTab::Themes => session.themes.len(),
                SenseTab::Findings => session.findings.len(),
                SenseTab::ParkingLot => session.follow_ups.len(),
            };
            let text = if count > 0 {
                format!("{} ({count})", tab.label())
            } else {
                tab.label().to_owned()
            };
            if ui
                .selectable_label(view.sense.tab == tab, RichText::new(text).size(15.0))
                .on_hover_text(format!("Alt+{}", n + 1))
                .clicked()
            {
                view.sense.tab = tab;
            }
        }
        ui.separator();
        if ui
            .button("🔍 Search")
            .on_hover_text("Search the whole session (Ctrl+F)")
            .clicked()
        {
            view.sense.search_open = true;
            view.sense.search_focus = true;
        }
    });
    ui.separator();
    match view.sense.tab {
        SenseTab::Timeline => timeline_tab(ui, session, view, out),
        SenseTab::Tagging => sensemaking::tagging_ui(ui, session, view, out),
        SenseTab::Codebook => sensemaking::codebook_ui(ui, session, view, out),
        SenseTab::Themes => sensemaking::themes_ui(ui, session, view, out),
        SenseTab::Findings => sensemaking::findings_ui(ui, session, view, out),
        SenseTab::ParkingLot => sensemaking::parking_lot_ui(ui, session, view, out),
    }
    paste_dialog(ui, session, view, out);
}

/// A text file picked for paste import arrives here (from the app).
pub fn open_paste(view: &mut ViewState, session: &Session, name: String, text: String) {
    view.workspace = super::Workspace::Timeline;
    view.sense.tab = SenseTab::Timeline;
    // Opened from the dialog: keep the date and perspective already chosen there.
    match &mut view.sense.paste {
        Some(d) => {
            d.text = text;
            d.source = Some(name);
        }
        None => {
            view.sense.paste = Some(PasteDialog {
                text,
                source: Some(name),
                date: default_date(session).format("%Y-%m-%d").to_string(),
                perspective: Perspective::Log,
                keep_unreadable: false,
                parsed: None,
            })
        }
    }
}

// ---------------------------------------------------------------------------
// Times

// One resolution of event times for the whole app, in the model.
pub use crate::model::timeline::{default_date, resolved_time};

/// An event's time as shown in lists.
pub fn time_label(s: &Session, e: &TimelineEvent) -> String {
    match &e.time {
        EventTime::Exact(t) => t.format("%H:%M:%S").to_string(),
        EventTime::Approximate(t) => format!("~{}", t.format("%H:%M")),
        EventTime::Relative {
            anchor,
            offset_secs,
            text,
        } => {
            let base = match resolved_time(s, e) {
                Some((t, _)) => format!("~{}", t.format("%H:%M")),
                None => "?".into(),
            };
            let anchor_desc = anchor
                .and_then(|a| s.timeline.iter().find(|x| x.id == a))
                .map(|a| short(&a.description, 24))
                .unwrap_or_else(|| "(no anchor)".into());
            if text.trim().is_empty() {
                format!(
                    "{base} ({} from {anchor_desc})",
                    paste::fmt_offset(*offset_secs)
                )
            } else {
                format!("{base} (\"{}\")", short(text, 28))
            }
        }
        EventTime::Unknown => "time unknown".into(),
    }
}

/// First `n` characters of a text, on one line, with an ellipsis when cut.
pub fn short(text: &str, n: usize) -> String {
    let one_line = text.lines().next().unwrap_or("");
    let mut out: String = one_line.chars().take(n).collect();
    if one_line.chars().count() > n || text.lines().count() > 1 {
        out.push('…');
    }
    out
}

/// The perspectives present, in lane order: participants (session order), chat,
/// logs, facilitator.
pub fn lanes(s: &Session) -> Vec<Perspective> {
    let mut out: Vec<Perspective> = Vec::new();
    let has = |p: &Perspective| s.timeline.iter().any(|e| &e.perspective == p);
    for p in &s.participants {
        let pp = Perspective::Participant(p.id);
        if has(&pp) {
            out.push(pp);
        }
    }
    // Participants no longer in the session still get a lane.
    for e in &s.timeline {
        if matches!(e.perspective, Perspective::Participant(_)) && !out.contains(&e.perspective) {
            out.push(e.perspective.clone());
        }
    }
    for p in [
        Perspective::Chat,
        Perspective::Log,
        Perspective::Facilitator,
    ] {
        if has(&p) {
            out.push(p);
        }
    }
    out
}

/// Every perspective an event can take (for pickers).
fn all_perspectives(s: &Session) -> Vec<Perspective> {
    let mut v: Vec<Perspective> = s
        .participants
        .iter()
        .map(|p| Perspective::Participant(p.id))
        .collect();
    v.extend([
        Perspective::Chat,
        Perspective::Log,
        Perspective::Facilitator,
    ]);
    v
}

fn lane_color(ui: &Ui, lane: usize) -> Color32 {
    const DARK: [Color32; 6] = [
        Color32::from_rgb(110, 170, 255),
        Color32::from_rgb(120, 210, 140),
        Color32::from_rgb(230, 170, 90),
        Color32::from_rgb(200, 140, 230),
        Color32::from_rgb(100, 210, 210),
        Color32::from_rgb(220, 130, 150),
    ];
    const LIGHT: [Color32; 6] = [
        Color32::from_rgb(30, 90, 200),
        Color32::from_rgb(30, 130, 60),
        Color32::from_rgb(170, 100, 10),
        Color32::from_rgb(130, 60, 170),
        Color32::from_rgb(10, 130, 130),
        Color32::from_rgb(170, 40, 80),
    ];
    if ui.visuals().dark_mode {
        DARK[lane % DARK.len()]
    } else {
        LIGHT[lane % LIGHT.len()]
    }
}

// ---------------------------------------------------------------------------
// The timeline tab

fn timeline_tab(ui: &mut Ui, session: &Session, view: &mut ViewState, out: &mut Outbox) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("➕ Add event")
            .on_hover_text("A new event from the facilitator's perspective; set its time and source on the right")
            .clicked()
        {
            let at = view
                .sense
                .selected_event
                .and_then(|id| session.timeline.iter().position(|e| e.id == id))
                .map(|i| i + 1);
            let e = TimelineEvent {
                id: Id::new(),
                perspective: view
                    .sense
                    .selected_event
                    .and_then(|id| session.timeline.iter().find(|e| e.id == id))
                    .map(|e| e.perspective.clone())
                    .unwrap_or_default(),
                ..TimelineEvent::default()
            };
            view.sense.selected_event = Some(e.id);
            view.focus_request = Some("event_description");
            out.command(Command::TimelineEvent(Edit::Put { item: e, index: at }));
        }
        if ui
            .button("📋 Paste chat or log…")
            .on_hover_text("Turn a pasted excerpt with timestamps into events, one undo step")
            .clicked()
        {
            view.sense.paste = Some(PasteDialog {
                date: default_date(session).format("%Y-%m-%d").to_string(),
                perspective: Perspective::Chat,
                ..PasteDialog::default()
            });
        }
        super::chat_import::import_button(ui, out);
        ui.separator();
        ui.selectable_value(&mut view.sense.mode, TimelineMode::Chart, "📈 Chart");
        ui.selectable_value(&mut view.sense.mode, TimelineMode::Table, "☰ Table");
        if view.sense.mode == TimelineMode::Chart {
            ui.separator();
            if ui.button("Fit").on_hover_text("Show every timed event").clicked() {
                view.sense.px_per_sec = 0.0;
            }
            if ui.button("➖").on_hover_text("Zoom out (or Ctrl+scroll)").clicked() {
                zoom_about_center(&mut view.sense, 1.0 / 1.5);
            }
            if ui.button("➕").on_hover_text("Zoom in (or Ctrl+scroll)").clicked() {
                zoom_about_center(&mut view.sense, 1.5);
            }
        }
        if let Some(first) = view.sense.pair_with {
            ui.separator();
            let d = session
                .timeline
                .iter()
                .find(|e| e.id == first)
                .map(|e| short(&e.description, 30))
                .unwrap_or_default();
            ui.label(
                RichText::new(format!("Pick the other account of \"{d}\""))
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Cancel pairing").clicked() {
                view.sense.pair_with = None;
            }
        }
    });
    ui.add_space(4.0);
    if session.timeline.is_empty() {
        empty_state(
            ui,
            "No timeline events yet",
            "Add events from each perspective (participants, chat, logs, your own reconstruction), or paste a chat or log excerpt with timestamps. Differences between accounts are data: keep both and mark them as differing.",
        );
        return;
    }
    if let Some(id) = super::milestones::first_half_hour_strip(ui, session) {
        view.sense.selected_event = Some(id);
    }
    let selected = view
        .sense
        .selected_event
        .and_then(|id| session.timeline.iter().find(|e| e.id == id));
    if let Some(e) = selected {
        // Beside the chart when there is room, under it on small windows.
        let panel = if ui.available_width() >= 900.0 {
            egui::Panel::right("timeline_event_editor")
                .default_size(340.0)
                .min_size(260.0)
        } else {
            egui::Panel::bottom("timeline_event_editor_below")
                .default_size(240.0)
                .min_size(160.0)
        };
        panel.resizable(true).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| event_editor(ui, session, e, view, out));
        });
    }
    egui::CentralPanel::default_margins().show(ui, |ui| match view.sense.mode {
        TimelineMode::Chart => chart(ui, session, view, out),
        TimelineMode::Table => table(ui, session, view, out),
    });
}

/// Zooms the chart keeping the middle of the view where it is.
fn zoom_about_center(v: &mut SenseView, factor: f64) {
    if v.px_per_sec <= 0.0 {
        return;
    }
    let half = v.plot_width.max(1.0) as f64 / 2.0;
    let center = v.left + half / v.px_per_sec;
    v.px_per_sec = (v.px_per_sec * factor).clamp(1e-5, 50.0);
    v.left = center - half / v.px_per_sec;
}

/// Selects an event, or completes a differing pair when one is being picked.
fn pick_event(session: &Session, view: &mut ViewState, out: &mut Outbox, id: Id) {
    if let Some(first) = view.sense.pair_with.take()
        && first != id
    {
        if let Some(c) = differ_command(session, first, id, true) {
            out.command(c);
        }
        view.sense.selected_event = Some(first);
        return;
    }
    view.sense.selected_event = Some(id);
}

/// Marks (or unmarks) two events as differing accounts of the same moment, both ways,
/// as one undo step. Both events are kept.
pub fn differ_command(s: &Session, a: Id, b: Id, differ: bool) -> Option<Command> {
    let ea = s.timeline.iter().find(|e| e.id == a)?;
    let eb = s.timeline.iter().find(|e| e.id == b)?;
    let mut ea = ea.clone();
    let mut eb = eb.clone();
    if differ {
        if !ea.differs_from.contains(&b) {
            ea.differs_from.push(b);
        }
        if !eb.differs_from.contains(&a) {
            eb.differs_from.push(a);
        }
    } else {
        ea.differs_from.retain(|x| *x != b);
        eb.differs_from.retain(|x| *x != a);
    }
    Some(Command::Batch {
        label: if differ {
            "Mark accounts as differing".into()
        } else {
            "Unmark differing accounts".into()
        },
        commands: vec![
            Command::TimelineEvent(Edit::put(ea)),
            Command::TimelineEvent(Edit::put(eb)),
        ],
    })
}

/// Removes an event and the references other events hold to it, as one undo step.
fn delete_event_command(s: &Session, id: Id) -> Command {
    let mut commands = Vec::new();
    for e in &s.timeline {
        if e.id == id {
            continue;
        }
        let mut changed = e.clone();
        changed.differs_from.retain(|x| *x != id);
        if let EventTime::Relative { anchor, .. } = &mut changed.time
            && *anchor == Some(id)
        {
            // Keep the words; the event loses only its anchor.
            *anchor = None;
        }
        if &changed != e {
            commands.push(Command::TimelineEvent(Edit::put(changed)));
        }
    }
    commands.push(Command::TimelineEvent(Edit::remove(id)));
    Command::Batch {
        label: "Remove timeline event".into(),
        commands,
    }
}

fn event_editor(
    ui: &mut Ui,
    s: &Session,
    e: &TimelineEvent,
    view: &mut ViewState,
    out: &mut Outbox,
) {
    ui.horizontal(|ui| {
        ui.heading("Event");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("✖").on_hover_text("Close the editor").clicked() {
                view.sense.selected_event = None;
            }
        });
    });
    let mut edited: Option<TimelineEvent> = None;
    let mut typed = false;

    let l = ui.label("Description");
    let mut desc = e.description.clone();
    let r = ui
        .add(
            egui::TextEdit::multiline(&mut desc)
                .hint_text("What happened, in the words of this perspective")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    if view.focus_request == Some("event_description") {
        r.request_focus();
        view.focus_request = None;
    }
    if r.changed() {
        let mut n = e.clone();
        n.description = desc;
        edited = Some(n);
        typed = true;
    }

    ui.add_space(6.0);
    ui.label("Whose account");
    ui.horizontal_wrapped(|ui| {
        for p in all_perspectives(s) {
            let selected = e.perspective == p;
            if ui
                .selectable_label(selected, perspective_label(s, &p))
                .clicked()
                && !selected
            {
                let mut n = edited.clone().unwrap_or_else(|| e.clone());
                n.perspective = p;
                edited = Some(n);
            }
        }
    });

    ui.add_space(6.0);
    ui.label("When");
    let kind = match e.time {
        EventTime::Exact(_) => 0,
        EventTime::Approximate(_) => 1,
        EventTime::Relative { .. } => 2,
        EventTime::Unknown => 3,
    };
    let resolved = resolved_time(s, e).map(|(t, _)| t);
    ui.horizontal_wrapped(|ui| {
        for (i, label) in ["Exact", "About", "Relative", "Unknown"]
            .into_iter()
            .enumerate()
        {
            if ui.selectable_label(kind == i, label).clicked() && kind != i {
                let base = resolved.unwrap_or_else(|| {
                    default_date(s)
                        .and_hms_opt(0, 0, 0)
                        .map(|d| d.and_utc())
                        .unwrap_or_else(Utc::now)
                });
                let mut n = edited.clone().unwrap_or_else(|| e.clone());
                n.time = match i {
                    0 => EventTime::Exact(base),
                    1 => EventTime::Approximate(base),
                    2 => EventTime::Relative {
                        anchor: None,
                        offset_secs: 0,
                        text: String::new(),
                    },
                    _ => EventTime::Unknown,
                };
                edited = Some(n);
                view.sense.time_buf = None;
                view.sense.offset_buf = None;
            }
        }
    });
    match &e.time {
        EventTime::Exact(t) | EventTime::Approximate(t) => {
            if view
                .sense
                .time_buf
                .as_ref()
                .is_none_or(|(id, _)| *id != e.id)
            {
                view.sense.time_buf = Some((e.id, t.format("%Y-%m-%d %H:%M:%S").to_string()));
            }
            if let Some((_, buf)) = &mut view.sense.time_buf {
                let l = ui.label("Time");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(buf)
                            .hint_text("09:12, 09:12:30 or 2026-04-06 09:12")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                let parsed = paste::parse_time_input(buf, t.date_naive());
                if r.changed()
                    && let Some(nt) = parsed
                {
                    let mut n = edited.clone().unwrap_or_else(|| e.clone());
                    n.time = match e.time {
                        EventTime::Approximate(_) => EventTime::Approximate(nt),
                        _ => EventTime::Exact(nt),
                    };
                    edited = Some(n);
                    typed = true;
                }
                if parsed.is_none() {
                    ui.label(
                        RichText::new("Not a time we can read: try 09:12 or 2026-04-06 09:12:30")
                            .small()
                            .color(ui.visuals().warn_fg_color),
                    );
                }
            }
        }
        EventTime::Relative {
            anchor,
            offset_secs,
            text,
        } => {
            let anchor_label = anchor
                .and_then(|a| s.timeline.iter().find(|x| x.id == a))
                .map(|a| format!("{} {}", time_label(s, a), short(&a.description, 30)))
                .unwrap_or_else(|| "Choose the event it is relative to".into());
            let relative_to = ui.label("Relative to");
            egui::ComboBox::from_id_salt("relative_anchor")
                .selected_text(anchor_label)
                .width(ui.available_width() - 8.0)
                .show_ui(ui, |ui| {
                    for other in s.timeline.iter().filter(|x| x.id != e.id) {
                        let label =
                            format!("{} {}", time_label(s, other), short(&other.description, 40));
                        if ui
                            .selectable_label(*anchor == Some(other.id), label)
                            .clicked()
                        {
                            let mut n = edited.clone().unwrap_or_else(|| e.clone());
                            n.time = EventTime::Relative {
                                anchor: Some(other.id),
                                offset_secs: *offset_secs,
                                text: text.clone(),
                            };
                            edited = Some(n);
                        }
                    }
                })
                .response
                .labelled_by(relative_to.id);
            if view
                .sense
                .offset_buf
                .as_ref()
                .is_none_or(|(id, _)| *id != e.id)
            {
                view.sense.offset_buf = Some((e.id, paste::fmt_offset(*offset_secs)));
            }
            if let Some((_, buf)) = &mut view.sense.offset_buf {
                let l = ui.label("Offset");
                let r = ui
                    .add(egui::TextEdit::singleline(buf).hint_text("+10m, -90s, 1h30m"))
                    .labelled_by(l.id);
                let parsed = paste::parse_offset(buf);
                if r.changed()
                    && let Some(o) = parsed
                {
                    let mut n = edited.clone().unwrap_or_else(|| e.clone());
                    n.time = EventTime::Relative {
                        anchor: *anchor,
                        offset_secs: o,
                        text: text.clone(),
                    };
                    edited = Some(n);
                    typed = true;
                }
                if parsed.is_none() {
                    caption(ui, "Offsets look like +10m, -90s or 1h30m.");
                }
            }
            let l = ui.label("As it was said");
            let mut words = text.clone();
            if ui
                .add(
                    egui::TextEdit::singleline(&mut words)
                        .hint_text("\"~10 min after the alert\"")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .changed()
            {
                let mut n = edited.clone().unwrap_or_else(|| e.clone());
                n.time = EventTime::Relative {
                    anchor: *anchor,
                    offset_secs: *offset_secs,
                    text: words,
                };
                edited = Some(n);
                typed = true;
            }
        }
        EventTime::Unknown => caption(
            ui,
            "Not placed on the chart until it has a time; it is listed under it.",
        ),
    }

    ui.add_space(6.0);
    let dp_heading = ui.label("Decision point");
    let dp_label = e
        .decision_point
        .and_then(|d| s.decision_points.iter().find(|x| x.id == d))
        .map(|d| short(&d.title, 40))
        .unwrap_or_else(|| "None".into());
    egui::ComboBox::from_id_salt("event_decision_point")
        .selected_text(dp_label)
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(e.decision_point.is_none(), "None")
                .clicked()
            {
                let mut n = edited.clone().unwrap_or_else(|| e.clone());
                n.decision_point = None;
                edited = Some(n);
            }
            for d in &s.decision_points {
                if ui
                    .selectable_label(e.decision_point == Some(d.id), short(&d.title, 50))
                    .clicked()
                {
                    let mut n = edited.clone().unwrap_or_else(|| e.clone());
                    n.decision_point = Some(d.id);
                    edited = Some(n);
                }
            }
        })
        .response
        .labelled_by(dp_heading.id);
    if s.decision_points.is_empty() {
        caption(
            ui,
            "Decision points made in the Interviews workspace can be marked here.",
        );
    } else if let Some(d) = e.decision_point
        && ui
            .link("How did it make sense? Open the decision point")
            .clicked()
    {
        sensemaking::jump_to(s, view, crate::model::search::Target::DecisionPoint(d));
    }

    ui.add_space(6.0);
    if let Some(n) = super::milestones::milestone_editor(ui, edited.as_ref().unwrap_or(e)) {
        edited = Some(n);
    }
    ui.add_space(6.0);
    ui.label(format!("Evidence ({})", e.evidence.len()));
    let mut remove_evidence = None;
    for id in &e.evidence {
        ui.horizontal(|ui| {
            if ui
                .small_button("✖")
                .on_hover_text("Remove this evidence link")
                .clicked()
            {
                remove_evidence = Some(*id);
            }
            sensemaking::statement_chip(ui, s, *id);
        });
    }
    if let Some(id) = remove_evidence {
        let mut n = edited.clone().unwrap_or_else(|| e.clone());
        n.evidence.retain(|x| *x != id);
        edited = Some(n);
    }
    if let Some(id) = sensemaking::statement_picker(
        ui,
        s,
        "event_evidence",
        &e.evidence,
        &mut view.sense.evidence_filter,
    ) {
        let mut n = edited.clone().unwrap_or_else(|| e.clone());
        n.evidence.push(id);
        edited = Some(n);
    }

    ui.add_space(6.0);
    ui.label("Differing accounts");
    for other_id in &e.differs_from {
        let other = s.timeline.iter().find(|x| x.id == *other_id);
        ui.horizontal(|ui| {
            if ui
                .small_button("✖")
                .on_hover_text("These are not two accounts of the same moment")
                .clicked()
                && let Some(c) = differ_command(s, e.id, *other_id, false)
            {
                out.command(c);
            }
            match other {
                Some(o) => {
                    if ui
                        .link(format!(
                            "≠ {} · {} · {}",
                            perspective_label(s, &o.perspective),
                            time_label(s, o),
                            short(&o.description, 40)
                        ))
                        .clicked()
                    {
                        view.sense.selected_event = Some(o.id);
                    }
                }
                None => {
                    ui.label("(removed event)");
                }
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        ui.menu_button("≠ Mark as differing from…", |ui| {
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for o in s
                        .timeline
                        .iter()
                        .filter(|x| x.id != e.id && !e.differs_from.contains(&x.id))
                    {
                        let label = format!(
                            "≠ {} · {} · {}",
                            perspective_label(s, &o.perspective),
                            time_label(s, o),
                            short(&o.description, 40)
                        );
                        if ui.button(label).clicked()
                            && let Some(c) = differ_command(s, e.id, o.id, true)
                        {
                            out.command(c);
                            ui.close();
                        }
                    }
                });
        });
        if view.sense.mode == TimelineMode::Chart
            && ui
                .button("Pick on chart")
                .on_hover_text("Click the other account's mark on the chart")
                .clicked()
        {
            view.sense.pair_with = Some(e.id);
        }
    });
    caption(
        ui,
        "Two accounts of one moment that do not match are both kept: the difference is data.",
    );

    ui.add_space(10.0);
    if ui.button("🗑 Remove event").clicked() {
        out.command(delete_event_command(s, e.id));
        view.sense.selected_event = None;
    }

    if let Some(n) = edited {
        let c = Command::TimelineEvent(Edit::put(n));
        if typed {
            out.typing(c);
        } else {
            out.command(c);
        }
    }
}

// ---------------------------------------------------------------------------
// The chart

const LANE_H: f32 = 64.0;
const LABEL_W: f32 = 130.0;
const AXIS_H: f32 = 24.0;

fn nice_step(px_per_sec: f64) -> f64 {
    const STEPS: [f64; 16] = [
        1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 10800.0,
        21600.0, 43200.0, 86400.0,
    ];
    STEPS
        .into_iter()
        .find(|s| s * px_per_sec >= 90.0)
        .unwrap_or(86400.0 * 7.0)
}

/// What the chart draws, derived from the session once per revision: every event
/// resolved to a time, sorted, and split into lanes. Doing this every frame made a
/// timeline of thousands of events lag.
#[derive(Default)]
struct ChartData {
    /// The perspectives with events, in lane order.
    lanes: Vec<Perspective>,
    /// Row names: "All (merged)", then one per lane.
    row_names: Vec<String>,
    /// Timed events: index in the session's timeline, seconds, approximate; by time.
    timed: Vec<(usize, f64, bool)>,
    /// Per lane (row - 1): indices into `timed`, by time.
    lane_events: Vec<Vec<usize>>,
    /// The merged row: every index into `timed`.
    merged: Vec<usize>,
    /// Events without a time (indices in the session's timeline).
    untimed: Vec<usize>,
    /// Each timed event's row (1-based lane) and time, for links between accounts.
    place: std::collections::HashMap<Id, (usize, f64)>,
}

impl ChartData {
    fn new(s: &Session) -> Self {
        let times = crate::model::timeline::TimelineTimes::new(&s.timeline);
        let lanes = lanes(s);
        let lane_of: std::collections::HashMap<&Perspective, usize> =
            lanes.iter().enumerate().map(|(i, p)| (p, i)).collect();
        let mut timed = Vec::new();
        let mut untimed = Vec::new();
        for i in 0..s.timeline.len() {
            match times.get(i) {
                Some((t, approx)) => timed.push((i, t.timestamp_millis() as f64 / 1000.0, approx)),
                None => untimed.push(i),
            }
        }
        timed.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut lane_events = vec![Vec::new(); lanes.len()];
        let mut place = std::collections::HashMap::new();
        for (k, (i, t, _)) in timed.iter().enumerate() {
            let e = &s.timeline[*i];
            if let Some(&lane) = lane_of.get(&e.perspective) {
                lane_events[lane].push(k);
                place.insert(e.id, (lane + 1, *t));
            }
        }
        let mut row_names = vec!["All (merged)".to_owned()];
        row_names.extend(lanes.iter().map(|p| perspective_label(s, p)));
        Self {
            lanes,
            row_names,
            merged: (0..timed.len()).collect(),
            timed,
            lane_events,
            untimed,
            place,
        }
    }

    /// The chart data for the session at `revision`, from the cache when it is current.
    fn cached(ui: &Ui, s: &Session, revision: u64) -> std::sync::Arc<Self> {
        #[derive(Clone, Default)]
        struct Cache(Option<(u64, std::sync::Arc<ChartData>)>);
        let id = egui::Id::unique("timeline_chart_data");
        if let Some((rev, data)) = ui.data(|d| d.get_temp::<Cache>(id)).and_then(|c| c.0)
            && rev == revision
        {
            return data;
        }
        let data = std::sync::Arc::new(Self::new(s));
        ui.data_mut(|d| d.insert_temp(id, Cache(Some((revision, data.clone())))));
        data
    }
}

fn chart(ui: &mut Ui, s: &Session, view: &mut ViewState, out: &mut Outbox) {
    let data = ChartData::cached(ui, s, view.revision);
    let lanes = &data.lanes;
    let timed = &data.timed;
    let rows = lanes.len() + 1;
    let untimed_h = if data.untimed.is_empty() { 0.0 } else { 120.0 };
    // Room under the chart for the line about panning (two lines on narrow windows).
    let hint_h = 44.0;
    let height = (AXIS_H + rows as f32 * LANE_H + 8.0)
        .min((ui.available_height() - untimed_h - hint_h).max(160.0));
    // Lanes shrink on small windows; fewer label lines fit then. When even the smallest
    // lanes do not all fit, the merged lane stays and the others scroll.
    let lane_h = ((height - AXIS_H - 8.0) / rows as f32).clamp(30.0, LANE_H);
    let slots = (((lane_h - 24.0) / 13.0) as usize).clamp(1, 3);
    let shown_rows = (((height - AXIS_H - 8.0) / lane_h).floor() as usize).clamp(1, rows);
    let hidden_lanes = rows - shown_rows;
    let max_scroll = hidden_lanes as f32 * lane_h;
    view.sense.lane_scroll = view.sense.lane_scroll.clamp(0.0, max_scroll);
    let first_lane = (view.sense.lane_scroll / lane_h).round() as usize;
    // The rows on screen: the merged one, then lanes from the scroll position.
    let row_at = |slot: usize| if slot == 0 { 0 } else { first_lane + slot };
    let slot_of = |row: usize| {
        if row == 0 {
            Some(0)
        } else if row > first_lane && row < first_lane + shown_rows {
            Some(row - first_lane)
        } else {
            None
        }
    };
    let (resp, painter) = ui.allocate_painter(
        Vec2::new(ui.available_width(), height),
        Sense::click_and_drag(),
    );
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Canvas,
            true,
            "Timeline chart: after a click, arrows pan and scroll the lanes, + and - zoom",
        )
    });
    let rect = resp.rect;
    let plot = Rect::from_min_max(Pos2::new(rect.left() + LABEL_W, rect.top()), rect.max);
    let visuals = ui.visuals().clone();
    painter.rect_filled(rect, 4.0, visuals.extreme_bg_color);

    // Fit when asked (or first shown).
    if view.sense.px_per_sec <= 0.0 || !view.sense.px_per_sec.is_finite() {
        view.sense.plot_width = plot.width();
        // Sorted by time: the first and last are the ends.
        let (min, max) = match (timed.first(), timed.last()) {
            (Some(a), Some(b)) => (a.1, b.1),
            _ => (0.0, 0.0),
        };
        if timed.is_empty() {
            view.sense.px_per_sec = 0.2;
            view.sense.left = 0.0;
        } else {
            let span = (max - min).max(300.0);
            // Room on the right for the last event's label.
            view.sense.px_per_sec = (plot.width() as f64 - 200.0).max(100.0) / span;
            view.sense.left = min - 30.0 / view.sense.px_per_sec;
        }
    }
    // Keep the same stretch of time in view when the editor opens or the window resizes.
    let w = plot.width();
    if view.sense.plot_width > 1.0 && (view.sense.plot_width - w).abs() > 0.5 {
        let center = view.sense.left + view.sense.plot_width as f64 / 2.0 / view.sense.px_per_sec;
        view.sense.px_per_sec *= (w / view.sense.plot_width) as f64;
        view.sense.left = center - w as f64 / 2.0 / view.sense.px_per_sec;
    }
    view.sense.plot_width = w;
    // Pan (drag, scroll) and zoom (Ctrl+scroll, pinch) around the pointer.
    if resp.dragged() {
        view.sense.left -= resp.drag_delta().x as f64 / view.sense.px_per_sec;
    }
    if resp.hovered() {
        let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
        if (zoom - 1.0).abs() > f32::EPSILON {
            let px = resp
                .hover_pos()
                .map(|p| (p.x - plot.left()) as f64)
                .unwrap_or(0.0);
            let at = view.sense.left + px / view.sense.px_per_sec;
            view.sense.px_per_sec = (view.sense.px_per_sec * zoom as f64).clamp(1e-5, 50.0);
            view.sense.left = at - px / view.sense.px_per_sec;
        } else {
            if scroll.x.abs() > 0.0 {
                view.sense.left -= scroll.x as f64 / view.sense.px_per_sec;
            }
            // Scrolling up and down moves through the lanes that do not fit.
            if scroll.y.abs() > 0.0 && hidden_lanes > 0 {
                view.sense.lane_scroll = (view.sense.lane_scroll - scroll.y).clamp(0.0, max_scroll);
            }
        }
    }
    let pps = view.sense.px_per_sec;
    let left = view.sense.left;
    let x_of = |t: f64| plot.left() + ((t - left) * pps) as f32;

    // Axis and grid.
    let step = nice_step(pps);
    let first = (left / step).floor() * step;
    let mut t = first;
    let grid = Stroke::new(
        1.0,
        visuals
            .widgets
            .noninteractive
            .bg_stroke
            .color
            .gamma_multiply(0.5),
    );
    // Bounded, in case a far-away pan makes the steps vanish in rounding.
    let mut ticks = 0;
    while x_of(t) < plot.right() && ticks < 400 {
        ticks += 1;
        let x = x_of(t);
        if x >= plot.left() {
            painter.line_segment(
                [
                    Pos2::new(x, plot.top() + AXIS_H - 4.0),
                    Pos2::new(x, plot.bottom()),
                ],
                grid,
            );
            if let Some(dt) = chrono::DateTime::<Utc>::from_timestamp(t as i64, 0) {
                let fmt = if step < 60.0 {
                    "%H:%M:%S"
                } else if step >= 86400.0 {
                    "%d %b"
                } else {
                    "%H:%M"
                };
                painter.text(
                    Pos2::new(x + 3.0, plot.top() + 4.0),
                    Align2::LEFT_TOP,
                    dt.format(fmt).to_string(),
                    FontId::monospace(11.0),
                    visuals.weak_text_color(),
                );
            }
        }
        t += step;
    }
    if let Some(dt) = chrono::DateTime::<Utc>::from_timestamp(left.max(0.0) as i64, 0) {
        painter.text(
            Pos2::new(rect.left() + 6.0, rect.top() + 4.0),
            Align2::LEFT_TOP,
            dt.format("%a %d %b %Y").to_string(),
            FontId::proportional(11.0),
            visuals.weak_text_color(),
        );
    }

    // Lanes: merged first, then one per perspective (those scrolled into view).
    let lane_top = |slot: usize| rect.top() + AXIS_H + slot as f32 * lane_h;
    for slot in 0..shown_rows {
        let i = row_at(slot);
        let Some(name) = data.row_names.get(i) else {
            continue;
        };
        let top = lane_top(slot);
        if i % 2 == 1 {
            painter.rect_filled(
                Rect::from_min_max(
                    Pos2::new(rect.left(), top),
                    Pos2::new(rect.right(), top + lane_h),
                ),
                0.0,
                visuals.faint_bg_color,
            );
        }
        painter.text(
            Pos2::new(rect.left() + 8.0, top + lane_h / 2.0),
            Align2::LEFT_CENTER,
            short(name, 16),
            FontId::proportional(13.0),
            if i == 0 {
                visuals.strong_text_color()
            } else {
                lane_color(ui, i - 1)
            },
        );
    }
    painter.line_segment(
        [
            Pos2::new(plot.left(), rect.top()),
            Pos2::new(plot.left(), rect.bottom()),
        ],
        visuals.widgets.noninteractive.bg_stroke,
    );

    // Marks: only the stretch of time in view is visited (events are sorted), and a
    // mark that would land on the previous one is not drawn again — so the cost follows
    // the width of the chart, not the number of events.
    let clip = painter.with_clip_rect(plot);
    let hover = resp.hover_pos();
    let mut hovered: Option<&TimelineEvent> = None;
    let dp_color = Color32::from_rgb(240, 190, 40);
    let t_from = left - 200.0 / pps;
    let t_to = left + (plot.width() as f64 + 10.0) / pps;
    for slot in 0..shown_rows {
        let row = row_at(slot);
        let events: &[usize] = if row == 0 {
            &data.merged
        } else {
            match data.lane_events.get(row - 1) {
                Some(v) => v,
                None => continue,
            }
        };
        let lo = events.partition_point(|k| timed[*k].1 < t_from);
        let hi = events.partition_point(|k| timed[*k].1 <= t_to);
        // Stagger labels in up to three lines so neighbours do not overlap.
        let mut label_ends = [f32::MIN; 3];
        let mut last_mark = [f32::MIN; 2];
        let cy = lane_top(slot) + if lane_h < 40.0 { 10.0 } else { 16.0 };
        for k in &events[lo..hi] {
            let (i, t, approx) = timed[*k];
            let e = &s.timeline[i];
            let x = x_of(t);
            let p = Pos2::new(x, cy);
            if hover.is_some_and(|h| h.distance(p) < 9.0) {
                hovered = Some(e);
            }
            let selected = view.sense.selected_event == Some(e.id);
            let is_dp = e.decision_point.is_some();
            // Decision points and other events are thinned separately, so a diamond
            // is never hidden behind a plain mark.
            let last = &mut last_mark[usize::from(is_dp)];
            if x - *last < 4.0 && !selected {
                continue; // indistinguishable from the mark just drawn
            }
            *last = x;
            let lane_i = data.place.get(&e.id).map_or(0, |(row, _)| row - 1);
            let color = lane_color(ui, lane_i);
            if is_dp {
                let r = 9.0;
                clip.add(Shape::convex_polygon(
                    vec![
                        p + Vec2::new(0.0, -r),
                        p + Vec2::new(r, 0.0),
                        p + Vec2::new(0.0, r),
                        p + Vec2::new(-r, 0.0),
                    ],
                    dp_color,
                    Stroke::new(1.5, color),
                ));
            } else if approx {
                // Approximate: hollow mark with a whisker for the uncertainty.
                clip.line_segment(
                    [p - Vec2::new(10.0, 0.0), p + Vec2::new(10.0, 0.0)],
                    Stroke::new(1.5, color),
                );
                clip.circle_stroke(p, 5.0, Stroke::new(2.0, color));
            } else {
                clip.circle_filled(p, 5.0, color);
            }
            if selected {
                clip.circle_stroke(p, 10.0, Stroke::new(2.0, visuals.selection.stroke.color));
            }
            if !e.differs_from.is_empty() {
                clip.text(
                    p + Vec2::new(0.0, -12.0),
                    Align2::CENTER_BOTTOM,
                    "≠",
                    FontId::proportional(13.0),
                    visuals.warn_fg_color,
                );
            }
            // No free line: leave the label out (hover shows it) rather than overprint.
            if let Some(slot) = (0..slots).find(|i| label_ends[*i] < x) {
                let label = format!(
                    "{}{}",
                    if is_dp { "♦ " } else { "" },
                    short(&crate::model::chat::attributed_description(s, e), 28)
                );
                let galley =
                    clip.layout_no_wrap(label, FontId::proportional(12.0), visuals.text_color());
                let lp = Pos2::new(x - 4.0, cy + 8.0 + slot as f32 * 13.0);
                label_ends[slot] = lp.x + galley.size().x + 6.0;
                clip.galley(lp, galley, visuals.text_color());
            }
        }
    }
    // Differing pairs: a dashed link between the two accounts in their own lanes.
    let mark_at = |id: &Id| {
        let (row, t) = *data.place.get(id)?;
        let slot = slot_of(row)?;
        Some(Pos2::new(
            x_of(t),
            lane_top(slot) + if lane_h < 40.0 { 10.0 } else { 16.0 },
        ))
    };
    for e in s.timeline.iter().filter(|e| !e.differs_from.is_empty()) {
        for other in &e.differs_from {
            if e.id >= *other {
                continue; // draw each pair once
            }
            if let (Some(pa), Some(pb)) = (mark_at(&e.id), mark_at(other)) {
                if pa.x.max(pb.x) < plot.left() || pa.x.min(pb.x) > plot.right() {
                    continue;
                }
                let stroke = Stroke::new(2.0, visuals.warn_fg_color);
                if (pa.y - pb.y).abs() < 1.0 {
                    let mid = Pos2::new((pa.x + pb.x) / 2.0, pa.y - 22.0);
                    clip.extend(Shape::dashed_line(&[pa, mid, pb], stroke, 5.0, 4.0));
                } else {
                    clip.extend(Shape::dashed_line(&[pa, pb], stroke, 5.0, 4.0));
                }
                clip.text(
                    Pos2::new((pa.x + pb.x) / 2.0 + 6.0, (pa.y + pb.y) / 2.0),
                    Align2::LEFT_CENTER,
                    "differ",
                    FontId::proportional(11.0),
                    visuals.warn_fg_color,
                );
            }
        }
    }
    if let Some(e) = hovered {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        resp.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} · {}",
                    time_label(s, e),
                    perspective_label(s, &e.perspective)
                ))
                .strong(),
            );
            ui.label(crate::model::chat::attributed_description(s, e));
            if let Some(d) = e
                .decision_point
                .and_then(|d| s.decision_points.iter().find(|x| x.id == d))
            {
                ui.label(RichText::new(format!("♦ Decision point: {}", d.title)).color(dp_color));
            }
            if !e.differs_from.is_empty() {
                ui.label(
                    RichText::new("≠ Another account of this moment differs")
                        .color(ui.visuals().warn_fg_color),
                );
            }
            caption(
                ui,
                &format!("{} evidence links · click to edit", e.evidence.len()),
            );
        });
    }
    if resp.clicked() {
        match hovered {
            Some(e) => pick_event(s, view, out, e.id),
            None => view.sense.pair_with = None,
        }
    }
    // Double-click on empty space: a new event at about that time, in that lane.
    if resp.double_clicked()
        && hovered.is_none()
        && let Some(pos) = resp.interact_pointer_pos()
        && pos.x > plot.left()
        && pos.y > rect.top() + AXIS_H
    {
        let secs = left + (pos.x - plot.left()) as f64 / pps;
        let row = row_at(((pos.y - rect.top() - AXIS_H) / lane_h) as usize);
        let perspective = if row == 0 {
            Perspective::Facilitator
        } else {
            lanes.get(row - 1).cloned().unwrap_or_default()
        };
        // Rounded to the minute: a click is never more exact than that.
        let minute = ((secs / 60.0).round() as i64).saturating_mul(60);
        if let Some(t) = chrono::DateTime::<Utc>::from_timestamp(minute, 0) {
            let e = TimelineEvent {
                id: Id::new(),
                time: EventTime::Approximate(t),
                perspective,
                ..TimelineEvent::default()
            };
            view.sense.selected_event = Some(e.id);
            view.focus_request = Some("event_description");
            out.command(Command::TimelineEvent(Edit::put(e)));
        }
    }
    // Keys while the chart has the keyboard focus (a click on it gives it, and a
    // ring shows it): arrows pan and scroll the lanes, + and - zoom.
    if resp.is_pointer_button_down_on() || resp.clicked() {
        resp.request_focus();
    }
    if resp.has_focus() {
        super::focus::lock_arrows(ui, resp.id);
        painter.rect_stroke(
            rect.shrink(1.0),
            4.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Inside,
        );
        let pan = ui.input(|i| shortcuts::CHART_PAN.pressed(i));
        let lanes = ui.input(|i| shortcuts::CHART_LANES.pressed(i));
        let zoom = ui.input(|i| shortcuts::CHART_ZOOM.pressed(i));
        let (l, r) = (pan == Some(0), pan == Some(1));
        let (up, down) = (lanes == Some(0), lanes == Some(1));
        let (zin, zout) = (matches!(zoom, Some(0 | 1)), zoom == Some(2));
        // Up and down step through lanes that do not fit.
        if up {
            view.sense.lane_scroll = (view.sense.lane_scroll - lane_h).max(0.0);
        }
        if down {
            view.sense.lane_scroll = (view.sense.lane_scroll + lane_h).min(max_scroll);
        }
        let span = plot.width() as f64 / pps;
        if l {
            view.sense.left -= span * 0.2;
        }
        if r {
            view.sense.left += span * 0.2;
        }
        if zin || zout {
            zoom_about_center(&mut view.sense, if zin { 1.5 } else { 1.0 / 1.5 });
        }
    }
    ui.horizontal_wrapped(|ui| {
        if hidden_lanes > 0 {
            let last = (first_lane + shown_rows - 1).min(lanes.len());
            ui.label(
                RichText::new(format!(
                    "Lanes {}–{last} of {} · scroll up or down (or press Up/Down) for the others",
                    first_lane + 1,
                    lanes.len()
                ))
                .small()
                .strong(),
            );
        }
        caption(ui, "Drag, scroll sideways or arrow keys to pan · Ctrl+scroll or +/- to zoom · double-click to add an event · ⏺ exact · ○ approximate · ♦ decision point · ≠ differing accounts");
    });
    if !data.untimed.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new(format!("No time yet ({})", data.untimed.len())).strong());
        let row_h = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt("untimed")
            .max_height(90.0)
            .show_rows(ui, row_h, data.untimed.len(), |ui, range| {
                for e in data.untimed[range]
                    .iter()
                    .filter_map(|i| s.timeline.get(*i))
                {
                    let text = format!(
                        "{} · {}",
                        perspective_label(s, &e.perspective),
                        short(&e.description, 80)
                    );
                    if ui
                        .selectable_label(view.sense.selected_event == Some(e.id), text)
                        .clicked()
                    {
                        pick_event(s, view, out, e.id);
                    }
                }
            });
    }
}

// ---------------------------------------------------------------------------
// The table

fn table(ui: &mut Ui, s: &Session, view: &mut ViewState, out: &mut Outbox) {
    let mut rows: Vec<&TimelineEvent> = s.timeline.iter().collect();
    let times = crate::model::timeline::TimelineTimes::new(&s.timeline);
    let key_time = |e: &TimelineEvent| {
        times
            .of(e.id)
            .map(|(t, _)| t.timestamp_millis())
            .unwrap_or(i64::MAX)
    };
    match view.sense.sort {
        SortBy::Time => rows.sort_by_key(|e| key_time(e)),
        SortBy::Perspective => {
            rows.sort_by_key(|e| (perspective_label(s, &e.perspective), key_time(e)))
        }
        SortBy::Description => rows.sort_by_key(|e| e.description.to_lowercase()),
    }
    if view.sense.sort_desc {
        rows.reverse();
    }
    let widths = [150.0, 150.0];
    ui.horizontal(|ui| {
        for (col, label, w) in [
            (SortBy::Time, "Time", widths[0]),
            (SortBy::Perspective, "Perspective", widths[1]),
            (SortBy::Description, "Description", 300.0),
        ] {
            let arrow = if view.sense.sort == col {
                if view.sense.sort_desc { " ⏷" } else { " ⏶" }
            } else {
                ""
            };
            let r = ui
                .allocate_ui_with_layout(
                    Vec2::new(w, 20.0),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_width(w);
                        ui.add(
                            egui::Button::new(RichText::new(format!("{label}{arrow}")).strong())
                                .frame(false),
                        )
                    },
                )
                .inner;
            if r.on_hover_text("Sort by this column; click again to reverse")
                .clicked()
            {
                if view.sense.sort == col {
                    view.sense.sort_desc = !view.sense.sort_desc;
                } else {
                    view.sense.sort = col;
                    view.sense.sort_desc = false;
                }
            }
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, 24.0, rows.len(), |ui, range| {
            for e in &rows[range] {
                ui.horizontal(|ui| {
                    cell(
                        ui,
                        widths[0],
                        egui::Label::new(RichText::new(time_label(s, e)).monospace()).truncate(),
                    );
                    cell(
                        ui,
                        widths[1],
                        egui::Label::new(perspective_label(s, &e.perspective)).truncate(),
                    );
                    let mut marks = String::new();
                    if e.decision_point.is_some() {
                        marks.push_str("♦ ");
                    }
                    if !e.differs_from.is_empty() {
                        marks.push_str("≠ ");
                    }
                    if !e.evidence.is_empty() {
                        marks.push_str(&format!("📎{} ", e.evidence.len()));
                    }
                    let text = format!(
                        "{marks}{}",
                        if e.description.trim().is_empty() {
                            "(no description)".into()
                        } else {
                            // A chat message shows who wrote it (its attribution).
                            let d = crate::model::chat::attributed_description(s, e);
                            d.lines().next().unwrap_or("").to_owned()
                        }
                    );
                    if ui
                        .selectable_label(view.sense.selected_event == Some(e.id), text)
                        .clicked()
                    {
                        pick_event(s, view, out, e.id);
                    }
                });
            }
        });
}

/// A left-aligned table cell of a fixed width.
fn cell(ui: &mut Ui, width: f32, label: egui::Label) {
    ui.allocate_ui_with_layout(
        Vec2::new(width, 20.0),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(width);
            ui.add(label);
        },
    );
}

// ---------------------------------------------------------------------------
// Paste import

/// A text file longer than this is summarized in the paste dialog, not edited.
const PASTE_EDIT_LIMIT: usize = 256 * 1024;

fn paste_dialog(ui: &mut Ui, s: &Session, view: &mut ViewState, out: &mut Outbox) {
    let Some(dialog) = &mut view.sense.paste else {
        return;
    };
    let mut open = true;
    let mut close = false;
    let date = NaiveDate::parse_from_str(dialog.date.trim(), "%Y-%m-%d").ok();
    // Parsed again only when the text or the date changed (logs can be long).
    let day = date.unwrap_or_else(|| default_date(s));
    let fresh = matches!(&dialog.parsed, Some((t, d, _)) if *t == dialog.text && *d == day);
    if !fresh {
        let result = paste::parse(&dialog.text, &PasteOptions { date: day });
        dialog.parsed = Some((dialog.text.clone(), day, result));
    }
    // Borrowed for this frame and put back after, not copied: a large log has tens
    // of thousands of events.
    let parsed_slot = dialog.parsed.take();
    let no_result = PasteResult::default();
    let parsed: &PasteResult = parsed_slot.as_ref().map_or(&no_result, |(_, _, r)| r);
    // A long file is summarized instead of shown in the editor: laying out
    // megabytes of text takes seconds (and again on every keystroke).
    let too_long_to_edit = dialog.source.is_some() && dialog.text.len() > PASTE_EDIT_LIMIT;
    egui::Window::new("Import a chat or log excerpt")
        .open(&mut open)
        .default_size([720.0, 520.0])
        .collapsible(false)
        .show(ui.ctx(), |ui| {
            ui.label("Paste lines that start with a time: 10:42 alice: …, [2026-04-06 10:42:13] …, or ISO-8601. Lines without a time continue the message above; lines that cannot be read are listed, never dropped.");
            if let Some(src) = &dialog.source {
                caption(ui, &format!("From {src}"));
            }
            ui.horizontal(|ui| {
                if ui.button("📂 Open a text file…").clicked() {
                    out.action(Action::PickText(crate::io::TextPurpose::Paste));
                }
                let l = ui.label("Date for times of day");
                ui.add(egui::TextEdit::singleline(&mut dialog.date).desired_width(100.0).hint_text("YYYY-MM-DD"))
                    .labelled_by(l.id);
                if date.is_none() {
                    ui.label(RichText::new("Use YYYY-MM-DD").color(ui.visuals().warn_fg_color));
                }
            });
            ui.horizontal_wrapped(|ui| {
                ui.label("Whose account:");
                for p in all_perspectives(s) {
                    let label = perspective_label(s, &p);
                    ui.selectable_value(&mut dialog.perspective, p, label);
                }
            });
            if too_long_to_edit {
                ui.label(format!(
                    "Excerpt: {} lines ({:.1} MB), too long to edit here. Fix lines in the file and open it again, or import and correct the events on the timeline.",
                    dialog.text.lines().count(),
                    dialog.text.len() as f64 / (1024.0 * 1024.0)
                ));
            } else {
                let l = ui.label("Excerpt");
                egui::ScrollArea::vertical().id_salt("paste_text").max_height(180.0).show(ui, |ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut dialog.text)
                            .code_editor()
                            .desired_rows(8)
                            .desired_width(f32::INFINITY)
                            .hint_text("10:42 alice: pool graph has a sawtooth\n10:44 bob: looking"),
                    )
                    .labelled_by(l.id);
                });
            }
            ui.separator();
            ui.label(RichText::new(format!(
                "Preview: {} events, {} unreadable lines, {} blank lines",
                parsed.events.len(),
                parsed.unreadable.len(),
                parsed.blank_lines
            ))
            .strong());
            // Only the rows in view are laid out: unreadable lines first, then events.
            let rows = parsed.unreadable.len() + parsed.events.len();
            let row_height = ui.text_style_height(&egui::TextStyle::Body);
            egui::ScrollArea::vertical().id_salt("paste_preview").max_height(200.0).auto_shrink([false, true]).show_rows(ui, row_height, rows, |ui, range| {
                for i in range {
                    if let Some(u) = parsed.unreadable.get(i) {
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!("line {}: {} — {}", u.line, short(&u.text, 60), u.reason))
                                    .color(ui.visuals().warn_fg_color),
                            )
                            .truncate(),
                        );
                    } else if let Some(e) = parsed.events.get(i - parsed.unreadable.len()) {
                        let more = if e.continuation_lines.is_empty() {
                            String::new()
                        } else {
                            format!(" (+{} lines)", e.continuation_lines.len())
                        };
                        ui.add(
                            egui::Label::new(format!(
                                "line {}: {} {}{more}",
                                e.line,
                                e.time.format("%Y-%m-%d %H:%M:%S"),
                                short(&e.description(), 80)
                            ))
                            .truncate(),
                        );
                    }
                }
            });
            ui.separator();
            if !parsed.unreadable.is_empty() {
                ui.checkbox(
                    &mut dialog.keep_unreadable,
                    "Also import the unreadable lines, as events with no time yet",
                );
            }
            ui.horizontal(|ui| {
                let keep = dialog.keep_unreadable && !parsed.unreadable.is_empty();
                let n = parsed.events.len() + if keep { parsed.unreadable.len() } else { 0 };
                let import = ui.add_enabled(
                    n > 0 && date.is_some(),
                    egui::Button::new(format!("Import {n} events")),
                );
                // Built only when asked for: it makes an event per line.
                if import.clicked() {
                    // Chat speakers who are participants (by any of their names) are
                    // attributed to them instead of named in the text.
                    let cmd = parsed.import_command_for(&dialog.perspective, s, keep);
                    if let Some(c) = cmd {
                        out.command(c);
                        close = true;
                    }
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
                if !parsed.unreadable.is_empty() && !keep {
                    caption(
                        ui,
                        "Unreadable lines are left out unless you tick the box; fix them above or add them by hand.",
                    );
                }
            });
        });
    if let Some(d) = &mut view.sense.paste {
        d.parsed = parsed_slot;
    }
    if !open || close {
        view.sense.paste = None;
        if close {
            view.sense.px_per_sec = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Timestamp;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap_or_default()
    }

    fn event(time: EventTime) -> TimelineEvent {
        TimelineEvent {
            id: Id::new(),
            time,
            ..TimelineEvent::default()
        }
    }

    #[test]
    fn relative_times_resolve_through_anchors_and_stop_on_cycles() {
        let mut s = Session::default();
        let a = event(EventTime::Exact(ts("2026-04-06T09:00:00Z")));
        let b = event(EventTime::Relative {
            anchor: Some(a.id),
            offset_secs: 600,
            text: "ten minutes after".into(),
        });
        let c = event(EventTime::Relative {
            anchor: Some(b.id),
            offset_secs: -60,
            text: String::new(),
        });
        s.timeline = vec![a.clone(), b.clone(), c.clone()];
        assert_eq!(
            resolved_time(&s, &a),
            Some((ts("2026-04-06T09:00:00Z"), false))
        );
        assert_eq!(
            resolved_time(&s, &b),
            Some((ts("2026-04-06T09:10:00Z"), true))
        );
        assert_eq!(
            resolved_time(&s, &c),
            Some((ts("2026-04-06T09:09:00Z"), true))
        );
        // A hand-edited cycle resolves to "no time" instead of looping.
        s.timeline[0].time = EventTime::Relative {
            anchor: Some(c.id),
            offset_secs: 0,
            text: String::new(),
        };
        let a2 = s.timeline[0].clone();
        assert_eq!(resolved_time(&s, &a2), None);
    }

    #[test]
    fn differing_is_symmetric_and_removal_cleans_references() {
        let mut s = Session::default();
        let a = event(EventTime::Unknown);
        let b = event(EventTime::Relative {
            anchor: Some(a.id),
            offset_secs: 60,
            text: "a minute later".into(),
        });
        s.timeline = vec![a.clone(), b.clone()];
        let c = differ_command(&s, a.id, b.id, true).map(|c| c.apply(&mut s));
        assert!(matches!(c, Some(Ok(_))));
        assert_eq!(s.timeline[0].differs_from, vec![b.id]);
        assert_eq!(s.timeline[1].differs_from, vec![a.id]);
        let before = s.clone();
        let inverse = delete_event_command(&s, a.id).apply(&mut s);
        assert_eq!(s.timeline.len(), 1);
        assert!(s.timeline[0].differs_from.is_empty());
        assert!(matches!(
            &s.timeline[0].time,
            EventTime::Relative { anchor: None, text, .. } if text == "a minute later"
        ));
        assert!(crate::model::validate::validate(&s).is_ok());
        assert!(inverse.and_then(|i| i.apply(&mut s)).is_ok());
        assert_eq!(s, before);
    }

    #[test]
    fn lanes_follow_participants_then_chat_logs_facilitator() {
        let mut s = Session::default();
        let p1 = crate::model::Participant::new("P1");
        let p2 = crate::model::Participant::new("P2");
        for p in [
            Perspective::Log,
            Perspective::Participant(p2.id),
            Perspective::Chat,
            Perspective::Participant(p1.id),
        ] {
            s.timeline.push(TimelineEvent {
                perspective: p,
                ..TimelineEvent::default()
            });
        }
        s.participants = vec![p1.clone(), p2.clone()];
        assert_eq!(
            lanes(&s),
            vec![
                Perspective::Participant(p1.id),
                Perspective::Participant(p2.id),
                Perspective::Chat,
                Perspective::Log
            ]
        );
    }
}
