//! The pooling messages read back what they wrote (proptest), and a damaged read-out is refused.

use proptest::prelude::*;

use super::protocol::{Reply, Request};
use super::tests::{reply_reads_back, request_reads_back};
use crate::engine::pooling::metrics::TopSequence;
use crate::engine::pooling::{BagAttention, BetaMode, BetaPoint, PoolConfig, Reading};
use crate::lab::pooling::experiment::{CurvePoint, PoolEvaluation, PoolSnapshot};

fn config() -> impl Strategy<Value = PoolConfig> {
    (
        (
            0usize..400_000,
            any::<f32>(),
            "[A-Z.]{0,8}",
            any::<f32>(),
            any::<f32>(),
        ),
        (0usize..100_000, 0usize..3000, 0usize..100_000, any::<f32>()),
        (any::<bool>(), any::<f32>(), any::<f32>(), 0usize..100),
        (any::<bool>(), any::<bool>(), any::<u64>()),
    )
        .prop_map(
            |(
                (sequences, witness_rate, motif, substitution, decoy_rate),
                (bags_train, bags_held_out, steps, beta),
                (learned, learning_rate, weight_decay, batch),
                (key_norm, curriculum, seed),
            )| PoolConfig {
                sequences,
                witness_rate,
                motif,
                substitution,
                decoy_rate,
                bags_train,
                bags_held_out,
                steps,
                beta,
                beta_mode: if learned {
                    BetaMode::Learned
                } else {
                    BetaMode::Fixed
                },
                learning_rate,
                weight_decay,
                batch,
                key_norm,
                curriculum,
                seed,
            },
        )
}

fn request() -> impl Strategy<Value = Request> {
    prop_oneof![
        (config(), 0usize..3000).prop_map(|(config, steps)| Request::PoolTrain { config, steps }),
        (0usize..3000, prop::option::of(any::<f32>()))
            .prop_map(|(bag, beta)| Request::PoolInspect { bag, beta }),
        prop::collection::vec(any::<f32>(), 0..70)
            .prop_map(|betas| Request::PoolBetaSweep { betas }),
        (0usize..400_000, any::<u64>())
            .prop_map(|(sequences, seed)| Request::PoolEvaluate { sequences, seed }),
    ]
}

fn triple() -> impl Strategy<Value = [f32; 3]> {
    [any::<f32>(), any::<f32>(), any::<f32>()]
}

fn snapshot() -> impl Strategy<Value = PoolSnapshot> {
    let point = (
        0usize..1000,
        triple(),
        triple(),
        triple(),
        any::<f32>(),
        any::<f32>(),
    )
        .prop_map(
            |(step, auc, held_out_loss, train_loss, witness_mass, beta)| CurvePoint {
                step,
                auc,
                held_out_loss,
                train_loss,
                witness_mass,
                beta,
            },
        );
    (
        0usize..1000,
        0usize..1000,
        prop::collection::vec(point, 0..25),
        [any::<f64>(), any::<f64>(), any::<f64>()],
        any::<f64>(),
    )
        .prop_map(|(step, steps, points, train_ms, curve_ms)| PoolSnapshot {
            step,
            steps,
            points,
            train_ms,
            curve_ms,
        })
}

fn reading() -> impl Strategy<Value = Reading> {
    let top = (
        "[A-Y]{12,18}",
        prop::option::of((0usize..18, 0usize..18)),
        any::<f32>(),
    )
        .prop_map(|(sequence, motif, weight)| TopSequence {
            sequence,
            motif: motif.map(|(a, b)| a..b),
            weight,
        });
    let attention = (
        prop::collection::vec((any::<f32>(), any::<bool>()), 0..40),
        prop::collection::vec((0usize..300_000, any::<f32>()), 0..10),
        (0usize..300_000, any::<f32>(), 0usize..300, 0usize..300_000),
        (any::<f32>(), 0usize..300, any::<bool>()),
        prop::collection::vec(top, 0..21),
    )
        .prop_map(
            |(
                sent,
                tail,
                (sequences, rest_mass, rest_witnesses, k90),
                (mass, witnesses, positive),
                top,
            )| {
                BagAttention {
                    sequences,
                    weights: sent.iter().map(|p| p.0).collect(),
                    witness: sent.iter().map(|p| p.1).collect(),
                    tail,
                    rest_mass,
                    rest_witnesses,
                    k90,
                    witness_mass: mass,
                    witnesses,
                    positive,
                    top,
                }
            },
        );
    (
        attention,
        any::<f32>(),
        any::<f32>(),
        any::<f64>(),
        any::<f64>(),
        0usize..10_000_000,
    )
        .prop_map(
            |(attention, probability, beta, keys_ms, pass_ms, bag_bytes)| Reading {
                attention,
                probability,
                beta,
                keys_ms,
                pass_ms,
                bag_bytes,
            },
        )
}

fn reply() -> impl Strategy<Value = Reply> {
    let beta = (any::<f32>(), any::<f32>(), any::<f32>()).prop_map(|(beta, auc, witness_mass)| {
        BetaPoint {
            beta,
            auc,
            witness_mass,
        }
    });
    prop_oneof![
        snapshot().prop_map(Reply::Pool),
        reading().prop_map(Reply::PoolInspection),
        prop::collection::vec(beta, 0..70).prop_map(Reply::PoolBetas),
        (reading(), any::<f32>(), any::<f64>(), 0usize..20_000_000).prop_map(
            |(positive, negative_probability, negative_pass_ms, bytes)| {
                Reply::PoolEvaluation(PoolEvaluation {
                    positive,
                    negative_probability,
                    negative_pass_ms,
                    bytes,
                })
            }
        ),
    ]
}

proptest! {
    #[test]
    fn pooling_requests_read_back_what_was_written(r in request()) {
        request_reads_back(&r)?;
    }

    #[test]
    fn pooling_replies_read_back_what_was_written(r in reply()) {
        reply_reads_back(&r)?;
    }
}

#[test]
fn witness_flags_that_do_not_match_the_weights_are_refused() {
    let reading = Reading {
        attention: BagAttention {
            sequences: 9,
            weights: vec![0.5; 9],
            witness: vec![true; 9],
            tail: vec![],
            rest_mass: 0.0,
            rest_witnesses: 0,
            k90: 2,
            witness_mass: 1.0,
            witnesses: 9,
            positive: true,
            top: vec![],
        },
        probability: 0.5,
        beta: 1.0,
        keys_ms: 0.0,
        pass_ms: 0.0,
        bag_bytes: 0,
    };
    let mut bytes = Reply::PoolInspection(reading).encode();
    // Tag, N, weights (4 + 36 bytes), then the flags' length: 2 bytes for 9 flags.
    assert_eq!(bytes[45..49], [2, 0, 0, 0]);
    assert_eq!(bytes[49..51], [0xFF, 0x01]);
    bytes[45] = 1;
    bytes.remove(50);
    let e = Reply::decode(&bytes).unwrap_err().to_string();
    assert!(e.contains("one flag per entry"), "{e}");
}
