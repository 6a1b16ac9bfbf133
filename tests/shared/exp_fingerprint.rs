//! One number that depends on every bit the engine's exponentials produce: FNV-1a over the bits
//! of `math::exp` on a fine grid of [−90, 2], of a softmax and of a log-sum-exp. The native test
//! (`tests/engine_math.rs`) and the browser test (`tests/web.rs`) assert the same value, so the
//! CLI and the browser compute the same exponentials bit for bit.

use hopfield_lab::engine::math;

/// The fingerprint both builds must produce.
pub const EXPECTED: u64 = 172_223_441_887_017_047;

/// FNV-1a over the bits of the engine's exponentials (see the module comment).
pub fn fingerprint() -> u64 {
    let mut values: Vec<f32> = (0..=92 * 64)
        .map(|k| math::exp(-90.0 + k as f32 / 64.0))
        .collect();
    let z: Vec<f32> = (0..37)
        .map(|i| ((i * 7919 % 101) as f32 - 50.0) / 7.0)
        .collect();
    values.extend(math::softmax(0.8, &z));
    values.push(math::lse(3.0, &z));
    values.iter().fold(0xcbf2_9ce4_8422_2325, |h, v| {
        (h ^ v.to_bits() as u64).wrapping_mul(0x0100_0000_01b3)
    })
}
