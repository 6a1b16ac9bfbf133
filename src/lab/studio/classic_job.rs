//! The classic panel's retrieval as a resumable job. Learning Storkey's weights at d = 4096 is
//! N·2d² ≈ 34 M operations a pattern, and a sweep with the full matrix up to 2d², far over a
//! 50 ms task in the browser; the job does a bounded amount of work per call, so the view can
//! spread it over short slices with its progress shown, and ends with the same record as
//! [`PanelRun::record`].

use crate::engine::error::{EngineError, Result};
use crate::engine::model::{Model, ModelBuild, ModelSpec, RetrievalRun};
use crate::engine::patterns::PatternSet;

use super::playback::{MAX_PANEL_STEPS, PanelRun};

/// Work (operations) above which a job runs in slices rather than at once: about 10 ms.
const LONG_WORK: u64 = 20_000_000;

enum Phase {
    Learn(ModelBuild),
    Retrieve(Box<Model>, RetrievalRun),
    Done(PanelRun),
}

/// A retrieval being built and run, a bounded piece at a time.
pub struct PanelJob {
    phase: Option<Phase>,
    query: Vec<f32>,
    seed: u64,
    count: usize,
    sweeps: usize,
}

impl PanelJob {
    /// Starts building `spec` over `patterns` for a retrieval from `query`.
    pub fn new(spec: &ModelSpec, patterns: &PatternSet, query: &[f32], seed: u64) -> Result<Self> {
        Ok(Self {
            phase: Some(Phase::Learn(ModelBuild::new(spec, patterns)?)),
            query: query.to_vec(),
            seed,
            count: patterns.count(),
            sweeps: 0,
        })
    }

    /// Whether the learning alone is long enough to need slices.
    pub fn is_long(&self) -> bool {
        match &self.phase {
            Some(Phase::Learn(b)) => b.remaining() as u64 * b.pattern_cost() > LONG_WORK,
            _ => false,
        }
    }

    /// Does about `budget` operations of work (at least one row of learning or one sweep);
    /// true once the record is complete.
    pub fn work(&mut self, budget: u64) -> Result<bool> {
        let phase = match self.phase.take() {
            Some(Phase::Learn(mut build)) if build.remaining() > 0 => {
                build.learn_work(budget);
                Phase::Learn(build)
            }
            Some(Phase::Learn(build)) => {
                let model = build.finish()?;
                let run = model.start_retrieval(&self.query, MAX_PANEL_STEPS, self.seed)?;
                Phase::Retrieve(Box::new(model), run)
            }
            Some(Phase::Retrieve(model, mut run)) => {
                if run.step(&model) {
                    self.sweeps += 1;
                    Phase::Retrieve(model, run)
                } else {
                    Phase::Done(PanelRun {
                        retrieval: run.finish(),
                    })
                }
            }
            Some(done) => done,
            None => {
                return Err(EngineError::Numerical(
                    "this retrieval stopped after an error".into(),
                ));
            }
        };
        let done = matches!(phase, Phase::Done(_));
        self.phase = Some(phase);
        Ok(done)
    }

    /// Where the job is, for people.
    pub fn progress(&self) -> String {
        match &self.phase {
            Some(Phase::Learn(b)) => {
                let learned = self.count - b.remaining();
                format!(
                    "learning the weights: {learned} of {} patterns ({:.0} %)…",
                    self.count,
                    100.0 * learned as f32 / self.count.max(1) as f32
                )
            }
            Some(Phase::Retrieve(..)) => format!("retrieving: sweep {}…", self.sweeps + 1),
            _ => "done".into(),
        }
    }

    /// The record, once [`PanelJob::work`] said it is complete.
    pub fn into_run(self) -> Option<PanelRun> {
        match self.phase {
            Some(Phase::Done(run)) => Some(run),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededRng;
    use crate::engine::classic::{LearningRule, UpdateMode};

    #[test]
    fn a_sliced_job_records_what_record_does() {
        let set = PatternSet::random_binary(400, 6, &mut SeededRng::new(2)).unwrap();
        let mut query = set.pattern(1).to_vec();
        query[..120].iter_mut().for_each(|v| *v = -*v);
        for rule in [LearningRule::Storkey, LearningRule::PseudoInverse] {
            let spec = ModelSpec::Classic {
                rule,
                update: UpdateMode::Async,
            };
            let mut job = PanelJob::new(&spec, &set, &query, 3).unwrap();
            let mut calls = 0;
            while !job.work(100_000).unwrap() {
                calls += 1;
                if rule == LearningRule::Storkey && calls == 3 {
                    assert_eq!(
                        job.progress(),
                        "learning the weights: 1 of 6 patterns (17 %)…"
                    );
                }
            }
            if rule == LearningRule::Storkey {
                assert!(calls >= 12, "{calls} slices");
            }
            let want = PanelRun::record(&spec, &set, &query, 3).unwrap();
            assert_eq!(job.into_run().unwrap(), want, "{rule:?}");
        }
        // Storkey at 64×64 is long, Hebbian is not.
        let big = PatternSet::random_binary(4096, 8, &mut SeededRng::new(1)).unwrap();
        let job = |rule| {
            let spec = ModelSpec::Classic {
                rule,
                update: UpdateMode::Async,
            };
            PanelJob::new(&spec, &big, big.pattern(0), 0).unwrap()
        };
        assert!(job(LearningRule::Storkey).is_long());
        assert!(!job(LearningRule::Hebbian).is_long());
        assert!(!job(LearningRule::PseudoInverse).is_long());
    }
}
