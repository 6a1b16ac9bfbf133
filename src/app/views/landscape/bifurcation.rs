//! The bifurcation diagram of the 2-D points: fixed points against log β, computed one β per
//! slice whenever the points change, with a cursor at the current β.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::LandscapeState;
use super::analysis::SEED;
use super::legend::beta_legend_html;
use super::points_view::BETA_RANGE;
use super::slices::Slicer;
use crate::app::canvas::{PlotCanvas, event_pixel};
use crate::app::components::beta_slider::format_beta;
use crate::engine::PatternSet;
use crate::engine::fixed_points::log_grid;
use crate::lab::landscape::bifurcation::{Axes, column};
use crate::lab::landscape::markup::legend_html;
use crate::plots::bifurcation::{BifurcationColumn, beta_at_pixel, draw_bifurcation};

/// β values of the sweep.
const SWEEP_COUNT: usize = 40;
/// Canvas size (pixels).
const SIZE: (u32, u32) = (420, 400);

/// The diagram's figure.
#[component]
pub fn BifurcationFigure(
    state: LandscapeState,
    patterns: Memo<Result<PatternSet, String>>,
) -> impl IntoView {
    let sweep = RwSignal::new(Vec::<BifurcationColumn>::new());
    let pattern_coords = RwSignal::new(Vec::<[f32; 2]>::new());
    let slicer = Slicer::new();
    on_cleanup(move || slicer.cancel());
    Effect::new(move |_| {
        sweep.set(Vec::new());
        let (Ok(set), Ok(betas)) = (
            patterns.get(),
            log_grid(BETA_RANGE.0, BETA_RANGE.1, SWEEP_COUNT),
        ) else {
            slicer.cancel();
            return;
        };
        let axes = Axes::of(&set);
        pattern_coords.set(set.iter().map(|x| axes.coords(x)).collect());
        let job = (Vec::<BifurcationColumn>::new(), betas);
        slicer.start(
            job,
            move |(done, betas): &mut (Vec<BifurcationColumn>, Vec<f32>)| {
                let Some(&beta) = betas.get(done.len()) else {
                    return Ok(true);
                };
                done.push(column(&set, &axes, beta, SEED).map_err(|e| e.to_string())?);
                Ok(done.len() == betas.len())
            },
            move |(done, _), _| sweep.set(done.clone()),
        );
    });
    let beta = state.beta;
    let set_beta_at = move |ev: web_sys::MouseEvent| {
        let canvas = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.query_selector("canvas").ok().flatten())
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let Some((px, _)) = canvas.and_then(|c| event_pixel(&c, &ev)) else {
            return;
        };
        if let Some(b) = beta_at_pixel(px, SIZE.0, BETA_RANGE) {
            beta.set(b.clamp(BETA_RANGE.0, BETA_RANGE.1));
        }
    };
    view! {
        <figure class="panel bifurcation-figure" data-testid="bifurcation" data-panel="bifurcation"
            data-columns=move || sweep.with(|s| s.len())
            // "global,metastable,single" counts of each column, for the tests of the kinds.
            data-kinds=move || sweep.with(|s| s.iter().map(|c| {
                let mut n = [0usize; 3];
                c.points.iter().for_each(|p| n[p.1 as usize] += 1);
                format!("{},{},{}", n[0], n[1], n[2])
            }).collect::<Vec<_>>().join(";"))
        >
            // A click on the diagram moves β there (the slider follows): the cursor works both ways.
            <div class="bifurcation-canvas" title="click to set β here" on:click=set_beta_at>
                <PlotCanvas
                    width=SIZE.0
                    height=SIZE.1
                    label=Signal::derive(move || format!(
                        "Bifurcation diagram: fixed points on the patterns' main and second axes against log₁₀ β from 0.01 to 1000, cursor at β = {}",
                        format_beta(beta.get())
                    ))
                    draw=move |area| sweep.with(|cols| pattern_coords.with(|coords| {
                        draw_bifurcation(area, cols, BETA_RANGE, coords, Some(beta.get()))
                    }))
                />
            </div>
            <figcaption>
                <ul class="legend" aria-label="legend"
                    inner_html=beta_legend_html() + &legend_html(&[("guide", "pattern x<sub>μ</sub>")])
                ></ul>
                {move || {
                    let done = sweep.with(|s| s.len());
                    if done < SWEEP_COUNT {
                        format!("Fixed points against β (computing {done} of {SWEEP_COUNT} β values…)")
                    } else {
                        format!("{SWEEP_COUNT} values of β; the line is the current β.")
                    }
                }}
            </figcaption>
        </figure>
    }
}
