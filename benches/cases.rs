//! The benchmark cases of issue 9, built once and shared by the native criterion benchmark
//! (`benches/engine.rs`) and the browser benchmark (`tests/wasm_bench.rs`), so that the
//! wasm/native ratios compare exactly the same work. Ids match `benches/reference.py`.

use std::hint::black_box;

use hopfield_lab::engine::classic::{ClassicHopfield, LearningRule};
use hopfield_lab::engine::dense::{DenseHopfield, Interaction};
use hopfield_lab::engine::landscape::energy_grid;
use hopfield_lab::engine::transformer::{TrainConfig, Trainer};
use hopfield_lab::engine::{ModernHopfield, PatternSet, SeededRng};
use hopfield_lab::lab::capacity::Preset;

/// One timed case: an id and the work of one iteration (set-up already done).
pub struct Case {
    pub id: String,
    pub run: Box<dyn FnMut()>,
}

impl Case {
    pub fn new(id: impl Into<String>, run: impl FnMut() + 'static) -> Self {
        Self {
            id: id.into(),
            run: Box::new(run),
        }
    }
}

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

/// The modern update's network (`n` Gaussian patterns of norm √d, β = 1/√d) and query:
/// shared with the TF.js benchmark (`tests/browser_bench/tfjs.rs`), which runs the same
/// update on the same numbers.
pub fn modern_inputs(d: usize, n: usize) -> (ModernHopfield, Vec<f32>) {
    let mut rng = SeededRng::new(1);
    let set = PatternSet::random_gaussian(d, n, true, &mut rng).unwrap();
    let net = ModernHopfield::new(set, 1.0 / (d as f32).sqrt()).unwrap();
    let query = gaussian(d, &mut rng);
    (net, query)
}

/// One modern update ξ ← X softmax(β Xᵀξ) at β = 1/√d.
fn modern(id: &str, d: usize, n: usize) -> Case {
    let (net, query) = modern_inputs(d, n);
    Case::new(id, move || {
        black_box(net.update(black_box(&query)).unwrap());
    })
}

/// A synchronous classic step at d = 4096, by the given rule with `n` patterns.
fn classic(id: &str, rule: LearningRule, n: usize, low_rank: bool) -> Case {
    let d = 4096;
    let mut rng = SeededRng::new(2);
    let set = PatternSet::random_binary(d, n, &mut rng).unwrap();
    let net = ClassicHopfield::new(&set, rule).unwrap();
    assert_eq!(net.is_low_rank(), low_rank, "{id}: wrong weight path");
    let query = corrupted(&set, 0, d / 10);
    Case::new(id, move || {
        black_box(net.sync_step(black_box(&query)).unwrap());
    })
}

/// One asynchronous sweep of the dense exponential model, 20 % of the bits wrong.
fn dense() -> Case {
    let (d, n) = (1024, 2000);
    let mut rng = SeededRng::new(3);
    let set = PatternSet::random_binary(d, n, &mut rng).unwrap();
    let net = DenseHopfield::new(&set, Interaction::Exponential { beta: 0.05 }).unwrap();
    let query = corrupted(&set, 0, d / 5);
    Case::new("dense_exp_sweep_d1024_n2000", move || {
        let mut order_rng = SeededRng::new(4);
        black_box(net.retrieve(black_box(&query), 1, &mut order_rng).unwrap());
    })
}

/// The energy grid's rectangle (x and y range) and its side in cells.
pub const GRID_RANGE: (f32, f32) = (-3.0, 3.0);
pub const GRID_SIDE: usize = 200;

/// The energy grid's network: 16 Gaussian patterns in the plane, β = 2 (shared with the
/// TF.js benchmark, as [`modern_inputs`]).
pub fn landscape_net() -> ModernHopfield {
    let mut rng = SeededRng::new(5);
    let set = PatternSet::random_gaussian(2, 16, false, &mut rng).unwrap();
    ModernHopfield::new(set, 2.0).unwrap()
}

/// The landscape view's recompute: E over a 200×200 grid with 16 patterns in the plane.
fn landscape() -> Case {
    let net = landscape_net();
    Case::new("energy_grid_200x200_n16", move || {
        black_box(
            energy_grid(
                &net,
                black_box(GRID_RANGE),
                GRID_RANGE,
                GRID_SIDE,
                GRID_SIDE,
            )
            .unwrap(),
        );
    })
}

/// The engine cases that have a NumPy twin in `benches/reference.py`.
pub fn engine_cases() -> Vec<Case> {
    vec![
        modern("modern_update_d4096_n1024", 4096, 1024),
        modern("modern_update_d64_n20000", 64, 20_000),
        // Hebbian with 2N < d: the W-free path h = (X(Xᵀs) − N s)/d.
        classic(
            "classic_sync_lowrank_d4096_n400",
            LearningRule::Hebbian,
            400,
            true,
        ),
        // The full d×d matrix path (h = W s): Storkey always builds W, and a few patterns keep
        // the O(N d²) learning in the set-up short; the step costs the same for any rule.
        classic(
            "classic_sync_full_w_d4096",
            LearningRule::Storkey,
            16,
            false,
        ),
        dense(),
        landscape(),
    ]
}

/// Each capacity-lab preset run to the end exactly as the lab runs it (every model of the
/// preset, every N, every trial): the time a lecturer waits for the curve.
pub fn capacity_preset_cases() -> Vec<Case> {
    Preset::ALL
        .iter()
        .map(|preset| {
            let jobs = preset.settings().jobs().unwrap();
            Case::new(format!("capacity_preset_{}", preset.slug()), move || {
                for job in &jobs {
                    let mut run = job.start().unwrap();
                    let total = job.config.total_trials();
                    black_box(run.step(total).unwrap());
                }
            })
        })
        .collect()
}

/// One training step of the learning view's default run (`TrainConfig::default()`, the
/// `?view=learn` form's and `hopfield train`'s): a batch drawn, forward, backward and Adam.
/// Every call steps a copy of the fresh run, so each times the same step 0 (training makes
/// attention sharper and the backward pass skips exact zeros, so a later step can cost less);
/// the copy (a few tens of KB) is noise beside the step. `benches/torch_reference.py` times
/// the same model in PyTorch.
pub fn train_step_case() -> Case {
    let fresh = Trainer::new(&TrainConfig::default()).unwrap();
    Case::new("train-step", move || {
        let mut run = fresh.clone();
        black_box(run.step().unwrap());
    })
}
