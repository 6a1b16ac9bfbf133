//! The compute workers' wasm module (bin `hopfield-compute`): one module for every view's heavy
//! work, built at opt-level 3 (Cargo's `compute` profile; the page modules are built for
//! size) and loaded only into Web Workers, by `www/compute-worker.js`, when a view first needs
//! it. It decodes a request of `hopfield_lab::compute::protocol`, answers it from its session
//! (which holds a training run between requests, and hands every other request to the
//! executor) and posts the replies back as bytes.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;

    use hopfield_lab::compute::protocol::{Reply, Request};
    use hopfield_lab::compute::session::Session;
    use wasm_bindgen::prelude::*;

    thread_local! {
        /// The `post` of the request being run, for the panic hook.
        static POST: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
        /// What the worker keeps between requests.
        static SESSION: RefCell<Session> = RefCell::new(Session::default());
    }

    fn send(post: &js_sys::Function, reply: &Reply) {
        let bytes = js_sys::Uint8Array::from(reply.encode().as_slice());
        // A failed post leaves nothing to tell: the page then sees the worker's error event.
        let _ = post.call1(&JsValue::NULL, &bytes);
    }

    /// Runs one encoded request; `post(bytes)` receives each encoded reply (progress, then the
    /// result or the error). A panic is posted as an error reply before the module aborts,
    /// so the page shows it instead of waiting.
    #[wasm_bindgen]
    pub fn run(request: &[u8], post: js_sys::Function) {
        POST.with(|p| *p.borrow_mut() = Some(post.clone()));
        let reply = match Request::decode(request) {
            Ok(request) => SESSION.with(|s| {
                s.borrow_mut()
                    .serve(&request, &js_sys::Date::now, &mut |r| send(&post, &r))
            }),
            Err(e) => Reply::Error(e.to_string()),
        };
        send(&post, &reply);
    }

    pub fn install_panic_hook() {
        std::panic::set_hook(Box::new(|info| {
            let message = format!("internal error in the compute worker: {info}");
            POST.with(|p| {
                if let Some(post) = p.borrow().as_ref() {
                    send(post, &Reply::Error(message));
                }
            });
        }));
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::install_panic_hook();
}

/// Natively there is no worker: the CLI runs the same pool on threads.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    hopfield_lab::native_hint();
}
