//! WebAssembly SIMD128 forms of the kernels' inner loops. The release build is optimised for
//! download size (`opt-level = "z"`), and at that level LLVM does not vectorise the scalar
//! loops: the browser ran them 2–12× slower than an `opt-level = 3` build. Written with the
//! intrinsics they are vector code at any level. Each lane does what the scalar loop does — a
//! multiply rounded to f32, then an add (SIMD128 has no fused multiply-add) — in the same order,
//! so the results are the same bits as the native build's (the CLI and the browser agree).

use core::arch::wasm32::{
    f32x4_add, f32x4_extract_lane, f32x4_mul, f32x4_splat, v128, v128_load, v128_store,
};

use super::LANES;

/// The four floats `s[at..at + 4]` (bounds-checked) as a vector.
#[inline(always)]
fn load(s: &[f32], at: usize) -> v128 {
    let four = &s[at..at + 4];
    // SAFETY: `four` is 16 readable bytes, and v128.load accepts any alignment.
    unsafe { v128_load(four.as_ptr().cast::<v128>()) }
}

/// Writes `v` to `s[at..at + 4]` (bounds-checked).
#[inline(always)]
fn store(s: &mut [f32], at: usize, v: v128) {
    let four = &mut s[at..at + 4];
    // SAFETY: `four` is 16 writable bytes, and v128.store accepts any alignment.
    unsafe { v128_store(four.as_mut_ptr().cast::<v128>(), v) }
}

/// The 32-lane dot product of slices whose length is a multiple of [`LANES`]: lane k (vector
/// k / 4, lane k mod 4) sums the products at indices ≡ k mod 32; the reduction adds vectors
/// pairwise as the scalar one adds lanes (k + 16, k + 8, k + 4), then (l₀ + l₂) + (l₁ + l₃).
pub fn dot_lanes(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [f32x4_splat(0.0); LANES / 4];
    for (ca, cb) in a.chunks_exact(LANES).zip(b.chunks_exact(LANES)) {
        for (j, sum) in acc.iter_mut().enumerate() {
            *sum = f32x4_add(*sum, f32x4_mul(load(ca, 4 * j), load(cb, 4 * j)));
        }
    }
    let v16 = [0, 1, 2, 3].map(|j| f32x4_add(acc[j], acc[j + 4]));
    let v8 = [0, 1].map(|j| f32x4_add(v16[j], v16[j + 2]));
    let v4 = f32x4_add(v8[0], v8[1]);
    (f32x4_extract_lane::<0>(v4) + f32x4_extract_lane::<2>(v4))
        + (f32x4_extract_lane::<1>(v4) + f32x4_extract_lane::<3>(v4))
}

/// `y += alpha · x` over lengths that are a multiple of 16.
pub fn axpy_body(alpha: f32, x: &[f32], y: &mut [f32]) {
    let a = f32x4_splat(alpha);
    for at in (0..y.len().min(x.len()) / 4 * 4).step_by(4) {
        store(y, at, f32x4_add(load(y, at), f32x4_mul(a, load(x, at))));
    }
}

/// `y += a₀x₀ + a₁x₁ + a₂x₂ + a₃x₃`, the terms added in that order, over lengths that are a
/// multiple of 4.
pub fn axpy4_body(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) {
    let a = [0, 1, 2, 3].map(|k| f32x4_splat(alpha[k]));
    for at in (0..y.len() / 4 * 4).step_by(4) {
        let mut v = load(y, at);
        for k in 0..4 {
            v = f32x4_add(v, f32x4_mul(a[k], load(x[k], at)));
        }
        store(y, at, v);
    }
}
