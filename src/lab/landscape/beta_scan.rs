//! A pattern set and a query scanned over β: at each β the fixed point reached from the query
//! (its k90 and kind, and the retrieved state, shown as an image strip: the average of all
//! patterns at small β sharpening into one photo) and how many distinct fixed points of each
//! kind a modest set of starts reaches. One retrieval or one start per call, so that the
//! browser can run the scan in short slices and show progress.

use crate::engine::fixed_points::{
    FixedPointKind, FixedPointSearch, classify, log_grid, unique_global,
};
use crate::engine::modern::DEFAULT_TOL;
use crate::engine::{EngineError, ModernHopfield, PatternSet, Result, SeededRng};

use super::plane_job::search_options;

/// Most updates of the retrieval from the query.
const QUERY_STEPS: usize = 400;
/// Noise of the noisy starts, as a fraction of M.
const NOISE: f32 = 0.2;

/// What the scan found at one β.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanRow {
    /// The inverse temperature.
    pub beta: f32,
    /// k90 of the state the query converged to.
    pub k90: usize,
    /// Its kind (never global when the search at this β found more than one point).
    pub kind: FixedPointKind,
    /// The state itself.
    pub retrieved: Vec<f32>,
    /// Distinct stable fixed points reached from the starts: [global, metastable, single].
    pub counts: [usize; 3],
}

/// The resumable scan.
#[derive(Debug, Clone)]
pub struct BetaScan {
    patterns: PatternSet,
    query: Vec<f32>,
    betas: Vec<f32>,
    starts: Vec<Vec<f32>>,
    /// The search at the current β and the index of its next start.
    current: Option<(FixedPointSearch, usize, ScanRow)>,
    rows: Vec<ScanRow>,
    rng: SeededRng,
}

impl BetaScan {
    /// A scan of `count` β values from `min` to `max` (log-spaced). The starts at each β are
    /// the query, every pattern, one noisy copy of each and the mean (2N + 2 in all).
    pub fn new(
        patterns: PatternSet,
        query: Vec<f32>,
        (min, max): (f32, f32),
        count: usize,
        seed: u64,
    ) -> Result<Self> {
        patterns.check_query(&query)?;
        let betas = log_grid(min, max, count)?;
        let mut rng = SeededRng::new(seed);
        let sd = NOISE * patterns.max_norm() / (patterns.dim() as f32).sqrt();
        let mut starts = vec![query.clone()];
        starts.extend(patterns.iter().map(<[f32]>::to_vec));
        starts.extend(patterns.iter().map(|x| {
            x.iter()
                .map(|v| v + sd * rng.gaussian())
                .collect::<Vec<f32>>()
        }));
        starts.push(patterns.mean().as_slice().to_vec());
        Ok(Self {
            patterns,
            query,
            betas,
            starts,
            current: None,
            rows: Vec::new(),
            rng,
        })
    }

    /// Does one unit of work (the retrieval at a new β, or one start of its search); `true`
    /// once every β is done.
    pub fn step(&mut self) -> Result<bool> {
        let Some((mut search, next, row)) = self.current.take() else {
            let Some(&beta) = self.betas.get(self.rows.len()) else {
                return Ok(true);
            };
            let net = ModernHopfield::new(self.patterns.clone(), beta)?;
            let traj = net.retrieve(&self.query, QUERY_STEPS, DEFAULT_TOL)?;
            let weights = traj.weights.last().ok_or(EngineError::Empty {
                what: "the retrieval",
            })?;
            let (kind, k90) = classify(weights);
            let row = ScanRow {
                beta,
                k90,
                kind,
                retrieved: traj.final_state().to_vec(),
                counts: [0; 3],
            };
            self.current = Some((FixedPointSearch::new(net, search_options())?, 0, row));
            return Ok(false);
        };
        search.add_start(&self.starts[next], &mut self.rng)?;
        if next + 1 < self.starts.len() {
            self.current = Some((search, next + 1, row));
            return Ok(false);
        }
        let mut row = row;
        // The query's near-uniform state is global only if the search found nothing else.
        row.kind = unique_global(row.kind, search.found().len());
        for fp in search.found() {
            row.counts[fp.kind as usize] += 1;
        }
        self.rows.push(row);
        Ok(self.rows.len() == self.betas.len())
    }

    /// Fraction of the work done.
    pub fn progress(&self) -> f32 {
        let per_beta = self.starts.len() + 1;
        let partial = self.current.as_ref().map_or(0, |(_, next, _)| next + 1);
        (self.rows.len() * per_beta + partial) as f32 / (self.betas.len() * per_beta) as f32
    }

    /// The β values done so far, in increasing order.
    pub fn rows(&self) -> &[ScanRow] {
        &self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::corruption::mask_lower_half_vector;

    #[test]
    fn k90_falls_as_beta_grows_and_the_counts_split() {
        let mut rng = SeededRng::new(2);
        let set = PatternSet::random_binary(64, 8, &mut rng).unwrap();
        let query = mask_lower_half_vector(set.pattern(0), 0.0).unwrap();
        let mut scan = BetaScan::new(set, query, (1e-3, 10.0), 12, 5).unwrap();
        let mut calls = 0;
        while !scan.step().unwrap() {
            calls += 1;
            assert!(scan.progress() < 1.0);
        }
        assert_eq!(calls, 12 * 19 - 1, "one retrieval and 18 starts per β");
        let rows = scan.rows();
        assert_eq!(rows.len(), 12);
        for pair in rows.windows(2) {
            assert!(
                pair[1].k90 <= pair[0].k90,
                "k90 rose: {} → {}",
                pair[0].k90,
                pair[1].k90
            );
        }
        assert_eq!(rows[0].kind, FixedPointKind::Global);
        assert_eq!(rows[0].counts, [1, 0, 0]);
        let last = rows.last().unwrap();
        assert_eq!((last.k90, last.kind), (1, FixedPointKind::Single));
        assert_eq!(
            last.counts[2], 8,
            "one single fixed point per pattern at β = 10"
        );
        assert!(
            last.retrieved
                .iter()
                .zip(scan.patterns.pattern(0))
                .all(|(a, b)| (a - b).abs() < 1e-2)
        );
    }
}
