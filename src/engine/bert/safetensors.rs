//! Reading the f32 `model.safetensors` that all-MiniLM-L6-v2 ships: an 8-byte little-endian
//! header length, a JSON header naming every tensor's dtype, shape and byte range, then the raw
//! little-endian data. Only what the packer and the f32 tests need: F32 tensors by name.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::asset::AssetError;
use super::model::Tensor;

/// One entry of the JSON header.
#[derive(Debug, Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

/// A parsed safetensors file borrowing its bytes.
#[derive(Debug)]
pub struct Safetensors<'a> {
    entries: BTreeMap<String, Entry>,
    data: &'a [u8],
}

impl<'a> Safetensors<'a> {
    /// Parses the header of `bytes`; the tensors are read on demand by [`Safetensors::tensor`].
    pub fn parse(bytes: &'a [u8]) -> Result<Safetensors<'a>, AssetError> {
        let truncated = |at| AssetError::Truncated {
            what: "safetensors header",
            at,
        };
        let len = bytes
            .get(..8)
            .ok_or(truncated(0))
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))?;
        let end = usize::try_from(len)
            .ok()
            .and_then(|l| l.checked_add(8))
            .filter(|&e| e <= bytes.len())
            .ok_or(truncated(8))?;
        let header: BTreeMap<String, serde_json::Value> = serde_json::from_slice(&bytes[8..end])
            .map_err(|e| AssetError::Shape(format!("the safetensors header is not JSON: {e}")))?;
        let entries = header
            .into_iter()
            .filter(|(name, _)| name != "__metadata__")
            .map(|(name, value)| {
                serde_json::from_value(value)
                    .map(|entry| (name.clone(), entry))
                    .map_err(|e| AssetError::Shape(format!("safetensors entry {name}: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Safetensors {
            entries,
            data: &bytes[end..],
        })
    }

    /// The F32 tensor `name` as rows × cols (a 1-D tensor is one row), checked against `shape`.
    pub fn tensor(&self, name: &str, shape: [usize; 2]) -> Result<Tensor, AssetError> {
        let entry = self
            .entries
            .get(name)
            .ok_or_else(|| AssetError::Shape(format!("the safetensors file has no {name}")))?;
        let found = match entry.shape[..] {
            [n] => [1, n],
            [rows, cols] => [rows, cols],
            _ => [0, 0],
        };
        if entry.dtype != "F32" || found != shape {
            return Err(AssetError::Shape(format!(
                "{name} is {} {:?}, expected F32 {shape:?}",
                entry.dtype, entry.shape
            )));
        }
        let [start, end] = entry.data_offsets;
        let raw = self
            .data
            .get(start..end)
            .filter(|raw| raw.len() == 4 * shape[0] * shape[1])
            .ok_or(AssetError::Truncated {
                what: "safetensors data",
                at: start,
            })?;
        Ok(Tensor::F32 {
            rows: shape[0],
            cols: shape[1],
            data: raw
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                .collect(),
        })
    }

    /// The row count of tensor `name`, if it exists (the vocabulary size of the word embedding).
    pub fn rows(&self, name: &str) -> Option<usize> {
        self.entries
            .get(name)
            .and_then(|e| e.shape.first().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(header: &str, data: &[f32]) -> Vec<u8> {
        let mut out = (header.len() as u64).to_le_bytes().to_vec();
        out.extend(header.as_bytes());
        out.extend(data.iter().flat_map(|v| v.to_le_bytes()));
        out
    }

    #[test]
    fn reads_a_tensor_by_name() {
        let header = r#"{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"w":{"dtype":"F32","shape":[1,2],"data_offsets":[12,20]}}"#;
        let bytes = file(header, &[1.0, 2.0, 3.0, -4.0, 5.5]);
        let st = Safetensors::parse(&bytes).unwrap();
        assert_eq!(st.rows("w"), Some(1));
        let Tensor::F32 { data, .. } = st.tensor("w", [1, 2]).unwrap() else {
            panic!("f32")
        };
        assert_eq!(data, [-4.0, 5.5]);
        assert!(st.tensor("b", [1, 3]).is_ok());
        assert!(matches!(st.tensor("b", [3, 1]), Err(AssetError::Shape(_))));
        assert!(matches!(st.tensor("x", [1, 1]), Err(AssetError::Shape(_))));
        let cut = &bytes[..bytes.len() - 4];
        assert!(matches!(
            Safetensors::parse(cut).unwrap().tensor("w", [1, 2]),
            Err(AssetError::Truncated { .. })
        ));
        assert!(matches!(
            Safetensors::parse(&bytes[..20]),
            Err(AssetError::Truncated { .. })
        ));
    }
}
