//! Any write-up text through the language check: no panic, and every finding's
//! byte range and position point into the text.
#![no_main]

use fuzz_model::model::lint::{check, check_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for f in check(text) {
        assert!(
            text.get(f.range.clone()).is_some_and(|s| !s.is_empty()),
            "finding {} at {:?}",
            f.rule.id,
            f.range
        );
        assert_eq!(f.found(text), &text[f.range.clone()]);
        assert!(f.line >= 1 && f.column >= 1 && f.end_line >= f.line);
        let _ = f.advice();
    }
    let report = check_file(text);
    for f in &report.open {
        assert!(text.get(f.range.clone()).is_some());
    }
});
