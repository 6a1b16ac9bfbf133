//! The Leptos front end (browser only): state, views and thin components that call the engine
//! and the plot functions.

pub mod cached_download;
pub mod canvas;
pub mod components;
pub mod compute;
pub mod download;
pub mod fetch;
pub mod lecture;
pub mod link;
pub mod panic_box;
pub mod shell;
pub mod storage;
pub mod views;

use crate::app::components::notice;
use leptos::prelude::*;

use crate::url_state::embed;
use crate::url_state::lecture::{scene_from_query, scene_query};
use crate::url_state::query::Notices;
use crate::url_state::route::{self, View};
use shell::Shell;

/// Entry point of a page's wasm module: install the panic hook, then mount the app showing
/// `view`, drawn by `render`, on `<body>`.
///
/// Trunk builds one module per view (`src/pages/*.rs`) and `www/start.js` loads the one the
/// link names, so a visitor downloads the code of one view, not of all four. Each view is its own
/// page load anyway: the navigation is plain links.
pub fn start(view: View, render: fn() -> AnyView, replies: compute::Decoder) {
    panic_box::install();
    compute::set_decoder(replies);
    panic_box::hide_loading();
    leptos::mount::mount_to_body(move || view! { <App view=view render=render /> });
    mark_first_render();
    panic_box::panic_if_requested(&link::page_query_string());
}

/// Name of the performance mark set in the first animation frame after mounting: by then the
/// view and its plots are drawn and its controls live, so the mark's time since navigation is
/// the time to first interactive render (read by the benchmark, tests/e2e/perf.rs).
pub const FIRST_RENDER_MARK: &str = "hopfield-first-render";

fn mark_first_render() {
    request_animation_frame(|| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            // A failed mark only costs the benchmark its number.
            let _ = performance.mark(FIRST_RENDER_MARK);
        }
    });
}

/// The whole app: header with the view navigation and the shell's tools, then `view` (the one
/// the URL names, drawn by `render`); with `?embed=<panel>` only that panel of the view, and a
/// link to the full app.
#[component]
pub fn App(view: View, render: fn() -> AnyView) -> impl IntoView {
    // The notice for a view parameter that names no view (www/start.js then loads the studio).
    let (_, route_notice) = route::view_from_query(&link::page_query_string());
    let (panel, embed_notice) = embed::embed_from_query(&link::page_query());
    // www/start.js loads the module of the embedded panel's view, so this holds; should it not,
    // the whole view is shown rather than an empty frame.
    let panel = panel.filter(|p| p.view() == view);
    let mut lecture_notes = Notices::default();
    let scene = scene_from_query(&link::page_query(), &mut lecture_notes);
    let shell = Shell::new();
    shell::keys::install(shell);
    let page = view! {
        <main>
            {[route_notice, embed_notice].into_iter().flatten().chain(lecture_notes.0).map(notice::notice).collect_view()}
            {scene.filter(|_| panel.is_none()).map(|index| view! { <lecture::LectureBar index=index /> })}
            {render()}
        </main>
        <shell::ShellMessage shell=shell />
        <shell::help::HelpDialog shell=shell />
    }
    .into_any();
    if let Some(panel) = panel {
        shell::embed::enter(panel);
        return view! { {page} <shell::embed::OpenFull /> }.into_any();
    }
    view! { <Header current=view in_lecture=scene.is_some() shell=shell /> {page} }.into_any()
}

/// The header: the app's name, the view navigation and the shell's tools.
#[component]
fn Header(current: View, in_lecture: bool, shell: Shell) -> impl IntoView {
    view! {
        <header class="app-header">
            <h1>"Hopfield Lab"</h1>
            <nav aria-label="Views" class="secondary">
                <ul class="nav">
                    {View::ALL.into_iter().map(|v| view! {
                        <li>
                            <a
                                href=format!("?view={}", v.slug())
                                aria-current=(v == current).then_some("page")
                                title=v.title()
                            >{v.label()}</a>
                        </li>
                    }).collect_view()}
                    <li>
                        <a href=scene_query(0) aria-current=in_lecture.then_some("page")>
                            "Lecture"
                        </a>
                    </li>
                </ul>
            </nav>
            <div class="shell-tools" role="group" aria-label="Share and present">
                <shell::share::ShareButton shell=shell />
                <shell::embed::EmbedButton shell=shell view=current />
                <shell::present::PresentToggle />
                <button type="button" class="shell-button" data-testid="help-open" aria-label="keyboard shortcuts"
                    title="keyboard shortcuts (?)" on:click=move |_| shell.help.set(true)
                >"?"</button>
            </div>
        </header>
    }
    .into_any()
}
