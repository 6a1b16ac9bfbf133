//! The three retrievals, computed once and played back by a frame index: frame f shows step
//! ⌊f / frames per step⌋, and asynchronous sweeps of the binary models are replayed neuron by
//! neuron inside the step (from the recorded visiting order and flips), so the classic image
//! visibly fills in while the modern one jumps in one update. The [`Pace`] says how many frames
//! a step spans; the speed (steps per second) says how fast frames pass.

use crate::engine::model::{Model, ModelSpec, Retrieval};
use crate::engine::{ModernHopfield, PatternSet, Result, math, modern};

/// Animation frames per recorded step when playing sweep by sweep.
pub const SWEEP_FRAMES: usize = 8;
/// The playback speeds offered sweep by sweep, in steps per second.
pub const SPEEDS: [f32; 9] = [0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0, 30.0];
/// The speeds offered neuron by neuron, in neuron visits per second: up to a 4096-pixel sweep
/// in two seconds.
pub const NEURON_SPEEDS: [f32; 12] = [
    1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 3000.0,
];
/// The default speed (2 steps per second).
pub const DEFAULT_SPEED: f32 = 2.0;
/// Seconds a sweep takes neuron by neuron at that pace's default speed: slow enough to see
/// the image fill in, fast enough to watch a whole sweep of 4096 pixels (at 2 visits a
/// second that took 34 minutes).
const NEURON_SWEEP_S: f32 = 8.0;

/// The index in `speeds` of the speed closest to `speed` (the speed slider's position).
pub fn speed_index(speeds: &[f32], speed: f32) -> usize {
    speeds
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - speed).abs().total_cmp(&(b.1 - speed).abs()))
        .map_or(0, |(i, _)| i)
}

/// A speed for people: "0.5", "2", "30".
pub fn format_speed(speed: f32) -> String {
    if speed.fract() == 0.0 {
        format!("{speed:.0}")
    } else {
        format!("{speed}")
    }
}

/// How finely playback moves through a step of the binary models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pace {
    /// A sweep (or a modern update) plays over [`SWEEP_FRAMES`] frames; "step" and the speed
    /// count sweeps.
    #[default]
    Sweep,
    /// One frame per neuron visit: a sweep of d neurons spans d frames; "step" and the speed
    /// count single neuron visits (the modern update, which changes every neuron at once,
    /// spans the same d frames).
    Neuron,
}

impl Pace {
    /// The speeds the slider offers at this pace.
    pub fn speeds(self) -> &'static [f32] {
        match self {
            Pace::Sweep => &SPEEDS,
            Pace::Neuron => &NEURON_SPEEDS,
        }
    }

    /// The speed playback starts at for patterns of dimension `dim`: 2 steps a second, or
    /// neuron by neuron the offered speed closest to a sweep in [`NEURON_SWEEP_S`] seconds.
    pub fn default_speed(self, dim: usize) -> f32 {
        match self {
            Pace::Sweep => DEFAULT_SPEED,
            Pace::Neuron => NEURON_SPEEDS[speed_index(&NEURON_SPEEDS, dim as f32 / NEURON_SWEEP_S)],
        }
    }

    /// Frames one recorded step spans for patterns of dimension `dim`.
    pub fn frames_per_step(self, dim: usize) -> usize {
        match self {
            Pace::Sweep => SWEEP_FRAMES,
            Pace::Neuron => dim.max(1),
        }
    }

    /// Frames one press of "step" (and one unit of speed) moves.
    pub fn frames_per_move(self) -> usize {
        match self {
            Pace::Sweep => SWEEP_FRAMES,
            Pace::Neuron => 1,
        }
    }

    /// The frame reached `elapsed_ms` after playback started at `start` with `speed` moves
    /// per second (time-based, so a slow tick never slows the animation down).
    pub fn frame_after(self, start: usize, elapsed_ms: f64, speed: f32) -> usize {
        let moved = elapsed_ms.max(0.0) / 1000.0 * speed as f64 * self.frames_per_move() as f64;
        start + moved.floor() as usize
    }
}
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
    /// Asynchronous runs inside a sweep: the neuron visited last (flipped or not).
    pub visited: Option<usize>,
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

    /// [`PanelRun::record`] of the modern network at `beta`, the same bits, without the
    /// binary networks' code: the page's module records only this one (live under the β
    /// slider); the binary panels come from compute workers (`lab::studio::panel_jobs`).
    pub fn record_modern(beta: f32, patterns: &PatternSet, query: &[f32]) -> Result<Self> {
        ModelSpec::Modern { beta }.validate()?;
        let net = ModernHopfield::new(patterns.clone(), beta)?;
        let trajectory = net.retrieve(query, MAX_PANEL_STEPS, modern::DEFAULT_TOL)?;
        Ok(Self {
            retrieval: Retrieval {
                trajectory,
                sweeps: Vec::new(),
                cycle: false,
            },
        })
    }

    /// Number of recorded steps.
    pub fn steps(&self) -> usize {
        self.retrieval.trajectory.steps()
    }

    /// Frames needed to play the whole record at `per_step` frames per step.
    pub fn frames(&self, per_step: usize) -> usize {
        self.steps() * per_step
    }

    /// The picture at `frame` with `per_step` frames per step (frames past the end show the
    /// final state).
    pub fn frame(&self, frame: usize, per_step: usize) -> Frame {
        let per_step = per_step.max(1);
        let traj = &self.retrieval.trajectory;
        let last = self.steps();
        let step = (frame / per_step).min(last);
        let within = if step < last { frame % per_step } else { 0 };
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
                visited: None,
            };
        };
        let d = sweep.order.len();
        let micro = within * d / per_step;
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
            visited: micro
                .checked_sub(1)
                .and_then(|k| sweep.order.get(k).copied()),
        }
    }

    /// m_μ(t): the overlap of every recorded state with each of `patterns` (the patterns as
    /// this model stores them), one row per pattern, one entry per step.
    pub fn overlap_traces(&self, patterns: &PatternSet) -> Vec<Vec<f32>> {
        let states = &self.retrieval.trajectory.states;
        patterns
            .iter()
            .map(|x| states.iter().map(|s| math::overlap(s, x)).collect())
            .collect()
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

/// Frames needed to play every run to its end at `per_step` frames per step.
pub fn total_frames<'a>(runs: impl IntoIterator<Item = &'a PanelRun>, per_step: usize) -> usize {
    runs.into_iter()
        .map(|r| r.frames(per_step))
        .max()
        .unwrap_or(0)
}

/// The first frame of the move after the one `frame` is in (moves of `per_move` frames),
/// capped at `total`.
pub fn next_move_frame(frame: usize, per_move: usize, total: usize) -> usize {
    let per_move = per_move.max(1);
    ((frame / per_move + 1) * per_move).min(total)
}

/// The first frame of the move before the one `frame` is in (the start of the current move
/// when `frame` lies inside it).
pub fn previous_move_frame(frame: usize, per_move: usize) -> usize {
    let per_move = per_move.max(1);
    match frame % per_move {
        0 => frame.saturating_sub(per_move),
        within => frame - within,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededRng;
    use crate::engine::classic::{LearningRule, UpdateMode};

    #[test]
    fn the_modern_record_is_the_engines_record_bit_for_bit() {
        let set = PatternSet::random_gaussian(64, 12, true, &mut SeededRng::new(5)).unwrap();
        let mut query = set.pattern(3).to_vec();
        query[..40].iter_mut().for_each(|v| *v = 0.0);
        for beta in [0.01, 0.3, 2.0, 40.0, -1.0, f32::NAN] {
            let want = PanelRun::record(&ModelSpec::Modern { beta }, &set, &query, 1);
            let got = PanelRun::record_modern(beta, &set, &query);
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "β = {beta}");
        }
        assert!(PanelRun::record_modern(1.0, &set, &query[..10]).is_err());
    }

    /// Three random ±1 patterns (d = 100), pattern 0 with 30 signs flipped, and the recorded
    /// classic Hebbian asynchronous retrieval from it.
    fn damaged_run() -> (PatternSet, Vec<f32>, PanelRun) {
        let set = PatternSet::random_binary(100, 3, &mut SeededRng::new(4)).unwrap();
        let mut query = set.pattern(0).to_vec();
        query[..30].iter_mut().for_each(|v| *v = -*v);
        let spec = ModelSpec::Classic {
            rule: LearningRule::Hebbian,
            update: UpdateMode::Async,
        };
        let run = PanelRun::record(&spec, &set, &query, 1).unwrap();
        (set, query, run)
    }

    #[test]
    fn frames_replay_the_sweeps_and_end_on_the_final_state() {
        let (set, query, run) = damaged_run();
        assert!(run.steps() >= 1);
        let per = SWEEP_FRAMES;
        assert_eq!(run.frame(0, per).state, query);
        assert_eq!(
            run.frame(run.frames(per), per).state,
            run.retrieval.trajectory.final_state()
        );
        assert_eq!(run.frame(run.frames(per) + 50, per).step, run.steps());
        let mid = run.frame(per / 2, per);
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
        assert!(mid.energy <= run.frame(0, per).energy);
        // m_μ(t): one row per pattern, one entry per recorded state; the target wins.
        let traces = run.overlap_traces(&set);
        assert_eq!(traces.len(), 3);
        assert!(traces.iter().all(|row| row.len() == run.steps() + 1));
        assert_eq!(traces[0][0], math::overlap(&query, set.pattern(0)));
        assert!(traces[0][run.steps()] > 0.99, "{:?}", traces[0]);
    }

    #[test]
    fn neuron_pace_shows_one_more_visit_per_frame() {
        let (_, _, run) = damaged_run();
        let per = Pace::Neuron.frames_per_step(100);
        assert_eq!(per, 100);
        assert_eq!(run.frames(per), run.steps() * 100);
        let sweep = &run.retrieval.sweeps[0];
        for k in 0..100 {
            let (before, after) = (run.frame(k, per), run.frame(k + 1, per));
            let j = sweep.order[k];
            let changed: Vec<usize> = (0..100)
                .filter(|&i| before.state[i] != after.state[i])
                .collect();
            let expected = if sweep.flipped[k] { vec![j] } else { vec![] };
            assert_eq!(changed, expected, "visit {k}");
            assert_eq!(after.visited, (k + 1 < 100).then_some(j), "visit {k}");
        }
        assert_eq!(run.frame(100, per).step, 1);
        assert_eq!(
            run.frame(100, per).state,
            run.retrieval.trajectory.states[1]
        );
    }

    #[test]
    fn speed_moves_frames_with_time() {
        assert_eq!(
            Pace::Sweep.frame_after(3, 1000.0, 2.0),
            3 + 2 * SWEEP_FRAMES
        );
        assert_eq!(Pace::Sweep.frame_after(0, 250.0, 0.5), 1);
        assert_eq!(Pace::Neuron.frame_after(10, 1000.0, 30.0), 40);
        assert_eq!(Pace::Neuron.frame_after(10, -5.0, 30.0), 10);
        assert!(SPEEDS.contains(&DEFAULT_SPEED));
        assert_eq!(SPEEDS[speed_index(&SPEEDS, 2.1)], 2.0);
        assert_eq!(speed_index(&SPEEDS, 100.0), SPEEDS.len() - 1);
        assert_eq!(format_speed(0.5), "0.5");
        assert_eq!(format_speed(30.0), "30");
        assert_eq!(previous_move_frame(17, 8), 16);
        assert_eq!(previous_move_frame(16, 8), 8);
        assert_eq!(previous_move_frame(0, 8), 0);
        assert_eq!(previous_move_frame(5, 1), 4);
    }

    #[test]
    fn neuron_by_neuron_a_sweep_takes_seconds_at_the_default_speed() {
        // Issue 16.11: at the sweep default of 2 a second, 4096 visits took over half an hour.
        for side in [8usize, 16, 32, 64] {
            let d = side * side;
            let speed = Pace::Neuron.default_speed(d);
            assert!(Pace::Neuron.speeds().contains(&speed));
            let seconds = d as f32 / speed;
            assert!(
                (3.0..=20.0).contains(&seconds),
                "d = {d}: {seconds} s a sweep"
            );
        }
        assert_eq!(Pace::Sweep.default_speed(4096), DEFAULT_SPEED);
    }

    #[test]
    fn modern_frames_carry_weights_and_lock_step_arithmetic_holds() {
        let set = PatternSet::random_binary(64, 5, &mut SeededRng::new(2)).unwrap();
        let run =
            PanelRun::record(&ModelSpec::Modern { beta: 1.0 }, &set, set.pattern(1), 0).unwrap();
        let frame = run.frame(0, SWEEP_FRAMES);
        assert_eq!(frame.weights.map(|w| w.len()), Some(5));
        assert_eq!(next_move_frame(3, SWEEP_FRAMES, 100), SWEEP_FRAMES);
        assert_eq!(next_move_frame(3, SWEEP_FRAMES, 5), 5);
        assert_eq!(next_move_frame(3, 1, 100), 4);
        assert_eq!(total_frames([&run], 64), run.frames(64));
    }
}
