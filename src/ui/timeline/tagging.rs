//! The Tagging tab: tag statements, or a span of one, with codes.

use crate::model::codebook;
use crate::model::validate::fmt_secs;
use crate::model::{Command, Edit, Id, Session, TagApplication, Theme};
use crate::ui::pickers::speaker_label;
use crate::ui::widgets::{caption, empty_state, short};
use crate::ui::{Outbox, ViewState};
use egui::{RichText, Ui};

use super::{TimelineScratch, TimelineTab};

/// Tag statements, or a selected span of one, with codes.
pub fn tagging_ui(
    ui: &mut Ui,
    s: &Session,
    view: &mut ViewState,
    sc: &mut TimelineScratch,
    out: &mut Outbox,
) {
    if s.statement_count() == 0 {
        empty_state(
            ui,
            "Nothing to tag yet",
            "Statements captured in Interviews appear here to be tagged with codes.",
        );
        return;
    }
    let list_w = (ui.available_width() * 0.42).clamp(240.0, 460.0);
    egui::Panel::left("tagging_statements")
        .resizable(true)
        .default_size(list_w)
        .min_size(240.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .selectable_label(view.timeline.tagging_interview.is_none(), "All interviews")
                    .clicked()
                {
                    view.timeline.tagging_interview = None;
                }
                for i in &s.interviews {
                    let label = s.pseudonym(i.participant).to_owned();
                    if ui
                        .selectable_label(view.timeline.tagging_interview == Some(i.id), label)
                        .on_hover_text(&i.title)
                        .clicked()
                    {
                        view.timeline.tagging_interview = Some(i.id);
                    }
                }
            });
            ui.separator();
            let mut counts: std::collections::HashMap<Id, usize> = Default::default();
            for t in &s.tags {
                *counts.entry(t.statement).or_default() += 1;
            }
            ui.checkbox(
                &mut view.timeline.untagged_only,
                "Only statements without tags",
            );
            let rows: Vec<(Id, &str, usize)> = s
                .interviews
                .iter()
                .filter(|i| view.timeline.tagging_interview.is_none_or(|x| x == i.id))
                .flat_map(|i| i.statements.iter())
                .filter(|st| !view.timeline.untagged_only || !counts.contains_key(&st.id))
                .map(|st| {
                    (
                        st.id,
                        st.text.as_str(),
                        counts.get(&st.id).copied().unwrap_or(0),
                    )
                })
                .collect();
            // Alt+Up / Alt+Down walk through the statements without the mouse.
            let step = ui.input_mut(|i| crate::ui::shortcuts::TAG_STEP.consume_index(i));
            let (up, down) = (step == Some(0), step == Some(1));
            let mut scroll_to = None;
            if (up || down) && !rows.is_empty() {
                let at = view
                    .timeline
                    .selected_statement
                    .and_then(|id| rows.iter().position(|r| r.0 == id));
                let next = match (at, down) {
                    (Some(i), true) => (i + 1).min(rows.len() - 1),
                    (Some(i), false) => i.saturating_sub(1),
                    (None, _) => 0,
                };
                view.timeline.selected_statement = Some(rows[next].0);
                sc.span = None;
                scroll_to = Some(next);
            }
            let row_h = 22.0;
            let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
            if let Some(i) = scroll_to {
                let step = row_h + ui.spacing().item_spacing.y;
                area = area.vertical_scroll_offset((i as f32 * step - 3.0 * step).max(0.0));
            }
            area.show_rows(ui, row_h, rows.len(), |ui, range| {
                for (id, text, n) in &rows[range] {
                    ui.horizontal(|ui| {
                        let who = speaker_label(s, *id);
                        let count = if *n > 0 {
                            format!("🏷{n}")
                        } else {
                            String::new()
                        };
                        ui.add_sized([26.0, 18.0], egui::Label::new(RichText::new(count).small()));
                        ui.add_sized(
                            [70.0, 18.0],
                            egui::Label::new(RichText::new(who).small().weak()).truncate(),
                        );
                        let r = ui.add(
                            egui::Button::selectable(
                                view.timeline.selected_statement == Some(*id),
                                short(text, 80),
                            )
                            .truncate(),
                        );
                        if r.on_hover_text(*text).clicked() {
                            view.timeline.selected_statement = Some(*id);
                            sc.span = None;
                        }
                    });
                }
            });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some((interview, st)) = view.timeline.selected_statement.and_then(|id| s.statement(id))
        else {
            empty_state(
                ui,
                "Pick a statement",
                "Choose a statement on the left, then a code. Select words in it first to tag only that span.",
            );
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "{} · {} · {} · {}",
                    speaker_label(s, st.id),
                    interview.title,
                    fmt_secs(st.at_secs),
                    st.kind.label()
                ))
                .strong(),
            );
            if st.off_record {
                ui.label(
                    RichText::new("Off the record: tags stay in this file and never reach an export.")
                        .color(ui.visuals().warn_fg_color),
                );
            }
            // A read-only text field, so words can be selected for a span tag. Its
            // own id per statement keeps one statement's selection off another.
            let mut text: &str = &st.text;
            let output = egui::TextEdit::multiline(&mut text)
                .id_salt(("tag_statement_text", st.id))
                .desired_width(f32::INFINITY)
                .desired_rows(2)
                .show(ui);
            let text_id = output.response.response.id;
            // Read-only: Tab passes over it to the code filter.
            crate::ui::focus::not_a_field(ui.ctx(), text_id);
            sc.span = match output.cursor_range {
                Some(range) => {
                    let (a, b) = (range.primary.index.0, range.secondary.index.0);
                    let (a, b) = (a.min(b), a.max(b));
                    let to_byte = |c: usize| {
                        st.text
                            .char_indices()
                            .nth(c)
                            .map(|(i, _)| i)
                            .unwrap_or(st.text.len())
                    };
                    // Stray spaces at either end of a selection are not part of the words.
                    let (mut a, mut b) = (to_byte(a), to_byte(b));
                    let sel = st.text.get(a..b).unwrap_or("");
                    a += sel.len() - sel.trim_start().len();
                    b -= sel.len() - sel.trim_end().len();
                    (a < b).then_some((st.id, a, b))
                }
                None => None,
            };
            let span = sc
                .span
                .filter(|(id, a, b)| *id == st.id && a < b && *b <= st.text.len())
                .map(|(_, a, b)| (a, b));
            match span {
                Some((a, b)) => {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!(
                            "Codes apply to the selected words: “{}”",
                            short(st.text.get(a..b).unwrap_or(""), 60)
                        ));
                        if ui.small_button("Whole statement").clicked() {
                            sc.span = None;
                            if let Some(mut state) =
                                egui::text_edit::TextEditState::load(ui.ctx(), text_id)
                            {
                                state.cursor.set_char_range(None);
                                state.store(ui.ctx(), text_id);
                            }
                        }
                    });
                }
                None => caption(
                    ui,
                    "Codes apply to the whole statement. Select words above to tag only them. Alt+Up/Down: previous or next statement.",
                ),
            }

            ui.add_space(8.0);
            ui.label(RichText::new("Tags on this statement").strong());
            let tags: Vec<&TagApplication> = s.tags.iter().filter(|t| t.statement == st.id).collect();
            if tags.is_empty() {
                caption(ui, "None yet.");
            }
            for t in tags {
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .small_button("✖")
                        .on_hover_text("Remove this tag (and its place in any theme)")
                        .clicked()
                    {
                        out.command(codebook::untag(s, t.id));
                    }
                    ui.label(RichText::new(codebook::path(s, t.code)).strong());
                    if t.span.is_some() {
                        ui.label(format!("“{}”", short(codebook::excerpt_text(s, t), 50)));
                    }
                    let in_themes: Vec<&Theme> =
                        s.themes.iter().filter(|th| th.excerpts.contains(&t.id)).collect();
                    for th in &in_themes {
                        ui.label(RichText::new(format!("in theme “{}”", th.name)).small().weak());
                    }
                    ui.menu_button("Add to theme…", |ui| {
                        for th in s.themes.iter().filter(|th| !th.excerpts.contains(&t.id)) {
                            if ui.button(format!("Theme: {}", th.name)).clicked() {
                                let mut th = th.clone();
                                th.excerpts.push(t.id);
                                out.command(Command::Theme(Edit::put(th)));
                                ui.close();
                            }
                        }
                        if ui.button("➕ New theme with this excerpt").clicked() {
                            let th = Theme {
                                id: Id::new(),
                                name: format!("Theme {}", s.themes.len() + 1),
                                description: String::new(),
                                excerpts: vec![t.id],
                            };
                            view.timeline.selected_theme = Some(th.id);
                            out.command(Command::Theme(Edit::put(th)));
                            ui.close();
                        }
                    });
                });
            }

            ui.add_space(8.0);
            ui.label(RichText::new("Tag with a code").strong());
            let l = ui.label("Find a code");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut sc.picker_filter)
                        .hint_text("type to filter; Enter tags with the first match")
                        .desired_width(320.0)
                        .return_key(None),
                )
                .labelled_by(l.id);
            let filter = sc.picker_filter.trim().to_lowercase();
            let matches: Vec<(usize, &crate::model::Code)> = codebook::tree(s)
                .into_iter()
                .filter(|(_, c)| {
                    filter.is_empty()
                        || c.name.to_lowercase().contains(&filter)
                        || c.description.to_lowercase().contains(&filter)
                })
                .collect();
            // Enter tags and keeps the focus here: Alt+Down, a few letters, Enter again.
            let enter = crate::ui::focus::enter_in(ui, &r);
            let mut apply: Option<Id> = None;
            if enter && let Some((_, c)) = matches.first() {
                apply = Some(c.id);
            }
            if s.codes.is_empty() {
                caption(ui, "The codebook is empty: add a built-in vocabulary or your own codes in the Codebook tab.");
                if ui.button("Open the codebook").clicked() {
                    view.timeline.tab = TimelineTab::Codebook;
                }
            }
            if !filter.is_empty()
                && !s.codes.iter().any(|c| c.name.to_lowercase() == filter)
                && ui
                    .button(format!(
                        "➕ New code “{}” and tag",
                        sc.picker_filter.trim()
                    ))
                    .clicked()
                && let Ok(c) = codebook::new_code(s, &sc.picker_filter, None)
            {
                if let Command::Code(Edit::Put { item, .. }) = &c {
                    let tag = new_tag(item.id, st.id, span);
                    out.command(Command::Batch {
                        label: "Tag with a new code".into(),
                        commands: vec![c.clone(), Command::Tag(Edit::put(tag))],
                    });
                }
                sc.picker_filter.clear();
            }
            ui.horizontal_wrapped(|ui| {
                for (depth, c) in &matches {
                    let already = s
                        .tags
                        .iter()
                        .any(|t| t.statement == st.id && t.code == c.id && t.span == span);
                    let label = if *depth == 0 && c.vocabulary.is_some() && c.parent.is_none() {
                        RichText::new(format!("{} ›", c.name)).weak()
                    } else {
                        RichText::new(&c.name)
                    };
                    let r = ui
                        .add_enabled(!already, egui::Button::new(label))
                        .on_hover_text(if c.description.is_empty() { "(no description)" } else { &c.description });
                    if r.clicked() {
                        apply = Some(c.id);
                    }
                }
            });
            if let Some(code) = apply {
                let already = s.tags.iter().any(|t| t.statement == st.id && t.code == code && t.span == span);
                if !already {
                    out.command(Command::Tag(Edit::put(new_tag(code, st.id, span))));
                }
                sc.picker_filter.clear();
            }
        });
    });
}

pub(super) fn new_tag(code: Id, statement: Id, span: Option<(usize, usize)>) -> TagApplication {
    TagApplication {
        id: Id::new(),
        code,
        statement,
        span,
    }
}
