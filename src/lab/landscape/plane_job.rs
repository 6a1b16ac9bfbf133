//! The landscape of a high-dimensional set on the plane through three of its points: the
//! plane and its view ([`PlaneSetup`]), E on a grid over it (cheap: O(N) per cell), and the
//! slow part as a resumable job ([`PlaneJob`]): every cell of a coarser grid is a start whose
//! relaxation gives its basin and, together, the fixed points reachable from the plane.

use crate::engine::fixed_points::{FixedPoint, FixedPointOptions, FixedPointSearch};
use crate::engine::landscape::{Grid, Plane, energy_grid_on_plane};
use crate::engine::{ModernHopfield, PatternSet, Result, SeededRng};

/// Margin around the three anchors, as a fraction of the larger side of their bounding box.
const MARGIN: f32 = 0.45;
/// Seed of the stability tests' probes.
const SEED: u64 = 11;

/// The search options for starts in high dimension: fewer steps than the 2-D default (a
/// start that crawls for longer is left unlabelled rather than freezing the page).
pub fn search_options() -> FixedPointOptions {
    FixedPointOptions {
        max_steps: 400,
        ..FixedPointOptions::default()
    }
}

/// The plane through three points and the square of it that is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaneSetup {
    /// The plane (first anchor at the origin, second on the u axis).
    pub plane: Plane,
    /// (u_min, u_max) shown.
    pub u_range: (f32, f32),
    /// (v_min, v_max) shown.
    pub v_range: (f32, f32),
    /// (u, v) of the three anchors.
    pub anchors: [(f32, f32); 3],
    /// (u, v) of the projection of every stored pattern.
    pub patterns: Vec<(f32, f32)>,
}

impl PlaneSetup {
    /// The plane through `points` with a square view around them.
    pub fn through(patterns: &PatternSet, points: [&[f32]; 3]) -> Result<Self> {
        let plane = Plane::through(points[0], points[1], points[2])?;
        let mut anchors = [(0.0, 0.0); 3];
        for (slot, p) in anchors.iter_mut().zip(points) {
            *slot = plane.coords(p)?;
        }
        let (lo_u, hi_u) = span(anchors.iter().map(|a| a.0));
        let (lo_v, hi_v) = span(anchors.iter().map(|a| a.1));
        let half = 0.5 * (hi_u - lo_u).max(hi_v - lo_v) * (1.0 + 2.0 * MARGIN);
        let (cu, cv) = (0.5 * (lo_u + hi_u), 0.5 * (lo_v + hi_v));
        let patterns = patterns
            .iter()
            .map(|x| plane.coords(x))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            plane,
            u_range: (cu - half, cu + half),
            v_range: (cv - half, cv + half),
            anchors,
            patterns,
        })
    }

    /// A side×side grid over the shown square.
    pub fn grid(&self, side: usize) -> Result<Grid> {
        Grid::new(self.u_range, self.v_range, side, side)
    }

    /// E at the cells of a side×side grid over the shown square (row 0 on top).
    pub fn energy(&self, net: &ModernHopfield, side: usize) -> Result<Vec<f32>> {
        energy_grid_on_plane(net, &self.plane, &self.grid(side)?)
    }

    /// Whether (u, v) is inside the shown square.
    pub fn shows(&self, (u, v): (f32, f32)) -> bool {
        (self.u_range.0..=self.u_range.1).contains(&u)
            && (self.v_range.0..=self.v_range.1).contains(&v)
    }
}

fn span(values: impl Iterator<Item = f32>) -> (f32, f32) {
    values.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// The basin map and fixed points of a plane, computed a few starts per call.
#[derive(Debug, Clone)]
pub struct PlaneJob {
    search: FixedPointSearch,
    plane: Plane,
    grid: Grid,
    labels: Vec<Option<usize>>,
    state: Vec<f32>,
    rng: SeededRng,
}

impl PlaneJob {
    /// A job over the cells of a side×side grid of `setup`'s square.
    pub fn new(net: ModernHopfield, setup: &PlaneSetup, side: usize) -> Result<Self> {
        let grid = setup.grid(side)?;
        let d = net.patterns().dim();
        Ok(Self {
            search: FixedPointSearch::new(net, search_options())?,
            plane: setup.plane.clone(),
            labels: Vec::with_capacity(grid.len()),
            grid,
            state: vec![0.0; d],
            rng: SeededRng::new(SEED),
        })
    }

    /// Relaxes up to `starts` more cells; `true` once every cell is done.
    pub fn step(&mut self, starts: usize) -> Result<bool> {
        for _ in 0..starts {
            let k = self.labels.len();
            if k >= self.grid.len() {
                break;
            }
            let (u, v) = self.grid.point(k % self.grid.width, k / self.grid.width);
            self.plane.point_into(u, v, &mut self.state);
            let label = self.search.add_start(&self.state, &mut self.rng)?;
            self.labels.push(label);
        }
        Ok(self.is_done())
    }

    /// Whether every cell is done.
    pub fn is_done(&self) -> bool {
        self.labels.len() >= self.grid.len()
    }

    /// Fraction of the cells done.
    pub fn progress(&self) -> f32 {
        self.labels.len() as f32 / self.grid.len() as f32
    }

    /// The basin label of each cell done so far (row-major, row 0 on top): the index of its
    /// fixed point in [`PlaneJob::fixed_points`], or none (not converged, or unstable).
    pub fn labels(&self) -> &[Option<usize>] {
        &self.labels
    }

    /// The grid of the basin map.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The fixed points reached so far, in the order they were first reached.
    pub fn fixed_points(&self) -> &[FixedPoint] {
        self.search.found()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixed_points::FixedPointKind;
    use crate::engine::landscape::Grid;

    fn set() -> PatternSet {
        let mut rng = SeededRng::new(4);
        PatternSet::random_binary(64, 5, &mut rng).unwrap()
    }

    #[test]
    fn plane_energy_at_a_pattern_is_its_energy() {
        let set = set();
        let net = ModernHopfield::new(set.clone(), 0.3).unwrap();
        let points = [set.pattern(0), set.pattern(1), set.pattern(2)];
        let setup = PlaneSetup::through(&set, points).unwrap();
        for (mu, &(u, v)) in setup.anchors.iter().enumerate() {
            assert!(setup.shows((u, v)));
            let one = Grid::new((u - 0.5, u + 0.5), (v - 0.5, v + 0.5), 1, 1).unwrap();
            let e = energy_grid_on_plane(&net, &setup.plane, &one).unwrap()[0];
            let direct = net.energy(set.pattern(mu)).unwrap();
            assert!(
                (e - direct).abs() < 1e-3 * direct.abs().max(1.0),
                "{e} vs {direct}"
            );
        }
        assert_eq!(setup.energy(&net, 9).unwrap().len(), 81);
        assert!(PlaneSetup::through(&set, [points[0], points[0], points[1]]).is_err());
    }

    #[test]
    fn basins_on_the_plane_lead_to_the_three_patterns_at_large_beta() {
        let set = set();
        let net = ModernHopfield::new(set.clone(), 1.0).unwrap();
        let setup =
            PlaneSetup::through(&set, [set.pattern(0), set.pattern(1), set.pattern(2)]).unwrap();
        let mut job = PlaneJob::new(net, &setup, 12).unwrap();
        let mut calls = 0;
        while !job.step(10).unwrap() {
            calls += 1;
            assert!(job.progress() < 1.0);
        }
        assert!(calls >= 14, "the job ran in slices");
        assert_eq!(job.labels().len(), 144);
        // The cell containing each anchor belongs to the single fixed point at that pattern.
        for (mu, &(u, v)) in setup.anchors.iter().enumerate() {
            let cell = job.grid().cell_of(u, v).unwrap();
            let fp = &job.fixed_points()[job.labels()[cell].unwrap()];
            assert_eq!(fp.kind, FixedPointKind::Single);
            assert!(fp.weights[mu] > 0.9, "anchor {mu}: {:?}", fp.weights);
        }
    }
}
