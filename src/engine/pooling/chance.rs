//! How often the motif occurs by chance in a background sequence — the floor under every
//! classifier. A background sequence that happens to carry the whole motif is distributed
//! exactly like an intact witness, so when this rate is near the witness rate w, positive and
//! negative bags hold about as many motifs and even an oracle that knows the generator cannot
//! separate them (SGAY, the former default, occurred by chance in 0.12 % of sequences against
//! w = 0.1 %, and bounded the oracle's AUC at 0.89–0.94). The default motif is chosen so this
//! rate is far below w, while its 3-residue pieces stay common in the background.
//!
//! The rate is computed exactly, not sampled: a small automaton reads a sequence residue by
//! residue and keeps the set of motif starts still matching (a bit mask of at most
//! [`MOTIF_LEN`](super::config::MOTIF_LEN)`.1` bits); the probability of each set after each
//! residue follows from the background frequencies, and a set reaching the motif's end is a
//! hit. Summed over the uniform lengths, that is P(sequence contains the motif).

use super::data::{self, BACKGROUND, LENGTHS};

/// P(a background sequence contains `motif`) — letters and `.` wildcards, as
/// [`motif_problem`](super::config::motif_problem) accepts — under the background residue
/// frequencies and uniform lengths of [`data`]. 0 for a motif longer than every sequence.
pub fn chance_rate(motif: &str) -> f64 {
    let pattern: Vec<Option<u8>> = motif.bytes().map(data::code_of).collect();
    let k = pattern.len();
    if k == 0 || k > 16 {
        return 0.0;
    }
    let total: u32 = BACKGROUND.iter().sum();
    let freq: Vec<f64> = BACKGROUND
        .iter()
        .map(|&w| w as f64 / total as f64)
        .collect();
    // consistent[c]: bit j set when residue c may sit at motif position j.
    let consistent: Vec<u32> = (0..BACKGROUND.len() as u8)
        .map(|c| {
            pattern
                .iter()
                .enumerate()
                .filter(|(_, m)| m.is_none_or(|m| m == c))
                .fold(0, |mask, (j, _)| mask | 1 << j)
        })
        .collect();
    let done = 1u32 << (k - 1);
    // Bit j of a state: a start j residues back still matches the motif's first j + 1 letters.
    let mut states = vec![0.0f64; 1 << k];
    states[0] = 1.0;
    let (mut hit, mut by_length) = (0.0f64, 0.0f64);
    for position in 1..=LENGTHS.1 {
        let mut next = vec![0.0f64; 1 << k];
        for (state, &p) in states.iter().enumerate().filter(|(_, p)| **p > 0.0) {
            for (c, &f) in freq.iter().enumerate() {
                let grown = ((state as u32) << 1 | 1) & consistent[c];
                if grown & done != 0 {
                    hit += p * f;
                } else {
                    next[grown as usize] += p * f;
                }
            }
        }
        states = next;
        if position >= LENGTHS.0 {
            by_length += hit;
        }
    }
    by_length / (LENGTHS.1 - LENGTHS.0 + 1) as f64
}

#[cfg(test)]
mod tests {
    use super::super::config::PoolConfig;
    use super::super::data::{Split, generate};
    use super::*;

    #[test]
    fn the_default_motif_is_rare_by_chance_and_its_pieces_are_not() {
        let config = PoolConfig::default();
        let rate = chance_rate(&config.motif);
        // 5.6e-5, 18 times below the witness rate: a negative bag of N = 10 000 holds ≈ 0.56
        // chance motifs against 10 witnesses in a positive one (≈ 6 of them intact).
        assert!(
            rate < config.witness_rate as f64 / 15.0,
            "chance rate {rate} against w = {}",
            config.witness_rate
        );
        assert!(rate > 1e-6, "{rate}");
        // The former default SGAY: as common by chance as the witnesses.
        let sgay = chance_rate("SGAY");
        assert!((1e-3..1.3e-3).contains(&sgay), "{sgay}");
        // The motif's 3-residue pieces stay common: the background shares its k-mers.
        let piece = chance_rate(&config.motif[..3]);
        assert!(piece > 5e-3, "{piece}");
    }

    #[test]
    fn the_exact_rate_agrees_with_sampled_background() {
        // A motif common enough to count in 200 000 sequences (its rate ≈ 1 %), with a
        // wildcard; a negative bag without decoys is pure background.
        let config = PoolConfig {
            decoy_rate: 0.0,
            ..PoolConfig::default()
        };
        let n = 200_000;
        let bag = generate(&config, Split::Fresh, 7, n, false);
        for motif in ["SG.", "SGA", "S.GY"] {
            let pattern: Vec<Option<u8>> = motif.bytes().map(data::code_of).collect();
            let hits = (0..n)
                .filter(|&i| {
                    bag.sequence(i).windows(pattern.len()).any(|w| {
                        w.iter()
                            .zip(&pattern)
                            .all(|(c, m)| m.is_none_or(|m| m == *c))
                    })
                })
                .count();
            let expected = chance_rate(motif) * n as f64;
            let sigma = expected.sqrt();
            assert!(
                (hits as f64 - expected).abs() < 4.0 * sigma,
                "{motif}: {hits} sampled, {expected:.1} expected"
            );
        }
    }

    #[test]
    fn edge_cases() {
        assert_eq!(chance_rate(""), 0.0);
        assert_eq!(chance_rate("AAAAAAAAAAAAAAAAAAAA"), 0.0);
        // Every sequence contains a wildcard.
        assert!((chance_rate(".") - 1.0).abs() < 1e-12);
    }
}
