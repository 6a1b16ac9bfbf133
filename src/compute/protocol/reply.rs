//! [`Reply`]'s bytes: a tag (1–18), then the variant's fields in order.

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
        }
        w.0
    }

    /// Reads a message made by [`Reply::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let reply = match r.u8()? {
            1 => Reply::Progress { done: r.size()? },
            2 => Reply::Trials(capacity::read_outcomes(&mut r)?),
            3 => Reply::Error(r.text()?),
            4 => Reply::ScanRow(landscape::read_row(&mut r)?),
            5 => Reply::Cells(landscape::read_cells(&mut r)?),
            6 => Reply::Theory(landscape::read_theory(&mut r)?),
            7 => Reply::Snapshot(learn::read_snapshot(&mut r)?),
            8 => Reply::Accuracy(r.f32()?),
            9 => {
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
            10 => Reply::BertReady { bytes: r.size()? },
            11 => Reply::BertHeads(bert::read_bert_heads(&mut r)?),
            12 => Reply::BertCosine {
                cosine: r.f32()?,
                random_cosine: r.f32()?,
                random_heads: bert::read_heads(&mut r)?,
            },
            13 => Reply::BertDamage {
                first: r.size()?,
                damage: r.floats()?,
            },
            14 => Reply::Pool(pool::read_snapshot(&mut r)?),
            15 => Reply::PoolInspection(pool::read_reading(&mut r)?),
            16 => Reply::PoolBetas(pool::read_betas(&mut r)?),
            17 => Reply::PoolEvaluation(pool::read_evaluation(&mut r)?),
            18 => Reply::Retrieval(classic::read_retrieval(&mut r)?),
            _ => return Err(DecodeError("unknown reply")),
        };
        r.end()?;
        Ok(reply)
    }
}
