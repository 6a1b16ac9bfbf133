//! The learning rules that need the full d×d weight matrix: Hebbian (when N ≥ d/2), Storkey
//! and pseudo-inverse. Matrices are row-major `Vec<f32>` of length d², symmetric, with a zero
//! diagonal (SCIENCE.md: the dynamics use a zero diagonal for every rule).

use nalgebra::DMatrix;

use crate::engine::error::{EngineError, Result};
use crate::engine::patterns::PatternSet;

/// Largest d for which a d×d weight matrix is built (4096² floats = 64 MiB).
pub const MAX_WEIGHT_DIM: usize = 4096;
/// Largest N for the pseudo-inverse rule, whose N×N Gram matrix is decomposed by an SVD.
pub const MAX_PSEUDO_INVERSE_COUNT: usize = 2048;

/// Checks that a d×d matrix may be built.
pub(crate) fn check_weight_dim(dim: usize) -> Result<()> {
    if dim > MAX_WEIGHT_DIM {
        return Err(EngineError::TooLarge {
            what: "dimension d for a d×d weight matrix",
            value: dim,
            limit: MAX_WEIGHT_DIM,
        });
    }
    Ok(())
}

/// Unscaled Hebbian weights XXᵀ with the diagonal zeroed: integers, so local fields are exact
/// and ties (h = 0) are detected exactly; the caller multiplies fields by 1/d.
pub(crate) fn hebbian_unscaled(patterns: &PatternSet) -> Vec<f32> {
    let d = patterns.dim();
    let mut w = vec![0.0f32; d * d];
    for x in patterns.iter() {
        for i in 0..d {
            let xi = x[i];
            let row = &mut w[i * d..(i + 1) * d];
            for (wij, &xj) in row.iter_mut().zip(x) {
                *wij += xi * xj;
            }
        }
    }
    zero_diagonal(&mut w, d);
    w
}

/// Storkey's incremental rule: for each pattern x in turn,
/// w_ij += (x_i x_j − x_i h_ji − h_ij x_j)/d with h_ij = Σ_{k≠i,j} w_ik x_k (old weights).
/// The diagonal is kept at 0 throughout, so h_ij = h_i − w_ij x_j with h = W x.
pub(crate) fn storkey(patterns: &PatternSet) -> Vec<f32> {
    let d = patterns.dim();
    let inv_d = 1.0 / d as f32;
    let mut w = vec![0.0f32; d * d];
    let mut h = vec![0.0f32; d];
    for x in patterns.iter() {
        for (i, hi) in h.iter_mut().enumerate() {
            *hi = crate::engine::math::dot(&w[i * d..(i + 1) * d], x);
        }
        for i in 0..d {
            for j in i + 1..d {
                let old = w[i * d + j];
                let h_ij = h[i] - old * x[j];
                let h_ji = h[j] - old * x[i];
                let new = old + (x[i] * x[j] - x[i] * h_ji - h_ij * x[j]) * inv_d;
                w[i * d + j] = new;
                w[j * d + i] = new;
            }
        }
    }
    w
}

/// Pseudo-inverse (projection) rule W = X (XᵀX)⁺ Xᵀ with the diagonal zeroed, in f64. The
/// Moore–Penrose inverse of the Gram matrix makes repeated or dependent patterns harmless
/// (W is then the projection onto their span); only a failed SVD is an error.
pub(crate) fn pseudo_inverse(patterns: &PatternSet) -> Result<Vec<f32>> {
    let (d, n) = (patterns.dim(), patterns.count());
    if n > MAX_PSEUDO_INVERSE_COUNT {
        return Err(EngineError::TooLarge {
            what: "number of patterns N for the pseudo-inverse rule",
            value: n,
            limit: MAX_PSEUDO_INVERSE_COUNT,
        });
    }
    let x: DMatrix<f64> = patterns.matrix().map(f64::from);
    let gram = x.transpose() * &x;
    let scale = gram.diagonal().max().max(1.0);
    let gram_pinv = gram
        .pseudo_inverse(1e-9 * scale)
        .map_err(|e| EngineError::Numerical(format!("pseudo-inverse of the Gram matrix: {e}")))?;
    let w = (&x * gram_pinv) * x.transpose();
    if w.iter().any(|v| !v.is_finite()) {
        return Err(EngineError::Numerical(
            "pseudo-inverse weights are not finite".into(),
        ));
    }
    // nalgebra is column-major; W is symmetric up to rounding, so symmetrise while copying.
    let mut out = vec![0.0f32; d * d];
    for i in 0..d {
        for j in 0..d {
            out[i * d + j] = (0.5 * (w[(i, j)] + w[(j, i)])) as f32;
        }
    }
    zero_diagonal(&mut out, d);
    Ok(out)
}

fn zero_diagonal(w: &mut [f32], d: usize) {
    for i in 0..d {
        w[i * d + i] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::SeededRng;

    #[test]
    fn weights_are_symmetric_with_zero_diagonal() {
        let set = PatternSet::random_binary(12, 4, &mut SeededRng::new(1)).unwrap();
        for w in [
            hebbian_unscaled(&set),
            storkey(&set),
            pseudo_inverse(&set).unwrap(),
        ] {
            for i in 0..12 {
                assert_eq!(w[i * 12 + i], 0.0);
                for j in 0..12 {
                    assert!((w[i * 12 + j] - w[j * 12 + i]).abs() < 1e-5);
                }
            }
        }
    }

    #[test]
    fn storkey_of_one_pattern_is_hebbian() {
        let set = PatternSet::random_binary(8, 1, &mut SeededRng::new(2)).unwrap();
        let s = storkey(&set);
        let h = hebbian_unscaled(&set);
        for (a, b) in s.iter().zip(&h) {
            assert!((a - b / 8.0).abs() < 1e-6);
        }
    }

    #[test]
    fn pseudo_inverse_projects_onto_the_patterns_even_when_repeated() {
        let base = PatternSet::random_binary(10, 3, &mut SeededRng::new(3)).unwrap();
        let mut rows: Vec<Vec<f32>> = base.iter().map(<[f32]>::to_vec).collect();
        rows.push(rows[0].clone());
        let set = PatternSet::from_rows(&rows).unwrap();
        let w = pseudo_inverse(&set).unwrap();
        // (W + diag) x = x for every stored x; with the diagonal zeroed, W x = x − diag ∘ x.
        let x = set.pattern(1);
        let full = pseudo_inverse_full_diag(&set);
        for i in 0..10 {
            let wx: f32 = (0..10).map(|j| w[i * 10 + j] * x[j]).sum::<f32>() + full[i] * x[i];
            assert!((wx - x[i]).abs() < 1e-4, "{wx} vs {}", x[i]);
        }
    }

    fn pseudo_inverse_full_diag(set: &PatternSet) -> Vec<f32> {
        let x: DMatrix<f64> = set.matrix().map(f64::from);
        let p = &x * (x.transpose() * &x).pseudo_inverse(1e-9).unwrap() * x.transpose();
        (0..set.dim()).map(|i| p[(i, i)] as f32).collect()
    }
}
