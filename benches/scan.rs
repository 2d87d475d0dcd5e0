//! Scan speed of tumar against the `rustrict` crate (an English-centred profanity filter) on
//! the same messages in the same run, plus load times and the hostile-input worst case. The
//! normalizer alone is timed too: it is the floor of any scan that folds evasions as tumar does.
//! Prints numbers and ratios; never fails on timing. Run with `make bench`.
//!
//! Messages: the lines of ../shared/evaldata/*.jsonl when present (read at run time, never
//! copied), else a small built-in set of ordinary chat lines.

use rustrict::CensorStr;
use std::hint::black_box;
use std::time::{Duration, Instant};
use tumar::normalize::{normalize_into, Normalized};
use tumar::rules::read_dir;
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

/// Mean, p50 and p99 of one call per message, over `rounds` rounds after a warm-up round.
fn distribution(messages: &[String], rounds: usize, mut f: impl FnMut(&str)) -> [Duration; 3] {
    messages.iter().for_each(|m| f(m));
    let mut times = Vec::with_capacity(messages.len() * rounds);
    for _ in 0..rounds {
        for m in messages {
            let t = Instant::now();
            f(m);
            times.push(t.elapsed());
        }
    }
    times.sort_unstable();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    [mean, times[times.len() / 2], times[times.len() * 99 / 100]]
}

/// The best of `n` runs of `f`.
fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (T, Duration) {
    let (mut value, mut best) = time(&mut f);
    for _ in 1..n {
        let (v, d) = time(&mut f);
        if d < best {
            best = d;
        }
        value = v;
    }
    (value, best)
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn micros(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e6)
}

fn millis(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let messages = messages();
    let bytes: usize = messages.iter().map(String::len).sum();
    println!("{} messages, {:.1} KiB, mean {:.0} bytes", messages.len(), bytes as f64 / 1024.0, bytes as f64 / messages.len() as f64);

    let (sources, unreadable) = read_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")));
    assert!(unreadable.is_empty(), "the rules folder reads: {unreadable}");
    let (rules, from_toml) = time(|| Rules::from_sources(&sources).expect("shipped rules compile"));
    let (_, builtin) = best_of(20, || Rules::builtin().expect("shipped rules compile"));
    let bundle = rules.to_bundle();
    let (_, from_bundle) = best_of(20, || Rules::from_bundle(&bundle).expect("bundle loads"));
    println!("\nload (best of several runs)");
    println!("  {:<58} {:>10}", format!("{} rules from TOML, with the warnings pass (tumar check)", rules.rule_set().rules.len()), millis(from_toml));
    println!("  {:<58} {:>10}", format!("Rules::builtin() ({})", if bundle_is_builtin() { "embedded bundle" } else { "embedded TOML, compiled" }), millis(builtin));
    println!("  {:<58} {:>10}", format!("Rules::from_bundle, a {:.0} KiB bundle", bundle.len() as f64 / 1024.0), millis(from_bundle));

    let budget = Duration::from_secs(3);
    let mb_per_s = |d: Duration| (bytes as f64 / messages.len() as f64) / d.as_secs_f64() / 1e6;
    let tumar_one = distribution(&messages, 5, |m| {
        black_box(rules.scan(black_box(m), Direction::Incoming));
    });
    let rustrict = distribution(&messages, 5, |m| {
        black_box(black_box(m).is_inappropriate());
    });
    // The normalizer alone: what any scan that folds evasions the way tumar does costs before
    // it looks for a single word.
    let mut normalized = Normalized::default();
    let mut normalize_only = |m: &str| {
        normalize_into(black_box(m), &mut normalized);
        black_box(normalized.units().len());
    };
    let normalizer = distribution(&messages, 5, &mut normalize_only);
    let tumar_both = per_message(&messages, budget, |m| {
        black_box(rules.scan(black_box(m), Direction::Incoming));
        black_box(rules.scan(black_box(m), Direction::Outgoing));
    });
    println!("\n{:<44} {:>9} {:>9} {:>9} {:>8} {:>12}", "per message, µs (same messages, same run)", "mean", "p50", "p99", "MB/s", "mean/rustrict");
    for (name, [mean, p50, p99]) in [("tumar scan, one direction", tumar_one), ("  of which the normalizer alone", normalizer), ("rustrict is_inappropriate (English only)", rustrict)] {
        println!("{name:<44} {:>9} {:>9} {:>9} {:>8.1} {:>11.2}x", micros(mean), micros(p50), micros(p99), mb_per_s(mean), mean.as_secs_f64() / rustrict[0].as_secs_f64());
    }
    println!("{:<44} {:>9}", "tumar scan, both directions (mean)", micros(tumar_both));
    print_slowest(&rules, &messages);

    // Long text: chat lines joined into messages of 60 KiB (inside the scan window).
    let mut long = Vec::new();
    let mut current = String::new();
    for m in messages.iter().cycle().take(messages.len().max(4000)) {
        if current.len() + m.len() + 1 > 60 * 1024 {
            long.push(std::mem::take(&mut current));
        }
        current.push_str(m);
        current.push('\n');
    }
    let long_bytes: usize = long.iter().map(String::len).sum();
    let long_mb_s = |d: Duration| (long_bytes as f64 / long.len() as f64) / d.as_secs_f64() / 1e6;
    let tumar_long = per_message(&long, budget, |m| {
        black_box(rules.scan(black_box(m), Direction::Incoming));
    });
    let rustrict_long = per_message(&long, budget, |m| {
        black_box(black_box(m).is_inappropriate());
    });
    let normalizer_long = per_message(&long, budget, &mut normalize_only);
    println!("\nlong text ({} messages of ~60 KiB)      MB/s   vs rustrict", long.len());
    println!("  tumar scan                          {:>8.1} {:>9.2}x", long_mb_s(tumar_long), rustrict_long.as_secs_f64() / tumar_long.as_secs_f64());
    println!("    of which the normalizer alone     {:>8.1}", long_mb_s(normalizer_long));
    println!("  rustrict is_inappropriate           {:>8.1}", long_mb_s(rustrict_long));

    // Messages full of what the regexes look at: digits, phone and card numbers, codes, links.
    let regex_heavy = regex_heavy_messages();
    let regex_bytes: usize = regex_heavy.iter().map(String::len).sum();
    let [mean, p50, p99] = distribution(&regex_heavy, 20, |m| {
        black_box(rules.scan(black_box(m), Direction::Incoming));
    });
    let mb_s = (regex_bytes as f64 / regex_heavy.len() as f64) / mean.as_secs_f64() / 1e6;
    println!("\nregex-heavy messages ({} with numbers, codes and links), µs: mean {} p50 {} p99 {}, {mb_s:.1} MB/s", regex_heavy.len(), micros(mean), micros(p50), micros(p99));

    println!("\nworst cases (one message each):");
    // Incoming, except for the rules about what a child gives away (a card number, an address),
    // which read the child's own messages.
    let hostile = [
        ("64 KiB of Cyrillic chat", "ты где сейчас? ".repeat(4400), Direction::Incoming),
        ("1 MiB of zero-width spaces", "\u{200B}".repeat(350_000), Direction::Incoming),
        ("64 KiB of spaced letters", "s e n d ".repeat(8200), Direction::Incoming),
        ("64 KiB of one repeated phrase", "our little secret ".repeat(3600), Direction::Incoming),
        ("62 KiB of card numbers", "4111 1111 1111 1111 ".repeat(3150), Direction::Outgoing),
        ("62 KiB of a phrase and its allow entry", "i live on your street ".repeat(2860), Direction::Outgoing),
    ];
    for (name, text, direction) in hostile {
        let d = per_message(std::slice::from_ref(&text), Duration::from_millis(500), |m| {
            black_box(rules.scan(black_box(m), direction));
        });
        println!("  {name:<40} {:>10.2} ms", d.as_secs_f64() * 1e3);
    }
}

/// Which messages make the p99: the slowest 1% by the best of five scans, their mean length
/// and time per byte against all messages'. Means, because the slowest 1% mixes long lines
/// with shorter ones full of common pattern words, and a median jumps between the two.
fn print_slowest(rules: &Rules, messages: &[String]) {
    let mut timed: Vec<(Duration, usize)> = messages
        .iter()
        .map(|m| {
            let (_, best) = best_of(5, || black_box(rules.scan(black_box(m), Direction::Incoming)));
            (best, m.len())
        })
        .collect();
    let means = |rows: &[(Duration, usize)]| {
        let bytes: usize = rows.iter().map(|r| r.1).sum();
        let time: Duration = rows.iter().map(|r| r.0).sum();
        (bytes / rows.len(), time.as_secs_f64() * 1e9 / bytes.max(1) as f64)
    };
    let (all_bytes, all_ns) = means(&timed);
    timed.sort_unstable_by_key(|r| std::cmp::Reverse(r.0));
    let (slow_bytes, slow_ns) = means(&timed[..(timed.len() / 100).max(1)]);
    println!("the slowest 1% (best of 5 scans each): mean {slow_bytes} bytes, {slow_ns:.0} ns/byte; all messages: mean {all_bytes} bytes, {all_ns:.0} ns/byte");
}

/// Chat lines with phone numbers, card numbers, codes, addresses and links in several
/// languages (made up here, not taken from the evaluation data).
fn regex_heavy_messages() -> Vec<String> {
    let templates = [
        "call me 8 701 {a} {b} {c}",
        "my number is +7{a}{b}{c}{d}",
        "мой номер 8{a}{b}{c}{d} пиши в вотсап",
        "рақамым 8 7{a} {b} {c} {d}",
        "raqamim +998 {a} {b} {c} {d}",
        "رقمي 05{a}{b}{c}{d}",
        "card 4111 1111 {a}{b} {c}{d} exp 12/27",
        "карта 5536 9137 {a}{b} {c}{d}",
        "the code is {a}{b}{c} send it",
        "код из смс {a}{b}{c}",
        "i live at {a} maple street apt {b}",
        "я живу на ленина {a} кв {b}",
        "join https://t.me/joinchat/{a}{b}{c} now",
        "go to www.example{a}.com/{b}?id={c}{d}",
        "i am {a} years old and in grade {b}",
        "it costs {a}{b} tenge, 2 for {c}",
    ];
    let mut out = Vec::new();
    for i in 0..600u32 {
        let n = |k: u32| format!("{:02}", (i.wrapping_mul(2_654_435_761).rotate_left(k * 7) % 100));
        let template = templates[i as usize % templates.len()];
        out.push(template.replace("{a}", &n(1)).replace("{b}", &n(2)).replace("{c}", &n(3)).replace("{d}", &n(4)));
    }
    out
}

/// Whether this build embeds the built-in rules as a bundle (`TUMAR_BUILTIN_BUNDLE`).
fn bundle_is_builtin() -> bool {
    option_env!("TUMAR_BUILTIN_BUNDLE").is_some_and(|p| !p.is_empty())
}
