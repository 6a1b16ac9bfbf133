//! The curated experiments of the preset menu, told the way a lecture would tell them.

use super::*;

/// The curated experiments of the preset menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Hebbian, d = 200: the classical network breaks near 0.14·d.
    ClassicBreaks,
    /// Correlated patterns break Hebbian learning far below 0.14·d.
    Correlated,
    /// Dense polynomial networks: capacity ∝ d^{n−1}.
    DensePoly,
    /// The modern network stores thousands of patterns at d = 64.
    ModernThousands,
    /// At a small d the modern network's exponential capacity is measured, beside the dense
    /// networks' polynomial ones.
    ModernBreaks,
}

impl Preset {
    /// Every preset, in the menu's order.
    pub const ALL: [Preset; 5] = [
        Preset::ClassicBreaks,
        Preset::Correlated,
        Preset::DensePoly,
        Preset::ModernThousands,
        Preset::ModernBreaks,
    ];

    /// The `<option>` value.
    pub fn slug(self) -> &'static str {
        match self {
            Preset::ClassicBreaks => "classic-breaks",
            Preset::Correlated => "correlated",
            Preset::DensePoly => "dense-poly",
            Preset::ModernThousands => "modern-thousands",
            Preset::ModernBreaks => "modern-breaks",
        }
    }

    /// The `<option>` text.
    pub fn title(self) -> &'static str {
        match self {
            Preset::ClassicBreaks => "Classic breaks near 0.14·d",
            Preset::Correlated => "Correlated patterns break it early",
            Preset::DensePoly => "Dense: capacity ∝ dⁿ⁻¹",
            Preset::ModernThousands => "Modern: thousands at d = 64",
            Preset::ModernBreaks => "Modern breaks too: d = 16",
        }
    }

    /// What to look for, one or two sentences under the menu.
    pub fn blurb(self) -> &'static str {
        match self {
            Preset::ClassicBreaks => {
                "Hebbian learning, d = 200, 10 % of the query flipped: the success rate falls \
                 from 1 to almost 0 between N ≈ 20 and N ≈ 50, around 0.138·d = 27.6."
            }
            Preset::Correlated => {
                "The same classical network on patterns that are noisy copies of one prototype \
                 (mutual overlap 0.3): Hebbian learning fails far below 0.138·d, as it does on \
                 similar photos; the pseudo-inverse rule removes the correlations and holds on."
            }
            Preset::DensePoly => {
                "Dense associative memories with F(z) = z² (the classical network) and z³ at \
                 d = 50, on a log axis: one more power in the energy multiplies the capacity \
                 by about d."
            }
            Preset::ModernThousands => {
                "The modern network (β = 1) at d = 64 retrieves every pattern with up to 4096 \
                 stored, while the classical network is gone beyond N ≈ 9."
            }
            Preset::ModernBreaks => {
                "At d = 16 with 20 % of the query flipped every network breaks within the \
                 axis: half the trials succeed near N ≈ 5 for z², 20 for z³ and for z⁴, 45 for \
                 exp(z) and 120 for the modern network (β = 2). The exponential bound exp(αd) \
                 lies far below what is measured: at so small a d it is no estimate yet."
            }
        }
    }

    /// Parses an `<option>` value.
    pub fn from_slug(slug: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The settings the preset fills in.
    pub fn settings(self) -> CapacitySettings {
        let classic = CapacitySettings {
            models: vec![ModelChoice::HebbianAsync],
            beta: 1.0,
            patterns: Patterns::Random,
            correlation: 0.3,
            dim: 200,
            start: 10,
            stop: 60,
            step: 5,
            spacing: Spacing::Linear,
            log_points: 12,
            trials: 40,
            flip: 0.1,
            exact: false,
            threshold: 0.95,
            seed: 1,
            per_dim: false,
            log_x: false,
            show_overlap: false,
        };
        match self {
            Preset::ClassicBreaks => classic,
            Preset::Correlated => CapacitySettings {
                models: vec![
                    ModelChoice::HebbianAsync,
                    ModelChoice::StorkeyAsync,
                    ModelChoice::PseudoInverseAsync,
                ],
                patterns: Patterns::Correlated,
                dim: 100,
                start: 2,
                stop: 30,
                step: 2,
                trials: 30,
                ..classic
            },
            Preset::DensePoly => CapacitySettings {
                models: vec![ModelChoice::DensePoly2, ModelChoice::DensePoly3],
                dim: 50,
                start: 2,
                stop: 1000,
                spacing: Spacing::Log,
                log_points: 16,
                trials: 30,
                log_x: true,
                ..classic
            },
            Preset::ModernThousands => CapacitySettings {
                models: vec![ModelChoice::HebbianAsync, ModelChoice::Modern],
                beta: 1.0,
                dim: 64,
                start: 4,
                stop: 4096,
                spacing: Spacing::Log,
                log_points: 11,
                trials: 20,
                log_x: true,
                ..classic
            },
            Preset::ModernBreaks => CapacitySettings {
                models: vec![
                    ModelChoice::DensePoly2,
                    ModelChoice::DensePoly3,
                    ModelChoice::DensePoly4,
                    ModelChoice::DenseExp,
                    ModelChoice::Modern,
                ],
                beta: 2.0,
                dim: 16,
                start: 2,
                stop: 512,
                spacing: Spacing::Log,
                log_points: 9,
                trials: 40,
                flip: 0.2,
                log_x: true,
                ..classic
            },
        }
    }
}
