//! The classical binary network against SCIENCE.md facts 1–5, plus property tests: energy never
//! rises at any asynchronous flip, outputs stay finite, no input panics.

use hopfield_lab::engine::classic::{ClassicHopfield, LearningRule, UpdateMode, binarise};
use hopfield_lab::engine::math;
use hopfield_lab::engine::{EngineError, PatternSet, SeededRng};
use proptest::prelude::*;

const RULES: [LearningRule; 3] = [
    LearningRule::Hebbian,
    LearningRule::Storkey,
    LearningRule::PseudoInverse,
];

/// `x` with exactly `count` distinct signs flipped.
fn flip_signs(x: &[f32], count: usize, rng: &mut SeededRng) -> Vec<f32> {
    let mut out = x.to_vec();
    let order = rng.permutation(x.len());
    for &i in &order[..count] {
        out[i] = -out[i];
    }
    out
}

/// Standard normal CDF.
fn phi(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// Every energy after every flip is ≤ the one before it (+ `tol`); returns the flip count.
fn assert_monotone_per_flip(run: &hopfield_lab::engine::classic::BinaryRun, tol: f32) -> usize {
    let traj = &run.trajectory;
    let mut flips = 0;
    for (t, sweep) in run.sweeps.iter().enumerate() {
        let mut prev = traj.energies[t];
        for &e in &sweep.flip_energies {
            assert!(e - prev <= tol, "energy rose by {} at a flip", e - prev);
            assert!(e.is_finite());
            prev = e;
            flips += 1;
        }
        assert!(traj.energies[t + 1] - prev <= tol);
    }
    flips
}

/// Fact 1: asynchronous updates never raise E, at every single flip (d = 100, N = 20, 10 % of
/// the bits of a stored pattern flipped), for every learning rule.
#[test]
fn fact1_async_energy_never_rises_at_any_flip() {
    let mut rng = SeededRng::new(1);
    let mut total_flips = 0;
    for trial in 0..30 {
        let set = PatternSet::random_binary(100, 20, &mut rng).unwrap();
        let rule = RULES[trial % 3];
        let net = ClassicHopfield::new(&set, rule).unwrap();
        let query = flip_signs(set.pattern(trial % 20), 10, &mut rng);
        let run = net
            .retrieve(&query, UpdateMode::Async, 100, &mut rng)
            .unwrap();
        assert!(run.trajectory.converged, "async must reach a fixed point");
        total_flips += assert_monotone_per_flip(&run, 1e-9);
        // The recorded flip energies are the energies of the replayed states.
        for (t, sweep) in run.sweeps.iter().enumerate() {
            let mut k = 0;
            for micro in 1..=sweep.order.len() {
                if sweep.flipped[micro - 1] {
                    let s = run.state_within_sweep(t, micro).unwrap();
                    let e = net.energy(&s).unwrap();
                    assert!((e - sweep.flip_energies[k]).abs() <= 1e-4 * e.abs().max(1.0));
                    k += 1;
                }
            }
        }
    }
    assert!(total_flips > 100, "the test must actually flip neurons");
}

/// Fact 2: store (1, −1), start at (1, 1): synchronous updates alternate (1,1) ↔ (−1,−1).
#[test]
fn fact2_sync_two_cycle() {
    let set = PatternSet::from_rows(&[vec![1.0, -1.0]]).unwrap();
    let net = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
    let mut rng = SeededRng::new(0);
    let run = net
        .retrieve(&[1.0, 1.0], UpdateMode::Sync, 50, &mut rng)
        .unwrap();
    assert!(run.cycle && !run.trajectory.converged);
    assert_eq!(
        run.trajectory.states,
        vec![vec![1.0, 1.0], vec![-1.0, -1.0], vec![1.0, 1.0]]
    );
    assert!(run.sweeps.is_empty());
    // Asynchronously the same start reaches a stored state (x or −x) and stops.
    let run = net
        .retrieve(&[1.0, 1.0], UpdateMode::Async, 50, &mut rng)
        .unwrap();
    assert!(run.trajectory.converged && !run.cycle);
    let end = run.trajectory.final_state();
    assert!(end == [1.0, -1.0] || end == [-1.0, 1.0], "{end:?}");
}

/// Fact 3: E(−x) = E(x), and −x is a fixed point whenever x is.
#[test]
fn fact3_negated_patterns_are_spurious_twins() {
    let mut rng = SeededRng::new(3);
    for rule in RULES {
        for n in [3, 8, 15] {
            let set = PatternSet::random_binary(60, n, &mut rng).unwrap();
            let net = ClassicHopfield::new(&set, rule).unwrap();
            for x in set.iter() {
                let neg: Vec<f32> = x.iter().map(|v| -v).collect();
                let (e, e_neg) = (net.energy(x).unwrap(), net.energy(&neg).unwrap());
                assert!((e - e_neg).abs() <= 1e-5 * e.abs().max(1.0), "{rule:?}");
                assert_eq!(
                    net.is_fixed_point(x).unwrap(),
                    net.is_fixed_point(&neg).unwrap()
                );
            }
        }
    }
}

/// Fact 4: d = 100, 200 trials: the fraction of stored patterns that are fixed points at
/// N = 5/10/14/20/30 is 1.00/0.96/0.81/0.39/0.04 (±0.06), and the one-step bit error is
/// ≈ Φ(−√(d/N)).
#[test]
fn fact4_hebbian_stability_and_bit_error() {
    let d = 100;
    let mut rng = SeededRng::new(4);
    let expected = [(5, 1.00), (10, 0.96), (14, 0.81), (20, 0.39), (30, 0.04)];
    for (n, want) in expected {
        let (mut stable, mut wrong_bits) = (0usize, 0usize);
        for _ in 0..200 {
            let set = PatternSet::random_binary(d, n, &mut rng).unwrap();
            let net = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
            for x in set.iter() {
                let next = net.sync_step(x).unwrap();
                let wrong = next.iter().zip(x).filter(|(a, b)| a != b).count();
                stable += usize::from(wrong == 0);
                wrong_bits += wrong;
            }
        }
        let fraction = stable as f64 / (200 * n) as f64;
        let bit_error = wrong_bits as f64 / (200 * n * d) as f64;
        let theory = phi(-((d as f64) / n as f64).sqrt());
        println!(
            "N = {n}: stable {fraction:.3} (want {want}), bit error {bit_error:.5} vs Φ {theory:.5}"
        );
        assert!((fraction - want).abs() <= 0.06, "N = {n}: {fraction}");
        assert!(
            (bit_error - theory).abs() <= 0.25 * theory + 0.002,
            "N = {n}: bit error {bit_error} vs {theory}"
        );
    }
}

/// Fact 5: d = 1000, N = 3: the odd mixture sgn(x₁+x₂+x₃) is a fixed point in (almost) every
/// trial and has overlap ≈ 0.5 with each pattern.
#[test]
fn fact5_odd_mixtures_are_stable() {
    let mut rng = SeededRng::new(5);
    let trials = 50;
    let (mut stable, mut overlap_sum) = (0, 0.0f64);
    for _ in 0..trials {
        let set = PatternSet::random_binary(1000, 3, &mut rng).unwrap();
        let net = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
        let sum: Vec<f32> = (0..1000)
            .map(|i| set.iter().map(|x| x[i]).sum::<f32>())
            .collect();
        let mixture = binarise(&sum);
        stable += usize::from(net.is_fixed_point(&mixture).unwrap());
        for x in set.iter() {
            overlap_sum += math::overlap(&mixture, x) as f64;
        }
    }
    let mean_overlap = overlap_sum / (3 * trials) as f64;
    println!("mixture stable in {stable}/{trials}, mean overlap {mean_overlap:.3}");
    assert!(stable >= trials - 2, "{stable}/{trials}");
    assert!((mean_overlap - 0.5).abs() < 0.02, "{mean_overlap}");
}

#[test]
fn retrieval_repairs_a_corrupted_pattern_below_capacity() {
    let mut rng = SeededRng::new(6);
    let set = PatternSet::random_binary(200, 10, &mut rng).unwrap();
    for rule in RULES {
        for mode in [UpdateMode::Async, UpdateMode::Sync] {
            let net = ClassicHopfield::new(&set, rule).unwrap();
            let query = flip_signs(set.pattern(4), 30, &mut rng);
            let run = net.retrieve(&query, mode, 50, &mut rng).unwrap();
            assert!(run.trajectory.converged, "{rule:?} {mode:?}");
            assert_eq!(
                run.trajectory.final_state(),
                set.pattern(4),
                "{rule:?} {mode:?}"
            );
            assert_eq!(run.trajectory.states[0], query);
        }
    }
}

#[test]
fn same_seed_same_run_different_seed_different_order() {
    let mut rng = SeededRng::new(7);
    let set = PatternSet::random_binary(50, 5, &mut rng).unwrap();
    let net = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
    let query = flip_signs(set.pattern(0), 10, &mut rng);
    let a = net
        .retrieve(&query, UpdateMode::Async, 20, &mut SeededRng::new(1))
        .unwrap();
    let b = net
        .retrieve(&query, UpdateMode::Async, 20, &mut SeededRng::new(1))
        .unwrap();
    let c = net
        .retrieve(&query, UpdateMode::Async, 20, &mut SeededRng::new(2))
        .unwrap();
    assert_eq!(a, b);
    assert_ne!(a.sweeps[0].order, c.sweeps[0].order);
}

#[test]
fn oversized_weights_are_refused_with_the_limit() {
    let set = PatternSet::random_binary(5000, 3, &mut SeededRng::new(8)).unwrap();
    // Hebbian falls back to the low-rank path; the d×d rules refuse.
    assert!(ClassicHopfield::new(&set, LearningRule::Hebbian).is_ok());
    assert!(matches!(
        ClassicHopfield::new(&set, LearningRule::Storkey),
        Err(EngineError::TooLarge { limit: 4096, .. })
    ));
}

fn rule_strategy() -> impl Strategy<Value = LearningRule> {
    prop_oneof![
        Just(LearningRule::Hebbian),
        Just(LearningRule::Storkey),
        Just(LearningRule::PseudoInverse)
    ]
}

/// Finite patterns (any magnitude, zeros included) as rows, plus a query of the same length.
fn inputs() -> impl Strategy<Value = (Vec<Vec<f32>>, Vec<f32>)> {
    (2usize..40, 1usize..12).prop_flat_map(|(d, n)| {
        let value = prop_oneof![-1e30f32..1e30, Just(0.0f32), Just(1.0f32), Just(-1.0f32)];
        (
            prop::collection::vec(prop::collection::vec(value.clone(), d), n),
            prop::collection::vec(value, d),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn async_energy_never_rises_and_outputs_are_finite(
        (rows, query) in inputs(),
        rule in rule_strategy(),
        seed in any::<u64>(),
    ) {
        let set = PatternSet::from_rows(&rows).unwrap();
        let net = ClassicHopfield::new(&set, rule).unwrap();
        let mut rng = SeededRng::new(seed);
        let run = net.retrieve(&query, UpdateMode::Async, 60, &mut rng).unwrap();
        let scale = run.trajectory.energies[0].abs().max(1.0);
        assert_monotone_per_flip(&run, 1e-5 * scale);
        prop_assert!(run.trajectory.states.iter().flatten().all(|v| *v == 1.0 || *v == -1.0));
        prop_assert!(run.trajectory.energies.iter().all(|e| e.is_finite()));
        let sync = net.retrieve(&query, UpdateMode::Sync, 60, &mut rng).unwrap();
        prop_assert!(sync.trajectory.energies.iter().all(|e| e.is_finite()));
        prop_assert!(net.local_fields(&query).unwrap().iter().all(|h| h.is_finite()));
    }

    #[test]
    fn wrong_sized_or_non_finite_queries_are_errors(
        (rows, mut query) in inputs(),
        extra in 1usize..3,
        bad in prop_oneof![Just(f32::NAN), Just(f32::INFINITY)],
    ) {
        let set = PatternSet::from_rows(&rows).unwrap();
        let net = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
        let mut rng = SeededRng::new(0);
        let mut longer = query.clone();
        longer.extend(std::iter::repeat_n(1.0, extra));
        prop_assert!(net.retrieve(&longer, UpdateMode::Async, 5, &mut rng).is_err());
        query[0] = bad;
        prop_assert!(net.retrieve(&query, UpdateMode::Sync, 5, &mut rng).is_err());
        prop_assert!(net.energy(&query).is_err());
    }
}
