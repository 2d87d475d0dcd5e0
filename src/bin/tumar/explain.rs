//! `tumar explain [--direction D] TEXT`: the normalized text, each hit with its span marked
//! in the original, and the verdict.

use crate::args::Args;
use crate::load;
use tumar::normalize::normalize;
use tumar::Direction;

pub fn run(args: &Args) -> u8 {
    let text = args.positional.join(" ");
    if text.is_empty() {
        eprintln!("tumar explain: usage: tumar explain [--direction incoming|outgoing] TEXT");
        return 2;
    }
    let Some(direction) = parse_direction(args.direction.as_deref()) else { return 2 };
    let Some(rules) = load::rules(args, None) else { return 1 };
    let verdict = rules.scan(&text, direction);
    say!("text:       {text}");
    say!("normalized: {}", normalize(&text).display_words());
    say!("direction:  {direction}");
    if verdict.hits.is_empty() {
        say!("hits:       none");
    }
    for hit in &verdict.hits {
        let stage = hit.stage.map(|s| format!("/{s}")).unwrap_or_default();
        say!("hit:        {} ({}{stage}, {})", hit.rule, hit.category, hit.severity);
        say!("            {}", mark(&text, hit.span.clone()));
    }
    let categories: Vec<&str> = verdict.categories.iter().map(|c| c.as_str()).collect();
    let nudge = verdict.nudge.map(|(c, d)| format!(" ({c}, {d})")).unwrap_or_default();
    let severity = verdict.severity.map_or("none", |s| s.as_str());
    say!("verdict:    {}{nudge}, severity {severity}, categories [{}]", verdict.action.as_str(), categories.join(", "));
    if verdict.truncated {
        say!("            (only the first {} bytes were scanned)", tumar::scan::MAX_SCAN_BYTES);
    }
    0
}

/// The direction named by `--direction`, incoming by default; prints an error for others.
pub fn parse_direction(name: Option<&str>) -> Option<Direction> {
    match name.unwrap_or("incoming") {
        "incoming" => Some(Direction::Incoming),
        "outgoing" => Some(Direction::Outgoing),
        other => {
            eprintln!("tumar: unknown direction `{other}`: expected `incoming` or `outgoing`");
            None
        }
    }
}

/// The text with the span between `⟦` and `⟧` (line breaks shown as `⏎`).
fn mark(text: &str, span: std::ops::Range<usize>) -> String {
    format!("{}⟦{}⟧{}", &text[..span.start], &text[span.clone()], &text[span.end..]).replace('\n', "⏎")
}
