//! The start screen: new session, open, example, recent files.

use super::{Action, Outbox};
use crate::model::SessionKind;
use egui::{RichText, Ui};

/// The start screen shown when the app opens without a file.
pub fn start_ui(ui: &mut Ui, recent: &[std::path::PathBuf], can_resume: bool, out: &mut Outbox) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(32.0);
            ui.label(RichText::new("Second Story").size(30.0).strong());
            ui.label(
                RichText::new(
                    "Interviews, sensemaking and second-story write-ups for Safety-II reviews",
                )
                .weak(),
            );
            ui.add_space(24.0);
        });
        let width = ui.available_width().min(560.0);
        ui.vertical_centered(|ui| {
            ui.set_max_width(width);
            ui.label(RichText::new("Start a new session").strong());
            ui.add_space(4.0);
            for kind in SessionKind::ALL {
                let text = format!("➕ New {}", kind.label().to_lowercase());
                let b = ui
                    .add_sized([width, 32.0], egui::Button::new(text))
                    .on_hover_text(kind.hint());
                if b.clicked() {
                    out.action(Action::New(kind));
                }
            }
            ui.add_space(16.0);
            ui.label(RichText::new("Or continue").strong());
            ui.add_space(4.0);
            if ui
                .add_sized(
                    [width, 28.0],
                    egui::Button::new("📂 Open session file…  (Ctrl+O)"),
                )
                .clicked()
            {
                out.action(Action::Open);
            }
            if ui
                .add_sized(
                    [width, 28.0],
                    egui::Button::new("📖 Open example: payment retry storm near miss"),
                )
                .on_hover_text(
                    "A worked example with four participants, three interviews and quotes",
                )
                .clicked()
            {
                out.action(Action::OpenExample);
            }
            if ui
                .add_sized(
                    [width, 28.0],
                    egui::Button::new("Open a library of reviews…  (Ctrl+8)"),
                )
                .on_hover_text(
                    "Many reviews read together: what keeps recurring, the follow-ups, the first half hour",
                )
                .clicked()
            {
                out.action(Action::Show(crate::ui::Workspace::Library));
            }
            if can_resume
                && ui
                    .add_sized(
                        [width, 28.0],
                        egui::Button::new("↩ Back to the open session"),
                    )
                    .clicked()
            {
                out.action(Action::CloseStart);
            }
            if !recent.is_empty() {
                ui.add_space(16.0);
                ui.label(RichText::new("Recent files").strong());
                for path in recent {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if ui
                        .link(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        out.action(Action::OpenRecent(path.clone()));
                    }
                }
            }
        });
    });
}
