//! The pooling view's curves against step and its β sweep with the slider: the trained
//! Hopfield pooling read at another β, from mean pooling (small β) to max-like pooling
//! (large β), the chosen bag's attention following the slider.

use leptos::prelude::*;

use super::run::Run;
use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::{BetaSlider, format_beta};
use crate::lab::pooling::reading::SWEEP_RANGE;
use crate::plots::pooling::{draw_beta_sweep, draw_pool_curves};

/// Canvas sizes (pixels).
const CURVES: (u32, u32) = (560, 320);
const SWEEP: (u32, u32) = (560, 300);

/// Held-out AUC of the three methods against step.
#[component]
pub fn PoolCurves(run: Run) -> impl IntoView {
    view! {
        <figure class="panel wide" data-testid="pool-curves" data-points=move || run.points.with(Vec::len)>
            <h2>"Held-out AUC against training step"</h2>
            <PlotCanvas
                width=CURVES.0
                height=CURVES.1
                label=Signal::derive(move || run.points.with(|p| match p.last() {
                    Some(l) => format!(
                        "held-out AUC against step for Hopfield, mean and max pooling; at step {}: {:.3}, {:.3}, {:.3}; attention on witnesses {:.3}",
                        l.step, l.auc[0], l.auc[1], l.auc[2], l.witness_mass
                    ),
                    None => "held-out AUC against step: no steps yet".into(),
                }))
                draw=move |area| run.points.with(|p| draw_pool_curves(area, p, run.settings.with_untracked(|s| s.steps)))
            />
        </figure>
    }
}

/// The β sweep and the slider that reads the chosen bag at another β.
#[component]
pub fn BetaSweep(run: Run) -> impl IntoView {
    let learned = move || run.points.with(|p| p.last().map(|p| p.beta));
    let slider = RwSignal::new(run.settings.get_untracked().beta);
    // The slider follows the learned β until it is moved; a value set here is not a move.
    let placed = StoredValue::new(Some(slider.get_untracked()));
    Effect::new(move |_| {
        if let (None, Some(b)) = (run.beta.get(), learned()) {
            placed.set_value(Some(b));
            slider.set(b);
        }
    });
    Effect::new(move |_| {
        let b = slider.get();
        if placed.get_value() != Some(b) {
            placed.set_value(None);
            run.beta.set(Some(b));
            run.inspect();
        }
    });
    let use_learned = move |_| {
        run.beta.set(None);
        if let Some(b) = learned() {
            placed.set_value(Some(b));
            slider.set(b);
        }
        run.inspect();
    };
    let (lo, hi) = (SWEEP_RANGE.0 as f32, SWEEP_RANGE.1 as f32);
    view! {
        <figure class="panel wide" data-testid="pool-sweep" data-points=move || run.sweep.with(Vec::len)>
            <h2>"The trained model at other β"</h2>
            <div class="pool-beta-controls">
                <BetaSlider beta=slider min=lo max=hi testid="pool-beta-slider" label="β of the bag shown (mean ← → max pooling)" />
                <button type="button" data-testid="pool-beta-learned" prop:disabled=move || run.beta.with(Option::is_none) on:click=use_learned>
                    {move || learned().map_or("learned β".to_string(), |b| format!("back to the learned β = {}", format_beta(b)))}
                </button>
            </div>
            <PlotCanvas
                width=SWEEP.0
                height=SWEEP.1
                label=Signal::derive(move || run.sweep.with(|s| {
                    let best = s.iter().max_by(|a, b| a.auc.total_cmp(&b.auc));
                    match best {
                        Some(b) => format!("held-out AUC and attention on witnesses against β; best AUC {:.3} at β = {}", b.auc, format_beta(b.beta)),
                        None => "β sweep: not read yet (it is read when the run rests)".into(),
                    }
                }))
                draw=move |area| run.sweep.with(|s| draw_beta_sweep(area, s, learned(), Some(slider.get())))
            />
            <figcaption class="hint">
                "Read when the run rests (paused, cancelled or done) on every held-out bag: 25 values of β, four a decade. "
                "Small β gives every sequence the weight 1/N — mean pooling; large β puts it all on the top score — max-like pooling."
            </figcaption>
        </figure>
    }
}
