//! The learning view's settings and run controls. Changing a setting starts a fresh run of it
//! (a model of another shape cannot continue the old one); a bad number is clamped or refused
//! with a message under its field naming it, and the run shown is not touched by a refusal.

use crate::app::components::notice;
use leptos::prelude::*;

use super::run::Run;
use crate::app::download;
use crate::engine::transformer::Task;
use crate::lab::learn::csv;
use crate::lab::learn::settings::{Field, LearnSettings};

/// The settings form.
#[component]
pub fn SettingsForm(run: Run) -> impl IntoView {
    let notes = RwSignal::new(Vec::<(Field, String)>::new());
    let restart = move |s: LearnSettings| {
        if s != run.settings.get_untracked() {
            run.reset(s);
        }
    };
    let field = move |f: Field| {
        let id = format!("learn-{}", f.slug());
        let note_id = format!("{id}-note");
        let range = move || run.settings.with(|s| f.range(s));
        view! {
            <label class="cap-field">
                <span class="control-label">{f.name()}</span>
                <input
                    type="number"
                    id=id.clone()
                    data-testid=id
                    min=move || range().0
                    max=move || range().1
                    step=if f.integer() { "1" } else { "any" }
                    inputmode=if f.integer() { "numeric" } else { "decimal" }
                    prop:value=move || run.settings.with(|s| f.show(s))
                    aria-describedby=note_id.clone()
                    on:change=move |ev| {
                        let mut s = run.settings.get_untracked();
                        let message = f.apply(&mut s, &event_target_value(&ev));
                        notes.update(|n| {
                            n.retain(|(g, _)| *g != f);
                            n.extend(message.map(|m| (f, m)));
                        });
                        // Show the value used even when it equals the old one.
                        run.settings.update(|_| {});
                        restart(s);
                    }
                />
            </label>
            <p class="field-note" id=note_id role="status">
                {move || notes.with(|n| n.iter().find(|(g, _)| *g == f).map(|(_, m)| m.clone()))}
            </p>
        }
    };
    view! {
        <fieldset class="learn-settings" aria-label="Model and training">
            <label class="cap-field cap-wide">
                <span class="control-label">"task"</span>
                <select
                    data-testid="learn-task"
                    on:change=move |ev| {
                        if let Some(task) = Task::from_slug(&event_target_value(&ev)) {
                            let mut s = run.settings.get_untracked();
                            s.config.task = task;
                            let (clamped, _) = s.config.clamped();
                            s.config = clamped;
                            restart(s);
                        }
                    }
                    prop:value=move || run.settings.with(|s| s.config.task.slug())
                >
                    {Task::ALL.map(|t| view! {
                        <option value=t.slug() selected=run.settings.get_untracked().config.task == t>
                            {t.slug()}
                        </option>
                    }).into_iter().collect_view()}
                </select>
            </label>
            <p class="hint learn-task-text">{move || run.settings.with(|s| s.config.task.describe())}</p>
            <div class="learn-fields">
                {Field::ALL.map(field).into_iter().collect_view()}
                <label class="cap-check">
                    <input
                        type="checkbox"
                        data-testid="learn-mlp"
                        prop:checked=move || run.settings.with(|s| s.config.mlp)
                        on:change=move |ev| {
                            let mut s = run.settings.get_untracked();
                            s.config.mlp = event_target_checked(&ev);
                            restart(s);
                        }
                    />
                    "MLP block after attention"
                </label>
            </div>
        </fieldset>
    }
}

/// Run, pause, step, reset, the status line and the CSV.
#[component]
pub fn RunControls(run: Run) -> impl IntoView {
    let last = move || run.history.with(|h| h.last().cloned());
    let csv_problem = RwSignal::new(None::<String>);
    let save_csv = move |_| {
        let (layers, heads) = run
            .settings
            .with_untracked(|s| (s.config.layers, s.config.heads));
        let text = run
            .history
            .with_untracked(|h| csv::document(layers, heads, h.snapshots()));
        let name = format!(
            "learn-{}.csv",
            run.settings.get_untracked().config.task.slug()
        );
        csv_problem.set(
            download::text(&name, "text/csv", &text)
                .err()
                .map(download::js_message),
        );
    };
    view! {
        <div class="cap-run learn-run" role="group" aria-label="Training">
            <button
                type="button"
                class="primary"
                data-testid="learn-run"
                prop:disabled=move || run.running.get()
                on:click=move |_| run.play()
            >"Run"</button>
            <button type="button" data-testid="learn-pause" prop:disabled=move || !run.running.get() on:click=move |_| run.pause()>"Pause"</button>
            <button type="button" data-testid="learn-step" on:click=move |_| run.step()>"Step"</button>
            <button type="button" data-testid="learn-reset" on:click=move |_| run.reset(run.settings.get_untracked())>"Reset"</button>
            <button type="button" data-testid="learn-csv" on:click=save_csv>"CSV"</button>
            <progress
                max="1"
                aria-label="training progress"
                prop:value=move || {
                    let stop = run.settings.with(|s| s.steps).max(1);
                    last().map_or(0.0, |s| (s.step as f64 / stop as f64).min(1.0))
                }
            ></progress>
            <p
                class="cap-status"
                data-testid="learn-progress"
                data-step=move || last().map(|s| s.step)
                data-loss=move || last().map(|s| format!("{:.4}", s.loss))
                data-accuracy=move || last().map(|s| format!("{:.4}", s.accuracy))
                data-steps-per-second=move || run.rate.get().map(|r| format!("{r:.1}"))
                data-running=move || run.running.get().to_string()
                role="status"
            >
                {move || match last() {
                    None => "Starting the worker…".to_string(),
                    Some(s) => {
                        let rate = run.rate.get().map_or(String::new(), |r| format!(" · {r:.0} steps/s"));
                        let stop = run.settings.with(|s| s.steps);
                        format!(
                            "step {} of {stop} · loss {:.3} · held-out accuracy {:.2}{rate}{}",
                            s.step,
                            s.loss,
                            s.accuracy,
                            if run.running.get() { " · training" } else { "" }
                        )
                    }
                }}
            </p>
            {move || csv_problem.get().map(notice::notice)}
        </div>
    }
}
