//! The guided lecture: eight scenes that tell the story of the talk in order, each a share
//! link into one of the views plus two or three sentences, the formula, and what to watch.
//! A scene is shown when the page's link carries `lecture=<n>` (from 1); moving to another
//! scene opens its link, so every scene starts exactly as its link says.

use super::query::{Notices, Query, number};

/// One scene of the lecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scene {
    pub title: &'static str,
    /// Two or three sentences for the audience.
    pub text: &'static str,
    /// What to watch on the screen.
    pub watch: &'static str,
    /// The formula, as the MathML children of a `<math>` element (app-made markup only).
    pub formula: &'static str,
    /// The view and its settings, as a link's query without `?` and without `lecture`.
    pub link: &'static str,
}

/// The scenes, in the order of the talk.
pub const SCENES: [Scene; 8] = [
    Scene {
        title: "The classical Hopfield network and its energy",
        text: "Hebbian learning stores ±1 patterns in symmetric weights. Each asynchronous update flips one neuron towards the sign of its field, and the energy can only go down, so the state slides into a stored pattern.",
        watch: "Press play: the classic panel's energy trace falls step by step and its state becomes the target letter.",
        formula: "<mi>E</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><munder><mo>∑</mo><mrow><mi>i</mi><mo>,</mo><mi>j</mi></mrow></munder><msub><mi>w</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub><msub><mi>s</mi><mi>i</mi></msub><msub><mi>s</mi><mi>j</mi></msub>",
        link: "view=studio&source=glyphs&count=4&side=32&edits=flip:0.2",
    },
    Scene {
        title: "Its capacity limit",
        text: "With random patterns the classical network holds about 0.14·d of them; beyond that, retrieval collapses into spurious mixtures of several patterns. Run the experiment live.",
        watch: "Press Run: the success rate falls from 1 to almost 0 between N = 0.1·d and 0.2·d, near the 0.138·d mark.",
        formula: "<msub><mi>N</mi><mi>max</mi></msub><mo>≈</mo><mn>0.138</mn><mi>d</mi>",
        link: "view=capacity&preset=classic-breaks",
    },
    Scene {
        title: "Dense associative memories",
        text: "Replacing the quadratic energy by a steeper interaction F(z) = zⁿ lets a network of the same size store far more patterns: the capacity grows like d to the power n − 1.",
        watch: "Press Run: the z³ curve holds up to much larger N than z² (log axis).",
        formula: "<mi>E</mi><mo>=</mo><mo>−</mo><munder><mo>∑</mo><mi>μ</mi></munder><mi>F</mi><mo>(</mo><msup><msub><mi>ξ</mi><mi>μ</mi></msub><mi>T</mi></msup><mi>s</mi><mo>)</mo>",
        link: "view=capacity&preset=dense-poly",
    },
    Scene {
        title: "The modern network retrieves in one step",
        text: "With continuous states and the log-sum-exp energy, one update ξ ← X softmax(β Xᵀξ) lands next to the stored photo, even with half of it masked. The classical network on the same photos settles in another photo or a mixture.",
        watch: "Press play: the modern panel is done after one step; compare the verdicts of the three panels.",
        formula: "<msup><mi>ξ</mi><mtext>new</mtext></msup><mo>=</mo><mi>X</mi><mspace width=\"0.2em\"/><mtext>softmax</mtext><mo>(</mo><mi>β</mi><msup><mi>X</mi><mi>T</mi></msup><mi>ξ</mi><mo>)</mo>",
        link: "view=studio&source=photos&edits=mask-lower&beta=0.1",
    },
    Scene {
        title: "β and the three kinds of fixed point",
        text: "The inverse temperature β decides what the network converges to: at small β one global average of all patterns, at intermediate β metastable states averaging a few close patterns, at large β one fixed point per pattern.",
        watch: "Press “sweep β”: the single global fixed point splits into a metastable state and a single one, then into three; the bifurcation diagram shows the same story.",
        formula: "<mi>E</mi><mo>=</mo><mo>−</mo><msup><mi>β</mi><mrow><mo>−</mo><mn>1</mn></mrow></msup><mi>log</mi><munder><mo>∑</mo><mi>μ</mi></munder><msup><mi>e</mi><mrow><mi>β</mi><msubsup><mi>x</mi><mi>μ</mi><mi>T</mi></msubsup><mi>ξ</mi></mrow></msup><mo>+</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><msup><mi>ξ</mi><mi>T</mi></msup><mi>ξ</mi><mo>+</mo><mi>C</mi>",
        link: "view=landscape&preset=two-close-one-far&beta=0.05",
    },
    Scene {
        title: "Metastable states",
        text: "Patterns that are close together share one fixed point until β is large enough to separate them: the network then retrieves their average, not any one of them. The basins show which starts end where.",
        watch: "Each cluster has one metastable fixed point in its middle; drag β up until each point gets its own basin.",
        formula: "<msub><mi>Δ</mi><mi>i</mi></msub><mo>=</mo><msubsup><mi>x</mi><mi>i</mi><mi>T</mi></msubsup><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><munder><mi>max</mi><mrow><mi>j</mi><mo>≠</mo><mi>i</mi></mrow></munder><msubsup><mi>x</mi><mi>i</mi><mi>T</mi></msubsup><msub><mi>x</mi><mi>j</mi></msub>",
        link: "view=landscape&preset=two-clusters&beta=2&basins=1",
    },
    Scene {
        title: "The update is transformer attention",
        text: "Read the stored patterns as keys and values and the state as the query: the modern update is exactly the attention of a transformer, with β = 1/√d_k. Real heads of a small transformer can be read as Hopfield networks.",
        watch: "The grid colours each head by how many tokens its attention averages; the opened head's row is one Hopfield retrieval.",
        formula: "<mtext>softmax</mtext><mo>(</mo><mfrac><mrow><mi>Q</mi><msup><mi>K</mi><mi>T</mi></msup></mrow><msqrt><msub><mi>d</mi><mi>k</mi></msub></msqrt></mfrac><mo>)</mo><mi>V</mi>",
        link: "view=heads&text=0&m=1&head=1.1&row=1",
    },
    Scene {
        title: "Exponential capacity",
        text: "The modern network stores exponentially many patterns in the dimension: in 64 dimensions it still retrieves thousands of random patterns, where the classical network fails at about nine.",
        watch: "Press Run: the classical curve drops near 0.138·d while the modern one stays at 1 across the log axis.",
        formula: "<mi>N</mi><mo>≈</mo><msup><mi>e</mi><mrow><mi>α</mi><mi>d</mi></mrow></msup>",
        link: "view=capacity&preset=modern-thousands",
    },
];

/// The scene a link asks for (0-based), if it carries `lecture`; a bad number is clamped into
/// 1…8 with a notice.
pub fn scene_from_query(q: &Query, notes: &mut Notices) -> Option<usize> {
    q.get("lecture")?;
    let mut n = 1usize;
    number(q, "lecture", 1..=SCENES.len(), &mut n, notes);
    Some(n - 1)
}

/// The link of scene `index` (0-based), with its `lecture` parameter.
pub fn scene_query(index: usize) -> String {
    let index = index.min(SCENES.len() - 1);
    format!("?{}&lecture={}", SCENES[index].link, index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heads::link::HeadsLink;
    use crate::lab::capacity::CapacitySettings;
    use crate::lab::landscape::settings::Settings as LandscapeSettings;
    use crate::studio::link::StudioLink;
    use crate::url_state::route::{View, view_from_query};

    #[test]
    fn every_scene_opens_its_view_without_notices() {
        for (i, scene) in SCENES.iter().enumerate() {
            let link = scene_query(i);
            let (_, notice) = view_from_query(&link);
            assert!(notice.is_none(), "{}: {link}", scene.title);
            let q = Query::parse(&link);
            let mut notes = Notices::default();
            assert_eq!(scene_from_query(&q, &mut notes), Some(i));
            // The view reads every parameter of the scene without complaint.
            let view_notes = match view_from_query(&link).0 {
                View::Studio => StudioLink::from_query(&q).1,
                View::Landscape => LandscapeSettings::from_query(&q).1,
                View::Capacity => CapacitySettings::from_query(&q).1,
                View::Heads => HeadsLink::from_query(&q, 6, 12).1,
            };
            notes.0.extend(view_notes.0);
            assert!(notes.0.is_empty(), "{}: {notes:?}", scene.title);
            assert!(scene.text.len() > 80 && !scene.watch.is_empty());
        }
    }

    #[test]
    fn out_of_range_scenes_are_clamped_with_a_notice() {
        let mut notes = Notices::default();
        assert_eq!(
            scene_from_query(&Query::parse("lecture=99"), &mut notes),
            Some(7)
        );
        assert_eq!(
            scene_from_query(&Query::parse("lecture=x"), &mut notes),
            Some(0)
        );
        assert_eq!(notes.0.len(), 2);
        assert_eq!(
            scene_from_query(&Query::parse("view=studio"), &mut notes),
            None
        );
    }
}
