//! The main axis of a pattern set: the first principal component of the centred patterns. The
//! bifurcation diagram plots each fixed point's coordinate on it against β, so that the global
//! average sits near 0 and single-pattern fixed points spread out towards the patterns.

use crate::engine::math;
use crate::engine::patterns::PatternSet;

/// Power-iteration steps (the iteration stops earlier once the direction settles).
const POWER_STEPS: usize = 500;

/// A line through the pattern mean along the first principal component.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The mean pattern m_x, the origin of the coordinate.
    pub origin: Vec<f32>,
    /// Unit direction of largest spread of the patterns.
    pub direction: Vec<f32>,
}

impl Axis {
    /// The main axis of `patterns`, by deterministic power iteration on Σᵢ cᵢcᵢᵀ (cᵢ = xᵢ − m_x)
    /// started from the centred pattern farthest from the mean. The sign is fixed so that the
    /// largest-magnitude entry of the direction is positive. All patterns equal: the first
    /// coordinate axis.
    pub fn of(patterns: &PatternSet) -> Self {
        let d = patterns.dim();
        let origin: Vec<f32> = patterns.mean().as_slice().to_vec();
        let mut centred = vec![0.0f32; d];
        let mut direction = vec![0.0f32; d];
        let mut best = 0.0f32;
        for x in patterns.iter() {
            for ((c, a), m) in centred.iter_mut().zip(x).zip(&origin) {
                *c = a - m;
            }
            let n = math::norm(&centred);
            if n > best {
                best = n;
                direction.copy_from_slice(&centred);
            }
        }
        let spread_floor = 1e-6 * patterns.max_norm().max(1e-30);
        if best <= spread_floor || !unit(&mut direction) {
            return Self::fallback(origin);
        }
        let mut image = vec![0.0f32; d];
        for _ in 0..POWER_STEPS {
            image.fill(0.0);
            for x in patterns.iter() {
                let mut proj = 0.0f32;
                for ((a, m), v) in x.iter().zip(&origin).zip(&direction) {
                    proj += (a - m) * v;
                }
                for ((o, a), m) in image.iter_mut().zip(x).zip(&origin) {
                    *o += proj * (a - m);
                }
            }
            if !unit(&mut image) {
                break;
            }
            let change: f32 = image
                .iter()
                .zip(&direction)
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
            direction.copy_from_slice(&image);
            if change < 1e-12 {
                break;
            }
        }
        let pivot = direction
            .iter()
            .copied()
            .fold(0.0f32, |acc, v| if v.abs() > acc.abs() { v } else { acc });
        if pivot < 0.0 {
            direction.iter_mut().for_each(|v| *v = -*v);
        }
        Self { origin, direction }
    }

    fn fallback(origin: Vec<f32>) -> Self {
        let mut direction = vec![0.0; origin.len()];
        direction[0] = 1.0;
        Self { origin, direction }
    }

    /// The coordinate (ξ − m_x)·u of a state on the axis; 0 for a state of the wrong length.
    pub fn coordinate(&self, state: &[f32]) -> f32 {
        if state.len() != self.origin.len() {
            return 0.0;
        }
        state
            .iter()
            .zip(&self.origin)
            .zip(&self.direction)
            .map(|((s, m), u)| (s - m) * u)
            .sum()
    }
}

/// Scales `v` to unit length; false when it is zero or not finite.
fn unit(v: &mut [f32]) -> bool {
    let n = math::norm(v);
    if n > 1e-30 && n.is_finite() {
        v.iter_mut().for_each(|x| *x /= n);
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_follows_the_long_direction() {
        let set = PatternSet::from_rows(&[
            vec![-3.0, 0.1],
            vec![-1.0, -0.1],
            vec![1.0, 0.1],
            vec![3.0, -0.1],
        ])
        .unwrap();
        let axis = Axis::of(&set);
        assert!(axis.direction[0] > 0.99, "{:?}", axis.direction);
        assert!((axis.coordinate(&[3.0, 0.0]) - 3.0).abs() < 0.05);
        let same = PatternSet::from_rows(&[vec![1.0, 1.0], vec![1.0, 1.0]]).unwrap();
        assert_eq!(Axis::of(&same).direction, vec![1.0, 0.0]);
    }
}
