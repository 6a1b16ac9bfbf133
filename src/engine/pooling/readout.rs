//! Read-outs of a [`MethodTrainer`] at any point of its training: the held-out AUC, loss and
//! witness share, where one bag's attention goes, a β sweep, and fresh bags at repertoire scale.

use super::data::{self, Bag, Split};
use super::metrics::{self, BagAttention, BetaPoint};
use super::model::{self, Method, Scratch};
use super::trainer::MethodTrainer;
use crate::engine::error::{EngineError, Result, check_range};

/// Sequences shown as text in a bag's attention read-out.
pub const TOP_SEQUENCES: usize = 12;

/// Held-out read-outs of one pass over the held-out bags.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// Held-out AUC of the bag scores.
    pub auc: f32,
    /// Mean share of attention on witnesses over the positive held-out bags (Hopfield; for
    /// mean pooling the uniform share; none for max pooling).
    pub witness_mass: Option<f32>,
    /// Mean held-out loss.
    pub loss: f32,
}

/// A bag generated after training and read by the trained model (for N = 300 000).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FreshBag {
    /// Where the attention goes (Hopfield).
    pub attention: BagAttention,
    /// The model's probability that the bag is positive.
    pub probability: f32,
}

impl MethodTrainer {
    /// AUC, witness mass and loss over the held-out bags.
    pub fn evaluate(&self) -> Evaluation {
        self.evaluate_at(self.beta())
    }

    fn evaluate_at(&self, beta: f32) -> Evaluation {
        let mut s = Scratch::default();
        let (mut scores, mut labels, mut masses) = (Vec::new(), Vec::new(), Vec::new());
        let mut loss = 0.0f32;
        for bag in self.held_out() {
            let y = model::forward(
                self.params(),
                bag,
                self.method(),
                beta,
                self.config().key_norm,
                &mut s,
            );
            scores.push(y);
            labels.push(bag.positive);
            let label = if bag.positive { 1.0 } else { 0.0 };
            loss += model::bce(y, label);
            if bag.positive {
                masses.push(match self.method() {
                    Method::Hopfield => Some(metrics::witness_mass(&s.weights, bag)),
                    Method::Mean => Some(bag.witnesses() as f32 / bag.len() as f32),
                    Method::Max => None,
                });
            }
        }
        let witness_mass = masses
            .iter()
            .copied()
            .sum::<Option<f32>>()
            .map(|m| m / masses.len().max(1) as f32);
        Evaluation {
            auc: metrics::auc(&scores, &labels),
            witness_mass,
            loss: loss / self.held_out().len() as f32,
        }
    }

    /// Held-out AUC.
    pub fn held_out_auc(&self) -> f32 {
        self.evaluate().auc
    }

    fn require_hopfield(&self) -> Result<()> {
        match self.method() {
            Method::Hopfield => Ok(()),
            other => Err(EngineError::Numerical(format!(
                "{} pooling has no attention weights",
                other.slug()
            ))),
        }
    }

    /// Where the attention goes in held-out bag `index` (Hopfield only).
    pub fn attention(&self, index: usize) -> Result<BagAttention> {
        self.require_hopfield()?;
        let bag = self
            .held_out()
            .get(index)
            .ok_or(EngineError::NoSuchPattern {
                index,
                count: self.held_out().len(),
            })?;
        Ok(self.read(bag, self.beta()).0)
    }

    fn read(&self, bag: &Bag, beta: f32) -> (BagAttention, f32) {
        let mut s = Scratch::default();
        let y = model::forward(
            self.params(),
            bag,
            Method::Hopfield,
            beta,
            self.config().key_norm,
            &mut s,
        );
        let motif_len = self.config().motif.len();
        (
            BagAttention::new(&s.weights, bag, motif_len, TOP_SEQUENCES),
            model::sigmoid(y),
        )
    }

    /// Held-out AUC and witness mass of the trained Hopfield model at each of `betas` (a sweep
    /// from mean-like small β to max-like large β).
    pub fn beta_sweep(&self, betas: &[f32]) -> Result<Vec<BetaPoint>> {
        self.require_hopfield()?;
        betas
            .iter()
            .map(|&beta| {
                check_range("beta", beta as f64, 1e-6, 1e6)?;
                let e = self.evaluate_at(beta);
                Ok(BetaPoint {
                    beta,
                    auc: e.auc,
                    witness_mass: e.witness_mass.unwrap_or(0.0),
                })
            })
            .collect()
    }

    /// A fresh bag of `sequences` (up to 300 000, positive or not, number `index` of its own
    /// seed stream) read by the trained Hopfield model.
    pub fn evaluate_fresh(
        &self,
        sequences: usize,
        positive: bool,
        index: usize,
    ) -> Result<FreshBag> {
        self.require_hopfield()?;
        let (lo, hi) = super::config::SEQUENCES;
        check_range("sequences", sequences as f64, lo as f64, hi as f64)?;
        let bag = data::generate(self.config(), Split::Fresh, index, sequences, positive);
        let (attention, probability) = self.read(&bag, self.beta());
        Ok(FreshBag {
            attention,
            probability,
        })
    }
}
