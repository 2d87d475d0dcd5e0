//! Every regex of every rule: one multi-pattern regex that says which regexes match at all
//! (one pass), and one regex per pattern that finds the spans of those that do.

use crate::error::{Diagnostic, Diagnostics};
use crate::rules::RuleSet;
use regex_automata::hybrid::dfa::{Cache, DFA};
use std::sync::Mutex;
use regex_automata::meta::{self, Regex};
use regex_automata::MatchKind;

/// Largest compiled size of one regex (NFA), in bytes.
pub const MAX_REGEX_NFA_BYTES: usize = 1 << 20;

/// The compiled regexes.
#[derive(Debug, Default)]
pub(crate) struct RegexMatcher {
    /// All patterns at once, for `which_overlapping_matches`; `None` when there are none.
    pub all: Option<Regex>,
    /// Pattern `i` alone.
    pub each: Vec<WordRegex>,
    /// The lazy DFAs' caches, kept between messages so that states built once are reused
    /// (building them again for every message was most of the regex cost).
    caches: Mutex<Vec<Option<Cache>>>,
}

impl Clone for RegexMatcher {
    fn clone(&self) -> RegexMatcher {
        RegexMatcher { all: self.all.clone(), each: self.each.clone(), caches: Mutex::default() }
    }
}

impl RegexMatcher {
    /// Runs `f` with the cache of regex `i` (a new one when the caches are in use elsewhere).
    pub fn with_cache<T>(&self, i: usize, f: impl FnOnce(Option<&mut Cache>) -> T) -> T {
        let Some(dfa) = self.each.get(i).and_then(|r| r.ends.as_ref()) else { return f(None) };
        match self.caches.try_lock() {
            Ok(mut caches) => {
                if caches.len() < self.each.len() {
                    caches.resize_with(self.each.len(), || None);
                }
                let cache = caches[i].get_or_insert_with(|| dfa.create_cache());
                f(Some(cache))
            }
            Err(_) => f(Some(&mut dfa.create_cache())),
        }
    }
}

/// One rule's regex, ready to find matches that line up with words.
#[derive(Debug, Clone)]
pub(crate) struct WordRegex {
    /// Index of the rule.
    pub rule: u32,
    /// Reports every end of an anchored match, so the scanner can pick one at a word end.
    pub ends: Option<DFA>,
    /// The regex itself: used where the lazy DFA cannot be built or gives up.
    pub regex: Regex,
}

fn config() -> meta::Config {
    meta::Config::new().nfa_size_limit(Some(MAX_REGEX_NFA_BYTES))
}

impl RegexMatcher {
    /// Compiles every regex of every enabled rule. Errors (E114) and warnings (W204, a regex
    /// that matches the empty string) go to `diagnostics`.
    pub fn build(set: &RuleSet, diagnostics: &mut Diagnostics) -> RegexMatcher {
        let mut each = Vec::new();
        let mut sources = Vec::new();
        for (index, rule) in set.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            for pattern in &rule.regexes {
                match Regex::builder().configure(config()).build(&pattern.source) {
                    Ok(regex) => {
                        if regex.is_match("") {
                            let d = Diagnostic::warning("W204", "this regex matches the empty string", pattern.location.clone())
                                .in_rule(Some(&rule.id))
                                .with_help("empty matches are never hits; use `+` instead of `*`");
                            diagnostics.push(d);
                        }
                        let ends = DFA::builder()
                            .configure(DFA::config().match_kind(MatchKind::All))
                            .syntax(regex_automata::util::syntax::Config::new())
                            .thompson(regex_automata::nfa::thompson::Config::new().nfa_size_limit(Some(MAX_REGEX_NFA_BYTES)))
                            .build(&pattern.source)
                            .ok();
                        each.push(WordRegex { rule: index as u32, ends, regex });
                        sources.push(pattern.source.as_str());
                    }
                    Err(e) => {
                        let d = Diagnostic::error("E114", format!("regex does not compile: {}", explain(&e)), pattern.location.clone())
                            .in_rule(Some(&rule.id));
                        diagnostics.push(d);
                    }
                }
            }
        }
        if sources.is_empty() || diagnostics.has_errors() {
            return RegexMatcher { all: None, each, caches: Mutex::default() };
        }
        let all = Regex::builder().configure(config().match_kind(MatchKind::All)).build_many(&sources);
        match all {
            Ok(all) => RegexMatcher { all: Some(all), each, caches: Mutex::default() },
            Err(e) => {
                let location = set.rules.iter().find_map(|r| r.regexes.first()).map(|p| p.location.clone());
                if let Some(location) = location {
                    diagnostics.push(Diagnostic::error("E114", format!("the regexes together do not compile: {}", explain(&e)), location));
                }
                RegexMatcher { all: None, each, caches: Mutex::default() }
            }
        }
    }
}

/// The useful part of a build error: the syntax error, or the size limit that was exceeded.
fn explain(error: &meta::BuildError) -> String {
    if let Some(limit) = error.size_limit() {
        return format!("it compiles to more than the limit of {} KiB; make it simpler", limit / 1024);
    }
    match error.syntax_error() {
        Some(syntax) => one_line(&syntax.to_string().replace("regex parse error:", "")),
        None => one_line(&error.to_string()),
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
