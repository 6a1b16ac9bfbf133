//! The three retrievals, computed once and played back by a frame index: frame f shows step
//! ⌊f / FRAMES_PER_STEP⌋, and asynchronous sweeps of the binary models are replayed neuron by
//! neuron inside the step (from the recorded visiting order and flips), so the classic image
//! visibly fills in while the modern one jumps in one update.

use crate::engine::model::{Model, ModelSpec, Retrieval};
use crate::engine::{PatternSet, Result};

/// Animation frames per recorded step.
pub const FRAMES_PER_STEP: usize = 8;
/// Most steps one panel records (sweeps or updates); retrievals here converge in a handful.
pub const MAX_PANEL_STEPS: usize = 60;

/// One model's recorded retrieval.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelRun {
    /// The record: states, energies, weights (modern), neuron visits (asynchronous).
    pub retrieval: Retrieval,
}

/// What a panel shows at one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Completed steps (sweeps or updates).
    pub step: usize,
    /// Position on the step axis (fractional inside an asynchronous sweep).
    pub position: f32,
    /// The state shown.
    pub state: Vec<f32>,
    /// Its energy.
    pub energy: f32,
    /// Softmax weights of the state (modern only).
    pub weights: Option<Vec<f32>>,
}

impl PanelRun {
    /// Builds `spec` over `patterns` and records its retrieval from `query`.
    pub fn record(
        spec: &ModelSpec,
        patterns: &PatternSet,
        query: &[f32],
        seed: u64,
    ) -> Result<Self> {
        let retrieval = Model::new(spec, patterns)?.retrieve(query, MAX_PANEL_STEPS, seed)?;
        Ok(Self { retrieval })
    }

    /// Number of recorded steps.
    pub fn steps(&self) -> usize {
        self.retrieval.trajectory.steps()
    }

    /// Frames needed to play the whole record.
    pub fn frames(&self) -> usize {
        self.steps() * FRAMES_PER_STEP
    }

    /// The picture at `frame` (frames past the end show the final state).
    pub fn frame(&self, frame: usize) -> Frame {
        let traj = &self.retrieval.trajectory;
        let last = self.steps();
        let step = (frame / FRAMES_PER_STEP).min(last);
        let within = if step < last {
            frame % FRAMES_PER_STEP
        } else {
            0
        };
        let weights = traj.weights.get(step).cloned();
        let base_energy = traj.energies.get(step).copied().unwrap_or(f32::NAN);
        let base = traj.states.get(step).cloned().unwrap_or_default();
        let sweep = self.retrieval.sweeps.get(step).filter(|_| within > 0);
        let Some(sweep) = sweep else {
            return Frame {
                step,
                position: step as f32,
                state: base,
                energy: base_energy,
                weights,
            };
        };
        let d = sweep.order.len();
        let micro = within * d / FRAMES_PER_STEP;
        let mut state = base;
        let mut flips = 0;
        for (&j, &flipped) in sweep.order[..micro].iter().zip(&sweep.flipped) {
            if flipped && j < state.len() {
                state[j] = -state[j];
                flips += 1;
            }
        }
        let energy = match flips {
            0 => base_energy,
            k => sweep
                .flip_energies
                .get(k - 1)
                .copied()
                .unwrap_or(base_energy),
        };
        Frame {
            step,
            position: step as f32 + micro as f32 / d.max(1) as f32,
            state,
            energy,
            weights,
        }
    }

    /// The energy curve on the step axis: one point per recorded state, and for asynchronous
    /// runs one per flip inside each sweep.
    pub fn energy_points(&self) -> Vec<(f32, f32)> {
        let traj = &self.retrieval.trajectory;
        let mut points = Vec::with_capacity(traj.energies.len());
        for (t, &e) in traj.energies.iter().enumerate() {
            points.push((t as f32, e));
            if let Some(sweep) = self.retrieval.sweeps.get(t) {
                let d = sweep.order.len().max(1) as f32;
                let at = sweep.flipped.iter().enumerate().filter(|(_, f)| **f);
                for ((k, _), &energy) in at.zip(&sweep.flip_energies) {
                    points.push((t as f32 + (k + 1) as f32 / d, energy));
                }
            }
        }
        points
    }
}

/// Frames needed to play every run to its end.
pub fn total_frames<'a>(runs: impl IntoIterator<Item = &'a PanelRun>) -> usize {
    runs.into_iter().map(PanelRun::frames).max().unwrap_or(0)
}

/// The first frame of the step after the one `frame` is in, capped at `total`.
pub fn next_step_frame(frame: usize, total: usize) -> usize {
    ((frame / FRAMES_PER_STEP + 1) * FRAMES_PER_STEP).min(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::classic::{LearningRule, UpdateMode};
    use crate::engine::{SeededRng, math};

    fn classic() -> ModelSpec {
        ModelSpec::Classic {
            rule: LearningRule::Hebbian,
            update: UpdateMode::Async,
        }
    }

    #[test]
    fn frames_replay_the_sweeps_and_end_on_the_final_state() {
        let set = PatternSet::random_binary(100, 3, &mut SeededRng::new(4)).unwrap();
        let mut query = set.pattern(0).to_vec();
        query[..30].iter_mut().for_each(|v| *v = -*v);
        let run = PanelRun::record(&classic(), &set, &query, 1).unwrap();
        assert!(run.steps() >= 1);
        assert_eq!(run.frame(0).state, query);
        assert_eq!(
            run.frame(run.frames()).state,
            run.retrieval.trajectory.final_state()
        );
        assert_eq!(run.frame(run.frames() + 50).step, run.steps());
        let mid = run.frame(FRAMES_PER_STEP / 2);
        let (o0, om) = (
            math::overlap(&query, set.pattern(0)),
            math::overlap(&mid.state, set.pattern(0)),
        );
        assert!(om > o0, "half a sweep should repair some bits: {o0} → {om}");
        assert!(mid.position > 0.0 && mid.position < 1.0);
        // Energies never rise along the curve of an asynchronous run.
        let points = run.energy_points();
        assert!(
            points
                .windows(2)
                .all(|w| w[1].1 <= w[0].1 + 1e-4 && w[1].0 >= w[0].0)
        );
        assert!(mid.energy <= run.frame(0).energy);
    }

    #[test]
    fn modern_frames_carry_weights_and_lock_step_arithmetic_holds() {
        let set = PatternSet::random_binary(64, 5, &mut SeededRng::new(2)).unwrap();
        let run =
            PanelRun::record(&ModelSpec::Modern { beta: 1.0 }, &set, set.pattern(1), 0).unwrap();
        let frame = run.frame(0);
        assert_eq!(frame.weights.map(|w| w.len()), Some(5));
        assert_eq!(next_step_frame(3, 100), FRAMES_PER_STEP);
        assert_eq!(next_step_frame(3, 5), 5);
        assert_eq!(total_frames([&run]), run.frames());
    }
}
