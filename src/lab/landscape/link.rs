//! The landscape view's state in a share link: the tab, the 2-D points (as placed, dragged or
//! typed), the view rectangle, β, the pointer mode, basins, the dropped query, the 1-D slice,
//! and the high-dimensional section's set, plane and β.

use super::high_dim::{Anchor, BETA_RANGE as HD_BETA_RANGE, MAX_COUNT, QueryMask};
use super::settings::{COORD_LIMIT, MAX_POINTS, PointerMode, Settings, SubView};
use crate::engine::landscape::Preset;
use crate::lab::studio::library::Source;
use crate::url_state::decimal::Decimal;
use crate::url_state::query::{self, Notices, Query};

/// β range of the 2-D landscape's slider and bifurcation diagram.
pub const BETA_RANGE: (f32, f32) = (1e-2, 1e3);
/// Seed of the random preset.
pub const RANDOM_SEED: u64 = 1;

const TABS: [(&str, SubView); 3] = [
    ("points", SubView::Points),
    ("high-dim", SubView::HighDim),
    ("theory", SubView::Theory),
];

/// Numbers joined by `_` (a character links keep as it is).
fn joined(values: &[f32]) -> String {
    values
        .iter()
        .map(f32::to_string)
        .collect::<Vec<_>>()
        .join("_")
}

/// `n` finite numbers within ±`limit` separated by `_`, or `None`.
fn numbers(text: &str, n: usize, limit: f32) -> Option<Vec<f32>> {
    let v: Vec<f32> = text
        .split('_')
        .map(|p| f32::parse_decimal(p).filter(|x| x.abs() <= limit))
        .collect::<Option<_>>()?;
    (v.len() == n).then_some(v)
}

fn presets() -> Vec<(&'static str, Preset)> {
    let mut all: Vec<(&str, Preset)> = Preset::FIXED.iter().map(|p| (p.name(), *p)).collect();
    all.push(("random", Preset::Random { seed: RANDOM_SEED }));
    all
}

impl Settings {
    /// The state as link parameters (without `view`).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let points: Vec<String> = self.points.iter().map(|p| joined(p)).collect();
        let ((x0, x1), (y0, y1)) = self.view;
        let hd = &self.high_dim;
        let anchors: Vec<String> = hd.anchors.iter().map(|a| a.slug()).collect();
        let mut pairs = vec![
            ("tab", query::choice_name(&TABS, &self.sub_view)),
            ("preset", self.preset.name().to_string()),
            ("points", points.join(",")),
            ("window", joined(&[x0, x1, y0, y1])),
            ("beta", self.beta.to_string()),
            ("mode", self.mode.slug().to_string()),
            ("basins", query::flag_value(self.show_basins)),
            ("segment", format!("{}_{}", self.segment.0, self.segment.1)),
            ("hd-source", hd.source.slug().to_string()),
            ("hd-count", hd.count.to_string()),
            ("hd-anchors", anchors.join(",")),
            ("hd-target", hd.target.to_string()),
            ("hd-mask", hd.mask.slug().to_string()),
            ("hd-beta", hd.beta.to_string()),
        ];
        if let Some(q) = self.query {
            pairs.push(("query", joined(&q)));
        }
        pairs
    }

    /// The state a link describes: the defaults (or the link's `preset`) overridden by every
    /// valid parameter; each bad one is ignored or clamped with a notice naming it.
    pub fn from_query(q: &Query) -> (Self, Notices) {
        let mut notes = Notices::default();
        let mut s = Settings::default();
        query::choice(q, "tab", &TABS, &mut s.sub_view, &mut notes);
        let mut preset = s.preset;
        query::choice(q, "preset", &presets(), &mut preset, &mut notes);
        s.select_preset(preset);
        if let Some(raw) = q.get("points") {
            let parsed: Option<Vec<[f32; 2]>> = raw
                .split(',')
                .map(|p| numbers(p, 2, COORD_LIMIT).map(|v| [v[0], v[1]]))
                .collect();
            match parsed {
                Some(points) if (1..=MAX_POINTS).contains(&points.len()) => {
                    s.points = points;
                    s.refit_if_needed();
                }
                _ => notes.bad(
                    "points",
                    raw,
                    format_args!(
                        "is not 1 to {MAX_POINTS} points x_y within ±{COORD_LIMIT} separated by commas: used the preset's"
                    ),
                ),
            }
        }
        if let Some(raw) = q.get("window") {
            match numbers(raw, 4, 10.0 * COORD_LIMIT) {
                Some(v) if v[0] < v[1] && v[2] < v[3] => {
                    s.view = ((v[0], v[1]), (v[2], v[3]));
                    s.refit_if_needed();
                }
                _ => notes.bad(
                    "window",
                    raw,
                    "is not x0_x1_y0_y1 with x0 < x1 and y0 < y1: fitted to the points",
                ),
            }
        }
        query::number(
            q,
            "beta",
            BETA_RANGE.0..=BETA_RANGE.1,
            &mut s.beta,
            &mut notes,
        );
        let modes: Vec<(&str, PointerMode)> =
            PointerMode::ALL.iter().map(|m| (m.slug(), *m)).collect();
        query::choice(q, "mode", &modes, &mut s.mode, &mut notes);
        query::flag(q, "basins", &mut s.show_basins, &mut notes);
        if let Some(raw) = q.get("query") {
            match numbers(raw, 2, 10.0 * COORD_LIMIT) {
                Some(v) => s.query = Some([v[0], v[1]]),
                None => notes.bad("query", raw, "is not a point x_y: no query dropped"),
            }
        }
        if let Some(raw) = q.get("segment") {
            let parsed = raw
                .split_once('_')
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
            let before = s.segment;
            match parsed {
                Some(segment) => s.segment = segment,
                None => notes.bad("segment", raw, "is not two pattern indices a_b: used 0_1"),
            }
            if !s.segment_valid() {
                if parsed.is_some() {
                    notes.bad("segment", raw, "names patterns that do not exist: used 0_1");
                }
                s.segment = before;
            }
        }
        let hd = &mut s.high_dim;
        let sources: Vec<(&str, Source)> = Source::ALL.iter().map(|v| (v.slug(), *v)).collect();
        query::choice(q, "hd-source", &sources, &mut hd.source, &mut notes);
        query::number(q, "hd-count", 3..=MAX_COUNT, &mut hd.count, &mut notes);
        if let Some(raw) = q.get("hd-anchors") {
            let parsed: Option<Vec<Anchor>> = raw.split(',').map(Anchor::from_slug).collect();
            match parsed.as_deref() {
                Some(&[a, b, c]) => hd.anchors = [a, b, c],
                _ => notes.bad(
                    "hd-anchors",
                    raw,
                    "is not three anchors such as 0,1,query: used 0,1,2",
                ),
            }
        }
        query::number(
            q,
            "hd-target",
            0..=MAX_COUNT - 1,
            &mut hd.target,
            &mut notes,
        );
        let masks = QueryMask::ALL.map(|m| (m.slug(), m));
        query::choice(q, "hd-mask", &masks, &mut hd.mask, &mut notes);
        let (lo, hi) = HD_BETA_RANGE;
        query::number(q, "hd-beta", lo..=hi, &mut hd.beta, &mut notes);
        (s, notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::query::encode;

    #[test]
    fn an_edited_landscape_round_trips() {
        let mut s = Settings::default();
        s.select_preset(Preset::Ring);
        s.drag_point(2, [0.25, -1.5]);
        s.beta = 12.5;
        s.mode = PointerMode::Add;
        s.show_basins = true;
        s.query = Some([0.5, 0.75]);
        s.segment = (3, 5);
        s.sub_view = SubView::HighDim;
        s.high_dim.source = Source::Glyphs;
        s.high_dim.count = 9;
        s.high_dim.anchors = [Anchor::Pattern(4), Anchor::Query, Anchor::Pattern(1)];
        s.high_dim.target = 4;
        s.high_dim.mask = QueryMask::Eighth;
        s.high_dim.beta = 0.02;
        let (back, notes) = Settings::from_query(&Query::parse(&encode(&s.to_query())));
        assert!(notes.0.is_empty(), "{notes:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn an_empty_link_is_the_default_and_bad_values_give_notices() {
        let (s, notes) = Settings::from_query(&Query::parse(""));
        assert_eq!(s, Settings::default());
        assert!(notes.0.is_empty());
        let q = Query::parse(
            "preset=ring&points=1_2,zz&beta=0&segment=0_9&hd-anchors=0,1&window=3_1_0_1&hd-mask=most",
        );
        let (s, notes) = Settings::from_query(&q);
        assert_eq!(s.points, Preset::Ring.points(), "the preset's points stay");
        assert_eq!(s.beta, BETA_RANGE.0);
        assert_eq!(s.segment, (0, 1));
        let text = notes.0.join("\n");
        for key in [
            "points",
            "beta",
            "segment",
            "hd-anchors",
            "window",
            "hd-mask",
        ] {
            assert!(
                text.contains(&format!("“{key}”")),
                "no notice for {key}: {text}"
            );
        }
    }
}
