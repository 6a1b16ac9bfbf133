//! Corrupting a query before retrieval: flipped signs, masked entries, a masked image region,
//! Gaussian noise. Retrieval is only interesting from a damaged cue, and every panel of the app
//! (and the CLI) must damage it the same way for the same seed, so every random choice here goes
//! through [`SeededRng`] and every parameter a user can set is checked into a typed error.

use serde::{Deserialize, Serialize};

use super::error::{EngineError, Result, check_finite, check_range};
use super::rng::SeededRng;

/// The masked value for continuous models: 0 is neutral (it adds nothing to any dot product).
pub const MASK_CONTINUOUS: f32 = 0.0;
/// The masked value for binary models, whose states must stay ±1: a masked pixel reads as −1.
pub const MASK_BINARY: f32 = -1.0;
/// Largest noise σ accepted; beyond this the query is only noise and f32 sums lose precision.
pub const MAX_SIGMA: f32 = 1e6;

/// A rectangle of an image in pixel coordinates: `x` is the column, `y` the row (row 0 at the
/// top). It is clamped to the image, so a rectangle partly or wholly outside masks only what lies
/// inside — the UI can pass a drag rectangle straight through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PixelRect {
    /// Left column.
    pub x: usize,
    /// Top row.
    pub y: usize,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
}

/// One way of corrupting a query; serialises as `{"kind": "flip-signs", "fraction": 0.1}` etc.,
/// so that the app's URL state and the CLI's JSON describe a corruption the same way.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Corruption {
    /// Negate exactly round(fraction·d) distinct entries.
    FlipSigns {
        /// Fraction of entries to flip, in [0, 1].
        fraction: f32,
    },
    /// Set exactly round(fraction·d) distinct random entries to `value`.
    MaskRandom {
        /// Fraction of entries to mask, in [0, 1].
        fraction: f32,
        /// The masked value ([`MASK_CONTINUOUS`] or [`MASK_BINARY`]).
        value: f32,
    },
    /// Set the lower half of the image (or of the vector) to `value`.
    MaskLowerHalf {
        /// The masked value.
        value: f32,
    },
    /// Set a rectangle of the image to `value`.
    MaskRect {
        /// The region, clamped to the image.
        rect: PixelRect,
        /// The masked value.
        value: f32,
    },
    /// Add independent Gaussian noise of standard deviation `sigma` to every entry.
    GaussianNoise {
        /// Standard deviation σ ≥ 0.
        sigma: f32,
    },
}

impl Corruption {
    /// Applies this corruption to `query`. `side` is the side of the square image the query
    /// shows; `None` means "infer it from d when d is a perfect square" for the rectangle mask,
    /// and "treat the query as a plain vector" (mask entries ⌊d/2⌋..d) for the lower-half mask.
    pub fn apply(
        &self,
        query: &[f32],
        side: Option<usize>,
        rng: &mut SeededRng,
    ) -> Result<Vec<f32>> {
        match *self {
            Corruption::FlipSigns { fraction } => flip_signs(query, fraction, rng),
            Corruption::MaskRandom { fraction, value } => mask_random(query, fraction, value, rng),
            Corruption::MaskLowerHalf { value } => match side {
                Some(side) => mask_lower_half(query, side, value),
                None => mask_lower_half_vector(query, value),
            },
            Corruption::MaskRect { rect, value } => {
                let side = match side {
                    Some(side) => side,
                    None => square_side(query.len())?,
                };
                mask_rect(query, side, rect, value)
            }
            Corruption::GaussianNoise { sigma } => add_gaussian_noise(query, sigma, rng),
        }
    }
}

/// Negates exactly round(fraction·d) distinct entries chosen by `rng`.
pub fn flip_signs(query: &[f32], fraction: f32, rng: &mut SeededRng) -> Result<Vec<f32>> {
    check_query(query)?;
    let count = count_for_fraction(fraction, query.len())?;
    let mut out = query.to_vec();
    for i in choose_distinct(query.len(), count, rng) {
        out[i] = -out[i];
    }
    Ok(out)
}

/// Sets exactly round(fraction·d) distinct random entries to `value`.
pub fn mask_random(
    query: &[f32],
    fraction: f32,
    value: f32,
    rng: &mut SeededRng,
) -> Result<Vec<f32>> {
    check_query(query)?;
    check_value(value)?;
    let count = count_for_fraction(fraction, query.len())?;
    let mut out = query.to_vec();
    for i in choose_distinct(query.len(), count, rng) {
        out[i] = value;
    }
    Ok(out)
}

/// Sets the lower half of a side×side image (rows ⌊side/2⌋ .. side, row-major) to `value`.
pub fn mask_lower_half(query: &[f32], side: usize, value: f32) -> Result<Vec<f32>> {
    let rect = PixelRect {
        x: 0,
        y: side / 2,
        width: side,
        height: side - side / 2,
    };
    mask_rect(query, side, rect, value)
}

/// Sets entries ⌊d/2⌋ .. d of a plain vector to `value` (SCIENCE.md fact 13's "lower half").
pub fn mask_lower_half_vector(query: &[f32], value: f32) -> Result<Vec<f32>> {
    check_query(query)?;
    check_value(value)?;
    let mut out = query.to_vec();
    let half = out.len() / 2;
    out[half..].fill(value);
    Ok(out)
}

/// Sets the pixels of `rect` (clamped to the side×side image, row-major) to `value`.
pub fn mask_rect(query: &[f32], side: usize, rect: PixelRect, value: f32) -> Result<Vec<f32>> {
    check_query(query)?;
    check_value(value)?;
    check_side(query.len(), side)?;
    let x0 = rect.x.min(side);
    let x1 = rect.x.saturating_add(rect.width).min(side);
    let y0 = rect.y.min(side);
    let y1 = rect.y.saturating_add(rect.height).min(side);
    let mut out = query.to_vec();
    for row in y0..y1 {
        out[row * side + x0..row * side + x1].fill(value);
    }
    Ok(out)
}

/// Adds independent N(0, σ²) noise to every entry.
pub fn add_gaussian_noise(query: &[f32], sigma: f32, rng: &mut SeededRng) -> Result<Vec<f32>> {
    check_query(query)?;
    check_range("noise σ", sigma as f64, 0.0, MAX_SIGMA as f64)?;
    Ok(query.iter().map(|&v| v + sigma * rng.gaussian()).collect())
}

/// The side of a square image with d pixels, or a typed error when d is not a perfect square.
pub fn square_side(dim: usize) -> Result<usize> {
    let side = (dim as f64).sqrt().round() as usize;
    if side > 0 && side * side == dim {
        Ok(side)
    } else {
        Err(EngineError::DimensionMismatch {
            what: "the query (not a square image; give the image side)",
            expected: side.max(1) * side.max(1),
            found: dim,
        })
    }
}

/// round(fraction·d) after checking that the fraction lies in [0, 1].
fn count_for_fraction(fraction: f32, dim: usize) -> Result<usize> {
    check_range("corruption fraction", fraction as f64, 0.0, 1.0)?;
    // In f64 so that 0.1·100 rounds to 10, not to an f32 neighbour; the result is ≤ dim.
    Ok(((fraction as f64 * dim as f64).round() as usize).min(dim))
}

/// `count` distinct indices of `0..dim` by a partial Fisher–Yates shuffle (uniform over subsets).
fn choose_distinct(dim: usize, count: usize, rng: &mut SeededRng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..dim).collect();
    for i in 0..count {
        let j = i + rng.below(dim - i);
        order.swap(i, j);
    }
    order.truncate(count);
    order
}

fn check_query(query: &[f32]) -> Result<()> {
    if query.is_empty() {
        return Err(EngineError::Empty { what: "the query" });
    }
    check_finite("the query", query)
}

fn check_value(value: f32) -> Result<()> {
    check_finite("the mask value", &[value])
}

fn check_side(dim: usize, side: usize) -> Result<()> {
    if side.checked_mul(side) == Some(dim) {
        Ok(())
    } else {
        Err(EngineError::DimensionMismatch {
            what: "the query (as a side × side image)",
            expected: side.saturating_mul(side),
            found: dim,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choose_distinct_gives_distinct_indices() {
        let mut rng = SeededRng::new(1);
        let mut picked = choose_distinct(50, 20, &mut rng);
        picked.sort_unstable();
        picked.dedup();
        assert_eq!(picked.len(), 20);
        assert!(picked.iter().all(|&i| i < 50));
        assert_eq!(choose_distinct(5, 5, &mut rng).len(), 5);
        assert!(choose_distinct(5, 0, &mut rng).is_empty());
    }

    #[test]
    fn fraction_rounds_to_nearest() {
        assert_eq!(count_for_fraction(0.1, 100).unwrap(), 10);
        assert_eq!(count_for_fraction(0.5, 3).unwrap(), 2);
        assert_eq!(count_for_fraction(1.0, 7).unwrap(), 7);
        assert!(count_for_fraction(1.01, 7).is_err());
        assert!(count_for_fraction(f32::NAN, 7).is_err());
    }

    #[test]
    fn square_side_recognises_squares() {
        assert_eq!(square_side(64).unwrap(), 8);
        assert_eq!(square_side(1).unwrap(), 1);
        assert!(square_side(63).is_err());
        assert!(square_side(0).is_err());
    }

    #[test]
    fn corruption_round_trips_through_json() {
        let c = Corruption::MaskRect {
            rect: PixelRect {
                x: 1,
                y: 2,
                width: 3,
                height: 4,
            },
            value: 0.0,
        };
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"kind\":\"mask-rect\""), "{json}");
        let back: Corruption = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        let flip: Corruption =
            serde_json::from_str(r#"{"kind": "flip-signs", "fraction": 0.25}"#).unwrap();
        assert_eq!(flip, Corruption::FlipSigns { fraction: 0.25 });
        assert!(
            serde_json::from_str::<Corruption>(r#"{"kind": "flip-signs", "fractoin": 0.2}"#)
                .is_err()
        );
    }
}
