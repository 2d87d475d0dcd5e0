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
    let mut json = verdict.to_json_value(text);
    json["conversation"] = conversation.to_json_value();
    if conversation.nudge {
        json["action"] = "nudge".into();
        let category = if conversation.assessment.sextortion { Category::Sextortion } else { Category::Grooming };
        json["nudge"] = serde_json::json!({"category": category, "direction": Direction::Incoming, "conversation": true});
    }
    json
}
