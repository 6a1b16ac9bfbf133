//! The user's own patterns (uploaded and drawn) as they are kept in local storage and in an
//! exported file: each image's grey bytes as base64 text, so that 100 patterns of 64×64 stay
//! near half a megabyte. Pure; the JSON around it is built by the browser (`js_sys::JSON`).

use crate::engine::images::{GreyImage, MAX_SIDE};

/// The local-storage key of the saved patterns.
pub const STORAGE_KEY: &str = "hopfield-lab/patterns";
/// The local-storage key of the gallery order saved with them ([`crate::lab::studio::order::saved`]).
pub const ORDER_KEY: &str = "hopfield-lab/order";
/// The `format` field of a saved or exported file, so that a wrong file is named as such.
pub const FORMAT: &str = "hopfield-lab-patterns";
/// Version of the format; a newer one is refused rather than misread.
pub const VERSION: u32 = 1;
/// The most added (uploaded and drawn) patterns the studio keeps.
pub const MAX_EXTRAS: usize = 100;
/// Longest pattern name kept (longer names are cut).
pub const MAX_NAME_CHARS: usize = 80;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, with `=` padding).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard padded canonical base64 (what [`base64_encode`] writes); `None` for any
/// other text, so that decoding then encoding gives the text back.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).map(|v| v as u32);
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let quads = bytes.len() / 4;
    for (q, quad) in bytes.chunks(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && q + 1 != quads) {
            return None;
        }
        let mut n = 0u32;
        for &c in &quad[..4 - pad] {
            n = n << 6 | value(c)?;
        }
        // Canonical only: the bits a padded quad leaves over must be zero ("Zh==" is refused).
        let spare = [0, 2, 4][pad];
        if n & ((1 << spare) - 1) != 0 {
            return None;
        }
        n <<= 6 * pad as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Some(out)
}

/// The name kept for a pattern: trimmed, cut at [`MAX_NAME_CHARS`], never empty.
pub fn clean_name(name: &str) -> String {
    let name: String = name.trim().chars().take(MAX_NAME_CHARS).collect();
    if name.is_empty() {
        "pattern".into()
    } else {
        name
    }
}

/// A saved square image back from its side and base64 bytes, or why it cannot be.
pub fn unpack(side: f64, grey: &str) -> Result<GreyImage, String> {
    if !(side.fract() == 0.0 && (1.0..=MAX_SIDE as f64).contains(&side)) {
        return Err(format!(
            "side {side} is not a whole number from 1 to {MAX_SIDE}"
        ));
    }
    let side = side as usize;
    let bytes = base64_decode(grey).ok_or("its pixels are not base64 text")?;
    GreyImage::new(side, side, bytes).map_err(|e| e.to_string())
}

/// Appends to `kept` the `incoming` patterns it does not already hold, while it has fewer than
/// `limit`; returns how many were added. Opening the same state or patterns file twice then
/// adds nothing twice, and nothing already kept is lost.
pub fn merge<T: PartialEq>(kept: &mut Vec<T>, incoming: Vec<T>, limit: usize) -> usize {
    let before = kept.len();
    for item in incoming {
        if kept.len() >= limit {
            break;
        }
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    kept.len() - before
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), coded);
            assert_eq!(base64_decode(coded).as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn bad_base64_is_refused() {
        for bad in [
            "Zg=",
            "Z===",
            "Zg==Zg==",
            "Zm9*",
            "ab\u{e9}c",
            "Zh==",
            "Zm9=",
        ] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn unpack_checks_side_and_length() {
        let image = GreyImage::new(2, 2, vec![0, 80, 160, 255]).unwrap();
        assert_eq!(unpack(2.0, &base64_encode(image.pixels())), Ok(image));
        assert!(unpack(3.0, "AAAA").unwrap_err().contains("pixel"));
        assert!(unpack(2.5, "AAAA").unwrap_err().contains("whole number"));
        assert!(unpack(f64::NAN, "AAAA").is_err());
        assert!(unpack(1e9, "AAAA").is_err());
        assert!(unpack(2.0, "%%%%").unwrap_err().contains("base64"));
    }

    #[test]
    fn merge_skips_what_is_kept_and_stops_at_the_limit() {
        let mut kept = vec![1, 2];
        assert_eq!(merge(&mut kept, vec![2, 3, 1, 4, 5], 4), 2);
        assert_eq!(kept, [1, 2, 3, 4]);
        assert_eq!(merge(&mut kept, vec![6], 4), 0);
        let mut empty: Vec<u8> = Vec::new();
        assert_eq!(merge(&mut empty, vec![7, 7], 10), 1);
    }

    #[test]
    fn names_are_trimmed_cut_and_never_empty() {
        assert_eq!(clean_name("  cat.png "), "cat.png");
        assert_eq!(clean_name(""), "pattern");
        assert_eq!(clean_name(&"x".repeat(500)).chars().count(), MAX_NAME_CHARS);
    }

    proptest! {
        #[test]
        fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(base64_decode(&base64_encode(&bytes)), Some(bytes));
        }

        #[test]
        fn base64_decode_never_panics_and_is_canonical(text in "[A-Za-z0-9+/=]{0,16}|.{0,64}") {
            if let Some(bytes) = base64_decode(&text) {
                prop_assert_eq!(base64_encode(&bytes), text);
            }
        }

        #[test]
        fn unpack_never_panics(side in any::<f64>(), text in "[A-Za-z0-9+/=]{0,64}") {
            let _ = unpack(side, &text);
        }
    }
}
