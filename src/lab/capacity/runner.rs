//! The arithmetic of a long run on the main thread: slices that stay near [`SLICE_MS`], the
//! resumable run over every model, and the time left.

use super::*;
use crate::engine::capacity::STEP_WORK;

/// A running comparison: one resumable engine run per model, worked through in slices of
/// about [`SLICE_MS`] each. The clock is passed in (`performance.now()` in the browser, a fake
/// one in tests), so this is the app's scheduler without the web.
#[derive(Debug, Clone)]
pub struct LabRun {
    jobs: Vec<Job>,
    runs: Vec<CapacityRun>,
    /// The job being worked on.
    current: usize,
    /// Points of the current job already handed out.
    published: usize,
    started_ms: f64,
    /// Time spent inside slices.
    work_ms: f64,
}

/// What one slice did.
#[derive(Debug, Clone, PartialEq)]
pub struct SliceReport {
    /// Points finished during the slice.
    pub rows: Vec<ResultRow>,
    /// Fraction of all trials done, in [0, 1] (exactly 1 when done).
    pub fraction: f64,
    /// Whether every job is finished.
    pub done: bool,
    /// An engine error that stopped the run.
    pub error: Option<String>,
    /// Duration of the slice in milliseconds.
    pub slice_ms: f64,
}

impl LabRun {
    /// Starts every job (validating each), at time `now_ms`.
    pub fn new(jobs: Vec<Job>, now_ms: f64) -> Result<Self, String> {
        let runs = jobs.iter().map(Job::start).collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            jobs,
            runs,
            current: 0,
            published: 0,
            started_ms: now_ms,
            work_ms: 0.0,
        })
    }

    /// The jobs, in the order they run.
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// Whether every job is finished.
    pub fn is_done(&self) -> bool {
        self.current >= self.runs.len()
    }

    /// Fraction of all trials done.
    pub fn fraction(&self) -> f64 {
        let (done, total) = self.runs.iter().fold((0usize, 0usize), |(d, t), run| {
            let p = run.progress();
            (d + p.trials_done, t + p.total_trials)
        });
        if total == 0 || self.is_done() {
            1.0
        } else {
            done as f64 / total as f64
        }
    }

    /// Milliseconds from the start to `now_ms`.
    pub fn elapsed_ms(&self, now_ms: f64) -> f64 {
        (now_ms - self.started_ms).max(0.0)
    }

    /// Milliseconds spent working inside slices.
    pub fn work_ms(&self) -> f64 {
        self.work_ms
    }

    /// Works for about [`SLICE_MS`] by the clock `now` and reports the points finished
    /// meanwhile. The clock is read after every [`STEP_WORK`] operations of the engine (a
    /// millisecond or two in wasm, each trial being split into pieces of about that size), so
    /// a slice overruns by at most that much, whatever the size of a trial.
    pub fn slice(&mut self, now: &dyn Fn() -> f64) -> SliceReport {
        let start = now();
        let mut rows = Vec::new();
        let mut error = None;
        let mut first = true;
        while let Some(run) = self.runs.get_mut(self.current) {
            if !first && now() - start >= SLICE_MS {
                break;
            }
            first = false;
            let outcome = run.advance(STEP_WORK).map(|_| run.progress());
            let job = &self.jobs[self.current];
            rows.extend(
                run.points()[self.published..]
                    .iter()
                    .map(|&point| ResultRow {
                        model: job.label.clone(),
                        series: self.current,
                        dim: job.config.dim,
                        point,
                    }),
            );
            self.published = run.points().len();
            match outcome {
                Err(e) => {
                    error = Some(format!("{}: {e}", job.label));
                    break;
                }
                Ok(p) if p.done => {
                    self.current += 1;
                    self.published = 0;
                }
                Ok(_) => {}
            }
        }
        let slice_ms = (now() - start).max(0.0);
        self.work_ms += slice_ms;
        SliceReport {
            rows,
            fraction: self.fraction(),
            done: self.is_done(),
            error,
            slice_ms,
        }
    }
}

/// I(a) = ½[(1+a) ln(1+a) + (1−a) ln(1−a)] (with 0·ln 0 = 0).
pub fn information(a: f64) -> f64 {
    let term = |x: f64| if x <= 0.0 { 0.0 } else { x * x.ln() };
    0.5 * (term(1.0 + a) + term(1.0 - a))
}

/// The exponent α of the dense exponential network's capacity N = e^{αd} with a fraction ρ of
/// the bits flipped: α < I(1 − 2ρ)/2 (Demircigil et al.).
pub fn exponential_alpha(flip: f64) -> f64 {
    information(1.0 - 2.0 * flip.clamp(0.0, 0.5)) / 2.0
}

/// Estimated seconds left of a run `fraction` done after `elapsed_ms` of work.
pub fn seconds_left(elapsed_ms: f64, fraction: f64) -> Option<f64> {
    if !(fraction > 0.0 && fraction <= 1.0 && elapsed_ms.is_finite()) {
        return None;
    }
    Some((elapsed_ms * (1.0 - fraction) / fraction / 1000.0).max(0.0))
}

/// "about 12 s left", "about 2 min left", "done".
pub fn format_time_left(seconds: Option<f64>) -> String {
    match seconds {
        None => "estimating the time left…".into(),
        Some(s) if s < 0.5 => "less than a second left".into(),
        Some(s) if s < 90.0 => format!("about {} s left", s.round()),
        Some(s) => format!("about {} min left", (s / 60.0).round()),
    }
}
