//! Multi-head self-attention without a mask: every query row i of head h has the weights
//! p_i = softmax(β q_i·k_j) over all N positions j (β = 1/√(D/H)) and returns Σ_j p_ij v_j.
//! Heads are column blocks of the N×D buffers q, k, v.

use super::scalar::Scalar;

/// Sizes of one attention block: N positions, width D, H heads of D/H, scale β.
#[derive(Debug, Clone, Copy)]
pub struct Geometry<S> {
    pub n: usize,
    pub dim: usize,
    pub heads: usize,
    pub beta: S,
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
    let mut z = vec![S::ZERO; n];
    out.fill(S::ZERO);
    for h in 0..heads {
        let cols = h * dh..(h + 1) * dh;
        for i in 0..n {
            let p = &mut probs[(h * n + i) * n..(h * n + i + 1) * n];
            match fixed.get(h).copied().flatten() {
                Some(matrix) => p.copy_from_slice(&matrix[i * n..(i + 1) * n]),
                None => {
                    let qi = &q[i * dim..][cols.clone()];
                    for (j, zj) in z.iter_mut().enumerate() {
                        *zj = S::dot(qi, &k[j * dim..][cols.clone()]);
                    }
                    S::softmax_into(beta, &z, p);
                }
            }
            let oi = &mut out[i * dim..][cols.clone()];
            for (j, &pij) in p.iter().enumerate() {
                S::axpy(pij, &v[j * dim..][cols.clone()], oi);
            }
        }
    }
}

/// Adds the gradients of [`attention_forward`] (with no head fixed) into dq, dk, dv.
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
    let mut dp = vec![S::ZERO; n];
    for h in 0..heads {
        let cols = h * dh..(h + 1) * dh;
        for i in 0..n {
            let p = &probs[(h * n + i) * n..(h * n + i + 1) * n];
            let doi = &dout[i * dim..][cols.clone()];
            let mut mean = S::ZERO;
            for j in 0..n {
                dp[j] = S::dot(doi, &v[j * dim..][cols.clone()]);
                mean += p[j] * dp[j];
                S::axpy(p[j], doi, &mut dv[j * dim..][cols.clone()]);
            }
            let qi = q[i * dim..][cols.clone()].to_vec();
            for j in 0..n {
                // ∂L/∂(q_i·k_j) = β p_ij (∂L/∂p_ij − Σ_k p_ik ∂L/∂p_ik): softmax's Jacobian.
                let ds = beta * p[j] * (dp[j] - mean);
                if ds == S::ZERO {
                    continue;
                }
                S::axpy(
                    ds,
                    &k[j * dim..][cols.clone()],
                    &mut dq[i * dim..][cols.clone()],
                );
                S::axpy(ds, &qi, &mut dk[j * dim..][cols.clone()]);
            }
        }
    }
}
