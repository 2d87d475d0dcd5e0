//! Scan speed of tumar against the `rustrict` crate (an English-centred profanity filter) on
//! the same messages in the same run, plus load times and the hostile-input worst case.
//! Prints numbers and ratios; never fails on timing. Run with `make bench`.
//!
//! Messages: the lines of ../shared/evaldata/*.jsonl when present (read at run time, never
//! copied), else a small built-in set of ordinary chat lines.

use rustrict::CensorStr;
use std::hint::black_box;
use std::time::{Duration, Instant};
use tumar::rules::builtin_sources;
use tumar::{Direction, Rules};

fn messages() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/evaldata");
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "jsonl")).collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // Up to 3000 lines per file, so that no language dominates.
            for line in text.lines().take(3000) {
                if let Ok(row) = serde_json::from_str::<serde_json::Value>(line) {
                    if let Some(t) = row["text"].as_str() {
                        out.push(t.to_string());
                    }
                }
            }
        }
    }
    if out.is_empty() {
        let base = ["hey how was school", "ты дома?", "ертең кездесеміз бе", "bugun uyga kech qolaman", "شو عم تعمل", "gg that game was close"];
        out = base.iter().cycle().take(6000).map(|s| s.to_string()).collect();
    }
    out
}

/// Runs `f` over every message repeatedly for about `budget`; returns time per message.
fn per_message(messages: &[String], budget: Duration, mut f: impl FnMut(&str)) -> Duration {
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < budget || rounds == 0 {
        for m in messages {
            f(m);
        }
        rounds += 1;
    }
    start.elapsed() / (rounds * messages.len() as u32)
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn micros(d: Duration) -> String {
    format!("{:.2} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let messages = messages();
    let bytes: usize = messages.iter().map(String::len).sum();
    println!("{} messages, {:.1} KiB, mean {:.0} bytes", messages.len(), bytes as f64 / 1024.0, bytes as f64 / messages.len() as f64);

    let sources = builtin_sources();
    let (rules, from_toml) = time(|| Rules::from_sources(&sources).expect("shipped rules compile"));
    let (_, builtin) = time(|| Rules::builtin().expect("shipped rules compile"));
    let bundle = rules.to_bundle();
    let (_, from_bundle) = time(|| Rules::from_bundle(&bundle).expect("bundle loads"));
    println!("\nload: {} rules from TOML with warnings pass (tumar check) in {:.1} ms; Rules::builtin() in {:.1} ms; from a {} KiB bundle in {:.1} ms",
        rules.rule_set().rules.len(), from_toml.as_secs_f64() * 1e3, builtin.as_secs_f64() * 1e3, bundle.len() / 1024, from_bundle.as_secs_f64() * 1e3);

    let budget = Duration::from_secs(3);
    let tumar_one = per_message(&messages, budget, |m| {
        black_box(rules.scan(black_box(m), Direction::Incoming));
    });
    let tumar_both = per_message(&messages, budget, |m| {
        black_box(rules.scan(black_box(m), Direction::Incoming));
        black_box(rules.scan(black_box(m), Direction::Outgoing));
    });
    let rustrict = per_message(&messages, budget, |m| {
        black_box(black_box(m).is_inappropriate());
    });
    let mb_per_s = |d: Duration| (bytes as f64 / messages.len() as f64) / d.as_secs_f64() / 1e6;
    println!("\n{:<44} {:>12} {:>10} {:>10}", "per message (same messages, same run)", "time", "MB/s", "vs rustrict");
    for (name, d) in [("tumar scan, one direction", tumar_one), ("tumar scan, both directions", tumar_both), ("rustrict is_inappropriate (English only)", rustrict)] {
        println!("{name:<44} {:>12} {:>10.1} {:>9.2}x", micros(d), mb_per_s(d), d.as_secs_f64() / rustrict.as_secs_f64());
    }

    println!("\nworst cases (one message each):");
    let hostile = [
        ("64 KiB of Cyrillic chat", "ты где сейчас? ".repeat(4400)),
        ("1 MiB of zero-width spaces", "\u{200B}".repeat(350_000)),
        ("64 KiB of spaced letters", "s e n d ".repeat(8200)),
        ("64 KiB of one repeated phrase", "our little secret ".repeat(3600)),
    ];
    for (name, text) in hostile {
        let d = per_message(std::slice::from_ref(&text), Duration::from_millis(500), |m| {
            black_box(rules.scan(black_box(m), Direction::Incoming));
        });
        println!("  {name:<34} {:>10.2} ms", d.as_secs_f64() * 1e3);
    }
}
