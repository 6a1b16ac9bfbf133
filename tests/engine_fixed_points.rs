//! SCIENCE.md facts 11 and 14 (fixed points of the modern network), the proven conditions of
//! [P] against simulation, and the landscape: the two-close-one-far preset's three regimes,
//! basins, slices and the speed of the energy grid.

use std::time::Instant;

use hopfield_lab::engine::fixed_points::*;
use hopfield_lab::engine::landscape::*;
use hopfield_lab::engine::math;
use hopfield_lab::engine::{ModernHopfield, PatternSet, SeededRng};
use nalgebra::DMatrix;

fn dist(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f32>()
        .sqrt()
}

fn fixed_points(set: &PatternSet, beta: f32) -> Vec<FixedPoint> {
    let net = ModernHopfield::new(set.clone(), beta).unwrap();
    find_fixed_points(&net, &FixedPointOptions::default(), &mut SeededRng::new(7)).unwrap()
}

/// Fact 11: with β·m_max² < 1 every start reaches the same fixed point (Lemma A3), also for a
/// set whose mean is far from the origin.
#[test]
fn fact11_small_spread_gives_one_fixed_point() {
    for (seed, shift) in [(1u64, 0.0f32), (2, 0.0), (3, 5.0), (4, -3.0)] {
        let mut rng = SeededRng::new(seed);
        let (d, n) = (8, 12);
        let matrix = DMatrix::from_fn(d, n, |_, _| rng.gaussian() + shift);
        let set = PatternSet::from_matrix(matrix).unwrap();
        let beta = 0.99 * global_averaging_beta_limit(&set);
        assert!(global_averaging_condition_holds(&set, beta).unwrap());
        let net = ModernHopfield::new(set.clone(), beta).unwrap();
        let m = set.max_norm();
        let mut ends: Vec<Vec<f32>> = Vec::new();
        for _ in 0..40 {
            let start: Vec<f32> = (0..d)
                .map(|_| 3.0 * m * (2.0 * rng.uniform() - 1.0))
                .collect();
            let traj = net.retrieve(&start, 20_000, 1e-7).unwrap();
            assert!(traj.converged, "seed {seed}: a start did not converge");
            ends.push(traj.final_state().to_vec());
        }
        for x in set.iter() {
            ends.push(
                net.retrieve(x, 20_000, 1e-7)
                    .unwrap()
                    .final_state()
                    .to_vec(),
            );
        }
        let spread = ends.iter().map(|e| dist(e, &ends[0])).fold(0.0, f32::max);
        assert!(spread < 1e-3 * m, "seed {seed}: ends differ by {spread}");
        let found = fixed_points(&set, beta);
        assert_eq!(found.len(), 1, "seed {seed}: {found:?}");
        assert!(dist(&found[0].state, &ends[0]) < 1e-2 * m);
    }
}

/// Fact 14's set: five patterns with mutual cosine 0.98 (indices 0..5) among 45 random ones,
/// all of norm 8, d = 64.
fn cluster_set() -> PatternSet {
    let (d, norm) = (64, 8.0f32);
    let mut rng = SeededRng::new(14);
    // Orthonormal c, u₁..u₅ by Gram–Schmidt of Gaussian vectors.
    let mut basis: Vec<Vec<f32>> = Vec::new();
    while basis.len() < 6 {
        let mut v: Vec<f32> = (0..d).map(|_| rng.gaussian()).collect();
        for b in &basis {
            let along = math::dot(&v, b);
            math::axpy(-along, b, &mut v);
        }
        let n = math::norm(&v);
        basis.push(v.iter().map(|x| x / n).collect());
    }
    let mut columns: Vec<f32> = Vec::new();
    for u in &basis[1..] {
        columns.extend(
            basis[0]
                .iter()
                .zip(u)
                .map(|(c, u)| norm * (0.98f32.sqrt() * c + 0.02f32.sqrt() * u)),
        );
    }
    for _ in 0..45 {
        let v: Vec<f32> = (0..d).map(|_| rng.gaussian()).collect();
        let n = math::norm(&v);
        columns.extend(v.iter().map(|x| norm * x / n));
    }
    PatternSet::from_matrix(DMatrix::from_vec(d, 50, columns)).unwrap()
}

/// Fact 14: β = 0.01 global (k90 ≈ 45 of 50); β = 0.1…1 metastable near the cluster mean
/// (k90 = 5); β ≥ 10 single.
#[test]
fn fact14_cluster_of_five_among_fifty() {
    let set = cluster_set();
    for i in 0..5 {
        for j in 0..i {
            assert!((math::overlap(set.pattern(i), set.pattern(j)) - 0.98).abs() < 1e-4);
        }
    }
    let mut cluster_mean = vec![0.0f32; 64];
    for i in 0..5 {
        math::axpy(0.2, set.pattern(i), &mut cluster_mean);
    }

    let global = fixed_points(&set, 0.01);
    println!(
        "fact 14: β = 0.01: {} fixed point(s), kind {:?}, k90 {}",
        global.len(),
        global[0].kind,
        global[0].k90
    );
    assert_eq!(global.len(), 1);
    assert_eq!(global[0].kind, FixedPointKind::Global);
    assert!((43..=47).contains(&global[0].k90), "k90 {}", global[0].k90);

    for beta in [0.1f32, 0.3, 1.0] {
        let net = ModernHopfield::new(set.clone(), beta).unwrap();
        for i in 0..5 {
            let end = net.retrieve(set.pattern(i), 10_000, 1e-6).unwrap();
            let state = end.final_state();
            let (kind, k90) = classify(&net.weights(state).unwrap());
            if i == 0 {
                println!(
                    "fact 14: β = {beta}: from a cluster member → {kind:?}, k90 {k90}, ‖ξ* − cluster mean‖ = {:.3}",
                    dist(state, &cluster_mean)
                );
            }
            assert_eq!(
                (kind, k90),
                (FixedPointKind::Metastable, 5),
                "β {beta}, start {i}"
            );
            assert!(
                dist(state, &cluster_mean) < 0.5,
                "β {beta}: {}",
                dist(state, &cluster_mean)
            );
        }
    }

    for beta in [10.0f32, 100.0] {
        let found = fixed_points(&set, beta);
        println!(
            "fact 14: β = {beta}: {} fixed points, all single: {}",
            found.len(),
            found.iter().all(|f| f.kind == FixedPointKind::Single)
        );
        assert_eq!(found.len(), 50);
        assert!(
            found
                .iter()
                .all(|f| f.kind == FixedPointKind::Single && f.k90 == 1)
        );
        for i in 0..5 {
            assert!(
                found.iter().any(|f| dist(&f.state, set.pattern(i)) < 0.1),
                "β {beta}: pattern {i}"
            );
        }
    }
}

/// The two-close-one-far preset shows the three regimes as β goes from 0.01 to 1000.
#[test]
fn two_close_one_far_has_three_regimes() {
    let set = Preset::TwoCloseOneFar.patterns().unwrap();

    let global = fixed_points(&set, 0.01);
    assert_eq!(global.len(), 1, "{global:?}");
    assert_eq!(global[0].kind, FixedPointKind::Global);
    assert!(dist(&global[0].state, set.mean().as_slice()) < 0.05);

    for beta in [1.0f32, 3.0] {
        let found = fixed_points(&set, beta);
        assert_eq!(found.len(), 2, "β {beta}: {found:?}");
        let meta = &found[0];
        assert_eq!(
            (meta.kind, meta.k90),
            (FixedPointKind::Metastable, 2),
            "β {beta}"
        );
        assert!(
            meta.weights[0] + meta.weights[1] > 0.95,
            "β {beta}: {:?}",
            meta.weights
        );
        let single = &found[1];
        assert_eq!(single.kind, FixedPointKind::Single);
        assert!(dist(&single.state, set.pattern(2)) < 0.05, "β {beta}");
    }

    let singles = fixed_points(&set, 1000.0);
    assert_eq!(singles.len(), 3, "{singles:?}");
    for (i, x) in set.iter().enumerate() {
        assert!(
            singles
                .iter()
                .any(|f| f.kind == FixedPointKind::Single && dist(&f.state, x) < 1e-3),
            "pattern {i}"
        );
    }
}

/// The global fixed point is unique (Lemma A3): at β = 0.5 two-close-one-far has the pair's
/// average (k90 = 2 of 3) beside the far point, and neither is called global; over a sweep of
/// every preset, a β with more than one stable point never has a global one.
#[test]
fn a_search_that_finds_two_stable_points_never_returns_global() {
    let set = Preset::TwoCloseOneFar.patterns().unwrap();
    let found = fixed_points(&set, 0.5);
    let kinds: Vec<_> = found.iter().map(|f| (f.kind, f.k90)).collect();
    assert_eq!(
        kinds,
        [(FixedPointKind::Metastable, 2), (FixedPointKind::Single, 1)],
        "{found:?}"
    );
    let betas = log_grid(0.01, 1000.0, 40).unwrap();
    for preset in Preset::FIXED
        .into_iter()
        .chain([Preset::Random { seed: 3 }])
    {
        let set = preset.patterns().unwrap();
        let sweep = beta_sweep(&set, &betas, &FixedPointOptions::default(), 7).unwrap();
        for (beta, points) in sweep {
            let globals = points
                .iter()
                .filter(|f| f.kind == FixedPointKind::Global)
                .count();
            assert!(
                globals == 0 || points.len() == 1,
                "{} at β = {beta}: {points:?}",
                preset.name()
            );
        }
        // …while a lone near-uniform point at small β is still the global one.
        let first = &fixed_points(&set, 0.01)[0];
        assert_eq!(first.kind, FixedPointKind::Global, "{}", preset.name());
    }
}

/// The sweep is deterministic and its columns do not depend on the rest of the grid.
#[test]
fn beta_sweep_is_reproducible() {
    let set = Preset::TwoClusters.patterns().unwrap();
    let options = FixedPointOptions::default();
    let betas = log_grid(0.01, 1000.0, 13).unwrap();
    let a = beta_sweep(&set, &betas, &options, 3).unwrap();
    let b = beta_sweep(&set, &betas[6..7], &options, 3).unwrap();
    assert_eq!(a[6], b[0]);
    assert_eq!(a[0].1.len(), 1);
    assert_eq!(a[12].1.len(), 6);
    let axis = Axis::of(&set);
    for (_, points) in &a {
        for pair in points.windows(2) {
            assert!(
                pair[0].kind < pair[1].kind
                    || axis.coordinate(&pair[0].state) <= axis.coordinate(&pair[1].state)
            );
        }
    }
    assert!(beta_sweep(&set, &[], &options, 3).is_err());
    assert!(beta_sweep(&set, &[0.0], &options, 3).is_err());
}

/// Lemmas A5–A7 are sufficient: where they hold, simulation finds a single fixed point within
/// the ball of radius 1/(βNM) around the pattern.
#[test]
fn single_pattern_lemma_agrees_with_simulation() {
    let set = Preset::ThreeSeparated.patterns().unwrap();
    let beta = single_pattern_min_beta(&set, 0)
        .unwrap()
        .expect("the condition holds at some β");
    assert!(single_pattern_condition_holds(&set, 0, beta).unwrap());
    let net = ModernHopfield::new(set.clone(), beta).unwrap();
    let end = net.retrieve(set.pattern(0), 1000, 1e-7).unwrap();
    let radius = single_pattern_radius(&set, beta).unwrap();
    assert!(
        dist(end.final_state(), set.pattern(0)) <= radius,
        "β {beta}"
    );
    assert_eq!(
        classify(&net.weights(end.final_state()).unwrap()).0,
        FixedPointKind::Single
    );
    // The lemma is conservative: simulation is single already below its β.
    let onset = log_grid(0.01, beta, 40)
        .unwrap()
        .into_iter()
        .find(|&b| {
            let found = fixed_points(&set, b);
            found.len() == 3 && found.iter().all(|f| f.kind == FixedPointKind::Single)
        })
        .unwrap();
    println!(
        "three-separated: lemma A5–A7 guarantees single from β = {beta:.3}; seen from β = {onset:.3}"
    );
    assert!(onset < beta);
}

/// Basins at large β: the grid cell holding each pattern of three separated points lands in
/// that pattern's basin.
#[test]
fn basins_of_three_separated_points() {
    let set = Preset::ThreeSeparated.patterns().unwrap();
    let net = ModernHopfield::new(set.clone(), 100.0).unwrap();
    let found =
        find_fixed_points(&net, &FixedPointOptions::default(), &mut SeededRng::new(1)).unwrap();
    assert_eq!(found.len(), 3);
    let (xr, yr) = view_ranges(&set).unwrap();
    let (w, h) = (120, 100);
    let labels = basins(&net, &found, xr, yr, w, h, 500).unwrap();
    assert_eq!(labels.len(), w * h);
    let grid = Grid::new(xr, yr, w, h).unwrap();
    for x in set.iter() {
        let cell = grid.cell_of(x[0], x[1]).unwrap();
        let label = labels[cell].expect("the start next to a pattern converges");
        assert!(dist(&found[label].state, x) < 1e-3);
    }
    let labelled = labels.iter().filter(|l| l.is_some()).count();
    assert!(labelled > w * h * 9 / 10, "{labelled} of {}", w * h);
}

/// A slice through three patterns of a high-dimensional set shows each pattern as a low point
/// at large β, and its grid agrees with the network's own energy.
#[test]
fn plane_slice_through_three_patterns() {
    let set = PatternSet::random_binary(64, 10, &mut SeededRng::new(5)).unwrap();
    let net = ModernHopfield::new(set.clone(), 1.0).unwrap();
    let plane = Plane::through(set.pattern(0), set.pattern(1), set.pattern(2)).unwrap();
    let grid = Grid::new((-4.0, 16.0), (-4.0, 16.0), 40, 40).unwrap();
    let values = energy_grid_on_plane(&net, &plane, &grid).unwrap();
    for &(col, row) in &[(0, 0), (13, 27), (39, 39)] {
        let (u, v) = grid.point(col, row);
        let e = net.energy(&plane.point(u, v)).unwrap();
        let g = values[row * 40 + col];
        assert!((g - e).abs() <= 1e-4 * e.abs().max(1.0), "{g} vs {e}");
    }
    let along = energy_along_segment(&net, set.pattern(0), set.pattern(1), 21).unwrap();
    assert!(
        along[10] > along[0] + 1.0 && along[10] > along[20] + 1.0,
        "{along:?}"
    );
    let bad = ModernHopfield::new(set.clone(), 1.0).unwrap();
    assert!(energy_grid(&bad, (0.0, 1.0), (0.0, 1.0), 10, 10).is_err());
}

/// The 2-D landscape must redraw while β is dragged: a 200×200 grid with 16 patterns in well
/// under a 16 ms frame (best of several runs, so a busy machine does not fail the test).
#[test]
fn energy_grid_is_fast() {
    let mut rng = SeededRng::new(9);
    let rows: Vec<Vec<f32>> = (0..16)
        .map(|_| vec![2.0 * rng.gaussian(), 2.0 * rng.gaussian()])
        .collect();
    let set = PatternSet::from_rows(&rows).unwrap();
    let (xr, yr) = view_ranges(&set).unwrap();
    for beta in [0.01f32, 1.0, 100.0] {
        let net = ModernHopfield::new(set.clone(), beta).unwrap();
        let mut best = f64::INFINITY;
        for _ in 0..7 {
            let start = Instant::now();
            let values = energy_grid(&net, xr, yr, 200, 200).unwrap();
            best = best.min(start.elapsed().as_secs_f64());
            assert!(values.iter().all(|v| v.is_finite()));
        }
        println!(
            "energy grid 200×200, N = 16, β = {beta}: best {:.2} ms",
            best * 1e3
        );
        assert!(best < 0.016, "β {beta}: {best} s");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// No panic and finite output from the search and the landscape for any finite 2-D set and
    /// β in [1e-4, 1e4].
    #[test]
    fn search_and_landscape_never_panic(
        points in proptest::collection::vec((-50.0f32..50.0, -50.0f32..50.0), 1..8),
        log_beta in (1e-4f32).ln()..(1e4f32).ln(),
    ) {
        let rows: Vec<Vec<f32>> = points.iter().map(|&(x, y)| vec![x, y]).collect();
        let set = PatternSet::from_rows(&rows).unwrap();
        let net = ModernHopfield::new(set.clone(), log_beta.exp()).unwrap();
        let options = FixedPointOptions { max_steps: 300, random_starts: 4, ..Default::default() };
        let found = find_fixed_points(&net, &options, &mut SeededRng::new(1)).unwrap();
        for fp in &found {
            proptest::prop_assert!(fp.state.iter().chain(&fp.weights).all(|v| v.is_finite()));
            proptest::prop_assert!(fp.energy.is_finite());
        }
        let (xr, yr) = view_ranges(&set).unwrap();
        let grid = energy_grid(&net, xr, yr, 16, 12).unwrap();
        proptest::prop_assert!(grid.iter().all(|v| v.is_finite()));
        let labels = basins(&net, &found, xr, yr, 8, 6, 50).unwrap();
        proptest::prop_assert!(labels.iter().flatten().all(|&k| k < found.len()));
    }
}
