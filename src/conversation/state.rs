//! Export and import of the conversation store, so that an integrator can keep risk across page
//! loads in storage of their choice. The format is versioned JSON holding conversation ids,
//! events (rule ids, categories, stages, severities, directions, times) and nudge flags: never
//! message text. An import is validated whole: on any problem nothing changes.

use super::store::{add_event, clip_id, Conversation, Conversations, MAX_CONVERSATIONS, MAX_EVENTS, MAX_ID_BYTES};
use super::{counts, Event};
use crate::rules::{is_kebab_case, RiskModel};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of the exported state this build writes and reads.
pub const STATE_VERSION: u32 = 1;

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
        let conversations = self
            .by_use
            .values()
            .filter_map(|id| self.by_id.get(id).map(|(_, c)| Saved { id: id.clone(), nudged: c.nudged, events: c.events.clone() }))
            .collect();
        serde_json::to_string(&State { version: STATE_VERSION, conversations }).unwrap_or_default()
    }

    /// Reads a store written by [`Conversations::export`].
    ///
    /// # Errors
    /// A [`StateError`] naming the problem: not JSON of this shape (with line and column), another
    /// version, more than [`MAX_CONVERSATIONS`] conversations or [`MAX_EVENTS`] events, an id
    /// longer than [`MAX_ID_BYTES`] or given twice, a rule id that is not kebab-case, or an
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
            if saved.id.len() > MAX_ID_BYTES || clip_id(&saved.id) != saved.id {
                return Err(at(format!("the id is longer than {MAX_ID_BYTES} bytes")));
            }
            if store.by_id.contains_key(&saved.id) {
                return Err(at("the id is given twice".to_string()));
            }
            if saved.events.len() > MAX_EVENTS {
                return Err(at(format!("{} events; at most {MAX_EVENTS} are kept", saved.events.len())));
            }
            let mut conversation = Conversation { events: Vec::new(), nudged: saved.nudged };
            for (j, event) in saved.events.into_iter().enumerate() {
                if !is_kebab_case(&event.rule) || event.rule.len() > MAX_ID_BYTES {
                    return Err(at(format!("events[{j}]: `{}` is not a rule id", crate::excerpt(&event.rule, 40))));
                }
                if !counts(event.category) {
                    return Err(at(format!("events[{j}]: {} does not count in a conversation's risk", event.category)));
                }
                add_event(model, &mut conversation.events, event);
            }
            *store.touch(&saved.id) = conversation;
        }
        Ok(store)
    }
}
