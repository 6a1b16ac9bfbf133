//! Synthetic immune repertoires: bags of amino-acid sequences, some of which carry an implanted
//! motif (DeepRC's implanted-motif setting). Everything is drawn from the seed; nothing is
//! downloaded. A bag stores one residue per byte with sequence offsets (about 21 bytes per
//! sequence), never one-hot floats, so 300 000 sequences take 6 MB, not 380 MB.
//!
//! The data is hard on purpose, as real repertoires are: the background is drawn from a skewed
//! residue distribution in which the motif's residues are common, so the motif's 3-residue
//! pieces occur by chance in about 1 % of background sequences; implanted motifs carry
//! substitutions (10 % a residue: 59 % of witnesses of a 5-residue motif are intact); and every
//! bag, positive or negative, holds decoys — sequences carrying the motif minus its first or
//! last residue — at the decoy rate. A witness must be told apart from tens of sequences per
//! bag that share most of its k-mers. What it must not share them with is the whole motif by
//! chance: that rate (`chance::chance_rate`) is kept far below w, or no classifier can count
//! witnesses that background sequences imitate exactly.

use super::config::PoolConfig;
use crate::engine::SeededRng;

/// The 20 amino acids in the order of their codes 0..20.
pub const ALPHABET: &[u8; 20] = b"ACDEFGHIKLMNPQRSTVWY";
/// Relative background frequencies (per mille, CDR3-like: S, G, Y, A common; C, H, M rare),
/// in the order of [`ALPHABET`]; sampled exactly with integers.
pub const BACKGROUND: [u32; 20] = [
    70, 20, 60, 50, 40, 100, 10, 20, 20, 50, 10, 40, 40, 40, 50, 140, 60, 30, 20, 80,
];
/// Shortest and longest sequence.
pub const LENGTHS: (usize, usize) = (12, 18);
/// Bytes one sequence takes on average: its residues, its offset (u32), its flags.
pub const BYTES_PER_SEQUENCE: usize = (LENGTHS.0 + LENGTHS.1) / 2 + 4 + 2;
/// Marks a motif position that keeps the background residue.
pub const WILDCARD: u8 = b'.';
/// "No motif here" in [`Bag`]'s motif starts.
const NO_MOTIF: u8 = u8::MAX;

/// One repertoire: N sequences as bytes, which of them are witnesses, where their motif sits.
#[derive(Debug, Clone, PartialEq)]
pub struct Bag {
    /// Residue codes (0..20) of all sequences, one after the other.
    residues: Vec<u8>,
    /// Sequence n is `residues[offsets[n]..offsets[n + 1]]`.
    offsets: Vec<u32>,
    /// Start of the implanted motif in sequence n, or [`NO_MOTIF`].
    motif_start: Vec<u8>,
    /// Whether the bag is positive (its label).
    pub positive: bool,
}

impl Bag {
    /// Number of sequences N.
    pub fn len(&self) -> usize {
        self.motif_start.len()
    }

    /// Whether the bag holds no sequence.
    pub fn is_empty(&self) -> bool {
        self.motif_start.is_empty()
    }

    /// Residue codes of sequence `n`.
    pub fn sequence(&self, n: usize) -> &[u8] {
        &self.residues[self.offsets[n] as usize..self.offsets[n + 1] as usize]
    }

    /// Whether sequence `n` carries the implanted motif.
    pub fn is_witness(&self, n: usize) -> bool {
        self.motif_start[n] != NO_MOTIF
    }

    /// Number of witness sequences.
    pub fn witnesses(&self) -> usize {
        (0..self.len()).filter(|&n| self.is_witness(n)).count()
    }

    /// Residue range of the implanted motif in sequence `n` (for highlighting).
    pub fn motif_range(&self, n: usize, motif_len: usize) -> Option<std::ops::Range<usize>> {
        let start = self.motif_start[n];
        (start != NO_MOTIF).then(|| start as usize..start as usize + motif_len)
    }

    /// Sequence `n` in amino-acid letters.
    pub fn letters(&self, n: usize) -> String {
        self.sequence(n)
            .iter()
            .map(|&c| ALPHABET[c as usize] as char)
            .collect()
    }

    /// Bytes this bag occupies.
    pub fn memory_bytes(&self) -> usize {
        self.residues.len() + 4 * self.offsets.len() + self.motif_start.len() + size_of::<Self>()
    }
}

/// Which set a bag belongs to: each set draws from its own seed stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Training bags.
    Train,
    /// Held-out bags (AUC, attention).
    HeldOut,
    /// Bags generated after training (the repertoire-scale evaluation).
    Fresh,
}

/// The seed of bag `index` of `split`: SplitMix64 of the three, so a bag does not depend on how
/// many other bags there are or on their size.
fn bag_seed(seed: u64, split: Split, index: u64) -> u64 {
    let mut z = seed
        ^ (split as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ index.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A background residue code.
fn residue(rng: &mut SeededRng) -> u8 {
    let total: u32 = BACKGROUND.iter().sum();
    let mut r = rng.below(total as usize) as u32;
    for (code, &w) in BACKGROUND.iter().enumerate() {
        if r < w {
            return code as u8;
        }
        r -= w;
    }
    (BACKGROUND.len() - 1) as u8
}

/// Code of a motif letter, `None` for the wildcard.
pub fn code_of(letter: u8) -> Option<u8> {
    ALPHABET.iter().position(|&a| a == letter).map(|c| c as u8)
}

/// Marks `count` distinct indices of `0..n` not yet taken in `taken` and returns them in order.
fn pick(rng: &mut SeededRng, taken: &mut [bool], count: usize) -> Vec<usize> {
    let mut picked = Vec::with_capacity(count);
    while picked.len() < count {
        let i = rng.below(taken.len());
        if !taken[i] {
            taken[i] = true;
            picked.push(i);
        }
    }
    picked.sort_unstable();
    picked
}

/// Writes `piece` (letters, wildcards kept) into `seq` at `at`, each fixed residue replaced by a
/// background draw with probability `substitution`.
fn implant(rng: &mut SeededRng, seq: &mut [u8], at: usize, piece: &[u8], substitution: f32) {
    for (slot, &letter) in seq[at..].iter_mut().zip(piece) {
        if let Some(code) = code_of(letter) {
            *slot = if rng.uniform() < substitution {
                residue(rng)
            } else {
                code
            };
        }
    }
}

/// Bag `index` of `split` with `sequences` sequences under `config` (its motif, witness and
/// decoy rates, seed). Positive bags hold max(1, round(w·N)) witnesses. The index is a u64 so
/// a fresh bag's seed means the same bag natively and in wasm (where usize has 32 bits).
pub fn generate(
    config: &PoolConfig,
    split: Split,
    index: u64,
    sequences: usize,
    positive: bool,
) -> Bag {
    let mut rng = SeededRng::new(bag_seed(config.seed, split, index));
    let motif = config.motif.as_bytes();
    let mut residues = Vec::with_capacity(sequences * (LENGTHS.0 + LENGTHS.1) / 2);
    let mut offsets = Vec::with_capacity(sequences + 1);
    offsets.push(0u32);
    for _ in 0..sequences {
        let len = LENGTHS.0 + rng.below(LENGTHS.1 - LENGTHS.0 + 1);
        residues.extend((0..len).map(|_| residue(&mut rng)));
        offsets.push(residues.len() as u32);
    }
    let mut taken = vec![false; sequences];
    let mut motif_start = vec![NO_MOTIF; sequences];
    let witnesses = if positive {
        ((config.witness_rate as f64 * sequences as f64).round() as usize).clamp(1, sequences)
    } else {
        0
    };
    let decoys =
        ((config.decoy_rate as f64 * sequences as f64).round() as usize).min(sequences - witnesses);
    for n in pick(&mut rng, &mut taken, witnesses) {
        let (a, b) = (offsets[n] as usize, offsets[n + 1] as usize);
        let at = rng.below(b - a - motif.len() + 1);
        implant(
            &mut rng,
            &mut residues[a..b],
            at,
            motif,
            config.substitution,
        );
        motif_start[n] = at as u8;
    }
    for n in pick(&mut rng, &mut taken, decoys) {
        let (a, b) = (offsets[n] as usize, offsets[n + 1] as usize);
        let seq = &mut residues[a..b];
        let k = motif.len();
        let at = rng.below(seq.len() - k + 2);
        // The residue beside the piece must not complete the motif: a decoy is never a witness.
        let (piece, beside, missing) = if rng.below(2) == 0 {
            (&motif[1..], at.checked_sub(1), motif[0])
        } else {
            (
                &motif[..k - 1],
                Some(at + k - 1).filter(|&i| i < seq.len()),
                motif[k - 1],
            )
        };
        implant(&mut rng, seq, at, piece, config.substitution);
        if let (Some(i), Some(code)) = (beside, code_of(missing)) {
            while seq[i] == code {
                seq[i] = residue(&mut rng);
            }
        }
    }
    Bag {
        residues,
        offsets,
        motif_start,
        positive,
    }
}

/// The held-out bags of `config`: labels alternate (even index positive), so the set is
/// balanced, as are the training bags; every method generates the very same bags from the seed.
pub fn held_out(config: &PoolConfig) -> Vec<Bag> {
    (0..config.bags_held_out)
        .map(|i| {
            generate(
                config,
                Split::HeldOut,
                i as u64,
                config.sequences,
                i.is_multiple_of(2),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bags_are_deterministic_compact_and_carry_their_witnesses() {
        let config = PoolConfig {
            sequences: 5000,
            witness_rate: 0.002,
            ..PoolConfig::default()
        };
        let a = generate(&config, Split::Train, 3, 5000, true);
        assert_eq!(a, generate(&config, Split::Train, 3, 5000, true));
        assert_ne!(a, generate(&config, Split::HeldOut, 3, 5000, true));
        assert_eq!(a.len(), 5000);
        assert_eq!(a.witnesses(), 10);
        assert!(a.memory_bytes() < 5000 * (BYTES_PER_SEQUENCE + 4));
        for n in 0..a.len() {
            assert!((LENGTHS.0..=LENGTHS.1).contains(&a.sequence(n).len()));
            assert!(a.sequence(n).iter().all(|&c| (c as usize) < ALPHABET.len()));
        }
        let negative = generate(&config, Split::Train, 4, 5000, false);
        assert_eq!(negative.witnesses(), 0);
    }

    #[test]
    fn witnesses_show_the_motif_where_they_say() {
        let config = PoolConfig {
            sequences: 2000,
            witness_rate: 0.05,
            substitution: 0.0,
            ..PoolConfig::default()
        };
        let bag = generate(&config, Split::Train, 0, 2000, true);
        let motif = config.motif.as_bytes();
        for n in (0..bag.len()).filter(|&n| bag.is_witness(n)) {
            let range = bag.motif_range(n, motif.len()).unwrap();
            let text = bag.letters(n);
            for (got, &want) in text[range].bytes().zip(motif) {
                assert!(
                    want == WILDCARD || got == want,
                    "{text} vs {:?}",
                    config.motif
                );
            }
        }
    }

    #[test]
    fn background_shares_the_motifs_pieces() {
        // The motif's 3-residue prefix occurs by chance and through decoys in negative bags,
        // far more often than the witnesses of a positive bag at 0.1 %.
        let config = PoolConfig::default();
        let bag = generate(&config, Split::Train, 1, 10_000, false);
        let prefix = &config.motif[..3];
        let hits = (0..bag.len())
            .filter(|&n| bag.letters(n).contains(prefix))
            .count();
        assert!(hits > 30, "{hits}");
    }
}
