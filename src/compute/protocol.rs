//! The one message protocol between a page and its compute workers: a [`Request`] goes to a
//! worker, which answers with any number of [`Reply::Progress`] and then one
//! [`Reply::Trials`] or [`Reply::Error`]. Messages are compact little-endian bytes (a
//! `Uint8Array` whose buffer `postMessage` transfers, so nothing is copied or parsed as JSON):
//! a trial's outcome is 9 bytes. Cancelling is not a message: a worker busy with a request
//! reads no messages until it is done (without SharedArrayBuffer there is no flag to poll), so
//! the page terminates it instead, which stops it at once.
//!
//! Decoding checks every length and tag and names what was wrong, so a damaged message is an
//! error in the view, never a hang or a panic.

use crate::engine::capacity::{CapacityConfig, Criterion, PatternKind, TrialOutcome};
use crate::engine::classic::{LearningRule, UpdateMode};
use crate::engine::dense::Interaction;
use crate::engine::model::ModelSpec;

/// A job for a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Trials `first .. first + count` at N = `n_patterns` of the experiment `config`, whose
    /// trials store patterns of kind `patterns`. Each trial is seeded by (seed, N, trial), so
    /// any split of a point into such requests gives the same outcomes.
    Trials {
        /// The experiment (validated again by the worker).
        config: CapacityConfig,
        /// Which patterns the trials store.
        patterns: PatternKind,
        /// N.
        n_patterns: usize,
        /// The first trial's number.
        first: usize,
        /// How many trials.
        count: usize,
    },
}

/// A worker's answer to the request it is working on.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// How many of the request's trials are finished (sent now and then while it works).
    Progress {
        /// Trials done.
        done: usize,
    },
    /// The outcomes of the request's trials, in trial order.
    Trials(Vec<TrialOutcome>),
    /// The request failed; the message says why (shown as the view's notice).
    Error(String),
}

/// Why bytes are not a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("damaged compute message: {0}")]
pub struct DecodeError(&'static str);

impl Request {
    /// The message's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self {
            Request::Trials {
                config,
                patterns,
                n_patterns,
                first,
                count,
            } => {
                w.u8(1);
                write_config(&mut w, config);
                match *patterns {
                    PatternKind::RandomBinary => w.u8(0),
                    PatternKind::Correlated { overlap } => {
                        w.u8(1);
                        w.f32(overlap);
                    }
                }
                w.size(*n_patterns);
                w.size(*first);
                w.size(*count);
            }
        }
        w.0
    }

    /// Reads a message made by [`Request::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let request = match r.u8()? {
            1 => Request::Trials {
                config: read_config(&mut r)?,
                patterns: match r.u8()? {
                    0 => PatternKind::RandomBinary,
                    1 => PatternKind::Correlated { overlap: r.f32()? },
                    _ => return Err(DecodeError("unknown pattern kind")),
                },
                n_patterns: r.size()?,
                first: r.size()?,
                count: r.size()?,
            },
            _ => return Err(DecodeError("unknown request")),
        };
        r.end()?;
        Ok(request)
    }
}

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
                w.size(outcomes.len());
                for o in outcomes {
                    w.u8(u8::from(o.success));
                    w.f32(o.overlap);
                    w.size(o.steps);
                }
            }
            Reply::Error(message) => {
                w.u8(3);
                w.size(message.len());
                w.0.extend_from_slice(message.as_bytes());
            }
        }
        w.0
    }

    /// Reads a message made by [`Reply::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let reply = match r.u8()? {
            1 => Reply::Progress { done: r.size()? },
            2 => {
                let len = r.size()?;
                if len > r.0.len() / 9 {
                    return Err(DecodeError("more outcomes than bytes"));
                }
                let mut outcomes = Vec::with_capacity(len);
                for _ in 0..len {
                    let success = r.bool()?;
                    let overlap = r.f32()?;
                    let steps = r.size()?;
                    outcomes.push(TrialOutcome {
                        success,
                        overlap,
                        steps,
                    });
                }
                Reply::Trials(outcomes)
            }
            3 => {
                let len = r.size()?;
                let text = r.take(len)?;
                let text = std::str::from_utf8(text).map_err(|_| DecodeError("text not UTF-8"))?;
                Reply::Error(text.to_string())
            }
            _ => return Err(DecodeError("unknown reply")),
        };
        r.end()?;
        Ok(reply)
    }
}

fn write_config(w: &mut Writer, c: &CapacityConfig) {
    match c.spec {
        ModelSpec::Classic { rule, update } => {
            w.u8(0);
            w.u8(match rule {
                LearningRule::Hebbian => 0,
                LearningRule::Storkey => 1,
                LearningRule::PseudoInverse => 2,
            });
            w.u8(match update {
                UpdateMode::Sync => 0,
                UpdateMode::Async => 1,
            });
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
    w.0.extend_from_slice(&c.seed.to_le_bytes());
    w.size(c.max_steps);
}

fn read_config(r: &mut Reader) -> Result<CapacityConfig, DecodeError> {
    let spec = match r.u8()? {
        0 => {
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
        seed: u64::from_le_bytes(r.array()?),
        max_steps: r.size()?,
    })
}

/// Little-endian output.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// Sizes and counts travel as u32: every limit of the engine is far below 2³².
    fn size(&mut self, v: usize) {
        self.u32(u32::try_from(v).unwrap_or(u32::MAX));
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
}

/// Little-endian input that refuses to read past the end.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        if self.0.len() < n {
            return Err(DecodeError("cut short"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }
    fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(DecodeError("a flag that is neither 0 nor 1")),
        }
    }
    fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn size(&mut self) -> Result<usize, DecodeError> {
        Ok(self.u32()? as usize)
    }
    fn f32(&mut self) -> Result<f32, DecodeError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    fn end(&self) -> Result<(), DecodeError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DecodeError("bytes after the end"))
        }
    }
}
