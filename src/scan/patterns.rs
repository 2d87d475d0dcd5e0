//! Runs the compiled patterns over one normalized message, in one pass over its atom
//! occurrences.
//!
//! The atom automaton finds every occurrence of every atom (normalized pattern word) that lies
//! inside one message word. Occurrences are visited in text order; each one may start a match
//! (at a pattern's first position) or continue the partial matches that *expect* its atom at its
//! place: right after the previous word's occurrence (adjacent or glued), or at the start of one
//! of the next words (after an open end `word*`, or across a gap `~N`). A partial match that
//! reaches a last position is a match. Each position is expected at most once per place, so the
//! work is bounded by occurrences × positions, whatever the patterns' alternatives.

use crate::compile::{Edge, PatternMatcher, Position, HUB};
use crate::normalize::Normalized;
use std::collections::HashMap;
use std::ops::Range;

/// Most atom occurrences examined per message (a bound on pathological rule sets).
const MAX_OCCURRENCES: usize = 1 << 16;

/// Most expectations recorded per message.
const MAX_PENDING: usize = 1 << 17;

/// A pattern match: the pattern, the unit range it covers, and its trace (see [`Trace`]).
#[derive(Debug, Clone)]
pub(crate) struct PatternMatch {
    /// Index of the compiled pattern.
    pub pattern: u32,
    /// Normalized unit range.
    pub units: Range<usize>,
    /// Last step of the match in [`Matches::steps`].
    pub trace: u32,
}

/// One step of a match: a position matched by an atom occurrence, and the previous step.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    /// The position matched.
    pub position: u32,
    /// Unit range of the occurrence.
    pub start: u32,
    /// End (exclusive) of the occurrence.
    pub end: u32,
    /// The previous step, or `u32::MAX`.
    pub previous: u32,
}

/// Every pattern match in a message and the steps that explain them.
#[derive(Debug, Default)]
pub(crate) struct Matches {
    /// The matches, in the order they end.
    pub found: Vec<PatternMatch>,
    /// Steps of every match (and of partial matches).
    pub steps: Vec<Step>,
}

impl Matches {
    /// The steps of a match, first to last.
    pub fn trace(&self, last: u32) -> Vec<Step> {
        let mut out = Vec::new();
        let mut at = last;
        while let Some(step) = self.steps.get(at as usize) {
            out.push(*step);
            at = step.previous;
        }
        out.reverse();
        out
    }
}

/// An atom occurrence inside one message word.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    atom: u32,
    start: u32,
    end: u32,
    word: u32,
    starts_word: bool,
    ends_word: bool,
}

/// A partial match waiting for a position's atom at some place.
#[derive(Debug, Clone, Copy)]
struct Pending {
    position: u32,
    start: u32,
    step: u32,
}

/// Expectations keyed by `(atom, place)`: a unit index for adjacent words, a word index for
/// words that must start a message word.
#[derive(Default)]
struct Expectations {
    at_unit: HashMap<(u32, u32), Vec<Pending>>,
    at_word: HashMap<(u32, u32), Vec<Pending>>,
    recorded: usize,
}

impl Expectations {
    fn add(map: &mut HashMap<(u32, u32), Vec<Pending>>, recorded: &mut usize, key: (u32, u32), pending: Pending) {
        if *recorded >= MAX_PENDING {
            return;
        }
        let list = map.entry(key).or_default();
        if !list.iter().any(|p| p.position == pending.position) {
            list.push(pending);
            *recorded += 1;
        }
    }
}

/// Finds every match of every compiled pattern in `n`. `wanted` says whether a pattern's
/// matches matter for this message (its owners apply to the direction and languages).
pub(crate) fn find_matches(matcher: &PatternMatcher, n: &Normalized, wanted: &dyn Fn(u32) -> bool) -> Matches {
    let mut matches = Matches::default();
    let Some(automaton) = &matcher.automaton else { return matches };
    let units = n.units();
    let mut occurrences: Vec<Occurrence> = Vec::new();
    for m in automaton.find_overlapping_iter(n.as_str()).take(MAX_OCCURRENCES) {
        let range = n.unit_range(m.range());
        let (first, last) = (&units[range.start], &units[range.end - 1]);
        if first.word != last.word {
            continue;
        }
        occurrences.push(Occurrence {
            atom: m.pattern().as_u32(),
            start: range.start as u32,
            end: range.end as u32,
            word: first.word,
            starts_word: first.starts_word,
            ends_word: last.ends_word,
        });
    }
    occurrences.sort_unstable_by_key(|o| (o.start, o.end));
    let mut expected = Expectations::default();
    let mut candidates: Vec<Pending> = Vec::new();
    for o in &occurrences {
        candidates.clear();
        for &position in &matcher.starts[o.atom as usize] {
            let p = matcher.spec.positions[position as usize];
            if (o.starts_word || p.has(Position::OPEN_START)) && wanted(p.pattern) {
                candidates.push(Pending { position, start: o.start, step: u32::MAX });
            }
        }
        if let Some(list) = expected.at_unit.get(&(o.atom, o.start)) {
            candidates.extend_from_slice(list);
        }
        if let Some(list) = expected.at_word.get(&(o.atom, o.word)) {
            let positions = &matcher.spec.positions;
            candidates.extend(list.iter().filter(|c| o.starts_word || positions[c.position as usize].has(Position::OPEN_START)));
        }
        for c in &candidates {
            let position = matcher.spec.positions[c.position as usize];
            let step = matches.steps.len() as u32;
            matches.steps.push(Step { position: c.position, start: o.start, end: o.end, previous: c.step });
            if position.has(Position::LAST) && (o.ends_word || position.has(Position::OPEN_END)) {
                matches.found.push(PatternMatch { pattern: position.pattern, units: c.start as usize..o.end as usize, trace: step });
            }
            let from = Pending { position: c.position, start: c.start, step };
            for edge in matcher.edges(position) {
                expect(matcher, &mut expected, o, position, from, *edge, 0);
            }
        }
    }
    matches
}

/// Records where the position at the end of `edge` may match next, after `o` matched `from`.
/// Hubs pass their edges on (`depth` bounds a chain of hubs).
fn expect(matcher: &PatternMatcher, expected: &mut Expectations, o: &Occurrence, from: Position, pending: Pending, edge: Edge, depth: u8) {
    let next = matcher.spec.positions[edge.to as usize];
    let pending = Pending { position: edge.to, ..pending };
    if next.atom == HUB {
        if depth < 4 {
            for e in matcher.edges(next) {
                let gap = edge.gap.saturating_add(e.gap);
                expect(matcher, expected, o, from, pending, Edge { to: e.to, gap }, depth + 1);
            }
        }
        return;
    }
    let Expectations { at_unit, at_word, recorded } = expected;
    let open_junction = from.has(Position::OPEN_END) || next.has(Position::OPEN_START);
    if !open_junction {
        // The next word right after this one: in the next message word, or glued to this one
        // (also across a gap, which may skip no word).
        Expectations::add(at_unit, recorded, (next.atom, o.end), pending);
        // A letter ending one word and starting the next is written once when the two are
        // glued or spaced out (`х о ч у у м е р е т ь` normalizes to `hochumeret`).
        if o.end - o.start > 1 && shares_letter(matcher, from.atom, next.atom) {
            Expectations::add(at_unit, recorded, (next.atom, o.end - 1), pending);
        }
    }
    if (edge.gap > 0 || open_junction) && (o.ends_word || from.has(Position::OPEN_END)) {
        for word in o.word + 1..=o.word + 1 + u32::from(edge.gap) {
            Expectations::add(at_word, recorded, (next.atom, word), pending);
        }
    }
}

/// Whether atom `a` ends with the letter atom `b` starts with (both longer than one letter).
fn shares_letter(matcher: &PatternMatcher, a: u32, b: u32) -> bool {
    let (a, b) = (&matcher.spec.atoms[a as usize], &matcher.spec.atoms[b as usize]);
    a.chars().count() > 1 && b.chars().count() > 1 && a.chars().last() == b.chars().next()
}
