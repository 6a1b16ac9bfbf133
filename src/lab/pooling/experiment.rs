//! One pooling experiment as the view and `hopfield pool` run it: Hopfield, mean and max
//! pooling trained side by side on the same bags, with the curves the view plots. The worker's
//! session holds one [`Experiment`] between requests and the CLI runs one to the end: the same
//! code, so the same settings give the same numbers in the browser and in the terminal.
//!
//! The curves are read at fixed steps ([`curve_every`]), not at the ends of requests, so they
//! do not depend on how the view cuts the run into chunks. Reading them costs 40 held-out
//! passes a method, about as long as 30 training steps (measured: twenty points in a run of
//! 600 steps took as long as the training), so a run gets [`CURVE_POINTS`] of them.

use super::memory::{self, Memory, MemoryError};
use crate::engine::EngineError;
use crate::engine::pooling::data::{self, Bag};
use crate::engine::pooling::{BetaPoint, Method, MethodTrainer, PoolConfig, Reading};

/// Points a full run's curves get (besides step 0).
pub const CURVE_POINTS: usize = 10;
/// Most β one sweep may ask for.
pub const MAX_BETAS: usize = 64;

/// Steps between two curve points of a run of `steps`.
pub fn curve_every(steps: usize) -> usize {
    steps.div_ceil(CURVE_POINTS).max(1)
}

/// Why a pooling request is refused (nothing here panics on what a request asks).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PoolError {
    /// Settings past the memory limit.
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// Settings or a read-out refused by the engine (names the setting).
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// A read-out asked of a session that holds no run.
    #[error("no pooling run: train one first")]
    NoRun,
    /// A held-out bag that does not exist.
    #[error("bag: held-out bag {bag} does not exist (there are {count}, counted from 0)")]
    NoSuchBag { bag: usize, count: usize },
    /// A β sweep asking for too many points.
    #[error("betas: {0} values in one sweep, at most {MAX_BETAS}")]
    TooManyBetas(usize),
}

/// The three methods' numbers at one step.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CurvePoint {
    /// Training steps done.
    pub step: usize,
    /// Held-out AUC, in [`Method::ALL`] order (Hopfield, mean, max).
    pub auc: [f32; 3],
    /// Mean held-out loss, same order.
    pub held_out_loss: [f32; 3],
    /// Mean training loss of the steps since the previous point, same order (NaN at step 0).
    pub train_loss: [f32; 3],
    /// Mean share of the Hopfield attention on the witnesses of the positive held-out bags.
    pub witness_mass: f32,
    /// Hopfield's β.
    pub beta: f32,
}

/// What a training request answers: where the run is, and the curve points it reached.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PoolSnapshot {
    /// Training steps done (each method).
    pub step: usize,
    /// The run's length (the settings' steps).
    pub steps: usize,
    /// Curve points reached since the previous snapshot (the first snapshot has step 0's).
    pub points: Vec<CurvePoint>,
    /// Training time so far of each method, ms ([`Method::ALL`] order), curve readings apart.
    pub train_ms: [f64; 3],
    /// Time spent reading the curves so far, ms.
    pub curve_ms: f64,
}

/// A fresh pair of bags read by the trained Hopfield model.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PoolEvaluation {
    /// The positive bag's reading (attention, timing, bytes).
    pub positive: Reading,
    /// The negative bag's probability of being positive.
    pub negative_probability: f32,
    /// The negative bag's pass time, ms.
    pub negative_pass_ms: f64,
    /// Bytes the pair took.
    pub bytes: usize,
}

/// The three trainers of one experiment and its curves.
#[derive(Debug, Clone)]
pub struct Experiment {
    trainers: Vec<MethodTrainer>,
    curve: Vec<CurvePoint>,
    loss_sums: [f64; 3],
    loss_steps: usize,
    train_ms: [f64; 3],
    curve_ms: f64,
    memory: Memory,
}

impl Experiment {
    /// Checks `config` (memory first, then every setting), draws its held-out bags once for
    /// the three methods, and reads the curves at step 0.
    pub fn new(config: &PoolConfig, now: &dyn Fn() -> f64) -> Result<Self, PoolError> {
        let memory = memory::check(config)?;
        config.check()?;
        let held_out: std::sync::Arc<[Bag]> = data::held_out(config).into();
        let trainers = Method::ALL
            .iter()
            .map(|&m| MethodTrainer::with_held_out(config, m, held_out.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut e = Self {
            trainers,
            curve: Vec::new(),
            loss_sums: [0.0; 3],
            loss_steps: 0,
            train_ms: [0.0; 3],
            curve_ms: 0.0,
            memory,
        };
        e.read_curve(now);
        Ok(e)
    }

    /// The settings.
    pub fn config(&self) -> &PoolConfig {
        self.trainers[0].config()
    }

    /// The bytes it holds.
    pub fn memory(&self) -> Memory {
        self.memory
    }

    /// Steps done by each method.
    pub fn step(&self) -> usize {
        self.trainers[0].steps_done()
    }

    /// Whether the settings' steps are done.
    pub fn finished(&self) -> bool {
        self.trainers[0].finished()
    }

    /// The trained Hopfield pooling.
    pub fn hopfield(&self) -> &MethodTrainer {
        &self.trainers[0]
    }

    /// The trainer of `method`.
    pub fn trainer(&self, method: Method) -> &MethodTrainer {
        let i = Method::ALL.iter().position(|&m| m == method).unwrap_or(0);
        &self.trainers[i]
    }

    /// Every curve point so far.
    pub fn curve(&self) -> &[CurvePoint] {
        &self.curve
    }

    /// Up to `steps` more steps of each method (never past the settings' steps), reading the
    /// curves at every multiple of [`curve_every`] and at the last step; the answer carries
    /// the points reached.
    pub fn train(&mut self, steps: usize, now: &dyn Fn() -> f64) -> PoolSnapshot {
        let from = self.curve.len();
        let every = curve_every(self.config().steps);
        for _ in 0..steps {
            if self.finished() {
                break;
            }
            for (i, trainer) in self.trainers.iter_mut().enumerate() {
                let start = now();
                self.loss_sums[i] += trainer.step() as f64;
                self.train_ms[i] += now() - start;
            }
            self.loss_steps += 1;
            if self.step().is_multiple_of(every) || self.finished() {
                self.read_curve(now);
            }
        }
        PoolSnapshot {
            step: self.step(),
            steps: self.config().steps,
            points: self.curve[from..].to_vec(),
            train_ms: self.train_ms,
            curve_ms: self.curve_ms,
        }
    }

    /// The snapshot of the whole run so far (every point).
    pub fn snapshot(&self) -> PoolSnapshot {
        PoolSnapshot {
            step: self.step(),
            steps: self.config().steps,
            points: self.curve.clone(),
            train_ms: self.train_ms,
            curve_ms: self.curve_ms,
        }
    }

    fn read_curve(&mut self, now: &dyn Fn() -> f64) {
        let start = now();
        let mut point = CurvePoint {
            step: self.step(),
            auc: [0.0; 3],
            held_out_loss: [0.0; 3],
            train_loss: [f32::NAN; 3],
            witness_mass: 0.0,
            beta: self.hopfield().beta(),
        };
        for (i, trainer) in self.trainers.iter().enumerate() {
            let e = trainer.evaluate();
            point.auc[i] = e.auc;
            point.held_out_loss[i] = e.loss;
            if self.loss_steps > 0 {
                point.train_loss[i] = (self.loss_sums[i] / self.loss_steps as f64) as f32;
            }
            if trainer.method() == Method::Hopfield {
                point.witness_mass = e.witness_mass.unwrap_or(0.0);
            }
        }
        self.loss_sums = [0.0; 3];
        self.loss_steps = 0;
        self.curve.push(point);
        self.curve_ms += now() - start;
    }

    /// Held-out bag `bag` read by the trained Hopfield model at its β or `beta`.
    pub fn inspect(
        &self,
        bag: usize,
        beta: Option<f32>,
        now: &dyn Fn() -> f64,
    ) -> Result<Reading, PoolError> {
        let count = self.config().bags_held_out;
        if bag >= count {
            return Err(PoolError::NoSuchBag { bag, count });
        }
        Ok(self.hopfield().attention(bag, beta, now)?)
    }

    /// Held-out AUC and witness mass of the trained Hopfield model at each of `betas`.
    pub fn beta_sweep(&self, betas: &[f32]) -> Result<Vec<BetaPoint>, PoolError> {
        if betas.len() > MAX_BETAS {
            return Err(PoolError::TooManyBetas(betas.len()));
        }
        Ok(self.hopfield().beta_sweep(betas)?)
    }

    /// A fresh pair of bags of `sequences` (up to 300 000) drawn from `seed` (with the
    /// settings' seed), read by the trained Hopfield model.
    pub fn evaluate(
        &self,
        sequences: usize,
        seed: u64,
        now: &dyn Fn() -> f64,
    ) -> Result<PoolEvaluation, PoolError> {
        let bytes = memory::check_evaluation(sequences)?;
        // Bag 2·seed of the fresh stream is the positive one, 2·seed + 1 the negative one.
        let index = seed.wrapping_mul(2);
        let hopfield = self.hopfield();
        let positive = hopfield.evaluate_fresh(sequences, true, index, now)?;
        let negative = hopfield.evaluate_fresh(sequences, false, index.wrapping_add(1), now)?;
        Ok(PoolEvaluation {
            positive,
            negative_probability: negative.probability,
            negative_pass_ms: negative.pass_ms,
            bytes,
        })
    }
}
