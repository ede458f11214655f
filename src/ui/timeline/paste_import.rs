//! Paste import of chat or log excerpts into the timeline, with every line it could not read.

use crate::model::paste::{self, PasteOptions, PasteResult};
use crate::model::search::perspective_label;
use crate::model::{Perspective, Session};
use crate::ui::widgets::{caption, short};
use crate::ui::{Action, Outbox, ViewState};
use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::{TimelineScratch, TimelineTab, all_perspectives};
pub use crate::model::timeline::default_date;

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

/// A text file picked for paste import arrives here (from the app).
pub fn open_paste(
    view: &mut ViewState,
    sc: &mut TimelineScratch,
    session: &Session,
    name: String,
    text: String,
) {
    view.workspace = crate::ui::Workspace::Timeline;
    view.timeline.tab = TimelineTab::Timeline;
    // Opened from the dialog: keep the date and perspective already chosen there.
    match &mut sc.paste {
        Some(d) => {
            d.text = text;
            d.source = Some(name);
        }
        None => {
            sc.paste = Some(PasteDialog {
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

/// A text file longer than this is summarized in the paste dialog, not edited.
pub(super) const PASTE_EDIT_LIMIT: usize = 256 * 1024;

pub(super) fn paste_dialog(ui: &mut Ui, s: &Session, sc: &mut TimelineScratch, out: &mut Outbox) {
    let Some(dialog) = &mut sc.paste else {
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
    if let Some(d) = &mut sc.paste {
        d.parsed = parsed_slot;
    }
    if !open || close {
        sc.paste = None;
        if close {
            sc.px_per_sec = 0.0;
        }
    }
}
