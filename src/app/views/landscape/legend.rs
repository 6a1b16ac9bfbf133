//! Small inline-SVG copies of the plot markers, for the legends and tables beside the plots.

use leptos::prelude::*;

/// The marker of `shape`: a kind name ("global", "metastable", "single"), "pattern", "query"
/// or anything else for the β cursor.
pub fn marker_icon(shape: &'static str) -> impl IntoView {
    let body = match shape {
        "global" => view! { <polygon points="6,0 12,6 6,12 0,6" fill="#ff7f0e" stroke="#000" /> }.into_any(),
        "metastable" => view! { <polygon points="6,0.5 11.5,11 0.5,11" fill="#e754b2" stroke="#000" /> }.into_any(),
        "single" => view! { <circle cx="6" cy="6" r="5" fill="#fff" stroke="#000" /> }.into_any(),
        "pattern" => view! { <path d="M2,2 L10,10 M2,10 L10,2" stroke="#000" stroke-width="2" /> }.into_any(),
        "query" => view! { <g><rect x="1.5" y="1.5" width="9" height="9" fill="#fff" stroke="#e62828" stroke-width="2" /></g> }.into_any(),
        _ => view! { <path d="M6,0 L6,12" stroke="#3b528b" stroke-width="2.5" /> }.into_any(),
    };
    view! {
        <svg class="marker" viewBox="-1 -1 14 14" width="13" height="13" aria-hidden="true">{body}</svg>
    }
}

/// The legend of the three kinds of fixed point (with counts when given).
#[component]
pub fn KindLegend(#[prop(into)] counts: Signal<Option<[usize; 3]>>) -> impl IntoView {
    let item = move |k: usize, shape: &'static str, name: &'static str| {
        view! {
            <li>{marker_icon(shape)}{move || match counts.get() {
                Some(c) => format!("{name} ({})", c[k]),
                None => name.to_string(),
            }}</li>
        }
    };
    view! {
        {item(0, "global", "global fixed point")}
        {item(1, "metastable", "metastable state")}
        {item(2, "single", "single-pattern fixed point")}
    }
}
