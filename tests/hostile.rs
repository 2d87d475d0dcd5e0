//! Hostile input, as an offender or an attacker would write it: padding of every kind never
//! hides a harm, caps never decide which harm wins, and work stays linear. Each case is a
//! finding of the adversarial pass (issue 12) kept as a regression test.

use tumar::{Category, Direction, Rules, Severity, Source};

fn shipped() -> Rules {
    Rules::builtin().expect("the shipped rules load")
}

fn nudge(rules: &Rules, text: &str) -> Option<(Category, Direction)> {
    rules.scan(text, Direction::Incoming).nudge
}

#[test]
fn filler_before_a_threat_does_not_crowd_it_out() {
    let rules = shipped();
    let text = format!("{}i will post your nudes", "your ".repeat(254));
    assert_eq!(nudge(&rules, &text).map(|n| n.0), Some(Category::Sextortion));
}

#[test]
fn many_low_hits_do_not_push_out_a_high_one() {
    let rules = shipped();
    let text = format!("{}i have your nudes", "ugly af. ".repeat(64));
    let verdict = rules.scan(&text, Direction::Incoming);
    assert_eq!(verdict.severity, Some(Severity::High));
    assert_eq!(verdict.nudge.map(|n| n.0), Some(Category::Sextortion));
    assert!(verdict.hits.iter().any(|h| h.category == Category::Sextortion), "the severe hit is listed");
    assert!(verdict.hits.len() <= tumar::scan::MAX_HITS);
    assert!(verdict.dropped_hits > 0, "the verdict says hits were left out");
}

#[test]
fn invisible_padding_does_not_push_a_harm_out_of_the_window() {
    let rules = shipped();
    let text = format!("{}don't tell your parents about us", "\u{200B}".repeat(22_000));
    assert_eq!(nudge(&rules, &text).map(|n| n.0), Some(Category::Grooming));
    let text = format!("{}don't tell your parents about us", "\u{2060}\u{200D}\u{FEFF}".repeat(20_000));
    assert_eq!(nudge(&rules, &text).map(|n| n.0), Some(Category::Grooming));
}

#[test]
fn a_harm_at_the_end_of_a_long_message_is_found() {
    let rules = shipped();
    let text = format!("{} i will post your nudes", "lol ok ".repeat(20_000));
    let verdict = rules.scan(&text, Direction::Incoming);
    assert!(verdict.truncated);
    assert_eq!(verdict.nudge.map(|n| n.0), Some(Category::Sextortion));
    let hit = verdict.hits.iter().find(|h| h.category == Category::Sextortion).expect("a hit");
    assert_eq!(&text[hit.span.clone()].split_whitespace().last(), &Some("nudes"));
}

#[test]
fn a_harm_deep_in_a_long_chat_log_full_of_pattern_words_is_found() {
    // Chat that starts many patterns and completes none, in three languages.
    let rules = shipped();
    let chat = "hey are you there? send me the homework pls. my mom said you can come to my house after school. \
                where are you now, tell me when you get home. ты где? скинь домашку. мен үйге келдім. ";
    let filler = chat.repeat(50_000 / chat.len());
    assert!(rules.scan(&filler, Direction::Incoming).nudge.is_none(), "the filler alone is ordinary chat");
    let text = format!("{filler}don't tell your parents about us. {}", "ok ".repeat(2_000));
    assert!(text.len() < tumar::scan::MAX_SCAN_BYTES, "the harm is scanned in the head, not the tail");
    let verdict = rules.scan(&text, Direction::Incoming);
    let hit = verdict.hits.iter().find(|h| h.category == Category::Grooming).expect("the secrecy request is found");
    assert!(hit.span.start >= filler.len(), "{:?} lies in the harm", hit.span);
}

#[test]
fn a_harm_after_a_window_full_of_ordinary_chat_is_found() {
    // Ordinary chat holds about one pattern word (or word inside a word) per letter: a message
    // that nearly fills the window with it must still be scanned to its end.
    let rules = shipped();
    let chat = "what are you doing tonight? we could watch something or just talk, i dont really mind. \
                did you finish the homework for tomorrow, the one about the river and the mountains? \
                my brother keeps taking my charger, its so annoying, i told him like five times already. ";
    let harm = "don't tell your parents about us";
    let filler = chat.repeat((tumar::scan::MAX_SCAN_BYTES - 2_000) / chat.len());
    assert!(rules.scan(&filler, Direction::Incoming).nudge.is_none(), "the filler alone is ordinary chat");
    let text = format!("{filler}{harm}");
    assert!(text.len() < tumar::scan::MAX_SCAN_BYTES, "the harm is scanned in the head, not the tail");
    let verdict = rules.scan(&text, Direction::Incoming);
    assert!(!verdict.truncated);
    let hit = verdict.hits.iter().find(|h| h.category == Category::Grooming).expect("the secrecy request is found");
    assert!(hit.span.start >= filler.len(), "{:?} lies in the harm", hit.span);
}

#[test]
fn a_custom_regex_cannot_make_scanning_quadratic() {
    let file = "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nregex = [\"[a-z]+7\"]\nmatch = [\"ab7\"]\nno_match = [\"ab\"]\n";
    let rules = Rules::from_sources(&[Source::new("t.toml", file)]).expect("compiles");
    // Every anchored search stops after MAX_REGEX_HIT_BYTES, so this is linear in the length.
    let text = format!("{}77", "ab ".repeat(21_000));
    let verdict = rules.scan(&text, Direction::Incoming);
    assert!(verdict.hits.is_empty());
    assert_eq!(rules.scan("ab 7", Direction::Incoming).hits.len(), 1);
}

#[test]
fn every_changed_byte_of_a_bundle_is_refused() {
    let bundle = shipped().to_bundle();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..300 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut flipped = bundle.clone();
        let at = (seed % flipped.len() as u64) as usize;
        flipped[at] ^= 1 << (seed % 8);
        let error = Rules::from_bundle(&flipped).expect_err("a changed bundle is refused");
        assert_eq!(error.first_error().map(|d| d.code.as_str()), Some("E120"), "bit flip at byte {at}");
    }
    let text = String::from_utf8_lossy(&bundle);
    assert!(!text.contains("/work/") && !text.contains("/home/") && !text.contains("/root/"), "no machine paths");
}

#[test]
fn a_rule_file_with_one_huge_line_loads_in_bounded_memory() {
    let phrases: Vec<String> = (0..20_000).map(|i| format!("\"x{i} (y\"")).collect();
    let file = format!(
        "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nphrases = [{}]\n",
        phrases.join(", ")
    );
    let errors = Rules::from_sources(&[Source::new("huge.toml", file)]).expect_err("20,000 broken patterns");
    assert_eq!(errors.errors().count(), 20_000);
    assert!(errors.iter().all(|d| d.location.source_line.chars().count() <= tumar::error::MAX_SHOWN_LINE_CHARS));
    let rendered = errors.to_string();
    assert!(rendered.len() < 200_000, "{} bytes of output", rendered.len());
    assert!(rendered.contains("more; fix the ones above first"));
}

#[test]
fn unicode_classes_in_regexes_are_refused_on_every_target() {
    for regex in ["\\\\p{L}+", "\\\\p{Cyrillic}", "a\\\\pN", "\\\\P{L}"] {
        let file = format!("[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nregex = [\"{regex}\"]\n");
        let errors = Rules::from_sources(&[Source::new("t.toml", file)]).expect_err(regex);
        assert_eq!(errors.first_error().map(|d| d.code.as_str()), Some("E114"), "{regex}");
    }
    let file = "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nregex = [\"\\\\\\\\p[0-9]+\"]\nmatch = [\"x\"]\nno_match = [\"y\"]\n";
    assert!(Rules::from_sources(&[Source::new("t.toml", file)]).is_ok(), "an escaped backslash before p is a literal");
}

/// `bundle` with its payload changed by `edit` and its checksum and length written again, as
/// an attacker who knows the format would.
fn rechecksummed(bundle: &[u8], edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut payload = bundle[20..].to_vec();
    edit(&mut payload);
    let mut out = bundle[..12].to_vec();
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&adler2::adler32_slice(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

fn refused_with_e120(bundle: &[u8]) -> bool {
    Rules::from_bundle(bundle).is_err_and(|e| e.first_error().is_some_and(|d| d.code == "E120"))
}

#[test]
fn a_bundle_with_a_valid_checksum_is_still_checked_index_by_index() {
    let bundle = shipped().to_bundle();
    assert!(Rules::from_bundle(&rechecksummed(&bundle, |_| ())).is_ok(), "rewriting the checksum alone changes nothing");
    // Cut anywhere, or with bytes after its end: refused.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let payload_len = bundle.len() - 20;
    for _ in 0..40 {
        let cut = (next() % payload_len as u64) as usize;
        assert!(refused_with_e120(&rechecksummed(&bundle, |p| p.truncate(cut))), "cut at {cut}");
    }
    assert!(refused_with_e120(&rechecksummed(&bundle, |p| p.push(0))), "a byte after the end");
    // Any byte changed: refused with E120, or loaded as other valid rules that scan without
    // panicking (a changed letter of a rule id is still a valid bundle).
    let mut refused = 0;
    for _ in 0..150 {
        let (at, value) = ((next() % payload_len as u64) as usize, next() as u8);
        let tampered = rechecksummed(&bundle, |p| p[at] = value);
        match Rules::from_bundle(&tampered) {
            Ok(rules) => {
                for text in ["send me a pic of u", "ты дома? скинь фото", "my number is 87011234567", "رقمي 0501234567"] {
                    let _ = rules.scan(text, Direction::Incoming);
                    let _ = rules.explain(text, Direction::Outgoing, &[]);
                }
            }
            Err(e) => {
                assert_eq!(e.first_error().map(|d| d.code.as_str()), Some("E120"), "byte {at} set to {value}");
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "some of the changes are caught by the index checks");
}

#[test]
fn the_texts_of_a_bundle_are_checked_like_its_tables() {
    let bundle = shipped().write_bundle(tumar::compile::Texts::Keep);
    let texts = bundle.parts.iter().find(|p| p.name == "texts").expect("a texts part").bytes.clone();
    let mut seed = 0xD1B5_4A32_D192_ED03u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Offsets in the payload (after the 20 header bytes) that fall inside the texts.
    let mut inside = || texts.start - 20 + (next() % texts.len() as u64) as usize;
    for _ in 0..10 {
        let cut = inside();
        assert!(refused_with_e120(&rechecksummed(&bundle.bytes, |p| p.truncate(cut))), "cut at {cut}");
    }
    // A changed byte: refused, or other valid texts that explain without panicking.
    for _ in 0..30 {
        let (at, value) = (inside(), inside() as u8);
        match Rules::from_bundle(&rechecksummed(&bundle.bytes, |p| p[at] = value)) {
            Ok(rules) => {
                for text in ["send me a pic of u", "ты дома? скинь фото", "my number is 87011234567"] {
                    let _ = rules.explain(text, Direction::Incoming, &[]);
                }
            }
            Err(e) => assert_eq!(e.first_error().map(|d| d.code.as_str()), Some("E120"), "byte {at} set to {value}"),
        }
    }
}
