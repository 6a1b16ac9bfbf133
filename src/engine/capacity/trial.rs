//! One capacity trial as a resumable state machine: draw the patterns a chunk at a time, learn
//! them a few at a time, then retrieve one sweep (or update) at a time. Each [`Trial::step`]
//! does about [`STEP_WORK`] operations where the work divides (drawing, learning), else one
//! indivisible unit (a pattern of Storkey's rule, the pseudo-inverse, a sweep), and reports its
//! cost in operations (multiply-adds, random draws, exponentials), so the browser can keep each
//! slice of its main thread short even for a trial with thousands of patterns. The generator
//! is consumed in the same order however the trial is split, so the outcome is the same bit
//! for bit as running it straight through.

use super::{CapacityConfig, PatternKind, TrialOutcome, trial_seed};
use crate::engine::corruption;
use crate::engine::error::{EngineError, Result};
use crate::engine::math;
use crate::engine::model::{Model, ModelBuild, RetrievalRun};
use crate::engine::patterns::PatternDraw;
use crate::engine::rng::SeededRng;

/// The work a chunked step aims for, in operations: about a quarter of a millisecond natively,
/// a millisecond or two in the browser's wasm.
pub const STEP_WORK: u64 = 1 << 18;
/// Operations charged per random draw (PCG's 128-bit multiply is emulated in wasm).
const DRAW_COST: u64 = 4;

/// Where a trial stands.
#[derive(Debug, Clone)]
enum Phase {
    /// Drawing the patterns.
    Draw(PatternDraw),
    /// Learning the weights; the query and the seed of the retrieval are fixed already.
    Learn {
        build: ModelBuild,
        target: Vec<f32>,
        query: Vec<f32>,
        seed: u64,
    },
    /// Retrieving.
    Retrieve {
        model: Box<Model>,
        run: Box<RetrievalRun>,
        target: Vec<f32>,
    },
    /// Finished.
    Done(TrialOutcome),
    /// A step failed; the trial goes no further.
    Broken,
}

/// One trial of a capacity experiment in progress (see the module documentation).
#[derive(Debug, Clone)]
pub struct Trial {
    config: CapacityConfig,
    n_patterns: usize,
    rng: SeededRng,
    phase: Phase,
}

impl Trial {
    /// Trial `trial` at N = `n_patterns` with patterns of `kind`, before any work (a correlated
    /// set's prototype, d draws, is drawn here).
    pub fn new(
        config: &CapacityConfig,
        kind: PatternKind,
        n_patterns: usize,
        trial: usize,
    ) -> Result<Self> {
        let mut rng = SeededRng::new(trial_seed(config.seed, n_patterns, trial));
        let d = config.dim;
        let draw = match kind {
            PatternKind::RandomBinary => PatternDraw::binary(d, n_patterns)?,
            PatternKind::Correlated { overlap } => {
                PatternDraw::correlated(d, n_patterns, overlap, &mut rng)?
            }
        };
        Ok(Self {
            config: config.clone(),
            n_patterns,
            rng,
            phase: Phase::Draw(draw),
        })
    }

    /// The outcome, once the trial is finished.
    pub fn outcome(&self) -> Option<TrialOutcome> {
        match self.phase {
            Phase::Done(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// Does the next piece of work and returns its cost in operations (an upper bound where
    /// the work depends on the dynamics); 0 once the trial is finished. After an error the
    /// trial refuses to go on: start it again (it is deterministic).
    pub fn step(&mut self) -> Result<u64> {
        let phase = std::mem::replace(&mut self.phase, Phase::Broken);
        let (next, work) = self.advance(phase)?;
        self.phase = next;
        Ok(work)
    }

    fn advance(&mut self, phase: Phase) -> Result<(Phase, u64)> {
        let d = self.config.dim as u64;
        let n = self.n_patterns as u64;
        Ok(match phase {
            Phase::Draw(mut draw) if draw.remaining() > 0 => {
                let per_pattern = d + draw.draws_per_pattern() * DRAW_COST;
                let chunk = (STEP_WORK / per_pattern).max(1) as usize;
                let drawn = draw.draw(chunk, &mut self.rng) as u64;
                (Phase::Draw(draw), drawn * per_pattern)
            }
            // Binarising the set in place (the modern network: its norms; the dense memory
            // also transposes it), and the query: about 2·d·N.
            Phase::Draw(draw) => (self.store(draw)?, 2 * d * n + d * DRAW_COST),
            Phase::Learn {
                mut build,
                target,
                query,
                seed,
            } if build.remaining() > 0 => {
                let work = build.learn_work(STEP_WORK);
                let phase = Phase::Learn {
                    build,
                    target,
                    query,
                    seed,
                };
                (phase, work)
            }
            Phase::Learn {
                build,
                target,
                query,
                seed,
            } => {
                let finish = build.finish_cost();
                let model = build.finish()?;
                let run = model.start_retrieval(&query, self.config.max_steps, seed)?;
                // Setting up the retrieval's fields costs at most one step.
                let cost = finish + model.step_cost();
                let phase = Phase::Retrieve {
                    model: Box::new(model),
                    run: Box::new(run),
                    target,
                };
                (phase, cost)
            }
            Phase::Retrieve {
                model,
                mut run,
                target,
            } => {
                let cost = model.step_cost();
                if run.step(&model) {
                    (Phase::Retrieve { model, run, target }, cost)
                } else {
                    (Phase::Done(self.conclude(*run, &target)), cost + d)
                }
            }
            Phase::Done(outcome) => (Phase::Done(outcome), 0),
            Phase::Broken => {
                return Err(EngineError::Numerical(
                    "this capacity trial stopped after an error".into(),
                ));
            }
        })
    }

    /// The patterns are drawn: picks the target, flips round(flip·d) distinct signs of it for
    /// the query, fixes the retrieval seed and starts building the model.
    fn store(&mut self, draw: PatternDraw) -> Result<Phase> {
        let rng = &mut self.rng;
        let patterns = draw.finish(rng);
        let target = patterns.get(rng.below(self.n_patterns))?.to_vec();
        let query = corruption::flip_signs(&target, self.config.flip, rng)?;
        let seed = rng.next_u64();
        Ok(Phase::Learn {
            build: ModelBuild::new(&self.config.spec, patterns)?,
            target,
            query,
            seed,
        })
    }

    /// The retrieval is over: measures its final state against `target`.
    fn conclude(&self, run: RetrievalRun, target: &[f32]) -> TrialOutcome {
        let retrieval = run.finish();
        let state = retrieval.trajectory.final_state();
        TrialOutcome {
            success: self.config.criterion.success(state, target),
            // Rounding can put a cosine a hair outside [−1, 1]; clamp so means read cleanly.
            overlap: math::overlap(state, target).clamp(-1.0, 1.0),
            steps: retrieval.trajectory.steps(),
        }
    }
}
