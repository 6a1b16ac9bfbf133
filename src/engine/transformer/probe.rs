//! What the view reads off the model on its fixed held-out probe batch: each head's median
//! k90 and class ([P] §4), the Frobenius norm of its softmax Jacobian, one attention matrix,
//! and the accuracy with heads replaced by fixed weightings ([P] §A.5.1.5).

use crate::engine::error::{Result, check_range};
use crate::engine::math;
use crate::lab::heads::analysis::HeadClass;

/// Range of σ of the Gaussian weighting.
pub const SIGMA: (f32, f32) = (0.1, 2.0);

/// A fixed weighting that replaces a head's softmax.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Replacement {
    /// Every weight 1/N: global averaging.
    Uniform,
    /// A_ij ∝ exp(−½((s_j − s_i)/σ)²) with positions mapped to s ∈ [−1, 1].
    Gaussian { sigma: f32 },
}

impl Replacement {
    /// The N×N row-stochastic matrix of the weighting; σ outside [`SIGMA`] is refused.
    pub fn matrix(self, n: usize) -> Result<Vec<f32>> {
        match self {
            Replacement::Uniform => Ok(vec![1.0 / n as f32; n * n]),
            Replacement::Gaussian { sigma } => {
                check_range("sigma", sigma as f64, SIGMA.0 as f64, SIGMA.1 as f64)?;
                let half = (n.max(2) - 1) as f32 / 2.0;
                let s = |j: usize| (j as f32 - half) / half;
                let mut out = vec![0.0; n * n];
                for (i, row) in out.chunks_exact_mut(n).enumerate() {
                    for (j, a) in row.iter_mut().enumerate() {
                        let u = (s(j) - s(i)) / sigma;
                        *a = math::exp(-0.5 * u * u);
                    }
                    let total: f32 = row.iter().sum();
                    row.iter_mut().for_each(|a| *a /= total);
                }
                Ok(out)
            }
        }
    }
}

/// One head on the probe batch.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadStat {
    /// Layer and head, from 0.
    pub layer: usize,
    pub head: usize,
    /// Median over every query row of every probe sequence of k90.
    pub k90_median: f32,
    pub class: HeadClass,
    /// ‖β(diag(p) − ppᵀ)‖_F averaged over the same rows.
    pub jacobian: f32,
}

/// ‖β(diag(p) − ppᵀ)‖_F of one row of weights p, by ‖diag(p) − ppᵀ‖²_F =
/// Σp² − 2Σp³ + (Σp²)².
pub fn jacobian_norm(beta: f32, p: &[f32]) -> f32 {
    let (mut s2, mut s3) = (0.0f32, 0.0f32);
    for &x in p {
        s2 += x * x;
        s3 += x * x * x;
    }
    beta * (s2 - 2.0 * s3 + s2 * s2).max(0.0).sqrt()
}

/// Accumulates the rows of one head over the probe batch.
#[derive(Debug, Clone, Default)]
pub struct HeadRows {
    k90s: Vec<usize>,
    jacobian_sum: f64,
}

impl HeadRows {
    /// Adds every row of the N×N weights `probs`.
    pub fn add(&mut self, beta: f32, probs: &[f32], n: usize) {
        for row in probs.chunks_exact(n) {
            self.k90s.push(math::k90(row));
            self.jacobian_sum += jacobian_norm(beta, row) as f64;
        }
    }

    /// The head's statistics over the rows added, for sequences of `n` tokens.
    pub fn stat(&self, layer: usize, head: usize, n: usize) -> HeadStat {
        let k90_median = crate::lab::heads::analysis::median(&self.k90s);
        HeadStat {
            layer,
            head,
            k90_median,
            class: HeadClass::of(k90_median, n),
            jacobian: (self.jacobian_sum / self.k90s.len().max(1) as f64) as f32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jacobian_norm_matches_the_matrix_and_vanishes_at_a_single_weight() {
        let p = [0.5f32, 0.3, 0.2];
        let mut sq = 0.0f32;
        for i in 0..3 {
            for j in 0..3 {
                let m = if i == j { p[i] } else { 0.0 } - p[i] * p[j];
                sq += m * m;
            }
        }
        assert!((jacobian_norm(2.0, &p) - 2.0 * sq.sqrt()).abs() < 1e-6);
        assert_eq!(jacobian_norm(1.0, &[1.0, 0.0, 0.0]), 0.0);
    }

    #[test]
    fn replacements_are_row_stochastic_and_the_gaussian_peaks_on_the_diagonal() {
        let n = 9;
        let g = Replacement::Gaussian { sigma: 0.3 }.matrix(n).unwrap();
        for (i, row) in g.chunks_exact(n).enumerate() {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
            let top = (0..n).fold(0, |b, j| if row[j] > row[b] { j } else { b });
            assert_eq!(top, i);
        }
        let u = Replacement::Uniform.matrix(n).unwrap();
        assert!(u.iter().all(|&a| (a - 1.0 / 9.0).abs() < 1e-7));
        assert!(Replacement::Gaussian { sigma: 5.0 }.matrix(n).is_err());
        assert!(Replacement::Gaussian { sigma: f32::NAN }.matrix(n).is_err());
    }
}
