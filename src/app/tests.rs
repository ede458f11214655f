//! Unit tests of the app that need its private state.

use super::*;
use crate::io::IoEvent;
use crate::model::SessionKind;

/// A save dialog dismissed natively reports a cancel: its progress must go, and
/// only its own when two exports run at once.
#[test]
fn a_cancelled_export_clears_its_progress() {
    let dir = std::env::temp_dir().join(format!("second-story-cancel-{}", std::process::id()));
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.set_export_folder(Some(dir));
    app.pause_background_results(true);
    app.perform(Action::ExportMarkdown { redact: true });
    app.perform(Action::ShareRedacted);
    assert_eq!(app.exporting.len(), 2);
    app.handle_io(IoEvent::ExportCancelled);
    assert_eq!(
        app.exporting.len(),
        1,
        "the other export still shows progress"
    );
    app.handle_io(IoEvent::ExportCancelled);
    assert!(app.exporting.is_empty());
    assert!(app.modal.is_none(), "a cancel is not an error");
}

fn frame(app: &mut SecondStoryApp, ctx: &egui::Context) {
    let mut out = ctx.run_ui(egui::RawInput::default(), |ui| app.ui_root(ui));
    out.textures_delta.clear();
}

/// A picked log arrives already parsed (natively on the reading thread): the
/// paste dialog uses that result instead of parsing megabytes in the frame.
#[test]
fn a_picked_log_arrives_parsed_and_the_dialog_does_not_parse_it_again() {
    let ctx = egui::Context::default();
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.perform(Action::New(SessionKind::IncidentReview));
    app.handle_io(IoEvent::Opening {
        name: "chat.log".into(),
    });
    let day = app.paste_date();
    // A marker result: if the dialog parsed the text itself it would be replaced.
    let marker = crate::model::paste::PasteResult {
        blank_lines: 99,
        ..Default::default()
    };
    app.handle_io(IoEvent::OpenedText {
        purpose: io::TextPurpose::Paste,
        name: "chat.log".into(),
        text: Ok("10:42 alice: pool graph looks odd\n".into()),
        preview: Some((day, marker.clone())),
    });
    assert!(app.opening.is_none(), "the progress is gone");
    frame(&mut app, &ctx);
    frame(&mut app, &ctx);
    let dialog = app
        .scratch
        .timeline
        .paste
        .as_ref()
        .expect("the paste dialog is open");
    assert_eq!(dialog.source.as_deref(), Some("chat.log"));
    assert_eq!(
        dialog.parsed.as_ref().map(|(_, d, r)| (*d, r)),
        Some((day, &marker))
    );

    // Read at another date than the dialog's: the dialog parses it again.
    app.handle_io(IoEvent::OpenedText {
        purpose: io::TextPurpose::Paste,
        name: "chat.log".into(),
        text: Ok("10:43 bob: on it\n".into()),
        preview: Some((day.pred_opt().unwrap_or(day), marker.clone())),
    });
    frame(&mut app, &ctx);
    let dialog = app.scratch.timeline.paste.as_ref().expect("still open");
    let parsed = dialog.parsed.as_ref().map(|(_, _, r)| r.events.len());
    assert_eq!(parsed, Some(1), "re-parsed at the dialog's date");
}

/// Undo memory after committing `n` statements through the capture screen's own path
/// (the words in the capture field, committed as a statement with the interview's
/// length so far), a few seconds apart.
fn undo_bytes_after_capturing(n: u32) -> usize {
    use crate::model::{Command, Edit, Interview};
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.perform(Action::New(SessionKind::IncidentReview));
    let interview = Interview::default();
    let id = interview.id;
    app.doc
        .apply(Command::Interview(Edit::put(interview)))
        .expect("added");
    app.view.selected_interview = Some(id);
    for k in 1..=n {
        app.now = f64::from(k) * 5.0;
        app.scratch.interviews.draft = format!("Statement {k}: the pool graph looked odd.");
        app.commit_pending_draft();
    }
    let statements = app.doc.session().interview(id).map(|i| i.statements.len());
    assert_eq!(
        statements,
        Some(n as usize),
        "every statement was committed"
    );
    app.doc.undo_bytes()
}

/// Committing a statement keeps only that statement and the interview's header as
/// its undo step, not a copy of the whole interview: twice the statements, about
/// twice the undo memory (a whole-interview inverse makes it about four times).
#[test]
fn capturing_statements_keeps_undo_memory_linear() {
    let n = 100;
    let (one, two) = (
        undo_bytes_after_capturing(n),
        undo_bytes_after_capturing(2 * n),
    );
    let ratio = two as f64 / one.max(1) as f64;
    assert!(
        ratio < 2.3,
        "undo memory after {n} statements: {one} bytes, after {}: {two} bytes (x{ratio:.2})",
        2 * n
    );
}

/// What the app saves for the next run comes back whole, and holds none of the
/// views' scratch: the words in the capture field are kept by autosave
/// (`io::CaptureDraft`), never in the saved view state.
#[test]
fn the_remembered_view_state_round_trips_without_scratch() {
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.view.workspace = ui::Workspace::Timeline;
    app.view.timeline.tab = ui::timeline::TimelineTab::Findings;
    app.view.map.show_statements = false;
    app.view.library.folder = "reviews".into();
    app.scratch.interviews.draft = "words not yet committed".into();
    app.scratch.timeline.px_per_sec = 3.0;
    app.scratch.focus_request = Some("finding_text");
    let saved = Persisted {
        recent: vec![PathBuf::from("a.story.ron")],
        view: std::mem::take(&mut app.view),
    };
    let text = ron::to_string(&saved).expect("the view state saves");
    let back: Persisted = ron::from_str(&text).expect("and reads back");
    assert_eq!(
        ron::to_string(&back).expect("saves again"),
        text,
        "every remembered field comes back"
    );
    assert_eq!(back.view.workspace, ui::Workspace::Timeline);
    assert!(!back.view.map.show_statements);
    for scratch in ["words not yet committed", "finding_text", "px_per_sec"] {
        assert!(!text.contains(scratch), "{scratch} is not saved: {text}");
    }
}
