//! Near clauses: does every term occur, all within `within` words (and in order when asked)?

/// One occurrence of a near term, in word and unit positions of the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence {
    /// Which term of the clause.
    pub term: u32,
    /// Word index of its first unit.
    pub first_word: u32,
    /// Word index of its last unit.
    pub last_word: u32,
    /// Unit range start.
    pub start: usize,
    /// Unit range end (exclusive).
    pub end: usize,
}

/// The unit range spanned by the first window of occurrences in which all `terms` occur
/// within `within` words (in term order when `ordered`). `found` must be sorted by `start`.
pub(crate) fn find_window(found: &[Occurrence], terms: u32, within: u32, ordered: bool) -> Option<(usize, usize)> {
    if ordered {
        return find_ordered(found, terms, within);
    }
    // Occurrences of each term in the window (on the stack for the usual few terms).
    let (mut few, mut many) = ([0u32; 16], Vec::new());
    let counts: &mut [u32] = match few.get_mut(..terms as usize) {
        Some(few) => few,
        None => {
            many.resize(terms as usize, 0);
            &mut many
        }
    };
    let mut present = 0;
    let mut left = 0;
    for right in 0..found.len() {
        let t = found[right].term as usize;
        counts[t] += 1;
        if counts[t] == 1 {
            present += 1;
        }
        while present == terms {
            let window = &found[left..=right];
            let first = window.iter().map(|o| o.first_word).min().unwrap_or(0);
            let last = window.iter().map(|o| o.last_word).max().unwrap_or(0);
            if last - first <= within {
                let start = window.iter().map(|o| o.start).min().unwrap_or(0);
                let end = window.iter().map(|o| o.end).max().unwrap_or(0);
                return Some((start, end));
            }
            let lt = found[left].term as usize;
            counts[lt] -= 1;
            if counts[lt] == 0 {
                present -= 1;
            }
            left += 1;
        }
    }
    None
}

/// Terms in order: from each occurrence of term 0, take the earliest next term after it,
/// looking no further than `within` words (so the work stays linear in the occurrences times
/// the occurrences inside one window).
fn find_ordered(found: &[Occurrence], terms: u32, within: u32) -> Option<(usize, usize)> {
    for (i, anchor) in found.iter().enumerate().filter(|(_, o)| o.term == 0) {
        let mut last = *anchor;
        let mut next_term = 1;
        for o in &found[i + 1..] {
            if next_term == terms || o.first_word > anchor.first_word + within {
                break;
            }
            if o.term == next_term && o.start >= last.end {
                last = *o;
                next_term += 1;
            }
        }
        if next_term == terms && last.last_word - anchor.first_word <= within {
            return Some((anchor.start, last.end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(term: u32, word: u32) -> Occurrence {
        Occurrence { term, first_word: word, last_word: word, start: word as usize * 10, end: word as usize * 10 + 5 }
    }

    #[test]
    fn unordered_window() {
        let found = [occ(1, 0), occ(0, 9), occ(1, 11)];
        assert_eq!(find_window(&found, 2, 3, false), Some((90, 115)));
        assert_eq!(find_window(&found, 2, 1, false), None);
        assert_eq!(find_window(&[occ(0, 0)], 2, 5, false), None);
    }

    #[test]
    fn ordered_window() {
        let found = [occ(1, 0), occ(0, 1), occ(1, 3)];
        assert_eq!(find_window(&found, 2, 5, true), Some((10, 35)));
        assert_eq!(find_window(&[occ(1, 0), occ(0, 1)], 2, 5, true), None);
    }
}
