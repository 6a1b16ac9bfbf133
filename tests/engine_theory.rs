//! The theory report against the mathematics: Theorem 5's bound is never below the measured
//! error where it applies (random sets and the built-in photos), and the Jacobian norms equal
//! the spectral norms of finite-difference Jacobians of the update.

#[path = "shared/photos.rs"]
mod photos;
use photos::photo_set;

use hopfield_lab::engine::theory::{self, jacobian_norm, softmax_jacobian_norm, weights};
use hopfield_lab::engine::{PatternSet, SeededRng};
use hopfield_lab::lab::studio::query::{Edit, build};
use proptest::prelude::*;

/// `count` random patterns on the sphere of radius `radius` in R^`dim`.
fn sphere(dim: usize, count: usize, radius: f32, rng: &mut SeededRng) -> PatternSet {
    let unit = PatternSet::random_gaussian(dim, count, true, rng).unwrap();
    let rows: Vec<Vec<f32>> = unit
        .iter()
        .map(|x| x.iter().map(|v| v * radius).collect())
        .collect();
    PatternSet::from_rows(&rows).unwrap()
}

/// The update f(ξ) = X softmax(βXᵀξ) in f64.
fn update(patterns: &PatternSet, beta: f64, state: &[f64]) -> Vec<f64> {
    // The weights in f64 (the engine's f64 helpers take an f32 state, too coarse for a
    // finite difference).
    let z: Vec<f64> = patterns
        .iter()
        .map(|x| x.iter().zip(state).map(|(&a, b)| a as f64 * b).sum())
        .collect();
    let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|s| (beta * (s - top)).exp()).collect();
    let sum: f64 = e.iter().sum();
    let mut out = vec![0.0; state.len()];
    for (x, w) in patterns.iter().zip(&e) {
        out.iter_mut()
            .zip(x)
            .for_each(|(o, &a)| *o += w / sum * a as f64);
    }
    out
}

/// ‖A‖₂ of a square matrix (rows) as √λ_max(AᵀA), by power iteration.
fn spectral_norm(a: &[Vec<f64>]) -> f64 {
    let n = a.len();
    let mut v = vec![1.0 / (n as f64).sqrt(); n];
    let mut lambda = 0.0;
    for _ in 0..2000 {
        let av: Vec<f64> = a
            .iter()
            .map(|row| row.iter().zip(&v).map(|(x, y)| x * y).sum())
            .collect();
        let mut atav = vec![0.0; n];
        for (row, s) in a.iter().zip(&av) {
            atav.iter_mut().zip(row).for_each(|(o, x)| *o += x * s);
        }
        lambda = atav.iter().zip(&v).map(|(x, y)| x * y).sum::<f64>();
        let norm = atav.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            return 0.0;
        }
        v = atav.into_iter().map(|x| x / norm).collect();
    }
    lambda.sqrt()
}

/// The finite-difference Jacobian of the update at `state` (central differences, step h).
fn fd_jacobian(patterns: &PatternSet, beta: f64, state: &[f32], h: f64) -> Vec<Vec<f64>> {
    let base: Vec<f64> = state.iter().map(|&v| v as f64).collect();
    let d = base.len();
    let mut columns = Vec::with_capacity(d);
    for k in 0..d {
        let (mut plus, mut minus) = (base.clone(), base.clone());
        plus[k] += h;
        minus[k] -= h;
        let (fp, fm) = (
            update(patterns, beta, &plus),
            update(patterns, beta, &minus),
        );
        columns.push(
            fp.iter()
                .zip(&fm)
                .map(|(a, b)| (a - b) / (2.0 * h))
                .collect::<Vec<f64>>(),
        );
    }
    // Row r, column k = ∂f_r/∂ξ_k.
    (0..d)
        .map(|r| (0..d).map(|k| columns[k][r]).collect())
        .collect()
}

#[test]
fn jacobian_norm_equals_the_finite_difference_jacobian() {
    let mut rng = SeededRng::new(7);
    let patterns = sphere(6, 5, 1.5, &mut rng);
    for (beta, state) in [
        (0.3, vec![0.1_f32, -0.2, 0.3, 0.0, 0.5, -0.1]),
        (2.0, patterns.pattern(1).iter().map(|v| v * 0.7).collect()),
        (1.0, patterns.pattern(2).to_vec()),
    ] {
        let analytic = jacobian_norm(&patterns, beta, &state);
        let numeric = spectral_norm(&fd_jacobian(&patterns, beta, &state, 1e-5));
        let rel = (analytic - numeric).abs() / numeric.max(1e-12);
        assert!(
            rel < 1e-3,
            "β = {beta}: ‖J‖ = {analytic}, finite differences {numeric} (rel {rel:e})"
        );
    }
}

#[test]
fn softmax_jacobian_norm_equals_its_finite_difference_and_obeys_lemma_a24() {
    // softmax(βz) as a function of z: its Jacobian is β(diag(p) − ppᵀ).
    let z = [0.3_f64, -0.1, 0.8, 0.05];
    let beta = 1.7;
    let soft = |z: &[f64]| -> Vec<f64> {
        let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = z.iter().map(|s| (beta * (s - top)).exp()).collect();
        let sum: f64 = e.iter().sum();
        e.into_iter().map(|v| v / sum).collect()
    };
    let p = soft(&z);
    let h = 1e-6;
    let fd: Vec<Vec<f64>> = (0..4)
        .map(|r| {
            (0..4)
                .map(|k| {
                    let (mut a, mut b) = (z.to_vec(), z.to_vec());
                    a[k] += h;
                    b[k] -= h;
                    (soft(&a)[r] - soft(&b)[r]) / (2.0 * h)
                })
                .collect()
        })
        .collect();
    let analytic = softmax_jacobian_norm(beta, &p);
    let numeric = spectral_norm(&fd);
    assert!(
        (analytic - numeric).abs() / numeric < 1e-3,
        "{analytic} vs {numeric}"
    );
    let m = p.iter().map(|v| v * (1.0 - v)).fold(0.0_f64, f64::max);
    assert!(analytic <= 2.0 * m * beta + 1e-12 && analytic <= beta / 2.0);
}

/// Checks the bound against the error for one retrieval, when the theorem applies.
fn check_bound(patterns: &PatternSet, target: usize, beta: f32, query: &[f32]) -> bool {
    let r = theory::measure(patterns, target, beta, query, 50).unwrap();
    if let Some(bound) = r.theorem5.bound {
        assert!(
            r.error_after_one_update <= bound * (1.0 + 1e-9),
            "β = {beta}, target {target}: error {} above the bound {bound} ({r:?})",
            r.error_after_one_update
        );
        true
    } else {
        false
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn the_error_never_exceeds_an_applying_bound(
        seed in 0u64..1000,
        dim in 4usize..48,
        count in 2usize..24,
        scale in 0.5f32..6.0,
        log_beta in -2.0f32..2.0,
        noise in 0.0f32..0.3,
    ) {
        let mut rng = SeededRng::new(seed);
        let patterns = sphere(dim, count, scale, &mut rng);
        let target = (seed as usize) % count;
        let query: Vec<f32> = patterns
            .pattern(target)
            .iter()
            .enumerate()
            .map(|(k, v)| if (k as f32) < noise * dim as f32 { 0.0 } else { *v })
            .collect();
        check_bound(&patterns, target, 10f32.powf(log_beta), &query);
    }
}

#[test]
fn the_bound_holds_on_the_built_in_photos() {
    let set = photo_set();
    let mut applied = 0;
    for target in 0..set.count() {
        // The stored photo itself (a fixed point near it at large β) and the masked query.
        let masked = build(&set, target, &[Edit::MaskLowerHalf], 1).unwrap();
        for beta in [1e-3_f32, 1e-2, 0.1, 1.0, 10.0] {
            applied += check_bound(
                &set.continuous,
                target,
                beta,
                set.continuous.pattern(target),
            ) as usize;
            applied += check_bound(&set.continuous, target, beta, &masked.continuous) as usize;
        }
    }
    // The photos are correlated, so the theorem does not apply everywhere; it must somewhere,
    // or this test would check nothing.
    assert!(applied > 0, "Theorem 5 applied to no photo at any β");
}

#[test]
fn weights_sum_to_one() {
    let mut rng = SeededRng::new(3);
    let patterns = sphere(8, 9, 2.0, &mut rng);
    let p = weights(&patterns, 0.5, patterns.pattern(0));
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
}
