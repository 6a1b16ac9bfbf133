//! The query: a stored pattern damaged by a list of edits, built once per encoding. The binary
//! models see masked pixels as −1 ([`MASK_BINARY`]), the modern one as 0 ([`MASK_CONTINUOUS`],
//! neutral); both views draw the same random pixels from the same seed.

use crate::engine::corruption::{Corruption, MASK_BINARY, MASK_CONTINUOUS, PixelRect};
use crate::engine::{Result, SeededRng};

use super::set::StoredSet;

/// One damage applied to the target, in order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Edit {
    /// The lower half of the image is masked.
    MaskLowerHalf,
    /// A fraction of random pixels is masked.
    MaskRandom(f32),
    /// A fraction of the entries changes sign.
    Flip(f32),
    /// Gaussian noise of this σ is added.
    Noise(f32),
    /// A rectangle of the image is masked.
    MaskRect(PixelRect),
}

impl Edit {
    /// The engine's corruption, masking with `mask`.
    fn corruption(self, mask: f32) -> Corruption {
        match self {
            Edit::MaskLowerHalf => Corruption::MaskLowerHalf { value: mask },
            Edit::MaskRandom(fraction) => Corruption::MaskRandom {
                fraction,
                value: mask,
            },
            Edit::Flip(fraction) => Corruption::FlipSigns { fraction },
            Edit::Noise(sigma) => Corruption::GaussianNoise { sigma },
            Edit::MaskRect(rect) => Corruption::MaskRect { rect, value: mask },
        }
    }

    /// A short description for the list of applied edits.
    pub fn describe(self) -> String {
        match self {
            Edit::MaskLowerHalf => "lower half masked".into(),
            Edit::MaskRandom(f) => format!("{:.0} % of pixels masked", f * 100.0),
            Edit::Flip(f) => format!("{:.0} % of signs flipped", f * 100.0),
            Edit::Noise(s) => format!("Gaussian noise σ = {s:.2}"),
            Edit::MaskRect(r) => format!("{}×{} rectangle masked", r.width, r.height),
        }
    }
}

/// Adds `edit` to the list, unless it is one that repeating changes nothing: the lower half
/// masked again is the same query, so the list does not stack it (issue 16.11).
pub fn add_edit(edits: &mut Vec<Edit>, edit: Edit) {
    if edit != Edit::MaskLowerHalf || !edits.contains(&edit) {
        edits.push(edit);
    }
}

/// The query as each kind of model sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryViews {
    /// For the modern network (masked pixels 0).
    pub continuous: Vec<f32>,
    /// For the classic and dense networks: ±1, masked pixels −1.
    pub binary: Vec<f32>,
}

fn apply(start: &[f32], edits: &[Edit], side: usize, mask: f32, seed: u64) -> Result<Vec<f32>> {
    let mut rng = SeededRng::new(seed);
    let mut query = start.to_vec();
    for edit in edits {
        query = edit.corruption(mask).apply(&query, Some(side), &mut rng)?;
    }
    Ok(query)
}

/// Pattern `target` of `set` damaged by `edits` (randomness from `seed`) in both encodings.
pub fn build(set: &StoredSet, target: usize, edits: &[Edit], seed: u64) -> Result<QueryViews> {
    let continuous = apply(
        set.continuous.get(target)?,
        edits,
        set.side,
        MASK_CONTINUOUS,
        seed,
    )?;
    let binary = apply(set.binary.get(target)?, edits, set.side, MASK_BINARY, seed)?;
    Ok(QueryViews {
        continuous,
        binary: crate::engine::classic::binarise(&binary),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::studio::library::{Source, base_patterns};

    #[test]
    fn the_lower_half_is_zero_for_modern_and_minus_one_for_binary() {
        let items = base_patterns(
            Source::Photos,
            3,
            8,
            0,
            include_bytes!("../../../www/patterns/photos.bin"),
        )
        .unwrap();
        let set = StoredSet::new(&items, 8, None).unwrap();
        let q = build(&set, 1, &[Edit::MaskLowerHalf], 0).unwrap();
        assert!(q.continuous[32..].iter().all(|&v| v == 0.0));
        assert!(q.binary[32..].iter().all(|&v| v == -1.0));
        assert_eq!(&q.continuous[..32], &set.continuous.pattern(1)[..32]);
        assert_eq!(&q.binary[..32], &set.binary.pattern(1)[..32]);
    }

    #[test]
    fn masking_the_lower_half_twice_is_masking_it_once() {
        let mut edits = vec![Edit::MaskLowerHalf];
        add_edit(&mut edits, Edit::MaskLowerHalf);
        assert_eq!(edits, vec![Edit::MaskLowerHalf]);
        add_edit(&mut edits, Edit::Flip(0.1));
        add_edit(&mut edits, Edit::Flip(0.1));
        add_edit(&mut edits, Edit::MaskLowerHalf);
        assert_eq!(
            edits,
            vec![Edit::MaskLowerHalf, Edit::Flip(0.1), Edit::Flip(0.1)]
        );
    }

    #[test]
    fn both_views_mask_the_same_random_pixels() {
        let items = base_patterns(Source::RandomBinary, 2, 8, 5, &[]).unwrap();
        let set = StoredSet::new(&items, 8, None).unwrap();
        let q = build(&set, 0, &[Edit::MaskRandom(0.25)], 9).unwrap();
        let masked_c: Vec<usize> = (0..64).filter(|&i| q.continuous[i] == 0.0).collect();
        assert_eq!(masked_c.len(), 16);
        assert!(masked_c.iter().all(|&i| q.binary[i] == -1.0));
        assert!(build(&set, 5, &[], 0).is_err(), "target out of range");
    }
}
