//! Export and import of the conversation store, so that an integrator can keep risk across page
//! loads in storage of their choice. The format is versioned JSON holding hashed conversation
//! ids (16 hex digits, never the ids given), events (rule ids, categories, stages, severities,
//! directions, times) and nudge flags: never message text. An import is validated whole: on any
//! problem nothing changes.

use super::store::{add_event, Conversation, Conversations, MAX_CONVERSATIONS, MAX_EVENTS};
use super::{counts, Event};
use crate::order;
use crate::rules::{is_kebab_case, RiskModel};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of the exported state this build writes and reads.
pub const STATE_VERSION: u32 = 1;

/// Longest rule id accepted in a state, in bytes.
const MAX_RULE_ID_BYTES: usize = 128;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    version: u32,
    /// Least recently used first.
    conversations: Vec<Saved>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Saved {
    /// The conversation id's hash, as 16 hex digits.
    id: String,
    nudged: bool,
    events: Vec<Event>,
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
        let mut by_use: Vec<(&u64, &(u64, Conversation))> = self.by_key.iter().collect();
        order::sort_by(&mut by_use, |(_, (a, _)), (_, (b, _))| a.cmp(b));
        let conversations = by_use
            .into_iter()
            .map(|(key, (_, c))| Saved { id: format!("{key:016x}"), nudged: c.nudged, events: c.events.clone() })
            .collect();
        serde_json::to_string(&State { version: STATE_VERSION, conversations }).unwrap_or_default()
    }

    /// Reads a store written by [`Conversations::export`].
    ///
    /// # Errors
    /// A [`StateError`] naming the problem: not JSON of this shape (with line and column), another
    /// version, more than [`MAX_CONVERSATIONS`] conversations or [`MAX_EVENTS`] events, an id
    /// that is not 16 hex digits or is given twice, a rule id that is not kebab-case, or an
    /// event of a category that does not count.
    pub fn import(json: &str, model: &RiskModel) -> Result<Conversations, StateError> {
        let state: State = serde_json::from_str(json).map_err(|e| StateError::new(format!("not a saved state: {e}")))?;
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
            if store.by_key.contains_key(&key) {
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
