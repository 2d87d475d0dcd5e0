//! Export and import of the conversation store, so that an integrator can keep risk across page
//! loads in storage of their choice. The format is versioned JSON holding hashed conversation
//! ids (16 hex digits, never the ids given), events (rule ids, categories, stages, severities,
//! directions, times) and nudge flags: never message text. An import is validated whole: on any
//! problem nothing changes.

use super::store::{add_event, Conversation, Conversations, MAX_CONVERSATIONS, MAX_EVENTS};
use super::{counts, Event};
use crate::order;
use crate::rules::{is_kebab_case, RiskModel};
use crate::vocab::{Category, Direction, Severity, Stage};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

/// The version of the exported state this build writes and reads.
pub const STATE_VERSION: u32 = 1;

/// Longest rule id accepted in a state, in bytes.
const MAX_RULE_ID_BYTES: usize = 128;

#[derive(Serialize)]
struct State {
    version: u32,
    /// Least recently used first.
    conversations: Vec<Saved>,
}

#[derive(Serialize)]
struct Saved {
    /// The conversation id's hash, as 16 hex digits.
    id: String,
    nudged: bool,
    events: Vec<Event>,
}

impl State {
    /// The state in `value`, of the shape [`Conversations::export`] writes (only the types of
    /// its values are checked here).
    fn read(value: &Value) -> Result<State, String> {
        let state = Object::new(value, String::new(), &["version", "conversations"])?;
        let version = state.get("version")?.as_u64().and_then(|n| u32::try_from(n).ok());
        let version = version.ok_or_else(|| state.expected("version", "a version number"))?;
        let conversations = state.array("conversations")?.iter().enumerate();
        let conversations = conversations.map(|(i, c)| Saved::read(c, format!("conversations[{i}]"))).collect::<Result<_, _>>()?;
        Ok(State { version, conversations })
    }
}

impl Saved {
    /// The conversation in `value` (at `path` in the state).
    fn read(value: &Value, path: String) -> Result<Saved, String> {
        let saved = Object::new(value, path, &["id", "nudged", "events"])?;
        let id = saved.get("id")?.as_str().ok_or_else(|| saved.expected("id", "a string"))?;
        let nudged = saved.get("nudged")?.as_bool().ok_or_else(|| saved.expected("nudged", "true or false"))?;
        let events = saved.array("events")?.iter().enumerate();
        let events = events.map(|(j, e)| read_event(e, format!("{}.events[{j}]", saved.path))).collect::<Result<_, _>>()?;
        Ok(Saved { id: id.to_string(), nudged, events })
    }
}

/// The event in `value` (at `path` in the state). A missing `stage` is none.
fn read_event(value: &Value, path: String) -> Result<Event, String> {
    let event = Object::new(value, path, &["rule", "category", "stage", "severity", "direction", "time_ms"])?;
    let rule = event.get("rule")?.as_str().ok_or_else(|| event.expected("rule", "a string"))?;
    let stage = match event.map.get("stage") {
        None | Some(Value::Null) => None,
        Some(_) => Some(event.word("stage", Stage::expected)?),
    };
    let time_ms = event.get("time_ms")?.as_i64().ok_or_else(|| event.expected("time_ms", "a whole number of milliseconds"))?;
    Ok(Event {
        rule: rule.to_string(),
        category: event.word("category", Category::expected)?,
        stage,
        severity: event.word("severity", Severity::expected)?,
        direction: event.word("direction", Direction::expected)?,
        time_ms,
    })
}

/// A JSON object of a state being read, and where it is in the state (for error messages).
struct Object<'v> {
    map: &'v Map<String, Value>,
    path: String,
}

impl<'v> Object<'v> {
    /// `value` (at `path`; empty for the whole state) as an object with no other fields than
    /// `names`.
    fn new(value: &'v Value, path: String, names: &[&str]) -> Result<Object<'v>, String> {
        let Some(map) = value.as_object() else { return Err(format!("{}: expected an object", Object::name(&path))) };
        if let Some(other) = map.keys().find(|key| !names.contains(&key.as_str())) {
            return Err(format!("{}: unknown field `{}`, expected one of {}", Object::name(&path), crate::excerpt(other, 40), crate::error::quoted_list(names)));
        }
        Ok(Object { map, path })
    }

    /// How errors name the object at `path`.
    fn name(path: &str) -> &str {
        if path.is_empty() { "the state" } else { path }
    }

    /// The path of field `name`.
    fn at(&self, name: &str) -> String {
        if self.path.is_empty() { name.to_string() } else { format!("{}.{name}", self.path) }
    }

    /// Field `name`, which must be there.
    fn get(&self, name: &str) -> Result<&'v Value, String> {
        self.map.get(name).ok_or_else(|| format!("{}: missing field `{name}`", Object::name(&self.path)))
    }

    /// Field `name` as an array.
    fn array(&self, name: &str) -> Result<&'v Vec<Value>, String> {
        self.get(name)?.as_array().ok_or_else(|| self.expected(name, "an array"))
    }

    /// Field `name` as one of the words of a vocabulary (`expected` lists them).
    fn word<T: FromStr>(&self, name: &str, expected: fn() -> String) -> Result<T, String> {
        let word = self.get(name)?.as_str().ok_or_else(|| self.expected(name, "a string"))?;
        word.parse().map_err(|_| format!("{}: unknown variant `{}`, expected one of {}", self.at(name), crate::excerpt(word, 40), expected()))
    }

    /// The error of field `name` not holding `what`.
    fn expected(&self, name: &str, what: &str) -> String {
        format!("{}: expected {what}", self.at(name))
    }
}

/// Why an exported state could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    message: String,
}

impl StateError {
    fn new(message: impl Into<String>) -> StateError {
        StateError { message: message.into() }
    }
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "conversation state: {}", self.message)
    }
}

impl std::error::Error for StateError {}

impl Conversations {
    /// The whole store as versioned JSON (ids, events, nudge flags; no text).
    pub fn export(&self) -> String {
        let mut by_use: Vec<&(u64, u64, Conversation)> = self.by_key.iter().collect();
        order::sort_by(&mut by_use, |(_, a, _), (_, b, _)| a.cmp(b));
        let conversations = by_use
            .into_iter()
            .map(|(key, _, c)| Saved { id: format!("{key:016x}"), nudged: c.nudged, events: c.events.clone() })
            .collect();
        serde_json::to_string(&State { version: STATE_VERSION, conversations }).unwrap_or_default()
    }

    /// Reads a store written by [`Conversations::export`].
    ///
    /// # Errors
    /// A [`StateError`] naming the problem: not JSON (with line and column) or not of this shape
    /// (with the path of the value: `conversations[0].events[2].severity`), another version,
    /// more than [`MAX_CONVERSATIONS`] conversations or [`MAX_EVENTS`] events, an id that is not
    /// 16 hex digits or is given twice, a rule id that is not kebab-case, or an event of a
    /// category that does not count.
    pub fn import(json: &str, model: &RiskModel) -> Result<Conversations, StateError> {
        let value: Value = serde_json::from_str(json).map_err(|e| StateError::new(format!("not a saved state: {e}")))?;
        let state = State::read(&value).map_err(|e| StateError::new(format!("not a saved state: {e}")))?;
        if state.version != STATE_VERSION {
            return Err(StateError::new(format!("version {} is not supported; this build reads version {STATE_VERSION}", state.version)));
        }
        if state.conversations.len() > MAX_CONVERSATIONS {
            return Err(StateError::new(format!("{} conversations; at most {MAX_CONVERSATIONS} are kept", state.conversations.len())));
        }
        let mut store = Conversations::new();
        for (i, saved) in state.conversations.into_iter().enumerate() {
            let at = |what: String| StateError::new(format!("conversations[{i}]: {what}"));
            let key = match u64::from_str_radix(&saved.id, 16) {
                Ok(key) if saved.id.len() == 16 => key,
                _ => return Err(at("the id must be 16 hex digits (the hash of a conversation id)".to_string())),
            };
            if store.place(key).is_ok() {
                return Err(at("the id is given twice".to_string()));
            }
            if saved.events.len() > MAX_EVENTS {
                return Err(at(format!("{} events; at most {MAX_EVENTS} are kept", saved.events.len())));
            }
            let mut conversation = Conversation { events: Vec::new(), nudged: saved.nudged };
            for (j, event) in saved.events.into_iter().enumerate() {
                if !is_kebab_case(&event.rule) || event.rule.len() > MAX_RULE_ID_BYTES {
                    return Err(at(format!("events[{j}]: `{}` is not a rule id", crate::excerpt(&event.rule, 40))));
                }
                if !counts(event.category) {
                    return Err(at(format!("events[{j}]: {} does not count in a conversation's risk", event.category)));
                }
                add_event(model, &mut conversation.events, event);
            }
            *store.touch(key) = conversation;
        }
        Ok(store)
    }
}
