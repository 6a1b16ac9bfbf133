//! The int8 asset of all-MiniLM-L6-v2 that the browser fetches (`hopfield pack-minilm` writes
//! it from the f32 safetensors; about 23 MB). Matrices are symmetric int8 per output row (one
//! f32 scale per row), biases, LayerNorm and the two token-type rows stay f32. The vocabulary
//! travels inside the asset: one download, one checksum, and weights and vocabulary can never
//! come from two different models (it adds 0.23 MB, 1 % of the file).
//!
//! Layout, all little-endian:
//!
//! ```text
//! b"HOPM", u8 version = 1, u8 layers, u8 heads, u8 head_dim,
//! u32 hidden, u32 ffn, u32 vocab size, u32 positions, u32 vocab bytes,
//! vocab.txt (UTF-8, one piece per line),
//! every tensor of model::tensor_specs in order:
//!     matrix: rows × f32 scale, then rows × cols i8;  vector: rows × cols f32,
//! u64 FNV-1a of all the bytes before it.
//! ```
//!
//! The asset arrives over the network, so every defect is a typed [`AssetError`], never a panic.

use super::model::{Kind, Tensor, tensor_specs};
use super::tokenizer::Vocab;
use super::{FFN, HEAD_DIM, HEADS, HIDDEN, LAYERS, MAX_POSITIONS};

/// What is wrong with a model asset (or a safetensors file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssetError {
    /// The bytes end before the part named `what` is complete.
    #[error("the model data ends early (in {what}, at byte {at}): the download was cut short")]
    Truncated { what: &'static str, at: usize },
    /// The file does not start with the `HOPM` tag.
    #[error("the model data is not a Hopfield Lab MiniLM file")]
    BadMagic,
    /// A layout version this app cannot read.
    #[error("the model data has layout version {0}; this app reads version 1")]
    Version(u8),
    /// The checksum at the end does not match the bytes: the file was damaged.
    #[error("the model data is damaged (checksum {computed:016x}, stored {stored:016x})")]
    Checksum { stored: u64, computed: u64 },
    /// The vocabulary is not UTF-8.
    #[error("the model's vocabulary is not valid UTF-8")]
    Utf8,
    /// Sizes or values that do not describe all-MiniLM-L6-v2.
    #[error("the model data is inconsistent: {0}")]
    Shape(String),
}

/// The layout version this module writes and reads.
pub const VERSION: u8 = 1;
const MAGIC: &[u8; 4] = b"HOPM";
const HEADER: usize = 4 + 4 + 5 * 4;

/// 64-bit FNV-1a: simple, byte-serial, the same on every target.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Writes the asset from the vocabulary and the f32 tensors of [`tensor_specs`] (in order):
/// matrices are quantised here.
pub fn write(vocab: &Vocab, tensors: &[Tensor]) -> Result<Vec<u8>, AssetError> {
    let specs = tensor_specs(vocab.len());
    if tensors.len() != specs.len() {
        return Err(AssetError::Shape(format!(
            "{} tensors, expected {}",
            tensors.len(),
            specs.len()
        )));
    }
    let text: String = vocab.pieces().iter().map(|p| format!("{p}\n")).collect();
    let mut out = MAGIC.to_vec();
    out.extend([VERSION, LAYERS as u8, HEADS as u8, HEAD_DIM as u8]);
    for v in [HIDDEN, FFN, vocab.len(), MAX_POSITIONS, text.len()] {
        out.extend((v as u32).to_le_bytes());
    }
    out.extend(text.as_bytes());
    for ((name, kind, shape), tensor) in specs.iter().zip(tensors) {
        if tensor.shape() != *shape {
            return Err(AssetError::Shape(format!(
                "{name} is {:?}, expected {shape:?}",
                tensor.shape()
            )));
        }
        let stored = match kind {
            Kind::Matrix => tensor.quantized(),
            Kind::Vector => Tensor::F32 {
                rows: shape[0],
                cols: shape[1],
                data: tensor.clone().into_f32(),
            },
        };
        match stored {
            Tensor::Int8 { scales, values, .. } => {
                out.extend(scales.iter().flat_map(|s| s.to_le_bytes()));
                out.extend(values.iter().map(|&v| v as u8));
            }
            Tensor::F32 { data, .. } => out.extend(data.iter().flat_map(|v| v.to_le_bytes())),
        }
    }
    let sum = fnv1a(&out);
    out.extend(sum.to_le_bytes());
    Ok(out)
}

/// Bytes a tensor of `kind` and `shape` takes in the asset.
fn stored_len(kind: Kind, [rows, cols]: [usize; 2]) -> usize {
    match kind {
        Kind::Matrix => rows * 4 + rows * cols,
        Kind::Vector => rows * cols * 4,
    }
}

fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize
}

fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
        .collect()
}

/// Reads the asset: its vocabulary and tensors in [`tensor_specs`] order, matrices as int8.
/// Checks, in order: the header is complete, the tag, the version, the model's shape, the
/// length the header implies (cut short: [`AssetError::Truncated`]), the checksum.
pub fn read(bytes: &[u8]) -> Result<(Vocab, Vec<Tensor>), AssetError> {
    if bytes.len() >= 4 && &bytes[..4] != MAGIC {
        return Err(AssetError::BadMagic);
    }
    if bytes.len() < HEADER {
        return Err(AssetError::Truncated {
            what: "header",
            at: bytes.len(),
        });
    }
    if bytes[4] != VERSION {
        return Err(AssetError::Version(bytes[4]));
    }
    let dims = [5, 6, 7].map(|i| usize::from(bytes[i]));
    let [hidden, ffn, vocab_size, positions, vocab_bytes] =
        [8, 12, 16, 20, 24].map(|at| u32_at(bytes, at));
    if dims != [LAYERS, HEADS, HEAD_DIM] || [hidden, ffn, positions] != [HIDDEN, FFN, MAX_POSITIONS]
    {
        return Err(AssetError::Shape(format!(
            "{} layers × {} heads of width {}, hidden {hidden}, ffn {ffn}, {positions} positions \
             is not all-MiniLM-L6-v2",
            dims[0], dims[1], dims[2]
        )));
    }
    let specs = tensor_specs(vocab_size);
    let tensors_len: usize = specs.iter().map(|(_, k, s)| stored_len(*k, *s)).sum();
    let total = HEADER + vocab_bytes + tensors_len + 8;
    if bytes.len() < total {
        return Err(AssetError::Truncated {
            what: if bytes.len() < HEADER + vocab_bytes {
                "vocabulary"
            } else {
                "weights"
            },
            at: bytes.len(),
        });
    }
    if bytes.len() > total {
        return Err(AssetError::Shape(format!(
            "{} bytes after the checksum",
            bytes.len() - total
        )));
    }
    let stored = u64::from_le_bytes(bytes[total - 8..].try_into().expect("8 bytes"));
    let computed = fnv1a(&bytes[..total - 8]);
    if stored != computed {
        return Err(AssetError::Checksum { stored, computed });
    }
    let text =
        std::str::from_utf8(&bytes[HEADER..HEADER + vocab_bytes]).map_err(|_| AssetError::Utf8)?;
    let vocab = Vocab::parse(text)?;
    if vocab.len() != vocab_size {
        return Err(AssetError::Shape(format!(
            "the vocabulary has {} pieces, the header says {vocab_size}",
            vocab.len()
        )));
    }
    let mut at = HEADER + vocab_bytes;
    let mut tensors = Vec::with_capacity(specs.len());
    for (name, kind, [rows, cols]) in specs {
        let raw = &bytes[at..at + stored_len(kind, [rows, cols])];
        at += raw.len();
        let tensor = match kind {
            Kind::Matrix => Tensor::Int8 {
                rows,
                cols,
                scales: f32s(&raw[..rows * 4]),
                values: raw[rows * 4..].iter().map(|&b| b as i8).collect(),
            },
            Kind::Vector => Tensor::F32 {
                rows,
                cols,
                data: f32s(raw),
            },
        };
        if let Some(bad) = finite_check(&tensor) {
            return Err(AssetError::Shape(format!(
                "{name} has the non-finite value {bad}"
            )));
        }
        tensors.push(tensor);
    }
    Ok((vocab, tensors))
}

/// The first non-finite f32 (value or scale) of `tensor`, if any.
fn finite_check(tensor: &Tensor) -> Option<f32> {
    let values = match tensor {
        Tensor::F32 { data, .. } => data,
        Tensor::Int8 { scales, .. } => scales,
    };
    values.iter().copied().find(|v| !v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of the real shape with a four-piece vocabulary and patterned weights (11 MB).
    fn tiny() -> (Vocab, Vec<Tensor>, Vec<u8>) {
        let vocab = Vocab::parse("[PAD]\n[UNK]\n[CLS]\n[SEP]").unwrap();
        let tensors: Vec<Tensor> = tensor_specs(vocab.len())
            .into_iter()
            .map(|(_, _, [rows, cols])| Tensor::F32 {
                rows,
                cols,
                data: (0..rows * cols)
                    .map(|i| ((i % 7) as f32 - 3.0) * 0.01 * (1 + i % 3) as f32)
                    .collect(),
            })
            .collect();
        let bytes = write(&vocab, &tensors).unwrap();
        (vocab, tensors, bytes)
    }

    #[test]
    fn round_trip_quantises_matrices_only() {
        let (vocab, tensors, bytes) = tiny();
        let (read_vocab, read_tensors) = read(&bytes).unwrap();
        assert_eq!(read_vocab, vocab);
        for (((name, kind, _), a), b) in tensor_specs(4).iter().zip(&tensors).zip(read_tensors) {
            assert_eq!(a.shape(), b.shape(), "{name}");
            match kind {
                Kind::Vector => assert_eq!(&b, a, "{name}"),
                Kind::Matrix => {
                    assert!(matches!(b, Tensor::Int8 { .. }), "{name}");
                    for r in [0, a.shape()[0] - 1] {
                        let (x, y) = (a.row(r), b.row(r));
                        let step = x.iter().fold(0.0f32, |m, v| m.max(v.abs())) / 127.0;
                        assert!(
                            x.iter()
                                .zip(&y)
                                .all(|(u, v)| (u - v).abs() <= 0.5 * step + 1e-9),
                            "{name}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn damaged_assets_are_typed_errors() {
        let (_, _, bytes) = tiny();
        for len in [
            0,
            3,
            10,
            HEADER,
            HEADER + 5,
            bytes.len() / 2,
            bytes.len() - 1,
        ] {
            assert!(
                matches!(read(&bytes[..len]), Err(AssetError::Truncated { .. })),
                "prefix of {len} bytes"
            );
        }
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert_eq!(read(&bad).unwrap_err(), AssetError::BadMagic);
        let mut bad = bytes.clone();
        bad[4] = 7;
        assert_eq!(read(&bad).unwrap_err(), AssetError::Version(7));
        let mut bad = bytes.clone();
        bad[bytes.len() / 2] ^= 1;
        assert!(matches!(read(&bad), Err(AssetError::Checksum { .. })));
        let mut bad = bytes.clone();
        bad.push(0);
        assert!(matches!(read(&bad), Err(AssetError::Shape(_))));
        let mut bad = bytes;
        bad[5] = 5; // five layers
        assert!(matches!(read(&bad), Err(AssetError::Shape(_))));
    }

    #[test]
    fn fnv1a_known_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
