//! A figure that follows its inputs through the compute workers without stopping them: while
//! one run is computing, newer inputs only wait, and when it is done the newest of them starts
//! (the ones in between are skipped). Cancelling a run terminates its workers, and a fresh
//! worker takes tens of milliseconds to load the compute module, so a figure whose inputs
//! change every frame (the landscape's basins while β sweeps) would otherwise restart the pool
//! on every frame and never finish; this way it shows a result a run old at worst, as often as
//! the workers can make one.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use super::{Event, Run, start};
use crate::compute::plan::Plan;

/// What a figure shows: the input a run was made for and its items, or why it failed.
pub type Outcome<I, T> = Option<Result<(I, Vec<T>), String>>;

/// Where the runner stands (shared by the effect and the runs' sinks).
struct State<I> {
    /// The input of the run in flight.
    running: Option<Run>,
    /// What came while it runs: nothing (`None`), a newer input, or the figure cleared
    /// (`Some(None)`).
    wanted: Option<Option<I>>,
}

/// Computes `plan(input)` on the pool for the newest `input` (see the module documentation)
/// and returns what the figure shows. `None` as input clears the figure (a run in flight goes
/// on, and its result is dropped). The run in flight is cancelled when the figure goes away.
pub fn follow<I, P>(
    input: Memo<Option<I>>,
    plan: impl Fn(&I) -> P + 'static,
) -> ReadSignal<Outcome<I, P::Item>>
where
    I: Clone + PartialEq + Send + Sync + 'static,
    P: Plan + 'static,
    P::Item: Clone + Send + Sync + 'static,
{
    let (shown, set_shown) = signal(None);
    let state = Rc::new(RefCell::new(State::<I> {
        running: None,
        wanted: None,
    }));
    let plan: Rc<dyn Fn(&I) -> P> = Rc::new(plan);
    // on_cleanup wants a handle that can be sent: the state stays in this thread's arena.
    let cleanup = StoredValue::new_local(state.clone());
    on_cleanup(move || {
        let run = cleanup.try_with_value(|s| s.borrow_mut().running.take());
        if let Some(run) = run.flatten() {
            run.cancel();
        }
    });
    Effect::new(move |_| {
        let next = input.get();
        if next.is_none() {
            set_shown.set(None);
        }
        let busy = state.borrow().running.is_some();
        match next {
            _ if busy => state.borrow_mut().wanted = Some(next),
            Some(next) => launch(next, state.clone(), plan.clone(), set_shown),
            None => {}
        }
    });
    shown
}

/// Starts the run of `input` and, when it ends, the newest input that came meanwhile.
fn launch<I, P>(
    input: I,
    state: Rc<RefCell<State<I>>>,
    plan: Rc<dyn Fn(&I) -> P>,
    shown: WriteSignal<Outcome<I, P::Item>>,
) where
    I: Clone + PartialEq + Send + Sync + 'static,
    P: Plan + 'static,
    P::Item: Clone + Send + Sync + 'static,
{
    let items = Rc::new(RefCell::new(Vec::new()));
    let (sink_state, sink_plan, made_for) = (state.clone(), plan.clone(), input.clone());
    let run = start(plan(&input), move |event| {
        let outcome = match event {
            Event::Items(more) => return items.borrow_mut().extend(more),
            Event::Ready | Event::Progress(_) => return,
            Event::Done => Ok((made_for.clone(), std::mem::take(&mut *items.borrow_mut()))),
            Event::Failed(message) => Err(message),
        };
        let wanted = {
            let mut s = sink_state.borrow_mut();
            s.running = None;
            s.wanted.take()
        };
        match wanted {
            // Cleared meanwhile (say, the basins switched off): the result is not shown.
            Some(None) => {}
            None => shown.set(Some(outcome)),
            Some(Some(next)) => {
                shown.set(Some(outcome));
                if next != made_for {
                    launch(next, sink_state.clone(), sink_plan.clone(), shown);
                }
            }
        }
    });
    state.borrow_mut().running = Some(run);
}
