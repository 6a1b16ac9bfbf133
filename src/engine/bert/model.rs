//! The weights of all-MiniLM-L6-v2 in memory. The encoder's matrices are kept as f32 (about
//! 43 MB), so the forward pass runs on plain dot products; the 30522 × 384 word embedding stays
//! int8 when it came from the asset (one row is dequantised per token looked up).

use super::asset::AssetError;
use super::safetensors::Safetensors;
use super::tokenizer::Vocab;
use super::{FFN, HIDDEN, LAYERS, MAX_POSITIONS};

/// A stored 2-D tensor (a 1-D one is a single row): f32 values, or int8 values with one scale
/// per row (value = scale × int8).
#[derive(Debug, Clone, PartialEq)]
pub enum Tensor {
    /// Row-major f32.
    F32 {
        rows: usize,
        cols: usize,
        data: Vec<f32>,
    },
    /// Row-major int8 with `rows` scales.
    Int8 {
        rows: usize,
        cols: usize,
        scales: Vec<f32>,
        values: Vec<i8>,
    },
}

impl Tensor {
    /// Rows and columns.
    pub fn shape(&self) -> [usize; 2] {
        match self {
            Tensor::F32 { rows, cols, .. } | Tensor::Int8 { rows, cols, .. } => [*rows, *cols],
        }
    }

    /// Symmetric int8 per row: scale = max |row| / 127, values round(x / scale) (0 for a zero row).
    pub fn quantized(&self) -> Tensor {
        let [rows, cols] = self.shape();
        let mut scales = Vec::with_capacity(rows);
        let mut values = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            let row = self.row(r);
            let max = row.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let scale = max / 127.0;
            let inv = if scale > 0.0 { 1.0 / scale } else { 0.0 };
            scales.push(scale);
            values.extend(
                row.iter()
                    .map(|v| (v * inv).round().clamp(-127.0, 127.0) as i8),
            );
        }
        Tensor::Int8 {
            rows,
            cols,
            scales,
            values,
        }
    }

    /// Row `r` as f32 (dequantised for int8).
    pub fn row(&self, r: usize) -> Vec<f32> {
        match self {
            Tensor::F32 { cols, data, .. } => data[r * cols..(r + 1) * cols].to_vec(),
            Tensor::Int8 {
                cols,
                scales,
                values,
                ..
            } => values[r * cols..(r + 1) * cols]
                .iter()
                .map(|&v| scales[r] * f32::from(v))
                .collect(),
        }
    }

    /// All values as row-major f32.
    pub fn into_f32(self) -> Vec<f32> {
        match self {
            Tensor::F32 { data, .. } => data,
            Tensor::Int8 { rows, .. } => (0..rows).flat_map(|r| self.row(r)).collect(),
        }
    }
}

/// Whether a tensor is a matrix (int8 in the asset) or a small vector (f32 in the asset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Quantised per row in the asset.
    Matrix,
    /// Kept f32 (biases, LayerNorm, the two token-type rows).
    Vector,
}

/// Every tensor the model uses, in asset order: name, kind and shape.
pub fn tensor_specs(vocab_size: usize) -> Vec<(String, Kind, [usize; 2])> {
    let mut specs = vec![
        (
            "embeddings.word_embeddings.weight".to_string(),
            Kind::Matrix,
            [vocab_size, HIDDEN],
        ),
        (
            "embeddings.position_embeddings.weight".into(),
            Kind::Matrix,
            [MAX_POSITIONS, HIDDEN],
        ),
        (
            "embeddings.token_type_embeddings.weight".into(),
            Kind::Vector,
            [2, HIDDEN],
        ),
    ];
    let norm = |specs: &mut Vec<_>, prefix: String| {
        specs.push((
            format!("{prefix}LayerNorm.weight"),
            Kind::Vector,
            [1, HIDDEN],
        ));
        specs.push((format!("{prefix}LayerNorm.bias"), Kind::Vector, [1, HIDDEN]));
    };
    norm(&mut specs, "embeddings.".into());
    for layer in 0..LAYERS {
        let p = format!("encoder.layer.{layer}.");
        let linear = |specs: &mut Vec<_>, name: &str, out: usize, inp: usize| {
            specs.push((format!("{p}{name}.weight"), Kind::Matrix, [out, inp]));
            specs.push((format!("{p}{name}.bias"), Kind::Vector, [1, out]));
        };
        for name in ["query", "key", "value"] {
            linear(
                &mut specs,
                &format!("attention.self.{name}"),
                HIDDEN,
                HIDDEN,
            );
        }
        linear(&mut specs, "attention.output.dense", HIDDEN, HIDDEN);
        norm(&mut specs, format!("{p}attention.output."));
        linear(&mut specs, "intermediate.dense", FFN, HIDDEN);
        linear(&mut specs, "output.dense", HIDDEN, FFN);
        norm(&mut specs, format!("{p}output."));
    }
    specs
}

/// A weight and a bias: y = W x + b for a row-major W (outputs × inputs) in a [`Linear`], the
/// gain and bias in a [`Norm`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Params {
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

impl Params {
    fn take(next: &mut impl FnMut() -> Vec<f32>) -> Params {
        Params {
            weight: next(),
            bias: next(),
        }
    }
}

/// A dense layer.
pub(crate) type Linear = Params;
/// A LayerNorm.
pub(crate) type Norm = Params;

/// One encoder layer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layer {
    pub query: Linear,
    pub key: Linear,
    pub value: Linear,
    pub attention_out: Linear,
    pub attention_norm: Norm,
    pub intermediate: Linear,
    pub output: Linear,
    pub output_norm: Norm,
}

/// all-MiniLM-L6-v2: vocabulary and weights.
#[derive(Debug, Clone, PartialEq)]
pub struct MiniLm {
    pub(crate) vocab: Vocab,
    pub(crate) word: Tensor,
    pub(crate) position: Vec<f32>,
    pub(crate) token_type: Vec<f32>,
    pub(crate) embedding_norm: Norm,
    pub(crate) layers: Vec<Layer>,
}

impl MiniLm {
    /// The model from the int8 asset (`asset` module).
    pub fn from_asset(bytes: &[u8]) -> Result<MiniLm, AssetError> {
        let (vocab, tensors) = super::asset::read(bytes)?;
        Ok(MiniLm::from_tensors(vocab, tensors))
    }

    /// The model from the f32 `model.safetensors` and `vocab.txt` (native tests, the packer).
    pub fn from_safetensors(bytes: &[u8], vocab: &str) -> Result<MiniLm, AssetError> {
        let vocab = Vocab::parse(vocab)?;
        let tensors = read_safetensors(bytes, vocab.len())?;
        Ok(MiniLm::from_tensors(vocab, tensors))
    }

    /// Builds the model from tensors in [`tensor_specs`] order (shapes already checked).
    fn from_tensors(vocab: Vocab, tensors: Vec<Tensor>) -> MiniLm {
        let mut it = tensors.into_iter();
        let word = it.next().expect("the word embedding");
        let mut next = move || it.next().expect("one tensor per spec").into_f32();
        let position = next();
        let token_type = next()[..HIDDEN].to_vec();
        let embedding_norm = Params::take(&mut next);
        let layers = (0..LAYERS)
            .map(|_| Layer {
                query: Params::take(&mut next),
                key: Params::take(&mut next),
                value: Params::take(&mut next),
                attention_out: Params::take(&mut next),
                attention_norm: Params::take(&mut next),
                intermediate: Params::take(&mut next),
                output: Params::take(&mut next),
                output_norm: Params::take(&mut next),
            })
            .collect();
        MiniLm {
            vocab,
            word,
            position,
            token_type,
            embedding_norm,
            layers,
        }
    }

    /// The vocabulary (the tokenizer).
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }
}

/// The tensors of [`tensor_specs`] from a safetensors file, all f32.
pub fn read_safetensors(bytes: &[u8], vocab_size: usize) -> Result<Vec<Tensor>, AssetError> {
    let file = Safetensors::parse(bytes)?;
    tensor_specs(vocab_size)
        .iter()
        .map(|(name, _, shape)| file.tensor(name, *shape))
        .collect()
}
