//! Citing evidence in the write-up: the picker that takes the preview's place, and
//! where a citation goes — at the cursor, never inside a word, and marked in the editor
//! while the picker is open.

use crate::model::narrative;
use crate::model::{Command, Edit, Id, NarrativeSection, Session, Speaker};
use crate::ui::Outbox;
use crate::ui::narrative::{EDITOR_ID, NarrativeScratch};
use crate::ui::widgets::caption;
use egui::text::{CCursor, CCursorRange};
use egui::{RichText, TextEdit, Ui};

/// The evidence picker, `height` tall, in the place of the preview.
pub(crate) fn evidence_picker(
    ui: &mut Ui,
    session: &Session,
    sec: &NarrativeSection,
    sc: &mut NarrativeScratch,
    out: &mut Outbox,
    height: f32,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Insert evidence").strong());
        if ui
            .small_button("Close")
            .on_hover_text("Back to the preview (Ctrl+Shift+E)")
            .clicked()
        {
            sc.picking = false;
        }
    });
    egui::Frame::group(ui.style()).show(ui, |ui| {
        let l = ui.label("Find evidence");
        ui.add(
            TextEdit::singleline(&mut sc.evidence_filter)
                .hint_text("words, pseudonym or kind")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        caption(
            ui,
            &format!(
                "Click a statement to cite it as a footnote at the marked place ({}). Off-the-record statements are never offered.",
                citation_place(&sec.body, citation_point(&sec.body, sc.cursor_in(sec)))
            ),
        );
        let needle = sc.evidence_filter.trim().to_lowercase();
        egui::ScrollArea::vertical()
            .id_salt("narrative_evidence")
            .max_height((height - 110.0).max(120.0))
            .auto_shrink([false, true])
            .show(ui, |ui| {
                let mut shown = 0;
                for i in &session.interviews {
                    let who = session.pseudonym(i.participant);
                    for s in i.statements.iter().filter(|s| !s.off_record) {
                        let speaker = match s.speaker {
                            Speaker::Interviewee => who,
                            Speaker::Facilitator => "Facilitator",
                        };
                        let line = format!(
                            "{speaker} · {} · {}: {}",
                            crate::model::validate::fmt_secs(s.at_secs),
                            s.kind.label(),
                            s.text
                        );
                        if !needle.is_empty() && !line.to_lowercase().contains(&needle) {
                            continue;
                        }
                        shown += 1;
                        let r = ui
                            .add(egui::Button::new(&line).truncate().frame(false))
                            .on_hover_text(&s.text);
                        if r.clicked() {
                            insert_citation(ui, sec, s.id, sc, out);
                        }
                    }
                }
                if shown == 0 {
                    ui.label(RichText::new("No statements match.").weak());
                }
            });
    });
}

/// Inserts `[^s-…]` at the remembered cursor (or at the end) and moves the cursor after it.
pub(crate) fn insert_citation(
    ui: &Ui,
    sec: &NarrativeSection,
    statement: Id,
    sc: &mut NarrativeScratch,
    out: &mut Outbox,
) {
    let cite = narrative::footnote_ref(statement);
    let char_at = citation_point(&sec.body, sc.cursor_in(sec));
    let byte_at = sec
        .body
        .char_indices()
        .nth(char_at)
        .map(|(b, _)| b)
        .unwrap_or(sec.body.len());
    let mut body = sec.body.clone();
    body.insert_str(byte_at, &cite);
    let after = char_at + cite.chars().count();
    sc.cursor = Some((sec.id, after));
    let editor = egui::Id::unique(EDITOR_ID).with(sec.id);
    if let Some(mut state) = TextEdit::load_state(ui.ctx(), editor) {
        state
            .cursor
            .set_char_range(Some(CCursorRange::one(CCursor::new(after))));
        TextEdit::store_state(ui.ctx(), editor, state);
    }
    // Back in the editor, the cursor just after the citation: it is seen where it went.
    ui.ctx().memory_mut(|m| m.request_focus(editor));
    out.command(Command::Batch {
        label: "Cite evidence".to_owned(),
        commands: vec![Command::Section(Edit::put(NarrativeSection {
            body,
            ..sec.clone()
        }))],
    });
}

impl NarrativeScratch {
    /// The remembered cursor in `sec` (chars), or its end.
    pub(crate) fn cursor_in(&self, sec: &NarrativeSection) -> usize {
        match self.cursor {
            Some((id, at)) if id == sec.id => at,
            _ => sec.body.chars().count(),
        }
    }
}

/// Where a citation goes for a cursor at `at` (chars): never inside a word — a cursor
/// in the middle of "suggested" cites after it.
pub(crate) fn citation_point(body: &str, at: usize) -> usize {
    let chars: Vec<char> = body.chars().collect();
    let mut at = at.min(chars.len());
    let word = |c: &char| c.is_alphanumeric() || *c == '\'' || *c == '’' || *c == '-';
    if at > 0 && chars.get(at - 1).is_some_and(word) {
        while chars.get(at).is_some_and(word) {
            at += 1;
        }
    }
    at
}

/// Where `at` (chars) is, in words: "after “suggested”, line 3".
pub(crate) fn citation_place(body: &str, at: usize) -> String {
    let before: String = body.chars().take(at).collect();
    let line = before.matches('\n').count() + 1;
    match before.split_whitespace().last() {
        Some(w) => format!("after “{}”, line {line}", crate::ui::widgets::short(w, 24)),
        None => format!("at the start, line {line}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_never_goes_inside_a_word() {
        let body = "They suggested a rollback. Then paged.";
        let at = body.find("ggested").unwrap_or(0);
        // Inside "suggested": after it.
        assert_eq!(citation_point(body, at), "They suggested".chars().count());
        // After the full stop, or at the start of a word: where it is.
        let stop = "They suggested a rollback.".chars().count();
        assert_eq!(citation_point(body, stop), stop);
        assert_eq!(citation_point(body, 0), 0);
        assert_eq!(citation_point(body, 10_000), body.chars().count());
        assert_eq!(citation_place(body, 14), "after “suggested”, line 1");
    }
}
