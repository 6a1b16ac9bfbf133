//! The capacity lab's settings in a share link: every field of the form as a parameter, read
//! back with the form's own clamping, so a link reproduces the experiment (same seed, same
//! numbers) and a bad parameter only costs a notice.

use super::*;
use crate::url_state::query::{self, Notices, Query};

const SPACINGS: [(&str, Spacing); 2] = [("linear", Spacing::Linear), ("log", Spacing::Log)];
const PATTERNS: [(&str, Patterns); 2] = [
    ("random", Patterns::Random),
    ("correlated", Patterns::Correlated),
];
const SUCCESS: [(&str, bool); 2] = [("exact", true), ("overlap", false)];
const X_AXIS: [(&str, bool); 2] = [("n", false), ("n-per-d", true)];

/// Every numeric field, in the order the link lists them.
const FIELDS: [Field; 11] = [
    Field::Dim,
    Field::Start,
    Field::Stop,
    Field::Step,
    Field::LogPoints,
    Field::Trials,
    Field::Flip,
    Field::Threshold,
    Field::Seed,
    Field::Beta,
    Field::Correlation,
];

impl CapacitySettings {
    /// The settings as link parameters (without `view`).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let models: Vec<&str> = self.models.iter().map(|m| m.slug()).collect();
        let mut pairs = vec![("models", models.join(","))];
        pairs.extend(FIELDS.iter().map(|f| (f.slug(), f.show(self))));
        pairs.extend([
            ("spacing", query::choice_name(&SPACINGS, &self.spacing)),
            ("patterns", query::choice_name(&PATTERNS, &self.patterns)),
            ("success", query::choice_name(&SUCCESS, &self.exact)),
            ("x", query::choice_name(&X_AXIS, &self.per_dim)),
            ("log-x", query::flag_value(self.log_x)),
            ("overlap-curve", query::flag_value(self.show_overlap)),
        ]);
        pairs
    }

    /// Settings from a link: a `preset` (default: classic-breaks) overridden by every valid
    /// parameter; each bad one is ignored or clamped with a notice naming it.
    pub fn from_query(q: &Query) -> (Self, Notices) {
        let mut notes = Notices::default();
        let presets: Vec<(&str, Preset)> = Preset::ALL.iter().map(|p| (p.slug(), *p)).collect();
        let mut preset = Preset::ClassicBreaks;
        query::choice(q, "preset", &presets, &mut preset, &mut notes);
        let mut s = preset.settings();
        if let Some(raw) = q.get("models") {
            let mut models = Vec::new();
            for slug in raw.split(',').filter(|m| !m.is_empty()) {
                match ModelChoice::ALL.iter().find(|m| m.slug() == slug) {
                    Some(&m) if !models.contains(&m) => models.push(m),
                    Some(_) => {}
                    None => notes.0.push(format!(
                        "Link parameter “models”: “{}” is no model, ignored.",
                        slug.chars().take(32).collect::<String>()
                    )),
                }
            }
            if models.is_empty() {
                notes
                    .0
                    .push("Link parameter “models” names no model: kept the preset's.".into());
            } else {
                short_sort::sort_by(&mut models, Ord::cmp);
                s.models = models;
            }
        }
        for field in FIELDS {
            if let Some(raw) = q.get(field.slug())
                && let Some(message) = field.apply(&mut s, raw)
            {
                notes
                    .0
                    .push(format!("Link parameter “{}”: {message}.", field.slug()));
            }
        }
        query::choice(q, "spacing", &SPACINGS, &mut s.spacing, &mut notes);
        query::choice(q, "patterns", &PATTERNS, &mut s.patterns, &mut notes);
        query::choice(q, "success", &SUCCESS, &mut s.exact, &mut notes);
        query::choice(q, "x", &X_AXIS, &mut s.per_dim, &mut notes);
        query::flag(q, "log-x", &mut s.log_x, &mut notes);
        query::flag(q, "overlap-curve", &mut s.show_overlap, &mut notes);
        (s, notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::query::encode;

    #[test]
    fn every_preset_round_trips() {
        for preset in Preset::ALL {
            let mut s = preset.settings();
            s.seed = 12345;
            s.show_overlap = true;
            let (back, notes) = CapacitySettings::from_query(&Query::parse(&encode(&s.to_query())));
            assert_eq!(back, s, "{preset:?}");
            assert!(notes.0.is_empty(), "{notes:?}");
        }
    }

    #[test]
    fn bad_parameters_fall_back_with_notices() {
        let q = Query::parse(
            "preset=modern-thousands&dim=99999&models=modern,nonsense&spacing=x&trials=-3",
        );
        let (s, notes) = CapacitySettings::from_query(&q);
        assert_eq!(s.dim, 1024);
        assert_eq!(s.models, vec![ModelChoice::Modern]);
        assert_eq!(s.spacing, Spacing::Log, "the preset's spacing stays");
        assert_eq!(s.trials, 1);
        let text = notes.0.join("\n");
        for key in ["dim", "models", "spacing", "trials"] {
            assert!(
                text.contains(&format!("“{key}”")),
                "no notice for {key}: {text}"
            );
        }
    }

    #[test]
    fn an_empty_link_is_the_default_lab() {
        let (s, notes) = CapacitySettings::from_query(&Query::parse(""));
        assert_eq!(s, CapacitySettings::default());
        assert!(notes.0.is_empty());
    }
}
