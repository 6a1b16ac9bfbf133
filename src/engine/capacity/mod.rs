//! Capacity experiments: for each number of patterns N, many trials of "store N fresh random
//! ±1 patterns, flip round(flip·d) signs of one of them, retrieve, measure the overlap". The
//! experiment is a resumable state object ([`CapacityRun`]) so that the browser can run it in
//! small slices between frames and show a progress bar. Even one trial is resumable
//! ([`Trial`]: drawing, learning and retrieval in pieces of bounded work), because a single
//! trial with thousands of patterns can outlast a slice. Every trial draws from its own
//! generator, seeded from the config seed and (N, trial), so the results do not depend on how
//! the work was sliced.

use serde::{Deserialize, Serialize};

use super::classic::{LearningRule, MAX_PSEUDO_INVERSE_COUNT, binarise};
use super::dense::{Interaction, check_degree};
use super::error::{EngineError, Result, check_range};
use super::math;
use super::model::{MAX_STEPS, ModelSpec};
use super::patterns::check_size;
use super::rng::stream_seed;

mod trial;

pub use trial::{STEP_WORK, Trial};

/// Largest dimension d of a capacity experiment.
pub const MAX_DIM: usize = 4096;
/// Largest number of trials per N.
pub const MAX_TRIALS: usize = 100_000;
/// Largest number of N values (points on the curve).
pub const MAX_POINTS: usize = 256;
/// Largest trials × ΣN × d: about the number of pattern entries drawn, a few seconds of work.
pub const MAX_WORK: u64 = 1 << 28;
/// Largest trials × ΣN × d² for the Storkey and pseudo-inverse rules, which build d×d weights.
pub const MAX_WEIGHT_WORK: u64 = 1 << 33;

/// When a retrieval counts as a success.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Criterion {
    /// The sign vector of the final state equals the target pattern.
    Exact,
    /// Overlap (cosine) with the target ≥ the threshold (SCIENCE.md default 0.95).
    Overlap(f32),
}

impl Criterion {
    /// Whether `state` retrieved the ±1 `target`.
    pub fn success(&self, state: &[f32], target: &[f32]) -> bool {
        match *self {
            Criterion::Exact => binarise(state) == target,
            Criterion::Overlap(t) => math::overlap(state, target) >= t,
        }
    }
}

/// Everything that defines a capacity experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapacityConfig {
    /// The model under test.
    pub spec: ModelSpec,
    /// Dimension d of the random patterns.
    pub dim: usize,
    /// The numbers of stored patterns N, one point each.
    pub counts: Vec<usize>,
    /// Trials per N.
    pub trials: usize,
    /// Fraction of the target's signs flipped in the query, in [0, 1].
    pub flip: f32,
    /// The success criterion.
    pub criterion: Criterion,
    /// Seed of the whole experiment.
    pub seed: u64,
    /// Maximum steps (sweeps) per retrieval.
    pub max_steps: usize,
}

impl CapacityConfig {
    /// Checks every parameter and the total amount of work before anything runs.
    pub fn validate(&self) -> Result<()> {
        self.spec.validate()?;
        if self.dim > MAX_DIM {
            return Err(too_large(
                "dimension d of a capacity run",
                self.dim,
                MAX_DIM,
            ));
        }
        if self.counts.is_empty() {
            return Err(EngineError::Empty {
                what: "the list of pattern counts N",
            });
        }
        if self.counts.len() > MAX_POINTS {
            return Err(too_large(
                "number of N values",
                self.counts.len(),
                MAX_POINTS,
            ));
        }
        for &n in &self.counts {
            check_size(self.dim, n)?;
        }
        if self.trials == 0 {
            return Err(EngineError::Empty {
                what: "the trial count",
            });
        }
        if self.trials > MAX_TRIALS {
            return Err(too_large("trials per N", self.trials, MAX_TRIALS));
        }
        check_range("flip fraction", self.flip as f64, 0.0, 1.0)?;
        if let Criterion::Overlap(t) = self.criterion {
            check_range("overlap threshold", t as f64, -1.0, 1.0)?;
        }
        check_range("max steps", self.max_steps as f64, 1.0, MAX_STEPS as f64)?;
        let max_n = self.counts.iter().copied().max().unwrap_or(0);
        match self.spec {
            ModelSpec::Classic {
                rule: LearningRule::PseudoInverse,
                ..
            } if max_n > MAX_PSEUDO_INVERSE_COUNT => {
                return Err(too_large(
                    "number of patterns N for the pseudo-inverse rule",
                    max_n,
                    MAX_PSEUDO_INVERSE_COUNT,
                ));
            }
            ModelSpec::Dense {
                interaction: Interaction::Polynomial { degree, .. },
            } => check_degree(self.dim, max_n, degree)?,
            _ => {}
        }
        let sum_n: u64 = self.counts.iter().map(|&n| n as u64).sum();
        let work = (self.trials as u64)
            .saturating_mul(sum_n)
            .saturating_mul(self.dim as u64);
        if work > MAX_WORK {
            return Err(too_large_u64("trials × ΣN × d", work, MAX_WORK));
        }
        if let ModelSpec::Classic {
            rule: LearningRule::Storkey | LearningRule::PseudoInverse,
            ..
        } = self.spec
        {
            let weight_work = work.saturating_mul(self.dim as u64);
            if weight_work > MAX_WEIGHT_WORK {
                return Err(too_large_u64(
                    "trials × ΣN × d² (Storkey and pseudo-inverse build d×d weights)",
                    weight_work,
                    MAX_WEIGHT_WORK,
                ));
            }
        }
        Ok(())
    }

    /// trials × (number of N values): the units of work of [`CapacityRun::step`].
    pub fn total_trials(&self) -> usize {
        self.trials.saturating_mul(self.counts.len())
    }
}

fn too_large(what: &'static str, value: usize, limit: usize) -> EngineError {
    EngineError::TooLarge { what, value, limit }
}

fn too_large_u64(what: &'static str, value: u64, limit: u64) -> EngineError {
    too_large(
        what,
        usize::try_from(value).unwrap_or(usize::MAX),
        usize::try_from(limit).unwrap_or(usize::MAX),
    )
}

/// Which random patterns a trial stores. Additive to [`CapacityConfig`] (which stays as it
/// was): a run chooses the kind with [`CapacityRun::with_patterns`]; the default draws
/// independent ±1 patterns exactly as [`run_trial`] always did.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum PatternKind {
    /// Independent random ±1 patterns.
    #[default]
    RandomBinary,
    /// Noisy copies of one random prototype with expected mutual overlap `overlap` ∈ [0, 1]
    /// (see [`PatternSet::correlated_binary`]).
    Correlated {
        /// Expected overlap of two stored patterns.
        overlap: f32,
    },
}

impl PatternKind {
    /// Checks the parameters (overlap in [0, 1]).
    pub fn validate(&self) -> Result<()> {
        match *self {
            PatternKind::RandomBinary => Ok(()),
            PatternKind::Correlated { overlap } => {
                check_range("mean overlap of the patterns", overlap as f64, 0.0, 1.0)
            }
        }
    }
}

/// One finished point of the capacity curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CapacityPoint {
    /// N.
    pub n_patterns: usize,
    /// Fraction of trials that met the criterion.
    pub success_rate: f32,
    /// Mean final overlap with the target.
    pub mean_overlap: f32,
    /// Mean number of steps (state-changing sweeps or updates) per retrieval.
    pub mean_steps: f32,
}

/// What one trial measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrialOutcome {
    /// Whether the criterion was met.
    pub success: bool,
    /// Final overlap with the target.
    pub overlap: f32,
    /// Steps the retrieval took.
    pub steps: usize,
}

/// The sums behind one point of the curve, added trial by trial in trial order. Every way of
/// running an experiment (the resumable run, the CLI's threads, the browser's workers) books
/// its outcomes through this, in the same order, so the points are the same bit for bit
/// (f64 sums are not associative: the order is part of the result).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    trials: usize,
    successes: usize,
    overlap_sum: f64,
    steps_sum: f64,
}

impl Tally {
    /// Books the next trial.
    pub fn add(&mut self, outcome: TrialOutcome) {
        self.trials += 1;
        self.successes += usize::from(outcome.success);
        self.overlap_sum += outcome.overlap as f64;
        self.steps_sum += outcome.steps as f64;
    }

    /// The point at N = `n_patterns` over the trials booked (at least one).
    pub fn point(&self, n_patterns: usize) -> CapacityPoint {
        let t = self.trials as f64;
        CapacityPoint {
            n_patterns,
            success_rate: (self.successes as f64 / t) as f32,
            mean_overlap: (self.overlap_sum / t) as f32,
            mean_steps: (self.steps_sum / t) as f32,
        }
    }
}

/// Where a run stands, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// Fraction of trials done, in [0, 1].
    pub fraction: f32,
    /// Trials done so far.
    pub trials_done: usize,
    /// Trials in the whole run.
    pub total_trials: usize,
    /// Whether every point is finished.
    pub done: bool,
}

/// The seed of trial `trial` at N = `n_patterns`: a SplitMix64 mix of the three numbers, so
/// each trial is reproducible on its own.
pub fn trial_seed(seed: u64, n_patterns: usize, trial: usize) -> u64 {
    let point = stream_seed(seed, n_patterns as u64);
    stream_seed(point, (trial as u64).wrapping_add(0x5851_F42D_4C95_7F2D))
}

/// One trial: fresh random ±1 patterns, one target, exactly round(flip·d) distinct signs
/// flipped, retrieval, overlap of the final state with the target.
pub fn run_trial(config: &CapacityConfig, n_patterns: usize, trial: usize) -> Result<TrialOutcome> {
    run_trial_with(config, PatternKind::RandomBinary, n_patterns, trial)
}

/// [`run_trial`] with patterns of the given kind (`RandomBinary` gives exactly `run_trial`).
pub fn run_trial_with(
    config: &CapacityConfig,
    kind: PatternKind,
    n_patterns: usize,
    trial: usize,
) -> Result<TrialOutcome> {
    let mut trial = Trial::new(config, kind, n_patterns, trial)?;
    loop {
        trial.step()?;
        if let Some(outcome) = trial.outcome() {
            return Ok(outcome);
        }
    }
}

/// A capacity experiment in progress.
#[derive(Debug, Clone)]
pub struct CapacityRun {
    config: CapacityConfig,
    /// Which patterns each trial draws.
    patterns: PatternKind,
    /// Index into `config.counts` of the point being measured.
    point: usize,
    /// Trials done at that point.
    trial: usize,
    /// The trial in progress, once started.
    current: Option<Trial>,
    /// The finished trials of the point being measured.
    tally: Tally,
    points: Vec<CapacityPoint>,
}

impl CapacityRun {
    /// Validates `config` and prepares an empty run.
    pub fn new(config: CapacityConfig) -> Result<Self> {
        Self::with_patterns(config, PatternKind::RandomBinary)
    }

    /// Validates `config` and `patterns` and prepares an empty run whose trials store
    /// patterns of that kind.
    pub fn with_patterns(config: CapacityConfig, patterns: PatternKind) -> Result<Self> {
        config.validate()?;
        patterns.validate()?;
        Ok(Self {
            config,
            patterns,
            point: 0,
            trial: 0,
            current: None,
            tally: Tally::default(),
            points: Vec::new(),
        })
    }

    /// The experiment's configuration.
    pub fn config(&self) -> &CapacityConfig {
        &self.config
    }

    /// Which patterns the trials store.
    pub fn pattern_kind(&self) -> PatternKind {
        self.patterns
    }

    /// The points finished so far, in the order of `config.counts`.
    pub fn points(&self) -> &[CapacityPoint] {
        &self.points
    }

    /// Whether every point is finished.
    pub fn is_done(&self) -> bool {
        self.point >= self.config.counts.len()
    }

    /// Where the run stands.
    pub fn progress(&self) -> Progress {
        let total = self.config.total_trials();
        let done_trials = (self.point * self.config.trials + self.trial).min(total);
        Progress {
            fraction: if total == 0 {
                1.0
            } else {
                done_trials as f32 / total as f32
            },
            trials_done: done_trials,
            total_trials: total,
            done: self.is_done(),
        }
    }

    /// Runs at most `budget` trials (0 does nothing; a trial already started by
    /// [`CapacityRun::advance`] counts as one) and returns the progress. Errors cannot come
    /// from a validated config in practice; if one does, the run stays at the start of the
    /// trial that failed.
    pub fn step(&mut self, budget: usize) -> Result<Progress> {
        for _ in 0..budget {
            if self.is_done() {
                break;
            }
            loop {
                self.trial_work()?;
                if self.book_trial() {
                    break;
                }
            }
        }
        Ok(self.progress())
    }

    /// Works through trials in pieces of bounded size (see [`Trial::step`]) until about
    /// `work` operations are done (at least one piece, unless the run is finished), and
    /// returns the operations done. However the run is split, the points are the same bit
    /// for bit. Errors as for [`CapacityRun::step`].
    pub fn advance(&mut self, work: u64) -> Result<u64> {
        let mut done = 0;
        while !self.is_done() {
            done += self.trial_work()?;
            self.book_trial();
            if done >= work {
                break;
            }
        }
        Ok(done)
    }

    /// One piece of the current trial (starting it if needed); returns its operations.
    fn trial_work(&mut self) -> Result<u64> {
        let Some(&n) = self.config.counts.get(self.point) else {
            return Ok(0);
        };
        let trial = match &mut self.current {
            Some(trial) => trial,
            slot => slot.insert(Trial::new(&self.config, self.patterns, n, self.trial)?),
        };
        let outcome = trial.step();
        if outcome.is_err() {
            self.current = None;
        }
        outcome
    }

    /// Books the current trial if it is finished; true if it was.
    fn book_trial(&mut self) -> bool {
        let Some(outcome) = self.current.as_ref().and_then(Trial::outcome) else {
            return false;
        };
        self.current = None;
        let n = self.config.counts[self.point];
        self.tally.add(outcome);
        self.trial += 1;
        if self.trial == self.config.trials {
            self.points.push(std::mem::take(&mut self.tally).point(n));
            self.point += 1;
            self.trial = 0;
        }
        true
    }
}

/// Runs a whole experiment at once (the CLI's path).
pub fn run_to_end(config: CapacityConfig) -> Result<Vec<CapacityPoint>> {
    let mut run = CapacityRun::new(config)?;
    let total = run.config.total_trials();
    run.step(total)?;
    Ok(run.points)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::classic::UpdateMode;

    fn config() -> CapacityConfig {
        CapacityConfig {
            spec: ModelSpec::Classic {
                rule: LearningRule::Hebbian,
                update: UpdateMode::Async,
            },
            dim: 50,
            counts: vec![2, 10],
            trials: 5,
            flip: 0.1,
            criterion: Criterion::Overlap(0.95),
            seed: 1,
            max_steps: 20,
        }
    }

    #[test]
    fn validation_names_the_limit() {
        let mut c = config();
        c.dim = 1000;
        c.trials = 100_000;
        c.counts = vec![100; 10];
        let msg = c.validate().unwrap_err().to_string();
        assert!(msg.contains("trials × ΣN × d"), "{msg}");
        let mut c = config();
        c.flip = 1.5;
        assert!(c.validate().is_err());
        let mut c = config();
        c.counts.clear();
        assert!(c.validate().is_err());
        let mut c = config();
        c.max_steps = 0;
        assert!(c.validate().is_err());
    }

    #[test]
    fn progress_runs_from_zero_to_one() {
        let mut run = CapacityRun::new(config()).unwrap();
        assert_eq!(run.progress().fraction, 0.0);
        let p = run.step(3).unwrap();
        assert!(p.fraction > 0.0 && p.fraction < 1.0 && !p.done);
        let p = run.step(100).unwrap();
        assert!(p.done && p.fraction == 1.0);
        assert_eq!(run.points().len(), 2);
        assert_eq!(run.step(5).unwrap(), p);
    }

    #[test]
    fn correlated_patterns_are_an_additive_choice() {
        let plain = run_to_end(config()).unwrap();
        let mut random = CapacityRun::with_patterns(config(), PatternKind::RandomBinary).unwrap();
        random.step(100).unwrap();
        assert_eq!(random.points(), plain.as_slice());
        let mut run =
            CapacityRun::with_patterns(config(), PatternKind::Correlated { overlap: 0.5 }).unwrap();
        run.step(100).unwrap();
        assert_eq!(run.points().len(), 2);
        assert_eq!(run.pattern_kind(), PatternKind::Correlated { overlap: 0.5 });
        assert!(
            CapacityRun::with_patterns(config(), PatternKind::Correlated { overlap: 1.5 }).is_err()
        );
    }

    #[test]
    fn criterion_serialises_readably() {
        let json = serde_json::to_string(&Criterion::Overlap(0.95)).unwrap();
        assert_eq!(json, r#"{"overlap":0.95}"#);
        assert_eq!(
            serde_json::to_string(&Criterion::Exact).unwrap(),
            r#""exact""#
        );
    }
}
