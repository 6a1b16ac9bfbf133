//! The learning view's form: the run's [`TrainConfig`] and the step where playing stops, each
//! number a [`Field`] that reads what was typed, clamps it with the engine's own ranges and
//! says so naming the setting — a bad number never reaches the worker and never loses the
//! value that was there.

use crate::engine::transformer::{BATCH, DIM, HEADS, LAYERS, LR, SEQ, TrainConfig};
use crate::url_state::query::{self, Notices, Query};

/// The step where a run stops by default (the CLI's default too: enough for the default task
/// to pass accuracy 0.9 from any seed measured).
pub const DEFAULT_STEPS: usize = 1500;
/// The range of the stop step.
pub const STEPS: (usize, usize) = (1, 100_000);

/// Everything the form sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LearnSettings {
    pub config: TrainConfig,
    /// Playing stops at this step.
    pub steps: usize,
}

impl Default for LearnSettings {
    fn default() -> Self {
        LearnSettings {
            config: TrainConfig::default(),
            steps: DEFAULT_STEPS,
        }
    }
}

impl LearnSettings {
    /// The settings as link parameters (without `view`).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = super::link::to_query(&self.config);
        pairs.push(("steps", self.steps.to_string()));
        pairs
    }

    /// Settings from a link, every bad parameter named in a notice.
    pub fn from_query(q: &Query) -> (LearnSettings, Notices) {
        let (config, mut notes) = super::link::from_query(q);
        let mut steps = DEFAULT_STEPS;
        query::number(q, "steps", STEPS.0..=STEPS.1, &mut steps, &mut notes);
        (LearnSettings { config, steps }, notes)
    }
}

/// A number of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Layers,
    Heads,
    Dim,
    Seq,
    Batch,
    Lr,
    Seed,
    Steps,
}

impl Field {
    /// In the form's order.
    pub const ALL: [Field; 8] = [
        Field::Layers,
        Field::Heads,
        Field::Dim,
        Field::Seq,
        Field::Batch,
        Field::Lr,
        Field::Seed,
        Field::Steps,
    ];

    /// The link parameter and CLI flag (and the input's id).
    pub fn slug(self) -> &'static str {
        match self {
            Field::Layers => "layers",
            Field::Heads => "heads",
            Field::Dim => "dim",
            Field::Seq => "seq",
            Field::Batch => "batch",
            Field::Lr => "lr",
            Field::Seed => "seed",
            Field::Steps => "steps",
        }
    }

    /// The label shown.
    pub fn name(self) -> &'static str {
        match self {
            Field::Layers => "layers L",
            Field::Heads => "heads H per layer",
            Field::Dim => "width D",
            Field::Seq => "sequence length N",
            Field::Batch => "batch (sequences a step)",
            Field::Lr => "learning rate",
            Field::Seed => "seed",
            Field::Steps => "stop at step",
        }
    }

    /// The range, for the input's min and max.
    pub fn range(self, s: &LearnSettings) -> (f64, f64) {
        let int = |(lo, hi): (usize, usize)| (lo as f64, hi as f64);
        match self {
            Field::Layers => int(LAYERS),
            Field::Heads => int(HEADS),
            Field::Dim => int(DIM),
            Field::Seq => (s.config.min_seq() as f64, SEQ.1 as f64),
            Field::Batch => int(BATCH),
            Field::Lr => (LR.0 as f64, LR.1 as f64),
            Field::Seed => (0.0, u32::MAX as f64),
            Field::Steps => int(STEPS),
        }
    }

    /// Whether the field takes whole numbers.
    pub fn integer(self) -> bool {
        self != Field::Lr
    }

    /// The value as the input shows it.
    pub fn show(self, s: &LearnSettings) -> String {
        let c = &s.config;
        match self {
            Field::Layers => c.layers.to_string(),
            Field::Heads => c.heads.to_string(),
            Field::Dim => c.dim.to_string(),
            Field::Seq => c.seq.to_string(),
            Field::Batch => c.batch.to_string(),
            Field::Lr => c.lr.to_string(),
            Field::Seed => c.seed.to_string(),
            Field::Steps => s.steps.to_string(),
        }
    }

    /// Sets the field from what was typed; the message says what was refused or changed
    /// (naming this field, or another one that had to change with it).
    pub fn apply(self, s: &mut LearnSettings, raw: &str) -> Option<String> {
        let name = self.slug();
        let Ok(value) = raw.trim().parse::<f64>() else {
            return Some(format!(
                "{name}: “{}” is not a number; it stays {}",
                raw.trim(),
                self.show(s)
            ));
        };
        if !value.is_finite() || (self.integer() && value.fract() != 0.0) || value < 0.0 {
            let kind = if self.integer() {
                "a whole number ≥ 0"
            } else {
                "a finite number > 0"
            };
            return Some(format!(
                "{name}: {raw} is not {kind}; it stays {}",
                self.show(s)
            ));
        }
        let whole = value.min(u64::MAX as f64) as u64;
        let size = whole.min(usize::MAX as u64) as usize;
        let c = &mut s.config;
        match self {
            Field::Layers => c.layers = size,
            Field::Heads => c.heads = size,
            Field::Dim => c.dim = size,
            Field::Seq => c.seq = size,
            Field::Batch => c.batch = size,
            Field::Lr => c.lr = value as f32,
            Field::Seed => c.seed = whole,
            Field::Steps => {
                let used = size.clamp(STEPS.0, STEPS.1);
                s.steps = used;
                return (used != size).then(|| {
                    format!(
                        "steps = {size} is outside {}…{}: used {used}",
                        STEPS.0, STEPS.1
                    )
                });
            }
        }
        let (clamped, notes) = s.config.clamped();
        s.config = clamped;
        let text: Vec<String> = notes.into_iter().map(|n| n.message).collect();
        (!text.is_empty()).then(|| text.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_a_link() {
        let mut s = LearnSettings {
            steps: 400,
            ..LearnSettings::default()
        };
        s.config.heads = 8;
        let link = query::encode(&s.to_query());
        let (back, notes) = LearnSettings::from_query(&Query::parse(&link));
        assert_eq!(back, s);
        assert!(notes.0.is_empty());
        let (_, notes) = LearnSettings::from_query(&Query::parse("steps=0"));
        assert!(notes.0.join(" ").contains("“steps”"), "{notes:?}");
    }

    #[test]
    fn typed_values_are_clamped_or_refused_by_name_and_nothing_is_lost() {
        let mut s = LearnSettings::default();
        assert_eq!(Field::Layers.apply(&mut s, "2"), None);
        assert_eq!(s.config.layers, 2);
        let m = Field::Layers.apply(&mut s, "100").unwrap();
        assert!(m.starts_with("layers = 100 is outside 1…4"), "{m}");
        assert_eq!(s.config.layers, 4);
        let m = Field::Lr.apply(&mut s, "NaN").unwrap();
        assert!(m.contains("lr") && m.contains("stays 0.003"), "{m}");
        assert_eq!(s.config.lr, 0.003);
        let m = Field::Heads.apply(&mut s, "abc").unwrap();
        assert!(
            m.contains("“abc” is not a number") && m.contains("stays 4"),
            "{m}"
        );
        let m = Field::Heads.apply(&mut s, "2.5").unwrap();
        assert!(m.contains("whole number"), "{m}");
        let m = Field::Heads.apply(&mut s, "0").unwrap();
        assert!(m.contains("heads = 0 is outside 1…8: used 1"), "{m}");
        // A width the heads do not divide changes the width, named.
        Field::Heads.apply(&mut s, "3");
        assert!(s.config.dim.is_multiple_of(3));
        let m = Field::Steps.apply(&mut s, "1000000").unwrap();
        assert!(m.contains("used 100000"), "{m}");
        assert_eq!(s.config.validate(), Ok(()));
    }
}
