//! A binary panel's record from a compute worker of the panel's own (`lab::studio::panel_jobs`:
//! the page's module holds no binary network). A quick answer is awaited with the panel's last
//! record still shown and marked `data-pending`, so a slider dragged over the threshold does not
//! blank the panels between two answers; a long learning (Storkey at 64×64) shows its progress
//! in the panel instead. The classic worker keeps the network it learned, so a new query on the
//! same patterns and rule is only a retrieval. A change while the worker is busy terminates it
//! (it reads no message until it is done) and asks a fresh one.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::app::compute::dedicated::Dedicated;
use crate::compute::protocol::{Reply, Request};
use crate::lab::studio::panel_jobs;
use crate::lab::studio::playback::PanelRun;

type Run = Result<PanelRun, String>;

/// What a panel asks its worker for.
pub struct Job {
    /// The request.
    pub request: Request,
    /// The neurons of the patterns (a record of another dimension is not shown meanwhile).
    pub dim: usize,
    /// When the network learns long enough to show its progress: the patterns learned.
    pub learning: Option<usize>,
}

/// A panel's record, and whether a newer one is being made while it shows.
#[derive(Clone, Copy)]
pub struct WorkerRun {
    /// The record shown (an empty error while the first is being made).
    pub run: Memo<Run>,
    /// True while the worker answers a quick request (the record shown may be the last one).
    pub pending: ReadSignal<bool>,
}

/// The panel's worker, and while it answers a request the number of patterns being learned
/// (for the progress text; 0 for a quick request).
struct Worker {
    handle: Dedicated,
    in_flight: Rc<Cell<Option<usize>>>,
}

type Slot = StoredValue<Option<Worker>, LocalStorage>;

/// The record of the job `ask` describes (reading the signals it tracks), kept up to date.
pub fn worker_run(ask: impl Fn() -> Result<Job, String> + 'static) -> WorkerRun {
    let out = RwSignal::new(Err(String::new()));
    let (pending, set_pending) = signal(false);
    let worker = StoredValue::new_local(None::<Worker>);
    on_cleanup(move || {
        if let Some(Some(w)) = worker.try_update_value(Option::take) {
            w.handle.close();
        }
    });
    Effect::new(move |_| {
        let job = ask();
        // Whatever comes next, the answer to an older request must not land on it.
        stop_busy(worker);
        match job {
            Err(message) => {
                set_pending.set(false);
                out.set(Err(message));
            }
            Ok(Job {
                request,
                dim,
                learning,
            }) => {
                match learning {
                    Some(count) => out.set(Err(panel_jobs::progress(0, count))),
                    None => {
                        let fits = out.with_untracked(|r: &Run| {
                            r.as_ref().is_ok_and(|r| {
                                r.retrieval.trajectory.states.first().map(Vec::len) == Some(dim)
                            })
                        });
                        if !fits {
                            out.set(Err(String::new()));
                        }
                    }
                }
                set_pending.set(learning.is_none());
                ask_worker(worker, request, learning.unwrap_or(0), out, set_pending);
            }
        }
    });
    WorkerRun {
        run: Memo::new(move |_| out.get()),
        pending,
    }
}

/// Terminates the panel's worker if it is answering a request (it reads no message until it
/// is done, and its answer would be to settings no longer shown).
fn stop_busy(worker: Slot) {
    let busy = worker.with_value(|w| w.as_ref().is_some_and(|w| w.in_flight.get().is_some()));
    if busy && let Some(Some(old)) = worker.try_update_value(Option::take) {
        old.handle.close();
    }
}

/// Sends `request` (learning `count` patterns) to the panel's worker (idle: see
/// [`stop_busy`]), opening one when there is none; its answers go to `out`.
fn ask_worker(
    worker: Slot,
    request: Request,
    count: usize,
    out: RwSignal<Run>,
    pending: WriteSignal<bool>,
) {
    if worker.with_value(Option::is_none) {
        let in_flight = Rc::new(Cell::new(None));
        let asked = in_flight.clone();
        let handle = Dedicated::open(move |reply| {
            let run = match reply {
                Ok(Reply::Progress { done }) => {
                    let count = asked.get().unwrap_or(0);
                    return out.set(Err(panel_jobs::progress(done, count)));
                }
                Ok(Reply::Retrieval(retrieval)) => Ok(PanelRun { retrieval }),
                Ok(Reply::Error(message)) => Err(message),
                Err(message) => {
                    // The worker itself failed (it did not load, a damaged message): the next
                    // request opens another.
                    if let Some(Some(w)) = worker.try_update_value(Option::take) {
                        w.handle.close();
                    }
                    Err(message)
                }
                // (Not formatted with Debug: that would bring every reply's Debug into the page.)
                Ok(_) => Err("the compute worker answered out of turn".into()),
            };
            // A record or a failure ends the request.
            asked.set(None);
            pending.set(false);
            out.set(run);
        });
        worker.set_value(Some(Worker { handle, in_flight }));
    }
    worker.with_value(|w| {
        if let Some(w) = w {
            w.in_flight.set(Some(count));
            w.handle.send(request);
        }
    });
}
