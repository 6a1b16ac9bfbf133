//! all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) in pure Rust: its WordPiece tokenizer
//! (`tokenizer`), the f32 safetensors it ships (`safetensors`), the int8 asset the browser
//! fetches (`asset`), the weights in memory (`model`) and the 6-layer BERT encoder's forward pass
//! with every head's queries, keys and attention exposed and optionally replaced (`forward`).
//! No web dependency; the same bits on wasm32 (libm's erf, the engine's exp and kernels).

pub mod asset;
pub mod forward;
mod kernels;
pub mod model;
pub mod safetensors;
pub mod tokenizer;

pub use asset::AssetError;
pub use forward::{Forward, HeadForward, Options, Replacement, cosine};
pub use model::MiniLm;
pub use tokenizer::{MAX_TOKENS, Tokens, Vocab};

/// Encoder layers.
pub const LAYERS: usize = 6;
/// Attention heads per layer.
pub const HEADS: usize = 12;
/// Width of one head's queries, keys and values.
pub const HEAD_DIM: usize = 32;
/// Width of the hidden states (`HEADS × HEAD_DIM`).
pub const HIDDEN: usize = 384;
/// Width of the feed-forward layer.
pub const FFN: usize = 1536;
/// Rows of the position embedding.
pub const MAX_POSITIONS: usize = 512;
/// LayerNorm's ε.
pub const LN_EPS: f32 = 1e-12;
