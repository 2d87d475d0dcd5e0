//! Compiled rules × message → [`Verdict`]. Infallible and linear in the message length:
//! the message is normalized once, every pattern is found in one pass over the atom
//! occurrences, regexes in one more, and the work per message is capped.

mod explain;
mod near;
mod patterns;
mod scope;
mod verdict;

pub use explain::{Explanation, MatchedWord};
pub use verdict::{utf16_offset, Action, Hit, Verdict};

use crate::compile::{Owner, Role, Rules, WordRegex};
use crate::normalize::{normalize, Normalized};
use crate::vocab::Direction;
use near::{find_window, Occurrence};
use patterns::{find_matches, Matches};
use regex_automata::hybrid::dfa::{OverlappingState, DFA};
use regex_automata::{Anchored, Input, PatternSet};
use std::collections::HashMap;
use std::ops::Range;

/// Longest part of a message that is scanned, in bytes (the rest is ignored and the verdict
/// says `truncated`). Chat messages are far shorter; this bounds the work on hostile input.
pub const MAX_SCAN_BYTES: usize = 64 * 1024;

/// Most hits a verdict lists.
pub const MAX_HITS: usize = 64;

/// Most occurrences kept per near clause.
const MAX_NEAR_OCCURRENCES: usize = 256;

/// A hit before allow entries and merging: rule index and normalized unit range.
#[derive(Debug, Clone)]
struct RawHit {
    rule: u32,
    units: Range<usize>,
}

#[derive(Default)]
struct Found {
    hits: Vec<RawHit>,
    allows: Vec<RawHit>,
    near: HashMap<u32, Vec<Occurrence>>,
}

/// What is known about a message besides its text.
#[derive(Debug, Clone, Copy)]
struct Context<'a> {
    direction: Direction,
    languages: &'a [&'a str],
}

impl Rules {
    /// Scans one message sent in `direction` (relative to the protected child).
    pub fn scan(&self, text: &str, direction: Direction) -> Verdict {
        self.scan_in(text, direction, &[])
    }

    /// Scans one message whose language is known to be one of `languages` (tags such as `ru`;
    /// empty when unknown): rules whose scope lists none of them are skipped. Kazakh and Uzbek
    /// chats often switch to Russian, so pass every language a chat may use.
    pub fn scan_in(&self, text: &str, direction: Direction, languages: &[&str]) -> Verdict {
        let (scanned, truncated) = truncate(text, MAX_SCAN_BYTES);
        let normalized = normalize(scanned);
        let context = Context { direction, languages };
        let (found, _) = self.find_all(scanned, &normalized, context);
        let hits = self.finish(scanned, &normalized, found);
        Verdict::from_hits(hits, direction, truncated)
    }

    /// Every raw hit, allow match and near occurrence in a normalized message, and the pattern
    /// matches they came from.
    fn find_all(&self, text: &str, normalized: &Normalized, context: Context<'_>) -> (Found, Matches) {
        let mut found = Found::default();
        if normalized.is_empty() {
            return (found, Matches::default());
        }
        let matches = self.find_patterns(normalized, context, &mut found);
        self.find_regexes(text, normalized, context, &mut found);
        self.resolve_near(&mut found);
        (found, matches)
    }

    fn applies(&self, rule: u32, context: Context<'_>) -> bool {
        let rule = &self.set.rules[rule as usize];
        rule.direction.applies_to(context.direction) && rule.scope.admits_languages(context.languages)
    }

    fn find_patterns(&self, n: &Normalized, context: Context<'_>, found: &mut Found) -> Matches {
        let owners = &self.patterns.spec.owners;
        let applies: Vec<bool> = (0..self.set.rules.len() as u32).map(|rule| self.applies(rule, context)).collect();
        let matches = find_matches(&self.patterns, n, context.direction);
        for m in &matches.found {
            for owner in &owners[m.pattern as usize] {
                if applies[owner.rule as usize] {
                    record(n, owner, m.units.clone(), found);
                }
            }
        }
        matches
    }

    fn find_regexes(&self, text: &str, n: &Normalized, context: Context<'_>, found: &mut Found) {
        let Some(all) = &self.regexes.all else { return };
        let mut matching = PatternSet::new(all.pattern_len());
        all.which_overlapping_matches(&Input::new(n.as_str()), &mut matching);
        for pattern in matching.iter() {
            let regex = &self.regexes.each[pattern.as_usize()];
            if self.applies(regex.rule, context) {
                let validate = self.set.rules[regex.rule as usize].validate;
                let valid = |units: &Range<usize>| validate.is_none_or(|v| v.accepts(&text[n.original_span(units.clone())]));
                find_regex_at_word_starts(regex, n, &valid, found);
            }
        }
    }

    fn resolve_near(&self, found: &mut Found) {
        for (clause, occurrences) in &mut found.near {
            let spec = &self.patterns.spec.near[*clause as usize];
            occurrences.sort_by_key(|o| (o.start, o.end));
            if let Some((start, end)) = find_window(occurrences, spec.terms, spec.within, spec.ordered) {
                found.hits.push(RawHit { rule: spec.rule, units: start..end });
            }
        }
    }

    /// Drops hits an allow entry of the same rule overlaps and hits written in scripts outside
    /// their rule's scope, merges overlapping hits of one rule, maps them to the original text
    /// and orders them.
    fn finish(&self, text: &str, n: &Normalized, found: Found) -> Vec<Hit> {
        let Found { mut hits, allows, .. } = found;
        hits.retain(|h| !allows.iter().any(|a| a.rule == h.rule && overlaps(&a.units, &h.units)));
        hits.retain(|h| scope::script_admits(&self.set.rules[h.rule as usize].scope.scripts, &text[n.original_span(h.units.clone())]));
        hits.sort_by_key(|h| (h.rule, h.units.start, h.units.end));
        let mut merged: Vec<RawHit> = Vec::with_capacity(hits.len());
        for hit in hits {
            match merged.last_mut() {
                Some(last) if last.rule == hit.rule && hit.units.start < last.units.end => {
                    last.units.end = last.units.end.max(hit.units.end);
                }
                _ => merged.push(hit),
            }
        }
        let mut out: Vec<Hit> = merged
            .into_iter()
            .map(|h| {
                let rule = &self.set.rules[h.rule as usize];
                Hit {
                    rule: rule.id.clone(),
                    category: rule.category,
                    stage: rule.stage,
                    severity: rule.severity,
                    span: n.original_span(h.units),
                }
            })
            .collect();
        out.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
        out.truncate(MAX_HITS);
        out
    }
}

/// Hits of one regex: from every word start, the longest anchored match that ends at a word
/// end (so that a match running into the next word cannot hide one that lines up) and that
/// passes the rule's validator (`valid`).
fn find_regex_at_word_starts(regex: &WordRegex, n: &Normalized, valid: &dyn Fn(&Range<usize>) -> bool, found: &mut Found) {
    let mut cache = regex.ends.as_ref().map(DFA::create_cache);
    let mut resume = 0;
    let mut hits = 0;
    for unit in n.units().iter().filter(|u| u.starts_word) {
        let start = unit.byte as usize;
        if start < resume {
            continue;
        }
        let input = Input::new(n.as_str()).range(start..).anchored(Anchored::Yes);
        let end = match (&regex.ends, cache.as_mut()) {
            (Some(dfa), Some(cache)) => longest_word_end(dfa, cache, &input, n),
            _ => regex.regex.search(&input).map(|m| m.end()),
        };
        let Some(end) = end.filter(|&end| end > start) else { continue };
        let units = n.unit_range(start..end);
        if starts_and_ends_words(n, &units) && valid(&units) {
            found.hits.push(RawHit { rule: regex.rule, units });
            resume = end;
            hits += 1;
            if hits == MAX_HITS {
                return;
            }
        }
    }
}

/// The last (longest) end of an anchored match that falls on a word end, or, if the lazy DFA
/// gives up, the end the regex itself finds.
fn longest_word_end(dfa: &DFA, cache: &mut regex_automata::hybrid::dfa::Cache, input: &Input<'_>, n: &Normalized) -> Option<usize> {
    let mut state = OverlappingState::start();
    let mut best = None;
    loop {
        if dfa.try_search_overlapping_fwd(cache, input, &mut state).is_err() {
            return best;
        }
        let Some(m) = state.get_match() else { return best };
        let end = m.offset();
        if end > input.start() && n.units()[n.unit_at(end - 1)].ends_word {
            best = Some(end);
        }
    }
}

fn record(n: &Normalized, owner: &Owner, units: Range<usize>, found: &mut Found) {
    match owner.role {
        Role::Phrase { .. } => found.hits.push(RawHit { rule: owner.rule, units }),
        Role::Allow { .. } => found.allows.push(RawHit { rule: owner.rule, units }),
        Role::NearTerm { clause, term } => {
            let list = found.near.entry(clause).or_default();
            if list.len() < MAX_NEAR_OCCURRENCES {
                let u = n.units();
                let (first_word, last_word) = (u[units.start].word, u[units.end - 1].word);
                list.push(Occurrence { term, first_word, last_word, start: units.start, end: units.end });
            }
        }
    }
}

/// Whether a match over `units` starts a word and ends one.
fn starts_and_ends_words(n: &Normalized, units: &Range<usize>) -> bool {
    let u = n.units();
    u[units.start].starts_word && u[units.end - 1].ends_word
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The longest prefix of `text` of at most `limit` bytes that ends on a character boundary,
/// and whether anything was cut.
fn truncate(text: &str, limit: usize) -> (&str, bool) {
    if text.len() <= limit {
        return (text, false);
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}
