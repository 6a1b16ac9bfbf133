//! Numbers read from text (links, form fields): the syntax `str::parse::<f64>` accepts, with the
//! value computed by the browser in the wasm build.
//!
//! Why: Rust's float parser carries a 10 KB table of powers of five that does not compress, about
//! 9 KB of every view's gzipped download; the browser's `parseFloat` is exact and already there.
//! The syntax is checked here, so a text is a number on every platform exactly when Rust would
//! parse it (tested against `str::parse` below); natively the value comes from `str::parse`.

/// A number type read from decimal text.
pub trait Decimal: Sized {
    /// The number `text` spells, as `str::parse` reads it; `None` if it is not one.
    fn parse_decimal(text: &str) -> Option<Self>;
}

impl Decimal for f64 {
    fn parse_decimal(text: &str) -> Option<Self> {
        parse_f64(text)
    }
}

impl Decimal for f32 {
    /// Through the nearest f64, so a value may differ from `str::parse::<f32>` in its last bit
    /// for a text extremely close to halfway between two f32s; every shortest f32 spelling
    /// reads back exactly (tested below).
    fn parse_decimal(text: &str) -> Option<Self> {
        parse_f64(text).map(|v| v as f32)
    }
}

macro_rules! integer_decimal {
    ($($t:ty),*) => {$(
        impl Decimal for $t {
            fn parse_decimal(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}

integer_decimal!(u8, u16, u32, u64, usize, i32, i64);

/// The f64 that `text` spells (`1`, `-2.5`, `.5`, `3.`, `1e-3`, `inf`, `NaN`, …), as
/// `str::parse::<f64>` reads it; `None` if it is not a number.
pub fn parse_f64(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let word = if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity")
    {
        Some(f64::INFINITY)
    } else if unsigned.eq_ignore_ascii_case("nan") {
        Some(f64::NAN)
    } else {
        None
    };
    if let Some(v) = word {
        return Some(if text.starts_with('-') { -v } else { v });
    }
    is_decimal(unsigned).then(|| value_of(text))
}

/// Whether `text` (without sign) is digits with at most one `.`, at least one digit, and an
/// optional exponent `e`/`E`, sign, digits: Rust's float syntax apart from the words.
fn is_decimal(text: &str) -> bool {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    !(whole.is_empty() && fraction.is_empty())
        && digits(whole)
        && digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

/// The value of `text`, already checked to be a decimal number.
#[cfg(target_arch = "wasm32")]
fn value_of(text: &str) -> f64 {
    js_sys::Number::parse_float(text)
}

/// The value of `text`, already checked to be a decimal number.
#[cfg(not(target_arch = "wasm32"))]
fn value_of(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Same verdict and (bit for bit, NaN aside) same value as `str::parse::<f64>`.
    fn agrees(text: &str) -> bool {
        match (parse_f64(text), text.parse::<f64>().ok()) {
            (Some(a), Some(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (None, None) => true,
            _ => false,
        }
    }

    #[test]
    fn reads_what_rust_reads_and_refuses_the_rest() {
        for text in [
            "0",
            "1",
            "-2.5",
            "+3",
            ".5",
            "3.",
            "1e3",
            "1E-3",
            "2.5e+2",
            "007",
            "-0",
            "inf",
            "-INF",
            "Infinity",
            "+infinity",
            "NaN",
            "-nan",
            "1e400",
            "4.9e-324",
            "0.05",
        ] {
            assert!(parse_f64(text).is_some(), "{text}");
            assert!(agrees(text), "{text}");
        }
        for text in [
            "", "-", ".", "e3", "1e", "1e+", "1.2.3", " 1", "1 ", "0x10", "1_0", "--1", "+-1",
            "in", "infin", "nana", "1,5", "½", ".e1", "1..",
        ] {
            assert_eq!(parse_f64(text), None, "{text}");
            assert!(agrees(text), "{text}");
        }
    }

    #[test]
    fn integers_and_f32_read_as_rust_reads_them() {
        assert_eq!(usize::parse_decimal("12"), Some(12));
        assert_eq!(usize::parse_decimal("-1"), None);
        assert_eq!(f32::parse_decimal("0.1"), Some(0.1));
        assert_eq!(f32::parse_decimal("x"), None);
    }

    proptest! {
        #[test]
        fn agrees_with_rust_on_any_text(text in "[-+0-9.eEinfaINFA]{0,12}") {
            prop_assert!(agrees(&text), "{}", text);
        }

        #[test]
        fn agrees_with_rust_on_any_float(x in any::<f64>()) {
            let (plain, exponent) = (x.to_string(), format!("{x:e}"));
            prop_assert!(agrees(&plain), "{}", plain);
            prop_assert!(agrees(&exponent), "{}", exponent);
        }

        #[test]
        fn every_f32_reads_back_from_its_shortest_spelling(x in any::<f32>()) {
            for text in [x.to_string(), format!("{x:e}")] {
                let back = f32::parse_decimal(&text).unwrap();
                prop_assert!(back.to_bits() == x.to_bits() || (x.is_nan() && back.is_nan()), "{}", text);
            }
        }
    }
}
