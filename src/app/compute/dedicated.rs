//! A compute worker of one view's own, for work that keeps state between requests (the
//! learning view's training run lives in the worker's session). The pool's workers take any
//! run's jobs in turn, so a session there could be lost to another view's job; this worker
//! answers only its view. Requests are sent as the view decides (it keeps one in flight),
//! queued until the worker has loaded; closing terminates it at once, which is also how a
//! reset stops a chunk in progress.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::JsValue;

use super::workers::{Slot, post_bytes, spawn, worker_url};
use crate::compute::protocol::{Reply, Request};

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
        None => Reply::decode(&js_sys::Uint8Array::new(&data).to_vec()).map_err(|e| e.to_string()),
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
