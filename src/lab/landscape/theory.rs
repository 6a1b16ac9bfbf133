//! The theory figures of the high-dimensional section: at each β, what the engine's theory
//! module measures for the set's query and target (the error after one update against
//! Theorem 5's bound, the updates to converge, the Jacobian norms of [P] eq. 59 and Lemma A24)
//! with the kind of fixed point reached; and, at fixed β and d, the same against N for random
//! patterns on the sphere, where more patterns mean slower convergence and a larger error.
//! Each row is an independent job, seeded by its place, for the compute workers.

use crate::engine::corruption::mask_lower_half_vector;
use crate::engine::fixed_points::{FixedPointKind, classify};
use crate::engine::modern::DEFAULT_TOL;
use crate::engine::rng::stream_seed;
use crate::engine::theory::{TheoryReport, measure_run};
use crate::engine::{EngineError, ModernHopfield, PatternSet, Result, SeededRng};

/// Most updates of a retrieval.
const STEPS: usize = 400;
/// d of the random sets of the N figure.
pub const SPHERE_DIM: usize = 64;
/// The N values of that figure: powers of two up to 2¹¹ (with d = 64 the patterns crowd the
/// sphere long before: mutual overlaps of ±3σ = ±0.375·d are common by then).
pub const SPHERE_COUNTS: [usize; 11] = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];

/// One measured point of a theory figure.
#[derive(Debug, Clone, PartialEq)]
pub struct TheoryRow {
    /// The inverse temperature.
    pub beta: f32,
    /// N.
    pub count: usize,
    /// The kind of the fixed point the query reached.
    pub kind: FixedPointKind,
    /// Its k90.
    pub k90: usize,
    /// What the theory module measured.
    pub report: TheoryReport,
}

/// The row at `beta` for `target` and `query` on `patterns`.
pub fn theory_row(
    patterns: &PatternSet,
    target: usize,
    query: &[f32],
    beta: f32,
) -> Result<TheoryRow> {
    let net = ModernHopfield::new(patterns.clone(), beta)?;
    let traj = net.retrieve(query, STEPS, DEFAULT_TOL)?;
    let weights = traj.weights.last().ok_or(EngineError::Empty {
        what: "the retrieval",
    })?;
    let (kind, k90) = classify(weights);
    Ok(TheoryRow {
        beta,
        count: patterns.count(),
        kind,
        k90,
        report: measure_run(&net, target, query, &traj)?,
    })
}

/// The row for N = `count` random patterns on the sphere of radius √d (d = [`SPHERE_DIM`],
/// drawn from stream `count` of `seed`), the query the first with its lower half masked.
pub fn sphere_row(count: usize, beta: f32, seed: u64) -> Result<TheoryRow> {
    let mut rng = SeededRng::new(stream_seed(seed, count as u64));
    let patterns = PatternSet::random_gaussian(SPHERE_DIM, count, true, &mut rng)?;
    let query = mask_lower_half_vector(patterns.pattern(0), 0.0)?;
    theory_row(&patterns, 0, &query, beta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_falls_with_beta_and_stays_under_an_applying_bound() {
        let patterns = PatternSet::random_binary(64, 6, &mut SeededRng::new(1)).unwrap();
        let query = mask_lower_half_vector(patterns.pattern(2), 0.0).unwrap();
        let rows: Vec<TheoryRow> = [0.01f32, 0.1, 0.3, 1.0]
            .iter()
            .map(|&b| theory_row(&patterns, 2, &query, b).unwrap())
            .collect();
        for pair in rows.windows(2) {
            assert!(pair[1].report.error_after_one_update < pair[0].report.error_after_one_update);
        }
        for r in &rows {
            if let Some(bound) = r.report.theorem5.bound {
                assert!(r.report.error_after_one_update <= bound, "{r:?}");
            }
        }
        assert_eq!(rows[0].kind, FixedPointKind::Global);
        assert_eq!((rows[3].kind, rows[3].k90), (FixedPointKind::Single, 1));
        assert_eq!(rows[3].report.updates_to_converge, Some(1));
    }

    #[test]
    fn more_patterns_on_the_sphere_retrieve_worse_at_a_fixed_beta() {
        let few = sphere_row(4, 0.2, 9).unwrap();
        let many = sphere_row(1024, 0.2, 9).unwrap();
        assert_eq!((few.count, many.count), (4, 1024));
        assert!(
            many.report.error_after_one_update > 10.0 * few.report.error_after_one_update,
            "{} vs {}",
            many.report.error_after_one_update,
            few.report.error_after_one_update
        );
        assert_eq!(sphere_row(4, 0.2, 9).unwrap(), few, "seeded by its place");
    }
}
