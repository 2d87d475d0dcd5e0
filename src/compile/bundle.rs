//! Rule bundles: the validated rules (overlays applied; tests, notes and source lines left out)
//! with their patterns and word lists, in one file. Loading one skips the TOML and the checks
//! of the rule files; the patterns are compiled again (a compact form: the word lists are
//! stored once, not once per use).
//! `tumar compile DIR -o FILE` writes one; the npm package embeds one for its built-in rules.
//!
//! Layout: one header line of JSON, `{"tumar_bundle":VERSION,"length":N,"crc32":C}`, then N bytes
//! of JSON payload whose CRC-32 is C. A bundle of another version, a damaged one (any changed
//! byte) or one whose indices do not agree is refused with E120, and nothing is half-loaded.
//! Rule locations keep only the path below `rules/` (no absolute paths of the compiling machine).

use super::Rules;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::rules::RuleSet;
use serde::{Deserialize, Serialize};

/// The bundle format version this build writes and reads. It changes whenever the normalizer
/// or the compiled form changes, since a bundle stores normalized, compiled patterns.
pub const BUNDLE_VERSION: u32 = 5;

#[derive(Serialize, Deserialize)]
struct Header {
    tumar_bundle: u32,
    length: usize,
    crc32: u32,
}


impl Rules {
    /// The bundle of these rules (bytes).
    pub fn to_bundle(&self) -> Vec<u8> {
        let mut rules = self.set.clone();
        for rule in &mut rules.rules {
            rule.location = portable(&rule.location);
            for regex in &mut rule.regexes {
                regex.location = portable(&regex.location);
            }
        }
        let payload = serde_json::to_vec(&rules).unwrap_or_default();
        let header = Header { tumar_bundle: BUNDLE_VERSION, length: payload.len(), crc32: crc32(&payload) };
        let mut out = serde_json::to_vec(&header).unwrap_or_default();
        out.push(b'\n');
        out.extend_from_slice(&payload);
        out
    }

    /// Loads rules from a bundle written by [`Rules::to_bundle`]. A file that is not a bundle
    /// of this version, or that was changed after it was written, is an E120 error.
    pub fn from_bundle(bytes: &[u8]) -> Result<Rules, Diagnostics> {
        let newline = bytes.iter().position(|&b| b == b'\n').ok_or_else(|| bundle_error("not a tumar rule bundle (no header line)"))?;
        #[derive(Deserialize)]
        struct Version {
            tumar_bundle: u32,
        }
        let (head, payload) = (&bytes[..newline], &bytes[newline + 1..]);
        let version: Version = serde_json::from_slice(head).map_err(|e| bundle_error(&format!("not a tumar rule bundle: {e}")))?;
        if version.tumar_bundle != BUNDLE_VERSION {
            return Err(bundle_error(&format!(
                "rule bundle version {} is not supported; this build reads version {BUNDLE_VERSION} (rebuild it with `tumar compile`)",
                version.tumar_bundle
            )));
        }
        let header: Header = serde_json::from_slice(head).map_err(|e| bundle_error(&format!("damaged rule bundle header: {e}")))?;
        if header.length != payload.len() || header.crc32 != crc32(payload) {
            return Err(bundle_error("damaged rule bundle: its length or checksum does not match (rebuild it with `tumar compile`)"));
        }
        let set: RuleSet = serde_json::from_slice(payload).map_err(|e| bundle_error(&format!("damaged rule bundle: {e}")))?;
        let set = set.restore().ok_or_else(|| bundle_error("damaged rule bundle: its patterns do not parse"))?;
        Rules::compile(set).map_err(|_| bundle_error("damaged rule bundle: its rules do not compile"))
    }
}

/// A location without the compiling machine's folders: the path below `rules/`, or the file
/// name, with line and column.
fn portable(location: &Location) -> Location {
    let file = location.file.replace('\\', "/");
    let short = match file.rfind("rules/") {
        Some(at) => &file[at..],
        None => file.rsplit('/').next().unwrap_or(&file),
    };
    Location { file: short.to_string(), source_line: String::new(), source_line_start: 0, ..location.clone() }
}

/// CRC-32 (IEEE), as zlib and PNG compute it.
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

fn bundle_error(message: &str) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(Diagnostic::error("E120", message, Location::file_only("<bundle>")));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_known_input() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn locations_lose_the_machine_folders() {
        let at = |file: &str| portable(&Location { file: file.into(), line: 3, ..Location::default() });
        assert_eq!(at("/home/me/tumar/rules/ru/grooming.toml").file, "rules/ru/grooming.toml");
        assert_eq!(at("C:\\work\\mine.toml").file, "mine.toml");
        assert_eq!(at("/tmp/x/mine.toml").line, 3);
    }
}
