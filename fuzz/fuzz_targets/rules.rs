//! Any text as a rule file: it compiles to rules that scan without panicking, or it is refused
//! with coded diagnostics located inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tumar::{Direction, Rules, Source};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let lines = text.lines().count() + 1;
    match Rules::from_sources(&[Source::new("fuzz.toml", text)]) {
        Ok(rules) => {
            rules.scan("send me a pic, don't tell mom", Direction::Incoming);
            rules.scan("скинь фото", Direction::Outgoing);
        }
        Err(errors) => {
            for d in errors.iter() {
                assert_eq!(d.code.len(), 4, "diagnostic code {:?}", d.code);
                assert!(d.location.line >= 1 && d.location.line as usize <= lines, "line {} of {lines}", d.location.line);
            }
        }
    }
});
