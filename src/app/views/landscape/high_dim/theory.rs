//! The theory tab's figures, computed on the compute workers (a β or
//! an N per job): the error after one update beside Theorem 5's bound, the updates to
//! converge (and the error against N for random patterns on the sphere), and the Jacobian
//! norms at the fixed point reached — each with a cursor at the section's β.

use crate::app::components::notice;
use leptos::prelude::*;

use super::super::formula::{Formula, formula};
use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::format_beta;
use crate::app::compute::{Event, RunSlot};
use crate::compute::landscape::{sphere_plan, theory_plan};
use crate::engine::fixed_points::log_grid;
use crate::lab::landscape::high_dim::{BETA_RANGE, HighDimSet, HighDimSettings};
use crate::lab::landscape::theory::{SPHERE_BETAS, TheoryRow, verdict};
use crate::plots::theory::{draw_convergence, draw_jacobians, draw_theory_error};

/// β values of the figures.
const COUNT: usize = 25;
/// Seed of the random sets of the N figure.
const SEED: u64 = 7;
/// Canvas size (pixels).
const SIZE: (u32, u32) = (400, 340);

/// The three figures.
#[component]
pub fn TheoryFigures(
    set: Memo<Result<HighDimSet, String>>,
    config: Memo<HighDimSettings>,
    beta: RwSignal<f32>,
) -> impl IntoView {
    let rows = RwSignal::new(Vec::<TheoryRow>::new());
    let by_count = RwSignal::new(Vec::<TheoryRow>::new());
    let progress = RwSignal::new(0.0f32);
    let failure = RwSignal::new(None::<String>);
    let target = Memo::new(move |_| config.with(|c| c.target));
    let runs = RunSlot::new();
    let sphere = RunSlot::new();
    on_cleanup(move || {
        runs.cancel();
        sphere.cancel();
    });
    Effect::new(move |_| {
        rows.set(Vec::new());
        progress.set(0.0);
        failure.set(None);
        let target = target.get();
        let plan = set.with(|s| {
            let s = s.as_ref().map_err(|e| e.clone())?;
            let betas = log_grid(BETA_RANGE.0, BETA_RANGE.1, COUNT).map_err(|e| e.to_string())?;
            Ok::<_, String>(theory_plan(&s.patterns, target, &s.query, &betas))
        });
        match plan {
            Err(msg) => {
                runs.cancel();
                failure.set(Some(msg));
            }
            Ok(plan) => runs.start(plan, move |event| match event {
                Event::Items(done) => rows.update(|r| r.extend(done)),
                Event::Progress(f) => progress.set(f as f32),
                Event::Failed(msg) => failure.set(Some(msg)),
                Event::Ready | Event::Done => {}
            }),
        }
    });
    // The random sets do not depend on the section's settings: computed once.
    sphere.start(sphere_plan(SEED), move |event| match event {
        Event::Items(done) => by_count.update(|r| r.extend(done)),
        Event::Failed(msg) => failure.set(Some(msg)),
        _ => {}
    });
    let cursor = move || Some(beta.get());
    let nearest = Memo::new(move |_| {
        let b = beta.get();
        rows.with(|r| {
            r.iter()
                .min_by(|x, y| {
                    let d = |t: &TheoryRow| (t.beta.ln() - b.ln()).abs();
                    d(x).total_cmp(&d(y))
                })
                .cloned()
        })
    });
    let reading = move || nearest.with(|r| r.as_ref().map(verdict));
    let done = move || rows.with(|r| r.len());
    let sphere_key = SPHERE_BETAS
        .iter()
        .map(|b| format!("β = {}", format_beta(*b)))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
            <figure class="panel" data-testid="theory-error" data-rows=done
                data-violations=move || rows.with(|r| r.iter().filter(|t| t.report.theorem5.bound.is_some_and(|b| t.report.error_after_one_update > b)).count())
                data-applies=move || rows.with(|r| r.iter().filter(|t| t.report.theorem5.bound.is_some()).count())>
                <PlotCanvas width=SIZE.0 height=SIZE.1
                    label=Signal::derive(move || format!("retrieval error after one update and Theorem 5's bound against log₁₀ β, cursor at β = {}", format_beta(beta.get())))
                    draw=move |area| rows.with(|r| draw_theory_error(area, r, BETA_RANGE, cursor())) />
                <figcaption>
                    {formula(Formula::Theorem5)}
                    "Black: ‖f(ξ) − xᵢ‖ after one update (markers: kind of the fixed point reached). Teal dashes: Theorem 5's bound where it applies. Dark shading: Δᵢ ≤ 2·max{‖ξ − xᵢ‖, ‖xᵢ* − xᵢ‖}·M, the theorem says nothing; light: the bound exceeds 2M. Errors under 10⁻⁴⁰ are drawn at 10⁻⁴⁰."
                    <p class="live" data-testid="theory-reading">{reading}</p>
                    <progress max="1" value=move || progress.get() aria-label="theory figures progress" class:hidden=move || { progress.get() >= 1.0 }></progress>
                    {move || failure.get().map(notice::plot_error)}
                </figcaption>
            </figure>
            <figure class="panel" data-testid="theory-convergence" data-rows=done
                data-sphere-rows=move || by_count.with(|r| r.len())>
                <PlotCanvas width=SIZE.0 height=SIZE.1 + 60
                    label=Signal::derive(move || format!("updates to converge against log₁₀ β (cursor at β = {}), and the error after one update against N for random patterns on the sphere", format_beta(beta.get())))
                    draw=move |area| rows.with(|r| by_count.with(|n| draw_convergence(area, r, n, BETA_RANGE, cursor()))) />
                <figcaption>
                    "Top: updates until ‖Δξ‖ ≤ 10⁻⁵·max(M, 1); shaded where one update converges. Bottom: the error after one update for N random patterns on the sphere (d = 64), at "
                    {sphere_key}
                    " (dark to light); filled where one update converged. More patterns: larger error, more updates."
                </figcaption>
            </figure>
            <figure class="panel" data-testid="theory-jacobian" data-rows=done>
                <PlotCanvas width=SIZE.0 height=SIZE.1
                    label=Signal::derive(move || format!("spectral norms of the update's and the softmax's Jacobians at the fixed point reached against log₁₀ β, cursor at β = {}", format_beta(beta.get())))
                    draw=move |area| rows.with(|r| draw_jacobians(area, r, BETA_RANGE, cursor())) />
                <figcaption>
                    {formula(Formula::Jacobian)}
                    "Black: ‖J‖₂ (markers: kind of the fixed point). Purple: ‖J_s‖₂. Teal dashes: Lemma A24's β/2. Small at global averaging, largest at metastable states, vanishing near a single pattern."
                </figcaption>
            </figure>
    }
}
