//! Every head as a point against its median k90: the softmax Jacobian's norm ([P] §A.6.2,
//! Fig. A.5b; Lemma A24: "small for global averaging, largest for metastable states,
//! vanishing near a single pattern", under the bound β/2), and — once each head was replaced
//! alone — the damage to the sentence embedding, with what the ablation found in words.

use leptos::prelude::*;

use crate::app::canvas::PlotCanvas;
use crate::lab::heads::ablation::reading;
use crate::lab::heads::analysis::HeadSummary;
use crate::plots::head_scatter::{HeadPoint, HeadScatter, draw_head_scatter};

/// Canvas size (pixels).
const SIZE: (u32, u32) = (480, 300);
/// The Jacobian and its bound as MathML.
const FORMULA: &str = concat!(
    r#"<math display="block" aria-label="J s equals beta times diag p minus p p transpose; its 2-norm is at most beta over 2">"#,
    "<msub><mi>J</mi><mi>s</mi></msub><mo>=</mo><mi>β</mi><mo>(</mo><mi>diag</mi><mo>(</mo><mi>p</mi><mo>)</mo>",
    "<mo>−</mo><mi>p</mi><msup><mi>p</mi><mi>T</mi></msup><mo>)</mo><mo>,</mo><mspace width=\"0.6em\"></mspace>",
    "<msub><mrow><mo>‖</mo><msub><mi>J</mi><mi>s</mi></msub><mo>‖</mo></mrow><mn>2</mn></msub>",
    "<mo>≤</mo><mfrac><mi>β</mi><mn>2</mn></mfrac></math>",
);

/// The points of `summaries` with `value` of each.
fn points(summaries: &[HeadSummary], value: impl Fn(usize, &HeadSummary) -> f32) -> Vec<HeadPoint> {
    summaries
        .iter()
        .enumerate()
        .map(|(i, s)| HeadPoint {
            k90: s.median_k90,
            value: value(i, s),
            class: s.class,
        })
        .collect()
}

/// The two scatters for the classified heads at `beta` of a text of `tokens` tokens.
#[component]
pub fn GradientPanels(
    summaries: Signal<Option<(f32, Vec<HeadSummary>)>>,
    tokens: Signal<usize>,
    selected: RwSignal<Option<usize>>,
    damage: Signal<Option<Vec<f32>>>,
    heads: usize,
) -> impl IntoView {
    let jacobian = Memo::new(move |_| {
        summaries.with(|s| {
            s.as_ref().map(|(beta, s)| HeadScatter {
                points: points(s, |_, h| h.jacobian),
                tokens: tokens.get(),
                y_desc: "‖J_s‖_F, mean over query rows",
                bound: Some((beta / 2.0, format!("β/2 = {:.3} (Lemma A24)", beta / 2.0))),
                chosen: selected.get(),
            })
        })
    });
    let harm = Memo::new(move |_| {
        let d = damage.get()?;
        summaries.with(|s| {
            s.as_ref().map(|(_, s)| HeadScatter {
                points: points(s, |i, _| d.get(i).copied().unwrap_or(f32::NAN)),
                tokens: tokens.get(),
                y_desc: "damage 1 − cosine of the embedding",
                bound: None,
                chosen: selected.get(),
            })
        })
    });
    let summary_words = move |s: &HeadScatter| {
        let top = s
            .points
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.value.total_cmp(&b.1.value))
            .map(|(i, p)| {
                format!(
                    "largest: head {}.{} ({:.3}, median k90 {})",
                    i / heads + 1,
                    i % heads + 1,
                    p.value,
                    p.k90
                )
            })
            .unwrap_or_default();
        format!("{} heads against their median k90; {top}", s.points.len())
    };
    view! {
        <div class="heads-panels heads-gradient">
            <figure class="panel" data-testid="heads-jacobian-scatter"
                data-points=move || jacobian.with(|j| j.as_ref().map(|j| j.points.len()))>
                <h2>"Gradient per head: the softmax Jacobian"</h2>
                <PlotCanvas
                    width=SIZE.0
                    height=SIZE.1
                    label=Signal::derive(move || jacobian.with(|j| j.as_ref().map(summary_words).unwrap_or_default()))
                    draw=move |area| match jacobian.get() {
                        Some(s) => draw_head_scatter(area, &s),
                        None => Ok(()),
                    }
                />
                <figcaption>
                    <div inner_html=FORMULA></div>
                    "Each point is a head: its ‖J"<sub>"s"</sub>"‖"<sub>"F"</sub>
                    " averaged over its query rows at this β. The paper: small for global averaging (I), largest for metastable heads (II, III), vanishing near a single token (IV)."
                </figcaption>
            </figure>
            {move || harm.get().map(|s| {
                let words = summaries.with_untracked(|sum| sum.as_ref().zip(damage.get_untracked()).map(|((_, sum), d)| reading(&d, sum, heads)));
                let label = summary_words(&s);
                let count = s.points.len();
                view! {
                    <figure class="panel" data-testid="heads-damage-scatter" data-points=count>
                        <h2>"Damage of replacing each head alone"</h2>
                        <PlotCanvas
                            width=SIZE.0
                            height=SIZE.1
                            label=label
                            draw=move |area| draw_head_scatter(area, &s)
                        />
                        <figcaption data-testid="heads-ablate-reading">{words}</figcaption>
                    </figure>
                }
            })}
        </div>
    }
}
