//! The shipped rules scanning any message, in both directions: no panic, at most `MAX_HITS`
//! hits, a nudge exactly when there is a hit, and every span on character boundaries inside
//! the message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tumar::{Direction, Rules};

fn shipped() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::builtin().expect("the shipped rules compile"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for direction in [Direction::Incoming, Direction::Outgoing] {
        let verdict = shipped().scan(&text, direction);
        assert!(verdict.hits.len() <= tumar::scan::MAX_HITS);
        assert_eq!(verdict.hits.is_empty(), verdict.nudge.is_none());
        for hit in verdict.hits.iter().chain(&verdict.signals) {
            assert!(hit.span.start <= hit.span.end && hit.span.end <= text.len(), "span outside the message");
            assert!(text.is_char_boundary(hit.span.start) && text.is_char_boundary(hit.span.end), "span splits a character");
        }
    }
});
