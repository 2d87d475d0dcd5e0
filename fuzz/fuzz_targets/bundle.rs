//! Any bytes as a rule bundle, with the header's payload length and checksum made to agree with
//! the payload (bundle format: 8 magic bytes, version, length, Adler-32, each a little-endian u32),
//! so that changes reach the payload's own checks: it loads into rules that scan without
//! panicking, or it is refused with E120, never half-loaded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tumar::{Direction, Rules};

/// Bytes before the payload.
const HEADER_BYTES: usize = 20;

fuzz_target!(|data: &[u8]| {
    let mut bundle = data.to_vec();
    if bundle.len() >= HEADER_BYTES {
        let length = u32::try_from(bundle.len() - HEADER_BYTES).unwrap_or(u32::MAX);
        let sum = adler2::adler32_slice(&bundle[HEADER_BYTES..]);
        bundle[12..16].copy_from_slice(&length.to_le_bytes());
        bundle[16..20].copy_from_slice(&sum.to_le_bytes());
    }
    match Rules::from_bundle(&bundle) {
        Ok(rules) => {
            rules.scan("send me a pic, don't tell mom, 4111 1111 1111 1111", Direction::Incoming);
            rules.scan("скинь фото", Direction::Outgoing);
        }
        Err(errors) => assert_eq!(errors.first_error().map(|d| d.code.as_str()), Some("E120")),
    }
});
