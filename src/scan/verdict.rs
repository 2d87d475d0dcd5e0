//! What a scan returns: the categories, the action, the highest severity and the hits, with
//! spans in the original text (byte offsets in Rust, UTF-16 code units in JSON).

use crate::order;
use crate::vocab::{Category, Direction, Severity, Stage};
use serde::Serialize;
use serde_json::Value;
use std::cmp::Reverse;
use std::ops::Range;

/// What the messenger should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing matched.
    None,
    /// Show the nudge for [`Verdict::nudge`].
    Nudge,
}

impl Action {
    /// `none` or `nudge`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::None => "none",
            Action::Nudge => "nudge",
        }
    }
}

/// One rule that fired, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The rule id.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// The rule's grooming stage.
    pub stage: Option<Stage>,
    /// The rule's severity.
    pub severity: Severity,
    /// Byte range in the original message.
    pub span: Range<usize>,
}

/// Most hits a verdict lists. The verdict's categories, severity and nudge are decided on every
/// hit first; past the cap the least severe hits are dropped and counted in
/// [`Verdict::dropped_hits`].
pub const MAX_HITS: usize = 64;

/// The result of scanning one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The categories of the hits, sorted and unique.
    pub categories: Vec<Category>,
    /// Whether to nudge.
    pub action: Action,
    /// The highest severity among the hits (`None` without hits).
    pub severity: Option<Severity>,
    /// Which nudge to show: the category of the most severe hit, and the message direction.
    pub nudge: Option<(Category, Direction)>,
    /// The hits that nudge, in order of their start (at most [`MAX_HITS`]: the most severe
    /// ones).
    pub hits: Vec<Hit>,
    /// The hits of `signal` rules, in order of their start (at most [`MAX_HITS`]). They never
    /// nudge and never count in `categories` or `severity`; they feed a conversation's risk.
    pub signals: Vec<Hit>,
    /// How many hits and signals the caps left out of `hits` and `signals`.
    pub dropped_hits: usize,
    /// Whether the message was longer than the scan window, so that only its start and its
    /// end were scanned.
    pub truncated: bool,
}

/// Which category's nudge wins when hits of equal severity disagree: the most urgent first.
fn urgency(category: Category) -> u8 {
    match category {
        Category::Sextortion => 0,
        Category::Grooming => 1,
        Category::SelfHarm => 2,
        Category::Money => 3,
        Category::Bullying => 4,
        Category::PersonalInfo => 5,
    }
}

impl Verdict {
    /// Builds the verdict from hits (signals among them) sorted by their start.
    pub(crate) fn from_hits(all: Vec<Hit>, direction: Direction, truncated: bool) -> Verdict {
        let (mut signals, mut hits): (Vec<Hit>, Vec<Hit>) = all.into_iter().partition(|h| h.severity == Severity::Signal);
        let categories: Vec<Category> = Category::ALL.iter().copied().filter(|&c| hits.iter().any(|h| h.category == c)).collect();
        let severity = hits.iter().map(|h| h.severity).max();
        let nudge = hits.iter().min_by_key(|h| (std::cmp::Reverse(h.severity), urgency(h.category))).map(|h| (h.category, direction));
        let action = if hits.is_empty() { Action::None } else { Action::Nudge };
        let dropped_hits = keep_most_severe(&mut hits) + keep_most_severe(&mut signals);
        Verdict { categories, action, severity, nudge, hits, signals, dropped_hits, truncated }
    }

    /// The hits and then the signals: every rule that fired.
    pub fn fired(&self) -> impl Iterator<Item = &Hit> {
        self.hits.iter().chain(&self.signals)
    }

    /// The verdict as JSON for the CLI and JavaScript, with `start`/`end` in UTF-16 code units
    /// of `text` (the message that was scanned). The text itself is never included.
    pub fn to_json_value(&self, text: &str) -> Value {
        serde_json::to_value(self.json::<()>(text)).unwrap_or(Value::Null)
    }

    /// The verdict's JSON fields ([`Verdict::to_json_value`]), to serialize or to add a
    /// conversation's state to.
    pub(crate) fn json<'a, C>(&'a self, text: &str) -> VerdictJson<'a, C> {
        let hits = |hits: &'a [Hit]| -> Vec<HitJson<'a>> {
            let json = |h: &'a Hit| HitJson {
                category: h.category,
                end: utf16_offset(text, h.span.end),
                rule: &h.rule,
                severity: h.severity,
                stage: h.stage,
                start: utf16_offset(text, h.span.start),
            };
            hits.iter().map(json).collect()
        };
        VerdictJson {
            action: self.action.as_str(),
            categories: &self.categories,
            conversation: None,
            dropped_hits: self.dropped_hits,
            hits: hits(&self.hits),
            nudge: self.nudge.map(|(category, direction)| NudgeJson { category, conversation: false, direction }),
            severity: self.severity.map_or("none", Severity::as_str),
            signals: hits(&self.signals),
            truncated: self.truncated,
        }
    }

    /// [`Verdict::to_json_value`] as a string.
    pub fn to_json(&self, text: &str) -> String {
        serde_json::to_string(&self.json::<()>(text)).unwrap_or_default()
    }
}

/// A verdict's JSON ([`Verdict::to_json_value`]), with `conversation` holding a conversation's
/// state (`C`) when it has one. The fields are in alphabetical order, the order the JSON has
/// always had.
#[derive(Serialize)]
pub(crate) struct VerdictJson<'a, C> {
    pub action: &'static str,
    categories: &'a [Category],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation: Option<C>,
    dropped_hits: usize,
    hits: Vec<HitJson<'a>>,
    pub nudge: Option<NudgeJson>,
    severity: &'static str,
    signals: Vec<HitJson<'a>>,
    truncated: bool,
}

/// A hit's JSON: offsets in UTF-16 code units.
#[derive(Serialize)]
struct HitJson<'a> {
    category: Category,
    end: usize,
    rule: &'a str,
    severity: Severity,
    stage: Option<Stage>,
    start: usize,
}

/// The nudge a verdict asks for: a message's, or (`conversation`) a conversation's.
#[derive(Serialize)]
pub(crate) struct NudgeJson {
    pub category: Category,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub conversation: bool,
    pub direction: Direction,
}

/// Keeps the [`MAX_HITS`] most severe of `hits` (the most urgent among equals), in text order,
/// and returns how many it dropped.
fn keep_most_severe(hits: &mut Vec<Hit>) -> usize {
    let dropped = hits.len().saturating_sub(MAX_HITS);
    if dropped > 0 {
        order::sort_by(hits, |a, b| (Reverse(a.severity), urgency(a.category), a.span.start).cmp(&(Reverse(b.severity), urgency(b.category), b.span.start)));
        hits.truncate(MAX_HITS);
        in_text_order(hits);
    }
    dropped
}

/// Sorts `hits` by where they start and end in the text, then by rule id.
pub(super) fn in_text_order(hits: &mut [Hit]) {
    order::sort_by(hits, |a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
}

/// The UTF-16 offset of byte offset `byte` of `text`.
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let text = "😀 ok";
        assert_eq!(utf16_offset(text, 4), 2);
        assert_eq!(utf16_offset(text, 5), 3);
        assert_eq!(utf16_offset("ай", 2), 1);
    }

    #[test]
    fn most_severe_then_most_urgent_decides_the_nudge() {
        let hit = |category, severity| Hit { rule: "r".into(), category, stage: None, severity, span: 0..1 };
        let v = Verdict::from_hits(
            vec![hit(Category::Bullying, Severity::High), hit(Category::Sextortion, Severity::High), hit(Category::Grooming, Severity::Low)],
            Direction::Incoming,
            false,
        );
        assert_eq!(v.nudge, Some((Category::Sextortion, Direction::Incoming)));
        assert_eq!(v.categories, [Category::Grooming, Category::Sextortion, Category::Bullying]);
        let json = v.to_json_value("x");
        assert_eq!(json["severity"], "high");
        assert_eq!(json["categories"][1], "sextortion");
    }

    #[test]
    fn signals_never_nudge() {
        let signal = Hit { rule: "s".into(), category: Category::Grooming, stage: Some(Stage::Age), severity: Severity::Signal, span: 0..1 };
        let v = Verdict::from_hits(vec![signal.clone()], Direction::Incoming, false);
        assert_eq!((v.action, v.severity, v.nudge), (Action::None, None, None));
        assert!(v.categories.is_empty() && v.hits.is_empty());
        assert_eq!(v.signals, [signal]);
        assert_eq!(v.to_json_value("x")["signals"][0]["severity"], "signal");
    }

    #[test]
    fn no_hits_means_no_action() {
        let v = Verdict::from_hits(Vec::new(), Direction::Outgoing, false);
        assert_eq!((v.action, v.severity, v.nudge), (Action::None, None, None));
        assert_eq!(v.to_json_value("")["severity"], "none");
    }
}
