//! The heads view's state in a share link: which text (a shipped one, or the user's own), the
//! β multiplier, and the head and query row opened in detail.

use super::own::{self, MAX_CHARS};
use crate::url_state::query::{self, Notices, Query};

/// Range of the β multiplier m (β = m/√d_k).
pub const MULTIPLIER: (f32, f32) = (0.1, 10.0);
/// Most texts an asset may hold (a link's text index is clamped to it; the view checks the
/// asset's own count).
const MAX_TEXTS: usize = 64;

/// Everything of the heads view a link carries.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadsLink {
    /// Index of the shipped text.
    pub text: usize,
    /// The user's own text (at most [`MAX_CHARS`] characters), shown instead of the shipped
    /// one when present; the link still carries `text`, the choice to go back to.
    pub own: Option<String>,
    /// β as a multiple of the model's own 1/√d_k.
    pub multiplier: f32,
    /// The head opened in detail as (layer, head), both from 1.
    pub head: Option<(usize, usize)>,
    /// The query row shown as a retrieval.
    pub row: usize,
}

impl Default for HeadsLink {
    fn default() -> Self {
        Self {
            text: 0,
            own: None,
            multiplier: 1.0,
            head: None,
            row: 0,
        }
    }
}

impl HeadsLink {
    /// The state as link parameters (without `view`).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("text", self.text.to_string()),
            ("m", self.multiplier.to_string()),
        ];
        if let Some(own) = &self.own {
            pairs.push(("own", own.clone()));
        }
        if let Some((layer, head)) = self.head {
            pairs.push(("head", format!("{layer}.{head}")));
            pairs.push(("row", self.row.to_string()));
        }
        pairs
    }

    /// The state a link describes, for a model of `layers` × `heads`; bad parameters are
    /// ignored or clamped with a notice naming them.
    pub fn from_query(q: &Query, layers: usize, heads: usize) -> (Self, Notices) {
        let mut notes = Notices::default();
        let mut s = Self::default();
        query::number(q, "text", 0..=MAX_TEXTS - 1, &mut s.text, &mut notes);
        if let Some(raw) = q.get("own").filter(|_| q.is_lossy("own")) {
            notes.bad(
                "own",
                raw,
                "is not UTF-8 text (its escapes are not characters): it was not run",
            );
        } else if let Some(raw) = q.get("own") {
            match own::precheck_text(raw) {
                Err(why) => notes.bad("own", raw, format_args!("is not a text to run ({why})")),
                Ok(kept) => {
                    if kept.len() < raw.len() {
                        notes.bad(
                            "own",
                            raw,
                            format_args!(
                                "is longer than {MAX_CHARS} characters: cut to its first {MAX_CHARS}"
                            ),
                        );
                    }
                    s.own = Some(kept);
                }
            }
        }
        let (lo, hi) = MULTIPLIER;
        query::number(q, "m", lo..=hi, &mut s.multiplier, &mut notes);
        if let Some(raw) = q.get("head") {
            let parsed = raw
                .split_once('.')
                .and_then(|(l, h)| Some((l.parse::<usize>().ok()?, h.parse::<usize>().ok()?)));
            match parsed {
                Some((l, h)) if (1..=layers).contains(&l) && (1..=heads).contains(&h) => {
                    s.head = Some((l, h));
                }
                _ => notes.bad(
                    "head",
                    raw,
                    format_args!("is not layer.head within {layers}.{heads}: no head opened"),
                ),
            }
        }
        query::number(q, "row", 0..=4095, &mut s.row, &mut notes);
        (s, notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::query::encode;

    #[test]
    fn round_trips_and_bad_values() {
        let s = HeadsLink {
            text: 3,
            own: None,
            multiplier: 2.5,
            head: Some((6, 12)),
            row: 17,
        };
        let (back, notes) = HeadsLink::from_query(&Query::parse(&encode(&s.to_query())), 6, 12);
        assert_eq!(back, s);
        assert!(notes.0.is_empty());
        let (bad, notes) = HeadsLink::from_query(&Query::parse("m=0&head=7.1&text=x"), 6, 12);
        assert_eq!(bad.multiplier, MULTIPLIER.0);
        assert_eq!(bad.head, None);
        assert_eq!(bad.text, 0);
        assert_eq!(notes.0.len(), 3, "{notes:?}");
    }

    #[test]
    fn an_own_text_round_trips_with_any_characters() {
        for text in [
            "A man is eating food.",
            "Tom & Jerry = 2 #1 100% a+b?c/d",
            "Der Bär schläft; 北京欢迎你 — naïve café 🙂",
            "  line one\nline two\t",
        ] {
            let s = HeadsLink {
                text: 2,
                own: Some(text.into()),
                ..HeadsLink::default()
            };
            let link = encode(&s.to_query());
            // Only the separators of the three pairs are left bare.
            assert_eq!(
                (link.matches('&').count(), link.matches('=').count()),
                (2, 3)
            );
            assert!(!link.contains('#'), "{link}");
            let (back, notes) = HeadsLink::from_query(&Query::parse(&link), 6, 12);
            assert_eq!(back, s, "{link}");
            assert!(notes.0.is_empty(), "{notes:?}");
        }
        // `text=` alone still picks a shipped text.
        let (shipped, _) = HeadsLink::from_query(&Query::parse("text=2"), 6, 12);
        assert_eq!((shipped.text, shipped.own), (2, None));
    }

    #[test]
    fn a_long_own_text_is_cut_with_a_notice() {
        let long = "ü".repeat(MAX_CHARS + 20);
        let link = encode(&[("own", long.clone())]);
        let (s, notes) = HeadsLink::from_query(&Query::parse(&link), 6, 12);
        assert_eq!(s.own, Some("ü".repeat(MAX_CHARS)));
        assert_eq!(notes.0.len(), 1, "{notes:?}");
        assert!(
            notes.0[0].contains("“own”") && notes.0[0].contains("500"),
            "{notes:?}"
        );
        let (broken, notes) =
            HeadsLink::from_query(&Query::parse("text=2&own=caf%C3%A9%FF%FE&m=2"), 6, 12);
        assert_eq!((broken.text, broken.own, broken.multiplier), (2, None, 2.0));
        assert!(notes.0[0].contains("not UTF-8"), "{notes:?}");
        let (fine, notes) = HeadsLink::from_query(&Query::parse("own=caf%C3%A9"), 6, 12);
        assert_eq!((fine.own.as_deref(), notes.0.len()), (Some("café"), 0));
        let (blank, notes) = HeadsLink::from_query(&Query::parse("text=1&own=+%0A"), 6, 12);
        assert_eq!((blank.text, blank.own), (1, None));
        assert!(notes.0[0].contains("only whitespace"), "{notes:?}");
    }
}
