//! Any bytes opened as a session file: a clear error or a session that saves,
//! reopens, exports and redacts without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = fuzz_model::model::file::from_bytes(data) {
        fuzz_model::exercise(&loaded.session);
    }
});
