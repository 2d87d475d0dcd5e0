//! The JavaScript boundary, generated with wasm-bindgen. This is the only module that names
//! `wasm_bindgen` or `js_sys`, and it is thin on purpose: every decision is made by the Rust
//! API; this layer only turns strings into Rust types, results into JSON, and diagnostics into
//! JavaScript `Error`s. The npm package (`pkg-templates/`) wraps it in the public JS API.
//!
//! It makes two modules. The runtime (feature `wasm`, the items here) loads bundles, scans
//! and makes nudges; the compiler (feature `wasm-compiler`, [`compiler`]) turns rule files
//! into a bundle, and the package loads it only for pages that give rule files.
//!
//! Nothing here sees message text except the scans ([`crossing`] and
//! [`JsConversations::scan`]), which pass it to [`Rules::scan_in`] and return a verdict that
//! holds offsets, never the text.

/// The modules' allocator: Talc, whose code is smaller in WebAssembly than that of the
/// standard library's dlmalloc (2.4 KB gzip), and which checked messages as fast.
#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "wasm-compiler")]
mod compiler;
#[cfg(feature = "wasm")]
mod crossing;
mod errors;

#[cfg(feature = "wasm")]
use {
    crate::compile::{BundleBytes, Loading, Progress},
    crate::conversation::{self, Conversations},
    crate::{Category, Direction, Rules, Stage},
    errors::rules_error,
    js_sys::TypeError,
    std::borrow::Cow,
    wasm_bindgen::prelude::*,
};

#[cfg(feature = "wasm")]
/// Compiled rules, as the JavaScript class `Rules`.
#[wasm_bindgen(js_name = Rules)]
pub struct JsRules {
    rules: Rules,
}

#[cfg(feature = "wasm")]
/// Rules being loaded a part at a time, as the JavaScript class `RulesLoading`. Each
/// [`step`](JsRulesLoading::step) loads one part, so a page can load rules on its main thread
/// as a few short tasks instead of one long one.
#[wasm_bindgen(js_name = RulesLoading)]
pub struct JsRulesLoading {
    /// `None` once the rules were handed out or a part did not load.
    progress: Option<Progress<'static>>,
}

#[cfg(feature = "wasm")]
#[wasm_bindgen(js_class = RulesLoading)]
impl JsRulesLoading {
    /// The shipped rules, built into the module.
    pub fn builtin() -> Result<JsRulesLoading, JsValue> {
        let progress = Rules::load_builtin().map_err(|d| rules_error(&d))?;
        Ok(JsRulesLoading { progress: Some(progress) })
    }

    /// A bundle written by `tumar compile`, kept in the module while it loads. One that is not
    /// a bundle of this version or was changed after it was written is an E120 error at once.
    #[wasm_bindgen(js_name = fromBundle)]
    pub fn from_bundle(bytes: Vec<u8>) -> Result<JsRulesLoading, JsValue> {
        let loading = Loading::new(BundleBytes::Given(Cow::Owned(bytes))).map_err(|d| rules_error(&d))?;
        Ok(JsRulesLoading { progress: Some(Progress::Loading(loading)) })
    }

    /// Loads the next part: the rules once they are whole, else `undefined`. A part that does
    /// not load is an E120 error, and the loading ends there.
    pub fn step(&mut self) -> Result<Option<JsRules>, JsValue> {
        let progress = self.progress.take().ok_or_else(|| TypeError::new("these rules were handed out already, or did not load"))?;
        match progress.step().map_err(|d| rules_error(&d))? {
            Progress::Loaded(rules) => Ok(Some(JsRules { rules })),
            loading => {
                self.progress = Some(loading);
                Ok(None)
            }
        }
    }
}

#[cfg(feature = "wasm")]
/// The conversations of one guard (risk per conversation id), as the JavaScript class
/// `Conversations`. It holds rule ids, stages, severities, directions and times: never text.
#[wasm_bindgen(js_name = Conversations)]
#[derive(Default)]
pub struct JsConversations {
    inner: Conversations,
}

#[cfg(feature = "wasm")]
#[wasm_bindgen(js_class = Conversations)]
impl JsConversations {
    /// No conversations.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsConversations {
        JsConversations::default()
    }

    /// Scans one message of conversation `id`, checked at `now` (milliseconds), and returns the
    /// verdict JSON with the conversation's state ([`conversation::verdict_json`]).
    pub fn scan(&mut self, rules: &JsRules, text: &str, direction: &str, languages: Vec<String>, id: &str, now: f64) -> Result<String, JsValue> {
        let direction = message_direction(direction)?;
        if !now.is_finite() {
            return Err(TypeError::new("now must be a finite number of milliseconds").into());
        }
        let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
        let verdict = rules.rules.scan_in(text, direction, &languages);
        let state = self.inner.record(&rules.rules, id, &verdict, direction, now as i64);
        Ok(serde_json::to_string(&conversation::verdict_with_conversation(&verdict, text, &state)).unwrap_or_default())
    }

    /// Forgets conversation `id`; whether it was kept.
    pub fn forget(&mut self, id: &str) -> bool {
        self.inner.forget(id)
    }

    /// The state as versioned JSON (no text).
    pub fn export(&self) -> String {
        self.inner.export()
    }

    /// Replaces the state with an exported one, read under the risk model of `rules`. On a bad
    /// state this throws a `TypeError` saying what is wrong, and nothing changes.
    pub fn import(&mut self, rules: &JsRules, json: &str) -> Result<(), JsValue> {
        self.inner = Conversations::import(json, &rules.rules.rule_set().risk).map_err(|e| TypeError::new(&e.to_string()))?;
        Ok(())
    }
}

#[cfg(feature = "wasm")]
/// The conversation nudge in `locale` with the support services of `country`, for the grooming
/// `stages` seen (strongest first) and, when `threats`, sextortion threats, as JSON
/// ([`crate::support::conversation_nudge_json`]).
#[wasm_bindgen(js_name = conversationNudge)]
pub fn conversation_nudge(locale: &str, country: &str, stages: Vec<String>, threats: bool) -> Result<String, JsValue> {
    let stages = stages
        .iter()
        .map(|s| s.parse::<Stage>().map_err(|()| TypeError::new(&format!("stage must be one of {}", Stage::expected()))))
        .collect::<Result<Vec<Stage>, TypeError>>()?;
    Ok(crate::support::conversation_nudge_json(locale, country, &stages, threats))
}

#[cfg(feature = "wasm")]
/// The nudge for `category` and `direction` in `locale`, with the support services of
/// `country` (ISO 3166 alpha-2), as JSON ([`crate::support::nudge_json`]).
#[wasm_bindgen]
pub fn nudge(locale: &str, country: &str, category: &str, direction: &str) -> Result<String, JsValue> {
    let category: Category = category
        .parse()
        .map_err(|()| TypeError::new(&format!("category must be one of {}", Category::expected())))?;
    Ok(crate::support::nudge_json(locale, country, category, message_direction(direction)?))
}

#[cfg(feature = "wasm")]
/// What run-time nudge content is checked against, as JSON ([`crate::support::catalog_json`]).
#[wasm_bindgen(js_name = supportCatalog)]
pub fn support_catalog() -> String {
    crate::support::catalog_json()
}

#[cfg(feature = "wasm")]
/// A message's direction: `incoming` or `outgoing` (`any` is for rules only).
fn message_direction(word: &str) -> Result<Direction, JsValue> {
    match word.parse() {
        Ok(direction @ (Direction::Incoming | Direction::Outgoing)) => Ok(direction),
        _ => Err(TypeError::new("direction must be \"incoming\" or \"outgoing\"").into()),
    }
}
