//! The browser benchmarks' clock and timing loop, shared by the main-thread benchmark
//! (`tests/wasm_bench.rs`) and the dedicated-worker one (`tests/wasm_bench_worker.rs`), so both
//! time a case the same way. `performance` is a global of a window and of a worker scope alike,
//! so the clock is bound directly rather than through `web_sys::window()` (absent in a worker).

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::console_log;

// Each benchmark runs its own share of the cases (the worker only the training step).
#[allow(dead_code)]
#[path = "../../benches/cases.rs"]
pub mod cases;

#[wasm_bindgen]
extern "C" {
    /// Milliseconds from the page's or the worker's clock.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now_ms() -> f64;
}

/// Median milliseconds per call: one warm-up call, then at least 5 samples, each timing enough
/// calls to span ≥ 2 ms (performance.now is coarsened to 0.1 ms), for about a second in all.
fn time(run: &mut dyn FnMut()) -> (f64, usize) {
    let t0 = now_ms();
    run();
    let once = (now_ms() - t0).max(1e-3);
    let calls = (2.0 / once).ceil().max(1.0) as usize;
    let mut samples = Vec::new();
    let start = now_ms();
    while samples.len() < 5 || (now_ms() - start < 1000.0 && samples.len() < 200) {
        let t = now_ms();
        for _ in 0..calls {
            run();
        }
        samples.push((now_ms() - t) / calls as f64);
    }
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples.len())
}

/// Times each case and prints its `BENCH <id> <median ms> <samples>` line.
pub fn bench(cases: Vec<cases::Case>) {
    for mut case in cases {
        let (median, samples) = time(&mut case.run);
        assert!(
            median.is_finite() && median > 0.0,
            "{}: no time measured",
            case.id
        );
        console_log!("BENCH {} {:.4} {}", case.id, median, samples);
    }
}
