//! The main axis of a pattern set: the first principal component of the centred patterns. The
//! bifurcation diagram plots each fixed point's coordinate on it against β, so that the global
//! average sits near 0 and single-pattern fixed points spread out towards the patterns; and the
//! second principal axis, across which a pair of close patterns splits.

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
        let origin: Vec<f32> = patterns.mean().as_slice().to_vec();
        match principal(patterns, &origin, None) {
            Some(direction) => Self { origin, direction },
            None => Self::fallback(origin),
        }
    }

    /// The second principal axis of `patterns`: the direction of largest spread orthogonal to
    /// this (main) axis. The bifurcation diagram needs it because the main axis can hide a
    /// split: two close patterns have nearly the same main coordinate, and the metastable
    /// state averaging them splits across it. No spread off the main axis (collinear
    /// patterns, d = 1): the coordinate axis least aligned with it, made orthogonal.
    pub fn second(&self, patterns: &PatternSet) -> Self {
        let origin = self.origin.clone();
        if let Some(direction) = principal(patterns, &origin, Some(&self.direction)) {
            return Self { origin, direction };
        }
        let d = origin.len();
        let mut direction = vec![0.0f32; d];
        if let Some((k, _)) = self
            .direction
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        {
            direction[k] = 1.0;
        }
        orthogonalise(&mut direction, &self.direction);
        if d < 2 || !unit(&mut direction) {
            direction.fill(0.0);
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

/// The unit direction of largest spread of the patterns about `origin`, orthogonal to
/// `against` when given, by power iteration started from the centred pattern with the largest
/// part orthogonal to it; the sign makes the largest-magnitude entry positive. `None` when the
/// patterns do not spread (in the orthogonal complement).
fn principal(patterns: &PatternSet, origin: &[f32], against: Option<&[f32]>) -> Option<Vec<f32>> {
    let d = origin.len();
    let centred = |x: &[f32], out: &mut [f32]| {
        for ((c, a), m) in out.iter_mut().zip(x).zip(origin) {
            *c = a - m;
        }
        if let Some(u) = against {
            orthogonalise(out, u);
        }
    };
    let mut c = vec![0.0f32; d];
    let mut direction = vec![0.0f32; d];
    let mut best = 0.0f32;
    for x in patterns.iter() {
        centred(x, &mut c);
        let n = math::norm(&c);
        if n > best {
            best = n;
            direction.copy_from_slice(&c);
        }
    }
    let spread_floor = 1e-6 * patterns.max_norm().max(1e-30);
    if best <= spread_floor || !unit(&mut direction) {
        return None;
    }
    let mut image = vec![0.0f32; d];
    for _ in 0..POWER_STEPS {
        image.fill(0.0);
        for x in patterns.iter() {
            centred(x, &mut c);
            let proj: f32 = c.iter().zip(&direction).map(|(a, v)| a * v).sum();
            for (o, a) in image.iter_mut().zip(&c) {
                *o += proj * a;
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
    Some(direction)
}

/// Removes from `v` its component along the unit vector `u`.
fn orthogonalise(v: &mut [f32], u: &[f32]) {
    let along: f32 = v.iter().zip(u).map(|(a, b)| a * b).sum();
    v.iter_mut().zip(u).for_each(|(a, b)| *a -= along * b);
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

    /// u·v of the two axes' directions.
    fn orthogonality(a: &Axis, b: &Axis) -> f32 {
        a.direction
            .iter()
            .zip(&b.direction)
            .map(|(x, y)| x * y)
            .sum()
    }

    #[test]
    fn second_axis_is_orthogonal_and_follows_the_next_spread() {
        let set = PatternSet::from_rows(&[
            vec![-3.0, 0.0, 0.5],
            vec![-1.0, 0.0, -0.5],
            vec![1.0, 0.1, 0.5],
            vec![3.0, -0.1, -0.5],
        ])
        .unwrap();
        let main = Axis::of(&set);
        let second = main.second(&set);
        let dot = orthogonality(&main, &second);
        assert!(dot.abs() < 1e-4, "{dot}");
        assert!(second.direction[2] > 0.98, "{:?}", second.direction);
        // Collinear patterns: still a unit direction orthogonal to the main one.
        let line = PatternSet::from_rows(&[vec![0.0, 0.0], vec![2.0, 2.0]]).unwrap();
        let main = Axis::of(&line);
        let second = main.second(&line);
        let dot = orthogonality(&main, &second);
        assert!(dot.abs() < 1e-6 && (math::norm(&second.direction) - 1.0).abs() < 1e-6);
    }
}
