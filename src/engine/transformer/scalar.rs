//! The number type of the transformer's forward and backward pass. Training runs in f32 with
//! the engine's kernels (the same bits natively and in wasm); the gradient check runs the very
//! same code in f64, so a finite difference is not decided by f32 rounding.

use std::fmt::Debug;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub};

use crate::engine::math::{self, Product};

/// f32 or f64, with the few kernels the model needs.
pub trait Scalar:
    Copy
    + Debug
    + PartialOrd
    + Default
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + MulAssign
{
    /// 0.
    const ZERO: Self;
    /// The value nearest `x`.
    fn of(x: f64) -> Self;
    /// Widened to f64.
    fn wide(self) -> f64;
    /// Correctly rounded square root.
    fn sqrt(self) -> Self;
    /// `out`ᵢ = row i of `rows` · `b`.
    fn dots_into(rows: &[Self], b: &[Self], out: &mut [Self]);
    /// `y += alpha · x`.
    fn axpy(alpha: Self, x: &[Self], y: &mut [Self]);
    /// Y += A·B for `rows` rows of Y `len` wide, row r at `y[r·y_row..]`, each entry adding
    /// its terms in order: the bits of one [`Scalar::axpy`] per term ([`math::add_products`]).
    fn add_products(p: Product<Self>, rows: usize, y: &mut [Self], y_row: usize, len: usize);
    /// `out`ⱼ = Σᵢ aᵢ·`bt`[i·n + j] (`a.len()` rows of n = `out.len()`), in f32 the bits of
    /// one [`math::dot`] per column ([`math::dot_columns`]).
    fn dot_columns(a: &[Self], bt: &[Self], out: &mut [Self]);
    /// `out` = softmax(β z), the maximum subtracted first.
    fn softmax_into(beta: Self, z: &[Self], out: &mut [Self]);
    /// ln Σ exp zᵢ, the maximum subtracted first.
    fn lse(z: &[Self]) -> Self;
}

impl Scalar for f32 {
    const ZERO: f32 = 0.0;
    fn of(x: f64) -> f32 {
        x as f32
    }
    fn wide(self) -> f64 {
        self as f64
    }
    fn sqrt(self) -> f32 {
        f32::sqrt(self)
    }
    fn dots_into(rows: &[f32], b: &[f32], out: &mut [f32]) {
        math::dots_into(rows, b, out)
    }
    fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
        math::axpy(alpha, x, y)
    }
    fn add_products(p: Product<f32>, rows: usize, y: &mut [f32], y_row: usize, len: usize) {
        math::add_products(p, rows, y, y_row, len)
    }
    fn dot_columns(a: &[f32], bt: &[f32], out: &mut [f32]) {
        math::dot_columns(a, bt, out)
    }
    fn softmax_into(beta: f32, z: &[f32], out: &mut [f32]) {
        math::softmax_into(beta, z, out)
    }
    fn lse(z: &[f32]) -> f32 {
        math::lse(1.0, z)
    }
}

impl Scalar for f64 {
    const ZERO: f64 = 0.0;
    fn of(x: f64) -> f64 {
        x
    }
    fn wide(self) -> f64 {
        self
    }
    fn sqrt(self) -> f64 {
        f64::sqrt(self)
    }
    fn dots_into(rows: &[f64], b: &[f64], out: &mut [f64]) {
        for (row, o) in rows.chunks_exact(b.len().max(1)).zip(out.iter_mut()) {
            *o = row.iter().zip(b).map(|(x, y)| x * y).sum();
        }
    }
    fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
        for (yi, xi) in y.iter_mut().zip(x) {
            *yi += alpha * xi;
        }
    }
    fn add_products(p: Product<f64>, rows: usize, y: &mut [f64], y_row: usize, len: usize) {
        for r in 0..rows {
            let y = &mut y[r * y_row..r * y_row + len];
            for k in 0..p.terms {
                let row = &p.b[k * p.b_step..k * p.b_step + len];
                Self::axpy(p.a[r * p.a_row + k * p.a_step], row, y);
            }
        }
    }
    fn dot_columns(a: &[f64], bt: &[f64], out: &mut [f64]) {
        let n = out.len();
        for (j, o) in out.iter_mut().enumerate() {
            *o = a.iter().enumerate().map(|(c, x)| x * bt[c * n + j]).sum();
        }
    }
    fn softmax_into(beta: f64, z: &[f64], out: &mut [f64]) {
        let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for (o, &v) in out.iter_mut().zip(z) {
            *o = libm::exp(beta * (v - max));
            sum += *o;
        }
        for o in out.iter_mut() {
            *o /= sum;
        }
    }
    fn lse(z: &[f64]) -> f64 {
        let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        max + libm::log(z.iter().map(|v| libm::exp(v - max)).sum::<f64>())
    }
}
