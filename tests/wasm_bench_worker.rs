//! The benchmark cases in a dedicated Web Worker at the compute workers' profile (issues 18 and
//! 20), where the app runs its heavy work (`www/compute-worker.js`): the engine cases, the
//! capacity presets and the training step of `benches/cases.rs`, compiled to wasm and timed in
//! headless Chromium by the same loop as `tests/wasm_bench.rs`. Before the training step it
//! checks that the worker computes the native build's training bits
//! (`tests/shared/train_fingerprint.rs`). It prints `BENCH <id> <median ms> <samples>` lines,
//! which `scripts/bench.sh` sets beside the native times as worker/native.
//!
//! Run: `cargo test --profile compute --target wasm32-unknown-unknown --test wasm_bench_worker
//! -- --nocapture` (the compute workers' profile, as their module ships: opt-level 3).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "shared/wasm_timing.rs"]
mod timing;

#[path = "shared/train_fingerprint.rs"]
mod train_fingerprint;

use timing::{bench, cases};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// The engine cases, as the compute module runs them.
#[wasm_bindgen_test]
fn bench_engine_cases() {
    bench(cases::engine_cases());
}

/// The capacity presets, each run to the end in one worker (the pool's speed-up over several
/// workers is `tests/browser_bench/pool.rs`).
#[wasm_bindgen_test]
fn bench_capacity_presets() {
    bench(cases::capacity_preset_cases());
}

/// The default run's bits in the worker are the CLI's, then one step of it timed.
#[wasm_bindgen_test]
fn bench_train_step() {
    assert_eq!(
        train_fingerprint::fingerprint(),
        train_fingerprint::EXPECTED
    );
    bench(vec![cases::train_step_case()]);
}
