//! The engine's exponentials against the fingerprint the browser build must reproduce.

#[path = "shared/exp_fingerprint.rs"]
mod exp_fingerprint;

#[test]
fn exponentials_give_the_fingerprinted_bits() {
    assert_eq!(
        exp_fingerprint::fingerprint(),
        exp_fingerprint::EXPECTED,
        "the exponentials changed: if on purpose, update EXPECTED (the browser test checks it too)"
    );
}
