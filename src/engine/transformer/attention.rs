//! Multi-head self-attention without a mask: every query row i of head h has the weights
//! p_i = softmax(β q_i·k_j) over all N positions j (β = 1/√(D/H)) and returns Σ_j p_ij v_j.
//! Heads are column blocks of the N×D buffers q, k, v.

use super::scalar::Scalar;
use crate::engine::math::Product;

/// Sizes of one attention block: N positions, width D, H heads of D/H, scale β.
#[derive(Debug, Clone, Copy)]
pub struct Geometry<S> {
    pub n: usize,
    pub dim: usize,
    pub heads: usize,
    pub beta: S,
}

/// `out`[c·N + j] = `m`[j·D + at + c] for c < `width`: the column block of a head (keys or
/// values) transposed, so that a query's N scores are rows of [`Scalar::dot_columns`].
fn transposed_block<S: Scalar>(
    m: &[S],
    n: usize,
    dim: usize,
    at: usize,
    width: usize,
    out: &mut [S],
) {
    for (c, row) in out.chunks_exact_mut(n).take(width).enumerate() {
        for (j, o) in row.iter_mut().enumerate() {
            *o = m[j * dim + at + c];
        }
    }
}

/// One forward pass into `out` (N×D), keeping the weights: `probs[h·N·N + i·N + j]` = p_ij of
/// head h. A head whose entry of `fixed` is a matrix uses it instead of its softmax (a head
/// replaced by averaging or a Gaussian weighting).
pub fn attention_forward<S: Scalar>(
    g: Geometry<S>,
    q: &[S],
    k: &[S],
    v: &[S],
    fixed: &[Option<&[S]>],
    probs: &mut [S],
    out: &mut [S],
) {
    let Geometry {
        n,
        dim,
        heads,
        beta,
    } = g;
    let dh = dim / heads;
    let (mut z, mut kt) = (vec![S::ZERO; n], vec![S::ZERO; dh * n]);
    out.fill(S::ZERO);
    for h in 0..heads {
        let at = h * dh;
        let p_h = &mut probs[h * n * n..(h + 1) * n * n];
        match fixed.get(h).copied().flatten() {
            Some(matrix) => p_h.copy_from_slice(&matrix[..n * n]),
            None => {
                transposed_block(k, n, dim, at, dh, &mut kt);
                for (i, p) in p_h.chunks_exact_mut(n).enumerate() {
                    S::dot_columns(&q[i * dim + at..][..dh], &kt, &mut z);
                    S::softmax_into(beta, &z, p);
                }
            }
        }
        // out_i += Σ_j p_ij v_j over the head's columns, for every row i.
        let weighted = Product {
            terms: n,
            a: p_h,
            a_row: n,
            a_step: 1,
            b: &v[at..],
            b_step: dim,
        };
        S::add_products(weighted, n, &mut out[at..], dim, dh);
    }
}

/// Adds the gradients of [`attention_forward`] (with no head fixed) into dq, dk, dv, each entry
/// summing its terms in the order of a loop over query rows i, then keys j.
#[allow(clippy::too_many_arguments)]
pub fn attention_backward<S: Scalar>(
    g: Geometry<S>,
    q: &[S],
    k: &[S],
    v: &[S],
    probs: &[S],
    dout: &[S],
    dq: &mut [S],
    dk: &mut [S],
    dv: &mut [S],
) {
    let Geometry {
        n,
        dim,
        heads,
        beta,
    } = g;
    let dh = dim / heads;
    let (mut dp, mut vt) = (vec![S::ZERO; n], vec![S::ZERO; dh * n]);
    // ∂L/∂(q_i·k_j) of one head, N×N.
    let mut ds = vec![S::ZERO; n * n];
    for h in 0..heads {
        let at = h * dh;
        let p_h = &probs[h * n * n..(h + 1) * n * n];
        transposed_block(v, n, dim, at, dh, &mut vt);
        for (i, (p, ds_i)) in p_h.chunks_exact(n).zip(ds.chunks_exact_mut(n)).enumerate() {
            // ∂L/∂p_ij = do_i · v_j.
            S::dot_columns(&dout[i * dim + at..][..dh], &vt, &mut dp);
            let mut mean = S::ZERO;
            for (&pj, &dpj) in p.iter().zip(&dp) {
                mean += pj * dpj;
            }
            for ((d, &pj), &dpj) in ds_i.iter_mut().zip(p).zip(&dp) {
                // β p_ij (∂L/∂p_ij − Σ_k p_ik ∂L/∂p_ik): softmax's Jacobian.
                *d = beta * pj * (dpj - mean);
            }
        }
        // dv_j += Σ_i p_ij do_i and dk_j += Σ_i ds_ij q_i (column j of P and of dS), then
        // dq_i += Σ_j ds_ij k_j (row i of dS).
        let column = |a, b| Product {
            terms: n,
            a,
            a_row: 1,
            a_step: n,
            b,
            b_step: dim,
        };
        S::add_products(column(p_h, &dout[at..]), n, &mut dv[at..], dim, dh);
        S::add_products(column(&ds, &q[at..]), n, &mut dk[at..], dim, dh);
        let row = Product {
            a_row: n,
            a_step: 1,
            ..column(&ds, &k[at..])
        };
        S::add_products(row, n, &mut dq[at..], dim, dh);
    }
}
