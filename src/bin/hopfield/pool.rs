//! `hopfield pool`: DeepRC-style repertoire classification — Hopfield, mean and max pooling
//! trained on the same generated bags, one JSON line out. The flags are parsed here; the
//! experiment is `engine::pooling`, the same code the browser's workers run.

use std::time::Instant;

use hopfield_lab::engine::EngineError;
use hopfield_lab::engine::pooling::config::motif_problem;
use hopfield_lab::engine::pooling::{BetaMode, Method, PoolConfig};
use hopfield_lab::lab::pooling::experiment::{Experiment, PoolError};
use hopfield_lab::lab::pooling::memory;
use serde_json::{Value, json};

use crate::args::{CliError, Flags};

/// Parses the flags of `pool` into a checked experiment.
pub fn parse(args: &[String]) -> Result<PoolConfig, CliError> {
    let mut flags = Flags::parse(args)?;
    let d = PoolConfig::default();
    let mut c = PoolConfig {
        sequences: flags.parsed_or("sequences", d.sequences, "a positive integer")?,
        bags_train: flags.parsed_or("bags", d.bags_train, "a positive integer")?,
        bags_held_out: flags.parsed_or("held-out", d.bags_held_out, "a positive integer")?,
        steps: flags.parsed_or("steps", d.steps, "a positive integer")?,
        seed: flags.parsed_or("seed", d.seed, "a non-negative integer")?,
        decoy_rate: flags.parsed_or("decoys", d.decoy_rate, "a fraction")?,
        substitution: flags.parsed_or("substitution", d.substitution, "a fraction")?,
        learning_rate: flags.parsed_or("learning-rate", d.learning_rate, "a number")?,
        weight_decay: flags.parsed_or("weight-decay", d.weight_decay, "a number")?,
        batch: flags.parsed_or("batch", d.batch, "a positive integer")?,
        motif: flags.parsed_or("motif", d.motif.clone(), "letters")?,
        ..d
    };
    if let Some(raw) = flags.take("witness") {
        c.witness_rate = parse_rate(&raw).ok_or_else(|| {
            CliError::flag(
                "witness",
                format!("expected a fraction such as 0.001 or 0.1%, got \"{raw}\""),
            )
        })?;
    }
    match flags.take("beta").as_deref() {
        None | Some("learned") => {}
        Some(raw) => {
            c.beta = raw.parse().map_err(|_| {
                CliError::flag(
                    "beta",
                    format!("expected a number or \"learned\", got \"{raw}\""),
                )
            })?;
            c.beta_mode = BetaMode::Fixed;
        }
    }
    if let Some(raw) = flags.take("curriculum") {
        c.curriculum = on_off("curriculum", &raw)?;
    }
    if let Some(raw) = flags.take("key-norm") {
        c.key_norm = on_off("key-norm", &raw)?;
    }
    flags.finish()?;
    if let Some(problem) = motif_problem(&c.motif) {
        return Err(CliError::flag("motif", problem));
    }
    memory::check(&c).map_err(|e| CliError::flag(e.setting(), e))?;
    c.check().map_err(engine_error)?;
    Ok(c)
}

/// An engine refusal as a flag error when it names a setting.
fn engine_error(e: EngineError) -> CliError {
    match e {
        EngineError::OutOfRange { name, .. } => CliError::flag(name, e),
        other => CliError::usage(other),
    }
}

/// `on` or `off` for flag `name`.
fn on_off(name: &str, raw: &str) -> Result<bool, CliError> {
    match raw {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(CliError::flag(
            name,
            format!("expected on or off, got \"{raw}\""),
        )),
    }
}

/// `0.001` or `0.1%`.
fn parse_rate(raw: &str) -> Option<f32> {
    match raw.strip_suffix('%') {
        Some(percent) => percent.trim().parse::<f32>().ok().map(|p| p / 100.0),
        None => raw.parse().ok(),
    }
}

/// Trains the three methods side by side (`lab::pooling::experiment`, what the browser's
/// worker runs) and reports the last curve point.
pub fn run(config: &PoolConfig) -> Result<Value, CliError> {
    let clock = Instant::now();
    let now = || clock.elapsed().as_secs_f64() * 1e3;
    let refused = |e: PoolError| match e {
        PoolError::Memory(m) => CliError::flag(m.setting(), m),
        PoolError::Engine(e) => engine_error(e),
        other => CliError::usage(other),
    };
    let mut experiment = Experiment::new(config, &now).map_err(refused)?;
    let snapshot = experiment.train(config.steps, &now);
    let last = *experiment.curve().last().expect("step 0 is always read");
    let (mut auc, mut seconds) = (json!({}), json!({}));
    for (i, method) in Method::ALL.iter().enumerate() {
        auc[method.slug()] = json!(round(last.auc[i]));
        seconds[method.slug()] = json!(round((snapshot.train_ms[i] / 1e3) as f32));
    }
    seconds["curves"] = json!(round((snapshot.curve_ms / 1e3) as f32));
    let example = experiment.inspect(0, None, &now).map_err(refused)?;
    let bag = &example.attention;
    Ok(json!({
        "auc": auc,
        "witness_attention": round(last.witness_mass),
        "uniform_attention": round(bag.witnesses as f32 / config.sequences as f32),
        "beta": round(last.beta),
        "steps": last.step,
        "sequences": config.sequences,
        "witness_rate": round(config.witness_rate),
        "example_bag": {
            "k90": bag.k90,
            "witness_mass": round(bag.witness_mass),
            "witnesses": bag.witnesses,
            "top": bag.top.iter().take(3).map(|t| json!({
                "sequence": t.sequence,
                "motif": t.motif.as_ref().map(|r| [r.start, r.end]),
                "weight": round(t.weight),
            })).collect::<Vec<_>>(),
        },
        "seconds": seconds,
    }))
}

/// Four significant digits, so the line stays readable.
fn round(v: f32) -> f64 {
    let v = v as f64;
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(3 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}
