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

mod bert;
mod capacity;
mod classic;
mod landscape;
mod learn;
mod pool;
mod reply;
mod request;
mod wire;

pub use reply::kinds;
pub use wire::DecodeError;

use crate::engine::PatternSet;
use crate::engine::bert::Replacement as BertReplacement;
use crate::engine::capacity::{CapacityConfig, PatternKind, TrialOutcome};
use crate::engine::classic::{LearningRule, UpdateMode};
use crate::engine::dense::Interaction;
use crate::engine::landscape::{Grid, Plane};
use crate::engine::model::Retrieval;
use crate::engine::pooling::{BetaPoint, PoolConfig, Reading};
use crate::engine::transformer::{Replacement, Snapshot, TrainConfig};
use crate::lab::heads::live::BertHeads;
use crate::lab::landscape::beta_scan::ScanRow;
use crate::lab::landscape::plane_job::CellBasins;
use crate::lab::landscape::theory::TheoryRow;
use crate::lab::pooling::experiment::{PoolEvaluation, PoolSnapshot};

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
    /// Rows `first_row .. first_row + rows` of the basin map of the landscape's 2-D section
    /// (`engine::landscape::basin_rows` on the standard plane): which of the fixed points
    /// `fixed` each cell's relaxation reaches. Answered by [`Reply::Basins`].
    Basins {
        /// The stored patterns (d = 2).
        patterns: PatternSet,
        /// The inverse temperature.
        beta: f32,
        /// The states of the fixed points the labels name, in order.
        fixed: Vec<Vec<f32>>,
        /// The grid over the plane.
        grid: Grid,
        /// The first row.
        first_row: usize,
        /// How many rows.
        rows: usize,
        /// Most updates per cell.
        max_steps: usize,
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
    /// Loads all-MiniLM-L6-v2 from its int8 asset (`engine::bert::asset`) into the worker's
    /// session, where it stays for the requests below (parsing 23 MB takes longer than a
    /// pass on a sentence, so it is done once).
    BertLoad {
        /// The asset's bytes.
        asset: Vec<u8>,
    },
    /// The session's model on `text` (`lab::heads::own::check_text`): its tokens and every
    /// head's queries and keys.
    BertAnalyse {
        /// The user's text.
        text: String,
    },
    /// How far the embedding of `text` moves when `heads` (layer, head, from 0) are replaced
    /// by `with`, against as many heads drawn at random with `seed`.
    BertReplace {
        /// The user's text.
        text: String,
        /// The heads to replace.
        heads: Vec<(usize, usize)>,
        /// What replaces them.
        with: BertReplacement,
        /// Seeds the draw of the random heads.
        seed: u64,
    },
    /// The damage 1 − cosine to the embedding of `text` when each head `first .. first +
    /// count` (layer-major) alone is replaced by `with`.
    BertAblate {
        /// The user's text.
        text: String,
        /// What replaces each head.
        with: BertReplacement,
        /// The first head, `layer * 12 + head`.
        first: usize,
        /// How many heads.
        count: usize,
    },
    /// Trains the pooling view's experiment in the worker's session: on the first request, or
    /// when `config` differs from the session's, it draws the bags and starts Hopfield, mean
    /// and max pooling afresh (the answer then includes step 0's curve point); then `steps`
    /// more steps of each (0 only reads where the run is). Answered by [`Reply::Pool`].
    PoolTrain {
        /// The experiment (checked by the worker, memory limit first).
        config: PoolConfig,
        /// How many more steps (at most `session::MAX_STEPS_PER_REQUEST`).
        steps: usize,
    },
    /// Held-out bag `bag` read by the session's trained Hopfield pooling, at its own β or
    /// `beta`. Answered by [`Reply::PoolInspection`].
    PoolInspect {
        /// The held-out bag (from 0; even ones are positive).
        bag: usize,
        /// A β overriding the trained one.
        beta: Option<f32>,
    },
    /// Held-out AUC and witness mass of the session's Hopfield pooling at each of `betas`
    /// (at most 64). Answered by [`Reply::PoolBetas`].
    PoolBetaSweep {
        /// The β values, in the order answered.
        betas: Vec<f32>,
    },
    /// A fresh positive and negative bag of N = `sequences` (up to 300 000), drawn from
    /// `seed` and the settings' seed, read by the session's Hopfield pooling. Answered by
    /// [`Reply::PoolEvaluation`].
    PoolEvaluate {
        /// N.
        sequences: usize,
        /// Which pair (a different seed, different bags).
        seed: u64,
    },
    /// The studio's classic panel where it is too heavy for the page (Storkey's rule at
    /// 64×64: a 64 MB W learned in N·2d² operations): the worker's session learns `rule` over
    /// `patterns`, or keeps the network it learned last when both are the same, and records
    /// the retrieval from `query` (at most `max_steps` sweeps, visiting orders from `seed`).
    /// [`Reply::Progress`] counts the patterns learned; the answer is [`Reply::Retrieval`].
    ClassicRetrieve {
        /// How the weights are learned.
        rule: LearningRule,
        /// Synchronous or asynchronous dynamics.
        update: UpdateMode,
        /// The stored patterns (binarised by the network).
        patterns: PatternSet,
        /// The query.
        query: Vec<f32>,
        /// Most sweeps (or steps) recorded.
        max_steps: usize,
        /// Seeds the visiting orders.
        seed: u64,
    },
    /// The studio's dense panel: the dense network of `interaction` over `patterns` records
    /// its retrieval from `query` (at most `max_steps` sweeps, visiting orders from `seed`), as
    /// [`crate::engine::model::Model::retrieve`] does; the answer is [`Reply::Retrieval`].
    /// (In a worker so that the page's module holds no binary network.)
    DenseRetrieve {
        /// The interaction function F.
        interaction: Interaction,
        /// The stored patterns (binarised by the network).
        patterns: PatternSet,
        /// The query.
        query: Vec<f32>,
        /// Most sweeps recorded.
        max_steps: usize,
        /// Seeds the visiting orders.
        seed: u64,
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
    /// The session holds the model of a [`Request::BertLoad`].
    BertReady {
        /// The asset's size.
        bytes: usize,
    },
    /// The pass of a [`Request::BertAnalyse`].
    BertHeads(BertHeads),
    /// The answer to a [`Request::BertReplace`].
    BertCosine {
        /// Cosine between the plain embedding and the one with the chosen heads replaced.
        cosine: f32,
        /// The same with `random_heads` replaced.
        random_cosine: f32,
        /// As many distinct heads as were chosen, drawn uniformly among the 72, sorted.
        random_heads: Vec<(usize, usize)>,
    },
    /// The answer to a [`Request::BertAblate`].
    BertDamage {
        /// The first head, as asked.
        first: usize,
        /// 1 − cosine per head, in order.
        damage: Vec<f32>,
    },
    /// The pooling run after a [`Request::PoolTrain`].
    Pool(PoolSnapshot),
    /// The read-out of a [`Request::PoolInspect`].
    PoolInspection(Reading),
    /// The sweep of a [`Request::PoolBetaSweep`].
    PoolBetas(Vec<BetaPoint>),
    /// The fresh pair of a [`Request::PoolEvaluate`].
    PoolEvaluation(PoolEvaluation),
    /// The record of a [`Request::ClassicRetrieve`] or a [`Request::DenseRetrieve`].
    Retrieval(Retrieval),
    /// The labels of a [`Request::Basins`], row-major (an index into its fixed points, or none).
    Basins(Vec<Option<usize>>),
    /// The request failed; the message says why (shown as the view's notice).
    Error(String),
}
