//! The user's own text: the text box and its run button, the weights' download with its bytes
//! and a retry when it failed, and how long the last analysis took. What the box holds is
//! never cleared by a failure: a bad text, a failed download or a worker error only add a
//! notice.

use crate::app::components::notice;
use leptos::prelude::*;

use super::live::{Live, Weights};

/// Megabytes, for the download line.
fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

/// The download's share done, 0 to 1 (0 while the size is unknown).
fn share(done: f64, total: f64) -> f64 {
    if total > 0.0 {
        (done / total).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The text box, its button and the model's state; `run` analyses what the box holds.
#[component]
pub fn OwnText(
    live: Live,
    draft: RwSignal<String>,
    notice: RwSignal<Option<String>>,
    /// (worker ms, total ms, tokens) of the last analysis.
    timing: Signal<Option<(f64, f64, usize)>>,
    run: Callback<()>,
) -> impl IntoView {
    let weights = live.weights;
    let progress = move || {
        match weights.get() {
        Weights::Downloading { done, total } => Some(view! {
            <p class="weights" role="status">
                <progress
                    data-testid="heads-weights-progress"
                    data-progress=format!("{:.3}", share(done, total))
                    max="1"
                    value=share(done, total)
                    aria-label="download of the model weights"
                ></progress>
                {format!(
                    " downloading all-MiniLM-L6-v2 (int8): {}{}",
                    mb(done),
                    if total > 0.0 { format!(" of {}", mb(total)) } else { String::new() }
                )}
            </p>
        }.into_any()),
        Weights::Starting => Some(view! {
            <p class="weights" role="status">
                <progress data-testid="heads-weights-progress" data-progress="1" max="1" value="1"
                    aria-label="download of the model weights"></progress>
                " the compute worker is reading the weights…"
            </p>
        }.into_any()),
        Weights::Failed(message) => Some(view! {
            <p class="notice" data-testid="heads-weights-error" role="alert">
                {format!("The model could not be loaded: {message}. The shipped texts still work. ")}
                <button type="button" data-testid="heads-weights-retry" on:click=move |_| live.retry()>
                    "Retry"
                </button>
            </p>
        }.into_any()),
        Weights::Absent | Weights::Ready => None,
    }
    };
    view! {
        <div class="own-text">
            <label class="control own-text-box">
                <span class="control-label">"your own text (the model runs in this browser)"</span>
                <textarea
                    data-testid="heads-own-text"
                    rows="2"
                    maxlength="10000"
                    placeholder="Type a sentence, then Run (or Enter; Shift+Enter for a new line)"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            run.run(());
                        }
                    }
                ></textarea>
            </label>
            <button
                type="button"
                data-testid="heads-run"
                disabled=move || live.busy.get().is_some()
                on:click=move |_| run.run(())
            >
                "Run"
            </button>
            {move || notice.get().map(notice::notice)}
            {progress}
            {move || live.busy.get().map(|what| view! { <p class="hint" role="status">{what}</p> })}
            {move || live.failure.get().map(notice::alert)}
            {move || timing.get().map(|(worker, total, tokens)| view! {
                <p class="hint" data-testid="heads-analysis-time" data-ms=format!("{total:.0}")
                    data-worker-ms=format!("{worker:.0}")>
                    {format!(
                        "{tokens} tokens analysed in {total:.0} ms: forward pass {worker:.0} ms in the compute worker, then 72 heads classified"
                    )}
                </p>
            })}
        </div>
    }
}
