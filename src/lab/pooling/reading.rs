//! What the pooling view says about one bag's attention, without the web: the sorted weights
//! as points of a log–log plot (the heaviest one by one, the rest as the engine's profile),
//! the witnesses among them, and the reading in words — this is retrieval among the bag's N
//! sequences as stored patterns, so the view says so and shows N. Also the β grid of the
//! sweep and the numbers' formats.

use crate::engine::pooling::{BagAttention, Reading};

/// The β range of a sweep and of the view's slider: from 10⁻³ (mean pooling: uniform
/// weights) to 10³ (max-like: all weight on the top score).
pub const SWEEP_RANGE: (f64, f64) = (1e-3, 1e3);

/// The β of a sweep: 25 values over [`SWEEP_RANGE`], four a decade.
pub fn sweep_betas() -> Vec<f32> {
    (0..=24)
        .map(|i| libm::powf(10.0, -3.0 + i as f32 / 4.0))
        .collect()
}

/// `raw` as a whole number in `lo ..= hi`, or the notice naming `name`, what was expected and
/// the value `current` that stays (the bag and fresh-bag fields of the view).
pub fn whole_in(
    name: &str,
    raw: &str,
    (lo, hi): (usize, usize),
    current: usize,
) -> Result<usize, String> {
    match raw.trim().parse::<usize>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(format!(
            "{name}: “{raw}” is not a whole number in {lo} … {hi}; it stays {current}"
        )),
    }
}

/// A count with thin spaces between thousands ("300 000"), as the figures print N.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// A bag's sorted weights on a log–log plot: (rank from 1, weight) points, the witnesses'
/// points among the weights sent one by one, and the floor the y axis starts at (weights
/// below it, e.g. exactly 0 at a large β, are drawn on it).
#[derive(Debug, Clone, PartialEq)]
pub struct SortedCurve {
    pub line: Vec<(f64, f64)>,
    pub witnesses: Vec<(f64, f64)>,
    pub floor: f64,
    /// N, the rank axis' end.
    pub sequences: usize,
}

/// The weights of `a` as a [`SortedCurve`].
pub fn sorted_curve(a: &BagAttention) -> SortedCurve {
    let top = a.weights.first().map_or(1.0, |&w| f64::from(w));
    let smallest = a
        .weights
        .iter()
        .chain(a.tail.iter().map(|(_, w)| w))
        .map(|&w| f64::from(w))
        .filter(|&w| w > 0.0 && w.is_finite())
        .fold(f64::INFINITY, f64::min);
    let floor = if smallest.is_finite() {
        smallest.max(top * 1e-12)
    } else {
        1e-12
    };
    let at = |w: f32| f64::from(w).max(floor);
    let line = a
        .weights
        .iter()
        .enumerate()
        .map(|(i, &w)| ((i + 1) as f64, at(w)))
        .chain(a.tail.iter().map(|&(rank, w)| ((rank + 1) as f64, at(w))))
        .collect();
    let witnesses = a
        .weights
        .iter()
        .zip(&a.witness)
        .enumerate()
        .filter(|(_, (_, is))| **is)
        .map(|(i, (&w, _))| ((i + 1) as f64, at(w)))
        .collect();
    SortedCurve {
        line,
        witnesses,
        floor,
        sequences: a.sequences,
    }
}

/// The reading of one bag in sentences.
pub fn describe(r: &Reading) -> Vec<String> {
    let a = &r.attention;
    let n = a.sequences;
    let mut lines = vec![format!(
        "Retrieval among N = {} stored patterns (the bag's sequences): one update \
         p = softmax(β Kᵀξ) at β = {}.",
        count(n),
        beta_text(r.beta)
    )];
    lines.push(format!(
        "k90 = {}: {} of the {} weights carry 90 % of the attention.",
        count(a.k90),
        count(a.k90),
        count(n)
    ));
    if a.positive {
        let shown = a.witnesses - a.rest_witnesses;
        lines.push(format!(
            "A positive bag: {} witnesses (motif carriers), {shown} of them among the {} \
             heaviest weights; attention on witnesses {:.3} (uniform weights would give {:.4}).",
            a.witnesses,
            count(a.weights.len()),
            a.witness_mass,
            a.witnesses as f64 / n.max(1) as f64
        ));
    } else {
        lines.push(
            "A negative bag: no sequence carries the whole motif, so the attention goes to \
             the best partial matches."
                .to_string(),
        );
    }
    lines.push(format!(
        "The model calls it positive with probability {:.3}.",
        r.probability
    ));
    lines
}

/// A time as the view prints it. The worker's clock ticks in steps of 0.1 ms (browsers
/// coarsen `performance.now()`), so a pass of a small bag can read 0: it says so.
pub fn ms_text(ms: f64) -> String {
    match ms {
        m if !m.is_finite() => "–".into(),
        m if m < 0.1 => "under 0.1 ms (the clock's resolution)".into(),
        m if m < 10.0 => format!("{m:.2} ms"),
        m => format!("{m:.0} ms"),
    }
}

/// β as the view prints it: three significant digits.
pub fn beta_text(beta: f32) -> String {
    let b = f64::from(beta);
    if !(b.is_finite() && b > 0.0) {
        return beta.to_string();
    }
    let digits = (2 - b.log10().floor() as i32).clamp(0, 6) as usize;
    if !(1e-3..1e4).contains(&b) {
        return format!("{b:.2e}");
    }
    format!("{b:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attention() -> BagAttention {
        BagAttention {
            sequences: 10_000,
            weights: vec![0.5, 0.3, 0.1, 0.0],
            witness: vec![true, false, true, false],
            tail: vec![(10, 1e-5), (9_999, 0.0)],
            rest_mass: 0.1,
            rest_witnesses: 1,
            k90: 3,
            witness_mass: 0.6,
            witnesses: 3,
            positive: true,
            top: Vec::new(),
        }
    }

    #[test]
    fn the_curve_runs_from_rank_one_to_n_with_zeros_on_the_floor() {
        let c = sorted_curve(&attention());
        let floor = f64::from(1e-5f32);
        assert_eq!(c.floor, floor);
        assert_eq!(c.line.first(), Some(&(1.0, 0.5)));
        assert_eq!(c.line[3], (4.0, floor));
        assert_eq!(c.line.last(), Some(&(10_000.0, floor)));
        assert_eq!(c.witnesses, vec![(1.0, 0.5), (3.0, f64::from(0.1f32))]);
        assert!(c.line.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn the_reading_names_n_k90_and_the_witness_share() {
        let r = Reading {
            attention: attention(),
            probability: 0.97,
            beta: 12.345,
            keys_ms: 1.0,
            pass_ms: 0.5,
            bag_bytes: 0,
        };
        let text = describe(&r).join(" ");
        for needle in [
            "N = 10\u{202f}000 stored patterns",
            "β = 12.3",
            "k90 = 3",
            "3 witnesses",
            "2 of them among the 4 heaviest",
            "0.600",
            "0.0003",
            "probability 0.970",
        ] {
            assert!(text.contains(needle), "{needle}: {text}");
        }
        let negative = Reading {
            attention: BagAttention {
                positive: false,
                ..attention()
            },
            ..r
        };
        assert!(describe(&negative).join(" ").contains("negative bag"));
    }

    #[test]
    fn whole_numbers_in_range_or_a_notice() {
        assert_eq!(whole_in("bag", " 3 ", (0, 39), 0), Ok(3));
        let m = whole_in("bag", "40", (0, 39), 2).unwrap_err();
        assert_eq!(m, "bag: “40” is not a whole number in 0 … 39; it stays 2");
        assert!(whole_in("fresh bag", "1.5", (1000, 300000), 300000).is_err());
        assert!(whole_in("fresh bag", "-1", (1000, 300000), 300000).is_err());
    }

    #[test]
    fn counts_betas_and_the_sweep_grid() {
        assert_eq!(count(300_000), "300\u{202f}000");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1\u{202f}000");
        assert_eq!(beta_text(3.0), "3.00");
        assert_eq!(beta_text(0.0123), "0.0123");
        assert_eq!(beta_text(250.0), "250");
        assert_eq!(beta_text(1e5), "1.00e5");
        assert_eq!(ms_text(0.0), "under 0.1 ms (the clock's resolution)");
        assert_eq!(ms_text(4.567), "4.57 ms");
        assert_eq!(ms_text(123.4), "123 ms");
        let b = sweep_betas();
        assert_eq!(b.len(), 25);
        let (lo, hi) = SWEEP_RANGE;
        assert!((f64::from(b[0]) - lo).abs() < 1e-9 && (f64::from(b[24]) - hi).abs() < 1e-2);
        assert!(b.windows(2).all(|w| w[0] < w[1]));
    }
}
