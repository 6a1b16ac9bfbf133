//! Long work on the main thread in short slices: a resumable job is stepped until about
//! [`SLICE_MS`] have passed, then the browser gets the thread back until the next macrotask.
//! Starting another job under the same [`Slicer`] ends the previous one. The job is held by
//! its closures (one non-generic loop serves every kind of job, which keeps the bundle small).

use std::cell::RefCell;
use std::rc::Rc;
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

/// One unit of work: `Ok(true)` when the job is done.
type Step = Box<dyn FnMut() -> Result<bool, String>>;
/// Shows the job's state after a slice, with `Ok(done)` or the error.
type Publish = Box<dyn Fn(Result<bool, String>)>;

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
    pub fn start<J: 'static>(
        self,
        job: J,
        mut step: impl FnMut(&mut J) -> Result<bool, String> + 'static,
        publish: impl Fn(&J, Result<bool, String>) + 'static,
    ) {
        self.cancel();
        let id = self.generation.try_get_value().unwrap_or(0);
        let job = Rc::new(RefCell::new(job));
        let shared = Rc::clone(&job);
        let step: Step = Box::new(move || step(&mut shared.borrow_mut()));
        let publish: Publish = Box::new(move |outcome| publish(&job.borrow(), outcome));
        set_timeout(
            move || tick(step, publish, id, self.generation),
            Duration::ZERO,
        );
    }
}

fn tick(mut step: Step, publish: Publish, id: u64, generation: StoredValue<u64>) {
    if generation.try_get_value() != Some(id) {
        return;
    }
    let start = now_ms();
    let outcome = loop {
        match step() {
            Ok(false) if now_ms() - start < SLICE_MS => continue,
            other => break other,
        }
    };
    let more = outcome == Ok(false);
    publish(outcome);
    if more {
        set_timeout(move || tick(step, publish, id, generation), Duration::ZERO);
    }
}
