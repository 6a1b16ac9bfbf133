//! The heads of a live forward pass of all-MiniLM-L6-v2 (`engine::bert`) on any text, read by
//! the same rule as the shipped ones: each head's median k90 and class at the model's own
//! β = 1/√32 from its queries and keys ([`analysis`]), with its softmax-Jacobian norm; and
//! what a worker sends back of such a pass ([`BertHeads`]): the queries and keys only, since
//! the view classifies them itself (at any β, in slices) exactly as it does the shipped texts.

use super::analysis::{HeadClass, HeadScores, model_beta};
use super::asset::{HeadQk, HeadsText};
use crate::engine::bert::{Forward, HEAD_DIM};

/// A forward pass on the user's own text as the heads view needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct BertHeads {
    /// The T WordPiece tokens, `[CLS]` … `[SEP]`.
    pub tokens: Vec<String>,
    /// Whether the model saw only the start of the text (128 tokens, or 500 characters).
    pub truncated: bool,
    /// Every head's Q and K (T × 32 each), layer-major.
    pub qk: Vec<HeadQk>,
    /// Every head's softmax-Jacobian norm, layer-major.
    pub jacobians: Vec<f32>,
    /// Wall time of tokenizing and the forward pass in the worker, in milliseconds.
    pub ms: f64,
}

impl BertHeads {
    /// The heads of `forward`, a pass on `tokens`, taking its queries and keys (they are
    /// most of its memory: no copy).
    pub fn new(tokens: Vec<String>, truncated: bool, forward: Forward, ms: f64) -> BertHeads {
        let (qk, jacobians) = forward
            .heads
            .into_iter()
            .map(|h| {
                let qk = HeadQk {
                    queries: h.queries,
                    keys: h.keys,
                };
                (qk, h.jacobian)
            })
            .unzip();
        BertHeads {
            tokens,
            truncated,
            qk,
            jacobians,
            ms,
        }
    }

    /// The pass as one more text of the view, titled `title`, for the same classifier as the
    /// shipped texts.
    pub fn into_text(self, title: String) -> HeadsText {
        HeadsText {
            title,
            tokens: self.tokens,
            heads: self.qk,
        }
    }
}

/// One head's reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadStats {
    /// Layer, 0-based.
    pub layer: usize,
    /// Head within the layer, 0-based.
    pub head: usize,
    /// Median over query rows of k90 at β = 1/√32.
    pub median_k90: f32,
    /// The paper's class of that median against T.
    pub class: HeadClass,
    /// Mean over query rows of ‖β(diag(p) − ppᵀ)‖_F.
    pub jacobian: f32,
}

/// Every head of `forward`, layer-major.
pub fn head_stats(forward: &Forward) -> Vec<HeadStats> {
    let beta = model_beta(HEAD_DIM);
    forward
        .heads
        .iter()
        .map(|h| {
            let qk = HeadQk {
                queries: h.queries.clone(),
                keys: h.keys.clone(),
            };
            let summary = HeadScores::new(&qk, HEAD_DIM).summary(beta);
            HeadStats {
                layer: h.layer,
                head: h.head,
                median_k90: summary.median_k90,
                class: summary.class,
                jacobian: h.jacobian,
            }
        })
        .collect()
}
