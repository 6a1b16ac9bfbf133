//! Where the training loss falls fastest. [P] compares the step at which the heads switch
//! class with the loss's big drops, so the learning view marks those drops on its curves; it
//! must not mark the ordinary slow decline or the probe batch's noise.
//!
//! The rule, on the snapshots' (step, loss) pairs with non-finite losses left out:
//!
//! 1. Smooth lightly with the kernel ¼·(1, 2, 1) over neighbouring snapshots (the ends repeat
//!    themselves), which takes the edge off single noisy snapshots without flattening a drop
//!    that spans a few of them.
//! 2. The fall rate between consecutive snapshots is the smoothed loss's fall divided by the
//!    steps between them, so unevenly spaced snapshots compare fairly.
//! 3. A candidate is a local maximum of the rate. Its *window* is the run of intervals around
//!    it whose rate stays at least half its own, and its *drop* is the fall of the smoothed
//!    loss across that window.
//! 4. A candidate counts when its rate is at least [`RATE_SHARE`] of the largest rate, its drop
//!    at least [`DROP_SHARE`] of the smoothed loss's range and [`NOISE_FACTOR`] times the noise
//!    (estimated from the raw snapshot-to-snapshot differences), and its window at most
//!    [`WIDTH_SHARE`] of the steps covered: a steady decline has a window as wide as the run,
//!    so it is no drop.
//! 5. The fastest candidates win, each one's window clear of the windows already chosen.

use crate::engine::short_sort;

/// A drop falls at least this share of the fastest fall rate.
pub const RATE_SHARE: f32 = 0.2;
/// A drop's total fall is at least this share of the loss's range.
pub const DROP_SHARE: f32 = 0.2;
/// A drop's total fall is at least this many times the noise's standard deviation.
pub const NOISE_FACTOR: f32 = 6.0;
/// A drop's window spans at most this share of the steps covered.
pub const WIDTH_SHARE: f32 = 0.25;

/// Up to `most` steps where the loss falls fastest, in increasing order: each the midpoint of
/// the two snapshots between which the fall rate peaks (see the module's rule). Snapshots
/// whose step does not increase on the one before are ignored, as are non-finite losses.
pub fn loss_drops(steps: &[usize], loss: &[f32], most: usize) -> Vec<usize> {
    let mut points: Vec<(usize, f32)> = Vec::with_capacity(steps.len());
    for (&s, &l) in steps.iter().zip(loss) {
        if l.is_finite() && points.last().is_none_or(|&(prev, _)| s > prev) {
            points.push((s, l));
        }
    }
    if points.len() < 2 || most == 0 {
        return Vec::new();
    }
    let smooth = smoothed(&points);
    let rates: Vec<f32> = points
        .windows(2)
        .zip(smooth.windows(2))
        .map(|(p, s)| (s[0] - s[1]) / (p[1].0 - p[0].0) as f32)
        .collect();
    let fastest = rates.iter().copied().fold(0.0f32, f32::max);
    if fastest <= 0.0 {
        return Vec::new();
    }
    let (lo, hi) = smooth
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let least_drop = (DROP_SHARE * (hi - lo)).max(NOISE_FACTOR * noise(&points));
    let span = (points[points.len() - 1].0 - points[0].0) as f32;
    let mut candidates: Vec<(usize, usize, usize)> = (0..rates.len())
        .filter(|&i| is_peak(&rates, i) && rates[i] >= RATE_SHARE * fastest)
        .map(|i| {
            let (a, b) = window(&rates, i);
            (i, a, b)
        })
        .filter(|&(_, a, b)| {
            let drop = smooth[a] - smooth[b + 1];
            let width = (points[b + 1].0 - points[a].0) as f32;
            drop >= least_drop && width <= WIDTH_SHARE * span
        })
        .collect();
    // The candidates come in the order of their index; ties keep it.
    short_sort::heap_sort_by(&mut candidates, |x, y| {
        rates[y.0].total_cmp(&rates[x.0]).then(x.0.cmp(&y.0))
    });
    let mut chosen: Vec<(usize, usize, usize)> = Vec::new();
    for c in candidates {
        if chosen.len() == most {
            break;
        }
        if chosen.iter().all(|&(_, a, b)| c.2 < a || c.1 > b) {
            chosen.push(c);
        }
    }
    let mut found: Vec<usize> = chosen
        .iter()
        .map(|&(i, _, _)| (points[i].0 + points[i + 1].0) / 2)
        .collect();
    short_sort::heap_sort_by(&mut found, Ord::cmp);
    found
}

/// The losses smoothed by ¼·(1, 2, 1), each end standing in for its missing neighbour.
fn smoothed(points: &[(usize, f32)]) -> Vec<f32> {
    let last = points.len() - 1;
    (0..=last)
        .map(|i| {
            let left = points[i.saturating_sub(1)].1;
            let right = points[(i + 1).min(last)].1;
            0.25 * (left + 2.0 * points[i].1 + right)
        })
        .collect()
}

/// The noise's standard deviation, from the median absolute difference of consecutive raw
/// losses (robust to the drops themselves, which are few differences among many): for
/// independent Gaussian noise the differences have deviation √2·σ, and their median absolute
/// value is 0.6745 of that.
fn noise(points: &[(usize, f32)]) -> f32 {
    let mut diffs: Vec<f32> = points.windows(2).map(|p| (p[1].1 - p[0].1).abs()).collect();
    short_sort::heap_sort_by(&mut diffs, f32::total_cmp);
    diffs[diffs.len() / 2] / (0.6745 * std::f32::consts::SQRT_2)
}

/// Whether rate `i` is a local maximum (a plateau of equal rates counts once, at its right
/// end, so it is not dropped for want of a strict maximum).
fn is_peak(rates: &[f32], i: usize) -> bool {
    let left = i == 0 || rates[i] >= rates[i - 1];
    let right = i + 1 == rates.len() || rates[i] > rates[i + 1];
    rates[i] > 0.0 && left && right
}

/// The first and last interval around peak `i` whose rates stay at least half of its rate.
fn window(rates: &[f32], i: usize) -> (usize, usize) {
    let half = 0.5 * rates[i];
    let mut a = i;
    while a > 0 && rates[a - 1] >= half {
        a -= 1;
    }
    let mut b = i;
    while b + 1 < rates.len() && rates[b + 1] >= half {
        b += 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two plateaus: 3.2 falls to 2.08 around step 50, then 2.08 to 0.01 around step 450,
    /// each a logistic step a few tens of steps wide.
    fn two_plateaus(step: usize) -> f32 {
        let t = step as f32;
        let first = 1.12 / (1.0 + ((t - 50.0) / 6.0).exp());
        let second = 2.07 / (1.0 + ((t - 450.0) / 8.0).exp());
        0.01 + first + second
    }

    /// Deterministic noise in ±`amplitude` (a small linear congruential sequence).
    fn noise_sequence(len: usize, amplitude: f32) -> Vec<f32> {
        let mut state = 12345u32;
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                amplitude * (((state >> 8) as f32 / (1u32 << 24) as f32) * 2.0 - 1.0)
            })
            .collect()
    }

    fn near(found: &[usize], expected: &[usize], tolerance: usize) -> bool {
        found.len() == expected.len()
            && found
                .iter()
                .zip(expected)
                .all(|(&f, &e)| f.abs_diff(e) <= tolerance)
    }

    #[test]
    fn two_plateaus_give_their_two_drops_in_order() {
        let steps: Vec<usize> = (0..=600).step_by(5).collect();
        let loss: Vec<f32> = steps.iter().map(|&s| two_plateaus(s)).collect();
        let found = loss_drops(&steps, &loss, 4);
        assert!(near(&found, &[50, 450], 10), "{found:?}");
        // Only the fastest when one is asked for: the second drop is the steeper.
        let one = loss_drops(&steps, &loss, 1);
        assert!(near(&one, &[450], 10), "{one:?}");
        assert!(loss_drops(&steps, &loss, 0).is_empty());
    }

    #[test]
    fn flat_and_steadily_falling_curves_have_no_drop() {
        let steps: Vec<usize> = (0..=500).step_by(10).collect();
        let flat = vec![2.0f32; steps.len()];
        assert!(loss_drops(&steps, &flat, 3).is_empty());
        let linear: Vec<f32> = steps.iter().map(|&s| 3.0 - s as f32 / 500.0).collect();
        assert!(loss_drops(&steps, &linear, 3).is_empty());
        let slow: Vec<f32> = steps
            .iter()
            .map(|&s| 2.0 + (-(s as f32) / 1000.0).exp())
            .collect();
        assert!(loss_drops(&steps, &slow, 3).is_empty());
    }

    #[test]
    fn a_sharp_but_small_step_is_no_drop() {
        // 3.25 → 1.25 around step 100, then a fall of 0.25 within one interval at step 400:
        // fast enough, but a ninth of the range.
        let steps: Vec<usize> = (0..=600).step_by(5).collect();
        let loss: Vec<f32> = steps
            .iter()
            .map(|&s| {
                let t = s as f32;
                let step = if s < 400 { 0.25 } else { 0.0 };
                1.0 + 2.0 / (1.0 + ((t - 100.0) / 6.0).exp()) + step
            })
            .collect();
        let found = loss_drops(&steps, &loss, 3);
        assert!(near(&found, &[100], 10), "{found:?}");
    }

    #[test]
    fn noise_makes_no_drops_and_leaves_the_real_ones() {
        let steps: Vec<usize> = (0..=600).step_by(5).collect();
        let jitter = noise_sequence(steps.len(), 0.05);
        let noisy_flat: Vec<f32> = jitter.iter().map(|j| 2.0 + j).collect();
        assert_eq!(loss_drops(&steps, &noisy_flat, 3), Vec::<usize>::new());
        let noisy: Vec<f32> = steps
            .iter()
            .zip(&jitter)
            .map(|(&s, j)| two_plateaus(s) + j)
            .collect();
        let found = loss_drops(&steps, &noisy, 5);
        assert!(near(&found, &[50, 450], 15), "{found:?}");
    }

    #[test]
    fn unevenly_spaced_snapshots() {
        // Dense around the first drop, sparse after it, dense again near the second.
        let steps: Vec<usize> = (0..100)
            .step_by(4)
            .chain((100..400).step_by(25))
            .chain((400..=600).step_by(7))
            .collect();
        let loss: Vec<f32> = steps.iter().map(|&s| two_plateaus(s)).collect();
        let found = loss_drops(&steps, &loss, 4);
        assert!(near(&found, &[50, 450], 10), "{found:?}");
    }

    #[test]
    fn non_finite_losses_and_short_inputs() {
        let steps: Vec<usize> = (0..=600).step_by(5).collect();
        let mut loss: Vec<f32> = steps.iter().map(|&s| two_plateaus(s)).collect();
        loss[30] = f32::NAN;
        loss[91] = f32::INFINITY;
        loss[5] = f32::NEG_INFINITY;
        let found = loss_drops(&steps, &loss, 4);
        assert!(near(&found, &[50, 450], 10), "{found:?}");
        assert!(loss_drops(&[], &[], 3).is_empty());
        assert!(loss_drops(&[10], &[2.0], 3).is_empty());
        assert!(loss_drops(&[0, 10], &[f32::NAN, 2.0], 3).is_empty());
        // A repeated step is ignored rather than divided by zero.
        assert!(loss_drops(&[0, 0, 0], &[3.0, 1.0, 0.5], 3).is_empty());
    }
}
