//! Required atoms: for each compiled pattern, one or two *cuts*, sets of positions such that
//! every match of the pattern goes through a position of each. A message in which one of a
//! pattern's cuts has no atom cannot match the pattern, so the scanner does not start it:
//! most chat lines hold common words that begin many patterns, and few of the rarer words
//! those patterns need further on. A pattern's last positions are always such a set, and are
//! its cut unless compiling finds a much rarer one.
//!
//! The cuts are found in the position automaton, read with each hub in place of the edges
//! through it. Edges then lead from a position to later ones, so a match visits positions in
//! order and crosses each *boundary* between two neighbouring positions by exactly one edge
//! (or by the way in before its first position, or the way out after its last). The
//! positions those edges lead to make a cut ([`Cut::Into`]), and so do the positions they
//! leave ([`Cut::OutOf`]), unless the way in or out crosses there. Short atoms occur inside
//! many words, so each cut is weighed by the length of its atoms (a cut through a first
//! position is never taken: the pattern is only started at one). The lightest is kept when it
//! is lighter than the pattern's last positions, and a second one that shares no position with
//! it when the first is not [`RARE_ENOUGH`].
//!
//! Compiling finds the cuts (a few passes over each pattern, too many to make at every load)
//! and a bundle stores only where each lies ([`Cut`], one small number, for the patterns that
//! have one); loading finds its positions again with one pass over the pattern's positions before
//! it ([`cut_positions`]) and turns them into each atom's list of [`Anchor`]s.

use super::bundle::Damaged;
use super::patterns::{Edge, PatternSpec, Position, HUB};
use super::wire::Reader;
#[cfg(feature = "compiler")]
use super::wire::Writer;
use std::ops::Range;

/// Most cuts kept for one pattern. A pattern's cuts are bits of a `u8` mask.
pub(crate) const MAX_CUTS: usize = 2;

/// The cut bit of the last positions of a pattern that has no other cut: every match ends at
/// one of them.
pub(crate) const LAST_POSITIONS: u8 = 1;

/// A cut at most this heavy (one word of three letters, or 64 of six) leaves a pattern alive
/// in few messages: no other cut is kept, which keeps bundles and loading small.
const RARE_ENOUGH: u64 = 64;

/// The weight of a boundary whose cut cannot be taken (the way in or out crosses it).
const NO_CUT: u64 = 1 << 40;

/// No position.
const NONE: u32 = u32::MAX;

/// Where one of a pattern's cuts lies: at one of its positions (numbered from the pattern's
/// first), on one side of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// The positions at or after this one that a match enters from before it, or starts at.
    Into(u32),
    /// The positions at or before this one that a match leaves to after it, or ends at.
    OutOf(u32),
}

/// A cut of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PatternCut {
    /// The pattern.
    pub pattern: u32,
    /// Where the cut lies.
    pub cut: Cut,
}

/// An atom of one of a pattern's cuts.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Anchor {
    /// The pattern.
    pub pattern: u32,
    /// The cut's bit in the pattern's mask of cuts.
    pub cut: u8,
}

/// The positions of the cut `cut` of the pattern whose positions are `range` (none of them a
/// hub), in ascending order, into `out` (emptied first). An edge to a hub counts as edges to
/// the hub's targets.
pub(crate) fn cut_positions(spec: &PatternSpec, range: Range<usize>, cut: Cut, out: &mut Vec<u32>) {
    let positions = &spec.positions[range.clone()];
    let edges = |p: &Position| spec.edges_of(*p);
    let local = |edge: &Edge| (edge.to as usize).wrapping_sub(range.start);
    let global = |index: usize| (range.start + index) as u32;
    out.clear();
    match cut {
        Cut::Into(at) => {
            // First a mark for each position from `at` on (whether an edge from before enters
            // it), then, in place, the positions entered.
            let at = (at as usize).min(positions.len());
            out.resize(positions.len() - at, 0);
            let mut enter = |to: usize| {
                if let Some(mark) = to.checked_sub(at).and_then(|mark| out.get_mut(mark)) {
                    *mark = 1;
                }
            };
            let (mut edges_before, mut hub_before) = (None, None);
            for p in &positions[..at] {
                // Alternatives lead where the one before them leads, mostly to one hub.
                if edges_before.replace(edges(p)) == Some(edges(p)) {
                    continue;
                }
                for to in edges(p).iter().map(local) {
                    match positions.get(to) {
                        Some(hub) if hub.atom == HUB && to >= at && hub_before.replace(to) != Some(to) => edges(hub).iter().for_each(|e| enter(local(e))),
                        _ => enter(to),
                    }
                }
            }
            let mut kept = 0;
            for (index, p) in positions.iter().enumerate().skip(at) {
                if p.atom != HUB && (out[index - at] != 0 || p.has(Position::FIRST)) {
                    out[kept] = global(index);
                    kept += 1;
                }
            }
            out.truncate(kept);
        }
        Cut::OutOf(at) => {
            let beyond = |edge: &Edge| local(edge) > at as usize;
            let leaves = |p: &Position| {
                p.has(Position::LAST)
                    || edges(p).iter().any(|e| beyond(e) || spec.positions.get(e.to as usize).is_some_and(|t| t.atom == HUB && edges(t).last().is_some_and(beyond)))
            };
            let before = positions.iter().enumerate().take(at as usize + 1);
            out.extend(before.filter(|(_, p)| p.atom != HUB && leaves(p)).map(|(index, _)| global(index)));
        }
    }
}

/// The positions of `pattern` (compiling and bundles store them in order of patterns).
fn pattern_range(spec: &PatternSpec, pattern: u32) -> Range<usize> {
    let start = spec.positions.partition_point(|p| p.pattern < pattern);
    start..start + spec.positions[start..].iter().take_while(|p| p.pattern == pattern).count()
}

impl Cut {
    /// The cut as a bundle stores it: its position, shifted left by one bit, over its side
    /// (0 for [`Cut::Into`]).
    fn code(self) -> u32 {
        match self {
            Cut::Into(at) => at << 1,
            Cut::OutOf(at) => at << 1 | 1,
        }
    }

    /// The cut of a [`Cut::code`].
    fn from_code(code: u32) -> Cut {
        match code & 1 {
            0 => Cut::Into(code >> 1),
            _ => Cut::OutOf(code >> 1),
        }
    }

    /// The position it lies at (numbered from its pattern's first).
    fn at(self) -> u32 {
        match self {
            Cut::Into(at) | Cut::OutOf(at) => at,
        }
    }
}

/// The cuts of a bundle: how many, for each how many patterns lie between its pattern and that
/// of the cut before (from pattern 0 for the first), then each one's [`Cut::code`].
#[cfg(feature = "compiler")]
pub(super) fn write_cuts(w: &mut Writer, cuts: &[PatternCut]) {
    w.len(cuts.len());
    let mut before = 0;
    for cut in cuts {
        w.var(cut.pattern - before);
        before = cut.pattern;
    }
    cuts.iter().for_each(|cut| w.var(cut.cut.code()));
}

/// Reads the cuts written by [`write_cuts`] for the patterns of `spec`, each checked to lie
/// at a position of its pattern, and no pattern to have more than [`MAX_CUTS`].
pub(super) fn read_cuts(r: &mut Reader<'_>, spec: &PatternSpec) -> Result<Vec<PatternCut>, Damaged> {
    let count = r.count(2)?;
    let patterns = r.vars(count)?;
    let mut cuts: Vec<PatternCut> = Vec::with_capacity(count);
    let mut pattern = 0u32;
    for (i, skip) in patterns.into_iter().enumerate() {
        pattern = pattern.saturating_add(skip);
        let cut = Cut::from_code(r.var()?);
        if cut.at() as usize >= pattern_range(spec, pattern).len() {
            return Err(Damaged("a pattern cut lies outside its pattern"));
        }
        if i >= MAX_CUTS && cuts[i - MAX_CUTS].pattern == pattern {
            return Err(Damaged("a pattern has more cuts than compiling keeps"));
        }
        cuts.push(PatternCut { pattern, cut });
    }
    Ok(cuts)
}

/// The anchors of the cuts of `spec`, as (atom, anchor) pairs, and each pattern's mask of its
/// cuts (the first of a pattern's cuts is bit 1, the second bit 2; 0 for a pattern without
/// any, whose one cut is then its last positions, [`LAST_POSITIONS`]).
pub(crate) fn cut_anchors(spec: &PatternSpec) -> (Vec<(u32, Anchor)>, Vec<u8>) {
    let mut masks = vec![0u8; spec.owners.len()];
    let mut pairs = Vec::with_capacity(spec.owners.len() * 2);
    let mut members = Vec::new();
    let mut before: Option<(u32, u8)> = None;
    for &PatternCut { pattern, cut } in &spec.cuts {
        let bit = match before {
            Some((p, bit)) if p == pattern => bit << 1,
            _ => 1,
        };
        before = Some((pattern, bit));
        let Some(mask) = masks.get_mut(pattern as usize) else { continue };
        *mask |= bit;
        cut_positions(spec, pattern_range(spec, pattern), cut, &mut members);
        pairs.extend(members.iter().map(|&m| (spec.positions[m as usize].atom, Anchor { pattern, cut: bit })));
    }
    (pairs, masks)
}

/// The cuts of every pattern of `spec`, in order of patterns. A pattern whose positions do
/// not read as edges to later positions (compiling never writes such) gets one cut, its last
/// positions, which holds whatever the edges.
pub(crate) fn find_cuts(spec: &PatternSpec) -> Vec<PatternCut> {
    let weights: Vec<u64> = spec.atoms.iter().map(weight).collect();
    let mut cuts = Vec::new();
    let mut work = Work::default();
    let mut start = 0;
    while start < spec.positions.len() {
        let pattern = spec.positions[start].pattern;
        let end = start + spec.positions[start..].iter().take_while(|p| p.pattern == pattern).count();
        if work.bounds(spec, start..end).is_some() {
            work.lightest_cuts(spec, start..end, &weights, &mut cuts);
        }
        start = end;
    }
    cuts
}


/// How likely an atom is to occur in a message: a word of one letter occurs in most, one of
/// six or more in few.
fn weight(atom: &str) -> u64 {
    weight_of_letters(atom.chars().take(6).count() as u32)
}

/// The weight of a word of `letters` letters, up to six (see [`weight`]).
fn weight_of_letters(letters: u32) -> u64 {
    1 << (2 * (6 - letters.min(6)))
}

/// How likely a cut that holds position `p` is met once the pattern is started: always at a
/// first position (the pattern is only started where one is met, so such a cut is never
/// taken), else as likely as the position's atom occurs (`weights`, for each atom).
fn position_weight(p: &Position, weights: &[u64]) -> u64 {
    let weight = weights.get(p.atom as usize).copied().unwrap_or(NO_CUT);
    if p.has(Position::FIRST) { NO_CUT } else { weight }
}

/// One pattern's boundaries, in buffers kept from one pattern to the next. Positions are
/// numbered from the pattern's first; boundary `b` lies before position `b`.
#[derive(Default)]
struct Work {
    /// For each position, the first boundary where it is a target (the boundary after its
    /// first predecessor, 0 for a first position), or [`NONE`] when nothing leads to it. For a
    /// hub, its first predecessor.
    first_in: Vec<u32>,
    /// For each position, the last boundary where it is a source (that before its last
    /// successor, the end for a last position); 0 when it leads nowhere. For a hub, its last
    /// successor.
    last_out: Vec<u32>,
    /// For each hub, its last predecessor.
    hub_last_in: Vec<u32>,
    /// Weight of the target and the source cut of each boundary, as differences from the
    /// boundary before (so that a position adds its weight to a range of them in two steps).
    targets: Vec<u64>,
    sources: Vec<u64>,
    /// For each boundary, as differences, how many positions of the cuts already kept are in
    /// its target and its source cut.
    taken_targets: Vec<i32>,
    taken_sources: Vec<i32>,
}

impl Work {
    /// Finds, for the pattern whose positions are `range`, where each position is a target and
    /// where a source; `None` when an edge leads to an earlier position once hubs are passed
    /// through (or a hub to a hub).
    fn bounds(&mut self, spec: &PatternSpec, range: Range<usize>) -> Option<()> {
        let positions = &spec.positions[range.clone()];
        let n = positions.len();
        let local = |edge: &Edge| (edge.to as usize).checked_sub(range.start).filter(|&to| to < n);
        let edges = |p: &Position| spec.edges_of(*p);
        self.first_in.clear();
        self.first_in.extend(positions.iter().map(|p| if p.atom != HUB && p.has(Position::FIRST) { 0 } else { NONE }));
        self.last_out.clear();
        self.last_out.extend(positions.iter().map(|p| if p.atom != HUB && p.has(Position::LAST) { n as u32 } else { 0 }));
        self.hub_last_in.clear();
        self.hub_last_in.resize(n, 0);
        for (from, p) in positions.iter().enumerate().filter(|(_, p)| p.atom != HUB) {
            for to in edges(p).iter().map(local) {
                let to = to?;
                if positions[to].atom == HUB {
                    self.first_in[to] = self.first_in[to].min(from as u32);
                    self.hub_last_in[to] = self.hub_last_in[to].max(from as u32);
                } else if to > from {
                    self.first_in[to] = self.first_in[to].min(from as u32 + 1);
                    self.last_out[from] = self.last_out[from].max(to as u32);
                } else {
                    return None;
                }
            }
        }
        // Through each hub: its first predecessor reaches every successor, and every
        // predecessor reaches its last successor (all of which come after its predecessors).
        for (hub, p) in positions.iter().enumerate().filter(|(_, p)| p.atom == HUB && p.edges[0] < p.edges[1]) {
            let first_in = self.first_in[hub];
            for to in edges(p).iter().map(local) {
                let to = to?;
                if positions[to].atom == HUB || (first_in != NONE && self.hub_last_in[hub] >= to as u32) {
                    return None;
                }
                self.first_in[to] = self.first_in[to].min(first_in.saturating_add(1));
                self.last_out[hub] = self.last_out[hub].max(to as u32);
            }
        }
        for (from, p) in positions.iter().enumerate().filter(|(_, p)| p.atom != HUB) {
            for to in edges(p).iter().filter_map(local).filter(|&to| positions[to].atom == HUB) {
                self.last_out[from] = self.last_out[from].max(self.last_out[to]);
            }
        }
        Some(())
    }

    /// Keeps up to [`MAX_CUTS`] lightest cuts of the pattern whose positions are `range` that
    /// share no position and are lighter than its last positions, which are its cut otherwise
    /// and need no bytes in a bundle (only the first when it is [`RARE_ENOUGH`]), appending
    /// them to `cuts`.
    fn lightest_cuts(&mut self, spec: &PatternSpec, range: Range<usize>, weights: &[u64], cuts: &mut Vec<PatternCut>) {
        let positions = &spec.positions[range.clone()];
        self.weigh(positions, weights);
        self.taken_targets.clear();
        self.taken_targets.resize(positions.len() + 2, 0);
        self.taken_sources.clear();
        self.taken_sources.resize(positions.len() + 2, 0);
        let mut members = Vec::new();
        let lasts: u64 = positions.iter().filter(|p| p.atom != HUB && p.has(Position::LAST)).map(|p| position_weight(p, weights)).sum();
        for _ in 0..MAX_CUTS {
            let Some((weight, boundary, target)) = self.lightest() else { break };
            if weight >= lasts {
                break;
            }
            let cut = if target { Cut::Into(boundary as u32) } else { Cut::OutOf(boundary as u32 - 1) };
            cuts.push(PatternCut { pattern: spec.positions[range.start].pattern, cut });
            cut_positions(spec, range.clone(), cut, &mut members);
            for index in members.iter().map(|&m| m as usize - range.start) {
                // Not in another cut: a position's target boundaries, and its source ones.
                let (first_in, last_out) = (self.first_in[index] as usize, self.last_out[index] as usize);
                if first_in <= index {
                    self.taken_targets[first_in] += 1;
                    self.taken_targets[index + 1] -= 1;
                }
                if index < last_out {
                    self.taken_sources[index + 1] += 1;
                    self.taken_sources[last_out + 1] -= 1;
                }
            }
            if weight <= RARE_ENOUGH {
                break;
            }
        }
    }

    /// Weighs every boundary's target and source cut (as differences, see [`Work::targets`]).
    fn weigh(&mut self, positions: &[Position], weights: &[u64]) {
        let n = positions.len();
        self.targets.clear();
        self.targets.resize(n + 2, 0);
        self.sources.clear();
        self.sources.resize(n + 2, 0);
        for (index, p) in positions.iter().enumerate().filter(|(_, p)| p.atom != HUB) {
            let weight = position_weight(p, weights);
            let (first_in, last_out) = (self.first_in[index] as usize, self.last_out[index] as usize);
            if first_in <= index {
                add(&mut self.targets, first_in..index + 1, weight);
            }
            if index < last_out {
                add(&mut self.sources, index + 1..last_out + 1, weight);
            }
            if p.has(Position::FIRST) {
                // The way in crosses the boundaries up to here, from no position.
                add(&mut self.sources, 0..index + 1, NO_CUT);
            }
            if p.has(Position::LAST) {
                // The way out crosses the boundaries after here, to no position.
                add(&mut self.targets, index + 1..n + 1, NO_CUT);
            }
        }
    }

    /// The lightest cut that shares no position with those kept: its weight, its boundary, and
    /// whether it is the boundary's target cut (else its source cut); `None` when none is left.
    fn lightest(&self) -> Option<(u64, usize, bool)> {
        let (mut target, mut source, mut taken_target, mut taken_source) = (0u64, 0u64, 0, 0);
        let mut best: Option<(u64, usize, bool)> = None;
        for boundary in 0..self.targets.len() - 1 {
            target = target.wrapping_add(self.targets[boundary]);
            source = source.wrapping_add(self.sources[boundary]);
            taken_target += self.taken_targets[boundary];
            taken_source += self.taken_sources[boundary];
            // The first positions are no filter: a pattern is only started at one of them.
            let candidates = [(target, taken_target, true), (source, taken_source, false)];
            for (weight, taken, is_target) in candidates.into_iter().skip(usize::from(boundary == 0)) {
                if weight < NO_CUT && taken == 0 && best.is_none_or(|(lightest, _, _)| weight < lightest) {
                    best = Some((weight, boundary, is_target));
                }
            }
        }
        best
    }
}

/// Adds `weight` to the boundaries of `range`, kept as differences.
fn add(differences: &mut [u64], range: Range<usize>, weight: u64) {
    differences[range.start] = differences[range.start].wrapping_add(weight);
    differences[range.end] = differences[range.end].wrapping_sub(weight);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The atoms of each cut of the one pattern of `phrase`.
    fn cuts_of(phrase: &str) -> Vec<Vec<String>> {
        let file = format!("[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"grooming\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nphrases = [{phrase:?}]\n");
        let rules = crate::Rules::from_sources(&[crate::Source::new("en/t.toml", &file)]).expect("compiles");
        let matcher = &rules.patterns;
        let mut cuts = vec![Vec::new(); MAX_CUTS];
        for (atom, text) in matcher.spec.atoms.iter().enumerate() {
            for anchor in matcher.anchors(atom as u32) {
                cuts[anchor.cut.trailing_zeros() as usize].push(text.to_string());
            }
        }
        cuts.retain(|cut| !cut.is_empty());
        cuts
    }

    #[test]
    fn a_much_rarer_word_a_match_needs_is_kept() {
        // An optional word is never needed; a word of six letters is rare enough alone.
        assert_eq!(cuts_of("(a|b) [really] secret (c|d)"), [vec!["secret"]]);
        // A word of two letters is not: the lightest other that is much rarer than the last
        // words is kept too.
        assert_eq!(cuts_of("(a|b) so to (c|d|e|f|g)"), [vec!["so"], vec!["to"]]);
    }

    #[test]
    fn else_the_last_words_are_the_cut() {
        // A word no rarer than the last words is not kept.
        assert_eq!(cuts_of("(a|b) s c"), [vec!["c"]]);
        assert_eq!(cuts_of("(a|b) so (c|d)"), [vec!["so"]]);
        // A first word is met whenever the pattern is started: no cut.
        assert_eq!(cuts_of("secret ~3 (a|b|c|d|e)"), [vec!["a", "b", "c", "d", "e"]]);
        assert_eq!(cuts_of("(a|b|c|d|e) (f|g|h|i|j) secret"), [vec!["secret"]]);
    }

    #[test]
    fn a_cut_is_found_again_from_where_it_lies() {
        // Five by five words join through a hub, stored before the words it leads to; a first
        // word after where a cut lies is in it (the way in crosses there).
        let file = "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"grooming\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nphrases = [\"(a|b|c|d|e) (f|g|h|i|j) [k] l\"]\n";
        let rules = crate::Rules::from_sources(&[crate::Source::new("en/t.toml", file)]).expect("compiles");
        let spec = &rules.patterns.spec;
        let words = |cut: Cut| {
            let mut positions = Vec::new();
            cut_positions(spec, 0..spec.positions.len(), cut, &mut positions);
            positions.iter().map(|&p| &spec.atoms[spec.positions[p as usize].atom as usize]).collect::<String>()
        };
        assert_eq!(spec.positions[5].atom, HUB);
        assert_eq!((words(Cut::Into(0)), words(Cut::Into(1)), words(Cut::Into(5)), words(Cut::Into(11))), ("abcde".into(), "bcdefghij".into(), "fghij".into(), "kl".into()));
        assert_eq!((words(Cut::OutOf(0)), words(Cut::OutOf(5)), words(Cut::OutOf(10)), words(Cut::OutOf(12))), ("a".into(), "abcde".into(), "fghij".into(), "l".into()));
    }

    /// Every way through every shipped pattern, from a first position to a last one (a sample
    /// of them, chosen by a fixed pseudo-random walk), goes through an atom of each cut.
    #[test]
    fn every_match_holds_a_word_of_each_cut() {
        let rules = crate::Rules::builtin().expect("the shipped rules load");
        let matcher = &rules.patterns;
        let spec = &matcher.spec;
        let mut random = crate::test_random::XorShift::new();
        let mut random = |n: usize| random.below(n);
        let firsts: Vec<usize> = (0..spec.positions.len()).filter(|&i| spec.positions[i].atom != HUB && spec.positions[i].has(Position::FIRST)).collect();
        for _ in 0..20 {
            for &first in &firsts {
                let (mut at, mut met) = (first, 0u8);
                loop {
                    let p = spec.positions[at];
                    if p.atom != HUB {
                        met |= matcher.anchors(p.atom).iter().filter(|a| a.pattern == p.pattern).fold(0, |bits, a| bits | a.cut);
                    }
                    let edges = spec.edges_of(p);
                    if p.atom != HUB && p.has(Position::LAST) && (edges.is_empty() || random(2) == 0) {
                        assert_eq!(met, matcher.cuts(p.pattern), "a way through pattern {} misses a cut", p.pattern);
                        break;
                    }
                    if edges.is_empty() {
                        break;
                    }
                    at = edges[random(edges.len())].to as usize;
                }
            }
        }
    }
}
