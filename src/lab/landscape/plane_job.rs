//! The landscape of a high-dimensional set on the plane through three of its points: the
//! plane and its view ([`PlaneSetup`]), E on a grid over it (cheap: O(N) per cell), and the
//! slow part cut into independent jobs, one row of a coarser grid each ([`plane_row`]): every
//! cell is a start whose relaxation gives its basin and, together, the fixed points reachable
//! from the plane. [`BasinMap`] merges the rows in order, so the map is the same whichever
//! compute worker relaxed which row.

use std::ops::Range;

use crate::engine::fixed_points::{
    FixedPoint, FixedPointOptions, FixedPointSearch, distance, unique_global,
};
use crate::engine::landscape::{Grid, Plane, energy_grid_on_plane};
use crate::engine::rng::stream_seed;
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

/// What the starts of some cells reached: each cell's label (an index into `found`, or none:
/// not converged, or unstable) and the distinct stable fixed points, in the order first reached.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellBasins {
    /// One label per cell.
    pub labels: Vec<Option<usize>>,
    /// The fixed points the labels name.
    pub found: Vec<FixedPoint>,
}

/// Relaxes the cells `cells` (row-major indices of `grid`) of the plane; the stability tests
/// draw from a generator seeded by the first cell, so a job's result depends only on its cells.
pub fn plane_cells(
    net: ModernHopfield,
    plane: &Plane,
    grid: &Grid,
    cells: Range<usize>,
) -> Result<CellBasins> {
    let mut state = vec![0.0; net.patterns().dim()];
    let mut rng = SeededRng::new(stream_seed(SEED, cells.start as u64));
    let mut search = FixedPointSearch::new(net, search_options())?;
    let mut labels = Vec::with_capacity(cells.len());
    for k in cells.start..cells.end.min(grid.len()) {
        let (u, v) = grid.point(k % grid.width, k / grid.width);
        plane.point_into(u, v, &mut state);
        labels.push(search.add_start(&state, &mut rng)?);
    }
    Ok(CellBasins {
        labels,
        found: search.found().to_vec(),
    })
}

/// The basin map of a plane, merged from [`plane_cells`] jobs handed in cell order: a fixed
/// point found by a later job is the same as an earlier one when the two are as close as the
/// search's own deduplication asks.
#[derive(Debug, Clone, Default)]
pub struct BasinMap {
    merged: CellBasins,
    /// Deduplication distance: the search's tolerance times max(M, 1).
    tol: f32,
}

impl BasinMap {
    /// An empty map for the patterns `patterns`.
    pub fn new(patterns: &PatternSet) -> Self {
        Self {
            merged: CellBasins::default(),
            tol: search_options().dedup_tol * patterns.max_norm().max(1.0),
        }
    }

    /// Appends the next job's cells.
    pub fn add(&mut self, part: CellBasins) {
        let found = &mut self.merged.found;
        let index: Vec<usize> = part
            .found
            .into_iter()
            .map(|fp| {
                if let Some(i) = found
                    .iter()
                    .position(|f| distance(&f.state, &fp.state) <= self.tol)
                {
                    found[i].hits += fp.hits;
                    i
                } else {
                    found.push(fp);
                    found.len() - 1
                }
            })
            .collect();
        let distinct = found.len();
        for fp in found.iter_mut() {
            fp.kind = unique_global(fp.kind, distinct);
        }
        self.merged
            .labels
            .extend(part.labels.into_iter().map(|l| l.map(|l| index[l])));
    }

    /// The label of every cell merged so far (row-major, row 0 on top).
    pub fn labels(&self) -> &[Option<usize>] {
        &self.merged.labels
    }

    /// The fixed points reached so far, in the order first reached.
    pub fn fixed_points(&self) -> &[FixedPoint] {
        &self.merged.found
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
        let grid = setup.grid(12).unwrap();
        let mut map = BasinMap::new(&set);
        for row in 0..12 {
            let cells = row * 12..(row + 1) * 12;
            map.add(plane_cells(net.clone(), &setup.plane, &grid, cells).unwrap());
        }
        assert_eq!(map.labels().len(), 144);
        // The cell containing each anchor belongs to the single fixed point at that pattern.
        for (mu, &(u, v)) in setup.anchors.iter().enumerate() {
            let cell = grid.cell_of(u, v).unwrap();
            let fp = &map.fixed_points()[map.labels()[cell].unwrap()];
            assert_eq!(fp.kind, FixedPointKind::Single);
            assert!(fp.weights[mu] > 0.9, "anchor {mu}: {:?}", fp.weights);
        }
        // Merged points are distinct, and every start that converged is counted once.
        let hits: usize = map.fixed_points().iter().map(|f| f.hits).sum();
        assert_eq!(hits, map.labels().iter().flatten().count());
        let fps = map.fixed_points();
        for (i, a) in fps.iter().enumerate() {
            for b in &fps[i + 1..] {
                assert!(distance(&a.state, &b.state) > 1e-2 * set.max_norm());
            }
        }
    }

    #[test]
    fn a_later_job_reuses_the_fixed_points_of_an_earlier_one() {
        let set = set();
        let net = ModernHopfield::new(set.clone(), 1.0).unwrap();
        let setup =
            PlaneSetup::through(&set, [set.pattern(0), set.pattern(1), set.pattern(2)]).unwrap();
        let grid = setup.grid(6).unwrap();
        let whole = plane_cells(net.clone(), &setup.plane, &grid, 0..36).unwrap();
        let mut map = BasinMap::new(&set);
        for cells in [0..18, 18..36] {
            map.add(plane_cells(net.clone(), &setup.plane, &grid, cells).unwrap());
        }
        assert_eq!(map.fixed_points().len(), whole.found.len());
        // The same partition of the cells into basins, whatever the numbering.
        let same = |a: &[Option<usize>], b: &[Option<usize>]| {
            a.iter().zip(b).all(|(x, y)| x.is_some() == y.is_some())
                && (0..36).all(|i| (0..36).all(|j| (a[i] == a[j]) == (b[i] == b[j])))
        };
        assert!(same(map.labels(), &whole.labels));
    }
}
