//! The landscape page's second wasm module: the view's high-dimensional and theory tabs only
//! (`views::landscape::LandscapeHighDim`; `www/start.js` loads it for a landscape link whose
//! `tab` is `high-dim` or `theory`). The 2-D tab is `src/pages/landscape.rs`.

#[cfg(target_arch = "wasm32")]
fn main() {
    use hopfield_lab::app::{self, views::landscape::LandscapeHighDim};
    use hopfield_lab::compute::protocol::{Reply, kinds};
    use hopfield_lab::url_state::route::View;
    use leptos::prelude::*;
    app::start(
        View::Landscape,
        || view! { <LandscapeHighDim /> }.into_any(),
        Reply::decode_only::<{ kinds::LANDSCAPE }>,
    );
}

/// Natively there is no page: point at the app and the CLI.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    hopfield_lab::native_hint();
}
