//! Verdicts do not change when the engine does: a fixed sample of `../shared/evaldata` lines
//! (every other line that fires, and every 97th that does not) must get byte-identical verdict
//! JSON, in both directions, to what they got when `tests/fixtures/evaldata-verdicts.tsv` was
//! written. The fixture stores only file names, line numbers and FNV-1a hashes (of the text and
//! of each verdict); the text is read from the evaluation data at test time, and the test is
//! skipped, saying so, on a machine without it. After an intended rule change, `make
//! verdict-fixture` writes it again (scripts/verdict-fixture.py).

use std::collections::HashMap;
use std::path::Path;
use tumar::{Direction, Rules};

const FIXTURE: &str = include_str!("fixtures/evaldata-verdicts.tsv");

/// FNV-1a, 64 bits.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

struct Sample {
    file: String,
    line: usize,
    text: u64,
    incoming: u64,
    outgoing: u64,
}

fn samples() -> Vec<Sample> {
    let hex = |s: &str| u64::from_str_radix(s, 16).expect("hex hash");
    FIXTURE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Sample { file: f[0].to_string(), line: f[1].parse().expect("line number"), text: hex(f[2]), incoming: hex(f[3]), outgoing: hex(f[4]) }
        })
        .collect()
}

/// The text of every line of every evaluation file the samples name, or `None` without the data.
fn texts(samples: &[Sample]) -> Option<HashMap<String, Vec<Option<String>>>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/evaldata");
    let mut out = HashMap::new();
    for sample in samples {
        if out.contains_key(&sample.file) {
            continue;
        }
        let body = std::fs::read_to_string(dir.join(&sample.file)).ok()?;
        let lines = body
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).ok().and_then(|v| v["text"].as_str().map(str::to_string)))
            .collect();
        out.insert(sample.file.clone(), lines);
    }
    Some(out)
}

fn compare(rules: &Rules, how: &str) {
    let samples = samples();
    let Some(texts) = texts(&samples) else {
        eprintln!("SKIPPED: ../shared/evaldata is not here, so the verdicts on it cannot be compared");
        return;
    };
    let mut changed_text = 0;
    let mut differ = Vec::new();
    for s in &samples {
        let Some(Some(text)) = texts[&s.file].get(s.line - 1) else {
            changed_text += 1;
            continue;
        };
        if fnv(text.as_bytes()) != s.text {
            changed_text += 1;
            continue;
        }
        for (direction, expected) in [(Direction::Incoming, s.incoming), (Direction::Outgoing, s.outgoing)] {
            let json = rules.scan(text, direction).to_json(text);
            if fnv(json.as_bytes()) != expected {
                differ.push(format!("{}:{} {direction:?}: {json}", s.file, s.line));
            }
        }
    }
    if changed_text > 0 {
        eprintln!("{changed_text} of {} sampled evaluation lines changed since the fixture was written; they were skipped", samples.len());
    }
    assert!(changed_text * 10 < samples.len(), "most sampled evaluation lines changed: regenerate tests/fixtures/evaldata-verdicts.tsv");
    assert!(differ.is_empty(), "{how}: {} verdicts differ, e.g.\n{}", differ.len(), differ.iter().take(10).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn builtin_verdicts_are_unchanged() {
    compare(&Rules::builtin().expect("built-in rules"), "Rules::builtin()");
}

#[test]
fn verdicts_are_unchanged_after_a_bundle_round_trip() {
    let rules = Rules::builtin().expect("built-in rules");
    let loaded = Rules::from_bundle(&rules.to_bundle()).expect("bundle loads");
    compare(&loaded, "Rules::from_bundle");
}
