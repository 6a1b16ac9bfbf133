//! The vector kernels — the 32-lane dot product, axpy and axpy4 — written once, generically over
//! the vector width: [`F4`] everywhere, and on x86_64 CPUs with AVX the eight-lane
//! [`super::f32x8`] form as well. Each lane of the wide form holds the same lane of the 32-lane
//! order as the narrow one, and the reduction adds the same pairs, so both compute the same bits.

use core::ops::{Add, Mul};

use super::LANES;
use super::f32x4::F4;

/// A vector of f32 lanes computed lane by lane with IEEE f32 operations (no fused
/// multiply-add), so any width gives the scalar bits.
pub trait Vector: Copy + Add<Output = Self> + Mul<Output = Self> {
    /// Lanes per vector (4 or 8).
    const WIDTH: usize;
    /// All lanes equal to `v`.
    fn splat(v: f32) -> Self;
    /// The first [`Vector::WIDTH`] floats of `s`.
    fn load(s: &[f32]) -> Self;
    /// Writes the lanes to the first [`Vector::WIDTH`] floats of `s`.
    fn store(self, s: &mut [f32]);
    /// Four lanes: lane k is the sum of the lanes ≡ k mod 4, added pairwise from the halves
    /// down (for eight lanes, lane k plus lane k + 4).
    fn fold_to_f4(self) -> F4;
}

/// The 32-lane sums of a slice pair whose length is a multiple of [`LANES`] (lane k sums the
/// products at indices ≡ k mod 32), reduced by [`reduce`].
#[inline(always)]
pub fn dot_lanes<V: Vector>(a: &[f32], b: &[f32]) -> f32 {
    let count = LANES / V::WIDTH;
    let mut acc = [V::splat(0.0); LANES / 4];
    for (ca, cb) in a.chunks_exact(LANES).zip(b.chunks_exact(LANES)) {
        let pairs = ca.chunks_exact(V::WIDTH).zip(cb.chunks_exact(V::WIDTH));
        for (sum, (x, y)) in acc[..count].iter_mut().zip(pairs) {
            *sum = *sum + V::load(x) * V::load(y);
        }
    }
    reduce(acc, count)
}

/// [`dot_lanes`] of `a0` and of `a1` with the same `b`, in one pass: each vector of `b` is
/// loaded once for both rows, and the two rows stream from memory side by side. Only the AVX
/// form exists: two rows of four-lane accumulators would not fit in sixteen registers.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn dot_lanes2<V: Vector>(a0: &[f32], a1: &[f32], b: &[f32]) -> [f32; 2] {
    let (count, w) = (LANES / V::WIDTH, V::WIDTH);
    let mut acc0 = [V::splat(0.0); LANES / 4];
    let mut acc1 = [V::splat(0.0); LANES / 4];
    let rows = a0.chunks_exact(LANES).zip(a1.chunks_exact(LANES));
    for ((c0, c1), cb) in rows.zip(b.chunks_exact(LANES)) {
        for j in 0..count {
            let y = V::load(&cb[j * w..]);
            acc0[j] = acc0[j] + V::load(&c0[j * w..]) * y;
            acc1[j] = acc1[j] + V::load(&c1[j * w..]) * y;
        }
    }
    [reduce(acc0, count), reduce(acc1, count)]
}

/// The sum of the first `count` lane vectors of `acc` in the 32-lane order: lane k plus lane
/// k + 16, then k + 8, then k + 4, and the last four as (l₀ + l₂) + (l₁ + l₃).
#[inline(always)]
fn reduce<V: Vector>(mut acc: [V; LANES / 4], count: usize) -> f32 {
    let mut width = count;
    while width > 1 {
        width /= 2;
        for j in 0..width {
            acc[j] = acc[j] + acc[j + width];
        }
    }
    let l = acc[0].fold_to_f4().to_array();
    (l[0] + l[2]) + (l[1] + l[3])
}

/// `y += alpha · x` on the first ⌊len / width⌋ vectors; returns how many entries it did.
#[inline(always)]
pub fn axpy_body<V: Vector>(alpha: f32, x: &[f32], y: &mut [f32]) -> usize {
    let a = V::splat(alpha);
    for (cy, cx) in y.chunks_exact_mut(V::WIDTH).zip(x.chunks_exact(V::WIDTH)) {
        (V::load(cy) + a * V::load(cx)).store(cy);
    }
    x.len().min(y.len()) / V::WIDTH * V::WIDTH
}

/// `y += a₀x₀ + a₁x₁ + a₂x₂ + a₃x₃`, the terms added in that order, on the first
/// ⌊len / width⌋ vectors (the slices are equally long); returns how many entries it did.
#[inline(always)]
pub fn axpy4_body<V: Vector>(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) -> usize {
    let a = alpha.map(V::splat);
    let w = V::WIDTH;
    let [x0, x1, x2, x3] = x;
    let chunks = x0
        .chunks_exact(w)
        .zip(x1.chunks_exact(w))
        .zip(x2.chunks_exact(w).zip(x3.chunks_exact(w)));
    for (cy, ((c0, c1), (c2, c3))) in y.chunks_exact_mut(w).zip(chunks) {
        let v = V::load(cy) + a[0] * V::load(c0);
        let v = v + a[1] * V::load(c1);
        let v = v + a[2] * V::load(c2);
        (v + a[3] * V::load(c3)).store(cy);
    }
    y.len() / w * w
}
