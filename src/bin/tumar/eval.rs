//! `tumar eval FILE.jsonl...`: per file, the share of `benign` lines that fire (false-positive
//! rate), the share of harm lines that fire (hit rate), and the rules that fire most on benign
//! lines. A line "fires" when any rule fires in either direction.

use crate::args::{Common, EvalArgs};
use crate::load;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tumar::{Direction, Rules};

/// Figures for one file.
#[derive(Default)]
struct FileFigures {
    lines: usize,
    benign: usize,
    benign_fired: usize,
    harm: usize,
    harm_fired: usize,
    unlabelled: usize,
    unlabelled_fired: usize,
    malformed: usize,
    benign_rules: BTreeMap<String, usize>,
    examples: BTreeMap<String, Vec<String>>,
}

pub fn run(common: &Common, args: &EvalArgs) -> u8 {
    let Some(rules) = load::rules(common, None) else { return 1 };
    if let Some(path) = &args.conversations {
        let code = crate::eval_conversations::run(&rules, path, args);
        if code != 0 || args.files.is_empty() {
            return code;
        }
    }
    let mut all = Vec::new();
    for path in &args.files {
        match std::fs::read_to_string(path) {
            Ok(text) => all.push((path.clone(), evaluate(&rules, &text, args.examples))),
            Err(e) => {
                eprintln!("tumar eval: cannot read {path}: {e}");
                return 1;
            }
        }
    }
    if args.json {
        let files: Vec<Value> = all.iter().map(|(path, f)| to_json(path, f)).collect();
        say!("{}", json!({ "files": files }));
    } else {
        print_table(&all);
    }
    0
}

fn fired_rules(rules: &Rules, text: &str) -> Vec<String> {
    let mut fired: Vec<String> = [Direction::Incoming, Direction::Outgoing]
        .into_iter()
        .flat_map(|d| rules.scan(text, d).hits.into_iter().map(|h| h.rule))
        .collect();
    fired.sort();
    fired.dedup();
    fired
}

fn evaluate(rules: &Rules, text: &str, examples: usize) -> FileFigures {
    let mut f = FileFigures::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        f.lines += 1;
        let Ok(row) = serde_json::from_str::<Value>(line) else {
            f.malformed += 1;
            continue;
        };
        let (Some(message), Some(label)) = (row["text"].as_str(), row["label"].as_str()) else {
            f.malformed += 1;
            continue;
        };
        let fired = fired_rules(rules, message);
        let hit = !fired.is_empty();
        match label {
            "benign" => {
                f.benign += 1;
                f.benign_fired += usize::from(hit);
                for rule in fired {
                    *f.benign_rules.entry(rule.clone()).or_default() += 1;
                    let list = f.examples.entry(rule).or_default();
                    if list.len() < examples {
                        list.push(message.to_string());
                    }
                }
            }
            "unlabelled_chat" => {
                f.unlabelled += 1;
                f.unlabelled_fired += usize::from(hit);
            }
            _ => {
                f.harm += 1;
                f.harm_fired += usize::from(hit);
            }
        }
    }
    f
}

fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

fn percent(part: usize, whole: usize) -> String {
    rate(part, whole).map_or("-".to_string(), |r| format!("{r:.2}%"))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn top_rules(f: &FileFigures, n: usize) -> Vec<(&String, &usize)> {
    let mut top: Vec<(&String, &usize)> = f.benign_rules.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    top.truncate(n);
    top
}

fn print_table(all: &[(String, FileFigures)]) {
    say!("{:<26} {:>7} {:>7} {:>6} {:>8} {:>7} {:>7} {:>8}", "file", "lines", "benign", "fired", "fp_rate", "harm", "fired", "hit_rate");
    for (path, f) in all {
        say!(
            "{:<26} {:>7} {:>7} {:>6} {:>8} {:>7} {:>7} {:>8}",
            file_name(path), f.lines, f.benign, f.benign_fired, percent(f.benign_fired, f.benign), f.harm, f.harm_fired, percent(f.harm_fired, f.harm)
        );
        if f.unlabelled > 0 {
            say!("{:<26} unlabelled chat: {} of {} lines fire ({}); inspect them", "", f.unlabelled_fired, f.unlabelled, percent(f.unlabelled_fired, f.unlabelled));
        }
        if f.malformed > 0 {
            say!("{:<26} {} malformed lines skipped", "", f.malformed);
        }
    }
    for (path, f) in all {
        let top = top_rules(f, 10);
        if top.is_empty() {
            continue;
        }
        say!("\nrules firing most on benign lines of {}:", file_name(path));
        for (rule, count) in top {
            say!("  {count:>5}  {rule}");
            for example in f.examples.get(rule).into_iter().flatten() {
                say!("         | {}", example.replace('\n', " "));
            }
        }
    }
}

fn to_json(path: &str, f: &FileFigures) -> Value {
    json!({
        "file": file_name(path),
        "lines": f.lines,
        "benign": f.benign,
        "benign_fired": f.benign_fired,
        "fp_rate": rate(f.benign_fired, f.benign),
        "harm": f.harm,
        "harm_fired": f.harm_fired,
        "hit_rate": rate(f.harm_fired, f.harm),
        "unlabelled": f.unlabelled,
        "unlabelled_fired": f.unlabelled_fired,
        "top_benign_rules": top_rules(f, 10).into_iter().map(|(r, c)| json!({"rule": r, "count": c})).collect::<Vec<_>>(),
    })
}
