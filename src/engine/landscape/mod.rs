//! The energy landscape view: E(ξ) on a grid over the plane (patterns are points in the plane,
//! d = 2) or over a 2-D affine slice through three points of a high-dimensional set, the basin
//! of each fixed point on the same grid, and E along a segment. The grid is redrawn while the
//! user drags β, so the energy kernel costs O(N) per cell whatever d is, and allocates nothing
//! per cell. The 2-D presets live in [`presets`].

mod plane;
mod presets;

pub use plane::Plane;
pub use presets::{Preset, view_ranges};

use super::error::{EngineError, Result, check_range};
use super::fixed_points::{FixedPoint, Workspace, distance};
use super::math;
use super::modern::{DEFAULT_TOL, ModernHopfield};

/// Largest grid side (cells) accepted.
pub const MAX_GRID_SIDE: usize = 4096;
/// Largest number of samples along a segment.
pub const MAX_SEGMENT_SAMPLES: usize = 1 << 20;
/// Most updates per grid start in a basin map.
pub const MAX_BASIN_STEPS: usize = 100_000;
/// A relaxed grid start belongs to the nearest fixed point within this distance, relative to
/// max(M, 1); farther (an unlisted or unstable stationary point) it belongs to none.
pub const BASIN_MATCH: f32 = 0.1;

/// A width×height grid of cell centres over a rectangle. Row-major; row 0 is the top edge
/// (largest y), column 0 the left edge (smallest x), the layout of an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// (x_min, x_max) of the rectangle.
    pub x_range: (f32, f32),
    /// (y_min, y_max) of the rectangle.
    pub y_range: (f32, f32),
    /// Number of columns.
    pub width: usize,
    /// Number of rows.
    pub height: usize,
}

impl Grid {
    /// A validated grid: finite ranges with min < max, 1 ≤ width, height ≤ [`MAX_GRID_SIDE`].
    pub fn new(
        x_range: (f32, f32),
        y_range: (f32, f32),
        width: usize,
        height: usize,
    ) -> Result<Self> {
        check_span("x range", x_range)?;
        check_span("y range", y_range)?;
        for (what, side) in [("grid width", width), ("grid height", height)] {
            if side == 0 {
                return Err(EngineError::Empty { what });
            }
            if side > MAX_GRID_SIDE {
                return Err(EngineError::TooLarge {
                    what,
                    value: side,
                    limit: MAX_GRID_SIDE,
                });
            }
        }
        Ok(Self {
            x_range,
            y_range,
            width,
            height,
        })
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.width * self.height
    }

    /// Whether the grid has no cells (never true for a grid made by [`Grid::new`]).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The centre (x, y) of the cell in column `col` and row `row`.
    pub fn point(&self, col: usize, row: usize) -> (f32, f32) {
        let dx = (self.x_range.1 - self.x_range.0) / self.width as f32;
        let dy = (self.y_range.1 - self.y_range.0) / self.height as f32;
        (
            self.x_range.0 + (col as f32 + 0.5) * dx,
            self.y_range.1 - (row as f32 + 0.5) * dy,
        )
    }

    /// The row-major index of the cell containing (x, y), or `None` outside the rectangle.
    pub fn cell_of(&self, x: f32, y: f32) -> Option<usize> {
        let fx = (x - self.x_range.0) / (self.x_range.1 - self.x_range.0);
        let fy = (self.y_range.1 - y) / (self.y_range.1 - self.y_range.0);
        if !(0.0..=1.0).contains(&fx) || !(0.0..=1.0).contains(&fy) {
            return None;
        }
        let col = ((fx * self.width as f32) as usize).min(self.width - 1);
        let row = ((fy * self.height as f32) as usize).min(self.height - 1);
        Some(row * self.width + col)
    }
}

fn check_span(name: &'static str, (lo, hi): (f32, f32)) -> Result<()> {
    check_range(name, lo as f64, f32::MIN as f64, f32::MAX as f64)?;
    check_range(name, hi as f64, f32::MIN as f64, f32::MAX as f64)?;
    if hi > lo {
        Ok(())
    } else {
        Err(EngineError::OutOfRange {
            name,
            value: hi as f64,
            min: lo as f64,
            max: f32::MAX as f64,
        })
    }
}

/// E on the affine family o + s·u + t·v (u, v not necessarily orthonormal) with everything
/// that depends on d precomputed, so each evaluation costs O(N) and allocates nothing.
struct SliceEnergy {
    a: Vec<f32>,
    b: Vec<f32>,
    c: Vec<f32>,
    z: Vec<f32>,
    /// ‖o‖², o·u, o·v, ‖u‖², u·v, ‖v‖².
    gram: [f32; 6],
    beta: f32,
    /// β⁻¹ ln N + ½M².
    offset: f32,
}

impl SliceEnergy {
    fn new(net: &ModernHopfield, o: &[f32], u: &[f32], v: &[f32]) -> Self {
        let patterns = net.patterns();
        let project = |w: &[f32]| {
            patterns
                .iter()
                .map(|x| math::dot(x, w))
                .collect::<Vec<f32>>()
        };
        let m = patterns.max_norm();
        let n = patterns.count() as f32;
        Self {
            a: project(o),
            b: project(u),
            c: project(v),
            z: vec![0.0; patterns.count()],
            gram: [
                math::dot(o, o),
                math::dot(o, u),
                math::dot(o, v),
                math::dot(u, u),
                math::dot(u, v),
                math::dot(v, v),
            ],
            beta: net.beta(),
            offset: libm::logf(n) / net.beta() + 0.5 * m * m,
        }
    }

    fn at(&mut self, s: f32, t: f32) -> f32 {
        for (((z, a), b), c) in self.z.iter_mut().zip(&self.a).zip(&self.b).zip(&self.c) {
            *z = a + s * b + t * c;
        }
        let lse = math::lse(self.beta, &self.z);
        let [oo, ou, ov, uu, uv, vv] = self.gram;
        let sq = oo + 2.0 * (s * ou + t * ov) + s * s * uu + 2.0 * s * t * uv + t * t * vv;
        -lse + 0.5 * sq + self.offset
    }
}

fn check_plane(net: &ModernHopfield, plane: &Plane) -> Result<()> {
    let d = net.patterns().dim();
    if plane.dim() != d || plane.e1.len() != d || plane.e2.len() != d {
        return Err(EngineError::DimensionMismatch {
            what: "the plane",
            expected: d,
            found: plane.dim(),
        });
    }
    Ok(())
}

/// E at every cell centre of `grid` over `plane` (row-major, row 0 on top), for the heat map of
/// a slice through a high-dimensional set.
pub fn energy_grid_on_plane(net: &ModernHopfield, plane: &Plane, grid: &Grid) -> Result<Vec<f32>> {
    check_plane(net, plane)?;
    let mut kernel = SliceEnergy::new(net, &plane.origin, &plane.e1, &plane.e2);
    let mut out = Vec::with_capacity(grid.len());
    for row in 0..grid.height {
        for col in 0..grid.width {
            let (u, v) = grid.point(col, row);
            out.push(kernel.at(u, v));
        }
    }
    Ok(out)
}

/// E over the plane of a 2-D pattern set (d = 2): width×height values, row-major, row 0 at
/// y_max; see [`Grid`] for where each cell sits.
pub fn energy_grid(
    net: &ModernHopfield,
    x_range: (f32, f32),
    y_range: (f32, f32),
    width: usize,
    height: usize,
) -> Result<Vec<f32>> {
    let grid = Grid::new(x_range, y_range, width, height)?;
    energy_grid_on_plane(net, &Plane::standard(), &grid)
}

/// For every cell of `grid` over `plane`: the index (into `fixed_points`) of the fixed point
/// that the iteration started at the cell centre converges to within `max_steps` updates, or
/// `None` (not converged, or converged to a point not in the list).
pub fn basins_on_plane(
    net: &ModernHopfield,
    fixed_points: &[FixedPoint],
    plane: &Plane,
    grid: &Grid,
    max_steps: usize,
) -> Result<Vec<Option<usize>>> {
    let states: Vec<&[f32]> = fixed_points.iter().map(|fp| fp.state.as_slice()).collect();
    basin_rows(net, &states, plane, grid, 0..grid.height, max_steps)
}

/// The labels of [`basins_on_plane`] for the rows `rows` of `grid` only (row-major, rows past
/// the grid left out), with the fixed points given by their states: a share of a basin map
/// for one worker, the same labels as the whole map's rows.
pub fn basin_rows(
    net: &ModernHopfield,
    fixed_states: &[&[f32]],
    plane: &Plane,
    grid: &Grid,
    rows: std::ops::Range<usize>,
    max_steps: usize,
) -> Result<Vec<Option<usize>>> {
    check_plane(net, plane)?;
    let d = net.patterns().dim();
    if let Some(bad) = fixed_states.iter().find(|s| s.len() != d) {
        return Err(EngineError::DimensionMismatch {
            what: "a fixed point",
            expected: d,
            found: bad.len(),
        });
    }
    if max_steps > MAX_BASIN_STEPS {
        return Err(EngineError::TooLarge {
            what: "max steps",
            value: max_steps,
            limit: MAX_BASIN_STEPS,
        });
    }
    let scale = net.patterns().max_norm().max(1.0);
    let mut work = Workspace::new(net);
    let mut state = vec![0.0f32; d];
    let rows = rows.start.min(grid.height)..rows.end.min(grid.height);
    let mut out = Vec::with_capacity(rows.len() * grid.width);
    for row in rows {
        for col in 0..grid.width {
            let (u, v) = grid.point(col, row);
            plane.point_into(u, v, &mut state);
            let label = work
                .relax_unchecked(net, &mut state, max_steps, DEFAULT_TOL * scale)
                .and_then(|_| nearest(fixed_states, &state, BASIN_MATCH * scale));
            out.push(label);
        }
    }
    Ok(out)
}

fn nearest(fixed_states: &[&[f32]], state: &[f32], radius: f32) -> Option<usize> {
    fixed_states
        .iter()
        .map(|fixed| distance(fixed, state))
        .enumerate()
        .filter(|(_, dist)| *dist <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The basin map of a 2-D pattern set (d = 2) on the same grid as [`energy_grid`].
pub fn basins(
    net: &ModernHopfield,
    fixed_points: &[FixedPoint],
    x_range: (f32, f32),
    y_range: (f32, f32),
    width: usize,
    height: usize,
    max_steps: usize,
) -> Result<Vec<Option<usize>>> {
    let grid = Grid::new(x_range, y_range, width, height)?;
    basins_on_plane(net, fixed_points, &Plane::standard(), &grid, max_steps)
}

/// E at `samples` evenly spaced points from `a` to `b` (both included; one sample gives E(a)):
/// the energy barrier between two states, e.g. a pattern and a metastable state.
pub fn energy_along_segment(
    net: &ModernHopfield,
    a: &[f32],
    b: &[f32],
    samples: usize,
) -> Result<Vec<f32>> {
    net.patterns().check_query(a)?;
    net.patterns().check_query(b)?;
    if samples == 0 {
        return Err(EngineError::Empty {
            what: "the list of samples",
        });
    }
    if samples > MAX_SEGMENT_SAMPLES {
        return Err(EngineError::TooLarge {
            what: "samples along the segment",
            value: samples,
            limit: MAX_SEGMENT_SAMPLES,
        });
    }
    let dir: Vec<f32> = b.iter().zip(a).map(|(x, y)| x - y).collect();
    let zero = vec![0.0; a.len()];
    let mut kernel = SliceEnergy::new(net, a, &dir, &zero);
    let last = (samples - 1).max(1) as f32;
    Ok((0..samples)
        .map(|k| kernel.at(k as f32 / last, 0.0))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::patterns::PatternSet;

    fn net(beta: f32) -> ModernHopfield {
        let set =
            PatternSet::from_rows(&[vec![1.0, 0.5], vec![-1.5, 0.2], vec![0.3, -2.0]]).unwrap();
        ModernHopfield::new(set, beta).unwrap()
    }

    #[test]
    fn grid_energy_matches_the_network() {
        let net = net(2.0);
        let grid = Grid::new((-3.0, 3.0), (-2.0, 2.0), 7, 5).unwrap();
        let values = energy_grid(&net, grid.x_range, grid.y_range, 7, 5).unwrap();
        for row in 0..5 {
            for col in 0..7 {
                let (x, y) = grid.point(col, row);
                let e = net.energy(&[x, y]).unwrap();
                assert!((values[row * 7 + col] - e).abs() < 1e-4 * e.abs().max(1.0));
                assert_eq!(grid.cell_of(x, y), Some(row * 7 + col));
            }
        }
        assert!(energy_grid(&net, (1.0, 0.0), (0.0, 1.0), 3, 3).is_err());
        assert!(energy_grid(&net, (0.0, 1.0), (0.0, 1.0), 0, 3).is_err());
    }

    #[test]
    fn segment_energy_matches_the_network() {
        let net = net(1.0);
        let (a, b) = ([1.0, 0.5], [0.3, -2.0]);
        let values = energy_along_segment(&net, &a, &b, 5).unwrap();
        assert!((values[0] - net.energy(&a).unwrap()).abs() < 1e-5);
        assert!((values[4] - net.energy(&b).unwrap()).abs() < 1e-5);
        assert_eq!(energy_along_segment(&net, &a, &b, 1).unwrap().len(), 1);
        assert!(energy_along_segment(&net, &a, &[1.0], 3).is_err());
    }
}
