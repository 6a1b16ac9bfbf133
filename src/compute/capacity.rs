//! A capacity experiment as a pool's [`Plan`]: the experiment (one series per model) is cut
//! into independent [`Request`]s — chunks of consecutive trials of one point — and the
//! outcomes are merged back into points in trial order with the engine's [`Tally`]. Since
//! every trial is seeded by (seed, N, trial) and the sums are added in the same order, the
//! points are the same bit for bit however many workers there are and whatever order their
//! replies come in.

use std::ops::Range;

use super::plan::{Plan, run_threads};
use super::protocol::{Reply, Request};
use crate::engine::capacity::{CapacityConfig, CapacityPoint, PatternKind, Tally, TrialOutcome};

/// One model's experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The engine config (validated before the run).
    pub config: CapacityConfig,
    /// Which patterns the trials store.
    pub patterns: PatternKind,
}

/// Chunks per worker the planner aims for in each series: enough that a slow point does not
/// leave the other workers idle at the end, few enough that the messages cost nothing next to
/// the trials.
const CHUNKS_PER_WORKER: usize = 8;

/// A trial's cost relative to the other trials of its series: the work of every model grows
/// with the number of stored patterns N (storing them, or the similarities of each update),
/// plus a share that does not (the query and the sweeps). Only the ratios between points of
/// one series matter: they make the chunks of a log-spaced series equal in work, not in
/// trials, so its last point is not one long job for one worker.
fn trial_cost(n_patterns: usize) -> usize {
    n_patterns + 8
}

/// Trials `trials` of point `point` of series `series`.
#[derive(Debug, Clone, PartialEq)]
struct Chunk {
    series: usize,
    point: usize,
    trials: Range<usize>,
    /// The estimated cost of each of its trials ([`trial_cost`]).
    trial_cost: usize,
}

/// A finished point, in the order of the series and their counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finished {
    /// Index of the series (the model) it belongs to.
    pub series: usize,
    /// The point.
    pub point: CapacityPoint,
}

/// A capacity experiment being worked through by a pool (see the module documentation).
#[derive(Debug, Clone)]
pub struct Schedule {
    series: Vec<Series>,
    chunks: Vec<Chunk>,
    /// The next chunk to hand out.
    next: usize,
    /// Each chunk's outcomes once it is back.
    results: Vec<Option<Vec<TrialOutcome>>>,
    /// Trials a chunk in flight reports done.
    partial: Vec<usize>,
    /// The first chunk of each point, in order, and one past the last chunk.
    point_starts: Vec<usize>,
    /// Points already handed back by [`Schedule::complete`].
    published: usize,
    /// The estimated cost of every trial of the experiment.
    total_cost: usize,
}

impl Schedule {
    /// Cuts `series` into chunks for `workers` workers (at least one): each series into
    /// about `workers × CHUNKS_PER_WORKER` chunks of equal estimated work (whole points when
    /// they are lighter than that, single trials at the least).
    pub fn new(series: Vec<Series>, workers: usize) -> Self {
        let mut chunks = Vec::new();
        let mut point_starts = Vec::new();
        let mut total_cost = 0;
        for (k, s) in series.iter().enumerate() {
            let cost: usize = s.config.counts.iter().map(|&n| trial_cost(n)).sum();
            let target = (cost * s.config.trials).div_ceil(workers.max(1) * CHUNKS_PER_WORKER);
            total_cost += cost * s.config.trials;
            for (point, &n) in s.config.counts.iter().enumerate() {
                point_starts.push(chunks.len());
                let size = (target / trial_cost(n)).clamp(1, s.config.trials.max(1));
                for start in (0..s.config.trials).step_by(size) {
                    let end = (start + size).min(s.config.trials);
                    chunks.push(Chunk {
                        series: k,
                        point,
                        trials: start..end,
                        trial_cost: trial_cost(n),
                    });
                }
            }
        }
        point_starts.push(chunks.len());
        Self {
            series,
            results: vec![None; chunks.len()],
            partial: vec![0; chunks.len()],
            chunks,
            next: 0,
            point_starts,
            published: 0,
            total_cost,
        }
    }

    /// Number of chunks in all.
    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    fn publish(&mut self) -> Vec<Finished> {
        let mut out = Vec::new();
        while self.published + 1 < self.point_starts.len() {
            let range = self.point_starts[self.published]..self.point_starts[self.published + 1];
            if self.results[range.clone()].iter().any(Option::is_none) {
                break;
            }
            let mut tally = Tally::default();
            for outcomes in self.results[range.clone()].iter_mut() {
                // Merged once: the outcomes are not needed any more.
                for &o in outcomes.take().iter().flatten() {
                    tally.add(o);
                }
                *outcomes = Some(Vec::new());
            }
            let chunk = &self.chunks[range.start];
            let n = self.series[chunk.series].config.counts[chunk.point];
            out.push(Finished {
                series: chunk.series,
                point: tally.point(n),
            });
            self.published += 1;
        }
        out
    }
}

/// Runs `series` on `threads` native threads (at least one) and returns each series' points:
/// the CLI's `--threads`. The same bits as [`crate::engine::capacity::run_to_end`] for any
/// number of threads (the browser's pool, `app::compute`, drives the same [`Schedule`]).
pub fn run_series(series: Vec<Series>, threads: usize) -> Result<Vec<Vec<CapacityPoint>>, String> {
    let mut points = vec![Vec::new(); series.len()];
    let schedule = Schedule::new(series, threads.max(1));
    run_threads(schedule, threads, |f| points[f.series].push(f.point))?;
    Ok(points)
}

impl Plan for Schedule {
    type Item = Finished;

    /// The next job: its chunk number (to pass back with its replies) and the request.
    fn next_job(&mut self) -> Option<(usize, Request)> {
        let id = self.next;
        let chunk = self.chunks.get(id)?;
        self.next += 1;
        let s = &self.series[chunk.series];
        Some((
            id,
            Request::Trials {
                config: s.config.clone(),
                patterns: s.patterns,
                n_patterns: s.config.counts[chunk.point],
                first: chunk.trials.start,
                count: chunk.trials.len(),
            },
        ))
    }

    /// Books a reply to chunk `id`: progress, outcomes, or an error (returned as `Err`, and
    /// the run should stop). Returns the points that are now finished, in order (a point is
    /// published once it and every point before it are complete).
    fn complete(&mut self, id: usize, reply: Reply) -> Result<Vec<Finished>, String> {
        let Some(chunk) = self.chunks.get(id) else {
            return Err(format!("a reply for an unknown job {id}"));
        };
        match reply {
            Reply::Progress { done } => {
                self.partial[id] = done.min(chunk.trials.len());
                Ok(Vec::new())
            }
            Reply::Error(message) => Err(message),
            Reply::Trials(outcomes) if outcomes.len() != chunk.trials.len() => Err(format!(
                "a worker returned {} outcomes for {} trials",
                outcomes.len(),
                chunk.trials.len()
            )),
            Reply::Trials(outcomes) => {
                self.partial[id] = outcomes.len();
                self.results[id] = Some(outcomes);
                Ok(self.publish())
            }
            _ => Err("a worker answered capacity trials with something else".into()),
        }
    }

    /// Whether every point is published.
    fn is_done(&self) -> bool {
        self.published + 1 >= self.point_starts.len()
    }

    /// Fraction of the estimated work done, in [0, 1] (exactly 1 once done).
    fn fraction(&self) -> f64 {
        if self.is_done() || self.total_cost == 0 {
            return 1.0;
        }
        let done: usize = (self.partial.iter().zip(&self.chunks))
            .map(|(&trials, chunk)| trials * chunk.trial_cost)
            .sum();
        (done as f64 / self.total_cost as f64).min(1.0)
    }
}
