//! Adam (Kingma & Ba 2015) over one flat parameter vector. Its per-parameter step size is what
//! lets a motif's few k-mer rows learn at all: their gradients are ~w·N/N = w times smaller
//! than a dense layer's, but consistent in sign, so Adam moves them by ≈ the learning rate per
//! step while the background's rows, whose gradients flip sign from bag to bag, barely move.

/// Adam's state for `len` parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    /// Step size.
    pub rate: f32,
    first: Vec<f32>,
    second: Vec<f32>,
    /// β₁ᵗ and β₂ᵗ, kept by repeated multiplication (no `powf`, the same bits on every target).
    decay1: f32,
    decay2: f32,
}

const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const EPSILON: f32 = 1e-8;

impl Adam {
    /// Fresh moments for `len` parameters.
    pub fn new(len: usize, rate: f32) -> Self {
        Self {
            rate,
            first: vec![0.0; len],
            second: vec![0.0; len],
            decay1: 1.0,
            decay2: 1.0,
        }
    }

    /// One step of `params` against `grad` (same length as the state), with bias correction.
    pub fn step(&mut self, params: &mut [f32], grad: &[f32]) {
        self.decay1 *= BETA1;
        self.decay2 *= BETA2;
        let step = self.rate / (1.0 - self.decay1);
        let scale2 = 1.0 / (1.0 - self.decay2);
        for (((p, &g), m), v) in params
            .iter_mut()
            .zip(grad)
            .zip(&mut self.first)
            .zip(&mut self.second)
        {
            *m = BETA1 * *m + (1.0 - BETA1) * g;
            *v = BETA2 * *v + (1.0 - BETA2) * g * g;
            *p -= step * *m / ((*v * scale2).sqrt() + EPSILON);
        }
    }

    /// Decoupled weight decay (AdamW, Loshchilov & Hutter 2019): `params` shrink by the factor
    /// 1 − rate·`decay`, independently of the gradient's scale.
    pub fn decay(&self, params: &mut [f32], decay: f32) {
        let keep = 1.0 - self.rate * decay;
        params.iter_mut().for_each(|p| *p *= keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_moves_by_the_rate_against_the_gradient() {
        let mut adam = Adam::new(3, 0.1);
        let mut p = [1.0f32, 1.0, 1.0];
        adam.step(&mut p, &[2.0, -1e-6, 0.0]);
        assert!((p[0] - 0.9).abs() < 1e-6, "{p:?}");
        assert!(p[1] > 1.09 && p[1] < 1.1, "{p:?}");
        assert_eq!(p[2], 1.0);
    }

    #[test]
    fn decay_shrinks_by_the_rate_times_lambda() {
        let adam = Adam::new(2, 0.01);
        let mut p = [2.0f32, -1.0];
        adam.decay(&mut p, 10.0);
        assert_eq!(p, [2.0 * 0.9, -0.9]);
    }

    #[test]
    fn minimises_a_quadratic() {
        let mut adam = Adam::new(2, 0.05);
        let mut p = [3.0f32, -2.0];
        for _ in 0..2000 {
            let g = [2.0 * (p[0] - 1.0), 2.0 * (p[1] + 0.5)];
            adam.step(&mut p, &g);
        }
        assert!(
            (p[0] - 1.0).abs() < 1e-2 && (p[1] + 0.5).abs() < 1e-2,
            "{p:?}"
        );
    }
}
