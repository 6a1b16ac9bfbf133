//! The studio's state in a share link: the pattern source and its settings, the target and
//! the damage done to the query, the three models' parameters and the playback position.
//! Uploaded and drawn patterns are too big for a link and stay out of it (the page says so).

use crate::engine::classic::LearningRule;
use crate::engine::corruption::PixelRect;
use crate::engine::dense::MAX_DEGREE;
use crate::engine::short_sort;
use crate::lab::studio::dense_form::{DENSE_BETA_RANGE, DenseForm, DenseKind};
use crate::lab::studio::library::{MAX_RANDOM_COUNT, SIDES, Source};
use crate::lab::studio::order;
use crate::lab::studio::playback::{DEFAULT_SPEED, Pace};
use crate::lab::studio::presets;
use crate::lab::studio::query::Edit;
use crate::url_state::decimal::Decimal;
use crate::url_state::query::{self, Notices, Query};

/// Range of the modern network's β slider (1e-4 … 1e2 reaches all three regimes for photos
/// with d = 4096 and for small random sets).
pub const BETA_RANGE: (f32, f32) = (1e-4, 1e2);
/// Largest seed (JavaScript numbers are exact up to 2⁵³ − 1).
const MAX_SEED: u64 = (1 << 53) - 1;
/// Most edits a link may list (each is one click in the UI).
const MAX_EDITS: usize = 32;

const RULES: [(&str, LearningRule); 3] = [
    ("hebbian", LearningRule::Hebbian),
    ("storkey", LearningRule::Storkey),
    ("pseudo-inverse", LearningRule::PseudoInverse),
];
const PACES: [(&str, Pace); 2] = [("sweep", Pace::Sweep), ("neuron", Pace::Neuron)];

/// Everything of the studio a link carries, as plain values.
#[derive(Debug, Clone, PartialEq)]
pub struct StudioLink {
    pub source: Source,
    pub side: usize,
    pub count: usize,
    /// Binarisation threshold in grey levels; `None` = each image's mean.
    pub threshold: Option<f32>,
    pub seed: u64,
    /// Indices of the source's patterns removed from the gallery.
    pub removed: Vec<usize>,
    /// The gallery order, compact (see [`crate::lab::studio::order`]); empty = the natural order.
    pub order: Vec<usize>,
    pub target: usize,
    pub edits: Vec<Edit>,
    pub rule: LearningRule,
    pub dense: DenseForm,
    pub beta: f32,
    /// Playback position (frames).
    pub frame: usize,
    pub speed: f32,
    pub pace: Pace,
}

impl Default for StudioLink {
    /// The built-in photos at 64×64 with the lower half of the first one masked, β = 0.1.
    fn default() -> Self {
        Self {
            source: Source::Photos,
            side: 64,
            count: Source::Photos.default_count(),
            threshold: None,
            seed: 1,
            removed: Vec::new(),
            order: Vec::new(),
            target: 0,
            edits: vec![Edit::MaskLowerHalf],
            rule: LearningRule::Hebbian,
            dense: DenseForm::default(),
            beta: 0.1,
            frame: 0,
            speed: DEFAULT_SPEED,
            pace: Pace::Sweep,
        }
    }
}

fn list(values: &[usize]) -> String {
    values
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// An edit as it reads in a link: `mask-lower`, `mask-random:0.3`, `flip:0.1`, `noise:0.5`,
/// `rect:x.y.w.h`.
fn edit_text(edit: &Edit) -> String {
    match edit {
        Edit::MaskLowerHalf => "mask-lower".into(),
        Edit::MaskRandom(f) => format!("mask-random:{f}"),
        Edit::Flip(f) => format!("flip:{f}"),
        Edit::Noise(s) => format!("noise:{s}"),
        Edit::MaskRect(r) => format!("rect:{}.{}.{}.{}", r.x, r.y, r.width, r.height),
    }
}

/// Parses one edit; `None` if it is not one (its amount must be a number in range).
fn parse_edit(text: &str) -> Option<Edit> {
    let (kind, amount) = text.split_once(':').unwrap_or((text, ""));
    let fraction = || f32::parse_decimal(amount).filter(|f| (0.0..=1.0).contains(f));
    match kind {
        "mask-lower" => Some(Edit::MaskLowerHalf),
        "mask-random" => fraction().map(Edit::MaskRandom),
        "flip" => fraction().map(Edit::Flip),
        "noise" => f32::parse_decimal(amount)
            .filter(|s| (0.0..=10.0).contains(s))
            .map(Edit::Noise),
        "rect" => {
            let v: Vec<usize> = amount.split('.').filter_map(|p| p.parse().ok()).collect();
            match v[..] {
                [x, y, width, height] if x < 64 && y < 64 && width <= 64 && height <= 64 => {
                    Some(Edit::MaskRect(PixelRect {
                        x,
                        y,
                        width,
                        height,
                    }))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

impl StudioLink {
    /// The state as link parameters (without `view`).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let edits: Vec<String> = self.edits.iter().map(edit_text).collect();
        vec![
            ("source", self.source.slug().to_string()),
            ("side", self.side.to_string()),
            ("count", self.count.to_string()),
            (
                "threshold",
                self.threshold.map_or("mean".to_string(), |t| t.to_string()),
            ),
            ("seed", self.seed.to_string()),
            ("removed", list(&self.removed)),
            ("order", order::to_text(&self.order)),
            ("target", self.target.to_string()),
            ("edits", edits.join(",")),
            ("rule", query::choice_name(&RULES, &self.rule)),
            ("dense", self.dense.kind.slug().to_string()),
            ("degree", self.dense.degree.to_string()),
            ("dense-beta", self.dense.beta.to_string()),
            ("beta", self.beta.to_string()),
            ("frame", self.frame.to_string()),
            ("speed", self.speed.to_string()),
            ("pace", query::choice_name(&PACES, &self.pace)),
        ]
    }

    /// The state a link describes: the defaults overridden by every valid parameter; each bad
    /// one is ignored or clamped with a notice naming it.
    pub fn from_query(q: &Query) -> (Self, Notices) {
        let mut notes = Notices::default();
        let mut s = Self::default();
        if let Some(slug) = q.get("preset") {
            match presets::preset(slug) {
                Some(p) => s = p,
                None => notes.bad("preset", slug, "is not a studio preset: used the defaults"),
            }
        }
        let sources: Vec<(&str, Source)> = Source::ALL.iter().map(|v| (v.slug(), *v)).collect();
        if q.get("source").is_some() {
            query::choice(q, "source", &sources, &mut s.source, &mut notes);
            s.count = s.source.default_count();
        }
        let sides: Vec<(String, usize)> = SIDES.iter().map(|v| (v.to_string(), *v)).collect();
        let sides: Vec<(&str, usize)> = sides.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        query::choice(q, "side", &sides, &mut s.side, &mut notes);
        let max_count = s.source.size().unwrap_or(MAX_RANDOM_COUNT);
        query::number(q, "count", 1..=max_count, &mut s.count, &mut notes);
        if let Some(raw) = q.get("threshold").filter(|t| *t != "mean") {
            match f32::parse_decimal(raw.trim()) {
                Some(t) if (0.0..=255.0).contains(&t) => s.threshold = Some(t),
                _ => notes.bad(
                    "threshold",
                    raw,
                    "is not a grey level in 0…255 or “mean”: used each image's mean",
                ),
            }
        }
        query::number(q, "seed", 0..=MAX_SEED, &mut s.seed, &mut notes);
        if let Some(raw) = q.get("removed").filter(|r| !r.is_empty()) {
            let parsed: Option<Vec<usize>> = raw.split(',').map(|p| p.parse().ok()).collect();
            match parsed {
                Some(mut removed) if removed.len() < max_count => {
                    short_sort::sort_by(&mut removed, Ord::cmp);
                    removed.dedup();
                    s.removed = removed;
                }
                _ => notes.0.push(
                    "Link parameter “removed” is not a short list of pattern numbers: ignored."
                        .into(),
                ),
            }
        }
        if let Some(raw) = q.get("order") {
            match order::parse(raw) {
                Some(o) => s.order = o,
                None => notes.bad(
                    "order",
                    raw,
                    "is not a list of distinct pattern numbers such as 2,0,1: the gallery keeps its natural order",
                ),
            }
        }
        query::number(q, "target", 0..=max_count - 1, &mut s.target, &mut notes);
        if let Some(raw) = q.get("edits") {
            let parsed: Option<Vec<Edit>> = raw
                .split(',')
                .filter(|e| !e.is_empty())
                .map(parse_edit)
                .collect();
            match parsed {
                Some(edits) if edits.len() <= MAX_EDITS => s.edits = edits,
                _ => notes.0.push(format!(
                    "Link parameter “edits” is not a list of at most {MAX_EDITS} edits such as mask-lower,flip:0.1,noise:0.5,mask-random:0.3,rect:8.8.16.16: the query is the masked target."
                )),
            }
        }
        query::choice(q, "rule", &RULES, &mut s.rule, &mut notes);
        let kinds: Vec<(&str, DenseKind)> = DenseKind::ALL.iter().map(|k| (k.slug(), *k)).collect();
        query::choice(q, "dense", &kinds, &mut s.dense.kind, &mut notes);
        query::number(q, "degree", 2..=MAX_DEGREE, &mut s.dense.degree, &mut notes);
        let (lo, hi) = DENSE_BETA_RANGE;
        query::number(q, "dense-beta", lo..=hi, &mut s.dense.beta, &mut notes);
        query::number(
            q,
            "beta",
            BETA_RANGE.0..=BETA_RANGE.1,
            &mut s.beta,
            &mut notes,
        );
        query::number(q, "frame", 0..=1_000_000, &mut s.frame, &mut notes);
        query::choice(q, "pace", &PACES, &mut s.pace, &mut notes);
        // Each pace has its own speeds (steps or neuron visits a second).
        let speeds = s.pace.speeds();
        s.speed = s.pace.default_speed(s.side * s.side);
        query::number(
            q,
            "speed",
            speeds[0]..=speeds[speeds.len() - 1],
            &mut s.speed,
            &mut notes,
        );
        (s, notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::query::encode;
    use proptest::prelude::*;

    #[test]
    fn a_full_state_round_trips() {
        let s = StudioLink {
            source: Source::Glyphs,
            side: 32,
            count: 12,
            threshold: Some(100.0),
            seed: 77,
            removed: vec![1, 4],
            order: vec![2, 0, 1],
            target: 3,
            edits: vec![
                Edit::Flip(0.25),
                Edit::MaskRect(PixelRect {
                    x: 2,
                    y: 3,
                    width: 10,
                    height: 7,
                }),
                Edit::Noise(0.5),
                Edit::MaskRandom(0.3),
                Edit::MaskLowerHalf,
            ],
            rule: LearningRule::Storkey,
            dense: DenseForm {
                kind: DenseKind::Exponential,
                degree: 4,
                beta: 0.5,
            },
            beta: 8.0,
            frame: 17,
            speed: 5.0,
            pace: Pace::Neuron,
        };
        let (back, notes) = StudioLink::from_query(&Query::parse(&encode(&s.to_query())));
        assert_eq!(back, s);
        assert!(notes.0.is_empty(), "{notes:?}");
    }

    #[test]
    fn a_preset_is_a_link_its_parameters_override() {
        let (s, notes) = StudioLink::from_query(&Query::parse("preset=classic-succeeds"));
        assert_eq!(s, presets::preset("classic-succeeds").unwrap());
        assert!(notes.0.is_empty());
        let (s, _) = StudioLink::from_query(&Query::parse("preset=classic-succeeds&count=5"));
        assert_eq!((s.source, s.side, s.count), (Source::Glyphs, 16, 5));
        let (s, notes) = StudioLink::from_query(&Query::parse("preset=zzz"));
        assert_eq!(s, StudioLink::default());
        assert!(notes.0.join(" ").contains("“preset”"));
    }

    #[test]
    fn neuron_pace_starts_at_its_own_speed() {
        let (s, notes) = StudioLink::from_query(&Query::parse("pace=neuron&side=64"));
        assert_eq!(s.speed, Pace::Neuron.default_speed(4096));
        assert!(notes.0.is_empty());
        let (s, _) = StudioLink::from_query(&Query::parse("pace=neuron&speed=1000"));
        assert_eq!(s.speed, 1000.0);
        let (s, notes) = StudioLink::from_query(&Query::parse("pace=sweep&speed=1000"));
        assert_eq!(s.speed, 30.0);
        assert!(notes.0.join(" ").contains("“speed”"));
    }

    #[test]
    fn an_empty_link_is_the_default_studio() {
        let (s, notes) = StudioLink::from_query(&Query::parse(""));
        assert_eq!(s, StudioLink::default());
        assert!(notes.0.is_empty());
    }

    #[test]
    fn bad_parameters_fall_back_with_notices() {
        let q = Query::parse(
            "source=mnist&side=13&beta=1e9&edits=flip:7,mask-lower&target=-1&rule=x&threshold=abc&order=2,2",
        );
        let (s, notes) = StudioLink::from_query(&q);
        assert_eq!(s.source, Source::Photos);
        assert_eq!(s.side, 64);
        assert_eq!(s.beta, BETA_RANGE.1);
        assert_eq!(s.edits, vec![Edit::MaskLowerHalf]);
        assert_eq!(s.target, 0);
        assert_eq!(s.threshold, None);
        assert_eq!(s.order, Vec::<usize>::new());
        let text = notes.0.join("\n");
        for key in [
            "source",
            "side",
            "beta",
            "edits",
            "target",
            "rule",
            "threshold",
            "order",
        ] {
            assert!(
                text.contains(&format!("“{key}”")),
                "no notice for {key}: {text}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_gallery_order_round_trips(
            full in (0usize..60).prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        ) {
            let s = StudioLink {
                order: order::compact(full),
                ..StudioLink::default()
            };
            let (back, notes) = StudioLink::from_query(&Query::parse(&encode(&s.to_query())));
            prop_assert_eq!(back, s);
            prop_assert!(notes.0.is_empty());
        }
    }
}
