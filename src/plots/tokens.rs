//! Token labels along an axis (the heads view's attention matrix and retrieval bars): tokens
//! cut to a readable length, and which of them fit side by side, the ones that matter first.

/// Longest token label shown, in characters.
const LABEL_CHARS: usize = 10;

/// `token` cut to [`LABEL_CHARS`] characters.
pub fn short(token: &str) -> String {
    token.chars().take(LABEL_CHARS).collect()
}

/// Which of `count` labels, one per `cell` pixels, to draw so that no two are closer than
/// `pitch` pixels: the `marked` ones first (as many as fit), then the others from left to
/// right. Sorted.
pub fn label_slots(count: usize, cell: f32, pitch: f32, marked: &[bool]) -> Vec<usize> {
    // Two labels conflict when fewer than `gap` cells apart.
    let gap = if cell > 0.0 {
        (pitch / cell).ceil().max(1.0) as usize
    } else {
        count.max(1)
    };
    let mut taken = vec![false; count];
    let free = |taken: &[bool], i: usize| {
        let lo = i.saturating_sub(gap - 1);
        let hi = (i + gap).min(count);
        !taken[lo..hi].contains(&true)
    };
    let is_marked = |i: usize| marked.get(i).copied().unwrap_or(false);
    let order = (0..count)
        .filter(|&i| is_marked(i))
        .chain((0..count).filter(|&i| !is_marked(i)));
    for i in order {
        if free(&taken, i) {
            taken[i] = true;
        }
    }
    (0..count).filter(|&i| taken[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_fits_when_the_cells_are_wide() {
        assert_eq!(label_slots(4, 20.0, 11.0, &[]), [0, 1, 2, 3]);
        assert_eq!(short("internationalisation"), "internatio");
    }

    #[test]
    fn narrow_cells_thin_the_labels_but_keep_the_marked_ones() {
        // 5 px per cell, 11 px pitch: every third label.
        assert_eq!(label_slots(10, 5.0, 11.0, &[]), [0, 3, 6, 9]);
        let mut marked = vec![false; 10];
        marked[4] = true;
        let slots = label_slots(10, 5.0, 11.0, &marked);
        assert!(slots.contains(&4), "{slots:?}");
        assert!(slots.windows(2).all(|w| w[1] - w[0] >= 3), "{slots:?}");
        assert_eq!(label_slots(0, 5.0, 11.0, &[]), Vec::<usize>::new());
    }
}
