//! The JavaScript boundary, generated with wasm-bindgen. This is the only module that names
//! `wasm_bindgen` or `js_sys`, and it is thin on purpose: every decision is made by the Rust
//! API; this layer only turns strings into Rust types, results into JSON, and diagnostics into
//! JavaScript `Error`s. The npm package (`pkg-templates/`) wraps it in the public JS API.
//!
//! Nothing here sees message text except the scans ([`crossing`] and
//! [`JsConversations::scan`]), which pass it to [`Rules::scan_in`] and return a verdict that
//! holds offsets, never the text.

mod crossing;

use crate::conversation::{self, Conversations};
use crate::{Category, Diagnostic, Diagnostics, Direction, Rules, Source, Stage};
use js_sys::{Error, Reflect, TypeError, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// Compiled rules, as the JavaScript class `Rules`.
#[wasm_bindgen(js_name = Rules)]
pub struct JsRules {
    rules: Rules,
}

#[wasm_bindgen(js_class = Rules)]
impl JsRules {
    /// The shipped rules, built into the module.
    pub fn builtin() -> Result<JsRules, JsValue> {
        Rules::builtin().map(|rules| JsRules { rules }).map_err(|d| rules_error(&d))
    }

    /// Compiles rule files: `names[i]` is the path of the file whose TOML text is `texts[i]`.
    #[wasm_bindgen(js_name = fromSources)]
    pub fn from_sources(names: Vec<String>, texts: Vec<String>) -> Result<JsRules, JsValue> {
        if names.len() != texts.len() {
            return Err(TypeError::new("every rule source needs a name and a text").into());
        }
        let sources: Vec<Source> = names.into_iter().zip(texts).map(|(name, text)| Source::new(name, text)).collect();
        Rules::from_sources(&sources).map(|rules| JsRules { rules }).map_err(|d| rules_error(&d))
    }

    /// Loads a bundle written by `tumar compile`.
    #[wasm_bindgen(js_name = fromBundle)]
    pub fn from_bundle(bytes: &[u8]) -> Result<JsRules, JsValue> {
        Rules::from_bundle(bytes).map(|rules| JsRules { rules }).map_err(|d| rules_error(&d))
    }

    /// The warnings found while loading, as a JSON array of diagnostics.
    pub fn warnings(&self) -> String {
        Value::Array(self.rules.warnings().iter().map(diagnostic_json).collect()).to_string()
    }
}

/// The conversations of one guard (risk per conversation id), as the JavaScript class
/// `Conversations`. It holds rule ids, stages, severities, directions and times: never text.
#[wasm_bindgen(js_name = Conversations)]
#[derive(Default)]
pub struct JsConversations {
    inner: Conversations,
}

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
        Ok(conversation::verdict_json(&verdict, text, &state).to_string())
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

/// The nudge for `category` and `direction` in `locale`, with the support services of
/// `country` (ISO 3166 alpha-2), as JSON ([`crate::support::nudge_json`]).
#[wasm_bindgen]
pub fn nudge(locale: &str, country: &str, category: &str, direction: &str) -> Result<String, JsValue> {
    let category: Category = category
        .parse()
        .map_err(|()| TypeError::new(&format!("category must be one of {}", Category::expected())))?;
    Ok(crate::support::nudge_json(locale, country, category, message_direction(direction)?))
}

/// What run-time nudge content is checked against, as JSON ([`crate::support::catalog_json`]).
#[wasm_bindgen(js_name = supportCatalog)]
pub fn support_catalog() -> String {
    crate::support::catalog_json()
}

/// A message's direction: `incoming` or `outgoing` (`any` is for rules only).
fn message_direction(word: &str) -> Result<Direction, JsValue> {
    match word.parse() {
        Ok(direction @ (Direction::Incoming | Direction::Outgoing)) => Ok(direction),
        _ => Err(TypeError::new("direction must be \"incoming\" or \"outgoing\"").into()),
    }
}

/// One diagnostic as a flat JSON object with the field names of the JS API.
fn diagnostic_json(d: &Diagnostic) -> Value {
    json!({
        "level": d.level,
        "code": d.code,
        "message": d.message,
        "file": d.location.file,
        "line": d.location.line,
        "column": d.location.column,
        "ruleId": d.rule_id,
        "help": d.help,
        "rendered": d.to_string(),
    })
}

/// A JavaScript `Error` (name `RulesError`) for rules that failed to load. Its message and
/// fields (`code`, `file`, `line`, `column`, `ruleId`) are those of the first error;
/// `diagnostics` lists every error and warning, and `rendered` shows them all like rustc.
fn rules_error(diagnostics: &Diagnostics) -> JsValue {
    let first = diagnostics.first_error().or_else(|| diagnostics.iter().next());
    let summary = first.map_or_else(
        || "the rules could not be loaded".to_string(),
        |d| format!("{}: {} ({})", d.code, d.message, d.position()),
    );
    let error = Error::new(&summary);
    error.set_name("RulesError");
    let fields = first.map_or_else(|| json!({}), diagnostic_json);
    let all: Vec<Value> = diagnostics.iter().map(diagnostic_json).collect();
    let target: &JsValue = error.as_ref();
    for key in ["code", "file", "line", "column", "ruleId"] {
        set(target, key, &to_js(&fields[key]));
    }
    set(target, "diagnostics", &to_js(&Value::Array(all)));
    set(target, "rendered", &JsValue::from_str(&diagnostics.to_string()));
    error.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a data property on a fresh Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn to_js(value: &Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}
