//! The studio's binary panels on the wire: the learning rule and update mode of a
//! [`Request::ClassicRetrieve`](super::Request::ClassicRetrieve), the interaction F of a
//! [`Request::DenseRetrieve`](super::Request::DenseRetrieve), and the recorded retrieval
//! both answer with — states and energies per sweep, and every sweep's visiting order, flips
//! (packed eight to a byte) and flip energies, which the panel replays neuron by neuron. At
//! d = 4096 a sweep is about 33 kB, where the network's d×d weights would be 64 MB.

use super::pool::{read_flags, write_flags};
use super::wire::{DecodeError, Reader, Writer, count};
use crate::engine::classic::{LearningRule, Sweep, UpdateMode};
use crate::engine::dense::Interaction;
use crate::engine::model::Retrieval;
use crate::engine::trajectory::Trajectory;

pub(super) fn write_rule(w: &mut Writer, rule: LearningRule, update: UpdateMode) {
    w.u8(match rule {
        LearningRule::Hebbian => 0,
        LearningRule::Storkey => 1,
        LearningRule::PseudoInverse => 2,
    });
    w.u8(u8::from(update == UpdateMode::Async));
}

pub(super) fn read_rule(r: &mut Reader) -> Result<(LearningRule, UpdateMode), DecodeError> {
    let rule = match r.u8()? {
        0 => LearningRule::Hebbian,
        1 => LearningRule::Storkey,
        2 => LearningRule::PseudoInverse,
        _ => return Err(DecodeError("unknown learning rule")),
    };
    let update = if r.bool()? {
        UpdateMode::Async
    } else {
        UpdateMode::Sync
    };
    Ok((rule, update))
}

pub(super) fn write_interaction(w: &mut Writer, interaction: Interaction) {
    match interaction {
        Interaction::Polynomial { degree, rectified } => {
            w.u8(0);
            w.size(degree as usize);
            w.u8(u8::from(rectified));
        }
        Interaction::Exponential { beta } => {
            w.u8(1);
            w.f32(beta);
        }
    }
}

pub(super) fn read_interaction(r: &mut Reader) -> Result<Interaction, DecodeError> {
    match r.u8()? {
        0 => Ok(Interaction::Polynomial {
            degree: u32::try_from(r.size()?).map_err(|_| DecodeError("degree too large"))?,
            rectified: r.bool()?,
        }),
        1 => Ok(Interaction::Exponential { beta: r.f32()? }),
        _ => Err(DecodeError("unknown interaction")),
    }
}

fn write_vectors(w: &mut Writer, vectors: &[Vec<f32>]) {
    w.size(vectors.len());
    vectors.iter().for_each(|v| w.floats(v));
}

fn read_vectors(r: &mut Reader) -> Result<Vec<Vec<f32>>, DecodeError> {
    let len = count(r, 4, "more vectors than bytes")?;
    (0..len).map(|_| r.floats()).collect()
}

pub(super) fn write_retrieval(w: &mut Writer, run: &Retrieval) {
    let t = &run.trajectory;
    write_vectors(w, &t.states);
    w.floats(&t.energies);
    write_vectors(w, &t.weights);
    w.u8(u8::from(t.converged));
    w.size(run.sweeps.len());
    for sweep in &run.sweeps {
        w.size(sweep.order.len());
        sweep.order.iter().for_each(|&j| w.size(j));
        write_flags(w, &sweep.flipped);
        w.floats(&sweep.flip_energies);
    }
    w.u8(u8::from(run.cycle));
}

pub(super) fn read_retrieval(r: &mut Reader) -> Result<Retrieval, DecodeError> {
    let trajectory = Trajectory {
        states: read_vectors(r)?,
        energies: r.floats()?,
        weights: read_vectors(r)?,
        converged: r.bool()?,
    };
    let len = count(r, 12, "more sweeps than bytes")?;
    let sweeps = (0..len)
        .map(|_| {
            let visits = count(r, 4, "more visits than bytes")?;
            let order = (0..visits).map(|_| r.size()).collect::<Result<_, _>>()?;
            Ok(Sweep {
                order,
                flipped: read_flags(r, visits)?,
                flip_energies: r.floats()?,
            })
        })
        .collect::<Result<_, DecodeError>>()?;
    Ok(Retrieval {
        trajectory,
        sweeps,
        cycle: r.bool()?,
    })
}
