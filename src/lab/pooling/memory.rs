//! What a pooling experiment holds in memory, and the one refusal of settings past the limit:
//! the view (its form, its link, its worker's session) and `hopfield pool` call [`check`], so
//! the same settings are refused with the same message everywhere. Sequences are bytes (one
//! residue a byte, a u32 offset and a flag a sequence: ≈ 21 bytes), never one-hot floats.

use crate::engine::pooling::PoolConfig;
use crate::engine::pooling::config::{MAX_SEQUENCE_BYTES, SEQUENCES};
use crate::engine::pooling::model::{DIM, param_count};

/// Why settings are refused before any bag is drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemoryError {
    /// The sequences held at once would pass [`MAX_SEQUENCE_BYTES`].
    #[error(
        "{setting}: {sequences} sequences × ({held_out} held-out + 1 training) bags take {bytes} \
         bytes of sequences, past the limit of {limit} (1 GiB, for a 4 GB wasm heap); lower \
         sequences or held-out"
    )]
    TooManySequences {
        /// The setting named (the bag size N; held-out is the other factor).
        setting: &'static str,
        sequences: usize,
        held_out: usize,
        bytes: usize,
        limit: usize,
    },
    /// An evaluation bag outside the range of N.
    #[error("{setting} = {value} is outside {min}…{max}")]
    OutOfRange {
        setting: &'static str,
        value: usize,
        min: usize,
        max: usize,
    },
}

impl MemoryError {
    /// The setting (link parameter, CLI flag, form field) the refusal names.
    pub fn setting(&self) -> &'static str {
        match self {
            MemoryError::TooManySequences { setting, .. }
            | MemoryError::OutOfRange { setting, .. } => setting,
        }
    }
}

/// The bytes an experiment holds, by part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Memory {
    /// Sequences of the held-out bags and of the training bag of the step (what the limit
    /// counts).
    pub sequences: usize,
    /// One bag's pass buffers (keys, scores, weights, their gradients) for each of the three
    /// methods.
    pub buffers: usize,
    /// The three models with their gradients and Adam moments.
    pub models: usize,
}

impl Memory {
    /// All of it.
    pub fn total(&self) -> usize {
        self.sequences + self.buffers + self.models
    }
}

/// The bytes `config` needs while the three methods train on it (they share one copy of the
/// held-out bags, and train one bag at a time).
pub fn needed(config: &PoolConfig) -> Memory {
    Memory {
        sequences: config.sequence_bytes(),
        buffers: 3 * config.sequences.saturating_mul((DIM + 3) * 4),
        models: 3 * 4 * param_count() * 4,
    }
}

/// Refuses settings whose sequences held at once pass the limit, naming the setting; returns
/// what they need otherwise.
pub fn check(config: &PoolConfig) -> Result<Memory, MemoryError> {
    let bytes = config.sequence_bytes();
    if bytes > MAX_SEQUENCE_BYTES {
        return Err(MemoryError::TooManySequences {
            setting: "sequences",
            sequences: config.sequences,
            held_out: config.bags_held_out,
            bytes,
            limit: MAX_SEQUENCE_BYTES,
        });
    }
    Ok(needed(config))
}

/// Refuses an evaluation bag size outside the range of N; returns the bytes the evaluated
/// pair (a positive and a negative bag) takes.
pub fn check_evaluation(sequences: usize) -> Result<usize, MemoryError> {
    let (min, max) = SEQUENCES;
    if !(min..=max).contains(&sequences) {
        return Err(MemoryError::OutOfRange {
            setting: "evaluate sequences",
            value: sequences,
            min,
            max,
        });
    }
    Ok(2 * PoolConfig::bag_bytes(sequences))
}

/// Bytes as a person reads them (kB, MB, GB in powers of 1000; bytes below 1 kB).
pub fn show_bytes(bytes: usize) -> String {
    let b = bytes as f64;
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", b / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", b / 1e6),
        _ => format!("{:.2} GB", b / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_fit_and_a_gibibyte_of_sequences_is_refused_by_name() {
        let d = PoolConfig::default();
        let m = check(&d).unwrap();
        assert_eq!(m.sequences, 41 * 10_000 * 21);
        assert!(m.total() < 100_000_000, "{}", show_bytes(m.total()));
        // 300 000 sequences: 169 held-out bags fit, 170 do not.
        let fits = PoolConfig {
            sequences: 300_000,
            bags_held_out: 169,
            ..d.clone()
        };
        assert!(check(&fits).is_ok());
        let past = PoolConfig {
            bags_held_out: 170,
            ..fits.clone()
        };
        let e = check(&past).unwrap_err();
        assert_eq!(e.setting(), "sequences");
        let text = e.to_string();
        assert!(text.starts_with("sequences: 300000 sequences"), "{text}");
        assert!(
            text.contains("1 GiB") && text.contains("held-out"),
            "{text}"
        );
        // The engine refuses the same settings, and the link lowers the held-out bags.
        assert!(past.check().is_err() && fits.check().is_ok());
        assert_eq!(past.clamped().0.bags_held_out, 169);
    }

    #[test]
    fn evaluation_bags_are_checked_and_bytes_shown() {
        assert_eq!(check_evaluation(300_000), Ok(2 * 300_000 * 21));
        let e = check_evaluation(300_001).unwrap_err();
        assert_eq!(e.setting(), "evaluate sequences");
        assert!(check_evaluation(10).is_err());
        assert_eq!(show_bytes(999), "999 B");
        assert_eq!(show_bytes(6_300_000), "6.3 MB");
        assert_eq!(show_bytes(1_073_741_824), "1.07 GB");
    }
}
