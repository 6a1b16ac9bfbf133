//! The browser benchmark (issue 9): every case of `benches/cases.rs` but the training step
//! compiled to wasm (SIMD128 on, see .cargo/config.toml) and timed in headless Chromium's main
//! thread with `performance.now()` (the training step runs in a worker, as in the app:
//! `tests/wasm_bench_worker.rs`). It asserts nothing about speed (these machines are noisy): it
//! prints one line per case, `BENCH <id> <median ms> <samples>`, which `scripts/bench.sh` sets
//! beside the native times.
//!
//! Run: `cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
//! bench` (the release profile, as the app's modules ship).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "shared/wasm_timing.rs"]
mod timing;

use timing::{bench, cases};

wasm_bindgen_test_configure!(run_in_browser);

/// The engine cases, as the studio, landscape and heads modules ship them (`--release`).
#[wasm_bindgen_test]
fn bench_engine_cases() {
    bench(cases::engine_cases());
}

/// The capacity presets, each run to the end as the capacity view runs it.
#[wasm_bindgen_test]
fn bench_capacity_presets() {
    bench(cases::capacity_preset_cases());
}
