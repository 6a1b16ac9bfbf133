//! The class boundaries of [P] §4 for one sequence length, as the view prints them beside the
//! class counts: with N = 33 the bounds are 16.5, 4.125 and 1.03, and whether a median k̄ of
//! 4 or 4.5 is class II or III should be readable, not guessed.

use crate::lab::heads::analysis::HeadClass;

/// A bound as printed: at most three decimals, trailing zeros dropped.
fn show(x: f32) -> String {
    let text = format!("{x:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "N = 33: I k̄ > 16.5 · II 4.125 < k̄ ≤ 16.5 · III 1.031 < k̄ ≤ 4.125 · IV k̄ ≤ 1.031",
/// with a note when class IV cannot occur (N < 32: k̄ ≥ 1 > N/32).
pub fn class_bounds(n: usize) -> String {
    let t = n as f32;
    let (half, eighth, tiny) = (show(t / 2.0), show(t / 8.0), show(t / 32.0));
    let mut text = format!(
        "N = {n}: I k̄ > {half} · II {eighth} < k̄ ≤ {half} · III {tiny} < k̄ ≤ {eighth} · IV k̄ ≤ {tiny}"
    );
    if !HeadClass::IV.reachable(n) {
        text.push_str(" (unreachable: k̄ ≥ 1 and N < 32)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_round_as_the_classifier_does() {
        assert_eq!(
            class_bounds(33),
            "N = 33: I k̄ > 16.5 · II 4.125 < k̄ ≤ 16.5 · III 1.031 < k̄ ≤ 4.125 · IV k̄ ≤ 1.031"
        );
        // The printed bounds are the classifier's: just above a bound is the class above it.
        assert_eq!(HeadClass::of(16.5, 33), HeadClass::II);
        assert_eq!(HeadClass::of(17.0, 33), HeadClass::I);
        assert_eq!(HeadClass::of(1.0, 33), HeadClass::IV);
        assert!(class_bounds(16).ends_with("(unreachable: k̄ ≥ 1 and N < 32)"));
        assert!(class_bounds(32).ends_with("IV k̄ ≤ 1"));
    }
}
