//! The browser benchmark (issue 9): every case of `benches/cases.rs` compiled to wasm (SIMD128
//! on, see .cargo/config.toml) and timed in headless Chromium with `performance.now()`.
//! It asserts nothing about speed (these machines are noisy): it prints one line per case,
//! `BENCH <id> <median ms> <samples>`, which `scripts/bench.sh` sets beside the native times.
//!
//! Run: `cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
//! bench` (the release profile, as the app's modules ship).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "../benches/cases.rs"]
mod cases;

wasm_bindgen_test_configure!(run_in_browser);

/// Milliseconds from the page's clock.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance.now")
        .now()
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

/// Times each case and prints its `BENCH` line.
fn bench(cases: Vec<cases::Case>) {
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
