//! The landscape page's wasm module for its 2-D tab (`views::landscape::Landscape`; the other
//! two tabs are `landscape_high_dim.rs`): one module per view, and two for this one, so that
//! a visitor downloads one part's code; `www/start.js` picks the module the link names.

#[cfg(target_arch = "wasm32")]
fn main() {
    use hopfield_lab::app::{self, views::landscape::Landscape};
    use hopfield_lab::compute::protocol::{Reply, kinds};
    use hopfield_lab::url_state::route::View;
    use leptos::prelude::*;
    app::start(
        View::Landscape,
        || view! { <Landscape /> }.into_any(),
        Reply::decode_only::<{ kinds::LANDSCAPE }>,
    );
}

/// Natively there is no page: point at the app and the CLI.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    hopfield_lab::native_hint();
}
