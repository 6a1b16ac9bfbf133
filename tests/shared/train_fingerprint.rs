//! One number that depends on every bit of a few training steps of the learning view's default
//! run: FNV-1a over the bits of each step's loss, then of the probe batch's loss, accuracy and
//! every head's Jacobian norm (each loss depends on every weight the steps before wrote). The
//! native test (`tests/engine_transformer.rs`) and the browser worker benchmark
//! (`tests/wasm_bench_worker.rs`) assert the same value, so the CLI and the app's training
//! worker compute the same bits, and a faster training step cannot change them unnoticed.

use hopfield_lab::engine::transformer::{TrainConfig, Trainer};

/// The fingerprint every build must produce.
pub const EXPECTED: u64 = 154_261_593_661_994_991;

/// Steps of the default run the fingerprint covers.
const STEPS: usize = 4;

/// FNV-1a over the bits of the default run's first [`STEPS`] steps (see the module comment).
pub fn fingerprint() -> u64 {
    let mut run = Trainer::new(&TrainConfig::default()).expect("the default config is valid");
    let mut bits: Vec<u32> = (0..STEPS)
        .map(|_| {
            run.step()
                .expect("the default run does not diverge")
                .to_bits()
        })
        .collect();
    let probe = run.snapshot();
    bits.extend([probe.loss.to_bits(), probe.accuracy.to_bits()]);
    bits.extend(probe.heads.iter().map(|h| h.jacobian.to_bits()));
    bits.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}
