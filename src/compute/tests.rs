//! The protocol reads back what it wrote (proptest) and refuses damaged bytes; the pool's
//! merge gives the sequential engine's points bit for bit for 1–4 workers and any reply order.

use proptest::prelude::*;

use super::capacity::{Schedule, Series, run_series};
use super::executor::execute;
use super::plan::Plan;
use super::protocol::{Reply, Request};
use crate::engine::bert::Replacement;
use crate::engine::capacity::{
    CapacityConfig, CapacityPoint, CapacityRun, Criterion, PatternKind, TrialOutcome,
};
use crate::engine::classic::{LearningRule, UpdateMode};
use crate::engine::dense::Interaction;
use crate::engine::model::ModelSpec;
use crate::lab::heads::asset::HeadQk;
use crate::lab::heads::live::BertHeads;

fn spec() -> impl Strategy<Value = ModelSpec> {
    prop_oneof![
        (0u8..3, any::<bool>()).prop_map(|(r, sync)| ModelSpec::Classic {
            rule: [
                LearningRule::Hebbian,
                LearningRule::Storkey,
                LearningRule::PseudoInverse
            ][r as usize],
            update: if sync {
                UpdateMode::Sync
            } else {
                UpdateMode::Async
            },
        }),
        (2u32..11, any::<bool>()).prop_map(|(degree, rectified)| ModelSpec::Dense {
            interaction: Interaction::Polynomial { degree, rectified },
        }),
        any::<f32>().prop_map(|beta| ModelSpec::Dense {
            interaction: Interaction::Exponential { beta },
        }),
        any::<f32>().prop_map(|beta| ModelSpec::Modern { beta }),
    ]
}

fn replacement() -> impl Strategy<Value = Replacement> {
    prop::option::of(any::<f32>()).prop_map(|o| {
        o.map_or(Replacement::Uniform, |sigma| Replacement::Gaussian {
            sigma,
        })
    })
}

fn heads() -> impl Strategy<Value = Vec<(usize, usize)>> {
    prop::collection::vec((0usize..100, 0usize..100), 0..80)
}

/// The heads view's MiniLM requests.
fn bert_request() -> impl Strategy<Value = Request> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200).prop_map(|asset| Request::BertLoad { asset }),
        ".{0,40}".prop_map(|text| Request::BertAnalyse { text }),
        (".{0,40}", heads(), replacement(), any::<u64>()).prop_map(|(text, heads, with, seed)| {
            Request::BertReplace {
                text,
                heads,
                with,
                seed,
            }
        }),
        (".{0,40}", replacement(), 0usize..100, 0usize..100).prop_map(
            |(text, with, first, count)| Request::BertAblate {
                text,
                with,
                first,
                count,
            }
        ),
    ]
}

/// A pass on T ≤ 3 tokens: 72 heads of T × 32 queries and keys.
fn bert_heads() -> impl Strategy<Value = BertHeads> {
    (0usize..4).prop_flat_map(|t| {
        let floats = move || prop::collection::vec(any::<f32>(), t * 32);
        (
            prop::collection::vec(".{0,6}", t),
            any::<bool>(),
            prop::collection::vec((floats(), floats()), 72),
            prop::collection::vec(any::<f32>(), 72),
            any::<f64>(),
        )
            .prop_map(|(tokens, truncated, qk, jacobians, ms)| BertHeads {
                tokens,
                truncated,
                qk: qk
                    .into_iter()
                    .map(|(queries, keys)| HeadQk { queries, keys })
                    .collect(),
                jacobians,
                ms,
            })
    })
}

fn request() -> impl Strategy<Value = Request> {
    prop_oneof![capacity_request(), bert_request()]
}

fn capacity_request() -> impl Strategy<Value = Request> {
    let config = (
        spec(),
        0usize..5000,
        prop::collection::vec(0usize..100_000, 0..20),
        0usize..100_000,
        any::<f32>(),
        prop::option::of(any::<f32>()),
        any::<u64>(),
        0usize..1001,
    )
        .prop_map(
            |(spec, dim, counts, trials, flip, threshold, seed, max_steps)| CapacityConfig {
                spec,
                dim,
                counts,
                trials,
                flip,
                criterion: threshold.map_or(Criterion::Exact, Criterion::Overlap),
                seed,
                max_steps,
            },
        );
    let patterns = prop::option::of(any::<f32>()).prop_map(|o| {
        o.map_or(PatternKind::RandomBinary, |overlap| {
            PatternKind::Correlated { overlap }
        })
    });
    (
        config,
        patterns,
        0usize..5000,
        0usize..100_000,
        0usize..100_000,
    )
        .prop_map(
            |(config, patterns, n_patterns, first, count)| Request::Trials {
                config,
                patterns,
                n_patterns,
                first,
                count,
            },
        )
}

fn reply() -> impl Strategy<Value = Reply> {
    let outcome =
        (any::<bool>(), any::<f32>(), 0usize..1001).prop_map(|(success, overlap, steps)| {
            TrialOutcome {
                success,
                overlap,
                steps,
            }
        });
    prop_oneof![
        (0usize..100_000).prop_map(|done| Reply::Progress { done }),
        prop::collection::vec(outcome, 0..50).prop_map(Reply::Trials),
        ".{0,40}".prop_map(Reply::Error),
        (
            prop::collection::vec(".{0,6}", 0..8),
            prop::collection::vec(any::<f32>(), 0..64)
        )
            .prop_map(|(labels, matrix)| Reply::Attention { labels, matrix }),
        (0usize..100_000_000).prop_map(|bytes| Reply::BertReady { bytes }),
        bert_heads().prop_map(Reply::BertHeads),
        (any::<f32>(), any::<f32>(), heads()).prop_map(|(cosine, random_cosine, random_heads)| {
            Reply::BertCosine {
                cosine,
                random_cosine,
                random_heads,
            }
        }),
        (0usize..72, prop::collection::vec(any::<f32>(), 0..72))
            .prop_map(|(first, damage)| Reply::BertDamage { first, damage }),
        prop::collection::vec(prop::option::of(0usize..1000), 0..50).prop_map(Reply::Basins),
    ]
}

/// Bit-level equality, so that NaN payloads and −0 count too.
pub(super) fn same_bits<T: std::fmt::Debug>(a: &T, b: &T) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// `r` reads back from its bytes with the same bits and bytes; any cut or extra byte is
/// refused, never misread (the pooling tests use it too).
pub(super) fn request_reads_back(r: &Request) -> Result<(), TestCaseError> {
    let bytes = r.encode();
    let back = Request::decode(&bytes).unwrap();
    prop_assert!(same_bits(&back, r) && back.encode() == bytes);
    prop_assert!(Request::decode(&bytes[..bytes.len() - 1]).is_err());
    prop_assert!(Request::decode(&[bytes.as_slice(), &[0]].concat()).is_err());
    Ok(())
}

/// `r` reads back from its bytes with the same bits and bytes; a cut one is refused.
pub(super) fn reply_reads_back(r: &Reply) -> Result<(), TestCaseError> {
    let bytes = r.encode();
    let back = Reply::decode(&bytes).unwrap();
    prop_assert!(same_bits(&back, r) && back.encode() == bytes);
    prop_assert!(Reply::decode(&bytes[..bytes.len() - 1]).is_err());
    Ok(())
}

proptest! {
    #[test]
    fn requests_read_back_what_was_written(r in request()) {
        request_reads_back(&r)?;
    }

    #[test]
    fn replies_read_back_what_was_written(r in reply()) {
        reply_reads_back(&r)?;
    }

    #[test]
    fn garbage_is_an_error_not_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = Request::decode(&bytes);
        let _ = Reply::decode(&bytes);
    }
}

#[test]
fn a_page_decodes_only_its_views_replies() {
    use super::protocol::kinds;
    let error = Reply::Error("no".into()).encode();
    let damage = Reply::BertDamage {
        first: 2,
        damage: vec![0.5],
    }
    .encode();
    let accuracy = Reply::Accuracy(0.75).encode();
    // Every view hears progress and errors; the heads view hears its damage, not accuracies.
    assert!(Reply::decode_only::<{ kinds::LEARN }>(&error).is_ok());
    assert!(Reply::decode_only::<{ kinds::HEADS }>(&damage).is_ok());
    let e = Reply::decode_only::<{ kinds::HEADS }>(&accuracy).unwrap_err();
    assert_eq!(e.to_string(), "damaged compute message: unknown reply");
    assert!(Reply::decode_only::<{ kinds::LEARN }>(&accuracy).is_ok());
    // The sets of the views are those of their plans and drivers.
    for (set, reply) in [
        (kinds::STUDIO, 18),
        (kinds::CAPACITY, 2),
        (kinds::LANDSCAPE, 5),
        (kinds::POOLING, 17),
    ] {
        assert!(set & (1 << reply) != 0 && set & kinds::ANY_RUN == kinds::ANY_RUN);
    }
}

#[test]
fn damaged_messages_are_named() {
    let e = Reply::decode(&[99]).unwrap_err().to_string();
    assert_eq!(e, "damaged compute message: unknown reply");
    assert!(Reply::decode(&[]).is_err());
    // A huge claimed length with no bytes behind it is refused before allocating.
    assert!(Reply::decode(&[2, 255, 255, 255, 255]).is_err());
    assert!(Request::decode(&[10, 255, 255, 255, 255]).is_err());
}

/// A pass whose heads do not fit its tokens is refused at the wire, so the view's classifier
/// only ever sees 72 heads of T × 32.
#[test]
fn a_pass_of_the_wrong_shape_is_refused() {
    let good = BertHeads {
        tokens: vec!["[CLS]".into(), "[SEP]".into()],
        truncated: false,
        qk: vec![
            HeadQk {
                queries: vec![0.5; 64],
                keys: vec![0.25; 64],
            };
            72
        ],
        jacobians: vec![0.1; 72],
        ms: 12.5,
    };
    let decoded = |b: &BertHeads| Reply::decode(&Reply::BertHeads(b.clone()).encode());
    assert_eq!(decoded(&good), Ok(Reply::BertHeads(good.clone())));
    let mut narrow = good.clone();
    narrow.qk[71].keys.pop();
    let e = decoded(&narrow).unwrap_err().to_string();
    assert!(e.contains("T × 32"), "{e}");
    let mut fewer = good.clone();
    fewer.qk.pop();
    assert!(decoded(&fewer).is_err());
    let mut jacobians = good;
    jacobians.jacobians.push(0.0);
    assert!(decoded(&jacobians).is_err());
}

fn series() -> Vec<Series> {
    let config = |spec| CapacityConfig {
        spec,
        dim: 40,
        counts: vec![2, 6, 12],
        trials: 7,
        flip: 0.15,
        criterion: Criterion::Overlap(0.95),
        seed: 3,
        max_steps: 30,
    };
    vec![
        Series {
            config: config(ModelSpec::Classic {
                rule: LearningRule::Hebbian,
                update: UpdateMode::Async,
            }),
            patterns: PatternKind::RandomBinary,
        },
        Series {
            config: config(ModelSpec::Modern { beta: 2.0 }),
            patterns: PatternKind::Correlated { overlap: 0.3 },
        },
    ]
}

fn sequential(series: &[Series]) -> Vec<Vec<CapacityPoint>> {
    series
        .iter()
        .map(|s| {
            let mut run = CapacityRun::with_patterns(s.config.clone(), s.patterns).unwrap();
            run.step(usize::MAX).unwrap();
            run.points().to_vec()
        })
        .collect()
}

#[test]
fn the_pool_merges_to_the_sequential_points_for_any_worker_count_and_reply_order() {
    let expected = sequential(&series());
    let clock = || 0.0;
    for workers in 1..=4 {
        for reversed in [false, true] {
            let mut schedule = Schedule::new(series(), workers);
            assert!(schedule.chunk_count() >= 6, "{}", schedule.chunk_count());
            let mut jobs = Vec::new();
            while let Some(job) = schedule.next_job() {
                jobs.push(job);
            }
            if reversed {
                jobs.reverse();
            }
            let mut got = vec![Vec::new(); 2];
            let mut last = 0.0;
            for (id, request) in jobs {
                let reply = execute(&request, &clock, &mut |_| {});
                for f in schedule.complete(id, reply).unwrap() {
                    got[f.series].push(f.point);
                }
                assert!(schedule.fraction() >= last);
                last = schedule.fraction();
            }
            assert!(schedule.is_done());
            assert_eq!(schedule.fraction(), 1.0);
            assert!(same_bits(&got, &expected), "{workers} workers");
            assert_eq!(got, expected);
        }
        assert_eq!(run_series(series(), workers).unwrap(), expected);
    }
}

#[test]
fn progress_and_errors_reach_the_schedule() {
    let mut schedule = Schedule::new(series(), 1);
    let (id, _) = schedule.next_job().unwrap();
    assert!(
        schedule
            .complete(id, Reply::Progress { done: 3 })
            .unwrap()
            .is_empty()
    );
    assert!(schedule.fraction() > 0.0 && schedule.fraction() < 1.0);
    let wrong = schedule
        .complete(id, Reply::Trials(Vec::new()))
        .unwrap_err();
    assert!(wrong.contains("0 outcomes"), "{wrong}");
    let failed = schedule.complete(id, Reply::Error("boom".into()));
    assert_eq!(failed, Err("boom".to_string()));
    assert!(
        schedule
            .complete(10_000, Reply::Progress { done: 1 })
            .is_err()
    );
}

#[test]
fn the_executor_reports_progress_and_refuses_foreign_trials() {
    let s = &series()[0];
    let request = |n_patterns, count| Request::Trials {
        config: s.config.clone(),
        patterns: s.patterns,
        n_patterns,
        first: 0,
        count,
    };
    // A clock that jumps a second per reading: progress after every piece.
    let t = std::cell::Cell::new(0.0);
    let clock = || {
        t.set(t.get() + 1000.0);
        t.get()
    };
    let mut seen = Vec::new();
    let reply = execute(&request(12, 7), &clock, &mut |r| seen.push(r));
    assert!(matches!(reply, Reply::Trials(ref o) if o.len() == 7));
    assert!(seen.len() >= 7 && matches!(seen[0], Reply::Progress { done: 0 }));
    let foreign = execute(&request(13, 7), &clock, &mut |_| {});
    assert!(
        matches!(foreign, Reply::Error(ref m) if m.contains("N = 13")),
        "{foreign:?}"
    );
    let mut bad = request(12, 1);
    let Request::Trials { config, .. } = &mut bad else {
        unreachable!("a capacity request")
    };
    config.dim = 0;
    assert!(matches!(
        execute(&bad, &clock, &mut |_| {}),
        Reply::Error(_)
    ));
}

#[test]
fn a_load_header_and_its_asset_decode_as_the_load_request() {
    let asset = vec![7u8, 0, 255, 3, 9];
    let mut bytes = Request::bert_load_header(asset.len());
    bytes.extend_from_slice(&asset);
    let load = Request::BertLoad { asset };
    assert_eq!(bytes, load.encode());
    assert_eq!(Request::decode(&bytes), Ok(load));
}
