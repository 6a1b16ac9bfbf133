//! Small inline-SVG copies of the plot markers, for the legends and tables beside the plots.

use leptos::prelude::*;

/// The SVG of `shape`'s marker: a kind name ("global", "metastable", "single"), "pattern",
/// "query" or anything else for the β cursor. Static markup (not a view tree) keeps the
/// bundle small: it is used in every legend and table row.
fn marker_svg(shape: &str) -> &'static str {
    match shape {
        "global" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13"><polygon points="6,0 12,6 6,12 0,6" fill="#ff7f0e" stroke="#000"/></svg>"##
        }
        "metastable" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13"><polygon points="6,0.5 11.5,11 0.5,11" fill="#e754b2" stroke="#000"/></svg>"##
        }
        "single" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13"><circle cx="6" cy="6" r="5" fill="#fff" stroke="#000"/></svg>"##
        }
        "pattern" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13"><path d="M2,2 L10,10 M2,10 L10,2" stroke="#000" stroke-width="2"/></svg>"##
        }
        "query" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13"><rect x="1.5" y="1.5" width="9" height="9" fill="#fff" stroke="#e62828" stroke-width="2"/></svg>"##
        }
        _ => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13"><path d="M6,0 L6,12" stroke="#3b528b" stroke-width="2.5"/></svg>"##
        }
    }
}

/// The marker of `shape` (see [`marker_svg`]) as an inline icon.
pub fn marker_icon(shape: &str) -> impl IntoView + use<> {
    view! { <span class="marker-icon" aria-hidden="true" inner_html=marker_svg(shape)></span> }
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

/// The legend of a plot against β: the three kinds and the cursor.
pub fn beta_legend() -> impl IntoView {
    view! {
        <li>{marker_icon("global")}"global"</li>
        <li>{marker_icon("metastable")}"metastable"</li>
        <li>{marker_icon("single")}"single pattern"</li>
        <li>{marker_icon("cursor")}"current β"</li>
    }
}
