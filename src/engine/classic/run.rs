//! What the binary models (classical and dense) share: ±1 binarisation of patterns and queries,
//! the record of a run ([`BinaryRun`], with every asynchronous micro-step so the UI can animate
//! neuron by neuron), and the one asynchronous driver both models plug into.

use serde::Serialize;

use crate::engine::error::{EngineError, Result};
use crate::engine::patterns::PatternSet;
use crate::engine::rng::SeededRng;
use crate::engine::trajectory::Trajectory;

/// Largest number of sweeps (or synchronous steps) one retrieval may record: every recorded
/// state costs d floats, and 1000 sweeps of a 4096-pixel image already hold 16 MB.
pub const MAX_SWEEPS: usize = 1000;

/// The ±1 value of an input entry: positive → +1, negative → −1, and **0 → +1**. Binary models
/// call this on continuous patterns and queries. A masked pixel should therefore be given the
/// binary mask value explicitly (`corruption::MASK_BINARY` = −1, as SCIENCE.md fact 15 does);
/// a 0 that reaches a binary model reads as +1.
pub fn binarise_value(v: f32) -> f32 {
    if v < 0.0 { -1.0 } else { 1.0 }
}

/// A vector mapped entrywise through [`binarise_value`].
pub fn binarise(values: &[f32]) -> Vec<f32> {
    values.iter().map(|&v| binarise_value(v)).collect()
}

/// The pattern set with every entry mapped through [`binarise_value`] (no copy of the maths:
/// a ±1 set comes back equal to itself).
pub fn binarise_patterns(patterns: &PatternSet) -> PatternSet {
    PatternSet::from_signs(patterns.matrix().map(binarise_value))
}

/// [`binarise_patterns`] in place, for a set the caller gives up: no second d×N buffer (a
/// capacity trial hands over the thousands of patterns it drew).
pub(crate) fn binarise_set(patterns: PatternSet) -> PatternSet {
    let mut matrix = patterns.into_matrix();
    matrix.apply(|v| *v = binarise_value(*v));
    PatternSet::from_signs(matrix)
}

/// Xᵀ stored row-major: row j holds (x_1j, …, x_Nj) contiguously. The asynchronous dynamics
/// of both binary models read one row per neuron evaluation, so this layout keeps it O(N) and
/// cache-friendly.
pub(crate) fn transposed_rows(patterns: &PatternSet) -> Vec<f32> {
    patterns.matrix().transpose().as_slice().to_vec()
}

/// Checks `max_sweeps` against [`MAX_SWEEPS`].
pub(crate) fn check_sweeps(max_sweeps: usize) -> Result<()> {
    if max_sweeps > MAX_SWEEPS {
        return Err(EngineError::TooLarge {
            what: "number of sweeps",
            value: max_sweeps,
            limit: MAX_SWEEPS,
        });
    }
    Ok(())
}

/// One asynchronous sweep: every neuron visited once, in a random order drawn from the seed.
/// Together with the state before the sweep it reproduces every micro-step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    /// The neurons in the order they were visited (a permutation of 0..d).
    pub order: Vec<usize>,
    /// `flipped[k]`: whether neuron `order[k]` changed sign at its visit.
    pub flipped: Vec<bool>,
    /// The energy right after each flip, one entry per `true` in `flipped`, in order; energies
    /// between flips do not change, so this is the energy curve at micro-step resolution.
    pub flip_energies: Vec<f32>,
}

impl Sweep {
    /// The neurons that flipped, in the order they flipped.
    pub fn flips(&self) -> impl Iterator<Item = usize> + '_ {
        self.order
            .iter()
            .zip(&self.flipped)
            .filter(|(_, f)| **f)
            .map(|(j, _)| *j)
    }
}

/// The record of one retrieval by a binary model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BinaryRun {
    /// States per sweep (the binarised query first), energies per state; `weights` is empty.
    /// `trajectory.converged` means a sweep changed nothing (a fixed point was reached).
    pub trajectory: Trajectory,
    /// Asynchronous runs: `sweeps[t]` takes `states[t]` to `states[t + 1]` (the final sweep
    /// that found nothing to flip is not recorded). Empty for synchronous runs.
    pub sweeps: Vec<Sweep>,
    /// Synchronous runs only: the run stopped because the state returned to the one two steps
    /// earlier (a 2-cycle, which synchronous dynamics can reach but never leave).
    pub cycle: bool,
}

impl BinaryRun {
    /// The state after `micro` neuron visits of sweep `sweep` (0 ≤ micro ≤ d), replayed from the
    /// recorded flips, so that the UI can scrub through single-neuron updates. `None` when the
    /// indices lie outside the record.
    pub fn state_within_sweep(&self, sweep: usize, micro: usize) -> Option<Vec<f32>> {
        let record = self.sweeps.get(sweep)?;
        let mut state = self.trajectory.states.get(sweep)?.clone();
        if micro > record.order.len() {
            return None;
        }
        for (&j, &f) in record.order[..micro].iter().zip(&record.flipped) {
            if f {
                state[j] = -state[j];
            }
        }
        Some(state)
    }
}

/// A binary network driven by asynchronous single-neuron updates. The scratch holds whatever
/// the model keeps up to date across flips (local fields, overlaps Xᵀs, …) so that one neuron
/// evaluation is cheap.
pub(crate) trait AsyncNet {
    /// Per-run scratch state.
    type Scratch;
    /// d.
    fn dim(&self) -> usize;
    /// Scratch for the ±1 `state`.
    fn scratch(&self, state: &[f32]) -> Self::Scratch;
    /// The drive of neuron `j`: its new value is the sign of the drive, and 0 keeps `state[j]`.
    fn drive(&self, scratch: &Self::Scratch, state: &[f32], j: usize) -> f64;
    /// Updates the scratch after `state[j]` was negated; returns the new energy.
    fn flipped(&self, scratch: &mut Self::Scratch, state: &[f32], j: usize) -> f32;
    /// The energy of `state` (whose scratch is `scratch`).
    fn energy(&self, scratch: &Self::Scratch, state: &[f32]) -> f32;
}

/// The new value of a neuron with current value `s` and drive `h` (sgn, with 0 keeping `s`).
pub(crate) fn updated(s: f32, h: f64) -> f32 {
    if h > 0.0 {
        1.0
    } else if h < 0.0 {
        -1.0
    } else {
        s
    }
}

/// Number of neurons of the ±1 `state` that one asynchronous visit would change.
pub(crate) fn unstable_count<N: AsyncNet>(net: &N, state: &[f32]) -> usize {
    let scratch = net.scratch(state);
    (0..net.dim())
        .filter(|&j| updated(state[j], net.drive(&scratch, state, j)) != state[j])
        .count()
}

/// Asynchronous retrieval from the ±1 `query`: up to `max_sweeps` sweeps, each over a fresh
/// random order; stops at the first sweep without a flip (converged).
pub(crate) fn run_async<N: AsyncNet>(
    net: &N,
    query: &[f32],
    max_sweeps: usize,
    rng: &mut SeededRng,
) -> BinaryRun {
    let mut run = AsyncRun::new(net, query, max_sweeps);
    while run.sweep(net, rng) {}
    run.finish()
}

/// An asynchronous retrieval in progress, one sweep at a time (so that a long retrieval can be
/// spread over several slices of the main thread); [`run_async`] drives it to the end.
#[derive(Debug, Clone)]
pub(crate) struct AsyncRun<S> {
    state: Vec<f32>,
    scratch: S,
    order: Vec<usize>,
    flipped: Vec<bool>,
    run: BinaryRun,
    max_sweeps: usize,
}

impl<S> AsyncRun<S> {
    /// The run at the ±1 `query`, before the first of at most `max_sweeps` sweeps.
    pub(crate) fn new<N: AsyncNet<Scratch = S>>(net: &N, query: &[f32], max_sweeps: usize) -> Self {
        let state = query.to_vec();
        let scratch = net.scratch(&state);
        let run = BinaryRun {
            trajectory: Trajectory {
                states: vec![state.clone()],
                energies: vec![net.energy(&scratch, &state)],
                weights: Vec::new(),
                converged: false,
            },
            sweeps: Vec::new(),
            cycle: false,
        };
        Self {
            order: (0..net.dim()).collect(),
            flipped: vec![false; net.dim()],
            state,
            scratch,
            run,
            max_sweeps,
        }
    }

    /// One sweep over a fresh random order; false (doing nothing) once a sweep found nothing
    /// to flip or `max_sweeps` sweeps were done.
    pub(crate) fn sweep<N: AsyncNet<Scratch = S>>(&mut self, net: &N, rng: &mut SeededRng) -> bool {
        if self.run.trajectory.converged || self.run.sweeps.len() >= self.max_sweeps {
            return false;
        }
        rng.shuffle(&mut self.order);
        self.flipped.fill(false);
        let mut flip_energies = Vec::new();
        for (k, &j) in self.order.iter().enumerate() {
            let h = net.drive(&self.scratch, &self.state, j);
            if updated(self.state[j], h) != self.state[j] {
                self.state[j] = -self.state[j];
                self.flipped[k] = true;
                flip_energies.push(net.flipped(&mut self.scratch, &self.state, j));
            }
        }
        if flip_energies.is_empty() {
            self.run.trajectory.converged = true;
            return false;
        }
        let traj = &mut self.run.trajectory;
        traj.states.push(self.state.clone());
        traj.energies.push(net.energy(&self.scratch, &self.state));
        self.run.sweeps.push(Sweep {
            order: self.order.clone(),
            flipped: self.flipped.clone(),
            flip_energies,
        });
        true
    }

    /// The record of the run so far.
    pub(crate) fn finish(self) -> BinaryRun {
        self.run
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_reads_as_plus_one() {
        assert_eq!(binarise(&[0.0, -0.0, -0.5, 3.0]), vec![1.0, 1.0, -1.0, 1.0]);
    }

    #[test]
    fn sweeps_are_capped() {
        assert!(check_sweeps(MAX_SWEEPS).is_ok());
        assert!(matches!(
            check_sweeps(MAX_SWEEPS + 1),
            Err(EngineError::TooLarge { .. })
        ));
    }
}
