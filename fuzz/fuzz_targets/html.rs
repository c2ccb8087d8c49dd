//! Any bytes given to the html reader: an article list or an error, never a panic, and
//! every article's lines and mentions in bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newslens::invariants::read_and_check(std::path::Path::new("x.html"), data);
});
