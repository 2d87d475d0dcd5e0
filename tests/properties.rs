//! Properties that hold for any input: scanning never panics, spans stay inside the message
//! on character boundaries, and invisible characters or spacing never change what fires.

use proptest::prelude::*;
use tumar::rules::read_dir;
use tumar::{Direction, Rules};

fn fixture() -> &'static Rules {
    static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let sources = read_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rules"))).0;
        Rules::from_sources(&sources).unwrap()
    })
}

fn builtin() -> &'static Rules {
    static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| Rules::builtin().expect("shipped rules compile"))
}

fn rule_ids(rules: &Rules, text: &str) -> Vec<String> {
    let mut ids: Vec<String> = rules.scan(text, Direction::Incoming).hits.into_iter().map(|h| h.rule).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Messages mixing the scripts, invisible characters and symbols that matter here.
fn message() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>().prop_map(String::from),
            prop::sample::select(vec![
                "our", "little", "secret", "send", "pic", "скинь", "фото", "айтпа", "aytma", "لا", "تقولي", "la7ad", " ", ".",
                "\u{200B}", "\u{202E}", "😀", "3", "0", "@", "'", "ʻ", "ё", "ў", "ـ", "\u{0301}",
            ])
            .prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn scanning_any_text_is_safe(text in message()) {
        for rules in [fixture(), builtin()] {
            for direction in [Direction::Incoming, Direction::Outgoing] {
                let verdict = rules.scan(&text, direction);
                for hit in &verdict.hits {
                    prop_assert!(hit.span.start <= hit.span.end && hit.span.end <= text.len());
                    prop_assert!(text.is_char_boundary(hit.span.start) && text.is_char_boundary(hit.span.end));
                }
                let json: serde_json::Value = serde_json::from_str(&verdict.to_json(&text)).unwrap();
                prop_assert_eq!(json["hits"].as_array().unwrap().len(), verdict.hits.len());
            }
        }
    }

    #[test]
    fn invisible_characters_change_nothing(text in message(), seed in any::<u64>()) {
        // Insert zero-width characters after some characters (never inside a word's letters
        // differently than anywhere else): the same rules must fire.
        let mut noisy = String::new();
        for (i, c) in text.chars().enumerate() {
            noisy.push(c);
            if (seed >> (i % 64)) & 1 == 1 {
                noisy.push('\u{200B}');
            }
        }
        prop_assert_eq!(rule_ids(builtin(), &text), rule_ids(builtin(), &noisy));
    }

    #[test]
    fn folding_a_folded_word_changes_nothing(text in message()) {
        // A rule author who pastes `tumar explain` output back into a phrase gets the same
        // skeleton: every normalized word is a fixed point of the fold.
        let once = tumar::normalize::normalize(&text);
        for word in once.display_words().split(' ').filter(|w| !w.is_empty()) {
            let again = tumar::normalize::normalize(word);
            prop_assert_eq!(again.as_str(), word);
        }
    }
}
