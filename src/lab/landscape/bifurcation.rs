//! The bifurcation diagram's data: each fixed point at its coordinates on the patterns' main
//! and second axes, one column per β. Two axes because one hides a split: two close patterns
//! sit at nearly the same main coordinate (1.1 and 1.2 for two-close-one-far), and the
//! metastable state averaging them splits across the main axis, along the second.

use crate::engine::fixed_points::{Axis, FixedPointOptions, find_fixed_points};
use crate::engine::{ModernHopfield, PatternSet, Result, SeededRng};
use crate::plots::bifurcation::BifurcationColumn;

/// The two axes of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Axes {
    main: Axis,
    second: Axis,
}

impl Axes {
    /// The first two principal axes of `patterns`.
    pub fn of(patterns: &PatternSet) -> Self {
        let main = Axis::of(patterns);
        let second = main.second(patterns);
        Self { main, second }
    }

    /// A state's coordinates [main, second].
    pub fn coords(&self, state: &[f32]) -> [f32; 2] {
        [self.main.coordinate(state), self.second.coordinate(state)]
    }
}

/// The fixed points of `patterns` at `beta` (default search, seeded with `seed`), as a column.
pub fn column(
    patterns: &PatternSet,
    axes: &Axes,
    beta: f32,
    seed: u64,
) -> Result<BifurcationColumn> {
    let net = ModernHopfield::new(patterns.clone(), beta)?;
    let points = find_fixed_points(
        &net,
        &FixedPointOptions::default(),
        &mut SeededRng::new(seed),
    )?;
    Ok(BifurcationColumn {
        beta,
        points: points
            .iter()
            .map(|p| (axes.coords(&p.state), p.kind))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixed_points::FixedPointKind;
    use crate::engine::landscape::Preset;
    use crate::plots::bifurcation::panel_ranges;

    /// How far apart a and b are in the panel that separates them best, as a fraction of that
    /// panel's height.
    fn visible(a: [f32; 2], b: [f32; 2], ranges: &[(f32, f32); 2]) -> f32 {
        (0..2)
            .map(|k| (a[k] - b[k]).abs() / (ranges[k].1 - ranges[k].0))
            .fold(0.0, f32::max)
    }

    /// Two-close-one-far: the merge (the pair's metastable state and the far point) and the
    /// split (the pair's two single points) are both plain to see. On the main axis alone the
    /// split spanned 2 % of the height.
    #[test]
    fn the_split_is_as_visible_as_the_merge() {
        let set = Preset::TwoCloseOneFar.patterns().unwrap();
        let axes = Axes::of(&set);
        let merged = column(&set, &axes, 1.0, 7).unwrap();
        let split = column(&set, &axes, 1000.0, 7).unwrap();
        let kinds: Vec<_> = merged.points.iter().map(|p| p.1).collect();
        assert_eq!(kinds, [FixedPointKind::Metastable, FixedPointKind::Single]);
        assert_eq!(split.points.len(), 3);
        let patterns: Vec<[f32; 2]> = set.iter().map(|x| axes.coords(x)).collect();
        let ranges = panel_ranges(&[merged.clone(), split.clone()], &patterns);
        let single_at = |mu: usize| {
            let target = axes.coords(set.pattern(mu));
            split
                .points
                .iter()
                .map(|p| p.0)
                .min_by(|a, b| dist(*a, target).total_cmp(&dist(*b, target)))
                .unwrap()
        };
        let merge = visible(merged.points[0].0, merged.points[1].0, &ranges);
        let pair = visible(single_at(0), single_at(1), &ranges);
        assert!(merge > 0.5, "merge spans {merge}");
        assert!(pair >= 0.5 * merge, "split spans {pair}, merge {merge}");
    }

    fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
        (a[0] - b[0]).hypot(a[1] - b[1])
    }
}
