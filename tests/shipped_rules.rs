//! The shipped rule set, built into the library: it loads without errors or warnings, every
//! rule's own tests pass, every language covers every category and grooming stage, and no
//! line of the evaluation data was copied into it.

use std::collections::{BTreeSet, HashSet};
use tumar::{selftest, Category, Rules, Stage};

const LANGUAGES: &[&str] = &["kk", "ru", "uz", "ar", "en"];

fn shipped() -> Rules {
    match Rules::builtin() {
        Ok(rules) => rules,
        Err(diagnostics) => panic!("the shipped rules do not load:\n{diagnostics}"),
    }
}

#[test]
fn shipped_rules_load_cleanly() {
    // With the warnings pass, as `tumar check` runs it (`Rules::builtin` skips it).
    let rules = Rules::from_sources(&tumar::rules::builtin_sources()).expect("shipped rules load");
    let warnings: Vec<String> = rules.warnings().iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "{} warnings:\n{}", warnings.len(), warnings.join("\n\n"));
}

#[test]
fn every_shipped_rule_passes_its_own_tests() {
    let report = selftest::run(&shipped());
    let failures: Vec<String> = report.failures.iter().map(|f| format!("{} {:?}: {:?} fired {:?}", f.rule, f.kind, f.text, f.fired)).collect();
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(report.passed > 1000, "only {} rule tests", report.passed);
}

#[test]
fn every_rule_carries_enough_tests() {
    for rule in &shipped().rule_set().rules {
        assert!(rule.tests.must_match.len() >= 3, "{} has fewer than 3 match tests", rule.id);
        assert!(rule.tests.must_not_match.len() >= 2, "{} has fewer than 2 no_match tests", rule.id);
        assert!(rule.id.starts_with(&format!("{}-", rule.language)), "{} does not start with its language", rule.id);
    }
}

#[test]
fn every_language_covers_every_category_and_grooming_stage() {
    let rules = shipped();
    for lang in LANGUAGES {
        let of_lang: Vec<_> = rules.rule_set().rules.iter().filter(|r| r.language == *lang).collect();
        let categories: BTreeSet<Category> = of_lang.iter().map(|r| r.category).collect();
        assert_eq!(categories.len(), Category::ALL.len(), "{lang} covers only {categories:?}");
        let stages: BTreeSet<Stage> = of_lang.iter().filter_map(|r| r.stage).collect();
        assert_eq!(stages.len(), Stage::ALL.len(), "{lang} grooming covers only {stages:?}");
    }
}

#[test]
fn no_evaluation_text_is_copied_into_rules() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/evaldata"));
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    };
    let mut eval_lines = HashSet::new();
    for entry in entries.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "jsonl")) {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for line in text.lines() {
            if let Ok(row) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = row["text"].as_str() {
                    eval_lines.insert(t.trim().to_lowercase());
                }
            }
        }
    }
    for rule in &shipped().rule_set().rules {
        let t = &rule.tests;
        let lines = t.must_match.iter().chain(&t.must_not_match).chain(&t.todo_match).chain(&t.todo_no_match);
        let written = lines.map(|l| l.text.as_str()).chain(rule.phrases.iter().map(|p| p.text.as_str()));
        for text in written.filter(|t| t.chars().count() >= 20) {
            assert!(!eval_lines.contains(&text.trim().to_lowercase()), "{}: {text:?} is a line of the evaluation data", rule.id);
        }
    }
}

#[test]
fn a_bundle_of_the_shipped_rules_gives_the_same_verdicts() {
    // The npm package embeds the shipped rules as a bundle: every rule test line must come out
    // the same through it, in both directions.
    let rules = shipped();
    let bundled = Rules::from_bundle(&rules.to_bundle()).expect("the bundle loads");
    for rule in &rules.rule_set().rules {
        let t = &rule.tests;
        for line in t.must_match.iter().chain(&t.must_not_match).chain(&t.todo_match).chain(&t.todo_no_match) {
            for direction in [tumar::Direction::Incoming, tumar::Direction::Outgoing] {
                assert_eq!(rules.scan(&line.text, direction), bundled.scan(&line.text, direction), "{:?}", line.text);
            }
        }
    }
}

/// Largest shipped rule file, in bytes (tests and comments included): 30 KB.
const MAX_FILE_BYTES: usize = 30_000;

/// Most pattern text in all shipped files, in bytes (phrases, allow entries, near terms,
/// regexes and word lists; no tests, notes or comments): about 190 KB of rules that nudge and
/// 45 KB of conversation signals, with some room.
const MAX_PATTERN_BYTES: usize = 250 * 1000;

#[test]
fn shipped_rules_are_compact_and_written_by_hand() {
    let mut pattern_bytes = 0;
    let mut languages_with_lists = BTreeSet::new();
    for source in tumar::rules::builtin_sources() {
        assert!(source.text.len() <= MAX_FILE_BYTES, "{} is {} bytes; the limit is {MAX_FILE_BYTES}", source.name, source.text.len());
        let doc: toml::Table = toml::from_str(&source.text).expect("valid TOML");
        let strings = |value: Option<&toml::Value>| -> usize {
            value.and_then(toml::Value::as_array).map_or(0, |items| items.iter().filter_map(toml::Value::as_str).map(str::len).sum())
        };
        for rule in doc.get("rule").and_then(toml::Value::as_array).into_iter().flatten() {
            pattern_bytes += strings(rule.get("phrases")) + strings(rule.get("allow")) + strings(rule.get("regex"));
            for clause in rule.get("near").and_then(toml::Value::as_array).into_iter().flatten() {
                pattern_bytes += strings(clause.get("terms"));
            }
        }
        if let Some(lists) = doc.get("lists").and_then(toml::Value::as_table) {
            pattern_bytes += lists.values().map(|entries| strings(Some(entries))).sum::<usize>();
            languages_with_lists.insert(doc["tumar"]["language"].as_str().unwrap_or_default().to_string());
        }
    }
    assert!(pattern_bytes <= MAX_PATTERN_BYTES, "{pattern_bytes} bytes of patterns; the budget is {MAX_PATTERN_BYTES}");
    let expected: BTreeSet<String> = LANGUAGES.iter().map(|l| l.to_string()).collect();
    assert_eq!(languages_with_lists, expected, "every language shares its word lists");
}

#[test]
fn scopes_keep_one_language_off_another() {
    let rules = shipped();
    let fired = |text: &str| !rules.scan(text, tumar::Direction::Outgoing).hits.is_empty();
    assert!(fired("ugh kms"), "English `kms` (kill myself) fires");
    for text in ["у меня КМС по боксу", "КМС алдым!", "ол КМС"] {
        assert!(!fired(text), "the sports rank in {text:?} is not `kms`");
    }
}
