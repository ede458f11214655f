//! The Timeline workspace: a visual timeline (one lane per perspective and a merged
//! lane, pan and zoom, decision points highlighted, differing accounts paired), a
//! sortable table, the event editor and paste import; and the sensemaking tabs beside
//! it: tagging statements (or spans of them) with codes, the codebook, themes with a
//! count per participant, the findings lists (contributors, what went well, …;
//! deliberately no root cause), the follow-up parking lot, and the Ctrl+F search panel.

mod chart;
mod codebook_tab;
mod event_editor;
mod events;
mod findings;
mod parking_lot;
mod paste_import;
mod search_panel;
mod table;
mod tagging;
mod themes;

use crate::model::paste;
use crate::model::search::Query;
use crate::model::{EventTime, Id, Perspective, Session, TimelineEvent};
use crate::ui::widgets::short;
use crate::ui::{FrameCtx, Outbox, ViewState, shortcuts};
use egui::{Color32, RichText, Ui};

// One resolution of event times for the whole app, in the model.
pub use crate::model::timeline::{default_date, resolved_time};
use codebook_tab::codebook_ui;
pub use events::differ_command;
use events::timeline_tab;
pub use findings::findings_ui;
use parking_lot::parking_lot_ui;
use paste_import::paste_dialog;
pub use paste_import::{PasteDialog, open_paste};
pub use search_panel::search_ui;
use tagging::tagging_ui;
use themes::themes_ui;

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
pub enum TimelineTab {
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

impl TimelineTab {
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

/// UI state of the Timeline workspace remembered between runs (one field on
/// [`ViewState`]); what is forgotten is [`TimelineScratch`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TimelineView {
    /// Sub-tab shown.
    pub tab: TimelineTab,
    /// Chart or table.
    pub mode: TimelineMode,
    /// Selected timeline event.
    pub selected_event: Option<Id>,
    /// Table sort column and direction.
    pub sort: SortBy,
    /// Sort descending.
    pub sort_desc: bool,
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
}

/// What the Timeline workspace uses for the frame and forgets on restart: zoom and
/// pan, dialogs, text being typed, the search (one part of [`crate::ui::Scratch`]).
#[derive(Debug, Default)]
pub struct TimelineScratch {
    /// Chart zoom: pixels per second (0 = fit on next frame).
    pub px_per_sec: f64,
    /// Chart pan: the time at the left edge (seconds since 1970).
    pub left: f64,
    /// Width of the chart's plot last frame, to keep the visible span when it changes.
    pub plot_width: f32,
    /// How far the chart's lanes are scrolled down (pixels), when they do not all fit.
    pub lane_scroll: f32,
    /// Picking the second event of a differing pair (the first is this one).
    pub pair_with: Option<Id>,
    /// The paste-import dialog, when open.
    pub paste: Option<PasteDialog>,
    /// Time typed into the editor, for the event it belongs to.
    pub time_buf: Option<(Id, String)>,
    /// Offset typed into the editor, for the event it belongs to.
    pub offset_buf: Option<(Id, String)>,
    /// Filter typed into the code picker when tagging.
    pub picker_filter: String,
    /// Filter typed into the evidence pickers.
    pub evidence_filter: String,
    /// Filter for the excerpts offered to a theme.
    pub excerpt_filter: String,
    /// Text typed for a new code or a rename.
    pub code_buf: String,
    /// Rename buffer for the selected code.
    pub rename_buf: Option<(Id, String)>,
    /// Last codebook error, shown under the editor.
    pub code_error: Option<String>,
    /// Span selected in the statement being tagged (byte range).
    pub span: Option<(Id, usize, usize)>,
    /// Soak-until dates typed, per follow-up.
    pub date_buf: Option<(Id, String)>,
    /// The search panel.
    pub search_open: bool,
    /// The search query.
    pub query: Query,
    /// The last search: (session revision, query, results).
    pub search_cache: Option<(u64, Query, Vec<crate::model::search::Hit>)>,
    /// The query as last typed and when (to wait for a pause before searching a very
    /// large session again).
    pub search_typed: Option<(f64, Query)>,
    /// Focus the search field next frame.
    pub search_focus: bool,
    /// An item to scroll to and flash once (set by search).
    pub reveal: Option<Id>,
}

/// The Timeline workspace.
pub fn timeline_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    // Alt+1 … Alt+6 switch sub-tabs; Escape cancels picking a differing pair.
    ui.input_mut(|i| {
        if let Some(n) = shortcuts::TIMELINE_TABS.consume_index(i)
            && let Some(tab) = TimelineTab::ALL.get(n)
        {
            view.timeline.tab = *tab;
        }
        if cx.scratch.timeline.pair_with.is_some()
            && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)
        {
            cx.scratch.timeline.pair_with = None;
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (n, tab) in TimelineTab::ALL.into_iter().enumerate() {
            let count = match tab {
                TimelineTab::Timeline => session.timeline.len(),
                TimelineTab::Tagging => session.tags.len(),
                TimelineTab::Codebook => session.codes.len(),
                TimelineTab::Themes => session.themes.len(),
                TimelineTab::Findings => session.findings.len(),
                TimelineTab::ParkingLot => session.follow_ups.len(),
            };
            let text = if count > 0 {
                format!("{} ({count})", tab.label())
            } else {
                tab.label().to_owned()
            };
            if ui
                .selectable_label(view.timeline.tab == tab, RichText::new(text).size(15.0))
                .on_hover_text(format!("Alt+{}", n + 1))
                .clicked()
            {
                view.timeline.tab = tab;
            }
        }
        ui.separator();
        if ui
            .button("🔍 Search")
            .on_hover_text("Search the whole session (Ctrl+F)")
            .clicked()
        {
            cx.scratch.timeline.search_open = true;
            cx.scratch.timeline.search_focus = true;
        }
    });
    ui.separator();
    match view.timeline.tab {
        TimelineTab::Timeline => timeline_tab(ui, session, view, cx, out),
        TimelineTab::Tagging => tagging_ui(ui, session, view, &mut cx.scratch.timeline, out),
        TimelineTab::Codebook => codebook_ui(ui, session, view, &mut cx.scratch.timeline, out),
        TimelineTab::Themes => themes_ui(ui, session, view, cx, out),
        TimelineTab::Findings => findings_ui(ui, session, view, cx, out),
        TimelineTab::ParkingLot => parking_lot_ui(ui, session, cx, out),
    }
    paste_dialog(ui, session, &mut cx.scratch.timeline, out);
}

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

#[cfg(test)]
mod tests {
    use super::events::delete_event_command;
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
