//! Four f32 lanes, the one vector type the engine's kernels are written with. It is the SSE2
//! register on x86_64 (part of every x86_64 CPU), the SIMD128 register in the browser build,
//! and a plain array elsewhere. Written with it, the kernels are vector code at every
//! optimisation level — the browser modules are built for size (`opt-level = "z"`), where LLVM
//! does not vectorise scalar loops, and natively LLVM's own vectorisation of the lane-ordered
//! loops turned gathers into shuffles. Every operation is an IEEE f32 operation per lane (a
//! multiply rounded to f32, then an add: no fused multiply-add on any target), so every target
//! computes the same bits and the CLI and the browser agree.

use core::ops::{Add, Mul, Sub};

use super::kernels::Vector;

/// Four f32 values computed lane by lane.
#[derive(Clone, Copy, Debug)]
pub struct F4(raw::Raw);

impl F4 {
    /// All four lanes equal to `v`.
    #[inline(always)]
    pub fn splat(v: f32) -> Self {
        Self(raw::splat(v))
    }

    /// The first four floats of `s` (bounds-checked).
    #[inline(always)]
    pub fn load(s: &[f32]) -> Self {
        Self(raw::load(s[..4].try_into().expect("four floats")))
    }

    /// Writes the lanes to the first four floats of `s` (bounds-checked).
    #[inline(always)]
    pub fn store(self, s: &mut [f32]) {
        raw::store(self.0, (&mut s[..4]).try_into().expect("four floats"))
    }

    /// The lanes as an array.
    #[inline(always)]
    pub fn to_array(self) -> [f32; 4] {
        let mut out = [0.0; 4];
        self.store(&mut out);
        out
    }

    /// Lane-wise `self` clamped to `[lo, hi]` (for inputs that are not NaN).
    #[inline(always)]
    pub fn clamp(self, lo: Self, hi: Self) -> Self {
        Self(raw::min(raw::max(self.0, lo.0), hi.0))
    }

    /// `self` where `x ≥ lo`, 0 where `x < lo`.
    #[inline(always)]
    pub fn zero_where_below(self, x: Self, lo: Self) -> Self {
        Self(raw::zero_where_below(self.0, x.0, lo.0))
    }

    /// 2ⁿ for lanes holding `t = n + 1.5·2²³` (an integer n in [−126, 127] rounded into the
    /// low mantissa bits by that addition): the integer bits of `t` plus the exponent bias,
    /// shifted into the exponent field.
    #[inline(always)]
    pub fn pow2_of_rounded(t: Self) -> Self {
        Self(raw::pow2_of_rounded(t.0))
    }
}

impl Vector for F4 {
    const WIDTH: usize = 4;
    #[inline(always)]
    fn splat(v: f32) -> Self {
        F4::splat(v)
    }
    #[inline(always)]
    fn load(s: &[f32]) -> Self {
        F4::load(s)
    }
    #[inline(always)]
    fn store(self, s: &mut [f32]) {
        F4::store(self, s)
    }
    #[inline(always)]
    fn fold_to_f4(self) -> F4 {
        self
    }
}

impl Add for F4 {
    type Output = Self;
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        Self(raw::add(self.0, rhs.0))
    }
}

impl Sub for F4 {
    type Output = Self;
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        Self(raw::sub(self.0, rhs.0))
    }
}

impl Mul for F4 {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        Self(raw::mul(self.0, rhs.0))
    }
}

/// The exponent bias of f32, added to n before it is shifted into the exponent field.
const BIAS: i32 = 127;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod raw {
    use core::arch::wasm32::*;

    pub type Raw = v128;

    #[inline(always)]
    pub fn splat(v: f32) -> Raw {
        f32x4_splat(v)
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> Raw {
        // SAFETY: `s` is 16 readable bytes, and v128.load accepts any alignment.
        unsafe { v128_load(s.as_ptr().cast::<v128>()) }
    }
    #[inline(always)]
    pub fn store(v: Raw, s: &mut [f32; 4]) {
        // SAFETY: `s` is 16 writable bytes, and v128.store accepts any alignment.
        unsafe { v128_store(s.as_mut_ptr().cast::<v128>(), v) }
    }
    #[inline(always)]
    pub fn add(a: Raw, b: Raw) -> Raw {
        f32x4_add(a, b)
    }
    #[inline(always)]
    pub fn sub(a: Raw, b: Raw) -> Raw {
        f32x4_sub(a, b)
    }
    #[inline(always)]
    pub fn mul(a: Raw, b: Raw) -> Raw {
        f32x4_mul(a, b)
    }
    // pmin/pmax are `b < a ? b : a` and `a < b ? b : a` (NaN in `a` passes through), the
    // semantics every backend gives `min`/`max`.
    #[inline(always)]
    pub fn min(a: Raw, b: Raw) -> Raw {
        f32x4_pmin(a, b)
    }
    #[inline(always)]
    pub fn max(a: Raw, b: Raw) -> Raw {
        f32x4_pmax(a, b)
    }
    #[inline(always)]
    pub fn zero_where_below(v: Raw, x: Raw, lo: Raw) -> Raw {
        v128_andnot(v, f32x4_lt(x, lo))
    }
    #[inline(always)]
    pub fn pow2_of_rounded(t: Raw) -> Raw {
        i32x4_shl(i32x4_add(t, i32x4_splat(super::BIAS)), 23)
    }
}

// SAFETY (every `unsafe` block below that does not touch memory): these are SSE2 intrinsics,
// and SSE2 is part of the x86_64 baseline, so every x86_64 CPU has them.
#[cfg(target_arch = "x86_64")]
mod raw {
    use core::arch::x86_64::*;

    pub type Raw = __m128;

    #[inline(always)]
    pub fn splat(v: f32) -> Raw {
        unsafe { _mm_set1_ps(v) }
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> Raw {
        // SAFETY: `s` is 16 readable bytes, and movups accepts any alignment.
        unsafe { _mm_loadu_ps(s.as_ptr()) }
    }
    #[inline(always)]
    pub fn store(v: Raw, s: &mut [f32; 4]) {
        // SAFETY: `s` is 16 writable bytes, and movups accepts any alignment.
        unsafe { _mm_storeu_ps(s.as_mut_ptr(), v) }
    }
    #[inline(always)]
    pub fn add(a: Raw, b: Raw) -> Raw {
        unsafe { _mm_add_ps(a, b) }
    }
    #[inline(always)]
    pub fn sub(a: Raw, b: Raw) -> Raw {
        unsafe { _mm_sub_ps(a, b) }
    }
    #[inline(always)]
    pub fn mul(a: Raw, b: Raw) -> Raw {
        unsafe { _mm_mul_ps(a, b) }
    }
    // minps/maxps return their second operand when the comparison fails (NaN included), so
    // swapped they are exactly wasm's pmin/pmax, `b < a ? b : a` and `a < b ? b : a`.
    #[inline(always)]
    pub fn min(a: Raw, b: Raw) -> Raw {
        unsafe { _mm_min_ps(b, a) }
    }
    #[inline(always)]
    pub fn max(a: Raw, b: Raw) -> Raw {
        unsafe { _mm_max_ps(b, a) }
    }
    #[inline(always)]
    pub fn zero_where_below(v: Raw, x: Raw, lo: Raw) -> Raw {
        unsafe { _mm_andnot_ps(_mm_cmplt_ps(x, lo), v) }
    }
    #[inline(always)]
    pub fn pow2_of_rounded(t: Raw) -> Raw {
        unsafe {
            let bits = _mm_add_epi32(_mm_castps_si128(t), _mm_set1_epi32(super::BIAS));
            _mm_castsi128_ps(_mm_slli_epi32::<23>(bits))
        }
    }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
mod raw {
    pub type Raw = [f32; 4];

    #[inline(always)]
    fn lanes(a: Raw, b: Raw, f: impl Fn(f32, f32) -> f32) -> Raw {
        [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])]
    }
    #[inline(always)]
    pub fn splat(v: f32) -> Raw {
        [v; 4]
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> Raw {
        *s
    }
    #[inline(always)]
    pub fn store(v: Raw, s: &mut [f32; 4]) {
        *s = v
    }
    #[inline(always)]
    pub fn add(a: Raw, b: Raw) -> Raw {
        lanes(a, b, |x, y| x + y)
    }
    #[inline(always)]
    pub fn sub(a: Raw, b: Raw) -> Raw {
        lanes(a, b, |x, y| x - y)
    }
    #[inline(always)]
    pub fn mul(a: Raw, b: Raw) -> Raw {
        lanes(a, b, |x, y| x * y)
    }
    #[inline(always)]
    pub fn min(a: Raw, b: Raw) -> Raw {
        lanes(a, b, |x, y| if y < x { y } else { x })
    }
    #[inline(always)]
    pub fn max(a: Raw, b: Raw) -> Raw {
        lanes(a, b, |x, y| if x < y { y } else { x })
    }
    #[inline(always)]
    pub fn zero_where_below(v: Raw, x: Raw, lo: Raw) -> Raw {
        [0, 1, 2, 3].map(|k| if x[k] < lo[k] { 0.0 } else { v[k] })
    }
    #[inline(always)]
    pub fn pow2_of_rounded(t: Raw) -> Raw {
        t.map(|v| f32::from_bits((v.to_bits().wrapping_add(super::BIAS as u32)) << 23))
    }
}
