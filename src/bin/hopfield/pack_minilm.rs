//! `hopfield pack-minilm`: writes the int8 asset of all-MiniLM-L6-v2 (`engine::bert::asset`)
//! from its f32 `model.safetensors` and `vocab.txt`; prints one JSON line with its size and
//! checksum.

use serde::Serialize;

use crate::args::{CliError, Flags};
use hopfield_lab::engine::bert::Vocab;
use hopfield_lab::engine::bert::asset::{self, fnv1a};
use hopfield_lab::engine::bert::model::read_safetensors;

#[derive(Serialize)]
struct Output {
    out: String,
    bytes: usize,
    checksum: String,
}

fn read(flag: &str, path: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::flag(flag, format!("cannot read {path}: {e}")))
}

/// Parses the flags, packs, writes `--out`.
pub fn run(args: &[String]) -> Result<String, CliError> {
    let mut flags = Flags::parse(args)?;
    let safetensors: String = flags.required("safetensors", "model.safetensors")?;
    let vocab_path: String = flags.required("vocab", "vocab.txt")?;
    let out: String = flags.required("out", "the asset to write")?;
    flags.finish()?;
    let vocab_text = String::from_utf8(read("vocab", &vocab_path)?)
        .map_err(|_| CliError::flag("vocab", "is not UTF-8"))?;
    let vocab = Vocab::parse(&vocab_text).map_err(|e| CliError::flag("vocab", e))?;
    let tensors = read_safetensors(&read("safetensors", &safetensors)?, vocab.len())
        .map_err(|e| CliError::flag("safetensors", e))?;
    let bytes = asset::write(&vocab, &tensors).map_err(|e| CliError::flag("safetensors", e))?;
    std::fs::write(&out, &bytes)
        .map_err(|e| CliError::flag("out", format!("cannot write {out}: {e}")))?;
    crate::to_json(&Output {
        out,
        bytes: bytes.len(),
        checksum: format!("{:016x}", fnv1a(&bytes[..bytes.len() - 8])),
    })
}
