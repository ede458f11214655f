//! Export: the Markdown write-up (redacted by default) and redacted copies to share.

use super::widgets::{caption, heading};
use super::{Action, Outbox, ViewState, Workspace};
use crate::model::Session;
use crate::model::export::{ExportOptions, to_markdown};
use egui::{RichText, Ui};

/// The Export workspace.
pub fn export_ui(ui: &mut Ui, session: &Session, view: &mut ViewState, out: &mut Outbox) {
    heading(
        ui,
        "Export",
        "The second-story write-up as Markdown (tables and footnotes) for your wiki or docs repository. Off-the-record statements never leave the file.",
    );
    let mut redact = view.redact();
    ui.horizontal(|ui| {
        if ui
            .checkbox(&mut redact, "Replace real names with pseudonyms")
            .on_hover_text(
                "On by default. Full names and each part of a name, anywhere in the text.",
            )
            .changed()
        {
            view.export_redact = Some(redact);
        }
    });
    ui.horizontal(|ui| {
        if ui
            .button("⬇ Export Markdown…")
            .on_hover_text("Save the write-up as a .md file (a download on the web)")
            .clicked()
        {
            out.action(Action::ExportMarkdown { redact });
        }
        if ui
            .button("📤 Share redacted copy…")
            .on_hover_text("A session file with real names and off-the-record statements removed, for people outside the review")
            .clicked()
        {
            out.action(Action::ShareRedacted);
        }
    });
    if !redact {
        ui.label(
            RichText::new("⚠ Real names will appear in the export.")
                .color(ui.visuals().warn_fg_color),
        );
    }
    status(ui, session, view.revision, out);
    ui.separator();
    let md = cached_markdown(ui, session, view.revision, redact);
    let nv = &mut view.narrative;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Preview").strong());
        ui.selectable_value(&mut nv.export_source, false, "Rendered");
        ui.selectable_value(&mut nv.export_source, true, "Markdown");
    });
    if nv.export_source {
        // The source as lines, laid out only where visible: a long write-up stays fluid.
        ui.label(RichText::new("Markdown source").weak());
        let lines: Vec<&str> = md.lines().collect();
        let row = ui.text_style_height(&egui::TextStyle::Monospace);
        egui::ScrollArea::both()
            .id_salt("export_source")
            .auto_shrink([false, false])
            .show_rows(ui, row, lines.len(), |ui, range| {
                for line in &lines[range] {
                    ui.label(RichText::new(*line).monospace());
                }
            });
    } else {
        let shown = preview_part(md.as_str());
        if shown.len() < md.len() {
            ui.label(
                RichText::new(format!(
                    "This write-up is long ({} KB): the rendered preview shows its first part. The Markdown view and the export have all of it.",
                    md.len() / 1024
                ))
                .weak(),
            );
        }
        egui::ScrollArea::vertical()
            .id_salt("export_preview")
            .show(ui, |ui| {
                egui_commonmark::CommonMarkViewer::new().show(ui, &mut nv.export_preview.0, shown);
            });
    }
}

/// Rendered previews stop after this many bytes: rendering a whole 100,000-word write-up
/// every frame would make the window lag.
const PREVIEW_LIMIT: usize = 200 * 1024;

/// The part of the write-up the rendered preview shows: all of it, or for a very long
/// one, up to a paragraph break before [`PREVIEW_LIMIT`].
fn preview_part(md: &str) -> &str {
    if md.len() <= PREVIEW_LIMIT {
        return md;
    }
    let mut cut = PREVIEW_LIMIT;
    while !md.is_char_boundary(cut) {
        cut -= 1;
    }
    match md[..cut].rfind("\n\n") {
        Some(i) => &md[..i],
        None => &md[..cut],
    }
}

/// The export preview, rebuilt only when the session (its revision) or the redaction
/// choice changes — drafting a whole write-up every frame would make a large session lag.
#[derive(Clone, Default)]
struct PreviewCache {
    key: Option<(u64, bool)>,
    md: std::sync::Arc<String>,
}

fn cached_markdown(
    ui: &Ui,
    session: &Session,
    revision: u64,
    redact: bool,
) -> std::sync::Arc<String> {
    let id = egui::Id::new("export_preview_cache");
    let cached = ui
        .data(|d| d.get_temp::<PreviewCache>(id))
        .unwrap_or_default();
    if cached.key == Some((revision, redact)) {
        return cached.md;
    }
    let md = std::sync::Arc::new(to_markdown(session, ExportOptions { redact }));
    ui.data_mut(|d| {
        d.insert_temp(
            id,
            PreviewCache {
                key: Some((revision, redact)),
                md: md.clone(),
            },
        )
    });
    md
}

/// What the export will hold: write-up state, missing evidence, language findings.
fn status(ui: &mut Ui, session: &Session, revision: u64, out: &mut Outbox) {
    let sections = &session.narrative.sections;
    if sections.is_empty() {
        ui.horizontal_wrapped(|ui| {
            caption(
                ui,
                "No write-up yet: the export is a first draft assembled from the session.",
            );
            if ui.small_button("Open the Narrative").clicked() {
                out.action(Action::Show(Workspace::Narrative));
            }
        });
        return;
    }
    let included = sections.iter().filter(|s| s.included).count();
    let broken = crate::ui::narrative::broken_claims_cached(ui, session, revision);
    let mut open = 0;
    for sec in sections.iter().filter(|s| s.included) {
        open += crate::ui::narrative::open_findings(ui, session, sec);
    }
    ui.horizontal_wrapped(|ui| {
        caption(
            ui,
            &format!(
                "{included} of {} write-up sections included.",
                sections.len()
            ),
        );
        if !broken.is_empty() {
            ui.label(
                RichText::new(format!(
                    "⚠ {} claim(s) cite deleted or off-the-record evidence; the export lists them.",
                    broken.len()
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        if open > 0 {
            ui.label(
                RichText::new(format!("⚑ {open} language finding(s) to look at."))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if (open > 0 || !broken.is_empty()) && ui.small_button("Open the Narrative").clicked() {
            out.action(Action::Show(Workspace::Narrative));
        }
    });
}
