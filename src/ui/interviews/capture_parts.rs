//! Parts of the live capture view that keep the capture field usable: who speaks,
//! shown in colour at the field, and the short forms a short window (800×600, 150 %
//! zoom) uses so the field keeps its height.

use crate::model::{Consent, Speaker, StatementKind};
use crate::ui::interviews::InterviewsScratch;
use egui::{Color32, RichText, Ui};

/// The type of the next statement as a drop-down (short windows; Alt+1…Alt+0 still work).
pub(crate) fn kind_combo(ui: &mut Ui, sc: &mut InterviewsScratch) {
    let mut kind = sc.kind;
    let r = egui::ComboBox::from_id_salt("capture_kind")
        .selected_text(if kind.is_some() { "set" } else { "guessed" })
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut kind, None, "Guess from the words");
            for (n, k) in StatementKind::ALL.iter().enumerate() {
                let key = (n + 1) % 10;
                ui.selectable_value(&mut kind, Some(*k), format!("{key} {}", k.label()));
            }
        });
    r.response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::ComboBox,
            true,
            "Type of the next statement (Alt+1…Alt+0)",
        )
    });
    if kind != sc.kind {
        sc.kind = kind;
        sc.focus_capture = true;
    }
}

/// A short window (800×600, or 150 % zoom): the header and the capture controls fold
/// up so the capture field keeps its height.
pub(crate) fn short_window(ui: &Ui) -> bool {
    ui.ctx().content_rect().height() < 620.0
}

/// The colour that marks who is speaking, at the capture field.
pub(crate) fn speaker_color(s: Speaker) -> Color32 {
    match s {
        Speaker::Interviewee => Color32::from_rgb(40, 120, 70),
        Speaker::Facilitator => Color32::from_rgb(40, 90, 170),
    }
}

/// Consent on one line, cut with an ellipsis; all of it on hover (short windows).
pub(crate) fn consent_line(ui: &mut Ui, c: &Consent) {
    let text = format!(
        "Consent: {} · {} · {}{}",
        if c.may_record {
            "✔ may record"
        } else {
            "✖ notes only, no recording"
        },
        if c.may_quote {
            "✔ may quote"
        } else {
            "✖ no quotes in the write-up"
        },
        match c.attribution {
            crate::model::Attribution::Pseudonym => "quotes by pseudonym",
            crate::model::Attribution::Anonymous => "quotes anonymous",
        },
        if c.conditions.trim().is_empty() {
            String::new()
        } else {
            format!(" · {}", c.conditions.trim())
        }
    );
    ui.add(egui::Label::new(RichText::new(&text).weak()).truncate())
        .on_hover_text(text);
}
