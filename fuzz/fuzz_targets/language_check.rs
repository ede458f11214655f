//! Any write-up text through the language check: no panic, and every finding's
//! byte range points at the phrase it reports.
#![no_main]

use fuzz_model::model::lint::{check, check_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for f in check(text) {
        assert_eq!(
            text.get(f.range.clone()),
            Some(f.found.as_str()),
            "finding {:?} at {:?}",
            f.found,
            f.range
        );
        assert!(f.line >= 1 && f.column >= 1);
        let _ = f.advice();
    }
    let report = check_file(text);
    for f in &report.open {
        assert!(text.get(f.range.clone()).is_some());
    }
});
