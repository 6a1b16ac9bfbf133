//! What a state is, in words: the target, another stored pattern, a spurious state (an
//! inverted pattern or a mixture, named by its composition), or — for the modern network — a
//! metastable or global average with its k90.

use crate::engine::PatternSet;
use crate::engine::fixed_points::{FixedPointKind, classify};
use crate::engine::math;
use crate::engine::short_sort;

/// Overlap from which a state counts as a stored pattern (SCIENCE.md's success criterion).
pub const RETRIEVED: f32 = 0.95;
/// Smallest |overlap| (binary) or weight (modern) named in a composition.
const PART: f32 = 0.15;
/// Most terms named in a composition.
const MAX_PARTS: usize = 4;

/// The kind of a state.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Overlap with the target ≥ 0.95 (modern: a single-pattern state on the target).
    Target,
    /// Another stored pattern μ (0-based).
    Other(usize),
    /// The inverted pattern −x_μ, a spurious state of the binary networks.
    Inverse(usize),
    /// A spurious state close to a mixture: (pattern, coefficient) terms, largest first.
    Mixture(Vec<(usize, f32)>),
    /// A modern average over several patterns.
    Average {
        /// Global or metastable.
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
                let what = match kind {
                    FixedPointKind::Global => "global average",
                    _ => "metastable average",
                };
                format!("{what} ≈ {} (k₉₀ = {k90} of {count})", composition(parts))
            }
        }
    }

    /// Whether the state is the target.
    pub fn is_target(&self) -> bool {
        matches!(self, Verdict::Target)
    }
}

fn largest(values: impl Iterator<Item = (usize, f32)>, floor: f32) -> Vec<(usize, f32)> {
    let mut parts: Vec<(usize, f32)> = values.filter(|(_, v)| v.abs() >= floor).collect();
    short_sort::sort_by(&mut parts, |a, b| b.1.abs().total_cmp(&a.1.abs()));
    parts.truncate(MAX_PARTS);
    parts
}

/// The verdict on a state of a binary network over its ±1 `patterns`.
pub fn binary(state: &[f32], patterns: &PatternSet, target: usize) -> Verdict {
    let overlaps: Vec<f32> = patterns.iter().map(|x| math::overlap(state, x)).collect();
    if overlaps.get(target).is_some_and(|&m| m >= RETRIEVED) {
        return Verdict::Target;
    }
    if let Some(mu) = overlaps.iter().position(|&m| m >= RETRIEVED) {
        return Verdict::Other(mu);
    }
    if let Some(mu) = overlaps.iter().position(|&m| m <= -RETRIEVED) {
        return Verdict::Inverse(mu);
    }
    Verdict::Mixture(largest(overlaps.into_iter().enumerate(), PART))
}

/// The verdict on a state of the modern network from its softmax `weights`.
pub fn modern(state: &[f32], weights: &[f32], patterns: &PatternSet, target: usize) -> Verdict {
    let (kind, k90) = classify(weights);
    let heaviest = weights
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(mu, _)| mu);
    let target_overlap = patterns
        .get(target)
        .map_or(0.0, |x| math::overlap(state, x));
    if kind == FixedPointKind::Single || target_overlap >= RETRIEVED {
        return match heaviest {
            Some(mu) if mu != target && target_overlap < RETRIEVED => Verdict::Other(mu),
            _ => Verdict::Target,
        };
    }
    Verdict::Average {
        kind,
        k90,
        count: weights.len(),
        parts: largest(
            weights.iter().copied().enumerate(),
            PART.min(0.9 / MAX_PARTS as f32),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededRng;

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

    #[test]
    fn modern_kinds_follow_the_weights() {
        let set = PatternSet::random_binary(64, 4, &mut SeededRng::new(3)).unwrap();
        let single = modern(set.pattern(2), &[0.0, 0.0, 1.0, 0.0], &set, 2);
        assert!(single.is_target());
        let other = modern(set.pattern(3), &[0.0, 0.0, 0.0, 1.0], &set, 2);
        assert_eq!(other, Verdict::Other(3));
        let avg = modern(&[0.0; 64], &[0.49, 0.47, 0.02, 0.02], &set, 2);
        let text = avg.text();
        assert!(
            text.starts_with("metastable average ≈ 0.49·x₁ + 0.47·x₂"),
            "{text}"
        );
        let global = modern(&[0.0; 64], &[0.25; 4], &set, 2);
        assert!(
            global.text().starts_with("global average"),
            "{}",
            global.text()
        );
        assert_eq!(x_sub(11), "x₁₂");
    }
}
