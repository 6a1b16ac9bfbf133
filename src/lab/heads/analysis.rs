//! A transformer head read as a modern Hopfield network ([P] §4): the keys are the stored
//! patterns, each query row is a state, and one update's weights are softmax(β q Kᵀ). The
//! paper sorts heads into four classes by the median over query rows of k90 (SCIENCE.md: the
//! number of largest weights that reach 0.9) against the number of tokens T.

use super::asset::HeadQk;
use crate::engine::bert::forward::softmax_jacobian_frobenius;
use crate::engine::math;

/// The paper's classes of a head, by its median k90 against T.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HeadClass {
    /// (I) k > T/2: global averaging over (nearly) all tokens.
    I,
    /// (II) T/8 < k ≤ T/2: metastable, averaging a large group.
    II,
    /// (III) T/32 < k ≤ T/8: metastable, averaging a small group.
    III,
    /// (IV) k ≤ T/32: close to a single token.
    IV,
}

impl HeadClass {
    /// The four classes from global averaging to single pattern.
    pub const ALL: [HeadClass; 4] = [HeadClass::I, HeadClass::II, HeadClass::III, HeadClass::IV];

    /// The class of a head whose median k90 is `median_k90` over T = `tokens` keys.
    pub fn of(median_k90: f32, tokens: usize) -> HeadClass {
        let t = tokens as f32;
        if median_k90 > t / 2.0 {
            HeadClass::I
        } else if median_k90 > t / 8.0 {
            HeadClass::II
        } else if median_k90 > t / 32.0 {
            HeadClass::III
        } else {
            HeadClass::IV
        }
    }

    /// Position in [`HeadClass::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The roman numeral of the paper.
    pub fn numeral(self) -> &'static str {
        ["I", "II", "III", "IV"][self.index()]
    }

    /// Whether the class can occur for a text of `tokens` tokens: k90 is at least 1, so
    /// class IV (k ≤ T/32) needs T ≥ 32.
    pub fn reachable(self, tokens: usize) -> bool {
        self != HeadClass::IV || tokens >= 32
    }

    /// What the class means, with its bounds.
    pub fn meaning(self) -> &'static str {
        match self {
            HeadClass::I => "k > T/2: global averaging",
            HeadClass::II => "T/8 < k ≤ T/2: metastable, large groups",
            HeadClass::III => "T/32 < k ≤ T/8: metastable, small groups",
            HeadClass::IV => "k ≤ T/32: near a single token",
        }
    }
}

/// The model's own inverse temperature for heads of width `head_dim`: β = 1/√d_k.
pub fn model_beta(head_dim: usize) -> f32 {
    1.0 / (head_dim.max(1) as f32).sqrt()
}

/// One head's raw scores q_i·k_j for every query row i and key j (T×T, row-major). They do not
/// depend on β, so a change of β only re-runs the softmax.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadScores {
    tokens: usize,
    scores: Vec<f32>,
}

impl HeadScores {
    /// The scores of `qk`, whose rows are `head_dim` wide.
    pub fn new(qk: &HeadQk, head_dim: usize) -> HeadScores {
        let dim = head_dim.max(1);
        let tokens = qk.queries.len() / dim;
        let mut scores = Vec::with_capacity(tokens * tokens);
        for q in qk.queries.chunks_exact(dim) {
            scores.extend(qk.keys.chunks_exact(dim).map(|k| math::dot(q, k)));
        }
        HeadScores { tokens, scores }
    }

    /// T, the number of tokens (query rows and keys).
    pub fn tokens(&self) -> usize {
        self.tokens
    }

    /// Query row `row`'s weights over the keys, softmax(β q Kᵀ); empty for a row out of range.
    pub fn weights(&self, row: usize, beta: f32) -> Vec<f32> {
        self.row(row)
            .map(|z| math::softmax(beta, z))
            .unwrap_or_default()
    }

    /// Every row's weights: the attention matrix at β (T×T, row-major).
    pub fn matrix(&self, beta: f32) -> Vec<f32> {
        let mut out = vec![0.0; self.scores.len()];
        for (z, p) in self
            .scores
            .chunks_exact(self.tokens.max(1))
            .zip(out.chunks_exact_mut(self.tokens.max(1)))
        {
            math::softmax_into(beta, z, p);
        }
        out
    }

    /// The head's median k90, class and mean softmax-Jacobian norm at β (one softmax per row
    /// serves both).
    pub fn summary(&self, beta: f32) -> HeadSummary {
        let mut weights = vec![0.0; self.tokens];
        let mut jacobian = 0.0;
        let k90s: Vec<usize> = self
            .scores
            .chunks_exact(self.tokens.max(1))
            .map(|z| {
                math::softmax_into(beta, z, &mut weights);
                jacobian += softmax_jacobian_frobenius(beta, &weights);
                math::k90(&weights)
            })
            .collect();
        let median_k90 = median(&k90s);
        HeadSummary {
            median_k90,
            class: HeadClass::of(median_k90, self.tokens),
            jacobian: jacobian / k90s.len().max(1) as f32,
        }
    }

    fn row(&self, row: usize) -> Option<&[f32]> {
        self.scores.get(row * self.tokens..(row + 1) * self.tokens)
    }
}

/// A head's median k90 over its query rows and the class it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadSummary {
    /// Median k90 (the mean of the two middle values for an even number of rows).
    pub median_k90: f32,
    /// The class of that median.
    pub class: HeadClass,
    /// Mean over query rows of ‖β(diag(p) − ppᵀ)‖_F, the softmax Jacobian's norm ([P]
    /// Lemma A24): how strongly the head passes gradients back to its scores.
    pub jacobian: f32,
}

impl HeadSummary {
    /// Whether the head settles on one token (median k90 = 1): a sharp head, whatever class
    /// the paper's bounds give it (III on a text shorter than 32 tokens, where IV is out of
    /// reach).
    pub fn single_token(&self) -> bool {
        self.median_k90 <= 1.0
    }
}

/// The median of `values` (the mean of the two middle ones for an even count); 0 when empty.
/// The values are k90s, at most T, so counting them replaces a sort.
pub fn median(values: &[usize]) -> f32 {
    let Some(&max) = values.iter().max() else {
        return 0.0;
    };
    let mut counts = vec![0usize; max + 1];
    for &v in values {
        counts[v] += 1;
    }
    // The value at position `rank` of the sorted values.
    let nth = |rank: usize| {
        let mut seen = 0;
        counts
            .iter()
            .position(|&c| {
                seen += c;
                seen > rank
            })
            .unwrap_or(max)
    };
    let n = values.len();
    if n % 2 == 1 {
        nth(n / 2) as f32
    } else {
        (nth(n / 2 - 1) + nth(n / 2)) as f32 / 2.0
    }
}

/// Heads per class in each layer: `summaries` is layer-major with `heads` per layer; entry
/// `[layer][class.index()]` counts that layer's heads of that class.
pub fn class_histogram(summaries: &[HeadSummary], heads: usize) -> Vec<[usize; 4]> {
    summaries
        .chunks(heads.max(1))
        .map(|layer| {
            let mut counts = [0; 4];
            for s in layer {
                counts[s.class.index()] += 1;
            }
            counts
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(queries: &[f32], keys: &[f32]) -> HeadQk {
        HeadQk {
            queries: queries.to_vec(),
            keys: keys.to_vec(),
        }
    }

    #[test]
    fn class_bounds_follow_the_paper() {
        let t = 64;
        assert_eq!(HeadClass::of(33.0, t), HeadClass::I);
        assert_eq!(HeadClass::of(32.0, t), HeadClass::II);
        assert_eq!(HeadClass::of(9.0, t), HeadClass::II);
        assert_eq!(HeadClass::of(8.0, t), HeadClass::III);
        assert_eq!(HeadClass::of(3.0, t), HeadClass::III);
        assert_eq!(HeadClass::of(2.0, t), HeadClass::IV);
    }

    #[test]
    fn scores_are_dot_products_and_weights_softmax() {
        // Two tokens in 2-D: q₀ = (1, 0), q₁ = (0, 2); k₀ = (1, 1), k₁ = (3, 0).
        let s = HeadScores::new(&head(&[1.0, 0.0, 0.0, 2.0], &[1.0, 1.0, 3.0, 0.0]), 2);
        assert_eq!(s.tokens(), 2);
        assert_eq!(s.scores, [1.0, 3.0, 2.0, 0.0]);
        let w = s.weights(0, 0.5);
        let expected = 1.0 / (1.0 + 1f32.exp());
        assert!((w[0] - expected).abs() < 1e-6, "{w:?}");
        assert!(s.weights(2, 1.0).is_empty());
        let m = s.matrix(0.5);
        assert_eq!(&m[..2], w.as_slice());
    }

    #[test]
    fn beta_moves_a_head_between_classes() {
        // Eight tokens, orthogonal-ish keys: each query points at its own key.
        let t = 8;
        let mut queries = vec![0.0; t * t];
        for i in 0..t {
            queries[i * t + i] = 1.0;
        }
        let s = HeadScores::new(&head(&queries, &queries), t);
        assert_eq!(s.summary(1e-3).class, HeadClass::I);
        let sharp = s.summary(100.0);
        assert_eq!(sharp.median_k90, 1.0);
        // k = 1 with T = 8 lies in (T/32, T/8]: class IV is out of reach, the head is marked
        // as on a single token instead.
        assert_eq!(sharp.class, HeadClass::III);
        assert!(sharp.single_token() && !s.summary(1e-3).single_token());
        assert!(!HeadClass::IV.reachable(t) && HeadClass::III.reachable(t));
        assert!(HeadClass::IV.reachable(32) && !HeadClass::IV.reachable(31));
        assert!(s.summary(1e-3).median_k90 > t as f32 / 2.0);
    }

    #[test]
    fn the_jacobian_is_small_when_averaging_or_on_one_token_and_largest_between() {
        let t = 8;
        let mut queries = vec![0.0; t * t];
        for i in 0..t {
            queries[i * t + i] = 1.0;
        }
        let s = HeadScores::new(&head(&queries, &queries), t);
        let norm = |beta: f32| s.summary(beta).jacobian / beta;
        // Near-uniform weights: ‖diag(p) − ppᵀ‖_F → √(T − 1)/T; one token: → 0.
        assert!(
            (norm(1e-4) - (7f32).sqrt() / 8.0).abs() < 1e-3,
            "{}",
            norm(1e-4)
        );
        assert!(norm(40.0) < 1e-6, "{}", norm(40.0));
        // A metastable state between them (each query shares its weight between two keys)
        // has the largest norm, ½: the bound β/2.
        let mut pairs = queries.clone();
        for i in 0..t {
            pairs[i * t + (i + 1) % t] = 1.0;
        }
        let two = HeadScores::new(&head(&pairs, &queries), t).summary(40.0);
        assert!((two.jacobian / 40.0 - 0.5).abs() < 1e-4, "{two:?}");
        assert!(two.jacobian / 40.0 > norm(1e-4));
    }

    #[test]
    fn median_and_histogram() {
        assert_eq!(median(&[3, 1, 2]), 2.0);
        assert_eq!(median(&[4, 1, 2, 3]), 2.5);
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[7, 7, 1, 9]), 7.0);
        assert_eq!(median(&[5]), 5.0);
        let at = |class| HeadSummary {
            median_k90: 1.0,
            class,
            jacobian: 0.0,
        };
        let hist = class_histogram(
            &[
                at(HeadClass::I),
                at(HeadClass::I),
                at(HeadClass::IV),
                at(HeadClass::II),
            ],
            2,
        );
        assert_eq!(hist, [[2, 0, 0, 0], [0, 1, 0, 1]]);
    }

    #[test]
    fn model_beta_is_one_over_root_dk() {
        assert!((model_beta(32) - 0.176_776_7).abs() < 1e-6);
    }
}
