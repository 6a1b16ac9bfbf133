//! The stored set as each model sees it: continuous values for the modern network, ±1 values
//! (binarised at a threshold, by default each pattern's own mean) for the classic and dense ones.

use crate::engine::{EngineError, PatternSet, Result};

use super::library::Stored;

/// The stored patterns in both encodings, with their gallery labels.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSet {
    /// Side of the square images (d = side²).
    pub side: usize,
    /// One label per pattern.
    pub labels: Vec<String>,
    /// What the modern network stores.
    pub continuous: PatternSet,
    /// What the classic and dense networks store (±1).
    pub binary: PatternSet,
}

/// A grey level t ∈ [0, 255] as a value of the [−1, 1] image encoding.
pub fn grey_threshold_to_unit(grey: f32) -> f32 {
    2.0 * grey.clamp(0.0, 255.0) / 255.0 - 1.0
}

/// ±1 by `threshold` (in the continuous encoding; `None`: the mean of `values`): v > t ↦ +1,
/// else −1 — the engine's image binarisation, applied to any pattern.
pub fn binarise_at(values: &[f32], threshold: Option<f32>) -> Vec<f32> {
    let t = threshold.unwrap_or_else(|| {
        values.iter().map(|&v| v as f64).sum::<f64>() as f32 / values.len().max(1) as f32
    });
    values
        .iter()
        .map(|&v| if v > t { 1.0 } else { -1.0 })
        .collect()
}

impl StoredSet {
    /// Builds both encodings of `items` (all of side²values). `threshold` is a grey level in
    /// [0, 255], or `None` for each pattern's own mean.
    pub fn new(items: &[Stored], side: usize, threshold: Option<f32>) -> Result<Self> {
        let dim = side * side;
        if let Some(bad) = items.iter().find(|s| s.values.len() != dim) {
            return Err(EngineError::DimensionMismatch {
                what: "a stored pattern",
                expected: dim,
                found: bad.values.len(),
            });
        }
        let unit = threshold.map(grey_threshold_to_unit);
        let continuous: Vec<Vec<f32>> = items.iter().map(|s| s.values.clone()).collect();
        let binary: Vec<Vec<f32>> = items.iter().map(|s| binarise_at(&s.values, unit)).collect();
        Ok(Self {
            side,
            labels: items.iter().map(|s| s.label.clone()).collect(),
            continuous: PatternSet::from_rows(&continuous)?,
            binary: PatternSet::from_rows(&binary)?,
        })
    }

    /// Number of stored patterns N.
    pub fn count(&self) -> usize {
        self.continuous.count()
    }

    /// Dimension d.
    pub fn dim(&self) -> usize {
        self.continuous.dim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(values: Vec<f32>) -> Stored {
        Stored {
            label: "x".into(),
            values,
        }
    }

    #[test]
    fn binarises_at_the_mean_or_a_grey_level() {
        assert_eq!(
            binarise_at(&[-0.5, 0.0, 0.7, 0.1], None),
            vec![-1.0, -1.0, 1.0, 1.0]
        );
        assert_eq!(
            binarise_at(&[-0.5, 0.0, 0.7], Some(0.5)),
            vec![-1.0, -1.0, 1.0]
        );
        assert!((grey_threshold_to_unit(255.0) - 1.0).abs() < 1e-6);
        let set = StoredSet::new(&[item(vec![-1.0, -0.6, 0.2, 1.0])], 2, Some(127.5)).unwrap();
        assert_eq!(set.binary.pattern(0), &[-1.0, -1.0, 1.0, 1.0]);
        assert_eq!(set.continuous.pattern(0), &[-1.0, -0.6, 0.2, 1.0]);
    }

    #[test]
    fn refuses_a_wrong_size_and_an_empty_set() {
        assert!(StoredSet::new(&[item(vec![0.0; 3])], 2, None).is_err());
        assert!(StoredSet::new(&[], 2, None).is_err());
    }
}
