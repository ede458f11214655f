//! The Codebook tab: vocabularies and the session's own codes, with hierarchy, rename and merge.

use crate::model::codebook::{self, VOCABULARIES};
use crate::model::{Command, Edit, Id, Session, TagApplication};
use crate::ui::pickers::speaker_label;
use crate::ui::widgets::{caption, empty_state, short};
use crate::ui::{Outbox, ViewState};
use egui::{Key, RichText, Ui};

use super::{TimelineScratch, TimelineTab};

/// The codebook editor: vocabularies, custom codes, hierarchy, rename, merge.
pub fn codebook_ui(
    ui: &mut Ui,
    s: &Session,
    view: &mut ViewState,
    sc: &mut TimelineScratch,
    out: &mut Outbox,
) {
    egui::Panel::left("codebook_tree")
        .resizable(true)
        .default_size(360.0)
        .min_size(240.0)
        .show(ui, |ui| {
            ui.label(RichText::new("Built-in vocabularies").strong());
            ui.horizontal_wrapped(|ui| {
                for v in &VOCABULARIES {
                    let cmd = codebook::add_vocabulary(s, v);
                    let r = ui
                        .add_enabled(cmd.is_some(), egui::Button::new(format!("➕ {}", v.name)))
                        .on_hover_text(v.about)
                        .on_disabled_hover_text("Already in the codebook");
                    if r.clicked()
                        && let Some(c) = cmd
                    {
                        out.command(c);
                    }
                }
            });
            ui.add_space(6.0);
            let mut add: Option<Option<Id>> = None;
            let mut code_field = None;
            ui.horizontal(|ui| {
                let l = ui.label("New code");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut sc.code_buf)
                            .hint_text("e.g. paging cost")
                            .desired_width(160.0)
                            .return_key(None),
                    )
                    .labelled_by(l.id);
                let enter = crate::ui::focus::enter_in(ui, &r);
                code_field = Some(r.id);
                if ui
                    .button("Add")
                    .on_hover_text("Adds a custom code at the top level (Enter)")
                    .clicked()
                    || enter
                {
                    add = Some(None);
                }
            });
            // Always there (greyed out until a code is selected): the list below never
            // moves down under the pointer when the first code is picked.
            let sel = view.timeline.selected_code;
            let under = match sel {
                Some(c) => format!("Add under “{}”", codebook::name(s, c)),
                None => "Add under the selected code".to_owned(),
            };
            if ui
                .add_enabled(sel.is_some(), egui::Button::new(under).truncate())
                .on_hover_text("Adds the new code as a sub-code of the selected one")
                .on_disabled_hover_text("Select a code in the list first")
                .clicked()
            {
                add = Some(sel);
            }
            if let Some(under) = add {
                match codebook::new_code(s, &sc.code_buf, under) {
                    Ok(c) => {
                        if let Command::Code(Edit::Put { item, .. }) = &c {
                            view.timeline.selected_code = Some(item.id);
                        }
                        out.command(c);
                        sc.code_buf.clear();
                        sc.code_error = None;
                        // The next code can be typed straight away, after Enter or a click.
                        if let Some(id) = code_field {
                            ui.memory_mut(|m| m.request_focus(id));
                        }
                    }
                    Err(e) => sc.code_error = Some(e.to_string()),
                }
            }
            if let Some(e) = &sc.code_error {
                ui.label(RichText::new(e).color(ui.visuals().warn_fg_color));
            }
            ui.separator();
            let tree = codebook::tree(s);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show_rows(ui, 22.0, tree.len(), |ui, range| {
                    for (depth, c) in &tree[range] {
                        ui.horizontal(|ui| {
                            ui.add_space(*depth as f32 * 16.0);
                            let n = codebook::usage(s, c.id);
                            let label = if n > 0 {
                                format!("{} ({n})", c.name)
                            } else {
                                c.name.clone()
                            };
                            if ui
                                .selectable_label(view.timeline.selected_code == Some(c.id), label)
                                .on_hover_text(&c.description)
                                .clicked()
                            {
                                view.timeline.selected_code = Some(c.id);
                                sc.code_error = None;
                            }
                        });
                    }
                });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some(c) = view.timeline.selected_code.and_then(|id| s.codes.iter().find(|c| c.id == id)) else {
            empty_state(
                ui,
                "The codebook",
                "Add a built-in vocabulary (Messy 9, ingredients of resilience, the first half hour, Safety-II notions) or your own codes. Select a code to describe, rename, move or merge it.",
            );
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(codebook::path(s, c.id));
            if let Some(v) = &c.vocabulary {
                caption(ui, &format!("From the built-in vocabulary “{v}”."));
            }
            ui.add_space(6.0);
            if sc.rename_buf.as_ref().is_none_or(|(id, _)| *id != c.id) {
                sc.rename_buf = Some((c.id, c.name.clone()));
            }
            ui.horizontal(|ui| {
                let l = ui.label("Name");
                let mut do_rename = false;
                if let Some((_, buf)) = &mut sc.rename_buf {
                    let r = ui.add(egui::TextEdit::singleline(buf).desired_width(240.0)).labelled_by(l.id);
                    do_rename = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                }
                if ui.button("Rename").on_hover_text("Every tag follows the new name").clicked() {
                    do_rename = true;
                }
                if do_rename && let Some((_, buf)) = &sc.rename_buf {
                    match codebook::rename(s, c.id, buf) {
                        Ok(cmd) => {
                            out.command(cmd);
                            sc.code_error = None;
                        }
                        Err(e) => sc.code_error = Some(e.to_string()),
                    }
                }
            });
            let l = ui.label("What it means");
            let mut desc = c.description.clone();
            if ui
                .add(egui::TextEdit::multiline(&mut desc).desired_rows(3).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
            {
                let mut n = c.clone();
                n.description = desc;
                out.typing(Command::Code(Edit::put(n)));
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let sits_under = ui.label("Sits under");
                egui::ComboBox::from_id_salt("code_parent")
                    .selected_text(c.parent.map(|p| codebook::path(s, p)).unwrap_or_else(|| "(top level)".into()))
                    .show_ui(ui, |ui| {
                        let mut choice: Option<Option<Id>> = None;
                        if ui.selectable_label(c.parent.is_none(), "(top level)").clicked() {
                            choice = Some(None);
                        }
                        for (_, o) in codebook::tree(s) {
                            if o.id == c.id || codebook::is_descendant(s, o.id, c.id) {
                                continue;
                            }
                            if ui.selectable_label(c.parent == Some(o.id), codebook::path(s, o.id)).clicked() {
                                choice = Some(Some(o.id));
                            }
                        }
                        if let Some(p) = choice {
                            match codebook::set_parent(s, c.id, p) {
                                Ok(cmd) => out.command(cmd),
                                Err(e) => sc.code_error = Some(e.to_string()),
                            }
                        }
                    })
                    .response
                    .labelled_by(sits_under.id);
            });
            ui.horizontal(|ui| {
                ui.menu_button("Merge into…", |ui| {
                    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        for (_, o) in codebook::tree(s) {
                            if o.id == c.id {
                                continue;
                            }
                            if ui.button(format!("Into {}", codebook::path(s, o.id))).clicked() {
                                match codebook::merge(s, c.id, o.id) {
                                    Ok(cmd) => {
                                        out.command(cmd);
                                        view.timeline.selected_code = Some(o.id);
                                    }
                                    Err(e) => sc.code_error = Some(e.to_string()),
                                }
                                ui.close();
                            }
                        }
                    });
                })
                .response
                .on_hover_text("Its tags move to the other code; one undo step");
                let n = codebook::usage(s, c.id);
                if ui
                    .button("🗑 Delete code")
                    .on_hover_text(format!("Removes the code and its {n} tags; sub-codes move up a level"))
                    .clicked()
                    && let Ok(cmd) = codebook::delete(s, c.id)
                {
                    out.command(cmd);
                    view.timeline.selected_code = None;
                }
            });
            if let Some(e) = &sc.code_error {
                ui.label(RichText::new(e).color(ui.visuals().warn_fg_color));
            }
            ui.separator();
            let tags: Vec<&TagApplication> = s.tags.iter().filter(|t| t.code == c.id).collect();
            ui.label(RichText::new(format!("Tagged excerpts ({})", tags.len())).strong());
            for t in tags {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(speaker_label(s, t.statement)).small().strong());
                    if ui.link(format!("“{}”", short(codebook::excerpt_text(s, t), 90))).clicked() {
                        view.timeline.tab = TimelineTab::Tagging;
                        view.timeline.selected_statement = Some(t.statement);
                    }
                });
            }
        });
    });
}
