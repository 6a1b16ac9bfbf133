//! Learning the classical network's weights a few patterns at a time. The Hebbian sum (full
//! matrix) adds one block of 64 patterns after another and Storkey's rule one pattern, so the
//! costliest part of building a network with many patterns, N·d² operations, can be spread
//! over several short slices of the browser's main thread — Storkey's even a few rows of one
//! pattern at a time, since at d = 4096 one pattern is 2·d² = 34 M operations
//! ([`ClassicLearner::learn_work`]); [`ClassicHopfield::new`] simply runs the learner to the
//! end, so every path gives the same weights bit for bit.

use super::hebbian::{HEBBIAN_BLOCK, hebbian_add};
use super::rules::{self, MAX_WEIGHT_DIM};
use super::{
    ClassicHopfield, LearningRule, Weights, binarise_patterns, binarise_set, transposed_rows,
};
use crate::engine::error::Result;
use crate::engine::math::pages;
use crate::engine::patterns::PatternSet;

/// The weights while they are being learned.
#[derive(Debug, Clone)]
enum Pending {
    /// Hebbian with few patterns: no matrix, nothing to accumulate.
    LowRank,
    /// Σ x xᵀ over the patterns learned so far (diagonal not yet zeroed).
    Hebbian { w: Vec<f32> },
    /// Storkey's weights after the patterns learned so far and `row` rows of the next one,
    /// whose h = W x (of the weights before it) is in `h` while `row` > 0.
    Storkey {
        w: Vec<f32>,
        h: Vec<f32>,
        row: usize,
    },
    /// Learned at once in [`ClassicLearner::finish`]: as factors when `factors` (N ≤ d, any
    /// d), else as the d×d matrix.
    PseudoInverse { factors: bool },
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
        Self::with_layout(binarise_patterns(patterns), rule, false)
    }

    /// [`ClassicLearner::new`] over a set the caller gives up (binarised in place).
    pub fn from_set(patterns: PatternSet, rule: LearningRule) -> Result<Self> {
        Self::with_layout(binarise_set(patterns), rule, false)
    }

    /// Starts learning the ±1 set `patterns`; `force_full` builds the d×d Hebbian matrix even
    /// where the low-rank fast path applies (for tests comparing the two).
    pub(super) fn with_layout(
        patterns: PatternSet,
        rule: LearningRule,
        force_full: bool,
    ) -> Result<Self> {
        let (d, n) = (patterns.dim(), patterns.count());
        let pending = match rule {
            LearningRule::Hebbian if low_rank(d, n) && !force_full => Pending::LowRank,
            LearningRule::Hebbian => {
                rules::check_weight_dim(d)?;
                Pending::Hebbian {
                    w: pages::zeroed(d * d),
                }
            }
            LearningRule::Storkey => {
                rules::check_weight_dim(d)?;
                Pending::Storkey {
                    w: pages::zeroed(d * d),
                    h: vec![0.0; d],
                    row: 0,
                }
            }
            LearningRule::PseudoInverse => {
                let factors = n <= d && !force_full;
                if !factors {
                    rules::check_weight_dim(d)?;
                }
                Pending::PseudoInverse { factors }
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
            Pending::LowRank | Pending::PseudoInverse { .. } => 0,
        }
    }

    /// Operations of adding one pattern: d²/64 + d for the Hebbian sum (in blocks of 64), about
    /// 2d² for Storkey (h = W x, then the d²/2 pairs), 0 for the rules learned at once.
    pub fn pattern_cost(&self) -> u64 {
        let d = self.patterns.dim();
        match self.pending {
            Pending::Hebbian { .. } => pattern_ops(d, LearningRule::Hebbian),
            Pending::Storkey { .. } => pattern_ops(d, LearningRule::Storkey),
            Pending::LowRank | Pending::PseudoInverse { .. } => 0,
        }
    }

    /// The operations of adding `count` patterns of dimension `dim` one by one with `rule`
    /// ([`ClassicLearner::pattern_cost`] each), known before anything is built: a view can
    /// decide where to learn without first allocating the d×d matrix (64 MB at d = 4096).
    pub fn work(dim: usize, count: usize, rule: LearningRule) -> u64 {
        let one_by_one = match rule {
            LearningRule::Hebbian => !low_rank(dim, count),
            LearningRule::Storkey => true,
            LearningRule::PseudoInverse => false,
        };
        if one_by_one {
            count as u64 * pattern_ops(dim, rule)
        } else {
            0
        }
    }

    /// Estimated operations of [`ClassicLearner::finish`] once every pattern was added:
    /// copying Xᵀ (low rank), zeroing the diagonal, or the whole pseudo-inverse: with
    /// m = min(N, d) and L = max(N, d), the Gram matrix (m²L/2), about ten Jacobi sweeps of
    /// m²/2 rotations of 3m each, and the m outer products (m·d²) — or as factors, X G⁺
    /// (d·N²) in place of the outer products.
    pub fn finish_cost(&self) -> u64 {
        let (d, n) = (self.patterns.dim() as u64, self.patterns.count() as u64);
        match self.pending {
            Pending::LowRank => d * n,
            Pending::Hebbian { .. } | Pending::Storkey { .. } => d,
            Pending::PseudoInverse { factors } => {
                let (m, len) = (n.min(d), n.max(d));
                let product = if factors { d * n * n } else { m * d * d };
                m * m * len / 2 + 15 * m * m * m + product + m * d * n
            }
        }
    }

    /// Adds up to `count` more patterns (one begun by [`ClassicLearner::learn_work`] counts
    /// as one); returns how many it completed.
    pub fn learn(&mut self, count: usize) -> usize {
        let take = count.min(self.remaining());
        let d = self.patterns.dim();
        let before = self.learned;
        match &mut self.pending {
            Pending::Hebbian { w } => {
                let xs = self.patterns.matrix().as_slice();
                hebbian_add(w, &xs[before * d..(before + take) * d], d);
                self.learned += take;
            }
            Pending::Storkey { row, .. } => {
                let rows = (take * d).saturating_sub(*row);
                self.storkey_rows(rows);
            }
            Pending::LowRank | Pending::PseudoInverse { .. } => {}
        }
        self.learned - before
    }

    /// Learns for about `budget` operations (at least one row of Storkey's rule, or one
    /// block of the Hebbian sum); returns the operations done, 0 once nothing remains.
    pub fn learn_work(&mut self, budget: u64) -> u64 {
        let d = self.patterns.dim() as u64;
        match self.pending {
            Pending::Storkey { row, .. } if self.remaining() > 0 => {
                // h = W x (d²) when a pattern begins, then d a row.
                let start = if row == 0 { d * d } else { 0 };
                let rows = (budget.saturating_sub(start) / d).max(1);
                self.storkey_rows(rows as usize) as u64 * d + start
            }
            // The Hebbian sum in whole blocks: a part of a block costs as much as all of it.
            _ => {
                let cost = self.pattern_cost().max(1);
                let patterns = ((budget / cost).max(1) as usize).next_multiple_of(HEBBIAN_BLOCK);
                self.learn(patterns) as u64 * cost
            }
        }
    }

    /// Up to `rows` more rows of Storkey's rule, pattern after pattern; returns the rows done.
    fn storkey_rows(&mut self, rows: usize) -> usize {
        let d = self.patterns.dim();
        let mut done = 0;
        while done < rows && self.learned < self.patterns.count() {
            let Pending::Storkey { w, h, row } = &mut self.pending else {
                break;
            };
            let x = self.patterns.pattern(self.learned);
            if *row == 0 {
                crate::engine::math::dots_into(w, x, h);
            }
            let end = d.min(*row + rows - done);
            rules::storkey_rows(w, h, x, *row..end);
            done += end - *row;
            *row = end;
            if end == d {
                *row = 0;
                self.learned += 1;
            }
        }
        done
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
            Pending::PseudoInverse { factors: true } => {
                let (coef, diag) = rules::projection_factors(&self.patterns)?;
                Weights::Projection {
                    rows: transposed_rows(&self.patterns),
                    coef,
                    diag,
                }
            }
            Pending::PseudoInverse { factors: false } => Weights::Full {
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

/// Whether the Hebbian rule runs without W on `count` patterns of dimension `dim`: few
/// patterns (N < d/2), or a d too large for the matrix.
fn low_rank(dim: usize, count: usize) -> bool {
    2 * count < dim || dim > MAX_WEIGHT_DIM
}

/// Operations of adding one pattern of dimension `dim` by `rule`'s sum: about 2d² for
/// Storkey; for the Hebbian sum a share of its block's d² popcounts and d bits of packing
/// ([`hebbian_add`]).
fn pattern_ops(dim: usize, rule: LearningRule) -> u64 {
    let (d, d2) = (dim as u64, (dim as u64).pow(2));
    if rule == LearningRule::Storkey {
        2 * d2
    } else {
        d2.div_ceil(HEBBIAN_BLOCK as u64) + d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::SeededRng;

    #[test]
    fn storkey_in_slices_of_rows_is_storkey_at_once() {
        // Issue 16.8: at d = 4096 one Storkey pattern is far over a 50 ms task, so the studio
        // learns a few rows at a time; any slicing gives the same weights bit for bit.
        let set = PatternSet::random_binary(48, 5, &mut SeededRng::new(3)).unwrap();
        let whole = ClassicHopfield::new(&set, LearningRule::Storkey).unwrap();
        let mut sliced = ClassicLearner::new(&set, LearningRule::Storkey).unwrap();
        let (d, budget) = (48u64, 700u64);
        let mut calls = 0;
        while sliced.remaining() > 0 {
            let done = sliced.learn_work(budget);
            assert!(done > 0 && done <= budget + d * d, "{done}");
            calls += 1;
        }
        assert!(calls > 5, "{calls} slices");
        assert_eq!(sliced.learn_work(budget), 0);
        let sliced = sliced.finish().unwrap();
        assert_eq!(
            sliced.weight_matrix().unwrap(),
            whole.weight_matrix().unwrap()
        );
        let w = whole.weight_matrix().unwrap();
        assert_eq!(w, w.transpose());
        // A pattern begun in rows, then finished by `learn`, counts once.
        let mut mixed = ClassicLearner::new(&set, LearningRule::Storkey).unwrap();
        mixed.learn_work(d * d + 10 * d);
        assert_eq!(mixed.remaining(), 5);
        assert_eq!(mixed.learn(2), 2);
        assert_eq!(mixed.remaining(), 3);
        let mixed = mixed.finish().unwrap();
        assert_eq!(mixed.weight_matrix().unwrap(), w);
    }

    #[test]
    fn the_work_known_beforehand_is_the_learners_own() {
        let mut rng = SeededRng::new(5);
        for (d, n) in [(48, 5), (48, 30), (16, 30)] {
            let set = PatternSet::random_binary(d, n, &mut rng).unwrap();
            for rule in [
                LearningRule::Hebbian,
                LearningRule::Storkey,
                LearningRule::PseudoInverse,
            ] {
                let learner = ClassicLearner::new(&set, rule).unwrap();
                let own = learner.remaining() as u64 * learner.pattern_cost();
                assert_eq!(ClassicLearner::work(d, n, rule), own, "{d} {n} {rule:?}");
            }
        }
    }
}
