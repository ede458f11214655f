//! Participants: pseudonyms, real names (kept only in the file), roles and consent.

use super::widgets::{caption, empty_state, form, heading, text_area_row, text_row};
use super::{Outbox, ViewState};
use crate::model::{Attribution, Command, Edit, Participant, Session};
use egui::{RichText, Ui};

/// The Participants workspace: a list on the left, the selected participant on the right.
pub fn participants_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut ViewState,
    cx: &mut crate::ui::FrameCtx<'_>,
    out: &mut Outbox,
) {
    egui::Panel::left("participants_list")
        .resizable(true)
        .default_size(240.0)
        .min_size(180.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            if ui
                .button("➕ Add participant")
                .on_hover_text("Adds a participant with the next free pseudonym (P1, P2, …)")
                .clicked()
            {
                let p = Participant::new(session.next_pseudonym());
                view.selected_participant = Some(p.id);
                cx.scratch.focus_request = Some("pseudonym");
                out.command(Command::Participant(Edit::put(p)));
            }
            ui.add_space(4.0);
            // With nothing chosen yet, the first participant is the one shown.
            let shown = view
                .selected_participant
                .filter(|id| session.participant(*id).is_some())
                .or_else(|| session.participants.first().map(|p| p.id));
            // Only the rows in view are laid out: a programme can have hundreds of people.
            let row_h = ui.spacing().interact_size.y;
            let n = session.participants.len();
            egui::ScrollArea::vertical().show_rows(ui, row_h, n, |ui, rows| {
                for p in &session.participants[rows] {
                    let selected = shown == Some(p.id);
                    let mut text = RichText::new(if p.pseudonym.is_empty() {
                        "(no pseudonym)"
                    } else {
                        &p.pseudonym
                    });
                    if selected {
                        text = text.strong();
                    }
                    let r = ui.selectable_label(selected, text);
                    let r = if p.role.is_empty() {
                        r
                    } else {
                        r.on_hover_text(&p.role)
                    };
                    if r.clicked() {
                        view.selected_participant = Some(p.id);
                    }
                }
            });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        heading(
            ui,
            "Participants",
            "Everyone appears by pseudonym. Real names stay in this file and are replaced on export.",
        );
        let selected = view
            .selected_participant
            .and_then(|id| session.participant(id))
            .or_else(|| session.participants.first());
        match selected {
            None => empty_state(
                ui,
                "No participants yet",
                "Add the people you will interview. Give each a pseudonym (P1, or a role like \"on-call SRE\") and record their consent before you start.",
            ),
            Some(p) => {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| participant_form(ui, session, p, view, cx, out));
            }
        }
    });
}

fn participant_form(
    ui: &mut Ui,
    session: &Session,
    p: &Participant,
    view: &mut ViewState,
    cx: &mut crate::ui::FrameCtx<'_>,
    out: &mut Outbox,
) {
    let mut edited: Option<Participant> = None;
    let mut edit = |f: &dyn Fn(&mut Participant)| {
        let mut np = edited.clone().unwrap_or_else(|| p.clone());
        f(&mut np);
        edited = Some(np);
    };
    form(ui, "participant_form", |ui| {
        let l = ui.label("Pseudonym");
        let mut buf = p.pseudonym.clone();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut buf)
                    .hint_text("P1, or a role: \"on-call SRE\"")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        if cx.scratch.focus_request == Some("pseudonym") {
            r.request_focus();
            cx.scratch.focus_request = None;
        }
        if r.changed() {
            edit(&|np| np.pseudonym = buf.clone());
        }
        ui.end_row();
        if let Some(v) = text_row(
            ui,
            "Real name",
            p.real_name.as_deref().unwrap_or(""),
            "Optional; never exported when redacting",
        ) {
            edit(&|np| {
                np.real_name = if v.trim().is_empty() {
                    None
                } else {
                    Some(v.clone())
                }
            });
        }
        ui.label("");
        caption(
            ui,
            "Kept only in this file. Exports and shared copies replace it, and each part of it, with the pseudonym.",
        );
        ui.end_row();
        if let Some(v) = text_row(ui, "Role", &p.role, "e.g. Site reliability engineer") {
            edit(&|np| np.role = v.clone());
        }
        // A role-based pseudonym ("P1 (on-call SRE)") reads better in a write-up. The
        // row is always there, so typing a role moves nothing; Tab passes over the
        // button (it is not a field), and pressing it says what it replaced.
        let from_role = pseudonym_from_role(&p.pseudonym, &p.role);
        let offer = !p.role.trim().is_empty() && from_role != p.pseudonym;
        ui.label("");
        let text = if offer {
            format!("Use \"{from_role}\" as pseudonym")
        } else {
            "Use the role in the pseudonym".to_owned()
        };
        let b = ui
            .add_enabled(offer, egui::Button::new(text).truncate())
            .on_hover_text(
                "Replaces the pseudonym (Ctrl+Z changes it back). Keep roles vague enough that nobody can be identified from them.",
            )
            .on_disabled_hover_text("Type a role first; the pseudonym then can carry it");
        if b.clicked() {
            // Its own undo step, not part of the run of typing in Role.
            out.command(Command::Participant(Edit::put(Participant {
                pseudonym: from_role.clone(),
                ..p.clone()
            })));
            out.action(crate::ui::Action::Notice(format!(
                "Pseudonym changed from \"{}\" to \"{from_role}\". Ctrl+Z changes it back.",
                p.pseudonym
            )));
        }
        ui.end_row();
        if let Some(v) = text_row(ui, "Team", &p.team, "e.g. Payments") {
            edit(&|np| np.team = v.clone());
        }
    });
    ui.add_space(10.0);
    ui.label(RichText::new("Consent").strong());
    form(ui, "consent_form", |ui| {
        ui.label("Recording");
        let mut v = p.consent.may_record;
        if ui.checkbox(&mut v, "May record the interview").changed() {
            edit(&|np| np.consent.may_record = v);
        }
        ui.end_row();
        ui.label("Quotes");
        let mut v = p.consent.may_quote;
        if ui
            .checkbox(&mut v, "May quote their words in the write-up")
            .changed()
        {
            edit(&|np| np.consent.may_quote = v);
        }
        ui.end_row();
        ui.label("Attribution");
        ui.horizontal(|ui| {
            for (a, label) in [
                (Attribution::Pseudonym, "By pseudonym"),
                (Attribution::Anonymous, "Anonymous"),
            ] {
                if ui.radio(p.consent.attribution == a, label).clicked()
                    && p.consent.attribution != a
                {
                    edit(&|np| np.consent.attribution = a);
                }
            }
        });
        ui.end_row();
        if let Some(v) = text_area_row(
            ui,
            "Conditions",
            &p.consent.conditions,
            "Anything they asked for: notes only, see quotes first…",
            2,
        ) {
            edit(&|np| np.consent.conditions = v.clone());
        }
        if let Some(v) = text_row(
            ui,
            "Retention",
            &p.consent.retention,
            "How long notes are kept, and what happens after",
        ) {
            edit(&|np| np.consent.retention = v.clone());
        }
        if let Some(v) = text_area_row(
            ui,
            "Private notes",
            &p.notes,
            "Facilitator's notes about this participant",
            3,
        ) {
            edit(&|np| np.notes = v.clone());
        }
    });
    if let Some(np) = edited {
        out.typing(Command::Participant(Edit::put(np)));
    }
    ui.add_space(12.0);
    let refs = crate::model::session_refs::participant_references(session, p.id);
    ui.horizontal(|ui| {
        let remove = ui.add_enabled(refs.is_empty(), egui::Button::new("🗑 Remove participant"));
        let remove = if refs.is_empty() {
            remove.on_hover_text("Removes this participant (Ctrl+Z brings them back)")
        } else {
            remove.on_disabled_hover_text(format!(
                "Still referred to by: {}. Remove those first.",
                refs.join(", ")
            ))
        };
        if remove.clicked() {
            view.selected_participant = None;
            out.command(Command::Participant(Edit::remove(p.id)));
        }
    });
}

/// "P1" and "On-call SRE" give "P1 (on-call SRE)"; a pseudonym without a P-number
/// is replaced by the role alone.
fn pseudonym_from_role(pseudonym: &str, role: &str) -> String {
    let role = role.trim();
    let mut lower = String::new();
    let mut chars = role.chars();
    if let Some(c) = chars.next() {
        // Lower-case the first letter unless the first word is an acronym (SRE).
        let first_word = role.split_whitespace().next().unwrap_or("");
        if first_word.chars().filter(|c| c.is_uppercase()).count() > 1 {
            lower.push(c);
        } else {
            lower.extend(c.to_lowercase());
        }
        lower.push_str(chars.as_str());
    }
    let number: String = pseudonym
        .strip_prefix('P')
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    if number.is_empty() {
        lower
    } else {
        format!("P{number} ({lower})")
    }
}

#[cfg(test)]
mod tests {
    use super::pseudonym_from_role;

    #[test]
    fn pseudonyms_from_roles() {
        assert_eq!(pseudonym_from_role("P1", "On-call SRE"), "P1 (on-call SRE)");
        assert_eq!(
            pseudonym_from_role("P12 (old)", "Support lead"),
            "P12 (support lead)"
        );
        assert_eq!(pseudonym_from_role("Ana", "SRE on call"), "SRE on call");
    }
}
