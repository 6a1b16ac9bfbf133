//! The Hebbian sum Σ x xᵀ of ±1 patterns by popcounts: the costliest part of building a
//! classical network with many patterns, N·d² multiply-adds as floats, becomes one popcount per
//! weight and block of 64 patterns. The weights are integers, the same in any order and
//! grouping, so every path (AVX2, wasm's SIMD128, scalar) gives the same bits.

/// Patterns per block of [`hebbian_add`]: one bit each in a `u64`.
pub(crate) const HEBBIAN_BLOCK: usize = 64;

/// w += Σ x xᵀ over the ±1 patterns of `xs` (consecutive, `d` entries each) on the d×d
/// row-major `w` (the diagonal is zeroed at the end). Over a block of k ≤ 64 patterns,
/// Σ xᵢxⱼ = k − 2·popcount(bᵢ ⊕ bⱼ), where bit p of bᵢ is set when pattern p is −1 at neuron i:
/// one popcount per entry and block instead of k multiply-adds, so a block costs what one
/// pattern cost as floats. The bits are gathered as two 32-bit halves (patterns 0–31 and
/// 32–63), which vectorise at twice the lanes of 64-bit words, and joined once per block.
pub(crate) fn hebbian_add(w: &mut [f32], xs: &[f32], d: usize) {
    let (mut low, mut high, mut bits) = (vec![0u32; d], vec![0u32; d], vec![0u64; d]);
    for block in xs.chunks(HEBBIAN_BLOCK * d) {
        low.fill(0);
        high.fill(0);
        for (p, x) in block.chunks_exact(d).enumerate() {
            let (half, shift) = if p < 32 {
                (&mut low, p)
            } else {
                (&mut high, p - 32)
            };
            for (b, &v) in half.iter_mut().zip(x) {
                *b |= u32::from(v < 0.0) << shift;
            }
        }
        for ((b, &lo), &hi) in bits.iter_mut().zip(&low).zip(&high) {
            *b = u64::from(lo) | (u64::from(hi) << 32);
        }
        add_agreements(w, &bits, (block.len() / d) as i32);
    }
}

/// w_ij += k − 2·popcount(bᵢ ⊕ bⱼ) (see [`hebbian_add`]): with the CPU's POPCNT and AVX2
/// where it has them, four entries at a time by wasm's `i8x16.popcnt` in the browser.
fn add_agreements(w: &mut [f32], bits: &[u64], k: i32) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt")
    {
        // SAFETY: the CPU has AVX2 and POPCNT, which the function is compiled for.
        return unsafe { add_agreements_avx2(w, bits, k) };
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return agreements_simd128(w, bits, k);
    #[allow(unreachable_code)]
    agreements(w, bits, k);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
unsafe fn add_agreements_avx2(w: &mut [f32], bits: &[u64], k: i32) {
    agreements(w, bits, k);
}

#[inline(always)]
fn agreements(w: &mut [f32], bits: &[u64], k: i32) {
    for (row, &bi) in w.chunks_exact_mut(bits.len()).zip(bits) {
        agreements_row(row, bi, bits, k);
    }
}

/// One row of [`agreements`], entry by entry.
#[inline(always)]
fn agreements_row(row: &mut [f32], bi: u64, bits: &[u64], k: i32) {
    for (wij, &bj) in row.iter_mut().zip(bits) {
        *wij += (k - 2 * (bi ^ bj).count_ones() as i32) as f32;
    }
}

/// [`agreements`] four entries at a time: wasm has no vector popcount of 64-bit lanes, so the
/// bytes are counted (`i8x16.popcnt`), summed pairwise into 32-bit halves of each word, and the
/// two halves of each of four words added; the same integers, converted and added as above
/// (LLVM leaves the scalar loop at one `i64.popcnt` per entry).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn agreements_simd128(w: &mut [f32], bits: &[u64], k: i32) {
    use core::arch::wasm32::*;
    let d = bits.len();
    let quads = d / 4 * 4;
    let k4 = i32x4_splat(k);
    let halves =
        |x: v128| u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16(u8x16_popcnt(x)));
    for (row, &bi) in w.chunks_exact_mut(d).zip(bits) {
        let b = u64x2_splat(bi);
        let (head, tail) = row.split_at_mut(quads);
        for (wq, bq) in head.chunks_exact_mut(4).zip(bits.chunks_exact(4)) {
            // SAFETY: `bq` holds four u64 (two v128) and `wq` four f32 (one v128); wasm loads
            // and stores need no alignment.
            unsafe {
                let c0 = halves(v128_xor(v128_load(bq.as_ptr().cast()), b));
                let c1 = halves(v128_xor(v128_load(bq.as_ptr().add(2).cast()), b));
                let count = i32x4_add(
                    i32x4_shuffle::<0, 2, 4, 6>(c0, c1),
                    i32x4_shuffle::<1, 3, 5, 7>(c0, c1),
                );
                let agree = f32x4_convert_i32x4(i32x4_sub(k4, i32x4_shl(count, 1)));
                let old = v128_load(wq.as_ptr().cast());
                v128_store(wq.as_mut_ptr().cast(), f32x4_add(old, agree));
            }
        }
        agreements_row(tail, bi, &bits[quads..], k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::patterns::PatternSet;
    use crate::engine::rng::SeededRng;

    #[test]
    fn hebbian_blocks_of_popcounts_are_the_sum_of_outer_products() {
        // Block edges (63, 64, 65 and 130 patterns) and a d that is not a multiple of 64.
        let mut rng = SeededRng::new(6);
        for (d, n) in [(10, 1), (70, 63), (33, 64), (33, 65), (20, 130), (64, 200)] {
            let set = PatternSet::random_binary(d, n, &mut rng).unwrap();
            let xs = set.matrix().as_slice();
            let mut w = vec![0.0f32; d * d];
            hebbian_add(&mut w, xs, d);
            for i in 0..d {
                for j in 0..d {
                    let sum: f32 = set.iter().map(|x| x[i] * x[j]).sum();
                    assert_eq!(w[i * d + j], sum, "d {d} N {n} ({i}, {j})");
                }
            }
            // Learnt in two uneven pieces, the same matrix.
            let mut pieces = vec![0.0f32; d * d];
            let cut = (n / 3) * d;
            hebbian_add(&mut pieces, &xs[..cut], d);
            hebbian_add(&mut pieces, &xs[cut..], d);
            assert_eq!(pieces, w, "d {d} N {n}");
        }
    }
}
