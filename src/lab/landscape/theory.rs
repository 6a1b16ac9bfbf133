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

/// The β values of the N figure: with M² = d = 64, β·M² = 3.2, 12.8 and 64.
pub const SPHERE_BETAS: [f32; 3] = [0.05, 0.2, 1.0];

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

/// The rows of the N figure, one per (β, N) of [`SPHERE_BETAS`] × [`SPHERE_COUNTS`].
pub fn sphere_jobs() -> impl Iterator<Item = (f32, usize)> {
    SPHERE_BETAS
        .iter()
        .flat_map(|&b| SPHERE_COUNTS.iter().map(move |&n| (b, n)))
}

/// The row for N = `count` random patterns on the sphere of radius √d (d = [`SPHERE_DIM`],
/// drawn from stream `count` of `seed`), the query the first with its lower half masked.
pub fn sphere_row(count: usize, beta: f32, seed: u64) -> Result<TheoryRow> {
    let mut rng = SeededRng::new(stream_seed(seed, count as u64));
    let patterns = PatternSet::random_gaussian(SPHERE_DIM, count, true, &mut rng)?;
    let query = mask_lower_half_vector(patterns.pattern(0), 0.0)?;
    theory_row(&patterns, 0, &query, beta)
}

/// What a row says, in one sentence for the figure's caption: the error after one update
/// and what Theorem 5 makes of it, the updates to converge, and the Jacobian norms.
pub fn verdict(row: &TheoryRow) -> String {
    let r = &row.report;
    let t = &r.theorem5;
    let error = r.error_after_one_update;
    let theorem = match t.bound {
        None => format!(
            "Theorem 5 does not apply (Δᵢ = {:.3} ≤ 2·{:.3}·M = {:.3})",
            t.separation,
            t.reach,
            2.0 * t.reach * t.max_norm
        ),
        Some(b) if t.vacuous() => {
            format!("Theorem 5's bound {b:.2e} ≥ 2M: true, but it says nothing")
        }
        Some(b) if error <= b => format!("under Theorem 5's bound {b:.2e}"),
        Some(b) => format!("ABOVE Theorem 5's bound {b:.2e}: a bug"),
    };
    let updates = r
        .updates_to_converge
        .map_or("did not converge".to_string(), |u| {
            format!("converged in {u} update{}", if u == 1 { "" } else { "s" })
        });
    format!(
        "At β = {:.2e}: error after one update {error:.2e}, {theorem}; {updates} to a {} fixed point (k₉₀ = {}); ‖J‖₂ = {:.2e}, ‖J_s‖₂ = {:.2e} ≤ β/2 = {:.2e}.",
        row.beta,
        row.kind.name(),
        row.k90,
        r.jacobian_norm,
        r.softmax_jacobian_norm,
        0.5 * row.beta
    )
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

    #[test]
    fn the_verdict_says_whether_the_theorem_applies() {
        let patterns = PatternSet::random_binary(64, 6, &mut SeededRng::new(1)).unwrap();
        let half = mask_lower_half_vector(patterns.pattern(2), 0.0).unwrap();
        let far = verdict(&theory_row(&patterns, 2, &half, 1.0).unwrap());
        assert!(far.contains("does not apply"), "{far}");
        let mut near = patterns.pattern(2).to_vec();
        near[0] = 0.0;
        let close = verdict(&theory_row(&patterns, 2, &near, 1.0).unwrap());
        assert!(close.contains("under Theorem 5's bound"), "{close}");
        assert!(
            close.contains("converged in 1 update to a single"),
            "{close}"
        );
    }
}
