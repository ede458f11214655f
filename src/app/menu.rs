//! The panels around the workspace: the menu bar, the status bar (file, progress,
//! notices), the navigation list, and which view draws the centre.

use super::prompts::Modal;
use super::{NOTICE_SECS, NoticeKind, SecondStoryApp};
use crate::io;
use crate::ui::shortcuts as keys;
use crate::ui::{self, Action, Outbox, Workspace};
use egui::{RichText, Ui};

impl SecondStoryApp {
    /// File, Edit, View and Help menus, and the session's title on the right.
    pub(super) fn menu_bar(&mut self, ui: &mut Ui, out: &mut Outbox) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    if ui
                        .add(egui::Button::new("New…").shortcut_text(keys::NEW.first_key_text()))
                        .clicked()
                    {
                        self.show_start = true;
                    }
                    if ui
                        .add(egui::Button::new("Open…").shortcut_text(keys::OPEN.first_key_text()))
                        .clicked()
                    {
                        out.action(Action::Open);
                    }
                    if io::HAS_RECENT_FILES {
                        ui.add_enabled_ui(!self.recent.is_empty(), |ui| {
                            ui.menu_button("Open recent", |ui| {
                                for p in &self.recent {
                                    if ui.button(p.display().to_string()).clicked() {
                                        out.action(Action::OpenRecent(p.clone()));
                                    }
                                }
                            });
                        });
                    }
                    if ui.button("Open example").clicked() {
                        out.action(Action::OpenExample);
                    }
                    if ui.button("Merge a colleague's copy…").clicked() {
                        out.action(Action::MergeCopy);
                    }
                    let conflicts = self.doc.session().conflicts.len();
                    if conflicts > 0 && ui.button(format!("Conflicts ({conflicts})…")).clicked() {
                        out.action(Action::ShowConflicts);
                    }
                    ui.separator();
                    let save_label = if cfg!(target_arch = "wasm32") {
                        "Save (download)"
                    } else {
                        "Save"
                    };
                    if ui
                        .add(
                            egui::Button::new(save_label)
                                .shortcut_text(keys::SAVE.first_key_text()),
                        )
                        .clicked()
                    {
                        out.action(Action::Save);
                    }
                    if !cfg!(target_arch = "wasm32")
                        && ui
                            .add(
                                egui::Button::new("Save as…")
                                    .shortcut_text(keys::SAVE_AS.first_key_text()),
                            )
                            .clicked()
                    {
                        out.action(Action::SaveAs);
                    }
                    ui.separator();
                    if ui
                        .add(
                            egui::Button::new("Export Markdown…")
                                .shortcut_text(keys::EXPORT.first_key_text()),
                        )
                        .clicked()
                    {
                        out.action(Action::ExportMarkdown {
                            redact: self.view.redact(),
                        });
                    }
                    if ui.button("Share redacted copy…").clicked() {
                        out.action(Action::ShareRedacted);
                    }
                    ui::calibration::menu_entries(ui, self.doc.session(), out);
                    if !cfg!(target_arch = "wasm32") {
                        ui.separator();
                        if ui
                            .add(
                                egui::Button::new("Quit")
                                    .shortcut_text(keys::QUIT.first_key_text()),
                            )
                            .clicked()
                        {
                            out.action(Action::Quit);
                        }
                    }
                });
                ui.menu_button("Edit", |ui| {
                    let undo = self
                        .doc
                        .undo_label()
                        .map(|l| format!("Undo {}", l.to_lowercase()));
                    if ui
                        .add_enabled(
                            undo.is_some(),
                            egui::Button::new(undo.unwrap_or_else(|| "Undo".into()))
                                .shortcut_text(keys::UNDO.first_key_text()),
                        )
                        .clicked()
                    {
                        out.action(Action::Undo);
                    }
                    let redo = self
                        .doc
                        .redo_label()
                        .map(|l| format!("Redo {}", l.to_lowercase()));
                    if ui
                        .add_enabled(
                            redo.is_some(),
                            egui::Button::new(redo.unwrap_or_else(|| "Redo".into()))
                                .shortcut_text(keys::REDO.first_key_text()),
                        )
                        .clicked()
                    {
                        out.action(Action::Redo);
                    }
                });
                ui.menu_button("View", |ui| {
                    for (w, sc) in Workspace::ALL.iter().zip(keys::WORKSPACES.keys) {
                        if ui
                            .add(egui::Button::new(w.label()).shortcut_text(keys::key_text(sc)))
                            .clicked()
                        {
                            out.action(Action::Show(*w));
                        }
                    }
                    ui.separator();
                    crate::ui::widgets::theme_menu_entries(ui);
                });
                ui.menu_button("Help", |ui| {
                    if ui
                        .add(
                            egui::Button::new("Keyboard shortcuts")
                                .shortcut_text(keys::HELP.first_key_text()),
                        )
                        .clicked()
                    {
                        self.show_help = true;
                    }
                    ui::widgets::screen_reader_toggle(ui);
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    crate::ui::widgets::theme_picker(ui);
                    ui.separator();
                    let s = self.doc.session();
                    if !self.show_start {
                        ui.label(RichText::new(s.kind.label()).weak());
                        // A long title is cut with an ellipsis; the whole of it on hover.
                        let title = s.display_title();
                        ui.add(egui::Label::new(RichText::new(title).strong()).truncate())
                            .on_hover_text(title);
                    }
                });
            });
        });
    }

    /// The status bar: file name, unsaved marker, progress, warnings and notices.
    pub(super) fn status_bar(&mut self, ui: &mut Ui, out: &mut Outbox) {
        let warning = self.autosave.warning();
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                let name = self
                    .location
                    .file_name()
                    .unwrap_or_else(|| "Not saved yet".into());
                ui.label(RichText::new(name).small());
                if self.doc.is_dirty() {
                    ui.label(
                        RichText::new("• unsaved changes")
                            .small()
                            .color(ui.visuals().warn_fg_color),
                    )
                    .on_hover_text("Autosaved for recovery; press Ctrl+S to save the file");
                }
                if let Some(name) = &self.opening {
                    ui.separator();
                    ui.spinner();
                    let progress = match &self.assembling {
                        Some(a) => format!(" {:.0}%", 100.0 * a.fraction_done()),
                        None => String::new(),
                    };
                    ui.label(RichText::new(format!("Opening {name}…{progress}")).small());
                    self.opening_shown = Some(name.clone());
                }
                // While a typed path is asked for, nothing is being written yet.
                let asking_path = matches!(
                    self.modal,
                    Some(Modal::TypePath {
                        purpose: io::PathPurpose::Export { .. },
                        ..
                    })
                );
                if let Some(name) = self.exporting.last().filter(|_| !asking_path) {
                    ui.separator();
                    ui.spinner();
                    ui.label(RichText::new(format!("Exporting {name}…")).small())
                        .on_hover_text("Building the file and writing it where you choose");
                }
                self.merge_status(ui);
                if let Some(w) = &warning {
                    ui.label(
                        RichText::new(format!("⚠ {w}"))
                            .small()
                            .color(ui.visuals().error_fg_color),
                    );
                }
                let now = self.now;
                if let Some((i, n)) = self
                    .notices
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, n)| n.kind == NoticeKind::Warning || now - n.at < NOTICE_SECS)
                {
                    ui.separator();
                    let color = match n.kind {
                        NoticeKind::Info => ui.visuals().text_color(),
                        NoticeKind::Warning => ui.visuals().warn_fg_color,
                    };
                    ui.label(RichText::new(&n.text).small().color(color));
                    if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                        out.action(Action::DismissNotice(i));
                    }
                }
                if cfg!(target_arch = "wasm32") {
                    self.forget_button(ui);
                }
            });
        });
    }

    /// The list of workspaces on the left.
    pub(super) fn navigation(&mut self, ui: &mut Ui, out: &mut Outbox) {
        egui::Panel::left("navigation")
            .resizable(false)
            .exact_size(176.0)
            .show(ui, |ui| {
                ui.add_space(8.0);
                for (n, w) in Workspace::ALL.iter().enumerate() {
                    let selected = self.view.workspace == *w;
                    let text = RichText::new(w.label()).size(15.0);
                    let r = ui
                        .add_sized(
                            [ui.available_width(), 30.0],
                            egui::Button::selectable(selected, text),
                        )
                        .on_hover_text(format!("{} (Ctrl+{})", w.hint(), n + 1));
                    if r.clicked() {
                        out.action(Action::Show(*w));
                    }
                }
            });
    }

    /// The chosen workspace's view, in the central panel.
    pub(super) fn workspace_ui(&mut self, ui: &mut Ui, out: &mut Outbox) {
        let session = self.doc.session();
        let view = &mut self.view;
        let cx = &mut ui::FrameCtx::new(&self.doc, &mut self.scratch);
        match view.workspace {
            Workspace::Overview => ui::overview::overview_ui(ui, session, out),
            Workspace::Participants => {
                ui::participants::participants_ui(ui, session, view, cx, out)
            }
            Workspace::Narrative => ui::narrative::narrative_ui(ui, session, view, cx, out),
            Workspace::Export => ui::export::export_ui(ui, session, view, cx, out),
            Workspace::Map => ui::map::map_ui(ui, session, view, cx, out),
            Workspace::Interviews => ui::interviews::interviews_ui(ui, session, view, cx, out),
            Workspace::Timeline => ui::timeline::timeline_ui(ui, session, view, cx, out),
            Workspace::Library => ui::library::library_ui(ui, session, view, cx, out),
        }
    }
}
