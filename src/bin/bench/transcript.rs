//! The benchmark's transcript import: a 3-hour transcript read and built into an
//! interview, and imported in the app as a person does it.

use super::{Driver, Event, Instant, Modifiers, Session, io};
use second_story::ui::Action;

/// Cues in the transcript imported: about three hours of talk.
pub(super) const TRANSCRIPT_CUES: usize = 4_000;

/// Reads a transcript and builds its interview for `session`, the facilitator and
/// a new participant speaking (as the import dialog does once they are named).
pub(super) fn transcript_import(session: &Session, bytes: &[u8]) -> Result<usize, String> {
    use second_story::model::transcript::{self, interview};
    let t = transcript::parse(bytes).map_err(|e| e.to_string())?;
    let roles = vec![
        (Some("Sam Rivera".to_owned()), interview::Role::Facilitator),
        (Some("Ana Lima".to_owned()), interview::Role::NewParticipant),
    ];
    interview::build(session, &t, &roles, &interview::Options::default())
        .map(|i| i.statements)
        .map_err(|e| e.to_string())
}

/// Imports a transcript in the app as a person does (the files already picked):
/// frames run until the dialog shows, then Enter. Returns the wall time until the
/// interview is in the session and the worst frame's CPU time meanwhile, in ms.
pub(super) fn transcript_in_app(d: &mut Driver, vtt: Vec<u8>) -> Result<(f64, f64), String> {
    let before = d.app.session().interviews.len();
    // Speakers the session knows by name (its first participant's pseudonym, its
    // first facilitator), so Enter imports at once.
    let s = d.app.session();
    let (Some(p), Some(f)) = (s.participants.first(), s.facilitators.first()) else {
        return Err("the session has no participant or no facilitator".into());
    };
    let vtt = String::from_utf8_lossy(&vtt)
        .replace("Ana Lima", &p.pseudonym)
        .replace("Sam Rivera", f)
        .into_bytes();
    let start = Instant::now();
    let mut worst: f64 = 0.0;
    d.app.perform(Action::Import(io::ImportRequest::Files {
        kind: second_story::model::import::ImportKind::Transcript,
        files: vec![("bench.vtt".into(), vtt)],
    }));
    let mut pressed = false;
    while start.elapsed().as_secs_f64() < 30.0 {
        let events = if !pressed
            && d.app
                .test_state_json()
                .contains("\"importing\":\"bench.vtt\"")
        {
            pressed = true;
            vec![Event::Key {
                key: egui::Key::Enter,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::NONE,
            }]
        } else {
            Vec::new()
        };
        worst = worst.max(d.frame(events).cpu_ms);
        if d.app.session().interviews.len() > before {
            let wall = start.elapsed().as_secs_f64() * 1000.0;
            // And the frames that first show the new interview.
            for _ in 0..2 {
                worst = worst.max(d.frame(Vec::new()).cpu_ms);
            }
            return Ok((wall, worst));
        }
        if let Some(e) = d.app.error_message() {
            return Err(format!("the transcript import failed: {e}"));
        }
    }
    Err("the transcript import did not finish within 30 s".into())
}
