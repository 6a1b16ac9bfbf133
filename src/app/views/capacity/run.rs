//! A capacity run on the compute workers (`app::compute`): the view hands the jobs to the
//! pool and shows what comes back — a progress line while the compute module loads, then the
//! progress and the time left, points as they finish, and an error as the view's notice. The
//! main thread only books the replies, so it never runs a trial.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::app::compute::{self, Event, Run};
use crate::compute::capacity::Schedule;
use crate::lab::capacity::{self as lab, Job, ResultRow};

/// Milliseconds from the page's time origin (falls back to the wall clock).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// The status line before the first worker has loaded the compute module.
const LOADING: &str = "loading the compute module…";

/// The signals a running experiment writes to.
#[derive(Clone, Copy)]
pub(super) struct Sinks {
    /// The id of the run in progress, if any (replies of any other run are ignored).
    pub(super) current: StoredValue<Option<u64>>,
    /// Its handle on the compute pool.
    pub(super) run: StoredValue<Option<Run>>,
    pub(super) rows: RwSignal<Vec<ResultRow>>,
    pub(super) progress: RwSignal<f64>,
    pub(super) running: RwSignal<bool>,
    pub(super) time_left: RwSignal<String>,
    pub(super) status: RwSignal<Option<String>>,
    pub(super) run_error: RwSignal<Option<String>>,
    pub(super) elapsed_ms: RwSignal<Option<f64>>,
}

/// Starts run `id` of `jobs` on the pool. The elapsed time (shown, and the benchmark's
/// `data-elapsed-ms`) counts from the moment the first worker is ready, so it measures the
/// computation, not the module's download.
pub(super) fn launch(sinks: Sinks, id: u64, jobs: &[Job]) {
    let labels: Vec<(String, usize)> = jobs
        .iter()
        .map(|j| (j.label.clone(), j.config.dim))
        .collect();
    let series = jobs.iter().map(Job::series).collect();
    let started = Rc::new(Cell::new(None::<f64>));
    // One experiment at a time: a new run replaces the one in progress.
    if let Some(old) = sinks.run.get_value() {
        old.cancel();
    }
    sinks.current.set_value(Some(id));
    sinks.time_left.set(LOADING.to_string());
    let schedule = Schedule::new(series, compute::workers());
    let run = compute::start(schedule, move |event| {
        if sinks.current.get_value() != Some(id) {
            return;
        }
        let elapsed = || started.get().map_or(0.0, |t| now_ms() - t);
        match event {
            Event::Ready => {
                started.set(Some(now_ms()));
                sinks.time_left.set(lab::format_time_left(None));
            }
            Event::Progress(fraction) => {
                sinks.progress.set(fraction);
                if started.get().is_some() {
                    let left = lab::seconds_left(elapsed(), fraction);
                    sinks.time_left.set(lab::format_time_left(left));
                }
            }
            Event::Items(points) => sinks.rows.update(|rows| {
                rows.extend(points.into_iter().map(|f| ResultRow {
                    model: labels[f.series].0.clone(),
                    series: f.series,
                    dim: labels[f.series].1,
                    point: f.point,
                }))
            }),
            Event::Done => {
                let ms = elapsed();
                sinks.progress.set(1.0);
                sinks.elapsed_ms.set(Some(ms));
                finish(sinks, Some(format!("Finished in {:.1} s.", ms / 1000.0)));
            }
            Event::Failed(message) => {
                sinks.run_error.set(Some(message));
                finish(sinks, None);
            }
        }
    });
    sinks.run.set_value(Some(run));
}

/// Stops the run in progress at once (its workers are terminated).
pub(super) fn cancel(sinks: Sinks) {
    if let Some(run) = sinks.run.get_value() {
        run.cancel();
    }
    let percent = (sinks.progress.get_untracked() * 100.0).floor();
    finish(
        sinks,
        Some(format!(
            "Cancelled at {percent} %; the finished points are kept."
        )),
    );
}

/// Forgets the run and shows `status`.
fn finish(sinks: Sinks, status: Option<String>) {
    sinks.current.set_value(None);
    sinks.run.set_value(None);
    sinks.running.set(false);
    sinks.time_left.set(String::new());
    sinks.status.set(status);
}
