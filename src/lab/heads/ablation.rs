//! "Ablate each head": every head of the model replaced alone, and how far the sentence
//! embedding moves (damage = 1 − cosine). The 72 passes go to the worker a few heads per
//! request, so the view shows progress and a cancel takes effect soon; what came back is
//! booked here, and read against each head's k̄: does averaging cost least where a head
//! already averages ([P] §A.5.1.5)?

use super::analysis::{HeadClass, HeadSummary};
use crate::engine::short_sort;

/// Heads per request: each request also runs the unreplaced pass once, so fewer would cost
/// more passes, and more would make progress and cancel coarse.
pub const CHUNK: usize = 6;

/// The damage of each head, as far as it has come back.
#[derive(Debug, Clone, PartialEq)]
pub struct Ablation {
    damage: Vec<Option<f32>>,
    asked: usize,
}

impl Ablation {
    /// An ablation of `total` heads, nothing asked yet.
    pub fn new(total: usize) -> Ablation {
        Ablation {
            damage: vec![None; total],
            asked: 0,
        }
    }

    /// The next heads to ask for, as (first, count), or `None` once all were asked.
    pub fn next_chunk(&mut self) -> Option<(usize, usize)> {
        let first = self.asked;
        let count = CHUNK.min(self.damage.len().saturating_sub(first));
        (count > 0).then(|| {
            self.asked += count;
            (first, count)
        })
    }

    /// Books the damage of heads `first ..` (beyond the model's heads is ignored).
    pub fn record(&mut self, first: usize, damage: &[f32]) {
        for (slot, &d) in self.damage.iter_mut().skip(first).zip(damage) {
            *slot = Some(if d.is_finite() { d } else { 0.0 });
        }
    }

    /// How many heads are booked.
    pub fn done(&self) -> usize {
        self.damage.iter().filter(|d| d.is_some()).count()
    }

    /// How many heads there are.
    pub fn total(&self) -> usize {
        self.damage.len()
    }

    /// Every head's damage, once all are booked.
    pub fn damage(&self) -> Option<Vec<f32>> {
        self.damage.iter().copied().collect()
    }
}

/// Ranks of `values` from 0 (ties share their mean rank).
fn ranks(values: &[f32]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Tied values share their mean rank, so the order within a tie does not matter.
    short_sort::heap_sort_by(&mut order, |&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let mean = (start + end - 1) as f64 / 2.0;
        order[start..end].iter().for_each(|&i| ranks[i] = mean);
        start = end;
    }
    ranks
}

/// Spearman's rank correlation of `a` and `b` (0 when either is constant).
pub fn spearman(a: &[f32], b: &[f32]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len().min(rb.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mean = (n - 1.0) / 2.0;
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        cov += (x - mean) * (y - mean);
        va += (x - mean) * (x - mean);
        vb += (y - mean) * (y - mean);
    }
    if va == 0.0 || vb == 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}

/// What the ablation found, in words: the mean damage of each class present, the heads that
/// cost least and most, and the rank correlation of damage with median k90 (positive: heads
/// that average more cost more when replaced by averaging).
pub fn reading(damage: &[f32], summaries: &[HeadSummary], heads: usize) -> String {
    let heads = heads.max(1);
    let classes: Vec<String> = HeadClass::ALL
        .iter()
        .filter_map(|&c| {
            let of: Vec<f32> = summaries
                .iter()
                .zip(damage)
                .filter(|(s, _)| s.class == c)
                .map(|(_, &d)| d)
                .collect();
            (!of.is_empty()).then(|| {
                let mean = of.iter().sum::<f32>() / of.len() as f32;
                format!("class {} {:.4} ({} heads)", c.numeral(), mean, of.len())
            })
        })
        .collect();
    let extreme = |pick: fn(f32, f32) -> bool| {
        let (i, d) = damage.iter().enumerate().fold(
            (0, damage.first().copied().unwrap_or(0.0)),
            |best, (i, &d)| {
                if pick(d, best.1) { (i, d) } else { best }
            },
        );
        format!("{}.{} ({d:.4})", i / heads + 1, i % heads + 1)
    };
    let k90: Vec<f32> = summaries.iter().map(|s| s.median_k90).collect();
    let rho = spearman(&k90, damage);
    let trend = if rho < -0.2 {
        "heads that already average cost less when replaced by averaging"
    } else if rho > 0.2 {
        "heads that already average cost more when replaced by averaging"
    } else {
        "damage hardly follows how much a head averages"
    };
    format!(
        "Mean damage 1 − cosine by class: {}. Least: head {}, most: head {}. Rank correlation \
         of damage with median k90: ρ = {rho:.2} — {trend}.",
        classes.join(", "),
        extreme(|d, best| d < best),
        extreme(|d, best| d > best),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_head_once_and_book_in_any_order() {
        let mut a = Ablation::new(14);
        let mut asked = Vec::new();
        while let Some(chunk) = a.next_chunk() {
            asked.push(chunk);
        }
        assert_eq!(asked, [(0, CHUNK), (6, CHUNK), (12, 2)]);
        a.record(12, &[0.3, f32::NAN]);
        a.record(0, &[0.1; 6]);
        assert_eq!((a.done(), a.total(), a.damage()), (8, 14, None));
        a.record(6, &[0.2; 6]);
        let d = a.damage().unwrap();
        assert_eq!((d[0], d[6], d[12], d[13]), (0.1, 0.2, 0.3, 0.0));
        a.record(13, &[0.5, 0.9, 0.9]);
        assert_eq!(a.damage().unwrap().len(), 14, "beyond the model is ignored");
    }

    #[test]
    fn spearman_of_monotone_reversed_tied_and_constant() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 90.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), [1.5, 0.0, 1.5]);
    }

    #[test]
    fn the_reading_names_classes_extremes_and_the_trend() {
        let at = |median_k90, class| HeadSummary {
            median_k90,
            class,
            jacobian: 0.0,
        };
        let s = [
            at(20.0, HeadClass::I),
            at(12.0, HeadClass::I),
            at(3.0, HeadClass::III),
            at(1.0, HeadClass::IV),
        ];
        let text = reading(&[0.001, 0.002, 0.01, 0.05], &s, 2);
        assert!(text.contains("class I 0.0015 (2 heads)"), "{text}");
        assert!(
            text.contains("Least: head 1.1 (0.0010), most: head 2.2 (0.0500)"),
            "{text}"
        );
        assert!(
            text.contains("ρ = -1.00") && text.contains("cost less"),
            "{text}"
        );
    }
}
