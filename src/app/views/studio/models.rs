//! Each panel's model controls and formula (MathML): the classic learning rule, the dense
//! interaction function, the modern β (log slider with the transformer's 1/√d) and the softmax
//! weights of the modern state.

use leptos::prelude::*;

use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::{BetaSlider, format_beta};
use crate::engine::classic::LearningRule;
use crate::engine::dense::Interaction;
use crate::plots::weights_bar::draw_weights_bar;
use crate::studio::playback::PanelRun;
use crate::studio::set::StoredSet;

/// The classic learning rule and the classic energy and update.
#[component]
pub fn ClassicControls(rule: RwSignal<LearningRule>) -> impl IntoView {
    let rules = [
        ("hebbian", "Hebbian", LearningRule::Hebbian),
        ("storkey", "Storkey", LearningRule::Storkey),
        (
            "pseudo-inverse",
            "pseudo-inverse",
            LearningRule::PseudoInverse,
        ),
    ];
    view! {
        <label class="control compact">
            <span class="control-label">"rule"</span>
            <select data-testid="classic-rule" on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some((_, _, r)) = rules.iter().find(|(slug, _, _)| *slug == v) {
                    rule.set(*r);
                }
            }>
                {rules.iter().map(|&(slug, name, r)| view! {
                    <option value=slug selected=move || rule.get() == r>{name}</option>
                }).collect_view()}
            </select>
        </label>
        <math display="block" class="formula">
            <mi>"E"</mi><mo>"="</mo><mo>"−"</mo><mfrac><mn>"1"</mn><mn>"2"</mn></mfrac>
            <msup><mi>"s"</mi><mi>"T"</mi></msup><mi>"W"</mi><mi>"s"</mi><mo>","</mo>
            <msub><mi>"s"</mi><mi>"i"</mi></msub><mo>"←"</mo><mi>"sgn"</mi><mo>"("</mo>
            <msub><mo>"∑"</mo><mi>"j"</mi></msub><msub><mi>"W"</mi><mi>"ij"</mi></msub>
            <msub><mi>"s"</mi><mi>"j"</mi></msub><mo>")"</mo>
        </math>
    }
}

/// The dense interaction function and the dense energy.
#[component]
pub fn DenseControls(interaction: RwSignal<Interaction>) -> impl IntoView {
    let choices = [
        (
            "poly-2",
            "F(z) = z² (classic)",
            Interaction::Polynomial {
                degree: 2,
                rectified: false,
            },
        ),
        (
            "poly-3",
            "F(z) = z³",
            Interaction::Polynomial {
                degree: 3,
                rectified: false,
            },
        ),
        (
            "poly-4",
            "F(z) = z⁴",
            Interaction::Polynomial {
                degree: 4,
                rectified: false,
            },
        ),
        (
            "poly-6",
            "F(z) = z⁶",
            Interaction::Polynomial {
                degree: 6,
                rectified: false,
            },
        ),
        (
            "exp",
            "F(z) = exp(z)",
            Interaction::Exponential { beta: 1.0 },
        ),
    ];
    view! {
        <label class="control compact">
            <span class="control-label">"F"</span>
            <select data-testid="dense-interaction" on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some((_, _, f)) = choices.iter().find(|(slug, _, _)| *slug == v) {
                    interaction.set(*f);
                }
            }>
                {choices.iter().map(|&(slug, name, f)| view! {
                    <option value=slug selected=move || interaction.get() == f>{name}</option>
                }).collect_view()}
            </select>
        </label>
        <math display="block" class="formula">
            <mi>"E"</mi><mo>"="</mo><mo>"−"</mo><munder><mo>"∑"</mo><mi>"μ"</mi></munder>
            <mi>"F"</mi><mo>"("</mo><msubsup><mi>"x"</mi><mi>"μ"</mi><mi>"T"</mi></msubsup>
            <mi>"s"</mi><mo>")"</mo>
        </math>
    }
}

/// The modern β on a log scale from 1e-4 to 1e2, with the transformer's β = 1/√d, the update
/// formula and its reading as attention.
#[component]
pub fn ModernControls(beta: RwSignal<f32>, set: Memo<Result<StoredSet, String>>) -> impl IntoView {
    let attention = Signal::derive(move || {
        let d = set.with(|s| s.as_ref().map_or(1, StoredSet::dim));
        1.0 / (d as f32).sqrt()
    });
    view! {
        <BetaSlider beta=beta min=1e-4 max=1e2 />
        <div class="formula-row">
        <button
            class="beta-mark"
            data-testid="beta-attention"
            title="set β to the transformer default 1/√d"
            on:click=move |_| beta.set(attention.get_untracked())
        >
            {move || format!("▲ 1/√d = {}", format_beta(attention.get()))}
        </button>
        <math class="formula">
            <mi>"ξ"</mi><mo>"←"</mo><mi>"X"</mi><mi>"softmax"</mi><mo>"("</mo><mi>"β"</mi>
            <msup><mi>"X"</mi><mi>"T"</mi></msup><mi>"ξ"</mi><mo>")"</mo>
        </math>
        </div>
        <p class="attention-note">
            "One update is attention softmax(β QKᵀ)V: the query ξ is Q, the stored patterns are K and V; transformers use β = 1/√d."
        </p>
    }
}

/// The softmax weights of the modern state at the current frame (`weights` test hook).
#[component]
pub fn ModernWeights(
    run: Memo<Result<PanelRun, String>>,
    frame: RwSignal<usize>,
    #[prop(into)] target: Signal<usize>,
    beta: RwSignal<f32>,
) -> impl IntoView {
    let weights = Memo::new(move |_| {
        run.with(|r| {
            r.as_ref()
                .ok()
                .and_then(|r| r.frame(frame.get()).weights)
                .unwrap_or_default()
        })
    });
    view! {
        <figure
            class="weights"
            data-testid="weights"
            data-weights=move || weights.with(|w| {
                w.iter().map(|p| format!("{p:.4}")).collect::<Vec<_>>().join(",")
            })
        >
            <PlotCanvas
                width=290
                height=90
                label=Signal::derive(move || format!(
                    "Bar chart of the softmax weights over the stored patterns at β = {}",
                    format_beta(beta.get())
                ))
                draw=move |area| weights.with(|w| draw_weights_bar(area, w, Some(target.get())))
            />
        </figure>
    }
}
