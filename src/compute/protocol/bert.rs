//! all-MiniLM-L6-v2 on the user's own text on the wire: the replacement of a head, the heads
//! to replace, and the heads of a pass. A pass's heads are checked against its tokens here
//! (72 heads of T × 32 queries and keys), so the view's classifier never meets a head of the
//! wrong shape.

use super::wire::{DecodeError, Reader, Writer};
use crate::engine::bert::{HEAD_DIM, HEADS, LAYERS, Replacement};
use crate::lab::heads::asset::HeadQk;
use crate::lab::heads::live::BertHeads;

pub(super) fn write_replacement(w: &mut Writer, with: Replacement) {
    match with {
        Replacement::Uniform => w.u8(0),
        Replacement::Gaussian { sigma } => {
            w.u8(1);
            w.f32(sigma);
        }
    }
}

pub(super) fn read_replacement(r: &mut Reader) -> Result<Replacement, DecodeError> {
    match r.u8()? {
        0 => Ok(Replacement::Uniform),
        1 => Ok(Replacement::Gaussian { sigma: r.f32()? }),
        _ => Err(DecodeError("unknown replacement")),
    }
}

/// (layer, head) pairs.
pub(super) fn write_heads(w: &mut Writer, heads: &[(usize, usize)]) {
    w.size(heads.len());
    for &(layer, head) in heads {
        w.size(layer);
        w.size(head);
    }
}

pub(super) fn read_heads(r: &mut Reader) -> Result<Vec<(usize, usize)>, DecodeError> {
    let len = r.size()?;
    if len > r.0.len() / 8 {
        return Err(DecodeError("more heads than bytes"));
    }
    (0..len).map(|_| Ok((r.size()?, r.size()?))).collect()
}

pub(super) fn write_bert_heads(w: &mut Writer, b: &BertHeads) {
    w.size(b.tokens.len());
    b.tokens.iter().for_each(|t| w.text(t));
    w.u8(u8::from(b.truncated));
    w.size(b.qk.len());
    for qk in &b.qk {
        w.floats(&qk.queries);
        w.floats(&qk.keys);
    }
    w.floats(&b.jacobians);
    w.f64(b.ms);
}

pub(super) fn read_bert_heads(r: &mut Reader) -> Result<BertHeads, DecodeError> {
    let len = r.size()?;
    if len > r.0.len() / 4 {
        return Err(DecodeError("more tokens than bytes"));
    }
    let tokens: Vec<String> = (0..len).map(|_| r.text()).collect::<Result<_, _>>()?;
    let truncated = r.bool()?;
    if r.size()? != LAYERS * HEADS {
        return Err(DecodeError("not one entry per head of the model"));
    }
    let width = tokens.len() * HEAD_DIM;
    let qk = (0..LAYERS * HEADS)
        .map(|_| {
            let qk = HeadQk {
                queries: r.floats()?,
                keys: r.floats()?,
            };
            if qk.queries.len() == width && qk.keys.len() == width {
                Ok(qk)
            } else {
                Err(DecodeError("a head's queries or keys not T × 32"))
            }
        })
        .collect::<Result<_, _>>()?;
    let jacobians = r.floats()?;
    if jacobians.len() != LAYERS * HEADS {
        return Err(DecodeError("not one Jacobian norm per head"));
    }
    Ok(BertHeads {
        tokens,
        truncated,
        qk,
        jacobians,
        ms: r.f64()?,
    })
}
