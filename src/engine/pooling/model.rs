//! The classifier: sequence → key (a learned k-mer embedding) → pooling over the bag → logistic
//! output, with its hand-written backward pass. Shapes: N sequences, d = [`DIM`], F =
//! [`FEATURES`] k-mer rows; keys K (N×d, row n = kₙ), query ξ (d), output weights w (d), bias c.
//!
//! Why k-mers and not DeepRC's 1-D CNN: a CNN of 32 kernels of width 9 over 300 000 sequences
//! of ~15 residues is ≥ 5 GFLOP per bag, minutes per epoch in a browser. Here a key is the sum
//! of learned d-vectors of the sequence's 3-residue pieces — contiguous (i, i+1, i+2) and with
//! one gap ((i, i+1, i+3), (i, i+2, i+3)), which is what lets a motif with a wildcard be seen —
//! about 40 rows per sequence, indexed exactly (3 × 20³ rows, no hashing collisions): ~N·40·d
//! adds per bag forward and as many backward, and a key is a gather, so it costs nothing to
//! recompute for a changed embedding. Keys double as values (as in DeepRC, where the attention
//! and the output read the same sequence embedding).
//!
//! The three poolings: Hopfield p = softmax(β Kξ), z = Kᵀp (one modern-Hopfield update with
//! the sequences as stored patterns); mean z = Kᵀ1/N (its β → 0 limit); max zⱼ = maxₙ Kₙⱼ.
//! Output y = wᵀz + c, loss = softplus(y) − t·y (binary cross-entropy on the logit).

use super::data::Bag;
use crate::engine::math;

/// Key dimension d.
pub const DIM: usize = 32;
/// Rows of the k-mer table: three kinds of 3-residue piece, 20³ each.
pub const FEATURES: usize = 3 * 8000;
/// Offsets of the parameters in the flat vector.
pub const QUERY: usize = FEATURES * DIM;
/// Output weights w.
pub const OUT_W: usize = QUERY + DIM;
/// Output bias c.
pub const OUT_B: usize = OUT_W + DIM;
/// log β (used when β is learned).
pub const LOG_BETA: usize = OUT_B + 1;

/// Length of the flat parameter vector.
pub const fn param_count() -> usize {
    LOG_BETA + 1
}

/// How the keys of a bag become one vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Attention with a learned query: softmax(β Kξ) weights.
    Hopfield,
    /// The mean of the keys (β → 0).
    Mean,
    /// The elementwise maximum of the keys.
    Max,
}

impl Method {
    /// All three, in the order results are reported.
    pub const ALL: [Method; 3] = [Method::Hopfield, Method::Mean, Method::Max];

    /// The method's name in JSON and links.
    pub fn slug(self) -> &'static str {
        match self {
            Method::Hopfield => "hopfield",
            Method::Mean => "mean",
            Method::Max => "max",
        }
    }
}

/// Calls `each(row)` for the k-mer rows of `seq` (residue codes), in a fixed order.
pub fn for_each_feature(seq: &[u8], mut each: impl FnMut(usize)) {
    let at = |a: u8, b: u8, c: u8| (a as usize * 20 + b as usize) * 20 + c as usize;
    for w in seq.windows(3) {
        each(at(w[0], w[1], w[2]));
    }
    for w in seq.windows(4) {
        each(8000 + at(w[0], w[1], w[3]));
        each(16_000 + at(w[0], w[2], w[3]));
    }
}

/// Writes the key of every sequence of `bag` into `keys` (N×d): the sum of its k-mer rows.
pub fn embed_into(embedding: &[f32], bag: &Bag, keys: &mut [f32]) {
    for (n, key) in keys.chunks_exact_mut(DIM).enumerate().take(bag.len()) {
        key.fill(0.0);
        for_each_feature(bag.sequence(n), |f| {
            for (k, e) in key.iter_mut().zip(&embedding[f * DIM..(f + 1) * DIM]) {
                *k += e;
            }
        });
    }
}

/// σ(y) from the engine's exponential (the same bits natively and in wasm).
pub fn sigmoid(y: f32) -> f32 {
    1.0 / (1.0 + math::exp(-y))
}

/// softplus(y) − t·y, computed without overflow.
pub fn bce(y: f32, label: f32) -> f32 {
    y.max(0.0) - label * y + libm::log1pf(math::exp(-y.abs()))
}

/// Buffers of one bag's forward and backward pass, sized for the largest bag seen.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// Keys K (N×d).
    pub keys: Vec<f32>,
    /// Raw scores uₙ = ξᵀkₙ.
    pub scores: Vec<f32>,
    /// Attention weights pₙ (Hopfield).
    pub weights: Vec<f32>,
    aux: Vec<f32>,
    /// 1/‖kₙ‖ (with [`KEY_EPSILON`]) when the scores read normalised keys.
    inv_norms: Vec<f32>,
    counts: Vec<u32>,
    argmax: Vec<usize>,
    /// The pooled vector z.
    pub pooled: Vec<f32>,
}

impl Scratch {
    fn fit(&mut self, n: usize) {
        self.keys.resize(n * DIM, 0.0);
        self.scores.resize(n, 0.0);
        self.weights.resize(n, 0.0);
        self.aux.resize(n, 0.0);
        self.pooled.resize(DIM, 0.0);
    }
}

/// Added to ‖kₙ‖² before its root, so a zero key has a finite normalised score.
pub const KEY_EPSILON: f32 = 1e-6;

/// β in use: the learned exp(log β), or the fixed value.
pub fn beta_of(params: &[f32], fixed: Option<f32>) -> f32 {
    fixed.unwrap_or_else(|| math::exp(params[LOG_BETA]))
}

/// The logit y of `bag` (its keys, weights and pooled vector left in `scratch`). With
/// `key_norm` the Hopfield scores read ℓ2-normalised keys, uₙ = ξᵀkₙ/‖kₙ‖ (bounded by ‖ξ‖, so
/// no key can take the attention by its length alone); the values stay the keys themselves.
pub fn forward(
    params: &[f32],
    bag: &Bag,
    method: Method,
    beta: f32,
    key_norm: bool,
    s: &mut Scratch,
) -> f32 {
    let n = bag.len();
    s.fit(n);
    let embedding = &params[..QUERY];
    match method {
        Method::Hopfield => {
            hopfield_keys(params, bag, key_norm, s);
            hopfield_attend(params, beta, key_norm, s);
        }
        Method::Mean => {
            s.counts.clear();
            s.counts.resize(FEATURES, 0);
            for i in 0..n {
                for_each_feature(bag.sequence(i), |f| s.counts[f] += 1);
            }
            s.pooled.fill(0.0);
            for (f, &c) in s.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
                math::axpy(c as f32, &embedding[f * DIM..(f + 1) * DIM], &mut s.pooled);
            }
            let inv = 1.0 / n as f32;
            s.pooled.iter_mut().for_each(|z| *z *= inv);
        }
        Method::Max => {
            embed_into(embedding, bag, &mut s.keys);
            s.argmax.clear();
            s.argmax.resize(DIM, 0);
            s.pooled.copy_from_slice(&s.keys[..DIM]);
            for (i, key) in s.keys.chunks_exact(DIM).enumerate().skip(1) {
                for ((z, arg), &k) in s.pooled.iter_mut().zip(&mut s.argmax).zip(key) {
                    if k > *z {
                        *z = k;
                        *arg = i;
                    }
                }
            }
        }
    }
    logit(params, &s.pooled)
}

/// The output y = wᵀz + c of a pooled vector.
pub fn logit(params: &[f32], pooled: &[f32]) -> f32 {
    math::dot(&params[OUT_W..OUT_B], pooled) + params[OUT_B]
}

/// The first half of Hopfield pooling: the keys of `bag` (and their inverse norms with
/// `key_norm`) into `s`. Apart from [`hopfield_attend`] so a read-out can time the two: the
/// keys depend on the embedding, the pass over them is the retrieval among N patterns.
pub fn hopfield_keys(params: &[f32], bag: &Bag, key_norm: bool, s: &mut Scratch) {
    s.fit(bag.len());
    embed_into(&params[..QUERY], bag, &mut s.keys);
    s.inv_norms.clear();
    if key_norm {
        s.inv_norms.extend(
            s.keys
                .chunks_exact(DIM)
                .map(|k| 1.0 / (math::dot(k, k) + KEY_EPSILON).sqrt()),
        );
    }
}

/// The second half: scores, weights and pooled vector from the keys [`hopfield_keys`] left.
pub fn hopfield_attend(params: &[f32], beta: f32, key_norm: bool, s: &mut Scratch) {
    super::pass::hopfield_pool(
        &s.keys,
        &params[QUERY..OUT_W],
        beta,
        key_norm.then_some(&s.inv_norms[..]),
        &mut s.scores,
        &mut s.weights,
        &mut s.pooled,
    );
}

/// Adds `vector` into the k-mer rows of sequence `seq` of the gradient.
fn scatter(grad: &mut [f32], seq: &[u8], vector: &[f32]) {
    for_each_feature(seq, |f| {
        for (g, v) in grad[f * DIM..(f + 1) * DIM].iter_mut().zip(vector) {
            *g += v;
        }
    });
}

/// The loss of `bag` under `params`, and its gradient added into `grad` (the log β entry only
/// when `fixed_beta` is `None`; `key_norm` as in [`forward`]).
pub fn loss_and_grad(
    params: &[f32],
    bag: &Bag,
    method: Method,
    fixed_beta: Option<f32>,
    key_norm: bool,
    s: &mut Scratch,
    grad: &mut [f32],
) -> f32 {
    let beta = beta_of(params, fixed_beta);
    let y = forward(params, bag, method, beta, key_norm, s);
    let label = if bag.positive { 1.0 } else { 0.0 };
    let dy = sigmoid(y) - label;
    let w = &params[OUT_W..OUT_B];
    let dz: Vec<f32> = w.iter().map(|wi| dy * wi).collect();
    for (g, z) in grad[OUT_W..OUT_B].iter_mut().zip(&s.pooled) {
        *g += dy * z;
    }
    grad[OUT_B] += dy;
    let n = bag.len();
    match method {
        Method::Hopfield => {
            // dp_n = k_n·dz; d(β u_n) = p_n (dp_n − Σ p dp) with Σ p dp = z·dz.
            math::dots_into(&s.keys, &dz, &mut s.aux);
            let mean = math::dot(&s.pooled, &dz);
            let mut dbeta = 0.0f32;
            for i in 0..n {
                let dlogit = s.weights[i] * (s.aux[i] - mean);
                dbeta += dlogit * s.scores[i];
                s.aux[i] = beta * dlogit; // now du_n
            }
            if fixed_beta.is_none() {
                grad[LOG_BETA] += beta * dbeta;
            }
            // With normalised keys u_n = ξ·k_n r_n (r_n = 1/‖k_n‖): dξ = Σ du_n r_n k_n and
            // dk_n = du_n r_n (ξ − u_n r_n k_n); without, r_n = 1 and no second term.
            if key_norm {
                for (a, r) in s.aux.iter_mut().zip(&s.inv_norms) {
                    *a *= r;
                }
            }
            let query = &params[QUERY..OUT_W];
            let (table, rest) = grad.split_at_mut(QUERY);
            math::add_weighted(
                s.aux.iter().copied().zip(s.keys.chunks_exact(DIM)),
                &mut rest[..DIM],
            );
            let mut dh = [0.0f32; DIM];
            for i in 0..n {
                let c = s.aux[i];
                for j in 0..DIM {
                    dh[j] = s.weights[i] * dz[j] + c * query[j];
                }
                if key_norm {
                    let along = c * s.scores[i] * s.inv_norms[i];
                    for (h, k) in dh.iter_mut().zip(&s.keys[i * DIM..(i + 1) * DIM]) {
                        *h -= along * k;
                    }
                }
                scatter(table, bag.sequence(i), &dh);
            }
        }
        Method::Mean => {
            let inv = 1.0 / n as f32;
            for (f, &c) in s.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
                math::axpy(c as f32 * inv, &dz, &mut grad[f * DIM..(f + 1) * DIM]);
            }
        }
        Method::Max => {
            for (j, &i) in s.argmax.iter().enumerate() {
                for_each_feature(bag.sequence(i), |f| grad[f * DIM + j] += dz[j]);
            }
        }
    }
    bce(y, label)
}

#[cfg(test)]
mod tests {
    use super::super::config::PoolConfig;
    use super::super::data::{Split, generate};
    use super::*;
    use crate::engine::SeededRng;

    fn setup() -> (Vec<f32>, Bag) {
        let config = PoolConfig {
            witness_rate: 0.1,
            ..PoolConfig::default()
        };
        let bag = generate(&config, Split::Train, 0, 30, true);
        let mut rng = SeededRng::new(5);
        let params: Vec<f32> = (0..param_count()).map(|_| 0.3 * rng.gaussian()).collect();
        (params, bag)
    }

    /// Central differences of the loss against the analytic gradient, for the query, output,
    /// log β and the k-mer rows of the first sequences.
    fn check(method: Method, fixed: Option<f32>, key_norm: bool, h: f32) {
        let (mut params, bag) = setup();
        let mut s = Scratch::default();
        let mut grad = vec![0.0; param_count()];
        loss_and_grad(&params, &bag, method, fixed, key_norm, &mut s, &mut grad);
        let mut indices: Vec<usize> = (QUERY..param_count()).collect();
        for n in 0..4 {
            let mut rows = Vec::new();
            for_each_feature(bag.sequence(n), |f| rows.push(f));
            indices.extend(rows.iter().take(3).flat_map(|f| f * DIM..(f + 1) * DIM));
        }
        let mut nonzero = 0;
        for i in indices {
            let keep = params[i];
            let mut loss_at = |v: f32| {
                params[i] = v;
                let mut sink = vec![0.0; param_count()];
                loss_and_grad(&params, &bag, method, fixed, key_norm, &mut s, &mut sink) as f64
            };
            let numeric = (loss_at(keep + h) - loss_at(keep - h)) / (2.0 * h as f64);
            params[i] = keep;
            let analytic = grad[i] as f64;
            if numeric.abs() > 1e-3 {
                nonzero += 1;
            }
            assert!(
                (analytic - numeric).abs() <= 2e-4 + 2e-2 * numeric.abs(),
                "{method:?} parameter {i}: analytic {analytic}, numeric {numeric}"
            );
        }
        assert!(
            nonzero > 20,
            "{method:?}: only {nonzero} non-zero gradients"
        );
    }

    #[test]
    fn hopfield_gradient_matches_finite_differences() {
        check(Method::Hopfield, None, false, 1e-2);
        check(Method::Hopfield, Some(2.0), false, 1e-2);
    }

    #[test]
    fn normalised_key_gradient_matches_finite_differences() {
        check(Method::Hopfield, None, true, 1e-2);
        check(Method::Hopfield, Some(3.0), true, 1e-2);
    }

    #[test]
    fn mean_and_max_gradients_match_finite_differences() {
        check(Method::Mean, None, false, 1e-2);
        check(Method::Max, None, false, 1e-3);
    }

    #[test]
    fn mean_is_the_small_beta_limit_of_hopfield() {
        let (params, bag) = setup();
        let mut s = Scratch::default();
        let mean = forward(&params, &bag, Method::Mean, 1.0, false, &mut s);
        let hopfield = forward(&params, &bag, Method::Hopfield, 1e-6, false, &mut s);
        assert!((mean - hopfield).abs() < 1e-4, "{mean} vs {hopfield}");
        let weights = s.weights.clone();
        let max = forward(&params, &bag, Method::Max, 1.0, false, &mut s);
        assert!(weights.iter().all(|&p| (p - 1.0 / 30.0).abs() < 1e-5));
        assert!(max.is_finite());
    }
}
