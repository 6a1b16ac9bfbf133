//! The layer × head grid: one button per head, coloured by its class, carrying its median k90
//! (the `heads-grid` hook of TESTIDS.md), marked • when it settles on a single token. Clicking a head (or Enter/Space on it) selects it.

use leptos::prelude::*;

use super::Classified;
use super::detail::scroll_into_view;
use crate::app::components::beta_slider::format_beta;
use crate::lab::heads::analysis::HeadSummary;
use crate::plots::head_classes::{class_css, class_ink};

/// The sign after the numeral of a head on a single token (median k90 = 1), as in the legend.
pub const MARK: &str = "•";

/// The grid for `layers` × `heads` heads of a text of `tokens` tokens.
#[component]
pub fn HeadsGrid(
    classified: Signal<Option<Classified>>,
    layers: usize,
    heads: usize,
    #[prop(into)] tokens: Signal<usize>,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    // One cell with its summary fixed: the grid is rebuilt when the classes change (never
    // while a cell has focus, since only the β slider and the text chooser change them), and
    // only aria-pressed follows the selection.
    let cell = move |layer: usize, head: usize, summary: Option<HeadSummary>, tokens: usize| {
        let index = layer * heads + head;
        let single = summary.is_some_and(|s| s.single_token());
        let label = match summary {
            Some(s) => format!(
                "layer {}, head {}: median k90 {} of {tokens} tokens, class {}{}",
                layer + 1,
                head + 1,
                s.median_k90,
                s.class.numeral(),
                if single { ", single token" } else { "" }
            ),
            None => format!("layer {}, head {}", layer + 1, head + 1),
        };
        view! {
            <button
                type="button"
                class="head-cell"
                data-layer=layer + 1
                data-head=head + 1
                data-k90=summary.map(|s| s.median_k90.to_string())
                data-class=summary.map(|s| s.class.numeral())
                data-single=single.then_some("true")
                style=summary.map(|s| format!("background:{};color:{}", class_css(s.class), class_ink(s.class)))
                aria-pressed=move || (selected.get() == Some(index)).to_string()
                aria-label=label
                on:click=move |_| {
                    selected.set(Some(index));
                    scroll_into_view();
                }
            >
                {summary.map(|s| s.class.numeral())}
                {single.then_some(MARK)}
            </button>
        }
    };
    let rows = move || {
        let t = tokens.get();
        classified.with(|c| {
            (0..layers)
                .map(|layer| {
                    let summary = |head: usize| {
                        c.as_ref()
                            .and_then(|c| c.summaries.get(layer * heads + head).copied())
                    };
                    view! {
                        <span class="grid-row" aria-hidden="true">{layer + 1}</span>
                        {(0..heads).map(|head| cell(layer, head, summary(head), t)).collect_view()}
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div
            class="heads-grid"
            data-testid="heads-grid"
            data-layers=layers
            data-heads=heads
            data-tokens=move || tokens.get()
            data-beta=move || classified.with(|c| c.as_ref().map(|c| format_beta(c.beta)))
            role="group"
            aria-label="Heads by layer, coloured by class; press a head to see its attention"
            style=format!("grid-template-columns: auto repeat({heads}, minmax(1.4rem, 1fr))")
        >
            <span class="grid-corner" aria-hidden="true">"layer \\ head"</span>
            {(1..=heads).map(|h| view! { <span class="grid-col" aria-hidden="true">{h}</span> }).collect_view()}
            {rows}
        </div>
    }
}
