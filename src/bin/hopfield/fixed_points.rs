//! `hopfield fixed-points`: the distinct stable fixed points of the modern network at one β or
//! over a β sweep, from a JSON description of the patterns, as JSON.

use serde::Serialize;
use serde_json::Value;

use hopfield_lab::engine::PatternSet;
use hopfield_lab::engine::fixed_points::{
    FixedPoint, FixedPointKind, FixedPointOptions, MAX_STARTS, beta_sweep, log_grid,
};

use crate::args::{CliError, in_field};
use crate::input::{Fields, number};
use crate::model::{BETA_MAX, BETA_MIN};

/// The fields `fixed-points` accepts; any other field is an error.
pub const FIELDS: &[&str] = &[
    "patterns",
    "beta",
    "betas",
    "seed",
    "random_starts",
    "noisy_copies",
    "max_steps",
];
/// β used when neither `beta` nor `betas` is given.
pub const DEFAULT_BETA: f64 = 1.0;

/// One fixed point as written to JSON.
#[derive(Debug, Clone, Serialize)]
pub struct PointOut {
    /// Global, metastable or single.
    pub kind: FixedPointKind,
    /// Smallest number of largest softmax weights summing to 0.9.
    pub k90: usize,
    /// E(ξ*).
    pub energy: f32,
    /// How many search starts converged here (a rough basin size).
    pub hits: usize,
    /// The state ξ*.
    pub state: Vec<f32>,
}

/// The fixed points found at one β.
#[derive(Debug, Clone, Serialize)]
pub struct BetaOut {
    /// The inverse temperature.
    pub beta: f32,
    /// Distinct stable fixed points, sorted by kind, then along the patterns' main axis.
    pub fixed_points: Vec<PointOut>,
}

/// The JSON written by `fixed-points`.
#[derive(Debug, Clone, Serialize)]
pub struct Output {
    /// Dimension d.
    pub dim: usize,
    /// Number of stored patterns N.
    pub count: usize,
    /// One entry per β, in the order given (a range is ascending).
    pub results: Vec<BetaOut>,
}

/// Parses the request and runs the search.
pub fn run(text: &str) -> Result<Output, CliError> {
    let mut f = Fields::parse(text)?;
    let patterns = PatternSet::from_rows(&f.rows("patterns")?).map_err(in_field("patterns"))?;
    let betas = parse_betas(&mut f)?;
    let seed = f.integer_or("seed", 0)?;
    let defaults = FixedPointOptions::default();
    let options = FixedPointOptions {
        random_starts: f.integer_or("random_starts", defaults.random_starts as u64)? as usize,
        noisy_copies: f.integer_or("noisy_copies", defaults.noisy_copies as u64)? as usize,
        max_steps: f.integer_or("max_steps", defaults.max_steps as u64)? as usize,
        ..defaults
    };
    f.finish(FIELDS)?;
    // The engine's option errors name the option in words; say which fields they come from.
    options.validate().map_err(in_field("max_steps"))?;
    let starts = options.start_count(patterns.count());
    if starts > MAX_STARTS {
        return Err(CliError::field(
            "random_starts",
            format!(
                "N × (noisy_copies + 1) + random_starts = {starts} exceeds the limit of {MAX_STARTS}"
            ),
        ));
    }
    let sweep = beta_sweep(&patterns, &betas, &options, seed).map_err(|e| {
        let field = if betas.len() == 1 { "beta" } else { "betas" };
        CliError::field(field, e)
    })?;
    Ok(Output {
        dim: patterns.dim(),
        count: patterns.count(),
        results: sweep
            .into_iter()
            .map(|(beta, points)| BetaOut {
                beta,
                fixed_points: points.into_iter().map(point_out).collect(),
            })
            .collect(),
    })
}

fn point_out(fp: FixedPoint) -> PointOut {
    PointOut {
        kind: fp.kind,
        k90: fp.k90,
        energy: fp.energy,
        hits: fp.hits,
        state: fp.state,
    }
}

/// `"beta": b`, or `"betas": [b, …]`, or `"betas": {"from": a, "to": b, "steps": k}`
/// (log-spaced, both ends included); β = 1 when neither is given.
fn parse_betas(f: &mut Fields) -> Result<Vec<f32>, CliError> {
    if f.has("beta") && f.has("betas") {
        return Err(CliError::field(
            "betas",
            "give either \"beta\" or \"betas\", not both",
        ));
    }
    if let Some(raw) = f.take("betas") {
        return match raw {
            Value::Array(items) => items
                .iter()
                .map(|v| checked_beta("betas", number("betas", v)?))
                .collect(),
            Value::Object(map) => {
                let mut range = Fields::from_map(map);
                let from = range.number_or("from", f64::NAN)?;
                let to = range.number_or("to", f64::NAN)?;
                let steps = range.integer_or("steps", 0)?;
                range
                    .finish(&["from", "to", "steps"])
                    .map_err(|e| CliError::field("betas", e))?;
                if from.is_nan() || to.is_nan() || steps == 0 {
                    return Err(CliError::field(
                        "betas",
                        "a range needs \"from\", \"to\" and \"steps\" ≥ 1",
                    ));
                }
                if !(BETA_MIN..=BETA_MAX).contains(&from) || !(from..=BETA_MAX).contains(&to) {
                    return Err(CliError::field(
                        "betas",
                        format!(
                            "need {BETA_MIN} ≤ from ≤ to ≤ {BETA_MAX}, got from {from}, to {to}"
                        ),
                    ));
                }
                log_grid(from as f32, to as f32, steps as usize).map_err(in_field("betas"))
            }
            other => Err(CliError::field(
                "betas",
                format!(
                    "expected a list of numbers or {{\"from\", \"to\", \"steps\"}}, got {other}"
                ),
            )),
        };
    }
    Ok(vec![checked_beta(
        "beta",
        f.number_or("beta", DEFAULT_BETA)?,
    )?])
}

/// β in [1e-4, 1e4], with a message that prints the limits as written.
fn checked_beta(field: &str, beta: f64) -> Result<f32, CliError> {
    if (BETA_MIN..=BETA_MAX).contains(&beta) {
        Ok(beta as f32)
    } else {
        Err(CliError::field(
            field,
            format!("{beta} is outside [{BETA_MIN}, {BETA_MAX}]"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_beta_and_a_range() {
        let out = run(r#"{"patterns": [[1, 0], [0, 1]], "beta": 20}"#).unwrap();
        assert_eq!((out.dim, out.count, out.results.len()), (2, 2, 1));
        assert!(
            out.results[0]
                .fixed_points
                .iter()
                .any(|p| p.kind == FixedPointKind::Single)
        );
        let out = run(
            r#"{"patterns": [[1, 0], [0, 1]], "betas": {"from": 0.01, "to": 100, "steps": 3}}"#,
        )
        .unwrap();
        assert_eq!(out.results.len(), 3);
        assert!((out.results[1].beta - 1.0).abs() < 1e-4);
    }

    #[test]
    fn bad_betas_name_the_field() {
        for (text, field) in [
            (r#"{"patterns": [[1]], "beta": 1, "betas": [1]}"#, "betas"),
            (r#"{"patterns": [[1]], "betas": {"from": 1}}"#, "betas"),
            (
                r#"{"patterns": [[1]], "betas": {"from": 1, "to": 2, "steps": 2, "x": 1}}"#,
                "betas",
            ),
            (r#"{"patterns": [[1]], "beta": -1}"#, "beta"),
            (r#"{"patterns": [[1]], "betas": [1, "a"]}"#, "betas"),
            (r#"{"beta": 1}"#, "patterns"),
            (
                r#"{"patterns": [[1]], "random_starts": 1000000}"#,
                "random_starts",
            ),
            (r#"{"patterns": [[1]], "max_steps": 0}"#, "max_steps"),
        ] {
            let err = run(text).unwrap_err();
            assert!(
                err.message.starts_with(&format!("field \"{field}\"")),
                "{text}: {err}"
            );
        }
    }
}
