//! Allocation-free iteration of the modern update, shared by the fixed-point search and the
//! basin map (which relaxes tens of thousands of starts per frame), plus the stability test
//! that keeps unstable stationary points out of the list of memories.

use crate::engine::error::Result;
use crate::engine::math;
use crate::engine::modern::{ModernHopfield, combine_into};
use crate::engine::rng::SeededRng;

/// Most power-iteration steps of the stability test.
const POWER_STEPS: usize = 300;
/// A stationary point counts as stable while the largest eigenvalue of the update's Jacobian
/// is at most 1 + this slack (the slack absorbs f32 rounding at a bifurcation).
const STABILITY_SLACK: f32 = 1e-3;

/// Scratch buffers for iterating one network: Xᵀξ, p, the next state and two vectors for the
/// stability test. Made once, reused for every start and every step.
#[derive(Debug, Clone)]
pub struct Workspace {
    similarities: Vec<f32>,
    weights: Vec<f32>,
    next: Vec<f32>,
    probe: Vec<f32>,
    image: Vec<f32>,
}

impl Workspace {
    /// Buffers sized for `net` (d and N).
    pub fn new(net: &ModernHopfield) -> Self {
        let (d, n) = (net.patterns().dim(), net.patterns().count());
        Self {
            similarities: vec![0.0; n],
            weights: vec![0.0; n],
            next: vec![0.0; d],
            probe: vec![0.0; d],
            image: vec![0.0; d],
        }
    }

    /// The softmax weights of the state given to the last [`Workspace::step`].
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// One update ξ ← X softmax(β Xᵀξ) in place; returns ‖Δξ‖. `state` must have length d
    /// (unchecked here because it runs in the inner loop; [`Workspace::relax`] checks it).
    pub fn step(&mut self, net: &ModernHopfield, state: &mut [f32]) -> f32 {
        net.similarities_into(state, &mut self.similarities);
        math::softmax_into(net.beta(), &self.similarities, &mut self.weights);
        combine_into(net.patterns(), &self.weights, &mut self.next);
        let mut moved = 0.0f32;
        for (s, v) in state.iter_mut().zip(&self.next) {
            moved += (*s - v) * (*s - v);
            *s = *v;
        }
        moved.sqrt()
    }

    /// Iterates `state` in place until ‖Δξ‖ ≤ tol·max(M, 1) (the criterion of
    /// [`ModernHopfield::retrieve`]) and returns the number of updates, or `None` when
    /// `max_steps` updates did not converge.
    pub fn relax(
        &mut self,
        net: &ModernHopfield,
        state: &mut [f32],
        max_steps: usize,
        tol: f32,
    ) -> Result<Option<usize>> {
        net.patterns().check_query(state)?;
        let threshold = tol * net.patterns().max_norm().max(1.0);
        Ok(self.relax_unchecked(net, state, max_steps, threshold))
    }

    /// [`Workspace::relax`] without the checks, with an absolute threshold, for callers that
    /// relax many starts of known length.
    pub(crate) fn relax_unchecked(
        &mut self,
        net: &ModernHopfield,
        state: &mut [f32],
        max_steps: usize,
        threshold: f32,
    ) -> Option<usize> {
        for step in 1..=max_steps {
            let moved = self.step(net, state);
            if !moved.is_finite() {
                return None;
            }
            if moved <= threshold {
                return Some(step);
            }
        }
        None
    }

    /// Like [`Workspace::relax_unchecked`], but also requires the estimated distance to the
    /// limit, ‖Δξ‖·r/(1 − r) with r the ratio of successive moves, to be at most `limit_tol`.
    /// On a nearly flat valley (a symmetric set near a bifurcation) single moves are tiny long
    /// before the state is near a fixed point; this keeps such crawling states out of the list.
    pub(crate) fn relax_to_limit(
        &mut self,
        net: &ModernHopfield,
        state: &mut [f32],
        max_steps: usize,
        threshold: f32,
        limit_tol: f32,
    ) -> Option<usize> {
        let mut previous = f32::INFINITY;
        for step in 1..=max_steps {
            let moved = self.step(net, state);
            if !moved.is_finite() {
                return None;
            }
            if moved == 0.0 {
                return Some(step);
            }
            let ratio = moved / previous;
            if moved <= threshold && ratio < 1.0 && moved * ratio <= limit_tol * (1.0 - ratio) {
                return Some(step);
            }
            previous = moved;
        }
        None
    }

    /// Whether the stationary point `state` is a local minimum of E. The Hessian of E is
    /// I − J with J = β X (diag p − p pᵀ) Xᵀ, the Jacobian of the update, which is symmetric
    /// and positive semi-definite; the point is stable when J's largest eigenvalue is ≤ 1,
    /// estimated by power iteration from a random vector (Rayleigh quotients only grow).
    pub fn is_stable(&mut self, net: &ModernHopfield, state: &[f32], rng: &mut SeededRng) -> bool {
        if state.len() != self.probe.len() {
            return false;
        }
        net.similarities_into(state, &mut self.similarities);
        math::softmax_into(net.beta(), &self.similarities, &mut self.weights);
        for v in self.probe.iter_mut() {
            *v = rng.gaussian();
        }
        if !normalise(&mut self.probe) {
            return true;
        }
        let mut previous = 0.0f32;
        for _ in 0..POWER_STEPS {
            self.apply_jacobian(net);
            let lambda = math::dot(&self.probe, &self.image);
            if lambda > 1.0 + STABILITY_SLACK {
                return false;
            }
            self.probe.copy_from_slice(&self.image);
            if !normalise(&mut self.probe) {
                return true;
            }
            if (lambda - previous).abs() <= 1e-6 * lambda.abs().max(1e-3) {
                break;
            }
            previous = lambda;
        }
        true
    }

    /// image = J · probe, with J = β X (diag p − p pᵀ) Xᵀ at the weights in `self.weights`.
    fn apply_jacobian(&mut self, net: &ModernHopfield) {
        net.similarities_into(&self.probe, &mut self.similarities);
        let mean: f32 = self
            .weights
            .iter()
            .zip(&self.similarities)
            .map(|(p, a)| p * a)
            .sum();
        self.image.fill(0.0);
        for ((p, a), x) in self
            .weights
            .iter()
            .zip(&self.similarities)
            .zip(net.patterns().iter())
        {
            let c = net.beta() * p * (a - mean);
            if c != 0.0 {
                math::axpy(c, x, &mut self.image);
            }
        }
    }
}

/// Scales `v` to unit length; false when it is (numerically) zero.
fn normalise(v: &mut [f32]) -> bool {
    let n = math::norm(v);
    if n > 1e-30 && n.is_finite() {
        for x in v.iter_mut() {
            *x /= n;
        }
        true
    } else {
        false
    }
}
