//! Reads the tables of a conversation risk file (`kind = "conversation"`) into a [`RiskModel`].

use super::risk::{RiskModel, MAX_RISK_NUMBER};
use super::toml_reader::{FileReader, Keys, Value};
use crate::error::Diagnostic;
use crate::vocab::{Severity, Stage};
use toml::de::DeValue;

const TABLES: &[&str] = &["tumar", "points", "stages", "time", "risk"];
const POINT_KEYS: &[&str] = &["signal", "low", "medium", "high"];
const TIME_KEYS: &[&str] = &["half_life_hours", "outgoing"];
const RISK_KEYS: &[&str] = &["low", "medium", "high", "high_min_stages", "stage_seen_from", "sextortion_high_at", "sextortion_hours"];

/// Reads the tables of a conversation file after its `[tumar]` header. Values out of range
/// are E130 errors; unknown keys E104.
pub(crate) fn read_model(reader: &mut FileReader<'_>, mut keys: Keys<'_, '_>, header_span: std::ops::Range<usize>) -> RiskModel {
    let mut model = RiskModel { location: Some(reader.locate(header_span)), ..RiskModel::default() };
    let points = keys.take("points");
    let stages = keys.take("stages");
    let time = keys.take("time");
    let risk = keys.take("risk");
    keys.finish(reader, TABLES, None);
    if let Some(table) = points.and_then(|v| reader.table("points", v, None)) {
        let mut keys = Keys::new(table);
        for (i, key) in POINT_KEYS.iter().enumerate() {
            if let Some(n) = keys.take(key).and_then(|v| number(reader, key, v, 0.0, MAX_RISK_NUMBER)) {
                model.points[i] = n;
            }
        }
        keys.finish(reader, POINT_KEYS, None);
    }
    if let Some(table) = stages.and_then(|v| reader.table("stages", v, None)) {
        let mut keys = Keys::new(table);
        let names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
        for (i, name) in names.iter().enumerate() {
            if let Some(n) = keys.take(name).and_then(|v| number(reader, name, v, 0.0, MAX_RISK_NUMBER)) {
                model.stage_weights[i] = n;
            }
        }
        keys.finish(reader, &names, None);
    }
    if let Some(table) = time.and_then(|v| reader.table("time", v, None)) {
        let mut keys = Keys::new(table);
        if let Some(n) = keys.take("half_life_hours").and_then(|v| number(reader, "half_life_hours", v, 1.0, 24.0 * 365.0)) {
            model.half_life_hours = n;
        }
        if let Some(n) = keys.take("outgoing").and_then(|v| number(reader, "outgoing", v, 0.0, 1.0)) {
            model.outgoing = n;
        }
        keys.finish(reader, TIME_KEYS, None);
    }
    if let Some(value) = risk {
        read_thresholds(reader, value, &mut model);
    }
    model
}

fn read_thresholds(reader: &mut FileReader<'_>, value: &Value<'_>, model: &mut RiskModel) {
    let Some(table) = reader.table("risk", value, None) else { return };
    let mut keys = Keys::new(table);
    let mut spans = Vec::new();
    for (key, slot) in [("low", &mut model.low), ("medium", &mut model.medium), ("high", &mut model.high)] {
        if let Some(v) = keys.take(key) {
            spans.push(v.span());
            if let Some(n) = number(reader, key, v, 0.0, MAX_RISK_NUMBER) {
                *slot = n;
            }
        }
    }
    if let Some(v) = keys.take("high_min_stages") {
        match reader.integer("high_min_stages", v, None) {
            Some(n) if (1..=Stage::ALL.len() as i64).contains(&n) => model.high_min_stages = n as u32,
            Some(n) => out_of_range(reader, "high_min_stages", &n.to_string(), 1.0, Stage::ALL.len() as f64, v.span()),
            None => {}
        }
    }
    if let Some(n) = keys.take("stage_seen_from").and_then(|v| number(reader, "stage_seen_from", v, 0.0, MAX_RISK_NUMBER)) {
        model.stage_seen_from = n;
    }
    if let Some(severity) = keys.take("sextortion_high_at").and_then(|v| reader.word::<Severity>("sextortion_high_at", v, &Severity::expected(), None)) {
        model.sextortion_high_at = severity;
    }
    if let Some(n) = keys.take("sextortion_hours").and_then(|v| number(reader, "sextortion_hours", v, 0.0, 24.0 * 365.0)) {
        model.sextortion_hours = n;
    }
    keys.finish(reader, RISK_KEYS, None);
    if !(model.low <= model.medium && model.medium <= model.high) {
        let span = spans.first().cloned().unwrap_or_else(|| value.span());
        let d = Diagnostic::error(
            "E130",
            format!("risk thresholds must rise: low {} <= medium {} <= high {}", model.low, model.medium, model.high),
            reader.locate(span),
        )
        .with_help("each level needs at least the score of the level below");
        reader.push(d);
    }
}

/// A number (integer or float) in `min..=max`, or an E105 / E130 error.
fn number(reader: &mut FileReader<'_>, key: &str, value: &Value<'_>, min: f64, max: f64) -> Option<f64> {
    let n = match value.get_ref() {
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        DeValue::Integer(_) => reader.integer(key, value, None).map(|i| i as f64),
        _ => None,
    };
    let Some(n) = n else {
        if !matches!(value.get_ref(), DeValue::Integer(_)) {
            let d = Diagnostic::error("E105", format!("`{key}` must be a number, found {}", value.get_ref().type_str()), reader.locate(value.span()));
            reader.push(d);
        }
        return None;
    };
    if n.is_finite() && (min..=max).contains(&n) {
        Some(n)
    } else {
        out_of_range(reader, key, &n.to_string(), min, max, value.span());
        None
    }
}

fn out_of_range(reader: &mut FileReader<'_>, key: &str, found: &str, min: f64, max: f64, span: std::ops::Range<usize>) {
    let d = Diagnostic::error("E130", format!("`{key}` is {found}, outside {min} to {max}"), reader.locate(span))
        .with_help(format!("use a number from {min} to {max}"));
    reader.push(d);
}
