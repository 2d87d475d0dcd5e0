//! The normalizer on any text (bytes read as UTF-8, invalid sequences as U+FFFD, as a browser
//! hands a message over): it never panics, every unit maps back to a character range of the
//! text, units stay in order, and the same text always folds the same way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tumar::normalize::normalize;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let n = normalize(&text);
    for unit in n.units() {
        let (start, end) = (unit.origin.0 as usize, unit.origin.1 as usize);
        assert!(start <= end && end <= text.len(), "unit outside the text");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "unit splits a character");
    }
    assert!(n.units().windows(2).all(|w| w[0].word <= w[1].word && w[0].byte < w[1].byte), "units out of order");
    assert_eq!(normalize(&text).as_str(), n.as_str(), "the same text folds differently");
});
