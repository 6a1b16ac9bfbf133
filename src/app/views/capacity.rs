//! (being written)

use leptos::prelude::*;

/// (being written)
#[component]
pub fn Capacity() -> impl IntoView {
    view! { <p>"This view is being built."</p> }
}
