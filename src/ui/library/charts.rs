//! The library's charts on screen (egui_plot), drawn from the same chart data the
//! SVG export writes, with an "Export SVG" button under each.

use crate::model::library::svg::{self, BarChart, PALETTE, PointChart};
use crate::ui::{Action, Outbox};
use egui::{Color32, Ui};
use egui_plot::{Bar, Legend, Plot, Points};

fn colour(i: usize) -> Color32 {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    Color32::from_rgb(r, g, b)
}

/// A bar chart, and a button to export it as SVG (`file_name` without extension).
pub fn bar_chart(ui: &mut Ui, id: &str, chart: &BarChart, file_name: &str, out: &mut Outbox) {
    ui.label(egui::RichText::new(&chart.title).strong());
    let categories = chart.categories.clone();
    let n_series = chart.series.len().max(1);
    let width = if chart.stacked {
        0.7
    } else {
        0.8 / n_series as f64
    };
    Plot::new(id)
        .height(260.0)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .y_axis_label(chart.y_label.clone())
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                categories
                    .get(i as usize)
                    .map(|c| short(c, 18))
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            // Stacked bars start where the series below them end.
            let mut base = vec![0.0; chart.categories.len()];
            for (s, series) in chart.series.iter().enumerate() {
                let bars: Vec<Bar> = series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(k, v)| {
                        let x = if chart.stacked {
                            k as f64
                        } else {
                            k as f64 - 0.4 + width * (s as f64 + 0.5)
                        };
                        let mut bar = Bar::new(x, *v)
                            .width(width)
                            .name(chart.categories.get(k).cloned().unwrap_or_default());
                        if chart.stacked
                            && let Some(b) = base.get_mut(k)
                        {
                            bar = bar.base_offset(*b);
                            *b += *v;
                        }
                        bar
                    })
                    .collect();
                plot.bar_chart(
                    egui_plot::BarChart::new(series.name.clone(), bars).color(colour(s)),
                );
            }
        });
    export_button(ui, file_name, || svg::bar_svg(chart), out);
}

/// Dated points (x: days), and a button to export them as SVG.
pub fn point_chart(ui: &mut Ui, id: &str, chart: &PointChart, file_name: &str, out: &mut Outbox) {
    ui.label(egui::RichText::new(&chart.title).strong());
    let day = |d: chrono::NaiveDate| f64::from(chrono::Datelike::num_days_from_ce(&d));
    Plot::new(id)
        .height(260.0)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .y_axis_label(chart.y_label.clone())
        .x_axis_formatter(|mark, _| {
            chrono::NaiveDate::from_num_days_from_ce_opt(mark.value.round() as i32)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        })
        .label_formatter(|hover| match hover {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => {
                let date = chrono::NaiveDate::from_num_days_from_ce_opt(position.x.round() as i32)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                Some(format!("{plot_name}\n{date}: {:.0} min", position.y))
            }
            _ => None,
        })
        .show(ui, |plot| {
            for (s, series) in chart.series.iter().enumerate() {
                let pts: Vec<[f64; 2]> = series.points.iter().map(|(d, v)| [day(*d), *v]).collect();
                plot.line(egui_plot::Line::new(series.name.clone(), pts.clone()).color(colour(s)));
                plot.points(
                    Points::new(series.name.clone(), pts)
                        .radius(3.5)
                        .color(colour(s)),
                );
            }
        });
    export_button(ui, file_name, || svg::point_svg(chart), out);
}

fn export_button(ui: &mut Ui, file_name: &str, svg: impl FnOnce() -> String, out: &mut Outbox) {
    if ui
        .button("Export SVG…")
        .on_hover_text("Save this chart as an SVG image")
        .clicked()
    {
        out.action(Action::ExportFile {
            file_name: format!("{file_name}.svg"),
            extension: "svg",
            text: svg(),
        });
    }
}

/// Text cut to `n` characters with an ellipsis.
pub fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(n.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}
