//! Runs one [`Request`] to its final [`Reply`] — what a worker does with each message, and what
//! each of the CLI's threads does. Progress is reported at most every [`PROGRESS_MS`] by the
//! clock passed in (`Date.now()` in a worker), so the page gets a steady progress bar without a
//! flood of messages, and the clock is read only between the engine's bounded pieces of work
//! ([`Trial::step`]), which keeps it cheap.

use super::protocol::{Reply, Request};
use crate::engine::capacity::Trial;

/// The least time between two progress replies, in milliseconds.
pub const PROGRESS_MS: f64 = 40.0;

/// Runs `request`, calling `progress` with a [`Reply::Progress`] now and then, and returns the
/// result or the error (never panics on a request the page could send: the config is
/// validated first).
pub fn execute(request: &Request, now: &dyn Fn() -> f64, progress: &mut dyn FnMut(Reply)) -> Reply {
    match run(request, now, progress) {
        Ok(reply) => reply,
        Err(message) => Reply::Error(message),
    }
}

fn run(
    request: &Request,
    now: &dyn Fn() -> f64,
    progress: &mut dyn FnMut(Reply),
) -> Result<Reply, String> {
    let Request::Trials {
        config,
        patterns,
        n_patterns,
        first,
        count,
    } = request;
    let fail = |e: crate::engine::error::EngineError| format!("{}: {e}", config.spec.label());
    config.validate().map_err(fail)?;
    patterns.validate().map_err(fail)?;
    if !config.counts.contains(n_patterns) || first.saturating_add(*count) > config.trials {
        return Err(format!(
            "{}: trials {first}+{count} at N = {n_patterns} are not part of the experiment",
            config.spec.label()
        ));
    }
    let mut last = now();
    let mut outcomes = Vec::with_capacity(*count);
    for trial in *first..first + count {
        let mut trial = Trial::new(config, *patterns, *n_patterns, trial).map_err(fail)?;
        let outcome = loop {
            trial.step().map_err(fail)?;
            if now() - last >= PROGRESS_MS {
                last = now();
                progress(Reply::Progress {
                    done: outcomes.len(),
                });
            }
            if let Some(outcome) = trial.outcome() {
                break outcome;
            }
        };
        outcomes.push(outcome);
    }
    Ok(Reply::Trials(outcomes))
}
