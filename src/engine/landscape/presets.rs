//! Ready-made 2-D pattern sets for the landscape view, each chosen to show one thing as β goes
//! from 0.01 to 1000: separated points split from one global fixed point into three; two close
//! points and one far point pass through a metastable state averaging the close pair; two
//! clusters give one metastable state per cluster; a ring shows the symmetric split.

use serde::Serialize;

use crate::engine::error::{EngineError, Result};
use crate::engine::patterns::PatternSet;
use crate::engine::rng::SeededRng;

/// Number of points of the random preset.
const RANDOM_COUNT: usize = 8;
/// Half-side of the square the random preset's points are drawn from.
const RANDOM_HALF_SIDE: f32 = 2.5;

/// A named 2-D pattern set (d = 2) for the landscape view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Three points far apart (an equilateral triangle of radius 2).
    ThreeSeparated,
    /// Two points 0.6 apart and a third 3.4 away: global → metastable pair + single → three
    /// singles.
    TwoCloseOneFar,
    /// Two opposite clusters of three points each, 20° apart on a circle of radius 2 (equal
    /// norms, so that every point can become a single fixed point: a point inside the convex
    /// hull of its neighbours has negative separation and is never retrieved).
    TwoClusters,
    /// Eight points evenly spaced on a circle of radius 2.
    Ring,
    /// Eight points uniform in [−2.5, 2.5]², fixed by the seed (a point with negative
    /// separation never becomes a fixed point of its own, which is part of the lesson).
    Random {
        /// The seed of the draw.
        seed: u64,
    },
}

/// Points at the given angles (degrees) on a circle of the given radius.
fn on_circle(radius: f32, degrees: &[f32]) -> Vec<[f32; 2]> {
    degrees
        .iter()
        .map(|deg| {
            let angle = deg.to_radians();
            [radius * libm::cosf(angle), radius * libm::sinf(angle)]
        })
        .collect()
}

impl Preset {
    /// The presets without a parameter, in menu order (the random one follows them in the UI).
    pub const FIXED: [Preset; 4] = [
        Preset::ThreeSeparated,
        Preset::TwoCloseOneFar,
        Preset::TwoClusters,
        Preset::Ring,
    ];

    /// The kebab-case name used in the UI, the CLI and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Preset::ThreeSeparated => "three-separated",
            Preset::TwoCloseOneFar => "two-close-one-far",
            Preset::TwoClusters => "two-clusters",
            Preset::Ring => "ring",
            Preset::Random { .. } => "random",
        }
    }

    /// The preset's points (x, y).
    pub fn points(&self) -> Vec<[f32; 2]> {
        match self {
            Preset::ThreeSeparated => vec![[0.0, 2.0], [-1.732, -1.0], [1.732, -1.0]],
            Preset::TwoCloseOneFar => vec![[1.4, 0.3], [1.4, -0.3], [-2.0, 0.5]],
            Preset::TwoClusters => on_circle(2.0, &[25.0, 45.0, 65.0, 205.0, 225.0, 245.0]),
            Preset::Ring => on_circle(2.0, &[0.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0]),
            Preset::Random { seed } => {
                let mut rng = SeededRng::new(*seed);
                (0..RANDOM_COUNT)
                    .map(|_| {
                        let mut coord = || RANDOM_HALF_SIDE * (2.0 * rng.uniform() - 1.0);
                        [coord(), coord()]
                    })
                    .collect()
            }
        }
    }

    /// The preset as a pattern set (d = 2, one pattern per point).
    pub fn patterns(&self) -> Result<PatternSet> {
        let rows: Vec<Vec<f32>> = self.points().iter().map(|p| p.to_vec()).collect();
        PatternSet::from_rows(&rows)
    }
}

/// A square view ((x_min, x_max), (y_min, y_max)) around a 2-D pattern set with a margin, so
/// that every point and the basins around it are on screen (also after the user drags points).
pub fn view_ranges(patterns: &PatternSet) -> Result<((f32, f32), (f32, f32))> {
    if patterns.dim() != 2 {
        return Err(EngineError::DimensionMismatch {
            what: "the landscape's pattern set",
            expected: 2,
            found: patterns.dim(),
        });
    }
    let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
    for x in patterns.iter() {
        for k in 0..2 {
            lo[k] = lo[k].min(x[k]);
            hi[k] = hi[k].max(x[k]);
        }
    }
    let half = 0.5 * (hi[0] - lo[0]).max(hi[1] - lo[1]);
    let half = half + half.max(2.0) * 0.5;
    let centre = [0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1])];
    Ok((
        (centre[0] - half, centre[0] + half),
        (centre[1] - half, centre[1] + half),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_build_and_fit_their_view() {
        let mut all = Preset::FIXED.to_vec();
        all.push(Preset::Random { seed: 5 });
        for preset in all {
            let set = preset.patterns().unwrap();
            assert_eq!(set.dim(), 2);
            let ((x0, x1), (y0, y1)) = view_ranges(&set).unwrap();
            for p in set.iter() {
                assert!(
                    x0 < p[0] && p[0] < x1 && y0 < p[1] && p[1] < y1,
                    "{}",
                    preset.name()
                );
            }
        }
        assert_eq!(
            Preset::Random { seed: 1 }.points(),
            Preset::Random { seed: 1 }.points()
        );
        assert_eq!(Preset::Ring.points().len(), 8);
        assert_eq!(Preset::TwoClusters.points().len(), 6);
    }
}
