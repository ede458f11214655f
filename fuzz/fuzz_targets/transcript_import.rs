//! Any bytes as a transcript (WebVTT, SRT, plain text) and as a Slack export file:
//! read, or refused with an error, never a panic; what is read imports into a session
//! that stays valid.
#![no_main]

use fuzz_model::model::transcript::interview::{self, Options, Role};
use fuzz_model::model::{Participant, Session, chat, slack, transcript, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = transcript::parse(data) {
        assert!(!t.cues.is_empty(), "a transcript without cues is an error");
        for c in &t.cues {
            assert!(c.line >= 1 && !c.text.trim().is_empty(), "{c:?}");
        }
        assert!(t.problems.iter().all(|p| p.line >= 1));
        // The first speaker is the participant, the others facilitators.
        let mut s = Session::default();
        let p = Participant::new("P1");
        let pid = p.id;
        s.participants.push(p);
        let roles: Vec<(Option<String>, Role)> = t
            .speakers()
            .iter()
            .enumerate()
            .map(|(k, (label, _))| {
                let role = if k == 0 {
                    Role::Participant(pid)
                } else {
                    Role::Facilitator
                };
                (label.map(str::to_owned), role)
            })
            .collect();
        let imported = match interview::build(&s, &t, &roles, &Options::default()) {
            Ok(i) => i,
            Err(e) => panic!("every speaker has a role, yet: {e}"),
        };
        assert!(imported.statements <= t.cues.len());
        if let Err(e) = imported.command.apply(&mut s) {
            panic!("the import does not apply: {e}");
        }
        if let Err(e) = validate::validate(&s) {
            panic!("the imported interview is inconsistent: {e}");
        }
    }
    if let Ok(export) = slack::parse(&[("day.json".to_owned(), data.to_vec())]) {
        let mut s = Session::default();
        let choices = chat::suggested_choices(&export, &s);
        if let Some(imported) = chat::build(&s, &export, &choices) {
            if let Err(e) = imported.command.apply(&mut s) {
                panic!("the chat import does not apply: {e}");
            }
            if let Err(e) = validate::validate(&s) {
                panic!("the imported chat is inconsistent: {e}");
            }
        }
    }
});
