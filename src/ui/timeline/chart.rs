//! The drawn timeline: one lane per perspective plus a merged lane, pan, zoom and the keyboard.

use crate::model::search::perspective_label;
use crate::model::{Command, Edit, EventTime, Id, Perspective, Session, TimelineEvent};
use crate::ui::widgets::{caption, short};
use crate::ui::{FrameCtx, Outbox, ViewState, shortcuts};
use chrono::Utc;
use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, Vec2};

use super::events::{pick_event, zoom_about_center};
use super::{lane_color, lanes, time_label};

pub(super) const LANE_H: f32 = 64.0;

pub(super) const LABEL_W: f32 = 130.0;

pub(super) const AXIS_H: f32 = 24.0;

pub(super) fn nice_step(px_per_sec: f64) -> f64 {
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
pub(super) struct ChartData {
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

pub(super) fn chart(
    ui: &mut Ui,
    s: &Session,
    view: &mut ViewState,
    cx: &mut FrameCtx<'_>,
    out: &mut Outbox,
) {
    let data = ChartData::cached(ui, s, cx.revision);
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
    // Zoom and pan are scratch: forgotten on restart, fitted again.
    let sc = &mut cx.scratch.timeline;
    sc.lane_scroll = sc.lane_scroll.clamp(0.0, max_scroll);
    let first_lane = (sc.lane_scroll / lane_h).round() as usize;
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
    if sc.px_per_sec <= 0.0 || !sc.px_per_sec.is_finite() {
        sc.plot_width = plot.width();
        // Sorted by time: the first and last are the ends.
        let (min, max) = match (timed.first(), timed.last()) {
            (Some(a), Some(b)) => (a.1, b.1),
            _ => (0.0, 0.0),
        };
        if timed.is_empty() {
            sc.px_per_sec = 0.2;
            sc.left = 0.0;
        } else {
            let span = (max - min).max(300.0);
            // Room on the right for the last event's label.
            sc.px_per_sec = (plot.width() as f64 - 200.0).max(100.0) / span;
            sc.left = min - 30.0 / sc.px_per_sec;
        }
    }
    // Keep the same stretch of time in view when the editor opens or the window resizes.
    let w = plot.width();
    if sc.plot_width > 1.0 && (sc.plot_width - w).abs() > 0.5 {
        let center = sc.left + sc.plot_width as f64 / 2.0 / sc.px_per_sec;
        sc.px_per_sec *= (w / sc.plot_width) as f64;
        sc.left = center - w as f64 / 2.0 / sc.px_per_sec;
    }
    sc.plot_width = w;
    // Pan (drag, scroll) and zoom (Ctrl+scroll, pinch) around the pointer.
    if resp.dragged() {
        sc.left -= resp.drag_delta().x as f64 / sc.px_per_sec;
    }
    if resp.hovered() {
        let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
        if (zoom - 1.0).abs() > f32::EPSILON {
            let px = resp
                .hover_pos()
                .map(|p| (p.x - plot.left()) as f64)
                .unwrap_or(0.0);
            let at = sc.left + px / sc.px_per_sec;
            sc.px_per_sec = (sc.px_per_sec * zoom as f64).clamp(1e-5, 50.0);
            sc.left = at - px / sc.px_per_sec;
        } else {
            if scroll.x.abs() > 0.0 {
                sc.left -= scroll.x as f64 / sc.px_per_sec;
            }
            // Scrolling up and down moves through the lanes that do not fit.
            if scroll.y.abs() > 0.0 && hidden_lanes > 0 {
                sc.lane_scroll = (sc.lane_scroll - scroll.y).clamp(0.0, max_scroll);
            }
        }
    }
    let pps = sc.px_per_sec;
    let left = sc.left;
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
            let selected = view.timeline.selected_event == Some(e.id);
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
            Some(e) => pick_event(s, view, &mut cx.scratch.timeline, out, e.id),
            None => cx.scratch.timeline.pair_with = None,
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
            view.timeline.selected_event = Some(e.id);
            cx.scratch.focus_request = Some("event_description");
            out.command(Command::TimelineEvent(Edit::put(e)));
        }
    }
    // Keys while the chart has the keyboard focus (a click on it gives it, and a
    // ring shows it): arrows pan and scroll the lanes, + and - zoom.
    if resp.is_pointer_button_down_on() || resp.clicked() {
        resp.request_focus();
    }
    if resp.has_focus() {
        crate::ui::focus::lock_arrows(ui, resp.id);
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
            cx.scratch.timeline.lane_scroll = (cx.scratch.timeline.lane_scroll - lane_h).max(0.0);
        }
        if down {
            cx.scratch.timeline.lane_scroll =
                (cx.scratch.timeline.lane_scroll + lane_h).min(max_scroll);
        }
        let span = plot.width() as f64 / pps;
        if l {
            cx.scratch.timeline.left -= span * 0.2;
        }
        if r {
            cx.scratch.timeline.left += span * 0.2;
        }
        if zin || zout {
            zoom_about_center(&mut cx.scratch.timeline, if zin { 1.5 } else { 1.0 / 1.5 });
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
                        .selectable_label(view.timeline.selected_event == Some(e.id), text)
                        .clicked()
                    {
                        pick_event(s, view, &mut cx.scratch.timeline, out, e.id);
                    }
                }
            });
    }
}
