//! The page's query string as a share link carries it: decoding with percent escapes, typed
//! reads that never fail (a bad value keeps the default and leaves a notice naming the
//! parameter), and encoding back. Pure, so every malformed link is tested natively.

use std::fmt::Display;
use std::ops::RangeInclusive;

use super::decimal::Decimal;

/// Longest piece of a bad value quoted back in a notice (links can be arbitrarily long).
const QUOTE_CHARS: usize = 32;

/// Decoded `key=value` pairs of a query string, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
    /// Positions of the pairs whose values' escapes were not UTF-8 (U+FFFD in their place).
    lossy: Vec<usize>,
}

impl Query {
    /// Parses `?a=1&b=x%20y` (the leading `?` optional, `+` as a space, bad escapes kept
    /// literally, empty pieces skipped).
    pub fn parse(query: &str) -> Self {
        let mut lossy = Vec::new();
        let pairs = query
            .trim_start_matches('?')
            .split('&')
            .filter(|piece| !piece.is_empty())
            .enumerate()
            .map(|(at, piece)| {
                let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
                let (value, exact) = decode(value);
                if !exact {
                    lossy.push(at);
                }
                (decode(key).0, value)
            })
            .collect();
        Self { pairs, lossy }
    }

    /// Whether the value of `key` (the last one) was not valid UTF-8 once unescaped, so that
    /// [`Query::get`] gives it with replacement characters: a text parameter must say so
    /// rather than run a text nobody wrote.
    pub fn is_lossy(&self, key: &str) -> bool {
        self.pairs
            .iter()
            .rposition(|(k, _)| k == key)
            .is_some_and(|at| self.lossy.contains(&at))
    }

    /// The value of `key` (the last one when a link repeats it).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Collects the notices of one reading of a link.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Notices(pub Vec<String>);

impl Notices {
    /// Notes that parameter `key` had the bad value `value` (quoted, cut when long), and `why`.
    pub fn bad(&mut self, key: &str, value: &str, why: impl Display) {
        let mut quoted: String = value.chars().take(QUOTE_CHARS).collect();
        if value.chars().count() > QUOTE_CHARS {
            quoted.push('…');
        }
        self.0
            .push(format!("Link parameter “{key}” = “{quoted}” {why}."));
    }
}

/// Reads number `key` into `target`, clamped into `range`. A value that is not a number keeps
/// `target` and leaves a notice; one out of range is clamped, with a notice.
pub fn number<T>(
    query: &Query,
    key: &str,
    range: RangeInclusive<T>,
    target: &mut T,
    notes: &mut Notices,
) where
    T: Decimal + PartialOrd + Copy + Display,
{
    let Some(raw) = query.get(key) else { return };
    // `v == v` drops NaN (the one value that is not equal to itself).
    #[allow(clippy::eq_op)]
    let parsed = T::parse_decimal(raw.trim()).filter(|v| v == v);
    match parsed {
        None => notes.bad(key, raw, format_args!("is not a number: kept {target}")),
        Some(v) if v < *range.start() || v > *range.end() => {
            let clamped = if v < *range.start() {
                *range.start()
            } else {
                *range.end()
            };
            notes.bad(
                key,
                raw,
                format_args!(
                    "is outside {}…{}: used {clamped}",
                    range.start(),
                    range.end()
                ),
            );
            *target = clamped;
        }
        Some(v) => *target = v,
    }
}

/// Reads `key` as one of `options` (value in the link, meaning) into `target`; an unknown value
/// keeps `target` and leaves a notice listing the accepted values.
pub fn choice<T: Copy>(
    query: &Query,
    key: &str,
    options: &[(&str, T)],
    target: &mut T,
    notes: &mut Notices,
) {
    let Some(raw) = query.get(key) else { return };
    match options.iter().find(|(name, _)| *name == raw) {
        Some(&(_, value)) => *target = value,
        None => {
            let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
            notes.bad(
                key,
                raw,
                format_args!("is not one of {}: ignored", names.join(", ")),
            );
        }
    }
}

/// The link value of `value` among `options` (the inverse of [`choice`]).
pub fn choice_name<T: PartialEq>(options: &[(&'static str, T)], value: &T) -> String {
    options
        .iter()
        .find(|(_, v)| v == value)
        .map_or("", |(n, _)| n)
        .to_string()
}

/// Reads a flag (`1`/`0`, `true`/`false`, `on`/`off`).
pub fn flag(query: &Query, key: &str, target: &mut bool, notes: &mut Notices) {
    choice(
        query,
        key,
        &[
            ("1", true),
            ("0", false),
            ("true", true),
            ("false", false),
            ("on", true),
            ("off", false),
        ],
        target,
        notes,
    );
}

/// The link form of a flag.
pub fn flag_value(on: bool) -> String {
    if on { "1" } else { "0" }.to_string()
}

/// Encodes pairs as a query string with its `?`.
pub fn encode(pairs: &[(&str, String)]) -> String {
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_part(k), encode_part(v)))
        .collect();
    format!("?{}", body.join("&"))
}

/// Percent-encodes everything but RFC 3986's unreserved characters and `,` (lists stay readable).
fn encode_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~,".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes and `+`; invalid escapes stay as they are, invalid UTF-8 is replaced
/// (then the flag is false).
fn decode(text: &str) -> (String, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(text) => (text, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_escapes_plus_and_repeats() {
        let q = Query::parse("?a=x%20y&b=1+2&a=last&flag&bad=%zz%4");
        assert_eq!(q.get("a"), Some("last"));
        assert_eq!(q.get("b"), Some("1 2"));
        assert_eq!(q.get("flag"), Some(""));
        assert_eq!(q.get("bad"), Some("%zz%4"));
        assert_eq!(q.get("none"), None);
    }

    #[test]
    fn numbers_are_clamped_or_kept_with_a_notice() {
        let q = Query::parse("beta=1e9&dim=abc&seed=7&nan=NaN");
        let mut notes = Notices::default();
        let mut beta = 1.0f32;
        number(&q, "beta", 1e-4..=1e4, &mut beta, &mut notes);
        assert_eq!(beta, 1e4);
        let mut dim = 64usize;
        number(&q, "dim", 16..=1024, &mut dim, &mut notes);
        assert_eq!(dim, 64);
        let mut seed = 1u64;
        number(&q, "seed", 0..=9, &mut seed, &mut notes);
        assert_eq!(seed, 7);
        let mut x = 0.5f64;
        number(&q, "nan", 0.0..=1.0, &mut x, &mut notes);
        assert_eq!(x, 0.5);
        assert_eq!(notes.0.len(), 3, "{notes:?}");
        assert!(notes.0[0].contains("“beta”") && notes.0[0].contains("10000"));
        assert!(notes.0[1].contains("“dim”") && notes.0[1].contains("not a number"));
    }

    #[test]
    fn choices_name_the_accepted_values() {
        let q = Query::parse("spacing=cubic&log=1");
        let mut notes = Notices::default();
        let mut spacing = 0;
        choice(
            &q,
            "spacing",
            &[("linear", 0), ("log", 1)],
            &mut spacing,
            &mut notes,
        );
        assert_eq!(spacing, 0);
        assert!(notes.0[0].contains("linear, log"));
        let mut log = false;
        flag(&q, "log", &mut log, &mut notes);
        assert!(log);
    }

    #[test]
    fn long_values_are_cut_in_notices() {
        let long = "x".repeat(5000);
        let q = Query::parse(&format!("dim={long}"));
        let mut notes = Notices::default();
        let mut dim = 64usize;
        number(&q, "dim", 16..=1024, &mut dim, &mut notes);
        assert!(notes.0[0].chars().count() < 120, "{}", notes.0[0]);
    }

    proptest! {
        #[test]
        fn encode_then_parse_round_trips(
            pairs in proptest::collection::vec(("[a-z-]{1,8}", "\\PC{0,16}"), 0..6)
        ) {
            let borrowed: Vec<(&str, String)> =
                pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            let q = Query::parse(&encode(&borrowed));
            for (k, _) in &pairs {
                let last = pairs.iter().rev().find(|(k2, _)| k2 == k).map(|(_, v)| v.as_str());
                prop_assert_eq!(q.get(k), last);
            }
        }

        #[test]
        fn any_text_parses_without_panic(text in "\\PC{0,64}") {
            let q = Query::parse(&text);
            let mut notes = Notices::default();
            let mut beta = 1.0f32;
            number(&q, "beta", 1e-4..=1e4, &mut beta, &mut notes);
            prop_assert!(beta.is_finite());
        }
    }
}
