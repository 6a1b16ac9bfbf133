//! Hopfield Lab: an interactive visualiser of classical, dense and modern Hopfield networks.
//!
//! Three floors, arrows pointing down only: `app` (Leptos, browser only) calls `lab` (each
//! view's logic without the web, in `lab/V/` beside its components in `app/views/V/`), `plots`
//! (any plotters backend) and `engine` (pure maths, no web dependency). `url_state` is the
//! link codec every view shares. `compute` is the heavy work that runs off the main thread
//! (the worker protocol and the pool), over `engine`.

pub mod compute;
pub mod engine;
pub mod lab;
pub mod plots;
pub mod url_state;

#[cfg(target_arch = "wasm32")]
pub mod app;

/// What the page modules (`src/pages/*.rs`, one per view) say when run natively: they are the
/// browser app, which Trunk builds; the native entry point is the `hopfield` CLI.
pub fn native_hint() {
    eprintln!("this is a page of the browser app: run `make serve`; the native CLI is `hopfield`.");
}
