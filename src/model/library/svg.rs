//! The library's charts as data, and as SVG files written from the same data the
//! app plots (so an exported chart shows exactly what was on screen). All text is
//! escaped; nothing in a label can become markup.

use chrono::NaiveDate;
use std::fmt::Write as _;

/// One series of values, one per category.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// What it counts.
    pub name: String,
    /// One value per category.
    pub values: Vec<f64>,
}

/// A bar chart: categories along the bottom, one bar per series (side by side, or
/// stacked).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BarChart {
    /// The chart's title.
    pub title: String,
    /// What the height measures.
    pub y_label: String,
    /// The categories, left to right.
    pub categories: Vec<String>,
    /// The series.
    pub series: Vec<Series>,
    /// Stack the series instead of placing them side by side.
    pub stacked: bool,
}

/// One series of dated points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointSeries {
    /// What it shows.
    pub name: String,
    /// (date, value), in date order.
    pub points: Vec<(NaiveDate, f64)>,
}

/// Points over time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointChart {
    /// The chart's title.
    pub title: String,
    /// What the height measures.
    pub y_label: String,
    /// The series.
    pub series: Vec<PointSeries>,
}

impl PointChart {
    /// Whether there is no point to plot (an empty chart is said in words instead).
    pub fn is_empty(&self) -> bool {
        self.series.iter().all(|s| s.points.is_empty())
    }
}

/// Colours of the series, in order (distinguishable for the common colour
/// vision deficiencies: Okabe and Ito's palette).
pub const PALETTE: [(u8, u8, u8); 7] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (120, 120, 120),
];

/// The colour of series `i` as `#rrggbb`.
pub fn color(i: usize) -> String {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Escapes text for SVG (XML) content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const W: f64 = 900.0;
const H: f64 = 480.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 130.0;

fn header(out: &mut String, title: &str, y_label: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>\n<text x=\"{LEFT}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{}</text>\n<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
        escape(title),
        TOP + (H - TOP - BOTTOM) / 2.0,
        escape(y_label)
    );
}

/// A value axis from 0 to a round number at least `max`, with gridlines.
fn y_axis(out: &mut String, min: f64, max: f64) -> (f64, f64) {
    let span = (max - min).max(1.0);
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let lo = (min / step).floor() * step;
    let hi = ((max / step).ceil() * step).max(lo + step);
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));
    let mut v = lo;
    for _ in 0..20 {
        if v > hi + step / 2.0 {
            break;
        }
        let _ = writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\" stroke=\"#ddd\"/><text x=\"{2}\" y=\"{3:.1}\" text-anchor=\"end\">{4}</text>",
            y(v),
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            trim_number(v)
        );
        v += step;
    }
    (lo, hi)
}

fn trim_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

fn legend(out: &mut String, names: &[&str]) {
    let mut x = LEFT;
    for (i, n) in names.iter().enumerate() {
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"32\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{:.1}\" y=\"41\">{}</text>",
            color(i),
            x + 14.0,
            escape(n)
        );
        x += 24.0 + 6.5 * n.chars().count() as f64;
    }
}

/// A bar chart as an SVG document.
pub fn bar_svg(c: &BarChart) -> String {
    let mut out = String::new();
    header(&mut out, &c.title, &c.y_label);
    let n = c.categories.len().max(1);
    let totals: Vec<f64> = (0..n)
        .map(|k| {
            let vals = c
                .series
                .iter()
                .map(|s| s.values.get(k).copied().unwrap_or(0.0));
            if c.stacked {
                vals.sum()
            } else {
                vals.fold(0.0, f64::max)
            }
        })
        .collect();
    let (lo, hi) = y_axis(&mut out, 0.0, totals.iter().copied().fold(0.0, f64::max));
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));
    let slot = (W - LEFT - RIGHT) / n as f64;
    let per = if c.stacked { 1 } else { c.series.len().max(1) };
    let bar = (slot * 0.8 / per as f64).max(1.0);
    for (k, cat) in c.categories.iter().enumerate() {
        let x0 = LEFT + slot * k as f64 + slot * 0.1;
        let mut base = 0.0;
        for (i, s) in c.series.iter().enumerate() {
            let v = s.values.get(k).copied().unwrap_or(0.0);
            let (x, from) = if c.stacked {
                (x0, base)
            } else {
                (x0 + bar * i as f64, 0.0)
            };
            let (top, bottom) = (y(from + v), y(from));
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {}</title></rect>",
                (bottom - top).max(0.0),
                color(i),
                escape(&format!("{cat}, {}", s.name)),
                trim_number(v)
            );
            base += v;
        }
        let cx = LEFT + slot * (k as f64 + 0.5);
        let _ = writeln!(
            out,
            "<text transform=\"translate({cx:.1} {:.1}) rotate(-35)\" text-anchor=\"end\">{}</text>",
            H - BOTTOM + 14.0,
            escape(&short(cat, 28))
        );
    }
    let names: Vec<&str> = c.series.iter().map(|s| s.name.as_str()).collect();
    legend(&mut out, &names);
    out.push_str("</svg>\n");
    out
}

/// Points over time as an SVG document (dates along the bottom).
pub fn point_svg(c: &PointChart) -> String {
    let mut out = String::new();
    header(&mut out, &c.title, &c.y_label);
    let all = || c.series.iter().flat_map(|s| s.points.iter());
    let days = |d: NaiveDate| f64::from(chrono::Datelike::num_days_from_ce(&d));
    let (d0, d1) = all().fold((f64::MAX, f64::MIN), |(a, b), (d, _)| {
        (a.min(days(*d)), b.max(days(*d)))
    });
    let (d0, d1) = if d0 > d1 {
        (0.0, 1.0)
    } else {
        (d0, d1.max(d0 + 1.0))
    };
    let (v0, v1) = all().fold((0.0f64, 0.0f64), |(a, b), (_, v)| (a.min(*v), b.max(*v)));
    let (lo, hi) = y_axis(&mut out, v0, v1);
    let x = |d: f64| LEFT + (W - LEFT - RIGHT) * (d - d0) / (d1 - d0);
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));
    for (i, s) in c.series.iter().enumerate() {
        if s.points.len() > 1 {
            let pts: Vec<String> = s
                .points
                .iter()
                .map(|(d, v)| format!("{:.1},{:.1}", x(days(*d)), y(*v)))
                .collect();
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                pts.join(" "),
                color(i)
            );
        }
        for (d, v) in &s.points {
            let _ = writeln!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{}\"><title>{}: {} on {d}</title></circle>",
                x(days(*d)),
                y(*v),
                color(i),
                escape(&s.name),
                trim_number(*v)
            );
        }
    }
    // Dates along the bottom: the first, the last and three between.
    for k in 0..5 {
        let d = d0 + (d1 - d0) * f64::from(k) / 4.0;
        if let Some(date) = NaiveDate::from_num_days_from_ce_opt(d.round() as i32) {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x(d),
                H - BOTTOM + 18.0,
                date.format("%Y-%m-%d")
            );
        }
    }
    let names: Vec<&str> = c.series.iter().map(|s| s.name.as_str()).collect();
    legend(&mut out, &names);
    out.push_str("</svg>\n");
    out
}

fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(n.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}
