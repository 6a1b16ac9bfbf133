//! The requests of the studio's binary panels (classic and dense), which record their
//! retrievals in compute workers: the page's module holds no binary network (that keeps the
//! studio's download under its budget), and a worker answers in a few milliseconds. Storkey's
//! rule at 64×64 takes longer: its d×d weights are 64 MB, learned in N·2d² operations (a
//! second or more); the worker's session learns and keeps such a network, answers each query
//! with the recorded retrieval, and the page shows the learning's progress meanwhile
//! ([`progress`]), where a quick answer is simply awaited ([`learns_long`]).

use crate::compute::protocol::Request;
use crate::engine::PatternSet;
use crate::engine::classic::{ClassicLearner, LearningRule, UpdateMode};
use crate::engine::dense::Interaction;

use super::playback::MAX_PANEL_STEPS;

/// Learning work (operations) above which the panel shows the learning's progress: about
/// 10 ms of the worker.
const LONG_WORK: u64 = 20_000_000;

/// Whether learning the classic network of `rule` over `patterns` takes long enough for the
/// panel to show its progress.
pub fn learns_long(rule: LearningRule, patterns: &PatternSet) -> bool {
    ClassicLearner::work(patterns.dim(), patterns.count(), rule) > LONG_WORK
}

/// The classic panel's request: the network, query, step limit and seed of
/// [`PanelRun::record`](super::playback::PanelRun::record), so the same bits.
pub fn classic(rule: LearningRule, patterns: &PatternSet, query: &[f32], seed: u64) -> Request {
    Request::ClassicRetrieve {
        rule,
        update: UpdateMode::Async,
        patterns: patterns.clone(),
        query: query.to_vec(),
        max_steps: MAX_PANEL_STEPS,
        seed,
    }
}

/// The dense panel's request, as [`classic`] (asynchronous sweeps).
pub fn dense(interaction: Interaction, patterns: &PatternSet, query: &[f32], seed: u64) -> Request {
    Request::DenseRetrieve {
        interaction,
        patterns: patterns.clone(),
        query: query.to_vec(),
        max_steps: MAX_PANEL_STEPS,
        seed,
    }
}

/// What the panel says while the worker has learned `learned` of `count` patterns.
pub fn progress(learned: usize, count: usize) -> String {
    if learned >= count {
        return "retrieving…".into();
    }
    format!(
        "learning the weights: {learned} of {count} patterns ({:.0} %)…",
        100.0 * learned as f32 / count.max(1) as f32
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::protocol::Reply;
    use crate::compute::session::Session;
    use crate::engine::SeededRng;
    use crate::engine::model::ModelSpec;
    use crate::lab::studio::playback::PanelRun;

    /// `request` through the wire to a fresh session, and its record back.
    fn answer(request: &Request) -> PanelRun {
        let sent = request.encode();
        let reply =
            Session::default().serve(&Request::decode(&sent).unwrap(), &|| 0.0, &mut |_| {});
        let Reply::Retrieval(retrieval) = Reply::decode(&reply.encode()).unwrap() else {
            panic!("no retrieval: {reply:?}")
        };
        PanelRun { retrieval }
    }

    /// Six patterns of 400 neurons and pattern 1 with 120 neurons flipped.
    fn set_and_query() -> (PatternSet, Vec<f32>) {
        let set = PatternSet::random_binary(400, 6, &mut SeededRng::new(2)).unwrap();
        let mut query = set.pattern(1).to_vec();
        query[..120].iter_mut().for_each(|v| *v = -*v);
        (set, query)
    }

    #[test]
    fn only_storkey_at_64x64_learns_long_enough_to_show_progress() {
        let big = PatternSet::random_binary(4096, 8, &mut SeededRng::new(1)).unwrap();
        assert!(learns_long(LearningRule::Storkey, &big));
        assert!(!learns_long(LearningRule::Hebbian, &big));
        assert!(!learns_long(LearningRule::PseudoInverse, &big));
        let small = PatternSet::random_binary(256, 8, &mut SeededRng::new(1)).unwrap();
        assert!(!learns_long(LearningRule::Storkey, &small));
    }

    #[test]
    fn every_rule_comes_back_from_a_worker_as_the_engine_records_it() {
        let (set, query) = set_and_query();
        for rule in [
            LearningRule::Hebbian,
            LearningRule::Storkey,
            LearningRule::PseudoInverse,
        ] {
            let spec = ModelSpec::Classic {
                rule,
                update: UpdateMode::Async,
            };
            let want = PanelRun::record(&spec, &set, &query, 3).unwrap();
            assert_eq!(answer(&classic(rule, &set, &query, 3)), want, "{rule:?}");
        }
    }

    #[test]
    fn every_dense_interaction_comes_back_from_a_worker_as_the_engine_records_it() {
        let (set, query) = set_and_query();
        for interaction in [
            Interaction::Polynomial {
                degree: 3,
                rectified: false,
            },
            Interaction::Polynomial {
                degree: 10,
                rectified: true,
            },
            Interaction::Exponential { beta: 0.5 },
        ] {
            let spec = ModelSpec::Dense { interaction };
            let want = PanelRun::record(&spec, &set, &query, 7).unwrap();
            assert!(want.steps() >= 1);
            assert_eq!(
                answer(&dense(interaction, &set, &query, 7)),
                want,
                "{interaction:?}"
            );
        }
    }

    #[test]
    fn a_dense_request_with_a_bad_interaction_is_an_error_not_a_panic() {
        let (set, query) = set_and_query();
        let bad = dense(Interaction::Exponential { beta: f32::NAN }, &set, &query, 7);
        let reply = Session::default().serve(&bad, &|| 0.0, &mut |_| {});
        assert!(
            matches!(reply, Reply::Error(ref m) if m.contains("dense")),
            "{reply:?}"
        );
    }

    #[test]
    fn progress_counts_the_patterns_then_says_retrieving() {
        assert_eq!(
            progress(1, 6),
            "learning the weights: 1 of 6 patterns (17 %)…"
        );
        assert_eq!(
            progress(0, 8),
            "learning the weights: 0 of 8 patterns (0 %)…"
        );
        assert_eq!(progress(8, 8), "retrieving…");
    }
}
