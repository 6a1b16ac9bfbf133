//! Dense associative memory (Krotov & Hopfield 2016; Demircigil et al. 2017): ±1 states, energy
//! E(s) = −Σ_i F(x_iᵀs) with a polynomial or exponential interaction F, and the asynchronous
//! update s_j ← sgn Σ_i [F(x_ij + Σ_{l≠j} x_il s_l) − F(−x_ij + Σ_{l≠j} x_il s_l)], ties keeping s_j.
//!
//! The overlaps m = Xᵀs are kept up to date across flips (O(N) per flip), and so are the
//! per-pattern quantities the update needs, so one neuron evaluation is one O(N) pass over a
//! row of Xᵀ and a sweep costs O(dN) instead of O(d²N). These sums run in f64: for ±1 patterns
//! every polynomial term is an integer, so f64 evaluates them exactly for realistic sizes and
//! ties (which keep s_j) are recognised exactly; f32 would turn ties into rounding noise.

use serde::{Deserialize, Serialize};

use super::classic::{
    AsyncNet, BinaryRun, binarise, binarise_patterns, binarise_set, check_sweeps, run_async,
    transposed_rows, unstable_count,
};
use super::error::{EngineError, Result, check_range};
use super::modern::{BETA_MAX, BETA_MIN};
use super::patterns::PatternSet;
use super::rng::SeededRng;

/// Largest polynomial degree n accepted (higher degrees only sharpen what n = 10 shows, and
/// the energy Σ (xᵀs)ⁿ must stay inside f32).
pub const MAX_DEGREE: u32 = 10;

/// The interaction function F of the dense energy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Interaction {
    /// F(z) = zⁿ (rectified: zⁿ for z > 0, else 0); capacity ∝ d^{n−1}.
    Polynomial {
        /// n ∈ [2, 10]; n = 2 is the classical network.
        degree: u32,
        /// Whether F is zero for z ≤ 0.
        rectified: bool,
    },
    /// F(z) = exp(βz); capacity exponential in d. Demircigil et al. use β = 1.
    Exponential {
        /// β ∈ [1e-4, 1e4].
        beta: f32,
    },
}

impl Interaction {
    /// Checks the parameters (degree in [2, 10], β finite in [1e-4, 1e4]).
    pub fn validate(&self) -> Result<()> {
        match *self {
            Interaction::Polynomial { degree, .. } => check_range(
                "interaction degree n",
                degree as f64,
                2.0,
                MAX_DEGREE as f64,
            ),
            Interaction::Exponential { beta } => {
                check_range("β", beta as f64, BETA_MIN as f64, BETA_MAX as f64)
            }
        }
    }

    /// F(z) for the polynomial interaction (the exponential one is only used in log space).
    fn polynomial(degree: u32, rectified: bool, z: f64) -> f64 {
        if rectified && z <= 0.0 {
            0.0
        } else {
            z.powi(degree as i32)
        }
    }
}

/// Checks that the polynomial energy of N patterns of dimension d at degree n stays inside
/// f32 (N·dⁿ ≤ f32::MAX/4); the error names the largest degree that fits.
pub fn check_degree(dim: usize, count: usize, degree: u32) -> Result<()> {
    let (d, n) = (dim as f64, count as f64);
    let fits = |k: u32| n * d.powi(k as i32) <= f32::MAX as f64 / 4.0;
    if fits(degree) {
        return Ok(());
    }
    let max = (2..degree).rev().find(|&k| fits(k)).unwrap_or(1);
    Err(EngineError::OutOfRange {
        name: "interaction degree n (N·dⁿ must fit in f32)",
        value: degree as f64,
        min: 2.0,
        max: max as f64,
    })
}

/// A dense associative memory over ±1 versions of the stored patterns.
#[derive(Debug, Clone)]
pub struct DenseHopfield {
    patterns: PatternSet,
    /// Xᵀ row-major: row j is (x_1j, …, x_Nj).
    rows: Vec<f32>,
    interaction: Interaction,
    /// The interaction at the integers the dynamics meet, looked up instead of computed N
    /// times per flip, with the same bits. For ±1 patterns and states every overlap m_i is an
    /// integer in [−d, d] with m_i ≡ d (mod 2). Exponential: `table[k]` = exp(β·(−2k)) for
    /// k = 0 … d, since m_i − max m is an even integer in [−2d, 0] (the bits of
    /// `libm::exp(β (m_i − max m))`). Polynomial: `table[k]` = F(k − d − 2) for k = 0 … 2d + 4,
    /// the F(m_i − 2), F(m_i) and F(m_i + 2) of every m_i (the bits of `powi`).
    table: Vec<f64>,
}

/// What the dynamics keep up to date across flips.
#[derive(Debug, Clone)]
pub(crate) struct Scratch {
    /// m = Xᵀs (integers).
    m: Vec<f64>,
    /// Polynomial: a_i = (F(m_i+2) − F(m_i−2))/2. Exponential: w_i = exp(β(m_i − max m)).
    per_pattern: Vec<f64>,
    /// Polynomial: Σ_i (2F(m_i) − F(m_i−2) − F(m_i+2))/2. Exponential: unused.
    offset: f64,
    /// The reported energy (see [`DenseHopfield::energy`]).
    energy: f64,
}

impl DenseHopfield {
    /// A network over `patterns` (binarised: sign, 0 → +1). A polynomial degree so high that
    /// N·dⁿ would overflow f32 is rejected with the largest degree that fits.
    pub fn new(patterns: &PatternSet, interaction: Interaction) -> Result<Self> {
        Self::over_signs(binarise_patterns(patterns), interaction)
    }

    /// [`DenseHopfield::new`] over a set the caller gives up (binarised in place).
    pub fn from_set(patterns: PatternSet, interaction: Interaction) -> Result<Self> {
        Self::over_signs(binarise_set(patterns), interaction)
    }

    /// The network over the ±1 set `patterns`.
    fn over_signs(patterns: PatternSet, interaction: Interaction) -> Result<Self> {
        interaction.validate()?;
        if let Interaction::Polynomial { degree, .. } = interaction {
            check_degree(patterns.dim(), patterns.count(), degree)?;
        }
        let d = patterns.dim() as i64;
        let table = match interaction {
            Interaction::Exponential { beta } => (0..=d)
                .map(|k| libm::exp(beta as f64 * -2.0 * k as f64))
                .collect(),
            Interaction::Polynomial { degree, rectified } => (-d - 2..=d + 2)
                .map(|z| Interaction::polynomial(degree, rectified, z as f64))
                .collect(),
        };
        Ok(Self {
            rows: transposed_rows(&patterns),
            patterns,
            interaction,
            table,
        })
    }

    /// Dimension d.
    pub fn dim(&self) -> usize {
        self.patterns.dim()
    }

    /// Number of stored patterns N.
    pub fn count(&self) -> usize {
        self.patterns.count()
    }

    /// The interaction function.
    pub fn interaction(&self) -> Interaction {
        self.interaction
    }

    /// The stored patterns as the network sees them (±1).
    pub fn patterns(&self) -> &PatternSet {
        &self.patterns
    }

    /// The energy of `state` (binarised first). Polynomial: E = −Σ_i F(x_iᵀs). Exponential:
    /// the true energy −Σ exp(β x_iᵀs) overflows f32 already at d ≈ 90, so we report the
    /// monotone transform −β⁻¹ ln Σ_i exp(β x_iᵀs) = −lse(β, Xᵀs) instead: it has the same
    /// minima and, like the energy, never increases under the dynamics.
    pub fn energy(&self, state: &[f32]) -> Result<f32> {
        let s = self.checked(state)?;
        Ok(self.scratch(&s).energy as f32)
    }

    /// How many neurons an update would change; 0 means `state` is a fixed point.
    pub fn unstable_count(&self, state: &[f32]) -> Result<usize> {
        let s = self.checked(state)?;
        Ok(unstable_count(self, &s))
    }

    /// Whether `state` (binarised) is a fixed point of the asynchronous dynamics.
    pub fn is_fixed_point(&self, state: &[f32]) -> Result<bool> {
        Ok(self.unstable_count(state)? == 0)
    }

    /// Asynchronous retrieval from `query` (binarised: sign, 0 → +1), up to `max_sweeps`
    /// sweeps in random orders from `rng`, recording every neuron visit.
    pub fn retrieve(
        &self,
        query: &[f32],
        max_sweeps: usize,
        rng: &mut SeededRng,
    ) -> Result<BinaryRun> {
        check_sweeps(max_sweeps)?;
        let q = self.checked(query)?;
        Ok(run_async(self, &q, max_sweeps, rng))
    }

    /// `state` checked against the patterns and binarised.
    pub(crate) fn checked(&self, state: &[f32]) -> Result<Vec<f32>> {
        self.patterns.check_query(state)?;
        Ok(binarise(state))
    }

    fn row(&self, j: usize) -> &[f32] {
        let n = self.count();
        &self.rows[j * n..(j + 1) * n]
    }

    /// Recomputes the per-pattern quantities and the energy from `scratch.m`.
    fn refresh(&self, scratch: &mut Scratch) {
        match self.interaction {
            Interaction::Polynomial { .. } => {
                // F(m) is at index m + d + 2 (see `table`).
                let shift = self.dim() as f64 + 2.0;
                let (mut offset, mut energy) = (0.0, 0.0);
                for (a, &m) in scratch.per_pattern.iter_mut().zip(&scratch.m) {
                    let k = (m + shift) as usize;
                    let (lo, mid, hi) = (self.table[k - 2], self.table[k], self.table[k + 2]);
                    *a = 0.5 * (hi - lo);
                    offset += 0.5 * (2.0 * mid - lo - hi);
                    energy -= mid;
                }
                scratch.offset = offset;
                scratch.energy = energy;
            }
            Interaction::Exponential { beta } => {
                let beta = beta as f64;
                let max = scratch.m.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let mut sum = 0.0;
                for (w, &m) in scratch.per_pattern.iter_mut().zip(&scratch.m) {
                    // m − max is an exact even integer in [−2d, 0] (see `table`);
                    // beta·(m − max) = beta·(−2k) bit for bit, so the table entry is the
                    // value exp would give.
                    let k = (0.5 * (max - m)) as usize;
                    *w = self.table[k];
                    sum += *w;
                }
                scratch.energy = -(max + libm::log(sum) / beta);
            }
        }
    }
}

impl AsyncNet for DenseHopfield {
    type Scratch = Scratch;

    fn dim(&self) -> usize {
        self.patterns.dim()
    }

    fn scratch(&self, state: &[f32]) -> Scratch {
        let m: Vec<f64> = self
            .patterns
            .iter()
            .map(|x| super::math::dot(x, state) as f64)
            .collect();
        let mut scratch = Scratch {
            per_pattern: vec![0.0; m.len()],
            m,
            offset: 0.0,
            energy: 0.0,
        };
        self.refresh(&mut scratch);
        scratch
    }

    /// With z_i = m_i − x_ij s_j, the bracket of pattern i is x_ij·a_i + s_j·b_i (polynomial),
    /// and for the exponential the sum is (e^β − e^{−β}) e^{β max m}·(e^{−βs_j} P − e^{βs_j} Q)
    /// with P, Q the sums of w_i over x_ij = +1 and −1: its sign is compared in log space.
    fn drive(&self, scratch: &Scratch, state: &[f32], j: usize) -> f64 {
        let row = self.row(j);
        let s = state[j] as f64;
        match self.interaction {
            Interaction::Polynomial { .. } => {
                let mut acc = [0.0f64; 4];
                let chunks = row.len() / 4 * 4;
                let (rh, rt) = row.split_at(chunks);
                let (ah, at) = scratch.per_pattern.split_at(chunks);
                for (r, a) in rh.chunks_exact(4).zip(ah.chunks_exact(4)) {
                    for k in 0..4 {
                        acc[k] += r[k] as f64 * a[k];
                    }
                }
                let tail: f64 = rt.iter().zip(at).map(|(&r, &a)| r as f64 * a).sum();
                (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail + s * scratch.offset
            }
            Interaction::Exponential { beta } => {
                // x_ij is ±1, so (1 ± x)/2 · w is w or an exact 0: P and Q are sums of w over
                // two subsets, two partial sums each so the additions overlap.
                // Written out because the release profile (opt-level "z") does not unroll.
                let (mut p0, mut p1, mut q0, mut q1) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
                let chunks = row.len() / 2 * 2;
                let (rh, rt) = row.split_at(chunks);
                let (wh, wt) = scratch.per_pattern.split_at(chunks);
                for (r, w) in rh.chunks_exact(2).zip(wh.chunks_exact(2)) {
                    let (plus0, plus1) = (0.5 * (1.0 + r[0] as f64), 0.5 * (1.0 + r[1] as f64));
                    p0 += plus0 * w[0];
                    q0 += (1.0 - plus0) * w[0];
                    p1 += plus1 * w[1];
                    q1 += (1.0 - plus1) * w[1];
                }
                let (mut p, mut q) = (p0 + p1, q0 + q1);
                for (&x, &w) in rt.iter().zip(wt) {
                    let plus = 0.5 * (1.0 + x as f64);
                    p += plus * w;
                    q += (1.0 - plus) * w;
                }
                (libm::log(p) - libm::log(q)) - 2.0 * beta as f64 * s
            }
        }
    }

    fn flipped(&self, scratch: &mut Scratch, state: &[f32], j: usize) -> f32 {
        let two_s = 2.0 * state[j] as f64;
        for (m, &x) in scratch.m.iter_mut().zip(self.row(j)) {
            *m += two_s * x as f64;
        }
        self.refresh(scratch);
        scratch.energy as f32
    }

    fn energy(&self, scratch: &Scratch, _state: &[f32]) -> f32 {
        scratch.energy as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::SeededRng;

    /// The update rule written out literally, for comparison with the incremental one.
    fn literal_drive(net: &DenseHopfield, s: &[f32], j: usize) -> f64 {
        let f = |z: f64| match net.interaction {
            Interaction::Polynomial { degree, rectified } => {
                Interaction::polynomial(degree, rectified, z)
            }
            Interaction::Exponential { beta } => (beta as f64 * z).exp(),
        };
        net.patterns
            .iter()
            .map(|x| {
                let rest: f64 = (0..s.len())
                    .filter(|&l| l != j)
                    .map(|l| (x[l] * s[l]) as f64)
                    .sum();
                f(x[j] as f64 + rest) - f(-x[j] as f64 + rest)
            })
            .sum()
    }

    #[test]
    fn incremental_drive_has_the_sign_of_the_literal_rule() {
        let mut rng = SeededRng::new(1);
        let set = PatternSet::random_binary(12, 30, &mut rng).unwrap();
        for interaction in [
            Interaction::Polynomial {
                degree: 2,
                rectified: false,
            },
            Interaction::Polynomial {
                degree: 3,
                rectified: false,
            },
            Interaction::Polynomial {
                degree: 4,
                rectified: true,
            },
            Interaction::Exponential { beta: 1.0 },
            Interaction::Exponential { beta: 0.1 },
        ] {
            let net = DenseHopfield::new(&set, interaction).unwrap();
            for _ in 0..20 {
                let s = rng.signs(12);
                let scratch = net.scratch(&s);
                for j in 0..12 {
                    let fast = net.drive(&scratch, &s, j);
                    let slow = literal_drive(&net, &s, j);
                    assert_eq!(
                        fast.partial_cmp(&0.0),
                        slow.partial_cmp(&0.0),
                        "{interaction:?}: {fast} vs {slow}"
                    );
                }
            }
        }
    }

    #[test]
    fn energies_follow_the_definitions() {
        let set = PatternSet::random_binary(10, 4, &mut SeededRng::new(2)).unwrap();
        let s = set.pattern(0);
        let m: Vec<f32> = set.iter().map(|x| crate::engine::math::dot(x, s)).collect();
        let cubic = DenseHopfield::new(
            &set,
            Interaction::Polynomial {
                degree: 3,
                rectified: false,
            },
        )
        .unwrap();
        let direct: f32 = -m.iter().map(|v| v * v * v).sum::<f32>();
        assert_eq!(cubic.energy(s).unwrap(), direct);
        let exp = DenseHopfield::new(&set, Interaction::Exponential { beta: 0.5 }).unwrap();
        let lse = crate::engine::math::lse(0.5, &m);
        assert!((exp.energy(s).unwrap() + lse).abs() < 1e-5);
    }

    #[test]
    fn large_d_does_not_overflow() {
        let set = PatternSet::random_binary(4096, 3, &mut SeededRng::new(3)).unwrap();
        let net = DenseHopfield::new(&set, Interaction::Exponential { beta: 1.0 }).unwrap();
        let e = net.energy(set.pattern(1)).unwrap();
        assert!((e + 4096.0).abs() < 1e-2, "{e}");
        assert!(net.is_fixed_point(set.pattern(1)).unwrap());
        let big = Interaction::Exponential { beta: 1e4 };
        let net = DenseHopfield::new(&set, big).unwrap();
        assert!(net.is_fixed_point(set.pattern(2)).unwrap());
    }

    #[test]
    fn bad_parameters_are_typed_errors() {
        let set = PatternSet::random_binary(4096, 300, &mut SeededRng::new(4)).unwrap();
        let poly = |degree| Interaction::Polynomial {
            degree,
            rectified: false,
        };
        assert!(DenseHopfield::new(&set, poly(1)).is_err());
        assert!(DenseHopfield::new(&set, poly(11)).is_err());
        let err = DenseHopfield::new(&set, poly(10)).unwrap_err();
        assert!(
            matches!(err, EngineError::OutOfRange { max, .. } if max == 9.0),
            "{err}"
        );
        assert!(DenseHopfield::new(&set, Interaction::Exponential { beta: f32::NAN }).is_err());
        let net = DenseHopfield::new(&set, poly(3)).unwrap();
        assert!(net.energy(&[1.0; 3]).is_err());
    }
}
