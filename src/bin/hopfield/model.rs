//! The network choice shared by `retrieve` (JSON fields) and `capacity` (flags): model name,
//! β, learning rule, update order and dense interaction, validated once. Errors carry the name
//! of the offending setting so each command can say "field" or "flag".

use hopfield_lab::engine::classic::{LearningRule, UpdateMode};
use hopfield_lab::engine::dense::{Interaction, MAX_DEGREE, check_degree};
use hopfield_lab::engine::fixed_points::{FixedPointKind, classify};
use hopfield_lab::engine::model::{MAX_STEPS, Model, ModelSpec};
use hopfield_lab::engine::{EngineError, PatternSet, Trajectory};

/// Default inverse temperature β (modern network and the dense network's exp interaction).
pub const DEFAULT_BETA: f64 = 1.0;
/// Smallest β accepted (the engine's limit, written in f64 so the message reads 0.0001).
pub const BETA_MIN: f64 = 1e-4;
/// Largest β accepted.
pub const BETA_MAX: f64 = 1e4;
/// Default polynomial degree n of the dense network.
pub const DEFAULT_DEGREE: u32 = 3;

/// The interaction function F of the dense network, as the user wrote it (β is attached later).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Degree {
    /// F(z) = zⁿ.
    Poly(u32),
    /// F(z) = exp(βz).
    Exp,
}

/// A setting's name with what is wrong with it; the command turns it into a field or flag error.
pub type SettingError = (&'static str, String);

/// The raw settings as read from JSON or flags, before validation.
pub struct Settings<'a> {
    /// `classic`, `dense` or `modern`.
    pub model: &'a str,
    /// Inverse temperature.
    pub beta: f64,
    /// Learning rule (classic).
    pub rule: &'a str,
    /// Update order (classic).
    pub update: &'a str,
    /// Interaction (dense).
    pub degree: Degree,
}

impl Settings<'_> {
    /// Validates the settings that matter for the chosen model; the others are ignored.
    pub fn choose(&self) -> Result<ModelSpec, SettingError> {
        let uses_beta = match self.model {
            "modern" => true,
            "dense" => self.degree == Degree::Exp,
            _ => false,
        };
        if uses_beta && !(self.beta.is_finite() && (BETA_MIN..=BETA_MAX).contains(&self.beta)) {
            return Err((
                "beta",
                format!("{} is outside [{BETA_MIN}, {BETA_MAX}]", self.beta),
            ));
        }
        match self.model {
            "classic" => Ok(ModelSpec::Classic {
                rule: match self.rule {
                    "hebbian" => LearningRule::Hebbian,
                    "storkey" => LearningRule::Storkey,
                    "pseudoinverse" => LearningRule::PseudoInverse,
                    other => {
                        return Err(not_one_of(
                            "rule",
                            other,
                            &["hebbian", "storkey", "pseudoinverse"],
                        ));
                    }
                },
                update: match self.update {
                    "sync" => UpdateMode::Sync,
                    "async" => UpdateMode::Async,
                    other => return Err(not_one_of("update", other, &["sync", "async"])),
                },
            }),
            "dense" => Ok(ModelSpec::Dense {
                interaction: match self.degree {
                    Degree::Poly(degree) => Interaction::Polynomial {
                        degree,
                        rectified: false,
                    },
                    Degree::Exp => Interaction::Exponential {
                        beta: self.beta as f32,
                    },
                },
            }),
            "modern" => Ok(ModelSpec::Modern {
                beta: self.beta as f32,
            }),
            other => Err(not_one_of("model", other, &["classic", "dense", "modern"])),
        }
    }
}

/// Parses a degree given as text: an integer n in [2, 30] or `exp`.
pub fn parse_degree(text: &str) -> Result<Degree, SettingError> {
    if text == "exp" {
        return Ok(Degree::Exp);
    }
    match text.parse::<u32>() {
        Ok(n) if (2..=MAX_DEGREE).contains(&n) => Ok(Degree::Poly(n)),
        _ => Err((
            "degree",
            format!("expected an integer in [2, {MAX_DEGREE}] or \"exp\", got {text}"),
        )),
    }
}

fn not_one_of(name: &'static str, value: &str, allowed: &[&str]) -> SettingError {
    (
        name,
        format!("expected one of {}, got \"{value}\"", allowed.join(", ")),
    )
}

/// The outcome of one retrieval, whatever the model.
#[derive(Debug, Clone)]
pub struct Retrieved {
    /// States, energies and (modern) weights per step.
    pub trajectory: Trajectory,
    /// Modern only: kind and k90 of the final state's weights.
    pub fixed_point: Option<(FixedPointKind, usize)>,
    /// Classic synchronous only: the run ended in a 2-cycle.
    pub cycle: Option<bool>,
}

/// Checks what `spec` needs before the engine runs, so each error names its setting: β, the
/// dense degree (which must keep N·dⁿ inside f32) and the step cap.
pub fn check_spec(
    spec: &ModelSpec,
    patterns: &PatternSet,
    max_steps: usize,
) -> Result<(), SettingError> {
    match spec {
        ModelSpec::Dense {
            interaction: Interaction::Polynomial { degree, .. },
        } => {
            spec.validate().map_err(named("degree"))?;
            check_degree(patterns.dim(), patterns.count(), *degree).map_err(named("degree"))?;
        }
        _ => spec.validate().map_err(named("beta"))?,
    }
    if max_steps > MAX_STEPS {
        return Err((
            "max_steps",
            format!("{max_steps} exceeds the limit of {MAX_STEPS}"),
        ));
    }
    Ok(())
}

/// Runs one retrieval through the engine's `model::run`. Binary models binarise the query
/// (0 → +1), so their `states[0]` is the binarised query; `max_steps` counts sweeps for
/// asynchronous runs.
pub fn retrieve(
    spec: &ModelSpec,
    patterns: &PatternSet,
    query: &[f32],
    max_steps: usize,
    seed: u64,
) -> Result<Retrieved, SettingError> {
    check_spec(spec, patterns, max_steps)?;
    patterns.check_query(query).map_err(named("query"))?;
    // Whatever still fails is about building the network from these patterns (pseudo-inverse
    // size or a singular Gram matrix, weight-matrix size limits).
    let model = Model::new(spec, patterns).map_err(named("patterns"))?;
    let run = model
        .retrieve(query, max_steps, seed)
        .map_err(named("query"))?;
    let fixed_point = match spec {
        ModelSpec::Modern { .. } => run.trajectory.weights.last().map(|w| classify(w)),
        _ => None,
    };
    let cycle = match spec {
        ModelSpec::Classic {
            update: UpdateMode::Sync,
            ..
        } => Some(run.cycle),
        _ => None,
    };
    Ok(Retrieved {
        trajectory: run.trajectory,
        fixed_point,
        cycle,
    })
}

/// Tags an engine error with the setting it came from.
fn named(name: &'static str) -> impl Fn(EngineError) -> SettingError {
    move |err| (name, err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings<'a>(model: &'a str, rule: &'a str) -> Settings<'a> {
        Settings {
            model,
            beta: 2.0,
            rule,
            update: "sync",
            degree: Degree::Exp,
        }
    }

    #[test]
    fn choices_validate_only_what_matters() {
        assert_eq!(
            settings("modern", "nonsense").choose().unwrap(),
            ModelSpec::Modern { beta: 2.0 }
        );
        assert_eq!(
            settings("classic", "storkey").choose().unwrap(),
            ModelSpec::Classic {
                rule: LearningRule::Storkey,
                update: UpdateMode::Sync
            }
        );
        assert_eq!(
            settings("classic", "nonsense").choose().unwrap_err().0,
            "rule"
        );
        assert_eq!(settings("hop", "hebbian").choose().unwrap_err().0, "model");
        assert_eq!(parse_degree("4").unwrap(), Degree::Poly(4));
        assert_eq!(parse_degree("exp").unwrap(), Degree::Exp);
        assert!(parse_degree("1").is_err());
        let mut bad = settings("modern", "");
        bad.beta = 0.0;
        assert_eq!(bad.choose().unwrap_err().0, "beta");
        bad.model = "dense";
        assert_eq!(bad.choose().unwrap_err().0, "beta");
        bad.degree = Degree::Poly(3);
        assert!(bad.choose().is_ok());
    }
}
