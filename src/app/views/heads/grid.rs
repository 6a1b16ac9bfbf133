//! The layer × head grid: one button per head carrying its median k90, class and softmax-
//! Jacobian norm (the `heads-grid` hook of TESTIDS.md), coloured by its class, its Jacobian
//! norm or the damage of replacing it, and marked • when it settles on a single token.
//! Clicking a head (or Enter/Space on it) selects it.

use leptos::prelude::*;

use super::Classified;
use super::detail::scroll_into_view;
use crate::app::components::beta_slider::format_beta;
use crate::lab::heads::analysis::HeadSummary;
use crate::plots::colormap::viridis;
use crate::plots::head_classes::{class_css, class_ink};

/// The sign after the numeral of a head on a single token (median k90 = 1), as in the legend.
pub const MARK: &str = "•";

/// What the cells' colour shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colouring {
    /// The paper's class (I…IV).
    Class,
    /// ‖J_s‖_F on viridis from 0 to the bound β/2.
    Jacobian,
    /// 1 − cosine of the embedding with the head alone replaced, from 0 to the largest.
    Damage,
}

impl Colouring {
    /// The value of the colouring's option.
    pub fn key(self) -> &'static str {
        match self {
            Colouring::Class => "class",
            Colouring::Jacobian => "jacobian",
            Colouring::Damage => "damage",
        }
    }
}

/// A cell's background and ink for a value at `t` ∈ [0, 1] of viridis.
fn scale_style(t: f32) -> String {
    let plotters::style::RGBColor(r, g, b) = viridis(t);
    let ink = if t > 0.55 { "#1d2333" } else { "#ffffff" };
    format!("background:#{r:02x}{g:02x}{b:02x};color:{ink}")
}

/// The grid's inputs beside the classes.
#[derive(Clone, Copy)]
pub struct GridColours {
    pub colouring: Signal<Colouring>,
    /// Each head's damage, once an ablation is complete.
    pub damage: Signal<Option<Vec<f32>>>,
    /// `builtin` or `own`: where the text shown comes from.
    pub source: Signal<&'static str>,
}

/// The grid for `layers` × `heads` heads of a text of `tokens` tokens.
#[component]
pub fn HeadsGrid(
    classified: Signal<Option<Classified>>,
    layers: usize,
    heads: usize,
    #[prop(into)] tokens: Signal<usize>,
    selected: RwSignal<Option<usize>>,
    colours: GridColours,
) -> impl IntoView {
    // One cell with its summary fixed: the grid is rebuilt when the classes or the colouring
    // change (never while a cell has focus, since only the β slider, the text chooser and the
    // colouring select change them), and only aria-pressed follows the selection.
    let cell = move |index: usize,
                     summary: Option<HeadSummary>,
                     shade: Option<String>,
                     damage: Option<f32>,
                     tokens: usize| {
        let (layer, head) = (index / heads, index % heads);
        let single = summary.is_some_and(|s| s.single_token());
        let label = match summary {
            Some(s) => format!(
                "layer {}, head {}: median k90 {} of {tokens} tokens, class {}{}, Jacobian norm {:.3}{}",
                layer + 1,
                head + 1,
                s.median_k90,
                s.class.numeral(),
                if single { ", single token" } else { "" },
                s.jacobian,
                damage
                    .map(|d| format!(", damage {d:.4}"))
                    .unwrap_or_default(),
            ),
            None => format!("layer {}, head {}", layer + 1, head + 1),
        };
        let style = shade.or_else(|| {
            summary.map(|s| {
                format!(
                    "background:{};color:{}",
                    class_css(s.class),
                    class_ink(s.class)
                )
            })
        });
        view! {
            <button
                type="button"
                class="head-cell"
                data-layer=layer + 1
                data-head=head + 1
                data-k90=summary.map(|s| s.median_k90.to_string())
                data-class=summary.map(|s| s.class.numeral())
                data-jacobian=summary.map(|s| format!("{:.4}", s.jacobian))
                data-damage=damage.map(|d| format!("{d:.5}"))
                data-single=single.then_some("true")
                style=style
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
        let colouring = colours.colouring.get();
        let damage = colours.damage.get();
        let worst = damage
            .as_ref()
            .map_or(0.0, |d| d.iter().copied().fold(0.0, f32::max));
        classified.with(|c| {
            let bound = c.as_ref().map_or(1.0, |c| c.beta / 2.0);
            (0..layers)
                .map(|layer| {
                    let row = (0..heads).map(|head| {
                        let index = layer * heads + head;
                        let summary = c.as_ref().and_then(|c| c.summaries.get(index).copied());
                        let harm = damage.as_ref().and_then(|d| d.get(index).copied());
                        let shade = match colouring {
                            Colouring::Class => None,
                            Colouring::Jacobian => summary.map(|s| scale_style(s.jacobian / bound)),
                            Colouring::Damage => harm.map(|d| scale_style(d / worst.max(1e-12))),
                        };
                        cell(index, summary, shade, harm, t)
                    });
                    view! {
                        <span class="grid-row" aria-hidden="true">{layer + 1}</span>
                        {row.collect_view()}
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
            data-source=move || colours.source.get()
            data-colouring=move || colours.colouring.get().key()
            data-beta=move || classified.with(|c| c.as_ref().map(|c| format_beta(c.beta)))
            role="group"
            aria-label="Heads by layer; press a head to see its attention"
            style=format!("grid-template-columns: auto repeat({heads}, minmax(1.4rem, 1fr))")
        >
            <span class="grid-corner" aria-hidden="true">"layer \\ head"</span>
            {(1..=heads).map(|h| view! { <span class="grid-col" aria-hidden="true">{h}</span> }).collect_view()}
            {rows}
        </div>
    }
}
