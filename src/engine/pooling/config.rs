//! The settings of a pooling experiment, their ranges and defaults (the view's defaults), and
//! the memory they need. One table of ranges serves the strict check (the CLI: an error naming
//! the setting), the clamping check (the view: a notice naming it) and the share link.

use super::data::{self, BYTES_PER_SEQUENCE};
use crate::engine::error::{EngineError, Result, check_range};

/// Most bytes of sequences held at once — the held-out bags and the training bag of the step
/// (training bags are generated when used, not kept), ≈ 21 bytes a sequence: 1 GiB, so with
/// the working buffers, the model and the view's own data they fit a 4 GB wasm heap with room
/// to spare (N = 300 000 allows 169 held-out bags).
pub const MAX_SEQUENCE_BYTES: usize = 1 << 30;
/// Name of the combined setting in the refusal.
pub const TOTAL_NAME: &str = "sequence bytes of sequences × (held-out + 1) bags";
/// Range of N, the sequences of one bag.
pub const SEQUENCES: (usize, usize) = (1_000, 300_000);
/// Range of the witness rate w (fraction of a positive bag's sequences carrying the motif).
pub const WITNESS: (f32, f32) = (1e-4, 0.1);
/// Range of the decoy rate (fraction of every bag's sequences carrying a partial motif).
pub const DECOY: (f32, f32) = (0.0, 0.05);
/// Range of the per-residue substitution probability of implanted motifs.
pub const SUBSTITUTION: (f32, f32) = (0.0, 0.5);
/// Range of the number of training bags (generated when used, so many cost no memory).
pub const BAGS: (usize, usize) = (2, 100_000);
/// Range of the number of held-out bags (kept for the read-outs).
pub const HELD_OUT: (usize, usize) = (2, 2_000);
/// Range of the number of training steps (one bag each).
pub const STEPS: (usize, usize) = (1, 100_000);
/// Range of a fixed β (and of the learned β's start).
pub const BETA: (f32, f32) = (1e-3, 1e3);
/// Range of Adam's learning rate.
pub const LEARNING_RATE: (f32, f32) = (1e-5, 1.0);
/// Range of the decoupled weight decay of the k-mer table (per unit of learning rate).
pub const WEIGHT_DECAY: (f32, f32) = (0.0, 100.0);
/// Range of the bags per training step (their gradients averaged).
pub const BATCH: (usize, usize) = (1, 64);
/// Motif lengths accepted (letters, wildcards included).
pub const MOTIF_LEN: (usize, usize) = (3, 6);

/// Whether β is a fixed setting or a learned parameter (started at `beta`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BetaMode {
    /// β stays at the configured value.
    Fixed,
    /// log β is trained with the rest, from the configured value.
    Learned,
}

/// Everything that defines a pooling experiment; `Default` is what the view opens with.
///
/// The default motif SGAYR is five of the commoner residues: its 3-residue pieces occur by
/// chance in about 1 % of background sequences, the whole motif in 0.0056 %
/// ([`chance_rate`](super::chance::chance_rate)), 18 times rarer than the witnesses at
/// w = 0.1 %. The former SGAY was as common by chance as the witnesses, which capped even an
/// oracle at AUC 0.89–0.94. 600 steps keep the three methods' training within two minutes in
/// a browser worker.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolConfig {
    /// N, sequences per bag.
    pub sequences: usize,
    /// w, the fraction of a positive bag's sequences that carry the motif.
    pub witness_rate: f32,
    /// The implanted motif: amino-acid letters, `.` for a wildcard (not at either end).
    pub motif: String,
    /// Probability that an implanted motif residue is replaced by a background residue.
    pub substitution: f32,
    /// Fraction of every bag's sequences carrying the motif minus its first or last residue.
    pub decoy_rate: f32,
    /// Training bags (half positive).
    pub bags_train: usize,
    /// Held-out bags (half positive).
    pub bags_held_out: usize,
    /// Training steps, one bag each.
    pub steps: usize,
    /// β (fixed) or its starting value (learned).
    pub beta: f32,
    /// Fixed or learned β.
    pub beta_mode: BetaMode,
    /// Adam's learning rate.
    pub learning_rate: f32,
    /// Decoupled weight decay λ of the k-mer table of Hopfield pooling (the baselines train
    /// without): after each Adam step its rows shrink by the factor 1 − rate·λ (AdamW),
    /// pulling rows no consistent gradient holds back to zero.
    pub weight_decay: f32,
    /// Bags per training step, their gradients averaged.
    pub batch: usize,
    /// Whether the Hopfield scores read ℓ2-normalised keys (ξᵀkₙ/‖kₙ‖, see `model::forward`).
    pub key_norm: bool,
    /// Whether training starts at a high witness rate and lowers it to w (see
    /// `MethodTrainer::training_rate`).
    pub curriculum: bool,
    /// Seed of the data and of the model's initialisation.
    pub seed: u64,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            sequences: 10_000,
            witness_rate: 0.001,
            motif: "SGAYR".into(),
            substitution: 0.1,
            decoy_rate: 0.005,
            bags_train: 1_000,
            bags_held_out: 40,
            steps: 600,
            beta: 3.0,
            beta_mode: BetaMode::Learned,
            learning_rate: 1e-3,
            weight_decay: 1.0,
            batch: 1,
            key_norm: true,
            curriculum: true,
            seed: 1,
        }
    }
}

/// Why `motif` is not a valid motif, if it is not.
pub fn motif_problem(motif: &str) -> Option<String> {
    let bytes = motif.as_bytes();
    let (lo, hi) = MOTIF_LEN;
    if !(lo..=hi).contains(&bytes.len()) {
        return Some(format!("must have {lo} to {hi} letters"));
    }
    if let Some(&bad) = bytes
        .iter()
        .find(|&&b| b != data::WILDCARD && data::code_of(b).is_none())
    {
        return Some(format!(
            "“{}” is neither an amino-acid letter (ACDEFGHIKLMNPQRSTVWY) nor the wildcard .",
            bad as char
        ));
    }
    let wildcards = bytes.iter().filter(|&&b| b == data::WILDCARD).count();
    if wildcards > 1 || bytes[0] == data::WILDCARD || bytes[bytes.len() - 1] == data::WILDCARD {
        return Some("may hold one wildcard . and not at either end".into());
    }
    None
}

impl PoolConfig {
    /// Checks every setting; the error names the first one out of range.
    pub fn check(&self) -> Result<()> {
        let int = |name, v: usize, (lo, hi): (usize, usize)| {
            check_range(name, v as f64, lo as f64, hi as f64)
        };
        let real =
            |name, v: f32, (lo, hi): (f32, f32)| check_range(name, v as f64, lo as f64, hi as f64);
        int("sequences", self.sequences, SEQUENCES)?;
        real("witness", self.witness_rate, WITNESS)?;
        real("decoys", self.decoy_rate, DECOY)?;
        real("substitution", self.substitution, SUBSTITUTION)?;
        int("bags", self.bags_train, BAGS)?;
        int("held-out", self.bags_held_out, HELD_OUT)?;
        int("steps", self.steps, STEPS)?;
        real("beta", self.beta, BETA)?;
        real("learning-rate", self.learning_rate, LEARNING_RATE)?;
        real("weight-decay", self.weight_decay, WEIGHT_DECAY)?;
        int("batch", self.batch, BATCH)?;
        if let Some(problem) = motif_problem(&self.motif) {
            return Err(EngineError::Numerical(format!("motif: {problem}")));
        }
        let bytes = self.sequence_bytes();
        if bytes > MAX_SEQUENCE_BYTES {
            return Err(EngineError::TooLarge {
                what: TOTAL_NAME,
                value: bytes,
                limit: MAX_SEQUENCE_BYTES,
            });
        }
        Ok(())
    }

    /// Sequences held at once: the held-out bags and one training bag.
    pub fn total_sequences(&self) -> usize {
        self.sequences.saturating_mul(self.bags_held_out + 1)
    }

    /// Bytes one bag of N sequences takes (about 21 per sequence).
    pub fn bag_bytes(sequences: usize) -> usize {
        sequences.saturating_mul(BYTES_PER_SEQUENCE)
    }

    /// Bytes of the sequences held at once (what [`MAX_SEQUENCE_BYTES`] limits).
    pub fn sequence_bytes(&self) -> usize {
        self.total_sequences().saturating_mul(BYTES_PER_SEQUENCE)
    }

    /// Bytes one method's training holds: the held-out bags and one training bag, one bag's
    /// buffers (keys, scores, weights and their gradients, N·(d + 3)·4 bytes) and the model
    /// with its gradient and Adam state.
    pub fn memory_bytes(&self) -> usize {
        let work = self.sequences * (super::model::DIM + 3) * 4;
        self.sequence_bytes() + work + 4 * super::model::param_count() * 4
    }

    /// The settings clamped into their ranges (a bad motif becomes the default's, too many
    /// sequences in all lowers the bag counts), with one notice per change naming the setting
    /// and its range.
    pub fn clamped(&self) -> (Self, Vec<String>) {
        let mut s = self.clone();
        let mut notes = Vec::new();
        clamp_usize(&mut s.sequences, "sequences", SEQUENCES, &mut notes);
        clamp_f32(&mut s.witness_rate, "witness", WITNESS, &mut notes);
        clamp_f32(&mut s.decoy_rate, "decoys", DECOY, &mut notes);
        clamp_f32(
            &mut s.substitution,
            "substitution",
            SUBSTITUTION,
            &mut notes,
        );
        clamp_usize(&mut s.bags_train, "bags", BAGS, &mut notes);
        clamp_usize(&mut s.bags_held_out, "held-out", HELD_OUT, &mut notes);
        clamp_usize(&mut s.steps, "steps", STEPS, &mut notes);
        clamp_f32(&mut s.beta, "beta", BETA, &mut notes);
        clamp_f32(
            &mut s.learning_rate,
            "learning-rate",
            LEARNING_RATE,
            &mut notes,
        );
        clamp_f32(
            &mut s.weight_decay,
            "weight-decay",
            WEIGHT_DECAY,
            &mut notes,
        );
        clamp_usize(&mut s.batch, "batch", BATCH, &mut notes);
        if let Some(problem) = motif_problem(&s.motif) {
            notes.push(format!(
                "motif “{}” {problem}: used {}",
                s.motif,
                Self::default().motif
            ));
            s.motif = Self::default().motif;
        }
        if s.sequence_bytes() > MAX_SEQUENCE_BYTES {
            let bags = MAX_SEQUENCE_BYTES / Self::bag_bytes(s.sequences);
            let held_out = bags.saturating_sub(1).max(HELD_OUT.0);
            notes.push(format!(
                "held-out = {}: {TOTAL_NAME} = {} exceeds the limit {MAX_SEQUENCE_BYTES} (1 GiB): \
                 used {held_out} held-out bags",
                s.bags_held_out,
                s.sequence_bytes()
            ));
            s.bags_held_out = held_out;
        }
        (s, notes)
    }
}

fn clamp_usize(v: &mut usize, name: &str, (lo, hi): (usize, usize), notes: &mut Vec<String>) {
    if *v < lo || *v > hi {
        let used = (*v).clamp(lo, hi);
        notes.push(format!("{name} = {v} is outside {lo}…{hi}: used {used}"));
        *v = used;
    }
}

fn clamp_f32(v: &mut f32, name: &str, (lo, hi): (f32, f32), notes: &mut Vec<String>) {
    if !(*v >= lo && *v <= hi) {
        let used = if v.is_nan() { lo } else { v.clamp(lo, hi) };
        notes.push(format!("{name} = {v} is outside {lo}…{hi}: used {used}"));
        *v = used;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_clamping_names_the_setting() {
        let d = PoolConfig::default();
        assert_eq!(d.check(), Ok(()));
        assert_eq!(d.clamped(), (d.clone(), vec![]));
        let bad = PoolConfig {
            sequences: 5,
            witness_rate: f32::NAN,
            motif: "S.".into(),
            ..d.clone()
        };
        let msg = bad.check().unwrap_err().to_string();
        assert!(msg.contains("sequences"), "{msg}");
        let (fixed, notes) = bad.clamped();
        assert_eq!(fixed.check(), Ok(()));
        let text = notes.join("\n");
        for key in ["sequences", "witness", "motif"] {
            assert!(text.contains(key), "{text}");
        }
    }

    #[test]
    fn too_many_sequences_are_refused_with_the_limit() {
        let big = PoolConfig {
            sequences: 300_000,
            bags_held_out: 400,
            ..PoolConfig::default()
        };
        let msg = big.check().unwrap_err().to_string();
        assert!(
            msg.contains("sequence bytes") && msg.contains("1073741824"),
            "{msg}"
        );
        assert!(big.memory_bytes() > 1_000_000_000);
        let (fixed, notes) = big.clamped();
        assert_eq!(fixed.check(), Ok(()), "{notes:?}");
        assert_eq!(notes.len(), 1);
        assert!(PoolConfig::default().memory_bytes() < 25_000_000);
    }

    #[test]
    fn motifs_are_checked() {
        assert_eq!(motif_problem("SGAY"), None);
        assert_eq!(motif_problem("SG.Y"), None);
        assert!(motif_problem("SG").is_some());
        assert!(motif_problem("SGBY").is_some());
        assert!(motif_problem(".GAY").is_some());
        assert!(motif_problem("S..Y").is_some());
    }
}
