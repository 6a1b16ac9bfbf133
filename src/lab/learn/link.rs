//! The learning view's settings in a share link: every field of [`TrainConfig`] as a
//! parameter, read back with the engine's own clamping, so a link reproduces the run (same
//! seed, same bits) and a bad parameter only costs a notice naming it.

use crate::engine::transformer::{BATCH, DIM, HEADS, LAYERS, LR, SEQ, Task, TrainConfig};
use crate::url_state::query::{self, Notices, Query};

/// The tasks by their link names.
fn tasks() -> Vec<(&'static str, Task)> {
    Task::ALL.iter().map(|t| (t.slug(), *t)).collect()
}

/// The settings as link parameters (without `view`).
pub fn to_query(c: &TrainConfig) -> Vec<(&'static str, String)> {
    vec![
        ("task", c.task.slug().to_string()),
        ("layers", c.layers.to_string()),
        ("heads", c.heads.to_string()),
        ("dim", c.dim.to_string()),
        ("seq", c.seq.to_string()),
        ("batch", c.batch.to_string()),
        ("lr", c.lr.to_string()),
        ("seed", c.seed.to_string()),
        ("mlp", query::flag_value(c.mlp)),
    ]
}

/// Settings from a link: the defaults overridden by every valid parameter; a bad one is
/// ignored or clamped with a notice, and so is a combination out of range (a width the heads
/// do not divide, too many parameters).
pub fn from_query(q: &Query) -> (TrainConfig, Notices) {
    let mut notes = Notices::default();
    let mut c = TrainConfig::default();
    query::choice(q, "task", &tasks(), &mut c.task, &mut notes);
    query::number(q, "layers", LAYERS.0..=LAYERS.1, &mut c.layers, &mut notes);
    query::number(q, "heads", HEADS.0..=HEADS.1, &mut c.heads, &mut notes);
    query::number(q, "dim", DIM.0..=DIM.1, &mut c.dim, &mut notes);
    query::number(q, "seq", c.min_seq()..=SEQ.1, &mut c.seq, &mut notes);
    query::number(q, "batch", BATCH.0..=BATCH.1, &mut c.batch, &mut notes);
    query::number(q, "lr", LR.0..=LR.1, &mut c.lr, &mut notes);
    query::number(q, "seed", 0..=u64::MAX, &mut c.seed, &mut notes);
    query::flag(q, "mlp", &mut c.mlp, &mut notes);
    let (c, clamped) = c.clamped();
    notes.0.extend(
        clamped
            .into_iter()
            .map(|n| format!("Link parameter “{}”: {}.", n.setting, n.message)),
    );
    (c, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::query::encode;

    #[test]
    fn settings_round_trip() {
        let c = TrainConfig {
            task: Task::CopyBack,
            layers: 2,
            heads: 8,
            dim: 64,
            seq: 40,
            batch: 16,
            lr: 0.0005,
            seed: 987654321,
            mlp: true,
        };
        let (back, notes) = from_query(&Query::parse(&encode(&to_query(&c))));
        assert_eq!(back, c);
        assert!(notes.0.is_empty(), "{notes:?}");
    }

    #[test]
    fn an_empty_link_is_the_default_and_bad_parameters_are_named() {
        let (c, notes) = from_query(&Query::parse(""));
        assert_eq!(c, TrainConfig::default());
        assert!(notes.0.is_empty());
        let (c, notes) = from_query(&Query::parse(
            "layers=100&lr=NaN&heads=0&task=sorting&dim=30",
        ));
        assert_eq!((c.layers, c.heads), (4, 1));
        assert_eq!(c.lr, TrainConfig::default().lr);
        assert_eq!(c.validate(), Ok(()));
        let text = notes.0.join("\n");
        for key in ["layers", "lr", "heads", "task"] {
            assert!(
                text.contains(&format!("“{key}”")),
                "no notice for {key}: {text}"
            );
        }
    }
}
