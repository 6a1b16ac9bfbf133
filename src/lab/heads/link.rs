//! The heads view's state in a share link: which text, the β multiplier, and the head and
//! query row opened in detail.

use crate::url_state::query::{self, Notices, Query};

/// Range of the β multiplier m (β = m/√d_k).
pub const MULTIPLIER: (f32, f32) = (0.1, 10.0);
/// Most texts an asset may hold (a link's text index is clamped to it; the view checks the
/// asset's own count).
const MAX_TEXTS: usize = 64;

/// Everything of the heads view a link carries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadsLink {
    /// Index of the shipped text.
    pub text: usize,
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
}
