//! The pooling view's requests on the session's experiment: training in chunks (a changed
//! setting starts a fresh run, so the view never has to say "reset"), and the read-outs of the
//! trained Hopfield pooling. Every refusal is a [`Reply::Error`] naming what was wrong.

use super::MAX_STEPS_PER_REQUEST;
use crate::compute::protocol::{Reply, Request};
use crate::lab::pooling::experiment::{Experiment, PoolError};

/// Answers a pooling request on `slot` (the session's experiment, started by a train request).
pub(super) fn serve(
    slot: &mut Option<Experiment>,
    request: &Request,
    now: &dyn Fn() -> f64,
) -> Reply {
    let outcome = match request {
        Request::PoolTrain { config, steps } => {
            if *steps > MAX_STEPS_PER_REQUEST {
                return Reply::Error(format!(
                    "pooling: {steps} steps in one request: at most {MAX_STEPS_PER_REQUEST}"
                ));
            }
            let fresh = slot.as_ref().is_none_or(|e| e.config() != config);
            if fresh {
                // The old run goes first, so two runs' bags are never held at once.
                *slot = None;
                match Experiment::new(config, now) {
                    Ok(e) => *slot = Some(e),
                    Err(e) => return Reply::Error(format!("pooling: {e}")),
                }
            }
            let Some(experiment) = slot.as_mut() else {
                return Reply::Error("pooling: no run".into());
            };
            let from = if fresh { 0 } else { experiment.curve().len() };
            let mut snapshot = experiment.train(*steps, now);
            snapshot.points = experiment.curve()[from..].to_vec();
            Ok(Reply::Pool(snapshot))
        }
        Request::PoolInspect { bag, beta } => trained(slot)
            .and_then(|e| e.inspect(*bag, *beta, now))
            .map(Reply::PoolInspection),
        Request::PoolBetaSweep { betas } => trained(slot)
            .and_then(|e| e.beta_sweep(betas))
            .map(Reply::PoolBetas),
        Request::PoolEvaluate { sequences, seed } => trained(slot)
            .and_then(|e| e.evaluate(*sequences, *seed, now))
            .map(Reply::PoolEvaluation),
        _ => return Reply::Error("pooling: not a pooling request".into()),
    };
    outcome.unwrap_or_else(|e| Reply::Error(format!("pooling: {e}")))
}

/// The session's experiment, or the error that there is none.
fn trained(slot: &Option<Experiment>) -> Result<&Experiment, PoolError> {
    slot.as_ref().ok_or(PoolError::NoRun)
}

#[cfg(test)]
mod tests {
    use super::super::Session;
    use super::*;
    use crate::engine::pooling::PoolConfig;

    /// `request` through the wire to `session` and its reply back.
    fn ask(session: &mut Session, request: Request) -> Reply {
        let request = Request::decode(&request.encode()).unwrap();
        let reply = session.serve(&request, &|| 0.0, &mut |_| {});
        Reply::decode(&reply.encode()).unwrap()
    }

    fn small() -> PoolConfig {
        PoolConfig {
            sequences: 1_000,
            witness_rate: 0.02,
            bags_train: 20,
            bags_held_out: 6,
            steps: 12,
            curriculum: false,
            learning_rate: 3e-3,
            ..PoolConfig::default()
        }
    }

    fn train(session: &mut Session, config: &PoolConfig, steps: usize) -> Reply {
        ask(
            session,
            Request::PoolTrain {
                config: config.clone(),
                steps,
            },
        )
    }

    #[test]
    fn a_run_in_chunks_is_the_experiment_run_at_once_and_reads_out_the_same() {
        let now = || 0.0;
        let mut direct = Experiment::new(&small(), &now).unwrap();
        direct.train(small().steps, &now);
        let mut session = Session::default();
        let mut points = Vec::new();
        for chunk in [0, 5, 1, 100] {
            let Reply::Pool(snapshot) = train(&mut session, &small(), chunk) else {
                panic!("no snapshot")
            };
            points.extend(snapshot.points);
        }
        // Step 0 once, then a point every other step (12 steps, ten points a run), whatever
        // the chunks: 0, 2, …, 12.
        assert_eq!(points.len(), 7);
        assert_eq!(points[6].step, 12);
        assert_eq!(format!("{points:?}"), format!("{:?}", direct.curve()));
        let inspect = Request::PoolInspect {
            bag: 2,
            beta: Some(8.0),
        };
        assert_eq!(
            ask(&mut session, inspect),
            Reply::PoolInspection(direct.inspect(2, Some(8.0), &now).unwrap())
        );
        let betas = vec![1e-4, 1.0, 3.0, 100.0];
        assert_eq!(
            ask(
                &mut session,
                Request::PoolBetaSweep {
                    betas: betas.clone()
                }
            ),
            Reply::PoolBetas(direct.beta_sweep(&betas).unwrap())
        );
        let Reply::PoolEvaluation(fresh) = ask(
            &mut session,
            Request::PoolEvaluate {
                sequences: 3_000,
                seed: 5,
            },
        ) else {
            panic!("no evaluation")
        };
        assert_eq!(fresh, direct.evaluate(3_000, 5, &now).unwrap());
        assert_eq!(fresh.positive.attention.sequences, 3_000);
        assert_eq!(fresh.positive.attention.witnesses, 60);
        assert_eq!(fresh.bytes, 2 * 3_000 * 21);
        // A changed setting starts afresh, at step 0.
        let other = PoolConfig { seed: 2, ..small() };
        let Reply::Pool(restart) = train(&mut session, &other, 2) else {
            panic!("no snapshot")
        };
        assert_eq!(restart.step, 2);
        assert_eq!(restart.points[0].step, 0);
    }

    #[test]
    fn pooling_requests_out_of_turn_or_range_are_named() {
        let mut session = Session::default();
        let error = |reply: Reply| match reply {
            Reply::Error(m) => m,
            other => panic!("not an error: {other:?}"),
        };
        let none = error(ask(
            &mut session,
            Request::PoolBetaSweep { betas: vec![1.0] },
        ));
        assert!(none.contains("train one first"), "{none}");
        let big = PoolConfig {
            sequences: 300_000,
            bags_held_out: 1_000,
            ..small()
        };
        let m = error(train(&mut session, &big, 1));
        assert!(m.contains("sequences") && m.contains("1 GiB"), "{m}");
        let bad = PoolConfig {
            motif: "SG".into(),
            ..small()
        };
        assert!(error(train(&mut session, &bad, 1)).contains("motif"));
        let m = error(train(&mut session, &small(), MAX_STEPS_PER_REQUEST + 1));
        assert!(m.contains("at most"), "{m}");
        train(&mut session, &small(), 1);
        let m = error(ask(
            &mut session,
            Request::PoolInspect { bag: 6, beta: None },
        ));
        assert!(m.contains('6'), "{m}");
        let nan = Request::PoolInspect {
            bag: 0,
            beta: Some(f32::NAN),
        };
        assert!(error(ask(&mut session, nan)).contains("beta"));
        let many = Request::PoolBetaSweep {
            betas: vec![1.0; 65],
        };
        assert!(error(ask(&mut session, many)).contains("at most 64"));
        let huge = Request::PoolEvaluate {
            sequences: 300_001,
            seed: 0,
        };
        assert!(error(ask(&mut session, huge)).contains("evaluate sequences"));
    }
}
