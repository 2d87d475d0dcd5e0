//! Diagnostics as JavaScript values: the `RulesError` both modules throw, and the plain
//! objects of `guard.warnings`.

use crate::error::Level;
use crate::{Diagnostic, Diagnostics};
use js_sys::{Error, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// One diagnostic as a flat object with the field names of the JS API (in alphabetical order,
/// as they always were).
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    code: &'a str,
    column: u32,
    file: &'a str,
    help: Option<&'a str>,
    level: Level,
    line: u32,
    message: &'a str,
    rendered: String,
    #[serde(rename = "ruleId")]
    rule_id: Option<&'a str>,
}

impl DiagnosticJson<'_> {
    /// The JSON of `d`.
    fn of(d: &Diagnostic) -> DiagnosticJson<'_> {
        DiagnosticJson {
            code: &d.code,
            column: d.location.column,
            file: &d.location.file,
            help: d.help.as_deref(),
            level: d.level,
            line: d.location.line,
            message: &d.message,
            rendered: d.to_string(),
            rule_id: d.rule_id.as_deref(),
        }
    }
}

/// A list of diagnostics as a JSON array of [`DiagnosticJson`].
pub(crate) fn diagnostics_json<'a>(all: impl Iterator<Item = &'a Diagnostic>) -> String {
    serde_json::to_string(&all.map(DiagnosticJson::of).collect::<Vec<_>>()).unwrap_or_default()
}

/// A JavaScript `Error` (name `RulesError`) for rules that failed to load. Its message and
/// fields (`code`, `file`, `line`, `column`, `ruleId`) are those of the first error;
/// `diagnostics` lists every error and warning, and `rendered` shows them all like rustc.
pub(crate) fn rules_error(diagnostics: &Diagnostics) -> JsValue {
    let first = diagnostics.first_error().or_else(|| diagnostics.iter().next());
    let summary = first.map_or_else(
        || "the rules could not be loaded".to_string(),
        |d| format!("{}: {} ({})", d.code, d.message, d.position()),
    );
    let error = Error::new(&summary);
    error.set_name("RulesError");
    let target: &JsValue = error.as_ref();
    // The first diagnostic's place (null without one).
    let text = |value: Option<&str>| value.map_or(JsValue::NULL, JsValue::from_str);
    let number = |value: Option<u32>| value.map_or(JsValue::NULL, JsValue::from);
    set(target, "code", &text(first.map(|d| d.code.as_str())));
    set(target, "file", &text(first.map(|d| d.location.file.as_str())));
    set(target, "line", &number(first.map(|d| d.location.line)));
    set(target, "column", &number(first.map(|d| d.location.column)));
    set(target, "ruleId", &text(first.and_then(|d| d.rule_id.as_deref())));
    set(target, "diagnostics", &JSON::parse(&diagnostics_json(diagnostics.iter())).unwrap_or(JsValue::NULL));
    set(target, "rendered", &JsValue::from_str(&diagnostics.to_string()));
    error.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a data property on a fresh Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

