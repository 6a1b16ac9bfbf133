//! The pure Hopfield engine: patterns, corruption, the classical, dense and modern networks,
//! fixed points and capacity experiments. No web or plotting dependency, so every formula is
//! checked natively by `cargo test`; deterministic under a seed; typed errors, no panics on
//! user input.

pub mod bert;
pub mod capacity;
pub mod classic;
pub mod corruption;
pub mod dense;
pub mod error;
pub mod fixed_points;
pub mod images;
pub mod landscape;
pub mod math;
pub mod model;
pub mod modern;
pub mod patterns;
pub mod pooling;
pub mod rng;
pub mod short_sort;
pub mod theory;
pub mod trajectory;
pub mod transformer;

pub use error::{EngineError, Result};
pub use modern::ModernHopfield;
pub use patterns::PatternSet;
pub use rng::SeededRng;
pub use trajectory::Trajectory;
