//! Small numeric kernels shared by the models: dot products, log-sum-exp and softmax with the
//! maximum subtracted first, overlaps. `libm` supplies exp/ln so that native and wasm builds
//! compute the same bits (the CLI and the browser must agree for the same seed).

/// Dot product of two equally long slices, in f32 with four independent accumulators so the
/// compiler can vectorise the loop.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 4];
    let chunks = a.len() / 4 * 4;
    for (ca, cb) in a[..chunks].chunks_exact(4).zip(b[..chunks].chunks_exact(4)) {
        for k in 0..4 {
            acc[k] += ca[k] * cb[k];
        }
    }
    let mut sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (x, y) in a[chunks..].iter().zip(&b[chunks..]) {
        sum += x * y;
    }
    sum
}

/// Euclidean norm ‖a‖.
pub fn norm(a: &[f32]) -> f32 {
    libm::sqrtf(dot(a, a))
}

/// `y += alpha · x`.
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// lse(β, z) = β⁻¹ ln Σᵢ exp(β zᵢ), computed as max z + β⁻¹ ln Σᵢ exp(β(zᵢ − max z)) so that
/// it neither overflows at β = 1e4 nor loses everything to underflow. Empty input gives −∞.
pub fn lse(beta: f32, z: &[f32]) -> f32 {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if !max.is_finite() {
        return max;
    }
    let sum: f32 = z.iter().map(|&zi| libm::expf(beta * (zi - max))).sum();
    max + libm::logf(sum) / beta
}

/// p = softmax(β z), written into `out` (same length as `z`); the weights are non-negative and
/// sum to 1 for any finite input, because the largest term is exp(0) = 1.
pub fn softmax_into(beta: f32, z: &[f32], out: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0f32;
    for (o, &zi) in out.iter_mut().zip(z) {
        *o = libm::expf(beta * (zi - max));
        sum += *o;
    }
    let inv = 1.0 / sum;
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

/// k90: the smallest number of largest weights whose sum reaches 0.9 ([P] §4).
pub fn k90(weights: &[f32]) -> usize {
    let mut sorted: Vec<f32> = weights.to_vec();
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
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
