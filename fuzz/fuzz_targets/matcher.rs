//! Any text given to the matcher: mentions in bounds, on character boundaries, sorted and
//! non-overlapping.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        newslens::invariants::match_and_check(text);
    }
});
