//! The learning rules that need the full d×d weight matrix: Hebbian (when N ≥ d/2), Storkey
//! and pseudo-inverse with N > d; with N ≤ d the pseudo-inverse is kept as two d×N factors of
//! its N×N Gram matrix instead ([`projection_factors`]), so it works at any d. Matrices are row-major `Vec<f32>` of length d², symmetric, with a zero
//! diagonal (SCIENCE.md: the dynamics use a zero diagonal for every rule).

use crate::engine::error::{EngineError, Result};
use crate::engine::math;
use crate::engine::patterns::PatternSet;

use super::hebbian::hebbian_add;

/// Largest d for which a d×d weight matrix is built (4096² floats = 64 MiB).
pub const MAX_WEIGHT_DIM: usize = 4096;
/// Largest N for the pseudo-inverse rule, whose Gram matrix is eigen-decomposed.
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
    let mut w = math::pages::zeroed(d * d);
    hebbian_add(&mut w, patterns.matrix().as_slice(), d);
    zero_diagonal(&mut w, d);
    w
}

/// Storkey's incremental rule: for each pattern x in turn,
/// w_ij += (x_i x_j − x_i h_ji − h_ij x_j)/d with h_ij = Σ_{k≠i,j} w_ik x_k (old weights).
#[cfg(test)]
pub(crate) fn storkey(patterns: &PatternSet) -> Vec<f32> {
    let d = patterns.dim();
    let (mut w, mut h) = (vec![0.0f32; d * d], vec![0.0f32; d]);
    patterns.iter().for_each(|x| storkey_add(&mut w, &mut h, x));
    w
}

/// One pattern of Storkey's rule on the d×d `w` (`h` is scratch of length d).
#[cfg(test)]
pub(crate) fn storkey_add(w: &mut [f32], h: &mut [f32], x: &[f32]) {
    math::dots_into(w, x, h);
    storkey_rows(w, h, x, 0..x.len());
}

/// Rows `rows` of one pattern of Storkey's rule, with h = W x of the weights before the
/// pattern. The diagonal stays 0, so h_ij = h_i − w_ij x_j; each new w_ij depends only on the
/// old w_ij, h and x, and the expression is symmetric in i and j bit for bit (sums and products
/// commute), so row by row — in slices of any size — gives a symmetric W and touches only
/// contiguous memory.
pub(crate) fn storkey_rows(w: &mut [f32], h: &[f32], x: &[f32], rows: std::ops::Range<usize>) {
    let d = x.len();
    let inv_d = 1.0 / d as f32;
    for i in rows {
        let (xi, hi) = (x[i], h[i]);
        for (j, wij) in w[i * d..(i + 1) * d].iter_mut().enumerate() {
            if j == i {
                continue;
            }
            let old = *wij;
            let h_ij = hi - old * x[j];
            let h_ji = h[j] - old * xi;
            *wij = old + (xi * x[j] - (xi * h_ji + h_ij * x[j])) * inv_d;
        }
    }
}

/// The pseudo-inverse W = X G⁺ Xᵀ (G = XᵀX, N×N) of N ≤ d patterns without the d×d matrix:
/// `coef` = X G⁺ row-major (row j holds Σ_μ x_jμ G⁺_μν over ν, N entries) and `diag` = the
/// diagonal of W, which the dynamics leave out: h = X (G⁺ Xᵀ s) − diag ∘ s costs O(dN).
pub(crate) fn projection_factors(patterns: &PatternSet) -> Result<(Vec<f32>, Vec<f32>)> {
    let (d, n) = (patterns.dim(), patterns.count());
    let x = |i: usize, mu: usize| f64::from(patterns.pattern(mu)[i]);
    let (values, vectors) = symmetric_eigen(gram(n, d, |mu, i| x(i, mu)), n)?;
    let tol = EIGEN_TOLERANCE * values.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    // G⁺ = Σ_k v_k v_kᵀ / λ_k over the eigenpairs with λ_k > 0.
    let mut ginv = vec![0.0f64; n * n];
    for (k, &lambda) in values.iter().enumerate() {
        if lambda > tol {
            let v: Vec<f64> = (0..n).map(|mu| vectors[mu * n + k]).collect();
            add_outer(&mut ginv, &v, 1.0 / lambda);
        }
    }
    let (mut coef, mut diag) = (vec![0.0f32; d * n], vec![0.0f32; d]);
    for i in 0..d {
        let mut w_ii = 0.0f64;
        for nu in 0..n {
            let c: f64 = (0..n).map(|mu| x(i, mu) * ginv[mu * n + nu]).sum();
            coef[i * n + nu] = c as f32;
            w_ii += c * x(i, nu);
        }
        diag[i] = w_ii as f32;
    }
    if coef.iter().any(|v| !v.is_finite()) {
        return Err(EngineError::Numerical(
            "pseudo-inverse weights are not finite".into(),
        ));
    }
    Ok((coef, diag))
}

/// Pseudo-inverse (projection) rule W = X (XᵀX)⁺ Xᵀ with the diagonal zeroed, in f64. W is the
/// orthogonal projection onto the span of the patterns, so repeated or dependent patterns are
/// harmless. It is computed from the eigen-decomposition of the smaller of the two Gram
/// matrices (XᵀX, N×N, or XXᵀ, d×d): a few dozen lines of Jacobi rotations instead of a
/// general SVD, which keeps the wasm bundle small.
pub(crate) fn pseudo_inverse(patterns: &PatternSet) -> Result<Vec<f32>> {
    let (d, n) = (patterns.dim(), patterns.count());
    if n > MAX_PSEUDO_INVERSE_COUNT {
        return Err(EngineError::TooLarge {
            what: "number of patterns N for the pseudo-inverse rule",
            value: n,
            limit: MAX_PSEUDO_INVERSE_COUNT,
        });
    }
    let x = |i: usize, mu: usize| f64::from(patterns.pattern(mu)[i]);
    let mut w = vec![0.0f64; d * d];
    if n <= d {
        // W = Σ_k (X v_k)(X v_k)ᵀ / λ_k over the eigenpairs of XᵀX with λ_k > 0.
        let gram = gram(n, d, |mu, i| x(i, mu));
        let (values, vectors) = symmetric_eigen(gram, n)?;
        let tol = EIGEN_TOLERANCE * values.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        for (k, &lambda) in values.iter().enumerate() {
            if lambda > tol {
                let u: Vec<f64> = (0..d)
                    .map(|i| (0..n).map(|mu| x(i, mu) * vectors[mu * n + k]).sum())
                    .collect();
                add_outer(&mut w, &u, 1.0 / lambda);
            }
        }
    } else {
        // W = Σ_k u_k u_kᵀ over the eigenvectors of XXᵀ with λ_k > 0.
        let gram = gram(d, n, x);
        let (values, vectors) = symmetric_eigen(gram, d)?;
        let tol = EIGEN_TOLERANCE * values.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        for (k, &lambda) in values.iter().enumerate() {
            if lambda > tol {
                let u: Vec<f64> = (0..d).map(|i| vectors[i * d + k]).collect();
                add_outer(&mut w, &u, 1.0);
            }
        }
    }
    if w.iter().any(|v| !v.is_finite()) {
        return Err(EngineError::Numerical(
            "pseudo-inverse weights are not finite".into(),
        ));
    }
    let mut out: Vec<f32> = w.iter().map(|&v| v as f32).collect();
    zero_diagonal(&mut out, d);
    Ok(out)
}

/// Eigenvalues below this fraction of the largest count as zero (rank deficiency).
const EIGEN_TOLERANCE: f64 = 1e-9;
/// Sweeps of the Jacobi method before it gives up (it converges quadratically, in well under
/// twenty sweeps for the matrices here).
const MAX_SWEEPS: usize = 60;

/// The m×m Gram matrix G_ab = Σ_k entry(a, k) entry(b, k), row-major.
fn gram(m: usize, len: usize, entry: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let mut g = vec![0.0; m * m];
    for a in 0..m {
        for b in a..m {
            let v: f64 = (0..len).map(|k| entry(a, k) * entry(b, k)).sum();
            g[a * m + b] = v;
            g[b * m + a] = v;
        }
    }
    g
}

/// w += scale · u uᵀ.
fn add_outer(w: &mut [f64], u: &[f64], scale: f64) {
    let d = u.len();
    for (i, &ui) in u.iter().enumerate() {
        for (j, &uj) in u.iter().enumerate() {
            w[i * d + j] += scale * ui * uj;
        }
    }
}

/// Eigenvalues and eigenvectors (column k of the row-major result) of the symmetric m×m matrix
/// `a`, by cyclic Jacobi rotations.
pub(crate) fn symmetric_eigen(mut a: Vec<f64>, m: usize) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut v = vec![0.0; m * m];
    (0..m).for_each(|i| v[i * m + i] = 1.0);
    let total: f64 = a.iter().map(|x| x * x).sum();
    let mut converged = m < 2;
    for _ in 0..MAX_SWEEPS {
        let off: f64 = (0..m)
            .flat_map(|p| (p + 1..m).map(move |q| (p, q)))
            .map(|(p, q)| a[p * m + q] * a[p * m + q])
            .sum();
        if off <= 1e-26 * total || off == 0.0 {
            converged = true;
            break;
        }
        for p in 0..m {
            for q in p + 1..m {
                let apq = a[p * m + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * m + q] - a[p * m + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..m {
                    let (kp, kq) = (a[k * m + p], a[k * m + q]);
                    a[k * m + p] = c * kp - s * kq;
                    a[k * m + q] = s * kp + c * kq;
                }
                for k in 0..m {
                    let (pk, qk) = (a[p * m + k], a[q * m + k]);
                    a[p * m + k] = c * pk - s * qk;
                    a[q * m + k] = s * pk + c * qk;
                }
                for k in 0..m {
                    let (kp, kq) = (v[k * m + p], v[k * m + q]);
                    v[k * m + p] = c * kp - s * kq;
                    v[k * m + q] = s * kp + c * kq;
                }
            }
        }
    }
    if !converged || a.iter().any(|x| !x.is_finite()) {
        return Err(EngineError::Numerical(
            "the eigen-decomposition of the Gram matrix did not converge".into(),
        ));
    }
    Ok(((0..m).map(|i| a[i * m + i]).collect(), v))
}

pub(crate) fn zero_diagonal(w: &mut [f32], d: usize) {
    for i in 0..d {
        w[i * d + i] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::SeededRng;
    use nalgebra::DMatrix;

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

    #[test]
    fn jacobi_matches_nalgebra_and_handles_dependent_patterns() {
        // The projection W + diag equals nalgebra's X (XᵀX)⁺ Xᵀ, with N < d, N > d, and a
        // repeated pattern (a singular Gram matrix).
        let mut rng = SeededRng::new(9);
        for (d, n) in [(10, 4), (6, 9)] {
            let set = PatternSet::random_binary(d, n, &mut rng).unwrap();
            let w = pseudo_inverse(&set).unwrap();
            let x: DMatrix<f64> = set.matrix().map(f64::from);
            let p = &x * (x.transpose() * &x).pseudo_inverse(1e-9).unwrap() * x.transpose();
            for i in 0..d {
                for j in 0..d {
                    let want = if i == j { 0.0 } else { p[(i, j)] as f32 };
                    assert!((w[i * d + j] - want).abs() < 1e-4, "{d}×{n} at ({i}, {j})");
                }
            }
        }
        let base = PatternSet::random_binary(8, 2, &mut rng).unwrap();
        let rows: Vec<Vec<f32>> = [0, 1, 0]
            .iter()
            .map(|&mu| base.pattern(mu).to_vec())
            .collect();
        let repeated = PatternSet::from_rows(&rows).unwrap();
        let (a, b) = (
            pseudo_inverse(&repeated).unwrap(),
            pseudo_inverse(&base).unwrap(),
        );
        assert!(
            a.iter().zip(&b).all(|(u, v)| (u - v).abs() < 1e-6),
            "{a:?} vs {b:?}"
        );
    }

    fn pseudo_inverse_full_diag(set: &PatternSet) -> Vec<f32> {
        let x: DMatrix<f64> = set.matrix().map(f64::from);
        let p = &x * (x.transpose() * &x).pseudo_inverse(1e-9).unwrap() * x.transpose();
        (0..set.dim()).map(|i| p[(i, i)] as f32).collect()
    }
}
