//! [`Reply`]'s bytes: a tag (1–19), then the variant's fields in order.

use super::wire::{DecodeError, Reader, Writer};
use super::{Reply, bert, capacity, classic, landscape, learn, pool};

impl Reply {
    /// The message's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self {
            Reply::Progress { done } => {
                w.u8(1);
                w.size(*done);
            }
            Reply::Trials(outcomes) => {
                w.u8(2);
                capacity::write_outcomes(&mut w, outcomes);
            }
            Reply::Error(message) => {
                w.u8(3);
                w.text(message);
            }
            Reply::ScanRow(row) => {
                w.u8(4);
                landscape::write_row(&mut w, row);
            }
            Reply::Cells(cells) => {
                w.u8(5);
                landscape::write_cells(&mut w, cells);
            }
            Reply::Theory(row) => {
                w.u8(6);
                landscape::write_theory(&mut w, row);
            }
            Reply::Snapshot(snapshot) => {
                w.u8(7);
                learn::write_snapshot(&mut w, snapshot);
            }
            Reply::Accuracy(accuracy) => {
                w.u8(8);
                w.f32(*accuracy);
            }
            Reply::Attention { labels, matrix } => {
                w.u8(9);
                w.size(labels.len());
                labels.iter().for_each(|l| w.text(l));
                w.floats(matrix);
            }
            Reply::BertReady { bytes } => {
                w.u8(10);
                w.size(*bytes);
            }
            Reply::BertHeads(heads) => {
                w.u8(11);
                bert::write_bert_heads(&mut w, heads);
            }
            Reply::BertCosine {
                cosine,
                random_cosine,
                random_heads,
            } => {
                w.u8(12);
                w.f32(*cosine);
                w.f32(*random_cosine);
                bert::write_heads(&mut w, random_heads);
            }
            Reply::BertDamage { first, damage } => {
                w.u8(13);
                w.size(*first);
                w.floats(damage);
            }
            Reply::Pool(snapshot) => {
                w.u8(14);
                pool::write_snapshot(&mut w, snapshot);
            }
            Reply::PoolInspection(reading) => {
                w.u8(15);
                pool::write_reading(&mut w, reading);
            }
            Reply::PoolBetas(points) => {
                w.u8(16);
                pool::write_betas(&mut w, points);
            }
            Reply::PoolEvaluation(evaluation) => {
                w.u8(17);
                pool::write_evaluation(&mut w, evaluation);
            }
            Reply::Retrieval(run) => {
                w.u8(18);
                classic::write_retrieval(&mut w, run);
            }
            Reply::Basins(labels) => {
                w.u8(19);
                landscape::write_labels(&mut w, labels);
            }
        }
        w.0
    }

    /// Reads a message made by [`Reply::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::decode_only::<{ kinds::ALL }>(bytes)
    }

    /// Reads a message made by [`Reply::encode`] if it is one of `KINDS` ([`kinds`]): each
    /// page module decodes only its view's replies, so that its wasm holds only their readers
    /// (every guard below is a constant, and the arms it rules out are not compiled).
    pub fn decode_only<const KINDS: u32>(bytes: &[u8]) -> Result<Self, DecodeError> {
        let wants = |tag: u32| KINDS & (1 << tag) != 0;
        let mut r = Reader(bytes);
        let reply = match r.u8()? {
            1 if wants(1) => Reply::Progress { done: r.size()? },
            2 if wants(2) => Reply::Trials(capacity::read_outcomes(&mut r)?),
            3 if wants(3) => Reply::Error(r.text()?),
            4 if wants(4) => Reply::ScanRow(landscape::read_row(&mut r)?),
            5 if wants(5) => Reply::Cells(landscape::read_cells(&mut r)?),
            6 if wants(6) => Reply::Theory(landscape::read_theory(&mut r)?),
            7 if wants(7) => Reply::Snapshot(learn::read_snapshot(&mut r)?),
            8 if wants(8) => Reply::Accuracy(r.f32()?),
            9 if wants(9) => {
                let len = r.size()?;
                if len > r.0.len() / 4 {
                    return Err(DecodeError("more labels than bytes"));
                }
                let labels = (0..len).map(|_| r.text()).collect::<Result<_, _>>()?;
                Reply::Attention {
                    labels,
                    matrix: r.floats()?,
                }
            }
            10 if wants(10) => Reply::BertReady { bytes: r.size()? },
            11 if wants(11) => Reply::BertHeads(bert::read_bert_heads(&mut r)?),
            12 if wants(12) => Reply::BertCosine {
                cosine: r.f32()?,
                random_cosine: r.f32()?,
                random_heads: bert::read_heads(&mut r)?,
            },
            13 if wants(13) => Reply::BertDamage {
                first: r.size()?,
                damage: r.floats()?,
            },
            14 if wants(14) => Reply::Pool(pool::read_snapshot(&mut r)?),
            15 if wants(15) => Reply::PoolInspection(pool::read_reading(&mut r)?),
            16 if wants(16) => Reply::PoolBetas(pool::read_betas(&mut r)?),
            17 if wants(17) => Reply::PoolEvaluation(pool::read_evaluation(&mut r)?),
            18 if wants(18) => Reply::Retrieval(classic::read_retrieval(&mut r)?),
            19 if wants(19) => Reply::Basins(landscape::read_labels(&mut r)?),
            // A reply of another view is as unknown to this one as a damaged tag.
            _ => return Err(DecodeError("unknown reply")),
        };
        r.end()?;
        Ok(reply)
    }
}

/// Sets of replies for [`Reply::decode_only`]: bit `t` stands for the reply with tag `t`.
pub mod kinds {
    /// Every reply (the native tests and the CLI).
    pub const ALL: u32 = u32::MAX;
    /// What every run can hear: progress and an error.
    pub const ANY_RUN: u32 = 1 << 1 | 1 << 3;
    /// The capacity lab's trials.
    pub const CAPACITY: u32 = ANY_RUN | 1 << 2;
    /// The landscape's β scan rows, basin cells, theory figures and 2-D basin maps.
    pub const LANDSCAPE: u32 = ANY_RUN | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 19;
    /// Training snapshots, accuracies and attention matrices.
    pub const LEARN: u32 = ANY_RUN | 1 << 7 | 1 << 8 | 1 << 9;
    /// MiniLM: loaded, heads, cosines, damage.
    pub const HEADS: u32 = ANY_RUN | 1 << 10 | 1 << 11 | 1 << 12 | 1 << 13;
    /// Pooling snapshots, inspections, β sweeps and evaluations.
    pub const POOLING: u32 = ANY_RUN | 1 << 14 | 1 << 15 | 1 << 16 | 1 << 17;
    /// The studio's classical retrievals.
    pub const STUDIO: u32 = ANY_RUN | 1 << 18;
}
