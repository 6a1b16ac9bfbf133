//! Spawning the compute workers and posting them requests. Workers come from the page's own
//! origin (`compute-worker.js?module=<hashed stem>`, the stem from the loader tag's
//! `data-compute`), so the Content-Security-Policy stays `script-src 'self'
//! 'wasm-unsafe-eval'`; messages are the bytes of [`crate::compute::protocol`], transferred,
//! never copied into JSON.

use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::compute::protocol::Request;

/// One worker and the callbacks it holds.
pub(super) struct Slot {
    pub(super) worker: Worker,
    /// Whether its bootstrap said "ready".
    pub(super) ready: bool,
    /// The (run, job) it is working on.
    pub(super) busy: Option<(u64, usize)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// The page global a benchmark sets to choose the pool's size (`tests/browser_bench/pool.rs`
/// times a run on 1 and on 2 workers, where a 2-core machine would get 1). Read when the pool
/// is made, so it must be set before a view's first run; the app never sets it.
const WORKERS_OVERRIDE: &str = "hopfieldComputeWorkers";

/// How many workers: one core is left to the page (unless a benchmark chose, 1 to 16).
pub(super) fn worker_count() -> usize {
    let Some(window) = web_sys::window() else {
        return 1;
    };
    let chosen = js_sys::Reflect::get(&window, &JsValue::from_str(WORKERS_OVERRIDE))
        .ok()
        .and_then(|v| v.as_f64())
        .filter(|n| (1.0..=16.0).contains(n));
    if let Some(n) = chosen {
        return n as usize;
    }
    let cores = window.navigator().hardware_concurrency();
    (cores as usize).saturating_sub(1).max(1)
}

/// The worker bootstrap's URL with the compute module's stem, from the loader tag.
pub(super) fn worker_url() -> Result<String, String> {
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

/// Starts a worker whose messages go to `received(data)` and whose failure to
/// `failed(message)`.
pub(super) fn spawn(
    url: &str,
    received: impl Fn(JsValue) + 'static,
    failed: impl Fn(String) + 'static,
) -> Result<Slot, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(url, &options)
        .map_err(|e| format!("a compute worker could not be started: {e:?}"))?;
    let on_message =
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| received(ev.data()));
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
        ev.prevent_default();
        let detail = ev.message();
        let detail = if detail.is_empty() {
            "its script could not be loaded".to_string()
        } else {
            detail
        };
        failed(format!("a compute worker failed: {detail}"));
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

/// Sends `request` to `worker`, transferring its bytes.
pub(super) fn post(worker: &Worker, request: &Request) -> Result<(), String> {
    post_bytes(
        worker,
        &js_sys::Uint8Array::from(request.encode().as_slice()),
    )
}

/// Sends an encoded request already in JavaScript memory (a large one, such as the model
/// weights, that need not pass through the page's wasm memory), transferring its buffer.
pub(super) fn post_bytes(worker: &Worker, bytes: &js_sys::Uint8Array) -> Result<(), String> {
    worker
        .post_message_with_transfer(bytes, &js_sys::Array::of1(&bytes.buffer()))
        .map_err(|e| format!("a job could not be sent to a compute worker: {e:?}"))
}
