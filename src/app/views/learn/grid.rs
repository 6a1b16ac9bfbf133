//! The L × H grid of the model's heads at the latest snapshot, coloured by class as in the
//! heads view, with k̄ in each cell. The cells stay the same elements while the run goes on
//! (only their attributes and text follow the snapshots), so a focused cell keeps its focus.

use leptos::prelude::*;

use crate::engine::transformer::HeadStat;
use crate::plots::head_classes::{class_css, class_ink};

/// The grid of `layers` × `heads`; `last` is the latest snapshot's heads, `seq` is N;
/// pressing a cell chooses the head whose attention is shown.
#[component]
pub fn LearnGrid(
    layers: usize,
    heads: usize,
    seq: usize,
    last: Memo<Vec<HeadStat>>,
    chosen: RwSignal<Option<usize>>,
) -> impl IntoView {
    let cell = move |index: usize| {
        let stat = move || last.with(|h| h.get(index).cloned());
        let (layer, head) = (index / heads + 1, index % heads + 1);
        view! {
            <button
                type="button"
                class="head-cell learn-cell"
                data-layer=layer
                data-head=head
                data-k90=move || stat().map(|s| s.k90_median.to_string())
                data-class=move || stat().map(|s| s.class.numeral())
                data-jacobian=move || stat().map(|s| format!("{:.4}", s.jacobian))
                style=move || stat().map(|s| format!("background:{};color:{}", class_css(s.class), class_ink(s.class)))
                aria-pressed=move || (chosen.get() == Some(index)).to_string()
                aria-label=move || match stat() {
                    Some(s) => format!(
                        "layer {layer}, head {head}: median k90 {} of {seq} tokens, class {}",
                        s.k90_median,
                        s.class.numeral()
                    ),
                    None => format!("layer {layer}, head {head}"),
                }
                on:click=move |_| chosen.set(Some(index))
            >
                <span class="learn-class">{move || stat().map(|s| s.class.numeral())}</span>
                <span class="learn-k90">{move || stat().map(|s| format!("k̄ {}", s.k90_median))}</span>
            </button>
        }
    };
    view! {
        <div
            class="heads-grid learn-grid"
            data-testid="learn-grid"
            data-layers=layers
            data-heads=heads
            data-seq=seq
            role="group"
            aria-label="Heads by layer, coloured by class, with the median k90; press a head to see its attention"
            style=format!("grid-template-columns: auto repeat({heads}, minmax(2.6rem, 1fr))")
        >
            <span class="grid-corner" aria-hidden="true">"layer \\ head"</span>
            {(1..=heads).map(|h| view! { <span class="grid-col" aria-hidden="true">{h}</span> }).collect_view()}
            {(0..layers).map(|layer| view! {
                <span class="grid-row" aria-hidden="true">{layer + 1}</span>
                {(0..heads).map(|head| cell(layer * heads + head)).collect_view()}
            }).collect_view()}
        </div>
    }
}
