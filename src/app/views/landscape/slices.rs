//! Long work on the main thread in short slices: a resumable job is stepped until about
//! [`SLICE_MS`] have passed, then the browser gets the thread back until the next macrotask.
//! Starting another job under the same [`Slicer`] ends the previous one.

use std::time::Duration;

use leptos::prelude::*;

/// Target length of one slice, in milliseconds (well under the 50 ms of a long task).
pub const SLICE_MS: f64 = 12.0;

/// Milliseconds from the page's time origin (falls back to the wall clock).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Owner of at most one running job; a cheap handle.
#[derive(Clone, Copy)]
pub struct Slicer {
    generation: StoredValue<u64>,
}

impl Default for Slicer {
    fn default() -> Self {
        Self::new()
    }
}

impl Slicer {
    /// A slicer with no job.
    pub fn new() -> Self {
        Self {
            generation: StoredValue::new(0),
        }
    }

    /// Ends the running job, if any.
    pub fn cancel(self) {
        self.generation.try_update_value(|g| *g += 1);
    }

    /// Ends the running job and starts `job`: `step` does one unit of work and says whether the
    /// job is done; after each slice `publish` sees the job and `Ok(done)` or the error.
    pub fn start<J, S, P>(self, job: J, step: S, publish: P)
    where
        J: 'static,
        S: FnMut(&mut J) -> Result<bool, String> + 'static,
        P: Fn(&J, Result<bool, String>) + 'static,
    {
        self.cancel();
        let id = self.generation.try_get_value().unwrap_or(0);
        set_timeout(
            move || tick(job, step, publish, id, self.generation),
            Duration::ZERO,
        );
    }
}

fn tick<J, S, P>(mut job: J, mut step: S, publish: P, id: u64, generation: StoredValue<u64>)
where
    J: 'static,
    S: FnMut(&mut J) -> Result<bool, String> + 'static,
    P: Fn(&J, Result<bool, String>) + 'static,
{
    if generation.try_get_value() != Some(id) {
        return;
    }
    let start = now_ms();
    let outcome = loop {
        match step(&mut job) {
            Ok(false) if now_ms() - start < SLICE_MS => continue,
            other => break other,
        }
    };
    let more = outcome == Ok(false);
    publish(&job, outcome);
    if more {
        set_timeout(
            move || tick(job, step, publish, id, generation),
            Duration::ZERO,
        );
    }
}
