//! Compiled rule bundles: the validated rules (overlays applied; tests, pattern texts and source
//! locations left out) and their compiled patterns, in a versioned JSON file. Loading one skips
//! TOML parsing, normalization and pattern compilation and only builds the atom automaton.
//! `tumar compile DIR -o FILE` writes one; the npm package embeds one for its built-in rules.

use super::{PatternSpec, Rules};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::rules::RuleSet;
use serde::{Deserialize, Serialize};

/// The bundle format version this build writes and reads. It changes whenever the normalizer
/// or the compiled form changes, since a bundle stores normalized patterns.
pub const BUNDLE_VERSION: u32 = 3;

#[derive(Serialize, Deserialize)]
struct Bundle {
    tumar_bundle: u32,
    /// The rules' metadata and regexes; their patterns live in `patterns`.
    rules: RuleSet,
    patterns: PatternSpec,
}

impl Rules {
    /// The bundle of these rules (JSON bytes).
    pub fn to_bundle(&self) -> Vec<u8> {
        let mut rules = self.set.clone();
        for rule in &mut rules.rules {
            rule.phrases.clear();
            rule.allow.clear();
            rule.near.clear();
        }
        let bundle = Bundle { tumar_bundle: BUNDLE_VERSION, rules, patterns: self.patterns.spec.clone() };
        serde_json::to_vec(&bundle).unwrap_or_default()
    }

    /// Loads rules from a bundle written by [`Rules::to_bundle`]. A file that is not a bundle
    /// of this version is an E120 error. The loaded [`Rules::rule_set`] has the rules'
    /// metadata and regexes, but not their pattern texts (those are compiled).
    pub fn from_bundle(bytes: &[u8]) -> Result<Rules, Diagnostics> {
        #[derive(Deserialize)]
        struct Version {
            tumar_bundle: u32,
        }
        let version: Version = serde_json::from_slice(bytes).map_err(|e| bundle_error(format!("not a tumar rule bundle: {e}")))?;
        if version.tumar_bundle != BUNDLE_VERSION {
            return Err(bundle_error(format!(
                "rule bundle version {} is not supported; this build reads version {BUNDLE_VERSION} (rebuild it with `tumar compile`)",
                version.tumar_bundle
            )));
        }
        let bundle: Bundle = serde_json::from_slice(bytes).map_err(|e| bundle_error(format!("damaged rule bundle: {e}")))?;
        if !bundle.patterns.is_consistent(bundle.rules.rules.len()) {
            return Err(bundle_error("damaged rule bundle: patterns and rules do not agree".to_string()));
        }
        Rules::build(bundle.rules, bundle.patterns, Diagnostics::new())
    }
}

fn bundle_error(message: String) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(Diagnostic::error("E120", message, Location::file_only("<bundle>")));
    all
}
