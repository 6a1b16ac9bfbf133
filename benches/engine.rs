//! Engine benchmarks (issue 9): the cases of `benches/cases.rs`, timed natively by criterion.
//! The engine cases have twins in `benches/reference.py` (NumPy), the training step in
//! `benches/torch_reference.py` (PyTorch), and all cases run in the browser too
//! (`tests/wasm_bench.rs`, the training step in a dedicated worker: `tests/wasm_bench_worker.rs`);
//! `scripts/bench.sh` prints the ratios.
//!
//! Run: `cargo bench --bench engine` (or `make bench` for the table).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hopfield_lab::engine::bert::{MiniLm, Options};

mod cases;

/// The heads view's longest input: 480 characters of English, 140 WordPiece tokens, cut to the
/// model's 128. `tests/e2e/perf.rs` runs the same text in the view's worker.
const HEADS_TEXT: &str = "The cat sat on the mat. ";
const HEADS_REPEAT: usize = 20;

/// all-MiniLM-L6-v2 on [`HEADS_TEXT`]: what the heads view's worker times for "forward pass"
/// (tokenizing and the forward pass), on the int8 asset the page downloads. Native only: the
/// 23 MB asset is read from `.tools/minilm/` (`scripts/fetch-minilm.sh`); missing, the case is
/// skipped with a message.
fn heads_case() -> Option<cases::Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.tools/minilm/minilm.q8");
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("heads-128 skipped: {path} is missing (run `bash scripts/fetch-minilm.sh`)");
        return None;
    };
    let model = MiniLm::from_asset(&bytes).expect("the MiniLM asset");
    let text = HEADS_TEXT.repeat(HEADS_REPEAT);
    assert_eq!(model.vocab().tokenize(&text).len(), 128);
    Some(cases::Case::new("heads-128", move || {
        let tokens = model.vocab().tokenize(&text);
        black_box(model.forward(&tokens, &Options::default()).unwrap());
    }))
}

fn all(c: &mut Criterion) {
    for mut case in cases::engine_cases()
        .into_iter()
        .chain(cases::capacity_preset_cases())
        .chain([cases::train_step_case()])
        .chain(heads_case())
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
