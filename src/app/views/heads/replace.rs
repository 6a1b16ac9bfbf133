//! Replace heads ([P] §A.5.1.5): what replaces their attention (uniform averaging, or the
//! Gaussian window of width σ around each query's position), which heads (the pressed one, a
//! class in a layer, a class in the model), and how far the sentence embedding moves against
//! as many heads drawn at random; and "ablate each head", every head replaced alone, which
//! colours the grid and fills the damage scatter.

use crate::app::components::notice;
use leptos::prelude::*;

use super::live::Live;
use crate::engine::bert::Replacement;
use crate::lab::heads::analysis::HeadSummary;
use crate::lab::heads::replace::{MODES, Scope, chosen, describe, replacement, replacement_words};

/// The replace form and the ablation's controls; the model runs on `text` (the text shown,
/// `None` while there is none).
#[component]
pub fn ReplacePanel(
    live: Live,
    summaries: Signal<Option<Vec<HeadSummary>>>,
    selected: RwSignal<Option<usize>>,
    text: Signal<Option<String>>,
    layers: usize,
    heads: usize,
) -> impl IntoView {
    let mode = RwSignal::new("average".to_string());
    let sigma = RwSignal::new("0.5".to_string());
    let scope = RwSignal::new("layer1-class-I".to_string());
    let notice = RwSignal::new(None::<String>);
    let parsed = move || Scope::parse(&scope.get(), layers).unwrap_or(Scope::Head);
    let preview = move || {
        summaries.with(|s| {
            s.as_ref()
                .map(|s| describe(parsed(), selected.get(), s, heads))
        })
    };
    let apply = move |_| {
        notice.set(None);
        let Some(text) = text.get_untracked() else {
            return notice.set(Some("No text is shown yet: nothing was replaced.".into()));
        };
        let with = match replacement(&mode.get_untracked(), &sigma.get_untracked()) {
            Ok(Some(with)) => with,
            Ok(None) => {
                return notice.set(Some(
                    "Choose what replaces the heads (averaging or Gaussian weighting).".into(),
                ));
            }
            Err(why) => return notice.set(Some(why)),
        };
        let scope = parsed();
        let picked = summaries.with_untracked(|s| {
            s.as_ref().map(|s| {
                let heads_chosen = chosen(scope, selected.get_untracked(), s, heads);
                (
                    heads_chosen,
                    describe(scope, selected.get_untracked(), s, heads),
                )
            })
        });
        match picked {
            None => notice.set(Some("The heads are still being classified.".into())),
            Some((list, _)) if list.is_empty() => {
                notice.set(Some(format!("{}: no head to replace.", scope.label())));
            }
            Some((list, what)) => {
                let what = format!("{what} replaced by {}", replacement_words(with));
                live.replace(text, list, with, what);
            }
        }
    };
    let ablate = move |_| {
        notice.set(None);
        let Some(text) = text.get_untracked() else {
            return;
        };
        let with = match replacement(&mode.get_untracked(), &sigma.get_untracked()) {
            Ok(with) => with.unwrap_or(Replacement::Uniform),
            Err(why) => return notice.set(Some(why)),
        };
        live.ablate(text, with, layers * heads);
    };
    let ablation = move || {
        live.ablation.with(|a| {
            a.as_ref().filter(|a| a.damage().is_none()).map(|a| {
                let (done, total) = (a.done(), a.total());
                view! {
                    <p class="ablation" role="status">
                        <progress data-testid="heads-ablate-progress" data-done=done data-total=total
                            max=total value=done aria-label="heads ablated"></progress>
                        {format!(" {done} of {total} heads replaced one at a time ")}
                        <button type="button" data-testid="heads-ablate-cancel" on:click=move |_| live.cancel()>
                            "Cancel"
                        </button>
                    </p>
                }
            })
        })
    };
    let result = move || {
        live.replaced.get().map(|r| {
            let (cosine, random) = r.cosine.unzip();
            let words = match r.cosine {
                None => format!("{}: running…", r.what),
                Some((c, rc)) => format!(
                    "{}: cosine of the sentence embedding with the original {c:.4}; with {} heads drawn at random {rc:.4}.",
                    r.what, r.count
                ),
            };
            view! {
                <p
                    data-testid="heads-embedding-cosine"
                    data-cosine=cosine.map(|c| format!("{c:.5}"))
                    data-random-cosine=random.map(|c| format!("{c:.5}"))
                    role="status"
                >
                    {words}
                </p>
            }
        })
    };
    view! {
        <section class="panel heads-replace" aria-label="Replace heads">
            <h2>"Replace heads by averaging"</h2>
            <div class="replace-form">
                <label class="control">
                    <span class="control-label">"replace their attention by"</span>
                    <select data-testid="heads-replace-mode" prop:value=move || mode.get()
                        on:change=move |ev| mode.set(event_target_value(&ev))>
                        {MODES.map(|(key, label)| view! {
                            <option value=key selected=key == "average">{label}</option>
                        }).into_iter().collect_view()}
                    </select>
                </label>
                <label class="control" class:inactive=move || mode.get() != "gaussian">
                    <span class="control-label">"σ of the window (0.1 to 2)"</span>
                    <input data-testid="heads-replace-sigma" type="number" min="0.1" max="2" step="0.05"
                        prop:value=move || sigma.get()
                        disabled=move || mode.get() != "gaussian"
                        on:change=move |ev| sigma.set(event_target_value(&ev)) />
                </label>
                <label class="control">
                    <span class="control-label">"which heads (classes at this β)"</span>
                    <select data-testid="heads-replace-scope" prop:value=move || scope.get()
                        on:change=move |ev| scope.set(event_target_value(&ev))>
                        {Scope::all(layers).into_iter().map(|s| {
                            let key = s.key();
                            view! { <option value=key.clone() selected=key == "layer1-class-I">{s.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" data-testid="heads-replace-apply" on:click=apply
                    disabled=move || live.busy.get().is_some()>
                    "Replace"
                </button>
            </div>
            <p class="hint">{move || preview().map(|p| format!("Takes {p}."))}</p>
            {move || notice.get().map(notice::notice)}
            {result}
            <p class="hint">
                "Or replace each of the 72 heads alone, to colour the grid by the damage 1 − cosine and plot it against k̄: "
                <button type="button" data-testid="heads-ablate" on:click=ablate
                    disabled=move || live.busy.get().is_some()>
                    "Ablate each head"
                </button>
            </p>
            {ablation}
        </section>
    }
}
