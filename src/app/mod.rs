//! The Leptos front end (browser only): state, views and thin components that call the engine
//! and the plot functions.

pub mod canvas;
pub mod components;
pub mod panic_box;
pub mod views;

use leptos::prelude::*;

/// Entry point called by `main`: install the panic hook, then mount the app on `<body>`.
pub fn start() {
    panic_box::install();
    panic_box::hide_loading();
    leptos::mount::mount_to_body(App);
}

/// The whole app: header, the current view, footer.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="app-header">
            <h1>"Hopfield Lab"</h1>
            <p class="tagline">"Classical, dense and modern Hopfield networks, live in your browser"</p>
        </header>
        <main>
            <views::studio::Studio />
        </main>
    }
}
