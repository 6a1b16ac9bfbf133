//! The numeric fields of the form: ranges, parsing and clamping with a message naming the
//! field, shared by the form and by links.

use super::*;
use crate::url_state::decimal::parse_f64;

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
                Err(_) => parse_f64(text).unwrap_or(f64::NAN),
            }
        } else {
            parse_f64(text).unwrap_or(f64::NAN)
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
