//! The kernels at AVX width (eight lanes) for x86_64 CPUs that have AVX, chosen at run time:
//! half the load and arithmetic instructions of the SSE2 form for the same bits (see
//! [`super::kernels`]). Each entry point returns `None` on a CPU without AVX.

use core::arch::x86_64::*;
use core::ops::{Add, Mul};

use super::f32x4::{F4, check_bounds};
use super::kernels::{self, Vector};

/// Eight f32 lanes in an AVX register. Only used inside the `#[target_feature(enable = "avx")]`
/// functions below, which run after [`has_avx`] said yes.
#[derive(Clone, Copy)]
struct F8(__m256);

// SAFETY (every `unsafe` block of F8 that does not touch memory): F8 values exist only inside
// the AVX functions of this module, which are called only when the CPU has AVX.
impl Vector for F8 {
    const WIDTH: usize = 8;
    type Lanes32 = [F8; 4];
    #[inline(always)]
    fn splat(v: f32) -> Self {
        Self(unsafe { _mm256_set1_ps(v) })
    }
    #[inline(always)]
    fn load(s: &[f32], at: usize) -> Self {
        check_bounds(s.len(), at, 8);
        // SAFETY: s[at..at + 8] is in bounds (checked above); vmovups accepts any alignment.
        Self(unsafe { _mm256_loadu_ps(s.as_ptr().add(at)) })
    }
    #[inline(always)]
    fn store(self, s: &mut [f32], at: usize) {
        check_bounds(s.len(), at, 8);
        // SAFETY: s[at..at + 8] is in bounds (checked above); vmovups accepts any alignment.
        unsafe { _mm256_storeu_ps(s.as_mut_ptr().add(at), self.0) }
    }
    #[inline(always)]
    fn zero32() -> [F8; 4] {
        [Self::splat(0.0); 4]
    }
    #[inline(always)]
    fn mul_add32(acc: [F8; 4], a: &[f32; 32], b: &[f32; 32]) -> [F8; 4] {
        #[inline(always)]
        fn term(acc: F8, a: &[f32; 32], b: &[f32; 32], at: usize) -> F8 {
            acc + F8::load(a, at) * F8::load(b, at)
        }
        let [s0, s1, s2, s3] = acc;
        [
            term(s0, a, b, 0),
            term(s1, a, b, 8),
            term(s2, a, b, 16),
            term(s3, a, b, 24),
        ]
    }
    #[inline(always)]
    fn sum32(acc: [F8; 4]) -> f32 {
        let [s0, s1, s2, s3] = acc;
        // Lanes k and k + 16, then k + 8; then the halves (k + 4) as four-lane vectors.
        let v = (s0 + s2) + (s1 + s3);
        let mut l = [0.0f32; 8];
        v.store(&mut l, 0);
        let (lo, hi) = l.split_at(4);
        let l = (F4::load_at(lo, 0) + F4::load_at(hi, 0)).to_array();
        (l[0] + l[2]) + (l[1] + l[3])
    }
}

impl Add for F8 {
    type Output = Self;
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        Self(unsafe { _mm256_add_ps(self.0, rhs.0) })
    }
}

impl Mul for F8 {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        Self(unsafe { _mm256_mul_ps(self.0, rhs.0) })
    }
}

/// Whether this CPU has AVX (detected once, then a cached flag).
fn has_avx() -> bool {
    std::is_x86_feature_detected!("avx")
}

#[target_feature(enable = "avx")]
fn dot_lanes_avx(a: &[f32], b: &[f32]) -> f32 {
    kernels::dot_lanes::<F8>(a, b)
}

#[target_feature(enable = "avx")]
fn dot_lanes2_avx(a0: &[f32], a1: &[f32], b: &[f32]) -> [f32; 2] {
    kernels::dot_lanes2::<F8>(a0, a1, b)
}

#[target_feature(enable = "avx")]
fn axpy_avx(alpha: f32, x: &[f32], y: &mut [f32]) -> usize {
    kernels::axpy_body::<F8>(alpha, x, y)
}

#[target_feature(enable = "avx")]
fn axpy4_avx(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) -> usize {
    kernels::axpy4_body::<F8>(alpha, x, y)
}

/// [`kernels::dot_lanes`] at AVX width.
pub fn dot_lanes(a: &[f32], b: &[f32]) -> Option<f32> {
    // SAFETY: the CPU has AVX.
    has_avx().then(|| unsafe { dot_lanes_avx(a, b) })
}

/// [`kernels::dot_lanes2`] at AVX width (with eight lanes, two rows' accumulators fit in the
/// sixteen AVX registers; with four they would not).
pub fn dot_lanes2(a0: &[f32], a1: &[f32], b: &[f32]) -> Option<[f32; 2]> {
    // SAFETY: the CPU has AVX.
    has_avx().then(|| unsafe { dot_lanes2_avx(a0, a1, b) })
}

/// [`kernels::axpy_body`] at AVX width.
pub fn axpy_body(alpha: f32, x: &[f32], y: &mut [f32]) -> Option<usize> {
    // SAFETY: the CPU has AVX.
    has_avx().then(|| unsafe { axpy_avx(alpha, x, y) })
}

/// [`kernels::axpy4_body`] at AVX width.
pub fn axpy4_body(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) -> Option<usize> {
    // SAFETY: the CPU has AVX.
    has_avx().then(|| unsafe { axpy4_avx(alpha, x, y) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AVX forms give the bits of the SSE2 forms (skipped on a CPU without AVX).
    #[test]
    fn avx_kernels_give_the_four_lane_bits() {
        let mut rng = crate::engine::rng::SeededRng::new(11);
        let len = 32 * 37 + 13;
        let [a, b]: [Vec<f32>; 2] = [0, 1].map(|_| (0..len).map(|_| rng.gaussian()).collect());
        let body = len / 32 * 32;
        let Some(wide) = dot_lanes(&a[..body], &b[..body]) else {
            return;
        };
        assert_eq!(
            wide.to_bits(),
            kernels::dot_lanes::<F4>(&a[..body], &b[..body]).to_bits()
        );

        let (mut y8, mut y4) = (b.clone(), b.clone());
        let done = axpy_body(0.37, &a, &mut y8).unwrap();
        assert_eq!(done, len / 8 * 8);
        kernels::axpy_body::<F4>(0.37, &a[..done], &mut y4[..done]);
        assert_eq!(y8, y4);

        let (mut y8, mut y4) = (b.clone(), b.clone());
        let xs = [&a[..], &b[..], &a[..], &b[..]];
        let alpha = [0.5, -1.25, 3.0, 0.125];
        let done = axpy4_body(alpha, xs, &mut y8).unwrap();
        kernels::axpy4_body::<F4>(alpha, xs.map(|x| &x[..done]), &mut y4[..done]);
        assert_eq!(y8, y4);
    }
}
