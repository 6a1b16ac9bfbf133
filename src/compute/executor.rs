//! Runs one [`Request`] to its final [`Reply`] — what a worker does with each message, and what
//! each of the CLI's threads does. Progress is reported at most every [`PROGRESS_MS`] by the
//! clock passed in (`Date.now()` in a worker), so the page gets a steady progress bar without a
//! flood of messages, and the clock is read only between the engine's bounded pieces of work
//! (a trial's step, a start of a search), which keeps it cheap.

use std::ops::Range;

use super::protocol::{Reply, Request};
use crate::engine::ModernHopfield;
use crate::engine::capacity::{CapacityConfig, PatternKind, Trial};
use crate::engine::error::EngineError;
use crate::engine::landscape::{self, Plane};
use crate::engine::model::{self, ModelSpec};
use crate::lab::landscape::{beta_scan, plane_job, theory};

/// The least time between two progress replies, in milliseconds.
pub const PROGRESS_MS: f64 = 40.0;

/// Runs `request`, calling `progress` with a [`Reply::Progress`] now and then, and returns the
/// result or the error (never panics on a request the page could send: every input is
/// validated first).
pub fn execute(request: &Request, now: &dyn Fn() -> f64, progress: &mut dyn FnMut(Reply)) -> Reply {
    let mut last = now();
    let mut tick = |done: usize| {
        if now() - last >= PROGRESS_MS {
            last = now();
            progress(Reply::Progress { done });
        }
    };
    let outcome = match request {
        Request::Trials {
            config,
            patterns,
            n_patterns,
            first,
            count,
        } => trials(
            config,
            *patterns,
            *n_patterns,
            *first..first.saturating_add(*count),
            &mut tick,
        ),
        Request::ScanBeta {
            patterns,
            query,
            beta,
            index,
            seed,
        } => beta_scan::scan_row(patterns, query, *beta, *index, *seed, &mut tick)
            .map(Reply::ScanRow)
            .map_err(|e| format!("the β scan at β = {beta}: {e}")),
        Request::PlaneCells {
            patterns,
            beta,
            plane,
            grid,
            first,
            count,
        } => ModernHopfield::new(patterns.clone(), *beta)
            .and_then(|net| {
                plane_job::plane_cells(net, plane, grid, *first..first.saturating_add(*count))
            })
            .map(Reply::Cells)
            .map_err(|e| format!("the basin map: {e}")),
        Request::Basins {
            patterns,
            beta,
            fixed,
            grid,
            first_row,
            rows,
            max_steps,
        } => ModernHopfield::new(patterns.clone(), *beta)
            .and_then(|net| {
                let states: Vec<&[f32]> = fixed.iter().map(Vec::as_slice).collect();
                let rows = *first_row..first_row.saturating_add(*rows);
                landscape::basin_rows(&net, &states, &Plane::standard(), grid, rows, *max_steps)
            })
            .map(Reply::Basins)
            .map_err(|e| format!("the basin map: {e}")),
        Request::DenseRetrieve {
            interaction,
            patterns,
            query,
            max_steps,
            seed,
        } => model::run(
            &ModelSpec::Dense {
                interaction: *interaction,
            },
            patterns,
            query,
            *max_steps,
            *seed,
        )
        .map(Reply::Retrieval)
        .map_err(|e| format!("the dense retrieval: {e}")),
        Request::Theory {
            patterns,
            target,
            query,
            beta,
        } => theory::theory_row(patterns, *target, query, *beta)
            .map(Reply::Theory)
            .map_err(|e| format!("the theory figures at β = {beta}: {e}")),
        Request::SphereTheory { count, beta, seed } => theory::sphere_row(*count, *beta, *seed)
            .map(Reply::Theory)
            .map_err(|e| format!("the theory figures at N = {count}: {e}")),
        Request::TrainStart { .. }
        | Request::TrainSteps { .. }
        | Request::TrainReplace { .. }
        | Request::TrainAttention { .. } => {
            Err("a training request needs a worker's session (compute::session)".into())
        }
        Request::BertLoad { .. }
        | Request::BertAnalyse { .. }
        | Request::BertReplace { .. }
        | Request::BertAblate { .. } => {
            Err("a MiniLM request needs a worker's session (compute::session)".into())
        }
        Request::PoolTrain { .. }
        | Request::PoolInspect { .. }
        | Request::PoolBetaSweep { .. }
        | Request::PoolEvaluate { .. } => {
            Err("a pooling request needs a worker's session (compute::session)".into())
        }
        Request::ClassicRetrieve { .. } => {
            Err("a classic request needs a worker's session (compute::session)".into())
        }
    };
    outcome.unwrap_or_else(Reply::Error)
}

/// Trials `range` at N = `n_patterns` of the experiment `config`.
fn trials(
    config: &CapacityConfig,
    patterns: PatternKind,
    n_patterns: usize,
    range: Range<usize>,
    tick: &mut dyn FnMut(usize),
) -> Result<Reply, String> {
    let fail = |e: EngineError| format!("{}: {e}", config.spec.label());
    config.validate().map_err(fail)?;
    patterns.validate().map_err(fail)?;
    if !config.counts.contains(&n_patterns) || range.start > range.end || range.end > config.trials
    {
        return Err(format!(
            "{}: trials {}+{} at N = {n_patterns} are not part of the experiment",
            config.spec.label(),
            range.start,
            range.len()
        ));
    }
    let mut outcomes = Vec::with_capacity(range.len());
    for trial in range {
        let mut trial = Trial::new(config, patterns, n_patterns, trial).map_err(fail)?;
        let outcome = loop {
            trial.step().map_err(fail)?;
            tick(outcomes.len());
            if let Some(outcome) = trial.outcome() {
                break outcome;
            }
        };
        outcomes.push(outcome);
    }
    Ok(Reply::Trials(outcomes))
}
