//! The whole model's forward and backward pass for one sequence, generic over the scalar (f32
//! to train, f64 for the gradient check): embeddings, L pre-LayerNorm layers of attention
//! (+ MLP), a final LayerNorm and a read-out at every position that has a target.

use super::attention::{Geometry, attention_backward, attention_forward};
use super::ops::{
    NormTape, layernorm_backward, layernorm_forward, linear_backward, linear_forward, relu,
    relu_backward,
};
use super::scalar::Scalar;
use super::tasks::{Example, NONE};
use super::weights::{Shape, Weights};

/// What one layer's backward needs of its forward (all N×D unless said).
#[derive(Debug, Clone, Default)]
pub struct LayerTape<S> {
    norm1: NormTape<S>,
    normed1: Vec<S>,
    q: Vec<S>,
    k: Vec<S>,
    v: Vec<S>,
    /// The attention weights, H blocks of N×N.
    pub probs: Vec<S>,
    heads_out: Vec<S>,
    norm2: NormTape<S>,
    normed2: Vec<S>,
    /// ReLU's output, N×F.
    hidden: Vec<S>,
}

/// One sequence's forward pass.
#[derive(Debug, Clone, Default)]
pub struct Tape<S> {
    pub layers: Vec<LayerTape<S>>,
    norm: NormTape<S>,
    normed: Vec<S>,
    /// N×V read-out logits.
    pub logits: Vec<S>,
}

/// Heads replaced by a fixed weight matrix: `fixed[layer][head]`, N×N when given.
pub type Fixed<'a, S> = Vec<Vec<Option<&'a [S]>>>;

/// (position, offset of the token's embedding row) for every token of `ex`: one or two per
/// position (a stored pair adds its key's and its value's embedding).
fn embedded(ex: &Example, d: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let tokens = ex
        .first
        .iter()
        .enumerate()
        .chain(ex.second.iter().enumerate());
    tokens
        .filter(|(_, tok)| **tok != NONE)
        .map(move |(t, &tok)| (t, tok as usize * d))
}

fn geometry<S: Scalar>(shape: &Shape) -> Geometry<S> {
    Geometry {
        n: shape.seq,
        dim: shape.dim,
        heads: shape.heads,
        beta: S::of(shape.beta() as f64),
    }
}

/// Runs `ex` through the model into `tape`.
pub fn forward<S: Scalar>(
    shape: &Shape,
    w: &Weights<S>,
    ex: &Example,
    fixed: &Fixed<S>,
    tape: &mut Tape<S>,
) {
    let (n, d, f) = (shape.seq, shape.dim, shape.hidden());
    let mut x = w.position.clone();
    for (t, row) in embedded(ex, d) {
        S::axpy(
            S::of(1.0),
            &w.token[row..row + d],
            &mut x[t * d..(t + 1) * d],
        );
    }
    tape.layers.resize_with(shape.layers, LayerTape::default);
    for (l, (layer, lt)) in w.layers.iter().zip(tape.layers.iter_mut()).enumerate() {
        let size = |v: &mut Vec<S>, len: usize| {
            v.clear();
            v.resize(len, S::ZERO);
        };
        size(&mut lt.normed1, n * d);
        layernorm_forward(
            &x,
            &layer.ln1_gain,
            &layer.ln1_bias,
            d,
            &mut lt.normed1,
            &mut lt.norm1,
        );
        for (m, out) in [
            (&layer.wq, &mut lt.q),
            (&layer.wk, &mut lt.k),
            (&layer.wv, &mut lt.v),
        ] {
            size(out, n * d);
            linear_forward(&lt.normed1, m, None, d, out);
        }
        size(&mut lt.probs, shape.heads * n * n);
        size(&mut lt.heads_out, n * d);
        let none = Vec::new();
        let fixed_here = fixed.get(l).unwrap_or(&none);
        let g = geometry(shape);
        attention_forward(
            g,
            &lt.q,
            &lt.k,
            &lt.v,
            fixed_here,
            &mut lt.probs,
            &mut lt.heads_out,
        );
        let mut att = vec![S::ZERO; n * d];
        linear_forward(&lt.heads_out, &layer.wo, None, d, &mut att);
        for (xi, ai) in x.iter_mut().zip(&att) {
            *xi += *ai;
        }
        if shape.mlp {
            size(&mut lt.normed2, n * d);
            layernorm_forward(
                &x,
                &layer.ln2_gain,
                &layer.ln2_bias,
                d,
                &mut lt.normed2,
                &mut lt.norm2,
            );
            size(&mut lt.hidden, n * f);
            linear_forward(&lt.normed2, &layer.w1, Some(&layer.b1), d, &mut lt.hidden);
            relu(&mut lt.hidden);
            linear_forward(&lt.hidden, &layer.w2, Some(&layer.b2), f, &mut att);
            for (xi, ai) in x.iter_mut().zip(&att) {
                *xi += *ai;
            }
        }
    }
    tape.normed.clear();
    tape.normed.resize(n * d, S::ZERO);
    layernorm_forward(
        &x,
        &w.final_gain,
        &w.final_bias,
        d,
        &mut tape.normed,
        &mut tape.norm,
    );
    tape.logits.clear();
    tape.logits.resize(n * shape.vocab, S::ZERO);
    linear_forward(
        &tape.normed,
        &w.readout,
        Some(&w.readout_bias),
        d,
        &mut tape.logits,
    );
}

/// Cross-entropy summed over the positions with a target, the number of them predicted
/// right (arg-max logit), and ∂(scale · loss sum)/∂logits.
pub fn readout_loss<S: Scalar>(
    shape: &Shape,
    ex: &Example,
    tape: &Tape<S>,
    scale: S,
) -> (f64, usize, Vec<S>) {
    let v = shape.vocab;
    let mut dlogits = vec![S::ZERO; tape.logits.len()];
    let (mut loss, mut correct) = (0.0, 0);
    for (t, &target) in ex.target.iter().enumerate() {
        if target == NONE {
            continue;
        }
        let z = &tape.logits[t * v..(t + 1) * v];
        let lse = S::lse(z);
        loss += (lse - z[target as usize]).wide();
        let best = (0..v).fold(0, |b, c| if z[c] > z[b] { c } else { b });
        correct += usize::from(best == target as usize);
        let dz = &mut dlogits[t * v..(t + 1) * v];
        S::softmax_into(S::of(1.0), z, dz);
        dz[target as usize] += S::of(-1.0);
        for g in dz.iter_mut() {
            *g *= scale;
        }
    }
    (loss, correct, dlogits)
}

/// Adds the gradient of the loss whose logit gradient is `dlogits` into `grads`.
pub fn backward<S: Scalar>(
    shape: &Shape,
    w: &Weights<S>,
    ex: &Example,
    tape: &Tape<S>,
    dlogits: &[S],
    grads: &mut Weights<S>,
) {
    let (n, d, f) = (shape.seq, shape.dim, shape.hidden());
    let mut dnormed = vec![S::ZERO; n * d];
    linear_backward(
        &tape.normed,
        &w.readout,
        dlogits,
        d,
        Some(&mut dnormed),
        &mut grads.readout,
        Some(&mut grads.readout_bias),
    );
    let mut dx = vec![S::ZERO; n * d];
    layernorm_backward(
        &dnormed,
        &w.final_gain,
        &tape.norm,
        d,
        &mut dx,
        &mut grads.final_gain,
        &mut grads.final_bias,
    );
    for ((layer, lt), gl) in w
        .layers
        .iter()
        .zip(&tape.layers)
        .zip(grads.layers.iter_mut())
        .rev()
    {
        if shape.mlp {
            let mut dhidden = vec![S::ZERO; n * f];
            linear_backward(
                &lt.hidden,
                &layer.w2,
                &dx,
                f,
                Some(&mut dhidden),
                &mut gl.w2,
                Some(&mut gl.b2),
            );
            relu_backward(&lt.hidden, &mut dhidden);
            let mut dn2 = vec![S::ZERO; n * d];
            linear_backward(
                &lt.normed2,
                &layer.w1,
                &dhidden,
                d,
                Some(&mut dn2),
                &mut gl.w1,
                Some(&mut gl.b1),
            );
            layernorm_backward(
                &dn2,
                &layer.ln2_gain,
                &lt.norm2,
                d,
                &mut dx,
                &mut gl.ln2_gain,
                &mut gl.ln2_bias,
            );
        }
        let mut dheads = vec![S::ZERO; n * d];
        linear_backward(
            &lt.heads_out,
            &layer.wo,
            &dx,
            d,
            Some(&mut dheads),
            &mut gl.wo,
            None,
        );
        let (mut dq, mut dk, mut dv) = (
            vec![S::ZERO; n * d],
            vec![S::ZERO; n * d],
            vec![S::ZERO; n * d],
        );
        let g = geometry(shape);
        attention_backward(
            g, &lt.q, &lt.k, &lt.v, &lt.probs, &dheads, &mut dq, &mut dk, &mut dv,
        );
        let mut dn1 = vec![S::ZERO; n * d];
        for (m, gm, dm) in [
            (&layer.wq, &mut gl.wq, &dq),
            (&layer.wk, &mut gl.wk, &dk),
            (&layer.wv, &mut gl.wv, &dv),
        ] {
            linear_backward(&lt.normed1, m, dm, d, Some(&mut dn1), gm, None);
        }
        layernorm_backward(
            &dn1,
            &layer.ln1_gain,
            &lt.norm1,
            d,
            &mut dx,
            &mut gl.ln1_gain,
            &mut gl.ln1_bias,
        );
    }
    for (i, g) in dx.iter().enumerate() {
        grads.position[i] += *g;
    }
    for (t, row) in embedded(ex, d) {
        S::axpy(
            S::of(1.0),
            &dx[t * d..(t + 1) * d],
            &mut grads.token[row..row + d],
        );
    }
}
