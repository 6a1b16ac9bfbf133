//! A compute worker of one view's own, for work that keeps state between requests (the
//! learning view's training run lives in the worker's session). The pool's workers take any
//! run's jobs in turn, so a session there could be lost to another view's job; this worker
//! answers only its view. Requests are sent as the view decides (it keeps one in flight),
//! queued until the worker has loaded; closing terminates it at once, which is also how a
//! reset stops a chunk in progress. [`Looped`] runs a view's request loop (its lab driver) over
//! such a worker: the learning and pooling views share it.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::workers::{Slot, post_bytes, spawn, worker_url};
use crate::compute::protocol::{Reply, Request};
use crate::compute::request_loop::RequestLoop;

/// What the view hears: each reply (progress too), or why the worker failed.
pub type Sink = Rc<dyn Fn(Result<Reply, String>)>;

struct Inner {
    slot: Option<Slot>,
    ready: bool,
    waiting: Vec<js_sys::Uint8Array>,
    sink: Sink,
}

/// A handle to the view's worker (cheap to clone; the worker lives until [`Dedicated::close`]).
#[derive(Clone)]
pub struct Dedicated(Rc<RefCell<Inner>>);

impl Dedicated {
    /// Starts a worker whose replies go to `sink`.
    pub fn open(sink: impl Fn(Result<Reply, String>) + 'static) -> Dedicated {
        let inner = Rc::new(RefCell::new(Inner {
            slot: None,
            ready: false,
            waiting: Vec::new(),
            sink: Rc::new(sink),
        }));
        let weak = Rc::downgrade(&inner);
        let failed = weak.clone();
        let spawned = worker_url().and_then(|url| {
            spawn(
                &url,
                move |data| received(&weak, data),
                move |message| fail(&failed, message),
            )
        });
        match spawned {
            Ok(slot) => inner.borrow_mut().slot = Some(slot),
            Err(message) => tell(&inner, Err(message)),
        }
        Dedicated(inner)
    }

    /// Sends `request` (queued until the worker is ready).
    pub fn send(&self, request: Request) {
        self.send_encoded(js_sys::Uint8Array::from(request.encode().as_slice()));
    }

    /// Sends a request already encoded in JavaScript memory (the model weights' message,
    /// which need not pass through the page's wasm memory), queued until the worker is ready.
    pub fn send_encoded(&self, bytes: js_sys::Uint8Array) {
        let mut inner = self.0.borrow_mut();
        if !inner.ready {
            inner.waiting.push(bytes);
            return;
        }
        let outcome = match inner.slot.as_ref() {
            Some(slot) => post_bytes(&slot.worker, &bytes),
            None => Err("the compute worker is closed".into()),
        };
        drop(inner);
        if let Err(message) = outcome {
            tell(&self.0, Err(message));
        }
    }

    /// Terminates the worker; nothing more is heard from it.
    pub fn close(&self) {
        let slot = self.0.borrow_mut().slot.take();
        if let Some(slot) = slot {
            slot.worker.terminate();
            // Its callbacks may be the ones running now: drop them after this event.
            wasm_bindgen_futures::spawn_local(async move { drop(slot) });
        }
    }
}

/// A view's [`RequestLoop`] over a worker of its own: the driver decides, the worker answers,
/// one request in flight. The learning and pooling views' runs hold one each.
pub struct Looped<D: Send + Sync + 'static> {
    pub driver: StoredValue<D>,
    worker: StoredValue<Option<Dedicated>, LocalStorage>,
}

impl<D: Send + Sync + 'static> Clone for Looped<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync + 'static> Copy for Looped<D> {}

impl<D: RequestLoop + Send + Sync + 'static> Looped<D> {
    /// A loop of `driver` with no worker yet ([`Looped::open`] starts one).
    pub fn new(driver: D) -> Self {
        Looped {
            driver: StoredValue::new(driver),
            worker: StoredValue::new_local(None),
        }
    }

    /// Terminates the worker, if any, and starts a fresh one whose answers go to `sink`
    /// (progress is not shown: a chunk is short).
    pub fn open(self, sink: impl Fn(D::Answer) + 'static) {
        self.close();
        let worker = Dedicated::open(move |reply| {
            if matches!(reply, Ok(Reply::Progress { .. })) {
                return;
            }
            let reply = reply.unwrap_or_else(Reply::Error);
            let answer = self
                .driver
                .try_update_value(|d| d.answered(reply, js_sys::Date::now()));
            if let Some(answer) = answer {
                sink(answer);
            }
            self.pump();
        });
        self.worker.set_value(Some(worker));
    }

    /// Terminates the worker (the view went away, a reset or a cancel).
    pub fn close(self) {
        if let Some(Some(worker)) = self.worker.try_update_value(Option::take) {
            worker.close();
        }
    }

    /// Whether a worker is running.
    pub fn is_open(self) -> bool {
        self.worker.with_value(Option::is_some)
    }

    /// Sends the driver's next request, if one is due.
    pub fn pump(self) {
        let Some(request) = self
            .driver
            .try_update_value(|d| d.next(js_sys::Date::now()))
            .flatten()
        else {
            return;
        };
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.send(request);
            }
        });
    }
}

/// The worker's "ready" (sends what waited), a load error, or a reply's bytes.
fn received(inner: &Weak<RefCell<Inner>>, data: JsValue) {
    let Some(inner) = inner.upgrade() else {
        return;
    };
    let reply = match data.as_string() {
        Some(text) if text == "ready" => {
            let waiting = {
                let mut state = inner.borrow_mut();
                state.ready = true;
                std::mem::take(&mut state.waiting)
            };
            let handle = Dedicated(inner);
            waiting.into_iter().for_each(|r| handle.send_encoded(r));
            return;
        }
        Some(text) => Err(text),
        None => super::decode(&js_sys::Uint8Array::new(&data).to_vec()),
    };
    tell(&inner, reply);
}

/// Calls the view's sink with no borrow held (the sink sends the next request).
fn tell(inner: &Rc<RefCell<Inner>>, reply: Result<Reply, String>) {
    let sink = inner.borrow().sink.clone();
    sink(reply);
}

fn fail(inner: &Weak<RefCell<Inner>>, message: String) {
    if let Some(inner) = inner.upgrade() {
        tell(&inner, Err(message));
    }
}
