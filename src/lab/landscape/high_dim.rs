//! The high-dimensional section's settings and data: a built-in or random pattern set of
//! side×side images, a query (one of them with its lower half masked to 0, the neutral value of
//! the modern network) and the three points that span the viewed plane.

use crate::engine::corruption::{MASK_CONTINUOUS, PixelRect, mask_rect};
use crate::engine::fixed_points::{FixedPointKind, classify};
use crate::engine::{EngineError, PatternSet, Result};
use crate::lab::studio::library::{Source, base_patterns};

/// Side of the images (d = side²): large enough to recognise a photo, small enough that a
/// plane's basin map takes about a second.
pub const SIDE: usize = 32;
/// Most patterns of a glyph or random set.
pub const MAX_COUNT: usize = 16;
/// Seed of the random sets.
const SEED: u64 = 3;
/// The slider's β range for these sets: with raw dot products of d = 1024 entries, the
/// global average gives way near β ≈ 3·10⁻³ and single patterns win by β ≈ 0.1.
pub const BETA_RANGE: (f32, f32) = (1e-4, 1e0);

/// How much of the query's image is masked (set to 0, the modern network's neutral value):
/// rows at the bottom. Theorem 5 needs the query close to its pattern, ‖ξ − xᵢ‖ < Δᵢ/(2M):
/// with random ±1 patterns a masked half is too far, a masked eighth is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryMask {
    /// The lower half.
    Half,
    /// The lower quarter.
    Quarter,
    /// The lower eighth.
    Eighth,
    /// The bottom row.
    Row,
}

impl QueryMask {
    /// Every mask, largest first.
    pub const ALL: [QueryMask; 4] = [Self::Half, Self::Quarter, Self::Eighth, Self::Row];

    /// The value of the mask's option and link parameter.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Half => "half",
            Self::Quarter => "quarter",
            Self::Eighth => "eighth",
            Self::Row => "row",
        }
    }

    /// The menu label.
    pub fn title(self) -> &'static str {
        match self {
            Self::Half => "lower half",
            Self::Quarter => "lower quarter",
            Self::Eighth => "lower eighth",
            Self::Row => "bottom row",
        }
    }

    /// Rows masked at the bottom of the side×side image.
    pub fn rows(self) -> usize {
        match self {
            Self::Half => SIDE / 2,
            Self::Quarter => SIDE / 4,
            Self::Eighth => SIDE / 8,
            Self::Row => 1,
        }
    }
}

/// A point spanning the viewed plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Stored pattern μ.
    Pattern(usize),
    /// The corrupted query.
    Query,
}

impl Anchor {
    /// The value of the anchor's option ("query" or the pattern's index).
    pub fn slug(self) -> String {
        match self {
            Anchor::Pattern(mu) => mu.to_string(),
            Anchor::Query => "query".into(),
        }
    }

    /// The anchor named by an option value.
    pub fn from_slug(slug: &str) -> Option<Self> {
        if slug == "query" {
            Some(Anchor::Query)
        } else {
            slug.parse().ok().map(Anchor::Pattern)
        }
    }
}

/// The settings of the high-dimensional section.
#[derive(Debug, Clone, PartialEq)]
pub struct HighDimSettings {
    /// Where the patterns come from.
    pub source: Source,
    /// N for the glyph and random sources (the photos are always all of them).
    pub count: usize,
    /// The three points spanning the plane.
    pub anchors: [Anchor; 3],
    /// The stored pattern the query is made from.
    pub target: usize,
    /// How much of it is masked.
    pub mask: QueryMask,
    /// β of this section.
    pub beta: f32,
}

impl Default for HighDimSettings {
    fn default() -> Self {
        Self {
            source: Source::Photos,
            count: 8,
            anchors: [Anchor::Pattern(0), Anchor::Pattern(1), Anchor::Pattern(2)],
            target: 0,
            mask: QueryMask::Half,
            beta: 0.003,
        }
    }
}

/// The set and query of the section.
#[derive(Debug, Clone, PartialEq)]
pub struct HighDimSet {
    /// One label per pattern.
    pub labels: Vec<String>,
    /// The stored patterns (continuous, d = [`SIDE`]²).
    pub patterns: PatternSet,
    /// Pattern `target` with its lower half set to 0.
    pub query: Vec<f32>,
}

impl HighDimSet {
    /// The point of `anchor` (a typed error for a pattern that does not exist).
    pub fn anchor(&self, anchor: Anchor) -> Result<&[f32]> {
        match anchor {
            Anchor::Pattern(mu) => self.patterns.get(mu),
            Anchor::Query => Ok(&self.query),
        }
    }
}

impl HighDimSettings {
    /// Builds the set and the query (`photo_bytes`: the downloaded `photos.bin`, read only
    /// for the photographs).
    pub fn build(&self, photo_bytes: &[u8]) -> Result<HighDimSet> {
        let count = self.count.clamp(3, MAX_COUNT);
        let items = base_patterns(self.source, count, SIDE, SEED, photo_bytes)?;
        let labels: Vec<String> = items.iter().map(|s| s.label.clone()).collect();
        let rows: Vec<Vec<f32>> = items.into_iter().map(|s| s.values).collect();
        let patterns = PatternSet::from_rows(&rows)?;
        let rows = self.mask.rows();
        let rect = PixelRect {
            x: 0,
            y: SIDE - rows,
            width: SIDE,
            height: rows,
        };
        let query = mask_rect(patterns.get(self.target)?, SIDE, rect, MASK_CONTINUOUS)?;
        Ok(HighDimSet {
            labels,
            patterns,
            query,
        })
    }

    /// The three anchors, checked to be distinct (the plane needs three different points).
    pub fn distinct_anchors(&self) -> Result<[Anchor; 3]> {
        let [a, b, c] = self.anchors;
        if a == b || b == c || a == c {
            return Err(EngineError::Numerical(
                "choose three different points for the plane".into(),
            ));
        }
        Ok(self.anchors)
    }
}

/// Where a state stands among the patterns: its kind, k90 and the pattern of largest weight.
/// It names the pattern a retrieval reached, so that the page can say when that is not the
/// pattern the query was made from (a wrong retrieval looks just like a right one by kind).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reached {
    /// Global, metastable or single.
    pub kind: FixedPointKind,
    /// Smallest number of largest weights summing to 0.9.
    pub k90: usize,
    /// The pattern of largest weight.
    pub top: usize,
    /// N.
    pub count: usize,
}

impl Reached {
    /// The state with softmax weights `weights`, classified alone (a search's fixed point
    /// carries its own kind, which replaces this one); `None` without weights.
    pub fn of(weights: &[f32]) -> Option<Self> {
        let (kind, k90) = classify(weights);
        let top = weights
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))?
            .0;
        Some(Self {
            kind,
            k90,
            top,
            count: weights.len(),
        })
    }

    /// Whether it retrieved (or mostly averages) another pattern than `target`; the global
    /// average belongs to no pattern and is never wrong.
    pub fn misses(&self, target: usize) -> bool {
        self.kind != FixedPointKind::Global && self.top != target
    }

    /// A short name: the pattern it stores, or how many it averages.
    pub fn name(&self, labels: &[String]) -> String {
        let top = label(labels, self.top);
        match self.kind {
            FixedPointKind::Single => top.to_string(),
            FixedPointKind::Metastable => format!("average of {} (mostly {top})", self.k90),
            FixedPointKind::Global => format!("average of all {}", self.count),
        }
    }

    /// What the query's retrieval reached, with kind, k90 / N, and a warning when it is not
    /// the `target` the query was made from.
    pub fn sentence(&self, labels: &[String], target: usize) -> String {
        let miss = if self.misses(target) {
            format!(" ✗ not the target {}", label(labels, target))
        } else if self.kind == FixedPointKind::Single {
            " ✓ the target".to_string()
        } else {
            String::new()
        };
        format!(
            "the query reaches {} ({}, k₉₀ = {} / {}){miss}",
            self.name(labels),
            self.kind.name(),
            self.k90,
            self.count
        )
    }
}

fn label(labels: &[String], mu: usize) -> &str {
    labels.get(mu).map_or("?", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_with_a_masked_query() {
        let s = HighDimSettings::default();
        let set = s
            .build(include_bytes!("../../../www/patterns/photos.bin"))
            .unwrap();
        assert_eq!(set.patterns.dim(), SIDE * SIDE);
        assert!(set.patterns.count() >= 6);
        assert!(set.query[SIDE * SIDE / 2..].iter().all(|&v| v == 0.0));
        assert_eq!(
            set.anchor(Anchor::Pattern(1)).unwrap(),
            set.patterns.pattern(1)
        );
        assert!(set.anchor(Anchor::Pattern(99)).is_err());
        let same = HighDimSettings {
            anchors: [Anchor::Query, Anchor::Pattern(0), Anchor::Query],
            ..s
        };
        assert!(same.distinct_anchors().is_err());
        assert_eq!(Anchor::from_slug("query"), Some(Anchor::Query));
        assert_eq!(
            Anchor::from_slug(&Anchor::Pattern(4).slug()),
            Some(Anchor::Pattern(4))
        );
    }

    #[test]
    fn a_wrong_retrieval_is_named_and_flagged() {
        let labels: Vec<String> = ["astronaut", "camera", "horse"].map(String::from).into();
        let horse = Reached::of(&[0.0, 0.01, 0.99]).unwrap();
        assert_eq!((horse.top, horse.k90, horse.count), (2, 1, 3));
        assert!(horse.misses(0) && !horse.misses(2));
        let text = horse.sentence(&labels, 0);
        assert!(text.contains("reaches horse"), "{text}");
        assert!(text.contains("not the target astronaut"), "{text}");
        assert!(horse.sentence(&labels, 2).contains("✓ the target"));
        let pair = Reached::of(&[0.5, 0.1, 0.4]).unwrap();
        assert_eq!(pair.name(&labels), "average of 2 (mostly astronaut)");
        assert!(!pair.misses(0) && pair.misses(1));
        assert_eq!(pair.kind, FixedPointKind::Metastable);
        let all = Reached::of(&[0.3, 0.3, 0.4]).unwrap();
        assert_eq!(all.kind, FixedPointKind::Global);
        assert!(!all.misses(0) && !all.sentence(&labels, 0).contains("target"));
        assert_eq!(Reached::of(&[]), None);
    }

    /// The case of the issue: the astronaut query at β = 0.01 ends at the horse.
    #[test]
    fn the_astronaut_query_at_beta_001_reaches_the_horse() {
        let set = HighDimSettings::default()
            .build(include_bytes!("../../../www/patterns/photos.bin"))
            .unwrap();
        let net = crate::engine::ModernHopfield::new(set.patterns.clone(), 0.01).unwrap();
        let traj = net
            .retrieve(&set.query, 200, crate::engine::modern::DEFAULT_TOL)
            .unwrap();
        let reached = Reached::of(traj.weights.last().unwrap()).unwrap();
        assert_eq!(set.labels[0], "astronaut");
        let text = reached.sentence(&set.labels, 0);
        assert!(reached.misses(0), "{text}");
        assert!(text.contains("not the target astronaut"), "{text}");
    }
}
