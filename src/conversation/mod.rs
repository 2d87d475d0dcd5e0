//! Conversation-level risk: the grooming and sextortion hits of a chat add up over time.
//!
//! A groomer rarely writes one sentence that gives them away; an age question, a compliment,
//! "are you alone?", a picture request and "let's meet" are each common, together they are a
//! pattern. [`Conversations`] keeps, per conversation id, the rules that fired (never the
//! text), and [`assess`] turns them into a [`Risk`] with the stages and rules that led there.
//!
//! - **Bounded**: at most [`MAX_CONVERSATIONS`] conversations (the least recently used is
//!   dropped) and [`MAX_EVENTS`] events each (one per rule and direction, the weakest dropped).
//! - **No clock inside**: every call takes `now_ms`, milliseconds on the integrator's clock.
//! - **No text**: events hold rule ids, categories, stages, severities, directions and times;
//!   conversation ids are kept only as 64-bit hashes.
//! - **Tunable**: the numbers are a [`RiskModel`] from `rules/conversation.toml`.
//!
//! ```
//! use tumar::conversation::{Conversations, Risk};
//! use tumar::{Direction, Rules};
//!
//! let rules = Rules::builtin().unwrap();
//! let mut chats = Conversations::new();
//! let hour = 3_600_000;
//! let verdict = rules.scan("hey, how was school today?", Direction::Incoming);
//! let state = chats.record(&rules, "chat-1", &verdict, Direction::Incoming, 5 * hour);
//! assert_eq!(state.assessment.risk, Risk::None);
//! assert!(!state.nudge);
//! ```

mod assess;
mod state;
mod store;

pub use assess::{assess, Assessment};
pub use state::StateError;
pub use store::{ConversationVerdict, Conversations, MAX_CONVERSATIONS, MAX_EVENTS};
use crate::scan::{NudgeJson, VerdictJson};
use store::ConversationJson;

pub use crate::rules::RiskModel;
use crate::vocab::{word_enum, Category, Direction, Severity, Stage};
use serde::{Deserialize, Serialize};

word_enum!(
    /// A conversation's risk level. Ordered: `None < Low < Medium < High`.
    Risk {
        /// Nothing seen, or long ago.
        None => "none",
        /// A sign or two: nothing to show the child yet.
        Low => "low",
        /// Several signs: worth watching.
        Medium => "medium",
        /// Several stages of grooming, or a sextortion threat: the child sees a conversation
        /// nudge once.
        High => "high",
    }
);

/// One rule that fired in a conversation: what is kept instead of the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The rule id.
    pub rule: String,
    /// The rule's category (grooming or sextortion).
    pub category: Category,
    /// The rule's grooming stage.
    pub stage: Option<Stage>,
    /// The rule's severity.
    pub severity: Severity,
    /// The message's direction.
    pub direction: Direction,
    /// When the message was checked (the `now_ms` given).
    pub time_ms: i64,
}

/// Whether hits of `category` count in a conversation's risk.
pub fn counts(category: Category) -> bool {
    matches!(category, Category::Grooming | Category::Sextortion)
}

/// The verdict JSON of a message ([`crate::Verdict::to_json_value`]) with its conversation's
/// state under `conversation` (`{risk, stages, reasons, nudge}`). When the conversation asks
/// for its nudge, `action` is `nudge` and `nudge` is
/// `{"category": "grooming", "direction": "incoming", "conversation": true}` (`sextortion` when
/// a sextortion threat made the risk high): the conversation nudge takes the place of a message
/// nudge, as it says more.
pub fn verdict_json(verdict: &crate::Verdict, text: &str, conversation: &ConversationVerdict) -> serde_json::Value {
    serde_json::to_value(verdict_with_conversation(verdict, text, conversation)).unwrap_or(serde_json::Value::Null)
}

/// The fields of [`verdict_json`], to serialize.
pub(crate) fn verdict_with_conversation<'a>(verdict: &'a crate::Verdict, text: &str, conversation: &'a ConversationVerdict) -> VerdictJson<'a, ConversationJson<'a>> {
    let mut json = verdict.json(text);
    json.conversation = Some(conversation.json());
    if conversation.nudge {
        json.action = "nudge";
        let category = if conversation.assessment.sextortion { Category::Sextortion } else { Category::Grooming };
        json.nudge = Some(NudgeJson { category, conversation: true, direction: Direction::Incoming });
    }
    json
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rules;
    use serde_json::Value;

    /// The JSON as `serde_json::Value` writes it: keys in alphabetical order at every level.
    fn sorted(json: &str) -> String {
        serde_json::from_str::<Value>(json).expect("JSON").to_string()
    }

    #[test]
    fn verdict_json_lists_its_keys_in_alphabetical_order_at_every_level() {
        let rules = Rules::builtin().expect("the shipped rules load");
        let mut chats = Conversations::new();
        let lines = ["how old r u", "im 24 but age is just a number", "lets talk on telegram its more private", "dont tell ur parents about us"];
        let (mut nudged, mut hits) = (false, false);
        for (i, text) in lines.iter().enumerate() {
            let verdict = rules.scan(text, Direction::Incoming);
            let state = chats.record(&rules, "friend", &verdict, Direction::Incoming, i as i64 * 60_000);
            let with_conversation = serde_json::to_string(&verdict_with_conversation(&verdict, text, &state)).expect("serializes");
            assert_eq!(with_conversation, sorted(&with_conversation));
            assert_eq!(verdict.to_json(text), sorted(&verdict.to_json(text)));
            nudged |= state.nudge;
            hits |= !verdict.hits.is_empty() && !state.assessment.reasons.is_empty();
        }
        assert!(nudged && hits, "the conversation nudge, hits and reasons were all written");
    }
}
