//! Compiled rule bundles: the validated rule set (overlays applied, tests left out) in a
//! versioned file that loads without parsing TOML. `tumar compile DIR -o FILE` writes one.

use super::Rules;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::rules::RuleSet;
use serde::{Deserialize, Serialize};

/// The bundle format version this build writes and reads.
pub const BUNDLE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Bundle {
    tumar_bundle: u32,
    rules: RuleSet,
}

impl Rules {
    /// The bundle of these rules (JSON bytes).
    pub fn to_bundle(&self) -> Vec<u8> {
        let bundle = Bundle { tumar_bundle: BUNDLE_VERSION, rules: self.set.clone() };
        serde_json::to_vec(&bundle).unwrap_or_default()
    }

    /// Loads rules from a bundle written by [`Rules::to_bundle`]. A file that is not a bundle
    /// of this version is an E120 error.
    pub fn from_bundle(bytes: &[u8]) -> Result<Rules, Diagnostics> {
        let bundle: Bundle = serde_json::from_slice(bytes).map_err(|e| bundle_error(format!("not a tumar rule bundle: {e}")))?;
        if bundle.tumar_bundle != BUNDLE_VERSION {
            return Err(bundle_error(format!(
                "rule bundle version {} is not supported; this build reads version {BUNDLE_VERSION}",
                bundle.tumar_bundle
            )));
        }
        Rules::compile(bundle.rules)
    }
}

fn bundle_error(message: String) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(Diagnostic::error("E120", message, Location::file_only("<bundle>")));
    all
}
