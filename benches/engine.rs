//! Engine benchmarks (issue 9). Each case has a twin in `benches/reference.py` doing the same
//! arithmetic in NumPy (float32 unless the engine uses f64); `scripts/bench.sh` runs both and
//! prints engine/NumPy ratios. Case ids must match the keys of the NumPy script's JSON.
//!
//! Run: `cargo bench --bench engine` (or `make bench` for the table).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hopfield_lab::engine::capacity::{self, CapacityConfig};
use hopfield_lab::engine::classic::{ClassicHopfield, LearningRule, UpdateMode};
use hopfield_lab::engine::dense::{DenseHopfield, Interaction};
use hopfield_lab::engine::landscape::energy_grid;
use hopfield_lab::engine::model::ModelSpec;
use hopfield_lab::engine::{ModernHopfield, PatternSet, SeededRng};

/// A random Gaussian query of dimension `d` (not a stored pattern, so every softmax weight is
/// far from 0 at β = 1/√d and no work can be skipped).
fn gaussian(d: usize, rng: &mut SeededRng) -> Vec<f32> {
    (0..d).map(|_| rng.gaussian()).collect()
}

/// Pattern `mu` of `set` with the first `flips` entries negated.
fn corrupted(set: &PatternSet, mu: usize, flips: usize) -> Vec<f32> {
    let mut q = set.pattern(mu).to_vec();
    q[..flips].iter_mut().for_each(|v| *v = -*v);
    q
}

fn modern(c: &mut Criterion, id: &str, d: usize, n: usize) {
    let mut rng = SeededRng::new(1);
    let set = PatternSet::random_gaussian(d, n, true, &mut rng).unwrap();
    let net = ModernHopfield::new(set, 1.0 / (d as f32).sqrt()).unwrap();
    let query = gaussian(d, &mut rng);
    c.bench_function(id, |b| b.iter(|| net.update(black_box(&query)).unwrap()));
}

fn classic(c: &mut Criterion) {
    let d = 4096;
    let mut rng = SeededRng::new(2);
    // Hebbian with 2N < d: the W-free path h = (X(Xᵀs) − N s)/d.
    let set = PatternSet::random_binary(d, 400, &mut rng).unwrap();
    let net = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
    assert!(net.is_low_rank());
    let query = corrupted(&set, 0, d / 10);
    c.bench_function("classic_sync_lowrank_d4096_n400", |b| {
        b.iter(|| net.sync_step(black_box(&query)).unwrap())
    });
    // The full d×d matrix path (h = W s): Storkey always builds W, and a few patterns keep
    // the O(N d²) learning in the setup short; the step costs the same for any rule.
    let set = PatternSet::random_binary(d, 16, &mut rng).unwrap();
    let net = ClassicHopfield::new(&set, LearningRule::Storkey).unwrap();
    assert!(!net.is_low_rank());
    let query = corrupted(&set, 0, d / 10);
    c.bench_function("classic_sync_full_w_d4096", |b| {
        b.iter(|| net.sync_step(black_box(&query)).unwrap())
    });
}

fn dense(c: &mut Criterion) {
    let (d, n) = (1024, 2000);
    let mut rng = SeededRng::new(3);
    let set = PatternSet::random_binary(d, n, &mut rng).unwrap();
    let net = DenseHopfield::new(&set, Interaction::Exponential { beta: 0.05 }).unwrap();
    // 20 % wrong bits: the sweep flips about d/5 neurons back.
    let query = corrupted(&set, 0, d / 5);
    c.bench_function("dense_exp_sweep_d1024_n2000", |b| {
        b.iter(|| {
            let mut order_rng = SeededRng::new(4);
            net.retrieve(black_box(&query), 1, &mut order_rng).unwrap()
        })
    });
}

fn landscape(c: &mut Criterion) {
    let mut rng = SeededRng::new(5);
    let set = PatternSet::random_gaussian(2, 16, false, &mut rng).unwrap();
    let net = ModernHopfield::new(set, 2.0).unwrap();
    c.bench_function("energy_grid_200x200_n16", |b| {
        b.iter(|| energy_grid(&net, black_box((-3.0, 3.0)), (-3.0, 3.0), 200, 200).unwrap())
    });
}

/// A whole capacity run (the capacity lab's "classic breaks" preset at 10 trials per N): no
/// NumPy twin, reported by criterion only.
fn capacity_run(c: &mut Criterion) {
    let config = CapacityConfig {
        spec: ModelSpec::Classic {
            rule: LearningRule::Hebbian,
            update: UpdateMode::Async,
        },
        dim: 200,
        counts: (10..=60).step_by(5).collect(),
        trials: 10,
        flip: 0.1,
        criterion: capacity::Criterion::Overlap(0.95),
        seed: 1,
        max_steps: 100,
    };
    c.bench_function("capacity_classic_d200_n10to60_t10", |b| {
        b.iter(|| capacity::run_to_end(black_box(config.clone())).unwrap())
    });
}

fn cases(c: &mut Criterion) {
    modern(c, "modern_update_d4096_n1024", 4096, 1024);
    modern(c, "modern_update_d64_n20000", 64, 20_000);
    classic(c);
    dense(c);
    landscape(c);
    capacity_run(c);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = cases
}
criterion_main!(benches);
