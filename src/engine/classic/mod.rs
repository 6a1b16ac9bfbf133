//! The classical binary Hopfield network: states s ∈ {−1, +1}^d, weights from a learning rule
//! (Hebbian, Storkey or pseudo-inverse, zero diagonal), local field h = W s, energy
//! E = −½ sᵀWs, sgn(0) keeping the current value; synchronous steps or asynchronous sweeps in
//! a random order from the seed. The Hebbian rule with N < d/2 never builds W: h = (X(Xᵀs) − N s)/d
//! costs O(dN) instead of O(d²).

mod hebbian;
mod learn;
mod rules;
mod run;

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

pub use learn::ClassicLearner;
pub use rules::{MAX_PSEUDO_INVERSE_COUNT, MAX_WEIGHT_DIM};
pub(crate) use run::{
    AsyncNet, AsyncRun, binarise_set, check_sweeps, run_async, transposed_rows, unstable_count,
};
pub use run::{BinaryRun, MAX_SWEEPS, Sweep, binarise, binarise_patterns, binarise_value};

use super::error::Result;
use super::math;
use super::patterns::PatternSet;
use super::rng::SeededRng;
use super::trajectory::Trajectory;

/// How the weights are learned from the stored patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LearningRule {
    /// W = (1/d) Σ x xᵀ, diagonal 0: the textbook rule, capacity ≈ 0.138·d.
    Hebbian,
    /// Storkey's incremental rule: local, and with a larger capacity than Hebbian.
    Storkey,
    /// W = X (XᵀX)⁺ Xᵀ, diagonal 0: projection rule, stores up to d independent patterns.
    PseudoInverse,
}

/// Which neurons update together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UpdateMode {
    /// All neurons at once; reaches a fixed point or a 2-cycle.
    Sync,
    /// One neuron at a time in a random order per sweep; never raises E, always converges.
    Async,
}

/// How the local field is computed.
#[derive(Debug, Clone)]
enum Weights {
    /// Hebbian without W: the rows of Xᵀ (d rows of length N), h_j = (row_jᵀ m − N s_j)/d with
    /// m = Xᵀs.
    LowRank { rows: Vec<f32> },
    /// The pseudo-inverse with N ≤ d as factors ([`rules::projection_factors`]): `rows` = Xᵀ
    /// (d rows of N), `coef` = X G⁺ (d rows of N), `diag` = W's diagonal;
    /// h_j = row_jᵀ (G⁺Xᵀs) − diag_j s_j.
    Projection {
        rows: Vec<f32>,
        coef: Vec<f32>,
        diag: Vec<f32>,
    },
    /// The full d×d matrix, row-major; the field is `scale`·W s.
    Full { w: Vec<f32> },
}

/// A classical Hopfield network over ±1 versions of the stored patterns.
#[derive(Debug, Clone)]
pub struct ClassicHopfield {
    patterns: PatternSet,
    rule: LearningRule,
    weights: Weights,
    /// 1/d for Hebbian (W is stored as integers so ties are exact), 1 otherwise.
    scale: f32,
}

/// What the asynchronous dynamics keep up to date across flips.
#[derive(Debug, Clone)]
pub(crate) enum Scratch {
    /// Overlaps m = Xᵀs (exact integers in f32).
    LowRank { m: Vec<f32> },
    /// m = Xᵀs and c = G⁺Xᵀs, the pseudo-inverse's coefficients of s in the patterns.
    Projection { m: Vec<f32>, c: Vec<f32> },
    /// Unscaled local fields W s.
    Full { h: Vec<f32> },
}

impl ClassicHopfield {
    /// Learns weights from `patterns` (binarised first: sign, 0 → +1) with `rule`.
    pub fn new(patterns: &PatternSet, rule: LearningRule) -> Result<Self> {
        Self::build(patterns, rule, false)
    }

    fn build(patterns: &PatternSet, rule: LearningRule, force_full: bool) -> Result<Self> {
        ClassicLearner::with_layout(binarise_patterns(patterns), rule, force_full)?.finish()
    }

    /// Dimension d.
    pub fn dim(&self) -> usize {
        self.patterns.dim()
    }

    /// Number of stored patterns N.
    pub fn count(&self) -> usize {
        self.patterns.count()
    }

    /// The learning rule the weights came from.
    pub fn rule(&self) -> LearningRule {
        self.rule
    }

    /// The stored patterns as the network sees them (±1).
    pub fn patterns(&self) -> &PatternSet {
        &self.patterns
    }

    /// Whether the network runs without a d×d matrix (the Hebbian fast path, or the
    /// pseudo-inverse with N ≤ d), at O(dN) a field.
    pub fn is_low_rank(&self) -> bool {
        !matches!(self.weights, Weights::Full { .. })
    }

    /// The weight matrix W (zero diagonal), built on demand for the fast path; for display.
    pub fn weight_matrix(&self) -> Result<DMatrix<f32>> {
        let d = self.dim();
        rules::check_weight_dim(d)?;
        let w = match &self.weights {
            Weights::Full { w } => w.clone(),
            Weights::LowRank { .. } => rules::hebbian_unscaled(&self.patterns),
            Weights::Projection { .. } => rules::pseudo_inverse(&self.patterns)?,
        };
        Ok(DMatrix::from_row_slice(d, d, &w) * self.scale)
    }

    /// The local fields h = W s of `state` (binarised first).
    pub fn local_fields(&self, state: &[f32]) -> Result<Vec<f32>> {
        let s = self.checked(state)?;
        let mut h = vec![0.0; self.dim()];
        self.raw_fields_into(&s, &mut h);
        Ok(h.iter().map(|v| v * self.scale).collect())
    }

    /// The energy E = −½ sᵀWs of `state` (binarised first).
    pub fn energy(&self, state: &[f32]) -> Result<f32> {
        let s = self.checked(state)?;
        Ok(AsyncNet::energy(self, &self.scratch(&s), &s))
    }

    /// One synchronous update of every neuron (sgn(0) keeps the value).
    pub fn sync_step(&self, state: &[f32]) -> Result<Vec<f32>> {
        let s = self.checked(state)?;
        let mut h = vec![0.0; self.dim()];
        Ok(self.sync_next(&s, &mut h))
    }

    /// How many neurons an update would change; 0 means `state` is a fixed point.
    pub fn unstable_count(&self, state: &[f32]) -> Result<usize> {
        let s = self.checked(state)?;
        Ok(unstable_count(self, &s))
    }

    /// Whether `state` (binarised) is a fixed point of the dynamics.
    pub fn is_fixed_point(&self, state: &[f32]) -> Result<bool> {
        Ok(self.unstable_count(state)? == 0)
    }

    /// Retrieval from `query` (binarised: sign, 0 → +1): up to `max_sweeps` sweeps
    /// (asynchronous) or steps (synchronous), recording every state and energy, and for
    /// asynchronous runs every neuron visit. Synchronous runs stop on a 2-cycle (`cycle`).
    pub fn retrieve(
        &self,
        query: &[f32],
        mode: UpdateMode,
        max_sweeps: usize,
        rng: &mut SeededRng,
    ) -> Result<BinaryRun> {
        check_sweeps(max_sweeps)?;
        let q = self.checked(query)?;
        Ok(match mode {
            UpdateMode::Async => run_async(self, &q, max_sweeps, rng),
            UpdateMode::Sync => self.run_sync(&q, max_sweeps),
        })
    }

    /// `state` checked against the patterns and binarised.
    pub(crate) fn checked(&self, state: &[f32]) -> Result<Vec<f32>> {
        self.patterns.check_query(state)?;
        Ok(binarise(state))
    }

    /// Unscaled fields of the ±1 `s` into `out`.
    fn raw_fields_into(&self, s: &[f32], out: &mut [f32]) {
        match &self.weights {
            Weights::Full { w } => math::dots_into(w, s, out),
            // h = X(Xᵀs) − N s in one pass over the patterns: each overlap mᵢ = xᵢᵀs is added
            // as mᵢxᵢ while xᵢ is still in the cache. The terms are integers and every partial
            // sum is at most Σ|mᵢ| ≤ N·d ≤ 2²⁴ (MAX_ENTRIES), so the sums are exact in any order.
            Weights::LowRank { .. } => {
                out.fill(0.0);
                math::add_weighted(self.patterns.iter().map(|x| (math::dot(x, s), x)), out);
                let n = self.count() as f32;
                for (hi, &sj) in out.iter_mut().zip(s) {
                    *hi -= n * sj;
                }
            }
            Weights::Projection { .. } => {
                let scratch = self.scratch(s);
                for (j, hj) in out.iter_mut().enumerate() {
                    *hj = AsyncNet::drive(self, &scratch, s, j) as f32;
                }
            }
        }
    }

    fn sync_next(&self, s: &[f32], h: &mut [f32]) -> Vec<f32> {
        self.raw_fields_into(s, h);
        s.iter()
            .zip(h.iter())
            .map(|(&si, &hi)| run::updated(si, hi as f64))
            .collect()
    }

    fn run_sync(&self, query: &[f32], max_steps: usize) -> BinaryRun {
        let mut run = SyncRun::new(self, query, max_steps);
        while run.step(self) {}
        run.finish()
    }
}

/// A synchronous retrieval in progress, one step at a time (a long retrieval can be spread
/// over several slices of the main thread); it stops at a fixed point or on a 2-cycle.
#[derive(Debug, Clone)]
pub(crate) struct SyncRun {
    h: Vec<f32>,
    run: BinaryRun,
    max_steps: usize,
    done: bool,
}

impl SyncRun {
    /// The run at the ±1 `query`, before the first of at most `max_steps` steps.
    pub(crate) fn new(net: &ClassicHopfield, query: &[f32], max_steps: usize) -> Self {
        Self {
            h: vec![0.0; net.dim()],
            run: BinaryRun {
                trajectory: Trajectory {
                    states: vec![query.to_vec()],
                    energies: vec![Self::energy(net, query)],
                    weights: Vec::new(),
                    converged: false,
                },
                sweeps: Vec::new(),
                cycle: false,
            },
            max_steps,
            done: false,
        }
    }

    fn energy(net: &ClassicHopfield, s: &[f32]) -> f32 {
        AsyncNet::energy(net, &net.scratch(s), s)
    }

    /// One synchronous step; false (doing nothing) once the run reached a fixed point, a
    /// 2-cycle or `max_steps` steps.
    pub(crate) fn step(&mut self, net: &ClassicHopfield) -> bool {
        if self.done || self.run.trajectory.steps() >= self.max_steps {
            return false;
        }
        let traj = &mut self.run.trajectory;
        let next = net.sync_next(traj.final_state(), &mut self.h);
        if next == traj.final_state() {
            traj.converged = true;
            self.done = true;
            return false;
        }
        let len = traj.states.len();
        self.run.cycle = len >= 2 && next == traj.states[len - 2];
        traj.energies.push(Self::energy(net, &next));
        traj.states.push(next);
        self.done = self.run.cycle;
        !self.done
    }

    /// The record of the run so far.
    pub(crate) fn finish(self) -> BinaryRun {
        self.run
    }
}

impl AsyncNet for ClassicHopfield {
    type Scratch = Scratch;

    fn dim(&self) -> usize {
        self.patterns.dim()
    }

    fn scratch(&self, state: &[f32]) -> Scratch {
        match &self.weights {
            Weights::LowRank { .. } => Scratch::LowRank {
                m: self.patterns.iter().map(|x| math::dot(x, state)).collect(),
            },
            Weights::Projection { coef, .. } => {
                let n = self.count();
                let mut c = vec![0.0; n];
                math::add_weighted(
                    state
                        .iter()
                        .zip(coef.chunks_exact(n))
                        .map(|(&s, row)| (s, row)),
                    &mut c,
                );
                Scratch::Projection {
                    m: self.patterns.iter().map(|x| math::dot(x, state)).collect(),
                    c,
                }
            }
            Weights::Full { .. } => {
                let mut h = vec![0.0; self.dim()];
                self.raw_fields_into(state, &mut h);
                Scratch::Full { h }
            }
        }
    }

    fn drive(&self, scratch: &Scratch, state: &[f32], j: usize) -> f64 {
        match (scratch, &self.weights) {
            (Scratch::LowRank { m }, Weights::LowRank { rows }) => {
                let n = m.len();
                (math::dot(&rows[j * n..(j + 1) * n], m) - n as f32 * state[j]) as f64
            }
            (Scratch::Projection { c, .. }, Weights::Projection { rows, diag, .. }) => {
                let n = c.len();
                (math::dot(&rows[j * n..(j + 1) * n], c) - diag[j] * state[j]) as f64
            }
            (Scratch::Full { h }, _) => h[j] as f64,
            // Scratches are only ever built by `scratch`, which matches the weights.
            _ => 0.0,
        }
    }

    fn flipped(&self, scratch: &mut Scratch, state: &[f32], j: usize) -> f32 {
        let two_s = 2.0 * state[j];
        match (&mut *scratch, &self.weights) {
            (Scratch::LowRank { m }, Weights::LowRank { rows }) => {
                let n = m.len();
                math::axpy(two_s, &rows[j * n..(j + 1) * n], m);
            }
            (Scratch::Projection { m, c }, Weights::Projection { rows, coef, .. }) => {
                let n = m.len();
                math::axpy(two_s, &rows[j * n..(j + 1) * n], m);
                math::axpy(two_s, &coef[j * n..(j + 1) * n], c);
            }
            (Scratch::Full { h }, Weights::Full { w }) => {
                // W is symmetric, so column j is row j.
                let d = h.len();
                math::axpy(two_s, &w[j * d..(j + 1) * d], h);
            }
            _ => {}
        }
        AsyncNet::energy(self, scratch, state)
    }

    fn energy(&self, scratch: &Scratch, state: &[f32]) -> f32 {
        match scratch {
            // sᵀ(XXᵀ − N I)s = Σ m² − N d (±1 patterns have N on the diagonal of XXᵀ).
            Scratch::LowRank { m } => {
                let sum_sq: f64 = m.iter().map(|&v| (v as f64) * (v as f64)).sum();
                let nd = (self.count() * self.dim()) as f64;
                (-0.5 * (sum_sq - nd) * self.scale as f64) as f32
            }
            // sᵀ(P − D)s = (Xᵀs)ᵀ(G⁺Xᵀs) − Σ diag (s_j² = 1).
            Scratch::Projection { m, c } => {
                let mc: f64 = m.iter().zip(c).map(|(&a, &b)| (a * b) as f64).sum();
                let trace: f64 = match &self.weights {
                    Weights::Projection { diag, .. } => diag.iter().map(|&v| v as f64).sum(),
                    _ => 0.0,
                };
                (-0.5 * (mc - trace)) as f32
            }
            Scratch::Full { h } => {
                let sh: f64 = state.iter().zip(h).map(|(&s, &v)| (s * v) as f64).sum();
                (-0.5 * sh * self.scale as f64) as f32
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_matches_the_full_matrix() {
        let set = PatternSet::random_binary(40, 5, &mut SeededRng::new(1)).unwrap();
        let fast = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
        let full = ClassicHopfield::build(&set, LearningRule::Hebbian, true).unwrap();
        assert!(fast.is_low_rank() && !full.is_low_rank());
        let mut rng = SeededRng::new(2);
        for _ in 0..20 {
            let s = rng.signs(40);
            assert_eq!(
                fast.local_fields(&s).unwrap(),
                full.local_fields(&s).unwrap()
            );
            assert_eq!(fast.energy(&s).unwrap(), full.energy(&s).unwrap());
            assert_eq!(fast.sync_step(&s).unwrap(), full.sync_step(&s).unwrap());
            let a = fast
                .retrieve(&s, UpdateMode::Async, 50, &mut SeededRng::new(3))
                .unwrap();
            let b = full
                .retrieve(&s, UpdateMode::Async, 50, &mut SeededRng::new(3))
                .unwrap();
            assert_eq!(a, b);
        }
        let w = fast.weight_matrix().unwrap();
        assert_eq!(w, full.weight_matrix().unwrap());
        assert_eq!(w[(0, 0)], 0.0);
    }

    #[test]
    fn pseudo_inverse_factors_match_the_full_matrix() {
        // Issue 16.8: the pseudo-inverse with N ≤ d runs on the N×N Gram matrix; where the
        // d×d matrix worked it gives the same fields, energies and retrievals.
        let mut rng = SeededRng::new(8);
        // (N = d is left out: W is the identity there, the zero-diagonal fields are rounding
        // noise in either form.)
        for (d, n) in [(64, 5), (100, 20), (256, 12), (30, 20)] {
            let set = PatternSet::random_binary(d, n, &mut rng).unwrap();
            let fast = ClassicHopfield::new(&set, LearningRule::PseudoInverse).unwrap();
            let full = ClassicHopfield::build(&set, LearningRule::PseudoInverse, true).unwrap();
            assert!(fast.is_low_rank() && !full.is_low_rank());
            for trial in 0..10 {
                let mut s = set.pattern(trial % n).to_vec();
                s[..d / 3].copy_from_slice(&rng.signs(d / 3));
                let (a, b) = (
                    fast.local_fields(&s).unwrap(),
                    full.local_fields(&s).unwrap(),
                );
                assert!(
                    a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 1e-4),
                    "{d}×{n}"
                );
                let (ea, eb) = (fast.energy(&s).unwrap(), full.energy(&s).unwrap());
                assert!((ea - eb).abs() < 1e-3 * eb.abs().max(1.0), "{ea} vs {eb}");
                for mode in [UpdateMode::Async, UpdateMode::Sync] {
                    let run = |net: &ClassicHopfield| {
                        net.retrieve(&s, mode, 50, &mut SeededRng::new(trial as u64))
                            .unwrap()
                    };
                    let (ra, rb) = (run(&fast), run(&full));
                    assert_eq!(
                        ra.trajectory.states, rb.trajectory.states,
                        "{d}×{n} {mode:?}"
                    );
                    assert_eq!(ra.sweeps.len(), rb.sweeps.len());
                }
            }
            let (wa, wb) = (fast.weight_matrix().unwrap(), full.weight_matrix().unwrap());
            assert!((wa - wb).abs().max() < 1e-5);
        }
        // Beyond the largest d×d matrix: N stored patterns are fixed points.
        let d = MAX_WEIGHT_DIM + 904;
        let big = PatternSet::random_binary(d, 6, &mut rng).unwrap();
        let net = ClassicHopfield::new(&big, LearningRule::PseudoInverse).unwrap();
        assert!((0..6).all(|mu| net.is_fixed_point(big.pattern(mu)).unwrap()));
    }

    #[test]
    fn energy_is_minus_half_s_w_s() {
        let set = PatternSet::random_binary(16, 3, &mut SeededRng::new(4)).unwrap();
        for rule in [
            LearningRule::Hebbian,
            LearningRule::Storkey,
            LearningRule::PseudoInverse,
        ] {
            let net = ClassicHopfield::new(&set, rule).unwrap();
            let w = net.weight_matrix().unwrap();
            let s = set.pattern(0);
            let sv = nalgebra::DVector::from_column_slice(s);
            let direct = -0.5 * (sv.transpose() * &w * &sv)[(0, 0)];
            assert!((net.energy(s).unwrap() - direct).abs() < 1e-4, "{rule:?}");
        }
    }

    #[test]
    fn flip_energies_match_recomputed_energies() {
        let set = PatternSet::random_binary(30, 6, &mut SeededRng::new(5)).unwrap();
        let net = ClassicHopfield::new(&set, LearningRule::Storkey).unwrap();
        let query: Vec<f32> = set.pattern(0).iter().map(|v| -v).collect::<Vec<_>>();
        let mut q = set.pattern(0).to_vec();
        q[..12].copy_from_slice(&query[..12]);
        let run = net
            .retrieve(&q, UpdateMode::Async, 20, &mut SeededRng::new(6))
            .unwrap();
        for (t, sweep) in run.sweeps.iter().enumerate() {
            let mut k = 0;
            for micro in 1..=sweep.order.len() {
                if sweep.flipped[micro - 1] {
                    let s = run.state_within_sweep(t, micro).unwrap();
                    let e = net.energy(&s).unwrap();
                    assert!((e - sweep.flip_energies[k]).abs() < 1e-4);
                    k += 1;
                }
            }
            assert_eq!(
                run.state_within_sweep(t, sweep.order.len()).unwrap(),
                run.trajectory.states[t + 1]
            );
        }
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        let set = PatternSet::random_binary(8, 2, &mut SeededRng::new(7)).unwrap();
        let net = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
        let mut rng = SeededRng::new(1);
        assert!(net.energy(&[1.0; 7]).is_err());
        assert!(
            net.retrieve(&[f32::NAN; 8], UpdateMode::Sync, 5, &mut rng)
                .is_err()
        );
        assert!(
            net.retrieve(&[1.0; 8], UpdateMode::Sync, MAX_SWEEPS + 1, &mut rng)
                .is_err()
        );
        let zero_sweeps = net
            .retrieve(&[1.0; 8], UpdateMode::Async, 0, &mut rng)
            .unwrap();
        assert_eq!(zero_sweeps.trajectory.states.len(), 1);
    }
}
