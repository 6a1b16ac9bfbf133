//! One pooling method's training, held between the browser worker's messages: it generates the
//! bags from the seed (every method the same ones), then trains one bag per [`step`] with Adam,
//! and answers read-outs on the held-out bags at any point (in `readout`).
//!
//! [`step`]: MethodTrainer::step

use super::adam::Adam;
use super::config::{BetaMode, PoolConfig};
use super::data::{self, Bag, Split};
use super::model::{self, DIM, LOG_BETA, Method, OUT_B, OUT_W, QUERY, Scratch};
pub use super::readout::{Evaluation, Reading};
use crate::engine::SeededRng;
use crate::engine::error::Result;
use std::sync::Arc;

/// Standard deviation of the k-mer rows at the start.
const INIT_EMBEDDING: f32 = 0.05;
/// Witness rate the curriculum starts at.
pub const CURRICULUM_START: f32 = 0.02;

/// Training state of one method on one experiment.
#[derive(Debug, Clone)]
pub struct MethodTrainer {
    config: PoolConfig,
    method: Method,
    /// Shared by the methods of one experiment (the same bags, held once).
    held_out: Arc<[Bag]>,
    params: Vec<f32>,
    grad: Vec<f32>,
    adam: Adam,
    order: Vec<usize>,
    next: usize,
    rng: SeededRng,
    steps: usize,
    scratch: Scratch,
}

impl MethodTrainer {
    /// Checks `config`, draws its bags and initialises the model (the same start for every
    /// method of a seed).
    pub fn new(config: &PoolConfig, method: Method) -> Result<Self> {
        config.check()?;
        Self::with_held_out(config, method, data::held_out(config).into())
    }

    /// [`new`](Self::new) with the held-out bags of `config` already drawn (by
    /// [`data::held_out`]), so several methods hold one copy.
    pub fn with_held_out(
        config: &PoolConfig,
        method: Method,
        held_out: Arc<[Bag]>,
    ) -> Result<Self> {
        config.check()?;
        if held_out.len() != config.bags_held_out
            || held_out.iter().any(|b| b.len() != config.sequences)
        {
            return Err(crate::engine::EngineError::Numerical(
                "held-out bags not drawn for these settings".into(),
            ));
        }
        let mut rng = SeededRng::new(config.seed ^ 0x5E_ED0F_C0DE);
        let mut params = vec![0.0f32; model::param_count()];
        for p in &mut params[..QUERY] {
            *p = INIT_EMBEDDING * rng.gaussian();
        }
        let unit = 1.0 / (DIM as f32).sqrt();
        for p in &mut params[QUERY..OUT_B] {
            *p = unit * rng.gaussian();
        }
        params[LOG_BETA] = libm::logf(config.beta);
        Ok(Self {
            config: config.clone(),
            method,
            held_out,
            grad: vec![0.0; params.len()],
            adam: Adam::new(params.len(), config.learning_rate),
            params,
            order: Vec::new(),
            next: 0,
            rng,
            steps: 0,
            scratch: Scratch::default(),
        })
    }

    /// The experiment.
    pub fn config(&self) -> &PoolConfig {
        &self.config
    }

    /// The method trained.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The held-out bags.
    pub fn held_out(&self) -> &[Bag] {
        &self.held_out
    }

    fn fixed_beta(&self) -> Option<f32> {
        match self.config.beta_mode {
            BetaMode::Fixed => Some(self.config.beta),
            BetaMode::Learned => None,
        }
    }

    /// The β in use now.
    pub fn beta(&self) -> f32 {
        model::beta_of(&self.params, self.fixed_beta())
    }

    /// One step of Adam on the next `batch` training bags (each epoch visits every bag once, in an
    /// order drawn from the seed); returns their mean loss. Training bags are generated when
    /// they are used, not held: more of them cost time, never memory.
    pub fn step(&mut self) -> f32 {
        let config = PoolConfig {
            witness_rate: self.training_rate(),
            ..self.config.clone()
        };
        self.grad.fill(0.0);
        let fixed = self.fixed_beta();
        let mut loss = 0.0;
        for _ in 0..self.config.batch {
            if self.next == self.order.len() {
                self.order = self.rng.permutation(self.config.bags_train);
                self.next = 0;
            }
            let index = self.order[self.next];
            self.next += 1;
            let bag = data::generate(
                &config,
                Split::Train,
                index as u64,
                self.config.sequences,
                index.is_multiple_of(2),
            );
            loss += model::loss_and_grad(
                &self.params,
                &bag,
                self.method,
                fixed,
                self.config.key_norm,
                &mut self.scratch,
                &mut self.grad,
            );
        }
        let inv = 1.0 / self.config.batch as f32;
        if self.config.batch > 1 {
            self.grad.iter_mut().for_each(|g| *g *= inv);
        }
        self.adam.step(&mut self.params, &self.grad);
        // The baselines train as before: the decay is part of the Hopfield recipe.
        if self.config.weight_decay > 0.0 && self.method == Method::Hopfield {
            self.adam
                .decay(&mut self.params[..QUERY], self.config.weight_decay);
        }
        self.steps += 1;
        loss * inv
    }

    /// The witness rate of the next training bag: with the curriculum, it falls geometrically
    /// from [`CURRICULUM_START`] (or w, if higher) to w over the first half of the steps.
    pub fn training_rate(&self) -> f32 {
        let w = self.config.witness_rate;
        let half = self.config.steps / 2;
        if !self.config.curriculum || self.steps >= half || w >= CURRICULUM_START {
            return w;
        }
        let left = 1.0 - self.steps as f32 / half as f32;
        w * libm::powf(CURRICULUM_START / w, left)
    }

    /// Steps taken so far.
    pub fn steps_done(&self) -> usize {
        self.steps
    }

    /// Whether the configured number of steps is done.
    pub fn finished(&self) -> bool {
        self.steps >= self.config.steps
    }

    /// The parameters (for the read-outs).
    pub(super) fn params(&self) -> &[f32] {
        &self.params
    }

    /// The learned query ξ and output weights w (for display).
    pub fn query(&self) -> &[f32] {
        &self.params[QUERY..OUT_W]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::pooling::readout::TOP_SEQUENCES;

    fn small() -> PoolConfig {
        PoolConfig {
            sequences: 1_000,
            witness_rate: 0.02,
            bags_train: 200,
            bags_held_out: 10,
            steps: 200,
            learning_rate: 3e-3,
            curriculum: false,
            ..PoolConfig::default()
        }
    }

    #[test]
    fn training_is_deterministic_and_attention_becomes_selective() {
        let config = small();
        let mut a = MethodTrainer::new(&config, Method::Hopfield).unwrap();
        let mut b = MethodTrainer::new(&config, Method::Hopfield).unwrap();
        let before = a.evaluate();
        while !a.finished() {
            let (la, lb) = (a.step(), b.step());
            assert_eq!(la.to_bits(), lb.to_bits());
        }
        let after = a.evaluate();
        assert_eq!(after, b.evaluate());
        let uniform = 0.02;
        assert!(before.witness_mass.unwrap() < 2.0 * uniform, "{before:?}");
        assert!(after.witness_mass.unwrap() > 5.0 * uniform, "{after:?}");
        assert!(after.auc > 0.8, "{after:?}");
        let attention = a.attention(0, None, &|| 0.0).unwrap().attention;
        assert!(attention.weights.windows(2).all(|w| w[0] >= w[1]));
        let total: f32 = attention.weights.iter().sum();
        assert!((total - 1.0).abs() < 1e-3);
        assert_eq!(attention.witness.len(), 1_000);
        assert_eq!(attention.sequences, 1_000);
        assert_eq!(attention.top.len(), TOP_SEQUENCES);
        assert!(attention.k90 < 900, "{}", attention.k90);
        // Small β is mean pooling (uniform attention), large β one sequence.
        let sweep = a.beta_sweep(&[1e-5, a.beta(), 1e3]).unwrap();
        assert!((sweep[0].witness_mass - uniform).abs() < 1e-3, "{sweep:?}");
        assert_eq!(sweep[1].auc, after.auc);
        assert_eq!(sweep[1].witness_mass, after.witness_mass.unwrap());
        let fresh = a.evaluate_fresh(2_000, true, 0, &|| 0.0).unwrap();
        assert_eq!(fresh.attention.witnesses, 40);
        assert!((0.0..=1.0).contains(&fresh.probability));
    }

    #[test]
    fn every_method_trains_on_the_same_bags_and_only_hopfield_attends() {
        let config = PoolConfig {
            steps: 2,
            ..small()
        };
        let mut mean = MethodTrainer::new(&config, Method::Mean).unwrap();
        let max = MethodTrainer::new(&config, Method::Max).unwrap();
        assert_eq!(mean.held_out(), max.held_out());
        mean.step();
        assert_eq!(mean.steps_done(), 1);
        assert_eq!(mean.evaluate().witness_mass, Some(0.02));
        assert_eq!(max.evaluate().witness_mass, None);
        assert!(max.attention(0, None, &|| 0.0).is_err());
        assert!(max.beta_sweep(&[1.0]).is_err());
        let hopfield = MethodTrainer::new(&config, Method::Hopfield).unwrap();
        assert!(hopfield.attention(10, None, &|| 0.0).is_err());
        assert!(hopfield.attention(0, Some(f32::NAN), &|| 0.0).is_err());
        assert!(hopfield.evaluate_fresh(10, true, 0, &|| 0.0).is_err());
        let bad = PoolConfig {
            sequences: 10,
            ..config
        };
        assert!(MethodTrainer::new(&bad, Method::Hopfield).is_err());
    }

    #[test]
    fn the_curriculum_falls_from_its_start_to_w() {
        let config = PoolConfig {
            curriculum: true,
            steps: 10,
            ..small()
        };
        let mut t = MethodTrainer::new(&config, Method::Mean).unwrap();
        let rates: Vec<f32> = (0..10)
            .map(|_| {
                let r = t.training_rate();
                t.step();
                r
            })
            .collect();
        assert!(
            (rates[0] - CURRICULUM_START.max(0.02)).abs() < 1e-6,
            "{rates:?}"
        );
        assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
        assert_eq!(rates[5..], [0.02; 5]);
    }
}
