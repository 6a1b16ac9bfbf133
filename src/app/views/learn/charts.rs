//! The learning view's figures, redrawn from the run's history at every snapshot: loss and
//! accuracy, each head's k̄ against step (the timeline, class bands behind it), each head's
//! softmax-Jacobian norm, with the steps where the loss fell fastest marked on all three so
//! the heads' switch and the loss's drop can be compared; and the chosen head's attention.

use leptos::prelude::*;

use super::run::Run;
use crate::app::canvas::PlotCanvas;
use crate::lab::learn::history::History;
use crate::plots::attention_matrix::{AttentionScene, draw_attention_matrix};
use crate::plots::learn::{
    HeadSeries, draw_head_timeline, draw_jacobian_timeline, draw_learning_curves,
};

/// How many loss drops are marked at most.
pub const DROPS: usize = 3;
/// Canvas sizes (pixels).
const CURVES: (u32, u32) = (560, 300);
const TIMELINE: (u32, u32) = (560, 320);
const MATRIX: u32 = 420;

/// Signals that follow the run's history one macrotask apart, one per figure: each redraw
/// is then a task of its own, so a snapshot never makes one long main-thread task of three
/// plots (the brief's 50 ms).
fn staggered(run: Run, count: usize) -> Vec<RwSignal<u64>> {
    let ticks: Vec<RwSignal<u64>> = (0..count).map(|_| RwSignal::new(0)).collect();
    let each = ticks.clone();
    Effect::new(move |_| {
        run.history.track();
        for (i, tick) in each.iter().copied().enumerate() {
            set_timeout(
                move || tick.try_update(|t| *t += 1).unwrap_or(()),
                std::time::Duration::from_millis(i as u64),
            );
        }
    });
    ticks
}

/// Labelled values as the plots take them.
fn series(data: &[(String, Vec<f32>)]) -> Vec<HeadSeries<'_>> {
    data.iter()
        .map(|(label, values)| HeadSeries {
            label: label.clone(),
            values,
        })
        .collect()
}

/// The three curves against step; `drops` are the loss drops the view marks.
#[component]
pub fn LearnCharts(run: Run, drops: Memo<Vec<usize>>) -> impl IntoView {
    let ticks = staggered(run, 3);
    let (curves, timeline, jacobian) = (ticks[0], ticks[1], ticks[2]);
    let steps = Memo::new(move |_| run.history.with(|h| h.steps()));
    // Each head's label ("L1 H2") and its values of `of` at every step.
    let per_head = move |of: fn(&History, usize) -> Vec<f32>| {
        let heads = run.settings.with_untracked(|s| s.config.heads);
        run.history.with_untracked(|h| {
            let count = h.last().map_or(0, |s| s.heads.len());
            (0..count)
                .map(|i| (format!("L{} H{}", i / heads + 1, i % heads + 1), of(h, i)))
                .collect::<Vec<_>>()
        })
    };
    let drop_text = move || {
        drops.with(|d| {
            if d.is_empty() {
                "no sharp loss drop yet".to_string()
            } else {
                format!(
                    "loss drops at step {}",
                    d.iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        })
    };
    view! {
        <figure class="panel wide" data-testid="learn-curves">
            <h2>"Loss and held-out accuracy"</h2>
            <PlotCanvas
                width=CURVES.0
                height=CURVES.1
                label=Signal::derive(move || format!("loss and accuracy against step; {}", drop_text()))
                draw=move |area| run.history.with_untracked(|h| {
                    curves.track();
                    draw_learning_curves(area, &steps.get_untracked(), &h.loss(), &h.accuracy(), &drops.get_untracked())
                })
            />
        </figure>
        <figure class="panel wide" data-testid="learn-timeline">
            <h2>"Each head's k̄ against step"</h2>
            <PlotCanvas
                width=TIMELINE.0
                height=TIMELINE.1
                label=Signal::derive(move || format!("median k90 of every head against step, with the class bands; {}", drop_text()))
                draw=move |area| {
                    timeline.track();
                    let data = per_head(History::k90);
                    let n = run.settings.with_untracked(|s| s.config.seq);
                    draw_head_timeline(area, &steps.get_untracked(), &series(&data), n, &drops.get_untracked())
                }
            />
            <figcaption>{move || crate::lab::learn::class_bounds(run.settings.with(|s| s.config.seq))}</figcaption>
        </figure>
        <figure class="panel wide" data-testid="learn-jacobian">
            <h2>"Each head's softmax Jacobian"</h2>
            <PlotCanvas
                width=TIMELINE.0
                height=TIMELINE.1
                label=Signal::derive(move || format!("Jacobian norm of every head against step; {}", drop_text()))
                draw=move |area| {
                    jacobian.track();
                    let data = per_head(History::jacobian);
                    draw_jacobian_timeline(area, &steps.get_untracked(), &series(&data), &drops.get_untracked())
                }
            />
            <figcaption>"‖β(diag p − ppᵀ)‖_F averaged over the probe batch's query rows: small for averaging and for a single pattern, largest in between (metastable)."</figcaption>
        </figure>
    }
}

/// The chosen head's attention on a probe sequence, tokens on both axes.
#[component]
pub fn LearnAttention(run: Run) -> impl IntoView {
    let shown = move || {
        run.attention.with(|a| {
            a.as_ref()
                .map(|a| format!("Layer {}, head {}", a.layer + 1, a.head + 1))
        })
    };
    view! {
        <figure class="panel learn-attention" data-testid="learn-attention"
            data-layer=move || run.attention.with(|a| a.as_ref().map(|a| a.layer + 1))
            data-head=move || run.attention.with(|a| a.as_ref().map(|a| a.head + 1))
        >
            <h2>{move || shown().unwrap_or_else(|| "Attention of a head".into())}</h2>
            <label class="cap-field">
                <span class="control-label">"probe sequence"</span>
                <select
                    data-testid="learn-example"
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse() {
                            run.example.set(i);
                            run.ask_attention();
                        }
                    }
                >
                    {(0..8).map(|i| view! { <option value=i.to_string()>{format!("#{}", i + 1)}</option> }).collect_view()}
                </select>
            </label>
            {move || if run.chosen.get().is_none() {
                Some(view! { <p class="hint">"Press a head in the grid to see its attention on a held-out sequence."</p> })
            } else {
                None
            }}
            <PlotCanvas
                width=MATRIX
                height=MATRIX
                label=Signal::derive(move || shown().map(|s| format!("{s}: attention, query tokens down, key tokens across")).unwrap_or_default())
                draw=move |area| run.attention.with(|a| match a {
                    Some(a) => draw_attention_matrix(area, &AttentionScene { weights: &a.matrix, tokens: &a.labels, row: None }, None),
                    None => Ok(()),
                })
            />
            <figcaption>"Rows: query positions; columns: the keys they attend to (colour √p). A retrieval head lights one key per row; an averaging head a flat row."</figcaption>
        </figure>
    }
}
