//! Each panel's model controls and formula (MathML): the classic learning rule, the dense
//! interaction function, the modern β (log slider with the transformer's 1/√d) and the softmax
//! weights of the modern state.

use leptos::prelude::*;

use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::{BetaSlider, format_beta};
use crate::app::components::formula::Formula;
use crate::engine::classic::LearningRule;
use crate::engine::dense::MAX_DEGREE;
use crate::lab::studio::dense_form::{DENSE_BETA_RANGE, DenseKind};
use crate::lab::studio::formulas;
use crate::lab::studio::link::BETA_RANGE;
use crate::lab::studio::playback::PanelRun;
use crate::lab::studio::set::StoredSet;
use crate::plots::weights_bar::draw_weights_bar;

/// The classic learning rule and the classic energy and update.
#[component]
pub fn ClassicControls(rule: RwSignal<LearningRule>, dim: Memo<usize>) -> impl IntoView {
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
        <Formula markup=Signal::derive(move || formulas::classic_energy(dim.get())) />
        <Formula markup=formulas::CLASSIC_UPDATE.to_string() />
    }
}

/// The dense interaction function F (zⁿ with its degree n, rectified zⁿ, or exp(βz) with a
/// log β slider) and the dense energy with the current F filled in.
#[component]
pub fn DenseControls(
    kind: RwSignal<DenseKind>,
    degree: RwSignal<u32>,
    beta: RwSignal<f32>,
) -> impl IntoView {
    let polynomial = move || kind.get() != DenseKind::Exponential;
    let formula =
        Signal::derive(move || formulas::dense(kind.get(), degree.get(), &format_beta(beta.get())));
    view! {
        <div class="dense-f">
            <label class="control compact">
                <span class="control-label">"F(z) ="</span>
                <select data-testid="dense-interaction" on:change=move |ev| {
                    if let Some(k) = DenseKind::from_slug(&event_target_value(&ev)) {
                        kind.set(k);
                    }
                }>
                    {DenseKind::ALL.into_iter().map(|k| view! {
                        <option value=k.slug() selected=move || kind.get() == k>{k.title()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="control compact" class:hidden=move || !polynomial()>
                <span class="control-label">"degree n"</span>
                <input type="number" data-testid="dense-degree" min="2" max=MAX_DEGREE step="1"
                    prop:value=move || degree.get().to_string()
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            degree.set(n.clamp(2, MAX_DEGREE));
                        }
                    }
                />
            </label>
        </div>
        <div class="dense-beta" class:hidden=polynomial>
            <BetaSlider beta=beta min=DENSE_BETA_RANGE.0 max=DENSE_BETA_RANGE.1
                testid="dense-beta" label="β of exp(βz)" />
        </div>
        <Formula markup=formula />
    }
}

/// The modern β on a log scale from 1e-4 to 1e2, with the transformer's β = 1/√d, the band
/// where one update turns from the average into one pattern, the update formula and its
/// reading as attention.
#[component]
pub fn ModernControls(
    beta: RwSignal<f32>,
    set: Memo<Result<StoredSet, String>>,
    band: Memo<Option<(f32, f32)>>,
) -> impl IntoView {
    let attention = Signal::derive(move || {
        let d = set.with(|s| s.as_ref().map_or(1, StoredSet::dim));
        1.0 / (d as f32).sqrt()
    });
    view! {
        <BetaSlider beta=beta min=BETA_RANGE.0 max=BETA_RANGE.1 band=band />
        <div class="formula-row">
        <button
            class="beta-mark"
            data-testid="beta-attention"
            title="set β to the transformer default 1/√d"
            on:click=move |_| beta.set(attention.get_untracked())
        >
            {move || format!("▲ 1/√d = {}", format_beta(attention.get()))}
        </button>
        <Formula markup=Signal::derive(move || formulas::modern(&format_beta(beta.get()))) />
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
    #[prop(into)] per_step: Signal<usize>,
    #[prop(into)] target: Signal<usize>,
    beta: RwSignal<f32>,
) -> impl IntoView {
    let weights = Memo::new(move |_| {
        run.with(|r| {
            r.as_ref()
                .ok()
                .and_then(|r| r.frame(frame.get(), per_step.get()).weights)
                .unwrap_or_default()
        })
    });
    view! {
        <figure
            class="weights"
            data-testid="weights"
            data-panel="attention"
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
