//! `tumar explain [--direction D] [--lang L] TEXT`: the normalized text, each hit with its
//! span marked in the original, which words of which pattern matched, and the verdict.

use crate::args::{Common, ExplainArgs};
use crate::load;
use tumar::normalize::normalize;
use tumar::Direction;

pub fn run(common: &Common, args: &ExplainArgs) -> u8 {
    let text = args.text.join(" ");
    let direction = Direction::from(args.direction);
    let languages: Vec<&str> = args.languages.iter().map(String::as_str).collect();
    let Some(rules) = load::rules(common, None) else { return 1 };
    let verdict = rules.scan_in(&text, direction, &languages);
    say!("text:       {text}");
    say!("normalized: {}", normalize(&text).display_words());
    say!("direction:  {direction}");
    if !languages.is_empty() {
        say!("languages:  {}", languages.join(", "));
    }
    if verdict.fired().next().is_none() {
        say!("hits:       none");
    }
    for hit in verdict.fired() {
        let stage = hit.stage.map(|s| format!("/{s}")).unwrap_or_default();
        let label = if hit.severity == tumar::Severity::Signal { "signal:" } else { "hit:" };
        say!("{label:<12}{} ({}{stage}, {})", hit.rule, hit.category, hit.severity);
        say!("            {}", mark(&text, hit.span.clone()));
    }
    let hit_rules: Vec<&str> = verdict.fired().map(|h| h.rule.as_str()).collect();
    // Near terms alone fire nothing: they are shown for rules that hit.
    let shown = rules.explain(&text, direction, &languages).into_iter().filter(|e| e.role != "near term" || hit_rules.contains(&e.rule.as_str()));
    for explanation in shown {
        let pattern = explanation.pattern.as_deref().map(|p| format!(" {p:?}")).unwrap_or_default();
        say!("matched:    {} {}{pattern}", explanation.rule, explanation.role);
        let words: Vec<String> = explanation.words.iter().map(|w| format!("{} = {:?}", w.pattern_word, &text[w.span.clone()])).collect();
        say!("            {}", words.join(", "));
    }
    let categories: Vec<&str> = verdict.categories.iter().map(|c| c.as_str()).collect();
    let nudge = verdict.nudge.map(|(c, d)| format!(" ({c}, {d})")).unwrap_or_default();
    let severity = verdict.severity.map_or("none", |s| s.as_str());
    say!("verdict:    {}{nudge}, severity {severity}, categories [{}]", verdict.action.as_str(), categories.join(", "));
    if verdict.truncated {
        say!(
            "            (longer than the scan window: the first {} and the last {} bytes of folded text were scanned)",
            tumar::scan::MAX_SCAN_BYTES,
            tumar::scan::TAIL_SCAN_BYTES
        );
    }
    0
}

/// The text with the span between `⟦` and `⟧` (line breaks shown as `⏎`).
fn mark(text: &str, span: std::ops::Range<usize>) -> String {
    format!("{}⟦{}⟧{}", &text[..span.start], &text[span.clone()], &text[span.end..]).replace('\n', "⏎")
}
