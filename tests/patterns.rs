//! Pattern syntax 2 as a rule author uses it: alternatives, optional words, gaps, shared word
//! lists, wildcards inside patterns, scopes, allow context; diagnostics pointing at the part of
//! the pattern that is wrong; and the compiler's promise not to multiply alternatives.

use tumar::rules::{read_dir, Source};
use tumar::compile::Texts;
use tumar::scan::Explanation;
use tumar::{Direction, Rules};

fn fixture() -> Rules {
    let sources = read_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/patterns"))).0;
    Rules::from_sources(&sources).expect("pattern fixture compiles")
}

fn fired(rules: &Rules, text: &str, direction: Direction) -> Vec<String> {
    rules.scan(text, direction).hits.into_iter().map(|h| h.rule).collect()
}

fn one_rule(body: &str) -> Result<Rules, tumar::Diagnostics> {
    let text = format!("[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\n{body}\nmatch = [\"x\"]\nno_match = [\"y\"]\n");
    Rules::from_sources(&[Source::new("t.toml", text)])
}

#[test]
fn fixture_self_tests_pass() {
    let report = tumar::selftest::run(&fixture());
    assert_eq!(report.failed(), 0, "{:?}", report.failures);
    assert_eq!(report.passed, 26);
}

#[test]
fn gaps_tolerate_filler_but_stay_bounded() {
    let rules = fixture();
    for text in ["send pic", "send me pic", "send me a pic", "send me one more pic", "s e n d me a p i c"] {
        assert_eq!(fired(&rules, text, Direction::Incoming), ["px-gap"], "{text:?}");
    }
    assert!(fired(&rules, "send me one more cute little pic", Direction::Incoming).is_empty());
}

#[test]
fn words_glued_together_still_match() {
    let rules = fixture();
    assert_eq!(fired(&rules, "donttell ur mom", Direction::Incoming), ["px-alternatives"]);
    assert_eq!(fired(&rules, "iwanttodie", Direction::Outgoing), ["px-optional"]);
    // A pattern word never matches across two message words, nor part of a word at the edges.
    assert!(fired(&rules, "dont tell ur mo m", Direction::Incoming).is_empty());
    assert!(fired(&rules, "dont tell ur mommy", Direction::Incoming).is_empty());
}

#[test]
fn allow_context_cancels_only_what_it_overlaps() {
    let rules = fixture();
    assert!(fired(&rules, "you are not ugly", Direction::Incoming).is_empty());
    assert_eq!(fired(&rules, "you are not ugly. jk u r ugly", Direction::Incoming), ["px-allow-negation"]);
}

#[test]
fn script_scope_keeps_latin_abbreviations_off_cyrillic() {
    let rules = fixture();
    assert_eq!(fired(&rules, "kms", Direction::Outgoing), ["px-latin-only"]);
    assert!(fired(&rules, "КМС", Direction::Outgoing).is_empty());
    assert!(fired(&rules, "у меня кмс по боксу", Direction::Outgoing).is_empty());
}

#[test]
fn language_hints_narrow_to_the_rules_in_scope() {
    let rules = fixture();
    let text = "не говори родителям";
    assert_eq!(rules.scan_in(text, Direction::Incoming, &[]).hits.len(), 1);
    assert_eq!(rules.scan_in(text, Direction::Incoming, &["kk"]).hits.len(), 1);
    assert_eq!(rules.scan_in(text, Direction::Incoming, &["en", "ru"]).hits.len(), 1);
    assert!(rules.scan_in(text, Direction::Incoming, &["en"]).hits.is_empty());
    // An English file without `languages` is scoped to English.
    assert!(rules.scan_in("send me a pic", Direction::Incoming, &["ru"]).hits.is_empty());
}

#[test]
fn explain_names_the_pattern_and_the_words() {
    let rules = fixture();
    let explained = rules.explain("pls send me a cute pic", Direction::Incoming, &[]);
    let gap = explained.iter().find(|e| e.rule == "px-gap").expect("px-gap explained");
    assert_eq!(gap.pattern.as_deref(), Some("@send ~3 @picture"));
    let words: Vec<(&str, &str)> = gap.words.iter().map(|w| (w.pattern_word.as_str(), &"pls send me a cute pic"[w.span.clone()])).collect();
    assert_eq!(words, [("send", "send"), ("pic", "pic")]);
}

#[test]
fn a_bundle_explains_with_the_patterns_as_written_only_when_it_keeps_them() {
    let rules = fixture();
    let text = "pls send me a cute pic";
    let from_files = rules.explain(text, Direction::Incoming, &[]);
    let kept = Rules::from_bundle(&rules.write_bundle(Texts::Keep).bytes).expect("bundle loads");
    assert_eq!(kept.explain(text, Direction::Incoming, &[]), from_files);
    let (written, loaded) = (&rules.rule_set().rules[0].location, &kept.rule_set().rules[0].location);
    assert!(written.file.ends_with(&format!("/{}", loaded.file)) && written.line == loaded.line, "{loaded:?}");
    // Without texts: the same rules, roles and matched words, no pattern as written.
    let lean_bundle = rules.write_bundle(Texts::Omit).bytes;
    let lean = Rules::from_bundle(&lean_bundle).expect("bundle loads");
    let without: Vec<_> = from_files.iter().map(|e| Explanation { pattern: None, ..e.clone() }).collect();
    assert_eq!(lean.explain(text, Direction::Incoming, &[]), without);
    assert!(lean.rule_set().rules.iter().all(|r| r.phrases.is_empty() && r.regexes.is_empty()));
    assert!(lean_bundle.len() < rules.write_bundle(Texts::Keep).bytes.len());
    assert_eq!(lean.scan(text, Direction::Incoming), rules.scan(text, Direction::Incoming));
}

#[test]
fn alternatives_are_compiled_not_multiplied() {
    let six = |tag: &str| format!("({})", (1..=6).map(|i| format!("{tag}{i}x")).collect::<Vec<_>>().join("|"));
    let pattern = format!("{} {} {}", six("a"), six("b"), six("c"));
    let rules = one_rule(&format!("phrases = [\"{pattern}\"]")).expect("compiles");
    // 18 distinct words in the automaton, not 216 three-word literals.
    let size = rules.automaton_size();
    assert_eq!((size.words, size.positions), (18, 18));
    assert!(size.edges <= 24, "{size:?}");
    assert_eq!(fired(&rules, "a3x b6x c1x", Direction::Incoming), ["t"]);
    assert!(fired(&rules, "a3x c1x b6x", Direction::Incoming).is_empty());
    let loaded = Rules::from_bundle(&rules.to_bundle()).expect("bundle loads");
    assert_eq!(fired(&loaded, "a3x b6x c1x", Direction::Incoming), ["t"]);
}

#[test]
fn diagnostics_point_into_the_pattern() {
    let cases = [
        ("phrases = [\"send (nudes\"]", "E121", 18),
        ("phrases = [\"send nudes]\"]", "E121", 23),
        ("phrases = [\"send @pics\"]", "E122", 18),
        ("phrases = [\"send ~12 pics\"]", "E123", 18),
        ("phrases = [\"~2 pics\"]", "E123", 13),
        ("phrases = [\"[send] [pics]\"]", "E124", 13),
        ("phrases = [\"se*nd\"]", "E111", 13),
    ];
    for (body, code, column) in cases {
        let errors = one_rule(body).expect_err(body);
        let first = errors.first_error().expect("an error");
        assert_eq!((first.code.as_str(), first.location.column), (code, column), "{body}: {first}");
        assert_eq!(first.location.line, 10, "{body}");
    }
}

#[test]
fn list_cycles_and_unused_lists() {
    let lists = "[tumar]\nformat = 2\nkind = \"lists\"\nlanguage = \"en\"\n\n[lists]\na = [\"x\", \"@b\"]\nb = [\"@a\"]\nunused = [\"z\"]\n";
    let rule = "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nphrases = [\"@a\"]\nmatch = [\"x\"]\nno_match = [\"y\"]\n";
    let errors = Rules::from_sources(&[Source::new("lists.toml", lists), Source::new("t.toml", rule)]).expect_err("a cycle");
    assert!(errors.errors().any(|d| d.code == "E126"), "{errors}");
    let fine = "[tumar]\nformat = 2\nkind = \"lists\"\nlanguage = \"en\"\n\n[lists]\na = [\"x\"]\nunused = [\"z\"]\n";
    let rules = Rules::from_sources(&[Source::new("lists.toml", fine), Source::new("t.toml", rule)]).expect("compiles");
    assert!(rules.warnings().iter().any(|d| d.code == "W205" && d.message.contains("@unused")));
}

#[test]
fn format_1_files_are_reported_with_a_hint() {
    let text = "[tumar]\nformat = 1\nlanguage = \"en\"\ncategory = \"bullying\"\n";
    let errors = Rules::from_sources(&[Source::new("old.toml", text)]).expect_err("format 1");
    let first = errors.first_error().unwrap();
    assert_eq!(first.code, "E102");
    assert!(first.help.as_deref().unwrap_or("").contains("format = 2"), "{first}");
}

#[test]
fn a_gap_may_skip_nothing_even_when_words_are_glued_or_spaced() {
    let rules = fixture();
    assert_eq!(fired(&rules, "sendpic", Direction::Incoming), ["px-gap"]);
    assert_eq!(fired(&rules, "s e n d p i c", Direction::Incoming), ["px-gap"]);
}

#[test]
fn an_alternative_that_normalizes_to_nothing_never_matches() {
    let rules = one_rule("phrases = [\"my address (is|=) here\"]").expect("compiles with a warning");
    assert!(rules.warnings().iter().any(|w| w.code == "W201"));
    assert_eq!(fired(&rules, "my address is here", Direction::Incoming), ["t"]);
    assert!(fired(&rules, "my address here", Direction::Incoming).is_empty(), "`=` is not an optional word");
}

#[test]
fn an_open_end_glues_and_goes_on_inside_spaced_letters() {
    let rules = one_rule("phrases = [\"naked* pic\"]").expect("compiles");
    for text in ["naked pic", "nakedpic", "nakedish pic", "n a k e d p i c", "n a k e d i s h p i c"] {
        assert_eq!(fired(&rules, text, Direction::Incoming), ["t"], "{text:?}");
    }
    assert!(fired(&rules, "nakedishpic", Direction::Incoming).is_empty(), "a glued suffix is not a word boundary");
}

#[test]
fn luhn_validation_keeps_card_numbers_only() {
    let rules = one_rule("regex = [\"[0-9]{13,19}\"]\nvalidate = \"luhn\"").expect("compiles");
    assert_eq!(fired(&rules, "my card is 4111 1111 1111 1111", Direction::Outgoing), ["t"]);
    assert_eq!(fired(&rules, "5500-0000-0000-0004", Direction::Outgoing), ["t"]);
    assert!(fired(&rules, "order 4111 1111 1111 1112", Direction::Outgoing).is_empty(), "fails the checksum");
    assert!(fired(&rules, "call +7 701 234 56 78", Direction::Outgoing).is_empty());
    let errors = one_rule("phrases = [\"card\"]\nvalidate = \"luhn\"").expect_err("validate needs a regex");
    assert_eq!(errors.first_error().map(|d| d.code.as_str()), Some("E127"));
    let errors = one_rule("regex = [\"[0-9]+\"]\nvalidate = \"crc\"").expect_err("unknown validator");
    assert_eq!(errors.first_error().map(|d| d.code.as_str()), Some("E106"));
}
