//! Read-outs of a [`MethodTrainer`] at any point of its training: the held-out AUC, loss and
//! witness share, where one bag's attention goes, a β sweep, and fresh bags at repertoire scale.

use super::data::{self, Bag, Split};
use super::metrics::{self, BagAttention, BetaPoint};
use super::model::{self, Method, Scratch};
use super::trainer::MethodTrainer;
use crate::engine::error::{EngineError, Result, check_range};

/// Sequences shown as text in a bag's attention read-out.
pub const TOP_SEQUENCES: usize = 20;
/// The β a read-out or a sweep may use: from mean pooling (β → 0: uniform weights) to max-like
/// pooling (all weight on the top score).
pub const BETA_SWEEP: (f64, f64) = (1e-6, 1e6);

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

/// One bag read by the trained Hopfield model, timed (for N up to 300 000).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reading {
    /// Where the attention goes.
    pub attention: BagAttention,
    /// The model's probability that the bag is positive.
    pub probability: f32,
    /// The β used.
    pub beta: f32,
    /// Time to compute the bag's keys from its k-mers, ms.
    pub keys_ms: f64,
    /// Time of the pooling pass over the keys (scores, softmax, weighted sum), ms: the
    /// retrieval among N stored patterns.
    pub pass_ms: f64,
    /// Bytes the bag's sequences take.
    pub bag_bytes: usize,
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

    /// Where the attention goes in held-out bag `index` (Hopfield only), at the model's own β
    /// or `beta`; `now` (ms) times the keys and the pass.
    pub fn attention(
        &self,
        index: usize,
        beta: Option<f32>,
        now: &dyn Fn() -> f64,
    ) -> Result<Reading> {
        self.require_hopfield()?;
        let bag = self
            .held_out()
            .get(index)
            .ok_or(EngineError::NoSuchPattern {
                index,
                count: self.held_out().len(),
            })?;
        let beta = match beta {
            Some(b) => {
                check_range("beta", b as f64, BETA_SWEEP.0, BETA_SWEEP.1)?;
                b
            }
            None => self.beta(),
        };
        Ok(self.read(bag, beta, now))
    }

    fn read(&self, bag: &Bag, beta: f32, now: &dyn Fn() -> f64) -> Reading {
        let mut s = Scratch::default();
        let key_norm = self.config().key_norm;
        let start = now();
        model::hopfield_keys(self.params(), bag, key_norm, &mut s);
        let keyed = now();
        model::hopfield_attend(self.params(), beta, key_norm, &mut s);
        let pass_ms = now() - keyed;
        let y = model::logit(self.params(), &s.pooled);
        Reading {
            attention: BagAttention::new(&s.weights, bag, self.config().motif.len(), TOP_SEQUENCES),
            probability: model::sigmoid(y),
            beta,
            keys_ms: keyed - start,
            pass_ms,
            bag_bytes: bag.memory_bytes(),
        }
    }

    /// Held-out AUC and witness mass of the trained Hopfield model at each of `betas` (a sweep
    /// from mean-like small β to max-like large β). The keys do not depend on β, so each bag's
    /// are computed once and only the pass over them is repeated per β: a sweep of 25 β costs
    /// about one held-out evaluation, not 25.
    pub fn beta_sweep(&self, betas: &[f32]) -> Result<Vec<BetaPoint>> {
        self.require_hopfield()?;
        for &beta in betas {
            check_range("beta", beta as f64, BETA_SWEEP.0, BETA_SWEEP.1)?;
        }
        let key_norm = self.config().key_norm;
        let mut s = Scratch::default();
        let mut scores = vec![Vec::with_capacity(self.held_out().len()); betas.len()];
        let mut masses = vec![0.0f32; betas.len()];
        let (mut labels, mut positives) = (Vec::new(), 0usize);
        for bag in self.held_out() {
            model::hopfield_keys(self.params(), bag, key_norm, &mut s);
            for (i, &beta) in betas.iter().enumerate() {
                model::hopfield_attend(self.params(), beta, key_norm, &mut s);
                scores[i].push(model::logit(self.params(), &s.pooled));
                if bag.positive {
                    masses[i] += metrics::witness_mass(&s.weights, bag);
                }
            }
            labels.push(bag.positive);
            positives += usize::from(bag.positive);
        }
        Ok(betas
            .iter()
            .zip(scores.iter().zip(masses))
            .map(|(&beta, (scores, mass))| BetaPoint {
                beta,
                auc: metrics::auc(scores, &labels),
                witness_mass: mass / positives.max(1) as f32,
            })
            .collect())
    }

    /// A fresh bag of `sequences` (up to 300 000, positive or not, number `index` of its own
    /// seed stream) read by the trained Hopfield model.
    pub fn evaluate_fresh(
        &self,
        sequences: usize,
        positive: bool,
        index: u64,
        now: &dyn Fn() -> f64,
    ) -> Result<Reading> {
        self.require_hopfield()?;
        let (lo, hi) = super::config::SEQUENCES;
        check_range("sequences", sequences as f64, lo as f64, hi as f64)?;
        let bag = data::generate(self.config(), Split::Fresh, index, sequences, positive);
        Ok(self.read(&bag, self.beta(), now))
    }
}
