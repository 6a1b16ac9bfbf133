//! Every parameter tensor's gradient against central finite differences, on a tiny model with
//! two layers, two heads and the MLP. The check runs the training code itself in f64 (it is
//! generic over the scalar), so the differences are not decided by f32 rounding.

use super::model::{Tape, backward, forward, readout_loss};
use super::tasks::{Example, Task};
use super::weights::{Shape, Weights};
use crate::engine::SeededRng;

/// Mean loss of `batch` and, when asked, its gradient.
fn loss(
    shape: &Shape,
    w: &Weights<f64>,
    batch: &[Example],
    grads: Option<&mut Weights<f64>>,
) -> f64 {
    let targets: usize = batch
        .iter()
        .map(|e| e.target.iter().filter(|&&t| t != u32::MAX).count())
        .sum();
    let scale = 1.0 / targets as f64;
    let mut tape = Tape::default();
    let mut total = 0.0;
    let mut grads = grads;
    for ex in batch {
        forward(shape, w, ex, &Vec::new(), &mut tape);
        let (sum, _, dlogits) = readout_loss(shape, ex, &tape, scale);
        total += sum * scale;
        if let Some(g) = grads.as_deref_mut() {
            backward(shape, w, ex, &tape, &dlogits, g);
        }
    }
    total
}

fn check(task: Task, mlp: bool) {
    let shape = Shape {
        vocab: task.vocab(),
        seq: 8,
        dim: 8,
        heads: 2,
        layers: 2,
        mlp,
    };
    let mut rng = SeededRng::new(11);
    // Larger than the training init, so that every block's gradient is far from zero.
    let mut w = Weights::<f32>::init(&shape, &mut rng).convert::<f64>();
    for (_, t) in w.tensors_mut() {
        for x in t.iter_mut() {
            *x += 0.5 * rng.gaussian() as f64;
        }
    }
    let batch: Vec<Example> = (0..2).map(|_| task.example(shape.seq, &mut rng)).collect();
    let mut grads = Weights::zeros(&shape);
    loss(&shape, &w, &batch, Some(&mut grads));
    let analytic: Vec<(String, Vec<f64>)> = grads
        .tensors_mut()
        .into_iter()
        .map(|(n, t)| (n, t.clone()))
        .collect();
    let h = 1e-5;
    let mut checked = 0;
    for (index, (name, g)) in analytic.iter().enumerate() {
        let (mut diff, mut norm) = (0.0f64, 0.0f64);
        for (i, &gi) in g.iter().enumerate() {
            let probe = |delta: f64| {
                let mut v = w.clone();
                v.tensors_mut()[index].1[i] += delta;
                loss(&shape, &v, &batch, None)
            };
            let numeric = (probe(h) - probe(-h)) / (2.0 * h);
            diff += (numeric - gi).powi(2);
            norm += gi.powi(2);
        }
        let relative = diff.sqrt() / norm.sqrt().max(1e-12);
        assert!(
            norm.sqrt() > 1e-6,
            "{task:?} {name}: gradient is zero, the check would be empty"
        );
        assert!(
            relative < 1e-3,
            "{task:?} {name}: relative error {relative:e}"
        );
        checked += 1;
    }
    let layer_tensors = if mlp { 12 } else { 6 };
    assert_eq!(checked, 2 + 2 * layer_tensors + 4);
}

#[test]
fn every_gradient_matches_finite_differences_with_the_mlp() {
    check(Task::Recall, true);
}

#[test]
fn every_gradient_matches_finite_differences_without_the_mlp() {
    check(Task::CopyBack, false);
}
