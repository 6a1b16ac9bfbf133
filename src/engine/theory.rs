//! The modern network's quantitative claims, measured beside the theorems that state them:
//! the retrieval error after one update against Theorem 5's bound, the number of updates to
//! converge, and the norms of the update's Jacobian J = β X (diag(p) − ppᵀ) Xᵀ ([P] eq. 59)
//! and of the softmax Jacobian J_s = β (diag(p) − ppᵀ) (Lemma A24) at the fixed point reached.
//!
//! Everything here is evaluated in f64, and the error after one update is summed as
//! ‖Σ_{j≠i} p_j (x_j − x_i)‖ (the weights sum to 1), so an error of 1e-30 is computed to full
//! relative precision instead of drowning in the rounding of f(ξ) − x_i: the comparison with
//! the bound is then a statement about the mathematics, not about f32.

use crate::engine::error::Result;
use crate::engine::fixed_points::separation;
use crate::engine::modern::{self, ModernHopfield};
use crate::engine::patterns::PatternSet;
use crate::engine::trajectory::Trajectory;

/// Power iterations for a spectral norm; the Rayleigh quotient of a symmetric PSD matrix
/// converges as (λ₂/λ₁)^(2k), and the loop stops early once it is still to 1e-12.
const POWER_ITERATIONS: usize = 500;

/// What Theorem 5 says for a query ξ and target xᵢ at β.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theorem5 {
    /// Δᵢ = min_{j≠i}(xᵢᵀxᵢ − xᵢᵀxⱼ).
    pub separation: f64,
    /// M = maxⱼ ‖xⱼ‖.
    pub max_norm: f64,
    /// max{‖ξ − xᵢ‖, ‖xᵢ* − xᵢ‖}, the reach the theorem is stated for.
    pub reach: f64,
    /// 2(N−1)·exp(−β(Δᵢ − 2·reach·M))·M, or `None` where Δᵢ ≤ 2·reach·M (the theorem's
    /// condition fails and it says nothing).
    pub bound: Option<f64>,
}

impl Theorem5 {
    /// Whether the bound applies but exceeds 2M, which any state in the patterns' hull meets
    /// anyway (it holds, and says nothing).
    pub fn vacuous(&self) -> bool {
        self.bound.is_some_and(|b| b >= 2.0 * self.max_norm)
    }
}

/// The theory report of one modern retrieval of target `target` from `query`.
#[derive(Debug, Clone, PartialEq)]
pub struct TheoryReport {
    /// Theorem 5's quantities, with the reached fixed point as xᵢ*.
    pub theorem5: Theorem5,
    /// ‖f(ξ) − xᵢ‖ after one update.
    pub error_after_one_update: f64,
    /// Updates until ‖Δξ‖ ≤ tol·max(M, 1) (the engine's criterion), or `None` if the run did
    /// not converge within its budget.
    pub updates_to_converge: Option<usize>,
    /// ‖J‖₂ at the final state, J = β X (diag(p) − ppᵀ) Xᵀ.
    pub jacobian_norm: f64,
    /// ‖J_s‖₂ at the final state, J_s = β (diag(p) − ppᵀ); Lemma A24 bounds it by 2mβ ≤ β/2
    /// with m = maxᵢ pᵢ(1 − pᵢ).
    pub softmax_jacobian_norm: f64,
    /// Lemma A24's bound 2mβ at the final state.
    pub softmax_jacobian_bound: f64,
}

/// Measures the report for `target` at β from `query`, iterating at most `max_steps` updates.
pub fn measure(
    patterns: &PatternSet,
    target: usize,
    beta: f32,
    query: &[f32],
    max_steps: usize,
) -> Result<TheoryReport> {
    let net = ModernHopfield::new(patterns.clone(), beta)?;
    patterns.check_query(query)?;
    let traj = net.retrieve(query, max_steps, modern::DEFAULT_TOL)?;
    measure_run(&net, target, query, &traj)
}

/// The report of a retrieval already run: `traj`, from `query` on `net` (the CLI and the
/// landscape's figures have the trajectory anyway).
pub fn measure_run(
    net: &ModernHopfield,
    target: usize,
    query: &[f32],
    traj: &Trajectory,
) -> Result<TheoryReport> {
    let patterns = net.patterns();
    let beta = net.beta();
    patterns.check_query(query)?;
    let x_i = patterns.get(target)?;
    let fixed_point = traj.final_state();
    let beta = beta as f64;
    let m = patterns.max_norm() as f64;
    let reach = distance(query, x_i).max(distance(fixed_point, x_i));
    let delta = separation(patterns, target)? as f64;
    let n = patterns.count() as f64;
    let bound = if n < 2.0 {
        Some(0.0)
    } else {
        (delta > 2.0 * reach * m)
            .then(|| 2.0 * (n - 1.0) * (-beta * (delta - 2.0 * reach * m)).exp() * m)
    };
    let p_final = weights(patterns, beta, fixed_point);
    let spread = p_final
        .iter()
        .map(|p| p * (1.0 - p))
        .fold(0.0_f64, f64::max);
    Ok(TheoryReport {
        theorem5: Theorem5 {
            separation: delta,
            max_norm: m,
            reach,
            bound,
        },
        error_after_one_update: one_update_error(patterns, beta, query, target),
        updates_to_converge: traj.converged.then(|| traj.steps()),
        jacobian_norm: beta * covariance_norm(patterns, &p_final),
        softmax_jacobian_norm: softmax_jacobian_norm(beta, &p_final),
        softmax_jacobian_bound: 2.0 * spread * beta,
    })
}

/// ‖a − b‖ in f64.
fn distance(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| (x as f64 - y as f64).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// Xᵀξ in f64.
fn similarities(patterns: &PatternSet, state: &[f32]) -> Vec<f64> {
    patterns
        .iter()
        .map(|x| {
            x.iter()
                .zip(state)
                .map(|(&a, &b)| a as f64 * b as f64)
                .sum()
        })
        .collect()
}

/// softmax(β Xᵀξ) in f64, with the largest score subtracted first.
pub fn weights(patterns: &PatternSet, beta: f64, state: &[f32]) -> Vec<f64> {
    let z = similarities(patterns, state);
    let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|s| (beta * (s - top)).exp()).collect();
    let sum: f64 = e.iter().sum();
    e.into_iter().map(|v| v / sum).collect()
}

/// ‖J‖₂ of the update f(ξ) = X softmax(βXᵀξ) at `state`: J = β X (diag(p) − ppᵀ) Xᵀ.
pub fn jacobian_norm(patterns: &PatternSet, beta: f64, state: &[f32]) -> f64 {
    beta * covariance_norm(patterns, &weights(patterns, beta, state))
}

/// ‖J_s‖₂ of the softmax at weights `p`: J_s = β (diag(p) − ppᵀ).
pub fn softmax_jacobian_norm(beta: f64, p: &[f64]) -> f64 {
    beta * softmax_spread_norm(p)
}

/// ‖f(ξ) − xᵢ‖ = ‖Σ_{j≠i} p_j (x_j − xᵢ)‖: the weights sum to 1, so no term cancels
/// against xᵢ and tiny weights keep their relative precision.
fn one_update_error(patterns: &PatternSet, beta: f64, query: &[f32], target: usize) -> f64 {
    let p = weights(patterns, beta, query);
    let x_i = patterns.pattern(target);
    let mut diff = vec![0.0_f64; patterns.dim()];
    for (j, (x_j, &p)) in patterns.iter().zip(&p).enumerate() {
        if j == target {
            continue;
        }
        for ((d, &a), &b) in diff.iter_mut().zip(x_j).zip(x_i) {
            *d += p * (a as f64 - b as f64);
        }
    }
    diff.iter().map(|v| v * v).sum::<f64>().sqrt()
}

/// ‖X (diag(p) − ppᵀ) Xᵀ‖₂ = ‖Σ pᵢ (xᵢ − x̄)(xᵢ − x̄)ᵀ‖₂ with x̄ = X p: the covariance of the
/// patterns under p, symmetric PSD, by power iteration on v ↦ Σ pᵢ (xᵢ − x̄)((xᵢ − x̄)ᵀv).
fn covariance_norm(patterns: &PatternSet, p: &[f64]) -> f64 {
    let d = patterns.dim();
    let mut mean = vec![0.0_f64; d];
    for (x, &w) in patterns.iter().zip(p) {
        mean.iter_mut()
            .zip(x)
            .for_each(|(m, &a)| *m += w * a as f64);
    }
    let centred: Vec<(f64, Vec<f64>)> = patterns
        .iter()
        .zip(p)
        .filter(|(_, w)| **w > 0.0)
        .map(|(x, &w)| (w, x.iter().zip(&mean).map(|(&a, m)| a as f64 - m).collect()))
        .collect();
    power_norm(d, |v, out| {
        out.iter_mut().for_each(|o| *o = 0.0);
        for (w, c) in &centred {
            let proj = w * c.iter().zip(v).map(|(a, b)| a * b).sum::<f64>();
            out.iter_mut().zip(c).for_each(|(o, a)| *o += proj * a);
        }
    })
}

/// ‖diag(p) − ppᵀ‖₂ by power iteration (the matrix is PSD: a covariance of one-hot vectors).
fn softmax_spread_norm(p: &[f64]) -> f64 {
    power_norm(p.len(), |v, out| {
        let pv: f64 = p.iter().zip(v).map(|(a, b)| a * b).sum();
        out.iter_mut()
            .zip(p.iter().zip(v))
            .for_each(|(o, (&pi, &vi))| *o = pi * vi - pi * pv);
    })
}

/// The largest eigenvalue of a symmetric PSD operator `apply` on Rⁿ, by power iteration from
/// a fixed start with every coordinate non-zero (so no eigenvector is missed by symmetry).
fn power_norm(n: usize, apply: impl Fn(&[f64], &mut [f64])) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let mut v: Vec<f64> = (0..n)
        .map(|k| 1.0 + (k as f64 * 0.618_034).fract())
        .collect();
    normalise(&mut v);
    let mut out = vec![0.0; n];
    let mut lambda = 0.0_f64;
    for _ in 0..POWER_ITERATIONS {
        apply(&v, &mut out);
        let next: f64 = out.iter().zip(&v).map(|(a, b)| a * b).sum();
        let norm = normalise(&mut out);
        if norm == 0.0 {
            return 0.0;
        }
        std::mem::swap(&mut v, &mut out);
        let still = (next - lambda).abs() <= 1e-12 * next.abs();
        lambda = next;
        if still {
            break;
        }
    }
    lambda.max(0.0)
}

/// Scales `v` to unit length and returns its former length.
fn normalise(v: &mut [f64]) -> f64 {
    let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|a| *a /= norm);
    }
    norm
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(rows: &[&[f32]]) -> PatternSet {
        PatternSet::from_rows(&rows.iter().map(|r| r.to_vec()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn softmax_jacobian_of_two_equal_weights() {
        // diag(½, ½) − ¼·11ᵀ has eigenvalues ½ and 0.
        assert!((softmax_spread_norm(&[0.5, 0.5]) - 0.5).abs() < 1e-12);
        // One-hot weights: the Jacobian vanishes.
        assert_eq!(softmax_spread_norm(&[1.0, 0.0, 0.0]), 0.0);
    }

    #[test]
    fn covariance_of_two_opposite_patterns() {
        // x = ±(1, 0) at p = ½ each: covariance diag(1, 0).
        let s = set(&[&[1.0, 0.0], &[-1.0, 0.0]]);
        assert!((covariance_norm(&s, &[0.5, 0.5]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn an_applying_bound_lies_above_the_error() {
        let s = set(&[&[4.0, 0.0, 0.0], &[0.0, 4.0, 0.0], &[0.0, 0.0, 4.0]]);
        let r = measure(&s, 0, 3.0, &[3.5, 0.5, 0.0], 100).unwrap();
        let bound = r
            .theorem5
            .bound
            .expect("well separated: the theorem applies");
        assert!(r.error_after_one_update <= bound, "{r:?}");
        assert!(r.error_after_one_update > 0.0);
        assert_eq!(r.theorem5.separation, 16.0);
        assert_eq!(r.updates_to_converge.map(|u| u <= 3), Some(true), "{r:?}");
    }

    #[test]
    fn a_target_out_of_range_is_named() {
        let s = set(&[&[1.0, 0.0]]);
        let err = measure(&s, 3, 1.0, &[1.0, 0.0], 10).unwrap_err();
        assert!(err.to_string().contains("index 3"), "{err}");
    }
}
