//! `hopfield retrieve`: one retrieval from a JSON description to a JSON trajectory. Parsing
//! (field by field, each error naming its field) is kept apart from running, so the tests can
//! check either half.

use serde::Serialize;
use serde_json::Value;

use hopfield_lab::engine::corruption::Corruption;
use hopfield_lab::engine::fixed_points::FixedPointKind;
use hopfield_lab::engine::model::{MAX_STEPS, ModelSpec};
use hopfield_lab::engine::theory::{self, TheoryReport};
use hopfield_lab::engine::{ModernHopfield, PatternSet, SeededRng};

use crate::args::{CliError, in_field};
use crate::input::{Fields, integer};

use crate::model::{self, DEFAULT_BETA, DEFAULT_DEGREE, Degree, Settings, parse_degree};

/// The fields `retrieve` accepts; any other field is an error.
pub const FIELDS: &[&str] = &[
    "model",
    "beta",
    "rule",
    "update",
    "degree",
    "max_steps",
    "seed",
    "patterns",
    "query",
    "corruption",
    "side",
    "target",
];
/// Default cap on the number of updates.
pub const DEFAULT_MAX_STEPS: u64 = 100;
/// Added to the seed for the corruption's draws, so they do not share a stream with the model's.
const CORRUPTION_SEED_OFFSET: u64 = 0x9E37_79B9_7F4A_7C15;

/// A parsed `retrieve` request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The network.
    pub model: ModelSpec,
    /// Cap on the number of updates.
    pub max_steps: usize,
    /// Seed of every random draw (async order, corruption).
    pub seed: u64,
    /// Stored patterns.
    pub patterns: PatternSet,
    /// The query, corrupted if the input asked for it.
    pub query: Vec<f32>,
    /// Modern only: the pattern the query should retrieve, for the theory fields.
    pub target: Option<usize>,
}

/// Softmax weights summary of the final state (modern network only).
#[derive(Debug, Clone, Serialize)]
pub struct FixedPointSummary {
    /// Global, metastable or single.
    pub kind: FixedPointKind,
    /// Smallest number of largest weights summing to 0.9.
    pub k90: usize,
}

/// The JSON written by `retrieve`.
#[derive(Debug, Clone, Serialize)]
pub struct Output {
    /// states[0] is the query, then one state per update.
    pub states: Vec<Vec<f32>>,
    /// energies[i] = E(states[i]).
    pub energies: Vec<f32>,
    /// weights[i] = softmax(β Xᵀ states[i]) (modern only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<Vec<f32>>>,
    /// Number of updates performed.
    pub steps: usize,
    /// Whether the run reached a fixed point before `max_steps`.
    pub converged: bool,
    /// Classic synchronous only: the run ended in a 2-cycle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle: Option<bool>,
    /// Kind of the final state (modern only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_point: Option<FixedPointSummary>,
    /// Overlap of the final state with each stored pattern.
    pub overlaps: Vec<f32>,
    /// With a `target` (modern only): the retrieval measured against the theorems.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub theory: Option<TheoryFields>,
}

/// The theory fields of a modern retrieval with a `target`, from [`theory::measure`].
#[derive(Debug, Clone, Serialize)]
pub struct TheoryFields {
    /// Δᵢ of the target.
    pub separation: f64,
    /// M = max ‖xⱼ‖.
    pub max_norm: f64,
    /// ‖f(ξ) − xᵢ‖ after one update from the (corrupted) query.
    pub error_after_one_update: f64,
    /// Theorem 5's bound, `null` where its condition Δᵢ > 2·max{‖ξ − xᵢ‖, ‖xᵢ* − xᵢ‖}·M fails.
    pub theorem5_bound: Option<f64>,
    /// Updates until convergence, `null` if the run did not converge.
    pub updates_to_converge: Option<usize>,
    /// ‖β X (diag(p) − ppᵀ) Xᵀ‖₂ at the final state.
    pub jacobian_norm: f64,
    /// ‖β (diag(p) − ppᵀ)‖₂ at the final state.
    pub softmax_jacobian_norm: f64,
}

impl From<TheoryReport> for TheoryFields {
    fn from(r: TheoryReport) -> Self {
        Self {
            separation: r.theorem5.separation,
            max_norm: r.theorem5.max_norm,
            error_after_one_update: r.error_after_one_update,
            theorem5_bound: r.theorem5.bound,
            updates_to_converge: r.updates_to_converge,
            jacobian_norm: r.jacobian_norm,
            softmax_jacobian_norm: r.softmax_jacobian_norm,
        }
    }
}

/// Parses the JSON text of a `retrieve` request.
pub fn parse(text: &str) -> Result<Request, CliError> {
    let mut f = Fields::parse(text)?;
    let model_name = f.string_or("model", "modern")?;
    let beta = f.number_or("beta", DEFAULT_BETA)?;
    let rule = f.string_or("rule", "hebbian")?;
    let update = f.string_or("update", "async")?;
    let degree = json_degree(f.take("degree"))?;
    let model = Settings {
        model: &model_name,
        beta,
        rule: &rule,
        update: &update,
        degree,
    }
    .choose()
    .map_err(|(name, msg)| CliError::field(name, msg))?;
    let max_steps = f.integer_or("max_steps", DEFAULT_MAX_STEPS)?;
    if max_steps > MAX_STEPS as u64 {
        return Err(CliError::field(
            "max_steps",
            format!("{max_steps} exceeds the limit of {MAX_STEPS}"),
        ));
    }
    let seed = f.integer_or("seed", 0)?;
    let patterns = PatternSet::from_rows(&f.rows("patterns")?).map_err(in_field("patterns"))?;
    let mut query = f.vector("query")?;
    patterns.check_query(&query).map_err(in_field("query"))?;
    let side = match f.take("side") {
        None => None,
        Some(v) => Some(integer("side", &v)? as usize),
    };
    if let Some(raw) = f.take("corruption") {
        let corruption: Corruption =
            serde_json::from_value(raw).map_err(|e| CliError::field("corruption", e))?;
        let mut rng = SeededRng::new(seed.wrapping_add(CORRUPTION_SEED_OFFSET));
        query = corruption
            .apply(&query, side, &mut rng)
            .map_err(in_field("corruption"))?;
    }
    let target = match f.take("target") {
        None => None,
        Some(v) => {
            let index = integer("target", &v)? as usize;
            if !matches!(model, ModelSpec::Modern { .. }) {
                return Err(CliError::field(
                    "target",
                    "applies to the modern model only (its theory fields)",
                ));
            }
            patterns.get(index).map_err(in_field("target"))?;
            Some(index)
        }
    };
    f.finish(FIELDS)?;
    Ok(Request {
        model,
        max_steps: max_steps as usize,
        seed,
        patterns,
        query,
        target,
    })
}

/// Runs the request through the engine.
pub fn run(request: &Request) -> Result<Output, CliError> {
    let retrieved = model::retrieve(
        &request.model,
        &request.patterns,
        &request.query,
        request.max_steps,
        request.seed,
    )
    .map_err(|(name, msg)| CliError::field(name, msg))?;
    let traj = retrieved.trajectory;
    // f32 rounding can put a cosine a hair outside [−1, 1]; clamp so 1.0000001 reads as 1.
    let overlaps = request
        .patterns
        .overlaps(traj.final_state())
        .into_iter()
        .map(|o| o.clamp(-1.0, 1.0))
        .collect();
    let steps = traj.steps();
    let theory = match (request.target, &request.model) {
        (Some(target), ModelSpec::Modern { beta }) => Some(
            ModernHopfield::new(request.patterns.clone(), *beta)
                .and_then(|net| theory::measure_run(&net, target, &request.query, &traj))
                .map_err(in_field("target"))?
                .into(),
        ),
        _ => None,
    };
    Ok(Output {
        weights: (!traj.weights.is_empty()).then_some(traj.weights),
        states: traj.states,
        energies: traj.energies,
        steps,
        converged: traj.converged,
        cycle: retrieved.cycle,
        fixed_point: retrieved
            .fixed_point
            .map(|(kind, k90)| FixedPointSummary { kind, k90 }),
        overlaps,
        theory,
    })
}

/// `"degree"`: an integer n in [2, 30] or the string `"exp"`.
fn json_degree(value: Option<Value>) -> Result<Degree, CliError> {
    let text = match value {
        None => return Ok(Degree::Poly(DEFAULT_DEGREE)),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    };
    parse_degree(&text).map_err(|(name, msg)| CliError::field(name, msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_modern_run() {
        let req =
            parse(r#"{"patterns": [[1, -1, 1, -1], [1, 1, -1, -1]], "query": [1, -1, 1, 1]}"#)
                .unwrap();
        assert_eq!(req.model, ModelSpec::Modern { beta: 1.0 });
        assert_eq!(req.max_steps, 100);
        let out = run(&req).unwrap();
        assert_eq!(out.states[0], vec![1.0, -1.0, 1.0, 1.0]);
        assert_eq!(out.states.len(), out.energies.len());
        assert_eq!(out.weights.as_ref().unwrap().len(), out.states.len());
        assert_eq!(out.overlaps.len(), 2);
        assert!(out.fixed_point.is_some());
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (
                r#"{"model": "hop", "patterns": [[1]], "query": [1]}"#,
                "model",
            ),
            (r#"{"beta": "x", "patterns": [[1]], "query": [1]}"#, "beta"),
            (
                r#"{"degree": 1, "patterns": [[1]], "query": [1]}"#,
                "degree",
            ),
            (r#"{"patterns": [[1]], "query": [1, 2]}"#, "query"),
            (r#"{"patterns": [[1], [1, 2]], "query": [1]}"#, "patterns"),
            (r#"{"patterns": [[1]]}"#, "query"),
            (r#"{"patterns": [[1]], "query": [1], "extra": 1}"#, "extra"),
            (
                r#"{"patterns": [[1]], "query": [1], "max_steps": 1e9}"#,
                "max_steps",
            ),
            (
                r#"{"patterns": [[1]], "query": [1], "corruption": {"kind": "flip-signs", "fraction": 2}}"#,
                "corruption",
            ),
        ];
        for (text, field) in cases {
            let err = parse(text).and_then(|r| run(&r)).unwrap_err();
            assert!(
                err.message.starts_with(&format!("field \"{field}\"")),
                "{text}: {err}"
            );
        }
        let err = parse(r#"{"beta": 0, "patterns": [[1]], "query": [1]}"#).unwrap_err();
        assert!(err.message.starts_with("field \"beta\""), "{err}");
    }

    #[test]
    fn corruption_is_applied_to_the_query() {
        let req = parse(
            r#"{"patterns": [[1, 1, 1, 1]], "query": [1, 1, 1, 1],
                "corruption": {"kind": "mask-lower-half", "value": 0}}"#,
        )
        .unwrap();
        assert_eq!(req.query, vec![1.0, 1.0, 0.0, 0.0]);
    }
}
