//! Replace heads ([P] §A.5.1.5): the chosen head, or every head now in one class, by uniform
//! averaging or by a Gaussian window over positions, and the held-out accuracy with and
//! without it at the current step — does the model need what that head has learned?

use crate::app::components::notice;
use leptos::prelude::*;

use super::run::Run;
use crate::engine::transformer::{Replacement, SIGMA};
use crate::lab::heads::analysis::HeadClass;

/// The panel.
#[component]
pub fn ReplacePanel(run: Run) -> impl IntoView {
    let scope = RwSignal::new("head".to_string());
    let with = RwSignal::new("uniform".to_string());
    let sigma = RwSignal::new(0.5f32);
    let problem = RwSignal::new(None::<String>);
    let apply = move |_| {
        let heads = run.settings.get_untracked().config.heads;
        let Some(last) = run.history.with_untracked(|h| h.last().cloned()) else {
            problem.set(Some("The run has no snapshot yet.".into()));
            return;
        };
        let replacement = match with.get_untracked().as_str() {
            "gaussian" => Replacement::Gaussian {
                sigma: sigma.get_untracked(),
            },
            _ => Replacement::Uniform,
        };
        let chosen: Vec<(usize, usize)> = match scope.get_untracked().as_str() {
            "head" => match run.chosen.get_untracked() {
                Some(i) => vec![(i / heads, i % heads)],
                None => {
                    problem.set(Some("Choose a head in the grid first.".into()));
                    return;
                }
            },
            class => last
                .heads
                .iter()
                .filter(|h| format!("class-{}", h.class.numeral()) == class)
                .map(|h| (h.layer, h.head))
                .collect(),
        };
        if chosen.is_empty() {
            problem.set(Some(format!(
                "No head is in {} at step {}.",
                scope.get_untracked().replace('-', " "),
                last.step
            )));
            return;
        }
        problem.set(None);
        let names: Vec<String> = chosen
            .iter()
            .map(|(l, h)| format!("L{} H{}", l + 1, h + 1))
            .collect();
        let by = match replacement {
            Replacement::Uniform => "uniform averaging".to_string(),
            Replacement::Gaussian { sigma } => format!("a Gaussian window (σ = {sigma})"),
        };
        let what = format!("{} replaced by {by}", names.join(", "));
        run.replace(
            chosen
                .into_iter()
                .map(|(l, h)| (l, h, replacement))
                .collect(),
            what,
        );
    };
    let result = move || {
        run.replaced.get().map(|r| {
            let text = match r.with {
                Some(a) => format!(
                    "At step {}: held-out accuracy {:.2} → {a:.2} with {}.",
                    r.step, r.without, r.what
                ),
                None => format!("Measuring at step {}…", r.step),
            };
            view! {
                <p
                    class="learn-replaced"
                    data-testid="learn-replace-result"
                    data-step=r.step
                    data-without=format!("{:.4}", r.without)
                    data-with=r.with.map(|a| format!("{a:.4}"))
                    role="status"
                >{text}</p>
            }
        })
    };
    view! {
        <section class="panel learn-replace" aria-label="Replace heads">
            <h2>"Replace heads"</h2>
            <div class="learn-row">
                <label class="cap-field">
                    <span class="control-label">"heads"</span>
                    <select data-testid="learn-replace-scope" on:change=move |ev| scope.set(event_target_value(&ev))>
                        <option value="head">"the chosen head"</option>
                        {HeadClass::ALL.map(|c| view! {
                            <option value=format!("class-{}", c.numeral())>
                                {format!("every head in class {}", c.numeral())}
                            </option>
                        }).into_iter().collect_view()}
                    </select>
                </label>
                <label class="cap-field">
                    <span class="control-label">"by"</span>
                    <select data-testid="learn-replace-with" on:change=move |ev| with.set(event_target_value(&ev))>
                        <option value="uniform">"uniform averaging"</option>
                        <option value="gaussian">"Gaussian window"</option>
                    </select>
                </label>
                <label class="cap-field" class:disabled=move || with.get() != "gaussian">
                    <span class="control-label">{format!("σ ({}–{})", SIGMA.0, SIGMA.1)}</span>
                    <input
                        type="number"
                        data-testid="learn-replace-sigma"
                        min=SIGMA.0
                        max=SIGMA.1
                        step="0.1"
                        prop:value=move || sigma.get().to_string()
                        prop:disabled=move || with.get() != "gaussian"
                        on:change=move |ev| {
                            let raw = event_target_value(&ev);
                            match raw.trim().parse::<f32>() {
                                Ok(v) if v.is_finite() => {
                                    let used = v.clamp(SIGMA.0, SIGMA.1);
                                    problem.set((used != v).then(|| format!("σ = {v} is outside {}…{}: used {used}", SIGMA.0, SIGMA.1)));
                                    sigma.set(used);
                                }
                                _ => problem.set(Some(format!("σ: “{}” is not a number; it stays {}", raw.trim(), sigma.get_untracked()))),
                            }
                        }
                    />
                </label>
                <button type="button" data-testid="learn-replace-apply" on:click=apply>"Replace"</button>
            </div>
            {move || problem.get().map(notice::notice)}
            {result}
            <p class="hint">
                "The accuracy is measured on the held-out probe batch with those heads' attention replaced; training goes on with the heads as they are."
            </p>
        </section>
    }
}
