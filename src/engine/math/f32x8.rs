//! The kernels at AVX width (eight lanes) for x86_64 CPUs that have AVX, chosen at run time:
//! half the load and arithmetic instructions of the SSE2 form for the same bits (see
//! [`super::kernels`]). The entry points are compiled for AVX, so they may only be called once
//! [`has_avx`] said yes (`math`'s `widest!` does that).

use core::arch::x86_64::*;
use core::ops::{Add, Mul};

use super::Product;
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
    const SHARES_ROWS: bool = true;
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

/// Whether this CPU has AVX (detected once, then a cached flag). The functions below may only
/// be called when it does.
pub fn has_avx() -> bool {
    std::is_x86_feature_detected!("avx")
}

/// [`super::dot`] at AVX width.
#[target_feature(enable = "avx")]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    kernels::dot::<F8>(a, b)
}

/// [`super::dots_into`] at AVX width, four rows at a time.
#[target_feature(enable = "avx")]
pub fn dots_into(rows: &[f32], b: &[f32], out: &mut [f32]) {
    kernels::dots_into::<F8>(rows, b, out)
}

/// [`super::axpy`] at AVX width.
#[target_feature(enable = "avx")]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    kernels::axpy::<F8>(alpha, x, y)
}

/// [`super::axpy4`] at AVX width.
#[target_feature(enable = "avx")]
pub fn axpy4(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) {
    kernels::axpy4::<F8>(alpha, x, y)
}

/// [`super::add_weighted`] at AVX width: the whole sum in one call, so short vectors do not pay
/// a dispatch per group of four.
#[target_feature(enable = "avx")]
pub fn add_weighted<'a>(terms: impl IntoIterator<Item = (f32, &'a [f32])>, y: &mut [f32]) {
    kernels::add_weighted::<F8>(terms, y)
}

/// [`super::dot_columns`] at AVX width: eight columns a vector.
#[target_feature(enable = "avx")]
pub fn dot_columns_short(a: &[f32], bt: &[f32], out: &mut [f32], n: usize) {
    kernels::dot_columns_short::<F8>(a, bt, out, n)
}

/// [`super::add_products`] at AVX width: a head's 8 entries are one register, a row of 32
/// four.
#[target_feature(enable = "avx")]
pub fn add_products(p: Product<f32>, rows: usize, y: &mut [f32], y_row: usize, len: usize) {
    kernels::add_products::<F8>(p, rows, y, y_row, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AVX forms give the bits of the SSE2 forms (skipped on a CPU without AVX).
    #[test]
    fn avx_kernels_give_the_four_lane_bits() {
        if !has_avx() {
            return;
        }
        let mut rng = crate::engine::rng::SeededRng::new(11);
        for len in [7, 32, 64, 32 * 37 + 13] {
            let [a, b]: [Vec<f32>; 2] =
                [0, 1].map(|_| (0..3 * len).map(|_| rng.gaussian()).collect());
            let (x, y) = (&a[..len], &b[..len]);
            // SAFETY (every unsafe block here): the CPU has AVX (checked above).
            let wide = unsafe { dot(x, y) };
            assert_eq!(wide.to_bits(), kernels::dot::<F4>(x, y).to_bits());

            let (mut wide, mut four) = (vec![0.0; 3], vec![0.0; 3]);
            unsafe { dots_into(&a, y, &mut wide) };
            kernels::dots_into::<F4>(&a, y, &mut four);
            assert_eq!(wide, four);
            // Nine rows: two tiles of four, then one row alone.
            let nine: Vec<f32> = (0..9 * len).map(|_| rng.gaussian()).collect();
            let (mut wide, mut four) = (vec![0.0; 9], vec![0.0; 9]);
            unsafe { dots_into(&nine, y, &mut wide) };
            kernels::dots_into::<F4>(&nine, y, &mut four);
            assert_eq!(wide, four);

            let (mut wide, mut four) = (y.to_vec(), y.to_vec());
            unsafe { axpy(0.37, x, &mut wide) };
            kernels::axpy::<F4>(0.37, x, &mut four);
            assert_eq!(wide, four);

            let terms = || {
                a.chunks_exact(len)
                    .map(|r| (r[0], r))
                    .chain([(0.0, x), (2.5, y)])
            };
            let (mut wide, mut four) = (y.to_vec(), y.to_vec());
            unsafe { add_weighted(terms(), &mut wide) };
            kernels::add_weighted::<F4>(terms(), &mut four);
            assert_eq!(wide, four);

            // Five rows (a tile of four and one), the coefficients in b's columns.
            let p = Product {
                terms: 3,
                a: &b,
                a_row: 1,
                a_step: 5,
                b: &a,
                b_step: len,
            };
            let (mut wide, mut four) = (b.clone(), b.clone());
            unsafe { add_products(p, 5, &mut wide, len / 2, len / 2) };
            kernels::add_products::<F4>(p, 5, &mut four, len / 2, len / 2);
            assert_eq!(wide, four);

            // x's first 5 entries against 5 rows of `a`, len / 2 columns.
            let (mut wide, mut four) = (vec![0.0; len / 2], vec![0.0; len / 2]);
            unsafe { dot_columns_short(&x[..5], &a, &mut wide, len / 2) };
            kernels::dot_columns_short::<F4>(&x[..5], &a, &mut four, len / 2);
            assert_eq!(wide, four);
        }
    }
}
