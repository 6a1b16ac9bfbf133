//! The pooling view's settings in a share link: every setting of [`PoolConfig`] as a
//! parameter, read back with the ranges of `engine::pooling::config`, so a link reproduces the
//! experiment (same seed, same bags, same numbers) and a bad parameter only costs a notice.

use crate::engine::pooling::config::{self as c, BetaMode, PoolConfig, motif_problem};
use crate::url_state::query::{self, Notices, Query};

const BETA_MODES: [(&str, BetaMode); 2] =
    [("learned", BetaMode::Learned), ("fixed", BetaMode::Fixed)];

impl PoolConfig {
    /// The settings as link parameters (without `view`).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("sequences", self.sequences.to_string()),
            ("witness", self.witness_rate.to_string()),
            ("motif", self.motif.clone()),
            ("substitution", self.substitution.to_string()),
            ("decoys", self.decoy_rate.to_string()),
            ("bags", self.bags_train.to_string()),
            ("held-out", self.bags_held_out.to_string()),
            ("steps", self.steps.to_string()),
            ("beta", self.beta.to_string()),
            (
                "beta-mode",
                query::choice_name(&BETA_MODES, &self.beta_mode),
            ),
            ("learning-rate", self.learning_rate.to_string()),
            ("curriculum", query::flag_value(self.curriculum)),
            ("batch", self.batch.to_string()),
            ("weight-decay", self.weight_decay.to_string()),
            ("key-norm", query::flag_value(self.key_norm)),
            ("seed", self.seed.to_string()),
        ]
    }

    /// Settings from a link: the defaults overridden by every valid parameter; a bad one is
    /// ignored or clamped with a notice naming it, and a link asking for more sequences in all
    /// than the heap holds gets fewer bags, with a notice.
    pub fn from_query(q: &Query) -> (Self, Notices) {
        let mut notes = Notices::default();
        let mut s = Self::default();
        query::number(
            q,
            "sequences",
            range(c::SEQUENCES),
            &mut s.sequences,
            &mut notes,
        );
        query::number(
            q,
            "witness",
            range(c::WITNESS),
            &mut s.witness_rate,
            &mut notes,
        );
        query::number(
            q,
            "substitution",
            range(c::SUBSTITUTION),
            &mut s.substitution,
            &mut notes,
        );
        query::number(q, "decoys", range(c::DECOY), &mut s.decoy_rate, &mut notes);
        query::number(q, "bags", range(c::BAGS), &mut s.bags_train, &mut notes);
        query::number(
            q,
            "held-out",
            range(c::HELD_OUT),
            &mut s.bags_held_out,
            &mut notes,
        );
        query::number(q, "steps", range(c::STEPS), &mut s.steps, &mut notes);
        query::number(q, "beta", range(c::BETA), &mut s.beta, &mut notes);
        query::choice(q, "beta-mode", &BETA_MODES, &mut s.beta_mode, &mut notes);
        let rate = range(c::LEARNING_RATE);
        query::number(q, "learning-rate", rate, &mut s.learning_rate, &mut notes);
        query::number(q, "seed", 0..=u64::MAX, &mut s.seed, &mut notes);
        query::flag(q, "curriculum", &mut s.curriculum, &mut notes);
        query::number(q, "batch", range(c::BATCH), &mut s.batch, &mut notes);
        let decay = range(c::WEIGHT_DECAY);
        query::number(q, "weight-decay", decay, &mut s.weight_decay, &mut notes);
        query::flag(q, "key-norm", &mut s.key_norm, &mut notes);
        if let Some(raw) = q.get("motif") {
            let motif = raw.to_ascii_uppercase();
            match motif_problem(&motif) {
                None => s.motif = motif,
                Some(problem) => {
                    notes.bad("motif", raw, format_args!("{problem}: kept {}", s.motif))
                }
            }
        }
        let (clamped, more) = s.clamped();
        notes
            .0
            .extend(more.into_iter().map(|m| format!("Link: {m}.")));
        (clamped, notes)
    }
}

/// A range of `engine::pooling::config` as the link reader takes it.
fn range<T>((lo, hi): (T, T)) -> std::ops::RangeInclusive<T> {
    lo..=hi
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::query::encode;

    #[test]
    fn round_trips_and_the_empty_link_is_the_default() {
        let s = PoolConfig {
            sequences: 300_000,
            witness_rate: 1e-4,
            motif: "SG.Y".into(),
            bags_train: 20,
            bags_held_out: 10,
            beta: 2.5,
            beta_mode: BetaMode::Fixed,
            seed: 99,
            curriculum: false,
            batch: 3,
            weight_decay: 0.5,
            key_norm: false,
            ..PoolConfig::default()
        };
        let (back, notes) = PoolConfig::from_query(&Query::parse(&encode(&s.to_query())));
        assert_eq!(back, s);
        assert!(notes.0.is_empty(), "{notes:?}");
        let (empty, notes) = PoolConfig::from_query(&Query::parse(""));
        assert_eq!(empty, PoolConfig::default());
        assert!(notes.0.is_empty());
    }

    #[test]
    fn bad_parameters_fall_back_with_notices() {
        let q =
            Query::parse("sequences=5&witness=x&motif=ZZZ&beta-mode=hot&bags=2000&held-out=3000");
        let (s, notes) = PoolConfig::from_query(&q);
        assert_eq!(s.sequences, c::SEQUENCES.0);
        assert_eq!(s.witness_rate, PoolConfig::default().witness_rate);
        assert_eq!(s.motif, PoolConfig::default().motif);
        assert_eq!(s.check(), Ok(()));
        let text = notes.0.join("\n");
        for key in ["“sequences”", "“witness”", "“motif”", "“beta-mode”"] {
            assert!(text.contains(key), "no notice for {key}: {text}");
        }
        let (big, notes) = PoolConfig::from_query(&Query::parse("sequences=300000&held-out=2000"));
        assert_eq!(big.check(), Ok(()));
        assert!(notes.0.join(" ").contains("1 GiB"), "{notes:?}");
    }
}
