//! The scanner as a library user meets it: modes, evasions, allow entries scoped to the span
//! they overlap, near clauses, directions, regexes, overlays, bundles and hostile input.

use tumar::rules::{read_dir, Source};
use tumar::scan::MAX_SCAN_BYTES;
use tumar::{Action, Category, Direction, Rules, Severity};

fn fixture_sources() -> Vec<Source> {
    read_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rules"))).0
}

fn fixture() -> Rules {
    Rules::from_sources(&fixture_sources()).expect("fixture rules compile")
}

fn fired(rules: &Rules, text: &str, direction: Direction) -> Vec<String> {
    rules.scan(text, direction).hits.into_iter().map(|h| h.rule).collect()
}

#[test]
fn fixture_self_tests_pass() {
    let report = tumar::selftest::run(&fixture());
    assert_eq!(report.failed(), 0, "{:?}", report.failures);
    assert_eq!(report.passed, 19);
}

#[test]
fn match_modes() {
    let rules = fixture();
    assert_eq!(fired(&rules, "so mature for u", Direction::Incoming), ["fx-prefix"]);
    assert_eq!(fired(&rules, "immature", Direction::Incoming), Vec::<String>::new());
    // A prefix phrase cannot run on into the next word.
    assert!(fired(&rules, "ma tur", Direction::Incoming).is_empty());
    assert_eq!(fired(&rules, "m a t u r e", Direction::Incoming), ["fx-prefix"]);
    // Spaced-out letters still match word by word, also letters that transliterate to two.
    assert_eq!(fired(&rules, "в з р о с л а я для своего возраста", Direction::Incoming), ["fx-sequence"]);
    assert_eq!(fired(&rules, "ur a superloser", Direction::Incoming), ["fx-suffix"]);
    assert_eq!(fired(&rules, "superloserish", Direction::Incoming), Vec::<String>::new());
    assert_eq!(fired(&rules, "soooo stupiddd", Direction::Incoming), ["fx-anywhere"]);
}

#[test]
fn evasions_still_match() {
    let rules = fixture();
    for text in [
        "our l1ttle s3cret",
        "our little s e c r e t",
        "OUR LITTLE SECRET!!!",
        "ｏｕｒ ｌｉｔｔｌｅ ｓｅｃｒｅｔ",
        "our\u{200B} litt\u{200D}le secr\u{2060}et",
        "our 😉 little 😉 secret",
        "оur littlе sеcret", // Cyrillic о and е
        "ourrr littleeee secreeeet",
        "don't tell your parents",
    ] {
        assert_eq!(fired(&rules, text, Direction::Incoming), ["fx-secret"], "{text:?}");
    }
}

#[test]
fn wildcard_sequences_follow_word_by_word() {
    let rules = fixture();
    assert_eq!(fired(&rules, "ty takaya vzroslaya dlya svoego vozrasta", Direction::Incoming), ["fx-sequence"]);
    assert!(fired(&rules, "взрослая, а для своего возраста маленькая была бы", Direction::Incoming).is_empty());
}

#[test]
fn allow_cancels_only_the_hit_it_overlaps() {
    let rules = fixture();
    let text = "dont tell your parents about the surprise. and dont tell your parents about us";
    let verdict = rules.scan(text, Direction::Incoming);
    assert_eq!(verdict.hits.len(), 1, "{:?}", verdict.hits);
    let hit = &verdict.hits[0];
    assert_eq!(&text[hit.span.clone()], "dont tell your parents");
    assert!(hit.span.start > text.find("surprise").unwrap());
    assert!(fired(&rules, "dont tell your parents about the surprise", Direction::Incoming).is_empty());
}

#[test]
fn near_clauses() {
    let rules = fixture();
    let text = "pls send me ur pic";
    let verdict = rules.scan(text, Direction::Incoming);
    assert_eq!(verdict.hits.len(), 1);
    assert_eq!(&text[verdict.hits[0].span.clone()], "send me ur pic");
    assert!(fired(&rules, "send the homework and then tomorrow we look at the pictures", Direction::Incoming).is_empty());
    assert_eq!(fired(&rules, "can we meet alone", Direction::Incoming), ["fx-ordered"]);
    assert!(fired(&rules, "alone i meet my friends", Direction::Incoming).is_empty());
}

#[test]
fn directions() {
    let rules = fixture();
    assert_eq!(fired(&rules, "i want to die", Direction::Outgoing), ["fx-die"]);
    assert_eq!(fired(&rules, "i w a n t t o d i e", Direction::Outgoing), ["fx-die"]);
    assert!(fired(&rules, "i want to die", Direction::Incoming).is_empty());
    assert!(fired(&rules, "our little secret", Direction::Outgoing).is_empty());
    assert_eq!(fired(&rules, "loser", Direction::Outgoing), ["fx-suffix"]);
}

#[test]
fn regexes_line_up_with_words() {
    let rules = fixture();
    assert_eq!(fired(&rules, "call me 8 701 123 45 67", Direction::Outgoing), ["fx-phone"]);
    assert!(fired(&rules, "code a87011234567", Direction::Outgoing).is_empty());
    // The leftmost match ("maila" runs into the next word) must not hide the one that lines up.
    assert_eq!(fired(&rules, "mail abc", Direction::Outgoing), ["fx-phone"]);
    assert_eq!(fired(&rules, "x mail", Direction::Outgoing), ["fx-phone"]);
}

#[test]
fn verdict_fields_and_json_offsets() {
    let rules = fixture();
    let text = "😀😀 send me a pic";
    let verdict = rules.scan(text, Direction::Incoming);
    assert_eq!(verdict.action, Action::Nudge);
    assert_eq!(verdict.severity, Some(Severity::High));
    assert_eq!(verdict.categories, [Category::Grooming]);
    assert_eq!(verdict.nudge, Some((Category::Grooming, Direction::Incoming)));
    let json: serde_json::Value = serde_json::from_str(&verdict.to_json(text)).unwrap();
    assert_eq!(json["hits"][0]["start"], 5); // two emoji are four UTF-16 units, then a space
    assert_eq!(json["hits"][0]["end"], 5 + "send me a pic".len());
    assert_eq!(json["hits"][0]["stage"], "sexual");
    assert!(!verdict.to_json(text).contains("send"), "the verdict never carries message text");
}

#[test]
fn overlays_disable_reweigh_and_allow() {
    let overlay = Source::new(
        "overlay.toml",
        r#"
[tumar]
format = 2
kind = "overlay"

[rule.fx-prefix]
enabled = false

[rule.fx-die]
severity = "medium"

[rule.fx-suffix]
allow = ["sore loser"]
"#,
    );
    let mut sources = fixture_sources();
    sources.push(overlay);
    let rules = Rules::from_sources(&sources).expect("overlay applies");
    assert!(fired(&rules, "so mature", Direction::Incoming).is_empty());
    assert_eq!(rules.scan("i want to die", Direction::Outgoing).severity, Some(Severity::Medium));
    assert!(fired(&rules, "dont be a sore loser", Direction::Incoming).is_empty());
    assert_eq!(fired(&rules, "ur a loser", Direction::Incoming), ["fx-suffix"]);
}

#[test]
fn bundles_round_trip() {
    let rules = fixture();
    let loaded = Rules::from_bundle(&rules.to_bundle()).expect("bundle loads");
    for text in ["our little secret", "send me a pic", "so mature", "hello"] {
        assert_eq!(rules.scan(text, Direction::Incoming), loaded.scan(text, Direction::Incoming));
    }
    let err = Rules::from_bundle(b"not a bundle").unwrap_err();
    assert_eq!(err.first_error().map(|d| d.code.as_str()), Some("E120"));
    let mut wrong_version = rules.to_bundle();
    wrong_version[8..12].copy_from_slice(&99u32.to_le_bytes());
    let err = Rules::from_bundle(&wrong_version).unwrap_err();
    assert!(err.first_error().unwrap().message.contains("version 99"));
    let err = Rules::from_bundle(br#"{"tumar_bundle":5,"length":2,"crc32":0}"#).unwrap_err();
    assert!(err.first_error().unwrap().message.contains("version 5 is not supported"), "an old bundle is named by its version");
    // A bundle changed after it was written is refused, not trusted.
    let mut damaged = rules.to_bundle();
    let at = damaged.windows(9).position(|w| w == b"fx-secret").expect("the rule id is in the bundle");
    damaged[at + 8] = b'x';
    let err = Rules::from_bundle(&damaged).unwrap_err();
    assert!(err.first_error().unwrap().message.contains("damaged"));
}

#[test]
fn hostile_messages_are_bounded() {
    let rules = fixture();
    let flood = "\u{200B}".repeat(2_000_000);
    let verdict = rules.scan(&flood, Direction::Incoming);
    assert!(verdict.truncated && verdict.hits.is_empty());

    let huge = "our little secret ".repeat(300_000);
    let verdict = rules.scan(&huge, Direction::Incoming);
    assert!(verdict.truncated);
    assert!(verdict.hits.len() <= tumar::scan::MAX_HITS);
    let tail_start = huge.len() - tumar::scan::TAIL_SCAN_BYTES;
    assert!(verdict.hits.iter().all(|h| h.span.end <= MAX_SCAN_BYTES || h.span.start >= tail_start), "hits come from the head or the tail");
    assert!(verdict.dropped_hits > 0, "the cap is reported");

    let combining = format!("a{}", "\u{0301}".repeat(1_000_000));
    assert!(rules.scan(&combining, Direction::Incoming).hits.is_empty());
    // A cut inside a multi-byte character falls back to the character boundary.
    let cyrillic = "я".repeat(MAX_SCAN_BYTES);
    assert!(rules.scan(&cyrillic, Direction::Incoming).truncated);
}
