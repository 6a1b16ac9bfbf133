//! Where the classic panel's retrieval runs. Most networks learn and retrieve in a few
//! milliseconds, so the page records them at once ([`PanelRun::record`]). Storkey's rule at
//! 64×64 does not: its d×d weights are 64 MB, learned in N·2d² operations (a second or more in
//! the page's module) and swept at up to 2d² a sweep; even the change of rule that started
//! learning them on the page was one task of 67 ms (the learner and its zeroed matrix, then the
//! redraw). Such a network is learned and kept in a compute worker's session, which
//! answers each query with the recorded retrieval ([`request`]); the page shows the learning's
//! progress meanwhile ([`progress`]).

use crate::compute::protocol::Request;
use crate::engine::PatternSet;
use crate::engine::classic::{ClassicLearner, LearningRule, UpdateMode};

use super::playback::MAX_PANEL_STEPS;

/// Learning work (operations) above which the network is learned in a worker: about 10 ms
/// in the page's module.
const LONG_WORK: u64 = 20_000_000;

/// Whether the classic network of `rule` over `patterns` is learned and run in a worker.
pub fn in_worker(rule: LearningRule, patterns: &PatternSet) -> bool {
    ClassicLearner::work(patterns.dim(), patterns.count(), rule) > LONG_WORK
}

/// The worker's request for the panel's record: the same network, query, step limit and
/// seed as [`PanelRun::record`](super::playback::PanelRun::record) on the page, so the same
/// bits.
pub fn request(rule: LearningRule, patterns: &PatternSet, query: &[f32], seed: u64) -> Request {
    Request::ClassicRetrieve {
        rule,
        update: UpdateMode::Async,
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

    #[test]
    fn storkey_at_64x64_goes_to_a_worker_and_comes_back_as_the_page_would_record_it() {
        let big = PatternSet::random_binary(4096, 8, &mut SeededRng::new(1)).unwrap();
        assert!(in_worker(LearningRule::Storkey, &big));
        assert!(!in_worker(LearningRule::Hebbian, &big));
        assert!(!in_worker(LearningRule::PseudoInverse, &big));
        let small = PatternSet::random_binary(256, 8, &mut SeededRng::new(1)).unwrap();
        assert!(!in_worker(LearningRule::Storkey, &small));

        let set = PatternSet::random_binary(400, 6, &mut SeededRng::new(2)).unwrap();
        let mut query = set.pattern(1).to_vec();
        query[..120].iter_mut().for_each(|v| *v = -*v);
        let spec = ModelSpec::Classic {
            rule: LearningRule::Storkey,
            update: UpdateMode::Async,
        };
        let want = PanelRun::record(&spec, &set, &query, 3).unwrap();
        let sent = request(LearningRule::Storkey, &set, &query, 3).encode();
        let reply =
            Session::default().serve(&Request::decode(&sent).unwrap(), &|| 0.0, &mut |_| {});
        let Reply::Retrieval(got) = Reply::decode(&reply.encode()).unwrap() else {
            panic!("no retrieval: {reply:?}")
        };
        assert_eq!(PanelRun { retrieval: got }, want);
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
