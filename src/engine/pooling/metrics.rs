//! Read-outs of a trained pooling model: the held-out AUC (ties count one half, as the
//! Mann–Whitney statistic does) and where a bag's attention goes.

use super::data::Bag;
use crate::engine::math;

/// Area under the ROC curve of `scores` against `labels`: the probability that a random
/// positive scores above a random negative, ties counting ½. 0.5 when one class is missing.
pub fn auc(scores: &[f32], labels: &[bool]) -> f32 {
    let (mut wins, mut pairs) = (0.0f64, 0.0f64);
    for (sp, _) in scores.iter().zip(labels).filter(|(_, l)| **l) {
        for (sn, _) in scores.iter().zip(labels).filter(|(_, l)| !**l) {
            pairs += 1.0;
            wins += match sp.total_cmp(sn) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    if pairs == 0.0 {
        0.5
    } else {
        (wins / pairs) as f32
    }
}

/// Share of the attention mass of `weights` on the witnesses of `bag`.
pub fn witness_mass(weights: &[f32], bag: &Bag) -> f32 {
    weights
        .iter()
        .enumerate()
        .filter(|(n, _)| bag.is_witness(*n))
        .map(|(_, w)| w)
        .sum()
}

/// One of the most attended sequences of a bag.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopSequence {
    /// The sequence in amino-acid letters.
    pub sequence: String,
    /// Residues of the implanted motif (to highlight), for a witness.
    pub motif: Option<std::ops::Range<usize>>,
    /// Its attention weight.
    pub weight: f32,
}

/// Where one bag's attention goes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BagAttention {
    /// The attention weights over the bag's N sequences, largest first.
    pub weights: Vec<f32>,
    /// Whether the sequence of each weight (same order) is a witness.
    pub witness: Vec<bool>,
    /// Fewest weights summing to 0.9.
    pub k90: usize,
    /// Share of the mass on witnesses.
    pub witness_mass: f32,
    /// Witnesses in the bag.
    pub witnesses: usize,
    /// The bag's label.
    pub positive: bool,
    /// The most attended sequences, heaviest first.
    pub top: Vec<TopSequence>,
}

impl BagAttention {
    /// The read-out of `weights` (one per sequence of `bag`), with the `top` heaviest as text.
    pub fn new(weights: &[f32], bag: &Bag, motif_len: usize, top: usize) -> Self {
        let mut order: Vec<usize> = (0..weights.len()).collect();
        order.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]).then(a.cmp(&b)));
        Self {
            weights: order.iter().map(|&n| weights[n]).collect(),
            witness: order.iter().map(|&n| bag.is_witness(n)).collect(),
            k90: math::k90(weights),
            witness_mass: witness_mass(weights, bag),
            witnesses: bag.witnesses(),
            positive: bag.positive,
            top: order
                .iter()
                .take(top)
                .map(|&n| TopSequence {
                    sequence: bag.letters(n),
                    motif: bag.motif_range(n, motif_len),
                    weight: weights[n],
                })
                .collect(),
        }
    }
}

/// AUC and witness mass of a trained Hopfield model evaluated at another β.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct BetaPoint {
    /// The β used.
    pub beta: f32,
    /// Held-out AUC at that β.
    pub auc: f32,
    /// Mean witness mass over the positive held-out bags.
    pub witness_mass: f32,
}

#[cfg(test)]
mod tests {
    use super::super::config::PoolConfig;
    use super::super::data::{BACKGROUND, Split, code_of, generate};
    use super::*;

    #[test]
    fn auc_counts_pairs_and_halves_ties() {
        assert_eq!(auc(&[0.9, 0.1], &[true, false]), 1.0);
        assert_eq!(auc(&[0.1, 0.9], &[true, false]), 0.0);
        assert_eq!(auc(&[0.5, 0.5], &[true, false]), 0.5);
        // Positives 0.8, 0.4; negatives 0.4, 0.2: pairs won 1 + 1 + ½ + 1 of 4.
        assert_eq!(
            auc(&[0.8, 0.4, 0.4, 0.2], &[true, true, false, false]),
            0.875
        );
        assert_eq!(auc(&[0.3, 0.7], &[true, true]), 0.5);
    }

    /// The score of a bag by an oracle that knows the generator (motif, substitution rate,
    /// background frequencies, w): Σₙ ln(1 − w + w·Lₙ), Lₙ the likelihood ratio of sequence n
    /// being a witness (the motif implanted at a uniform start, each residue kept with
    /// probability 1 − substitution) against background. Decoys are ignored.
    fn oracle_score(config: &PoolConfig, bag: &Bag) -> f64 {
        let total: u32 = BACKGROUND.iter().sum();
        let bg = |c: u8| BACKGROUND[c as usize] as f64 / total as f64;
        let motif: Vec<Option<u8>> = config.motif.bytes().map(code_of).collect();
        let (keep, w) = (1.0 - config.substitution as f64, config.witness_rate as f64);
        (0..bag.len())
            .map(|n| {
                let seq = bag.sequence(n);
                let starts = seq.len() + 1 - motif.len();
                let ratio: f64 = (0..starts)
                    .map(|at| {
                        motif
                            .iter()
                            .zip(&seq[at..])
                            .map(|(m, &c)| match m {
                                Some(m) if *m == c => (keep + (1.0 - keep) * bg(c)) / bg(c),
                                Some(_) => 1.0 - keep,
                                None => 1.0,
                            })
                            .product::<f64>()
                    })
                    .sum::<f64>()
                    / starts as f64;
                (1.0 - w + w * ratio).ln()
            })
            .sum()
    }

    #[test]
    #[ignore = "the AUC ceiling of the default data: run with --release and --nocapture"]
    fn likelihood_ratio_oracle_bounds_the_default_auc() {
        // The motif occurs by chance in about 0.1 % of background sequences — as often as
        // the witnesses at w = 0.1 % — so even the oracle cannot tell the bags apart well.
        let config = PoolConfig::default();
        for (bags, first) in [(config.bags_held_out, 0), (400, 10_000)] {
            let (mut scores, mut labels) = (Vec::new(), Vec::new());
            for i in 0..bags {
                let positive = i.is_multiple_of(2);
                let bag = generate(
                    &config,
                    Split::HeldOut,
                    first + i,
                    config.sequences,
                    positive,
                );
                scores.push(oracle_score(&config, &bag) as f32);
                labels.push(positive);
            }
            let a = auc(&scores, &labels);
            println!("likelihood-ratio oracle over {bags} held-out bags from {first}: AUC {a:.4}");
            assert!(a > 0.8 && a < 0.99, "{a}");
        }
    }
}
