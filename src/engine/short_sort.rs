//! Sorting the short lists the views sort (fixed points, the parts of a verdict, removed
//! patterns): a stable insertion sort.
//!
//! Why not `sort_unstable_by`: each of its instances is about 4 KB of wasm (pattern-defeating
//! quicksort, pivot and small-sort helpers), one per element type and comparison, in the
//! download of every view that sorts; this is a few hundred bytes. The lists hold at most a
//! few hundred items, where the quadratic worst case is still far below a millisecond.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping the order of equal items.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Reverse;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut v = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut empty: [u8; 0] = [];
        sort_by(&mut empty, Ord::cmp);
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_stable_sort(mut v in prop::collection::vec((0u8..8, any::<u16>()), 0..64)) {
            let mut expected = v.clone();
            expected.sort_by_key(|p| Reverse(p.0));
            sort_by(&mut v, |a, b| b.0.cmp(&a.0));
            prop_assert_eq!(v, expected);
        }
    }
}
