//! SCIENCE.md facts 8, 9, 10, 12 and 13 for the modern network, plus robustness: no panic and
//! finite outputs for any finite input and β in the supported range.

use hopfield_lab::engine::fixed_points::{classify, retrieval_error_bound, separation};
use hopfield_lab::engine::math;
use hopfield_lab::engine::modern::DEFAULT_TOL;
use hopfield_lab::engine::{ModernHopfield, PatternSet, SeededRng};
use nalgebra::DMatrix;
use proptest::prelude::*;

/// A d×N set with entries from `values` (column-major), or `None` when sizes do not fit.
fn set_from(d: usize, n: usize, values: &[f32]) -> PatternSet {
    PatternSet::from_matrix(DMatrix::from_vec(d, n, values[..d * n].to_vec())).unwrap()
}

/// Magnitude of the terms of E(ξ): the scale on which f32 rounding of E is measured.
fn energy_scale(net: &ModernHopfield, state: &[f32]) -> f32 {
    let set = net.patterns();
    let mut z = vec![0.0; set.count()];
    net.similarities_into(state, &mut z);
    let m = set.max_norm();
    math::lse(net.beta(), &z).abs()
        + 0.5 * math::dot(state, state)
        + (set.count() as f32).ln() / net.beta()
        + 0.5 * m * m
}

/// A strategy for (d, N, pattern entries, query entries, β) with β log-uniform in [lo, hi].
fn network_input(
    entry: f32,
    beta_lo: f32,
    beta_hi: f32,
) -> impl Strategy<Value = (usize, usize, Vec<f32>, Vec<f32>, f32)> {
    (1usize..12, 1usize..10).prop_flat_map(move |(d, n)| {
        (
            Just(d),
            Just(n),
            proptest::collection::vec(-entry..entry, d * n),
            proptest::collection::vec(-entry..entry, d),
            beta_lo.ln()..beta_hi.ln(),
        )
            .prop_map(|(d, n, x, q, lb)| (d, n, x, q, lb.exp()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Fact 8: the update is a CCCP step, so E never increases (relative tolerance 1e-5).
    #[test]
    fn fact8_energy_never_increases((d, n, x, q, beta) in network_input(3.0, 1e-3, 100.0)) {
        let net = ModernHopfield::new(set_from(d, n, &x), beta).unwrap();
        let mut state = q;
        let mut energy = net.energy(&state).unwrap();
        for _ in 0..30 {
            let next = net.update(&state).unwrap();
            let e = net.energy(&next).unwrap();
            let tol = 1e-5 * energy_scale(&net, &state).max(energy_scale(&net, &next));
            prop_assert!(e <= energy + tol, "E rose from {energy} to {e} (tol {tol})");
            state = next;
            energy = e;
        }
    }

    /// Fact 9: after one update 0 ≤ E ≤ 2M².
    #[test]
    fn fact9_energy_after_one_update_is_bounded((d, n, x, q, beta) in network_input(3.0, 1e-3, 100.0)) {
        let net = ModernHopfield::new(set_from(d, n, &x), beta).unwrap();
        let next = net.update(&q).unwrap();
        let e = net.energy(&next).unwrap();
        let m = net.patterns().max_norm();
        let tol = 1e-5 * energy_scale(&net, &next);
        prop_assert!(e >= -tol && e <= 2.0 * m * m + tol, "E = {e}, 2M² = {}", 2.0 * m * m);
    }

    /// Robustness: finite input and β ∈ [1e-4, 1e4] give finite outputs, weights summing to 1,
    /// and no panic anywhere in the modern network or the classification.
    #[test]
    fn finite_input_gives_finite_output((d, n, x, q, beta) in network_input(100.0, 1e-4, 1e4)) {
        let net = ModernHopfield::new(set_from(d, n, &x), beta).unwrap();
        let w = net.weights(&q).unwrap();
        prop_assert!(w.iter().all(|v| v.is_finite() && *v >= 0.0));
        prop_assert!((w.iter().sum::<f32>() - 1.0).abs() <= 1e-5 * n as f32);
        prop_assert!(net.energy(&q).unwrap().is_finite());
        prop_assert!(net.update(&q).unwrap().iter().all(|v| v.is_finite()));
        let traj = net.retrieve(&q, 20, DEFAULT_TOL).unwrap();
        prop_assert!(traj.energies.iter().all(|e| e.is_finite()));
        prop_assert!(traj.final_state().iter().all(|v| v.is_finite()));
        let (_, k90) = classify(&w);
        prop_assert!((1..=n).contains(&k90));
    }
}

/// Fact 10: β → 0 gives the mean of the patterns, with an error shrinking in proportion to β.
#[test]
fn fact10_small_beta_returns_the_mean() {
    let set = PatternSet::random_binary(64, 8, &mut SeededRng::new(10)).unwrap();
    let mean = set.mean();
    let m = set.max_norm();
    let mut previous = f32::INFINITY;
    for beta in [1e-1, 1e-2, 1e-3, 1e-4] {
        let net = ModernHopfield::new(set.clone(), beta).unwrap();
        let mut worst = 0.0f32;
        for query in set.iter() {
            let out = net.update(query).unwrap();
            let err = math::norm(
                &out.iter()
                    .zip(mean.iter())
                    .map(|(a, b)| a - b)
                    .collect::<Vec<_>>(),
            );
            worst = worst.max(err);
        }
        println!("fact 10: β = {beta:e}: max ‖f(ξ) − m_x‖ = {worst:.3e} (M = {m})");
        assert!(worst < previous, "error did not shrink at β = {beta}");
        previous = worst;
    }
    assert!(previous < 2e-3 * m, "{previous}");
}

/// Patterns of norm `radius`: Gaussian directions rescaled.
fn sphere_set(d: usize, n: usize, radius: f32, seed: u64) -> PatternSet {
    let unit = PatternSet::random_gaussian(d, n, true, &mut SeededRng::new(seed)).unwrap();
    PatternSet::from_matrix(unit.matrix() * (radius / (d as f32).sqrt())).unwrap()
}

/// Fact 12: Thm 5's bound on ‖f(ξ) − xᵢ‖ holds (d = 64, N = 20, ‖x‖ = 4, β = 3).
#[test]
fn fact12_theorem5_bound_holds() {
    let (d, n, beta) = (64, 20, 3.0);
    let set = sphere_set(d, n, 4.0, 12);
    let net = ModernHopfield::new(set.clone(), beta).unwrap();
    let m = set.max_norm();
    let mut rng = SeededRng::new(120);
    let (mut checked, mut informative) = (0, 0);
    let (mut max_informative, mut max_err) = (0.0f32, 0.0f32);
    for i in 0..n {
        let xi = set.pattern(i);
        let delta = separation(&set, i).unwrap();
        let star = net.retrieve(xi, 1000, 1e-7).unwrap();
        let fp_dist = dist(star.final_state(), xi);
        for r in [0.0f32, 0.1, 0.25, 0.5, 0.75, 1.0, 1.25] {
            let dir: Vec<f32> = (0..d).map(|_| rng.gaussian()).collect();
            let len = math::norm(&dir);
            let query: Vec<f32> = xi.iter().zip(&dir).map(|(x, u)| x + r * u / len).collect();
            let err = dist(&net.update(&query).unwrap(), xi);
            let bound = retrieval_error_bound(&set, i, beta, dist(&query, xi), fp_dist).unwrap();
            // f32 slack: rounding of f(ξ) − xᵢ is of order N·ε·M.
            assert!(
                err <= bound + 1e-5 * m,
                "i {i} r {r}: error {err} > bound {bound} (Δ {delta})"
            );
            checked += 1;
            if bound < 0.1 * m {
                informative += 1;
                max_informative = max_informative.max(bound);
                max_err = max_err.max(err);
            }
        }
    }
    println!(
        "fact 12: {checked} queries checked; {informative} with a bound < 0.1·M (largest such bound \
         {max_informative:.2e}, largest error among them {max_err:.2e})"
    );
    assert!(
        informative >= 10,
        "too few informative cases: {informative}"
    );
}

fn dist(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f32>()
        .sqrt()
}

/// Fact 13: ±1 patterns, d = 64, lower half of the query zeroed: β = 0.5 retrieves in one
/// update (error < 1 % of ‖x‖, k90 = 1) for N = 100 and 1000; β = 1/√d averages (k90 ≫ 1).
#[test]
fn fact13_binary_patterns_half_masked() {
    let d = 64;
    for n in [100usize, 1000] {
        let set = PatternSet::random_binary(d, n, &mut SeededRng::new(13 + n as u64)).unwrap();
        let retrieving = ModernHopfield::new(set.clone(), 0.5).unwrap();
        let averaging = ModernHopfield::new(set.clone(), 1.0 / (d as f32).sqrt()).unwrap();
        let (mut worst, mut worst_k90) = (0.0f32, 0usize);
        let mut k90_avg = Vec::new();
        for target in (0..n).step_by(n / 20) {
            let x = set.pattern(target);
            let mut query = x.to_vec();
            query[d / 2..].iter_mut().for_each(|v| *v = 0.0);
            let out = retrieving.update(&query).unwrap();
            let rel = dist(&out, x) / math::norm(x);
            let (_, k90) = classify(&retrieving.weights(&query).unwrap());
            worst = worst.max(rel);
            worst_k90 = worst_k90.max(k90);
            k90_avg.push(classify(&averaging.weights(&query).unwrap()).1);
        }
        k90_avg.sort_unstable();
        println!(
            "fact 13: N = {n}: β = 0.5 worst error {:.3} % of ‖x‖, worst k90 {worst_k90}; β = 1/√d k90 min {} median {} max {}",
            100.0 * worst,
            k90_avg[0],
            k90_avg[k90_avg.len() / 2],
            k90_avg[k90_avg.len() - 1]
        );
        assert!(worst < 0.01, "N = {n}: error {worst}");
        assert_eq!(worst_k90, 1, "N = {n}");
        assert!(
            k90_avg[0] >= 5,
            "N = {n}: β = 1/√d should average, k90 {k90_avg:?}"
        );
    }
}
