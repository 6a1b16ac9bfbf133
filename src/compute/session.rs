//! What a compute worker keeps between messages. Most requests are independent jobs (the
//! [`executor`](super::executor) runs them); the learning view's training is one run that
//! lasts: the worker's [`Session`] holds its trainer, so the page can ask for a few steps at a
//! time, pause by asking for none, and read the snapshots as they come. The same requests on
//! the same settings give the same bits as `hopfield train`. The heads view's
//! all-MiniLM-L6-v2 lasts too: its 23 MB asset is sent and parsed once, then each text is a
//! small request ([`bert`]). The pooling view's experiment lasts as well: its bags and three
//! trainers are built once and trained a chunk at a time ([`pool`]), the same code as
//! `hopfield pool`. The studio's classic network at 64×64 lasts too: learned once (Storkey's
//! 64 MB of weights stay in the worker), then each query is a small request ([`classic`]).

mod bert;
mod classic;
mod pool;

use super::executor::execute;
use super::protocol::{Reply, Request};
use crate::engine::bert::MiniLm;
use crate::engine::transformer::Trainer;
use crate::lab::pooling::experiment::Experiment;

/// Most steps one request may ask for: a request answers within seconds, so the page stays
/// in control (pause, reset) of a long run.
pub const MAX_STEPS_PER_REQUEST: usize = 2_000;

/// A worker's state between requests: a training run, a MiniLM, a pooling experiment and a
/// classic network, independent of each other (starting one keeps the others).
#[derive(Debug, Default)]
pub struct Session {
    trainer: Option<Trainer>,
    bert: Option<MiniLm>,
    pool: Option<Experiment>,
    classic: Option<classic::Learned>,
}

impl Session {
    /// Answers `request`: training requests on the session's run, MiniLM requests on its
    /// model, every other one by the executor (`progress` hears how it goes).
    pub fn serve(
        &mut self,
        request: &Request,
        now: &dyn Fn() -> f64,
        progress: &mut dyn FnMut(Reply),
    ) -> Reply {
        let outcome = match request {
            Request::TrainStart { config } => Trainer::new(config).map(|t| {
                let first = t.snapshot();
                self.trainer = Some(t);
                Reply::Snapshot(first)
            }),
            Request::TrainSteps { steps } => {
                let Some(trainer) = self.trainer.as_mut() else {
                    return Reply::Error("no training run: start one first".into());
                };
                if *steps > MAX_STEPS_PER_REQUEST {
                    return Reply::Error(format!(
                        "{steps} steps in one request: at most {MAX_STEPS_PER_REQUEST}"
                    ));
                }
                let mut ran = Ok(());
                for _ in 0..*steps {
                    if let Err(e) = trainer.step() {
                        ran = Err(e);
                        break;
                    }
                }
                ran.map(|()| Reply::Snapshot(trainer.snapshot()))
            }
            Request::TrainReplace { heads } => match self.trainer.as_ref() {
                None => return Reply::Error("no training run: start one first".into()),
                Some(trainer) => trainer.accuracy_with(heads).map(Reply::Accuracy),
            },
            Request::TrainAttention {
                layer,
                head,
                example,
            } => match self.trainer.as_ref() {
                None => return Reply::Error("no training run: start one first".into()),
                Some(trainer) => trainer
                    .attention(*layer, *head, *example)
                    .map(|(labels, matrix)| Reply::Attention { labels, matrix }),
            },
            Request::BertLoad { asset } => {
                // A damaged asset leaves the model already loaded, if any, in place.
                return match MiniLm::from_asset(asset) {
                    Ok(model) => {
                        self.bert = Some(model);
                        Reply::BertReady { bytes: asset.len() }
                    }
                    Err(e) => Reply::Error(format!("the MiniLM asset: {e}")),
                };
            }
            Request::BertAnalyse { text } => {
                return self.with_model(|m| bert::analyse(m, text, now));
            }
            Request::BertReplace {
                text,
                heads,
                with,
                seed,
            } => return self.with_model(|m| bert::replace(m, text, heads, *with, *seed)),
            Request::BertAblate {
                text,
                with,
                first,
                count,
            } => {
                return self
                    .with_model(|m| bert::ablate(m, text, *with, *first, *count, now, progress));
            }
            Request::PoolTrain { .. }
            | Request::PoolInspect { .. }
            | Request::PoolBetaSweep { .. }
            | Request::PoolEvaluate { .. } => return pool::serve(&mut self.pool, request, now),
            Request::ClassicRetrieve { .. } => {
                return classic::serve(&mut self.classic, request, now, progress);
            }
            other => return execute(other, now, progress),
        };
        outcome.unwrap_or_else(|e| Reply::Error(format!("training: {e}")))
    }

    /// `answer` on the session's model, or the error that there is none.
    fn with_model(&self, answer: impl FnOnce(&MiniLm) -> Result<Reply, String>) -> Reply {
        match self.bert.as_ref() {
            None => Reply::Error("no model loaded: the MiniLM asset must be sent first".into()),
            Some(model) => answer(model).unwrap_or_else(Reply::Error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::transformer::{Replacement, Task, TrainConfig};

    /// `request` through the wire to `session` and its reply back.
    fn ask(session: &mut Session, request: Request) -> Reply {
        let request = Request::decode(&request.encode()).unwrap();
        let reply = session.serve(&request, &|| 0.0, &mut |_| {});
        Reply::decode(&reply.encode()).unwrap()
    }

    fn small() -> TrainConfig {
        TrainConfig {
            task: Task::CopyBack,
            layers: 2,
            heads: 2,
            dim: 16,
            seq: 16,
            batch: 8,
            ..TrainConfig::default()
        }
    }

    #[test]
    fn a_run_in_chunks_is_the_run_of_the_trainer_bit_for_bit() {
        let mut direct = Trainer::new(&small()).unwrap();
        let mut session = Session::default();
        assert_eq!(
            ask(&mut session, Request::TrainStart { config: small() }),
            Reply::Snapshot(direct.snapshot())
        );
        for chunk in [3, 1, 6] {
            for _ in 0..chunk {
                direct.step().unwrap();
            }
            let Reply::Snapshot(got) = ask(&mut session, Request::TrainSteps { steps: chunk })
            else {
                panic!("no snapshot")
            };
            let want = direct.snapshot();
            assert_eq!(got.step, want.step);
            assert_eq!(got.loss.to_bits(), want.loss.to_bits());
            assert_eq!(got, want);
        }
        let heads = vec![
            (1, 0, Replacement::Uniform),
            (0, 1, Replacement::Gaussian { sigma: 0.5 }),
        ];
        assert_eq!(
            ask(
                &mut session,
                Request::TrainReplace {
                    heads: heads.clone()
                }
            ),
            Reply::Accuracy(direct.accuracy_with(&heads).unwrap())
        );
        let (labels, matrix) = direct.attention(1, 1, 3).unwrap();
        assert_eq!(
            ask(
                &mut session,
                Request::TrainAttention {
                    layer: 1,
                    head: 1,
                    example: 3
                }
            ),
            Reply::Attention { labels, matrix }
        );
    }

    #[test]
    fn training_requests_without_a_run_or_out_of_range_are_named() {
        let mut session = Session::default();
        let none = ask(&mut session, Request::TrainSteps { steps: 1 });
        assert!(
            matches!(none, Reply::Error(ref m) if m.contains("start one first")),
            "{none:?}"
        );
        let bad = TrainConfig {
            layers: 100,
            ..TrainConfig::default()
        };
        let refused = ask(&mut session, Request::TrainStart { config: bad });
        assert!(
            matches!(refused, Reply::Error(ref m) if m.contains("layers")),
            "{refused:?}"
        );
        ask(&mut session, Request::TrainStart { config: small() });
        let many = ask(&mut session, Request::TrainSteps { steps: 1_000_000 });
        assert!(
            matches!(many, Reply::Error(ref m) if m.contains("at most")),
            "{many:?}"
        );
        let sigma = Replacement::Gaussian { sigma: 9.0 };
        let far = ask(
            &mut session,
            Request::TrainReplace {
                heads: vec![(0, 0, sigma)],
            },
        );
        assert!(
            matches!(far, Reply::Error(ref m) if m.contains("sigma")),
            "{far:?}"
        );
        // The executor alone refuses training requests instead of losing their state.
        let alone = execute(&Request::TrainSteps { steps: 1 }, &|| 0.0, &mut |_| {});
        assert!(
            matches!(alone, Reply::Error(ref m) if m.contains("session")),
            "{alone:?}"
        );
    }
}
