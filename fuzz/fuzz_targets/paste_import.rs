//! Any text pasted as a chat or log excerpt: parsed into events and unreadable
//! lines without a panic; every line number points into the text.
#![no_main]

use fuzz_model::model::paste::{PasteOptions, parse};
use fuzz_model::model::{Perspective, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(date) = chrono::NaiveDate::from_ymd_opt(2026, 4, 6) else {
        return;
    };
    let result = parse(text, &PasteOptions { date });
    let lines = text.lines().count().max(1);
    for e in &result.events {
        assert!(
            e.line >= 1 && e.line <= lines,
            "event line {} of {lines}",
            e.line
        );
        let _ = e.description();
    }
    for u in &result.unreadable {
        assert!(
            u.line >= 1 && u.line <= lines,
            "unreadable line {} of {lines}",
            u.line
        );
    }
    let events = result.to_events(&Perspective::Chat);
    let mut s = fuzz_model::model::Session::default();
    s.timeline = events;
    if let Err(e) = validate::validate(&s) {
        panic!("imported events are inconsistent: {e}");
    }
    let _ = result.import_command(&Perspective::Log);
});
