//! Typed errors of the engine. The UI turns them into messages next to the control that
//! caused them; the CLI turns them into a one-line message and exit code 2. The engine never
//! panics on user input: every check that user input can fail returns one of these.

use thiserror::Error;

/// Everything that can go wrong when building or running a network from user input.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EngineError {
    /// A pattern set or query has no entries at all.
    #[error("{what} is empty")]
    Empty { what: &'static str },
    /// Two vectors that must have the same dimension d do not.
    #[error("{what} has dimension {found}, expected {expected}")]
    DimensionMismatch {
        what: &'static str,
        expected: usize,
        found: usize,
    },
    /// A NaN or infinite value in user data.
    #[error("{what} contains a non-finite value at index {index}")]
    NonFinite { what: &'static str, index: usize },
    /// A size that would exhaust memory or time; the message names the limit.
    #[error("{what} = {value} exceeds the limit of {limit}: reduce {what} to stay under it")]
    TooLarge {
        what: &'static str,
        value: usize,
        limit: usize,
    },
    /// A numeric parameter outside the range the engine supports.
    #[error(
        "{name} = {} is outside the supported range [{}, {}]",
        short(*value),
        short(*min),
        short(*max)
    )]
    OutOfRange {
        name: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
    /// A pattern index that does not exist in the current set.
    #[error("pattern index {index} does not exist (the set has {count} patterns)")]
    NoSuchPattern { index: usize, count: usize },
    /// Training produced a loss that is not finite; the curves up to `step` stay valid.
    #[error("training diverged at step {step}: the loss is {loss}; lower the learning rate")]
    Diverged { step: usize, loss: f32 },
    /// A linear-algebra step failed (for example a singular Gram matrix for the pseudo-inverse rule).
    #[error("{0}")]
    Numerical(String),
}

/// A number as a person would write it: f32's shortest form, so that a limit given as an f32
/// (1e-4) does not print as its f64 widening (0.00009999999747378752).
fn short(value: f64) -> String {
    format!("{}", value as f32)
}

/// Result type of every fallible engine function.
pub type Result<T> = std::result::Result<T, EngineError>;

/// Checks that `value` is finite and lies in `[min, max]`; used for every numeric parameter.
pub fn check_range(name: &'static str, value: f64, min: f64, max: f64) -> Result<()> {
    if value.is_finite() && value >= min && value <= max {
        Ok(())
    } else {
        Err(EngineError::OutOfRange {
            name,
            value,
            min,
            max,
        })
    }
}

/// Checks that every entry of `values` is finite. Blocks of [`FINITE_BLOCK`] entries are tested
/// without a branch per entry (an OR of "not finite", which the compiler turns into vector
/// code); only a block that fails is searched for the first bad index. A pattern set of
/// thousands of patterns is checked at memory speed instead of one compare-and-jump per float.
pub fn check_finite(what: &'static str, values: &[f32]) -> Result<()> {
    let bad = |block: &[f32]| block.iter().fold(false, |bad, v| bad | !v.is_finite());
    for (b, block) in values.chunks(FINITE_BLOCK).enumerate() {
        if bad(block) {
            let index = block.iter().position(|v| !v.is_finite()).unwrap_or(0);
            return Err(EngineError::NonFinite {
                what,
                index: b * FINITE_BLOCK + index,
            });
        }
    }
    Ok(())
}

/// Entries [`check_finite`] tests at a time.
const FINITE_BLOCK: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_check_rejects_nan_and_bounds() {
        assert!(check_range("beta", 1.0, 0.0, 2.0).is_ok());
        assert!(check_range("beta", f64::NAN, 0.0, 2.0).is_err());
        assert!(check_range("beta", 3.0, 0.0, 2.0).is_err());
        let msg = check_range("beta", -1.0, 0.0, 2.0).unwrap_err().to_string();
        assert!(msg.contains("beta"), "{msg}");
        let msg = check_range("β", 0.0, 1e-4f32 as f64, 1e4)
            .unwrap_err()
            .to_string();
        assert_eq!(msg, "β = 0 is outside the supported range [0.0001, 10000]");
    }

    #[test]
    fn finite_check_names_the_index() {
        assert_eq!(
            check_finite("query", &[0.0, f32::INFINITY]),
            Err(EngineError::NonFinite {
                what: "query",
                index: 1
            })
        );
    }

    #[test]
    fn finite_check_finds_the_first_bad_entry_in_any_block() {
        for len in [1, 63, 64, 65, 200] {
            let good = vec![1.5f32; len];
            assert_eq!(check_finite("x", &good), Ok(()));
            for index in [0, len / 2, len - 1] {
                for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
                    let mut values = good.clone();
                    values[index] = bad;
                    values[len - 1] = if index == len - 1 { bad } else { f32::NAN };
                    assert_eq!(
                        check_finite("x", &values),
                        Err(EngineError::NonFinite { what: "x", index }),
                        "len {len}, bad entry at {index}"
                    );
                }
            }
        }
    }
}
