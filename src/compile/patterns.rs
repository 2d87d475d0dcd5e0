//! Every pattern of every rule (phrases, near terms, allow entries) compiled into one
//! word-level automaton, without expanding alternatives into literals.
//!
//! Each written word normalizes to one or more *atoms* (normalized words); every distinct atom
//! is one word of a byte trie that finds them in the normalized text. A pattern becomes a
//! small position automaton (Glushkov construction) over atoms: one *position* per written
//! word, edges from each position to the positions that may follow it, each edge with the
//! number of arbitrary words (`~N`) it may skip. `(a|b|c) (d|e|f)` is 6 positions and 9 edges,
//! not 9 literals; where a junction would need many edges, a *hub* position without an atom
//! joins the two sides (`m + n` edges instead of `m × n`).
//!
//! Building happens in two steps: [`PatternSpec::from_rules`] normalizes and compiles every
//! pattern, [`PatternMatcher::from_spec`] builds the atom dictionary ([`AtomTrie`]) and the
//! per-atom start lists.

use crate::normalize::normalize;
use crate::rules::{Expr, RuleSet, MAX_GAP};
use crate::vocab::Direction;
use super::anchors::{cut_anchors, find_cuts, Anchor, PatternCut, LAST_POSITIONS};
use super::atom_texts::AtomTexts;
use super::atoms::{AtomTrie, DuplicateAtom};
use std::collections::HashMap;

/// Most positions one pattern may compile to (written words, list words included).
pub const MAX_PATTERN_POSITIONS: usize = 4096;

/// Most edges one pattern may compile to.
pub const MAX_PATTERN_EDGES: usize = 16384;

/// Most edges all the patterns of a rule set may compile to (the shipped rules need about
/// 66,000): a bound on what loading a bundle may build, whatever its bytes say.
pub const MAX_EDGES: usize = 1 << 21;

/// A junction with more edges than this gets a hub position.
const HUB_THRESHOLD: usize = 16;

/// The atom index of a hub position (which matches no word; it only joins edges).
pub(crate) const HUB: u32 = u32::MAX;

/// What a pattern match means for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Phrase `index` of the rule: a match is a hit.
    Phrase { index: u32 },
    /// Term `term` of near clause `clause` (an index into [`PatternSpec::near`]).
    NearTerm { clause: u32, term: u32 },
    /// Allow entry `index` of the rule: cancels hits it overlaps.
    Allow { index: u32 },
}

/// One owner of a compiled pattern.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner {
    /// Index of the rule in the rule set.
    pub rule: u32,
    /// What the match means.
    pub role: Role,
}

/// A near clause, compiled.
#[derive(Debug, Clone)]
pub(crate) struct NearClause {
    /// Index of the rule in the rule set.
    pub rule: u32,
    /// Number of terms.
    pub terms: u32,
    /// Largest word distance between the first and the last term.
    pub within: u32,
    /// Whether the terms must occur in order.
    pub ordered: bool,
}

/// One word of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    /// Index of its atom, or [`HUB`].
    pub atom: u32,
    /// The pattern it belongs to.
    pub pattern: u32,
    /// [`Position::OPEN_START`] | [`Position::OPEN_END`] | [`Position::FIRST`] | [`Position::LAST`].
    pub flags: u8,
    /// Its outgoing edges: a range of [`PatternSpec::edges`].
    pub edges: [u32; 2],
}

impl Position {
    /// `*word`: may start inside a message word.
    pub const OPEN_START: u8 = 1;
    /// `word*`: may end inside a message word.
    pub const OPEN_END: u8 = 2;
    /// A match may start here.
    pub const FIRST: u8 = 4;
    /// A match may end here.
    pub const LAST: u8 = 8;

    /// Whether `flag` is set.
    pub fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// An edge of the position automaton: the next position, and how many words may lie between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edge {
    /// The next position.
    pub to: u32,
    /// Up to this many arbitrary words in between.
    pub gap: u8,
}

/// Everything the matcher is built from.
#[derive(Debug, Clone, Default)]
pub(crate) struct PatternSpec {
    /// Distinct normalized words.
    pub atoms: AtomTexts,
    /// Every position of every pattern.
    pub positions: Vec<Position>,
    /// Every edge, grouped by source position.
    pub edges: Vec<Edge>,
    /// Owners of each pattern (identical patterns of several rules are compiled once).
    pub owners: Vec<Vec<Owner>>,
    /// Every near clause, indexed by `Role::NearTerm::clause`.
    pub near: Vec<NearClause>,
    /// The cuts of every pattern (see [`super::anchors`]), in order of patterns.
    pub cuts: Vec<PatternCut>,
}

/// A pattern that is over a size limit: the rule, the role of the pattern, and why.
#[derive(Debug, Clone)]
pub(crate) struct TooLarge {
    /// Index of the rule.
    pub rule: u32,
    /// Which of its patterns.
    pub role: Role,
    /// What is over the limit.
    pub message: String,
}

/// The atom automaton, start lists and the spec they come from.
#[derive(Debug, Clone, Default)]
pub(crate) struct PatternMatcher {
    /// Finds atoms in normalized text.
    pub atoms: AtomTrie,
    /// For each atom, the positions where a match may start inside a message word (`*word`).
    open_starts: Lists<Start>,
    /// For each atom, the positions where a match may start at the start of a message word.
    word_starts: Lists<Start>,
    /// For each atom, the cuts of patterns it is in (see [`super::anchors`]): a pattern one of
    /// whose cuts has no atom in a message cannot match it.
    anchors: Lists<Anchor>,
    /// For each pattern, the mask of all its cuts.
    cuts: Vec<u8>,
    /// For each pattern, the message directions some owner applies to
    /// ([`PatternMatcher::direction_bit`]).
    pub directions: Vec<u8>,
    /// For each edge, the atom of the position it leads to ([`HUB`] for a hub), so that the
    /// scanner can pass over edges to words absent from a message without visiting them.
    edge_atoms: Vec<u32>,
    /// For each atom of more than one letter, its first and last letter; `'\0'` for the others
    /// (atoms never hold a NUL).
    end_letters: Vec<[char; 2]>,
    /// Most message words past its first that a match of any pattern may reach.
    reach: u32,
    /// What it was built from.
    pub spec: PatternSpec,
}

impl PatternMatcher {
    /// Builds the atom dictionary from a spec; `rule_directions[i]` is the direction of rule `i`.
    pub fn from_spec(spec: PatternSpec, rule_directions: &[Direction]) -> Result<PatternMatcher, DuplicateAtom> {
        Ok(Self::with_atoms(AtomTrie::new(&spec.atoms)?, spec, rule_directions))
    }

    /// The matcher of a spec whose atom dictionary is built already (a load builds it in a part
    /// of its own).
    pub fn with_atoms(atoms: AtomTrie, spec: PatternSpec, rule_directions: &[Direction]) -> PatternMatcher {
        let (mut anchors, mut cuts) = cut_anchors(&spec);
        // One pass over the positions gathers the starts and the last positions of the patterns
        // without a cut, which are their one cut (a small part of them).
        let (mut open_starts, mut word_starts) = (Vec::new(), Vec::new());
        for (index, p) in spec.positions.iter().enumerate().filter(|(_, p)| p.atom != HUB) {
            if p.has(Position::FIRST) {
                let starts = if p.has(Position::OPEN_START) { &mut open_starts } else { &mut word_starts };
                starts.push((p.atom, Start { position: index as u32, pattern: p.pattern }));
            }
            if p.has(Position::LAST) && cuts.get(p.pattern as usize) == Some(&0) {
                anchors.push((p.atom, Anchor { pattern: p.pattern, cut: LAST_POSITIONS }));
            }
        }
        cuts.iter_mut().filter(|mask| **mask == 0).for_each(|mask| *mask = LAST_POSITIONS);
        let keys = spec.atoms.len();
        let (open_starts, word_starts, anchors) = (Lists::new(keys, &open_starts), Lists::new(keys, &word_starts), Lists::new(keys, &anchors));
        let direction_bits = |rule: u32| {
            let direction = rule_directions.get(rule as usize).copied().unwrap_or(Direction::Any);
            [Direction::Incoming, Direction::Outgoing].iter().filter(|d| direction.applies_to(**d)).map(|d| Self::direction_bit(*d)).fold(0, |a, b| a | b)
        };
        let directions = spec.owners.iter().map(|owners| owners.iter().map(|o| direction_bits(o.rule)).fold(0, |a, b| a | b)).collect();
        let edge_atoms: Vec<u32> = spec.edges.iter().map(|e| spec.positions.get(e.to as usize).map_or(HUB, |p| p.atom)).collect();
        let end_letters = spec.atoms.iter().map(end_letters).collect();
        let reach = longest_reach(&spec, &edge_atoms);
        PatternMatcher { atoms, open_starts, word_starts, anchors, cuts, directions, edge_atoms, end_letters, reach, spec }
    }

    /// The bit of a message direction in [`PatternMatcher::directions`].
    pub fn direction_bit(direction: Direction) -> u8 {
        match direction {
            Direction::Incoming => 1,
            Direction::Outgoing => 2,
            Direction::Any => 3,
        }
    }

    /// The positions where a match may start with `atom` inside a message word (`*word`),
    /// then, when `at_word_start`, those that start at the start of one.
    pub fn starts(&self, atom: u32, at_word_start: bool) -> impl Iterator<Item = &Start> {
        let word_starts = if at_word_start { self.word_starts.get(atom) } else { &[] };
        self.open_starts.get(atom).iter().chain(word_starts)
    }

    /// Whether a pattern may start with `atom` inside a message word (`*word`).
    pub fn starts_inside_words(&self, atom: u32) -> bool {
        !self.open_starts.get(atom).is_empty()
    }

    /// The cuts `atom` is in.
    pub fn anchors(&self, atom: u32) -> &[Anchor] {
        self.anchors.get(atom)
    }

    /// The mask of all the cuts of `pattern`: once a message has an atom of each, the pattern
    /// may match it.
    pub fn cuts(&self, pattern: u32) -> u8 {
        self.cuts[pattern as usize]
    }

    /// The outgoing edges of a position.
    pub fn edges(&self, position: Position) -> &[Edge] {
        self.spec.edges_of(position)
    }

    /// Whether atom `a` ends with the letter atom `b` starts with, both longer than one letter
    /// (such a letter is written once when the two words are glued or spaced out).
    pub fn shares_letter(&self, a: u32, b: u32) -> bool {
        let (a, b) = (self.end_letters[a as usize], self.end_letters[b as usize]);
        a[1] != '\0' && a[1] == b[0]
    }

    /// Most message words past the one a match starts in that the match may reach
    /// (`u32::MAX` when the patterns do not bound it).
    pub fn reach(&self) -> u32 {
        self.reach
    }

    /// This matcher with no bound on how far a match reaches (what a bundle whose edges lead
    /// back gets), to compare against.
    #[cfg(test)]
    pub fn without_reach(mut self) -> PatternMatcher {
        self.reach = u32::MAX;
        self
    }

    /// The atoms the outgoing edges of a position lead to (in the order of [`Self::edges`]).
    pub fn next_atoms(&self, position: Position) -> &[u32] {
        &self.edge_atoms[position.edges[0] as usize..position.edges[1] as usize]
    }
}

/// Most message words past its first that a match may reach, over every pattern of `spec`
/// (whose edges lead to `edge_atoms`): each edge leads at most one word on plus its gap (a hub
/// joins edges without a word of its own). Compiled patterns have no loops, so their edges
/// lead to later positions; a bundle whose edges do not is not bounded (`u32::MAX`).
fn longest_reach(spec: &PatternSpec, edge_atoms: &[u32]) -> u32 {
    let mut reach = vec![0u32; spec.positions.len()];
    for (index, position) in spec.positions.iter().enumerate().rev() {
        let range = position.edges[0] as usize..position.edges[1] as usize;
        let mut most = 0u32;
        for (edge, &atom) in spec.edges[range.clone()].iter().zip(&edge_atoms[range]) {
            let to = edge.to as usize;
            let Some(&after) = reach.get(to).filter(|_| to > index) else { return u32::MAX };
            most = most.max(after.saturating_add(u32::from(edge.gap) + u32::from(atom != HUB)));
        }
        reach[index] = most;
    }
    reach.into_iter().max().unwrap_or(0)
}

/// The first and last letter of an atom of more than one letter, else NULs.
fn end_letters(atom: &str) -> [char; 2] {
    let mut letters = atom.chars();
    match (letters.next(), letters.next_back()) {
        (Some(first), Some(last)) => [first, last],
        _ => ['\0'; 2],
    }
}

/// A position where a match may start, and its pattern (so that the scanner need not look the
/// position up to know whether the pattern can match at all).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Start {
    /// Index of the position.
    pub position: u32,
    /// Its pattern.
    pub pattern: u32,
}

/// A list of values for each key, in two flat arrays.
#[derive(Debug, Clone, Default)]
struct Lists<T> {
    /// Key `k`'s values are `values[offsets[k]..offsets[k + 1]]`.
    offsets: Vec<u32>,
    values: Vec<T>,
}

impl<T: Copy + Default> Lists<T> {
    /// The lists of `keys` keys from (key, value) pairs, each key below `keys`; each list in
    /// the order of `pairs`.
    fn new(keys: usize, pairs: &[(u32, T)]) -> Lists<T> {
        let mut offsets = vec![0u32; keys + 1];
        for &(key, _) in pairs {
            offsets[key as usize + 1] += 1;
        }
        for k in 0..keys {
            offsets[k + 1] += offsets[k];
        }
        let mut values = vec![T::default(); offsets[keys] as usize];
        let mut next = offsets.clone();
        for &(key, value) in pairs {
            values[next[key as usize] as usize] = value;
            next[key as usize] += 1;
        }
        Lists { offsets, values }
    }

    #[inline]
    fn get(&self, key: u32) -> &[T] {
        match (self.offsets.get(key as usize), self.offsets.get(key as usize + 1)) {
            (Some(&from), Some(&to)) => &self.values[from as usize..to as usize],
            _ => &[],
        }
    }
}

impl PatternSpec {
    /// The outgoing edges of a position.
    pub fn edges_of(&self, position: Position) -> &[Edge] {
        &self.edges[position.edges[0] as usize..position.edges[1] as usize]
    }

    /// Compiles every phrase, allow entry and near term of every enabled rule of `set`.
    /// Patterns over the size limits come back as errors.
    pub fn from_rules(set: &RuleSet) -> (PatternSpec, Vec<TooLarge>) {
        let mut compiler = Compiler::default();
        let mut too_large = Vec::new();
        for (index, rule) in set.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            let rule_index = index as u32;
            let mut add = |expr: &Expr, role: Role, compiler: &mut Compiler| {
                if let Err(message) = compiler.add(expr, Owner { rule: rule_index, role }) {
                    too_large.push(TooLarge { rule: rule_index, role, message });
                }
            };
            for (i, phrase) in rule.phrases.iter().enumerate() {
                add(&phrase.expr, Role::Phrase { index: i as u32 }, &mut compiler);
            }
            for (i, phrase) in rule.allow.iter().enumerate() {
                add(&phrase.expr, Role::Allow { index: i as u32 }, &mut compiler);
            }
            for clause in &rule.near {
                let clause_index = compiler.spec.near.len() as u32;
                for (term_index, term) in clause.terms.iter().enumerate() {
                    add(&term.expr, Role::NearTerm { clause: clause_index, term: term_index as u32 }, &mut compiler);
                }
                let near = NearClause { rule: rule_index, terms: clause.terms.len() as u32, within: clause.within, ordered: clause.ordered };
                compiler.spec.near.push(near);
            }
        }
        compiler.spec.sort_atoms();
        compiler.spec.cuts = find_cuts(&compiler.spec);
        (compiler.spec, too_large)
    }

    /// Numbers the atoms in byte order (so that the atom dictionary is built without sorting).
    fn sort_atoms(&mut self) {
        let mut order: Vec<u32> = (0..self.atoms.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.atoms[a as usize].cmp(&self.atoms[b as usize]));
        let mut renumber = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        self.atoms = order.iter().map(|&old| &self.atoms[old as usize]).collect();
        for position in self.positions.iter_mut().filter(|p| p.atom != HUB) {
            position.atom = renumber[position.atom as usize];
        }
    }
}

/// The first and last positions of a part of a pattern (each with the words that may be
/// skipped before or after it), and whether the part can be skipped (with how many words).
struct Fragment {
    first: Vec<(u32, u8)>,
    last: Vec<(u32, u8)>,
    skip: Option<u8>,
}

impl Fragment {
    /// No words, skipped without a gap: the start of a sequence.
    fn empty() -> Fragment {
        Fragment { first: Vec::new(), last: Vec::new(), skip: Some(0) }
    }

    /// A part that can never match.
    fn never() -> Fragment {
        Fragment { first: Vec::new(), last: Vec::new(), skip: None }
    }
}

/// One pattern under construction: positions local to it, and its edges.
#[derive(Default, Clone, PartialEq, Eq, Hash)]
struct Draft {
    positions: Vec<(u32, u8)>,
    edges: Vec<(u32, u32, u8)>,
}

#[derive(Default)]
struct Compiler {
    spec: PatternSpec,
    atom_index: HashMap<String, u32>,
    /// The atoms of each written word seen so far (list words recur in many patterns).
    word_atoms: HashMap<String, Vec<u32>>,
    pattern_index: HashMap<Draft, u32>,
}

impl Compiler {
    /// Compiles one pattern and records `owner` for it (sharing an identical earlier pattern).
    fn add(&mut self, expr: &Expr, owner: Owner) -> Result<(), String> {
        let mut draft = Draft::default();
        let whole = self.fragment(expr, &mut draft);
        if draft.positions.len() > MAX_PATTERN_POSITIONS {
            return Err(format!("the pattern has {} words (lists included); the limit is {MAX_PATTERN_POSITIONS}", draft.positions.len()));
        }
        if draft.edges.len() > MAX_PATTERN_EDGES {
            return Err(format!("the pattern needs {} edges; the limit is {MAX_PATTERN_EDGES}", draft.edges.len()));
        }
        if whole.first.is_empty() {
            // Every word normalized to nothing (a warning of its own): nothing to match.
            return Ok(());
        }
        for &(p, _) in &whole.first {
            draft.positions[p as usize].1 |= Position::FIRST;
        }
        for &(p, _) in &whole.last {
            draft.positions[p as usize].1 |= Position::LAST;
        }
        if let Some(&pattern) = self.pattern_index.get(&draft) {
            self.spec.owners[pattern as usize].push(owner);
            return Ok(());
        }
        if self.spec.edges.len() + draft.edges.len() > MAX_EDGES {
            return Err(format!("the rule set's patterns need more than {MAX_EDGES} edges in all (lists included)"));
        }
        let pattern = self.spec.owners.len() as u32;
        self.pattern_index.insert(draft.clone(), pattern);
        self.spec.owners.push(vec![owner]);
        let edges = merged_edges(draft.edges);
        let order = storage_order(&draft.positions, &edges, &self.spec.atoms);
        self.push_positions(pattern, &draft.positions, &edges, &order);
        Ok(())
    }

    /// Adds the positions of a new pattern, stored in `order` (their draft indices), with
    /// their edges (`edges`: between draft indices, sorted by source).
    fn push_positions(&mut self, pattern: u32, positions: &[(u32, u8)], edges: &[(u32, u32, u8)], order: &[u32]) {
        let base = self.spec.positions.len() as u32;
        let mut stored_at = vec![0u32; order.len()];
        for (stored, &draft) in order.iter().enumerate() {
            stored_at[draft as usize] = stored as u32;
        }
        let mut stored_edges: Vec<(u32, u32, u8)> = edges.iter().map(|&(from, to, gap)| (stored_at[from as usize], stored_at[to as usize], gap)).collect();
        stored_edges.sort_unstable();
        let mut next_edge = 0;
        for (stored, &draft) in order.iter().enumerate() {
            let (atom, flags) = positions[draft as usize];
            let start = self.spec.edges.len() as u32;
            while next_edge < stored_edges.len() && stored_edges[next_edge].0 == stored as u32 {
                let (_, to, gap) = stored_edges[next_edge];
                self.spec.edges.push(Edge { to: base + to, gap });
                next_edge += 1;
            }
            let end = self.spec.edges.len() as u32;
            self.spec.positions.push(Position { atom, pattern, flags, edges: [start, end] });
        }
    }

    /// The atoms a written word normalizes to (none when it normalizes to nothing).
    fn word_atoms(&mut self, written: &str) -> Vec<u32> {
        if let Some(atoms) = self.word_atoms.get(written) {
            return atoms.clone();
        }
        let words = normalize(written).display_words();
        let atoms: Vec<u32> = words.split(' ').filter(|w| !w.is_empty()).map(|w| self.atom(w)).collect();
        self.word_atoms.insert(written.to_string(), atoms.clone());
        atoms
    }

    fn atom(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.atom_index.get(text) {
            return id;
        }
        let id = self.spec.atoms.len() as u32;
        self.spec.atoms.push(text);
        self.atom_index.insert(text.to_string(), id);
        id
    }

    fn fragment(&mut self, expr: &Expr, draft: &mut Draft) -> Fragment {
        match expr {
            Expr::Word(word) => {
                let atoms = self.word_atoms(&word.text);
                // A word that normalizes to nothing can never be matched (W201 says so).
                let Some(last_index) = atoms.len().checked_sub(1) else { return Fragment::never() };
                let first = draft.positions.len() as u32;
                for (i, atom) in atoms.into_iter().enumerate() {
                    let mut flags = 0;
                    if i == 0 && word.open_start {
                        flags |= Position::OPEN_START;
                    }
                    if i == last_index && word.open_end {
                        flags |= Position::OPEN_END;
                    }
                    let here = draft.positions.len() as u32;
                    if i > 0 {
                        draft.edges.push((here - 1, here, 0));
                    }
                    draft.positions.push((atom, flags));
                }
                let last = draft.positions.len() as u32 - 1;
                Fragment { first: vec![(first, 0)], last: vec![(last, 0)], skip: None }
            }
            Expr::Gap(n) => Fragment { first: Vec::new(), last: Vec::new(), skip: Some(*n) },
            Expr::Opt(inner) => {
                let f = self.fragment(inner, draft);
                Fragment { skip: Some(f.skip.unwrap_or(0)), ..f }
            }
            Expr::Alt(options) => {
                let mut out = Fragment { first: Vec::new(), last: Vec::new(), skip: None };
                for option in options {
                    let f = self.fragment(option, draft);
                    out.first.extend(f.first);
                    out.last.extend(f.last);
                    out.skip = match (out.skip, f.skip) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        (a, b) => a.or(b),
                    };
                }
                out
            }
            Expr::Seq(parts) => {
                let mut out = Fragment::empty();
                for part in parts {
                    let next = self.fragment(part, draft);
                    join(&out.last, &next.first, draft);
                    let mut first = out.first;
                    if let Some(skip) = out.skip {
                        first.extend(next.first.iter().map(|&(p, g)| (p, add_gap(g, skip))));
                    }
                    let mut last = next.last;
                    if let Some(skip) = next.skip {
                        last.extend(out.last.iter().map(|&(p, g)| (p, add_gap(g, skip))));
                    }
                    let skip = match (out.skip, next.skip) {
                        (Some(a), Some(b)) => Some(add_gap(a, b)),
                        _ => None,
                    };
                    out = Fragment { first, last, skip };
                }
                out
            }
            // Lists are resolved before compiling; an unresolved one matches nothing.
            Expr::List(_) => Fragment::never(),
        }
    }
}

/// The edges of a draft sorted by source and target, one for each pair, with the largest gap
/// of those written for it.
fn merged_edges(mut edges: Vec<(u32, u32, u8)>) -> Vec<(u32, u32, u8)> {
    edges.sort_unstable();
    edges.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1 && {
        a.2 = a.2.max(b.2);
        true
    });
    edges
}

/// The order in which the positions of a draft are stored (their draft indices): each hub
/// right before the first position it leads to when that comes first (a hub is made after
/// the words it leads to), and the alternatives of each group (consecutive words with the
/// same edges in and out) in the byte order of their atoms. Bundles store that order best
/// (see `super::tables`): edges mostly lead to the position right after their source's group,
/// and the atoms of a group are small steps from one to the next.
///
/// Matching does not depend on this order. Of the expectations of one atom at one place it
/// keeps the order: words with the same atom keep theirs, and no source of a hub has an edge
/// to the words it is moved before (it leads to them through the hub). Only a message with
/// more expectations than the scanner records could lose others past that cap.
fn storage_order(positions: &[(u32, u8)], edges: &[(u32, u32, u8)], atoms: &AtomTexts) -> Vec<u32> {
    let group_starts = group_starts(positions, edges);
    // Sorted by the position each is stored next to (hubs before it), then by atom.
    let mut keys: Vec<(usize, u8, &str, usize)> = positions
        .iter()
        .enumerate()
        .map(|(index, &(atom, _))| match outgoing(edges, index).first() {
            Some(first) if atom == HUB && (first.1 as usize) < index => (first.1 as usize, 0, "", index),
            _ if atom == HUB => (index, 1, "", index),
            _ => (group_starts[index], 1, &atoms[atom as usize], index),
        })
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|(.., index)| index as u32).collect()
}

/// For each position of a draft, the first of its group of alternatives: the consecutive
/// words with the same edges in and out (`edges` sorted by source).
fn group_starts(positions: &[(u32, u8)], edges: &[(u32, u32, u8)]) -> Vec<usize> {
    let mut incoming = vec![Vec::new(); positions.len()];
    for &(from, to, gap) in edges {
        incoming[to as usize].push((from, gap));
    }
    let targets = |p: usize| outgoing(edges, p).iter().map(|&(_, to, gap)| (to, gap));
    let alternatives = |a: usize, b: usize| positions[a].0 != HUB && positions[b].0 != HUB && targets(a).eq(targets(b)) && incoming[a] == incoming[b];
    let mut starts = Vec::with_capacity(positions.len());
    for index in 0..positions.len() {
        let start = if index > 0 && alternatives(index - 1, index) { starts[index - 1] } else { index };
        starts.push(start);
    }
    starts
}

/// The edges of a draft (sorted by source) that leave position `p`.
fn outgoing(edges: &[(u32, u32, u8)], p: usize) -> &[(u32, u32, u8)] {
    let from = edges.partition_point(|e| (e.0 as usize) < p);
    let to = edges.partition_point(|e| (e.0 as usize) <= p);
    &edges[from..to]
}

fn add_gap(a: u8, b: u8) -> u8 {
    a.saturating_add(b).min(MAX_GAP)
}

/// Edges from every end of one part to every start of the next, through a hub when there
/// would be many.
fn join(lasts: &[(u32, u8)], firsts: &[(u32, u8)], draft: &mut Draft) {
    if lasts.is_empty() || firsts.is_empty() {
        return;
    }
    if lasts.len() * firsts.len() <= HUB_THRESHOLD {
        for &(from, g1) in lasts {
            for &(to, g2) in firsts {
                draft.edges.push((from, to, add_gap(g1, g2)));
            }
        }
        return;
    }
    let hub = draft.positions.len() as u32;
    draft.positions.push((HUB, 0));
    for &(from, gap) in lasts {
        draft.edges.push((from, hub, gap));
    }
    for &(to, gap) in firsts {
        draft.edges.push((hub, to, gap));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse_pattern;

    fn compile(pattern: &str) -> PatternSpec {
        let mut compiler = Compiler::default();
        let expr = parse_pattern(pattern).unwrap();
        compiler.add(&expr, Owner { rule: 0, role: Role::Phrase { index: 0 } }).unwrap();
        compiler.spec
    }

    /// [`longest_reach`] of a spec, with the atoms its edges lead to.
    fn reach_of(spec: &PatternSpec) -> u32 {
        let edge_atoms: Vec<u32> = spec.edges.iter().map(|e| spec.positions[e.to as usize].atom).collect();
        longest_reach(spec, &edge_atoms)
    }

    #[test]
    fn a_match_reaches_one_word_per_edge_and_its_gap() {
        assert_eq!(reach_of(&compile("send ~3 nudes now")), 5);
        assert_eq!(reach_of(&compile("(please|now) (send|give) ~2 me [your] pics")), 6);
        assert_eq!(reach_of(&compile("hi")), 0);
        // Many words on each side of a junction: a hub joins them, without a word of its own.
        let many = "(a1|a2|a3|a4|a5|a6|a7|a8|a9) ~2 (b1|b2|b3|b4|b5|b6|b7|b8|b9)";
        let spec = compile(many);
        assert!(spec.positions.iter().any(|p| p.atom == HUB), "the junction has a hub");
        assert_eq!(reach_of(&spec), 3);
    }

    #[test]
    fn edges_that_lead_back_bound_nothing() {
        let mut spec = compile("send ~3 nudes now");
        let last = spec.edges.len() - 1;
        spec.edges[last].to = 0;
        assert_eq!(reach_of(&spec), u32::MAX);
    }

    #[test]
    fn end_letters_are_those_of_words_of_two_letters_or_more() {
        assert_eq!(end_letters("секрет"), ['с', 'т']);
        assert_eq!(end_letters("ab"), ['a', 'b']);
        assert_eq!(end_letters("s"), ['\0'; 2]);
        assert_eq!(end_letters(""), ['\0'; 2]);
    }

    #[test]
    fn alternatives_are_not_multiplied() {
        let spec = compile("(a1|b1|c1|d1|e1|f1) (a2|b2|c2|d2|e2|f2) (a3|b3|c3|d3|e3|f3)");
        assert_eq!(spec.atoms.len(), 18);
        // 18 words and two hubs; 6 + 6 edges into and out of each hub.
        assert_eq!(spec.positions.len(), 20);
        assert_eq!(spec.edges.len(), 24);
    }

    #[test]
    fn hubs_and_alternatives_are_stored_as_bundles_store_them_best() {
        let spec = compile("(pear|lime|plum|fig|date) (tea|milk|soda|rum|gin)");
        let words: Vec<&str> = spec.positions.iter().map(|p| if p.atom == HUB { "hub" } else { &spec.atoms[p.atom as usize] }).collect();
        assert_eq!(words, ["date", "fig", "lime", "pear", "plum", "hub", "gin", "milk", "rum", "soda", "tea"]);
        let targets = |p: usize| spec.edges_of(spec.positions[p]).iter().map(|e| e.to).collect::<Vec<_>>();
        assert!((0..5).all(|p| targets(p) == [5]));
        assert_eq!(targets(5), [6, 7, 8, 9, 10]);
        // Words with the same edges out but not in are not alternatives of one group.
        let spec = compile("(ant zip | bed) dog");
        let words: Vec<&str> = spec.positions.iter().map(|p| &spec.atoms[p.atom as usize]).collect();
        assert_eq!(words, ["ant", "zip", "bed", "dog"]);
    }

    #[test]
    fn optional_words_and_gaps_make_edges() {
        let spec = compile("i [really] want ~3 you");
        let edge = |from: usize, to: usize| spec.edges[spec.positions[from].edges[0] as usize..spec.positions[from].edges[1] as usize].iter().find(|e| e.to as usize == to).map(|e| e.gap);
        assert_eq!(edge(0, 1), Some(0));
        assert_eq!(edge(0, 2), Some(0));
        assert_eq!(edge(2, 3), Some(3));
        assert!(spec.positions[0].has(Position::FIRST) && spec.positions[3].has(Position::LAST));
        assert!(!spec.positions[1].has(Position::FIRST));
    }

    #[test]
    fn identical_patterns_share_positions() {
        let mut compiler = Compiler::default();
        let expr = parse_pattern("my parents").unwrap();
        compiler.add(&expr, Owner { rule: 0, role: Role::Allow { index: 0 } }).unwrap();
        compiler.add(&expr, Owner { rule: 1, role: Role::Allow { index: 0 } }).unwrap();
        assert_eq!(compiler.spec.positions.len(), 2);
        assert_eq!(compiler.spec.owners.len(), 1);
        assert_eq!(compiler.spec.owners[0].len(), 2);
    }

    #[test]
    fn a_word_may_normalize_to_several_atoms() {
        let spec = compile("send.nudes");
        assert_eq!(spec.atoms.iter().collect::<Vec<_>>(), ["send", "nudes"]);
        assert_eq!(spec.edges, vec![Edge { to: 1, gap: 0 }]);
    }
}
