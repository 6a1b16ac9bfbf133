//! The engine's one source of randomness: a seeded PCG generator with the few draws the
//! models need. Every random draw goes through here so that a seed reproduces a run exactly,
//! natively and in the browser (the draws use only integer arithmetic, `libm`, and the square
//! root, which IEEE 754 rounds correctly on every target, so all give the same bits).

use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// The seed of stream `stream` of `seed`: independent jobs (a capacity trial, one β of a scan,
/// one row of a basin map) each draw from their own generator, so that the results do not
/// depend on which worker runs which job, or in which order.
pub fn stream_seed(seed: u64, stream: u64) -> u64 {
    splitmix(seed ^ splitmix(stream))
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Coins per random draw in [`SeededRng::extend_signs`]: one per bit of a `u64`.
pub const SIGNS_PER_DRAW: usize = 64;

/// The four coins of each 4-bit value, lowest bit first (a set bit is −1): signs are written
/// four at a time, one 16-byte copy instead of four shifts and stores.
const NIBBLE_SIGNS: [[f32; 4]; 16] = {
    let mut table = [[1.0f32; 4]; 16];
    let mut value = 0;
    while value < 16 {
        let mut bit = 0;
        while bit < 4 {
            if value >> bit & 1 == 1 {
                table[value][bit] = -1.0;
            }
            bit += 1;
        }
        value += 1;
    }
    table
};

/// A seeded, reproducible random number generator.
#[derive(Debug, Clone)]
pub struct SeededRng {
    inner: Pcg64Mcg,
}

impl SeededRng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            inner: Pcg64Mcg::seed_from_u64(seed),
        }
    }

    /// The next raw 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A uniform draw from [0, 1) with 24 random bits (exact in f32).
    pub fn uniform(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u64 << 24) as f32)
    }

    /// A uniform index in `0..n` (`n` > 0), by Lemire's widening multiply (bias below 2⁻³²).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Appends `count` fair coins as ±1 to `out`, 64 coins from each 64 random bits (the
    /// lowest bit first): a random pattern of d signs costs d/64 draws rather than d. (PCG's
    /// 128-bit multiply is emulated in wasm, where one draw per sign made drawing the patterns
    /// the larger part of a capacity trial.) Each call starts on fresh bits, so a set drawn
    /// one pattern per call is the same however the calls are grouped.
    pub fn extend_signs(&mut self, out: &mut Vec<f32>, count: usize) {
        let start = out.len();
        out.resize(start + count, 0.0);
        for word in out[start..].chunks_mut(SIGNS_PER_DRAW) {
            let bits = self.next_u64();
            let done = word.len() / 4 * 4;
            let mut quads = word.chunks_exact_mut(4);
            for (i, quad) in (&mut quads).enumerate() {
                quad.copy_from_slice(&NIBBLE_SIGNS[(bits >> (4 * i)) as usize & 15]);
            }
            let rest = quads.into_remainder();
            if !rest.is_empty() {
                rest.copy_from_slice(&NIBBLE_SIGNS[(bits >> done) as usize & 15][..rest.len()]);
            }
        }
    }

    /// `count` fair coins as ±1 (see [`SeededRng::extend_signs`]).
    pub fn signs(&mut self, count: usize) -> Vec<f32> {
        let mut out = Vec::with_capacity(count);
        self.extend_signs(&mut out, count);
        out
    }

    /// A standard normal draw (Box–Muller; one of the pair is discarded for simplicity).
    pub fn gaussian(&mut self) -> f32 {
        // u1 in (0, 1] so that ln(u1) is finite.
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * libm::logf(u1)).sqrt() * libm::cosf(std::f32::consts::TAU * u2)
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// A random permutation of `0..n`.
    pub fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        self.shuffle(&mut order);
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = SeededRng::new(7);
        let mut b = SeededRng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(SeededRng::new(7).next_u64(), SeededRng::new(8).next_u64());
    }

    #[test]
    fn draws_stay_in_range_and_look_right() {
        let mut rng = SeededRng::new(1);
        let n = 20_000;
        let (mut sum, mut sq) = (0.0f64, 0.0f64);
        for _ in 0..n {
            let u = rng.uniform();
            assert!((0.0..1.0).contains(&u));
            assert!(rng.below(10) < 10);
            let g = rng.gaussian() as f64;
            assert!(g.is_finite());
            sum += g;
            sq += g * g;
        }
        let mean = sum / n as f64;
        let var = sq / n as f64 - mean * mean;
        assert!(mean.abs() < 0.05, "mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "var {var}");
    }

    #[test]
    fn signs_are_fair_and_use_every_bit_of_a_draw() {
        let mut rng = SeededRng::new(4);
        let signs = rng.signs(64 * 2000 + 17);
        assert_eq!(signs.len(), 64 * 2000 + 17);
        assert!(signs.iter().all(|&v| v == 1.0 || v == -1.0));
        let mean = signs.iter().map(|&v| v as f64).sum::<f64>() / signs.len() as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        // Bit i of each draw is coin i: the same generator gives the same coins by hand.
        let mut by_hand = SeededRng::new(4);
        let bits = by_hand.next_u64();
        for (i, &v) in signs[..64].iter().enumerate() {
            assert_eq!(v, if bits >> i & 1 == 0 { 1.0 } else { -1.0 }, "coin {i}");
        }
        // Neighbouring coins of one draw are uncorrelated.
        let lag: f64 = signs.windows(2).map(|w| (w[0] * w[1]) as f64).sum::<f64>();
        assert!(
            (lag / signs.len() as f64).abs() < 0.01,
            "lag-1 correlation {lag}"
        );
        // A call starts on a fresh draw: 3 coins, then 64, are the first 3 of one draw and all
        // of the next.
        let mut split = SeededRng::new(4);
        let (a, b) = (split.signs(3), split.signs(64));
        assert_eq!(a, signs[..3]);
        assert_eq!(b, signs[64..128]);
    }

    #[test]
    fn permutation_is_a_permutation() {
        let mut p = SeededRng::new(3).permutation(50);
        p.sort_unstable();
        assert_eq!(p, (0..50).collect::<Vec<_>>());
    }
}
