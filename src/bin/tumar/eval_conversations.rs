//! `tumar eval --conversations FILE.jsonl`: sends each conversation's messages in order (with
//! their direction and `time_ms`) under an id of its own and reports, per language, how many
//! `high` conversations reach high risk, the latency from `high_from` (median and worst), and
//! the false alarms (`not_high` conversations that reach high) with the rules that drove them.
//! The format is that of `../shared/evaldata/conversations.jsonl` (see its CONVERSATIONS.md).

use crate::args::EvalArgs;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tumar::conversation::{Conversations, Risk};
use tumar::{Direction, Rules};

#[derive(Deserialize)]
struct Conversation {
    id: String,
    lang: String,
    expect: Expect,
    high_from: Option<usize>,
    messages: Vec<Message>,
}

#[derive(Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Expect {
    High,
    NotHigh,
}

#[derive(Deserialize)]
struct Message {
    direction: Direction,
    text: String,
    time_ms: i64,
}

/// How one conversation went.
struct Outcome {
    id: String,
    expect: Expect,
    /// Index of the first message after which the risk was high.
    first_high: Option<usize>,
    high_from: Option<usize>,
    /// The rules behind the risk when it first reached high (or at the end).
    reasons: Vec<String>,
    final_risk: Risk,
    /// The highest score and stage count the conversation reached.
    peak: (f64, usize),
}

impl Outcome {
    /// Messages from `high_from` until high (0 when earlier).
    fn latency(&self) -> Option<usize> {
        Some(self.first_high?.saturating_sub(self.high_from.unwrap_or(0)))
    }
}

pub fn run(rules: &Rules, path: &str, args: &EvalArgs) -> u8 {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("tumar eval: cannot read {path}: {e}");
            return 1;
        }
    };
    let mut by_lang: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let conversation: Conversation = match serde_json::from_str(line) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("tumar eval: {path}:{}: not a conversation: {e}", n + 1);
                return 1;
            }
        };
        let lang = conversation.lang.clone();
        by_lang.entry(lang).or_default().push(replay(rules, conversation));
    }
    if args.json {
        say!("{}", to_json(&by_lang));
    } else {
        print_table(&by_lang);
    }
    0
}

/// Sends the messages in order and notes when the risk first reaches high.
fn replay(rules: &Rules, conversation: Conversation) -> Outcome {
    let mut store = Conversations::new();
    let languages = [conversation.lang.as_str()];
    let mut first_high = None;
    let mut reasons = Vec::new();
    let mut final_risk = Risk::None;
    let mut peak = (0.0f64, 0usize);
    for (i, message) in conversation.messages.iter().enumerate() {
        let verdict = rules.scan_in(&message.text, message.direction, &languages);
        let state = store.record(rules, &conversation.id, &verdict, message.direction, message.time_ms);
        final_risk = state.assessment.risk;
        if state.assessment.score > peak.0 {
            peak = (state.assessment.score, state.assessment.stages.len());
        }
        if first_high.is_none() && (final_risk == Risk::High || i + 1 == conversation.messages.len()) {
            reasons = state.assessment.reasons.iter().map(|e| e.rule.clone()).collect();
        }
        if first_high.is_none() && final_risk == Risk::High {
            first_high = Some(i);
        }
    }
    Outcome { id: conversation.id, expect: conversation.expect, first_high, high_from: conversation.high_from, reasons, final_risk, peak }
}

fn median(values: &mut [usize]) -> Option<usize> {
    values.sort_unstable();
    values.get(values.len().saturating_sub(1) / 2).copied()
}

/// Per-language figures: (high total, reached, latencies, false alarms, benign total).
fn figures<'a>(outcomes: &[&'a Outcome]) -> (usize, usize, Vec<usize>, Vec<&'a Outcome>, usize) {
    let high: Vec<&Outcome> = outcomes.iter().copied().filter(|o| o.expect == Expect::High).collect();
    let latencies: Vec<usize> = high.iter().filter_map(|o| o.latency()).collect();
    let false_alarms: Vec<&Outcome> = outcomes.iter().copied().filter(|o| o.expect == Expect::NotHigh && o.first_high.is_some()).collect();
    let benign = outcomes.len() - high.len();
    (high.len(), latencies.len(), latencies, false_alarms, benign)
}

fn print_table(by_lang: &BTreeMap<String, Vec<Outcome>>) {
    say!("{:<6} {:>6} {:>8} {:>8} {:>7} {:>8} {:>13}", "lang", "high", "reached", "median", "worst", "benign", "false_alarms");
    let all: Vec<&Outcome> = by_lang.values().flatten().collect();
    let mut rows: Vec<(&str, Vec<&Outcome>)> = by_lang.iter().map(|(l, o)| (l.as_str(), o.iter().collect())).collect();
    rows.push(("all", all));
    for (lang, outcomes) in &rows {
        let (high, reached, mut latencies, false_alarms, benign) = figures(outcomes);
        let worst = latencies.iter().max().map_or("-".to_string(), ToString::to_string);
        let median = median(&mut latencies).map_or("-".to_string(), |m| m.to_string());
        say!("{lang:<6} {high:>6} {reached:>8} {median:>8} {worst:>7} {benign:>8} {:>13}", false_alarms.len());
    }
    let mut closest: Vec<&Outcome> = by_lang.values().flatten().filter(|o| o.expect == Expect::NotHigh && o.first_high.is_none()).collect();
    closest.sort_by(|a, b| b.peak.0.total_cmp(&a.peak.0));
    for o in closest.iter().take(3) {
        say!("closest     {} (not high; peak score {:.1} with {} stages)", o.id, o.peak.0, o.peak.1);
    }
    for outcomes in by_lang.values() {
        for o in outcomes {
            match (o.expect, o.first_high) {
                (Expect::High, None) => say!("missed      {} (risk {} at the end; from {})", o.id, o.final_risk, o.reasons.join(", ")),
                (Expect::High, Some(at)) if o.latency().unwrap_or(0) > 2 => {
                    say!("late        {} (high at message {at}, high_from {})", o.id, o.high_from.unwrap_or(0))
                }
                (Expect::NotHigh, Some(at)) => say!("false alarm {} (high at message {at}, from {})", o.id, o.reasons.join(", ")),
                _ => {}
            }
        }
    }
}

fn to_json(by_lang: &BTreeMap<String, Vec<Outcome>>) -> Value {
    let languages: Vec<Value> = by_lang
        .iter()
        .map(|(lang, outcomes)| {
            let outcomes: Vec<&Outcome> = outcomes.iter().collect();
            let (high, reached, mut latencies, false_alarms, benign) = figures(&outcomes);
            let worst = latencies.iter().max().copied();
            json!({
                "lang": lang,
                "high": high,
                "reached_high": reached,
                "median_latency": median(&mut latencies),
                "worst_latency": worst,
                "not_high": benign,
                "false_alarms": false_alarms.iter().map(|o| json!({"id": o.id, "at": o.first_high, "rules": o.reasons})).collect::<Vec<_>>(),
                "missed": outcomes.iter().filter(|o| o.expect == Expect::High && o.first_high.is_none()).map(|o| o.id.clone()).collect::<Vec<_>>(),
                "conversations": outcomes.iter().map(|o| json!({"id": o.id, "first_high": o.first_high, "latency": o.latency(), "final_risk": o.final_risk, "peak_score": o.peak.0, "peak_stages": o.peak.1})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "languages": languages })
}
