//! Randomized testing at scale of the four parts that take untrusted input: the normalizer,
//! the scanner, the rule-file parser (patterns included) and the bundle loader. None may
//! panic, and what they return must stay consistent.
//!
//! These property tests generate inputs from the pieces that matter (scripts, invisible
//! characters, pattern syntax), for a bounded number of cases: `TUMAR_FUZZ_CASES` (default
//! 5,000 per target; `make test` uses the default). The coverage-guided fuzz targets in fuzz/
//! (`make fuzz`) explore the same four parts from raw bytes.
//! Every failure proptest finds is saved in `tests/fuzz.proptest-regressions` and replayed
//! first on every run.

use proptest::prelude::*;
use tumar::normalize::normalize;
use tumar::{Direction, Rules, Source};

fn cases() -> u32 {
    std::env::var("TUMAR_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(5_000)
}

fn shipped() -> &'static Rules {
    static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| Rules::builtin().expect("shipped rules compile"))
}

/// Text built from the pieces that stress the normalizer and the matcher: every script, spacing,
/// invisible and combining characters, leet digits, HTML entities, long expansions (U+FDFA).
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>().prop_map(String::from),
            prop::sample::select(vec![
                "send", "nudes", "pic", "your", "i", "will", "post", "скинь", "фото", "не", "говори", "родителям", "айтпа", "aıtpa",
                "o'zingni", "لا", "تقولي", "لحد", "la7ad", "4111 1111 1111 1111", "&#9733;", "&amp;", " ", "  ", ".", "-", "\n",
                "\u{200B}", "\u{202E}", "\u{FEFF}", "\u{FDFA}", "\u{0301}", "😀", "3", "0", "7", "@", "$", "'", "ʻ", "ё", "ў", "ـ",
                "s e n d", "с к и н ь",
            ])
            .prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

/// Rule-file text: pattern syntax pieces and TOML pieces in random order.
fn rule_file() -> impl Strategy<Value = String> {
    let pattern = prop::collection::vec(
        prop::sample::select(vec![
            "send", "pic*", "*ложь", "*нюд*", "(", ")", "[", "]", "|", "~2", "~9", "~", "@parents", "@", "*", "**", "me", " ", "\"", "\\",
        ]),
        0..12,
    )
    .prop_map(|parts| parts.concat());
    (prop::collection::vec(pattern, 0..6), prop::sample::select(vec!["phrases", "allow", "regex", "phrase"]), any::<bool>()).prop_map(
        |(patterns, key, lists)| {
            let quoted: Vec<String> = patterns.iter().map(|p| format!("{p:?}")).collect();
            let header = if lists { "kind = \"lists\"\n[lists]\nparents = [\"mom\", \"@parents\"]\n" } else { "" };
            format!(
                "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n{header}\n[[rule]]\nid = \"en-x\"\nseverity = \"low\"\ndirection = \"any\"\n{key} = [{}]\n",
                quoted.join(", ")
            )
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn normalizing_never_panics_and_maps_back(text in hostile_text()) {
        let n = normalize(&text);
        for unit in n.units() {
            prop_assert!(unit.origin.0 <= unit.origin.1 && (unit.origin.1 as usize) <= text.len());
            prop_assert!(text.is_char_boundary(unit.origin.0 as usize) && text.is_char_boundary(unit.origin.1 as usize));
        }
        prop_assert!(n.units().windows(2).all(|w| w[0].word <= w[1].word && w[0].byte < w[1].byte));
        // Deterministic: the same text folds the same way.
        let again = normalize(&text);
        prop_assert_eq!(again.as_str(), n.as_str());
    }

    #[test]
    fn scanning_never_panics_and_spans_stay_in_the_message(text in hostile_text()) {
        for direction in [Direction::Incoming, Direction::Outgoing] {
            let verdict = shipped().scan(&text, direction);
            prop_assert!(verdict.hits.len() <= tumar::scan::MAX_HITS);
            prop_assert_eq!(verdict.hits.is_empty(), verdict.nudge.is_none());
            for hit in &verdict.hits {
                prop_assert!(hit.span.start <= hit.span.end && hit.span.end <= text.len());
                prop_assert!(text.is_char_boundary(hit.span.start) && text.is_char_boundary(hit.span.end));
            }
        }
    }

    #[test]
    fn rule_files_never_panic_the_parser(file in rule_file()) {
        // Either rules or located, coded diagnostics.
        match Rules::from_sources(&[Source::new("fuzz.toml", file)]) {
            Ok(rules) => { let _ = rules.scan("send me a pic mom", Direction::Incoming); }
            Err(errors) => prop_assert!(errors.iter().all(|d| d.code.len() == 4 && d.location.line >= 1)),
        }
    }

    #[test]
    fn damaged_bundles_are_refused_never_half_loaded(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)) {
        let mut bundle = fixture_bundle().clone();
        for (at, byte) in edits {
            let i = at.index(bundle.len());
            bundle[i] = byte;
        }
        match Rules::from_bundle(&bundle) {
            Ok(rules) => prop_assert_eq!(&bundle, fixture_bundle(), "only an unchanged bundle loads: {}", rules.rule_set().rules.len()),
            Err(errors) => prop_assert_eq!(errors.first_error().map(|d| d.code.as_str()), Some("E120")),
        }
    }
}

fn fixture_bundle() -> &'static Vec<u8> {
    static BUNDLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BUNDLE.get_or_init(|| {
        let sources = tumar::rules::read_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/patterns"))).0;
        Rules::from_sources(&sources).unwrap().to_bundle()
    })
}
