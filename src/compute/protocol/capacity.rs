//! The capacity experiment on the wire: its config (model, sizes, criterion, seed).

use super::classic::{read_rule, write_rule};
use super::wire::{DecodeError, Reader, Writer};
use crate::engine::capacity::{CapacityConfig, Criterion, PatternKind, TrialOutcome};
use crate::engine::dense::Interaction;
use crate::engine::model::ModelSpec;

pub(super) fn write_config(w: &mut Writer, c: &CapacityConfig) {
    match c.spec {
        ModelSpec::Classic { rule, update } => {
            w.u8(0);
            write_rule(w, rule, update);
        }
        ModelSpec::Dense {
            interaction: Interaction::Polynomial { degree, rectified },
        } => {
            w.u8(1);
            w.u32(degree);
            w.u8(u8::from(rectified));
        }
        ModelSpec::Dense {
            interaction: Interaction::Exponential { beta },
        } => {
            w.u8(2);
            w.f32(beta);
        }
        ModelSpec::Modern { beta } => {
            w.u8(3);
            w.f32(beta);
        }
    }
    w.size(c.dim);
    w.size(c.counts.len());
    for &n in &c.counts {
        w.size(n);
    }
    w.size(c.trials);
    w.f32(c.flip);
    match c.criterion {
        Criterion::Exact => w.u8(0),
        Criterion::Overlap(t) => {
            w.u8(1);
            w.f32(t);
        }
    }
    w.u64(c.seed);
    w.size(c.max_steps);
}

pub(super) fn read_config(r: &mut Reader) -> Result<CapacityConfig, DecodeError> {
    let spec = match r.u8()? {
        0 => {
            let (rule, update) = read_rule(r)?;
            ModelSpec::Classic { rule, update }
        }
        1 => ModelSpec::Dense {
            interaction: Interaction::Polynomial {
                degree: r.u32()?,
                rectified: r.bool()?,
            },
        },
        2 => ModelSpec::Dense {
            interaction: Interaction::Exponential { beta: r.f32()? },
        },
        3 => ModelSpec::Modern { beta: r.f32()? },
        _ => return Err(DecodeError("unknown model")),
    };
    let dim = r.size()?;
    let len = r.size()?;
    if len > r.0.len() / 4 {
        return Err(DecodeError("more counts than bytes"));
    }
    let counts = (0..len).map(|_| r.size()).collect::<Result<_, _>>()?;
    Ok(CapacityConfig {
        spec,
        dim,
        counts,
        trials: r.size()?,
        flip: r.f32()?,
        criterion: match r.u8()? {
            0 => Criterion::Exact,
            1 => Criterion::Overlap(r.f32()?),
            _ => return Err(DecodeError("unknown criterion")),
        },
        seed: r.u64()?,
        max_steps: r.size()?,
    })
}

pub(super) fn write_kind(w: &mut Writer, kind: PatternKind) {
    match kind {
        PatternKind::RandomBinary => w.u8(0),
        PatternKind::Correlated { overlap } => {
            w.u8(1);
            w.f32(overlap);
        }
    }
}

pub(super) fn read_kind(r: &mut Reader) -> Result<PatternKind, DecodeError> {
    match r.u8()? {
        0 => Ok(PatternKind::RandomBinary),
        1 => Ok(PatternKind::Correlated { overlap: r.f32()? }),
        _ => Err(DecodeError("unknown pattern kind")),
    }
}

pub(super) fn write_outcomes(w: &mut Writer, outcomes: &[TrialOutcome]) {
    w.size(outcomes.len());
    for o in outcomes {
        w.u8(u8::from(o.success));
        w.f32(o.overlap);
        w.size(o.steps);
    }
}

pub(super) fn read_outcomes(r: &mut Reader) -> Result<Vec<TrialOutcome>, DecodeError> {
    let len = r.size()?;
    if len > r.0.len() / 9 {
        return Err(DecodeError("more outcomes than bytes"));
    }
    (0..len)
        .map(|_| {
            Ok(TrialOutcome {
                success: r.bool()?,
                overlap: r.f32()?,
                steps: r.size()?,
            })
        })
        .collect()
}
