//! Sorting in the views without the standard library's sorts: a stable insertion sort for the
//! short lists the views sort (fixed points, the parts of a verdict, removed patterns), and a
//! heapsort for longer ones (attention weights, ranks, loss differences).
//!
//! Why not `sort_by` / `sort_unstable_by`: each of their instances is 2–4 KB of wasm (driftsort
//! or pattern-defeating quicksort with their pivot and small-sort helpers), one per element type
//! and comparison, in the download of every view that sorts; these are a few hundred bytes. The
//! insertion sort's lists hold at most a few hundred items, where its quadratic worst case is
//! still far below a millisecond; the heapsort is O(n log n) at any length.

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

/// Sorts `items` by `compare` in O(n log n), not keeping the order of equal items (heapsort).
/// Where equal items are indistinguishable (floats under `total_cmp`, integers) or `compare`
/// is a total order on them, the result is the same as any other sort's.
pub fn heap_sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let len = items.len();
    for start in (0..len / 2).rev() {
        sift_down(items, start, len, &mut compare);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, &mut compare);
    }
}

/// Moves `items[root]` down the max-heap held in `items[..end]` to its place.
fn sift_down<T>(
    items: &mut [T],
    mut root: usize,
    end: usize,
    compare: &mut impl FnMut(&T, &T) -> Ordering,
) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && compare(&items[child], &items[child + 1]) == Ordering::Less {
            child += 1;
        }
        if compare(&items[root], &items[child]) != Ordering::Less {
            return;
        }
        items.swap(root, child);
        root = child;
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
        fn heap_sort_agrees_with_the_standard_sort(mut v in prop::collection::vec(any::<f32>(), 0..300)) {
            let mut expected = v.clone();
            expected.sort_unstable_by(|a, b| b.total_cmp(a));
            heap_sort_by(&mut v, |a, b| b.total_cmp(a));
            prop_assert_eq!(v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                expected.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
        }

        #[test]
        fn agrees_with_the_standard_stable_sort(mut v in prop::collection::vec((0u8..8, any::<u16>()), 0..64)) {
            let mut expected = v.clone();
            expected.sort_by_key(|p| Reverse(p.0));
            sort_by(&mut v, |a, b| b.0.cmp(&a.0));
            prop_assert_eq!(v, expected);
        }
    }
}
