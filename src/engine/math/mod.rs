//! Small numeric kernels shared by the models: dot products, log-sum-exp and softmax with the
//! maximum subtracted first, overlaps. The kernels are written once over a vector type
//! ([`kernels`]: four lanes everywhere, eight on x86_64 CPUs with AVX) and the exponential is the
//! engine's own ([`exp`]); their operations round exactly as the scalar ones, so native and wasm
//! builds compute the same bits (the CLI and the browser must agree for the same seed).

mod exp;
mod f32x4;
#[cfg(target_arch = "x86_64")]
mod f32x8;
mod kernels;
pub mod pages;

use f32x4::F4;

/// Lanes of [`dot`]'s summation order for long vectors: lane k accumulates the products at
/// indices ≡ k mod 32 of the first ⌊len/32⌋·32 entries, the lanes are reduced pairwise
/// ([`kernels::Vector::sum32`]), and the rest is added as one [`dot_short`]. Independent lanes
/// are vector registers (eight [`F4`], or four AVX vectors), with no reassociation of floats.
const LANES: usize = 32;

/// Runs the kernel `name` at the widest vectors the CPU has: the AVX form of [`f32x8`] on
/// x86_64 CPUs with AVX, else the four-lane form of [`kernels`] (both give the same bits).
macro_rules! widest {
    ($name:ident($($arg:expr),*)) => {{
        #[cfg(target_arch = "x86_64")]
        if f32x8::has_avx() {
            // SAFETY: the CPU has AVX, which the f32x8 functions are compiled for.
            return unsafe { f32x8::$name($($arg),*) };
        }
        kernels::$name::<F4>($($arg),*)
    }};
}

/// Dot product of two equally long slices, in f32, in a fixed order: [`dot_short`] below 32
/// entries (the order the engine has always used, which the fixed-point tests at tight
/// tolerances rely on), the 32-lane order of [`LANES`] above.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    widest!(dot(a, b))
}

/// `out`ᵢ = [`dot`] of row i of `rows` (consecutive rows as long as `b`) with `b`, the same
/// bits as one [`dot`] per row; on CPUs with AVX four rows at a time share the loads of `b`.
pub fn dots_into(rows: &[f32], b: &[f32], out: &mut [f32]) {
    widest!(dots_into(rows, b, out))
}

/// Four accumulators over chunks of 4, combined as (a₀ + a₁) + (a₂ + a₃), then the last
/// len mod 4 products one by one.
pub(super) fn dot_short(a: &[f32], b: &[f32]) -> f32 {
    let (mut s0, mut s1, mut s2, mut s3) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    let chunks = a.len() / 4 * 4;
    for (ca, cb) in a[..chunks].chunks_exact(4).zip(b[..chunks].chunks_exact(4)) {
        s0 += ca[0] * cb[0];
        s1 += ca[1] * cb[1];
        s2 += ca[2] * cb[2];
        s3 += ca[3] * cb[3];
    }
    let mut sum = (s0 + s1) + (s2 + s3);
    for (x, y) in a[chunks..].iter().zip(&b[chunks..]) {
        sum += x * y;
    }
    sum
}

/// Euclidean norm ‖a‖ (the square root is correctly rounded on every target: wasm's
/// `f32.sqrt`, x86's `sqrtss`, the same bits as `libm` without its software routine).
pub fn norm(a: &[f32]) -> f32 {
    dot(a, a).sqrt()
}

/// `y += alpha · x` (entrywise, so any chunking gives the same bits).
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    widest!(axpy(alpha, x, y))
}

/// `y += a₀x₀ + a₁x₁ + a₂x₂ + a₃x₃`, adding the four terms to each entry in that order: the
/// same bits as four successive [`axpy`] calls, but `y` is loaded and stored once instead of
/// four times.
pub fn axpy4(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) {
    widest!(axpy4(alpha, x, y))
}

/// `y += Σₖ aₖ xₖ` over `terms` (aₖ, xₖ), adding the terms to each entry in their order (the
/// bits of one [`axpy`] per term) and skipping zero coefficients; four terms share each pass
/// over `y` ([`axpy4`]).
pub fn add_weighted<'a>(terms: impl IntoIterator<Item = (f32, &'a [f32])>, y: &mut [f32]) {
    widest!(add_weighted(terms, y))
}

/// The factors of a matrix product Y += A·B, read where they lie: row r of A has the
/// coefficients `a[r·a_row + k·a_step]` for k in 0..`terms` (a row of a matrix, or with
/// `a_row` = 1 a column), and term k is the row `b[k·b_step..]` of B (a column block of a wider
/// matrix when `b_step` is larger than Y's rows).
#[derive(Debug, Clone, Copy)]
pub struct Product<'a, T = f32> {
    pub terms: usize,
    pub a: &'a [T],
    pub a_row: usize,
    pub a_step: usize,
    pub b: &'a [T],
    pub b_step: usize,
}

/// Y += A·B for `rows` rows of Y, `len` wide, row r at `y[r·y_row..]`. Each entry adds its
/// terms in order k, each product rounded and then added: the bits of one [`axpy`] per term.
/// Each entry stays in a register through all its terms, and four rows share each load of B,
/// so short rows (a head's 8 entries, a 32-wide layer) cost a few vector operations per term
/// instead of a call, a load and a store.
pub fn add_products(p: Product, rows: usize, y: &mut [f32], y_row: usize, len: usize) {
    widest!(add_products(p, rows, y, y_row, len))
}

/// `out`ⱼ = [`dot`] of `a` with column j of `bt` (`a.len()` rows of `out.len()`, row-major),
/// the same bits as one [`dot`] per column. Below [`LANES`] entries (a head's scores against
/// its keys transposed) [`dot_short`]'s four accumulators are vectors across the columns;
/// longer columns are gathered and dotted.
pub fn dot_columns(a: &[f32], bt: &[f32], out: &mut [f32]) {
    let (len, n) = (a.len(), out.len());
    if len < LANES {
        return widest!(dot_columns_short(a, bt, out, n));
    }
    let mut column = vec![0.0; len];
    for (j, o) in out.iter_mut().enumerate() {
        for (c, v) in column.iter_mut().enumerate() {
            *v = bt[c * n + j];
        }
        *o = dot(a, &column);
    }
}

/// eˣ of one number, by the vector arithmetic of every other exponential in the engine (about
/// one ulp; 0 below −87.34).
pub fn exp(x: f32) -> f32 {
    exp::exp4(F4::splat(x)).to_array()[0]
}

/// The larger of `a` and `b` by one comparison (`b` when they are equal or `a` is NaN): a
/// select instruction on every target, where `f32::max` becomes a call to `fmaxf` in wasm.
#[inline(always)]
pub fn larger(a: f32, b: f32) -> f32 {
    if a > b { a } else { b }
}

/// The largest entry of `z`, −∞ when it is empty (NaN entries are passed over). Eight running
/// maxima side by side, then combined: vector compares and selects. The value does not depend
/// on the order (only which of +0 and −0 wins a tie could, and no caller can tell them apart:
/// they are subtracted from or compared with the entries).
pub fn largest(z: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; 8];
    let mut chunks = z.chunks_exact(8);
    for chunk in &mut chunks {
        for (m, &v) in lanes.iter_mut().zip(chunk) {
            *m = larger(v, *m);
        }
    }
    let rest = chunks
        .remainder()
        .iter()
        .fold(f32::NEG_INFINITY, |m, &v| larger(v, m));
    lanes.into_iter().fold(rest, |m, v| larger(v, m))
}

/// lse(β, z) = β⁻¹ ln Σᵢ exp(β zᵢ), computed as max z + β⁻¹ ln Σᵢ exp(β(zᵢ − max z)) so that
/// it neither overflows at β = 1e4 nor loses everything to underflow. Empty input gives −∞.
pub fn lse(beta: f32, z: &[f32]) -> f32 {
    let max = largest(z);
    if !max.is_finite() {
        return max;
    }
    let sum = exp::shifted_exps(beta, max, z, |_, _| {});
    max + libm::logf(sum) / beta
}

/// `out`ᵢ = exp(β(zᵢ − shift)) (`out` as long as `z`), returning their sum in a fixed order.
pub fn shifted_exps_into(beta: f32, shift: f32, z: &[f32], out: &mut [f32]) -> f32 {
    exp::shifted_exps(beta, shift, z, |i, e| {
        for (o, v) in out
            .get_mut(i..)
            .unwrap_or(&mut [])
            .iter_mut()
            .zip(e.to_array())
        {
            *o = v;
        }
    })
}

/// p = softmax(β z), written into `out` (same length as `z`); the weights are non-negative and
/// sum to 1 for any finite input, because the largest term is exp(0) = 1.
pub fn softmax_into(beta: f32, z: &[f32], out: &mut [f32]) {
    let max = largest(z);
    let inv = 1.0 / shifted_exps_into(beta, max, z, out);
    for o in out.iter_mut() {
        *o *= inv;
    }
}

/// Allocating convenience form of [`softmax_into`].
pub fn softmax(beta: f32, z: &[f32]) -> Vec<f32> {
    let mut out = vec![0.0; z.len()];
    softmax_into(beta, z, &mut out);
    out
}

/// Cosine similarity sᵀx / (‖s‖‖x‖): the overlap of SCIENCE.md (for ±1 vectors it equals
/// sᵀx / d). A zero vector has overlap 0 with everything.
pub fn overlap(s: &[f32], x: &[f32]) -> f32 {
    let denom = norm(s) * norm(x);
    if denom > 0.0 { dot(s, x) / denom } else { 0.0 }
}

/// A copy of `weights` sorted from the largest down.
pub fn sorted_descending(weights: &[f32]) -> Vec<f32> {
    let mut sorted: Vec<f32> = weights.to_vec();
    super::short_sort::heap_sort_by(&mut sorted, |a, b| b.total_cmp(a));
    sorted
}

/// k90: the smallest number of largest weights whose sum reaches 0.9 ([P] §4).
pub fn k90(weights: &[f32]) -> usize {
    let sorted = sorted_descending(weights);
    let mut acc = 0.0f32;
    for (i, w) in sorted.iter().enumerate() {
        acc += w;
        // A small slack absorbs f32 rounding when the weights sum to 0.9 exactly.
        if acc >= 0.9 - 1e-6 {
            return i + 1;
        }
    }
    sorted.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_is_the_maximum_at_any_length_and_position() {
        assert_eq!(largest(&[]), f32::NEG_INFINITY);
        for len in [1, 7, 8, 9, 16, 23, 100] {
            for at in [0, len / 2, len - 1] {
                let mut z: Vec<f32> = (0..len).map(|i| -((i * 37 % 11) as f32)).collect();
                z[at] = 5.5;
                assert_eq!(largest(&z), 5.5, "len {len}, at {at}");
                z[at] = f32::NAN;
                let expected = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                assert_eq!(largest(&z), expected, "NaN passed over: len {len}, at {at}");
            }
        }
        assert_eq!(larger(f32::NAN, 1.0), 1.0);
        assert_eq!(larger(2.0, 1.0), 2.0);
    }

    #[test]
    fn softmax_sums_to_one_even_at_extreme_beta() {
        let z = [3.0, -1.0, 2.5, 0.0];
        for beta in [1e-4, 1.0, 1e4] {
            let p = softmax(beta, &z);
            let sum: f32 = p.iter().sum();
            assert!((sum - 1.0).abs() < 1e-6, "beta {beta}: sum {sum}");
            assert!(p.iter().all(|w| w.is_finite() && *w >= 0.0));
        }
        let p = softmax(1e4, &z);
        assert!((p[0] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn lse_matches_the_direct_formula_and_does_not_overflow() {
        let z = [0.5f32, 1.0, -0.25];
        let direct = (z.iter().map(|&v| (2.0 * v).exp()).sum::<f32>()).ln() / 2.0;
        assert!((lse(2.0, &z) - direct).abs() < 1e-6);
        let big = lse(1e4, &[100.0, 99.0]);
        assert!((big - 100.0).abs() < 1e-3, "{big}");
    }

    #[test]
    fn dot_handles_tails() {
        let a: Vec<f32> = (0..7).map(|i| i as f32).collect();
        assert_eq!(dot(&a, &a), 91.0);
        let b: Vec<f32> = (0..70).map(|i| i as f32).collect();
        assert_eq!(dot(&b, &b), (0..70).map(|i| (i * i) as f32).sum::<f32>());
    }

    #[test]
    fn long_dot_is_accurate_and_axpy4_is_four_axpys() {
        let mut rng = crate::engine::rng::SeededRng::new(7);
        for len in [0usize, 32, 64, 4096] {
            let a: Vec<f32> = (0..len).map(|_| rng.gaussian()).collect();
            let b: Vec<f32> = (0..len).map(|_| rng.gaussian()).collect();
            let exact: f64 = a.iter().zip(&b).map(|(x, y)| *x as f64 * *y as f64).sum();
            let scale: f64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| (*x as f64 * *y as f64).abs())
                .sum();
            assert!((dot(&a, &b) as f64 - exact).abs() <= 1e-5 * scale.max(1.0));
            let mut y: Vec<f32> = b.clone();
            axpy(0.37, &a, &mut y);
            for ((yi, ai), bi) in y.iter().zip(&a).zip(&b) {
                assert_eq!(yi.to_bits(), (bi + 0.37 * ai).to_bits());
            }
            let alpha = [0.1, -2.5, 0.7, 3.0];
            let mut four = b.clone();
            axpy4(alpha, [&a, &b, &y, &a], &mut four);
            let mut one = b.clone();
            for (ak, xk) in alpha.iter().zip([&a, &b, &y, &a]) {
                axpy(*ak, xk, &mut one);
            }
            assert!(
                four.iter()
                    .zip(&one)
                    .all(|(u, v)| u.to_bits() == v.to_bits())
            );
        }
    }

    #[test]
    fn add_products_is_one_axpy_per_term_and_dot_columns_one_dot_per_column() {
        let mut rng = crate::engine::rng::SeededRng::new(8);
        for (len, n) in [
            (0usize, 5usize),
            (3, 7),
            (8, 32),
            (13, 40),
            (31, 3),
            (33, 9),
            (70, 33),
        ] {
            let bt: Vec<f32> = (0..len * n).map(|_| rng.gaussian()).collect();
            let mut a: Vec<f32> = (0..len).map(|_| rng.gaussian()).collect();
            if len > 2 {
                a[1] = 0.0;
            }
            let mut out = vec![0.0; n];
            dot_columns(&a, &bt, &mut out);
            for (j, o) in out.iter().enumerate() {
                let column: Vec<f32> = (0..len).map(|c| bt[c * n + j]).collect();
                assert_eq!(
                    o.to_bits(),
                    dot(&a, &column).to_bits(),
                    "{len}×{n}, column {j}"
                );
            }
            // Y (rows × n, 3 apart) += A · bt's rows for 1, 4 and 6 rows: row r of A is
            // a[r..] with its entries 1 or 2 apart (at 70 × 33, four rows have 66 terms: more
            // than one run of gathered coefficients).
            for (rows, step) in [(1, 1), (4, 2), (4, 1), (6, 1)] {
                let terms = len.saturating_sub(rows) / step;
                let start: Vec<f32> = (0..rows * (n + 3)).map(|_| rng.gaussian()).collect();
                let (mut fast, mut slow) = (start.clone(), start.clone());
                let p = Product {
                    terms,
                    a: &a,
                    a_row: 1,
                    a_step: step,
                    b: &bt,
                    b_step: n,
                };
                add_products(p, rows, &mut fast, n + 3, n);
                for r in 0..rows {
                    for k in 0..terms {
                        let y = &mut slow[r * (n + 3)..r * (n + 3) + n];
                        axpy(a[r + k * step], &bt[k * n..(k + 1) * n], y);
                    }
                }
                assert!(
                    fast.iter()
                        .zip(&slow)
                        .all(|(u, v)| u.to_bits() == v.to_bits())
                );
            }
        }
    }

    #[test]
    fn k90_counts_the_heaviest_weights() {
        assert_eq!(k90(&[1.0, 0.0, 0.0]), 1);
        assert_eq!(k90(&[0.5, 0.45, 0.05]), 2);
        assert_eq!(k90(&[0.25; 4]), 4);
    }

    #[test]
    fn overlap_is_cosine() {
        assert!((overlap(&[1.0, 1.0], &[1.0, -1.0])).abs() < 1e-7);
        assert!((overlap(&[2.0, 0.0], &[1.0, 0.0]) - 1.0).abs() < 1e-7);
        assert_eq!(overlap(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    }
}
