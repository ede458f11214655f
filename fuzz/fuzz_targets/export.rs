//! Arbitrary text in the example session's fields (titles, names, statements,
//! summaries), then Markdown export and redaction: no panic, no live HTML, and
//! off-the-record statements never exported.
#![no_main]

use fuzz_model::model::{self, file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Parsed once: the example is large and the loader has its own target.
    static EXAMPLE: std::sync::OnceLock<model::Session> = std::sync::OnceLock::new();
    let mut s = EXAMPLE
        .get_or_init(|| match file::from_str(model::EXAMPLE_SESSION) {
            Ok(loaded) => loaded.session,
            Err(e) => panic!("the example loads: {e}"),
        })
        .clone();
    // NUL separates the pieces; each goes into the next field.
    let mut pieces = text.split('\0');
    let mut next = || pieces.next().map(str::to_owned);
    if let Some(t) = next() {
        s.title = t;
    }
    if let Some(t) = next() {
        s.purpose = t;
    }
    for p in &mut s.participants {
        if let Some(t) = next() {
            p.real_name = Some(t);
        }
        if let Some(t) = next() {
            p.pseudonym = t;
        }
    }
    let marker = "OFFRECORDMARKER";
    for i in &mut s.interviews {
        if let Some(t) = next() {
            i.title = t;
        }
        if let Some(t) = next() {
            i.summary = t;
        }
        for st in &mut i.statements {
            if let Some(t) = next() {
                st.text = t;
            }
            if st.off_record {
                st.text = format!("{marker} {}", st.text);
            }
        }
    }
    // (Save and reopen are the session_loader target's job; this one is about export.)
    for redact in [true, false] {
        let md = model::export::to_markdown(&s, model::export::ExportOptions { redact });
        fuzz_model::assert_no_html(&md);
        if !text.contains(marker) {
            assert!(!md.contains(marker), "off-the-record text exported");
        }
    }
    let copy = model::publish::shared_copy(&s);
    if let Err(e) = model::validate::validate(&copy) {
        panic!("the redacted copy is inconsistent: {e}");
    }
});
