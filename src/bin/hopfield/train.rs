//! `hopfield train`: trains the small transformer of the learning view and prints CSV as it
//! goes (one row every `--every` steps), so a long run can be watched or piped. The settings
//! and their ranges are the engine's (`TrainConfig::validate`), so the CLI refuses what the
//! view would clamp, naming the flag.

use std::io::Write;

use hopfield_lab::engine::EngineError;
use hopfield_lab::engine::transformer::{Task, TrainConfig, Trainer};
use hopfield_lab::lab::learn::csv::{header, row};
use hopfield_lab::lab::learn::settings::DEFAULT_STEPS;

use crate::args::{CliError, EXIT_FAILURE, Flags};

/// Default rows: one every this many steps.
pub const DEFAULT_EVERY: usize = 50;
/// Most steps of one run.
pub const MAX_STEPS: usize = 1_000_000;

/// A parsed `train` command.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub config: TrainConfig,
    pub steps: usize,
    pub every: usize,
}

/// Parses the flags of `train`; every flag is optional.
pub fn parse(args: &[String]) -> Result<Command, CliError> {
    let mut flags = Flags::parse(args)?;
    let d = TrainConfig::default();
    let task = match flags.take("task") {
        None => d.task,
        Some(name) => Task::from_slug(&name).ok_or_else(|| {
            let names: Vec<&str> = Task::ALL.iter().map(|t| t.slug()).collect();
            CliError::flag(
                "task",
                format!("expected one of {}, got \"{name}\"", names.join(", ")),
            )
        })?,
    };
    let int = "a positive integer";
    let mlp = match flags.take("mlp").as_deref() {
        None => d.mlp,
        Some("on") => true,
        Some("off") => false,
        Some(other) => {
            return Err(CliError::flag(
                "mlp",
                format!("expected on or off, got \"{other}\""),
            ));
        }
    };
    let config = TrainConfig {
        task,
        layers: flags.parsed_or("layers", d.layers, int)?,
        heads: flags.parsed_or("heads", d.heads, int)?,
        dim: flags.parsed_or("dim", d.dim, int)?,
        seq: flags.parsed_or("seq", d.seq, int)?,
        batch: flags.parsed_or("batch", d.batch, int)?,
        lr: flags.parsed_or("lr", d.lr, "a number")?,
        seed: flags.parsed_or("seed", d.seed, "a non-negative integer")?,
        mlp,
    };
    let steps = flags.parsed_or("steps", DEFAULT_STEPS, int)?;
    let every = flags.parsed_or("every", DEFAULT_EVERY, int)?;
    flags.finish()?;
    config.validate().map_err(|e| match e {
        EngineError::OutOfRange { name, .. } => CliError::flag(name, e),
        EngineError::TooLarge { .. } => CliError::flag("dim", e),
        other => CliError::flag("dim", other),
    })?;
    if steps == 0 || steps > MAX_STEPS {
        return Err(CliError::flag(
            "steps",
            format!("must be in [1, {MAX_STEPS}]"),
        ));
    }
    if every == 0 {
        return Err(CliError::flag("every", "must be at least 1"));
    }
    Ok(Command {
        config,
        steps,
        every,
    })
}

/// Trains and writes the CSV to stdout as it goes (rows at step 0, every `every` steps and at
/// the end). A diverging run keeps the rows written and ends with the engine's error.
pub fn run(command: &Command) -> Result<String, CliError> {
    let mut trainer = Trainer::new(&command.config).map_err(|e| CliError::flag("dim", e))?;
    let mut out = std::io::stdout().lock();
    let mut emit = |line: String| {
        writeln!(out, "{line}").map_err(|e| CliError {
            code: EXIT_FAILURE,
            message: format!("cannot write the output: {e}"),
        })
    };
    emit(header(command.config.layers, command.config.heads))?;
    emit(row(&trainer.snapshot()))?;
    while trainer.steps_done() < command.steps {
        trainer.step().map_err(CliError::usage)?;
        let done = trainer.steps_done();
        if done.is_multiple_of(command.every) || done == command.steps {
            emit(row(&trainer.snapshot()))?;
        }
    }
    Ok(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &str) -> Vec<String> {
        args.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn no_flags_is_the_view_default() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.config, TrainConfig::default());
        assert_eq!((c.steps, c.every), (DEFAULT_STEPS, DEFAULT_EVERY));
    }

    #[test]
    fn bad_flags_name_the_flag() {
        for (args, flag) in [
            ("--layers 100", "--layers"),
            ("--heads 0", "--heads"),
            ("--lr NaN", "--lr"),
            ("--task sorting", "--task"),
            ("--steps 0", "--steps"),
            ("--every 0", "--every"),
            ("--zap 1", "--zap"),
            ("--dim 30", "--dim"),
        ] {
            let err = parse(&strings(args)).unwrap_err();
            assert!(
                err.message.starts_with(&format!("flag {flag}:")),
                "{args}: {err}"
            );
        }
    }
}
