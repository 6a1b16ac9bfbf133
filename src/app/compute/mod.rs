//! The compute workers in the browser: a pool of `navigator.hardwareConcurrency − 1` module
//! workers (at least one) running the compute module (`src/pages/compute.rs`), spawned when a
//! view first starts a job and kept for the next one. Workers come from the page's own origin
//! (`compute-worker.js?module=<hashed stem>`, the stem from the loader tag's `data-compute`),
//! so the Content-Security-Policy stays `script-src 'self' 'wasm-unsafe-eval'`; messages are
//! the bytes of [`crate::compute::protocol`], transferred, never copied into JSON.
//!
//! Cancel terminates the workers (a busy worker reads no message until its job is done), which
//! stops them at once; the next run spawns fresh ones. A worker that cannot load, a damaged
//! message or an error reply ends the run with [`Event::Failed`], which the view shows as a
//! notice: nothing waits forever.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::compute::pool::{Finished, Schedule, Series};
use crate::compute::protocol::{Reply, Request};

/// What a run tells its view.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The first worker has loaded the compute module: the work begins.
    Ready,
    /// The fraction of the work done.
    Progress(f64),
    /// Points finished, in order.
    Points(Vec<Finished>),
    /// Every point is finished.
    Done,
    /// The run stopped; the message says why.
    Failed(String),
}

type Sink = Rc<dyn Fn(Event)>;

/// One worker and the callbacks it holds.
struct Slot {
    worker: Worker,
    ready: bool,
    /// The chunk it is working on.
    busy: Option<usize>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

struct Pool {
    slots: Vec<Slot>,
    schedule: Schedule,
    sink: Sink,
    announced: bool,
}

thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
}

/// How many workers: one core is left to the page.
fn worker_count() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    (cores as usize).saturating_sub(1).max(1)
}

/// The worker bootstrap's URL with the compute module's stem, from the loader tag.
fn worker_url() -> Result<String, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let tag = document
        .query_selector("script[data-compute]")
        .ok()
        .flatten()
        .ok_or("this page names no compute module")?;
    let stem = tag.get_attribute("data-compute").unwrap_or_default();
    let base = tag.get_attribute("data-base").unwrap_or_default();
    let page = document.base_uri().ok().flatten().unwrap_or_default();
    web_sys::Url::new_with_base(&format!("{base}compute-worker.js?module={stem}"), &page)
        .map(|u| u.href())
        .map_err(|_| "the compute worker's address is not valid".to_string())
}

fn spawn(index: usize, url: &str) -> Result<Slot, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(url, &options)
        .map_err(|e| format!("a compute worker could not be started: {e:?}"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        received(index, ev.data());
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
        ev.prevent_default();
        let detail = ev.message();
        let detail = if detail.is_empty() {
            "its script could not be loaded".to_string()
        } else {
            detail
        };
        fail(format!("a compute worker failed: {detail}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Slot {
        worker,
        ready: false,
        busy: None,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Starts `series` on the pool (replacing any run in progress); `sink` hears how it goes.
/// Reuses the workers of an earlier run, or spawns them.
pub fn start(series: Vec<Series>, sink: impl Fn(Event) + 'static) {
    let sink: Sink = Rc::new(sink);
    let count = worker_count();
    let old = POOL.with(|p| p.borrow_mut().take());
    let slots = match old {
        Some(pool) if pool.slots.iter().all(|s| s.busy.is_none()) => pool.slots,
        other => {
            drop_later(other);
            match worker_url().and_then(|url| (0..count).map(|i| spawn(i, &url)).collect()) {
                Ok(slots) => slots,
                Err(message) => return sink(Event::Failed(message)),
            }
        }
    };
    let announced = slots.iter().any(|s| s.ready);
    let pool = Pool {
        schedule: Schedule::new(series, slots.len()),
        slots,
        sink: sink.clone(),
        announced,
    };
    POOL.with(|p| *p.borrow_mut() = Some(pool));
    if announced {
        sink(Event::Ready);
    }
    dispatch();
}

/// Stops the run at once: the workers are terminated (and spawned anew by the next run).
pub fn cancel() {
    drop_later(POOL.with(|p| p.borrow_mut().take()));
}

/// Terminates the workers of `pool`; the pool itself (with the callbacks that may be running
/// right now) is dropped after the current event.
fn drop_later(pool: Option<Pool>) {
    if let Some(pool) = pool {
        for slot in &pool.slots {
            slot.worker.terminate();
        }
        wasm_bindgen_futures::spawn_local(async move { drop(pool) });
    }
}

/// Ends the run with `message`.
fn fail(message: String) {
    let pool = POOL.with(|p| p.borrow_mut().take());
    if let Some(pool) = pool {
        let sink = pool.sink.clone();
        drop_later(Some(pool));
        sink(Event::Failed(message));
    }
}

/// Hands a job to every ready, idle worker.
fn dispatch() {
    let failed = POOL.with(|p| {
        let mut guard = p.borrow_mut();
        let pool = guard.as_mut()?;
        for slot in pool
            .slots
            .iter_mut()
            .filter(|s| s.ready && s.busy.is_none())
        {
            let Some((id, request)) = pool.schedule.next_job() else {
                break;
            };
            if let Err(message) = post(&slot.worker, &request) {
                return Some(message);
            }
            slot.busy = Some(id);
        }
        None
    });
    if let Some(message) = failed {
        fail(message);
    }
}

fn post(worker: &Worker, request: &Request) -> Result<(), String> {
    let bytes = js_sys::Uint8Array::from(request.encode().as_slice());
    worker
        .post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()))
        .map_err(|e| format!("a job could not be sent to a compute worker: {e:?}"))
}

/// A message from worker `index`: the bootstrap's "ready" or load error, or a reply's bytes.
fn received(index: usize, data: JsValue) {
    let reply = match data.as_string() {
        Some(text) if text == "ready" => return became_ready(index),
        Some(text) => return fail(text),
        None => Reply::decode(&js_sys::Uint8Array::new(&data).to_vec()),
    };
    let reply = match reply {
        Ok(reply) => reply,
        Err(e) => return fail(e.to_string()),
    };
    let outcome = POOL.with(|p| {
        let mut guard = p.borrow_mut();
        let pool = guard.as_mut()?;
        let slot = pool.slots.get_mut(index)?;
        let id = slot.busy?;
        if !matches!(reply, Reply::Progress { .. }) {
            slot.busy = None;
        }
        let booked = pool.schedule.complete(id, reply);
        Some((
            pool.sink.clone(),
            booked,
            pool.schedule.fraction(),
            pool.schedule.is_done(),
        ))
    });
    let Some((sink, booked, fraction, done)) = outcome else {
        return;
    };
    match booked {
        Err(message) => fail(message),
        Ok(points) => {
            if !points.is_empty() {
                sink(Event::Points(points));
            }
            sink(Event::Progress(fraction));
            if done {
                finished();
                sink(Event::Done);
            } else {
                dispatch();
            }
        }
    }
}

/// The run is over: the workers stay for the next one, without a sink.
fn finished() {
    POOL.with(|p| {
        if let Some(pool) = p.borrow_mut().as_mut() {
            pool.sink = Rc::new(|_| {});
        }
    });
}

fn became_ready(index: usize) {
    let first = POOL.with(|p| {
        let mut guard = p.borrow_mut();
        let pool = guard.as_mut()?;
        pool.slots.get_mut(index)?.ready = true;
        let first = !pool.announced;
        pool.announced = true;
        Some((pool.sink.clone(), first))
    });
    if let Some((sink, true)) = first {
        sink(Event::Ready);
    }
    dispatch();
}
