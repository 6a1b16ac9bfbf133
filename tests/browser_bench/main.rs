//! Browser benchmarks driven through WebDriver (issue 18), for `scripts/bench.sh` only: the
//! capacity presets over the app's worker pool on 1 and on 2 workers (`pool`), the time from
//! Cancel to stopped workers and a stopped view (`cancel`), and TF.js on its wasm backend on
//! the engine's own data (`tfjs`). They print `BENCH <id> <median ms> <samples> …` lines and
//! assert only that the work was done right (the same results on any pool size, TF.js within
//! a tolerance of the engine), never a speed. Not part of `make test`: every test is ignored,
//! and `scripts/test.sh` runs the ignored tests of `tests/e2e/` only.
//!
//! Run: `cargo test --test browser_bench -- --ignored --test-threads=1 --nocapture` (pool and
//! cancel need a release build in dist/; tfjs needs `scripts/install-tools.sh --bench`).
#![cfg(not(target_arch = "wasm32"))]

mod cancel;
mod pool;
mod tfjs;

// The end-to-end tests' server, driver and session; this target uses part of it.
#[allow(dead_code)]
#[path = "../e2e/support.rs"]
mod support;

/// The median of `samples` (sorted in place).
fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Prints the `BENCH <id> <median ms> <samples>` line of `samples` for `scripts/bench.sh`,
/// with `extra` after it; returns the median.
fn report(id: &str, samples: &mut [f64], extra: &str) -> f64 {
    let ms = median(samples);
    println!("BENCH {id} {ms:.4} {} {extra}", samples.len());
    ms
}
