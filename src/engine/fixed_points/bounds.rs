//! The proven statements of [P] about fixed points, as functions the UI can evaluate next to
//! what the simulation shows: separation Δᵢ, the retrieval-error bound of Thm 5, the
//! single-pattern condition of Lemmas A5–A7 and the global-averaging condition of Lemma A3.
//! Each takes a pattern index from the user and returns a typed error when it does not exist.
//! The arithmetic is in f64: these are one-off evaluations, and the exponentials span decades.

use crate::engine::error::{Result, check_range};
use crate::engine::math;
use crate::engine::modern::{BETA_MAX, BETA_MIN};
use crate::engine::patterns::PatternSet;

/// Separation of pattern i, Δᵢ = xᵢᵀxᵢ − max_{j≠i} xᵢᵀxⱼ. With a single pattern nothing
/// competes and Δ = +∞.
pub fn separation(patterns: &PatternSet, i: usize) -> Result<f32> {
    let xi = patterns.get(i)?;
    let competitor = patterns
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, xj)| math::dot(xi, xj))
        .fold(f32::NEG_INFINITY, f32::max);
    Ok(math::dot(xi, xi) - competitor)
}

/// Thm 5: after one update from ξ, ‖f(ξ) − xᵢ‖ ≤ 2(N−1) exp(−β(Δᵢ − 2 max{‖ξ−xᵢ‖, ‖xᵢ*−xᵢ‖} M)) M,
/// where `query_distance` = ‖ξ − xᵢ‖ and `fixed_point_distance` = ‖xᵢ* − xᵢ‖. The bound can be
/// larger than the patterns themselves (even +∞) when it says nothing; it is 0 for N = 1.
pub fn retrieval_error_bound(
    patterns: &PatternSet,
    i: usize,
    beta: f32,
    query_distance: f32,
    fixed_point_distance: f32,
) -> Result<f32> {
    check_beta(beta)?;
    check_range("‖ξ − xᵢ‖", query_distance as f64, 0.0, f64::MAX)?;
    check_range("‖xᵢ* − xᵢ‖", fixed_point_distance as f64, 0.0, f64::MAX)?;
    let delta = separation(patterns, i)? as f64;
    let n = patterns.count() as f64;
    if n < 2.0 {
        return Ok(0.0);
    }
    let m = patterns.max_norm() as f64;
    let reach = (query_distance.max(fixed_point_distance)) as f64;
    let bound = 2.0 * (n - 1.0) * (-(beta as f64) * (delta - 2.0 * reach * m)).exp() * m;
    Ok(bound as f32)
}

/// Lemmas A5–A7: the separation Δᵢ needed at β for a single fixed point near xᵢ,
/// 2/(βN) + (1/β) ln(2(N−1)NβM²). −∞ for N = 1 (always satisfied).
pub fn single_pattern_required_separation(patterns: &PatternSet, beta: f32) -> Result<f32> {
    check_beta(beta)?;
    Ok(required(patterns, beta as f64) as f32)
}

fn required(patterns: &PatternSet, beta: f64) -> f64 {
    let n = patterns.count() as f64;
    let m = patterns.max_norm() as f64;
    2.0 / (beta * n) + (2.0 * (n - 1.0) * n * beta * m * m).ln() / beta
}

/// Whether Lemmas A5–A7 guarantee exactly one fixed point in the ball ‖ξ − xᵢ‖ ≤ 1/(βNM):
/// Δᵢ ≥ 2/(βN) + (1/β) ln(2(N−1)NβM²). The condition is sufficient and conservative: single
/// fixed points appear at much smaller β in practice.
pub fn single_pattern_condition_holds(patterns: &PatternSet, i: usize, beta: f32) -> Result<bool> {
    check_beta(beta)?;
    let delta = separation(patterns, i)? as f64;
    Ok(delta >= required(patterns, beta as f64))
}

/// The radius 1/(βNM) of the ball of Lemmas A5–A7 around xᵢ.
pub fn single_pattern_radius(patterns: &PatternSet, beta: f32) -> Result<f32> {
    check_beta(beta)?;
    let nm = patterns.count() as f64 * patterns.max_norm() as f64;
    Ok((1.0 / (beta as f64 * nm)) as f32)
}

/// The smallest β in [1e-4, 1e4] from which the single-pattern condition holds for every larger
/// β (to 0.1 % in β), or `None` when it does not even hold at β = 1e4. The app draws it as the
/// line "proven single above here" on the bifurcation diagram.
pub fn single_pattern_min_beta(patterns: &PatternSet, i: usize) -> Result<Option<f32>> {
    let delta = separation(patterns, i)? as f64;
    let holds = |beta: f64| delta >= required(patterns, beta);
    let (lo, hi) = ((BETA_MIN as f64).ln(), (BETA_MAX as f64).ln());
    const STEPS: usize = 800;
    let at = |k: usize| (lo + (hi - lo) * k as f64 / STEPS as f64).exp();
    if !holds(at(STEPS)) {
        return Ok(None);
    }
    // Walk down the log grid while the condition keeps holding, then bisect the last gap.
    let mut k = STEPS;
    while k > 0 && holds(at(k - 1)) {
        k -= 1;
    }
    if k == 0 {
        return Ok(Some(BETA_MIN));
    }
    let (mut fail, mut ok) = (at(k - 1), at(k));
    while ok / fail > 1.001 {
        let mid = (fail * ok).sqrt();
        if holds(mid) { ok = mid } else { fail = mid }
    }
    // Round up to f32 so that the returned β itself satisfies the condition.
    let mut beta = ok as f32;
    while !holds(beta as f64) && beta < BETA_MAX {
        beta = beta.next_up();
    }
    Ok(Some(beta))
}

/// m_max = maxᵢ ‖xᵢ − m_x‖, the spread of the patterns around their mean (Lemma A3).
pub fn m_max(patterns: &PatternSet) -> f32 {
    let mean = patterns.mean();
    patterns
        .iter()
        .map(|x| {
            x.iter()
                .zip(mean.iter())
                .map(|(a, m)| (a - m) * (a - m))
                .sum::<f32>()
                .sqrt()
        })
        .fold(0.0, f32::max)
}

/// Lemma A3: β·m_max² < 1 guarantees a unique fixed point (near the mean).
pub fn global_averaging_condition_holds(patterns: &PatternSet, beta: f32) -> Result<bool> {
    check_beta(beta)?;
    let m = m_max(patterns);
    Ok(beta * m * m < 1.0)
}

/// The β below which Lemma A3 applies, 1/m_max² (+∞ when all patterns are equal).
pub fn global_averaging_beta_limit(patterns: &PatternSet) -> f32 {
    let m = m_max(patterns);
    1.0 / (m * m)
}

fn check_beta(beta: f32) -> Result<()> {
    check_range("β", beta as f64, BETA_MIN as f64, BETA_MAX as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> PatternSet {
        PatternSet::from_rows(&[vec![2.0, 0.0], vec![0.0, 2.0], vec![-2.0, 0.0]]).unwrap()
    }

    #[test]
    fn separation_by_hand() {
        assert_eq!(separation(&set(), 0).unwrap(), 4.0);
        assert!(separation(&set(), 3).is_err());
        let one = PatternSet::from_rows(&[vec![1.0]]).unwrap();
        assert_eq!(separation(&one, 0).unwrap(), f32::INFINITY);
    }

    #[test]
    fn lemma_a3_by_hand() {
        // mean (0, 2/3); farthest pattern (±2, 0): m_max² = 4 + 4/9.
        let limit = global_averaging_beta_limit(&set());
        assert!((limit - 1.0 / (4.0 + 4.0 / 9.0)).abs() < 1e-6);
        assert!(global_averaging_condition_holds(&set(), 0.2).unwrap());
        assert!(!global_averaging_condition_holds(&set(), 0.3).unwrap());
    }

    #[test]
    fn single_pattern_condition_turns_on_at_large_beta() {
        let s = set();
        assert!(!single_pattern_condition_holds(&s, 0, 0.1).unwrap());
        assert!(single_pattern_condition_holds(&s, 0, 100.0).unwrap());
        let b = single_pattern_min_beta(&s, 0).unwrap().unwrap();
        assert!(single_pattern_condition_holds(&s, 0, b).unwrap());
        assert!(!single_pattern_condition_holds(&s, 0, b * 0.99).unwrap());
        assert!(single_pattern_radius(&s, 1.0).unwrap() > 0.0);
    }

    #[test]
    fn thm5_bound_shrinks_with_beta() {
        let s = set();
        let a = retrieval_error_bound(&s, 0, 1.0, 0.1, 0.0).unwrap();
        let b = retrieval_error_bound(&s, 0, 10.0, 0.1, 0.0).unwrap();
        assert!(b < a);
        assert!(retrieval_error_bound(&s, 0, 1.0, -1.0, 0.0).is_err());
    }
}
