//! `hopfield capacity`: success rate of retrieval against the number of stored patterns N, as
//! CSV. The flags are parsed here; the experiment itself is the engine's capacity module, so
//! the CLI and the app's capacity lab give the same numbers for the same seed. The trials run
//! on `--threads` threads (default: every core) through the same pool as the browser's
//! workers (`hopfield_lab::compute::capacity`), with the same bits for any number of threads.

use hopfield_lab::compute::capacity::{Series, run_series};
use hopfield_lab::engine::capacity::{
    CapacityConfig, Criterion, MAX_DIM, MAX_POINTS, MAX_TRIALS, PatternKind,
};
use hopfield_lab::engine::classic::{LearningRule, MAX_PSEUDO_INVERSE_COUNT};
use hopfield_lab::engine::dense::{Interaction, check_degree};
use hopfield_lab::engine::model::{MAX_STEPS, ModelSpec};
use hopfield_lab::engine::patterns::check_size;

use crate::args::{CliError, Flags, in_flag};
use crate::model::{DEFAULT_BETA, DEFAULT_DEGREE, Degree, Settings, parse_degree};

/// Default trials per N.
pub const DEFAULT_TRIALS: usize = 20;
/// Default fraction of flipped query signs.
pub const DEFAULT_FLIP: f32 = 0.1;
/// Default cap on the number of updates per retrieval.
pub const DEFAULT_MAX_STEPS: usize = 100;
/// The CSV header.
pub const HEADER: &str = "n_patterns,success_rate,mean_overlap,mean_steps";

/// Most threads `--threads` takes.
pub const MAX_THREADS: usize = 256;

/// A parsed `capacity` command.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// The experiment.
    pub config: CapacityConfig,
    /// Threads to run it on.
    pub threads: usize,
}

/// Parses the flags of `capacity`.
pub fn parse(args: &[String]) -> Result<Command, CliError> {
    let mut flags = Flags::parse(args)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = flags.parsed_or("threads", cores, "a positive integer")?;
    if threads == 0 || threads > MAX_THREADS {
        return Err(CliError::flag(
            "threads",
            format!("must be in [1, {MAX_THREADS}]"),
        ));
    }
    let model_name: String = flags.required("model", "classic, dense or modern")?;
    let beta = flags.parsed_or("beta", DEFAULT_BETA, "a number")?;
    let rule = flags.parsed_or("rule", "hebbian".to_string(), "a rule")?;
    let update = flags.parsed_or("update", "async".to_string(), "sync or async")?;
    let degree = match flags.take("degree") {
        Some(text) => parse_degree(&text).map_err(|(name, msg)| CliError::flag(name, msg))?,
        None => Degree::Poly(DEFAULT_DEGREE),
    };
    let spec = Settings {
        model: &model_name,
        beta,
        rule: &rule,
        update: &update,
        degree,
    }
    .choose()
    .map_err(|(name, msg)| CliError::flag(name, msg))?;
    let dim = flags.required("dim", "a positive integer")?;
    let counts = match flags.take("patterns") {
        Some(text) => parse_range(&text).map_err(|msg| CliError::flag("patterns", msg))?,
        None => return Err(CliError::flag("patterns", "required (START:STOP:STEP)")),
    };
    if dim == 0 || dim > MAX_DIM {
        return Err(CliError::flag("dim", format!("must be in [1, {MAX_DIM}]")));
    }
    let max_n = counts.last().copied().unwrap_or(1);
    check_size(dim, max_n).map_err(in_flag("patterns"))?;
    let trials = flags.parsed_or("trials", DEFAULT_TRIALS, "a positive integer")?;
    if trials == 0 || trials > MAX_TRIALS {
        return Err(CliError::flag(
            "trials",
            format!("must be in [1, {MAX_TRIALS}]"),
        ));
    }
    let flip = flags.parsed_or("flip", DEFAULT_FLIP, "a number in [0, 1]")?;
    if !(0.0..=1.0).contains(&flip) {
        return Err(CliError::flag("flip", format!("{flip} is outside [0, 1]")));
    }
    let seed = flags.parsed_or("seed", 0u64, "a non-negative integer")?;
    let max_steps = flags.parsed_or("max-steps", DEFAULT_MAX_STEPS, "a positive integer")?;
    if max_steps == 0 || max_steps > MAX_STEPS {
        return Err(CliError::flag(
            "max-steps",
            format!("must be in [1, {MAX_STEPS}]"),
        ));
    }
    let criterion = match flags.take("criterion") {
        Some(text) => parse_criterion(&text).map_err(|msg| CliError::flag("criterion", msg))?,
        None => Criterion::Overlap(0.95),
    };
    flags.finish()?;
    check_model(&spec, dim, max_n)?;
    let config = CapacityConfig {
        spec,
        dim,
        counts,
        trials,
        flip,
        criterion,
        seed,
        max_steps,
    };
    // Every single setting has been checked; what is left is the total amount of work.
    config.validate().map_err(|e| {
        CliError::usage(format!(
            "flags --trials, --patterns, --dim: {e} (make the run smaller)"
        ))
    })?;
    Ok(Command { config, threads })
}

/// The model-specific limits, each naming its flag: β or degree, the pseudo-inverse rule's
/// largest N, and the dense degree that keeps N·dⁿ inside f32.
fn check_model(spec: &ModelSpec, dim: usize, max_n: usize) -> Result<(), CliError> {
    let patterns_flag = |e: String| CliError::flag("patterns", e);
    match spec {
        ModelSpec::Classic {
            rule: LearningRule::PseudoInverse,
            ..
        } if max_n > MAX_PSEUDO_INVERSE_COUNT => Err(patterns_flag(format!(
            "the pseudo-inverse rule stores at most N = {MAX_PSEUDO_INVERSE_COUNT}"
        ))),
        ModelSpec::Dense {
            interaction: Interaction::Polynomial { degree, .. },
        } => check_degree(dim, max_n, *degree).map_err(in_flag("degree")),
        ModelSpec::Modern { .. }
        | ModelSpec::Dense {
            interaction: Interaction::Exponential { .. },
        } => spec.validate().map_err(in_flag("beta")),
        ModelSpec::Classic { .. } => Ok(()),
    }
}

/// `START:STOP:STEP` (inclusive) or a single `N`.
fn parse_range(text: &str) -> Result<Vec<usize>, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let number = |s: &str| -> Result<usize, String> {
        s.trim()
            .parse::<usize>()
            .map_err(|_| format!("expected START:STOP:STEP of positive integers, got \"{text}\""))
    };
    let (start, stop, step) = match parts.as_slice() {
        [n] => (number(n)?, number(n)?, 1),
        [a, b] => (number(a)?, number(b)?, 1),
        [a, b, c] => (number(a)?, number(b)?, number(c)?),
        _ => return Err(format!("expected START:STOP:STEP, got \"{text}\"")),
    };
    if start == 0 || step == 0 || stop < start {
        return Err(format!(
            "need 1 ≤ START ≤ STOP and STEP ≥ 1, got \"{text}\""
        ));
    }
    let points = (stop - start) / step + 1;
    if points > MAX_POINTS {
        return Err(format!(
            "{points} values of N exceed the limit of {MAX_POINTS}"
        ));
    }
    Ok((0..points).map(|k| start + k * step).collect())
}

/// `overlap:THRESHOLD` (threshold in [−1, 1]) or `exact`.
fn parse_criterion(text: &str) -> Result<Criterion, String> {
    if text == "exact" {
        return Ok(Criterion::Exact);
    }
    let threshold = text
        .strip_prefix("overlap:")
        .and_then(|t| t.parse::<f32>().ok())
        .filter(|t| (-1.0..=1.0).contains(t))
        .ok_or_else(|| format!("expected overlap:T with T in [-1, 1], or exact; got \"{text}\""))?;
    Ok(Criterion::Overlap(threshold))
}

/// Runs the experiment and formats the CSV: the header, then one row per N.
pub fn run(command: Command) -> Result<String, CliError> {
    let series = Series {
        config: command.config,
        patterns: PatternKind::RandomBinary,
    };
    let points = run_series(vec![series], command.threads)
        .map_err(|e| CliError::usage(format!("capacity run failed: {e}")))?
        .into_iter()
        .flatten();
    let mut csv = String::from(HEADER);
    csv.push('\n');
    for p in points {
        csv.push_str(&format!(
            "{},{},{},{}\n",
            p.n_patterns, p.success_rate, p.mean_overlap, p.mean_steps
        ));
    }
    Ok(csv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &str) -> Vec<String> {
        args.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn ranges_are_inclusive() {
        assert_eq!(parse_range("5:20:5").unwrap(), vec![5, 10, 15, 20]);
        assert_eq!(parse_range("5:21:5").unwrap(), vec![5, 10, 15, 20]);
        assert_eq!(parse_range("7").unwrap(), vec![7]);
        assert!(parse_range("0:3:1").is_err());
        assert!(parse_range("3:1:1").is_err());
        assert!(parse_range("1:3:0").is_err());
        assert!(parse_range("1:100000000:1").is_err());
        assert!(parse_range("a:b").is_err());
    }

    #[test]
    fn flags_become_a_request() {
        let req = parse(&strings(
            "--model classic --dim 100 --patterns 5:15:5 --trials 3 --criterion exact --update sync",
        ))
        .unwrap()
        .config;
        assert_eq!(req.counts, vec![5, 10, 15]);
        assert_eq!(req.criterion, Criterion::Exact);
        assert_eq!(req.flip, DEFAULT_FLIP);
        assert!(matches!(req.spec, ModelSpec::Classic { .. }));
    }

    #[test]
    fn flag_errors_name_the_flag() {
        for (args, flag) in [
            ("--dim 10 --patterns 1", "--model"),
            ("--model modern --patterns 1", "--dim"),
            ("--model modern --dim 10", "--patterns"),
            ("--model modern --dim 10 --patterns 1 --flip 2", "--flip"),
            (
                "--model modern --dim 10 --patterns 1 --criterion overlap:x",
                "--criterion",
            ),
            ("--model classic --rule x --dim 10 --patterns 1", "--rule"),
            ("--model dense --degree 1 --dim 10 --patterns 1", "--degree"),
            (
                "--model modern --dim 10 --patterns 1 --trials 0",
                "--trials",
            ),
            ("--model modern --dim 0 --patterns 1", "--dim"),
            ("--model modern --dim 5000 --patterns 1", "--dim"),
            (
                "--model modern --dim 10 --patterns 1 --max-steps 0",
                "--max-steps",
            ),
            ("--model modern --beta 0 --dim 10 --patterns 1", "--beta"),
            (
                "--model dense --degree 10 --dim 4000 --patterns 100",
                "--degree",
            ),
            (
                "--model classic --rule pseudoinverse --dim 10 --patterns 3000",
                "--patterns",
            ),
            ("--model modern --dim 10 --patterns 1 --bogus 1", "--bogus"),
            (
                "--model modern --dim 10 --patterns 1 --threads 0",
                "--threads",
            ),
        ] {
            let err = parse(&strings(args)).unwrap_err();
            assert!(
                err.message.starts_with(&format!("flag {flag}:")),
                "{args}: {err}"
            );
        }
    }
}
