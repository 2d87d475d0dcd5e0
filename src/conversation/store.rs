//! The bounded store of conversations: events per conversation id, least recently used
//! conversations dropped first.

use super::assess::{assess, lasting_weight, Assessment};
use super::{counts, Event, Risk};
use crate::compile::Rules;
use crate::rules::RiskModel;
use crate::scan::Verdict;
use crate::vocab::{Category, Direction, Severity, Stage};
use serde::Serialize;
use serde_json::Value;

/// Most conversations kept; the least recently used one is dropped to make room.
pub const MAX_CONVERSATIONS: usize = 1000;

/// Most events kept per conversation (one per rule and direction); the one that weighs least
/// is dropped to make room.
pub const MAX_EVENTS: usize = 32;

/// The key a conversation id is kept under: its 64-bit FNV-1a hash, so that the store (and its
/// export) holds no contact names or addresses.
pub(crate) fn key_of(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// One conversation's memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Conversation {
    /// One event per rule and direction: the latest.
    pub events: Vec<Event>,
    /// Whether the conversation nudge was asked for since the risk last fell below medium.
    pub nudged: bool,
}

/// A conversation's state after a message.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationVerdict {
    /// The risk and why.
    pub assessment: Assessment,
    /// True the first time the risk reaches high (again after it fell below medium): show
    /// the conversation nudge.
    pub nudge: bool,
}

impl ConversationVerdict {
    /// `{nudge, reasons, risk, stages}` for the verdict JSON (no text).
    pub fn to_json_value(&self) -> Value {
        serde_json::to_value(self.json()).unwrap_or(Value::Null)
    }

    /// The fields of [`ConversationVerdict::to_json_value`], to serialize.
    pub(crate) fn json<'a>(&'a self) -> ConversationJson<'a> {
        let a = &self.assessment;
        let reason = |e: &'a Event| ReasonJson { category: e.category, direction: e.direction, rule: &e.rule, severity: e.severity, stage: e.stage, time_ms: e.time_ms };
        ConversationJson { nudge: self.nudge, reasons: a.reasons.iter().map(reason).collect(), risk: a.risk, stages: &a.stages }
    }
}

/// A conversation's state in a verdict's JSON (fields in alphabetical order, as always).
#[derive(Serialize)]
pub(crate) struct ConversationJson<'a> {
    nudge: bool,
    reasons: Vec<ReasonJson<'a>>,
    risk: Risk,
    stages: &'a [Stage],
}

/// An event behind a conversation's risk, in its JSON.
#[derive(Serialize)]
struct ReasonJson<'a> {
    category: Category,
    direction: Direction,
    rule: &'a str,
    severity: Severity,
    stage: Option<Stage>,
    time_ms: i64,
}

/// Conversations by id, bounded (see the [module docs](super)).
#[derive(Debug, Clone, Default)]
pub struct Conversations {
    /// In the order of [`key_of`] their id: the key, the last use tick (unique, higher is
    /// more recent) and the conversation. A sorted list, searched by halves: a store holds at
    /// most [`MAX_CONVERSATIONS`], and a hash map would add its code to the module.
    pub(crate) by_key: Vec<(u64, u64, Conversation)>,
    tick: u64,
}

impl Conversations {
    /// No conversations.
    pub fn new() -> Conversations {
        Conversations::default()
    }

    /// How many conversations are kept.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Records the grooming and sextortion hits and signals of `verdict` (a message of
    /// conversation `id`, travelling in `direction`, checked at `now_ms`) under the risk model
    /// of `rules`, and returns the conversation's risk after it.
    pub fn record(&mut self, rules: &Rules, id: &str, verdict: &Verdict, direction: Direction, now_ms: i64) -> ConversationVerdict {
        let model = &rules.rule_set().risk;
        let conversation = self.touch(key_of(id));
        for hit in verdict.fired().filter(|h| counts(h.category)) {
            let event = Event { rule: hit.rule.clone(), category: hit.category, stage: hit.stage, severity: hit.severity, direction, time_ms: now_ms };
            add_event(model, &mut conversation.events, event);
        }
        let assessment = assess(model, &conversation.events, now_ms);
        let nudge = assessment.risk == Risk::High && !conversation.nudged;
        if nudge {
            conversation.nudged = true;
        } else if assessment.risk < Risk::Medium {
            conversation.nudged = false;
        }
        ConversationVerdict { assessment, nudge }
    }

    /// The risk of conversation `id` at `now_ms` without a new message (`None` if unknown).
    pub fn assess(&self, rules: &Rules, id: &str, now_ms: i64) -> Option<Assessment> {
        let (_, _, conversation) = &self.by_key[self.place(key_of(id)).ok()?];
        Some(assess(&rules.rule_set().risk, &conversation.events, now_ms))
    }

    /// Forgets conversation `id`. Returns whether it was kept.
    pub fn forget(&mut self, id: &str) -> bool {
        let kept = self.place(key_of(id));
        if let Ok(at) = kept {
            self.by_key.remove(at);
        }
        kept.is_ok()
    }

    /// Where the conversation of `key` is (`Ok`), or where it would go (`Err`).
    pub(crate) fn place(&self, key: u64) -> Result<usize, usize> {
        self.by_key.binary_search_by_key(&key, |&(k, _, _)| k)
    }

    /// Forgets every conversation.
    pub fn clear(&mut self) {
        *self = Conversations::new();
    }

    /// The conversation of `key`, created if new, marked as the most recently used; the least
    /// recently used one is dropped when the store is full.
    pub(crate) fn touch(&mut self, key: u64) -> &mut Conversation {
        self.tick += 1;
        let at = match self.place(key) {
            Ok(at) => at,
            Err(mut at) => {
                if self.by_key.len() >= MAX_CONVERSATIONS {
                    // One pass over the store, only when a new conversation finds it full.
                    if let Some(oldest) = (0..self.by_key.len()).min_by_key(|&i| self.by_key[i].1) {
                        self.by_key.remove(oldest);
                        at -= usize::from(oldest < at);
                    }
                }
                self.by_key.insert(at, (key, 0, Conversation::default()));
                at
            }
        };
        let entry = &mut self.by_key[at];
        entry.1 = self.tick;
        &mut entry.2
    }
}

/// Adds `event`, replacing an older event of the same rule and direction, and drops the event
/// that weighs least when there are more than [`MAX_EVENTS`].
pub(crate) fn add_event(model: &RiskModel, events: &mut Vec<Event>, event: Event) {
    if let Some(same) = events.iter_mut().find(|e| e.rule == event.rule && e.direction == event.direction) {
        if event.time_ms >= same.time_ms {
            *same = event;
        }
        return;
    }
    events.push(event);
    if events.len() > MAX_EVENTS {
        let weakest = events
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| lasting_weight(model, a).total_cmp(&lasting_weight(model, b)))
            .map(|(i, _)| i);
        if let Some(i) = weakest {
            events.swap_remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_store_keeps_the_most_recent_conversations_in_key_order() {
        let mut store = Conversations::new();
        let ids: Vec<String> = (0..3 * MAX_CONVERSATIONS).map(|i| format!("chat {i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            store.touch(key_of(id)).nudged = true;
            // Some conversations come back while newer ones arrive.
            if i % 7 == 0 {
                store.touch(key_of(&ids[i / 2]));
            }
        }
        assert_eq!(store.len(), MAX_CONVERSATIONS);
        assert!(store.by_key.windows(2).all(|pair| pair[0].0 < pair[1].0), "kept in key order");
        let newest = &ids[ids.len() - MAX_CONVERSATIONS / 2..];
        assert!(newest.iter().all(|id| store.place(key_of(id)).is_ok()), "the most recent are kept");
        assert!(store.place(key_of(&ids[0])).is_err(), "the least recently used went first");
    }
}
