//! A small transformer encoder that learns, natively and in the browser with the same bits:
//! token and position embeddings, L layers of unmasked multi-head self-attention (each query
//! row sees all N tokens) with an optional MLP, pre-LayerNorm, a read-out at every position,
//! a hand-written backward pass and Adam. Its heads start by averaging (class I of [P] §4) and
//! the tasks ([`Task`]) are chosen so a class can watch which of them leave it, and why.

mod attention;
mod config;
mod model;
mod ops;
mod probe;
mod scalar;
mod tasks;
mod trainer;
mod weights;

#[cfg(test)]
mod gradcheck;

pub use config::{BATCH, DIM, HEADS, LAYERS, LR, MAX_PARAMETERS, Notice, SEQ, TrainConfig};
pub use probe::{HeadStat, Replacement, SIGMA, jacobian_norm};
pub use tasks::{COPY_OFFSET, Example, Task};
pub use trainer::{PROBE, Snapshot, Trainer};
pub use weights::Shape;
