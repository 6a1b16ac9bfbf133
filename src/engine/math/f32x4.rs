//! Four f32 lanes, the vector type of the engine's kernels on every target (AVX CPUs also get
//! the eight lanes of `f32x8`) and of its exponential. It is the SSE2 register on x86_64 (part
//! of every x86_64 CPU), the SIMD128 register in the browser build, and a plain array
//! elsewhere. Written with it, the kernels are vector code at every
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

    /// The four floats of `s`.
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> Self {
        Self::load_at(s, 0)
    }

    /// Writes the lanes to `s`.
    #[inline(always)]
    pub fn store(self, s: &mut [f32; 4]) {
        self.store_at(s, 0)
    }

    /// The floats `s[at..at + 4]` (bounds-checked).
    #[inline(always)]
    pub fn load_at(s: &[f32], at: usize) -> Self {
        check_bounds(s.len(), at, 4);
        // SAFETY: s[at..at + 4] is in bounds (checked above).
        Self(unsafe { raw::load(s.as_ptr().add(at)) })
    }

    /// Writes the lanes to `s[at..at + 4]` (bounds-checked).
    #[inline(always)]
    pub fn store_at(self, s: &mut [f32], at: usize) {
        check_bounds(s.len(), at, 4);
        // SAFETY: s[at..at + 4] is in bounds (checked above).
        unsafe { raw::store(s.as_mut_ptr().add(at), self.0) }
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
    const SHARES_ROWS: bool = false;
    type Lanes32 = [F4; 8];
    #[inline(always)]
    fn splat(v: f32) -> Self {
        F4::splat(v)
    }
    #[inline(always)]
    fn load(s: &[f32], at: usize) -> Self {
        F4::load_at(s, at)
    }
    #[inline(always)]
    fn store(self, s: &mut [f32], at: usize) {
        F4::store_at(self, s, at)
    }
    #[inline(always)]
    fn zero32() -> [F4; 8] {
        [F4::splat(0.0); 8]
    }
    #[inline(always)]
    fn mul_add32(acc: [F4; 8], a: &[f32; 32], b: &[f32; 32]) -> [F4; 8] {
        #[inline(always)]
        fn term(acc: F4, a: &[f32; 32], b: &[f32; 32], at: usize) -> F4 {
            acc + F4::load_at(a, at) * F4::load_at(b, at)
        }
        let [s0, s1, s2, s3, s4, s5, s6, s7] = acc;
        [
            term(s0, a, b, 0),
            term(s1, a, b, 4),
            term(s2, a, b, 8),
            term(s3, a, b, 12),
            term(s4, a, b, 16),
            term(s5, a, b, 20),
            term(s6, a, b, 24),
            term(s7, a, b, 28),
        ]
    }
    #[inline(always)]
    fn sum32(acc: [F4; 8]) -> f32 {
        let [s0, s1, s2, s3, s4, s5, s6, s7] = acc;
        // Lanes k and k + 16, then k + 8, then k + 4.
        let (v0, v1, v2, v3) = (s0 + s4, s1 + s5, s2 + s6, s3 + s7);
        let l = ((v0 + v2) + (v1 + v3)).to_array();
        (l[0] + l[2]) + (l[1] + l[3])
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

/// Panics unless `s[at..at + width]` lies within a slice of `len` floats. The check is written
/// out (no `Option`, no range index) and its failure kept out of line, because at
/// `opt-level = "z"` those helpers are calls, and the kernels' loads would each pay one.
#[inline(always)]
pub(super) fn check_bounds(len: usize, at: usize, width: usize) {
    if len < width || at > len - width {
        out_of_bounds(len, at, width)
    }
}

#[cold]
#[inline(never)]
fn out_of_bounds(len: usize, at: usize, width: usize) -> ! {
    panic!("{width} floats at {at} read past the end of a slice of {len}")
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
    /// # Safety
    /// `p` points to four readable floats (v128.load accepts any alignment).
    #[inline(always)]
    pub unsafe fn load(p: *const f32) -> Raw {
        unsafe { v128_load(p.cast::<v128>()) }
    }
    /// # Safety
    /// `p` points to four writable floats (v128.store accepts any alignment).
    #[inline(always)]
    pub unsafe fn store(p: *mut f32, v: Raw) {
        unsafe { v128_store(p.cast::<v128>(), v) }
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
    /// # Safety
    /// `p` points to four readable floats (movups accepts any alignment).
    #[inline(always)]
    pub unsafe fn load(p: *const f32) -> Raw {
        unsafe { _mm_loadu_ps(p) }
    }
    /// # Safety
    /// `p` points to four writable floats (movups accepts any alignment).
    #[inline(always)]
    pub unsafe fn store(p: *mut f32, v: Raw) {
        unsafe { _mm_storeu_ps(p, v) }
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
    /// # Safety
    /// `p` points to four readable floats.
    #[inline(always)]
    pub unsafe fn load(p: *const f32) -> Raw {
        unsafe { p.cast::<Raw>().read_unaligned() }
    }
    /// # Safety
    /// `p` points to four writable floats.
    #[inline(always)]
    pub unsafe fn store(p: *mut f32, v: Raw) {
        unsafe { p.cast::<Raw>().write_unaligned(v) }
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
