//! The settings of one training run, their ranges, and the two ways to meet a bad one: the
//! view clamps it with a notice naming the setting and its range ([`TrainConfig::clamped`]), the
//! CLI and [`super::Trainer::new`] refuse it ([`TrainConfig::validate`]).

use super::tasks::Task;
use super::weights::Shape;
use crate::engine::error::{EngineError, Result, check_range};

/// Layers L.
pub const LAYERS: (usize, usize) = (1, 4);
/// Heads per layer H.
pub const HEADS: (usize, usize) = (1, 8);
/// Model width D (a multiple of H).
pub const DIM: (usize, usize) = (4, 256);
/// Sequence length N (the lower end is the task's own minimum when that is larger).
pub const SEQ: (usize, usize) = (8, 256);
/// Sequences per step.
pub const BATCH: (usize, usize) = (1, 256);
/// Adam's learning rate.
pub const LR: (f32, f32) = (1e-5, 0.1);
/// Most parameters a model may have.
pub const MAX_PARAMETERS: usize = 2_000_000;

/// Everything that fixes a run; the same config and seed give the same bits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    pub task: Task,
    pub layers: usize,
    pub heads: usize,
    pub dim: usize,
    pub seq: usize,
    pub batch: usize,
    pub lr: f32,
    pub seed: u64,
    pub mlp: bool,
}

impl Default for TrainConfig {
    /// The view's defaults (measured in the README: the held-out accuracy passes 0.9 within
    /// about a minute natively, and a head leaves averaging on the way).
    fn default() -> Self {
        TrainConfig {
            task: Task::Recall,
            layers: 1,
            heads: 4,
            dim: 32,
            seq: 32,
            batch: 32,
            lr: 3e-3,
            seed: 0,
            mlp: false,
        }
    }
}

/// One clamped setting: its name and what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub setting: &'static str,
    pub message: String,
}

impl TrainConfig {
    /// The model's shape.
    pub fn shape(&self) -> Shape {
        Shape {
            vocab: self.task.vocab(),
            seq: self.seq,
            dim: self.dim,
            heads: self.heads,
            layers: self.layers,
            mlp: self.mlp,
        }
    }

    /// The smallest sequence length for the task.
    pub fn min_seq(&self) -> usize {
        SEQ.0.max(self.task.min_seq())
    }

    /// Ok when every setting is in range and the model small enough; otherwise the first
    /// offending setting as [`EngineError::OutOfRange`] (named as the CLI flag) or
    /// [`EngineError::TooLarge`].
    pub fn validate(&self) -> Result<()> {
        let int = |name, v: usize, (lo, hi): (usize, usize)| {
            check_range(name, v as f64, lo as f64, hi as f64)
        };
        int("layers", self.layers, LAYERS)?;
        int("heads", self.heads, HEADS)?;
        int("dim", self.dim, DIM)?;
        if !self.dim.is_multiple_of(self.heads) {
            return Err(EngineError::Numerical(format!(
                "dim = {} is not a multiple of heads = {}: each head is dim/heads wide",
                self.dim, self.heads
            )));
        }
        int("seq", self.seq, (self.min_seq(), SEQ.1))?;
        int("batch", self.batch, BATCH)?;
        check_range("lr", self.lr as f64, LR.0 as f64, LR.1 as f64)?;
        let parameters = self.shape().parameters();
        if parameters > MAX_PARAMETERS {
            return Err(EngineError::TooLarge {
                what: "parameters",
                value: parameters,
                limit: MAX_PARAMETERS,
            });
        }
        Ok(())
    }

    /// The nearest valid config, with a notice for every setting changed: out of range →
    /// clamped, lr NaN → the default, dim → the nearest multiple of heads, and a model over
    /// [`MAX_PARAMETERS`] → dim lowered until it fits.
    pub fn clamped(&self) -> (TrainConfig, Vec<Notice>) {
        let mut c = *self;
        let mut notes = Vec::new();
        let mut clamp = |name: &'static str, v: &mut usize, (lo, hi): (usize, usize)| {
            if *v < lo || *v > hi {
                let used = (*v).clamp(lo, hi);
                notes.push(Notice {
                    setting: name,
                    message: format!("{name} = {v} is outside {lo}…{hi}: used {used}"),
                });
                *v = used;
            }
        };
        clamp("layers", &mut c.layers, LAYERS);
        clamp("heads", &mut c.heads, HEADS);
        clamp("dim", &mut c.dim, DIM);
        let min_seq = c.min_seq();
        clamp("seq", &mut c.seq, (min_seq, SEQ.1));
        clamp("batch", &mut c.batch, BATCH);
        if !(c.lr >= LR.0 && c.lr <= LR.1) {
            let used = if c.lr.is_nan() {
                TrainConfig::default().lr
            } else {
                c.lr.clamp(LR.0, LR.1)
            };
            notes.push(Notice {
                setting: "lr",
                message: format!("lr = {} is outside {}…{}: used {used}", c.lr, LR.0, LR.1),
            });
            c.lr = used;
        }
        if !c.dim.is_multiple_of(c.heads) {
            let used = (c.dim / c.heads).max(1) * c.heads;
            notes.push(Notice {
                setting: "dim",
                message: format!(
                    "dim = {} is not a multiple of heads = {}: used {used}",
                    c.dim, c.heads
                ),
            });
            c.dim = used;
        }
        if c.shape().parameters() > MAX_PARAMETERS {
            let asked = c.dim;
            while c.dim > c.heads && c.shape().parameters() > MAX_PARAMETERS {
                c.dim -= c.heads;
            }
            notes.push(Notice {
                setting: "dim",
                message: format!(
                    "dim = {asked} gives more than {MAX_PARAMETERS} parameters: used {}",
                    c.dim
                ),
            });
        }
        (c, notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_valid_and_unchanged_by_clamping() {
        let c = TrainConfig::default();
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.clamped(), (c, vec![]));
    }

    #[test]
    fn bad_settings_are_refused_or_clamped_by_name() {
        let bad = [
            TrainConfig {
                layers: 100,
                ..Default::default()
            },
            TrainConfig {
                heads: 0,
                ..Default::default()
            },
            TrainConfig {
                lr: f32::NAN,
                ..Default::default()
            },
            TrainConfig {
                seq: 1000,
                ..Default::default()
            },
            TrainConfig {
                batch: 0,
                ..Default::default()
            },
        ];
        for (c, name) in bad.iter().zip(["layers", "heads", "lr", "seq", "batch"]) {
            match c.validate() {
                Err(EngineError::OutOfRange { name: n, .. }) => assert_eq!(n, name),
                other => panic!("{name}: {other:?}"),
            }
            let (fixed, notes) = c.clamped();
            assert_eq!(fixed.validate(), Ok(()), "{name}");
            assert_eq!(notes[0].setting, name);
            assert!(notes[0].message.contains('…'), "{}", notes[0].message);
        }
        let (c, notes) = TrainConfig {
            lr: f32::NAN,
            ..Default::default()
        }
        .clamped();
        assert_eq!(c.lr, TrainConfig::default().lr);
        assert!(notes[0].message.contains("NaN"));
    }

    #[test]
    fn a_width_the_heads_do_not_divide_or_too_many_parameters_lower_dim() {
        let c = TrainConfig {
            dim: 30,
            heads: 4,
            ..Default::default()
        };
        assert!(c.validate().is_err());
        assert_eq!(c.clamped().0.dim, 28);
        let big = TrainConfig {
            dim: 256,
            layers: 4,
            mlp: true,
            seq: 256,
            ..Default::default()
        };
        assert!(matches!(big.validate(), Err(EngineError::TooLarge { .. })));
        let (fixed, notes) = big.clamped();
        assert!(fixed.shape().parameters() <= MAX_PARAMETERS);
        assert_eq!(fixed.validate(), Ok(()));
        assert_eq!(notes.last().map(|n| n.setting), Some("dim"));
    }
}
