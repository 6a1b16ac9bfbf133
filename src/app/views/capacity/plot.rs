//! The capacity plot: success rate against N per model with the theory marks, a tooltip for
//! the point under the pointer, the display toggles and the CSV and PNG downloads.

use crate::app::components::notice;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::matching_preset;
use crate::app::canvas::PlotCanvas;
use crate::app::download::{self, js_message};
use crate::engine::short_sort;
use crate::lab::capacity::{self as lab, CapacitySettings, ModelChoice, Preset, ResultRow};
use crate::plots::capacity::{
    CapacityChart, CapacitySeries, PointHit, TheoryMark, draw_capacity, nearest_hit,
};

/// Size of the plot's canvas in pixels (CSS scales it down on narrow screens).
const PLOT_WIDTH: u32 = 640;
const PLOT_HEIGHT: u32 = 400;

/// Offers the plot's canvas as a PNG.
fn download_png(filename: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let canvas: web_sys::HtmlCanvasElement = document
        .query_selector("[data-testid=capacity-plot] canvas")?
        .ok_or_else(|| JsValue::from_str("the plot has no canvas"))?
        .dyn_into()?;
    download::href(filename, &canvas.to_data_url()?)
}

/// The plot of the run whose settings are `shown` (or of the form before any run), with the
/// series named by `shown_labels` and the points in `rows`.
#[component]
pub(super) fn CapacityPlot(
    settings: RwSignal<CapacitySettings>,
    shown: RwSignal<Option<CapacitySettings>>,
    shown_labels: RwSignal<Vec<(ModelChoice, String)>>,
    rows: RwSignal<Vec<ResultRow>>,
) -> impl IntoView {
    // What the plot, the table and the formulas describe: the shown run, or the form before
    // any run. Display toggles always follow the form.
    let basis = move || shown.get().unwrap_or_else(|| settings.get());
    let chart = Memo::new(move |_| {
        let base = basis();
        let display = settings.get();
        let labels: Vec<(ModelChoice, String)> = if shown.with(Option::is_some) {
            shown_labels.get()
        } else {
            let mut models = base.models.clone();
            short_sort::sort_by(&mut models, Ord::cmp);
            models.dedup();
            models
                .into_iter()
                .map(|m| (m, m.spec(base.beta).label()))
                .collect()
        };
        let rows = rows.get();
        let series = labels
            .iter()
            .enumerate()
            .map(|(k, (_, label))| CapacitySeries {
                label: label.clone(),
                points: rows
                    .iter()
                    .filter(|r| r.series == k)
                    .map(|r| r.point)
                    .collect(),
            })
            .collect();
        let marks = labels
            .iter()
            .enumerate()
            .flat_map(|(k, (choice, _))| {
                choice
                    .theory(base.dim, base.flip)
                    .into_iter()
                    .map(move |(label, n)| TheoryMark {
                        label,
                        n,
                        series: k,
                    })
            })
            .collect();
        let counts = base.counts();
        let lo = counts.first().copied().unwrap_or(1).max(1) as f64;
        let hi = counts.last().copied().unwrap_or(1).max(1) as f64;
        CapacityChart {
            dim: base.dim,
            series,
            marks,
            n_range: (lo, hi),
            per_dim: display.per_dim,
            log_x: display.log_x,
            show_overlap: display.show_overlap,
        }
    });
    // Hovering near a point tells its numbers (the table lists them all for the keyboard).
    let hits = StoredValue::new(Vec::<PointHit>::new());
    let hovered = RwSignal::new(None::<(f64, f64, String)>);
    let hover_at = move |ev: web_sys::PointerEvent| {
        let Some(canvas) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.query_selector("canvas").ok().flatten())
        else {
            return;
        };
        let rect = canvas.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return;
        }
        let fx = (ev.client_x() as f64 - rect.left()) / rect.width();
        let fy = (ev.client_y() as f64 - rect.top()) / rect.height();
        let (px, py) = (fx * PLOT_WIDTH as f64, fy * PLOT_HEIGHT as f64);
        let radius = 12.0 * PLOT_WIDTH as f64 / rect.width();
        let found = hits.with_value(|h| nearest_hit(h, px, py, radius));
        let text = found.and_then(|hit| {
            chart.with_untracked(|c| {
                let series = c.series.get(hit.series)?;
                let p = series.points.get(hit.index)?;
                Some(format!(
                    "{}: N = {} (N/d = {:.3}), success {}, mean overlap {}, {:.1} steps",
                    series.label,
                    p.n_patterns,
                    p.n_patterns as f64 / c.dim.max(1) as f64,
                    lab::plain(p.success_rate),
                    lab::plain(p.mean_overlap),
                    p.mean_steps
                ))
            })
        });
        hovered.set(text.map(|t| (fx * 100.0, fy * 100.0, t)));
    };
    let plot_label = Signal::derive(move || {
        chart.with(|c| {
            let done: usize = c.series.iter().map(|s| s.points.len()).sum();
            format!(
                "Success rate of retrieval against the number of stored patterns N at d = {}, \
                 {} model(s), {done} point(s) measured; the table below lists every point",
                c.dim,
                c.series.len()
            )
        })
    });

    let csv_failure = RwSignal::new(None::<String>);
    let save_csv = move |_| {
        let text = rows.with(|rows| {
            let models = rows.iter().map(|r| r.series).max().unwrap_or(0) + 1;
            lab::csv(rows, models > 1 || shown_labels.with(|l| l.len() > 1))
        });
        csv_failure.set(
            download::text("capacity.csv", "text/csv;charset=utf-8", &text)
                .err()
                .map(js_message),
        );
    };
    let save_png = move |_| {
        csv_failure.set(download_png("capacity.png").err().map(js_message));
    };

    let toggle = move |label: &'static str,
                       testid: &'static str,
                       get: fn(&CapacitySettings) -> bool,
                       set: fn(&mut CapacitySettings, bool)| {
        view! {
            <label class="cap-check">
                <input
                    type="checkbox"
                    data-testid=testid
                    prop:checked=move || settings.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        settings.update(|s| set(s, on));
                    }
                />
                {label}
            </label>
        }
    };

    view! {
    <figure class="cap-plot" data-testid="capacity-plot" data-panel="capacity">
        <div class="cap-canvas" on:pointermove=hover_at on:pointerleave=move |_| hovered.set(None)>
            <PlotCanvas
                width=PLOT_WIDTH
                height=PLOT_HEIGHT
                label=plot_label
                draw=move |area| chart.with(|c| draw_capacity(area, c).map(|h| hits.set_value(h)))
            />
            {move || hovered.get().map(|(left, top, text)| view! {
                <div class="cap-tooltip" data-testid="capacity-tooltip" role="status"
                    style=format!("left: {left:.0}%; top: {top:.0}%")>{text}</div>
            })}
        </div>
        <figcaption>
            <div class="cap-toolbar">
                {toggle("x axis as N/d", "capacity-per-dim", |s| s.per_dim, |s, v| s.per_dim = v)}
                {toggle("log x axis", "capacity-log-x", |s| s.log_x, |s, v| s.log_x = v)}
                {toggle("mean overlap (dashed)", "capacity-show-overlap", |s| s.show_overlap, |s, v| s.show_overlap = v)}
                <button
                    type="button"
                    data-testid="capacity-download-csv"
                    prop:disabled=move || rows.with(Vec::is_empty)
                    on:click=save_csv
                >"Download CSV"</button>
                <button type="button" data-testid="capacity-download-png" on:click=save_png>
                    "Download PNG"
                </button>
            </div>
            <p class="cap-blurb">
                {move || settings.with(|s| matching_preset(s).map(Preset::blurb))
                    .unwrap_or("Custom settings: choose a preset to see a curated experiment.")}
            </p>
            {move || csv_failure.get().map(notice::notice)}
        </figcaption>
    </figure>

    }
}
