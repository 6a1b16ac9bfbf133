//! The capacity lab without the web: its settings and presets, the clamping of form input
//! (with a message naming the field), the engine configs a run needs (one per model), the
//! theory lines of the plot, the CSV export (the CLI's format) and the time left of a run
//! (which the compute pool works through, [`crate::compute::capacity`]).
//!
//! Semantics match `hopfield capacity`: the same seed, trials, flip fraction, criterion and
//! N values give the same engine config (max. 100 steps per retrieval), hence the same
//! success rates to the last bit.

use crate::compute::capacity::Series;
use crate::engine::capacity::{
    CapacityConfig, CapacityPoint, CapacityRun, Criterion, MAX_POINTS, PatternKind,
};
use crate::engine::classic::{LearningRule, UpdateMode};
use crate::engine::dense::Interaction;
use crate::engine::model::ModelSpec;
use crate::engine::short_sort;

mod fields;
mod formulas;
mod link;
mod presets;
mod runner;
#[cfg(test)]
mod tests;

pub use fields::{Field, MAX_SEED};
pub use formulas::formulas_markup;
pub use presets::Preset;
pub use runner::{exponential_alpha, format_time_left, information, seconds_left};

/// Steps per retrieval: the CLI's default `--max-steps`.
pub const MAX_STEPS: usize = 100;
/// The CSV header of `hopfield capacity`.
pub const CSV_HEADER: &str = "n_patterns,success_rate,mean_overlap,mean_steps";

/// A model the lab can put on the curve (one checkbox each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModelChoice {
    /// Classical, Hebbian rule, asynchronous updates.
    HebbianAsync,
    /// Classical, Hebbian rule, synchronous updates.
    HebbianSync,
    /// Classical, Storkey rule, asynchronous updates.
    StorkeyAsync,
    /// Classical, pseudo-inverse rule, asynchronous updates.
    PseudoInverseAsync,
    /// Dense, F(z) = z².
    DensePoly2,
    /// Dense, F(z) = z³.
    DensePoly3,
    /// Dense, F(z) = z⁴.
    DensePoly4,
    /// Dense, F(z) = exp(z) (Demircigil et al., β = 1).
    DenseExp,
    /// Modern continuous network at the lab's β.
    Modern,
}

impl ModelChoice {
    /// Every choice, in the order of the checkboxes.
    pub const ALL: [ModelChoice; 9] = [
        ModelChoice::HebbianAsync,
        ModelChoice::HebbianSync,
        ModelChoice::StorkeyAsync,
        ModelChoice::PseudoInverseAsync,
        ModelChoice::DensePoly2,
        ModelChoice::DensePoly3,
        ModelChoice::DensePoly4,
        ModelChoice::DenseExp,
        ModelChoice::Modern,
    ];

    /// A stable identifier (for ids and test hooks).
    pub fn slug(self) -> &'static str {
        match self {
            ModelChoice::HebbianAsync => "hebbian-async",
            ModelChoice::HebbianSync => "hebbian-sync",
            ModelChoice::StorkeyAsync => "storkey-async",
            ModelChoice::PseudoInverseAsync => "pseudoinverse-async",
            ModelChoice::DensePoly2 => "dense-2",
            ModelChoice::DensePoly3 => "dense-3",
            ModelChoice::DensePoly4 => "dense-4",
            ModelChoice::DenseExp => "dense-exp",
            ModelChoice::Modern => "modern",
        }
    }

    /// The checkbox's text (short: the checkboxes sit in a narrow column; the classical
    /// rules are marked as such by their group).
    pub fn title(self) -> &'static str {
        match self {
            ModelChoice::HebbianAsync => "Hebbian, async",
            ModelChoice::HebbianSync => "Hebbian, sync",
            ModelChoice::StorkeyAsync => "Storkey, async",
            ModelChoice::PseudoInverseAsync => "pseudo-inverse",
            ModelChoice::DensePoly2 => "dense z²",
            ModelChoice::DensePoly3 => "dense z³",
            ModelChoice::DensePoly4 => "dense z⁴",
            ModelChoice::DenseExp => "dense exp(z)",
            ModelChoice::Modern => "modern (β)",
        }
    }

    /// The results table's name of the model at the modern network's `beta`: the checkbox's
    /// text (short and distinct, z² apart from z³), with the modern network's β.
    pub fn table_name(self, beta: f32) -> String {
        match self {
            ModelChoice::Modern => format!("modern β={beta}"),
            other => other.title().to_string(),
        }
    }

    /// The engine's model; `beta` is used by the modern network only.
    pub fn spec(self, beta: f32) -> ModelSpec {
        let classic = |rule, update| ModelSpec::Classic { rule, update };
        let poly = |degree| ModelSpec::Dense {
            interaction: Interaction::Polynomial {
                degree,
                rectified: false,
            },
        };
        match self {
            ModelChoice::HebbianAsync => classic(LearningRule::Hebbian, UpdateMode::Async),
            ModelChoice::HebbianSync => classic(LearningRule::Hebbian, UpdateMode::Sync),
            ModelChoice::StorkeyAsync => classic(LearningRule::Storkey, UpdateMode::Async),
            ModelChoice::PseudoInverseAsync => {
                classic(LearningRule::PseudoInverse, UpdateMode::Async)
            }
            ModelChoice::DensePoly2 => poly(2),
            ModelChoice::DensePoly3 => poly(3),
            ModelChoice::DensePoly4 => poly(4),
            ModelChoice::DenseExp => ModelSpec::Dense {
                interaction: Interaction::Exponential { beta: 1.0 },
            },
            ModelChoice::Modern => ModelSpec::Modern { beta },
        }
    }

    /// The theory's capacity estimates for this model at dimension `dim` with a fraction
    /// `flip` of the query's bits flipped, as (formula, N). The exponential capacity of dense
    /// exp and modern, N = exp(αd) with α = I(1 − 2ρ)/2 (as in the theory panel), lies far
    /// beyond the axis unless d is small; the plot leaves out marks beyond its axis.
    pub fn theory(self, dim: usize, flip: f32) -> Vec<(String, f64)> {
        let d = dim as f64;
        match self {
            ModelChoice::HebbianAsync | ModelChoice::HebbianSync => vec![
                ("0.138·d".to_string(), 0.138 * d),
                ("d/(2 ln d)".to_string(), exact_retrieval_capacity(dim)),
            ],
            ModelChoice::PseudoInverseAsync => vec![("d".to_string(), d)],
            ModelChoice::DensePoly2 => vec![dense_mark(dim, 2)],
            ModelChoice::DensePoly3 => vec![dense_mark(dim, 3)],
            ModelChoice::DensePoly4 => vec![dense_mark(dim, 4)],
            ModelChoice::DenseExp => vec![exponential_mark(d, flip)],
            ModelChoice::Modern => {
                let mut marks = vec![exponential_mark(d, flip)];
                marks.extend(theorem3_bound(dim).map(|n| ("Thm 3 bound (β=1)".to_string(), n)));
                marks
            }
            ModelChoice::StorkeyAsync => Vec::new(),
        }
    }
}

fn exponential_mark(d: f64, flip: f32) -> (String, f64) {
    (
        "exp(αd)".to_string(),
        (exponential_alpha(flip as f64) * d).exp(),
    )
}

/// [P]'s two worked cases of Theorem 3 (β = 1, failure probability p = 0.001): (d, K, c).
pub const THEOREM3_CASES: [(usize, u32, f64); 2] = [(20, 3, 3.1546), (75, 1, 1.3718)];
/// The failure probability of those cases.
pub const THEOREM3_P: f64 = 0.001;

/// Theorem 3's lower bound N ≥ √p·c^((d−1)/4) on the patterns a modern network stores at
/// d, for the two dimensions [P] works it out for (none at any other d).
pub fn theorem3_bound(dim: usize) -> Option<f64> {
    let &(d, _, c) = THEOREM3_CASES.iter().find(|case| case.0 == dim)?;
    Some(THEOREM3_P.sqrt() * c.powf((d as f64 - 1.0) / 4.0))
}

fn dense_mark(dim: usize, degree: u32) -> (String, f64) {
    let label = if degree == 2 {
        "d/(2 ln d)".to_string()
    } else {
        format!(
            "d{}/(2·{} ln d)",
            superscript(degree - 1),
            double_factorial(2 * degree - 3)
        )
    };
    (label, dense_capacity(dim, degree))
}

fn superscript(k: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    k.to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |v| DIGITS[v as usize]))
        .collect()
}

/// k!! = k·(k−2)·…·1 (1 for k ≤ 1).
pub fn double_factorial(k: u32) -> u64 {
    (1..=k as u64).rev().step_by(2).product::<u64>().max(1)
}

/// Error-free retrieval of one given pattern in the classical network: d/(2 ln d).
pub fn exact_retrieval_capacity(dim: usize) -> f64 {
    let d = dim as f64;
    if dim < 2 { 0.0 } else { d / (2.0 * d.ln()) }
}

/// The dense polynomial network of degree n: d^{n−1}/(2(2n−3)!! ln d).
pub fn dense_capacity(dim: usize, degree: u32) -> f64 {
    let d = dim as f64;
    if dim < 2 || degree < 2 {
        return 0.0;
    }
    d.powi(degree as i32 - 1) / (2.0 * double_factorial(2 * degree - 3) as f64 * d.ln())
}

/// How the N values are spaced between start and stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spacing {
    /// start, start + step, …, ≤ stop (as the CLI's START:STOP:STEP).
    Linear,
    /// `log_points` values spaced evenly in log N (rounded, duplicates dropped).
    Log,
}

/// Which patterns the trials store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patterns {
    /// Independent random ±1 patterns.
    Random,
    /// Noisy copies of one prototype with the mutual overlap `correlation`.
    Correlated,
}

/// Everything the capacity lab's form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacitySettings {
    /// The models to compare (at least one).
    pub models: Vec<ModelChoice>,
    /// β of the modern network.
    pub beta: f32,
    /// Random or correlated patterns.
    pub patterns: Patterns,
    /// Expected mutual overlap of correlated patterns.
    pub correlation: f32,
    /// Dimension d.
    pub dim: usize,
    /// First N.
    pub start: usize,
    /// Last N (inclusive when the spacing reaches it).
    pub stop: usize,
    /// Step of linear spacing.
    pub step: usize,
    /// Linear or log spacing.
    pub spacing: Spacing,
    /// Number of N values of log spacing.
    pub log_points: usize,
    /// Trials per N.
    pub trials: usize,
    /// Fraction of the target's signs flipped in the query.
    pub flip: f32,
    /// Success = identical sign vector (else overlap ≥ threshold).
    pub exact: bool,
    /// Overlap threshold of the overlap criterion.
    pub threshold: f32,
    /// Seed of the experiment (the CLI's `--seed`).
    pub seed: u64,
    /// Plot against N/d instead of N.
    pub per_dim: bool,
    /// Logarithmic x axis.
    pub log_x: bool,
    /// Also draw the mean overlap (dashed).
    pub show_overlap: bool,
}

impl Default for CapacitySettings {
    fn default() -> Self {
        Preset::ClassicBreaks.settings()
    }
}

/// One model's run: what the engine needs and what the table and legend call it.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The checkbox it came from.
    pub choice: ModelChoice,
    /// The engine's label of the model (the table's `data-model`).
    pub label: String,
    /// The engine config.
    pub config: CapacityConfig,
    /// Which patterns the trials store.
    pub patterns: PatternKind,
}

impl Job {
    /// The job as the compute pool runs it.
    pub fn series(&self) -> Series {
        Series {
            config: self.config.clone(),
            patterns: self.patterns,
        }
    }

    /// A fresh resumable run of this job.
    pub fn start(&self) -> Result<CapacityRun, String> {
        CapacityRun::with_patterns(self.config.clone(), self.patterns)
            .map_err(|e| format!("{}: {e}", self.label))
    }
}

impl CapacitySettings {
    /// The N values of the curve.
    pub fn counts(&self) -> Vec<usize> {
        counts(
            self.start,
            self.stop,
            self.step,
            self.spacing,
            self.log_points,
        )
    }

    /// The success criterion.
    pub fn criterion(&self) -> Criterion {
        if self.exact {
            Criterion::Exact
        } else {
            Criterion::Overlap(self.threshold)
        }
    }

    /// The pattern kind of the engine.
    pub fn pattern_kind(&self) -> PatternKind {
        match self.patterns {
            Patterns::Random => PatternKind::RandomBinary,
            Patterns::Correlated => PatternKind::Correlated {
                overlap: self.correlation,
            },
        }
    }

    /// One validated job per chosen model (in the checkboxes' order), or the first problem,
    /// naming the field or the model.
    pub fn jobs(&self) -> Result<Vec<Job>, String> {
        if self.models.is_empty() {
            return Err("models: choose at least one model to compare".into());
        }
        if self.stop < self.start {
            return Err(format!(
                "N stop ({}) is below N start ({}): raise N stop",
                self.stop, self.start
            ));
        }
        let counts = self.counts();
        if counts.len() > MAX_POINTS {
            return Err(format!(
                "N step: {} values of N exceed the limit of {MAX_POINTS}; use a larger step",
                counts.len()
            ));
        }
        let mut models = self.models.clone();
        short_sort::sort_by(&mut models, Ord::cmp);
        models.dedup();
        models
            .into_iter()
            .map(|choice| {
                let spec = choice.spec(self.beta);
                let label = spec.label();
                let config = CapacityConfig {
                    spec,
                    dim: self.dim,
                    counts: counts.clone(),
                    trials: self.trials,
                    flip: self.flip,
                    criterion: self.criterion(),
                    seed: self.seed,
                    max_steps: MAX_STEPS,
                };
                let patterns = self.pattern_kind();
                config
                    .validate()
                    .and_then(|()| patterns.validate())
                    .map_err(|e| format!("{label}: {e}"))?;
                Ok(Job {
                    choice,
                    label,
                    config,
                    patterns,
                })
            })
            .collect()
    }

    /// The CLI command that computes the same numbers (for a single classic, dense or modern
    /// model with random patterns), so a reader can reproduce the table.
    pub fn cli_command(&self, choice: ModelChoice) -> Option<String> {
        if self.patterns != Patterns::Random || self.spacing != Spacing::Linear {
            return None;
        }
        let model = match choice.spec(self.beta) {
            ModelSpec::Classic { rule, update } => {
                let rule = match rule {
                    LearningRule::Hebbian => "hebbian",
                    LearningRule::Storkey => "storkey",
                    LearningRule::PseudoInverse => "pseudoinverse",
                };
                let update = match update {
                    UpdateMode::Async => "async",
                    UpdateMode::Sync => "sync",
                };
                format!("classic --rule {rule} --update {update}")
            }
            ModelSpec::Dense {
                interaction: Interaction::Polynomial { degree, .. },
            } => format!("dense --degree {degree}"),
            ModelSpec::Dense {
                interaction: Interaction::Exponential { beta },
            } => format!("dense --degree exp --beta {beta}"),
            ModelSpec::Modern { beta } => format!("modern --beta {beta}"),
        };
        let criterion = if self.exact {
            "exact".to_string()
        } else {
            format!("overlap:{}", self.threshold)
        };
        Some(format!(
            "hopfield capacity --model {model} --dim {} --patterns {}:{}:{} --trials {} --flip {} --seed {} --criterion {criterion}",
            self.dim, self.start, self.stop, self.step, self.trials, self.flip, self.seed
        ))
    }
}

/// The N values from `start` to `stop`: linear with `step` (inclusive, as the CLI), or
/// `log_points` values evenly spaced in log N, rounded, without duplicates.
pub fn counts(
    start: usize,
    stop: usize,
    step: usize,
    spacing: Spacing,
    log_points: usize,
) -> Vec<usize> {
    let start = start.max(1);
    if stop < start {
        return vec![start];
    }
    match spacing {
        Spacing::Linear => {
            let step = step.max(1);
            // Capped one past the engine's limit, so a huge range is refused, not allocated.
            let points = ((stop - start) / step + 1).min(MAX_POINTS + 1);
            (0..points).map(|k| start + k * step).collect()
        }
        Spacing::Log => {
            let points = log_points.clamp(1, MAX_POINTS);
            if points == 1 || stop == start {
                return vec![start];
            }
            let (a, b) = ((start as f64).ln(), (stop as f64).ln());
            let mut out: Vec<usize> = (0..points)
                .map(|k| {
                    let t = k as f64 / (points - 1) as f64;
                    ((a + (b - a) * t).exp().round() as usize).clamp(start, stop)
                })
                .collect();
            out.dedup();
            out
        }
    }
}

/// A finished point of one model, as the table, the plot and the CSV show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    /// The engine's label of the model.
    pub model: String,
    /// Index of the model among the run's jobs (its colour).
    pub series: usize,
    /// Dimension d.
    pub dim: usize,
    /// The engine's point.
    pub point: CapacityPoint,
}

/// A number as the CLI prints it (Rust's shortest round-trip form), so text compares exactly.
pub fn plain(v: f32) -> String {
    format!("{v}")
}

/// The CSV of `rows`: the CLI's header and number format; with a leading `model` column when
/// the run compared several models.
pub fn csv(rows: &[ResultRow], with_model: bool) -> String {
    let mut out = String::new();
    if with_model {
        out.push_str("model,");
    }
    out.push_str(CSV_HEADER);
    out.push('\n');
    for row in rows {
        if with_model {
            out.push_str(&csv_field(&row.model));
            out.push(',');
        }
        let p = &row.point;
        out.push_str(&format!(
            "{},{},{},{}\n",
            p.n_patterns, p.success_rate, p.mean_overlap, p.mean_steps
        ));
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
