//! The record of one retrieval: every state the network passed through, with its energy (and,
//! for the modern network, the softmax weights). The UI plays a trajectory back by index, so the
//! scrubber, stepping backwards and lock-step panels need no recomputation.

use serde::Serialize;

/// States, energies and (modern only) weights per step; `states[0]` is the query and
/// `energies[i]`, `weights[i]` belong to `states[i]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectory {
    /// ξ⁰ (the query), ξ¹, … — one entry per step, the query first.
    pub states: Vec<Vec<f32>>,
    /// E(ξᵗ) for each recorded state.
    pub energies: Vec<f32>,
    /// softmax(β Xᵀ ξᵗ) for each recorded state (modern network only; empty otherwise).
    pub weights: Vec<Vec<f32>>,
    /// Whether the run stopped because it reached a fixed point (not because of `max_steps`).
    pub converged: bool,
}

impl Trajectory {
    /// Number of updates performed (the query is step 0).
    pub fn steps(&self) -> usize {
        self.states.len().saturating_sub(1)
    }

    /// The last recorded state.
    pub fn final_state(&self) -> &[f32] {
        self.states.last().map_or(&[], Vec::as_slice)
    }
}
