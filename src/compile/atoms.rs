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

/// A byte trie over the atoms: a node and its edges each in one record, so that a step of a
/// walk touches few cache lines (the children of a node are contiguous).
#[derive(Debug, Clone, Default)]
pub(crate) struct AtomTrie {
    nodes: Vec<Node>,
    /// Every edge, grouped by the node they leave, sorted by label within a node.
    edges: Vec<Child>,
    /// The child of the root for each first byte, or [`NONE`].
    root: Vec<u32>,
    /// The length in bytes of the longest atom.
    longest: usize,
}

/// A node of the trie.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The atom that ends here, or [`NONE`].
    atom: u32,
    /// Its edges: `edges[first..end]`.
    first: u32,
    end: u32,
}

/// An edge to a child: the byte on it and the child.
#[derive(Debug, Clone, Copy)]
struct Child {
    label: u8,
    node: u32,
}

/// Two atoms are the same word (compiling never writes such atoms; a damaged bundle might).
#[derive(Debug)]
pub(crate) struct DuplicateAtom;

impl AtomTrie {
    /// The trie of `atoms`; atom `i` is reported as `i`. Empty atoms are never reported.
    pub fn new(atoms: &AtomTexts) -> Result<AtomTrie, DuplicateAtom> {
        let atoms: Vec<&[u8]> = atoms.iter().map(str::as_bytes).collect();
        let mut order: Vec<u32> = (0..atoms.len() as u32).filter(|&i| !atoms[i as usize].is_empty()).collect();
        // Compiling numbers the atoms in byte order already; then this is one pass (and the
        // shared sort, no copy of its own, is enough for the bundles made otherwise).
        if !order.windows(2).all(|w| atoms[w[0] as usize] < atoms[w[1] as usize]) {
            order::sort_by(&mut order, |&a, &b| atoms[a as usize].cmp(atoms[b as usize]));
        }
        if order.windows(2).any(|w| atoms[w[0] as usize] == atoms[w[1] as usize]) {
            return Err(DuplicateAtom);
        }
        let longest = atoms.iter().map(|atom| atom.len()).max().unwrap_or(0);
        let mut trie = AtomTrie { root: vec![NONE; 256], longest, ..AtomTrie::default() };
        // Depth-first: each node covers a run of `order` sharing its prefix of length `depth`.
        trie.nodes.push(Node { atom: NONE, first: 0, end: 0 });
        let mut stack = vec![(0u32, 0usize, 0usize, order.len())];
        while let Some((node, depth, mut from, to)) = stack.pop() {
            let word = |i: usize| atoms[order[i] as usize];
            if from < to && word(from).len() == depth {
                trie.nodes[node as usize].atom = order[from];
                from += 1;
            }
            let first_edge = trie.edges.len() as u32;
            let mut start = from;
            while start < to {
                let byte = word(start)[depth];
                let mut end = start + 1;
                while end < to && word(end)[depth] == byte {
                    end += 1;
                }
                let child = trie.nodes.len() as u32;
                trie.nodes.push(Node { atom: NONE, first: 0, end: 0 });
                trie.edges.push(Child { label: byte, node: child });
                stack.push((child, depth + 1, start, end));
                start = end;
            }
            let end = trie.edges.len() as u32;
            let node = &mut trie.nodes[node as usize];
            (node.first, node.end) = (first_edge, end);
        }
        for child in &trie.edges[trie.nodes[0].first as usize..trie.nodes[0].end as usize] {
            trie.root[usize::from(child.label)] = child.node;
        }
        Ok(trie)
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
            let Node { atom, first, end } = self.nodes[node as usize];
            if atom != NONE {
                found(atom, at);
            }
            let Some(&byte) = text.get(at) else { return };
            node = child(&self.edges[first as usize..end as usize], byte);
            at += 1;
        }
    }
}

/// The child on the edge labelled `byte` among a node's `edges`, or [`NONE`]: most nodes have
/// a few children, which a linear scan finds sooner than a binary search.
fn child(edges: &[Child], byte: u8) -> u32 {
    let found = if edges.len() <= 8 {
        edges.iter().find(|e| e.label == byte)
    } else {
        edges.binary_search_by_key(&byte, |e| e.label).ok().map(|i| &edges[i])
    };
    found.map_or(NONE, |e| e.node)
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
    fn multibyte_atoms_and_duplicates() {
        let atoms: AtomTexts = ["сек", "секрет", "ان"].into_iter().collect();
        let trie = AtomTrie::new(&atoms).unwrap();
        let text = "мой секрет";
        let found = all(&trie, text);
        assert_eq!(found.iter().map(|&(a, s, e)| (a, &text[s..e])).collect::<Vec<_>>(), vec![(0, "сек"), (1, "секрет")]);
        assert!(AtomTrie::new(&["ab", "ab"].into_iter().collect()).is_err());
    }
}
