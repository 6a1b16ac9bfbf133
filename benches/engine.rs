//! Engine benchmarks (issue 9): the cases of `benches/cases.rs`, timed natively by criterion.
//! The engine cases have twins in `benches/reference.py` (NumPy), the training step in
//! `benches/torch_reference.py` (PyTorch), and all cases run in the browser too
//! (`tests/wasm_bench.rs`, the training step in a dedicated worker: `tests/wasm_bench_worker.rs`);
//! `scripts/bench.sh` prints the ratios.
//!
//! Run: `cargo bench --bench engine` (or `make bench` for the table).

use criterion::{Criterion, criterion_group, criterion_main};

mod cases;

fn all(c: &mut Criterion) {
    for mut case in cases::engine_cases()
        .into_iter()
        .chain(cases::capacity_preset_cases())
        .chain([cases::train_step_case()])
    {
        c.bench_function(&case.id, |b| b.iter(&mut case.run));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = all
}
criterion_main!(benches);
