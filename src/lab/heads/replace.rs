//! Which heads a replacement takes ([P] §A.5.1.5: "averaging heads can be replaced by
//! averaging"): the head the user pressed, every head of a class in a layer, or every head of a
//! class in the model — and the words the view says it with, so the result names what was
//! replaced.

use super::analysis::{HeadClass, HeadSummary};
use crate::engine::bert::Replacement;
use crate::engine::bert::forward::SIGMA_RANGE;

/// Which heads a replacement takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The head pressed in the grid.
    Head,
    /// Every head of `class` in `layer` (from 1).
    ClassInLayer { layer: usize, class: HeadClass },
    /// Every head of `class` in the model.
    ClassInModel { class: HeadClass },
}

impl Scope {
    /// Every scope of a model of `layers` layers, in the order the form offers them: the
    /// pressed head, each class in the model, each class in each layer.
    pub fn all(layers: usize) -> Vec<Scope> {
        let mut all = vec![Scope::Head];
        all.extend(HeadClass::ALL.map(|class| Scope::ClassInModel { class }));
        for layer in 1..=layers {
            all.extend(HeadClass::ALL.map(|class| Scope::ClassInLayer { layer, class }));
        }
        all
    }

    /// The value of the scope's option in the form (TESTIDS.md: `head`, `all-class-I`,
    /// `layer1-class-I`).
    pub fn key(self) -> String {
        match self {
            Scope::Head => "head".into(),
            Scope::ClassInModel { class } => format!("all-class-{}", class.numeral()),
            Scope::ClassInLayer { layer, class } => {
                format!("layer{layer}-class-{}", class.numeral())
            }
        }
    }

    /// The option's label.
    pub fn label(self) -> String {
        match self {
            Scope::Head => "the head pressed in the grid".into(),
            Scope::ClassInModel { class } => format!("every class-{} head", class.numeral()),
            Scope::ClassInLayer { layer, class } => {
                format!("class-{} heads of layer {layer}", class.numeral())
            }
        }
    }

    /// The scope of option `key` for a model of `layers` layers.
    pub fn parse(key: &str, layers: usize) -> Option<Scope> {
        Scope::all(layers).into_iter().find(|s| s.key() == key)
    }
}

/// The heads (layer, head, both from 0, sorted) that `scope` takes in `summaries`
/// (layer-major, `heads` per layer); `selected` is the pressed head, if any.
pub fn chosen(
    scope: Scope,
    selected: Option<usize>,
    summaries: &[HeadSummary],
    heads: usize,
) -> Vec<(usize, usize)> {
    let heads = heads.max(1);
    summaries
        .iter()
        .enumerate()
        .filter(|&(i, s)| match scope {
            Scope::Head => Some(i) == selected,
            Scope::ClassInLayer { layer, class } => i / heads + 1 == layer && s.class == class,
            Scope::ClassInModel { class } => s.class == class,
        })
        .map(|(i, _)| (i / heads, i % heads))
        .collect()
}

/// What `scope` takes, in words: "head 1.3 (class I)", "the 10 class-I heads of layer 1",
/// "the 31 class-I heads of the model".
pub fn describe(
    scope: Scope,
    selected: Option<usize>,
    summaries: &[HeadSummary],
    heads: usize,
) -> String {
    let count = chosen(scope, selected, summaries, heads).len();
    let noun = if count == 1 { "head" } else { "heads" };
    match scope {
        Scope::Head => match selected {
            Some(i) => {
                let class = summaries
                    .get(i)
                    .map(|s| format!(" (class {})", s.class.numeral()))
                    .unwrap_or_default();
                format!(
                    "head {}.{}{class}",
                    i / heads.max(1) + 1,
                    i % heads.max(1) + 1
                )
            }
            None => "no head (press one in the grid)".into(),
        },
        Scope::ClassInLayer { layer, class } => {
            format!(
                "the {count} class-{} {noun} of layer {layer}",
                class.numeral()
            )
        }
        Scope::ClassInModel { class } => {
            format!("the {count} class-{} {noun} of the model", class.numeral())
        }
    }
}

/// The modes of the form's replacement select (TESTIDS.md), with their labels.
pub const MODES: [(&str, &str); 3] = [
    ("none", "nothing (the model as trained)"),
    ("average", "uniform averaging"),
    ("gaussian", "Gaussian weighting"),
];

/// The replacement the form describes: none, uniform averaging, or the Gaussian window of
/// width `sigma` (the form's text), refused with a message naming σ when it is not a number
/// in [`SIGMA_RANGE`].
pub fn replacement(mode: &str, sigma: &str) -> Result<Option<Replacement>, String> {
    let (lo, hi) = SIGMA_RANGE;
    match mode {
        "none" => Ok(None),
        "average" => Ok(Some(Replacement::Uniform)),
        "gaussian" => match sigma.trim().parse::<f32>() {
            Ok(s) if (lo..=hi).contains(&s) => Ok(Some(Replacement::Gaussian { sigma: s })),
            _ => Err(format!(
                "σ = “{}” is not a number in [{lo}, {hi}]: nothing was replaced",
                sigma.trim()
            )),
        },
        other => Err(format!("“{other}” is not a replacement mode")),
    }
}

/// The replacement in words, for the result line.
pub fn replacement_words(with: Replacement) -> String {
    match with {
        Replacement::Uniform => "uniform averaging".into(),
        Replacement::Gaussian { sigma } => format!("Gaussian weighting, σ = {sigma}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summaries(classes: &[HeadClass]) -> Vec<HeadSummary> {
        classes
            .iter()
            .map(|&class| HeadSummary {
                median_k90: 1.0,
                class,
                jacobian: 0.0,
            })
            .collect()
    }

    #[test]
    fn scopes_take_the_head_a_layer_class_or_a_model_class() {
        use HeadClass::{I, II};
        // Two layers of three heads.
        let s = summaries(&[I, II, I, I, I, II]);
        let in_layer = |layer, class| Scope::ClassInLayer { layer, class };
        assert_eq!(chosen(Scope::Head, Some(2), &s, 3), [(0, 2)]);
        assert!(chosen(Scope::Head, None, &s, 3).is_empty());
        assert_eq!(chosen(in_layer(1, I), None, &s, 3), [(0, 0), (0, 2)]);
        assert_eq!(
            chosen(Scope::ClassInModel { class: I }, None, &s, 3),
            [(0, 0), (0, 2), (1, 0), (1, 1)]
        );
        assert_eq!(chosen(in_layer(2, II), None, &s, 3), [(1, 2)]);
        assert!(chosen(in_layer(3, I), None, &s, 3).is_empty());
        assert_eq!(describe(Scope::Head, Some(4), &s, 3), "head 2.2 (class I)");
        assert!(describe(Scope::Head, None, &s, 3).contains("press one"));
        assert_eq!(
            describe(in_layer(1, I), None, &s, 3),
            "the 2 class-I heads of layer 1"
        );
        assert_eq!(
            describe(Scope::ClassInModel { class: II }, None, &s, 3),
            "the 2 class-II heads of the model"
        );
        assert_eq!(
            describe(in_layer(2, II), None, &s, 3),
            "the 1 class-II head of layer 2"
        );
        let all = Scope::all(6);
        assert_eq!(all.len(), 1 + 4 + 24);
        for scope in &all {
            assert_eq!(Scope::parse(&scope.key(), 6), Some(*scope));
        }
        for key in ["head", "layer1-class-I", "all-class-I", "all-class-IV"] {
            assert!(Scope::parse(key, 6).is_some(), "{key}");
        }
        assert_eq!(Scope::parse("layer7-class-I", 6), None);
        assert_eq!(Scope::parse("all", 6), None);
    }

    #[test]
    fn sigma_is_checked_only_for_the_gaussian() {
        assert_eq!(replacement("none", "x"), Ok(None));
        assert_eq!(replacement("average", "x"), Ok(Some(Replacement::Uniform)));
        assert_eq!(
            replacement("gaussian", " 0.5 "),
            Ok(Some(Replacement::Gaussian { sigma: 0.5 }))
        );
        for bad in ["", "3", "0.05", "NaN", "σ"] {
            let why = replacement("gaussian", bad).unwrap_err();
            assert!(why.contains("[0.1, 2]"), "{why}");
        }
        assert!(replacement("mean", "1").is_err());
        for (mode, _) in MODES {
            assert!(replacement(mode, "1").is_ok(), "{mode}");
        }
        assert_eq!(
            replacement_words(Replacement::Gaussian { sigma: 0.5 }),
            "Gaussian weighting, σ = 0.5"
        );
    }
}
