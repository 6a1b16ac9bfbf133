//! What a state is, in words: the target, another stored pattern, a spurious state (an
//! inverted pattern or a mixture, named by its composition), or — for the modern network — a
//! metastable or global average with its k90. A verdict describes the state shown at a step;
//! before the run's end the panel adds what the run will reach, worded as such ([`reading`]).

use crate::engine::PatternSet;
use crate::engine::fixed_points::FixedPointKind;
use crate::engine::math;
use crate::engine::short_sort;

/// Overlap from which a state counts as a stored pattern (SCIENCE.md's success criterion).
pub const RETRIEVED: f32 = 0.95;
/// Smallest |overlap| named in a binary network's composition.
const PART: f32 = 0.15;
/// Most terms named in a composition.
const MAX_PARTS: usize = 4;

/// The kind of a state.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The query itself, before any update: its overlap with the target.
    Query(f32),
    /// Overlap with the target ≥ 0.95.
    Target,
    /// Another stored pattern μ (0-based).
    Other(usize),
    /// The inverted pattern −x_μ, a spurious state of the binary networks.
    Inverse(usize),
    /// A spurious state close to a mixture: (pattern, coefficient) terms, largest first.
    Mixture(Vec<(usize, f32)>),
    /// A modern state that is no stored pattern: an average over several (global or
    /// metastable), or a state whose weights single out one pattern it has not reached.
    Average {
        /// Its kind, as the engine classifies the weights.
        kind: FixedPointKind,
        /// k90 of the weights.
        k90: usize,
        /// N.
        count: usize,
        /// The heaviest weights.
        parts: Vec<(usize, f32)>,
    },
}

/// x with the 1-based index as a subscript: x₁₂.
pub fn x_sub(mu: usize) -> String {
    const SUB: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    let digits: String = (mu + 1)
        .to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| SUB[d as usize]))
        .collect();
    format!("x{digits}")
}

fn composition(parts: &[(usize, f32)]) -> String {
    let mut out = String::new();
    for (i, &(mu, c)) in parts.iter().enumerate() {
        let sign = if c < 0.0 { "−" } else { "+" };
        if i > 0 {
            out.push_str(&format!(" {sign} "));
        } else if c < 0.0 {
            out.push('−');
        }
        out.push_str(&format!("{:.2}·{}", c.abs(), x_sub(mu)));
    }
    out
}

impl Verdict {
    /// One line for the panel.
    pub fn text(&self) -> String {
        match self {
            Verdict::Query(m) => format!("the query (overlap {m:.2})"),
            Verdict::Target => "retrieved the target".into(),
            Verdict::Other(mu) => format!("retrieved another stored pattern, {}", x_sub(*mu)),
            Verdict::Inverse(mu) => format!("spurious: the inverted pattern −{}", x_sub(*mu)),
            Verdict::Mixture(parts) if parts.is_empty() => {
                "spurious state (no clear composition)".into()
            }
            Verdict::Mixture(parts) => format!("spurious / mixture ≈ {}", composition(parts)),
            Verdict::Average {
                kind,
                k90,
                count,
                parts,
            } => {
                let k = format!("(k₉₀ = {k90} of {count})");
                match kind {
                    FixedPointKind::Global => {
                        format!("global average ≈ the mean of all {count} patterns {k}")
                    }
                    FixedPointKind::Single => {
                        format!(
                            "weights on {} alone, state not there yet {k}",
                            composition(parts)
                        )
                    }
                    FixedPointKind::Metastable => {
                        let more = if *k90 > parts.len() { " + …" } else { "" };
                        format!("metastable average ≈ {}{more} {k}", composition(parts))
                    }
                }
            }
        }
    }

    /// Whether the state is the target.
    pub fn is_target(&self) -> bool {
        matches!(self, Verdict::Target)
    }
}

/// The at most `most` largest values by magnitude of at least `floor`, largest first.
fn largest(
    values: impl Iterator<Item = (usize, f32)>,
    floor: f32,
    most: usize,
) -> Vec<(usize, f32)> {
    let mut parts: Vec<(usize, f32)> = values.filter(|(_, v)| v.abs() >= floor).collect();
    short_sort::sort_by(&mut parts, |a, b| b.1.abs().total_cmp(&a.1.abs()));
    parts.truncate(most);
    parts
}

/// The verdict on a state of a binary network over its ±1 `patterns`.
pub fn binary(state: &[f32], patterns: &PatternSet, target: usize) -> Verdict {
    if let Some(v) = retrieved(state, patterns, target) {
        return v;
    }
    let overlaps: Vec<f32> = patterns.iter().map(|x| math::overlap(state, x)).collect();
    if let Some(mu) = overlaps.iter().position(|&m| m <= -RETRIEVED) {
        return Verdict::Inverse(mu);
    }
    Verdict::Mixture(largest(overlaps.into_iter().enumerate(), PART, MAX_PARTS))
}

/// The verdict on a state of the modern network: a stored pattern when the state is one
/// (overlap ≥ 0.95), otherwise what its softmax `weights` average, of the `kind` and k90 the
/// engine gives them (so the words always match the kind shown beside them).
pub fn modern(
    state: &[f32],
    weights: &[f32],
    (kind, k90): (FixedPointKind, usize),
    patterns: &PatternSet,
    target: usize,
) -> Verdict {
    match retrieved(state, patterns, target) {
        Some(v) => v,
        None => Verdict::Average {
            kind,
            k90,
            count: weights.len(),
            parts: largest(weights.iter().copied().enumerate(), 0.0, k90.min(MAX_PARTS)),
        },
    }
}

/// The target or another stored pattern, if the state is one (overlap ≥ 0.95).
fn retrieved(state: &[f32], patterns: &PatternSet, target: usize) -> Option<Verdict> {
    let overlaps: Vec<f32> = patterns.iter().map(|x| math::overlap(state, x)).collect();
    if overlaps.get(target).is_some_and(|&m| m >= RETRIEVED) {
        return Some(Verdict::Target);
    }
    overlaps
        .iter()
        .position(|&m| m >= RETRIEVED)
        .map(Verdict::Other)
}

/// The panel's line at a step: the verdict on the state shown (`now`), and while the run is
/// not over, the one it ends with at step `last`, worded as a prospect.
pub fn reading(now: &Verdict, ending: Option<(usize, &Verdict)>) -> String {
    match ending {
        Some((last, end)) => format!("{} → by step {last}: {}", now.text(), end.text()),
        None => now.text(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededRng;
    use crate::engine::fixed_points::classify;

    #[test]
    fn names_targets_inverses_and_mixtures() {
        let set = PatternSet::random_binary(1000, 3, &mut SeededRng::new(1)).unwrap();
        assert_eq!(binary(set.pattern(1), &set, 1), Verdict::Target);
        assert_eq!(binary(set.pattern(2), &set, 1), Verdict::Other(2));
        let inv: Vec<f32> = set.pattern(0).iter().map(|v| -v).collect();
        assert_eq!(binary(&inv, &set, 1), Verdict::Inverse(0));
        let mix: Vec<f32> = (0..1000)
            .map(|i| (set.pattern(0)[i] + set.pattern(1)[i] + set.pattern(2)[i]).signum())
            .collect();
        let Verdict::Mixture(parts) = binary(&mix, &set, 1) else {
            panic!("not a mixture")
        };
        assert_eq!(parts.len(), 3);
        assert!(
            parts.iter().all(|(_, c)| (c - 0.5).abs() < 0.1),
            "{parts:?}"
        );
        assert!(Verdict::Mixture(parts).text().contains("·x₁"));
    }

    fn modern_at(state: &[f32], weights: &[f32], set: &PatternSet, target: usize) -> Verdict {
        modern(state, weights, classify(weights), set, target)
    }

    #[test]
    fn modern_kinds_follow_the_weights() {
        let set = PatternSet::random_binary(64, 4, &mut SeededRng::new(3)).unwrap();
        let single = modern_at(set.pattern(2), &[0.0, 0.0, 1.0, 0.0], &set, 2);
        assert!(single.is_target());
        let other = modern_at(set.pattern(3), &[0.0, 0.0, 0.0, 1.0], &set, 2);
        assert_eq!(other, Verdict::Other(3));
        let avg = modern_at(&[0.0; 64], &[0.49, 0.47, 0.02, 0.02], &set, 2);
        let text = avg.text();
        assert!(
            text.starts_with("metastable average ≈ 0.49·x₁ + 0.47·x₂ (k₉₀ = 2 of 4)"),
            "{text}"
        );
        let global = modern_at(&[0.0; 64], &[0.25; 4], &set, 2);
        assert!(
            global.text().starts_with("global average"),
            "{}",
            global.text()
        );
        assert_eq!(x_sub(11), "x₁₂");
    }

    #[test]
    fn averages_always_name_what_they_average() {
        // Issue 16.4: eight near-uniform weights (each 1/8 < the 0.15 of a named part) once
        // read "global average ≈ (k₉₀ = 8 of 8)".
        let set = PatternSet::random_binary(64, 8, &mut SeededRng::new(4)).unwrap();
        let uniform = modern_at(&[0.0; 64], &[0.125; 8], &set, 0);
        assert_eq!(
            uniform.text(),
            "global average ≈ the mean of all 8 patterns (k₉₀ = 8 of 8)"
        );
        // The same weights called metastable by the engine are named as such, with parts.
        let meta = modern(
            &[0.0; 64],
            &[0.125; 8],
            (FixedPointKind::Metastable, 8),
            &set,
            0,
        );
        assert!(
            meta.text().starts_with("metastable average ≈ 0.12·x") && meta.text().contains(" + …"),
            "{}",
            meta.text()
        );
        // Eight weights of 0.115 among 20, each under the 0.15 a binary part needs: metastable
        // (k90 = 8 ≤ N/2), and its parts are still named.
        let mut spread = vec![0.08 / 12.0; 20];
        spread[..8].fill(0.115);
        let wide = PatternSet::random_binary(64, 20, &mut SeededRng::new(5)).unwrap();
        let text = modern_at(&[0.0; 64], &spread, &wide, 10).text();
        assert!(
            text.starts_with("metastable average ≈ 0.12·x")
                && text.ends_with(" + … (k₉₀ = 8 of 20)"),
            "{text}"
        );
    }

    #[test]
    fn the_query_is_not_yet_a_retrieval() {
        // Issue 16.3: at step 0 the half-grey query's weights already single out the target,
        // which read "retrieved the target" before any update.
        let set = PatternSet::random_binary(64, 4, &mut SeededRng::new(6)).unwrap();
        let mut query = set.pattern(1).to_vec();
        query[32..].fill(0.0);
        let before = modern_at(&query, &[0.0, 1.0, 0.0, 0.0], &set, 1);
        assert!(!before.is_target(), "{before:?}");
        assert!(before.text().starts_with("weights on 1.00·x₂ alone"));
        let now = Verdict::Query(math::overlap(&query, set.pattern(1)));
        let line = reading(&now, Some((1, &Verdict::Target)));
        assert_eq!(
            line,
            "the query (overlap 0.71) → by step 1: retrieved the target"
        );
        assert_eq!(reading(&Verdict::Target, None), "retrieved the target");
    }
}
