//! Learning the classical network's weights a few patterns at a time. The Hebbian sum (full
//! matrix) and Storkey's rule add one pattern after another, so the costliest part of building
//! a network with many patterns, N·d² operations, can be spread over several short slices of the
//! browser's main thread; [`ClassicHopfield::new`] simply runs the learner to the end, so both
//! paths give the same weights bit for bit.

use super::rules::{self, MAX_WEIGHT_DIM};
use super::{ClassicHopfield, LearningRule, Weights, binarise_patterns, transposed_rows};
use crate::engine::error::Result;
use crate::engine::patterns::PatternSet;

/// The weights while they are being learned.
#[derive(Debug, Clone)]
enum Pending {
    /// Hebbian with few patterns: no matrix, nothing to accumulate.
    LowRank,
    /// Σ x xᵀ over the patterns learned so far (diagonal not yet zeroed).
    Hebbian { w: Vec<f32> },
    /// Storkey's weights after the patterns learned so far, and its scratch h = W x.
    Storkey { w: Vec<f32>, h: Vec<f32> },
    /// Learned at once in [`ClassicLearner::finish`].
    PseudoInverse,
}

/// A classical network whose weights are being learned, pattern by pattern where the rule
/// allows it.
#[derive(Debug, Clone)]
pub struct ClassicLearner {
    patterns: PatternSet,
    rule: LearningRule,
    pending: Pending,
    learned: usize,
}

impl ClassicLearner {
    /// Starts learning `patterns` (binarised first: sign, 0 → +1) with `rule`.
    pub fn new(patterns: &PatternSet, rule: LearningRule) -> Result<Self> {
        Self::with_layout(patterns, rule, false)
    }

    /// [`ClassicLearner::new`]; `force_full` builds the d×d Hebbian matrix even where the
    /// low-rank fast path applies (for tests comparing the two).
    pub(super) fn with_layout(
        patterns: &PatternSet,
        rule: LearningRule,
        force_full: bool,
    ) -> Result<Self> {
        let patterns = binarise_patterns(patterns)?;
        let (d, n) = (patterns.dim(), patterns.count());
        let low_rank = (2 * n < d || d > MAX_WEIGHT_DIM) && !force_full;
        let pending = match rule {
            LearningRule::Hebbian if low_rank => Pending::LowRank,
            LearningRule::Hebbian => {
                rules::check_weight_dim(d)?;
                Pending::Hebbian {
                    w: vec![0.0; d * d],
                }
            }
            LearningRule::Storkey => {
                rules::check_weight_dim(d)?;
                Pending::Storkey {
                    w: vec![0.0; d * d],
                    h: vec![0.0; d],
                }
            }
            LearningRule::PseudoInverse => {
                rules::check_weight_dim(d)?;
                Pending::PseudoInverse
            }
        };
        Ok(Self {
            patterns,
            rule,
            pending,
            learned: 0,
        })
    }

    /// Patterns still to be added one by one (0 for the rules learned at once by `finish`).
    pub fn remaining(&self) -> usize {
        match self.pending {
            Pending::Hebbian { .. } | Pending::Storkey { .. } => {
                self.patterns.count() - self.learned
            }
            Pending::LowRank | Pending::PseudoInverse => 0,
        }
    }

    /// Operations (multiply-adds) of adding one pattern: d² for the Hebbian sum, about 2d²
    /// for Storkey (h = W x, then the d²/2 pairs), 0 for the rules learned at once.
    pub fn pattern_cost(&self) -> u64 {
        let d2 = (self.patterns.dim() as u64).pow(2);
        match self.pending {
            Pending::Hebbian { .. } => d2,
            Pending::Storkey { .. } => 2 * d2,
            Pending::LowRank | Pending::PseudoInverse => 0,
        }
    }

    /// Estimated operations of [`ClassicLearner::finish`] once every pattern was added:
    /// copying Xᵀ (low rank), zeroing the diagonal, or the whole pseudo-inverse: with
    /// m = min(N, d) and L = max(N, d), the Gram matrix (m²L/2), about ten Jacobi sweeps of
    /// m²/2 rotations of 3m each, and the m outer products (m·d²).
    pub fn finish_cost(&self) -> u64 {
        let (d, n) = (self.patterns.dim() as u64, self.patterns.count() as u64);
        match self.pending {
            Pending::LowRank => d * n,
            Pending::Hebbian { .. } | Pending::Storkey { .. } => d,
            Pending::PseudoInverse => {
                let (m, len) = (n.min(d), n.max(d));
                m * m * len / 2 + 15 * m * m * m + m * d * d + m * d * n
            }
        }
    }

    /// Adds up to `count` more patterns; returns how many it added.
    pub fn learn(&mut self, count: usize) -> usize {
        let take = count.min(self.remaining());
        let d = self.patterns.dim();
        let batch = &self.patterns.matrix().as_slice()[self.learned * d..(self.learned + take) * d];
        match &mut self.pending {
            Pending::Hebbian { w } => rules::hebbian_add(w, batch, d),
            Pending::Storkey { w, h } => batch
                .chunks_exact(d)
                .for_each(|x| rules::storkey_add(w, h, x)),
            Pending::LowRank | Pending::PseudoInverse => {}
        }
        self.learned += take;
        take
    }

    /// Adds whatever is left and returns the network.
    pub fn finish(mut self) -> Result<ClassicHopfield> {
        self.learn(usize::MAX);
        let d = self.patterns.dim();
        let weights = match self.pending {
            Pending::LowRank => Weights::LowRank {
                rows: transposed_rows(&self.patterns),
            },
            Pending::Hebbian { mut w } => {
                rules::zero_diagonal(&mut w, d);
                Weights::Full { w }
            }
            Pending::Storkey { w, .. } => Weights::Full { w },
            Pending::PseudoInverse => Weights::Full {
                w: rules::pseudo_inverse(&self.patterns)?,
            },
        };
        let scale = match self.rule {
            LearningRule::Hebbian => 1.0 / d as f32,
            LearningRule::Storkey | LearningRule::PseudoInverse => 1.0,
        };
        Ok(ClassicHopfield {
            patterns: self.patterns,
            rule: self.rule,
            weights,
            scale,
        })
    }
}
