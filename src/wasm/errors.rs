//! Diagnostics as JavaScript values: the `RulesError` both modules throw, and the plain
//! objects of `guard.warnings`.

use crate::{Diagnostic, Diagnostics};
use js_sys::{Error, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

/// One diagnostic as a flat JSON object with the field names of the JS API.
pub(crate) fn diagnostic_json(d: &Diagnostic) -> Value {
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
pub(crate) fn rules_error(diagnostics: &Diagnostics) -> JsValue {
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
