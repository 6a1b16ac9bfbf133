//! The training step in a dedicated Web Worker (issue 20), where the learning view trains
//! (`www/compute-worker.js`): `benches/cases.rs`'s `train-step` compiled to wasm and timed in
//! headless Chromium by the same loop as `tests/wasm_bench.rs`, after checking that the worker
//! computes the native build's training bits (`tests/shared/train_fingerprint.rs`). It prints
//! `BENCH train-step <median ms> <samples>` for `scripts/bench.sh`.
//!
//! Run: `cargo test --profile compute --target wasm32-unknown-unknown --test wasm_bench_worker
//! -- --nocapture` (the compute workers' profile, as their module ships: opt-level 3).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "shared/wasm_timing.rs"]
mod timing;

#[path = "shared/train_fingerprint.rs"]
mod train_fingerprint;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// The default run's bits in the worker are the CLI's, then one step of it timed.
#[wasm_bindgen_test]
fn bench_train_step() {
    assert_eq!(
        train_fingerprint::fingerprint(),
        train_fingerprint::EXPECTED
    );
    timing::bench(vec![timing::cases::train_step_case()]);
}
