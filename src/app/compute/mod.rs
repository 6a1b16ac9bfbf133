//! The compute workers in the browser: a pool of `navigator.hardwareConcurrency − 1` module
//! workers (at least one) running the compute module (`src/pages/compute.rs`), spawned when a
//! view first starts a run and kept for the next. Any number of runs share it — each a
//! [`Plan`] (a capacity experiment, a β scan, a basin map) whose jobs are handed to idle
//! workers in turn, so two figures computing at once both move.
//!
//! Cancelling a run terminates the workers busy with it (a busy worker reads no message until
//! its job is done), which stops them at once; fresh ones take their place. A worker that
//! cannot load fails every run; a damaged message or an error reply fails its own run, with
//! [`Event::Failed`], which the view shows as a notice: nothing waits forever.

pub mod dedicated;
pub mod latest;
mod workers;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsValue;

use crate::compute::plan::Plan;
use crate::compute::protocol::{DecodeError, Reply, Request};
use workers::{Slot, post, spawn, worker_count, worker_url};

/// What a run tells its view.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<T> {
    /// A worker has loaded the compute module: the work begins.
    Ready,
    /// The fraction of the work done.
    Progress(f64),
    /// Results finished, in the plan's order.
    Items(Vec<T>),
    /// Every result is in.
    Done,
    /// The run stopped; the message says why.
    Failed(String),
}

/// A run in progress (a cheap handle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run(u64);

impl Run {
    /// Stops the run at once; its view hears nothing more.
    pub fn cancel(self) {
        let stopped = POOL.with(|p| p.borrow_mut().as_mut().map(|pool| pool.remove(self.0)));
        drop_later(stopped.into_iter().flatten().collect());
        dispatch();
    }
}

/// How many workers the pool has (or will have): plans cut their work for it.
pub fn workers() -> usize {
    worker_count()
}

/// A view's notification, run once the pool is no longer borrowed (a view may start or
/// cancel runs from it).
type Notify = Box<dyn FnOnce()>;

/// A plan with its view's sink, behind one type for every kind of plan.
trait Active {
    fn next_job(&mut self) -> Option<(usize, Request)>;
    /// Books a reply: the notification of what it made ready, or the run's failure.
    fn complete(&mut self, id: usize, reply: Reply) -> Result<Notify, String>;
    fn is_done(&self) -> bool;
    fn ready(&self) -> Notify;
    fn failed(&self, message: String) -> Notify;
}

/// A plan and its view's sink. Results and progress reach the view at most every
/// [`DELIVERY_MS`] (what finished in between arrives together): a view redraws its figures on
/// each delivery, and on a machine whose cores all run workers that redrawing would take
/// their time. The last delivery, with [`Event::Done`], is made at once.
struct Typed<P: Plan> {
    plan: P,
    sink: Rc<dyn Fn(Event<P::Item>)>,
    /// What the next delivery brings: the items finished since the last one, the latest
    /// progress, and whether that delivery is already asked for.
    pending: Rc<RefCell<Pending<P::Item>>>,
}

/// The shortest time between two deliveries of a run: ten a second still reads as a figure
/// growing, and a redraw of a few milliseconds then costs the workers a few per cent.
const DELIVERY_MS: u64 = 100;

struct Pending<T> {
    items: Vec<T>,
    fraction: f64,
    scheduled: bool,
    /// False once the run is over or cancelled: a delivery asked for before then brings nothing.
    live: bool,
}

impl<P: Plan> Drop for Typed<P> {
    fn drop(&mut self) {
        self.pending.borrow_mut().live = false;
    }
}

/// Hands the pending items and progress to `sink`: from the timer while the run is live, or
/// as the last delivery (`last`, made before [`Event::Done`] even though the run is over).
fn deliver<T>(pending: &RefCell<Pending<T>>, sink: &dyn Fn(Event<T>), last: bool) {
    let (items, fraction) = {
        let mut p = pending.borrow_mut();
        p.scheduled = false;
        if !p.live && !last {
            return;
        }
        (std::mem::take(&mut p.items), p.fraction)
    };
    if !items.is_empty() {
        sink(Event::Items(items));
    }
    sink(Event::Progress(fraction));
}

impl<P: Plan + 'static> Active for Typed<P> {
    fn next_job(&mut self) -> Option<(usize, Request)> {
        self.plan.next_job()
    }

    fn complete(&mut self, id: usize, reply: Reply) -> Result<Notify, String> {
        let items = self.plan.complete(id, reply)?;
        let done = self.plan.is_done();
        let schedule = {
            let mut p = self.pending.borrow_mut();
            p.items.extend(items);
            p.fraction = self.plan.fraction();
            let schedule = !done && !p.scheduled;
            p.scheduled |= schedule;
            schedule
        };
        let (pending, sink) = (self.pending.clone(), self.sink.clone());
        Ok(Box::new(move || {
            if done {
                deliver(&pending, &*sink, true);
                sink(Event::Done);
            } else if schedule {
                leptos::prelude::set_timeout(
                    move || deliver(&pending, &*sink, false),
                    std::time::Duration::from_millis(DELIVERY_MS),
                );
            }
        }))
    }

    fn is_done(&self) -> bool {
        self.plan.is_done()
    }

    fn ready(&self) -> Notify {
        let sink = self.sink.clone();
        Box::new(move || sink(Event::Ready))
    }

    fn failed(&self, message: String) -> Notify {
        self.pending.borrow_mut().live = false;
        let sink = self.sink.clone();
        Box::new(move || sink(Event::Failed(message)))
    }
}

struct RunState {
    id: u64,
    active: Box<dyn Active>,
    announced: bool,
}

struct Pool {
    url: String,
    /// Each worker with the serial number its callbacks carry (a terminated worker's late
    /// message must not be booked to the worker that took its place).
    slots: Vec<(u64, Slot)>,
    runs: Vec<RunState>,
    /// The run whose turn it is to hand out a job.
    turn: usize,
}

thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
    static SERIAL: Cell<u64> = const { Cell::new(0) };
}

fn serial() -> u64 {
    SERIAL.with(|s| {
        s.set(s.get() + 1);
        s.get()
    })
}

fn new_slot(url: &str) -> Result<(u64, Slot), String> {
    let id = serial();
    let slot = spawn(url, move |data| received(id, data), fail_all)?;
    Ok((id, slot))
}

impl Pool {
    /// Removes run `id`, terminating the workers busy with it (fresh ones take their place);
    /// returns the slots to drop once the current event is over.
    fn remove(&mut self, id: u64) -> Vec<Slot> {
        self.runs.retain(|r| r.id != id);
        let mut stopped = Vec::new();
        for entry in &mut self.slots {
            if entry.1.busy.is_some_and(|(run, _)| run == id) {
                entry.1.worker.terminate();
                match new_slot(&self.url) {
                    Ok(fresh) => stopped.push(std::mem::replace(entry, fresh).1),
                    // The next start spawns again; until then the slot stays idle and dead.
                    Err(_) => entry.1.busy = None,
                }
            }
        }
        stopped
    }

    /// The next job of the run whose turn it is (or of the next one that has a job).
    fn next_job(&mut self) -> Option<(u64, usize, Request)> {
        let n = self.runs.len();
        for k in 0..n {
            let i = (self.turn + k) % n;
            if let Some((job, request)) = self.runs[i].active.next_job() {
                self.turn = i + 1;
                return Some((self.runs[i].id, job, request));
            }
        }
        None
    }
}

/// Starts `plan` on the pool (beside any other runs); `sink` hears how it goes.
pub fn start<P: Plan + 'static>(plan: P, sink: impl Fn(Event<P::Item>) + 'static) -> Run {
    let id = serial();
    let active: Box<dyn Active> = Box::new(Typed {
        plan,
        sink: Rc::new(sink),
        pending: Rc::new(RefCell::new(Pending {
            items: Vec::new(),
            fraction: 0.0,
            scheduled: false,
            live: true,
        })),
    });
    let outcome = POOL.with(|p| -> Result<Option<Notify>, (String, Box<dyn Active>)> {
        let mut guard = p.borrow_mut();
        if guard.is_none() {
            let spawned = worker_url().and_then(|url| {
                let slots = (0..worker_count())
                    .map(|_| new_slot(&url))
                    .collect::<Result<_, _>>()?;
                Ok(Pool {
                    url,
                    slots,
                    runs: Vec::new(),
                    turn: 0,
                })
            });
            match spawned {
                Ok(pool) => *guard = Some(pool),
                Err(message) => return Err((message, active)),
            }
        }
        let pool = guard.as_mut().expect("the pool was just made");
        let announced = pool.slots.iter().any(|s| s.1.ready);
        let notify = announced.then(|| active.ready());
        pool.runs.push(RunState {
            id,
            active,
            announced,
        });
        Ok(notify)
    });
    match outcome {
        Ok(notify) => {
            if let Some(notify) = notify {
                notify();
            }
            dispatch();
        }
        Err((message, active)) => active.failed(message)(),
    }
    Run(id)
}

/// Terminates `slots` and drops them after the current event (their callbacks may be the
/// ones running right now).
fn drop_later(slots: Vec<Slot>) {
    if !slots.is_empty() {
        for slot in &slots {
            slot.worker.terminate();
        }
        wasm_bindgen_futures::spawn_local(async move { drop(slots) });
    }
}

/// A worker could not load or broke: every run fails and the workers go (the next run
/// spawns new ones).
fn fail_all(message: String) {
    let Some(pool) = POOL.with(|p| p.borrow_mut().take()) else {
        return;
    };
    let notes: Vec<Notify> = pool
        .runs
        .iter()
        .map(|r| r.active.failed(message.clone()))
        .collect();
    drop_later(pool.slots.into_iter().map(|s| s.1).collect());
    notes.into_iter().for_each(|n| n());
}

/// Fails run `id` with `message` (its other workers are stopped).
fn fail_run(id: u64, message: String) {
    let outcome = POOL.with(|p| {
        let mut guard = p.borrow_mut();
        let pool = guard.as_mut()?;
        let note = pool
            .runs
            .iter()
            .find(|r| r.id == id)?
            .active
            .failed(message);
        Some((note, pool.remove(id)))
    });
    if let Some((note, stopped)) = outcome {
        drop_later(stopped);
        note();
    }
    dispatch();
}

/// Hands a job to every ready, idle worker.
fn dispatch() {
    let failed = POOL.with(|p| {
        let mut guard = p.borrow_mut();
        let pool = guard.as_mut()?;
        for index in 0..pool.slots.len() {
            let slot = &pool.slots[index].1;
            if !slot.ready || slot.busy.is_some() {
                continue;
            }
            let Some((run, job, request)) = pool.next_job() else {
                break;
            };
            let slot = &mut pool.slots[index].1;
            if let Err(message) = post(&slot.worker, &request) {
                return Some((run, message));
            }
            slot.busy = Some((run, job));
        }
        None
    });
    if let Some((run, message)) = failed {
        fail_run(run, message);
    }
}

thread_local! {
    /// The page module's reply decoder ([`set_decoder`]).
    static DECODER: Cell<Option<Decoder>> = const { Cell::new(None) };
}

/// A decoder of the replies one view hears: `Reply::decode_only::<{ kinds::… }>`.
pub type Decoder = fn(&[u8]) -> Result<Reply, DecodeError>;

/// Sets the page's decoder. Each page module names its view's replies (src/pages/), so that it
/// holds only their readers; a page that names none reads no reply.
pub fn set_decoder(decoder: Decoder) {
    DECODER.with(|d| d.set(Some(decoder)));
}

/// A reply's bytes read by the page's decoder, or why they could not be.
pub(crate) fn decode(bytes: &[u8]) -> Result<Reply, String> {
    match DECODER.with(Cell::get) {
        Some(decoder) => decoder(bytes).map_err(|e| e.to_string()),
        None => Err("this page reads no compute replies".into()),
    }
}

/// A message from the worker with serial `serial`: the bootstrap's "ready" or load error, or
/// a reply's bytes.
fn received(serial: u64, data: JsValue) {
    let reply = match data.as_string() {
        Some(text) if text == "ready" => return became_ready(serial),
        Some(text) => return fail_all(text),
        None => decode(&js_sys::Uint8Array::new(&data).to_vec()),
    };
    enum Next {
        Nothing,
        Notify(Notify),
        Fail(u64, String),
    }
    let next = POOL.with(|p| {
        let mut guard = p.borrow_mut();
        let Some(pool) = guard.as_mut() else {
            return Next::Nothing;
        };
        let Some((_, slot)) = pool.slots.iter_mut().find(|s| s.0 == serial) else {
            return Next::Nothing;
        };
        let Some((run, job)) = slot.busy else {
            return Next::Nothing;
        };
        let reply = match reply {
            Ok(reply) => reply,
            Err(e) => return Next::Fail(run, e),
        };
        if !matches!(reply, Reply::Progress { .. }) {
            slot.busy = None;
        }
        let Some(state) = pool.runs.iter_mut().find(|r| r.id == run) else {
            return Next::Nothing;
        };
        match state.active.complete(job, reply) {
            Err(message) => Next::Fail(run, message),
            Ok(notify) => {
                if state.active.is_done() {
                    pool.runs.retain(|r| r.id != run);
                }
                Next::Notify(notify)
            }
        }
    });
    match next {
        Next::Nothing => {}
        Next::Notify(notify) => notify(),
        Next::Fail(run, message) => return fail_run(run, message),
    }
    dispatch();
}

fn became_ready(serial: u64) {
    let notes: Vec<Notify> = POOL.with(|p| {
        let mut guard = p.borrow_mut();
        let Some(pool) = guard.as_mut() else {
            return Vec::new();
        };
        if let Some((_, slot)) = pool.slots.iter_mut().find(|s| s.0 == serial) {
            slot.ready = true;
        }
        pool.runs
            .iter_mut()
            .filter(|r| !r.announced)
            .map(|r| {
                r.announced = true;
                r.active.ready()
            })
            .collect()
    });
    notes.into_iter().for_each(|n| n());
    dispatch();
}

/// At most one run of a figure: starting another cancels the one in progress, and so does
/// the figure going away (call [`RunSlot::cancel`] from its `on_cleanup`).
#[derive(Clone, Copy)]
pub struct RunSlot(leptos::prelude::StoredValue<Option<Run>>);

impl Default for RunSlot {
    fn default() -> Self {
        Self::new()
    }
}

impl RunSlot {
    /// An empty slot.
    pub fn new() -> Self {
        Self(leptos::prelude::StoredValue::new(None))
    }

    /// Cancels the run in progress, if any, and starts `plan` (see [`start`]).
    pub fn start<P: Plan + 'static>(self, plan: P, sink: impl Fn(Event<P::Item>) + 'static) {
        use leptos::prelude::SetValue;
        self.cancel();
        let run = start(plan, sink);
        self.0.try_set_value(Some(run));
    }

    /// Cancels the run in progress, if any.
    pub fn cancel(self) {
        use leptos::prelude::UpdateValue;
        if let Some(Some(run)) = self.0.try_update_value(Option::take) {
            run.cancel();
        }
    }
}
