//! Stable sorting of the short lists outside the scanner's hot loops (a message's hits and
//! near-clause occurrences, a conversation's reasons, a nudge's services; and the atoms of a
//! bundle not in byte order, which `tumar compile` never writes) with one compiled copy of the
//! standard library's sort.
//! `slice::sort_by` is compiled anew for every element type and comparison, some kilobytes
//! each in the WebAssembly module; here every caller shares one sort of positions, and only
//! the short loops that sort a short list by insertion and move the items into place are per
//! type.

use std::cmp::Ordering;

/// Lists up to this long are sorted in place by insertion (as the standard sort does too),
/// so that sorting the few hits or near-clause words of a chat message allocates nothing.
const SHORT: usize = 20;

/// Sorts `items` by `compare`, keeping equal items in their order (like `slice::sort_by`).
pub(crate) fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() <= SHORT {
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 && compare(&items[j - 1], &items[j]) == Ordering::Greater {
                items.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let mut order = positions_by(items.len(), &|a, b| compare(&items[a], &items[b]));
    // The items move along the cycles of the permutation: the place `p` takes the item at
    // `order[p]`, and a place that has its item is marked by `order[p] == p`.
    for start in 0..items.len() {
        let mut place = start;
        loop {
            let from = order[place];
            order[place] = place;
            if from == start || from == place {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

/// `0..len` sorted stably by `compare` (of two positions): the one instance of the standard sort.
#[inline(never)]
fn positions_by(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e'), (2, 'f')];
        let mut expected = items.clone();
        expected.sort_by_key(|&(key, _)| key);
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, expected);
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'f'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn long_lists_sort_like_the_standard_stable_sort() {
        let mut items: Vec<(u32, usize)> = (0..500).map(|i| ((i * 7919 % 31) as u32, i)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|&(key, _)| key);
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, expected);
    }

    #[test]
    fn empty_and_single_lists_stay_as_they_are() {
        let mut none: Vec<u8> = Vec::new();
        sort_by(&mut none, u8::cmp);
        assert!(none.is_empty());
        let mut one = vec![String::from("x")];
        sort_by(&mut one, |a, b| b.cmp(a));
        assert_eq!(one, ["x"]);
    }
}
