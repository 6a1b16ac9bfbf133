//! The number type of the transformer's forward and backward pass. Training runs in f32 with
//! the engine's kernels (the same bits natively and in wasm); the gradient check runs the very
//! same code in f64, so a finite difference is not decided by f32 rounding.

use std::fmt::Debug;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub};

use crate::engine::math;

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
    /// Σ aᵢbᵢ.
    fn dot(a: &[Self], b: &[Self]) -> Self;
    /// `out`ᵢ = row i of `rows` · `b`.
    fn dots_into(rows: &[Self], b: &[Self], out: &mut [Self]);
    /// `y += alpha · x`.
    fn axpy(alpha: Self, x: &[Self], y: &mut [Self]);
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
    fn dot(a: &[f32], b: &[f32]) -> f32 {
        math::dot(a, b)
    }
    fn dots_into(rows: &[f32], b: &[f32], out: &mut [f32]) {
        math::dots_into(rows, b, out)
    }
    fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
        math::axpy(alpha, x, y)
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
    fn dot(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }
    fn dots_into(rows: &[f64], b: &[f64], out: &mut [f64]) {
        for (row, o) in rows.chunks_exact(b.len().max(1)).zip(out.iter_mut()) {
            *o = Self::dot(row, b);
        }
    }
    fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
        for (yi, xi) in y.iter_mut().zip(x) {
            *yi += alpha * xi;
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
