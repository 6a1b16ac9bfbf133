//! Where on the modern β slider one update turns the blurred average of every pattern into a
//! single pattern. For the photos (d = 4096) this happens between β ≈ 1e-3 and 1e-2, a narrow
//! stretch of the slider's six decades, so the slider marks it — computed for the set and query
//! at hand from the query's weights softmax(β Xᵀξ), which cost N exponentials a β.

use crate::engine::fixed_points::{FixedPointKind, classify};
use crate::engine::{PatternSet, math};

/// Grid points per decade of β scanned.
const PER_DECADE: f32 = 20.0;

/// The band (β_low, β_high) inside `range`: β_low the largest β at which the query's weights
/// are still the global average (or the range's start if they never are), β_high the smallest
/// at which a single pattern takes them (k90 = 1, or the range's end). `None` when there are
/// fewer than two patterns.
pub fn transition(patterns: &PatternSet, query: &[f32], range: (f32, f32)) -> Option<(f32, f32)> {
    if patterns.count() < 2 {
        return None;
    }
    let scores: Vec<f32> = patterns.iter().map(|x| math::dot(x, query)).collect();
    let (lo, hi) = (range.0.log10(), range.1.log10());
    let steps = ((hi - lo) * PER_DECADE).round() as usize;
    let beta = |k: usize| 10f32.powf(lo + (hi - lo) * k as f32 / steps as f32);
    let kind = |k: usize| classify(&math::softmax(beta(k), &scores));
    let low = (0..=steps)
        .rev()
        .find(|&k| kind(k).0 == FixedPointKind::Global)
        .map_or(range.0, beta);
    let high = (0..=steps).find(|&k| kind(k).1 == 1).map_or(range.1, beta);
    (low < high).then_some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::studio::library::{Source, base_patterns};
    use crate::lab::studio::query::{Edit, build};
    use crate::lab::studio::set::StoredSet;

    #[test]
    fn the_photos_turn_sharp_between_a_thousandth_and_a_hundredth() {
        let bytes = include_bytes!("../../../www/patterns/photos.bin");
        let items = base_patterns(Source::Photos, 6, 64, 1, bytes).unwrap();
        let set = StoredSet::new(&items, 64, None).unwrap();
        let q = build(&set, 0, &[Edit::MaskLowerHalf], 1).unwrap();
        let (low, high) = transition(&set.continuous, &q.continuous, (1e-4, 1e2)).unwrap();
        println!("band {low} … {high}");
        assert!((1e-4..1e-2).contains(&low), "{low}");
        assert!((3e-3..3e-2).contains(&high), "{high}");
        let one = PatternSet::from_rows(&[set.continuous.pattern(0).to_vec()]).unwrap();
        assert!(transition(&one, &q.continuous, (1e-4, 1e2)).is_none());
    }
}
