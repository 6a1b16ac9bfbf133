//! The studio's classic panel where the page cannot afford it: Storkey's rule at 64×64 holds
//! a 64 MB d×d matrix learned in N·2d² operations, and each sweep over it costs up to 2d².
//! The session learns the network once, keeps it, and answers each query with the recorded
//! retrieval (states, energies, every neuron visit), so a new query or damage on the same
//! patterns is retrieved at once, and the weights never travel. It learns with the engine's
//! own [`ModelBuild`], whose slices give the weights of [`Model::new`] bit for bit.

use super::super::executor::PROGRESS_MS;
use crate::compute::protocol::{Reply, Request};
use crate::engine::PatternSet;
use crate::engine::classic::{LearningRule, UpdateMode};
use crate::engine::error::Result;
use crate::engine::model::{Model, ModelBuild, ModelSpec};

/// Operations between two looks at the clock while learning: about a millisecond.
const PIECE: u64 = 4_000_000;

/// The network the session learned last, with what it was learned from.
#[derive(Debug)]
pub(super) struct Learned {
    rule: LearningRule,
    update: UpdateMode,
    patterns: PatternSet,
    model: Model,
}

/// Answers a [`Request::ClassicRetrieve`] on `slot`, learning first unless the network held
/// was learned from the same rule and patterns (`progress` hears the patterns learned).
pub(super) fn serve(
    slot: &mut Option<Learned>,
    request: &Request,
    now: &dyn Fn() -> f64,
    progress: &mut dyn FnMut(Reply),
) -> Reply {
    let Request::ClassicRetrieve {
        rule,
        update,
        patterns,
        query,
        max_steps,
        seed,
    } = request
    else {
        return Reply::Error("classic: not a classic request".into());
    };
    let held = slot
        .as_ref()
        .is_some_and(|l| l.rule == *rule && l.update == *update && l.patterns == *patterns);
    if !held {
        // The old network goes first, so two d×d matrices are never held at once.
        *slot = None;
        let spec = ModelSpec::Classic {
            rule: *rule,
            update: *update,
        };
        match learn(&spec, patterns, now, progress) {
            Ok(model) => {
                *slot = Some(Learned {
                    rule: *rule,
                    update: *update,
                    patterns: patterns.clone(),
                    model,
                })
            }
            Err(e) => return Reply::Error(format!("the classic network: {e}")),
        }
    }
    let Some(learned) = slot.as_ref() else {
        return Reply::Error("the classic network: none learned".into());
    };
    learned
        .model
        .retrieve(query, *max_steps, *seed)
        .map_or_else(
            |e| Reply::Error(format!("the classic retrieval: {e}")),
            Reply::Retrieval,
        )
}

/// `spec` learned over `patterns` a piece at a time, telling `progress` how many patterns
/// are done at most every [`PROGRESS_MS`].
fn learn(
    spec: &ModelSpec,
    patterns: &PatternSet,
    now: &dyn Fn() -> f64,
    progress: &mut dyn FnMut(Reply),
) -> Result<Model> {
    let mut build = ModelBuild::new(spec, patterns.clone())?;
    let mut last = now();
    while build.remaining() > 0 {
        build.learn_work(PIECE);
        if now() - last >= PROGRESS_MS {
            last = now();
            progress(Reply::Progress {
                done: patterns.count() - build.remaining(),
            });
        }
    }
    build.finish()
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::super::Session;
    use super::*;
    use crate::engine::SeededRng;
    use crate::lab::studio::playback::PanelRun;

    /// `request` through the wire to `session` and its reply back, with the progress heard
    /// (the clock moves 50 ms a look, so every look may report).
    fn ask(session: &mut Session, request: &Request) -> (Reply, Vec<usize>) {
        let request = Request::decode(&request.encode()).unwrap();
        let clock = Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 50.0);
            clock.get()
        };
        let mut heard = Vec::new();
        let reply = session.serve(&request, &now, &mut |r| match r {
            Reply::Progress { done } => heard.push(done),
            other => panic!("not progress: {other:?}"),
        });
        (Reply::decode(&reply.encode()).unwrap(), heard)
    }

    /// The page's own request (the studio's classic panel).
    fn retrieve(rule: LearningRule, patterns: &PatternSet, query: &[f32], seed: u64) -> Request {
        crate::lab::studio::panel_jobs::classic(rule, patterns, query, seed)
    }

    #[test]
    fn the_worker_records_the_retrieval_of_the_engine_bit_for_bit() {
        // Storkey at d = 1024 learns in several pieces of `PIECE` operations.
        let set = PatternSet::random_binary(1024, 6, &mut SeededRng::new(4)).unwrap();
        let mut query = set.pattern(2).to_vec();
        query[..400].iter_mut().for_each(|v| *v = -*v);
        let mut session = Session::default();
        for rule in [
            LearningRule::Storkey,
            LearningRule::Hebbian,
            LearningRule::PseudoInverse,
        ] {
            let spec = ModelSpec::Classic {
                rule,
                update: UpdateMode::Async,
            };
            let want = PanelRun::record(&spec, &set, &query, 3).unwrap().retrieval;
            let (reply, heard) = ask(&mut session, &retrieve(rule, &set, &query, 3));
            assert_eq!(reply, Reply::Retrieval(want.clone()), "{rule:?}");
            if rule == LearningRule::Storkey {
                assert!(!want.sweeps.is_empty() && want.trajectory.converged);
                assert!(!heard.is_empty() && heard.is_sorted(), "{heard:?}");
                assert!(heard.iter().all(|&n| n <= 6), "{heard:?}");
            }
        }
        // The same rule and patterns with another query and seed: retrieved from the network
        // held, without learning again.
        let spec = ModelSpec::Classic {
            rule: LearningRule::PseudoInverse,
            update: UpdateMode::Async,
        };
        let other = set.pattern(5).to_vec();
        let want = PanelRun::record(&spec, &set, &other, 9).unwrap().retrieval;
        let request = retrieve(LearningRule::PseudoInverse, &set, &other, 9);
        assert_eq!(ask(&mut session, &request).0, Reply::Retrieval(want));
        let storkey = retrieve(LearningRule::Storkey, &set, &other, 9);
        assert!(!ask(&mut session, &storkey).1.is_empty(), "learned again");
        assert!(ask(&mut session, &storkey).1.is_empty(), "kept");
    }

    #[test]
    fn classic_requests_out_of_range_are_named() {
        let set = PatternSet::random_binary(16, 2, &mut SeededRng::new(1)).unwrap();
        let mut session = Session::default();
        let short = retrieve(LearningRule::Storkey, &set, &[1.0; 15], 0);
        let (reply, _) = ask(&mut session, &short);
        assert!(
            matches!(reply, Reply::Error(ref m) if m.contains("classic retrieval")),
            "{reply:?}"
        );
        let big = PatternSet::random_binary(4097, 1, &mut SeededRng::new(1)).unwrap();
        let (reply, _) = ask(
            &mut session,
            &retrieve(LearningRule::Storkey, &big, &[1.0; 4097], 0),
        );
        assert!(
            matches!(reply, Reply::Error(ref m) if m.contains("classic network")),
            "{reply:?}"
        );
    }
}
