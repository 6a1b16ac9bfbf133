//! The learning view's training on the wire: its settings, snapshots, and the heads to
//! replace.

use super::wire::{DecodeError, Reader, Writer};
use crate::engine::transformer::{HeadStat, Replacement, Snapshot, Task, TrainConfig};
use crate::lab::heads::analysis::HeadClass;

pub(super) fn write_config(w: &mut Writer, c: &TrainConfig) {
    w.u8(match c.task {
        Task::Recall => 0,
        Task::Majority => 1,
        Task::CopyBack => 2,
    });
    for v in [c.layers, c.heads, c.dim, c.seq, c.batch] {
        w.size(v);
    }
    w.f32(c.lr);
    w.u64(c.seed);
    w.u8(u8::from(c.mlp));
}

pub(super) fn read_config(r: &mut Reader) -> Result<TrainConfig, DecodeError> {
    Ok(TrainConfig {
        task: match r.u8()? {
            0 => Task::Recall,
            1 => Task::Majority,
            2 => Task::CopyBack,
            _ => return Err(DecodeError("unknown task")),
        },
        layers: r.size()?,
        heads: r.size()?,
        dim: r.size()?,
        seq: r.size()?,
        batch: r.size()?,
        lr: r.f32()?,
        seed: r.u64()?,
        mlp: r.bool()?,
    })
}

pub(super) fn write_snapshot(w: &mut Writer, s: &Snapshot) {
    w.size(s.step);
    w.f32(s.loss);
    w.f32(s.accuracy);
    w.size(s.heads.len());
    for h in &s.heads {
        w.size(h.layer);
        w.size(h.head);
        w.f32(h.k90_median);
        w.u8(h.class.index() as u8);
        w.f32(h.jacobian);
    }
}

pub(super) fn read_snapshot(r: &mut Reader) -> Result<Snapshot, DecodeError> {
    let step = r.size()?;
    let loss = r.f32()?;
    let accuracy = r.f32()?;
    let len = r.size()?;
    if len > r.0.len() / 17 {
        return Err(DecodeError("more heads than bytes"));
    }
    let heads = (0..len)
        .map(|_| {
            Ok(HeadStat {
                layer: r.size()?,
                head: r.size()?,
                k90_median: r.f32()?,
                class: *HeadClass::ALL
                    .get(r.u8()? as usize)
                    .ok_or(DecodeError("unknown head class"))?,
                jacobian: r.f32()?,
            })
        })
        .collect::<Result<Vec<_>, DecodeError>>()?;
    Ok(Snapshot {
        step,
        loss,
        accuracy,
        heads,
    })
}

/// Each (layer, head) with what replaces it.
pub(super) fn write_replaced(w: &mut Writer, heads: &[(usize, usize, Replacement)]) {
    w.size(heads.len());
    for &(layer, head, with) in heads {
        w.size(layer);
        w.size(head);
        match with {
            Replacement::Uniform => w.u8(0),
            Replacement::Gaussian { sigma } => {
                w.u8(1);
                w.f32(sigma);
            }
        }
    }
}

pub(super) fn read_replaced(
    r: &mut Reader,
) -> Result<Vec<(usize, usize, Replacement)>, DecodeError> {
    let len = r.size()?;
    if len > r.0.len() / 9 {
        return Err(DecodeError("more heads than bytes"));
    }
    (0..len)
        .map(|_| {
            let (layer, head) = (r.size()?, r.size()?);
            let with = match r.u8()? {
                0 => Replacement::Uniform,
                1 => Replacement::Gaussian { sigma: r.f32()? },
                _ => return Err(DecodeError("unknown replacement")),
            };
            Ok((layer, head, with))
        })
        .collect()
}
