//! Checks across a whole rule set: duplicate ids (an error, always checked), and warnings that
//! a moderator should look at: pattern words that normalize to nothing, duplicate patterns,
//! rules without tests.

use super::model::{Phrase, Rule};
use super::pattern::Expr;
use crate::error::{excerpt, Diagnostic, Diagnostics};
use crate::normalize::normalize;
use std::collections::HashMap;

/// Runs the warning checks on `rules` and appends what they find to `diagnostics`.
pub(crate) fn lint(rules: &[Rule], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<PhraseKey, &str> = HashMap::new();
    for rule in rules {
        let rid = Some(rule.id.as_str());
        let terms = rule.near.iter().flat_map(|n| &n.terms);
        let all_phrases = rule.phrases.iter().map(|p| (p, true)).chain(rule.allow.iter().chain(terms).map(|p| (p, false)));
        for (phrase, is_rule_phrase) in all_phrases {
            let mut empty_words = Vec::new();
            let key = canonical(&phrase.expr, &mut empty_words);
            for word in empty_words {
                let what = if word == phrase.text.trim() { format!("pattern `{}`", excerpt(&word, 80)) } else { format!("`{}` in pattern `{}`", excerpt(&word, 40), excerpt(&phrase.text, 80)) };
                let d = Diagnostic::warning("W201", format!("{what} normalizes to nothing and never matches"), phrase.location.clone())
                    .in_rule(rid)
                    .with_help("it holds only punctuation, emoji or invisible characters; remove it");
                diagnostics.push(d);
            }
            if is_rule_phrase {
                duplicate_phrase(rule, phrase, key, &mut seen, diagnostics);
            }
        }
        if rule.tests.must_match.is_empty() || rule.tests.must_not_match.is_empty() {
            let missing = if rule.tests.must_match.is_empty() { "`match`" } else { "`no_match`" };
            let d = Diagnostic::warning("W203", format!("rule `{}` has no {missing} tests", rule.id), rule.location.clone())
                .in_rule(rid)
                .with_help("add messages that must fire (`match`) and near-misses that must not (`no_match`)");
            diagnostics.push(d);
        }
    }
}

/// E108 for every rule id used a second time.
pub(crate) fn duplicate_ids(rules: &[Rule], diagnostics: &mut Diagnostics) {
    let mut first: HashMap<&str, &Rule> = HashMap::new();
    for rule in rules {
        if let Some(earlier) = first.get(rule.id.as_str()) {
            let d = Diagnostic::error("E108", format!("duplicate rule id `{}`", rule.id), rule.location.clone())
                .in_rule(Some(&rule.id))
                .with_help(format!("first defined at {}:{}", earlier.location.file, earlier.location.line));
            diagnostics.push(d);
        } else {
            first.insert(&rule.id, rule);
        }
    }
}

/// What makes two patterns match the same messages: their structure with every word normalized.
type PhraseKey = String;

/// The pattern with every word normalized, as text; words that normalize to nothing go to
/// `empty`.
fn canonical(expr: &Expr, empty: &mut Vec<String>) -> String {
    match expr {
        Expr::Word(word) => {
            let folded = normalize(&word.text);
            if folded.is_empty() {
                empty.push(word.text.clone());
            }
            let (start, end) = (if word.open_start { "*" } else { "" }, if word.open_end { "*" } else { "" });
            format!("{start}{}{end}", folded.display_words())
        }
        Expr::Seq(parts) => parts.iter().map(|p| canonical(p, empty)).collect::<Vec<_>>().join(" "),
        Expr::Alt(options) => format!("({})", options.iter().map(|p| canonical(p, empty)).collect::<Vec<_>>().join("|")),
        Expr::Opt(inner) => format!("[{}]", canonical(inner, empty)),
        Expr::Gap(n) => format!("~{n}"),
        Expr::List(r) => format!("@{}", r.name),
    }
}

fn duplicate_phrase<'r>(rule: &'r Rule, phrase: &Phrase, key: PhraseKey, seen: &mut HashMap<PhraseKey, &'r str>, diagnostics: &mut Diagnostics) {
    match seen.get(&key) {
        Some(owner) => {
            let place = if *owner == rule.id { "earlier in this rule".to_string() } else { format!("in rule `{owner}`") };
            let d = Diagnostic::warning("W202", format!("pattern `{}` duplicates one {place}", excerpt(&phrase.text, 80)), phrase.location.clone())
                .in_rule(Some(&rule.id))
                .with_help("both normalize to the same pattern; keep one");
            diagnostics.push(d);
        }
        None => {
            seen.insert(key, &rule.id);
        }
    }
}
