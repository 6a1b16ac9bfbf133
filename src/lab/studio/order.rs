//! The gallery's order of the stored patterns: a permutation over their natural order (the
//! source's patterns that were not removed, then the user's own), so that dragging a thumbnail
//! renumbers ξ_μ everywhere while the target stays the same pattern.
//!
//! An order is kept compact: `order[p]` is the natural index shown at position p, and the
//! trailing positions that show their own natural index are left off (the natural order is
//! the empty list). Entries at or past the number of patterns are ignored, and patterns an
//! order does not name follow in natural order, so an order stays valid while patterns come
//! and go.

/// Largest natural index a link may name (well above any set: 512 random + 100 own).
pub const MAX_INDEX: usize = 1023;

/// The full permutation of `n` patterns that `order` describes: its entries below `n` (first
/// occurrence), then the patterns it does not name in natural order.
pub fn resolve(order: &[usize], n: usize) -> Vec<usize> {
    let mut named = vec![false; n];
    let mut full = Vec::with_capacity(n);
    for &i in order {
        if i < n && !named[i] {
            named[i] = true;
            full.push(i);
        }
    }
    full.extend((0..n).filter(|&i| !named[i]));
    full
}

/// The compact form of a full permutation: its trailing fixed points left off.
pub fn compact(mut full: Vec<usize>) -> Vec<usize> {
    while full.last().is_some_and(|&i| i + 1 == full.len()) {
        full.pop();
    }
    full
}

/// `items` (in natural order) in the order `order` shows them.
pub fn arrange<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let full = resolve(order, items.len());
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    full.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The order after the pattern at position `from` moves to position `to` (both < `n`; others
/// shift to make room).
pub fn moved(order: &[usize], n: usize, from: usize, to: usize) -> Vec<usize> {
    let mut full = resolve(order, n);
    if from < n && to < n {
        let item = full.remove(from);
        full.insert(to, item);
    }
    compact(full)
}

/// Where the pattern at position `p` is after the move `from` → `to`: the target follows its
/// pattern.
pub fn follow_move(p: usize, from: usize, to: usize) -> usize {
    if p == from {
        to
    } else if from < p && p <= to {
        p - 1
    } else if to <= p && p < from {
        p + 1
    } else {
        p
    }
}

/// The position a pattern dragged from `from` takes when dropped in the gap `slot` (0 = before
/// the first thumbnail, n = after the last).
pub fn drop_position(from: usize, slot: usize) -> usize {
    if slot > from { slot - 1 } else { slot }
}

/// The natural index of the pattern at position `pos`, and the order of the remaining n − 1
/// patterns once it is removed (the natural indices past it close the gap). `None` if `pos` is
/// not a position.
pub fn remove(order: &[usize], n: usize, pos: usize) -> Option<(usize, Vec<usize>)> {
    let mut full = resolve(order, n);
    if pos >= n {
        return None;
    }
    let gone = full.remove(pos);
    for i in &mut full {
        *i -= usize::from(*i > gone);
    }
    Some((gone, compact(full)))
}

/// An order as a link writes it: `3,0,1` (empty for the natural order).
pub fn to_text(order: &[usize]) -> String {
    order
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// An order back from its link text, or `None` if it is not a list of distinct natural
/// indices up to [`MAX_INDEX`]. The result is compact.
pub fn parse(text: &str) -> Option<Vec<usize>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    let order: Vec<usize> = text
        .split(',')
        .map(|p| p.parse().ok().filter(|&i| i <= MAX_INDEX))
        .collect::<Option<_>>()?;
    let n = order.iter().max().map_or(0, |m| m + 1);
    let full = resolve(&order, n);
    // Distinct: a repeat would be dropped by `resolve`, which then names the rest.
    (full[..order.len()] == order[..]).then(|| compact(full))
}

/// Names the set an order was made for (source, N, seed, removed patterns, number of own
/// patterns), so that a saved order is restored only onto that same set.
pub fn set_key(source: &str, count: usize, seed: u64, removed: &[usize], own: usize) -> String {
    format!("{source}/{count}/{seed}/{}/{own}", to_text(removed))
}

/// The saved form of `order`, made for the set `key`.
pub fn saved(key: &str, order: &[usize]) -> String {
    format!("{key} {}", to_text(order))
}

/// The order `text` saved for the set `key`; `None` if it was saved for another set or is
/// not an order.
pub fn restored(text: &str, key: &str) -> Option<Vec<usize>> {
    let (saved_for, order) = text.rsplit_once(' ')?;
    if saved_for == key { parse(order) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn moving_renumbers_and_the_target_follows() {
        // Five patterns a b c d e; drag c (position 2) to the front.
        let order = moved(&[], 5, 2, 0);
        assert_eq!(order, vec![2, 0, 1]);
        assert_eq!(
            arrange(vec!['a', 'b', 'c', 'd', 'e'], &order),
            ['c', 'a', 'b', 'd', 'e']
        );
        assert_eq!(follow_move(2, 2, 0), 0);
        assert_eq!(follow_move(0, 2, 0), 1);
        assert_eq!(follow_move(4, 2, 0), 4);
        // Back again: the natural order, written as nothing.
        assert_eq!(moved(&order, 5, 0, 2), Vec::<usize>::new());
        assert_eq!(follow_move(1, 1, 3), 3);
        assert_eq!(follow_move(3, 1, 3), 2);
    }

    #[test]
    fn a_drop_gap_is_a_position() {
        assert_eq!(drop_position(2, 0), 0);
        assert_eq!(drop_position(2, 2), 2);
        assert_eq!(drop_position(2, 3), 2);
        assert_eq!(drop_position(2, 5), 4);
    }

    #[test]
    fn removal_after_a_reorder_closes_the_gap() {
        // Shown: c a b d e. Removing a (position 1) leaves natural b c d e = 0 1 2 3, shown
        // as c b d e = 1 0 2 3.
        let (gone, order) = remove(&[2, 0, 1], 5, 1).unwrap();
        assert_eq!(gone, 0);
        assert_eq!(order, vec![1, 0]);
        assert_eq!(
            arrange(vec!['b', 'c', 'd', 'e'], &order),
            ['c', 'b', 'd', 'e']
        );
        assert_eq!(remove(&[], 2, 2), None);
    }

    #[test]
    fn patterns_coming_and_going_keep_the_order_valid() {
        assert_eq!(resolve(&[7, 2, 0], 3), vec![2, 0, 1]);
        assert_eq!(arrange(vec!['a', 'b'], &[5, 1]), ['b', 'a']);
        assert_eq!(arrange(Vec::<char>::new(), &[1, 0]), Vec::<char>::new());
    }

    #[test]
    fn link_text_is_checked() {
        assert_eq!(parse(""), Some(vec![]));
        assert_eq!(parse("2,0,1"), Some(vec![2, 0, 1]));
        assert_eq!(parse("0,1,2"), Some(vec![]));
        assert_eq!(parse("3"), Some(vec![3, 0, 1, 2]));
        for bad in ["1,1", "a", "1,,2", "-1", "1024", "2,0,2", " 1"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_saved_order_comes_back_only_onto_its_set() {
        let key = set_key("photos", 12, 1, &[3, 5], 2);
        let text = saved(&key, &[2, 0, 1]);
        assert_eq!(restored(&text, &key), Some(vec![2, 0, 1]));
        assert_eq!(restored(&text, &set_key("photos", 12, 1, &[3], 2)), None);
        assert_eq!(restored(&text, &set_key("photos", 12, 1, &[3, 5], 3)), None);
        assert_eq!(restored("garbage", &key), None);
        assert_eq!(restored(&format!("{key} 1,1"), &key), None);
    }

    /// A full permutation of 0..n from proptest's shuffle.
    fn permutation() -> impl Strategy<Value = Vec<usize>> {
        (0usize..40).prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle())
    }

    proptest! {
        #[test]
        fn the_codec_round_trips(full in permutation()) {
            let n = full.len();
            let order = compact(full.clone());
            prop_assert_eq!(resolve(&order, n), full);
            prop_assert_eq!(parse(&to_text(&order)), Some(order));
        }

        #[test]
        fn a_move_is_a_permutation_that_carries_its_pattern(
            full in permutation(), a in 0usize..40, b in 0usize..40
        ) {
            let n = full.len();
            prop_assume!(n > 0);
            let (from, to) = (a % n, b % n);
            let before = arrange((0..n).collect::<Vec<_>>(), &compact(full.clone()));
            let after = arrange((0..n).collect::<Vec<_>>(), &moved(&full, n, from, to));
            for p in 0..n {
                prop_assert_eq!(after[follow_move(p, from, to)], before[p]);
            }
        }

        #[test]
        fn parse_never_panics(text in "[0-9,]{0,24}|.{0,32}") {
            if let Some(order) = parse(&text) {
                prop_assert_eq!(parse(&to_text(&order)), Some(order));
            }
        }
    }
}
