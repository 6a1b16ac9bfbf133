//! The 1-D slice of the landscape: E along the line through two stored patterns (a little
//! beyond both, so that a well at a pattern shows as a well), with the fixed points that lie
//! on or near that line.

use crate::engine::Result;
use crate::engine::fixed_points::{FixedPoint, FixedPointKind};
use crate::engine::landscape::energy_along_segment;
use crate::engine::{EngineError, ModernHopfield, math};

/// How far the slice runs past each pattern, as a fraction of the distance between them.
pub const EXTEND: f32 = 0.25;
/// A fixed point is shown on the slice when its distance to the line is at most this,
/// relative to max(M, 1).
pub const NEAR: f32 = 0.05;

/// E along the line through patterns a and b, parametrised by t (0 at a, 1 at b).
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentSlice {
    /// The sample positions t, from −[`EXTEND`] to 1 + [`EXTEND`].
    pub t: Vec<f32>,
    /// E at each t.
    pub energy: Vec<f32>,
    /// E(a) and E(b) (at t = 0 and t = 1).
    pub ends: [f32; 2],
    /// The fixed points near the line: (t of their projection, E, kind).
    pub fixed: Vec<(f32, f32, FixedPointKind)>,
    /// ‖b − a‖, the length of t = 0…1.
    pub length: f32,
}

/// The slice of `net`'s landscape through `a` and `b` with `samples` points, marking those of
/// `fixed` that lie within [`NEAR`]·max(M, 1) of the line. `a` = `b` is a typed error.
pub fn segment_slice(
    net: &ModernHopfield,
    fixed: &[FixedPoint],
    a: &[f32],
    b: &[f32],
    samples: usize,
) -> Result<SegmentSlice> {
    net.patterns().check_query(a)?;
    net.patterns().check_query(b)?;
    let dir: Vec<f32> = b.iter().zip(a).map(|(x, y)| x - y).collect();
    let length = math::norm(&dir);
    if length <= 1e-6 * net.patterns().max_norm().max(1.0) {
        return Err(EngineError::Numerical(
            "the two patterns of the slice coincide".into(),
        ));
    }
    let at = |t: f32| -> Vec<f32> { a.iter().zip(&dir).map(|(x, d)| x + t * d).collect() };
    let energy = energy_along_segment(net, &at(-EXTEND), &at(1.0 + EXTEND), samples)?;
    let last = (samples - 1).max(1) as f32;
    let t = (0..samples)
        .map(|k| -EXTEND + (1.0 + 2.0 * EXTEND) * k as f32 / last)
        .collect();
    let radius = NEAR * net.patterns().max_norm().max(1.0);
    let fixed = fixed
        .iter()
        .filter_map(|fp| {
            let rel: Vec<f32> = fp.state.iter().zip(a).map(|(x, y)| x - y).collect();
            let t = math::dot(&rel, &dir) / (length * length);
            let off: f32 = rel
                .iter()
                .zip(&dir)
                .map(|(r, d)| (r - t * d) * (r - t * d))
                .sum::<f32>()
                .sqrt();
            let inside = (-EXTEND..=1.0 + EXTEND).contains(&t);
            (inside && off <= radius).then_some((t, fp.energy, fp.kind))
        })
        .collect();
    Ok(SegmentSlice {
        t,
        energy,
        ends: [net.energy(a)?, net.energy(b)?],
        fixed,
        length,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededRng;
    use crate::engine::fixed_points::{FixedPointOptions, find_fixed_points};
    use crate::engine::landscape::Preset;

    #[test]
    fn close_pair_shows_one_metastable_well_then_two_singles() {
        let set = Preset::TwoCloseOneFar.patterns().unwrap();
        let (a, b) = (set.pattern(0).to_vec(), set.pattern(1).to_vec());
        let kinds = |beta: f32| {
            let net = ModernHopfield::new(set.clone(), beta).unwrap();
            let fixed =
                find_fixed_points(&net, &FixedPointOptions::default(), &mut SeededRng::new(7))
                    .unwrap();
            let slice = segment_slice(&net, &fixed, &a, &b, 61).unwrap();
            assert!(
                (slice.energy[10] - slice.ends[0]).abs() < 1e-4,
                "t = 0 at sample 10"
            );
            assert!(
                (slice.energy[50] - slice.ends[1]).abs() < 1e-4,
                "t = 1 at sample 50"
            );
            slice.fixed.iter().map(|f| f.2).collect::<Vec<_>>()
        };
        assert_eq!(kinds(1.0), vec![FixedPointKind::Metastable]);
        assert_eq!(kinds(1000.0), vec![FixedPointKind::Single; 2]);
        let net = ModernHopfield::new(set, 1.0).unwrap();
        assert!(segment_slice(&net, &[], &a, &a, 10).is_err());
    }
}
