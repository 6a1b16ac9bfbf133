//! The capacity lab's finer slicing (issue 6: no main-thread task over 50 ms): a trial worked
//! through in small pieces gives exactly the outcome of the same trial run straight through,
//! and at the largest point of every preset no piece does more than a bounded amount of work.

use hopfield_lab::engine::capacity::{
    CapacityConfig, CapacityRun, PatternKind, STEP_WORK, Trial, TrialOutcome, run_trial_with,
    trial_seed,
};
use hopfield_lab::engine::corruption;
use hopfield_lab::engine::math;
use hopfield_lab::engine::model::Model;
use hopfield_lab::engine::patterns::PatternSet;
use hopfield_lab::engine::rng::SeededRng;
use hopfield_lab::lab::capacity::{Job, ModelChoice, Preset};

/// The most work one piece may do: 2²⁰ operations, a millisecond or two of release wasm
/// (which runs these loops 2–5× slower than native), far below the 10 ms slice.
const PIECE_CAP: u64 = 1 << 20;

/// The trial protocol written out straight, from the engine's one-shot parts: draw the set,
/// pick the target, flip round(flip·d) distinct signs of it, build, retrieve.
fn straight_trial(c: &CapacityConfig, kind: PatternKind, n: usize, trial: usize) -> TrialOutcome {
    let mut rng = SeededRng::new(trial_seed(c.seed, n, trial));
    let d = c.dim;
    let patterns = match kind {
        PatternKind::RandomBinary => PatternSet::random_binary(d, n, &mut rng),
        PatternKind::Correlated { overlap } => {
            PatternSet::correlated_binary(d, n, overlap, &mut rng)
        }
    }
    .unwrap();
    let target = patterns.pattern(rng.below(n)).to_vec();
    let query = corruption::flip_signs(&target, c.flip, &mut rng).unwrap();
    let seed = rng.next_u64();
    let model = Model::new(&c.spec, &patterns).unwrap();
    let run = model.retrieve(&query, c.max_steps, seed).unwrap();
    let state = run.trajectory.final_state();
    TrialOutcome {
        success: c.criterion.success(state, &target),
        overlap: math::overlap(state, &target).clamp(-1.0, 1.0),
        steps: run.trajectory.steps(),
    }
}

/// Works a trial through piece by piece; returns its outcome, the number of pieces, the most
/// work of one piece and the total work.
fn in_pieces(job: &Job, n: usize, trial: usize) -> (TrialOutcome, usize, u64, u64) {
    let mut t = Trial::new(&job.config, job.patterns, n, trial).unwrap();
    let (mut pieces, mut most, mut total) = (0, 0, 0);
    while t.outcome().is_none() {
        let work = t.step().unwrap();
        pieces += 1;
        most = most.max(work);
        total += work;
        assert!(pieces < 1_000_000, "{}: the trial never ends", job.label);
    }
    (t.outcome().unwrap(), pieces, most, total)
}

#[test]
fn the_largest_trials_of_every_preset_come_in_small_pieces() {
    for preset in Preset::ALL {
        for job in preset.settings().jobs().unwrap() {
            let c = &job.config;
            let n = *c.counts.iter().max().unwrap();
            for trial in 0..c.trials.min(4) {
                let (outcome, pieces, most, total) = in_pieces(&job, n, trial);
                println!(
                    "{} / {} N={n} trial {trial}: {pieces} pieces, largest {most} ops, {total} in all",
                    preset.slug(),
                    job.label
                );
                assert!(
                    most <= PIECE_CAP,
                    "{}: a piece of {most} operations",
                    job.label
                );
                // The pieces are small because the trial is split, not because work is missed:
                // drawing alone is N·d entries, and the Hebbian matrix costs a popcount per
                // entry and block of 64 patterns, N·d²/64.
                let d2 = (c.dim * c.dim) as u64;
                assert!(total >= (n * c.dim) as u64, "{}", job.label);
                if job.choice == ModelChoice::HebbianAsync && 2 * n >= c.dim {
                    let learning = (n as u64).div_ceil(64) * d2;
                    assert!(total >= learning, "{}", job.label);
                    assert!(pieces as u64 >= learning / STEP_WORK, "{}", job.label);
                }
                assert_eq!(
                    outcome,
                    straight_trial(c, job.patterns, n, trial),
                    "{} N={n} trial {trial}",
                    job.label
                );
                assert_eq!(outcome, run_trial_with(c, job.patterns, n, trial).unwrap());
            }
        }
    }
}

/// Every model the lab offers, random and correlated patterns: pieces, the one-shot parts and
/// any budget of operations give the same bits.
#[test]
fn pieces_and_budgets_do_not_change_a_bit() {
    for choice in ModelChoice::ALL {
        for correlated in [false, true] {
            let mut s = Preset::ClassicBreaks.settings();
            s.models = vec![choice];
            (s.dim, s.start, s.stop, s.step, s.trials, s.seed) = (48, 5, 45, 20, 4, 9);
            if correlated {
                s.patterns = hopfield_lab::lab::capacity::Patterns::Correlated;
            }
            s.exact = correlated;
            let job = &s.jobs().unwrap()[0];
            for &n in &job.config.counts {
                for trial in 0..job.config.trials {
                    let (outcome, ..) = in_pieces(job, n, trial);
                    let straight = straight_trial(&job.config, job.patterns, n, trial);
                    assert_eq!(outcome, straight, "{} N={n}", job.label);
                }
            }
            let whole = {
                let mut run = job.start().unwrap();
                run.step(job.config.total_trials()).unwrap();
                run.points().to_vec()
            };
            for budget in [1, 5_000, STEP_WORK, u64::MAX] {
                let mut run: CapacityRun = job.start().unwrap();
                let mut calls = 0;
                while !run.is_done() {
                    assert!(run.advance(budget).unwrap() > 0);
                    calls += 1;
                }
                assert_eq!(
                    run.points(),
                    whole.as_slice(),
                    "{} budget {budget}",
                    job.label
                );
                if budget == 1 {
                    assert!(calls > job.config.total_trials(), "{}", job.label);
                }
            }
        }
    }
}
