//! Conversation risk as integrators and moderators meet it: scripted chats (tests/fixtures/
//! conversations/scripts.json, also run by the Node tests) with the risk expected after every
//! message, the risk model file and its errors, and properties: the store stays bounded under
//! a million messages and a million conversation ids, and the risk does not depend on how time
//! is chunked (when the state is asked for, exported or imported).

use proptest::prelude::*;
use serde::Deserialize;
use std::sync::OnceLock;
use tumar::conversation::{assess, Conversations, Event, Risk, RiskModel, MAX_CONVERSATIONS, MAX_EVENTS};
use tumar::scan::Action;
use tumar::{Category, Direction, Hit, Rules, Severity, Source, Stage, Verdict};

const MINUTE: i64 = 60_000;

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::builtin().expect("the shipped rules compile"))
}

#[derive(Deserialize)]
struct Script {
    name: String,
    lang: String,
    messages: Vec<ScriptMessage>,
}

#[derive(Deserialize)]
struct ScriptMessage {
    min: i64,
    dir: Direction,
    text: String,
    risk: Risk,
}

#[test]
fn scripted_conversations_reach_the_expected_risk_after_every_message() {
    let scripts: Vec<Script> = serde_json::from_str(include_str!("fixtures/conversations/scripts.json")).unwrap();
    for script in &scripts {
        let mut chats = Conversations::new();
        let mut nudges = 0;
        let mut reached_high = false;
        for (i, m) in script.messages.iter().enumerate() {
            let verdict = rules().scan_in(&m.text, m.dir, &[script.lang.as_str()]);
            let state = chats.record(rules(), &script.name, &verdict, m.dir, m.min * MINUTE);
            assert_eq!(state.assessment.risk, m.risk, "{}: after message {i} ({:?}): {:?}", script.name, m.text, state.assessment);
            nudges += usize::from(state.nudge);
            assert_eq!(state.nudge, state.assessment.risk == Risk::High && !reached_high, "{}: message {i}", script.name);
            reached_high |= state.assessment.risk == Risk::High;
        }
        assert_eq!(nudges, usize::from(reached_high), "{}: the conversation nudge is asked for once", script.name);
    }
}

#[test]
fn the_verdict_json_carries_the_conversation_and_asks_for_its_nudge_once() {
    let mut chats = Conversations::new();
    let lines = ["how old r u", "im 24 but age is just a number", "lets talk on telegram its more private", "dont tell ur parents about us"];
    let mut asked = Vec::new();
    for (i, text) in lines.iter().enumerate() {
        let verdict = rules().scan(text, Direction::Incoming);
        let state = chats.record(rules(), "friend@example.org", &verdict, Direction::Incoming, i as i64 * MINUTE);
        let json = tumar::conversation::verdict_json(&verdict, text, &state);
        let conversation = &json["conversation"];
        assert!(["none", "low", "medium", "high"].contains(&conversation["risk"].as_str().unwrap()));
        assert!(!json.to_string().contains(' '), "no text in {json}");
        if state.nudge {
            assert_eq!(json["action"], "nudge");
            assert_eq!(json["nudge"], serde_json::json!({"category": "grooming", "direction": "incoming", "conversation": true}));
            assert!(conversation["stages"].as_array().unwrap().len() >= 3, "{json}");
            assert!(conversation["reasons"][0]["rule"].is_string() && conversation["reasons"][0]["time_ms"].is_i64(), "{json}");
        }
        asked.push(state.nudge);
    }
    assert_eq!(asked.iter().filter(|a| **a).count(), 1, "{asked:?}");
    assert_eq!(chats.assess(rules(), "friend@example.org", 4 * MINUTE).map(|a| a.risk), Some(Risk::High));
    assert!(chats.forget("friend@example.org"));
    assert_eq!(chats.assess(rules(), "friend@example.org", 4 * MINUTE), None, "forgotten");
}

#[test]
fn signals_alone_never_nudge_a_message() {
    let verdict = rules().scan("how old r u", Direction::Incoming);
    assert_eq!(verdict.action, Action::None);
    assert!(verdict.hits.is_empty() && verdict.categories.is_empty());
    assert!(verdict.signals.iter().any(|s| s.severity == Severity::Signal && s.stage == Some(Stage::Age)), "{verdict:?}");
}

#[test]
fn the_shipped_model_file_holds_the_default_values() {
    let shipped = &rules().rule_set().risk;
    assert_eq!(RiskModel { location: None, ..shipped.clone() }, RiskModel::default());
    assert!(shipped.location.as_ref().is_some_and(|l| l.file.ends_with("conversation.toml")), "the shipped file was read");
}

fn model_file(body: &str) -> Source {
    Source::new("conversation.toml", format!("[tumar]\nformat = 2\nkind = \"conversation\"\n{body}"))
}

#[test]
fn a_moderator_tunes_the_model_and_mistakes_are_located() {
    let set = tumar::RuleSet::from_sources(&[model_file("[risk]\nhigh = 9\nhigh_min_stages = 4\n[stages]\nage = 3.5\n")]).unwrap().0;
    assert_eq!((set.risk.high, set.risk.high_min_stages, set.risk.stage_weight(Stage::Age)), (9.0, 4, 3.5));
    assert_eq!(set.risk.medium, RiskModel::default().medium, "unset keys keep their defaults");

    let errors = tumar::RuleSet::from_sources(&[model_file("[risk]\nlow = 5\nmedium = 2\n[stages]\nsexual = -1\nages = 2\n")]).unwrap_err();
    let found: Vec<(&str, u32)> = errors.iter().map(|d| (d.code.as_str(), d.location.line)).collect();
    assert!(found.contains(&("E130", 5)), "thresholds must rise: {errors}");
    assert!(found.contains(&("E130", 8)), "negative weight: {errors}");
    assert!(found.contains(&("E104", 9)), "unknown stage: {errors}");
    assert!(errors.to_string().contains("did you mean `age`"), "{errors}");

    let two = tumar::RuleSet::from_sources(&[model_file(""), Source::new("b.toml", "[tumar]\nformat = 2\nkind = \"conversation\"\n")]).unwrap_err();
    assert_eq!(two.iter().next().map(|d| d.code.as_str()), Some("E131"), "{two}");
}

fn event(rule: usize, stage: Stage, severity: Severity, direction: Direction, time_ms: i64) -> Event {
    Event { rule: format!("test-rule-{rule}"), category: Category::Grooming, stage: Some(stage), severity, direction, time_ms }
}

/// A verdict whose only hits are `hits` (the store reads nothing else).
fn verdict_with(hits: Vec<Hit>) -> Verdict {
    let (signals, hits): (Vec<Hit>, Vec<Hit>) = hits.into_iter().partition(|h| h.severity == Severity::Signal);
    Verdict { categories: Vec::new(), action: Action::None, severity: None, nudge: None, hits, signals, dropped_hits: 0, truncated: false }
}

fn hit(rule: usize, stage: Stage, severity: Severity) -> Hit {
    Hit { rule: format!("test-rule-{rule}"), category: Category::Grooming, stage: Some(stage), severity, span: 0..1 }
}

#[test]
fn a_million_conversation_ids_and_a_million_messages_stay_bounded() {
    let mut chats = Conversations::new();
    for i in 0..1_000_000usize {
        // A new id for every message, each with a hit of a different rule.
        let verdict = verdict_with(vec![hit(i % 5_000, Stage::ALL[i % Stage::ALL.len()], Severity::Signal)]);
        chats.record(rules(), &format!("conversation-{i}"), &verdict, Direction::Incoming, i as i64);
    }
    assert_eq!(chats.len(), MAX_CONVERSATIONS);
    assert!(chats.assess(rules(), "conversation-999999", 1_000_000).is_some(), "the most recent is kept");
    assert!(chats.assess(rules(), "conversation-0", 1_000_000).is_none(), "the least recently used went first");

    let mut one = Conversations::new();
    for i in 0..1_000_000usize {
        let verdict = verdict_with(vec![hit(i, Stage::ALL[i % Stage::ALL.len()], Severity::ALL[i % 4])]);
        one.record(rules(), "one chat", &verdict, Direction::Incoming, i as i64 * 1_000);
    }
    let state: serde_json::Value = serde_json::from_str(&one.export()).unwrap();
    assert_eq!(state["conversations"][0]["events"].as_array().unwrap().len(), MAX_EVENTS);
    assert!(one.export().len() < 8_000, "one conversation's state stays small");
}

#[test]
fn a_strong_old_hit_outlives_weak_new_ones_in_a_full_conversation() {
    let model = RiskModel::default();
    let mut chats = Conversations::new();
    let strong = verdict_with(vec![hit(0, Stage::Sexual, Severity::High)]);
    chats.record(rules(), "c", &strong, Direction::Incoming, 0);
    for i in 1..=(MAX_EVENTS * 3) {
        let weak = verdict_with(vec![hit(i, Stage::Trust, Severity::Signal)]);
        chats.record(rules(), "c", &weak, Direction::Incoming, i as i64 * MINUTE);
    }
    let a = chats.assess(rules(), "c", 200 * MINUTE).unwrap();
    assert!(a.reasons.iter().any(|e| e.rule == "test-rule-0"), "{a:?}");
    assert!(a.score >= model.points(Severity::High) * model.stage_weight(Stage::Sexual) * 0.99);
}

#[test]
fn imports_are_validated_whole() {
    let model = RiskModel::default();
    let mut chats = Conversations::new();
    chats.record(rules(), "alice@example.org", &verdict_with(vec![hit(1, Stage::Age, Severity::Signal)]), Direction::Incoming, 0);
    let saved = chats.export();
    assert!(!saved.contains("alice"), "conversation ids are kept as hashes: {saved}");
    let back = Conversations::import(&saved, &model).unwrap();
    assert_eq!(back.export(), saved);
    // A state as earlier builds wrote it (JSON by serde's derived code) reads back the same.
    let earlier = r#"{"version":1,"conversations":[{"id":"00000000000000ab","nudged":true,"events":[{"rule":"age-question","category":"grooming","stage":"age","severity":"signal","direction":"incoming","time_ms":60000},{"rule":"threat-x","category":"sextortion","stage":null,"severity":"high","direction":"outgoing","time_ms":-5}]}]}"#;
    assert_eq!(Conversations::import(earlier, &model).unwrap().export(), earlier);
    for (bad, why) in [
        ("", "not a saved state: EOF while parsing a value at line 1 column 0"),
        ("[1,[]]", "not a saved state: the state: expected an object"),
        ("{\"version\":1}", "the state: missing field `conversations`"),
        ("{\"version\":1.0,\"conversations\":[]}", "version: expected a version number"),
        (&saved.replace("\"signal\"", "\"loud\"") as &str, "conversations[0].events[0].severity: unknown variant `loud`"),
        (&saved.replace("\"time_ms\":0", "\"time_ms\":0.5"), "conversations[0].events[0].time_ms: expected a whole number"),
        ("{}", "not a saved state"),
        (&saved.replace("\"version\":1", "\"version\":9") as &str, "version 9"),
        (&saved.replace("test-rule-1", "Not An Id"), "is not a rule id"),
        (&saved.replace("\"signal\"", "\"loud\""), "not a saved state"),
        (&saved.replace("\"grooming\"", "\"bullying\""), "does not count"),
        (&saved.replace("\"nudged\":false", "\"nudged\":false,\"text\":\"hi\""), "unknown field"),
        (&saved.replace("\"id\":\"", "\"id\":\"alice"), "16 hex digits"),
    ] {
        let error = Conversations::import(bad, &model).unwrap_err().to_string();
        assert!(error.contains(why), "{bad}: {error}");
    }
    let many: Vec<String> = (0..=MAX_CONVERSATIONS).map(|i| format!("{{\"id\":\"{i:016x}\",\"nudged\":false,\"events\":[]}}")).collect();
    let error = Conversations::import(&format!("{{\"version\":1,\"conversations\":[{}]}}", many.join(",")), &model).unwrap_err();
    assert!(error.to_string().contains("at most 1000"), "{error}");
}

fn arb_event() -> impl Strategy<Value = (usize, usize, usize, bool, i64)> {
    (0usize..60, 0usize..8, 0usize..4, any::<bool>(), 0i64..(30 * 24 * 60))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The same messages give the same risk whatever happens between them: asking for the
    /// state, or exporting and importing it, at any points.
    #[test]
    fn the_risk_does_not_depend_on_how_time_is_chunked(
        mut events in prop::collection::vec(arb_event(), 1..80),
        cuts in prop::collection::vec(any::<bool>(), 80),
    ) {
        events.sort_by_key(|e| e.4);
        let model = RiskModel::default();
        let mut straight = Conversations::new();
        let mut chunked = Conversations::new();
        let mut last = 0;
        for (i, &(rule, stage, severity, outgoing, minute)) in events.iter().enumerate() {
            let direction = if outgoing { Direction::Outgoing } else { Direction::Incoming };
            let verdict = verdict_with(vec![hit(rule, Stage::ALL[stage], Severity::ALL[severity])]);
            straight.record(rules(), "c", &verdict, direction, minute * MINUTE);
            if cuts[i] {
                let _ = chunked.assess(rules(), "c", minute * MINUTE + 1);
                chunked = Conversations::import(&chunked.export(), &model).unwrap();
            }
            chunked.record(rules(), "c", &verdict, direction, minute * MINUTE);
            last = minute * MINUTE;
        }
        let later = last + 3 * 24 * 60 * MINUTE;
        prop_assert_eq!(straight.assess(rules(), "c", later), chunked.assess(rules(), "c", later));
        prop_assert_eq!(straight.export(), chunked.export());
    }

    /// Scoring is pure: the events' order in the state does not matter.
    #[test]
    fn assessment_ignores_the_order_of_events(events in prop::collection::vec(arb_event(), 1..32)) {
        let model = RiskModel::default();
        let list: Vec<Event> = events.iter().enumerate().map(|(i, &(_, stage, severity, outgoing, minute))| {
            event(i, Stage::ALL[stage], Severity::ALL[severity], if outgoing { Direction::Outgoing } else { Direction::Incoming }, minute * MINUTE)
        }).collect();
        let mut reversed = list.clone();
        reversed.reverse();
        let now = 31 * 24 * 60 * MINUTE;
        let (a, b) = (assess(&model, &list, now), assess(&model, &reversed, now));
        prop_assert_eq!(a.risk, b.risk);
        prop_assert!((a.score - b.score).abs() < 1e-9);
        prop_assert_eq!(a.stages, b.stages);
    }
}
