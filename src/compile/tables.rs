//! The pattern positions and their edges as a bundle stores them (see [`super::bundle`]).
//!
//! Most of what the Glushkov construction makes can be told from what came before, so each
//! position is written as how it differs from the likely: the alternatives of a group lead to
//! the same next words (the edges of the position before), the atoms of one written word lead
//! to the next (one edge), a group leads to the consecutive positions of the next one (a run),
//! a match starts where no edge leads (the first flag) and ends where none leaves (the last
//! flag). Each kind of value is written for all positions in turn, in a column of its own:
//! alike values side by side compress far better.
//!
//! A position and the positions after it in its pattern that have the same edges are a run of
//! *alike* positions (mostly the alternatives of one group, which compiling stores in the
//! order of their atoms). Edges mostly lead to the position after such a run, and to the whole
//! of the run that starts there, so where a run of targets starts and how long it is are
//! written relative to those (mostly as 0), and the atom of a position in such a run as the
//! step from the atom before.
//!
//! Written: the number of positions of each pattern; the number of edges in all; one byte per
//! position: its flags as they differ from the likely ones, and the shape of its edges (high
//! half); then, each length-prefixed, the atoms of the positions (see [`write_atom_column`])
//! and the columns of the shapes that need more: run starts, run lengths, run gaps, listed
//! targets and listed gaps.

use super::bundle::Damaged;
use super::patterns::{Edge, Position, MAX_EDGES, MAX_PATTERN_EDGES, MAX_PATTERN_POSITIONS};
#[cfg(feature = "compiler")]
use super::patterns::{PatternSpec, HUB};
use super::wire::{Reader, Truncated};
#[cfg(feature = "compiler")]
use super::wire::Writer;

/// No edges (where the position before in its pattern has some).
const NO_EDGES: u8 = 0;
/// The same edges (targets and gaps) as the position before in its pattern, none included.
const SAME_EDGES: u8 = 1;
/// One edge, without a gap, to the position after.
const NEXT: u8 = 2;
/// Edges without gaps to consecutive positions: the first (relative to the end of this
/// position's alike run, zigzag-coded) and how many (relative to the length of the alike run
/// the first starts, zigzag-coded).
const RUN: u8 = 3;
/// A run whose edges all have one gap, which follows in a column of its own.
const RUN_WITH_GAP: u8 = 4;
/// Any other edges: how many, then their targets in ascending order (the first relative to the
/// end of this position's alike run, zigzag-coded; each other as how many positions it skips
/// after the one before), and their gaps in a column of their own.
const LISTED: u8 = 5;

/// Every flag a position may have; they fit in the low half of the byte they share with the
/// shape of the position's edges.
const KNOWN_FLAGS: u8 = Position::OPEN_START | Position::OPEN_END | Position::FIRST | Position::LAST;
const _: () = assert!(KNOWN_FLAGS < 0x10);

/// The flags a position likely has: the first flag when no edge leads to it, the last flag when
/// none leaves it.
fn likely_flags(has_incoming: bool, has_edges: bool) -> u8 {
    (if has_incoming { 0 } else { Position::FIRST }) | (if has_edges { 0 } else { Position::LAST })
}

/// The shape of a position's edges (one of the constants above), given those of the position
/// before in its pattern.
#[cfg(feature = "compiler")]
fn shape(edges: &[Edge], before: Option<&[Edge]>, index: u32) -> u8 {
    if before == Some(edges) {
        return SAME_EDGES;
    }
    let Some(first) = edges.first() else { return NO_EDGES };
    let consecutive = edges.windows(2).all(|w| w[1].to == w[0].to + 1);
    if edges == [Edge { to: index + 1, gap: 0 }] {
        NEXT
    } else if consecutive && edges.iter().all(|e| e.gap == first.gap) {
        if first.gap == 0 { RUN } else { RUN_WITH_GAP }
    } else {
        LISTED
    }
}

/// For each position, where its alike run ends: the first position after it that does not
/// have the same edges ([`SAME_EDGES`]), given the shape bytes of all positions. No pattern
/// starts with that shape (a damaged bundle whose pattern does has runs that reach into it,
/// and targets written relative to them are still checked to lie in their pattern).
fn alike_run_ends(shape_bytes: &[u8]) -> Vec<u32> {
    let mut ends = vec![0u32; shape_bytes.len()];
    let mut end = shape_bytes.len() as u32;
    for (index, (run_end, &shape_byte)) in ends.iter_mut().zip(shape_bytes).enumerate().rev() {
        *run_end = end;
        if shape_byte >> 4 != SAME_EDGES {
            end = index as u32;
        }
    }
    ends
}

/// The columns of the edges part, in the order they are written.
#[derive(Default)]
#[cfg(feature = "compiler")]
struct Columns {
    run_starts: Writer,
    run_lengths: Writer,
    run_gaps: Writer,
    listed: Writer,
    listed_gaps: Writer,
}

#[cfg(feature = "compiler")]
impl Columns {
    /// Writes the edges of a position of shape `shape` whose alike run ends at `run_end`, in
    /// the columns that shape needs (`run_ends`: those of every position).
    fn add(&mut self, shape: u8, edges: &[Edge], run_end: u32, run_ends: &[u32]) {
        let Some(first) = edges.first() else { return };
        let start = zigzag(i64::from(first.to) - i64::from(run_end));
        match shape {
            RUN | RUN_WITH_GAP => {
                self.run_starts.var(start);
                // A target outside the tables (a damaged spec) is refused when read.
                let alike = run_ends.get(first.to as usize).map_or(1, |&end| i64::from(end) - i64::from(first.to));
                self.run_lengths.var(zigzag(edges.len() as i64 - alike));
                if shape == RUN_WITH_GAP {
                    self.run_gaps.u8(first.gap);
                }
            }
            LISTED => {
                self.listed.len(edges.len());
                self.listed.var(start);
                for pair in edges.windows(2) {
                    // Compiled targets ascend; others (a damaged spec) wrap to a skip reading refuses.
                    self.listed.var(pair[1].to.wrapping_sub(pair[0].to).wrapping_sub(1));
                }
                edges.iter().for_each(|e| self.listed_gaps.u8(e.gap));
            }
            _ => {}
        }
    }

    /// The edges part: the columns one after another, each length-prefixed.
    fn into_part(self) -> Writer {
        let mut part = Writer::default();
        for column in [self.run_starts, self.run_lengths, self.run_gaps, self.listed, self.listed_gaps] {
            part.bytes(&column.bytes);
        }
        part
    }
}

/// The number of positions of each pattern of `spec`.
#[cfg(feature = "compiler")]
fn pattern_sizes(spec: &PatternSpec) -> Vec<u32> {
    let mut counts = vec![0u32; spec.owners.len()];
    for p in &spec.positions {
        if let Some(count) = counts.get_mut(p.pattern as usize) {
            *count += 1;
        }
    }
    counts
}

/// The shape byte of each position of `spec`: its flags as they differ from the likely ones,
/// and the shape of its edges in the high half.
#[cfg(feature = "compiler")]
fn shape_bytes(spec: &PatternSpec) -> Vec<u8> {
    let mut has_incoming = vec![false; spec.positions.len()];
    for e in &spec.edges {
        if let Some(has) = has_incoming.get_mut(e.to as usize) {
            *has = true;
        }
    }
    let mut before: Option<(u32, &[Edge])> = None;
    let mut bytes = Vec::with_capacity(spec.positions.len());
    for (index, p) in spec.positions.iter().enumerate() {
        let edges = spec.edges_of(*p);
        let before_in_pattern = before.filter(|(pattern, _)| *pattern == p.pattern).map(|(_, edges)| edges);
        let flags = p.flags ^ likely_flags(has_incoming[index], !edges.is_empty());
        bytes.push(flags | shape(edges, before_in_pattern, index as u32) << 4);
        before = Some((p.pattern, edges));
    }
    bytes
}

/// The atom column: for each position, high bits first, its atom as the step up from that of
/// the position before + 1 when the two are alike ([`SAME_EDGES`]: alternatives, which are
/// stored in the order of their atoms) and both have an atom; else (or when the step would be
/// down, or to a hub) 0 and then as any other position's: 0 for a hub, else the atom + 1.
#[cfg(feature = "compiler")]
fn write_atom_column(positions: &[Position], shape_bytes: &[u8]) -> Writer {
    let mut column = Writer::default();
    let mut before = HUB;
    for (p, &shape_byte) in positions.iter().zip(shape_bytes) {
        if shape_byte >> 4 == SAME_EDGES && before != HUB {
            match p.atom.checked_sub(before) {
                Some(step) if p.atom != HUB => {
                    column.var_high_first(step + 1);
                    before = p.atom;
                    continue;
                }
                _ => column.var_high_first(0),
            }
        }
        column.var_high_first(p.atom.wrapping_add(1));
        before = p.atom;
    }
    column
}

/// Reads the atom column written by [`write_atom_column`], one position after another.
struct AtomColumn<'a> {
    column: Reader<'a>,
    /// The atom of the position before, + 1 (0 for a hub or before the first).
    before: u32,
}

impl AtomColumn<'_> {
    /// The atom of the next position, whose shape byte is `shape_byte`: 0 for a hub, else its
    /// atom + 1 (not checked to be one).
    #[inline]
    fn next(&mut self, shape_byte: u8) -> Result<u32, Truncated> {
        let value = self.column.var_high_first()?;
        self.before = match value {
            _ if shape_byte >> 4 != SAME_EDGES || self.before == 0 => value,
            0 => self.column.var_high_first()?,
            step => self.before.saturating_add(step - 1),
        };
        Ok(self.before)
    }
}

/// Writes the positions part (the pattern sizes, the number of edges, the shape bytes and the
/// atom column) and returns the edges part, which follows it.
#[cfg(feature = "compiler")]
pub(super) fn write_positions(w: &mut Writer, spec: &PatternSpec) -> Writer {
    let counts = pattern_sizes(spec);
    counts.iter().for_each(|&c| w.var(c));
    w.len(spec.edges.len());
    let shapes = shape_bytes(spec);
    w.bytes.extend_from_slice(&shapes);
    w.bytes(&write_atom_column(&spec.positions, &shapes).bytes);
    let run_ends = alike_run_ends(&shapes);
    let mut columns = Columns::default();
    for (index, p) in spec.positions.iter().enumerate() {
        columns.add(shapes[index] >> 4, spec.edges_of(*p), run_ends[index], &run_ends);
    }
    columns.into_part()
}

/// Reads the positions and the edges parts written by [`write_positions`], for `patterns`
/// patterns and `atoms` atoms. Every atom is checked to be one of them or a hub, every target
/// to lie in its pattern, every run to have an edge, every listed target to come after the one
/// before it (compiling never writes an edge twice), every pattern to be within the compiling
/// limits and the edges to be as many as the bundle says (at most [`MAX_EDGES`], which is
/// checked before they are allocated), before anything is added for it.
pub(super) fn read_positions(r: &mut Reader<'_>, patterns: usize, atoms: usize) -> Result<(Vec<Position>, Vec<Edge>), Damaged> {
    let counts = r.vars(patterns)?;
    if counts.iter().any(|&c| c as usize > MAX_PATTERN_POSITIONS) {
        return Err(Damaged("a pattern is larger than compiling allows"));
    }
    let total = counts.iter().try_fold(0usize, |sum, &c| sum.checked_add(c as usize)).ok_or(Damaged("its patterns are too large"))?;
    let edge_count = r.var()? as usize;
    if edge_count > MAX_EDGES {
        return Err(Damaged("its patterns are larger than compiling allows"));
    }
    let shapes = r.take_bytes(total)?;
    let mut atom_column = AtomColumn { column: Reader::new(r.bytes()?), before: 0 };
    let run_ends = alike_run_ends(shapes);
    let (mut run_starts, mut run_lengths, mut run_gaps) = (Reader::new(r.bytes()?), Reader::new(r.bytes()?), Reader::new(r.bytes()?));
    let (mut listed, mut listed_gaps) = (Reader::new(r.bytes()?), Reader::new(r.bytes()?));
    let mut positions = Vec::with_capacity(total);
    let mut edges: Vec<Edge> = Vec::with_capacity(edge_count);
    let mut index = 0usize;
    for (pattern, &count) in counts.iter().enumerate() {
        let (base, end) = (index as i64, (index + count as usize) as i64);
        let pattern_edges = edges.len();
        let mut before = 0..0;
        for _ in 0..count {
            let first = edges.len();
            let run_end = i64::from(run_ends[index]);
            let target = |to: i64| if (base..end).contains(&to) { Ok(to as u32) } else { Err(Damaged("a pattern edge points outside its pattern")) };
            let fits = |n: usize, edges: &Vec<Edge>| {
                if edges.len() - pattern_edges + n > MAX_PATTERN_EDGES {
                    Err(Damaged("a pattern is larger than compiling allows"))
                } else if edges.len() + n > edge_count {
                    Err(Damaged("its edges are more than it says"))
                } else {
                    Ok(())
                }
            };
            let shape = shapes[index] >> 4;
            match shape {
                NO_EDGES => {}
                // The positions alike to an edgeless one have no edges either.
                SAME_EDGES if before.is_empty() => {}
                SAME_EDGES => {
                    fits(before.len(), &edges)?;
                    edges.extend_from_within(before.clone());
                }
                NEXT => edges.push(Edge { to: target(index as i64 + 1)?, gap: 0 }),
                RUN | RUN_WITH_GAP => {
                    let start = target(run_end + unzigzag(run_starts.var()?))?;
                    let alike = i64::from(run_ends[start as usize]) - i64::from(start);
                    let length = alike + unzigzag(run_lengths.var()?);
                    if length < 1 {
                        return Err(Damaged("a pattern position has a run of no edges"));
                    }
                    let last = target(i64::from(start) + length - 1)?;
                    let gap = if shape == RUN_WITH_GAP { run_gaps.u8()? } else { 0 };
                    fits(length as usize, &edges)?;
                    edges.extend((start..=last).map(|to| Edge { to, gap }));
                }
                LISTED => {
                    let n = listed.var()? as usize;
                    if n == 0 {
                        return Err(Damaged("a pattern position lists no edges"));
                    }
                    fits(n, &edges)?;
                    let mut to = run_end + unzigzag(listed.var()?);
                    for i in 0..n {
                        if i > 0 {
                            to += 1 + i64::from(listed.var()?);
                        }
                        edges.push(Edge { to: target(to)?, gap: listed_gaps.u8()? });
                    }
                }
                _ => return Err(Damaged("a pattern position has an unknown shape")),
            }
            let atom = atom_column.next(shapes[index])?;
            if atom as usize > atoms {
                return Err(Damaged("a pattern position names a word the bundle does not hold"));
            }
            before = first..edges.len();
            positions.push(Position { atom: atom.wrapping_sub(1), pattern: pattern as u32, flags: shapes[index] & 0x0F, edges: [first as u32, edges.len() as u32] });
            index += 1;
        }
    }
    if ![atom_column.column, run_starts, run_lengths, run_gaps, listed, listed_gaps].iter().all(Reader::is_done) {
        return Err(Damaged("it has bytes after its end"));
    }
    if edges.len() != edge_count {
        return Err(Damaged("its edges are fewer than it says"));
    }
    let mut has_incoming = vec![false; positions.len()];
    edges.iter().for_each(|e| has_incoming[e.to as usize] = true);
    for (p, has_incoming) in positions.iter_mut().zip(has_incoming) {
        p.flags ^= likely_flags(has_incoming, p.edges[0] != p.edges[1]);
    }
    Ok((positions, edges))
}

/// A signed distance as an unsigned number: 0, -1, 1, -2, 2... as 0, 1, 2, 3, 4...
#[cfg(feature = "compiler")]
pub(super) fn zigzag(value: i64) -> u32 {
    ((value << 1) ^ (value >> 63)) as u32
}

pub(super) fn unzigzag(value: u32) -> i64 {
    i64::from(value >> 1) ^ -i64::from(value & 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_round_trips() {
        for value in [0i64, -1, 1, -2, 2, 4095, -4096] {
            assert_eq!(unzigzag(zigzag(value)), value);
        }
        assert_eq!(zigzag(-1), 1);
    }

    fn round_trip(spec: &PatternSpec) -> (Vec<Position>, Vec<Edge>) {
        let mut w = Writer::default();
        let edges = write_positions(&mut w, spec);
        w.bytes.extend_from_slice(&edges.bytes);
        let mut r = Reader::new(&w.bytes);
        let read = read_positions(&mut r, spec.owners.len(), spec.atoms.len()).unwrap_or_else(|Damaged(why)| panic!("{why}"));
        assert!(r.is_done());
        read
    }

    #[test]
    fn the_shipped_tables_read_back_as_compiled() {
        let rules = crate::Rules::builtin().expect("the shipped rules load");
        let spec = &rules.patterns.spec;
        assert_eq!(round_trip(spec), (spec.positions.clone(), spec.edges.clone()));
    }

    #[test]
    fn every_shape_reads_back() {
        let position = |atom: u32, flags: u8, edges: [u32; 2]| Position { atom, pattern: 0, flags, edges };
        let edge = |to: u32, gap: u8| Edge { to, gap };
        // 0 -> 1 (next), 1 -> 2..4 (run), 2 -> 2..4 (the same), 3 -> 4, 5 gap 2 (run with a gap),
        // 4 -> 0, 2, 5 (listed, one edge back), 5 and the hub 6: none.
        let edges = vec![edge(1, 0), edge(2, 0), edge(3, 0), edge(4, 0), edge(2, 0), edge(3, 0), edge(4, 0), edge(4, 2), edge(5, 2), edge(0, 1), edge(2, 0), edge(5, 3)];
        let positions = vec![
            position(7, Position::FIRST | Position::OPEN_START, [0, 1]),
            position(0, 0, [1, 4]),
            position(1, Position::FIRST, [4, 7]),
            position(20_000, 0, [7, 9]),
            position(2, Position::OPEN_END, [9, 12]),
            position(3, Position::LAST, [12, 12]),
            position(HUB, Position::FIRST | Position::LAST, [12, 12]),
        ];
        let spec = PatternSpec { atoms: std::iter::repeat_n("", 20_001).collect(), positions, edges, owners: vec![Vec::new()], ..PatternSpec::default() };
        assert_eq!(round_trip(&spec), (spec.positions.clone(), spec.edges.clone()));
        // The number of edges (after the one pattern's size) must be the number read.
        let mut w = Writer::default();
        let edges = write_positions(&mut w, &spec);
        w.bytes.extend_from_slice(&edges.bytes);
        assert_eq!(w.bytes[..2], [7, 12]);
        for (count, why) in [(11, "its edges are more than it says"), (13, "its edges are fewer than it says")] {
            let mut bytes = w.bytes.clone();
            bytes[1] = count;
            let refused = read_positions(&mut Reader::new(&bytes), 1, spec.atoms.len()).err().map(|Damaged(why)| why);
            assert_eq!(refused, Some(why));
        }
    }

    #[test]
    fn atoms_of_alike_positions_are_steps_from_the_one_before() {
        let position = |atom: u32| Position { atom, pattern: 0, flags: 0, edges: [0, 0] };
        let positions: Vec<Position> = [5, 7, 7, 2, HUB, 9].into_iter().map(position).collect();
        let shapes = [RUN << 4, SAME_EDGES << 4, SAME_EDGES << 4, SAME_EDGES << 4, SAME_EDGES << 4, SAME_EDGES << 4];
        let column = write_atom_column(&positions, &shapes).bytes;
        // Up 2, up 0, down (0, then 2 + 1), a hub (0, then 0), after a hub (9 + 1).
        assert_eq!(column, [6, 3, 1, 0, 3, 0, 0, 10]);
        let read = |bytes: &[u8], shapes: &[u8]| {
            let mut atoms = AtomColumn { column: Reader::new(bytes), before: 0 };
            shapes.iter().map(|&shape_byte| atoms.next(shape_byte).ok()).collect::<Option<Vec<u32>>>()
        };
        assert_eq!(read(&column, &shapes), Some(vec![6, 8, 8, 3, 0, 10]));
        // A step past the largest atom stays past it (reading the positions refuses it).
        assert_eq!(read(&[1, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF], &shapes[..2]), Some(vec![1, u32::MAX]));
    }

    #[test]
    fn runs_are_read_relative_to_the_alike_runs() {
        // One pattern of two positions: 0 leads to 1 (a run where the run after its own starts,
        // as long as the alike run there, written as 0 and 0), 1 has no edges.
        let part = |run_length: u8| [vec![2, 1, RUN << 4, NO_EDGES << 4, 2, 1, 1], vec![1, 0, 1, run_length, 0, 0, 0]].concat();
        let (positions, edges) = read_positions(&mut Reader::new(&part(0)), 1, 1).unwrap_or_else(|Damaged(why)| panic!("{why}"));
        assert_eq!(edges, [Edge { to: 1, gap: 0 }]);
        assert_eq!(positions[0].edges, [0, 1]);
        // One edge fewer than the alike run (zigzag 1 is -1) is a run of none.
        let refused = read_positions(&mut Reader::new(&part(1)), 1, 1).err().map(|Damaged(why)| why);
        assert_eq!(refused, Some("a pattern position has a run of no edges"));
    }

    /// `patterns` patterns of 128 positions, each with an edge to every position of its pattern:
    /// 16,384 edges each, as many as one pattern may have, written in a few bytes.
    fn dense_patterns(patterns: usize) -> PatternSpec {
        let mut spec = PatternSpec { atoms: [""].into_iter().collect(), owners: vec![Vec::new(); patterns], ..PatternSpec::default() };
        for pattern in 0..patterns as u32 {
            let base = spec.positions.len() as u32;
            for _ in 0..128 {
                let first = spec.edges.len() as u32;
                spec.edges.extend((base..base + 128).map(|to| Edge { to, gap: 0 }));
                spec.positions.push(Position { atom: 0, pattern, flags: Position::FIRST | Position::LAST, edges: [first, first + 128] });
            }
        }
        spec
    }

    #[test]
    fn tables_over_the_limit_of_all_edges_are_refused() {
        let at_the_limit = MAX_EDGES / MAX_PATTERN_EDGES;
        let spec = dense_patterns(at_the_limit);
        assert_eq!(round_trip(&spec).1.len(), MAX_EDGES);
        let spec = dense_patterns(at_the_limit + 1);
        let mut w = Writer::default();
        let edges = write_positions(&mut w, &spec);
        w.bytes.extend_from_slice(&edges.bytes);
        assert!(w.bytes.len() < 40_000, "{} bytes expand to {} edges", w.bytes.len(), spec.edges.len());
        let refused = read_positions(&mut Reader::new(&w.bytes), spec.owners.len(), spec.atoms.len()).err().map(|Damaged(why)| why);
        assert_eq!(refused, Some("its patterns are larger than compiling allows"));
    }
}
