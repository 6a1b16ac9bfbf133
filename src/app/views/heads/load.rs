//! Fetching the heads asset at run time (it is too large to embed in the wasm bundle).

use std::sync::Arc;

use crate::app::fetch::fetch_bytes;
use crate::lab::heads::asset::{HeadsAsset, decode};

/// Where Trunk's `copy-dir` puts the asset, relative to the page.
const ASSET_URL: &str = "heads/heads.bin";

/// The model's shape the view is laid out for: all-MiniLM-L6-v2 has 6 layers of 12 heads of
/// width 32.
pub const LAYERS: usize = 6;
pub const HEADS: usize = 12;
pub const HEAD_DIM: usize = 32;

/// The asset's state in the view.
#[derive(Debug, Clone)]
pub enum Load {
    /// The download is under way.
    Loading,
    /// Decoded and ready.
    Ready(Arc<HeadsAsset>),
    /// What went wrong, for the notice.
    Failed(String),
}

/// Downloads and decodes the asset; every failure becomes a message naming the file.
pub async fn load() -> Load {
    match fetch_bytes(ASSET_URL).await {
        Ok(bytes) => match decode(&bytes) {
            Ok(a) if (a.layers, a.heads, a.head_dim) == (LAYERS, HEADS, HEAD_DIM) => {
                Load::Ready(Arc::new(a))
            }
            Ok(a) => Load::Failed(format!(
                "{ASSET_URL} holds {} layers of {} heads of width {}, not MiniLM's {LAYERS} × {HEADS} × {HEAD_DIM}",
                a.layers, a.heads, a.head_dim
            )),
            Err(e) => Load::Failed(format!("{ASSET_URL}: {e}")),
        },
        Err(e) => Load::Failed(e),
    }
}
