//! The 2-D landscape at one β: the energy grid and the fixed points of the current points, and
//! a query's way down. Computed in memos; every function here is a thin call into the engine.

use crate::engine::fixed_points::{
    FixedPoint, FixedPointKind, FixedPointOptions, find_fixed_points,
};
use crate::engine::landscape;
use crate::engine::modern::DEFAULT_TOL;
use crate::engine::{EngineError, ModernHopfield, PatternSet, SeededRng};

/// Cells per side of the energy grid.
pub const GRID: usize = 200;
/// Seed of the fixed-point search (the engine tests use the same).
pub const SEED: u64 = 7;
/// Most updates of a query's trajectory.
const QUERY_STEPS: usize = 200;

/// The landscape at one β.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The points as patterns (d = 2).
    pub patterns: PatternSet,
    /// ξ₁ range of the view.
    pub x_range: (f32, f32),
    /// ξ₂ range of the view.
    pub y_range: (f32, f32),
    /// E on a [`GRID`]×[`GRID`] grid over the view (row 0 on top).
    pub energy: Vec<f32>,
    /// The stable fixed points.
    pub fixed: Vec<FixedPoint>,
    /// M = max ‖xᵢ‖.
    pub max_norm: f32,
}

impl Analysis {
    /// Number of fixed points of `kind`.
    pub fn count(&self, kind: FixedPointKind) -> usize {
        self.fixed.iter().filter(|f| f.kind == kind).count()
    }

    /// The network at β.
    pub fn net(&self, beta: f32) -> Result<ModernHopfield, String> {
        ModernHopfield::new(self.patterns.clone(), beta).map_err(message)
    }
}

/// An engine error as the text the page shows.
pub fn message(e: EngineError) -> String {
    e.to_string()
}

/// E over `view` and the fixed points of `patterns` at `beta`.
pub fn analyse(
    patterns: PatternSet,
    (x_range, y_range): ((f32, f32), (f32, f32)),
    beta: f32,
) -> Result<Analysis, String> {
    let net = ModernHopfield::new(patterns.clone(), beta).map_err(message)?;
    let energy = landscape::energy_grid(&net, x_range, y_range, GRID, GRID).map_err(message)?;
    let fixed = find_fixed_points(
        &net,
        &FixedPointOptions::default(),
        &mut SeededRng::new(SEED),
    )
    .map_err(message)?;
    Ok(Analysis {
        max_norm: patterns.max_norm(),
        patterns,
        x_range,
        y_range,
        energy,
        fixed,
    })
}

/// A query's way down: the states and E at each.
#[derive(Debug, Clone, PartialEq)]
pub struct Descent {
    /// The query, then the state after each update.
    pub states: Vec<[f32; 2]>,
    /// E of each state.
    pub energies: Vec<f32>,
    /// Whether it reached a fixed point within the step limit.
    pub converged: bool,
}

/// The trajectory of `query` at `beta`.
pub fn descend(a: &Analysis, beta: f32, query: [f32; 2]) -> Result<Descent, String> {
    let traj = a
        .net(beta)?
        .retrieve(&query, QUERY_STEPS, DEFAULT_TOL)
        .map_err(message)?;
    Ok(Descent {
        states: traj.states.iter().map(|s| point2(s)).collect(),
        energies: traj.energies.clone(),
        converged: traj.converged,
    })
}

/// The first two coordinates of a state (a 2-D point).
pub fn point2(state: &[f32]) -> [f32; 2] {
    [
        state.first().copied().unwrap_or(0.0),
        state.get(1).copied().unwrap_or(0.0),
    ]
}
