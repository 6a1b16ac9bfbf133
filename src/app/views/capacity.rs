//! The capacity lab (`?view=capacity`): how many patterns each network stores. A preset or the
//! form defines an experiment; the run works through the engine's resumable capacity runner in
//! slices of about 10 ms on the main thread, each made of pieces of trials (so even a trial
//! with thousands of patterns is split) and followed by a `setTimeout(0)` yield, so the page
//! stays responsive and Cancel acts at once; points appear in the plot and the table as
//! they finish; the table downloads as CSV (the CLI's format), the plot as PNG.
//!
//! All logic lives in [`crate::lab::capacity`] (tested natively); this file is the Leptos shell.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::canvas::PlotCanvas;
use crate::app::download::{self, js_message};
use crate::app::link;
use crate::lab::capacity::{
    self as lab, CapacitySettings, Field, LabRun, ModelChoice, Patterns, Preset, ResultRow, Spacing,
};
use crate::plots::capacity::{
    CapacityChart, CapacitySeries, PointHit, TheoryMark, draw_capacity, nearest_hit, series_colour,
};
use crate::url_state::route::View;

/// Size of the plot's canvas in pixels (CSS scales it down on narrow screens).
const PLOT_WIDTH: u32 = 640;
const PLOT_HEIGHT: u32 = 400;

/// Milliseconds from the page's time origin (falls back to the wall clock).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// The signals a running experiment writes to.
#[derive(Clone, Copy)]
struct Sinks {
    runner: StoredValue<Option<(u64, LabRun)>>,
    rows: RwSignal<Vec<ResultRow>>,
    progress: RwSignal<f64>,
    running: RwSignal<bool>,
    time_left: RwSignal<String>,
    status: RwSignal<Option<String>>,
    run_error: RwSignal<Option<String>>,
    elapsed_ms: RwSignal<Option<f64>>,
}

/// One slice of run `id`, then a yield to the browser and the next slice, until the run is
/// done or replaced (Cancel and a new Run change the stored run, which ends this chain). A slice
/// that finished points hands them to a task of their own, so the re-drawing of the plot and
/// the table never adds to the slice's time.
fn work(sinks: Sinks, id: u64) {
    let report = sinks
        .runner
        .try_update_value(|slot| match slot {
            Some((current, run)) if *current == id => {
                let report = run.slice(&now_ms);
                let elapsed = run.elapsed_ms(now_ms());
                Some((report, elapsed))
            }
            _ => None,
        })
        .flatten();
    let Some((report, elapsed)) = report else {
        return;
    };
    if report.rows.is_empty() && !report.done && report.error.is_none() {
        show_progress(sinks, report.fraction, elapsed);
        set_timeout(move || work(sinks, id), Duration::ZERO);
        return;
    }
    set_timeout(
        move || {
            // Cancel may have come in between: then nothing of this run is shown any more.
            let current = sinks
                .runner
                .try_with_value(|slot| slot.as_ref().map(|(k, _)| *k) == Some(id))
                .unwrap_or(false);
            if !current {
                return;
            }
            if !report.rows.is_empty() {
                sinks.rows.update(|rows| rows.extend(report.rows));
            }
            sinks.progress.set(report.fraction);
            if let Some(msg) = report.error {
                sinks.run_error.set(Some(msg));
                finish(sinks, None);
            } else if report.done {
                sinks.elapsed_ms.set(Some(elapsed));
                finish(
                    sinks,
                    Some(format!("Finished in {:.1} s.", elapsed / 1000.0)),
                );
            } else {
                show_progress(sinks, report.fraction, elapsed);
                set_timeout(move || work(sinks, id), Duration::ZERO);
            }
        },
        Duration::ZERO,
    );
}

/// Updates the progress bar and the estimate of the time left.
fn show_progress(sinks: Sinks, fraction: f64, elapsed_ms: f64) {
    sinks.progress.set(fraction);
    let left = lab::seconds_left(elapsed_ms, fraction);
    sinks.time_left.set(lab::format_time_left(left));
}

/// Drops the run and shows `status`.
fn finish(sinks: Sinks, status: Option<String>) {
    sinks.runner.set_value(None);
    sinks.running.set(false);
    sinks.time_left.set(String::new());
    sinks.status.set(status);
}

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

/// The preset whose settings these are (display toggles aside), if any.
fn matching_preset(s: &CapacitySettings) -> Option<Preset> {
    Preset::ALL.into_iter().find(|p| {
        let mut preset = p.settings();
        preset.per_dim = s.per_dim;
        preset.log_x = s.log_x;
        preset.show_overlap = s.show_overlap;
        preset == *s
    })
}

/// A labelled number input bound to one field of the settings; out-of-range input is clamped
/// and a message naming the field appears under it.
#[component]
fn NumberField(
    field: Field,
    settings: RwSignal<CapacitySettings>,
    notes: RwSignal<Vec<(Field, String)>>,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let (lo, hi) = field.range();
    let id = format!("capacity-{}", field.slug());
    let note_id = format!("{id}-note");
    let on_change = move |ev| {
        let raw = event_target_value(&ev);
        let mut message = None;
        settings.update(|s| message = field.apply(s, &raw));
        notes.update(|n| {
            n.retain(|(f, _)| *f != field);
            n.extend(message.map(|m| (field, m)));
        });
    };
    view! {
        <label class="cap-field" class:disabled=move || disabled.get()>
            <span class="control-label">{field.name()}</span>
            <input
                type="number"
                id=id.clone()
                data-testid=id
                min=lo
                max=hi
                step=field.input_step()
                inputmode=if field.integer() { "numeric" } else { "decimal" }
                prop:value=move || settings.with(|s| field.show(s))
                prop:disabled=move || disabled.get()
                aria-describedby=note_id.clone()
                on:change=on_change
            />
        </label>
        <p class="field-note" id=note_id role="status">
            {move || notes.with(|n| n.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))}
        </p>
    }
}

/// The capacity lab.
#[component]
pub fn Capacity() -> impl IntoView {
    // The link the page was opened with sets the form; the form rewrites the link as it changes.
    let (initial, link_notes) = CapacitySettings::from_query(&link::page_query());
    let settings = RwSignal::new(initial);
    Effect::new(move |_| settings.with(|s| link::replace(View::Capacity, s.to_query())));
    let notes = RwSignal::new(Vec::<(Field, String)>::new());
    let jobs = Memo::new(move |_| settings.with(|s| s.jobs()));
    let sinks = Sinks {
        runner: StoredValue::new(None),
        rows: RwSignal::new(Vec::new()),
        progress: RwSignal::new(0.0),
        running: RwSignal::new(false),
        time_left: RwSignal::new(String::new()),
        status: RwSignal::new(None),
        run_error: RwSignal::new(None),
        elapsed_ms: RwSignal::new(None),
    };
    let next_id = StoredValue::new(0u64);
    // The settings of the run whose results are shown (the form may have moved on since).
    let shown = RwSignal::new(None::<CapacitySettings>);
    let shown_labels = RwSignal::new(Vec::<(ModelChoice, String)>::new());

    let choose_preset = move |ev| {
        if let Some(preset) = Preset::from_slug(&event_target_value(&ev)) {
            settings.set(preset.settings());
            notes.set(Vec::new());
        }
    };
    let start = move |_| {
        if sinks.running.get_untracked() {
            return;
        }
        let chosen = match jobs.get_untracked() {
            Ok(chosen) => chosen,
            Err(msg) => {
                sinks.run_error.set(Some(msg));
                return;
            }
        };
        let labels = chosen.iter().map(|j| (j.choice, j.label.clone())).collect();
        let run = match LabRun::new(chosen, now_ms()) {
            Ok(run) => run,
            Err(msg) => {
                sinks.run_error.set(Some(msg));
                return;
            }
        };
        let id = next_id.get_value().wrapping_add(1);
        next_id.set_value(id);
        sinks.runner.set_value(Some((id, run)));
        shown.set(Some(settings.get_untracked()));
        shown_labels.set(labels);
        sinks.rows.set(Vec::new());
        sinks.progress.set(0.0);
        sinks.run_error.set(None);
        sinks.elapsed_ms.set(None);
        sinks.status.set(None);
        sinks.time_left.set(lab::format_time_left(None));
        sinks.running.set(true);
        set_timeout(move || work(sinks, id), Duration::ZERO);
    };
    let cancel = move |_| {
        if !sinks.running.get_untracked() {
            return;
        }
        let percent = (sinks.progress.get_untracked() * 100.0).floor();
        finish(
            sinks,
            Some(format!(
                "Cancelled at {percent} %; the finished points are kept."
            )),
        );
    };

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
            models.sort_unstable();
            models.dedup();
            models
                .into_iter()
                .map(|m| (m, m.spec(base.beta).label()))
                .collect()
        };
        let rows = sinks.rows.get();
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
                    .theory(base.dim)
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
        let text = sinks.rows.with(|rows| {
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

    let field = move |f: Field| view! { <NumberField field=f settings=settings notes=notes /> };
    let field_if = move |f: Field, off: Signal<bool>| {
        view! { <NumberField field=f settings=settings notes=notes disabled=off /> }
    };
    let is_log = Signal::derive(move || settings.with(|s| s.spacing == Spacing::Log));
    let is_linear = Signal::derive(move || settings.with(|s| s.spacing == Spacing::Linear));
    let is_exact = Signal::derive(move || settings.with(|s| s.exact));
    let is_random = Signal::derive(move || settings.with(|s| s.patterns == Patterns::Random));
    let no_modern =
        Signal::derive(move || settings.with(|s| !s.models.contains(&ModelChoice::Modern)));
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
        <section class="capacity" aria-label="Capacity lab">
            <form class="cap-controls" aria-label="Experiment" on:submit=|ev| ev.prevent_default()>
                <label class="cap-field cap-wide">
                    <span class="control-label">"preset"</span>
                    <select
                        data-testid="capacity-preset"
                        prop:value=move || settings.with(|s| {
                            matching_preset(s).map_or("custom", Preset::slug).to_string()
                        })
                        on:change=choose_preset
                    >
                        {Preset::ALL.into_iter().map(|p| view! {
                            <option value=p.slug()>{p.title()}</option>
                        }).collect_view()}
                        <option value="custom" disabled=true>"custom settings"</option>
                    </select>
                </label>
                <div class="cap-run">
                    <button
                        type="button"
                        class="primary"
                        data-testid="capacity-run"
                        prop:disabled=move || sinks.running.get() || jobs.with(Result::is_err)
                        on:click=start
                    >"Run"</button>
                    <button
                        type="button"
                        data-testid="capacity-cancel"
                        prop:disabled=move || !sinks.running.get()
                        on:click=cancel
                    >"Cancel"</button>
                    <progress
                        data-testid="capacity-progress"
                        aria-label="progress of the run"
                        max="1"
                        prop:value=move || sinks.progress.get()
                        data-progress=move || format!("{}", sinks.progress.get() as f32)
                        data-running=move || sinks.running.get().to_string()
                        data-elapsed-ms=move || sinks.elapsed_ms.get().map(|ms| format!("{ms:.0}"))
                    ></progress>
                    <span class="cap-status" role="status" aria-live="polite">
                        {move || if sinks.running.get() {
                            format!("{:.0} % · {}", sinks.progress.get() * 100.0, sinks.time_left.get())
                        } else {
                            sinks.status.get().unwrap_or_default()
                        }}
                    </span>
                </div>
                {link_notes.0.into_iter().map(|msg| view! {
                    <p class="notice" data-testid="notice" role="status">{msg}</p>
                }).collect_view()}
                {move || {
                    let problem = jobs.with(|j| j.as_ref().err().cloned()).or_else(|| sinks.run_error.get());
                    problem.map(|msg| view! {
                        <p class="notice cap-problem" data-testid="notice" role="alert">{msg}</p>
                    })
                }}
                <fieldset class="cap-models">
                    <legend>"models to compare (dense: F(z) = …)"</legend>
                    {ModelChoice::ALL.into_iter().map(|m| view! {
                        <label class="cap-check">
                            <input
                                type="checkbox"
                                data-testid=format!("capacity-model-{}", m.slug())
                                prop:checked=move || settings.with(|s| s.models.contains(&m))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    settings.update(|s| {
                                        s.models.retain(|&x| x != m);
                                        if on {
                                            s.models.push(m);
                                            s.models.sort_unstable();
                                        }
                                    });
                                }
                            />
                            {m.title()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="cap-grid">
                    {field(Field::Dim)}
                    {field(Field::Trials)}
                    {field(Field::Seed)}
                    <label class="cap-field">
                        <span class="control-label">"N spacing"</span>
                        <select
                            data-testid="capacity-spacing"
                            prop:value=move || if is_log.get() { "log" } else { "linear" }
                            on:change=move |ev| {
                                let log = event_target_value(&ev) == "log";
                                settings.update(|s| s.spacing = if log { Spacing::Log } else { Spacing::Linear });
                            }
                        >
                            <option value="linear">"linear"</option>
                            <option value="log">"log"</option>
                        </select>
                    </label>
                    {field(Field::Start)}
                    {field(Field::Stop)}
                    {field_if(Field::Step, is_log)}
                    {field_if(Field::LogPoints, is_linear)}
                    {field(Field::Flip)}
                    <label class="cap-field">
                        <span class="control-label">"criterion"</span>
                        <select
                            data-testid="capacity-criterion"
                            prop:value=move || if is_exact.get() { "exact" } else { "overlap" }
                            on:change=move |ev| {
                                let exact = event_target_value(&ev) == "exact";
                                settings.update(|s| s.exact = exact);
                            }
                        >
                            <option value="overlap">"overlap"</option>
                            <option value="exact">"exact"</option>
                        </select>
                    </label>
                    {field_if(Field::Threshold, is_exact)}
                    <label class="cap-field">
                        <span class="control-label">"patterns"</span>
                        <select
                            data-testid="capacity-patterns"
                            prop:value=move || if is_random.get() { "random" } else { "correlated" }
                            on:change=move |ev| {
                                let random = event_target_value(&ev) == "random";
                                settings.update(|s| s.patterns = if random { Patterns::Random } else { Patterns::Correlated });
                            }
                        >
                            <option value="random">"random"</option>
                            <option value="correlated">"correlated"</option>
                        </select>
                    </label>
                    {field_if(Field::Correlation, is_random)}
                    {field_if(Field::Beta, no_modern)}
                </div>
            </form>

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
                            prop:disabled=move || sinks.rows.with(Vec::is_empty)
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
                    {move || csv_failure.get().map(|msg| view! {
                        <p class="notice" data-testid="notice" role="status">{msg}</p>
                    })}
                </figcaption>
            </figure>

            <aside class="cap-side">
                <Formulas basis=Signal::derive(basis) />
                <div class="cap-table-wrap" tabindex="0" aria-label="results, one row per point">
                    <table data-testid="capacity-results" data-rows=move || sinks.rows.with(Vec::len)>
                        <thead>
                            <tr>
                                <th scope="col">"model"</th>
                                <th scope="col">"N"</th>
                                <th scope="col">"success"</th>
                                <th scope="col">"overlap"</th>
                                <th scope="col">"steps"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || sinks.rows.get().into_iter().enumerate()
                                key=|(k, r)| (*k, r.series, r.point.n_patterns)
                                children=|(_, row)| {
                                    let c = series_colour(row.series);
                                    let swatch = format!("background: rgb({}, {}, {})", c.0, c.1, c.2);
                                    view! {
                                        <tr
                                            data-model=row.model.clone()
                                            data-n=row.point.n_patterns
                                            data-d=row.dim
                                            data-success=lab::plain(row.point.success_rate)
                                            data-overlap=lab::plain(row.point.mean_overlap)
                                        >
                                            <td class="cap-model" title=row.model.clone()><span class="swatch" style=swatch></span>{row.model.clone()}</td>
                                            <td>{row.point.n_patterns}</td>
                                            <td>{format!("{:.3}", row.point.success_rate)}</td>
                                            <td>{format!("{:.3}", row.point.mean_overlap)}</td>
                                            <td>{format!("{:.1}", row.point.mean_steps)}</td>
                                        </tr>
                                    }
                                }
                            />
                        </tbody>
                    </table>
                    {move || sinks.rows.with(Vec::is_empty).then(|| view! {
                        <p class="cap-empty">"No points yet: press Run."</p>
                    })}
                </div>
            </aside>
        </section>
    }
}

/// The capacity formulas with the current d (and flip fraction) filled in, in MathML.
#[component]
fn Formulas(basis: Signal<CapacitySettings>) -> impl IntoView {
    // App-made markup (numbers and fixed symbols only): one element instead of a view tree
    // per symbol, which keeps the bundle small.
    view! {
        <div class="cap-formulas" aria-label="capacity formulas"
            inner_html=move || basis.with(lab::formulas_markup)></div>
    }
}
