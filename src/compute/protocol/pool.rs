//! The pooling view's experiment on the wire: its settings, the training snapshots with their
//! curve points, a bag's attention read-out, a β sweep and a fresh bag pair's evaluation. A
//! read-out carries at most `SENT_WEIGHTS` weights with their witness flags packed eight to a
//! byte, so even a bag of 300 000 answers in about 10 kB.

use super::wire::{DecodeError, Reader, Writer, count};
use crate::engine::pooling::metrics::TopSequence;
use crate::engine::pooling::{BagAttention, BetaMode, BetaPoint, PoolConfig, Reading};
use crate::lab::pooling::experiment::{CurvePoint, PoolEvaluation, PoolSnapshot};

pub(super) fn write_config(w: &mut Writer, c: &PoolConfig) {
    w.size(c.sequences);
    w.f32(c.witness_rate);
    w.text(&c.motif);
    w.f32(c.substitution);
    w.f32(c.decoy_rate);
    for v in [c.bags_train, c.bags_held_out, c.steps] {
        w.size(v);
    }
    w.f32(c.beta);
    w.u8(match c.beta_mode {
        BetaMode::Fixed => 0,
        BetaMode::Learned => 1,
    });
    w.f32(c.learning_rate);
    w.f32(c.weight_decay);
    w.size(c.batch);
    w.u8(u8::from(c.key_norm));
    w.u8(u8::from(c.curriculum));
    w.u64(c.seed);
}

pub(super) fn read_config(r: &mut Reader) -> Result<PoolConfig, DecodeError> {
    Ok(PoolConfig {
        sequences: r.size()?,
        witness_rate: r.f32()?,
        motif: r.text()?,
        substitution: r.f32()?,
        decoy_rate: r.f32()?,
        bags_train: r.size()?,
        bags_held_out: r.size()?,
        steps: r.size()?,
        beta: r.f32()?,
        beta_mode: match r.u8()? {
            0 => BetaMode::Fixed,
            1 => BetaMode::Learned,
            _ => return Err(DecodeError("unknown β mode")),
        },
        learning_rate: r.f32()?,
        weight_decay: r.f32()?,
        batch: r.size()?,
        key_norm: r.bool()?,
        curriculum: r.bool()?,
        seed: r.u64()?,
    })
}

fn write_triple(w: &mut Writer, v: &[f32; 3]) {
    v.iter().for_each(|&x| w.f32(x));
}

fn read_triple(r: &mut Reader) -> Result<[f32; 3], DecodeError> {
    Ok([r.f32()?, r.f32()?, r.f32()?])
}

pub(super) fn write_snapshot(w: &mut Writer, s: &PoolSnapshot) {
    w.size(s.step);
    w.size(s.steps);
    w.size(s.points.len());
    for p in &s.points {
        w.size(p.step);
        write_triple(w, &p.auc);
        write_triple(w, &p.held_out_loss);
        write_triple(w, &p.train_loss);
        w.f32(p.witness_mass);
        w.f32(p.beta);
    }
    s.train_ms.iter().for_each(|&t| w.f64(t));
    w.f64(s.curve_ms);
}

pub(super) fn read_snapshot(r: &mut Reader) -> Result<PoolSnapshot, DecodeError> {
    let step = r.size()?;
    let steps = r.size()?;
    let len = count(r, 48, "more curve points than bytes")?;
    let points = (0..len)
        .map(|_| {
            Ok(CurvePoint {
                step: r.size()?,
                auc: read_triple(r)?,
                held_out_loss: read_triple(r)?,
                train_loss: read_triple(r)?,
                witness_mass: r.f32()?,
                beta: r.f32()?,
            })
        })
        .collect::<Result<_, DecodeError>>()?;
    Ok(PoolSnapshot {
        step,
        steps,
        points,
        train_ms: [r.f64()?, r.f64()?, r.f64()?],
        curve_ms: r.f64()?,
    })
}

/// Flags packed eight to a byte, the first flag in the lowest bit (the witnesses of a bag, the
/// flips of a sweep).
pub(super) fn write_flags(w: &mut Writer, flags: &[bool]) {
    let packed: Vec<u8> = flags
        .chunks(8)
        .map(|c| {
            c.iter()
                .enumerate()
                .fold(0, |b, (i, &f)| b | u8::from(f) << i)
        })
        .collect();
    w.bytes(&packed);
}

pub(super) fn read_flags(r: &mut Reader, len: usize) -> Result<Vec<bool>, DecodeError> {
    let packed = r.bytes()?;
    if packed.len() != len.div_ceil(8) {
        return Err(DecodeError("not one flag per entry"));
    }
    Ok((0..len)
        .map(|i| packed[i / 8] >> (i % 8) & 1 == 1)
        .collect())
}

fn write_attention(w: &mut Writer, a: &BagAttention) {
    w.size(a.sequences);
    w.floats(&a.weights);
    write_flags(w, &a.witness);
    w.size(a.tail.len());
    for &(rank, weight) in &a.tail {
        w.size(rank);
        w.f32(weight);
    }
    w.f32(a.rest_mass);
    w.size(a.rest_witnesses);
    w.size(a.k90);
    w.f32(a.witness_mass);
    w.size(a.witnesses);
    w.u8(u8::from(a.positive));
    w.size(a.top.len());
    for t in &a.top {
        w.text(&t.sequence);
        match &t.motif {
            None => w.u8(0),
            Some(range) => {
                w.u8(1);
                w.size(range.start);
                w.size(range.end);
            }
        }
        w.f32(t.weight);
    }
}

fn read_attention(r: &mut Reader) -> Result<BagAttention, DecodeError> {
    let sequences = r.size()?;
    let weights = r.floats()?;
    let witness = read_flags(r, weights.len())?;
    let len = count(r, 8, "more tail points than bytes")?;
    let tail = (0..len)
        .map(|_| Ok((r.size()?, r.f32()?)))
        .collect::<Result<_, DecodeError>>()?;
    let (rest_mass, rest_witnesses, k90) = (r.f32()?, r.size()?, r.size()?);
    let (witness_mass, witnesses, positive) = (r.f32()?, r.size()?, r.bool()?);
    let len = count(r, 9, "more top sequences than bytes")?;
    let top = (0..len)
        .map(|_| {
            let sequence = r.text()?;
            let motif = match r.u8()? {
                0 => None,
                1 => Some(r.size()?..r.size()?),
                _ => return Err(DecodeError("a motif flag that is neither 0 nor 1")),
            };
            Ok(TopSequence {
                sequence,
                motif,
                weight: r.f32()?,
            })
        })
        .collect::<Result<_, DecodeError>>()?;
    Ok(BagAttention {
        sequences,
        weights,
        witness,
        tail,
        rest_mass,
        rest_witnesses,
        k90,
        witness_mass,
        witnesses,
        positive,
        top,
    })
}

pub(super) fn write_reading(w: &mut Writer, g: &Reading) {
    write_attention(w, &g.attention);
    w.f32(g.probability);
    w.f32(g.beta);
    w.f64(g.keys_ms);
    w.f64(g.pass_ms);
    w.size(g.bag_bytes);
}

pub(super) fn read_reading(r: &mut Reader) -> Result<Reading, DecodeError> {
    Ok(Reading {
        attention: read_attention(r)?,
        probability: r.f32()?,
        beta: r.f32()?,
        keys_ms: r.f64()?,
        pass_ms: r.f64()?,
        bag_bytes: r.size()?,
    })
}

pub(super) fn write_betas(w: &mut Writer, points: &[BetaPoint]) {
    w.size(points.len());
    for p in points {
        w.f32(p.beta);
        w.f32(p.auc);
        w.f32(p.witness_mass);
    }
}

pub(super) fn read_betas(r: &mut Reader) -> Result<Vec<BetaPoint>, DecodeError> {
    let len = count(r, 12, "more β points than bytes")?;
    (0..len)
        .map(|_| {
            Ok(BetaPoint {
                beta: r.f32()?,
                auc: r.f32()?,
                witness_mass: r.f32()?,
            })
        })
        .collect()
}

pub(super) fn write_evaluation(w: &mut Writer, e: &PoolEvaluation) {
    write_reading(w, &e.positive);
    w.f32(e.negative_probability);
    w.f64(e.negative_pass_ms);
    w.size(e.bytes);
}

pub(super) fn read_evaluation(r: &mut Reader) -> Result<PoolEvaluation, DecodeError> {
    Ok(PoolEvaluation {
        positive: read_reading(r)?,
        negative_probability: r.f32()?,
        negative_pass_ms: r.f64()?,
        bytes: r.size()?,
    })
}

/// An optional β: a flag, then the value.
pub(super) fn write_beta(w: &mut Writer, beta: Option<f32>) {
    match beta {
        None => w.u8(0),
        Some(b) => {
            w.u8(1);
            w.f32(b);
        }
    }
}

pub(super) fn read_beta(r: &mut Reader) -> Result<Option<f32>, DecodeError> {
    Ok(if r.bool()? { Some(r.f32()?) } else { None })
}
