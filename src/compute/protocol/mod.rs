//! The one message protocol between a page and its compute workers: a [`Request`] goes to a
//! worker, which answers with any number of [`Reply::Progress`] and then one result (the
//! reply of the request's kind) or [`Reply::Error`]. Messages are compact little-endian bytes
//! (a `Uint8Array` whose buffer `postMessage` transfers, so nothing is copied or parsed as
//! JSON): a trial's outcome is 9 bytes, a vector its f32s. Cancelling is not a message: a
//! worker busy with a request reads no messages until it is done (without SharedArrayBuffer
//! there is no flag to poll), so the page terminates it instead, which stops it at once.
//!
//! Decoding checks every length and tag and names what was wrong, so a damaged message is an
//! error in the view, never a hang or a panic.

mod capacity;
mod landscape;
mod learn;
mod wire;

pub use wire::DecodeError;

use crate::engine::PatternSet;
use crate::engine::capacity::{CapacityConfig, PatternKind, TrialOutcome};
use crate::engine::landscape::{Grid, Plane};
use crate::engine::transformer::{Replacement, Snapshot, TrainConfig};
use crate::lab::landscape::beta_scan::ScanRow;
use crate::lab::landscape::plane_job::CellBasins;
use crate::lab::landscape::theory::TheoryRow;
use wire::{Reader, Writer};

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
    /// Row `index` of a β scan of `patterns` and `query` (the landscape's high-dimensional
    /// section; `lab::landscape::beta_scan::scan_row`).
    ScanBeta {
        /// The stored patterns.
        patterns: PatternSet,
        /// The query.
        query: Vec<f32>,
        /// The β of this row.
        beta: f32,
        /// The row's place in the scan (seeds its stability tests).
        index: usize,
        /// The scan's seed (its noisy starts).
        seed: u64,
    },
    /// The basins of the cells `cells` of `grid` on `plane` at `beta`
    /// (`lab::landscape::plane_job::plane_cells`).
    PlaneCells {
        /// The stored patterns.
        patterns: PatternSet,
        /// The inverse temperature.
        beta: f32,
        /// The plane.
        plane: Plane,
        /// The grid over it.
        grid: Grid,
        /// First cell (row-major).
        first: usize,
        /// How many cells.
        count: usize,
    },
    /// A theory row of `target` and `query` on `patterns` at `beta`
    /// (`lab::landscape::theory::theory_row`).
    Theory {
        /// The stored patterns.
        patterns: PatternSet,
        /// The pattern the query should retrieve.
        target: usize,
        /// The query.
        query: Vec<f32>,
        /// The inverse temperature.
        beta: f32,
    },
    /// A theory row of `count` random patterns on the sphere at `beta`
    /// (`lab::landscape::theory::sphere_row`).
    SphereTheory {
        /// N.
        count: usize,
        /// The inverse temperature.
        beta: f32,
        /// The figure's seed.
        seed: u64,
    },
    /// Starts a training run of the learning view in the worker's session (replacing any run
    /// it held); the answer is the snapshot at step 0.
    TrainStart {
        /// The run's settings (validated by the worker).
        config: TrainConfig,
    },
    /// `steps` more steps of the session's run; the answer is the snapshot after them.
    TrainSteps {
        /// How many.
        steps: usize,
    },
    /// The held-out accuracy of the session's run with `heads` (layer, head, from 0) replaced.
    TrainReplace {
        /// The heads and what replaces each.
        heads: Vec<(usize, usize, Replacement)>,
    },
    /// Head `head` of layer `layer` (from 0) of the session's run on probe sequence `example`.
    TrainAttention {
        /// The layer.
        layer: usize,
        /// The head.
        head: usize,
        /// The probe sequence.
        example: usize,
    },
}

/// A worker's answer to the request it is working on.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// How much of the request is finished (trials, or starts), sent now and then.
    Progress {
        /// Units done.
        done: usize,
    },
    /// The outcomes of a [`Request::Trials`], in trial order.
    Trials(Vec<TrialOutcome>),
    /// The row of a [`Request::ScanBeta`].
    ScanRow(ScanRow),
    /// The basins of a [`Request::PlaneCells`].
    Cells(CellBasins),
    /// The row of a [`Request::Theory`] or [`Request::SphereTheory`].
    Theory(TheoryRow),
    /// The training run after a [`Request::TrainStart`] or [`Request::TrainSteps`].
    Snapshot(Snapshot),
    /// The accuracy of a [`Request::TrainReplace`].
    Accuracy(f32),
    /// The token labels and the N×N weights (row = query) of a [`Request::TrainAttention`].
    Attention {
        /// One label per position.
        labels: Vec<String>,
        /// Row-major weights.
        matrix: Vec<f32>,
    },
    /// The request failed; the message says why (shown as the view's notice).
    Error(String),
}

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
                capacity::write_config(&mut w, config);
                capacity::write_kind(&mut w, *patterns);
                w.size(*n_patterns);
                w.size(*first);
                w.size(*count);
            }
            Request::ScanBeta {
                patterns,
                query,
                beta,
                index,
                seed,
            } => {
                w.u8(2);
                landscape::write_patterns(&mut w, patterns);
                w.floats(query);
                w.f32(*beta);
                w.size(*index);
                w.u64(*seed);
            }
            Request::PlaneCells {
                patterns,
                beta,
                plane,
                grid,
                first,
                count,
            } => {
                w.u8(3);
                landscape::write_patterns(&mut w, patterns);
                w.f32(*beta);
                landscape::write_plane(&mut w, plane, grid);
                w.size(*first);
                w.size(*count);
            }
            Request::Theory {
                patterns,
                target,
                query,
                beta,
            } => {
                w.u8(4);
                landscape::write_patterns(&mut w, patterns);
                w.size(*target);
                w.floats(query);
                w.f32(*beta);
            }
            Request::SphereTheory { count, beta, seed } => {
                w.u8(5);
                w.size(*count);
                w.f32(*beta);
                w.u64(*seed);
            }
            Request::TrainStart { config } => {
                w.u8(6);
                learn::write_config(&mut w, config);
            }
            Request::TrainSteps { steps } => {
                w.u8(7);
                w.size(*steps);
            }
            Request::TrainReplace { heads } => {
                w.u8(8);
                learn::write_replaced(&mut w, heads);
            }
            Request::TrainAttention {
                layer,
                head,
                example,
            } => {
                w.u8(9);
                for v in [layer, head, example] {
                    w.size(*v);
                }
            }
        }
        w.0
    }

    /// Reads a message made by [`Request::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let request = match r.u8()? {
            1 => Request::Trials {
                config: capacity::read_config(&mut r)?,
                patterns: capacity::read_kind(&mut r)?,
                n_patterns: r.size()?,
                first: r.size()?,
                count: r.size()?,
            },
            2 => Request::ScanBeta {
                patterns: landscape::read_patterns(&mut r)?,
                query: r.floats()?,
                beta: r.f32()?,
                index: r.size()?,
                seed: r.u64()?,
            },
            3 => {
                let patterns = landscape::read_patterns(&mut r)?;
                let beta = r.f32()?;
                let (plane, grid) = landscape::read_plane(&mut r)?;
                Request::PlaneCells {
                    patterns,
                    beta,
                    plane,
                    grid,
                    first: r.size()?,
                    count: r.size()?,
                }
            }
            4 => Request::Theory {
                patterns: landscape::read_patterns(&mut r)?,
                target: r.size()?,
                query: r.floats()?,
                beta: r.f32()?,
            },
            5 => Request::SphereTheory {
                count: r.size()?,
                beta: r.f32()?,
                seed: r.u64()?,
            },
            6 => Request::TrainStart {
                config: learn::read_config(&mut r)?,
            },
            7 => Request::TrainSteps { steps: r.size()? },
            8 => Request::TrainReplace {
                heads: learn::read_replaced(&mut r)?,
            },
            9 => Request::TrainAttention {
                layer: r.size()?,
                head: r.size()?,
                example: r.size()?,
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
            _ => return Err(DecodeError("unknown reply")),
        };
        r.end()?;
        Ok(reply)
    }
}
