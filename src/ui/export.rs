//! Export: the Markdown write-up (redacted by default) and redacted copies to share.

use super::widgets::{caption, heading};
use super::{Action, Outbox, ViewState, Workspace};
use crate::model::Session;
use crate::model::export::{ExportOptions, preview_parts, to_markdown_checked};
use egui::{RichText, Ui};

/// The Export workspace.
pub fn export_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut crate::ui::FrameCtx<'_>,
    out: &mut Outbox,
) {
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
    let preview = cached_markdown(ui, session, cx.revision, redact);
    open_placeholders(ui, &preview.open);
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
    super::calibration::export_section(ui, session, out);
    status(ui, session, crate::ui::write_up::Revisions::of(cx), out);
    ui.separator();
    let md = &preview.md;
    let nv = &mut view.narrative;
    let sc = &mut cx.scratch.narrative;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Preview").strong());
        ui.selectable_value(&mut nv.export_source, false, "Rendered");
        ui.selectable_value(&mut nv.export_source, true, "Markdown");
    });
    if nv.export_source {
        // The source as lines, laid out only where visible: a long write-up stays fluid.
        ui.label(RichText::new("Markdown source").weak());
        let lines = &preview.lines;
        let row = ui.text_style_height(&egui::TextStyle::Monospace);
        egui::ScrollArea::both()
            .id_salt("export_source")
            .auto_shrink([false, false])
            .show_rows(ui, row, lines.len(), |ui, range| {
                for line in lines[range].iter().filter_map(|r| md.get(r.clone())) {
                    // A 10 MB quote is one line: shown cut, or one frame takes gigabytes.
                    let line = crate::model::export::preview_line(line);
                    ui.label(RichText::new(line.as_ref()).monospace());
                }
            });
    } else {
        caption(
            ui,
            "As it will read (here footnotes follow the passage that cites them; in the file they are at the end).",
        );
        let key = egui::Id::unique(("export", cx.revision, redact));
        super::widgets::markdown_parts_ui(
            ui,
            "export_preview",
            &preview.parts,
            key,
            f32::INFINITY,
            &mut sc.export_preview.0,
        );
    }
}

/// The export preview, rebuilt only when the session (its revision) or the redaction
/// choice changes — drafting a whole write-up every frame would make a large session lag.
#[derive(Clone, Default)]
struct PreviewCache {
    key: Option<(u64, bool)>,
    md: std::sync::Arc<String>,
    /// Where each line of `md` is (for the source view).
    lines: std::sync::Arc<Vec<std::ops::Range<usize>>>,
    /// `md` a section at a time (for the rendered view).
    parts: std::sync::Arc<Vec<String>>,
    /// Paraphrases still to write that `md` holds placeholders for.
    open: std::sync::Arc<Vec<String>>,
}

/// The placeholders the export holds, listed before anyone exports it.
fn open_placeholders(ui: &mut Ui, open: &[String]) {
    if open.is_empty() {
        return;
    }
    ui.label(
        RichText::new(format!(
            "⚠ {} paraphrase(s) to write first: these participants may not be quoted, so the export shows a placeholder where their words would be. Write a paraphrase for each statement in Interviews.",
            open.len()
        ))
        .color(ui.visuals().warn_fg_color),
    );
    egui::CollapsingHeader::new("Open placeholders")
        .id_salt("export_open_placeholders")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(140.0)
                .show(ui, |ui| {
                    for p in open {
                        ui.label(p);
                    }
                });
        });
}

fn cached_markdown(ui: &Ui, session: &Session, revision: u64, redact: bool) -> PreviewCache {
    let id = egui::Id::unique("export_preview_cache");
    let cached = ui
        .data(|d| d.get_temp::<PreviewCache>(id))
        .unwrap_or_default();
    if cached.key == Some((revision, redact)) {
        return cached;
    }
    let (md, open) = to_markdown_checked(session, ExportOptions { redact });
    let mut lines = Vec::new();
    let mut start = 0;
    for line in md.split_inclusive('\n') {
        lines.push(start..start + line.trim_end_matches(['\n', '\r']).len());
        start += line.len();
    }
    let fresh = PreviewCache {
        key: Some((revision, redact)),
        lines: std::sync::Arc::new(lines),
        parts: std::sync::Arc::new(preview_parts(&md)),
        md: std::sync::Arc::new(md),
        open: std::sync::Arc::new(open),
    };
    ui.data_mut(|d| d.insert_temp(id, fresh.clone()));
    fresh
}

/// What the export will hold: write-up state, missing evidence, language findings.
fn status(
    ui: &mut Ui,
    session: &Session,
    revs: crate::ui::write_up::Revisions<'_>,
    out: &mut Outbox,
) {
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
    let broken = crate::ui::write_up::broken_claims_cached(ui, session, revs);
    // Open findings over the included sections, as the Narrative's toolbar counts them.
    let open = crate::ui::language::lint_summary(ui, session, revs)
        .totals
        .0;
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
                    "⚠ {} claim(s) cite deleted or off-the-record evidence; the export lists the deleted ones and leaves off-the-record citations out.",
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
