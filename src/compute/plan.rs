//! What a pool of workers works through, whatever the view: a [`Plan`] cuts its work into
//! independent [`Request`]s, hands them out in order to whichever worker is free, and books
//! the replies back into results for the view. A plan's results never depend on how many
//! workers there are or in which order their replies come: each job is seeded by its own
//! place in the work, and results are published in the plan's order. The browser's pool
//! (`app::compute`) and the CLI's threads ([`run_threads`]) drive any plan.

use super::protocol::{Reply, Request};

/// Work for a pool (see the module documentation).
pub trait Plan {
    /// A result for the view (say, a finished point); booking a reply makes some ready.
    type Item;

    /// The next job: its number (passed back with its replies) and the request.
    fn next_job(&mut self) -> Option<(usize, Request)>;

    /// Books a reply to job `id`: progress, a result, or an error (returned as `Err`: the run
    /// should stop). Returns the items now ready, in the plan's order.
    fn complete(&mut self, id: usize, reply: Reply) -> Result<Vec<Self::Item>, String>;

    /// Fraction of the work done, in [0, 1] (exactly 1 once done).
    fn fraction(&self) -> f64;

    /// Whether every result is published.
    fn is_done(&self) -> bool;
}

/// Runs `plan` on `threads` native threads (at least one), handing each item to `output` in
/// the order the plan publishes them: the CLI's `--threads`, and the tests' check that a plan
/// gives the same bits for any number of workers. Native only: wasm32's std has no threads.
pub fn run_threads<P>(
    plan: P,
    threads: usize,
    mut output: impl FnMut(P::Item) + Send,
) -> Result<(), String>
where
    P: Plan + Send,
{
    use std::sync::Mutex;

    /// What the threads share: the plan, the sink (called under the same lock as the plan
    /// publishes, so outputs stay in order) and the first error.
    struct Shared<P, F> {
        plan: P,
        output: F,
        failure: Option<String>,
    }
    let shared = Mutex::new(Shared {
        plan,
        output: &mut output,
        failure: None,
    });
    let lock = || shared.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let clock = std::time::Instant::now();
                let now = || clock.elapsed().as_secs_f64() * 1000.0;
                loop {
                    let job = {
                        let mut s = lock();
                        if s.failure.is_some() {
                            return;
                        }
                        s.plan.next_job()
                    };
                    let Some((id, request)) = job else { return };
                    let reply = super::executor::execute(&request, &now, &mut |_| {});
                    let mut s = lock();
                    match s.plan.complete(id, reply) {
                        Ok(items) => items.into_iter().for_each(&mut s.output),
                        Err(message) => s.failure = Some(message),
                    }
                }
            });
        }
    });
    let s = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    s.failure.map_or(Ok(()), Err)
}
