//! (being written)

use leptos::prelude::*;

/// (being written)
#[component]
pub fn Landscape() -> impl IntoView {
    view! { <p>"This view is being built."</p> }
}
