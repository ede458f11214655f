//! Export: the Markdown write-up (redacted by default) and redacted copies to share.

use super::widgets::heading;
use super::{Action, Outbox, ViewState};
use crate::model::Session;
use crate::model::export::{ExportOptions, to_markdown};
use egui::{RichText, Ui};

/// The Export workspace.
pub fn export_ui(ui: &mut Ui, session: &Session, view: &mut ViewState, out: &mut Outbox) {
    heading(
        ui,
        "Export",
        "Markdown for your wiki or docs repository. Off-the-record statements never leave the file.",
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
        if ui.button("⬇ Export Markdown…").clicked() {
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
    ui.separator();
    ui.label(RichText::new("Preview").strong());
    let md = to_markdown(session, ExportOptions { redact });
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add(
            egui::TextEdit::multiline(&mut md.as_str())
                .code_editor()
                .desired_width(f32::INFINITY),
        );
    });
}
