//! eˣ on four lanes at once, for the softmax and log-sum-exp of every model. `libm::expf` is
//! scalar code, and an update over N = 20 000 patterns spent most of its time in it. This one is
//! built from lane-wise f32 operations only ([`F4`]), so it is vector code on every target and
//! gives the same bits natively and in the browser.
//!
//! The method is the classic one (Cody–Waite reduction, then a polynomial): x = n ln 2 + r with
//! n = round(x / ln 2) and |r| ≤ ln 2 / 2, ln 2 split into a short exact head and a tail so that
//! r is nearly exact; eʳ ≈ 1 + r + r²·P(r) with the degree-5 minimax P of Cephes' `expf`; and
//! 2ⁿ assembled in the exponent bits. The relative error is below 1.2·10⁻⁷, about one ulp (the
//! unit test measures it against f64 at two million points).

use super::f32x4::F4;

/// Below this eˣ is less than the smallest normal f32, and the result is 0 (softmax weights this
/// small are zero, which lets the update skip their patterns).
const LOWEST: f32 = -87.336_54;
/// Inputs above this saturate at e⁸⁸ ≈ 1.65·10³⁸ instead of overflowing (the engine only
/// exponentiates numbers ≤ 0, after subtracting the maximum).
const HIGHEST: f32 = 88.0;
/// 1.5·2²³: adding it rounds |v| < 2²² to an integer held in the low mantissa bits.
const ROUNDER: f32 = 12_582_912.0;
const LOG2_E: f32 = std::f32::consts::LOG2_E;
/// ln 2 = LN2_HEAD − LN2_TAIL; LN2_HEAD has 9 significant bits, so n·LN2_HEAD is exact.
const LN2_HEAD: f32 = 355.0 / 512.0;
const LN2_TAIL: f32 = 2.121_944_4e-4;
/// Cephes' expf polynomial, highest degree first.
const P: [f32; 6] = [
    1.987_569_1e-4,
    1.398_199_9e-3,
    8.333_452e-3,
    4.166_579_6e-2,
    1.666_666_5e-1,
    0.5, // Cephes writes 5.0000001201e-1, which rounds to 0.5 in f32
];

/// eˣ lane by lane: 0 below −87.34, saturating at e⁸⁸ above 88.
#[inline(always)]
pub fn exp4(x: F4) -> F4 {
    let clamped = x.clamp(F4::splat(LOWEST), F4::splat(HIGHEST));
    let t = clamped * F4::splat(LOG2_E) + F4::splat(ROUNDER);
    let n = t - F4::splat(ROUNDER);
    let r = (clamped - n * F4::splat(LN2_HEAD)) + n * F4::splat(LN2_TAIL);
    let mut p = F4::splat(P[0]);
    for &c in &P[1..] {
        p = p * r + F4::splat(c);
    }
    let er = p * (r * r) + r + F4::splat(1.0);
    (er * F4::pow2_of_rounded(t)).zero_where_below(x, F4::splat(LOWEST))
}

/// Calls `each(i, e)` with e = exp(β(zᵢ − shift)) for the four entries from index i on (i a
/// multiple of 4; past the end of `z` the lanes are 0), and returns the sum of all the
/// exponentials, added in a fixed order: four lane sums over the chunks, then
/// (s₀ + s₁) + (s₂ + s₃).
pub fn shifted_exps(beta: f32, shift: f32, z: &[f32], mut each: impl FnMut(usize, F4)) -> f32 {
    let (beta4, shift4) = (F4::splat(beta), F4::splat(shift));
    let (chunks, tail) = z.as_chunks::<4>();
    let mut sum = F4::splat(0.0);
    for (c, zc) in chunks.iter().enumerate() {
        let e = exp4(beta4 * (F4::load(zc) - shift4));
        each(4 * c, e);
        sum = sum + e;
    }
    if !tail.is_empty() {
        let mut padded = [shift; 4];
        padded[..tail.len()].copy_from_slice(tail);
        let mut e = exp4(beta4 * (F4::load(&padded) - shift4)).to_array();
        e[tail.len()..].fill(0.0);
        let e = F4::load(&e);
        each(4 * chunks.len(), e);
        sum = sum + e;
    }
    let s = sum.to_array();
    (s[0] + s[1]) + (s[2] + s[3])
}

#[cfg(test)]
mod tests {
    use super::super::exp;
    use super::*;

    #[test]
    fn exp_is_within_one_ulp_of_f64_over_the_range_the_engine_uses() {
        let mut worst = 0.0f64;
        let steps = 2_000_000;
        for k in 0..=steps {
            let x = (LOWEST + (k as f32 / steps as f32) * (HIGHEST - LOWEST)).min(HIGHEST);
            let exact = (x as f64).exp();
            let rel = ((exp(x) as f64 - exact) / exact).abs();
            worst = worst.max(rel);
        }
        assert!(worst < 1.2e-7, "worst relative error {worst:e}");
    }

    #[test]
    fn exp_is_exact_at_zero_and_zero_far_below() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-88.0), 0.0);
        assert_eq!(exp(f32::NEG_INFINITY), 0.0);
        assert!(exp(1e6).is_finite());
        assert!(exp(LOWEST) > 0.0);
    }

    #[test]
    fn shifted_exps_pads_the_tail_with_zeros() {
        let z = [0.5f32, -1.0, 2.0, 0.0, 1.5, -3.0];
        let mut seen = [0.0f32; 8];
        let sum = shifted_exps(2.0, 2.0, &z, |i, e| {
            seen[i..i + 4].copy_from_slice(&e.to_array());
        });
        for (s, zi) in seen.iter().zip(&z) {
            let exact = (2.0 * (*zi as f64 - 2.0)).exp();
            assert!((*s as f64 - exact).abs() <= 2e-7 * exact);
        }
        assert_eq!(&seen[6..], &[0.0, 0.0]);
        let exact: f64 = z.iter().map(|zi| (2.0 * (*zi as f64 - 2.0)).exp()).sum();
        assert!((sum as f64 - exact).abs() < 1e-6 * exact);
    }
}
