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

use crate::compile::{Edge, PatternMatcher, Position, Start, HUB};
use crate::normalize::{Normalized, Unit};
use crate::order;
use crate::vocab::Direction;
use std::ops::Range;

/// Most atom occurrences examined per scanned part of a message: a bound on memory for
/// pathological rule sets, never reached with the shipped ones. At most one occurrence of each
/// atom that is a prefix of another starts at a unit, and ordinary chat has about one per
/// letter, so the bound must be far above the scan window: at 64 Ki it was reached by 62 KB
/// of ordinary chat, and a harm at its end went unseen. The shipped atoms nest at most 9
/// deep, so a window of [`super::MAX_SCAN_BYTES`] holds fewer than 9 × 64 Ki (a test checks
/// it); 1 Mi occurrences take 20 MB.
const MAX_OCCURRENCES: usize = 1 << 20;

/// Most expectations recorded per stretch of a message (see [`Alive`]), those still waiting
/// from the stretch before included: partial matches elsewhere in a long text cannot crowd out
/// the ones of a stretch.
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
    /// Forgets every match and step (keeping the capacity).
    pub fn clear(&mut self) {
        self.found.clear();
        self.steps.clear();
    }

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
    /// Inside a run of spaced-out letters (`s e n d`), where word boundaries are lost.
    spaced: bool,
}

/// A partial match waiting for a position's atom at some place.
#[derive(Debug, Clone, Copy)]
struct Pending {
    atom: u32,
    position: u32,
    start: u32,
    step: u32,
    /// For a word expected later in the same spaced-out run: the first unit it may start at.
    /// 0 otherwise: it must start a message word (unless it is `*word`).
    after: u32,
}

/// Expectations by place: the unit where an adjacent or glued word must start, or the
/// message word that a word after an open end or a gap must start.
/// Only atoms that occur within reach are ever expected ([`Alive::in_reach`]), which keeps
/// the work proportional to what the message holds, not to the size of the word lists.
#[derive(Default)]
struct Expectations {
    at_unit: Places,
    at_word: Places,
    recorded: usize,
}

impl Expectations {
    /// Empties the lists (keeping their capacity) for a message of `units` units and `words`
    /// words.
    fn reset(&mut self, units: usize, words: usize) {
        self.at_unit.reset(units + 1);
        self.at_word.reset(words + 1);
        self.recorded = 0;
    }

    /// Forgets the expectations at places before `unit` and `word`, which no occurrence from
    /// there on can meet, so that a new stretch starts with only the live ones recorded.
    fn forget_before(&mut self, unit: u32, word: u32) {
        self.at_unit.forget_before(unit);
        self.at_word.forget_before(word);
        self.recorded = self.at_unit.entries.len() + self.at_word.entries.len();
    }

    fn add(places: &mut Places, recorded: &mut usize, place: u32, pending: Pending) {
        if *recorded < MAX_PENDING && places.add(place, pending) {
            *recorded += 1;
        }
    }
}

/// A list of expectations for each place, all kept in one arena (three buffers however long
/// the message): each place knows its list's first and last entry, and each entry the next one
/// of its list, so a list reads in the order its expectations were added.
#[derive(Default)]
struct Places {
    /// The first and the last entry of each place's list, [`NO_ENTRY`] when it is empty.
    ends: Vec<(u32, u32)>,
    /// The entries of all the lists: an expectation and the next entry of its list.
    entries: Vec<(Pending, u32)>,
    /// One bit, hashed from the place and the position, set by each expectation added: a
    /// clear bit means the place does not expect the position yet, without searching its list.
    added: BitSet,
    /// The bits of a key that pick its bit in `added` (whose size is a power of two).
    filter_mask: u32,
    /// The last place with a list.
    furthest: u32,
    /// The first place whose list [`Places::forget_before`] kept.
    kept_from: u32,
    /// Where [`Places::forget_before`] copies the entries it keeps.
    spare: Vec<(Pending, u32)>,
}

/// The end of a list of [`Places`].
const NO_ENTRY: u32 = u32::MAX;

impl Places {
    /// `len` empty lists (the buffers of the last message are emptied, keeping their capacity).
    fn reset(&mut self, len: usize) {
        self.ends.clear();
        self.ends.resize(len, (NO_ENTRY, NO_ENTRY));
        self.entries.clear();
        // Large enough that few expectations share a bit.
        let bits = (len * 16).next_power_of_two();
        self.added.reset(bits);
        self.filter_mask = bits as u32 - 1;
        self.furthest = 0;
        self.kept_from = 0;
    }

    /// Keeps only the lists of places from `first` on (each in its order), emptying the others.
    fn forget_before(&mut self, first: u32) {
        self.spare.clear();
        for place in self.kept_from..first.min(self.furthest + 1) {
            self.ends[place as usize] = (NO_ENTRY, NO_ENTRY);
        }
        self.kept_from = first;
        for place in first..=self.furthest {
            let Some(&(mut entry, _)) = self.ends.get(place as usize) else { break };
            let mut last = NO_ENTRY;
            while let Some(&(pending, next)) = self.entries.get(entry as usize) {
                let kept = self.spare.len() as u32;
                self.spare.push((pending, NO_ENTRY));
                match self.spare.get_mut(last as usize) {
                    Some((_, next)) => *next = kept,
                    None => self.ends[place as usize].0 = kept,
                }
                last = kept;
                entry = next;
            }
            self.ends[place as usize].1 = last;
        }
        std::mem::swap(&mut self.entries, &mut self.spare);
    }

    /// Whether nothing is expected at `place`.
    #[inline]
    fn is_empty_at(&self, place: u32) -> bool {
        self.ends.get(place as usize).is_none_or(|&(first, _)| first == NO_ENTRY)
    }

    /// The expectations at `place`, in the order they were added.
    #[inline]
    fn at(&self, place: u32) -> impl Iterator<Item = &Pending> {
        let mut entry = self.ends.get(place as usize).map_or(NO_ENTRY, |&(first, _)| first);
        std::iter::from_fn(move || {
            let (pending, next) = self.entries.get(entry as usize)?;
            entry = *next;
            Some(pending)
        })
    }

    /// Adds `pending` at `place` unless that place expects its position already (or is past
    /// the last); whether it was added.
    fn add(&mut self, place: u32, pending: Pending) -> bool {
        let Some(&(_, last)) = self.ends.get(place as usize) else { return false };
        let key = (u64::from(place) << 32 | u64::from(pending.position)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let bit = (key >> 32) as u32 & self.filter_mask;
        if !self.added.insert(bit) && self.at(place).any(|p| p.position == pending.position) {
            return false;
        }
        let entry = self.entries.len() as u32;
        self.entries.push((pending, NO_ENTRY));
        match self.entries.get_mut(last as usize) {
            Some((_, next)) => *next = entry,
            None => self.ends[place as usize].0 = entry,
        }
        self.ends[place as usize].1 = entry;
        self.furthest = self.furthest.max(place);
        true
    }
}

/// A set of small integers, one bit each.
#[derive(Debug, Clone, Default)]
struct BitSet(Vec<u64>);

impl BitSet {
    /// Empties the set, for values below `len`.
    fn reset(&mut self, len: usize) {
        let words = len.div_ceil(64);
        self.0.truncate(words);
        // One memset of the words kept (a resize of a cleared vector writes them one by one).
        self.0.fill(0);
        self.0.resize(words, 0);
    }

    /// Adds `value`; whether it was absent.
    #[inline]
    fn insert(&mut self, value: u32) -> bool {
        let (word, bit) = (value as usize / 64, 1u64 << (value % 64));
        let absent = self.0[word] & bit == 0;
        self.0[word] |= bit;
        absent
    }

    #[inline]
    fn contains(&self, value: u32) -> bool {
        self.0.get(value as usize / 64).is_some_and(|bits| bits & (1 << (value % 64)) != 0)
    }
}

/// Words in each stretch of a message whose patterns are started apart (see [`Alive`]).
const STRETCH_WORDS: u32 = 128;

/// One message's pattern matches and the buffers that found them, kept from one message to
/// the next so that matching a chat line allocates nothing.
#[derive(Default)]
pub(crate) struct Matching {
    /// The matches of the last message.
    pub matches: Matches,
    occurrences: Vec<Occurrence>,
    candidates: Vec<Pending>,
    alive: Alive,
    expected: Expectations,
}

/// The patterns that may start in one stretch of [`STRETCH_WORDS`] words of a message: those
/// with an owner for the message's direction and an atom of each of their cuts in the words a
/// match starting in the stretch may reach. A chat line is one stretch; in a long text, a
/// pattern is started only where the words of its cuts are near, not wherever its first word is.
#[derive(Default)]
struct Alive {
    /// The patterns that may start in the stretch.
    patterns: BitSet,
    /// For each pattern, the mask of its cuts with an atom in reach.
    cuts_met: Vec<u8>,
    /// The atoms that occur in the words a match starting in the stretch may reach, which are
    /// the only ones a match going on in the stretch may expect (wherever it started).
    in_reach: BitSet,
    /// The starts at a word start of the patterns alive in the stretch, by atom.
    word_starts: AliveStarts,
}

/// For each atom met at a word start in a stretch, the starts of the patterns alive in it, in
/// the order [`PatternMatcher::starts`] gives them: filtered once per atom and stretch, as a
/// common word (`you`, `я`) begins hundreds of patterns of which few are alive, and recurs.
#[derive(Default)]
struct AliveStarts {
    /// For each atom, the stretch whose starts `starts[first..end]` are: `(stretch, first, end)`.
    /// An entry of an earlier stretch (of any message or rules) is stale.
    found: Vec<(u32, u32, u32)>,
    /// The starts found in this stretch.
    starts: Vec<Start>,
    /// The number of the current stretch (never 0), counted over every message this buffer
    /// served.
    stretch: u32,
}

impl AliveStarts {
    /// Forgets the starts of the last stretch, for rules of `atoms` atoms.
    fn next_stretch(&mut self, atoms: usize) {
        self.stretch = self.stretch.wrapping_add(1);
        self.starts.clear();
        if self.found.len() != atoms || self.stretch == 0 {
            // Numbers start over once they have all been used, with every entry stale.
            self.stretch = 1;
            self.found.clear();
            self.found.resize(atoms, (0, 0, 0));
        }
    }

    /// The starts at a word start with `atom` of the patterns in `alive`.
    fn of(&mut self, matcher: &PatternMatcher, atom: u32, alive: &BitSet) -> &[Start] {
        let (stretch, first, end) = self.found[atom as usize];
        if stretch == self.stretch {
            return &self.starts[first as usize..end as usize];
        }
        let first = self.starts.len();
        self.starts.extend(matcher.starts(atom, true).filter(|s| alive.contains(s.pattern)));
        self.found[atom as usize] = (self.stretch, first as u32, self.starts.len() as u32);
        &self.starts[first..]
    }
}

impl Alive {
    /// Notes the patterns that may start in the stretch of the first of `occurrences` (those
    /// from the stretch on) for messages in the direction of `direction_bit`; how many of the
    /// `occurrences` lie in the stretch.
    fn note_stretch(&mut self, matcher: &PatternMatcher, occurrences: &[Occurrence], direction_bit: u8) -> usize {
        let patterns = matcher.directions.len();
        let first_word = occurrences.first().map_or(0, |o| o.word);
        // When the patterns do not bound their reach, the whole message is one stretch.
        let until_word = match matcher.reach() {
            u32::MAX => u32::MAX,
            _ => (first_word - first_word % STRETCH_WORDS).saturating_add(STRETCH_WORDS),
        };
        let reach_until = until_word.saturating_add(matcher.reach());
        self.patterns.reset(patterns);
        self.in_reach.reset(matcher.spec.atoms.len());
        self.word_starts.next_stretch(matcher.spec.atoms.len());
        self.cuts_met.clear();
        self.cuts_met.resize(patterns, 0);
        let in_reach = occurrences.partition_point(|o| o.word < reach_until);
        for o in &occurrences[..in_reach] {
            if self.in_reach.insert(o.atom) {
                for anchor in matcher.anchors(o.atom) {
                    let pattern = anchor.pattern as usize;
                    self.cuts_met[pattern] |= anchor.cut;
                    if self.cuts_met[pattern] == matcher.cuts(anchor.pattern) && matcher.directions[pattern] & direction_bit != 0 {
                        self.patterns.insert(anchor.pattern);
                    }
                }
            }
        }
        occurrences[..in_reach].partition_point(|o| o.word < until_word)
    }
}

/// Finds every match in `n` of every compiled pattern that has an owner for messages in
/// `direction`, into `m.matches`.
pub(crate) fn find_matches(matcher: &PatternMatcher, n: &Normalized, direction: Direction, m: &mut Matching) {
    let direction_bit = PatternMatcher::direction_bit(direction);
    m.matches.clear();
    find_occurrences(matcher, n, &mut m.occurrences);
    let Matching { matches, occurrences, candidates, alive, expected } = m;
    expected.reset(n.units().len(), n.word_count());
    let mut rest = &occurrences[..];
    while !rest.is_empty() {
        let (stretch, after) = rest.split_at(alive.note_stretch(matcher, rest, direction_bit));
        for o in stretch {
            find_at(matcher, o, alive, expected, candidates, matches);
        }
        if let Some(next) = after.first() {
            expected.forget_before(next.start, next.word);
        }
        rest = after;
    }
}

/// Starts the patterns alive at occurrence `o`, goes on with the partial matches that expect
/// it, and records what these expect next.
fn find_at(matcher: &PatternMatcher, o: &Occurrence, alive: &mut Alive, expected: &mut Expectations, candidates: &mut Vec<Pending>, matches: &mut Matches) {
    // Most occurrences are inside words (letters of longer words): only a word that may start
    // there (`*word`) or a partial match expecting something there can use one.
    if !o.starts_word && !matcher.starts_inside_words(o.atom) && expected.at_unit.is_empty_at(o.start) && expected.at_word.is_empty_at(o.word) {
        return;
    }
    candidates.clear();
    // A pattern with a cut none of whose words is in reach cannot match: no need to start it.
    let start_here = |start: &Start| Pending { atom: o.atom, position: start.position, start: o.start, step: u32::MAX, after: 0 };
    if o.starts_word {
        candidates.extend(alive.word_starts.of(matcher, o.atom, &alive.patterns).iter().map(start_here));
    } else {
        candidates.extend(matcher.starts(o.atom, false).filter(|s| alive.patterns.contains(s.pattern)).map(start_here));
    }
    candidates.extend(expected.at_unit.at(o.start).filter(|c| c.atom == o.atom));
    let positions = &matcher.spec.positions;
    let lines_up = |c: &&Pending| match c.after {
        0 => o.starts_word || positions[c.position as usize].has(Position::OPEN_START),
        after => o.start >= after,
    };
    candidates.extend(expected.at_word.at(o.word).filter(|c| c.atom == o.atom).filter(lines_up));
    for c in candidates.iter() {
        let position = matcher.spec.positions[c.position as usize];
        let step = matches.steps.len() as u32;
        matches.steps.push(Step { position: c.position, start: o.start, end: o.end, previous: c.step });
        if position.has(Position::LAST) && (o.ends_word || position.has(Position::OPEN_END)) {
            matches.found.push(PatternMatch { pattern: position.pattern, units: c.start as usize..o.end as usize, trace: step });
        }
        let from = Pending { atom: o.atom, position: c.position, start: c.start, step, after: 0 };
        for (edge, &atom) in matcher.edges(position).iter().zip(matcher.next_atoms(position)) {
            if atom == HUB || alive.in_reach.contains(atom) {
                expect(matcher, expected, &alive.in_reach, o, position, from, *edge, 0);
            }
        }
    }
}

/// Every atom occurrence that lies inside one message word, sorted by start and end. Past
/// [`MAX_OCCURRENCES`] occurrences (counted over every word and across words, in the order of
/// their ends, then starts, then atoms), the rest of a message is not looked at.
fn find_occurrences(matcher: &PatternMatcher, n: &Normalized, occurrences: &mut Vec<Occurrence>) {
    occurrences.clear();
    // At most one occurrence of each length starts at each unit: when that cannot reach the
    // cap, the occurrences across words need not be counted at all.
    let cap = if n.units().len().saturating_mul(matcher.atoms.longest()) < MAX_OCCURRENCES { None } else { last_kept(matcher, n) };
    occurrences_within_words(matcher, n, cap, occurrences);
}

/// The last occurrence (end unit, start unit, atom) within [`MAX_OCCURRENCES`] in the order of
/// ends, starts and atoms, counting every occurrence, across words too; `None` when there
/// are no more than that. Counting stops at the end unit where the cap is reached.
fn last_kept(matcher: &PatternMatcher, n: &Normalized) -> Option<(u32, u32, u32)> {
    let units = n.units();
    let mut ending_at = vec![0usize; units.len() + 1];
    // Occurrences ending at units below `settled`, all of them counted.
    let (mut counted, mut settled) = (0, 0);
    let last_end = 'count: {
        for start in 0..=units.len() {
            // An occurrence ending at `start` or before starts before it: those are all counted.
            while settled <= start {
                counted += ending_at[settled];
                if counted >= MAX_OCCURRENCES {
                    break 'count settled;
                }
                settled += 1;
            }
            if start < units.len() {
                occurrences_at(matcher, n, start, n.as_str().len(), |_, end| ending_at[end as usize] += 1);
            }
        }
        return None;
    };
    // Of the occurrences ending at `last_end`, the first ones by start and atom are kept. They
    // start at most `longest` units before it, as every unit has a byte at least.
    let kept_there = MAX_OCCURRENCES - (counted - ending_at[last_end]);
    let mut there = Vec::new();
    for start in last_end.saturating_sub(matcher.atoms.longest())..last_end {
        occurrences_at(matcher, n, start, n.as_str().len(), |atom, end| {
            if end as usize == last_end {
                there.push((start as u32, atom));
            }
        });
    }
    order::sort_by(&mut there, Ord::cmp);
    let (start, atom) = there[kept_there - 1];
    Some((last_end as u32, start, atom))
}

/// Every atom occurrence inside one message word, in order of start and end (appended to
/// `occurrences`); with a `cap`, only those up to it in the order of [`last_kept`].
fn occurrences_within_words(matcher: &PatternMatcher, n: &Normalized, cap: Option<(u32, u32, u32)>, occurrences: &mut Vec<Occurrence>) {
    let units = n.units();
    let mut word_end = 0;
    for (start, unit) in units.iter().enumerate() {
        if cap.is_some_and(|(end, _, _)| start as u32 >= end) {
            break;
        }
        if start >= word_end {
            word_end = start + units[start..].iter().take_while(|u| u.word == unit.word).count();
        }
        let limit = units.get(word_end).map_or(n.as_str().len(), |u| u.byte as usize);
        occurrences_at(matcher, n, start, limit, |atom, end| {
            if cap.is_none_or(|cap| (end, start as u32, atom) <= cap) {
                occurrences.push(occurrence(units, atom, start as u32, end));
            }
        });
    }
}

/// Calls `found(atom, end)` for every atom occurrence that starts at unit `start` and ends by
/// byte `limit`, shortest first (`end` is the unit after its last).
fn occurrences_at(matcher: &PatternMatcher, n: &Normalized, start: usize, limit: usize, mut found: impl FnMut(u32, u32)) {
    let units = n.units();
    let mut end = start;
    matcher.atoms.prefixes_between(n.as_str().as_bytes(), units[start].byte as usize, limit, |atom, end_byte| {
        while end < units.len() && (units[end].byte as usize) < end_byte {
            end += 1;
        }
        found(atom, end as u32);
    });
}

/// The occurrence of `atom` over units `start..end` (of one word).
fn occurrence(units: &[Unit], atom: u32, start: u32, end: u32) -> Occurrence {
    let (first, last) = (&units[start as usize], &units[end as usize - 1]);
    Occurrence { atom, start, end, word: first.word, starts_word: first.starts_word, ends_word: last.ends_word, spaced: first.spaced }
}

/// Records where the position at the end of `edge` may match next, after `o` matched `from`.
/// Hubs pass their edges on (`depth` bounds a chain of hubs).
fn expect(matcher: &PatternMatcher, expected: &mut Expectations, in_reach: &BitSet, o: &Occurrence, from: Position, pending: Pending, edge: Edge, depth: u8) {
    let next = matcher.spec.positions[edge.to as usize];
    let pending = Pending { atom: next.atom, position: edge.to, ..pending };
    if next.atom == HUB {
        if depth < 4 {
            for (e, &atom) in matcher.edges(next).iter().zip(matcher.next_atoms(next)) {
                if atom == HUB || in_reach.contains(atom) {
                    let gap = edge.gap.saturating_add(e.gap);
                    expect(matcher, expected, in_reach, o, from, pending, Edge { to: e.to, gap }, depth + 1);
                }
            }
        }
        return;
    }
    if !in_reach.contains(next.atom) {
        return;
    }
    let Expectations { at_unit, at_word, recorded, .. } = expected;
    let open_end = from.has(Position::OPEN_END);
    let open_junction = open_end || next.has(Position::OPEN_START);
    if !next.has(Position::OPEN_START) {
        // The next word right after this one: in the next message word, or glued to this one
        // (also across a gap, which may skip no word, and after `word*` that did not go on).
        Expectations::add(at_unit, recorded, o.end, pending);
    }
    if !open_junction && o.end - o.start > 1 && matcher.shares_letter(from.atom, next.atom) {
        // A letter ending one word and starting the next is written once when the two are
        // glued or spaced out (`х о ч у у м е р е т ь` normalizes to `hochumeret`).
        Expectations::add(at_unit, recorded, o.end - 1, pending);
    }
    if (edge.gap > 0 || open_junction) && (o.ends_word || open_end) {
        for word in o.word + 1..=o.word + 1 + u32::from(edge.gap) {
            Expectations::add(at_word, recorded, word, pending);
        }
    }
    if open_end && o.spaced {
        // `word*` inside spaced-out letters: where the word ends is unknown, so the next word
        // may start anywhere later in the run (`ل ا ت ق و ل ي ل ا ح د` for `لا تقول* لاحد`).
        Expectations::add(at_word, recorded, o.word, Pending { after: o.end, ..pending });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::test_random::XorShift;
    use crate::{Rules, Source};

    /// Every occurrence across words too, the first [`MAX_OCCURRENCES`] by end, start and
    /// atom, then those inside one word by start and end: what [`find_occurrences`] must give.
    fn reference_occurrences(rules: &Rules, n: &Normalized) -> Vec<Occurrence> {
        let units = n.units();
        let mut all = Vec::new();
        for (start, unit) in units.iter().enumerate() {
            rules.patterns.atoms.prefixes_between(n.as_str().as_bytes(), unit.byte as usize, n.as_str().len(), |atom, end_byte| {
                let end = units.partition_point(|u| (u.byte as usize) < end_byte);
                all.push((end as u32, start as u32, atom));
            });
        }
        all.sort_unstable();
        all.truncate(MAX_OCCURRENCES);
        let within = all.into_iter().filter(|&(end, start, _)| units[start as usize].word == units[end as usize - 1].word);
        let mut out: Vec<Occurrence> = within.map(|(end, start, atom)| occurrence(units, atom, start, end)).collect();
        out.sort_unstable_by_key(|o| (o.start, o.end));
        out
    }

    /// Every match of `matcher` in `text`: pattern, first word and last word.
    fn matches_in(matcher: &PatternMatcher, text: &str, direction: Direction) -> Vec<(u32, u32, u32)> {
        let n = normalize(text);
        let mut matching = Matching::default();
        find_matches(matcher, &n, direction, &mut matching);
        let words = |m: &PatternMatch| (m.pattern, n.units()[m.units.start].word, n.units()[m.units.end - 1].word);
        let mut out: Vec<_> = matching.matches.found.iter().map(words).collect();
        out.sort_unstable();
        out
    }

    /// Texts of walks through random patterns (with words in their gaps, the whole gap half
    /// the time) and random pattern words in between: matches of every kind and length.
    struct Walks<'a> {
        matcher: &'a PatternMatcher,
        atoms: Vec<&'a str>,
        firsts: Vec<usize>,
        random: XorShift,
    }

    impl<'a> Walks<'a> {
        fn new(matcher: &'a PatternMatcher) -> Walks<'a> {
            let atoms = matcher.spec.atoms.iter().collect();
            let firsts = (0..matcher.spec.positions.len()).filter(|&p| matcher.spec.positions[p].has(Position::FIRST)).collect();
            Walks { matcher, atoms, firsts, random: XorShift::new() }
        }

        fn random(&mut self, below: usize) -> usize {
            self.random.below(below)
        }

        /// Walks until the text is `bytes` long; it ends with the last word of a match. A
        /// `dense` text has no words between the walks and none in their gaps.
        fn text(&mut self, bytes: usize, dense: bool) -> String {
            let mut text = String::new();
            while text.len() < bytes {
                for _ in 0..if dense { 0 } else { self.random(3) } {
                    let atom = self.random(self.atoms.len());
                    text.push_str(self.atoms[atom]);
                    text.push(' ');
                }
                let first = self.random(self.firsts.len());
                let mut position = self.matcher.spec.positions[self.firsts[first]];
                loop {
                    if position.atom != HUB {
                        text.push_str(self.atoms[position.atom as usize]);
                        text.push(' ');
                    }
                    let edges = self.matcher.edges(position);
                    if edges.is_empty() || (position.has(Position::LAST) && self.random(3) == 0) {
                        break;
                    }
                    let edge = edges[self.random(edges.len())];
                    let gap = match (dense, self.random(2)) {
                        (true, _) => 0,
                        (false, 0) => usize::from(edge.gap),
                        (false, _) => self.random(usize::from(edge.gap) + 1),
                    };
                    for _ in 0..gap {
                        text.push_str("qqq ");
                    }
                    position = self.matcher.spec.positions[edge.to as usize];
                }
            }
            text
        }
    }

    #[test]
    fn a_match_after_40_kb_of_partial_matches_is_found() {
        // Dense enough that the expectations of the whole text are more than the cap.
        let rules = Rules::builtin().expect("built-in rules load");
        let text = Walks::new(&rules.patterns).text(40_000, true);
        let n = normalize(&text);
        let last_word = n.word_count() as u32 - 1;
        let found = matches_in(&rules.patterns, &text, Direction::Any);
        assert!(found.iter().any(|&(_, _, last)| last == last_word), "the last walk is found");
    }

    #[test]
    fn long_texts_start_patterns_by_stretch_and_miss_no_match() {
        let rules = Rules::builtin().expect("built-in rules load");
        let matcher = &rules.patterns;
        assert!(matcher.reach() < STRETCH_WORDS, "the shipped patterns reach {} words", matcher.reach());
        let unbounded = matcher.clone().without_reach();
        let mut walks = Walks::new(matcher);
        let mut crossing = 0;
        for round in 0..40 {
            // Short enough that matching with no bound on reach records fewer expectations than
            // the cap (past it, that reference misses the last matches).
            let text = walks.text(6_000, false);
            let direction = if round % 2 == 0 { Direction::Incoming } else { Direction::Outgoing };
            let found = matches_in(matcher, &text, direction);
            assert_eq!(found, matches_in(&unbounded, &text, direction), "round {round}");
            crossing += found.iter().filter(|(_, first, last)| first / STRETCH_WORDS != last / STRETCH_WORDS).count();
        }
        assert!(crossing > 0, "some matches cross from one stretch into the next");
    }

    #[test]
    fn buffers_kept_across_messages_and_rules_find_what_fresh_ones_find() {
        // A chat client scans every message with the same buffers, sometimes with other rules
        // (a moderator's bundle): nothing of one message may leak into the next, such as the
        // starts of alive patterns kept by atom for a stretch (atoms are numbered otherwise).
        let builtin = Rules::builtin().expect("built-in rules load");
        let file = "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"grooming\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nphrases = [\"you ~2 secret\", \"send (pics|nudes)\", \"you are\"]\n";
        let small = Rules::from_sources(&[Source::new("en/t.toml", file)]).expect("compiles");
        let mut walks = Walks::new(&builtin.patterns);
        let mut kept = Matching::default();
        let mut matched = 0;
        for round in 0..30 {
            let text = format!("{} you are our secret send nudes you {}", walks.text(300, false), walks.text(2_000, round % 2 == 0));
            for matcher in [&builtin.patterns, &small.patterns] {
                let n = normalize(&text);
                find_matches(matcher, &n, Direction::Incoming, &mut kept);
                let with_kept: Vec<_> = kept.matches.found.iter().map(|m| (m.pattern, m.units.clone())).collect();
                let mut fresh = Matching::default();
                find_matches(matcher, &n, Direction::Incoming, &mut fresh);
                let with_fresh: Vec<_> = fresh.matches.found.iter().map(|m| (m.pattern, m.units.clone())).collect();
                assert_eq!(with_kept, with_fresh, "round {round}");
                matched += with_kept.len();
            }
        }
        assert!(matched > 0, "the texts hold matches");
    }

    #[test]
    fn the_shipped_atoms_cannot_reach_the_cap_in_a_scan_window() {
        // At most one occurrence of each atom that is a prefix of another starts at a unit, and
        // a unit has a byte at least.
        let rules = Rules::builtin().expect("built-in rules load");
        let atoms: std::collections::HashSet<&str> = rules.patterns.spec.atoms.iter().collect();
        let nesting = |atom: &&str| (1..=atom.len()).filter(|&len| atom.is_char_boundary(len) && atoms.contains(&atom[..len])).count();
        let deepest = atoms.iter().map(nesting).max().expect("atoms");
        assert!(deepest * crate::scan::MAX_SCAN_BYTES < MAX_OCCURRENCES, "the shipped atoms nest {deepest} deep");
    }

    #[test]
    fn occurrences_are_those_of_the_reference_below_and_past_the_cap() {
        // Atoms nested 9 deep make a long text reach the cap sooner.
        let file = "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"grooming\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nphrases = [\"send nudes\", \"s\", \"*end*\", \"our secret\", \"ты где\", \"ان\", \"dn\", \"se\", \"sen\", \"send\", \"sendn\", \"sendnu\", \"sendnud\", \"sendnude\", \"sendnudes\"]\n";
        let rules = Rules::from_sources(&[Source::new("en/t.toml", file)]).expect("compiles");
        let long = "sendnudes s e n d ours ecret ".repeat(150_000);
        for text in ["sendnudes s e n d n u d e s", "our secret, ours ecret", "ты где сейчас", "ان انا", "", "legends send ends", &long] {
            let n = normalize(text);
            let mut found = Vec::new();
            find_occurrences(&rules.patterns, &n, &mut found);
            let key = |o: &Occurrence| (o.atom, o.start, o.end, o.word, o.starts_word, o.ends_word, o.spaced);
            let expected = reference_occurrences(&rules, &n);
            assert_eq!(found.iter().map(key).collect::<Vec<_>>(), expected.iter().map(key).collect::<Vec<_>>(), "{}", &text[..text.len().min(40)]);
        }
        let n = normalize(&long);
        assert!(n.units().len() * rules.patterns.atoms.longest() >= MAX_OCCURRENCES, "the long text takes the capped path");
        let mut found = Vec::new();
        find_occurrences(&rules.patterns, &n, &mut found);
        assert!(found.last().is_some_and(|o| (o.end as usize) < n.units().len() / 2), "the cap is reached well before the end");
    }
}
