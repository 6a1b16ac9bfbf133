//! The model's building blocks as forward/backward pairs over flat row-major buffers (rows =
//! positions): LayerNorm, a linear map, ReLU. Backward functions add into the gradients they
//! are given, so a batch accumulates example by example.

use super::scalar::Scalar;
use crate::engine::math::Product;

/// LayerNorm's ε, inside the square root.
const LN_EPS: f64 = 1e-5;

/// What LayerNorm's backward needs of its forward: the normalised rows and 1/σ per row.
#[derive(Debug, Clone, Default)]
pub struct NormTape<S> {
    pub xhat: Vec<S>,
    pub rstd: Vec<S>,
}

/// y = gain ⊙ (x − μ)/σ + bias per row of width `dim`, σ = √(var + ε).
pub fn layernorm_forward<S: Scalar>(
    x: &[S],
    gain: &[S],
    bias: &[S],
    dim: usize,
    y: &mut [S],
    tape: &mut NormTape<S>,
) {
    tape.xhat.resize(x.len(), S::ZERO);
    tape.rstd.clear();
    let inv_d = S::of(1.0 / dim as f64);
    for ((xr, yr), hr) in x
        .chunks_exact(dim)
        .zip(y.chunks_exact_mut(dim))
        .zip(tape.xhat.chunks_exact_mut(dim))
    {
        let mean = xr.iter().fold(S::ZERO, |a, &v| a + v) * inv_d;
        let var = xr.iter().fold(S::ZERO, |a, &v| a + (v - mean) * (v - mean)) * inv_d;
        let rstd = S::of(1.0) / (var + S::of(LN_EPS)).sqrt();
        for i in 0..dim {
            hr[i] = (xr[i] - mean) * rstd;
            yr[i] = gain[i] * hr[i] + bias[i];
        }
        tape.rstd.push(rstd);
    }
}

/// Adds LayerNorm's gradients for output gradient `dy` into `dx`, `dgain` and `dbias`.
pub fn layernorm_backward<S: Scalar>(
    dy: &[S],
    gain: &[S],
    tape: &NormTape<S>,
    dim: usize,
    dx: &mut [S],
    dgain: &mut [S],
    dbias: &mut [S],
) {
    let inv_d = S::of(1.0 / dim as f64);
    let mut g = vec![S::ZERO; dim];
    for (((dyr, hr), dxr), &rstd) in dy
        .chunks_exact(dim)
        .zip(tape.xhat.chunks_exact(dim))
        .zip(dx.chunks_exact_mut(dim))
        .zip(&tape.rstd)
    {
        let (mut mean_g, mut mean_gh) = (S::ZERO, S::ZERO);
        for i in 0..dim {
            dgain[i] += dyr[i] * hr[i];
            dbias[i] += dyr[i];
            g[i] = dyr[i] * gain[i];
            mean_g += g[i];
            mean_gh += g[i] * hr[i];
        }
        mean_g *= inv_d;
        mean_gh *= inv_d;
        for i in 0..dim {
            dxr[i] += rstd * (g[i] - mean_g - hr[i] * mean_gh);
        }
    }
}

/// y = x Wᵀ (+ b) for rows of x `inp` wide; W is `out`×`inp` (row o gives output o).
pub fn linear_forward<S: Scalar>(x: &[S], w: &[S], b: Option<&[S]>, inp: usize, y: &mut [S]) {
    let out = w.len() / inp;
    for (xr, yr) in x.chunks_exact(inp).zip(y.chunks_exact_mut(out)) {
        S::dots_into(w, xr, yr);
        if let Some(b) = b {
            for (yi, &bi) in yr.iter_mut().zip(b) {
                *yi += bi;
            }
        }
    }
}

/// Adds the gradients of [`linear_forward`] for output gradient `dy`: into `dx` (when given),
/// `dw` and `db` (when given). Each entry sums its terms in the order of a loop over rows n,
/// then outputs o: dW's row o over n, dx's row n over o, as rows of [`Scalar::add_products`].
pub fn linear_backward<S: Scalar>(
    x: &[S],
    w: &[S],
    dy: &[S],
    inp: usize,
    dx: Option<&mut [S]>,
    dw: &mut [S],
    db: Option<&mut [S]>,
) {
    let out = w.len() / inp;
    let rows = (x.len() / inp).min(dy.len() / out);
    // dW_o += Σ_n dy_no x_n: column o of dy.
    let dw_terms = Product {
        terms: rows,
        a: dy,
        a_row: 1,
        a_step: out,
        b: x,
        b_step: inp,
    };
    S::add_products(dw_terms, out, dw, inp, inp);
    if let Some(dx) = dx {
        // dx_n += Σ_o dy_no w_o: row n of dy.
        let dx_terms = Product {
            terms: out,
            a: dy,
            a_row: out,
            a_step: 1,
            b: w,
            b_step: inp,
        };
        S::add_products(dx_terms, rows, dx, inp, inp);
    }
    if let Some(db) = db {
        for dyr in dy.chunks_exact(out) {
            for (b, &g) in db.iter_mut().zip(dyr) {
                *b += g;
            }
        }
    }
}

/// max(0, x) in place.
pub fn relu<S: Scalar>(x: &mut [S]) {
    for v in x {
        if *v < S::ZERO {
            *v = S::ZERO;
        }
    }
}

/// Zeroes the gradient where ReLU's output `y` is 0.
pub fn relu_backward<S: Scalar>(y: &[S], dy: &mut [S]) {
    for (g, &v) in dy.iter_mut().zip(y) {
        if v <= S::ZERO {
            *g = S::ZERO;
        }
    }
}
