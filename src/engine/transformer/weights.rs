//! The model's shape and its parameter tensors, one struct for the weights, their gradients and
//! Adam's two moments alike, so an update or a gradient check is a walk over
//! [`Weights::tensors_mut`] in a fixed order.

use super::scalar::Scalar;
use crate::engine::SeededRng;

/// Hidden width of the MLP block as a multiple of the model width.
pub const MLP_RATIO: usize = 2;
/// Standard deviation of every initial matrix entry: small, so that at step 0 the scores are
/// nearly equal and every head averages (class I), as in a freshly initialised transformer.
const INIT_STD: f32 = 0.02;

/// Sizes of a model: a validated shape never has a zero or a width that the heads do not divide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Token vocabulary V.
    pub vocab: usize,
    /// Sequence length N (every query row attends to all N positions).
    pub seq: usize,
    /// Model width D.
    pub dim: usize,
    /// Heads per layer H (D/H wide each).
    pub heads: usize,
    /// Layers L.
    pub layers: usize,
    /// Whether each layer has its MLP block after attention.
    pub mlp: bool,
}

impl Shape {
    /// Width of one head, D/H.
    pub fn head_dim(&self) -> usize {
        self.dim / self.heads.max(1)
    }

    /// The attention scale of the scores, β = 1/√(D/H).
    pub fn beta(&self) -> f32 {
        1.0 / (self.head_dim().max(1) as f32).sqrt()
    }

    /// Hidden width of the MLP block.
    pub fn hidden(&self) -> usize {
        self.dim * MLP_RATIO
    }

    /// The number of parameters of a model of this shape.
    pub fn parameters(&self) -> usize {
        let (d, f) = (self.dim, self.hidden());
        let mlp = if self.mlp {
            2 * d + 2 * d * f + f + d
        } else {
            0
        };
        let layer = 2 * d + 4 * d * d + mlp;
        (self.vocab + self.seq) * d + self.layers * layer + 2 * d + self.vocab * d + self.vocab
    }
}

/// One layer: pre-LayerNorm attention (no biases in the projections) and the optional MLP.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer<S> {
    /// LayerNorm before attention: gain and bias (D).
    pub ln1_gain: Vec<S>,
    pub ln1_bias: Vec<S>,
    /// Query, key, value and output projections, each D×D (row o = output o).
    pub wq: Vec<S>,
    pub wk: Vec<S>,
    pub wv: Vec<S>,
    pub wo: Vec<S>,
    /// LayerNorm before the MLP (D each; empty without the MLP).
    pub ln2_gain: Vec<S>,
    pub ln2_bias: Vec<S>,
    /// MLP: F×D and F, then D×F and D (empty without the MLP).
    pub w1: Vec<S>,
    pub b1: Vec<S>,
    pub w2: Vec<S>,
    pub b2: Vec<S>,
}

/// Every parameter of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights<S> {
    /// Token embedding, V×D.
    pub token: Vec<S>,
    /// Position embedding, N×D.
    pub position: Vec<S>,
    /// The layers, first to last.
    pub layers: Vec<Layer<S>>,
    /// Final LayerNorm (D each).
    pub final_gain: Vec<S>,
    pub final_bias: Vec<S>,
    /// Read-out, V×D and V.
    pub readout: Vec<S>,
    pub readout_bias: Vec<S>,
}

impl<S: Scalar> Weights<S> {
    /// All zeros in the layout of `shape` (gradients, Adam moments).
    pub fn zeros(shape: &Shape) -> Self {
        let z = |n: usize| vec![S::ZERO; n];
        let (d, f) = (shape.dim, shape.hidden());
        let m = |n: usize| if shape.mlp { z(n) } else { Vec::new() };
        let layer = Layer {
            ln1_gain: z(d),
            ln1_bias: z(d),
            wq: z(d * d),
            wk: z(d * d),
            wv: z(d * d),
            wo: z(d * d),
            ln2_gain: m(d),
            ln2_bias: m(d),
            w1: m(f * d),
            b1: m(f),
            w2: m(d * f),
            b2: m(d),
        };
        Weights {
            token: z(shape.vocab * d),
            position: z(shape.seq * d),
            layers: vec![layer; shape.layers],
            final_gain: z(d),
            final_bias: z(d),
            readout: z(shape.vocab * d),
            readout_bias: z(shape.vocab),
        }
    }

    /// Every tensor with its name, in a fixed order.
    pub fn tensors_mut(&mut self) -> Vec<(String, &mut Vec<S>)> {
        let mut out: Vec<(String, &mut Vec<S>)> = vec![
            ("token".into(), &mut self.token),
            ("position".into(), &mut self.position),
        ];
        for (l, layer) in self.layers.iter_mut().enumerate() {
            let Layer {
                ln1_gain,
                ln1_bias,
                wq,
                wk,
                wv,
                wo,
                ln2_gain,
                ln2_bias,
                w1,
                b1,
                w2,
                b2,
            } = layer;
            let named = [
                ("ln1_gain", ln1_gain),
                ("ln1_bias", ln1_bias),
                ("wq", wq),
                ("wk", wk),
                ("wv", wv),
                ("wo", wo),
                ("ln2_gain", ln2_gain),
                ("ln2_bias", ln2_bias),
                ("w1", w1),
                ("b1", b1),
                ("w2", w2),
                ("b2", b2),
            ];
            out.extend(
                named
                    .into_iter()
                    .filter(|(_, t)| !t.is_empty())
                    .map(|(n, t)| (format!("layer{}.{n}", l + 1), t)),
            );
        }
        out.extend([
            ("final_gain".into(), &mut self.final_gain),
            ("final_bias".into(), &mut self.final_bias),
            ("readout".into(), &mut self.readout),
            ("readout_bias".into(), &mut self.readout_bias),
        ]);
        out
    }

    /// Every entry converted to another scalar type (f32 weights to f64 for the gradient check).
    #[cfg(test)]
    pub fn convert<T: Scalar>(&self) -> Weights<T> {
        let c = |v: &Vec<S>| v.iter().map(|x| T::of(x.wide())).collect::<Vec<T>>();
        Weights {
            token: c(&self.token),
            position: c(&self.position),
            layers: self
                .layers
                .iter()
                .map(|l| Layer {
                    ln1_gain: c(&l.ln1_gain),
                    ln1_bias: c(&l.ln1_bias),
                    wq: c(&l.wq),
                    wk: c(&l.wk),
                    wv: c(&l.wv),
                    wo: c(&l.wo),
                    ln2_gain: c(&l.ln2_gain),
                    ln2_bias: c(&l.ln2_bias),
                    w1: c(&l.w1),
                    b1: c(&l.b1),
                    w2: c(&l.w2),
                    b2: c(&l.b2),
                })
                .collect(),
            final_gain: c(&self.final_gain),
            final_bias: c(&self.final_bias),
            readout: c(&self.readout),
            readout_bias: c(&self.readout_bias),
        }
    }
}

impl Weights<f32> {
    /// Initial weights from `rng`: unit-variance embeddings, gains 1, biases 0, and every
    /// matrix N(0, [`INIT_STD`]²).
    pub fn init(shape: &Shape, rng: &mut SeededRng) -> Self {
        let mut w = Self::zeros(shape);
        for (name, tensor) in w.tensors_mut() {
            let std = if name == "token" || name == "position" {
                1.0
            } else if name.ends_with("gain") {
                tensor.fill(1.0);
                continue;
            } else if name.ends_with("bias") || name.ends_with(".b1") || name.ends_with(".b2") {
                continue;
            } else {
                INIT_STD
            };
            for x in tensor.iter_mut() {
                *x = std * rng.gaussian();
            }
        }
        w
    }
}
