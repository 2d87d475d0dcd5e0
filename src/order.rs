//! Stable sorting of the short lists outside the scanner's hot loops (a message's hits and
//! near-clause occurrences, a conversation's reasons, a nudge's services; and the atoms of a
//! bundle not in byte order, which `tumar compile` never writes) with one compiled copy of the
//! standard library's sort.
//! `slice::sort_by` is compiled anew for every element type and comparison, some kilobytes
//! each in the WebAssembly module; here every caller shares one sort of positions, and only
//! the short loop that moves the items into place is per type.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (like `slice::sort_by`).
pub(crate) fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = positions_by(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)));
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
    fn empty_and_single_lists_stay_as_they_are() {
        let mut none: Vec<u8> = Vec::new();
        sort_by(&mut none, u8::cmp);
        assert!(none.is_empty());
        let mut one = vec![String::from("x")];
        sort_by(&mut one, |a, b| b.cmp(a));
        assert_eq!(one, ["x"]);
    }
}
