//! The notices a view shows: a link parameter it could not read, a value it refused, a run
//! that stopped, a figure that could not be drawn. One element for each kind, so that every
//! view's notices look and read alike (`data-testid="notice"`, TESTIDS.md) and the page's
//! wasm holds one copy of each instead of one per place.

use leptos::prelude::*;

use crate::url_state::query::Notices;

/// A notice with `role="status"` (read out politely): what was not read, and what was kept.
pub fn notice(msg: impl Into<String>) -> impl IntoView {
    status(msg.into())
}

fn status(msg: String) -> impl IntoView {
    view! { <p class="notice" data-testid="notice" role="status">{msg}</p> }
}

/// A notice with `role="alert"`: something the user started has failed.
pub fn alert(msg: impl Into<String>) -> impl IntoView {
    alert_text(msg.into())
}

fn alert_text(msg: String) -> impl IntoView {
    view! { <p class="notice" data-testid="notice" role="alert">{msg}</p> }
}

/// A figure's error, shown where the figure would be.
pub fn plot_error(msg: String) -> impl IntoView {
    view! { <p class="plot-error" data-testid="notice">{msg}</p> }
}

/// One notice per note of the link the view was opened with.
pub fn link_notices(notes: Notices) -> impl IntoView {
    notes.0.into_iter().map(status).collect_view()
}

/// A training run's end by an error: the curves stay on screen.
pub fn run_stopped(why: String) -> impl IntoView {
    alert_text(format!(
        "The run stopped: {why}. The curves so far are kept; Reset starts again."
    ))
}
