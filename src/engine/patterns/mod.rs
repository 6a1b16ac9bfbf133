//! Pattern sets: the stored memories X ∈ R^{d×N}, one pattern per column (column-major, so a
//! pattern is one contiguous slice). Every constructor validates its input, so a `PatternSet`
//! always has d ≥ 1, N ≥ 1, finite entries, and fits the size limits.

use nalgebra::{DMatrix, DVector};

use super::error::{EngineError, Result, check_finite};
use super::images::{GreyImage, ImageEncoding};
use super::math;
use super::rng::SeededRng;

mod draw;

pub use draw::PatternDraw;

/// Largest dimension d accepted (a 256×256 image).
pub const MAX_DIM: usize = 65_536;
/// Largest number of stored patterns N accepted.
pub const MAX_COUNT: usize = 1 << 20;
/// Largest d·N accepted: 2²⁴ floats = 64 MiB, what a browser tab can hold comfortably.
pub const MAX_ENTRIES: usize = 1 << 24;

/// The stored patterns x₁ … x_N as the columns of a d×N matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternSet {
    matrix: DMatrix<f32>,
}

/// Checks d and N against the limits before anything is allocated.
pub fn check_size(dim: usize, count: usize) -> Result<()> {
    if dim == 0 {
        return Err(EngineError::Empty {
            what: "a pattern (dimension d)",
        });
    }
    if count == 0 {
        return Err(EngineError::Empty {
            what: "the pattern set",
        });
    }
    if dim > MAX_DIM {
        return Err(EngineError::TooLarge {
            what: "dimension d",
            value: dim,
            limit: MAX_DIM,
        });
    }
    if count > MAX_COUNT {
        return Err(EngineError::TooLarge {
            what: "number of patterns N",
            value: count,
            limit: MAX_COUNT,
        });
    }
    let entries = dim.saturating_mul(count);
    if entries > MAX_ENTRIES {
        return Err(EngineError::TooLarge {
            what: "d × N",
            value: entries,
            limit: MAX_ENTRIES,
        });
    }
    Ok(())
}

impl PatternSet {
    /// Wraps a d×N matrix after checking sizes and finiteness.
    pub fn from_matrix(matrix: DMatrix<f32>) -> Result<Self> {
        check_size(matrix.nrows(), matrix.ncols())?;
        check_finite("the pattern set", matrix.as_slice())?;
        Ok(Self { matrix })
    }

    /// Wraps a d×N matrix of ±1 entries made by the engine itself (a drawn set, or a set
    /// binarised from a valid one): its size passed [`check_size`] before it was made and ±1 is
    /// finite, so the pass over every entry that [`PatternSet::from_matrix`] makes is skipped
    /// (at thousands of patterns it costs as much as drawing them).
    pub(crate) fn from_signs(matrix: DMatrix<f32>) -> Self {
        debug_assert!(check_size(matrix.nrows(), matrix.ncols()).is_ok());
        debug_assert!(matrix.iter().all(|v| v.abs() == 1.0));
        Self { matrix }
    }

    /// The d×N matrix, given up (to be changed in place and wrapped again).
    pub(crate) fn into_matrix(self) -> DMatrix<f32> {
        self.matrix
    }

    /// Builds a set from patterns given one per row (the CLI's JSON layout); all rows must
    /// have the same length.
    pub fn from_rows(rows: &[Vec<f32>]) -> Result<Self> {
        let count = rows.len();
        let dim = rows.first().map_or(0, Vec::len);
        check_size(dim, count)?;
        let mut data = Vec::with_capacity(dim * count);
        for row in rows {
            if row.len() != dim {
                return Err(EngineError::DimensionMismatch {
                    what: "a pattern",
                    expected: dim,
                    found: row.len(),
                });
            }
            data.extend_from_slice(row);
        }
        Self::from_matrix(DMatrix::from_vec(dim, count, data))
    }

    /// N random ±1 patterns of dimension d, each entry an independent fair coin.
    pub fn random_binary(dim: usize, count: usize, rng: &mut SeededRng) -> Result<Self> {
        Ok(PatternDraw::binary(dim, count)?.finish(rng))
    }

    /// N random Gaussian patterns; with `on_sphere` each is rescaled to norm √d, so that the
    /// continuous patterns have the same norm as ±1 patterns of the same d.
    pub fn random_gaussian(
        dim: usize,
        count: usize,
        on_sphere: bool,
        rng: &mut SeededRng,
    ) -> Result<Self> {
        check_size(dim, count)?;
        let mut matrix = DMatrix::from_fn(dim, count, |_, _| rng.gaussian());
        if on_sphere {
            let radius = (dim as f32).sqrt();
            for mut col in matrix.column_iter_mut() {
                let n = math::norm(col.as_slice());
                if n > 0.0 {
                    col *= radius / n;
                }
            }
        }
        Self::from_matrix(matrix)
    }

    /// Dimension d of each pattern.
    pub fn dim(&self) -> usize {
        self.matrix.nrows()
    }

    /// Number of stored patterns N.
    pub fn count(&self) -> usize {
        self.matrix.ncols()
    }

    /// The d×N matrix X.
    pub fn matrix(&self) -> &DMatrix<f32> {
        &self.matrix
    }

    /// Pattern μ as a contiguous slice (panics only on a programming error; use
    /// [`PatternSet::get`] for indices that come from the user).
    pub fn pattern(&self, mu: usize) -> &[f32] {
        let d = self.dim();
        &self.matrix.as_slice()[mu * d..(mu + 1) * d]
    }

    /// Pattern μ, or a typed error when the index comes from outside and is out of range.
    pub fn get(&self, mu: usize) -> Result<&[f32]> {
        if mu < self.count() {
            Ok(self.pattern(mu))
        } else {
            Err(EngineError::NoSuchPattern {
                index: mu,
                count: self.count(),
            })
        }
    }

    /// Iterates over the patterns as slices.
    pub fn iter(&self) -> impl Iterator<Item = &[f32]> {
        self.matrix.as_slice().chunks_exact(self.dim())
    }

    /// M = maxᵢ ‖xᵢ‖, the largest pattern norm.
    pub fn max_norm(&self) -> f32 {
        self.iter()
            .map(math::norm)
            .fold(0.0, |m, v| math::larger(v, m))
    }

    /// The mean pattern m_x = (1/N) Σᵢ xᵢ.
    pub fn mean(&self) -> DVector<f32> {
        let mut mean = DVector::zeros(self.dim());
        for x in self.iter() {
            math::axpy(1.0, x, mean.as_mut_slice());
        }
        mean / self.count() as f32
    }

    /// Overlap (cosine) of `state` with every stored pattern, in pattern order.
    pub fn overlaps(&self, state: &[f32]) -> Vec<f32> {
        self.iter().map(|x| math::overlap(state, x)).collect()
    }

    /// Checks that a query fits this set: same dimension, finite entries.
    pub fn check_query(&self, query: &[f32]) -> Result<()> {
        if query.len() != self.dim() {
            return Err(EngineError::DimensionMismatch {
                what: "the query",
                expected: self.dim(),
                found: query.len(),
            });
        }
        check_finite("the query", query)
    }
}

/// Constructors from images and correlated sets: the pattern sources where the classical
/// network visibly fails (similar photos) while the modern one does not.
impl PatternSet {
    /// One pattern per image, encoded by `encoding`; all images must have the same size (resize
    /// them first with [`GreyImage::to_square`]).
    pub fn from_images(images: &[GreyImage], encoding: ImageEncoding) -> Result<Self> {
        let first = images.first().ok_or(EngineError::Empty {
            what: "the image list",
        })?;
        let (width, height) = (first.width(), first.height());
        check_size(width * height, images.len())?;
        let mut data = Vec::with_capacity(width * height * images.len());
        for image in images {
            if (image.width(), image.height()) != (width, height) {
                return Err(EngineError::DimensionMismatch {
                    what: "an image (pixel count; all images must have the same size)",
                    expected: width * height,
                    found: image.width() * image.height(),
                });
            }
            data.extend(image.encode(encoding)?);
        }
        Self::from_matrix(DMatrix::from_vec(width * height, images.len(), data))
    }

    /// N noisy copies of one random ±1 prototype: each bit of each copy is flipped with
    /// probability q = (1 − √overlap)/2, so that the expected mutual overlap of two copies is
    /// (1 − 2q)² = `overlap` ∈ [0, 1] (0 gives independent patterns, 1 identical ones).
    pub fn correlated_binary(
        dim: usize,
        count: usize,
        overlap: f32,
        rng: &mut SeededRng,
    ) -> Result<Self> {
        Ok(PatternDraw::correlated(dim, count, overlap, rng)?.finish(rng))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_columns() {
        let set = PatternSet::from_rows(&[vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]]).unwrap();
        assert_eq!((set.dim(), set.count()), (2, 3));
        assert_eq!(set.pattern(1), &[3.0, 4.0]);
        assert_eq!(set.mean().as_slice(), &[3.0, 4.0]);
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        assert!(matches!(
            PatternSet::from_rows(&[vec![1.0, 2.0], vec![3.0]]),
            Err(EngineError::DimensionMismatch { .. })
        ));
        assert!(matches!(
            PatternSet::from_rows(&[]),
            Err(EngineError::Empty { .. })
        ));
        assert!(matches!(
            PatternSet::from_rows(&[vec![f32::NAN]]),
            Err(EngineError::NonFinite { .. })
        ));
        assert!(matches!(
            check_size(MAX_DIM, MAX_COUNT),
            Err(EngineError::TooLarge { .. })
        ));
        // d × N over the limit is named with both numbers and how to get under it.
        let message = check_size(4096, MAX_ENTRIES / 4096 + 1)
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            format!(
                "d × N = {} exceeds the limit of {MAX_ENTRIES}: reduce d × N to stay under it",
                4096 * (MAX_ENTRIES / 4096 + 1)
            )
        );
        assert!(check_size(4096, MAX_ENTRIES / 4096).is_ok());
        let set = PatternSet::from_rows(&[vec![1.0]]).unwrap();
        assert!(set.get(1).is_err());
        assert!(set.check_query(&[1.0, 2.0]).is_err());
    }

    #[test]
    fn random_sets_are_seeded() {
        let a = PatternSet::random_binary(64, 8, &mut SeededRng::new(1)).unwrap();
        let b = PatternSet::random_binary(64, 8, &mut SeededRng::new(1)).unwrap();
        assert_eq!(a, b);
        assert!(a.matrix().iter().all(|v| *v == 1.0 || *v == -1.0));
        let g = PatternSet::random_gaussian(50, 4, true, &mut SeededRng::new(2)).unwrap();
        for x in g.iter() {
            assert!((math::norm(x) - 50f32.sqrt()).abs() < 1e-3);
        }
    }

    #[test]
    fn images_become_patterns() {
        let a = GreyImage::new(2, 1, vec![0, 255]).unwrap();
        let b = GreyImage::new(2, 1, vec![255, 0]).unwrap();
        let set = PatternSet::from_images(&[a.clone(), b], ImageEncoding::Continuous).unwrap();
        assert_eq!((set.dim(), set.count()), (2, 2));
        assert_eq!(set.pattern(1), &[1.0, -1.0]);
        let odd = GreyImage::new(1, 2, vec![0, 255]).unwrap();
        assert!(matches!(
            PatternSet::from_images(&[a.clone(), odd.clone(), odd], ImageEncoding::Continuous),
            Err(EngineError::DimensionMismatch { .. })
        ));
        assert!(PatternSet::from_images(&[], ImageEncoding::Continuous).is_err());
        let bin = PatternSet::from_images(&[a], ImageEncoding::Binary { threshold: None }).unwrap();
        assert_eq!(bin.pattern(0), &[-1.0, 1.0]);
    }

    #[test]
    fn correlated_sets_have_the_requested_overlap() {
        let mut rng = SeededRng::new(9);
        for target in [0.0f32, 0.3, 0.8, 1.0] {
            let set = PatternSet::correlated_binary(2000, 6, target, &mut rng).unwrap();
            let mut sum = 0.0;
            let mut pairs = 0;
            for i in 0..6 {
                for j in i + 1..6 {
                    sum += math::overlap(set.pattern(i), set.pattern(j));
                    pairs += 1;
                }
            }
            let mean = sum / pairs as f32;
            assert!((mean - target).abs() < 0.05, "target {target}: mean {mean}");
        }
        assert!(PatternSet::correlated_binary(10, 2, 1.5, &mut rng).is_err());
    }
}
