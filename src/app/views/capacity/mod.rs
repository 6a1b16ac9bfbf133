//! The capacity lab (`?view=capacity`): how many patterns each network stores. A preset or the
//! form defines an experiment; the run (`run`) goes to the compute workers (`app::compute`);
//! points appear in the plot (`plot`) and the table (`results`) as they
//! finish; the table downloads as CSV (the CLI's format), the plot as PNG.
//!
//! All logic lives in [`crate::lab::capacity`] (tested natively); these files are the Leptos shell.

mod formulas;
mod number_field;
mod plot;
mod results;
mod run;

use crate::app::components::notice;
use leptos::prelude::*;

use crate::app::link;
use crate::engine::short_sort;
use crate::lab::capacity::{CapacitySettings, Field, ModelChoice, Patterns, Preset, Spacing};
use crate::url_state::route::View;
use formulas::Formulas;
use number_field::NumberField;
use plot::CapacityPlot;
use results::Results;
use run::{Sinks, launch};

/// The preset whose settings these are (display toggles aside), if any.
pub(super) fn matching_preset(s: &CapacitySettings) -> Option<Preset> {
    Preset::ALL.into_iter().find(|p| {
        let mut preset = p.settings();
        preset.per_dim = s.per_dim;
        preset.log_x = s.log_x;
        preset.show_overlap = s.show_overlap;
        preset == *s
    })
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
        current: StoredValue::new(None),
        run: StoredValue::new(None),
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
        let id = next_id.get_value().wrapping_add(1);
        next_id.set_value(id);
        shown.set(Some(settings.get_untracked()));
        shown_labels.set(labels);
        sinks.rows.set(Vec::new());
        sinks.progress.set(0.0);
        sinks.run_error.set(None);
        sinks.elapsed_ms.set(None);
        sinks.status.set(None);
        sinks.running.set(true);
        launch(sinks, id, &chosen);
    };
    let cancel = move |_| {
        if sinks.running.get_untracked() {
            run::cancel(sinks);
        }
    };

    // What the table and the formulas describe: the shown run, or the form before any run.
    let basis = move || shown.get().unwrap_or_else(|| settings.get());
    let table_names = Signal::derive(move || {
        let beta = shown.with(|s| s.as_ref().map_or(1.0, |s| s.beta));
        shown_labels.with(|l| l.iter().map(|(m, _)| m.table_name(beta)).collect())
    });

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
                {notice::link_notices(link_notes)}
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
                                            short_sort::sort_by(&mut s.models, Ord::cmp);
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

            <CapacityPlot settings=settings shown=shown shown_labels=shown_labels rows=sinks.rows />

            <aside class="cap-side">
                <Formulas basis=Signal::derive(basis) />
                <Results rows=sinks.rows names=table_names />
            </aside>
        </section>
    }
}
