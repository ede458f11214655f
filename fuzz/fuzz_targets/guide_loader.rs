//! Any text imported as an interview guide: a clear error, or a guide that
//! writes back to a file that imports again with the same questions.
#![no_main]

use fuzz_model::model::guides::{guide_to_ron, parse_guide};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(guide) = parse_guide(text) {
        let written = guide_to_ron(&guide).expect("an imported guide writes");
        let again = parse_guide(&written)
            .unwrap_or_else(|e| panic!("a written guide does not import: {e}\n{written}"));
        assert_eq!(guide.name, again.name);
        let texts = |g: &fuzz_model::model::Guide| -> Vec<(String, String)> {
            g.questions
                .iter()
                .map(|q| (q.section.clone(), q.text.clone()))
                .collect()
        };
        assert_eq!(texts(&guide), texts(&again));
    }
});
