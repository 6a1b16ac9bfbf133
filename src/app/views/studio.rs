//! The retrieval studio (walking-skeleton form): eight seeded random ±1 patterns of d = 64,
//! a query made by flipping a fraction of one pattern's signs, and one modern Hopfield update
//! ξ ← X softmax(β Xᵀξ), shown as images and as the attention weights.

use leptos::prelude::*;

use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::{BetaSlider, format_beta};
use crate::app::components::pattern_image::PatternImage;
use crate::engine::corruption;
use crate::engine::math;
use crate::engine::{ModernHopfield, PatternSet, SeededRng};
use crate::plots::weights_bar::draw_weights_bar;

/// Side of the square images (d = SIDE²).
const SIDE: usize = 8;
/// Number of stored patterns N.
const COUNT: usize = 8;

/// Everything the view shows, computed from its four settings in one pass.
#[derive(Debug, Clone, PartialEq)]
struct OneStep {
    patterns: PatternSet,
    query: Vec<f32>,
    result: Vec<f32>,
    weights: Vec<f32>,
    overlap: f32,
    k90: usize,
}

fn one_step(seed: u64, target: usize, flip: f32, beta: f32) -> Result<OneStep, String> {
    let err = |e: crate::engine::EngineError| e.to_string();
    let mut rng = SeededRng::new(seed);
    let patterns = PatternSet::random_binary(SIDE * SIDE, COUNT, &mut rng).map_err(err)?;
    let clean = patterns.get(target).map_err(err)?;
    let query = corruption::flip_signs(clean, flip, &mut rng).map_err(err)?;
    let net = ModernHopfield::new(patterns.clone(), beta).map_err(err)?;
    let weights = net.weights(&query).map_err(err)?;
    let result = net.update(&query).map_err(err)?;
    Ok(OneStep {
        overlap: math::overlap(&result, clean),
        k90: math::k90(&weights),
        patterns,
        query,
        result,
        weights,
    })
}

/// The studio view.
#[component]
pub fn Studio() -> impl IntoView {
    let seed = RwSignal::new(1u64);
    let target = RwSignal::new(0usize);
    let flip = RwSignal::new(0.25f32);
    let beta = RwSignal::new(0.1f32);
    let outcome = Memo::new(move |_| one_step(seed.get(), target.get(), flip.get(), beta.get()));
    let view_of = move |pick: fn(&OneStep) -> Vec<f32>| {
        Signal::derive(move || outcome.with(|o| o.as_ref().map(pick).unwrap_or_default()))
    };
    let query = view_of(|o| o.query.clone());
    let result = view_of(|o| o.result.clone());
    let weights = view_of(|o| o.weights.clone());
    let read =
        move |f: fn(&OneStep) -> String| outcome.with(|o| o.as_ref().map(f).unwrap_or_default());

    view! {
        <section class="studio" aria-label="Retrieval studio">
            <div class="controls">
                <BetaSlider beta=beta min=1e-3 max=10.0 />
                <label class="control">
                    <span class="control-label">"flipped fraction of the query"</span>
                    <input
                        type="range"
                        data-testid="noise"
                        min="0"
                        max="0.5"
                        step="0.01"
                        prop:value=move || flip.get().to_string()
                        on:input=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                                flip.set(v.clamp(0.0, 0.5));
                            }
                        }
                    />
                    <output class="control-value">{move || format!("{:.0} %", flip.get() * 100.0)}</output>
                </label>
                <label class="control">
                    <span class="control-label">"seed"</span>
                    <input
                        type="number"
                        data-testid="seed"
                        min="0"
                        prop:value=move || seed.get().to_string()
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                                seed.set(v);
                            }
                        }
                    />
                </label>
            </div>
            {move || outcome.with(|o| o.as_ref().err().map(|msg| view! {
                <p class="notice" data-testid="notice" role="status">{msg.clone()}</p>
            }))}
            <div class="gallery" data-testid="pattern-gallery" data-count=COUNT>
                <h2>"Stored patterns x" <sub>"μ"</sub> " (click to choose the target)"</h2>
                <ul>
                    {(0..COUNT).map(|mu| {
                        let values = Signal::derive(move || outcome.with(|o| {
                            o.as_ref().map(|o| o.patterns.pattern(mu).to_vec()).unwrap_or_default()
                        }));
                        view! {
                            <li>
                                <button
                                    class="thumb"
                                    class:selected=move || target.get() == mu
                                    aria-pressed=move || (target.get() == mu).to_string()
                                    aria-label=format!("use pattern {} as the target", mu + 1)
                                    on:click=move |_| target.set(mu)
                                >
                                    <PatternImage values=values side=SIDE size=48 label=format!("stored pattern {}", mu + 1) />
                                    <span>{mu + 1}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
            <div class="panels">
                <figure class="panel">
                    <PatternImage values=query side=SIDE size=160 label="the corrupted query ξ" />
                    <figcaption>"query ξ"</figcaption>
                </figure>
                <figure
                    class="panel"
                    data-testid="panel-modern"
                    data-overlap=move || read(|o| format!("{:.4}", o.overlap))
                    data-k90=move || read(|o| o.k90.to_string())
                >
                    <PatternImage values=result side=SIDE size=160 label="the state after one update" />
                    <figcaption>
                        "after one update: overlap with target "
                        <strong>{move || read(|o| format!("{:.3}", o.overlap))}</strong>
                        ", k₉₀ = " {move || read(|o| o.k90.to_string())} " of " {COUNT}
                    </figcaption>
                </figure>
                <figure
                    class="panel wide"
                    data-testid="weights"
                    data-weights=move || weights.with(|w| {
                        w.iter().map(|p| format!("{p:.4}")).collect::<Vec<_>>().join(",")
                    })
                >
                    <PlotCanvas
                        width=420
                        height=220
                        label=Signal::derive(move || format!(
                            "Bar chart of the softmax weights over the {COUNT} stored patterns at β = {}",
                            format_beta(beta.get())
                        ))
                        draw=move |area| draw_weights_bar(area, &weights.get(), Some(target.get()))
                    />
                    <figcaption>
                        <math display="block">
                            <mi>"ξ"</mi><mo>"←"</mo><mi>"X"</mi><mo>" "</mo><mi>"softmax"</mi>
                            <mo>"("</mo><mi>"β"</mi><msup><mi>"X"</mi><mi>"T"</mi></msup><mi>"ξ"</mi><mo>")"</mo>
                        </math>
                        "attention weights p = softmax(β Xᵀξ)"
                    </figcaption>
                </figure>
            </div>
        </section>
    }
}
