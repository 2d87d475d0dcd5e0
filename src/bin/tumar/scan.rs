//! `tumar scan`: JSON Lines in, one JSON verdict line out per input line, in order.
//! A malformed line gets `{"error": "..."}` in its place and the exit code becomes 2.

use crate::args::Common;
use crate::load;
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, Write};
use tumar::conversation::{self, Conversations};
use tumar::{Direction, Rules};

pub fn run(args: &Common) -> u8 {
    let Some(rules) = load::rules(args, None) else { return 1 };
    let mut conversations = Conversations::new();
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut any_error = false;
    for line in stdin.split(b'\n') {
        let reply = match line {
            Ok(bytes) => scan_line(&rules, &mut conversations, &bytes),
            Err(e) => Err(format!("cannot read input: {e}")),
        };
        let reply = reply.unwrap_or_else(|message| {
            any_error = true;
            json!({ "error": message })
        });
        // One verdict per line as soon as it is known, so a pipe can use it right away.
        if writeln!(out, "{reply}").and_then(|()| out.flush()).is_err() {
            return 1;
        }
    }
    if out.flush().is_err() {
        return 1;
    }
    if any_error {
        2
    } else {
        0
    }
}

fn scan_line(rules: &Rules, conversations: &mut Conversations, bytes: &[u8]) -> Result<Value, String> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let line = std::str::from_utf8(bytes).map_err(|_| "the line is not valid UTF-8".to_string())?;
    let input: Value = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let object = input.as_object().ok_or("not a JSON object")?;
    let text = object.get("text").and_then(Value::as_str).ok_or("missing string field `text`")?;
    let direction = match object.get("direction") {
        None | Some(Value::Null) => Direction::Incoming,
        Some(Value::String(d)) if d == "incoming" => Direction::Incoming,
        Some(Value::String(d)) if d == "outgoing" => Direction::Outgoing,
        Some(other) => return Err(format!("`direction` must be \"incoming\" or \"outgoing\", not {other}")),
    };
    let conversation = match object.get("conversation") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.as_str()),
        Some(_) => return Err("`conversation` must be a string".to_string()),
    };
    let languages = languages(object.get("lang"))?;
    let time_ms = match object.get("time_ms") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_i64().ok_or("`time_ms` must be an integer (milliseconds)")?),
    };
    let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
    let verdict = rules.scan_in(text, direction, &languages);
    match (conversation, time_ms) {
        (Some(id), Some(now)) => {
            let state = conversations.record(rules, id, &verdict, direction, now);
            Ok(conversation::verdict_json(&verdict, text, &state))
        }
        (Some(_), None) => Err("`conversation` needs `time_ms`, the message's time in milliseconds".to_string()),
        (None, _) => Ok(verdict.to_json_value(text)),
    }
}

/// `lang`: a language tag, a list of them, or nothing.
fn languages(value: Option<&Value>) -> Result<Vec<String>, String> {
    let bad = || "`lang` must be a language tag or a list of them".to_string();
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(tag)) => Ok(vec![tag.clone()]),
        Some(Value::Array(tags)) => tags.iter().map(|t| t.as_str().map(str::to_string).ok_or_else(bad)).collect(),
        Some(_) => Err(bad()),
    }
}
