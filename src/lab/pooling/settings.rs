//! The pooling view's form: each input a [`Field`] that reads what was typed, clamps it into
//! the engine's ranges (`engine::pooling::config`) and says so naming the setting; a bad value
//! never reaches the worker and never loses the value that was there. A field's slug is its
//! link parameter (`link`) and CLI flag, so the form, the link and `hopfield pool` agree.

use super::memory;
use crate::engine::pooling::config::{self as c, BetaMode, PoolConfig, motif_problem};

/// An input of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Sequences,
    Witness,
    Motif,
    Bags,
    HeldOut,
    Steps,
    Beta,
    BetaMode,
    Seed,
}

impl Field {
    /// In the form's order.
    pub const ALL: [Field; 9] = [
        Field::Sequences,
        Field::Witness,
        Field::Motif,
        Field::Bags,
        Field::HeldOut,
        Field::Steps,
        Field::Beta,
        Field::BetaMode,
        Field::Seed,
    ];

    /// The link parameter and CLI flag (and the input's id).
    pub fn slug(self) -> &'static str {
        match self {
            Field::Sequences => "sequences",
            Field::Witness => "witness",
            Field::Motif => "motif",
            Field::Bags => "bags",
            Field::HeldOut => "held-out",
            Field::Steps => "steps",
            Field::Beta => "beta",
            Field::BetaMode => "beta-mode",
            Field::Seed => "seed",
        }
    }

    /// The label shown.
    pub fn name(self) -> &'static str {
        match self {
            Field::Sequences => "sequences N per bag",
            Field::Witness => "witness rate w",
            Field::Motif => "motif",
            Field::Bags => "training bags",
            Field::HeldOut => "held-out bags",
            Field::Steps => "training steps",
            Field::Beta => "β (fixed, or where learning starts)",
            Field::BetaMode => "β learned or fixed",
            Field::Seed => "seed",
        }
    }

    /// The numeric range, for the input's min and max (`None` for the motif and β's mode).
    pub fn range(self) -> Option<(f64, f64)> {
        let int = |(lo, hi): (usize, usize)| Some((lo as f64, hi as f64));
        let real = |(lo, hi): (f32, f32)| Some((lo as f64, hi as f64));
        match self {
            Field::Sequences => int(c::SEQUENCES),
            Field::Witness => real(c::WITNESS),
            Field::Bags => int(c::BAGS),
            Field::HeldOut => int(c::HELD_OUT),
            Field::Steps => int(c::STEPS),
            Field::Beta => real(c::BETA),
            Field::Seed => Some((0.0, u32::MAX as f64)),
            Field::Motif | Field::BetaMode => None,
        }
    }

    /// The value as the input shows it.
    pub fn show(self, s: &PoolConfig) -> String {
        match self {
            Field::Sequences => s.sequences.to_string(),
            Field::Witness => s.witness_rate.to_string(),
            Field::Motif => s.motif.clone(),
            Field::Bags => s.bags_train.to_string(),
            Field::HeldOut => s.bags_held_out.to_string(),
            Field::Steps => s.steps.to_string(),
            Field::Beta => s.beta.to_string(),
            Field::BetaMode => match s.beta_mode {
                BetaMode::Learned => "learned".into(),
                BetaMode::Fixed => "fixed".into(),
            },
            Field::Seed => s.seed.to_string(),
        }
    }

    /// Sets the field from what was typed; the message says what was refused or changed,
    /// naming this field (or held-out, lowered when the bags would pass the memory limit).
    pub fn apply(self, s: &mut PoolConfig, raw: &str) -> Option<String> {
        let name = self.slug();
        let text = raw.trim();
        let stays =
            |s: &PoolConfig, why: String| Some(format!("{name}: {why}; it stays {}", self.show(s)));
        match self {
            Field::Motif => {
                let motif = text.to_ascii_uppercase();
                return match motif_problem(&motif) {
                    None => {
                        s.motif = motif;
                        None
                    }
                    Some(problem) => stays(s, format!("“{text}” {problem}")),
                };
            }
            Field::BetaMode => {
                s.beta_mode = match text {
                    "learned" => BetaMode::Learned,
                    "fixed" => BetaMode::Fixed,
                    _ => return stays(s, format!("“{text}” is neither learned nor fixed")),
                };
                return None;
            }
            _ => {}
        }
        // A witness rate may be typed as a percentage.
        let (number, scale) = match text.strip_suffix('%') {
            Some(p) if self == Field::Witness => (p.trim(), 0.01),
            _ => (text, 1.0),
        };
        let Ok(value) = number.parse::<f64>().map(|v| v * scale) else {
            return stays(s, format!("“{text}” is not a number"));
        };
        let integer = !matches!(self, Field::Witness | Field::Beta);
        if !value.is_finite() || value < 0.0 || (integer && value.fract() != 0.0) {
            let kind = if integer {
                "a whole number ≥ 0"
            } else {
                "a finite number ≥ 0"
            };
            return stays(s, format!("{text} is not {kind}"));
        }
        let size = value.min(usize::MAX as f64) as usize;
        match self {
            Field::Sequences => s.sequences = size,
            Field::Witness => s.witness_rate = value as f32,
            Field::Bags => s.bags_train = size,
            Field::HeldOut => s.bags_held_out = size,
            Field::Steps => s.steps = size,
            Field::Beta => s.beta = value as f32,
            Field::Seed => s.seed = value.min(u64::MAX as f64) as u64,
            Field::Motif | Field::BetaMode => {}
        }
        let (clamped, notes) = s.clamped();
        *s = clamped;
        (!notes.is_empty()).then(|| notes.join("; "))
    }
}

/// The settings' memory as the form shows it beside the inputs ("41 bags of 10000 sequences:
/// 8.6 MB of sequences, 47.2 MB in all").
pub fn memory_line(s: &PoolConfig) -> String {
    match memory::check(s) {
        Ok(m) => format!(
            "{} bags of {} sequences held: {} of sequences, {} in all (limit {} of sequences)",
            s.bags_held_out + 1,
            s.sequences,
            memory::show_bytes(m.sequences),
            memory::show_bytes(m.total()),
            memory::show_bytes(c::MAX_SEQUENCE_BYTES)
        ),
        Err(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::query::{Query, encode};

    #[test]
    fn every_field_is_a_link_parameter_and_round_trips() {
        let params: Vec<&str> = PoolConfig::default()
            .to_query()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        for f in Field::ALL {
            assert!(
                params.contains(&f.slug()),
                "{} is not in the link",
                f.slug()
            );
        }
        let mut s = PoolConfig::default();
        for (f, v) in [
            (Field::Sequences, "300000"),
            (Field::Witness, "0.01%"),
            (Field::Motif, "sg.yr"),
            (Field::Bags, "500"),
            (Field::HeldOut, "20"),
            (Field::Steps, "900"),
            (Field::Beta, "2.5"),
            (Field::BetaMode, "fixed"),
            (Field::Seed, "7"),
        ] {
            assert_eq!(f.apply(&mut s, v), None, "{f:?} = {v}");
        }
        assert_eq!((s.witness_rate, s.motif.as_str()), (1e-4, "SG.YR"));
        let (back, notes) = PoolConfig::from_query(&Query::parse(&encode(&s.to_query())));
        assert_eq!(back, s);
        assert!(notes.0.is_empty(), "{notes:?}");
        for f in Field::ALL {
            assert_eq!(f.apply(&mut s, &f.show(&back)), None, "{f:?}");
        }
        assert_eq!(s, back);
    }

    #[test]
    fn bad_values_are_refused_or_clamped_by_name_and_nothing_is_lost() {
        let mut s = PoolConfig::default();
        let m = Field::Sequences.apply(&mut s, "5").unwrap();
        assert!(
            m.starts_with("sequences = 5 is outside 1000…300000: used 1000"),
            "{m}"
        );
        let m = Field::Witness.apply(&mut s, "abc").unwrap();
        assert!(m.contains("witness") && m.contains("stays 0.001"), "{m}");
        let m = Field::Steps.apply(&mut s, "2.5").unwrap();
        assert!(m.contains("steps") && m.contains("whole number"), "{m}");
        let m = Field::Motif.apply(&mut s, "SG").unwrap();
        assert!(m.contains("motif") && m.contains("stays SGAYR"), "{m}");
        let m = Field::BetaMode.apply(&mut s, "hot").unwrap();
        assert!(m.contains("beta-mode"), "{m}");
        let m = Field::Beta.apply(&mut s, "inf").unwrap();
        assert!(m.contains("beta") && m.contains("stays 3"), "{m}");
        // Past the memory limit the held-out bags are lowered, and the notice says so.
        Field::Sequences.apply(&mut s, "300000");
        let m = Field::HeldOut.apply(&mut s, "2000").unwrap();
        assert!(m.contains("held-out = 2000") && m.contains("1 GiB"), "{m}");
        assert_eq!(s.bags_held_out, 169);
        assert_eq!(s.check(), Ok(()));
        assert!(
            memory_line(&s).contains("170 bags of 300000"),
            "{}",
            memory_line(&s)
        );
    }
}
