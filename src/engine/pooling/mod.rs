//! Hopfield pooling at immune-repertoire scale (DeepRC, Widrich et al. 2020): a person's
//! repertoire is a bag of up to 300 000 receptor sequences, a few of which carry a
//! disease-associated motif; one modern-Hopfield update with a learned query over all of them
//! (attention pooling) classifies the bag and points at the witnesses. Mean and max pooling are
//! the baselines, trained the same way.
//!
//! `data` draws the repertoires, `model` is the classifier with its backward pass, `pass` the pooling pass over a bag's keys, `adam` the
//! optimiser, `trainer` one method's training held between the browser worker's messages, `readout` its
//! read-outs, and
//! `metrics` the AUC and the attention read-outs.

pub mod adam;
pub mod chance;
pub mod config;
pub mod data;
pub mod metrics;
pub mod model;
pub mod pass;
pub mod readout;
pub mod trainer;

pub use config::{BetaMode, PoolConfig};
pub use metrics::{BagAttention, BetaPoint};
pub use model::Method;
pub use readout::{Evaluation, Reading};
pub use trainer::MethodTrainer;
