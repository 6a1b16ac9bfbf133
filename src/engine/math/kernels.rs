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

use super::{LANES, Product, dot_short};

/// A vector of f32 lanes computed lane by lane with IEEE f32 operations (no fused
/// multiply-add), so any width gives the scalar bits.
pub trait Vector: Copy + Add<Output = Self> + Mul<Output = Self> {
    /// Lanes per vector (4 or 8).
    const WIDTH: usize;
    /// Whether [`dots_into`] takes rows four at a time, sharing each load of `b`: at eight
    /// lanes yes (on a 64 MiB matrix about 15 % faster than two at a time, though sixteen
    /// accumulators fill the sixteen registers of x86_64 and spill); at four lanes no.
    const SHARES_ROWS: bool;
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

/// [`dot_lanes`] of each of `rows` with the same `b`, in one pass: each vector of `b` is
/// loaded once for all the rows, and the rows stream from memory side by side (more streams in
/// flight keep a memory-bound product nearer the bus's speed). Only the widths whose
/// [`Vector::SHARES_ROWS`] is true use it.
#[inline(always)]
fn dot_lanes_rows<V: Vector, const K: usize>(rows: [&[f32]; K], b: &[f32]) -> [f32; K] {
    let b32 = b.as_chunks::<LANES>().0;
    let r32 = rows.map(|r| r.as_chunks::<LANES>().0);
    let n = r32.iter().fold(b32.len(), |n, r| n.min(r.len()));
    let mut acc = [V::zero32(); K];
    for k in 0..n {
        for (a, r) in acc.iter_mut().zip(&r32) {
            *a = V::mul_add32(*a, &r[k], &b32[k]);
        }
    }
    acc.map(V::sum32)
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

/// [`super::dots_into`] at width `V`: rows four at a time when [`Vector::SHARES_ROWS`], the
/// others by [`super::dot`] (so the browser modules hold one copy of the four-lane dot).
#[inline(always)]
pub fn dots_into<V: Vector>(rows: &[f32], b: &[f32], out: &mut [f32]) {
    const TILE: usize = 4;
    let len = b.len().max(1);
    let mut done = 0;
    if V::SHARES_ROWS && len >= LANES {
        let body = len / LANES * LANES;
        for (tile, o) in rows
            .chunks_exact(TILE * len)
            .zip(out.chunks_exact_mut(TILE))
        {
            let row = |k: usize| &tile[k * len..(k + 1) * len];
            let heads = dot_lanes_rows::<V, TILE>(std::array::from_fn(|k| &row(k)[..body]), b);
            for (k, (o, head)) in o.iter_mut().zip(heads).enumerate() {
                *o = head + dot_short(&row(k)[body..], &b[body..]);
            }
            done += TILE;
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

/// [`super::dot_columns`] below [`LANES`] entries at width `V`, for the first `out.len()`
/// columns of `bt`'s rows `n` long: for `WIDTH` columns at a time, [`dot_short`]'s four
/// accumulators as vectors from zero, their sum as (s₀ + s₁) + (s₂ + s₃), and the last
/// len mod 4 products added one by one; the last columns (fewer than `WIDTH`) by
/// [`dot_short`] itself.
#[inline(always)]
pub fn dot_columns_short<V: Vector>(a: &[f32], bt: &[f32], out: &mut [f32], n: usize) {
    let (len, w) = (a.len().min(LANES - 1), V::WIDTH);
    let cols = out.len();
    let chunks = len / 4 * 4;
    let mut j = 0;
    while j + w <= cols {
        let term = |acc: V, c: usize| acc + V::splat(a[c]) * V::load(bt, c * n + j);
        let zero = V::splat(0.0);
        let (mut s0, mut s1, mut s2, mut s3) = (zero, zero, zero, zero);
        let mut c = 0;
        while c < chunks {
            s0 = term(s0, c);
            s1 = term(s1, c + 1);
            s2 = term(s2, c + 2);
            s3 = term(s3, c + 3);
            c += 4;
        }
        let mut sum = (s0 + s1) + (s2 + s3);
        while c < len {
            sum = term(sum, c);
            c += 1;
        }
        sum.store(out, j);
        j += w;
    }
    let mut column = [0.0f32; LANES];
    while j < cols {
        for (c, v) in column[..len].iter_mut().enumerate() {
            *v = bt[c * n + j];
        }
        out[j] = dot_short(&a[..len], &column[..len]);
        j += 1;
    }
}

/// `acc + c · b[at..at + WIDTH]`: one term of [`add_products`], the product rounded, then the
/// sum (as in [`axpy`]).
#[inline(always)]
fn add_product<V: Vector>(acc: V, c: f32, b: &[f32], at: usize) -> V {
    acc + V::splat(c) * V::load(b, at)
}

/// Row r of [`add_products`] from column `from` on: blocks of four vectors, then one vector,
/// then entry by entry, each block held in registers through all the terms.
#[inline(always)]
fn add_products_row<V: Vector>(
    p: &Product<f32>,
    r: usize,
    y: &mut [f32],
    y_at: usize,
    from: usize,
    len: usize,
) {
    let Product {
        terms,
        a,
        a_row,
        a_step,
        b,
        b_step,
    } = *p;
    let (w, a_at) = (V::WIDTH, r * a_row);
    let mut at = from;
    while at + 4 * w <= len {
        let (mut s0, mut s1) = (V::load(y, y_at + at), V::load(y, y_at + at + w));
        let (mut s2, mut s3) = (V::load(y, y_at + at + 2 * w), V::load(y, y_at + at + 3 * w));
        for k in 0..terms {
            let (c, row) = (a[a_at + k * a_step], k * b_step + at);
            s0 = add_product(s0, c, b, row);
            s1 = add_product(s1, c, b, row + w);
            s2 = add_product(s2, c, b, row + 2 * w);
            s3 = add_product(s3, c, b, row + 3 * w);
        }
        s0.store(y, y_at + at);
        s1.store(y, y_at + at + w);
        s2.store(y, y_at + at + 2 * w);
        s3.store(y, y_at + at + 3 * w);
        at += 4 * w;
    }
    while at + w <= len {
        let mut s0 = V::load(y, y_at + at);
        for k in 0..terms {
            s0 = add_product(s0, a[a_at + k * a_step], b, k * b_step + at);
        }
        s0.store(y, y_at + at);
        at += w;
    }
    while at < len {
        let mut v = y[y_at + at];
        for k in 0..terms {
            v += a[a_at + k * a_step] * b[k * b_step + at];
        }
        y[y_at + at] = v;
        at += 1;
    }
}

/// Terms whose coefficients [`add_products`] gathers at a time for a tile of four rows.
const TILE_TERMS: usize = 64;

/// [`super::add_products`] at width `V`: four rows at a time, one vector of each (so the four
/// sums are independent chains and each vector of B is loaded once for the four), the columns
/// left over and the rows left over by [`add_products_row`].
#[inline(always)]
pub fn add_products<V: Vector>(
    p: Product<f32>,
    rows: usize,
    y: &mut [f32],
    y_row: usize,
    len: usize,
) {
    let Product {
        terms,
        a,
        a_row,
        a_step,
        b,
        b_step,
    } = p;
    let w = V::WIDTH;
    // The tile's coefficients, four rows side by side for a run of terms: gathered once for
    // all its column blocks, and read in the inner loop without bounds checks.
    let mut r = 0;
    while r + 4 <= rows {
        let mut coef = [[0.0f32; 4]; TILE_TERMS];
        let rows_at = [r, r + 1, r + 2, r + 3];
        let (a_at, y_at) = (rows_at.map(|i| i * a_row), rows_at.map(|i| i * y_row));
        let mut first = 0;
        while first < terms {
            let count = TILE_TERMS.min(terms - first);
            if a_row == 1 {
                // Columns of A: the four rows' coefficients of a term lie side by side.
                for (k, c) in coef[..count].iter_mut().enumerate() {
                    let at = a_at[0] + (first + k) * a_step;
                    c.copy_from_slice(&a[at..at + 4]);
                }
            } else {
                for (r, &start) in a_at.iter().enumerate() {
                    let row = &a[start + first * a_step..];
                    for (k, c) in coef[..count].iter_mut().enumerate() {
                        c[r] = row[k * a_step];
                    }
                }
            }
            let mut at = 0;
            while at + w <= len {
                let (mut s0, mut s1) = (V::load(y, y_at[0] + at), V::load(y, y_at[1] + at));
                let (mut s2, mut s3) = (V::load(y, y_at[2] + at), V::load(y, y_at[3] + at));
                for (k, c) in coef[..count].iter().enumerate() {
                    let bk = V::load(b, (first + k) * b_step + at);
                    s0 = s0 + V::splat(c[0]) * bk;
                    s1 = s1 + V::splat(c[1]) * bk;
                    s2 = s2 + V::splat(c[2]) * bk;
                    s3 = s3 + V::splat(c[3]) * bk;
                }
                s0.store(y, y_at[0] + at);
                s1.store(y, y_at[1] + at);
                s2.store(y, y_at[2] + at);
                s3.store(y, y_at[3] + at);
                at += w;
            }
            first += count;
        }
        let at = len / w * w;
        for row in r..r + 4 {
            add_products_row::<V>(&p, row, y, row * y_row, at, len);
        }
        r += 4;
    }
    for row in r..rows {
        add_products_row::<V>(&p, row, y, row * y_row, 0, len);
    }
}
