//! The modern continuous Hopfield network of Ramsauer et al. (2020):
//! E(ξ) = −lse(β, Xᵀξ) + ½ξᵀξ + β⁻¹ ln N + ½M², update ξ ← X softmax(β Xᵀξ).
//! One update is transformer attention with the stored patterns as keys and values.

use super::error::{Result, check_range};
use super::math;
use super::patterns::PatternSet;
use super::trajectory::Trajectory;

/// Smallest inverse temperature β accepted.
pub const BETA_MIN: f32 = 1e-4;
/// Largest inverse temperature β accepted.
pub const BETA_MAX: f32 = 1e4;
/// Default convergence tolerance on ‖ξᵗ⁺¹ − ξᵗ‖, relative to M (SCIENCE.md: not bitwise equality).
pub const DEFAULT_TOL: f32 = 1e-5;

/// Bytes of patterns per block of [`ModernHopfield::one_pass_update`] (at least one pattern):
/// a block stays in the L2 cache between its dot products and its share of X p.
const BLOCK_BYTES: usize = 128 * 1024;
/// Up to this many bytes of patterns an update takes two passes over X (the second finds X in
/// the cache, and normalising the weights before the sum rounds less); above it, one.
const CACHED_BYTES: usize = 256 * 1024;

/// A modern Hopfield network: stored patterns plus β.
#[derive(Debug, Clone)]
pub struct ModernHopfield {
    patterns: PatternSet,
    beta: f32,
    /// ½M², cached because the energy needs it at every call.
    half_m2: f32,
}

impl ModernHopfield {
    /// A network over `patterns` at inverse temperature `beta` ∈ [1e-4, 1e4].
    pub fn new(patterns: PatternSet, beta: f32) -> Result<Self> {
        check_range("β", beta as f64, BETA_MIN as f64, BETA_MAX as f64)?;
        let m = patterns.max_norm();
        Ok(Self {
            patterns,
            beta,
            half_m2: 0.5 * m * m,
        })
    }

    /// The stored patterns.
    pub fn patterns(&self) -> &PatternSet {
        &self.patterns
    }

    /// The inverse temperature β.
    pub fn beta(&self) -> f32 {
        self.beta
    }

    /// Similarities Xᵀξ written into `out` (length N).
    pub fn similarities_into(&self, state: &[f32], out: &mut [f32]) {
        math::dots_into(self.patterns.matrix().as_slice(), state, out);
    }

    /// The softmax weights p = softmax(β Xᵀξ) over the stored patterns.
    pub fn weights(&self, state: &[f32]) -> Result<Vec<f32>> {
        self.patterns.check_query(state)?;
        let mut z = vec![0.0; self.patterns.count()];
        self.similarities_into(state, &mut z);
        Ok(math::softmax(self.beta, &z))
    }

    /// The energy E(ξ) = −lse(β, Xᵀξ) + ½ξᵀξ + β⁻¹ ln N + ½M².
    pub fn energy(&self, state: &[f32]) -> Result<f32> {
        self.patterns.check_query(state)?;
        let mut z = vec![0.0; self.patterns.count()];
        self.similarities_into(state, &mut z);
        Ok(self.energy_from_similarities(state, &z))
    }

    fn energy_from_similarities(&self, state: &[f32], z: &[f32]) -> f32 {
        let n = self.patterns.count() as f32;
        -math::lse(self.beta, z) + 0.5 * math::dot(state, state) + n.ln() / self.beta + self.half_m2
    }

    /// One update from `state`: fills the buffers with Xᵀξ, p and X p, and returns E(ξ).
    /// The buffers are reused across steps so that iterating allocates nothing.
    fn step_into(&self, state: &[f32], buffers: &mut Buffers) -> f32 {
        self.update_into(state, buffers, true);
        self.energy_from_similarities(state, &buffers.similarities)
    }

    /// Xᵀξ, X p and (when `weights_too`, or when it is on the way) p into the buffers, by two
    /// passes over X when it fits in the cache and by [`ModernHopfield::one_pass_update`] when
    /// it does not.
    fn update_into(&self, state: &[f32], buffers: &mut Buffers, weights_too: bool) {
        let Buffers {
            similarities: z,
            weights: p,
            next,
        } = buffers;
        if size_of_val(self.patterns.matrix().as_slice()) <= CACHED_BYTES {
            self.similarities_into(state, z);
            math::softmax_into(self.beta, z, p);
            combine_into(&self.patterns, p, next);
        } else {
            self.one_pass_update(state, z, p, next);
            if weights_too {
                math::softmax_into(self.beta, z, p);
            }
        }
    }

    /// z = Xᵀξ into `z` and `out` = X softmax(βz) (`scratch`, of length N, ends up holding
    /// unnormalised weights), reading each pattern from memory once: the
    /// patterns go by in blocks, and a block's weights are taken relative to the largest
    /// similarity seen so far, the sum and `out` being rescaled whenever a block raises it
    /// (the online softmax of attention kernels). The update is memory-bound at large N·d, and
    /// the two-pass form read X twice.
    fn one_pass_update(&self, state: &[f32], z: &mut [f32], scratch: &mut [f32], out: &mut [f32]) {
        let d = state.len();
        let rows = (BLOCK_BYTES / size_of_val(state)).max(1);
        let (mut max, mut sum) = (f32::NEG_INFINITY, 0.0f32);
        out.fill(0.0);
        let blocks = self.patterns.matrix().as_slice().chunks(rows * d);
        for ((zb, wb), xb) in z.chunks_mut(rows).zip(scratch.chunks_mut(rows)).zip(blocks) {
            math::dots_into(xb, state, zb);
            let block_max = math::largest(zb);
            if block_max > max {
                if sum > 0.0 {
                    let scale = math::exp(self.beta * (max - block_max));
                    out.iter_mut().for_each(|o| *o *= scale);
                    sum *= scale;
                }
                max = block_max;
            }
            sum += math::shifted_exps_into(self.beta, max, zb, wb);
            math::add_weighted(wb.iter().copied().zip(xb.chunks_exact(d)), out);
        }
        let inv = 1.0 / sum;
        out.iter_mut().for_each(|o| *o *= inv);
    }

    /// One update ξ ← X softmax(β Xᵀξ).
    pub fn update(&self, state: &[f32]) -> Result<Vec<f32>> {
        self.patterns.check_query(state)?;
        let mut buffers = Buffers::new(&self.patterns);
        self.update_into(state, &mut buffers, false);
        Ok(buffers.next)
    }

    /// Iterates from `query` until ‖Δξ‖ ≤ tol·max(M, 1) or `max_steps` updates, recording the
    /// state, energy and weights at every step (`max_steps` = 0 records the query alone).
    pub fn retrieve(&self, query: &[f32], max_steps: usize, tol: f32) -> Result<Trajectory> {
        let mut run = ModernRun::new(self, query, max_steps, tol)?;
        while run.update(self) {}
        Ok(run.finish())
    }
}

/// A modern retrieval in progress, one update at a time (so that a long retrieval can be
/// spread over several slices of the main thread); [`ModernHopfield::retrieve`] drives it to
/// the end.
#[derive(Debug, Clone)]
pub(crate) struct ModernRun {
    buffers: Buffers,
    traj: Trajectory,
    max_steps: usize,
    /// The convergence threshold tol·max(M, 1).
    threshold: f32,
    done: bool,
}

impl ModernRun {
    /// The run at `query` (checked against the patterns), before the first update.
    pub(crate) fn new(
        net: &ModernHopfield,
        query: &[f32],
        max_steps: usize,
        tol: f32,
    ) -> Result<Self> {
        net.patterns.check_query(query)?;
        Ok(Self {
            buffers: Buffers::new(&net.patterns),
            traj: Trajectory {
                states: vec![query.to_vec()],
                energies: Vec::new(),
                weights: Vec::new(),
                converged: false,
            },
            max_steps,
            threshold: tol * (2.0 * net.half_m2).sqrt().max(1.0),
            done: false,
        })
    }

    /// One evaluation of the update at the current state (recording its energy and weights);
    /// false once the run converged or reached `max_steps`.
    pub(crate) fn update(&mut self, net: &ModernHopfield) -> bool {
        if self.done {
            return false;
        }
        let traj = &mut self.traj;
        let state = traj.final_state();
        let energy = net.step_into(state, &mut self.buffers);
        let moved = state
            .iter()
            .zip(&self.buffers.next)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f32>()
            .sqrt();
        traj.energies.push(energy);
        traj.weights.push(self.buffers.weights.clone());
        if traj.steps() >= 1 && moved <= self.threshold {
            traj.converged = true;
            self.done = true;
        } else if traj.steps() == self.max_steps {
            self.done = true;
        } else {
            traj.states.push(self.buffers.next.clone());
        }
        !self.done
    }

    /// The record of the run so far.
    pub(crate) fn finish(self) -> Trajectory {
        self.traj
    }
}

/// `out` = X p = Σᵢ pᵢ xᵢ, skipping zero weights, adding the terms to each entry in pattern
/// order (the bits of one [`math::axpy`] per pattern).
pub(crate) fn combine_into(patterns: &PatternSet, weights: &[f32], out: &mut [f32]) {
    out.fill(0.0);
    math::add_weighted(weights.iter().copied().zip(patterns.iter()), out);
}

/// Scratch space for one update: Xᵀξ, p and the next state.
#[derive(Debug, Clone)]
struct Buffers {
    similarities: Vec<f32>,
    weights: Vec<f32>,
    next: Vec<f32>,
}

impl Buffers {
    fn new(patterns: &PatternSet) -> Self {
        Self {
            similarities: vec![0.0; patterns.count()],
            weights: vec![0.0; patterns.count()],
            next: vec![0.0; patterns.dim()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::SeededRng;

    fn random_set(d: usize, n: usize, seed: u64) -> PatternSet {
        PatternSet::random_binary(d, n, &mut SeededRng::new(seed)).unwrap()
    }

    #[test]
    fn clean_pattern_is_returned_at_large_beta() {
        let set = random_set(64, 8, 1);
        let net = ModernHopfield::new(set.clone(), 10.0).unwrap();
        let out = net.update(set.pattern(3)).unwrap();
        for (a, b) in out.iter().zip(set.pattern(3)) {
            assert!((a - b).abs() < 1e-5);
        }
    }

    #[test]
    fn tiny_beta_gives_the_pattern_mean() {
        let set = random_set(64, 8, 2);
        let net = ModernHopfield::new(set.clone(), BETA_MIN).unwrap();
        let out = net.update(set.pattern(0)).unwrap();
        let mean = set.mean();
        for (a, b) in out.iter().zip(mean.iter()) {
            assert!((a - b).abs() < 0.05, "{a} vs {b}");
        }
    }

    #[test]
    fn weights_sum_to_one() {
        let set = random_set(64, 8, 3);
        let net = ModernHopfield::new(set.clone(), 0.3).unwrap();
        let w = net.weights(set.pattern(0)).unwrap();
        assert!((w.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn retrieve_records_every_step_and_converges() {
        let set = random_set(64, 8, 4);
        let net = ModernHopfield::new(set.clone(), 1.0).unwrap();
        let traj = net.retrieve(set.pattern(2), 10, DEFAULT_TOL).unwrap();
        assert!(traj.converged);
        assert_eq!(traj.states.len(), traj.energies.len());
        assert_eq!(traj.states.len(), traj.weights.len());
        assert_eq!(traj.states[0], set.pattern(2));
    }

    #[test]
    fn rejects_bad_beta_and_query() {
        let set = random_set(4, 2, 5);
        assert!(ModernHopfield::new(set.clone(), 0.0).is_err());
        assert!(ModernHopfield::new(set.clone(), f32::NAN).is_err());
        let net = ModernHopfield::new(set, 1.0).unwrap();
        assert!(net.update(&[1.0]).is_err());
    }
}
