//! Sensemaking sub-tabs of the Timeline & decisions workspace: tagging statements
//! (or spans of them) with codes, the codebook, themes with a count per participant,
//! the findings lists (contributors, what went well, …; deliberately no root cause),
//! the follow-up parking lot, and the Ctrl+F search panel.

use crate::model::codebook::{self, VOCABULARIES, Voice};
use crate::model::search::{self, ItemKind, Target, finding_label};
use crate::model::validate::fmt_secs;
use crate::model::{
    Command, Edit, Finding, FindingKind, FollowUp, FollowUpClass, Id, Session, Speaker,
    TagApplication, Theme,
};
use crate::ui::timeline::{SenseTab, short};
use crate::ui::widgets::{caption, empty_state};
use crate::ui::{Outbox, ViewState, Workspace};
use egui::{Key, RichText, Ui};

// ---------------------------------------------------------------------------
// Shared pieces

/// Who said a statement, by pseudonym (never a real name).
fn speaker_label(s: &Session, statement: Id) -> String {
    match s.statement(statement) {
        Some((i, st)) => match st.speaker {
            Speaker::Interviewee => s.pseudonym(i.participant).to_owned(),
            Speaker::Facilitator => "Facilitator".into(),
        },
        None => "(removed)".into(),
    }
}

/// A one-line reference to a statement: who, when, the words.
pub fn statement_chip(ui: &mut Ui, s: &Session, id: Id) {
    match s.statement(id) {
        Some((i, st)) => {
            let who = speaker_label(s, id);
            ui.label(
                RichText::new(format!("{who} {}", fmt_secs(st.at_secs)))
                    .small()
                    .strong(),
            )
            .on_hover_text(&i.title);
            ui.add(egui::Label::new(format!("“{}”", short(&st.text, 70))).truncate())
                .on_hover_text(&st.text);
        }
        None => {
            ui.label(RichText::new("(statement removed)").weak());
        }
    }
}

/// A button that opens a filterable list of statements; returns the one picked.
/// Statements already in `taken` are not offered.
pub fn statement_picker(
    ui: &mut Ui,
    s: &Session,
    salt: &str,
    taken: &[Id],
    filter: &mut String,
) -> Option<Id> {
    let mut picked = None;
    ui.push_id(salt, |ui| {
        // Stays open while its search box is clicked and typed in; closes on a pick,
        // a click outside or Esc.
        let config = egui::containers::menu::MenuConfig::new()
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
        egui::containers::menu::MenuButton::new("📎 Link evidence…")
            .config(config)
            .ui(ui, |ui| {
                ui.set_min_width(420.0_f32.min(ui.ctx().content_rect().width() - 40.0));
                let l = ui.label("Find a statement");
                let r = ui
                    .add(egui::TextEdit::singleline(filter).hint_text("words, or a pseudonym"))
                    .labelled_by(l.id);
                // Typing goes into the search box as soon as the list opens.
                if ui.memory(|m| m.focused().is_none()) {
                    r.request_focus();
                }
                let f = filter.to_lowercase();
                // Within the window also when it is short (150 % zoom), and always this
                // tall: narrowing the list never shrinks or moves the popup under the
                // pointer.
                let room = (ui.ctx().content_rect().height() * 0.45).min(360.0);
                egui::ScrollArea::vertical()
                    .max_height(room)
                    .min_scrolled_height(room)
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        let mut any = false;
                        for i in &s.interviews {
                            let who = s.pseudonym(i.participant);
                            for st in i.statements.iter().filter(|st| !taken.contains(&st.id)) {
                                let sp = speaker_label(s, st.id);
                                if !f.is_empty()
                                    && !st.text.to_lowercase().contains(&f)
                                    && !who.to_lowercase().contains(&f)
                                {
                                    continue;
                                }
                                any = true;
                                let label = format!(
                                    "{sp} {} · {}{}",
                                    fmt_secs(st.at_secs),
                                    short(&st.text, 70),
                                    if st.off_record {
                                        " (off the record)"
                                    } else {
                                        ""
                                    }
                                );
                                if ui.button(label).on_hover_text(&st.text).clicked() {
                                    picked = Some(st.id);
                                    ui.close();
                                }
                            }
                        }
                        if !any {
                            caption(
                                ui,
                                "No statements match. Statements are captured in Interviews.",
                            );
                        }
                    });
            });
    });
    if picked.is_some() {
        filter.clear();
    }
    picked
}

/// A list of evidence links with remove buttons and a picker; returns the new list
/// when it changed.
fn evidence_editor(
    ui: &mut Ui,
    s: &Session,
    salt: &str,
    evidence: &[Id],
    filter: &mut String,
) -> Option<Vec<Id>> {
    let mut changed = None;
    for id in evidence {
        ui.horizontal(|ui| {
            if ui
                .small_button("✖")
                .on_hover_text("Remove this evidence link")
                .clicked()
            {
                changed = Some(evidence.iter().copied().filter(|x| x != id).collect());
            }
            statement_chip(ui, s, *id);
        });
    }
    if let Some(id) = statement_picker(ui, s, salt, evidence, filter) {
        let mut v = evidence.to_vec();
        v.push(id);
        changed = Some(v);
    }
    changed
}

// ---------------------------------------------------------------------------
// Tagging

/// Tag statements, or a selected span of one, with codes.
pub fn tagging_ui(ui: &mut Ui, s: &Session, view: &mut ViewState, out: &mut Outbox) {
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
                    .selectable_label(view.sense.tagging_interview.is_none(), "All interviews")
                    .clicked()
                {
                    view.sense.tagging_interview = None;
                }
                for i in &s.interviews {
                    let label = s.pseudonym(i.participant).to_owned();
                    if ui
                        .selectable_label(view.sense.tagging_interview == Some(i.id), label)
                        .on_hover_text(&i.title)
                        .clicked()
                    {
                        view.sense.tagging_interview = Some(i.id);
                    }
                }
            });
            ui.separator();
            let mut counts: std::collections::HashMap<Id, usize> = Default::default();
            for t in &s.tags {
                *counts.entry(t.statement).or_default() += 1;
            }
            ui.checkbox(
                &mut view.sense.untagged_only,
                "Only statements without tags",
            );
            let rows: Vec<(Id, &str, usize)> = s
                .interviews
                .iter()
                .filter(|i| view.sense.tagging_interview.is_none_or(|x| x == i.id))
                .flat_map(|i| i.statements.iter())
                .filter(|st| !view.sense.untagged_only || !counts.contains_key(&st.id))
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
                    .sense
                    .selected_statement
                    .and_then(|id| rows.iter().position(|r| r.0 == id));
                let next = match (at, down) {
                    (Some(i), true) => (i + 1).min(rows.len() - 1),
                    (Some(i), false) => i.saturating_sub(1),
                    (None, _) => 0,
                };
                view.sense.selected_statement = Some(rows[next].0);
                view.sense.span = None;
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
                                view.sense.selected_statement == Some(*id),
                                short(text, 80),
                            )
                            .truncate(),
                        );
                        if r.on_hover_text(*text).clicked() {
                            view.sense.selected_statement = Some(*id);
                            view.sense.span = None;
                        }
                    });
                }
            });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some((interview, st)) = view.sense.selected_statement.and_then(|id| s.statement(id))
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
            view.sense.span = match output.cursor_range {
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
            let span = view
                .sense
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
                            view.sense.span = None;
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
                            view.sense.selected_theme = Some(th.id);
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
                    egui::TextEdit::singleline(&mut view.sense.picker_filter)
                        .hint_text("type to filter; Enter tags with the first match")
                        .desired_width(320.0)
                        .return_key(None),
                )
                .labelled_by(l.id);
            let filter = view.sense.picker_filter.trim().to_lowercase();
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
                    view.sense.tab = SenseTab::Codebook;
                }
            }
            if !filter.is_empty()
                && !s.codes.iter().any(|c| c.name.to_lowercase() == filter)
                && ui
                    .button(format!("➕ New code “{}” and tag", view.sense.picker_filter.trim()))
                    .clicked()
                && let Ok(c) = codebook::new_code(s, &view.sense.picker_filter, None)
            {
                if let Command::Code(Edit::Put { item, .. }) = &c {
                    let tag = new_tag(item.id, st.id, span);
                    out.command(Command::Batch {
                        label: "Tag with a new code".into(),
                        commands: vec![c.clone(), Command::Tag(Edit::put(tag))],
                    });
                }
                view.sense.picker_filter.clear();
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
                view.sense.picker_filter.clear();
            }
        });
    });
}

fn new_tag(code: Id, statement: Id, span: Option<(usize, usize)>) -> TagApplication {
    TagApplication {
        id: Id::new(),
        code,
        statement,
        span,
    }
}

// ---------------------------------------------------------------------------
// Codebook

/// The codebook editor: vocabularies, custom codes, hierarchy, rename, merge.
pub fn codebook_ui(ui: &mut Ui, s: &Session, view: &mut ViewState, out: &mut Outbox) {
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
                        egui::TextEdit::singleline(&mut view.sense.code_buf)
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
            let sel = view.sense.selected_code;
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
                match codebook::new_code(s, &view.sense.code_buf, under) {
                    Ok(c) => {
                        if let Command::Code(Edit::Put { item, .. }) = &c {
                            view.sense.selected_code = Some(item.id);
                        }
                        out.command(c);
                        view.sense.code_buf.clear();
                        view.sense.code_error = None;
                        // The next code can be typed straight away, after Enter or a click.
                        if let Some(id) = code_field {
                            ui.memory_mut(|m| m.request_focus(id));
                        }
                    }
                    Err(e) => view.sense.code_error = Some(e.to_string()),
                }
            }
            if let Some(e) = &view.sense.code_error {
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
                                .selectable_label(view.sense.selected_code == Some(c.id), label)
                                .on_hover_text(&c.description)
                                .clicked()
                            {
                                view.sense.selected_code = Some(c.id);
                                view.sense.code_error = None;
                            }
                        });
                    }
                });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some(c) = view.sense.selected_code.and_then(|id| s.codes.iter().find(|c| c.id == id)) else {
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
            if view.sense.rename_buf.as_ref().is_none_or(|(id, _)| *id != c.id) {
                view.sense.rename_buf = Some((c.id, c.name.clone()));
            }
            ui.horizontal(|ui| {
                let l = ui.label("Name");
                let mut do_rename = false;
                if let Some((_, buf)) = &mut view.sense.rename_buf {
                    let r = ui.add(egui::TextEdit::singleline(buf).desired_width(240.0)).labelled_by(l.id);
                    do_rename = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                }
                if ui.button("Rename").on_hover_text("Every tag follows the new name").clicked() {
                    do_rename = true;
                }
                if do_rename && let Some((_, buf)) = &view.sense.rename_buf {
                    match codebook::rename(s, c.id, buf) {
                        Ok(cmd) => {
                            out.command(cmd);
                            view.sense.code_error = None;
                        }
                        Err(e) => view.sense.code_error = Some(e.to_string()),
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
                                Err(e) => view.sense.code_error = Some(e.to_string()),
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
                                        view.sense.selected_code = Some(o.id);
                                    }
                                    Err(e) => view.sense.code_error = Some(e.to_string()),
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
                    view.sense.selected_code = None;
                }
            });
            if let Some(e) = &view.sense.code_error {
                ui.label(RichText::new(e).color(ui.visuals().warn_fg_color));
            }
            ui.separator();
            let tags: Vec<&TagApplication> = s.tags.iter().filter(|t| t.code == c.id).collect();
            ui.label(RichText::new(format!("Tagged excerpts ({})", tags.len())).strong());
            for t in tags {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(speaker_label(s, t.statement)).small().strong());
                    if ui.link(format!("“{}”", short(codebook::excerpt_text(s, t), 90))).clicked() {
                        view.sense.tab = SenseTab::Tagging;
                        view.sense.selected_statement = Some(t.statement);
                    }
                });
            }
        });
    });
}

// ---------------------------------------------------------------------------
// Themes

/// Themes: group tagged excerpts; each excerpt with its pseudonym and a count per
/// participant so one loud voice does not look like a pattern.
pub fn themes_ui(ui: &mut Ui, s: &Session, view: &mut ViewState, out: &mut Outbox) {
    egui::Panel::left("themes_list")
        .resizable(true)
        .default_size(260.0)
        .min_size(180.0)
        .show(ui, |ui| {
            if ui.button("➕ New theme").clicked() {
                let th = Theme {
                    id: Id::new(),
                    name: format!("Theme {}", s.themes.len() + 1),
                    ..Theme::default()
                };
                view.sense.selected_theme = Some(th.id);
                view.focus_request = Some("theme_name");
                out.command(Command::Theme(Edit::put(th)));
            }
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for th in &s.themes {
                    let voices = codebook::theme_voices(s, th);
                    let label = format!(
                        "{} · {} excerpts, {} voices",
                        th.name,
                        th.excerpts.len(),
                        voices
                    );
                    if ui
                        .selectable_label(view.sense.selected_theme == Some(th.id), label)
                        .clicked()
                    {
                        view.sense.selected_theme = Some(th.id);
                    }
                }
            });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some(th) = view.sense.selected_theme.and_then(|id| s.themes.iter().find(|t| t.id == id)) else {
            empty_state(
                ui,
                if s.themes.is_empty() { "No themes yet" } else { "Pick a theme" },
                "A theme groups tagged excerpts that say something together. Tag statements first, then gather the excerpts here.",
            );
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            let l = ui.label("Theme name");
            let mut name = th.name.clone();
            let r = ui
                .add(egui::TextEdit::singleline(&mut name).desired_width(f32::INFINITY))
                .labelled_by(l.id);
            if view.focus_request == Some("theme_name") {
                r.request_focus();
                view.focus_request = None;
            }
            if r.changed() {
                let mut n = th.clone();
                n.name = name;
                out.typing(Command::Theme(Edit::put(n)));
            }
            let l = ui.label("What it is about");
            let mut desc = th.description.clone();
            if ui
                .add(egui::TextEdit::multiline(&mut desc).desired_rows(2).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
            {
                let mut n = th.clone();
                n.description = desc;
                out.typing(Command::Theme(Edit::put(n)));
            }

            // Voices: who the excerpts come from.
            ui.add_space(6.0);
            let counts = codebook::theme_counts(s, th);
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Voices:").strong());
                if counts.is_empty() {
                    ui.label(RichText::new("none yet").weak());
                }
                for (v, n) in &counts {
                    ui.label(format!("{} ×{n}", codebook::voice_label(s, *v)));
                }
            });
            let total: usize = counts.iter().map(|(_, n)| n).sum();
            let participants = counts.iter().filter(|(v, _)| matches!(v, Voice::Participant(_))).count();
            if let Some((v, n)) = counts.first()
                && total >= 3
                && (*n * 2 > total || participants < 2)
            {
                ui.label(
                    RichText::new(format!(
                        "{n} of {total} excerpts come from {}: is this a pattern, or one voice?",
                        codebook::voice_label(s, *v)
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }

            ui.add_space(6.0);
            ui.label(RichText::new(format!("Excerpts ({})", th.excerpts.len())).strong());
            for id in &th.excerpts {
                let Some(t) = s.tags.iter().find(|t| t.id == *id) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    if ui.small_button("✖").on_hover_text("Take out of this theme (the tag stays)").clicked() {
                        let mut n = th.clone();
                        n.excerpts.retain(|x| x != id);
                        out.command(Command::Theme(Edit::put(n)));
                    }
                    ui.label(RichText::new(codebook::voice_label(s, codebook::voice(s, t))).strong());
                    ui.label(RichText::new(codebook::name(s, t.code)).small().weak());
                    ui.add(egui::Label::new(format!("“{}”", codebook::excerpt_text(s, t))).wrap());
                });
            }

            ui.add_space(8.0);
            ui.separator();
            ui.label(RichText::new("Add tagged excerpts").strong());
            let l = ui.label("Filter excerpts");
            ui.add(egui::TextEdit::singleline(&mut view.sense.excerpt_filter).hint_text("a code, a pseudonym or words"))
                .labelled_by(l.id);
            let f = view.sense.excerpt_filter.to_lowercase();
            let candidates: Vec<&TagApplication> = s
                .tags
                .iter()
                .filter(|t| !th.excerpts.contains(&t.id))
                .filter(|t| {
                    f.is_empty()
                        || codebook::path(s, t.code).to_lowercase().contains(&f)
                        || codebook::excerpt_text(s, t).to_lowercase().contains(&f)
                        || speaker_label(s, t.statement).to_lowercase().contains(&f)
                })
                .collect();
            if s.tags.is_empty() {
                caption(ui, "Nothing is tagged yet: tag statements in the Tagging tab.");
            }
            egui::ScrollArea::vertical().id_salt("theme_candidates").max_height(300.0).show_rows(
                ui,
                22.0,
                candidates.len(),
                |ui, range| {
                    for t in &candidates[range] {
                        ui.horizontal(|ui| {
                            let add = ui.small_button("➕").on_hover_text("Add to this theme");
                            ui.label(RichText::new(speaker_label(s, t.statement)).small().strong());
                            ui.label(RichText::new(codebook::name(s, t.code)).small().weak());
                            let text = codebook::excerpt_text(s, t);
                            let add2 = ui.add(
                                egui::Button::new(format!("Add “{}”", short(text, 70)))
                                    .frame(false)
                                    .truncate(),
                            );
                            if add.clicked() || add2.clicked() {
                                let mut n = th.clone();
                                n.excerpts.push(t.id);
                                out.command(Command::Theme(Edit::put(n)));
                            }
                        });
                    }
                },
            );
            ui.add_space(10.0);
            if ui.button("🗑 Delete theme").on_hover_text("The tags stay; only the grouping goes").clicked() {
                out.command(Command::Theme(Edit::remove(th.id)));
                view.sense.selected_theme = None;
            }
        });
    });
}

// ---------------------------------------------------------------------------
// Findings

const FINDING_KINDS: [FindingKind; 5] = FindingKind::ALL;

fn finding_hint(k: FindingKind) -> &'static str {
    match k {
        FindingKind::Contributor => {
            "Things that had to be true for this to happen. Cast a wide net: there is no single root cause, and people are never the cause."
        }
        FindingKind::WentWell => {
            "How people created safety: adaptations, expertise, levers that worked."
        }
        FindingKind::Difficulty => "What made handling the situation hard.",
        FindingKind::Risk => {
            "Risks people noticed along the way, whether or not they bit this time."
        }
        FindingKind::OpenQuestion => "What we still do not understand.",
    }
}

/// The lists the write-up draws on, each entry linked to evidence statements.
pub fn findings_ui(ui: &mut Ui, s: &Session, view: &mut ViewState, out: &mut Outbox) {
    ui.horizontal_wrapped(|ui| {
        for k in FINDING_KINDS {
            let n = s.findings.iter().filter(|f| f.kind == k).count();
            if ui
                .selectable_label(
                    view.sense.finding_kind == k,
                    format!("{} ({n})", finding_label(k)),
                )
                .clicked()
            {
                view.sense.finding_kind = k;
            }
        }
    });
    let kind = view.sense.finding_kind;
    caption(ui, finding_hint(kind));
    ui.add_space(4.0);
    let add_label = match kind {
        FindingKind::Contributor => "➕ Add contributor",
        FindingKind::WentWell => "➕ Add what went well",
        FindingKind::Difficulty => "➕ Add difficulty",
        FindingKind::Risk => "➕ Add risk",
        FindingKind::OpenQuestion => "➕ Add open question",
    };
    if ui.button(add_label).clicked() {
        let f = Finding {
            id: Id::new(),
            kind,
            ..Finding::default()
        };
        view.focus_request = Some("finding_text");
        view.sense.reveal = Some(f.id);
        out.command(Command::Finding(Edit::put(f)));
    }
    ui.separator();
    let items: Vec<&Finding> = s.findings.iter().filter(|f| f.kind == kind).collect();
    if items.is_empty() {
        empty_state(
            ui,
            &format!("No {} yet", finding_label(kind).to_lowercase()),
            finding_hint(kind),
        );
        return;
    }
    let taint = crate::ui::widgets::taint_cached(ui, s, view.revision);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (n, f) in items.iter().enumerate() {
                ui.push_id(f.id, |ui| {
                    let frame = egui::Frame::group(ui.style());
                    let r = frame.show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            let l = ui.label(format!("{}.", n + 1));
                            let mut text = f.text.clone();
                            let r = ui
                                .add(
                                    egui::TextEdit::multiline(&mut text)
                                        .desired_rows(1)
                                        // Room for the three buttons beside it.
                                        .desired_width(ui.available_width() - 124.0)
                                        .hint_text(finding_hint(kind)),
                                )
                                .labelled_by(l.id);
                            crate::ui::widgets::taint_mark(ui, &taint, f.id);
                            if view.focus_request == Some("finding_text")
                                && view.sense.reveal == Some(f.id)
                            {
                                r.request_focus();
                                view.focus_request = None;
                            }
                            if r.changed() {
                                let mut nf = (*f).clone();
                                nf.text = text;
                                out.typing(Command::Finding(Edit::put(nf)));
                            }
                            // Order matters to the write-up: move within this list.
                            let pos = |id: Id| s.findings.iter().position(|x| x.id == id);
                            let up = n.checked_sub(1).and_then(|i| items.get(i));
                            let down = items.get(n + 1);
                            if ui
                                .add_enabled(up.is_some(), egui::Button::new("⏶").small())
                                .on_hover_text("Move up")
                                .clicked()
                                && let Some(to) = up.and_then(|o| pos(o.id))
                            {
                                out.command(Command::Finding(Edit::Move { id: f.id, to }));
                            }
                            if ui
                                .add_enabled(down.is_some(), egui::Button::new("⏷").small())
                                .on_hover_text("Move down")
                                .clicked()
                                && let Some(to) = down.and_then(|o| pos(o.id))
                            {
                                out.command(Command::Finding(Edit::Move { id: f.id, to }));
                            }
                            if ui
                                .small_button("🗑")
                                .on_hover_text("Remove this entry")
                                .clicked()
                            {
                                out.command(Command::Finding(Edit::remove(f.id)));
                            }
                        });
                        if f.evidence.is_empty() {
                            ui.label(
                                RichText::new(
                                    "No evidence linked yet: which statements show this?",
                                )
                                .small()
                                .color(ui.visuals().warn_fg_color),
                            );
                        }
                        if let Some(ev) = evidence_editor(
                            ui,
                            s,
                            "finding_evidence",
                            &f.evidence,
                            &mut view.sense.evidence_filter,
                        ) {
                            let mut nf = (*f).clone();
                            nf.evidence = ev;
                            out.command(Command::Finding(Edit::put(nf)));
                        }
                        ui.horizontal(|ui| {
                            ui.label(RichText::new("Move to").small().weak());
                            for k in FINDING_KINDS.iter().filter(|k| **k != kind) {
                                if ui.small_button(finding_label(*k)).clicked() {
                                    let mut nf = (*f).clone();
                                    nf.kind = *k;
                                    out.command(Command::Finding(Edit::put(nf)));
                                }
                            }
                        });
                    });
                    if view.sense.reveal == Some(f.id) && view.focus_request.is_none() {
                        r.response.scroll_to_me(Some(egui::Align::Center));
                        view.sense.reveal = None;
                    }
                });
            }
        });
}

// ---------------------------------------------------------------------------
// Parking lot

/// Follow-up ideas soak here before anyone acts on them.
pub fn parking_lot_ui(ui: &mut Ui, s: &Session, view: &mut ViewState, out: &mut Outbox) {
    caption(
        ui,
        "Ideas for change wait here a few days before anyone acts. Response/recovery helps every future incident; prevention helps only this trigger.",
    );
    let today = crate::model::now().date_naive();
    if ui.button("➕ Park a follow-up idea").clicked() {
        let f = FollowUp {
            id: Id::new(),
            soak_until: today.checked_add_days(chrono::Days::new(5)),
            ..FollowUp::default()
        };
        view.focus_request = Some("follow_up_text");
        view.sense.reveal = Some(f.id);
        out.command(Command::FollowUp(Edit::put(f)));
    }
    ui.separator();
    if s.follow_ups.is_empty() {
        empty_state(
            ui,
            "The parking lot is empty",
            "Park remediation ideas here as they come up in interviews, so they do not steer the analysis.",
        );
        return;
    }
    let rr = s
        .follow_ups
        .iter()
        .filter(|f| f.class == FollowUpClass::ResponseRecovery)
        .count();
    caption(
        ui,
        &format!(
            "{rr} response/recovery · {} prevention",
            s.follow_ups.len() - rr
        ),
    );
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for f in &s.follow_ups {
                ui.push_id(f.id, |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        let l = ui.label("Idea");
                        let mut text = f.text.clone();
                        let r = ui
                            .add(
                                egui::TextEdit::multiline(&mut text)
                                    .desired_rows(1)
                                    .desired_width(f32::INFINITY),
                            )
                            .labelled_by(l.id);
                        if view.sense.reveal == Some(f.id) {
                            // A new idea gets the cursor; a search result is only shown.
                            if view.focus_request == Some("follow_up_text") {
                                r.request_focus();
                                view.focus_request = None;
                            }
                            r.scroll_to_me(Some(egui::Align::Center));
                            view.sense.reveal = None;
                        }
                        if r.changed() {
                            let mut n = f.clone();
                            n.text = text;
                            out.typing(Command::FollowUp(Edit::put(n)));
                        }
                        ui.horizontal_wrapped(|ui| {
                            for (class, label) in [
                                (FollowUpClass::ResponseRecovery, "Response / recovery"),
                                (FollowUpClass::Prevention, "Prevention"),
                            ] {
                                if ui.selectable_label(f.class == class, label).clicked()
                                    && f.class != class
                                {
                                    let mut n = f.clone();
                                    n.class = class;
                                    out.command(Command::FollowUp(Edit::put(n)));
                                }
                            }
                            ui.separator();
                            let l = ui.label("Soak until");
                            let current = f
                                .soak_until
                                .map(|d| d.format("%Y-%m-%d").to_string())
                                .unwrap_or_default();
                            if view
                                .sense
                                .date_buf
                                .as_ref()
                                .is_none_or(|(id, _)| *id != f.id)
                            {
                                // Only the field being typed into keeps a buffer.
                                let mut buf = current.clone();
                                let r = ui
                                    .add(
                                        egui::TextEdit::singleline(&mut buf)
                                            .desired_width(96.0)
                                            .hint_text("YYYY-MM-DD"),
                                    )
                                    .labelled_by(l.id);
                                if r.changed() {
                                    view.sense.date_buf = Some((f.id, buf));
                                }
                            } else if let Some((_, buf)) = &mut view.sense.date_buf {
                                let r = ui
                                    .add(
                                        egui::TextEdit::singleline(buf)
                                            .desired_width(96.0)
                                            .hint_text("YYYY-MM-DD"),
                                    )
                                    .labelled_by(l.id);
                                let parsed =
                                    chrono::NaiveDate::parse_from_str(buf.trim(), "%Y-%m-%d").ok();
                                if r.changed() && (parsed.is_some() || buf.trim().is_empty()) {
                                    let mut n = f.clone();
                                    n.soak_until = parsed;
                                    out.typing(Command::FollowUp(Edit::put(n)));
                                }
                                if parsed.is_none() && !buf.trim().is_empty() {
                                    ui.label(
                                        RichText::new("Use YYYY-MM-DD")
                                            .small()
                                            .color(ui.visuals().warn_fg_color),
                                    );
                                }
                                // A date that does not read stays in the field, with
                                // the hint, until it is put right: nothing typed vanishes.
                                if r.lost_focus() && (parsed.is_some() || buf.trim().is_empty()) {
                                    view.sense.date_buf = None;
                                }
                            }
                            match f.soak_until {
                                Some(d) if d > today => {
                                    ui.label(
                                        RichText::new(format!(
                                            "soaking, {} days left",
                                            (d - today).num_days()
                                        ))
                                        .small()
                                        .weak(),
                                    );
                                }
                                Some(_) => {
                                    ui.label(RichText::new("ready to discuss").small().strong());
                                }
                                None => {
                                    ui.label(RichText::new("no soak date").small().weak());
                                }
                            }
                            if ui
                                .small_button("🗑")
                                .on_hover_text("Remove this idea")
                                .clicked()
                            {
                                out.command(Command::FollowUp(Edit::remove(f.id)));
                            }
                        });
                        // Evidence is statements and findings; each has its own list.
                        let is_finding = |id: &Id| s.findings.iter().any(|x| x.id == *id);
                        let statements: Vec<Id> = f
                            .evidence
                            .iter()
                            .copied()
                            .filter(|id| !is_finding(id))
                            .collect();
                        let findings: Vec<Id> = f
                            .evidence
                            .iter()
                            .copied()
                            .filter(|id| is_finding(id))
                            .collect();
                        if let Some(mut ev) = evidence_editor(
                            ui,
                            s,
                            "follow_up_evidence",
                            &statements,
                            &mut view.sense.evidence_filter,
                        ) {
                            ev.extend(findings.iter().copied());
                            let mut n = f.clone();
                            n.evidence = ev;
                            out.command(Command::FollowUp(Edit::put(n)));
                        }
                        for id in &findings {
                            let Some(fd) = s.findings.iter().find(|x| x.id == *id) else {
                                continue;
                            };
                            ui.horizontal(|ui| {
                                if ui
                                    .small_button("✖")
                                    .on_hover_text("Unlink this finding")
                                    .clicked()
                                {
                                    let mut n = f.clone();
                                    n.evidence.retain(|x| x != id);
                                    out.command(Command::FollowUp(Edit::put(n)));
                                }
                                ui.label(
                                    RichText::new(format!(
                                        "answers: {} — {}",
                                        finding_label(fd.kind),
                                        short(&fd.text, 70)
                                    ))
                                    .small(),
                                );
                            });
                        }
                        ui.menu_button("Link a finding…", |ui| {
                            for fd in s.findings.iter().filter(|x| !f.evidence.contains(&x.id)) {
                                if ui
                                    .button(format!(
                                        "{}: {}",
                                        finding_label(fd.kind),
                                        short(&fd.text, 60)
                                    ))
                                    .clicked()
                                {
                                    let mut n = f.clone();
                                    n.evidence.push(fd.id);
                                    out.command(Command::FollowUp(Edit::put(n)));
                                    ui.close();
                                }
                            }
                        });
                    });
                });
            }
        });
}

// ---------------------------------------------------------------------------
// Search (Ctrl+F)

/// Sessions above this many statements search after a pause in typing, not per keystroke.
const LARGE_SESSION_STATEMENTS: usize = 10_000;
/// How long a pause in typing starts a search in a large session.
const SEARCH_PAUSE_SECS: f64 = 0.25;

/// The search panel: opened with Ctrl+F from any workspace; results jump to the item.
pub fn search_ui(ui: &mut Ui, s: &Session, view: &mut ViewState) {
    if ui.input_mut(|i| crate::ui::shortcuts::FIND.consume(i)) {
        view.sense.search_open = true;
        view.sense.search_focus = true;
    }
    if !view.sense.search_open {
        return;
    }
    let mut open = true;
    let mut jump: Option<Target> = None;
    let revision = view.revision;
    let right_top = ui.ctx().content_rect().right_top();
    egui::Window::new("Search the session")
        .open(&mut open)
        .default_pos(right_top + egui::vec2(-600.0, 60.0))
        .default_size([560.0, 460.0])
        .collapsible(false)
        .show(ui.ctx(), |ui| {
            let q = &mut view.sense.query;
            let l = ui.label("Search for");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut q.text)
                        .hint_text("words in statements, events, decision points, findings, notes")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            if view.sense.search_focus {
                r.request_focus();
                view.sense.search_focus = false;
            }
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                view.sense.search_open = false;
            }
            ui.horizontal_wrapped(|ui| {
                let who = ui.label("Participant:");
                egui::ComboBox::from_id_salt("search_participant")
                    .selected_text(
                        q.participant
                            .map(|p| s.pseudonym(p).to_owned())
                            .unwrap_or_else(|| "anyone".into()),
                    )
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut q.participant, None, "anyone");
                        for p in &s.participants {
                            ui.selectable_value(&mut q.participant, Some(p.id), &p.pseudonym);
                        }
                    })
                    .response
                    .labelled_by(who.id);
                let tag = ui.label("Tag:");
                egui::ComboBox::from_id_salt("search_code")
                    .selected_text(
                        q.code
                            .map(|c| codebook::path(s, c))
                            .unwrap_or_else(|| "any or none".into()),
                    )
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut q.code, None, "any or none");
                        for (_, c) in codebook::tree(s) {
                            ui.selectable_value(&mut q.code, Some(c.id), codebook::path(s, c.id));
                        }
                    })
                    .response
                    .labelled_by(tag.id);
            });
            ui.horizontal_wrapped(|ui| {
                ui.label("Types:");
                for k in ItemKind::ALL {
                    let mut on = q.kinds.contains(&k);
                    if ui.checkbox(&mut on, k.label()).changed() {
                        if on {
                            q.kinds.push(k);
                        } else {
                            q.kinds.retain(|x| *x != k);
                        }
                    }
                }
            });
            ui.separator();
            if q.is_empty() {
                caption(
                    ui,
                    "Type to search; filters narrow by participant, type and tag.",
                );
                return;
            }
            // Searched again only when the query or the session changed.
            let fresh =
                matches!(&view.sense.search_cache, Some((r, cq, _)) if *r == revision && cq == q);
            let mut searching = false;
            if !fresh {
                // In a very large session a search takes tens of milliseconds: wait for a
                // pause in typing (showing the previous results) instead of every keystroke.
                let now = ui.input(|i| i.time);
                if view
                    .sense
                    .search_typed
                    .as_ref()
                    .is_none_or(|(_, tq)| tq != q)
                {
                    view.sense.search_typed = Some((now, q.clone()));
                }
                let typed_at = view.sense.search_typed.as_ref().map_or(now, |(t, _)| *t);
                let wait = SEARCH_PAUSE_SECS - (now - typed_at);
                if s.statement_count() > LARGE_SESSION_STATEMENTS
                    && view.sense.search_cache.is_some()
                    && wait > 0.0
                {
                    searching = true;
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_secs_f64(wait));
                } else {
                    view.sense.search_cache = Some((revision, q.clone(), search::search(s, q)));
                }
            }
            let hits: &[search::Hit] = match &view.sense.search_cache {
                Some((_, _, h)) => h,
                None => &[],
            };
            if enter && let Some(h) = hits.first() {
                jump = Some(h.target);
            }
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{} results", hits.len())).strong());
                if searching {
                    ui.spinner();
                }
                caption(ui, "Enter opens the first; click any to go there.");
            });
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show_rows(ui, 40.0, hits.len(), |ui, range| {
                    for h in &hits[range] {
                        ui.vertical(|ui| {
                            ui.label(
                                RichText::new(if h.context.is_empty() {
                                    h.kind.singular().to_owned()
                                } else {
                                    format!("{} · {}", h.kind.singular(), h.context)
                                })
                                .small()
                                .weak(),
                            );
                            let r = ui.add(
                                egui::Button::new(short(&h.text, 90))
                                    .frame(false)
                                    .truncate(),
                            );
                            if r.on_hover_text(&h.text).clicked() {
                                jump = Some(h.target);
                            }
                        });
                    }
                });
        });
    if !open {
        view.sense.search_open = false;
    }
    if let Some(t) = jump {
        jump_to(s, view, t);
    }
}

/// Shows the item a search result points at.
pub fn jump_to(s: &Session, view: &mut ViewState, target: Target) {
    match target {
        Target::Statement {
            interview,
            statement,
        } => {
            view.selected_interview = Some(interview);
            view.workspace = Workspace::Timeline;
            view.sense.tab = SenseTab::Tagging;
            view.sense.tagging_interview = Some(interview);
            view.sense.selected_statement = Some(statement);
        }
        Target::Event(id) => {
            view.workspace = Workspace::Timeline;
            view.sense.tab = SenseTab::Timeline;
            view.sense.selected_event = Some(id);
        }
        Target::DecisionPoint(id) => {
            // Decision points are made and explored in the Interviews workspace.
            view.workspace = Workspace::Interviews;
            view.interviews.tab = crate::ui::interviews::InterviewTab::DecisionPoints;
            view.interviews.selected_decision = Some(id);
            if let Some(e) = s.timeline.iter().find(|e| e.decision_point == Some(id)) {
                view.sense.selected_event = Some(e.id);
            }
        }
        Target::Finding(id) => {
            view.workspace = Workspace::Timeline;
            view.sense.tab = SenseTab::Findings;
            if let Some(f) = s.findings.iter().find(|f| f.id == id) {
                view.sense.finding_kind = f.kind;
            }
            view.sense.reveal = Some(id);
        }
        Target::FollowUp(id) => {
            view.workspace = Workspace::Timeline;
            view.sense.tab = SenseTab::ParkingLot;
            view.sense.reveal = Some(id);
        }
        Target::Theme(id) => {
            view.workspace = Workspace::Timeline;
            view.sense.tab = SenseTab::Themes;
            view.sense.selected_theme = Some(id);
        }
        Target::Interview(id) => {
            view.workspace = Workspace::Interviews;
            view.selected_interview = Some(id);
        }
        Target::Participant(id) => {
            view.workspace = Workspace::Participants;
            view.selected_participant = Some(id);
        }
        Target::Overview => view.workspace = Workspace::Overview,
    }
}
