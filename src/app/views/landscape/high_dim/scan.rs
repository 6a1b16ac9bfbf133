//! The set and query scanned over β (on the compute workers, a β per job, with progress): k90 of the fixed point the
//! query reaches and the number of fixed points of each kind against β, and a strip of the
//! retrieved images along the β axis — the average of all patterns blurring into one photo.

use crate::app::components::notice;
use leptos::prelude::*;

use super::super::legend::{beta_legend_html, marker_icon};
use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::format_beta;
use crate::app::components::pixel_image::PixelImage;
use crate::app::compute::{Event, RunSlot};
use crate::compute::landscape::scan_plan;
use crate::engine::fixed_points::log_grid;
use crate::lab::landscape::beta_scan::ScanRow;
use crate::lab::landscape::high_dim::{BETA_RANGE, HighDimSet, SIDE};
use crate::plots::beta_scan::{ScanPoint, draw_beta_scan};

/// β values of the scan.
const COUNT: usize = 25;
/// Every how many β values the strip shows an image.
const STRIP_EVERY: usize = 3;
/// Seed of the scan's noisy starts.
const SEED: u64 = 5;
/// Canvas size (pixels).
const SIZE: (u32, u32) = (420, 400);
/// Size of a strip image (CSS pixels).
const STRIP_IMAGE: u32 = 48;

/// The scan's figure and the strip.
#[component]
pub fn ScanFigure(set: Memo<Result<HighDimSet, String>>, beta: RwSignal<f32>) -> impl IntoView {
    let rows = RwSignal::new(Vec::<ScanRow>::new());
    let progress = RwSignal::new(0.0f32);
    let scan_error = RwSignal::new(None::<String>);
    let count =
        Memo::new(move |_| set.with(|s| s.as_ref().map(|s| s.patterns.count()).unwrap_or(0)));
    let loading = RwSignal::new(true);
    let runs = RunSlot::new();
    on_cleanup(move || runs.cancel());
    Effect::new(move |_| {
        rows.set(Vec::new());
        progress.set(0.0);
        scan_error.set(None);
        let plan = set.with(|s| {
            let s = s.as_ref().map_err(|e| e.clone())?;
            let betas = log_grid(BETA_RANGE.0, BETA_RANGE.1, COUNT).map_err(|e| e.to_string())?;
            Ok::<_, String>(scan_plan(&s.patterns, &s.query, &betas, SEED))
        });
        match plan {
            Err(msg) => {
                runs.cancel();
                scan_error.set(Some(msg));
            }
            Ok(plan) => runs.start(plan, move |event| match event {
                Event::Ready => loading.set(false),
                Event::Progress(f) => progress.set(f as f32),
                Event::Items(done) => rows.update(|r| r.extend(done)),
                Event::Done => progress.set(1.0),
                Event::Failed(msg) => {
                    loading.set(false);
                    scan_error.set(Some(msg));
                }
            }),
        }
    });
    let points = Memo::new(move |_| {
        rows.with(|r| {
            r.iter()
                .map(|r| ScanPoint {
                    beta: r.beta,
                    k90: r.k90,
                    kind: r.kind,
                    counts: r.counts,
                })
                .collect::<Vec<_>>()
        })
    });
    let strip = move || {
        rows.with(|r| {
            r.iter()
                .enumerate()
                .filter(|(i, _)| i % STRIP_EVERY == 0)
                .map(|(_, row)| {
                    let values = row.retrieved.clone();
                    let b = format_beta(row.beta);
                    let kind = row.kind;
                    view! {
                        <figure class="strip-item">
                            <PixelImage
                                values=Signal::derive(move || values.clone())
                                side=SIDE
                                size=STRIP_IMAGE
                                label=format!("retrieved at β = {b}: {} (k₉₀ = {})", kind.name(), row.k90)
                            />
                            <figcaption>{marker_icon(kind.name())}{format!("β = {}", format_beta(row.beta))}</figcaption>
                        </figure>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <figure
            class="panel bifurcation-figure"
            data-testid="hd-scan"
            data-progress=move || format!("{:.3}", progress.get())
            data-rows=move || rows.with(|r| r.len())
        >
            <PlotCanvas
                width=SIZE.0
                height=SIZE.1
                label=Signal::derive(move || format!(
                    "k90 of the query's fixed point and the number of fixed points of each kind against log₁₀ β, cursor at β = {}",
                    format_beta(beta.get())
                ))
                draw=move |area| points.with(|p| draw_beta_scan(area, p, BETA_RANGE, count.get(), Some(beta.get())))
            />
            <figcaption>
                <ul class="legend" aria-label="legend" inner_html=beta_legend_html()></ul>
                {move || {
                    let done = progress.get();
                    if loading.get() && done < 1.0 {
                        "Loading the compute module…".to_string()
                    } else if done < 1.0 {
                        format!("Scanning {COUNT} values of β… {:.0} %", done * 100.0)
                    } else {
                        format!("Top: k₉₀ of the fixed point the query reaches. Bottom: distinct fixed points reached from the query, each pattern, a noisy copy of each and the mean ({COUNT} values of β).")
                    }
                }}
                // Gone once done: a full bar left on screen reads as work still under way.
                <progress max="1" value=move || progress.get() aria-label="β scan progress" class:hidden=move || { progress.get() >= 1.0 }></progress>
                {move || scan_error.get().map(notice::plot_error)}
            </figcaption>
            <div class="strip" data-testid="hd-strip" data-count=move || rows.with(|r| r.len().div_ceil(STRIP_EVERY))
                role="group" aria-label="retrieved state along the β axis">
                {strip}
            </div>
        </figure>
    }
}
