//! The capacity formulas beside the plot.

use leptos::prelude::*;

use crate::lab::capacity::{self as lab, CapacitySettings};

/// The capacity formulas with the current d (and flip fraction) filled in, in MathML.
#[component]
pub(super) fn Formulas(basis: Signal<CapacitySettings>) -> impl IntoView {
    // App-made markup (numbers and fixed symbols only): one element instead of a view tree
    // per symbol, which keeps the bundle small.
    view! {
        <div class="cap-formulas" aria-label="capacity formulas"
            inner_html=move || basis.with(lab::formulas_markup)></div>
    }
}
