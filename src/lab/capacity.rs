//! The capacity lab without the web: its settings and presets, the clamping of form input
//! (with a message naming the field), the engine configs a run needs (one per model), the
//! theory lines of the plot, the CSV export (the CLI's format) and the arithmetic that keeps
//! each slice of a run on the main thread short.
//!
//! Semantics match `hopfield capacity`: the same seed, trials, flip fraction, criterion and
//! N values give the same engine config (max. 100 steps per retrieval), hence the same
//! success rates to the last bit.

use crate::engine::capacity::{
    CapacityConfig, CapacityPoint, CapacityRun, Criterion, MAX_POINTS, PatternKind,
};
use crate::engine::classic::{LearningRule, UpdateMode};
use crate::engine::dense::Interaction;
use crate::engine::model::ModelSpec;

/// Steps per retrieval: the CLI's default `--max-steps`.
pub const MAX_STEPS: usize = 100;
/// The CSV header of `hopfield capacity`.
pub const CSV_HEADER: &str = "n_patterns,success_rate,mean_overlap,mean_steps";
/// Target duration of one slice of work on the main thread, in milliseconds.
pub const SLICE_MS: f64 = 10.0;

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

    /// The theory's capacity estimates for this model at dimension `dim`, as (formula, N).
    /// Exponential capacities (dense exp, modern) lie far beyond any axis and get none.
    pub fn theory(self, dim: usize) -> Vec<(String, f64)> {
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
            ModelChoice::StorkeyAsync | ModelChoice::DenseExp | ModelChoice::Modern => Vec::new(),
        }
    }
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
        models.sort();
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

/// The curated experiments of the preset menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Hebbian, d = 200: the classical network breaks near 0.14·d.
    ClassicBreaks,
    /// Correlated patterns break Hebbian learning far below 0.14·d.
    Correlated,
    /// Dense polynomial networks: capacity ∝ d^{n−1}.
    DensePoly,
    /// The modern network stores thousands of patterns at d = 64.
    ModernThousands,
}

impl Preset {
    /// Every preset, in the menu's order.
    pub const ALL: [Preset; 4] = [
        Preset::ClassicBreaks,
        Preset::Correlated,
        Preset::DensePoly,
        Preset::ModernThousands,
    ];

    /// The `<option>` value.
    pub fn slug(self) -> &'static str {
        match self {
            Preset::ClassicBreaks => "classic-breaks",
            Preset::Correlated => "correlated",
            Preset::DensePoly => "dense-poly",
            Preset::ModernThousands => "modern-thousands",
        }
    }

    /// The `<option>` text.
    pub fn title(self) -> &'static str {
        match self {
            Preset::ClassicBreaks => "Classic breaks near 0.14·d",
            Preset::Correlated => "Correlated patterns break it early",
            Preset::DensePoly => "Dense: capacity ∝ dⁿ⁻¹",
            Preset::ModernThousands => "Modern: thousands at d = 64",
        }
    }

    /// What to look for, one or two sentences under the menu.
    pub fn blurb(self) -> &'static str {
        match self {
            Preset::ClassicBreaks => {
                "Hebbian learning, d = 200, 10 % of the query flipped: the success rate falls \
                 from 1 to almost 0 between N ≈ 20 and N ≈ 40, around 0.138·d = 27.6."
            }
            Preset::Correlated => {
                "The same classical network on patterns that are noisy copies of one prototype \
                 (mutual overlap 0.3): Hebbian learning fails far below 0.138·d, as it does on \
                 similar photos; the pseudo-inverse rule removes the correlations and holds on."
            }
            Preset::DensePoly => {
                "Dense associative memories with F(z) = z² (the classical network) and z³ at \
                 d = 50, on a log axis: one more power in the energy multiplies the capacity \
                 by about d."
            }
            Preset::ModernThousands => {
                "The modern network (β = 1) at d = 64 retrieves every pattern with up to 4096 \
                 stored, while the classical network is gone beyond N ≈ 9."
            }
        }
    }

    /// Parses an `<option>` value.
    pub fn from_slug(slug: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The settings the preset fills in.
    pub fn settings(self) -> CapacitySettings {
        let classic = CapacitySettings {
            models: vec![ModelChoice::HebbianAsync],
            beta: 1.0,
            patterns: Patterns::Random,
            correlation: 0.3,
            dim: 200,
            start: 10,
            stop: 60,
            step: 5,
            spacing: Spacing::Linear,
            log_points: 12,
            trials: 40,
            flip: 0.1,
            exact: false,
            threshold: 0.95,
            seed: 1,
            per_dim: false,
            log_x: false,
            show_overlap: false,
        };
        match self {
            Preset::ClassicBreaks => classic,
            Preset::Correlated => CapacitySettings {
                models: vec![
                    ModelChoice::HebbianAsync,
                    ModelChoice::StorkeyAsync,
                    ModelChoice::PseudoInverseAsync,
                ],
                patterns: Patterns::Correlated,
                dim: 100,
                start: 2,
                stop: 30,
                step: 2,
                trials: 30,
                ..classic
            },
            Preset::DensePoly => CapacitySettings {
                models: vec![ModelChoice::DensePoly2, ModelChoice::DensePoly3],
                dim: 50,
                start: 2,
                stop: 1000,
                spacing: Spacing::Log,
                log_points: 16,
                trials: 30,
                log_x: true,
                ..classic
            },
            Preset::ModernThousands => CapacitySettings {
                models: vec![ModelChoice::HebbianAsync, ModelChoice::Modern],
                beta: 1.0,
                dim: 64,
                start: 4,
                stop: 4096,
                spacing: Spacing::Log,
                log_points: 11,
                trials: 20,
                log_x: true,
                ..classic
            },
        }
    }
}

/// A numeric field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// d.
    Dim,
    /// First N.
    Start,
    /// Last N.
    Stop,
    /// Step of N.
    Step,
    /// Number of log-spaced N values.
    LogPoints,
    /// Trials per N.
    Trials,
    /// Flipped fraction.
    Flip,
    /// Overlap threshold.
    Threshold,
    /// Seed.
    Seed,
    /// β of the modern network.
    Beta,
    /// Mutual overlap of correlated patterns.
    Correlation,
}

/// Largest seed the form accepts: JavaScript numbers are exact up to 2⁵³ − 1.
pub const MAX_SEED: u64 = (1 << 53) - 1;

impl Field {
    /// The field's `id` (and test hook suffix).
    pub fn slug(self) -> &'static str {
        match self {
            Field::Dim => "dim",
            Field::Start => "n-start",
            Field::Stop => "n-stop",
            Field::Step => "n-step",
            Field::LogPoints => "n-points",
            Field::Trials => "trials",
            Field::Flip => "flip",
            Field::Threshold => "threshold",
            Field::Seed => "seed",
            Field::Beta => "beta",
            Field::Correlation => "correlation",
        }
    }

    /// The field's label, as messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Dim => "dimension d",
            Field::Start => "N start",
            Field::Stop => "N stop",
            Field::Step => "N step",
            Field::LogPoints => "N count",
            Field::Trials => "trials per N",
            Field::Flip => "flip fraction",
            Field::Threshold => "threshold",
            Field::Seed => "seed",
            Field::Beta => "β (modern)",
            Field::Correlation => "correlation",
        }
    }

    /// The accepted range (inclusive).
    pub fn range(self) -> (f64, f64) {
        match self {
            Field::Dim => (16.0, 1024.0),
            Field::Start | Field::Stop => (1.0, 16384.0),
            Field::Step => (1.0, 16384.0),
            Field::LogPoints => (2.0, 64.0),
            Field::Trials => (1.0, 5000.0),
            Field::Flip => (0.0, 0.5),
            Field::Threshold => (0.0, 1.0),
            Field::Seed => (0.0, MAX_SEED as f64),
            Field::Beta => (1e-4, 1e4),
            Field::Correlation => (0.0, 1.0),
        }
    }

    /// Whether the field holds an integer.
    pub fn integer(self) -> bool {
        !matches!(
            self,
            Field::Flip | Field::Threshold | Field::Beta | Field::Correlation
        )
    }

    /// The `step` attribute of the input.
    pub fn input_step(self) -> &'static str {
        match self {
            Field::Flip | Field::Threshold | Field::Correlation => "0.01",
            Field::Beta => "any",
            _ => "1",
        }
    }

    /// The field's current value as the input shows it.
    pub fn show(self, s: &CapacitySettings) -> String {
        match self {
            Field::Dim => s.dim.to_string(),
            Field::Start => s.start.to_string(),
            Field::Stop => s.stop.to_string(),
            Field::Step => s.step.to_string(),
            Field::LogPoints => s.log_points.to_string(),
            Field::Trials => s.trials.to_string(),
            Field::Flip => s.flip.to_string(),
            Field::Threshold => s.threshold.to_string(),
            Field::Seed => s.seed.to_string(),
            Field::Beta => s.beta.to_string(),
            Field::Correlation => s.correlation.to_string(),
        }
    }

    /// Parses `raw`, clamps it into range and stores it in `s`. Returns a message naming the
    /// field when the input was changed (clamped or rounded) or refused (not a number: the old
    /// value stays).
    pub fn apply(self, s: &mut CapacitySettings, raw: &str) -> Option<String> {
        let (lo, hi) = self.range();
        let text = raw.trim();
        let value = if self == Field::Seed {
            // Seeds are integers beyond f64's exact range; parse them as such.
            match text.parse::<u64>() {
                Ok(v) => v as f64,
                Err(_) => text.parse::<f64>().unwrap_or(f64::NAN),
            }
        } else {
            text.parse::<f64>().unwrap_or(f64::NAN)
        };
        if !value.is_finite() {
            return Some(format!(
                "{}: \"{text}\" is not a number; kept {}",
                self.name(),
                self.show(s)
            ));
        }
        let mut clamped = value.clamp(lo, hi);
        if self.integer() {
            clamped = clamped.round();
        }
        let exact_seed = (self == Field::Seed)
            .then(|| text.parse::<u64>().ok())
            .flatten()
            .filter(|&v| v <= MAX_SEED);
        match self {
            Field::Dim => s.dim = clamped as usize,
            Field::Start => s.start = clamped as usize,
            Field::Stop => s.stop = clamped as usize,
            Field::Step => s.step = clamped as usize,
            Field::LogPoints => s.log_points = clamped as usize,
            Field::Trials => s.trials = clamped as usize,
            Field::Flip => s.flip = clamped as f32,
            Field::Threshold => s.threshold = clamped as f32,
            Field::Seed => s.seed = exact_seed.unwrap_or(clamped as u64),
            Field::Beta => s.beta = clamped as f32,
            Field::Correlation => s.correlation = clamped as f32,
        }
        if clamped != value && exact_seed.is_none() {
            let bound = |v: f64| {
                if self.integer() {
                    format!("{v:.0}")
                } else {
                    format!("{v}")
                }
            };
            Some(format!(
                "{} must be {} in [{}, {}]; {text} was set to {}",
                self.name(),
                if self.integer() {
                    "a whole number"
                } else {
                    "a number"
                },
                bound(lo),
                bound(hi),
                self.show(s)
            ))
        } else {
            None
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

/// Chooses how many trials the next `step` call of a slice may run so that the slice stays
/// near [`SLICE_MS`]: it learns the cost of a trial from what it measured (a moving average,
/// since the cost grows with N) and never starts a trial it expects to overrun the slice,
/// except the first one of a slice (a run must always make progress).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SliceBudget {
    ms_per_trial: Option<f64>,
}

impl Default for SliceBudget {
    fn default() -> Self {
        Self::new()
    }
}

impl SliceBudget {
    /// Nothing measured yet: the first call runs one trial.
    pub fn new() -> Self {
        Self { ms_per_trial: None }
    }

    /// The estimated cost of one trial, once something was measured.
    pub fn ms_per_trial(&self) -> Option<f64> {
        self.ms_per_trial
    }

    /// Trials to run next, with `remaining_ms` of the slice left; 0 means "end the slice".
    pub fn budget(&self, remaining_ms: f64, first_in_slice: bool) -> usize {
        let fits = match self.ms_per_trial {
            None => 1,
            Some(cost) if cost <= 0.0 => 64,
            Some(cost) => (remaining_ms / cost).floor().clamp(0.0, 4096.0) as usize,
        };
        if first_in_slice { fits.max(1) } else { fits }
    }

    /// Records that `trials` trials took `elapsed_ms`.
    pub fn record(&mut self, trials: usize, elapsed_ms: f64) {
        if trials == 0 || !elapsed_ms.is_finite() || elapsed_ms < 0.0 {
            return;
        }
        let per = elapsed_ms / trials as f64;
        self.ms_per_trial = Some(match self.ms_per_trial {
            None => per,
            // Rising costs are believed at once (they overrun slices), falling ones slowly.
            Some(old) if per > old => per,
            Some(old) => 0.7 * old + 0.3 * per,
        });
    }
}

/// A running comparison: one resumable engine run per model, worked through in slices of
/// about [`SLICE_MS`] each. The clock is passed in (`performance.now()` in the browser, a fake
/// one in tests), so this is the app's scheduler without the web.
#[derive(Debug, Clone)]
pub struct LabRun {
    jobs: Vec<Job>,
    runs: Vec<CapacityRun>,
    /// The job being worked on.
    current: usize,
    /// Points of the current job already handed out.
    published: usize,
    budget: SliceBudget,
    started_ms: f64,
    /// Time spent inside slices.
    work_ms: f64,
}

/// What one slice did.
#[derive(Debug, Clone, PartialEq)]
pub struct SliceReport {
    /// Points finished during the slice.
    pub rows: Vec<ResultRow>,
    /// Fraction of all trials done, in [0, 1] (exactly 1 when done).
    pub fraction: f64,
    /// Whether every job is finished.
    pub done: bool,
    /// An engine error that stopped the run.
    pub error: Option<String>,
    /// Duration of the slice in milliseconds.
    pub slice_ms: f64,
}

impl LabRun {
    /// Starts every job (validating each), at time `now_ms`.
    pub fn new(jobs: Vec<Job>, now_ms: f64) -> Result<Self, String> {
        let runs = jobs.iter().map(Job::start).collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            jobs,
            runs,
            current: 0,
            published: 0,
            budget: SliceBudget::new(),
            started_ms: now_ms,
            work_ms: 0.0,
        })
    }

    /// The jobs, in the order they run.
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// Whether every job is finished.
    pub fn is_done(&self) -> bool {
        self.current >= self.runs.len()
    }

    /// Fraction of all trials done.
    pub fn fraction(&self) -> f64 {
        let (done, total) = self.runs.iter().fold((0usize, 0usize), |(d, t), run| {
            let p = run.progress();
            (d + p.trials_done, t + p.total_trials)
        });
        if total == 0 || self.is_done() {
            1.0
        } else {
            done as f64 / total as f64
        }
    }

    /// Milliseconds from the start to `now_ms`.
    pub fn elapsed_ms(&self, now_ms: f64) -> f64 {
        (now_ms - self.started_ms).max(0.0)
    }

    /// Milliseconds spent working inside slices.
    pub fn work_ms(&self) -> f64 {
        self.work_ms
    }

    /// Works for about [`SLICE_MS`] by the clock `now` (at least one trial), and reports the
    /// points finished meanwhile.
    pub fn slice(&mut self, now: &dyn Fn() -> f64) -> SliceReport {
        let start = now();
        let mut rows = Vec::new();
        let mut error = None;
        let mut first = true;
        while let Some(run) = self.runs.get_mut(self.current) {
            let budget = self.budget.budget(SLICE_MS - (now() - start), first);
            if budget == 0 {
                break;
            }
            first = false;
            let t0 = now();
            let outcome = run.step(budget);
            self.budget.record(budget, now() - t0);
            let job = &self.jobs[self.current];
            rows.extend(
                run.points()[self.published..]
                    .iter()
                    .map(|&point| ResultRow {
                        model: job.label.clone(),
                        series: self.current,
                        dim: job.config.dim,
                        point,
                    }),
            );
            self.published = run.points().len();
            match outcome {
                Err(e) => {
                    error = Some(format!("{}: {e}", job.label));
                    break;
                }
                Ok(p) if p.done => {
                    self.current += 1;
                    self.published = 0;
                    // Another model, another cost per trial.
                    self.budget = SliceBudget::new();
                }
                Ok(_) => {}
            }
        }
        let slice_ms = (now() - start).max(0.0);
        self.work_ms += slice_ms;
        SliceReport {
            rows,
            fraction: self.fraction(),
            done: self.is_done(),
            error,
            slice_ms,
        }
    }
}

/// I(a) = ½[(1+a) ln(1+a) + (1−a) ln(1−a)] (with 0·ln 0 = 0).
pub fn information(a: f64) -> f64 {
    let term = |x: f64| if x <= 0.0 { 0.0 } else { x * x.ln() };
    0.5 * (term(1.0 + a) + term(1.0 - a))
}

/// The exponent α of the dense exponential network's capacity N = e^{αd} with a fraction ρ of
/// the bits flipped: α < I(1 − 2ρ)/2 (Demircigil et al.).
pub fn exponential_alpha(flip: f64) -> f64 {
    information(1.0 - 2.0 * flip.clamp(0.0, 0.5)) / 2.0
}

/// Estimated seconds left of a run `fraction` done after `elapsed_ms` of work.
pub fn seconds_left(elapsed_ms: f64, fraction: f64) -> Option<f64> {
    if !(fraction > 0.0 && fraction <= 1.0 && elapsed_ms.is_finite()) {
        return None;
    }
    Some((elapsed_ms * (1.0 - fraction) / fraction / 1000.0).max(0.0))
}

/// "about 12 s left", "about 2 min left", "done".
pub fn format_time_left(seconds: Option<f64>) -> String {
    match seconds {
        None => "estimating the time left…".into(),
        Some(s) if s < 0.5 => "less than a second left".into(),
        Some(s) if s < 90.0 => format!("about {} s left", s.round()),
        Some(s) => format!("about {} min left", (s / 60.0).round()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_breaks_matches_the_cli_flags() {
        let s = Preset::ClassicBreaks.settings();
        assert_eq!(s.counts(), vec![10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
        let jobs = s.jobs().unwrap();
        assert_eq!(jobs.len(), 1);
        let c = &jobs[0].config;
        assert_eq!((c.dim, c.trials, c.seed, c.max_steps), (200, 40, 1, 100));
        assert_eq!(c.criterion, Criterion::Overlap(0.95));
        assert_eq!(jobs[0].patterns, PatternKind::RandomBinary);
        assert_eq!(
            s.cli_command(ModelChoice::HebbianAsync).unwrap(),
            "hopfield capacity --model classic --rule hebbian --update async --dim 200 \
             --patterns 10:60:5 --trials 40 --flip 0.1 --seed 1 --criterion overlap:0.95"
        );
    }

    #[test]
    fn every_preset_is_valid() {
        for preset in Preset::ALL {
            let s = preset.settings();
            let jobs = s.jobs().unwrap_or_else(|e| panic!("{preset:?}: {e}"));
            assert_eq!(jobs.len(), s.models.len());
            assert_eq!(Preset::from_slug(preset.slug()), Some(preset));
        }
        let modern = Preset::ModernThousands.settings().counts();
        assert_eq!(modern.first(), Some(&4));
        assert_eq!(modern.last(), Some(&4096));
    }

    #[test]
    fn log_counts_are_increasing_and_distinct() {
        let c = counts(1, 10, 1, Spacing::Log, 30);
        assert_eq!(c, (1..=10).collect::<Vec<_>>());
        let c = counts(8, 4096, 1, Spacing::Log, 10);
        assert_eq!(c.len(), 10);
        assert_eq!((c[0], c[9]), (8, 4096));
        assert!(c.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(counts(5, 5, 1, Spacing::Log, 8), vec![5]);
        assert_eq!(counts(5, 21, 5, Spacing::Linear, 0), vec![5, 10, 15, 20]);
        assert_eq!(
            counts(1, 1_000_000, 1, Spacing::Linear, 0).len(),
            MAX_POINTS + 1
        );
    }

    #[test]
    fn fields_clamp_with_a_message_naming_them() {
        let mut s = CapacitySettings::default();
        let msg = Field::Dim.apply(&mut s, "5000").unwrap();
        assert_eq!(s.dim, 1024);
        assert!(msg.starts_with("dimension d"), "{msg}");
        assert!(msg.contains("[16, 1024]"), "{msg}");
        assert!(Field::Dim.apply(&mut s, "300").is_none());
        assert_eq!(s.dim, 300);
        let msg = Field::Flip.apply(&mut s, "abc").unwrap();
        assert!(msg.starts_with("flip fraction"), "{msg}");
        assert_eq!(s.flip, 0.1);
        let msg = Field::Trials.apply(&mut s, "2.4").unwrap();
        assert_eq!(s.trials, 2);
        assert!(msg.contains("whole number"), "{msg}");
        assert!(Field::Seed.apply(&mut s, "9007199254740991").is_none());
        assert_eq!(s.seed, MAX_SEED);
        assert!(Field::Seed.apply(&mut s, "18446744073709551615").is_some());
        assert_eq!(s.seed, MAX_SEED);
        assert!(Field::Threshold.apply(&mut s, "-3").is_some());
        assert_eq!(s.threshold, 0.0);
    }

    #[test]
    fn jobs_name_what_is_wrong() {
        let mut s = CapacitySettings::default();
        s.models.clear();
        assert!(s.jobs().unwrap_err().starts_with("models"));
        let s = CapacitySettings {
            stop: 5,
            ..Default::default()
        };
        assert!(s.jobs().unwrap_err().contains("N stop"));
        let s = CapacitySettings {
            step: 1,
            stop: 5000,
            ..Default::default()
        };
        assert!(s.jobs().unwrap_err().contains("N step"));
        let s = CapacitySettings {
            dim: 1024,
            trials: 5000,
            stop: 1000,
            step: 10,
            ..Default::default()
        };
        let err = s.jobs().unwrap_err();
        assert!(err.contains("trials × ΣN × d"), "{err}");
    }

    #[test]
    fn theory_marks_follow_the_formulas() {
        let marks = ModelChoice::HebbianAsync.theory(200);
        assert!((marks[0].1 - 27.6).abs() < 1e-9);
        assert!((marks[1].1 - 200.0 / (2.0 * 200f64.ln())).abs() < 1e-9);
        assert_eq!(double_factorial(1), 1);
        assert_eq!(double_factorial(3), 3);
        assert_eq!(double_factorial(5), 15);
        // n = 2 is the classical error-free capacity.
        assert!((dense_capacity(100, 2) - exact_retrieval_capacity(100)).abs() < 1e-9);
        let (label, n) = &ModelChoice::DensePoly3.theory(100)[0];
        assert_eq!(label, "d²/(2·3 ln d)");
        assert!((n - 10_000.0 / (6.0 * 100f64.ln())).abs() < 1e-6);
        assert!(ModelChoice::Modern.theory(64).is_empty());
    }

    #[test]
    fn csv_has_the_cli_header_and_an_optional_model_column() {
        let point = CapacityPoint {
            n_patterns: 20,
            success_rate: 0.975,
            mean_overlap: 0.99,
            mean_steps: 2.5,
        };
        let row = ResultRow {
            model: "classic Hebbian Async".into(),
            series: 0,
            dim: 200,
            point,
        };
        assert_eq!(
            csv(std::slice::from_ref(&row), false),
            "n_patterns,success_rate,mean_overlap,mean_steps\n20,0.975,0.99,2.5\n"
        );
        let two = csv(&[row.clone(), row], true);
        assert!(two.starts_with("model,n_patterns,success_rate"));
        assert!(two.contains("\nclassic Hebbian Async,20,0.975,0.99,2.5\n"));
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }

    #[test]
    fn slices_learn_the_cost_of_a_trial() {
        let mut b = SliceBudget::new();
        assert_eq!(b.budget(10.0, true), 1);
        b.record(1, 0.5);
        assert_eq!(b.budget(9.5, false), 19);
        // A trial dearer than the slice still runs when it is the first, never after.
        b.record(1, 30.0);
        assert_eq!(b.budget(10.0, true), 1);
        assert_eq!(b.budget(5.0, false), 0);
        b.record(4, 0.0);
        assert!(b.ms_per_trial().unwrap() < 30.0);
        b.record(0, 5.0);
        b.record(3, f64::NAN);
        assert!(b.ms_per_trial().unwrap().is_finite());
    }

    #[test]
    fn a_lab_run_matches_the_engine_however_it_is_sliced() {
        let mut s = Preset::ClassicBreaks.settings();
        s.models = vec![ModelChoice::HebbianAsync, ModelChoice::Modern];
        s.trials = 6;
        let jobs = s.jobs().unwrap();
        let expected: Vec<Vec<CapacityPoint>> = jobs
            .iter()
            .map(|j| crate::engine::capacity::run_to_end(j.config.clone()).unwrap())
            .collect();
        // A fake clock that advances 3 ms per reading: every slice is short.
        let clock = std::cell::Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 3.0);
            clock.get()
        };
        let mut run = LabRun::new(jobs, now()).unwrap();
        let mut rows = Vec::new();
        let mut last = 0.0;
        let mut slices = 0;
        while !run.is_done() {
            let report = run.slice(&now);
            assert!(report.error.is_none());
            assert!(report.fraction >= last);
            last = report.fraction;
            rows.extend(report.rows);
            slices += 1;
            assert!(slices < 10_000);
        }
        assert_eq!(last, 1.0);
        assert!(slices > 10, "the fake clock forces many slices: {slices}");
        let got: Vec<Vec<CapacityPoint>> = (0..2)
            .map(|k| {
                rows.iter()
                    .filter(|r| r.series == k)
                    .map(|r| r.point)
                    .collect()
            })
            .collect();
        assert_eq!(got, expected);
        assert_eq!(rows[0].model, "classic Hebbian Async");
        assert!(run.work_ms() > 0.0);
    }

    #[test]
    fn exponential_capacity_exponent() {
        assert!((information(0.8) - 0.5 * (1.8 * 1.8f64.ln() + 0.2 * 0.2f64.ln())).abs() < 1e-12);
        assert_eq!(exponential_alpha(0.5), 0.0);
        assert!((exponential_alpha(0.0) - 2f64.ln() / 2.0).abs() < 1e-12);
    }

    #[test]
    fn time_left_reads_well() {
        assert_eq!(seconds_left(1000.0, 0.0), None);
        assert_eq!(seconds_left(1000.0, 0.5), Some(1.0));
        assert_eq!(format_time_left(Some(12.4)), "about 12 s left");
        assert_eq!(format_time_left(Some(600.0)), "about 10 min left");
        assert_eq!(format_time_left(Some(0.1)), "less than a second left");
    }
}
