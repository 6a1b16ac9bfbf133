//! A capacity run in slices on the main thread: each slice works through pieces of trials for
//! about 10 ms, then yields with `setTimeout(0)`, so the page stays responsive and Cancel acts
//! at once; finished points reach the plot and the table in a task of their own.

use std::time::Duration;

use leptos::prelude::*;

use crate::lab::capacity::{self as lab, LabRun, ResultRow};

/// Milliseconds from the page's time origin (falls back to the wall clock).
pub(super) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// The signals a running experiment writes to.
#[derive(Clone, Copy)]
pub(super) struct Sinks {
    pub(super) runner: StoredValue<Option<(u64, LabRun)>>,
    pub(super) rows: RwSignal<Vec<ResultRow>>,
    pub(super) progress: RwSignal<f64>,
    pub(super) running: RwSignal<bool>,
    pub(super) time_left: RwSignal<String>,
    pub(super) status: RwSignal<Option<String>>,
    pub(super) run_error: RwSignal<Option<String>>,
    pub(super) elapsed_ms: RwSignal<Option<f64>>,
}

/// One slice of run `id`, then a yield to the browser and the next slice, until the run is
/// done or replaced (Cancel and a new Run change the stored run, which ends this chain). A slice
/// that finished points hands them to a task of their own, so the re-drawing of the plot and
/// the table never adds to the slice's time.
pub(super) fn work(sinks: Sinks, id: u64) {
    let report = sinks
        .runner
        .try_update_value(|slot| match slot {
            Some((current, run)) if *current == id => {
                let report = run.slice(&now_ms);
                let elapsed = run.elapsed_ms(now_ms());
                Some((report, elapsed))
            }
            _ => None,
        })
        .flatten();
    let Some((report, elapsed)) = report else {
        return;
    };
    if report.rows.is_empty() && !report.done && report.error.is_none() {
        show_progress(sinks, report.fraction, elapsed);
        set_timeout(move || work(sinks, id), Duration::ZERO);
        return;
    }
    set_timeout(
        move || {
            // Cancel may have come in between: then nothing of this run is shown any more.
            let current = sinks
                .runner
                .try_with_value(|slot| slot.as_ref().map(|(k, _)| *k) == Some(id))
                .unwrap_or(false);
            if !current {
                return;
            }
            if !report.rows.is_empty() {
                sinks.rows.update(|rows| rows.extend(report.rows));
            }
            sinks.progress.set(report.fraction);
            if let Some(msg) = report.error {
                sinks.run_error.set(Some(msg));
                finish(sinks, None);
            } else if report.done {
                sinks.elapsed_ms.set(Some(elapsed));
                finish(
                    sinks,
                    Some(format!("Finished in {:.1} s.", elapsed / 1000.0)),
                );
            } else {
                show_progress(sinks, report.fraction, elapsed);
                set_timeout(move || work(sinks, id), Duration::ZERO);
            }
        },
        Duration::ZERO,
    );
}

/// Updates the progress bar and the estimate of the time left.
fn show_progress(sinks: Sinks, fraction: f64, elapsed_ms: f64) {
    sinks.progress.set(fraction);
    let left = lab::seconds_left(elapsed_ms, fraction);
    sinks.time_left.set(lab::format_time_left(left));
}

/// Drops the run and shows `status`.
pub(super) fn finish(sinks: Sinks, status: Option<String>) {
    sinks.runner.set_value(None);
    sinks.running.set(false);
    sinks.time_left.set(String::new());
    sinks.status.set(status);
}
