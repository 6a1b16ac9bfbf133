//! Marker icons and legends beside the plots, as static markup (see
//! [`crate::lab::landscape::markup`]).

use leptos::prelude::*;

use crate::lab::landscape::markup::{legend_html, marker_svg};

/// The marker of `shape` as an inline icon.
pub fn marker_icon(shape: &str) -> impl IntoView + use<> {
    view! { <span class="marker-icon" aria-hidden="true" inner_html=marker_svg(shape)></span> }
}

/// The legend items of a plot against β: the three kinds and the cursor. How a kind is
/// decided is said once, in the legend of the plane beside it (both tabs show one), so that
/// the diagram still fits a 1280×720 screen.
pub fn beta_legend_html() -> String {
    legend_html(&[
        ("global", "global"),
        ("metastable", "metastable"),
        ("single", "single pattern"),
        ("cursor", "current β"),
    ])
}
