//! The pooling view's settings and run controls. Changing a setting starts a fresh run of it
//! (the bags and the model depend on every setting); a bad value is clamped or refused with a
//! message under its field naming it, and the run shown is not touched by a refusal.

use crate::app::components::notice;
use leptos::prelude::*;

use super::run::Run;
use crate::app::download;
use crate::engine::pooling::Method;
use crate::lab::pooling::csv;
use crate::lab::pooling::reading::count;
use crate::lab::pooling::settings::{Field, memory_line};

/// The settings form.
#[component]
pub fn SettingsForm(run: Run) -> impl IntoView {
    let notes = RwSignal::new(Vec::<(Field, String)>::new());
    let change = move |f: Field, raw: String| {
        let mut s = run.settings.get_untracked();
        let message = f.apply(&mut s, &raw);
        notes.update(|n| {
            n.retain(|(g, _)| *g != f);
            n.extend(message.map(|m| (f, m)));
        });
        // Show the value used even when it equals the old one.
        run.settings.update(|_| {});
        if s != run.settings.get_untracked() {
            run.reset(s);
        }
    };
    let field = move |f: Field| {
        let id = format!("pool-{}", f.slug());
        let note_id = format!("{id}-note");
        let value = move || run.settings.with(|s| f.show(s));
        let input = match f {
            Field::BetaMode => view! {
                <select
                    id=id.clone()
                    data-testid=id.clone()
                    aria-describedby=note_id.clone()
                    prop:value=value
                    on:change=move |ev| change(f, event_target_value(&ev))
                >
                    <option value="learned">"learned"</option>
                    <option value="fixed">"fixed"</option>
                </select>
            }
            .into_any(),
            Field::Motif => view! {
                <input
                    type="text"
                    id=id.clone()
                    data-testid=id.clone()
                    maxlength="6"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby=note_id.clone()
                    prop:value=value
                    on:change=move |ev| change(f, event_target_value(&ev))
                />
            }
            .into_any(),
            _ => {
                let (lo, hi) = f.range().unwrap_or((0.0, f64::MAX));
                let integer = !matches!(f, Field::Witness | Field::Beta);
                view! {
                    <input
                        type="text"
                        id=id.clone()
                        data-testid=id.clone()
                        inputmode=if integer { "numeric" } else { "decimal" }
                        title=format!("{lo} … {hi}")
                        aria-describedby=note_id.clone()
                        prop:value=value
                        on:change=move |ev| change(f, event_target_value(&ev))
                    />
                }
                .into_any()
            }
        };
        // The field and its note in one grid cell, so empty notes take no row of their own.
        view! {
            <div class="pool-field">
                <label class="cap-field" for=id.clone()>
                    <span class="control-label">{f.name()}</span>
                    {input}
                </label>
                <p class="field-note" id=note_id role="status">
                    {move || notes.with(|n| n.iter().find(|(g, _)| *g == f).map(|(_, m)| m.clone()))}
                </p>
            </div>
        }
    };
    view! {
        <fieldset class="pool-settings" aria-label="Repertoires and training">
            <div class="learn-fields">{Field::ALL.map(field).into_iter().collect_view()}</div>
            <p class="hint" data-testid="pool-memory">{move || run.settings.with(memory_line)}</p>
        </fieldset>
    }
}

/// Train, pause, cancel, reset, the progress, the AUC now and the CSV.
#[component]
pub fn RunControls(run: Run) -> impl IntoView {
    let step = move || run.last.with(|l| l.as_ref().map_or(0, |s| s.step));
    let progress = move || {
        let steps = run.settings.with(|s| s.steps).max(1);
        (step() as f64 / steps as f64).min(1.0)
    };
    let latest = move || run.points.with(|p| p.last().copied());
    let csv_problem = RwSignal::new(None::<String>);
    let save_csv = move |_| {
        let text = run.points.with_untracked(|p| csv::document(p));
        let name = format!("pooling-seed{}.csv", run.settings.get_untracked().seed);
        csv_problem.set(
            download::text(&name, "text/csv", &text)
                .err()
                .map(download::js_message),
        );
    };
    // Every digit of the f32, so a test can round it as `hopfield pool` does.
    let auc = move |i: usize| latest().map(|p| p.auc[i].to_string());
    view! {
        <div class="cap-run pool-run" role="group" aria-label="Training">
            <button
                type="button"
                class="primary"
                data-testid="pool-train"
                prop:disabled=move || run.running.get()
                on:click=move |_| run.train()
            >"Train"</button>
            <button type="button" data-testid="pool-pause" prop:disabled=move || !run.running.get() on:click=move |_| run.pause()>"Pause"</button>
            <button type="button" data-testid="pool-cancel" prop:disabled=move || !run.running.get() && !run.evaluating.get() on:click=move |_| run.cancel()>"Cancel"</button>
            <button type="button" data-testid="pool-reset" on:click=move |_| run.reset(run.settings.get_untracked())>"Reset"</button>
            <button type="button" data-testid="pool-csv" on:click=save_csv>"CSV"</button>
            <progress
                max="1"
                aria-label="training progress"
                data-testid="pool-progress"
                data-progress=move || format!("{:.4}", progress())
                data-step=step
                prop:value=progress
            ></progress>
            <p class="cap-status" role="status" data-running=move || run.running.get().to_string()>
                {move || {
                    let steps = run.settings.with(|s| s.steps);
                    if let Some(at) = run.cancelled.get() {
                        return format!("Cancelled at step {at} of {steps}: the curves so far are kept; Train starts a fresh run.");
                    }
                    if run.last.with(Option::is_none) {
                        return format!("Drawing {} held-out bags and reading step 0 in the worker…", run.settings.with(|s| s.bags_held_out));
                    }
                    let rate = run.rate.get().map_or(String::new(), |(r, eta)| {
                        let left = if run.running.get() { format!(" · about {eta:.0} s left") } else { String::new() };
                        format!(" · {r:.1} steps/s{left}")
                    });
                    format!("step {} of {steps}{rate}{}", step(), if run.running.get() { " · training" } else { "" })
                }}
            </p>
            <p
                class="pool-auc"
                data-testid="pool-auc"
                data-step=move || latest().map(|p| p.step)
                data-hopfield=move || auc(0)
                data-mean=move || auc(1)
                data-max=move || auc(2)
                data-witness-mass=move || latest().map(|p| p.witness_mass.to_string())
                data-beta=move || latest().map(|p| p.beta.to_string())
                role="status"
            >
                {move || latest().map(|p| {
                    let methods: Vec<String> = Method::ALL
                        .iter()
                        .zip(p.auc)
                        .map(|(m, a)| format!("{} {a:.3}", m.slug()))
                        .collect();
                    format!(
                        "Held-out AUC at step {}: {} · Hopfield attention on witnesses {:.3} · β {:.2} · {} held-out bags",
                        p.step,
                        methods.join(" · "),
                        p.witness_mass,
                        p.beta,
                        count(run.settings.with(|s| s.bags_held_out))
                    )
                })}
            </p>
            {move || csv_problem.get().map(notice::notice)}
        </div>
    }
}
