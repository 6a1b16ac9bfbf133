//! The classic panel's record: at once on the page when that is quick, otherwise from a
//! compute worker of the panel's own (Storkey at 64×64: `lab::studio::classic_job`), with the
//! learning's progress in the panel meanwhile. The worker keeps the network it learned, so a
//! new query on the same patterns and rule is only a retrieval. A change while the worker is
//! busy terminates it (it reads no message until it is done) and asks a fresh one.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;

use super::state::Settings;
use crate::app::compute::dedicated::Dedicated;
use crate::compute::protocol::{Reply, Request};
use crate::engine::classic::UpdateMode;
use crate::engine::model::ModelSpec;
use crate::lab::studio::classic_job::{self, in_worker};
use crate::lab::studio::playback::PanelRun;
use crate::lab::studio::query::QueryViews;
use crate::lab::studio::set::StoredSet;

type Run = Result<PanelRun, String>;

/// The panel's worker, and while it answers a request the number of patterns being learned
/// (for the progress text).
struct Worker {
    handle: Dedicated,
    in_flight: Rc<Cell<Option<usize>>>,
}

/// The classic network's record over `set` and `query`, kept up to date.
pub fn classic_run(
    s: Settings,
    set: Memo<Result<StoredSet, String>>,
    query: Memo<Result<QueryViews, String>>,
) -> Memo<Run> {
    let out = RwSignal::new(Err(String::new()));
    let worker = StoredValue::new_local(None::<Worker>);
    on_cleanup(move || {
        if let Some(Some(w)) = worker.try_update_value(Option::take) {
            w.handle.close();
        }
    });
    Effect::new(move |_| {
        let rule = s.rule.get();
        let seed = s.seed.get();
        // Whatever comes next, the answer to an older request must not land on it.
        stop_busy(worker);
        let asked = set.with(|set| {
            query.with(|q| {
                let (set, q) = (set.as_ref()?, q.as_ref()?);
                let (patterns, query) = (&set.binary, &q.binary);
                if in_worker(rule, patterns) {
                    let request = classic_job::request(rule, patterns, query, seed);
                    return Ok(Some((request, patterns.count())));
                }
                let spec = ModelSpec::Classic {
                    rule,
                    update: UpdateMode::Async,
                };
                out.set(PanelRun::record(&spec, patterns, query, seed).map_err(|e| e.to_string()));
                Ok(None)
            })
        });
        match asked {
            Err(message) => out.set(Err(message)),
            Ok(None) => {}
            Ok(Some((request, count))) => {
                out.set(Err(classic_job::progress(0, count)));
                ask(worker, request, count, out);
            }
        }
    });
    Memo::new(move |_| out.get())
}

/// Terminates the panel's worker if it is answering a request (it reads no message until it
/// is done, and its answer would be to settings no longer shown).
fn stop_busy(worker: StoredValue<Option<Worker>, LocalStorage>) {
    let busy = worker.with_value(|w| w.as_ref().is_some_and(|w| w.in_flight.get().is_some()));
    if busy && let Some(Some(old)) = worker.try_update_value(Option::take) {
        old.handle.close();
    }
}

/// Sends `request` (over `count` patterns) to the panel's worker (idle: see [`stop_busy`]),
/// opening one when there is none; its answers go to `out`.
fn ask(
    worker: StoredValue<Option<Worker>, LocalStorage>,
    request: Request,
    count: usize,
    out: RwSignal<Run>,
) {
    if worker.with_value(Option::is_none) {
        let in_flight = Rc::new(Cell::new(None));
        let asked = in_flight.clone();
        let handle = Dedicated::open(move |reply| {
            let run = match reply {
                Ok(Reply::Progress { done }) => {
                    let count = asked.get().unwrap_or(0);
                    return out.set(Err(classic_job::progress(done, count)));
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
