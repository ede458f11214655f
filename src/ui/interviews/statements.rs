//! The list of an interview's statements and the editor for one statement.

use super::{InterviewsScratch, OFF_RECORD_COLOR};
use crate::model::validate::fmt_secs;
use crate::model::{Command, Edit, Id, Interview, Session, Speaker, Statement, StatementKind};
use crate::ui::Outbox;
use crate::ui::interviews::capture_parts::short_window;
use crate::ui::widgets::caption;
use egui::{Color32, RichText, Ui};

/// The editor of the statement opened from the list: text, type, speaker, time,
/// off the record, delete.
pub(super) fn statement_editor(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    out: &mut Outbox,
) {
    let Some(st) = sc
        .editing
        .and_then(|id| i.statements.iter().find(|s| s.id == id))
    else {
        return;
    };
    let mut edited: Option<Statement> = None;
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Edit statement").strong());
            if ui.button("Done").clicked() {
                close = true;
            }
            if ui
                .button("🗑 Delete statement")
                .on_hover_text("Also removes it from decision points, tags, findings and maps. Ctrl+Z brings it all back.")
                .clicked()
            {
                out.command(remove_statement_command(session, i.id, st.id));
                close = true;
            }
        });
        let l = ui.label("Statement text");
        let mut text = st.text.clone();
        if ui
            .add(
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id)
            .changed()
        {
            edited = Some(Statement { text, ..st.clone() });
        }
        // The paraphrase exports use when the participant may not be quoted.
        let unquotable = st.speaker == Speaker::Interviewee
            && session.participant(i.participant).is_some_and(|p| !p.consent.may_quote);
        let hint = if unquotable && st.paraphrase.trim().is_empty() {
            "Paraphrase — needed: this participant may not be quoted, so exports show a placeholder until you write one"
        } else {
            "Paraphrase (used in exports instead of the words when the participant may not be quoted)"
        };
        let l = ui.label(hint);
        let mut paraphrase = st.paraphrase.clone();
        if ui.add(egui::TextEdit::multiline(&mut paraphrase).desired_rows(1).desired_width(f32::INFINITY)).labelled_by(l.id).changed() {
            edited = Some(Statement { paraphrase, ..st.clone() });
        }
        ui.horizontal_wrapped(|ui| {
            let mut kind = st.kind;
            egui::ComboBox::from_label("Statement type")
                .selected_text(kind.label())
                .show_ui(ui, |ui| {
                    for k in StatementKind::ALL {
                        ui.selectable_value(&mut kind, k, k.label());
                    }
                });
            if kind != st.kind {
                edited = Some(Statement { kind, ..st.clone() });
            }
            let mut speaker = st.speaker;
            ui.radio_value(&mut speaker, Speaker::Interviewee, session.pseudonym(i.participant));
            ui.radio_value(&mut speaker, Speaker::Facilitator, "Facilitator");
            if speaker != st.speaker {
                edited = Some(Statement { speaker, ..st.clone() });
            }
            ui.label("At");
            let mut mins = st.at_secs / 60;
            let mut secs = st.at_secs % 60;
            let a = ui.add(egui::DragValue::new(&mut mins).suffix(" min").range(0..=999));
            let b = ui.add(egui::DragValue::new(&mut secs).suffix(" s").range(0..=59));
            if a.changed() || b.changed() {
                edited = Some(Statement {
                    at_secs: mins * 60 + secs,
                    ..st.clone()
                });
            }
            let mut off = st.off_record;
            if ui.checkbox(&mut off, "Off the record").changed() {
                edited = Some(Statement { off_record: off, ..st.clone() });
            }
        });
    });
    if let Some(s) = edited {
        out.typing(Command::Statement {
            interview: i.id,
            edit: Edit::put(s),
        });
    }
    if close {
        sc.editing = None;
    }
}

/// The statements of an interview, virtualised, with a search filter. Each row has
/// an edit button and a checkbox (its accessible name is the statement text) that
/// selects statements for decision points and evidence. `salt` keeps the scroll
/// positions of the tabs apart.
pub(crate) fn statements_list(
    ui: &mut Ui,
    session: &Session,
    i: &Interview,
    sc: &mut InterviewsScratch,
    salt: &str,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Statements ({})", i.statements.len())).strong());
        let l = ui.label("Search");
        ui.add(
            egui::TextEdit::singleline(&mut sc.search)
                .hint_text("words, type or speaker")
                .desired_width(180.0),
        )
        .labelled_by(l.id);
        if !sc.search.is_empty() && ui.small_button("✖").on_hover_text("Clear search").clicked() {
            sc.search.clear();
        }
    });
    // Always drawn, on a line of its own, so ticking the first statement moves nothing
    // under the pointer (a control that appeared here pushed the list down mid-click).
    ui.horizontal(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        ui.label(format!("{} selected", sc.selected.len()));
        if ui
            .add_enabled(
                !sc.selected.is_empty(),
                egui::Button::new("Clear selection").small(),
            )
            .clicked()
        {
            sc.selected.clear();
        }
    });
    let needle = sc.search.trim().to_lowercase();
    let rows: Vec<&Statement> = i
        .statements
        .iter()
        .filter(|s| {
            needle.is_empty()
                || s.text.to_lowercase().contains(&needle)
                || s.kind.label().to_lowercase().contains(&needle)
                || (s.speaker == Speaker::Facilitator && "facilitator".contains(&needle))
                || (s.off_record && "off the record".contains(&needle))
        })
        .collect();
    if i.statements.is_empty() {
        caption(
            ui,
            "Nothing captured yet. Type in the capture field and press Ctrl+Enter.",
        );
        return;
    }
    if rows.is_empty() {
        caption(ui, "No statement matches the search.");
        return;
    }
    let row_h = ui.spacing().interact_size.y.max(20.0);
    let who = session.pseudonym(i.participant).to_owned();
    egui::ScrollArea::vertical()
        .id_salt(("statements", i.id, salt))
        .auto_shrink([false, false])
        .min_scrolled_height(if short_window(ui) { 48.0 } else { 100.0 })
        .stick_to_bottom(true)
        .show_rows(ui, row_h, rows.len(), |ui, range| {
            for s in &rows[range] {
                ui.horizontal(|ui| {
                    ui.set_height(row_h);
                    // Long statements are cut to one line; the editor shows all of it.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    let editing = sc.editing == Some(s.id);
                    if ui
                        .selectable_label(editing, "✏")
                        .on_hover_text("Edit this statement: text, type, speaker, time, delete")
                        .clicked()
                    {
                        sc.editing = if editing { None } else { Some(s.id) };
                    }
                    ui.label(RichText::new(fmt_secs(s.at_secs)).monospace().weak());
                    if s.off_record {
                        ui.label(
                            RichText::new(" OFF ")
                                .color(Color32::WHITE)
                                .background_color(OFF_RECORD_COLOR)
                                .small(),
                        )
                        .on_hover_text("Off the record: never exported or shared");
                    }
                    let speaker = match s.speaker {
                        Speaker::Interviewee => who.as_str(),
                        Speaker::Facilitator => "Facilitator",
                    };
                    let about = format!("{speaker} · {}", s.kind.label());
                    // In a narrow column the words come first: the type alone (a guessed
                    // one must stay checkable), who in the hover; narrower still, both
                    // in the hover.
                    if ui.available_width() > 360.0 {
                        ui.label(RichText::new(&about).small());
                    } else if ui.available_width() > 240.0 {
                        ui.label(RichText::new(s.kind.label()).small());
                    }
                    let mut t = RichText::new(&s.text);
                    if s.off_record {
                        t = t.italics().color(OFF_RECORD_COLOR);
                    } else if s.speaker == Speaker::Facilitator {
                        t = t.weak();
                    }
                    if editing {
                        t = t.underline();
                    }
                    // The checkbox's name is the statement itself, for screen readers and tests.
                    let mut sel = sc.selected.contains(&s.id);
                    let cb = ui.checkbox(&mut sel, t).on_hover_text(format!(
                        "{about}: {}\nTick to select for a decision point or as evidence",
                        s.text
                    ));
                    if cb.changed() {
                        if sel {
                            sc.selected.push(s.id);
                        } else {
                            sc.selected.retain(|x| *x != s.id);
                        }
                    }
                });
            }
        });
}

/// Removing a statement as one undo step that also strips every reference to it
/// (decision points, aspects, timeline, tags and the themes holding them, findings,
/// follow-ups, map steps and gap notes), so nothing is left dangling.
pub fn remove_statement_command(session: &Session, interview: Id, statement: Id) -> Command {
    let mut commands = Vec::new();
    let strip = |ids: &mut Vec<Id>| {
        let before = ids.len();
        ids.retain(|x| *x != statement);
        ids.len() != before
    };
    for d in &session.decision_points {
        let mut d2 = d.clone();
        let mut changed = strip(&mut d2.statements);
        for a in &mut d2.aspects {
            changed |= strip(&mut a.evidence);
        }
        if changed {
            commands.push(Command::DecisionPoint(Edit::put(d2)));
        }
    }
    for e in &session.timeline {
        let mut e2 = e.clone();
        if strip(&mut e2.evidence) {
            commands.push(Command::TimelineEvent(Edit::put(e2)));
        }
    }
    let removed_tags: Vec<Id> = session
        .tags
        .iter()
        .filter(|t| t.statement == statement)
        .map(|t| t.id)
        .collect();
    for t in &session.themes {
        let mut t2 = t.clone();
        t2.excerpts.retain(|x| !removed_tags.contains(x));
        if t2.excerpts.len() != t.excerpts.len() {
            commands.push(Command::Theme(Edit::put(t2)));
        }
    }
    for id in &removed_tags {
        commands.push(Command::Tag(Edit::remove(*id)));
    }
    for f in &session.findings {
        let mut f2 = f.clone();
        if strip(&mut f2.evidence) {
            commands.push(Command::Finding(Edit::put(f2)));
        }
    }
    for f in &session.follow_ups {
        let mut f2 = f.clone();
        if strip(&mut f2.evidence) {
            commands.push(Command::FollowUp(Edit::put(f2)));
        }
    }
    for m in &session.maps {
        let mut m2 = m.clone();
        let mut changed = false;
        for n in &mut m2.nodes {
            changed |= strip(&mut n.evidence);
        }
        for l in &mut m2.links {
            changed |= strip(&mut l.gap.evidence);
        }
        if changed {
            commands.push(Command::Map(Edit::put(m2)));
        }
    }
    commands.push(Command::Statement {
        interview,
        edit: Edit::remove(statement),
    });
    Command::Batch {
        label: "Delete statement".into(),
        commands,
    }
}
