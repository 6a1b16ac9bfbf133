//! One front door for the three networks: a serialisable [`ModelSpec`] names a model and its
//! parameters, [`Model`] is the built network, and [`run`] retrieves from a query. The CLI, the
//! capacity runner and the app all go through here, so "the same spec, patterns, query and
//! seed" gives the same trajectory everywhere.

use serde::{Deserialize, Serialize};

use super::classic::{
    self, AsyncRun, BinaryRun, ClassicHopfield, ClassicLearner, LearningRule, MAX_SWEEPS, Sweep,
    SyncRun, UpdateMode,
};
use super::dense::{self, DenseHopfield, Interaction};
use super::error::{EngineError, Result, check_range};
use super::modern::{self, BETA_MAX, BETA_MIN, ModernHopfield, ModernRun};
use super::patterns::PatternSet;
use super::rng::SeededRng;
use super::trajectory::Trajectory;

/// Largest number of steps (sweeps for binary models, updates for the modern one) one
/// retrieval may record.
pub const MAX_STEPS: usize = MAX_SWEEPS;

/// Which network, with its parameters. Serialises as e.g.
/// `{"model": "classic", "rule": "hebbian", "update": "async"}`,
/// `{"model": "dense", "interaction": {"kind": "polynomial", "degree": 3, "rectified": false}}`,
/// `{"model": "modern", "beta": 0.125}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ModelSpec {
    /// The classical binary network.
    Classic {
        /// How the weights are learned.
        rule: LearningRule,
        /// Synchronous or asynchronous dynamics.
        update: UpdateMode,
    },
    /// The dense associative memory (asynchronous dynamics).
    Dense {
        /// The interaction function F.
        interaction: Interaction,
    },
    /// The modern continuous network.
    Modern {
        /// Inverse temperature β ∈ [1e-4, 1e4].
        beta: f32,
    },
}

impl ModelSpec {
    /// Checks the parameters without building anything (for forms and config files).
    pub fn validate(&self) -> Result<()> {
        match self {
            ModelSpec::Classic { .. } => Ok(()),
            ModelSpec::Dense { interaction } => interaction.validate(),
            ModelSpec::Modern { beta } => {
                check_range("β", *beta as f64, BETA_MIN as f64, BETA_MAX as f64)
            }
        }
    }

    /// Whether the model works on ±1 states (patterns and queries are binarised: sign, 0 → +1).
    pub fn is_binary(&self) -> bool {
        !matches!(self, ModelSpec::Modern { .. })
    }

    /// A short human-readable name for legends and logs.
    pub fn label(&self) -> String {
        match self {
            ModelSpec::Classic { rule, update } => format!("classic {rule:?} {update:?}"),
            ModelSpec::Dense {
                interaction: Interaction::Polynomial { degree, rectified },
            } => format!(
                "dense F(z)={}z^{degree}",
                if *rectified { "rectified " } else { "" }
            ),
            ModelSpec::Dense {
                interaction: Interaction::Exponential { beta },
            } => format!("dense F(z)=exp({beta}z)"),
            ModelSpec::Modern { beta } => format!("modern β={beta}"),
        }
    }
}

/// The result of one retrieval by any model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retrieval {
    /// States, energies, (modern only) softmax weights per step, and whether it converged.
    pub trajectory: Trajectory,
    /// Asynchronous binary runs: every neuron visit per sweep (see [`Sweep`]); empty otherwise.
    pub sweeps: Vec<Sweep>,
    /// Synchronous classic runs: stopped on a 2-cycle.
    pub cycle: bool,
}

impl From<BinaryRun> for Retrieval {
    fn from(run: BinaryRun) -> Self {
        Self {
            trajectory: run.trajectory,
            sweeps: run.sweeps,
            cycle: run.cycle,
        }
    }
}

/// A built network: learning the weights (Storkey, pseudo-inverse) can be costly, so the app
/// builds once and retrieves many queries.
#[derive(Debug, Clone)]
pub enum Model {
    /// A classical network and its update mode.
    Classic(ClassicHopfield, UpdateMode),
    /// A dense associative memory.
    Dense(DenseHopfield),
    /// A modern network.
    Modern(ModernHopfield),
}

impl Model {
    /// Builds the network `spec` describes over `patterns`.
    pub fn new(spec: &ModelSpec, patterns: &PatternSet) -> Result<Self> {
        ModelBuild::new(spec, patterns.clone())?.finish()
    }

    /// The patterns as the network stores them (±1 for the binary models).
    pub fn patterns(&self) -> &PatternSet {
        match self {
            Model::Classic(net, _) => net.patterns(),
            Model::Dense(net) => net.patterns(),
            Model::Modern(net) => net.patterns(),
        }
    }

    /// The energy of `state` as the model defines it (binarised first for binary models).
    pub fn energy(&self, state: &[f32]) -> Result<f32> {
        match self {
            Model::Classic(net, _) => net.energy(state),
            Model::Dense(net) => net.energy(state),
            Model::Modern(net) => net.energy(state),
        }
    }

    /// Retrieval from `query` with at most `max_steps` ≤ [`MAX_STEPS`] steps; `seed` fixes the
    /// asynchronous visiting orders (the modern and synchronous runs are deterministic anyway).
    pub fn retrieve(&self, query: &[f32], max_steps: usize, seed: u64) -> Result<Retrieval> {
        let mut run = self.start_retrieval(query, max_steps, seed)?;
        while run.step(self) {}
        Ok(run.finish())
    }

    /// [`Model::retrieve`] as a resumable run: each [`RetrievalRun::step`] does one sweep
    /// (asynchronous), one synchronous step or one modern update, so a long retrieval can be
    /// spread over several slices of the browser's main thread with the same result.
    pub fn start_retrieval(
        &self,
        query: &[f32],
        max_steps: usize,
        seed: u64,
    ) -> Result<RetrievalRun> {
        if max_steps > MAX_STEPS {
            return Err(EngineError::TooLarge {
                what: "number of steps",
                value: max_steps,
                limit: MAX_STEPS,
            });
        }
        let stepper = match self {
            Model::Classic(net, UpdateMode::Async) => {
                Stepper::ClassicAsync(AsyncRun::new(net, &net.checked(query)?, max_steps))
            }
            Model::Classic(net, UpdateMode::Sync) => {
                Stepper::ClassicSync(SyncRun::new(net, &net.checked(query)?, max_steps))
            }
            Model::Dense(net) => {
                Stepper::Dense(AsyncRun::new(net, &net.checked(query)?, max_steps))
            }
            Model::Modern(net) => {
                Stepper::Modern(ModernRun::new(net, query, max_steps, modern::DEFAULT_TOL)?)
            }
        };
        Ok(RetrievalRun {
            stepper,
            rng: SeededRng::new(seed),
        })
    }

    /// An upper bound on the operations (multiply-adds, exponentials) of one
    /// [`RetrievalRun::step`], from d and N: every neuron of a sweep visited and flipped, or
    /// one modern update (Xᵀξ, the softmax, X p).
    pub fn step_cost(&self) -> u64 {
        let (d, n) = {
            let p = self.patterns();
            (p.dim() as u64, p.count() as u64)
        };
        match self {
            // A visit reads one row of Xᵀ (N); a flip updates Xᵀs and its energy (2N).
            Model::Classic(net, UpdateMode::Async) if net.is_low_rank() => d * 3 * n + d,
            // A visit reads one field; a flip updates d fields and the energy (2d).
            Model::Classic(_, UpdateMode::Async) => d * (2 * d + 1),
            // W s (d² or 2dN) and the energy of the new state (as much again).
            Model::Classic(net, UpdateMode::Sync) if net.is_low_rank() => 4 * d * n + d,
            Model::Classic(_, UpdateMode::Sync) => 2 * d * d + d,
            // A visit reads one row of Xᵀ (N); a flip updates m (N) and recomputes the
            // per-pattern terms (three powers or a table look-up each, about 10N).
            Model::Dense(_) => d * 12 * n + d,
            // Xᵀξ and X p (dN each), N exponentials and the energy's log-sum-exp (16N).
            Model::Modern(_) => 2 * d * n + 16 * n,
        }
    }
}

/// A network being built, a bounded amount of work at a time: learning N patterns into a d×d
/// matrix (Hebbian with many patterns, Storkey) costs N·d² and is done pattern by pattern;
/// the other models are ready at once. [`Model::new`] builds in one go, with the same result.
#[derive(Debug, Clone)]
pub enum ModelBuild {
    /// A classical network still learning.
    Classic(ClassicLearner, UpdateMode),
    /// A network with nothing left to learn.
    Ready(Box<Model>),
}

impl ModelBuild {
    /// Starts building `spec` over `patterns`, which it keeps (binarised in place for the
    /// binary models): a capacity trial's thousands of drawn patterns are not copied again.
    /// Costs about d·N (binarising; the dense memory also transposes).
    pub fn new(spec: &ModelSpec, patterns: PatternSet) -> Result<Self> {
        spec.validate()?;
        Ok(match *spec {
            ModelSpec::Classic { rule, update } => {
                ModelBuild::Classic(ClassicLearner::from_set(patterns, rule)?, update)
            }
            ModelSpec::Dense { interaction } => ModelBuild::Ready(Box::new(Model::Dense(
                DenseHopfield::from_set(patterns, interaction)?,
            ))),
            ModelSpec::Modern { beta } => ModelBuild::Ready(Box::new(Model::Modern(
                ModernHopfield::new(patterns, beta)?,
            ))),
        })
    }

    /// Patterns still to be learned one by one.
    pub fn remaining(&self) -> usize {
        match self {
            ModelBuild::Classic(learner, _) => learner.remaining(),
            ModelBuild::Ready(_) => 0,
        }
    }

    /// Estimated operations of [`ModelBuild::finish`] once nothing remains.
    pub fn finish_cost(&self) -> u64 {
        match self {
            ModelBuild::Classic(learner, _) => learner.finish_cost(),
            ModelBuild::Ready(_) => 0,
        }
    }

    /// Learns for about `budget` operations (see [`ClassicLearner::learn_work`]); returns the
    /// operations done, 0 once nothing remains.
    pub fn learn_work(&mut self, budget: u64) -> u64 {
        match self {
            ModelBuild::Classic(learner, _) => learner.learn_work(budget),
            ModelBuild::Ready(_) => 0,
        }
    }

    /// Learns whatever is left and returns the network.
    pub fn finish(self) -> Result<Model> {
        Ok(match self {
            ModelBuild::Classic(learner, update) => Model::Classic(learner.finish()?, update),
            ModelBuild::Ready(model) => *model,
        })
    }
}

/// The model-specific state of a retrieval in progress.
#[derive(Debug, Clone)]
enum Stepper {
    ClassicAsync(AsyncRun<classic::Scratch>),
    ClassicSync(SyncRun),
    Dense(AsyncRun<dense::Scratch>),
    Modern(ModernRun),
}

/// A retrieval in progress (see [`Model::start_retrieval`]).
#[derive(Debug, Clone)]
pub struct RetrievalRun {
    stepper: Stepper,
    rng: SeededRng,
}

impl RetrievalRun {
    /// One step of the retrieval on `model` (the model that started it); false (doing
    /// nothing) once the run is over. A different model ends the run rather than mixing
    /// them.
    pub fn step(&mut self, model: &Model) -> bool {
        match (&mut self.stepper, model) {
            (Stepper::ClassicAsync(run), Model::Classic(net, _)) => run.sweep(net, &mut self.rng),
            (Stepper::ClassicSync(run), Model::Classic(net, _)) => run.step(net),
            (Stepper::Dense(run), Model::Dense(net)) => run.sweep(net, &mut self.rng),
            (Stepper::Modern(run), Model::Modern(net)) => run.update(net),
            _ => false,
        }
    }

    /// The record of the retrieval so far.
    pub fn finish(self) -> Retrieval {
        match self.stepper {
            Stepper::ClassicAsync(run) => run.finish().into(),
            Stepper::Dense(run) => run.finish().into(),
            Stepper::ClassicSync(run) => run.finish().into(),
            Stepper::Modern(run) => Retrieval {
                trajectory: run.finish(),
                sweeps: Vec::new(),
                cycle: false,
            },
        }
    }
}

/// Builds the network `spec` describes over `patterns` and retrieves from `query`.
pub fn run(
    spec: &ModelSpec,
    patterns: &PatternSet,
    query: &[f32],
    max_steps: usize,
    seed: u64,
) -> Result<Retrieval> {
    Model::new(spec, patterns)?.retrieve(query, max_steps, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_round_trip_through_json() {
        let specs = [
            ModelSpec::Classic {
                rule: LearningRule::PseudoInverse,
                update: UpdateMode::Sync,
            },
            ModelSpec::Dense {
                interaction: Interaction::Polynomial {
                    degree: 3,
                    rectified: true,
                },
            },
            ModelSpec::Dense {
                interaction: Interaction::Exponential { beta: 1.0 },
            },
            ModelSpec::Modern { beta: 0.125 },
        ];
        for spec in specs {
            let json = serde_json::to_string(&spec).unwrap();
            let back: ModelSpec = serde_json::from_str(&json).unwrap();
            assert_eq!(back, spec, "{json}");
        }
        let parsed: ModelSpec =
            serde_json::from_str(r#"{"model":"classic","rule":"hebbian","update":"async"}"#)
                .unwrap();
        assert_eq!(
            parsed,
            ModelSpec::Classic {
                rule: LearningRule::Hebbian,
                update: UpdateMode::Async
            }
        );
    }

    #[test]
    fn every_model_retrieves_a_stored_pattern() {
        let set = PatternSet::random_binary(64, 4, &mut SeededRng::new(1)).unwrap();
        let mut query = set.pattern(2).to_vec();
        for v in &mut query[..8] {
            *v = -*v;
        }
        for spec in [
            ModelSpec::Classic {
                rule: LearningRule::Storkey,
                update: UpdateMode::Async,
            },
            ModelSpec::Classic {
                rule: LearningRule::Hebbian,
                update: UpdateMode::Sync,
            },
            ModelSpec::Dense {
                interaction: Interaction::Exponential { beta: 1.0 },
            },
            ModelSpec::Modern { beta: 1.0 },
        ] {
            let r = run(&spec, &set, &query, 20, 7).unwrap();
            assert!(r.trajectory.converged, "{}", spec.label());
            let ov = crate::engine::math::overlap(r.trajectory.final_state(), set.pattern(2));
            assert!(ov > 0.99, "{}: {ov}", spec.label());
            assert_eq!(r.trajectory.states.len(), r.trajectory.energies.len());
        }
    }

    #[test]
    fn bad_specs_and_sizes_are_typed_errors() {
        let set = PatternSet::random_binary(8, 2, &mut SeededRng::new(2)).unwrap();
        let modern = ModelSpec::Modern { beta: -1.0 };
        assert!(modern.validate().is_err());
        assert!(run(&modern, &set, &[1.0; 8], 5, 0).is_err());
        let ok = ModelSpec::Modern { beta: 1.0 };
        assert!(run(&ok, &set, &[1.0; 8], MAX_STEPS + 1, 0).is_err());
        assert!(run(&ok, &set, &[1.0; 9], 5, 0).is_err());
    }
}
