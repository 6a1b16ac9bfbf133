//! The vector kernels — the 32-lane dot product, axpy and axpy4 — written once, generically over
//! the vector width: [`F4`] everywhere, and on x86_64 CPUs with AVX the eight-lane
//! [`super::f32x8`] form as well. Each lane of the wide form holds the same lane of the 32-lane
//! order as the narrow one, and the reductions add the same pairs, so both compute the same bits.
//!
//! The loops are plain index loops over fixed-size chunks, with the 32 lanes of accumulators
//! a value the compiler keeps in registers: the browser modules are built at
//! `opt-level = "z"`, which neither unrolls loops nor inlines iterator adapters, and an
//! accumulator array indexed in a loop stays in memory there.

use core::ops::{Add, Mul};

use super::LANES;

/// A vector of f32 lanes computed lane by lane with IEEE f32 operations (no fused
/// multiply-add), so any width gives the scalar bits.
pub trait Vector: Copy + Add<Output = Self> + Mul<Output = Self> {
    /// Lanes per vector (4 or 8).
    const WIDTH: usize;
    /// The 32 lanes of [`dot_lanes`]' accumulators, as 32 / WIDTH vectors.
    type Lanes32: Copy;
    /// All lanes equal to `v`.
    fn splat(v: f32) -> Self;
    /// The floats `s[at..at + WIDTH]` (bounds-checked).
    fn load(s: &[f32], at: usize) -> Self;
    /// Writes the lanes to `s[at..at + WIDTH]` (bounds-checked).
    fn store(self, s: &mut [f32], at: usize);
    /// 32 zero lanes.
    fn zero32() -> Self::Lanes32;
    /// `acc` plus the products of `a` and `b`, lane k taking index k.
    fn mul_add32(acc: Self::Lanes32, a: &[f32; LANES], b: &[f32; LANES]) -> Self::Lanes32;
    /// The sum of the 32 lanes: lane k plus lane k + 16, then k + 8, then k + 4, and the last
    /// four as (l₀ + l₂) + (l₁ + l₃).
    fn sum32(acc: Self::Lanes32) -> f32;
}

/// The 32-lane sum of the products of a slice pair whose length is a multiple of [`LANES`]
/// (lane k sums the products at indices ≡ k mod 32), reduced by [`Vector::sum32`].
#[inline(always)]
pub fn dot_lanes<V: Vector>(a: &[f32], b: &[f32]) -> f32 {
    let (a32, _) = a.as_chunks::<LANES>();
    let (b32, _) = b.as_chunks::<LANES>();
    let mut acc = V::zero32();
    for k in 0..a32.len().min(b32.len()) {
        acc = V::mul_add32(acc, &a32[k], &b32[k]);
    }
    V::sum32(acc)
}

/// [`dot_lanes`] of `a0` and of `a1` with the same `b`, in one pass: each vector of `b` is
/// loaded once for both rows, and the two rows stream from memory side by side. Only the AVX
/// form exists: two rows of four-lane accumulators would not fit in sixteen registers.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn dot_lanes2<V: Vector>(a0: &[f32], a1: &[f32], b: &[f32]) -> [f32; 2] {
    let (r0, _) = a0.as_chunks::<LANES>();
    let (r1, _) = a1.as_chunks::<LANES>();
    let (b32, _) = b.as_chunks::<LANES>();
    let (mut acc0, mut acc1) = (V::zero32(), V::zero32());
    for k in 0..r0.len().min(r1.len()).min(b32.len()) {
        acc0 = V::mul_add32(acc0, &r0[k], &b32[k]);
        acc1 = V::mul_add32(acc1, &r1[k], &b32[k]);
    }
    [V::sum32(acc0), V::sum32(acc1)]
}

/// `y += alpha · x` on the first ⌊len / width⌋ vectors; returns how many entries it did.
#[inline(always)]
pub fn axpy_body<V: Vector>(alpha: f32, x: &[f32], y: &mut [f32]) -> usize {
    let a = V::splat(alpha);
    let done = x.len().min(y.len()) / V::WIDTH * V::WIDTH;
    let mut i = 0;
    while i < done {
        (V::load(y, i) + a * V::load(x, i)).store(y, i);
        i += V::WIDTH;
    }
    done
}

/// `y += a₀x₀ + a₁x₁ + a₂x₂ + a₃x₃`, the terms added in that order, on the first
/// ⌊len / width⌋ vectors (the slices are equally long); returns how many entries it did.
#[inline(always)]
pub fn axpy4_body<V: Vector>(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) -> usize {
    let a = [
        V::splat(alpha[0]),
        V::splat(alpha[1]),
        V::splat(alpha[2]),
        V::splat(alpha[3]),
    ];
    let [x0, x1, x2, x3] = x;
    let done = y.len() / V::WIDTH * V::WIDTH;
    let mut i = 0;
    while i < done {
        let v = V::load(y, i) + a[0] * V::load(x0, i);
        let v = v + a[1] * V::load(x1, i);
        let v = v + a[2] * V::load(x2, i);
        (v + a[3] * V::load(x3, i)).store(y, i);
        i += V::WIDTH;
    }
    done
}
