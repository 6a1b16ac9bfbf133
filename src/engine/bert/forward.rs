//! The forward pass of all-MiniLM-L6-v2 on one text, with every head exposed: its queries and
//! keys (what the heads view classifies), the attention weights it used, and the Frobenius norm
//! of its softmax Jacobian. Chosen heads can have their weights replaced by uniform averaging
//! or by a fixed Gaussian window over positions (SCIENCE.md, "Gaussian weighting"), to see how
//! much the sentence embedding depends on them.

use super::kernels::{gelu, layer_norm, linear};
use super::model::MiniLm;
use super::tokenizer::Tokens;
use super::{HEAD_DIM, HEADS, HIDDEN, LAYERS, MAX_POSITIONS};
use crate::engine::error::check_range;
use crate::engine::{EngineError, Result, math};

/// The weights a replaced head uses instead of its softmax.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Replacement {
    /// A_ij = 1/T: every query averages all tokens.
    Uniform,
    /// A_ij ∝ exp(−½((s_j − s_i)/σ)²) with s_j = 2j/(T−1) − 1 ∈ [−1, 1]: a window centred on
    /// the query's own position (μ_i = s_i), σ ∈ [0.1, 2].
    Gaussian { sigma: f32 },
}

/// The smallest and largest σ of [`Replacement::Gaussian`].
pub const SIGMA_RANGE: (f32, f32) = (0.1, 2.0);

/// Options of [`MiniLm::forward`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    /// (layer, head) pairs, 0-based, whose attention weights are replaced.
    pub replace: Vec<(usize, usize)>,
    /// What replaces them (ignored when `replace` is empty).
    pub with: Option<Replacement>,
}

/// One head on one text.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadForward {
    /// Layer, 0-based.
    pub layer: usize,
    /// Head within the layer, 0-based.
    pub head: usize,
    /// Q, T × [`HEAD_DIM`] row-major (bias included, before the 1/√32 scale).
    pub queries: Vec<f32>,
    /// K, T × [`HEAD_DIM`] row-major.
    pub keys: Vec<f32>,
    /// The weights the head used, T × T row-major (rows sum to 1): softmax(q kᵀ/√32), or the
    /// replacement.
    pub attention: Vec<f32>,
    /// Mean over query rows of ‖β(diag(p) − ppᵀ)‖_F for the head's softmax p at β = 1/√32
    /// (of the softmax even when the head is replaced).
    pub jacobian: f32,
    /// Whether `attention` is a replacement.
    pub replaced: bool,
}

/// The result of one forward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    /// T, the number of tokens.
    pub tokens: usize,
    /// Every head, layer-major (`heads[layer * HEADS + head]`).
    pub heads: Vec<HeadForward>,
    /// The sentence embedding: the mean over tokens of the last hidden states, L2-normalised
    /// (384 values).
    pub embedding: Vec<f32>,
}

/// Cosine similarity of two embeddings (0 when one is zero).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    math::overlap(a, b)
}

/// ‖β(diag(p) − ppᵀ)‖_F = β √(Σᵢ pᵢ²(1 − pᵢ)² + (Σᵢ pᵢ²)² − Σᵢ pᵢ⁴): the diagonal plus the
/// off-diagonal products, summed in f64 so that a one-hot p gives 0, not rounding noise.
pub fn softmax_jacobian_frobenius(beta: f32, p: &[f32]) -> f32 {
    let (mut diag, mut s2, mut s4) = (0.0f64, 0.0f64, 0.0f64);
    for &pi in p {
        let pi = f64::from(pi);
        diag += pi * pi * (1.0 - pi) * (1.0 - pi);
        s2 += pi * pi;
        s4 += pi * pi * pi * pi;
    }
    (f64::from(beta) * (diag + (s2 * s2 - s4).max(0.0)).sqrt()) as f32
}

impl Replacement {
    /// Row `i` of the replacement weights over `t` tokens, into `out`.
    fn row_into(self, i: usize, t: usize, out: &mut [f32]) {
        match self {
            Replacement::Uniform => out.fill(1.0 / t as f32),
            Replacement::Gaussian { sigma } => {
                let s = |j: usize| {
                    if t > 1 {
                        2.0 * j as f32 / (t - 1) as f32 - 1.0
                    } else {
                        0.0
                    }
                };
                let z: Vec<f32> = (0..t)
                    .map(|j| {
                        let d = (s(j) - s(i)) / sigma;
                        -0.5 * d * d
                    })
                    .collect();
                math::softmax_into(1.0, &z, out);
            }
        }
    }
}

impl Options {
    fn check(&self) -> Result<()> {
        for &(layer, head) in &self.replace {
            check_range("layer", layer as f64, 0.0, (LAYERS - 1) as f64)?;
            check_range("head", head as f64, 0.0, (HEADS - 1) as f64)?;
        }
        match self.with {
            Some(Replacement::Gaussian { sigma }) => check_range(
                "sigma",
                f64::from(sigma),
                SIGMA_RANGE.0.into(),
                SIGMA_RANGE.1.into(),
            ),
            None if !self.replace.is_empty() => Err(EngineError::Empty {
                what: "the replacement of the chosen heads",
            }),
            _ => Ok(()),
        }
    }
}

impl MiniLm {
    /// Runs the encoder on `tokens` (from [`super::Vocab::tokenize`], which stops at
    /// [`super::MAX_TOKENS`]; the model itself takes up to [`MAX_POSITIONS`]).
    pub fn forward(&self, tokens: &Tokens, options: &Options) -> Result<Forward> {
        options.check()?;
        let t = tokens.ids.len();
        if t == 0 {
            return Err(EngineError::Empty {
                what: "the token list",
            });
        }
        if t > MAX_POSITIONS {
            return Err(EngineError::TooLarge {
                what: "tokens",
                value: t,
                limit: MAX_POSITIONS,
            });
        }
        let mut x = self.embed(tokens)?;
        let mut heads = Vec::with_capacity(LAYERS * HEADS);
        for (l, layer) in self.layers.iter().enumerate() {
            let q = linear(&x, &layer.query, HIDDEN);
            let k = linear(&x, &layer.key, HIDDEN);
            let v = linear(&x, &layer.value, HIDDEN);
            let mut context = vec![0.0; t * HIDDEN];
            for h in 0..HEADS {
                let replaced = options.replace.contains(&(l, h));
                let head = attend(
                    &q,
                    &k,
                    &v,
                    t,
                    (l, h),
                    replaced.then_some(options.with).flatten(),
                    &mut context,
                );
                heads.push(head);
            }
            let mut attended = linear(&context, &layer.attention_out, HIDDEN);
            math::axpy(1.0, &x, &mut attended);
            layer_norm(&mut attended, &layer.attention_norm);
            let mut inner = linear(&attended, &layer.intermediate, HIDDEN);
            inner.iter_mut().for_each(|v| *v = gelu(*v));
            x = linear(&inner, &layer.output, super::FFN);
            math::axpy(1.0, &attended, &mut x);
            layer_norm(&mut x, &layer.output_norm);
        }
        let mut embedding = vec![0.0; HIDDEN];
        for row in x.chunks_exact(HIDDEN) {
            math::axpy(1.0, row, &mut embedding);
        }
        let norm = math::norm(&embedding);
        let inv = if norm > 0.0 { 1.0 / norm } else { 0.0 };
        embedding.iter_mut().for_each(|v| *v *= inv);
        Ok(Forward {
            tokens: t,
            heads,
            embedding,
        })
    }

    /// Word + position + token-type (0) embeddings, LayerNorm'd: T × [`HIDDEN`].
    fn embed(&self, tokens: &Tokens) -> Result<Vec<f32>> {
        let vocab = self.word.shape()[0];
        let mut x = Vec::with_capacity(tokens.ids.len() * HIDDEN);
        for (pos, &id) in tokens.ids.iter().enumerate() {
            if id as usize >= vocab {
                return Err(EngineError::NoSuchPattern {
                    index: id as usize,
                    count: vocab,
                });
            }
            let mut row = self.word.row(id as usize);
            math::axpy(
                1.0,
                &self.position[pos * HIDDEN..(pos + 1) * HIDDEN],
                &mut row,
            );
            math::axpy(1.0, &self.token_type, &mut row);
            x.extend(row);
        }
        layer_norm(&mut x, &self.embedding_norm);
        Ok(x)
    }
}

/// The columns of head `h` in T rows of [`HIDDEN`]: T × [`HEAD_DIM`].
fn head_columns(m: &[f32], h: usize) -> Vec<f32> {
    m.chunks_exact(HIDDEN)
        .flat_map(|row| &row[h * HEAD_DIM..(h + 1) * HEAD_DIM])
        .copied()
        .collect()
}

/// One head: softmax(β q Kᵀ) per query row (the bits of `lab::heads::analysis::HeadScores`:
/// dot products, then the engine's softmax at β), its Jacobian norm, the weights actually used
/// (`with` replaces them) applied to V into the head's columns of `context`.
fn attend(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    t: usize,
    (layer, head): (usize, usize),
    with: Option<Replacement>,
    context: &mut [f32],
) -> HeadForward {
    let beta = 1.0 / (HEAD_DIM as f32).sqrt();
    let (queries, keys, values) = (
        head_columns(q, head),
        head_columns(k, head),
        head_columns(v, head),
    );
    let mut attention = vec![0.0; t * t];
    let mut scores = vec![0.0; t];
    let mut jacobian = 0.0f32;
    for (i, (qi, row)) in queries
        .chunks_exact(HEAD_DIM)
        .zip(attention.chunks_exact_mut(t))
        .enumerate()
    {
        math::dots_into(&keys, qi, &mut scores);
        math::softmax_into(beta, &scores, row);
        jacobian += softmax_jacobian_frobenius(beta, row);
        if let Some(with) = with {
            with.row_into(i, t, row);
        }
    }
    for (row, out) in attention
        .chunks_exact(t)
        .zip(context.chunks_exact_mut(HIDDEN))
    {
        let out = &mut out[head * HEAD_DIM..(head + 1) * HEAD_DIM];
        math::add_weighted(row.iter().copied().zip(values.chunks_exact(HEAD_DIM)), out);
    }
    HeadForward {
        layer,
        head,
        queries,
        keys,
        attention,
        jacobian: jacobian / t as f32,
        replaced: with.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobian_norm_of_one_hot_and_uniform() {
        assert_eq!(softmax_jacobian_frobenius(1.0, &[0.0, 1.0, 0.0]), 0.0);
        // Uniform over n: diag(p) − ppᵀ = (I − 11ᵀ/n)/n, Frobenius √(n − 1)/n.
        let n = 8;
        let p = vec![1.0 / n as f32; n];
        let want = (n as f32 - 1.0).sqrt() / n as f32 * 0.5;
        assert!((softmax_jacobian_frobenius(0.5, &p) - want).abs() < 1e-6);
    }

    #[test]
    fn jacobian_norm_matches_the_matrix() {
        let p = [0.1f32, 0.6, 0.3];
        let mut sum = 0.0f64;
        for i in 0..3 {
            for j in 0..3 {
                let d = if i == j { p[i] as f64 } else { 0.0 } - p[i] as f64 * p[j] as f64;
                sum += d * d;
            }
        }
        let want = 0.25 * sum.sqrt();
        assert!((softmax_jacobian_frobenius(0.25, &p) as f64 - want).abs() < 1e-7);
    }

    #[test]
    fn replacements_are_rows_of_weights() {
        let t = 5;
        let mut row = vec![0.0; t];
        Replacement::Uniform.row_into(2, t, &mut row);
        assert!(row.iter().all(|&w| w == 0.2));
        Replacement::Gaussian { sigma: 0.5 }.row_into(1, t, &mut row);
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        // Centred on s₁ = −0.5: the largest weight is the query's own position, then its
        // neighbours, symmetric (s₀ and s₂ are equally far).
        assert!(row[1] > row[0] && row[1] > row[2] && (row[0] - row[2]).abs() < 1e-6);
        // exp(−½(0.5/0.5)²) relative to the centre.
        assert!((row[0] / row[1] - (-0.5f32).exp()).abs() < 1e-5);
        let mut one = [0.0];
        Replacement::Gaussian { sigma: 0.1 }.row_into(0, 1, &mut one);
        assert_eq!(one, [1.0]);
    }

    #[test]
    fn bad_options_are_errors() {
        let sigma = |sigma| Options {
            replace: vec![(0, 0)],
            with: Some(Replacement::Gaussian { sigma }),
        };
        assert!(sigma(0.5).check().is_ok());
        assert!(matches!(
            sigma(0.05).check(),
            Err(EngineError::OutOfRange { name: "sigma", .. })
        ));
        assert!(matches!(
            sigma(f32::NAN).check(),
            Err(EngineError::OutOfRange { .. })
        ));
        let layer = Options {
            replace: vec![(6, 0)],
            with: Some(Replacement::Uniform),
        };
        assert!(matches!(
            layer.check(),
            Err(EngineError::OutOfRange { name: "layer", .. })
        ));
        let none = Options {
            replace: vec![(0, 0)],
            with: None,
        };
        assert!(none.check().is_err());
        assert!(Options::default().check().is_ok());
    }
}
