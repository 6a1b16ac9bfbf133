//! A training run held between calls, so that the browser worker can run it in chunks: Adam on
//! fresh random batches of the task, and snapshots measured on a fixed held-out probe batch.

use super::config::TrainConfig;
use super::model::{Fixed, Tape, backward, forward, readout_loss};
use super::probe::{HeadRows, HeadStat, Replacement};
use super::tasks::{Example, NONE};
use super::weights::{Shape, Weights};
use crate::engine::SeededRng;
use crate::engine::error::{EngineError, Result};

/// Sequences in the held-out probe batch.
pub const PROBE: usize = 32;
/// Adam's moment decay rates and ε.
const ADAM: (f32, f32, f32) = (0.9, 0.999, 1e-8);
/// Stream offsets of the seed, so batches, probe and weights never share draws.
const BATCH_STREAM: u64 = 0x5bd1_e995;
const PROBE_STREAM: u64 = 0x27d4_eb2f;

/// The model on the probe batch after some steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Steps done.
    pub step: usize,
    /// Mean cross-entropy per target on the probe batch.
    pub loss: f32,
    /// Fraction of the probe batch's targets predicted right.
    pub accuracy: f32,
    /// Every head, layer by layer.
    pub heads: Vec<HeadStat>,
}

/// One run: weights, Adam's state, the batch stream and the probe batch.
#[derive(Debug, Clone)]
pub struct Trainer {
    config: TrainConfig,
    shape: Shape,
    weights: Weights<f32>,
    moment1: Weights<f32>,
    moment2: Weights<f32>,
    /// β₁ᵗ and β₂ᵗ, by repeated multiplication (the same bits everywhere).
    decay: (f32, f32),
    rng: SeededRng,
    probe: Vec<Example>,
    steps: usize,
}

impl Trainer {
    /// A fresh run of `config`; a setting out of range is refused.
    pub fn new(config: &TrainConfig) -> Result<Trainer> {
        config.validate()?;
        let shape = config.shape();
        let weights = Weights::init(&shape, &mut SeededRng::new(config.seed));
        let mut probe_rng = SeededRng::new(config.seed ^ PROBE_STREAM);
        let probe = (0..PROBE)
            .map(|_| config.task.example(shape.seq, &mut probe_rng))
            .collect();
        Ok(Trainer {
            config: *config,
            shape,
            moment1: Weights::zeros(&shape),
            moment2: Weights::zeros(&shape),
            weights,
            decay: (1.0, 1.0),
            rng: SeededRng::new(config.seed ^ BATCH_STREAM),
            probe,
            steps: 0,
        })
    }

    /// The run's settings.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// Steps done so far.
    pub fn steps_done(&self) -> usize {
        self.steps
    }

    /// One Adam step on a fresh batch; returns the batch's mean loss before the step. A loss
    /// that is not finite leaves the weights as they were and is [`EngineError::Diverged`].
    pub fn step(&mut self) -> Result<f32> {
        let batch: Vec<Example> = (0..self.config.batch)
            .map(|_| self.config.task.example(self.shape.seq, &mut self.rng))
            .collect();
        let targets = batch
            .iter()
            .map(|ex| ex.target.iter().filter(|&&t| t != NONE).count())
            .sum::<usize>()
            .max(1);
        let scale = 1.0 / targets as f32;
        let mut grads = Weights::zeros(&self.shape);
        let mut tape = Tape::default();
        let mut loss = 0.0f64;
        for ex in &batch {
            forward(&self.shape, &self.weights, ex, &Vec::new(), &mut tape);
            let (sum, _, dlogits) = readout_loss(&self.shape, ex, &tape, scale);
            loss += sum;
            backward(&self.shape, &self.weights, ex, &tape, &dlogits, &mut grads);
        }
        let loss = (loss / targets as f64) as f32;
        if !loss.is_finite() {
            return Err(EngineError::Diverged {
                step: self.steps,
                loss,
            });
        }
        self.adam(&mut grads);
        self.steps += 1;
        Ok(loss)
    }

    fn adam(&mut self, grads: &mut Weights<f32>) {
        let (b1, b2, eps) = ADAM;
        self.decay = (self.decay.0 * b1, self.decay.1 * b2);
        let step = self.config.lr / (1.0 - self.decay.0);
        let correction2 = 1.0 / (1.0 - self.decay.1);
        let tensors = self
            .weights
            .tensors_mut()
            .into_iter()
            .zip(self.moment1.tensors_mut())
            .zip(self.moment2.tensors_mut())
            .zip(grads.tensors_mut());
        for ((((_, w), (_, m)), (_, v)), (_, g)) in tensors {
            for i in 0..w.len() {
                m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                w[i] -= step * m[i] / ((v[i] * correction2).sqrt() + eps);
            }
        }
    }

    /// Loss, accuracy and every head's statistics on the probe batch.
    pub fn snapshot(&self) -> Snapshot {
        let (n, h) = (self.shape.seq, self.shape.heads);
        let beta = self.shape.beta();
        let mut rows = vec![HeadRows::default(); self.shape.layers * h];
        let (loss, accuracy) = self.evaluate(&Vec::new(), |tape| {
            for (l, lt) in tape.layers.iter().enumerate() {
                for (head, probs) in lt.probs.chunks_exact(n * n).enumerate() {
                    rows[l * h + head].add(beta, probs, n);
                }
            }
        });
        let heads = rows
            .iter()
            .enumerate()
            .map(|(i, r)| r.stat(i / h, i % h, n))
            .collect();
        Snapshot {
            step: self.steps,
            loss,
            accuracy,
            heads,
        }
    }

    /// Head `head` of layer `layer` (from 0) on probe sequence `example`: the token labels and
    /// the N×N weights (row = query position).
    pub fn attention(
        &self,
        layer: usize,
        head: usize,
        example: usize,
    ) -> Result<(Vec<String>, Vec<f32>)> {
        self.check_head(layer, head)?;
        let ex = self.probe.get(example).ok_or(EngineError::OutOfRange {
            name: "example",
            value: example as f64,
            min: 0.0,
            max: (PROBE - 1) as f64,
        })?;
        let mut tape = Tape::default();
        forward(&self.shape, &self.weights, ex, &Vec::new(), &mut tape);
        let n = self.shape.seq;
        let matrix = tape.layers[layer].probs[head * n * n..(head + 1) * n * n].to_vec();
        let labels = (0..n).map(|t| self.config.task.label(ex, t)).collect();
        Ok((labels, matrix))
    }

    /// The probe accuracy with the listed heads (layer, head from 0) replaced.
    pub fn accuracy_with(&self, replaced: &[(usize, usize, Replacement)]) -> Result<f32> {
        let n = self.shape.seq;
        let mut matrices = Vec::with_capacity(replaced.len());
        for &(layer, head, r) in replaced {
            self.check_head(layer, head)?;
            matrices.push((layer, head, r.matrix(n)?));
        }
        let mut fixed: Fixed<f32> = vec![vec![None; self.shape.heads]; self.shape.layers];
        for (layer, head, m) in &matrices {
            fixed[*layer][*head] = Some(m.as_slice());
        }
        Ok(self.evaluate(&fixed, |_| {}).1)
    }

    /// Mean loss and accuracy over the probe batch, showing each forward pass to `each`.
    fn evaluate(&self, fixed: &Fixed<f32>, mut each: impl FnMut(&Tape<f32>)) -> (f32, f32) {
        let mut tape = Tape::default();
        let (mut loss, mut correct, mut targets) = (0.0f64, 0, 0);
        for ex in &self.probe {
            forward(&self.shape, &self.weights, ex, fixed, &mut tape);
            let (sum, right, _) = readout_loss(&self.shape, ex, &tape, 1.0);
            loss += sum;
            correct += right;
            targets += ex.target.iter().filter(|&&t| t != NONE).count();
            each(&tape);
        }
        let t = targets.max(1) as f64;
        ((loss / t) as f32, (correct as f64 / t) as f32)
    }

    fn check_head(&self, layer: usize, head: usize) -> Result<()> {
        let out = |name, value: usize, count: usize| EngineError::OutOfRange {
            name,
            value: value as f64,
            min: 0.0,
            max: count as f64 - 1.0,
        };
        if layer >= self.shape.layers {
            return Err(out("layer", layer, self.shape.layers));
        }
        if head >= self.shape.heads {
            return Err(out("head", head, self.shape.heads));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weight_that_is_not_finite_stops_the_run_with_diverged() {
        let mut t = Trainer::new(&TrainConfig {
            batch: 2,
            ..Default::default()
        })
        .unwrap();
        t.step().unwrap();
        t.weights.readout[0] = f32::INFINITY;
        assert!(matches!(
            t.step(),
            Err(EngineError::Diverged { step: 1, .. })
        ));
        assert_eq!(t.steps_done(), 1);
    }
}
