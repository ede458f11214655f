//! Pickers and chips shared by the screens: a one-line statement chip, the
//! statement picker and the evidence editor built on it.

use crate::model::validate::fmt_secs;
use crate::model::{Id, Session, Speaker};
use crate::ui::widgets::{caption, short};
use egui::{RichText, Ui};

/// Who said a statement, by pseudonym (never a real name).
pub fn speaker_label(s: &Session, statement: Id) -> String {
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
pub fn evidence_editor(
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

/// A short, readable reference to a statement, for evidence chips.
pub fn statement_line(session: &Session, id: Id) -> String {
    match session.statement(id) {
        Some((i, s)) => {
            let t: String = s.text.chars().take(48).collect();
            let more = if s.text.chars().count() > 48 {
                "…"
            } else {
                ""
            };
            format!(
                "{} {} · {t}{more}",
                session.pseudonym(i.participant),
                fmt_secs(s.at_secs)
            )
        }
        None => "(missing statement)".into(),
    }
}
