//! Fixed points of the modern Hopfield network and their kind (SCIENCE.md, "Kind of fixed
//! point"): the global average, metastable states averaging a subset, and single-pattern
//! fixed points. The app shows them on the 2-D landscape and as a bifurcation diagram over β,
//! so that a person can watch one global fixed point split into metastable states and then
//! into one fixed point per pattern. The proven conditions of [P] (Thm 5, Lemmas A3, A5–A7)
//! live in [`bounds`], the projection axis of the bifurcation diagram in [`axis`].

mod axis;
mod bounds;
mod workspace;

pub use axis::Axis;
pub use bounds::{
    global_averaging_beta_limit, global_averaging_condition_holds, m_max, retrieval_error_bound,
    separation, single_pattern_condition_holds, single_pattern_min_beta, single_pattern_radius,
    single_pattern_required_separation,
};
pub use workspace::Workspace;

use serde::Serialize;

use super::error::{EngineError, Result, check_range};
use super::math;
use super::modern::{BETA_MAX, BETA_MIN, DEFAULT_TOL, ModernHopfield};
use super::patterns::PatternSet;
use super::rng::SeededRng;
use super::short_sort;

/// Most starting points one search may iterate from, so that a huge N cannot freeze the tab.
pub const MAX_STARTS: usize = 100_000;
/// Most β values in one sweep.
pub const MAX_SWEEP: usize = 2_000;

/// The three kinds of fixed point of [P], decided by [`classify`] from the softmax weights.
/// Ordered global < metastable < single, the order in which they appear as β grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixedPointKind {
    /// Averages (almost) all patterns: k90 > N/2 and every weight ≥ 1/(2N), and the only
    /// stable point its search found (the global fixed point is unique, Lemma A3).
    Global,
    /// Averages a subset of the patterns (anything that is neither global nor single).
    Metastable,
    /// Stores one pattern: k90 = 1.
    Single,
}

impl FixedPointKind {
    /// The lowercase name used in the UI, the CLI and JSON.
    pub fn name(self) -> &'static str {
        match self {
            FixedPointKind::Global => "global",
            FixedPointKind::Metastable => "metastable",
            FixedPointKind::Single => "single",
        }
    }
}

/// Classifies a fixed point from its softmax weights p, exactly as SCIENCE.md defines it, and
/// returns the kind with k90 (always shown beside the kind). Single: k90 = 1; global:
/// near-uniform weights, k90 > N/2 and every weight ≥ 1/(2N) (so that (0.45, 0.45, 0.10),
/// the average of a close pair, is metastable); metastable otherwise. This judges one point
/// alone: a search that finds more than one stable point demotes a "global" one with
/// [`unique_global`]. Empty weights (no patterns) are reported as metastable with k90 = 0; a
/// real network never produces them.
pub fn classify(weights: &[f32]) -> (FixedPointKind, usize) {
    let n = weights.len();
    let k90 = math::k90(weights);
    if n == 0 {
        return (FixedPointKind::Metastable, 0);
    }
    let floor = 1.0 / (2.0 * n as f32);
    let kind = if k90 == 1 {
        FixedPointKind::Single
    } else if 2 * k90 > n && weights.iter().all(|&w| w >= floor) {
        FixedPointKind::Global
    } else {
        FixedPointKind::Metastable
    };
    (kind, k90)
}

/// The kind of a point that [`classify`] found near-uniform, given how many distinct stable
/// points the search found at its β: the global fixed point is unique (Lemma A3), so beside
/// another stable point the near-uniform one is a metastable state, never "global".
pub fn unique_global(kind: FixedPointKind, distinct: usize) -> FixedPointKind {
    if kind == FixedPointKind::Global && distinct > 1 {
        FixedPointKind::Metastable
    } else {
        kind
    }
}

/// One (stable) fixed point ξ* of the update, with what the UI shows next to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FixedPoint {
    /// The state ξ*.
    pub state: Vec<f32>,
    /// p = softmax(β Xᵀξ*), the weights that say which patterns it averages.
    pub weights: Vec<f32>,
    /// E(ξ*).
    pub energy: f32,
    /// Global, metastable or single (see [`classify`]).
    pub kind: FixedPointKind,
    /// Smallest number of largest weights summing to 0.9.
    pub k90: usize,
    /// How many of the search's starting points converged here: a rough basin size.
    pub hits: usize,
}

/// How [`find_fixed_points`] searches. The defaults find every fixed point of the 2-D presets
/// and of the SCIENCE.md examples; raise the counts for hard, high-dimensional sets.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FixedPointOptions {
    /// Noisy copies of each pattern used as extra starts.
    pub noisy_copies: usize,
    /// Size of the noise of those copies as a fraction of M (the noise vector has norm ≈ noise·M).
    pub noise: f32,
    /// Random starts drawn uniformly from the patterns' bounding box.
    pub random_starts: usize,
    /// Most updates from one start; starts that have not converged by then are dropped.
    pub max_steps: usize,
    /// Convergence tolerance on ‖Δξ‖, relative to max(M, 1).
    pub tol: f32,
    /// Two converged states closer than this (relative to max(M, 1)) are the same fixed point.
    pub dedup_tol: f32,
}

impl Default for FixedPointOptions {
    fn default() -> Self {
        Self {
            noisy_copies: 2,
            noise: 0.2,
            random_starts: 16,
            max_steps: 5_000,
            tol: DEFAULT_TOL * 0.1,
            dedup_tol: 1e-2,
        }
    }
}

impl FixedPointOptions {
    /// Checks every field, so that user-supplied options give a typed error, not a hang.
    pub fn validate(&self) -> Result<()> {
        check_range("noise", self.noise as f64, 0.0, 10.0)?;
        check_range("tolerance", self.tol as f64, 1e-9, 1.0)?;
        check_range("deduplication tolerance", self.dedup_tol as f64, 1e-7, 1.0)?;
        if self.max_steps == 0 || self.max_steps > 1_000_000 {
            return Err(EngineError::OutOfRange {
                name: "max steps",
                value: self.max_steps as f64,
                min: 1.0,
                max: 1e6,
            });
        }
        Ok(())
    }

    /// Number of starting points the search iterates from for `count` patterns.
    pub fn start_count(&self, count: usize) -> usize {
        count
            .saturating_mul(self.noisy_copies.saturating_add(1))
            .saturating_add(1)
            .saturating_add(self.random_starts)
    }
}

/// Finds the stable fixed points of `net` by iterating from every pattern, noisy copies of each
/// pattern, the mean and random points of the patterns' bounding box (see
/// [`FixedPointSearch`] for what is kept). The result is sorted by kind, then by the coordinate
/// on the patterns' main [`Axis`], then by energy, so it is deterministic.
pub fn find_fixed_points(
    net: &ModernHopfield,
    options: &FixedPointOptions,
    rng: &mut SeededRng,
) -> Result<Vec<FixedPoint>> {
    let patterns = net.patterns();
    let (d, n) = (patterns.dim(), patterns.count());
    let starts = options.start_count(n);
    if starts > MAX_STARTS {
        return Err(EngineError::TooLarge {
            what: "starting points (N × (noisy copies + 1) + random starts)",
            value: starts,
            limit: MAX_STARTS,
        });
    }
    let mut search = FixedPointSearch::new(net.clone(), *options)?;
    let noise_sd = options.noise * patterns.max_norm() / (d as f32).sqrt();
    let (low, high) = bounding_box(patterns);
    let mut state = vec![0.0f32; d];
    for start in 0..starts {
        fill_start(
            start,
            n,
            options,
            patterns,
            noise_sd,
            (&low, &high),
            rng,
            &mut state,
        );
        search.add_start(&state, rng)?;
    }
    Ok(search.finish())
}

/// A fixed-point search fed one start at a time, so that the app can spread a search over
/// many short tasks (a high-dimensional set, starts on a plane) and show progress. Only starts
/// that converge are kept, and only local minima of E: a symmetric start (the mean of a ring)
/// can sit on an unstable stationary point, which the app must not show as a memory.
/// Duplicates (closer than `dedup_tol`·max(M, 1)) are merged, counting `hits`.
#[derive(Debug, Clone)]
pub struct FixedPointSearch {
    net: ModernHopfield,
    options: FixedPointOptions,
    work: Workspace,
    state: Vec<f32>,
    found: Vec<FixedPoint>,
}

impl FixedPointSearch {
    /// An empty search over `net` with validated `options`.
    pub fn new(net: ModernHopfield, options: FixedPointOptions) -> Result<Self> {
        options.validate()?;
        Ok(Self {
            work: Workspace::new(&net),
            state: vec![0.0; net.patterns().dim()],
            found: Vec::new(),
            net,
            options,
        })
    }

    /// Iterates from `start` (length d) and records the fixed point it reaches, if any; returns
    /// the index of that fixed point in [`FixedPointSearch::found`] (`None`: not converged or
    /// unstable). `rng` draws the probe of the stability test.
    pub fn add_start(&mut self, start: &[f32], rng: &mut SeededRng) -> Result<Option<usize>> {
        self.net.patterns().check_query(start)?;
        let scale = self.net.patterns().max_norm().max(1.0);
        let options = &self.options;
        self.state.copy_from_slice(start);
        let settled = self.work.relax_to_limit(
            &self.net,
            &mut self.state,
            options.max_steps,
            options.tol * scale,
            0.5 * options.dedup_tol * scale,
        );
        if settled.is_none() {
            return Ok(None);
        }
        if let Some(i) = self
            .found
            .iter()
            .position(|fp| distance(&fp.state, &self.state) <= options.dedup_tol * scale)
        {
            self.found[i].hits += 1;
            return Ok(Some(i));
        }
        if !self.work.is_stable(&self.net, &self.state, rng) {
            return Ok(None);
        }
        let weights = self.net.weights(&self.state)?;
        let (kind, k90) = classify(&weights);
        // A second distinct stable point: none of them is the (unique) global fixed point.
        let distinct = self.found.len() + 1;
        for fp in &mut self.found {
            fp.kind = unique_global(fp.kind, distinct);
        }
        self.found.push(FixedPoint {
            energy: self.net.energy(&self.state)?,
            state: self.state.clone(),
            weights,
            kind: unique_global(kind, distinct),
            k90,
            hits: 1,
        });
        Ok(Some(self.found.len() - 1))
    }

    /// The fixed points found so far, in the order they were found; none is global once more
    /// than one has been found.
    pub fn found(&self) -> &[FixedPoint] {
        &self.found
    }

    /// The fixed points, sorted by kind, then by the coordinate on the patterns' main
    /// [`Axis`], then by energy.
    pub fn finish(self) -> Vec<FixedPoint> {
        let axis = Axis::of(self.net.patterns());
        let mut found = self.found;
        short_sort::sort_by(&mut found, |a, b| {
            a.kind
                .cmp(&b.kind)
                .then(
                    axis.coordinate(&a.state)
                        .total_cmp(&axis.coordinate(&b.state)),
                )
                .then(a.energy.total_cmp(&b.energy))
        });
        found
    }
}

/// Writes starting point number `start` into `state`: the patterns first, then their noisy
/// copies, then the mean, then random points of the bounding box.
#[allow(clippy::too_many_arguments)]
fn fill_start(
    start: usize,
    n: usize,
    options: &FixedPointOptions,
    patterns: &PatternSet,
    noise_sd: f32,
    (low, high): (&[f32], &[f32]),
    rng: &mut SeededRng,
    state: &mut [f32],
) {
    let noisy_end = n * (options.noisy_copies + 1);
    if start < n {
        state.copy_from_slice(patterns.pattern(start));
    } else if start < noisy_end {
        state.copy_from_slice(patterns.pattern((start - n) % n));
        for s in state.iter_mut() {
            *s += noise_sd * rng.gaussian();
        }
    } else if start == noisy_end {
        state.copy_from_slice(patterns.mean().as_slice());
    } else {
        for ((s, lo), hi) in state.iter_mut().zip(low).zip(high) {
            *s = lo + (hi - lo) * rng.uniform();
        }
    }
}

/// Per-coordinate minimum and maximum over the patterns.
fn bounding_box(patterns: &PatternSet) -> (Vec<f32>, Vec<f32>) {
    let mut low = patterns.pattern(0).to_vec();
    let mut high = low.clone();
    for x in patterns.iter() {
        for ((l, h), v) in low.iter_mut().zip(high.iter_mut()).zip(x) {
            *l = l.min(*v);
            *h = h.max(*v);
        }
    }
    (low, high)
}

/// Euclidean distance ‖a − b‖.
pub fn distance(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f32>()
        .sqrt()
}

/// The fixed points at each β of `betas`, for the bifurcation diagram: one fresh search per β,
/// each seeded with `seed`, so that a β's column does not depend on the rest of the grid.
pub fn beta_sweep(
    patterns: &PatternSet,
    betas: &[f32],
    options: &FixedPointOptions,
    seed: u64,
) -> Result<Vec<(f32, Vec<FixedPoint>)>> {
    if betas.is_empty() {
        return Err(EngineError::Empty {
            what: "the list of β values",
        });
    }
    if betas.len() > MAX_SWEEP {
        return Err(EngineError::TooLarge {
            what: "number of β values",
            value: betas.len(),
            limit: MAX_SWEEP,
        });
    }
    options.validate()?;
    betas
        .iter()
        .map(|&beta| {
            let net = ModernHopfield::new(patterns.clone(), beta)?;
            let points = find_fixed_points(&net, options, &mut SeededRng::new(seed))?;
            Ok((beta, points))
        })
        .collect()
}

/// `count` β values spaced evenly in log β from `min` to `max` (both included), the natural
/// grid for a sweep over several decades. Both ends must lie in [1e-4, 1e4].
pub fn log_grid(min: f32, max: f32, count: usize) -> Result<Vec<f32>> {
    check_range("β min", min as f64, BETA_MIN as f64, BETA_MAX as f64)?;
    check_range("β max", max as f64, min as f64, BETA_MAX as f64)?;
    if count == 0 {
        return Err(EngineError::Empty {
            what: "the β grid"
        });
    }
    if count > MAX_SWEEP {
        return Err(EngineError::TooLarge {
            what: "number of β values",
            value: count,
            limit: MAX_SWEEP,
        });
    }
    if count == 1 {
        return Ok(vec![min]);
    }
    let (lo, hi) = ((min as f64).ln(), (max as f64).ln());
    Ok((0..count)
        .map(|k| {
            let t = k as f64 / (count - 1) as f64;
            ((lo + t * (hi - lo)).exp() as f32).clamp(min, max)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_follows_the_definition() {
        assert_eq!(classify(&[1.0, 0.0, 0.0]), (FixedPointKind::Single, 1));
        assert_eq!(classify(&[0.34, 0.33, 0.33]), (FixedPointKind::Global, 3));
        // Two close points averaged, the far one ignored: metastable, not global.
        assert_eq!(
            classify(&[0.5, 0.49, 0.01]),
            (FixedPointKind::Metastable, 2)
        );
        assert_eq!(classify(&[0.5, 0.5]), (FixedPointKind::Global, 2));
        assert_eq!(classify(&[]), (FixedPointKind::Metastable, 0));
        // The revised floor 1/(2N): a close pair averaged with a tenth of the far point is
        // metastable (it was "global" with the old floor 1/(10N)), near-uniform is global.
        assert_eq!(
            classify(&[0.45, 0.45, 0.10]),
            (FixedPointKind::Metastable, 2)
        );
        assert_eq!(classify(&[0.4, 0.4, 0.2]), (FixedPointKind::Global, 3));
    }

    #[test]
    fn a_global_point_is_unique() {
        use FixedPointKind::*;
        assert_eq!(unique_global(Global, 1), Global);
        assert_eq!(unique_global(Global, 2), Metastable);
        assert_eq!(unique_global(Single, 3), Single);
        assert_eq!(unique_global(Metastable, 1), Metastable);
    }

    #[test]
    fn kinds_serialise_lowercase() {
        let json = serde_json::to_string(&FixedPointKind::Metastable).unwrap();
        assert_eq!(json, "\"metastable\"");
        assert_eq!(FixedPointKind::Global.name(), "global");
    }

    #[test]
    fn log_grid_hits_both_ends() {
        let g = log_grid(0.01, 100.0, 5).unwrap();
        assert_eq!(g.len(), 5);
        assert!((g[0] - 0.01).abs() < 1e-7 && (g[4] - 100.0).abs() < 1e-3);
        assert!((g[2] - 1.0).abs() < 1e-5);
        assert!(log_grid(0.0, 1.0, 3).is_err());
        assert!(log_grid(1.0, 0.5, 3).is_err());
        assert!(log_grid(1.0, 2.0, 0).is_err());
    }

    #[test]
    fn bad_options_are_typed_errors() {
        let set = PatternSet::from_rows(&[vec![1.0, 0.0], vec![0.0, 1.0]]).unwrap();
        let net = ModernHopfield::new(set, 1.0).unwrap();
        let options = FixedPointOptions {
            tol: f32::NAN,
            ..Default::default()
        };
        assert!(find_fixed_points(&net, &options, &mut SeededRng::new(1)).is_err());
    }
}
