//! The compiler module: rule files (TOML) to a bundle that the runtime module loads with
//! `Rules.fromBundle`. The package loads it only when a page gives rule files.

use super::errors::{diagnostics_json, rules_error};
use crate::{Rules, Source};
use js_sys::TypeError;
use wasm_bindgen::prelude::*;

/// A bundle compiled from rule files, with the warnings found on the way.
#[wasm_bindgen]
pub struct Compiled {
    bundle: Vec<u8>,
    warnings: String,
}

#[wasm_bindgen]
impl Compiled {
    /// The bundle's bytes (as `tumar compile` writes them).
    #[wasm_bindgen(getter)]
    pub fn bundle(&self) -> Vec<u8> {
        self.bundle.clone()
    }

    /// The warnings, as a JSON array of diagnostics.
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> String {
        self.warnings.clone()
    }
}

/// Parses, validates and compiles rule files (`names[i]` is the path of the file whose TOML
/// text is `texts[i]`) to a bundle. Throws a `RulesError` with every error and warning.
#[wasm_bindgen]
pub fn compile(names: Vec<String>, texts: Vec<String>) -> Result<Compiled, JsValue> {
    if names.len() != texts.len() {
        return Err(TypeError::new("every rule source needs a name and a text").into());
    }
    let sources: Vec<Source> = names.into_iter().zip(texts).map(|(name, text)| Source::new(name, text)).collect();
    let rules = Rules::from_sources(&sources).map_err(|d| rules_error(&d))?;
    let warnings = diagnostics_json(rules.warnings().iter());
    Ok(Compiled { bundle: rules.to_bundle(), warnings })
}
