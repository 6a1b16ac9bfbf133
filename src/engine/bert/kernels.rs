//! The encoder's dense steps on row-major activations (T rows): matrix products built on the
//! engine's SIMD dot products, LayerNorm and BERT's exact GELU. Every step is a fixed sequence of
//! f32 operations (libm's erf, correctly rounded square roots), so wasm32 computes the same bits.

use super::LN_EPS;
use super::model::{Linear, Norm};
use crate::engine::math;

/// Weight rows per block of [`linear`]: 16 rows of 1536 floats (96 KB) at most, so a block stays
/// in cache while every token is multiplied by it.
const BLOCK: usize = 16;

/// y = x Wᵀ + b for the T rows of `x` (each `inputs` wide): returns T rows of `outputs`.
/// The weight is walked in blocks of rows and each block meets every token, so the 43 MB of
/// weights are read once per pass, not once per token.
pub fn linear(x: &[f32], layer: &Linear, inputs: usize) -> Vec<f32> {
    let outputs = layer.bias.len();
    let tokens = x.len() / inputs;
    let mut y = vec![0.0; tokens * outputs];
    for (b, block) in layer.weight.chunks(BLOCK * inputs).enumerate() {
        let r0 = b * BLOCK;
        let rows = block.len() / inputs;
        for (xt, yt) in x.chunks_exact(inputs).zip(y.chunks_exact_mut(outputs)) {
            math::dots_into(block, xt, &mut yt[r0..r0 + rows]);
        }
    }
    for yt in y.chunks_exact_mut(outputs) {
        math::axpy(1.0, &layer.bias, yt);
    }
    y
}

/// LayerNorm of every row of `x` in place: (x − mean) / √(var + ε) · gain + bias.
pub fn layer_norm(x: &mut [f32], norm: &Norm) {
    let width = norm.weight.len();
    for row in x.chunks_exact_mut(width) {
        let mean = row.iter().sum::<f32>() / width as f32;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / width as f32;
        let inv = 1.0 / (var + LN_EPS).sqrt();
        for ((v, g), b) in row.iter_mut().zip(&norm.weight).zip(&norm.bias) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

/// BERT's GELU, x · Φ(x) = ½ x (1 + erf(x / √2)), with libm's erf.
pub fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::bert::model::Params;

    #[test]
    fn linear_is_x_times_w_transposed_plus_b() {
        // 2 tokens × 3 inputs, W 17 × 3 (two blocks) with W[r] = (r, 1, −1), b[r] = r.
        let weight: Vec<f32> = (0..17).flat_map(|r| [r as f32, 1.0, -1.0]).collect();
        let layer = Params {
            weight,
            bias: (0..17).map(|r| r as f32).collect(),
        };
        let y = linear(&[1.0, 2.0, 3.0, 0.5, 0.0, 4.0], &layer, 3);
        for r in 0..17 {
            let r32 = r as f32;
            assert_eq!(y[r], r32 + 2.0 - 3.0 + r32);
            assert_eq!(y[17 + r], 0.5 * r32 - 4.0 + r32);
        }
    }

    #[test]
    fn layer_norm_centres_and_scales() {
        let norm = Params {
            weight: vec![2.0; 4],
            bias: vec![1.0; 4],
        };
        let mut x = [1.0, 2.0, 3.0, 4.0];
        layer_norm(&mut x, &norm);
        let sd = 1.25f32.sqrt();
        for (v, raw) in x.iter().zip([1.0f32, 2.0, 3.0, 4.0]) {
            assert!((v - ((raw - 2.5) / sd * 2.0 + 1.0)).abs() < 1e-6);
        }
    }

    #[test]
    fn gelu_matches_its_definition_in_f64() {
        for x in [-3.0f32, -0.5, 0.0, 0.7, 2.5] {
            let exact = 0.5 * x as f64 * (1.0 + libm::erf(x as f64 / 2f64.sqrt()));
            assert!((gelu(x) as f64 - exact).abs() < 1e-6, "{x}");
        }
    }
}
