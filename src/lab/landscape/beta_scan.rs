//! A pattern set and a query scanned over β: at each β the fixed point reached from the query
//! (its k90 and kind, and the retrieved state, shown as an image strip: the average of all
//! patterns at small β sharpening into one photo) and how many distinct fixed points of each
//! kind a modest set of starts reaches. Each β is an independent job ([`scan_row`], seeded by
//! its place in the scan), so the compute workers can share the scan out and the rows are the
//! same whichever worker computes which.

use crate::engine::fixed_points::{FixedPointKind, FixedPointSearch, classify, unique_global};
use crate::engine::modern::DEFAULT_TOL;
use crate::engine::rng::stream_seed;
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

/// How many [`starts`] a set of `patterns` has: 2N + 2.
pub fn start_count(patterns: &PatternSet) -> usize {
    2 * patterns.count() + 2
}

/// The starts of the search at every β: the query, every pattern, one noisy copy of each
/// (drawn from `seed`) and the mean, [`start_count`] in all.
pub fn starts(patterns: &PatternSet, query: &[f32], seed: u64) -> Vec<Vec<f32>> {
    let mut rng = SeededRng::new(seed);
    let sd = NOISE * patterns.max_norm() / (patterns.dim() as f32).sqrt();
    let mut starts = vec![query.to_vec()];
    starts.extend(patterns.iter().map(<[f32]>::to_vec));
    starts.extend(patterns.iter().map(|x| {
        x.iter()
            .map(|v| v + sd * rng.gaussian())
            .collect::<Vec<f32>>()
    }));
    starts.push(patterns.mean().as_slice().to_vec());
    starts
}

/// Row `index` of the scan (seed `seed`), at `beta`: the query's retrieval and the search
/// from [`starts`]. `progress` hears how many starts are done.
pub fn scan_row(
    patterns: &PatternSet,
    query: &[f32],
    beta: f32,
    index: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize),
) -> Result<ScanRow> {
    patterns.check_query(query)?;
    let net = ModernHopfield::new(patterns.clone(), beta)?;
    let traj = net.retrieve(query, QUERY_STEPS, DEFAULT_TOL)?;
    let weights = traj.weights.last().ok_or(EngineError::Empty {
        what: "the retrieval",
    })?;
    let (kind, k90) = classify(weights);
    let mut rng = SeededRng::new(stream_seed(seed, index as u64 + 1));
    let mut search = FixedPointSearch::new(net, search_options())?;
    for (done, start) in starts(patterns, query, seed).iter().enumerate() {
        search.add_start(start, &mut rng)?;
        progress(done + 1);
    }
    let mut counts = [0; 3];
    for fp in search.found() {
        counts[fp.kind as usize] += 1;
    }
    Ok(ScanRow {
        beta,
        k90,
        // The query's near-uniform state is global only if the search found nothing else.
        kind: unique_global(kind, search.found().len()),
        retrieved: traj.final_state().to_vec(),
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::corruption::mask_lower_half_vector;
    use crate::engine::fixed_points::log_grid;

    #[test]
    fn k90_falls_as_beta_grows_and_the_counts_split() {
        let mut rng = SeededRng::new(2);
        let set = PatternSet::random_binary(64, 8, &mut rng).unwrap();
        let query = mask_lower_half_vector(set.pattern(0), 0.0).unwrap();
        let betas = log_grid(1e-3, 10.0, 12).unwrap();
        let mut reported = 0;
        let rows: Vec<ScanRow> = betas
            .iter()
            .enumerate()
            .map(|(i, &b)| scan_row(&set, &query, b, i, 5, &mut |done| reported = done).unwrap())
            .collect();
        assert_eq!(
            reported, 18,
            "the query, 8 patterns, 8 noisy copies and the mean"
        );
        assert_eq!(starts(&set, &query, 5).len(), start_count(&set));
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
                .zip(set.pattern(0))
                .all(|(a, b)| (a - b).abs() < 1e-2)
        );
    }

    #[test]
    fn a_query_of_the_wrong_length_is_an_error() {
        let mut rng = SeededRng::new(2);
        let set = PatternSet::random_binary(16, 3, &mut rng).unwrap();
        assert!(scan_row(&set, &[0.0; 15], 1.0, 0, 5, &mut |_| {}).is_err());
    }
}
