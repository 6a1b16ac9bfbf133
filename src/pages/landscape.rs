//! The landscape page's wasm module: the app with the landscape view only (one module per view, so
//! that a visitor downloads one view's code; `www/start.js` picks the module the link names).

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
