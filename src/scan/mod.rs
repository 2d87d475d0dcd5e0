//! Compiled rules × message → [`Verdict`]. Infallible and linear in the message length:
//! the message is normalized once, every pattern is found in one pass over the atom
//! occurrences, regexes in one more, and the work per message is capped.

mod explain;
mod near;
mod patterns;
mod scope;
mod verdict;
mod window;
mod workspace;

pub use explain::{Explanation, MatchedWord};
pub use verdict::{utf16_offset, Action, Hit, Verdict, MAX_HITS};
pub(crate) use verdict::{NudgeJson, VerdictJson};
pub use window::{MAX_MESSAGE_BYTES, MAX_SCAN_BYTES, TAIL_SCAN_BYTES};

use crate::compile::{Owner, Role, Rules};
use crate::normalize::{normalize_into, Normalized};
use crate::order;
use crate::vocab::Direction;
use near::{find_window, Occurrence};
use patterns::{find_matches, Matching};
use window::Window;
use workspace::Workspace;
use regex_automata::dfa::dense::DFA;
use regex_automata::dfa::{Automaton, OverlappingState};
use regex_automata::{Anchored, Input};
use std::ops::Range;

/// Longest regex hit, in normalized bytes: each anchored search stops there, so a regex costs
/// at most this much work per word start and scanning stays linear in the message.
pub const MAX_REGEX_HIT_BYTES: usize = 256;

/// A hit before allow entries and merging: rule index and normalized unit range.
#[derive(Debug, Clone)]
struct RawHit {
    rule: u32,
    units: Range<usize>,
}

/// What the patterns and regexes found in one message, before [`Rules::finish`].
#[derive(Default)]
struct Found {
    hits: Vec<RawHit>,
    allows: Vec<RawHit>,
    /// Near-term occurrences: (clause, order of finding, occurrence).
    near: Vec<(u32, u32, Occurrence)>,
    /// The occurrences of one clause, while it is resolved.
    clause: Vec<Occurrence>,
    /// For each regex, where it may hit next (it skips the word starts inside its last hit).
    resume: Vec<usize>,
}

impl Found {
    fn clear(&mut self) {
        self.hits.clear();
        self.allows.clear();
        self.near.clear();
        self.clause.clear();
        self.resume.clear();
    }
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
        let window = Window::of(text);
        let context = Context { direction, languages };
        let mut hits = self.scan_part(text, window.head, context);
        if let Some(tail) = window.tail {
            hits.extend(self.scan_part(text, tail, context));
        }
        Verdict::from_hits(hits, direction, window.truncated)
    }

    /// The hits in `text[part]`, with spans in `text`.
    fn scan_part(&self, text: &str, part: Range<usize>, context: Context<'_>) -> Vec<Hit> {
        let scanned = &text[part.clone()];
        let mut work = Workspace::take();
        let Workspace { normalized, matching, found } = &mut work;
        normalize_into(scanned, normalized);
        self.find_all(scanned, normalized, context, matching, found);
        let mut hits = self.finish(scanned, normalized, found);
        work.recycle();
        for hit in &mut hits {
            hit.span = hit.span.start + part.start..hit.span.end + part.start;
        }
        hits
    }

    /// Every raw hit, allow match and near occurrence in a normalized message (into `found`),
    /// and the pattern matches they came from (into `matching`).
    fn find_all(&self, text: &str, normalized: &Normalized, context: Context<'_>, matching: &mut Matching, found: &mut Found) {
        found.clear();
        matching.matches.clear();
        if normalized.is_empty() {
            return;
        }
        self.find_patterns(normalized, context, matching, found);
        self.find_regexes(text, normalized, context, found);
        self.resolve_near(found);
    }

    fn applies(&self, rule: u32, context: Context<'_>) -> bool {
        let rule = &self.set.rules[rule as usize];
        rule.direction.applies_to(context.direction) && rule.scope.admits_languages(context.languages)
    }

    fn find_patterns(&self, n: &Normalized, context: Context<'_>, matching: &mut Matching, found: &mut Found) {
        let owners = &self.patterns.spec.owners;
        find_matches(&self.patterns, n, context.direction, matching);
        for m in &matching.matches.found {
            for owner in &owners[m.pattern as usize] {
                if self.applies(owner.rule, context) {
                    record(n, owner, m.units.clone(), found);
                }
            }
        }
    }

    fn find_regexes(&self, text: &str, n: &Normalized, context: Context<'_>, found: &mut Found) {
        let regexes = &self.regexes.each;
        if regexes.is_empty() {
            return;
        }
        let resume = &mut found.resume;
        for unit in n.units().iter().filter(|u| u.starts_word) {
            let start = unit.byte as usize;
            for &index in self.regexes.starting_with(context.direction, n.as_str().as_bytes()[start]) {
                let index = index as usize;
                let regex = &regexes[index];
                if resume.is_empty() {
                    resume.resize(regexes.len(), 0);
                }
                if start < resume[index] || !self.applies(regex.rule, context) {
                    continue;
                }
                let validate = self.set.rules[regex.rule as usize].validate;
                let valid = |units: &Range<usize>| validate.is_none_or(|v| v.accepts(&text[n.original_span(units.clone())]));
                let Some(end) = longest_word_end(&regex.dfa.get(), n, start, &valid) else { continue };
                let units = n.unit_range(start..end);
                if starts_and_ends_words(n, &units) && valid(&units) {
                    found.hits.push(RawHit { rule: regex.rule, units });
                    resume[index] = end;
                }
            }
        }
    }

    fn resolve_near(&self, found: &mut Found) {
        // Each clause's occurrences by start and end (in the order found among equals).
        order::sort_by(&mut found.near, |a, b| near_key(a).cmp(&near_key(b)));
        for group in found.near.chunk_by(|a, b| a.0 == b.0) {
            let spec = &self.patterns.spec.near[group[0].0 as usize];
            found.clause.clear();
            found.clause.extend(group.iter().map(|&(_, _, o)| o));
            if let Some((start, end)) = find_window(&found.clause, spec.terms, spec.within, spec.ordered) {
                found.hits.push(RawHit { rule: spec.rule, units: start..end });
            }
        }
    }

    /// Drops hits an allow entry of the same rule overlaps and hits written in scripts outside
    /// their rule's scope, merges overlapping hits of one rule, maps them to the original text
    /// and orders them.
    fn finish(&self, text: &str, n: &Normalized, found: &mut Found) -> Vec<Hit> {
        let Found { hits, allows, .. } = found;
        drop_allowed(hits, allows);
        hits.retain(|h| scope::script_admits(&self.set.rules[h.rule as usize].scope.scripts, &text[n.original_span(h.units.clone())]));
        order::sort_by(hits, by_rule_and_place);
        hits.dedup_by(|hit, last| {
            let overlapping = last.rule == hit.rule && hit.units.start < last.units.end;
            if overlapping {
                last.units.end = last.units.end.max(hit.units.end);
            }
            overlapping
        });
        let mut out: Vec<Hit> = hits
            .drain(..)
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
        verdict::in_text_order(&mut out);
        out
    }
}

/// From a word start, the last (longest) end of an anchored match that falls on a word end and
/// passes the rule's validator (so `4111 1111 1111 1111 12/27` still finds the card number
/// before the date). Each search stops after [`MAX_REGEX_HIT_BYTES`], so that a regex costs at
/// most that much work per word start (a match running into the next word cannot hide one that
/// lines up).
fn longest_word_end(dfa: &DFA<&[u32]>, n: &Normalized, start: usize, valid: &dyn Fn(&Range<usize>) -> bool) -> Option<usize> {
    let stop = floor_char_boundary(n.as_str(), (start + MAX_REGEX_HIT_BYTES).min(n.as_str().len()));
    let input = Input::new(n.as_str()).range(start..stop).anchored(Anchored::Yes);
    let mut state = OverlappingState::start();
    let mut best = None;
    // The DFA has no quit bytes, so the search does not fail.
    while dfa.try_search_overlapping_fwd(&input, &mut state).is_ok() {
        let Some(m) = state.get_match() else { break };
        let end = m.offset();
        if end > start && n.units()[n.unit_at(end - 1)].ends_word && valid(&n.unit_range(start..end)) {
            best = Some(end);
        }
    }
    best
}

fn record(n: &Normalized, owner: &Owner, units: Range<usize>, found: &mut Found) {
    match owner.role {
        Role::Phrase { .. } => found.hits.push(RawHit { rule: owner.rule, units }),
        Role::Allow { .. } => found.allows.push(RawHit { rule: owner.rule, units }),
        Role::NearTerm { clause, term } => {
            // No cap per clause: filler cannot crowd out the occurrence that matters. The atom
            // occurrences the matcher examines are bounded, and so are these.
            let u = n.units();
            let (first_word, last_word) = (u[units.start].word, u[units.end - 1].word);
            let order = found.near.len() as u32;
            found.near.push((clause, order, Occurrence { term, first_word, last_word, start: units.start, end: units.end }));
        }
    }
}

/// Whether a match over `units` starts a word and ends one.
fn starts_and_ends_words(n: &Normalized, units: &Range<usize>) -> bool {
    let u = n.units();
    u[units.start].starts_word && u[units.end - 1].ends_word
}

/// Drops the hits that an allow match of the same rule overlaps, with one search per hit, so
/// that a long message with thousands of both costs no product of the two. The allows are
/// sorted by rule and start, and each one's end becomes the furthest end of its rule's allows
/// up to it: an allow overlaps a hit when it starts before the hit ends and reaches past the
/// hit's start, so the last allow of the hit's rule that starts before the hit ends tells.
fn drop_allowed(hits: &mut Vec<RawHit>, allows: &mut [RawHit]) {
    if allows.is_empty() {
        return;
    }
    order::sort_by(allows, by_rule_and_place);
    for i in 1..allows.len() {
        if allows[i].rule == allows[i - 1].rule {
            allows[i].units.end = allows[i].units.end.max(allows[i - 1].units.end);
        }
    }
    hits.retain(|h| {
        let starting_before_its_end = allows.partition_point(|a| (a.rule, a.units.start) < (h.rule, h.units.end));
        let last = starting_before_its_end.checked_sub(1).map(|i| &allows[i]);
        !last.is_some_and(|a| a.rule == h.rule && a.units.end > h.units.start)
    });
}

/// The order of hits (and allow matches): by rule, then start and end.
fn by_rule_and_place(a: &RawHit, b: &RawHit) -> std::cmp::Ordering {
    (a.rule, a.units.start, a.units.end).cmp(&(b.rule, b.units.start, b.units.end))
}

/// The largest character boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The order in which near clauses' occurrences are resolved: by clause, then start and end,
/// then the order they were found in (so that no two are equal).
fn near_key(&(clause, found, o): &(u32, u32, Occurrence)) -> (u32, usize, usize, u32) {
    (clause, o.start, o.end, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_random::XorShift;

    /// Up to 40 hits of rules 0 to 2, each 1 to 8 units long, starting in the first 60 units.
    fn random_hits(random: &mut XorShift) -> Vec<RawHit> {
        let count = random.below(41);
        (0..count)
            .map(|_| {
                let start = random.below(60);
                RawHit { rule: random.below(3) as u32, units: start..start + 1 + random.below(8) }
            })
            .collect()
    }

    #[test]
    fn allow_matches_drop_the_hits_of_their_rule_they_overlap() {
        let mut random = XorShift::new();
        let mut dropped = 0;
        for _ in 0..300 {
            let hits = random_hits(&mut random);
            let mut allows = random_hits(&mut random);
            let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
            let expected: Vec<(u32, Range<usize>)> = hits.iter().filter(|h| !allows.iter().any(|a| a.rule == h.rule && overlaps(&a.units, &h.units))).map(|h| (h.rule, h.units.clone())).collect();
            let mut kept = hits.clone();
            drop_allowed(&mut kept, &mut allows);
            assert_eq!(kept.iter().map(|h| (h.rule, h.units.clone())).collect::<Vec<_>>(), expected);
            dropped += hits.len() - kept.len();
        }
        assert!(dropped > 100, "allow matches dropped hits ({dropped})");
    }
}
