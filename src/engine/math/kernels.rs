//! The vector kernels — the 32-lane dot product, rows of them, axpy, axpy4 and weighted sums of
//! vectors — written once, generically over the vector width: the four lanes of
//! [`super::f32x4::F4`] everywhere, and on x86_64 CPUs with AVX the eight lanes of
//! [`super::f32x8`] as well. Each lane of the wide form holds the same lane of the 32-lane order
//! as the narrow one, and the reductions add the same pairs, so both compute the same bits.
//!
//! The loops are plain index loops over fixed-size chunks, with the 32 lanes of accumulators
//! a value the compiler keeps in registers: the browser modules are built at
//! `opt-level = "z"`, which neither unrolls loops nor inlines iterator adapters, and an
//! accumulator array indexed in a loop stays in memory there.

use core::ops::{Add, Mul};

use super::{LANES, dot_short};

/// A vector of f32 lanes computed lane by lane with IEEE f32 operations (no fused
/// multiply-add), so any width gives the scalar bits.
pub trait Vector: Copy + Add<Output = Self> + Mul<Output = Self> {
    /// Lanes per vector (4 or 8).
    const WIDTH: usize;
    /// Whether [`dots_into`] takes rows two at a time: only when two rows' accumulators fit in
    /// the sixteen vector registers of x86_64 (eight lanes each: yes; four: no).
    const PAIRS: bool;
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
fn dot_lanes<V: Vector>(a: &[f32], b: &[f32]) -> f32 {
    let (a32, _) = a.as_chunks::<LANES>();
    let (b32, _) = b.as_chunks::<LANES>();
    let mut acc = V::zero32();
    for k in 0..a32.len().min(b32.len()) {
        acc = V::mul_add32(acc, &a32[k], &b32[k]);
    }
    V::sum32(acc)
}

/// [`dot_lanes`] of `a0` and of `a1` with the same `b`, in one pass: each vector of `b` is
/// loaded once for both rows, and the two rows stream from memory side by side. Only
/// the widths whose [`Vector::PAIRS`] is true use it.
#[inline(always)]
fn dot_lanes2<V: Vector>(a0: &[f32], a1: &[f32], b: &[f32]) -> [f32; 2] {
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
fn axpy_body<V: Vector>(alpha: f32, x: &[f32], y: &mut [f32]) -> usize {
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
fn axpy4_body<V: Vector>(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) -> usize {
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

/// [`super::dot`] at width `V`: [`dot_short`] below [`LANES`] entries, else [`dot_lanes`] plus
/// [`dot_short`] of the rest.
#[inline(always)]
pub fn dot<V: Vector>(a: &[f32], b: &[f32]) -> f32 {
    let len = a.len().min(b.len());
    if len < LANES {
        return dot_short(&a[..len], &b[..len]);
    }
    let body = len / LANES * LANES;
    dot_lanes::<V>(&a[..body], &b[..body]) + dot_short(&a[body..len], &b[body..len])
}

/// [`super::dots_into`] at width `V`: rows in pairs when [`Vector::PAIRS`], the others by
/// [`super::dot`] (so the browser modules hold one copy of the four-lane dot).
#[inline(always)]
pub fn dots_into<V: Vector>(rows: &[f32], b: &[f32], out: &mut [f32]) {
    let len = b.len().max(1);
    let mut done = 0;
    if V::PAIRS && len >= LANES {
        let body = len / LANES * LANES;
        for (two, o) in rows.chunks_exact(2 * len).zip(out.chunks_exact_mut(2)) {
            let (r0, r1) = two.split_at(len);
            let heads = dot_lanes2::<V>(&r0[..body], &r1[..body], &b[..body]);
            o[0] = heads[0] + dot_short(&r0[body..], &b[body..]);
            o[1] = heads[1] + dot_short(&r1[body..], &b[body..]);
            done += 2;
        }
    }
    for (row, o) in rows.chunks_exact(len).zip(out.iter_mut()).skip(done) {
        *o = super::dot(row, b);
    }
}

/// [`super::axpy`] at width `V`.
#[inline(always)]
pub fn axpy<V: Vector>(alpha: f32, x: &[f32], y: &mut [f32]) {
    let len = x.len().min(y.len());
    let (x, y) = (&x[..len], &mut y[..len]);
    let done = axpy_body::<V>(alpha, x, y);
    for (yi, xi) in y[done..].iter_mut().zip(&x[done..]) {
        *yi += alpha * xi;
    }
}

/// [`super::axpy4`] at width `V`.
#[inline(always)]
pub fn axpy4<V: Vector>(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) {
    let len = x.iter().fold(y.len(), |l, xk| l.min(xk.len()));
    let (x, y) = (x.map(|xk| &xk[..len]), &mut y[..len]);
    let done = axpy4_body::<V>(alpha, x, y);
    for i in done..len {
        let mut v = y[i];
        for k in 0..4 {
            v += alpha[k] * x[k][i];
        }
        y[i] = v;
    }
}

/// [`super::add_weighted`] at width `V`.
#[inline(always)]
pub fn add_weighted<'a, V: Vector>(
    terms: impl IntoIterator<Item = (f32, &'a [f32])>,
    y: &mut [f32],
) {
    let mut group: [(f32, &[f32]); 4] = [(0.0, &[]); 4];
    let mut filled = 0;
    for (a, x) in terms {
        if a != 0.0 {
            group[filled] = (a, x);
            filled += 1;
            if filled == 4 {
                axpy4::<V>(group.map(|g| g.0), group.map(|g| g.1), y);
                filled = 0;
            }
        }
    }
    for &(a, x) in &group[..filled] {
        axpy::<V>(a, x, y);
    }
}

/// `acc + c · b[at..at + WIDTH]`, the one step of [`add_products`].
#[inline(always)]
fn add_product<V: Vector>(acc: V, c: V, b: &[f32], at: usize) -> V {
    acc + c * V::load(b, at)
}

/// [`super::add_products`] at width `V`: four vectors of `y` at a time, then one at a time,
/// then the last entries one by one, each block held in registers through all the terms.
#[inline(always)]
pub fn add_products<V: Vector>(
    terms: usize,
    a: &[f32],
    a_step: usize,
    b: &[f32],
    b_step: usize,
    y: &mut [f32],
) {
    let (len, w) = (y.len(), V::WIDTH);
    let mut at = 0;
    while at + 4 * w <= len {
        let mut y0 = V::load(y, at);
        let mut y1 = V::load(y, at + w);
        let mut y2 = V::load(y, at + 2 * w);
        let mut y3 = V::load(y, at + 3 * w);
        for k in 0..terms {
            let c = a[k * a_step];
            if c != 0.0 {
                let (c, row) = (V::splat(c), k * b_step + at);
                y0 = add_product(y0, c, b, row);
                y1 = add_product(y1, c, b, row + w);
                y2 = add_product(y2, c, b, row + 2 * w);
                y3 = add_product(y3, c, b, row + 3 * w);
            }
        }
        y0.store(y, at);
        y1.store(y, at + w);
        y2.store(y, at + 2 * w);
        y3.store(y, at + 3 * w);
        at += 4 * w;
    }
    while at + w <= len {
        let mut y0 = V::load(y, at);
        for k in 0..terms {
            let c = a[k * a_step];
            if c != 0.0 {
                y0 = add_product(y0, V::splat(c), b, k * b_step + at);
            }
        }
        y0.store(y, at);
        at += w;
    }
    while at < len {
        let mut v = y[at];
        for k in 0..terms {
            let c = a[k * a_step];
            if c != 0.0 {
                v += c * b[k * b_step + at];
            }
        }
        y[at] = v;
        at += 1;
    }
}
