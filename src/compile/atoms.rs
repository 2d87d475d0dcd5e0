//! The atom dictionary: every distinct normalized pattern word in a byte trie, walked from
//! every character of a message to find every occurrence of every atom.
//!
//! This takes the place of an Aho-Corasick automaton because it is built in well under a
//! millisecond from the sorted atoms (the aho-corasick crate took ~8 ms for the shipped 8,289
//! atoms and has no serialized form, and loading rules must not take longer than a few ms).
//! Atoms are short, so a walk from each character stops after a few bytes.

use super::atom_texts::AtomTexts;
use crate::order;

/// No node / no atom.
const NONE: u32 = u32::MAX;

/// A byte trie over the atoms, laid out for the walk: each node is one run of cells (its
/// atom, then its edges), and nodes are in depth-first order, so that a step of a walk reads
/// one run of cells, usually the one right after the last.
///
/// A node with few children lists them as (byte, child) pairs; one with many (the bytes that
/// follow the lead byte of a Cyrillic or Arabic letter) has a table indexed by the byte.
#[derive(Debug, Clone, Default)]
pub(crate) struct AtomTrie {
    /// Every node: `[atom, shape, ...]`, where the shape is a count of pairs, or
    /// [`TABLE`] plus the table's length with its first byte and its children after it.
    cells: Vec<u32>,
    /// The cell of the root's child for each first byte, or [`NONE`].
    root: Vec<u32>,
    /// The length in bytes of the longest atom.
    longest: usize,
}

/// The bit of a node's shape that makes its children a table.
const TABLE: u32 = 1 << 31;

/// Nodes with more children than this get a table (a search through pairs takes longer).
const MOST_PAIRS: usize = 3;

/// Where the cell of a node being laid out is written: the root's table, or an edge.
#[derive(Clone, Copy)]
enum Parent {
    Root(u8),
    Edge(usize),
}

/// Two atoms are the same word (compiling never writes such atoms; a damaged bundle might).
#[derive(Debug)]
pub(crate) struct DuplicateAtom;

impl AtomTrie {
    /// The trie of `atoms`; atom `i` is reported as `i`. Empty atoms are never reported.
    pub fn new(atoms: &AtomTexts) -> Result<AtomTrie, DuplicateAtom> {
        let atoms: Vec<&[u8]> = atoms.iter().map(str::as_bytes).collect();
        let mut order: Vec<u32> = (0..atoms.len() as u32).filter(|&i| !atoms[i as usize].is_empty()).collect();
        // Compiling numbers the atoms in strictly increasing byte order; then this one pass
        // shows that no two are the same (and the shared sort, no copy of its own, is enough
        // for the bundles made otherwise).
        if !order.windows(2).all(|w| atoms[w[0] as usize] < atoms[w[1] as usize]) {
            order::sort_by(&mut order, |&a, &b| atoms[a as usize].cmp(atoms[b as usize]));
            if order.windows(2).any(|w| atoms[w[0] as usize] == atoms[w[1] as usize]) {
                return Err(DuplicateAtom);
            }
        }
        let longest = atoms.iter().map(|atom| atom.len()).max().unwrap_or(0);
        let (cells, root) = lay_out(&atoms, &order);
        Ok(AtomTrie { cells, root, longest })
    }

    /// The length in bytes of the longest atom.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Calls `found(atom, end)` for every atom that starts at byte `start` of `text` and ends at
    /// or before byte `limit`, shortest first (`end` exclusive).
    pub fn prefixes_between(&self, text: &[u8], start: usize, limit: usize, mut found: impl FnMut(u32, usize)) {
        let text = &text[..limit.min(text.len())];
        let Some(&first) = text.get(start) else { return };
        let mut node = self.root[usize::from(first)];
        let mut at = start + 1;
        while node != NONE {
            let Some(&[atom, shape]) = self.cells.get(node as usize..node as usize + 2) else { return };
            if atom != NONE {
                found(atom, at);
            }
            let Some(&byte) = text.get(at) else { return };
            node = self.child(node as usize + 2, shape, byte);
            at += 1;
        }
    }

    /// The cell of the child on the edge labelled `byte` of a node of `shape` whose edges start
    /// at cell `edges`, or [`NONE`].
    #[inline]
    fn child(&self, edges: usize, shape: u32, byte: u8) -> u32 {
        if shape & TABLE != 0 {
            let Some(&first) = self.cells.get(edges) else { return NONE };
            let index = u32::from(byte).wrapping_sub(first);
            if index >= shape & !TABLE {
                return NONE;
            }
            return self.cells.get(edges + 1 + index as usize).copied().unwrap_or(NONE);
        }
        let pairs = self.cells.get(edges..edges + 2 * shape as usize).unwrap_or(&[]);
        pairs.chunks_exact(2).find(|pair| pair[0] == u32::from(byte)).map_or(NONE, |pair| pair[1])
    }
}

/// The cells of the trie of `atoms` taken in `order` (sorted, no duplicates), and the root's
/// table. Nodes are laid out depth first, each when it is taken from the stack (a node's first
/// child right after it), and the edge to a node gets its cell then.
fn lay_out(atoms: &[&[u8]], order: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let sorted: Vec<&[u8]> = order.iter().map(|&atom| atoms[atom as usize]).collect();
    // Most nodes are on one atom's chain (four cells a byte), and most atoms share their first
    // bytes: two cells a byte are enough for the shipped atoms, so the cells are not moved.
    let mut cells = Vec::with_capacity(2 * sorted.iter().map(|atom| atom.len()).sum::<usize>());
    let mut root = vec![NONE; 256];
    // The children of a node: the byte on the edge and the run of atoms under it.
    let mut children: Vec<(u8, usize, usize)> = Vec::new();
    // Each node covers a run of the sorted atoms sharing its prefix of length `depth`.
    let mut stack = Vec::new();
    push_children(&sorted, 0, 0, order.len(), &mut children);
    for &(byte, from, to) in children.iter().rev() {
        stack.push((Parent::Root(byte), 1, from, to));
    }
    while let Some((parent, depth, mut from, to)) = stack.pop() {
        let node = cells.len() as u32;
        match parent {
            Parent::Root(byte) => root[usize::from(byte)] = node,
            Parent::Edge(cell) => cells[cell] = node,
        }
        if to - from == 1 {
            // One atom below: the rest of its bytes are a chain of nodes of one child each.
            for &byte in &sorted[from][depth..] {
                let child = cells.len() as u32 + 4;
                cells.extend([NONE, 1, u32::from(byte), child]);
            }
            cells.extend([order[from], 0]);
            continue;
        }
        let mut atom = NONE;
        if sorted[from].len() == depth {
            atom = order[from];
            from += 1;
        }
        push_children(&sorted, depth, from, to, &mut children);
        cells.push(atom);
        // The edges start after the atom and the shape; the edge to each child is the cell of
        // its byte in the table, or the second of its pair.
        let edges = node as usize + 2;
        let table_from = match (children.first(), children.last()) {
            (Some(&(first, _, _)), Some(&(last, _, _))) if children.len() > MOST_PAIRS => {
                let span = usize::from(last - first) + 1;
                cells.extend([TABLE | span as u32, u32::from(first)]);
                cells.resize(edges + 1 + span, NONE);
                Some(first)
            }
            _ => {
                cells.push(children.len() as u32);
                cells.extend(children.iter().flat_map(|&(byte, _, _)| [u32::from(byte), NONE]));
                None
            }
        };
        for (index, &(byte, from, to)) in children.iter().enumerate().rev() {
            let edge = match table_from {
                Some(first) => edges + 1 + usize::from(byte - first),
                None => edges + 2 * index + 1,
            };
            stack.push((Parent::Edge(edge), depth + 1, from, to));
        }
    }
    (cells, root)
}

/// The children of the node over `sorted[from..to]` at `depth` (into `children`, cleared
/// first): the byte of each and the run of atoms that has it there, in byte order. The atoms
/// are sorted, so each run's end is found by a binary search.
fn push_children(sorted: &[&[u8]], depth: usize, from: usize, to: usize, children: &mut Vec<(u8, usize, usize)>) {
    children.clear();
    let mut start = from;
    while let Some(&byte) = sorted.get(start).and_then(|atom| atom.get(depth)).filter(|_| start < to) {
        // Most nodes deep in the trie have one child: its run goes on to the last atom.
        let end = match sorted[to - 1].get(depth) {
            Some(&last) if last == byte => to,
            _ => start + sorted[start..to].partition_point(|atom| atom.get(depth).is_some_and(|&b| b <= byte)),
        };
        children.push((byte, start, end));
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(trie: &AtomTrie, text: &str) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        for start in 0..text.len() {
            trie.prefixes_between(text.as_bytes(), start, text.len(), |atom, end| out.push((atom, start, end)));
        }
        out
    }

    #[test]
    fn every_occurrence_is_found() {
        let atoms: AtomTexts = ["he", "she", "his", "hers", "s"].into_iter().collect();
        let trie = AtomTrie::new(&atoms).unwrap();
        assert_eq!(all(&trie, "ushers"), vec![(4, 1, 2), (1, 1, 4), (0, 2, 4), (3, 2, 6), (4, 5, 6)]);
        assert!(all(&trie, "").is_empty());
    }

    #[test]
    fn nodes_with_many_children_find_every_atom_a_search_finds() {
        // `k` has a child for each of 12 letters (a table), `ka` a few (pairs), and Cyrillic
        // and Arabic letters take two bytes each; the texts also hold bytes below and above
        // the ones of the table.
        let words = ["ka", "kab", "kac", "kb", "kc", "kd", "ke", "kf", "kg", "kh", "ki", "kj", "kl", "kz", "z", "сек", "секрет", "сон", "ан", "ин", "он", "ان", "لا", "لاحد", "مع"];
        let atoms: AtomTexts = words.into_iter().collect();
        let trie = AtomTrie::new(&atoms).unwrap();
        for text in ["kakabkz kykm kacz", "ka kb kc kd ke kf kg kh ki kj kk kl km kz k", "секрет сон ан ин он ён", "لاحد مع ان", "k\u{7f}k\u{ff}"] {
            let mut expected = Vec::new();
            for start in 0..text.len() {
                for end in start + 1..=text.len() {
                    if let Some(atom) = words.iter().position(|w| w.as_bytes() == &text.as_bytes()[start..end]) {
                        expected.push((atom as u32, start, end));
                    }
                }
            }
            assert_eq!(all(&trie, text), expected, "{text}");
        }
    }

    #[test]
    fn multibyte_atoms_and_duplicates() {
        let atoms: AtomTexts = ["сек", "секрет", "ان"].into_iter().collect();
        let trie = AtomTrie::new(&atoms).unwrap();
        let text = "мой секрет";
        let found = all(&trie, text);
        assert_eq!(found.iter().map(|&(a, s, e)| (a, &text[s..e])).collect::<Vec<_>>(), vec![(0, "сек"), (1, "секрет")]);
        assert!(AtomTrie::new(&["ab", "ab"].into_iter().collect()).is_err());
    }
}
