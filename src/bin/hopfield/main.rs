//! `hopfield`, the native command-line interface over the engine: parse (flags or JSON) →
//! engine → JSON or CSV on stdout. Thin on purpose: every number it prints comes from
//! `hopfield_lab::engine`, so the CLI and the browser app agree for the same seed.
//! Bad input: exit code 2 and one line `error: …` on stderr naming the field or flag.

mod args;
mod capacity;
mod fixed_points;
mod heads;
mod help;
mod input;
mod model;
mod pack_minilm;
mod pool;
mod retrieve;
mod train;

use std::io::Write;
use std::process::ExitCode;

use args::{CliError, EXIT_FAILURE};

fn main() -> ExitCode {
    let result = collect_args().and_then(|args| dispatch(&args));
    let output = match result {
        Ok(text) => text,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(err.code);
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`hopfield … | head`) is not worth a message; other failures are.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_FAILURE),
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// The arguments after the program name; a non-UTF-8 argument is an input error, not a panic.
fn collect_args() -> Result<Vec<String>, CliError> {
    std::env::args_os()
        .skip(1)
        .map(|a| {
            a.into_string()
                .map_err(|raw| CliError::usage(format!("argument {raw:?} is not valid UTF-8")))
        })
        .collect()
}

/// Runs the command named by the first argument and returns what goes to stdout.
fn dispatch(args: &[String]) -> Result<String, CliError> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(help::MAIN.to_string());
    };
    let wants_help = rest.iter().any(|a| a == "--help" || a == "-h");
    match command.as_str() {
        "--help" | "-h" => Ok(help::MAIN.to_string()),
        "help" => help_for(rest.first().map(String::as_str)),
        "retrieve" if wants_help => Ok(help::RETRIEVE.to_string()),
        "capacity" if wants_help => Ok(help::CAPACITY.to_string()),
        "fixed-points" if wants_help => Ok(help::FIXED_POINTS.to_string()),
        "train" if wants_help => Ok(help::TRAIN.to_string()),
        "heads" if wants_help => Ok(help::HEADS.to_string()),
        "pack-minilm" if wants_help => Ok(help::PACK_MINILM.to_string()),
        "pool" if wants_help => Ok(help::POOL.to_string()),
        "retrieve" => {
            let text = input::read_input(single_path(rest)?)?;
            let request = retrieve::parse(&text)?;
            to_json(&retrieve::run(&request)?)
        }
        "capacity" => capacity::run(capacity::parse(rest)?),
        "fixed-points" => {
            let text = input::read_input(single_path(rest)?)?;
            to_json(&fixed_points::run(&text)?)
        }
        "train" => train::run(&train::parse(rest)?),
        "heads" => heads::run(&heads::parse(rest)?),
        "pack-minilm" => pack_minilm::run(rest),
        "pool" => to_json(&pool::run(&pool::parse(rest)?)?),
        other => Err(CliError::usage(format!(
            "unknown command \"{other}\" (commands: retrieve, capacity, fixed-points, train, \
             heads, pack-minilm, pool; see --help)"
        ))),
    }
}

/// `hopfield help [COMMAND]`.
fn help_for(command: Option<&str>) -> Result<String, CliError> {
    match command {
        None => Ok(help::MAIN.to_string()),
        Some("retrieve") => Ok(help::RETRIEVE.to_string()),
        Some("capacity") => Ok(help::CAPACITY.to_string()),
        Some("fixed-points") => Ok(help::FIXED_POINTS.to_string()),
        Some("train") => Ok(help::TRAIN.to_string()),
        Some("heads") => Ok(help::HEADS.to_string()),
        Some("pack-minilm") => Ok(help::PACK_MINILM.to_string()),
        Some("pool") => Ok(help::POOL.to_string()),
        Some(other) => Err(CliError::usage(format!(
            "no help for unknown command \"{other}\""
        ))),
    }
}

/// The optional single FILE|- argument of the JSON commands.
fn single_path(rest: &[String]) -> Result<Option<&str>, CliError> {
    match rest {
        [] => Ok(None),
        [path] if path == "-" || !path.starts_with('-') => Ok(Some(path.as_str())),
        [flag] => Err(CliError::usage(format!(
            "unexpected flag \"{flag}\" (this command reads JSON from FILE or -; see --help)"
        ))),
        _ => Err(CliError::usage(
            "expected at most one input file (or - for stdin)",
        )),
    }
}

/// Compact JSON (one line, easy to pipe into `jq`) plus a final newline.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string(value)
        .map(|s| s + "\n")
        .map_err(|e| CliError {
            code: EXIT_FAILURE,
            message: format!("cannot encode the output: {e}"),
        })
}
