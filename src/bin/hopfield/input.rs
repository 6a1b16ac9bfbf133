//! Reading a command's JSON input and taking typed fields out of it. Every accessor names its
//! field in the error, and [`Fields::finish`] rejects any field nobody asked for, so a typo
//! like `"betta"` is an error instead of a silently ignored setting.

use std::io::Read;

use serde_json::{Map, Value};

use crate::args::CliError;

/// Largest JSON input accepted (256 MiB): a generous ceiling above the engine's own size limits.
const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Reads the whole input: the file `path`, or standard input for `-` or no path.
pub fn read_input(path: Option<&str>) -> Result<String, CliError> {
    let mut text = String::new();
    let result = match path {
        None | Some("-") => std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_string(&mut text),
        Some(path) => std::fs::File::open(path)
            .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_string(&mut text)),
    };
    let source = path.filter(|p| *p != "-").unwrap_or("standard input");
    result.map_err(|e| CliError::usage(format!("cannot read {source}: {e}")))?;
    if text.len() as u64 > MAX_INPUT_BYTES {
        return Err(CliError::usage(format!(
            "{source} is larger than {MAX_INPUT_BYTES} bytes"
        )));
    }
    Ok(text)
}

/// The fields of one JSON object, taken out one by one.
pub struct Fields {
    map: Map<String, Value>,
}

impl Fields {
    /// Parses `text` as one JSON object.
    pub fn parse(text: &str) -> Result<Self, CliError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| CliError::usage(format!("input is not valid JSON: {e}")))?;
        match value {
            Value::Object(map) => Ok(Self { map }),
            _ => Err(CliError::usage("input must be a JSON object")),
        }
    }

    /// Wraps an already parsed nested object (for example a β range).
    pub fn from_map(map: Map<String, Value>) -> Self {
        Self { map }
    }

    /// Removes and returns the raw value of `name`.
    pub fn take(&mut self, name: &str) -> Option<Value> {
        self.map.remove(name)
    }

    /// Whether `name` is present.
    pub fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// A string field, or `default` when absent.
    pub fn string_or(&mut self, name: &str, default: &str) -> Result<String, CliError> {
        match self.take(name) {
            None => Ok(default.to_string()),
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(CliError::field(
                name,
                format!("expected a string, got {other}"),
            )),
        }
    }

    /// A finite number field, or `default` when absent.
    pub fn number_or(&mut self, name: &str, default: f64) -> Result<f64, CliError> {
        match self.take(name) {
            None => Ok(default),
            Some(value) => number(name, &value),
        }
    }

    /// A non-negative integer field, or `default` when absent.
    pub fn integer_or(&mut self, name: &str, default: u64) -> Result<u64, CliError> {
        match self.take(name) {
            None => Ok(default),
            Some(value) => integer(name, &value),
        }
    }

    /// A required list of equally long number lists (patterns as rows).
    pub fn rows(&mut self, name: &str) -> Result<Vec<Vec<f32>>, CliError> {
        let value = self
            .take(name)
            .ok_or_else(|| CliError::field(name, "required (a list of patterns, one per row)"))?;
        let Value::Array(rows) = value else {
            return Err(CliError::field(name, "expected a list of number lists"));
        };
        rows.iter()
            .enumerate()
            .map(|(i, row)| vector_of(name, row, &format!("[{i}]")))
            .collect()
    }

    /// A required list of numbers.
    pub fn vector(&mut self, name: &str) -> Result<Vec<f32>, CliError> {
        let value = self
            .take(name)
            .ok_or_else(|| CliError::field(name, "required (a list of numbers)"))?;
        vector_of(name, &value, "")
    }

    /// Fails on the first field that was not taken, naming it and the accepted ones.
    pub fn finish(self, known: &[&str]) -> Result<(), CliError> {
        match self.map.keys().next() {
            Some(name) => Err(CliError::field(
                name,
                format!("unknown field (accepted: {})", known.join(", ")),
            )),
            None => Ok(()),
        }
    }
}

/// A finite JSON number (as f64).
pub fn number(name: &str, value: &Value) -> Result<f64, CliError> {
    value
        .as_f64()
        .filter(|v| v.is_finite())
        .ok_or_else(|| CliError::field(name, format!("expected a number, got {value}")))
}

/// A non-negative JSON integer.
pub fn integer(name: &str, value: &Value) -> Result<u64, CliError> {
    value.as_u64().ok_or_else(|| {
        CliError::field(
            name,
            format!("expected a non-negative integer, got {value}"),
        )
    })
}

/// A JSON list of numbers that are finite in f32; `at` locates the list inside the field.
fn vector_of(name: &str, value: &Value, at: &str) -> Result<Vec<f32>, CliError> {
    let Value::Array(items) = value else {
        return Err(CliError::field(
            name,
            format!("{at} expected a list of numbers"),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(j, item)| {
            item.as_f64()
                .map(|v| v as f32)
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    CliError::field(name, format!("{at}[{j}] is not a finite number: {item}"))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_typed_and_named() {
        let mut f =
            Fields::parse(r#"{"beta": 2, "model": "dense", "patterns": [[1, 2], [3, 1e300]]}"#)
                .unwrap();
        assert_eq!(f.number_or("beta", 1.0).unwrap(), 2.0);
        assert_eq!(f.string_or("model", "modern").unwrap(), "dense");
        assert_eq!(f.integer_or("seed", 4).unwrap(), 4);
        let err = f.rows("patterns").unwrap_err();
        assert!(err.message.contains("field \"patterns\": [1][1]"), "{err}");
        assert!(f.finish(&[]).is_ok());
    }

    #[test]
    fn unknown_and_mistyped_fields_are_errors() {
        let mut f = Fields::parse(r#"{"betta": 2, "seed": -1}"#).unwrap();
        assert!(
            f.integer_or("seed", 0)
                .unwrap_err()
                .message
                .contains("\"seed\"")
        );
        let err = f.finish(&["beta"]).unwrap_err();
        assert!(
            err.message.starts_with("field \"betta\": unknown field"),
            "{err}"
        );
        assert!(Fields::parse("[1]").is_err());
        assert!(Fields::parse("{").is_err());
    }
}
