//! The Hopfield pooling pass over a bag's precomputed keys K (N×d, row n = kₙ): scores
//! uₙ = ξᵀkₙ, weights p = softmax(β u), pooled z = Kᵀp. At repertoire scale (N = 300 000,
//! d = 32, 38 MB of keys) it is the whole cost of attention once the keys are known.
//!
//! [`hopfield_pool`] reads the keys once: blocks of [`BLOCK`] rows (16 KB, in the first-level
//! cache) get their scores, their exponentials against the running maximum and their weighted
//! sum while they are still cached (the "online softmax": when a block raises the maximum, the
//! sum so far and z are rescaled), and a last pass over the N weights alone normalises them.
//! Each block uses the engine's vector kernels ([`math::dots_into`], the shifted exponentials,
//! [`math::add_weighted`]), whose bits are the same on every target and at every vector width;
//! the running-maximum rescaling is in a fixed order, so the result depends on nothing but the
//! input (no threads, no target features). [`hopfield_pool_two_pass`]
//! is the former form (scores, softmax, weighted sum over the whole bag each), kept to compare.

use super::model::DIM;
use crate::engine::math;

/// Keys per block of the fused pass: 128 × 32 × 4 B = 16 KB.
pub const BLOCK: usize = 128;

/// One Hopfield pooling pass over given keys (`keys` N×d, `scores` and `weights` N, `pooled`
/// d): scores = Kξ (each multiplied by `score_scale`ₙ if given, e.g. 1/‖kₙ‖), weights =
/// softmax(β·scores), pooled = Kᵀweights, reading the keys once. Deterministic: the same bits
/// for the same input on every target.
pub fn hopfield_pool(
    keys: &[f32],
    query: &[f32],
    beta: f32,
    score_scale: Option<&[f32]>,
    scores: &mut [f32],
    weights: &mut [f32],
    pooled: &mut [f32],
) {
    let n = scores.len().min(weights.len()).min(keys.len() / DIM);
    let (keys, scores, weights) = (&keys[..n * DIM], &mut scores[..n], &mut weights[..n]);
    let mut acc = [0.0f32; DIM];
    let (mut max, mut sum) = (f32::NEG_INFINITY, 0.0f32);
    let mut shifts = Vec::with_capacity(n.div_ceil(BLOCK));
    for (b, ((kb, ub), eb)) in keys
        .chunks(BLOCK * DIM)
        .zip(scores.chunks_mut(BLOCK))
        .zip(weights.chunks_mut(BLOCK))
        .enumerate()
    {
        math::dots_into(kb, query, ub);
        if let Some(scale) = score_scale {
            for (u, r) in ub.iter_mut().zip(&scale[b * BLOCK..]) {
                *u *= r;
            }
        }
        let block_max = math::largest(ub);
        if block_max > max {
            if max > f32::NEG_INFINITY {
                let f = math::exp(beta * (max - block_max));
                sum *= f;
                acc.iter_mut().for_each(|a| *a *= f);
            }
            max = block_max;
        }
        sum += math::shifted_exps_into(beta, max, ub, eb);
        math::add_weighted(eb.iter().copied().zip(kb.chunks_exact(DIM)), &mut acc);
        shifts.push(max);
    }
    let inv = 1.0 / sum;
    for (eb, &shift) in weights.chunks_mut(BLOCK).zip(&shifts) {
        let f = if shift == max {
            inv
        } else {
            math::exp(beta * (shift - max)) * inv
        };
        eb.iter_mut().for_each(|e| *e *= f);
    }
    for (z, a) in pooled.iter_mut().zip(acc) {
        *z = a * inv;
    }
}

/// The former pass, three sweeps over the whole bag: scores ([`math::dots_into`]), softmax,
/// then Kᵀp skipping zero weights (kept to measure the fused pass against).
pub fn hopfield_pool_two_pass(
    keys: &[f32],
    query: &[f32],
    beta: f32,
    scores: &mut [f32],
    weights: &mut [f32],
    pooled: &mut [f32],
) {
    math::dots_into(keys, query, scores);
    math::softmax_into(beta, scores, weights);
    pooled.fill(0.0);
    math::add_weighted(weights.iter().copied().zip(keys.chunks_exact(DIM)), pooled);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededRng;

    fn random(n: usize, seed: u64, scale: f32) -> (Vec<f32>, Vec<f32>) {
        let mut rng = SeededRng::new(seed);
        let keys = (0..n * DIM).map(|_| scale * rng.gaussian()).collect();
        let query = (0..DIM).map(|_| rng.gaussian()).collect();
        (keys, query)
    }

    /// A pooling pass's signature.
    type Pass = fn(&[f32], &[f32], f32, &mut [f32], &mut [f32], &mut [f32]);

    fn fused(keys: &[f32], q: &[f32], beta: f32, u: &mut [f32], p: &mut [f32], z: &mut [f32]) {
        hopfield_pool(keys, q, beta, None, u, p, z);
    }

    fn run(pass: Pass, keys: &[f32], query: &[f32], beta: f32) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
        let n = keys.len() / DIM;
        let (mut u, mut p, mut z) = (vec![0.0; n], vec![0.0; n], vec![0.0; DIM]);
        pass(keys, query, beta, &mut u, &mut p, &mut z);
        (u, p, z)
    }

    #[test]
    fn the_fused_pass_agrees_with_the_two_pass_form_in_f64() {
        // Sizes around the block (a partial last block, one block, many), β from mean-like to
        // max-like, and scores rising through the bag so the running maximum moves often.
        for (n, beta, seed) in [(1, 1.0, 1), (127, 0.5, 2), (128, 3.0, 3), (1000, 20.0, 4)] {
            let (mut keys, query) = random(n, seed, 1.0);
            for (i, row) in keys.chunks_exact_mut(DIM).enumerate() {
                row[0] += 4.0 * i as f32 / n as f32 * query[0].signum();
            }
            let (u, p, z) = run(fused, &keys, &query, beta);
            let (u2, p2, z2) = run(hopfield_pool_two_pass, &keys, &query, beta);
            // The exact values in f64.
            let exact_u: Vec<f64> = keys
                .chunks_exact(DIM)
                .map(|r| {
                    r.iter()
                        .zip(&query)
                        .map(|(&a, &b)| a as f64 * b as f64)
                        .sum()
                })
                .collect();
            let m = exact_u.iter().copied().fold(f64::MIN, f64::max);
            let e: Vec<f64> = exact_u
                .iter()
                .map(|u| (beta as f64 * (u - m)).exp())
                .collect();
            let s: f64 = e.iter().sum();
            for i in 0..n {
                assert!((u[i] as f64 - exact_u[i]).abs() < 1e-5, "{n}: u {i}");
                assert!((u[i] - u2[i]).abs() < 1e-5, "{n}: u {i}");
                let pe = e[i] / s;
                assert!((p[i] as f64 - pe).abs() < 1e-5 * (1.0 + pe), "{n}: p {i}");
                assert!((p[i] - p2[i]).abs() < 1e-5, "{n}: p {i}");
            }
            assert!((p.iter().map(|&x| x as f64).sum::<f64>() - 1.0).abs() < 1e-5);
            for j in 0..DIM {
                let ze: f64 = keys
                    .chunks_exact(DIM)
                    .zip(&e)
                    .map(|(r, ei)| r[j] as f64 * ei / s)
                    .sum();
                assert!((z[j] as f64 - ze).abs() < 1e-4, "{n}: z {j}");
                assert!((z[j] - z2[j]).abs() < 1e-4, "{n}: z {j}");
            }
        }
    }

    #[test]
    fn the_fused_pass_is_deterministic_and_never_overflows() {
        // Large scores: exp(β u) alone would overflow; shifted by the running maximum it never
        // does, and the weights still sum to one.
        let (keys, query) = random(700, 9, 30.0);
        let a = run(fused, &keys, &query, 5.0);
        let b = run(fused, &keys, &query, 5.0);
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.1), bits(&b.1));
        assert_eq!(bits(&a.2), bits(&b.2));
        assert!(a.1.iter().chain(&a.2).all(|x| x.is_finite()));
        let total: f32 = a.1.iter().sum();
        assert!((total - 1.0).abs() < 1e-4, "{total}");
    }

    #[test]
    #[ignore = "a timing: run with --release and --nocapture"]
    fn pooling_pass_at_repertoire_scale() {
        let n = 300_000;
        let (keys, query) = random(n, 3, 1.0);
        // Best of 20 for each form, alternating (the machine is shared; the best is the least
        // disturbed, and both forms see the same disturbances).
        let mut best = [f64::INFINITY; 2];
        let (mut u, mut p) = (vec![0.0; n], vec![0.0; n]);
        let mut pooled = [vec![0.0; DIM], vec![0.0; DIM]];
        for _ in 0..20 {
            for (k, pass) in [hopfield_pool_two_pass, fused].into_iter().enumerate() {
                let t = std::time::Instant::now();
                pass(&keys, &query, 0.5, &mut u, &mut p, &mut pooled[k]);
                best[k] = best[k].min(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        println!(
            "pooling pass over N = {n}, d = {DIM}: fused {:.2} ms, two-pass {:.2} ms \
             (ratio {:.2})",
            best[1],
            best[0],
            best[0] / best[1]
        );
        assert!(pooled[1].iter().all(|z| z.is_finite()));
    }
}
