//! The snapshots of one training run as the plots read them (one series per curve and per
//! head), and the sentences that say what the run has shown so far: when the accuracy passed
//! 0.9, which heads left class I, and where they are now — the paper's claim that heads start
//! by averaging and then switch to metastable or single-pattern states, checked on this run.

use crate::engine::transformer::Snapshot;
use crate::lab::heads::analysis::HeadClass;

/// The accuracy the view's goal names.
pub const GOAL_ACCURACY: f32 = 0.9;

/// Every snapshot of a run, in step order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    snapshots: Vec<Snapshot>,
}

impl History {
    /// Adds `s` (a snapshot at a step already recorded replaces it).
    pub fn push(&mut self, s: Snapshot) {
        match self.snapshots.last_mut() {
            Some(last) if last.step == s.step => *last = s,
            _ => self.snapshots.push(s),
        }
    }

    /// The snapshots.
    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    /// The latest snapshot.
    pub fn last(&self) -> Option<&Snapshot> {
        self.snapshots.last()
    }

    /// The steps.
    pub fn steps(&self) -> Vec<usize> {
        self.snapshots.iter().map(|s| s.step).collect()
    }

    /// The probe loss at each step.
    pub fn loss(&self) -> Vec<f32> {
        self.snapshots.iter().map(|s| s.loss).collect()
    }

    /// The probe accuracy at each step.
    pub fn accuracy(&self) -> Vec<f32> {
        self.snapshots.iter().map(|s| s.accuracy).collect()
    }

    /// Head `index`'s (layer-major) median k90 at each step.
    pub fn k90(&self, index: usize) -> Vec<f32> {
        self.head_series(index, |h| h.k90_median)
    }

    /// Head `index`'s Jacobian norm at each step.
    pub fn jacobian(&self, index: usize) -> Vec<f32> {
        self.head_series(index, |h| h.jacobian)
    }

    fn head_series(
        &self,
        index: usize,
        value: impl Fn(&crate::engine::transformer::HeadStat) -> f32,
    ) -> Vec<f32> {
        self.snapshots
            .iter()
            .map(|s| s.heads.get(index).map_or(f32::NAN, &value))
            .collect()
    }

    /// The first step at which the accuracy reached [`GOAL_ACCURACY`].
    pub fn goal_step(&self) -> Option<usize> {
        self.snapshots
            .iter()
            .find(|s| s.accuracy >= GOAL_ACCURACY)
            .map(|s| s.step)
    }

    /// Per head (layer-major), the first step at which it was no longer class I.
    pub fn left_averaging(&self) -> Vec<Option<usize>> {
        let heads = self.snapshots.first().map_or(0, |s| s.heads.len());
        (0..heads)
            .map(|i| {
                self.snapshots
                    .iter()
                    .find(|s| s.heads.get(i).is_some_and(|h| h.class != HeadClass::I))
                    .map(|s| s.step)
            })
            .collect()
    }

    /// What the run shows so far, in sentences (empty before the first snapshot).
    pub fn reading(&self, drops: &[usize]) -> Vec<String> {
        let (Some(first), Some(last)) = (self.snapshots.first(), self.snapshots.last()) else {
            return Vec::new();
        };
        let heads = first.heads.len();
        let count = |s: &Snapshot, c: HeadClass| s.heads.iter().filter(|h| h.class == c).count();
        let mut out = vec![format!(
            "At step {}: {} of {heads} heads in class I (averaging).",
            first.step,
            count(first, HeadClass::I)
        )];
        out.push(match self.goal_step() {
            Some(step) => format!("Held-out accuracy passed {GOAL_ACCURACY} at step {step}."),
            None => format!(
                "Held-out accuracy has not reached {GOAL_ACCURACY} yet ({:.2} at step {}).",
                last.accuracy, last.step
            ),
        });
        let left: Vec<usize> = self.left_averaging().into_iter().flatten().collect();
        if left.is_empty() {
            out.push("No head has left class I so far.".into());
        } else {
            out.push(format!(
                "{} of {heads} heads left class I, the first at step {}.",
                left.len(),
                left.iter().min().copied().unwrap_or_default()
            ));
        }
        let classes: Vec<String> = HeadClass::ALL
            .iter()
            .map(|&c| format!("{} {}", count(last, c), c.numeral()))
            .collect();
        out.push(format!(
            "Now (step {}): {}.",
            last.step,
            classes.join(" · ")
        ));
        if !drops.is_empty() {
            let marks: Vec<String> = drops.iter().map(usize::to_string).collect();
            out.push(format!(
                "The loss fell fastest at step {}.",
                marks.join(" and ")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::transformer::HeadStat;

    fn snapshot(step: usize, accuracy: f32, k90s: &[f32]) -> Snapshot {
        Snapshot {
            step,
            loss: 1.0,
            accuracy,
            heads: k90s
                .iter()
                .enumerate()
                .map(|(head, &k)| HeadStat {
                    layer: 0,
                    head,
                    k90_median: k,
                    class: HeadClass::of(k, 32),
                    jacobian: 0.1,
                })
                .collect(),
        }
    }

    #[test]
    fn the_reading_names_the_goal_and_the_heads_that_left_averaging() {
        let mut h = History::default();
        assert!(h.reading(&[]).is_empty());
        h.push(snapshot(0, 0.05, &[29.0, 29.0]));
        h.push(snapshot(100, 0.5, &[29.0, 7.0]));
        h.push(snapshot(200, 0.95, &[1.0, 7.0]));
        h.push(snapshot(200, 0.96, &[1.0, 7.0]));
        assert_eq!(h.steps(), vec![0, 100, 200]);
        assert_eq!(h.goal_step(), Some(200));
        assert_eq!(h.left_averaging(), vec![Some(200), Some(100)]);
        assert_eq!(h.k90(1), vec![29.0, 7.0, 7.0]);
        assert!(h.k90(5).iter().all(|k| k.is_nan()));
        let text = h.reading(&[150]).join(" ");
        assert!(
            text.contains("At step 0: 2 of 2 heads in class I"),
            "{text}"
        );
        assert!(text.contains("passed 0.9 at step 200"), "{text}");
        assert!(text.contains("2 of 2 heads left class I, the first at step 100"));
        assert!(text.contains("Now (step 200): 0 I · 1 II · 0 III · 1 IV."));
        assert!(text.contains("fell fastest at step 150"));
    }
}
