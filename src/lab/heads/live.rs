//! The heads of a live forward pass of all-MiniLM-L6-v2 (`engine::bert`) on any text, read by
//! the same rule as the shipped ones: each head's median k90 and class at the model's own
//! β = 1/√32 from its queries and keys ([`analysis`]), with its softmax-Jacobian norm.

use super::analysis::{HeadClass, HeadScores, model_beta};
use super::asset::HeadQk;
use crate::engine::bert::{Forward, HEAD_DIM};

/// One head's reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadStats {
    /// Layer, 0-based.
    pub layer: usize,
    /// Head within the layer, 0-based.
    pub head: usize,
    /// Median over query rows of k90 at β = 1/√32.
    pub median_k90: f32,
    /// The paper's class of that median against T.
    pub class: HeadClass,
    /// Mean over query rows of ‖β(diag(p) − ppᵀ)‖_F.
    pub jacobian: f32,
}

/// Every head of `forward`, layer-major.
pub fn head_stats(forward: &Forward) -> Vec<HeadStats> {
    let beta = model_beta(HEAD_DIM);
    forward
        .heads
        .iter()
        .map(|h| {
            let qk = HeadQk {
                queries: h.queries.clone(),
                keys: h.keys.clone(),
            };
            let summary = HeadScores::new(&qk, HEAD_DIM).summary(beta);
            HeadStats {
                layer: h.layer,
                head: h.head,
                median_k90: summary.median_k90,
                class: summary.class,
                jacobian: h.jacobian,
            }
        })
        .collect()
}
