//! The guided lecture's bar above the view: the scene's title, explanation, formula and what
//! to watch (fetched from `lecture/<n>.html`), with previous/next buttons and the progress
//! through the talk. Moving to a scene
//! opens its link, so each scene starts exactly as its link says (see `url_state::lecture`).

use leptos::prelude::*;

use crate::app::fetch::fetch_bytes;
use crate::url_state::lecture::{SCENES, scene_query, scene_text_url};

/// Opens scene `index` (0-based).
fn go_to(index: usize) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_search(&scene_query(index));
    }
}

/// The lecture bar for scene `index` (0-based).
#[component]
pub fn LectureBar(index: usize) -> impl IntoView {
    let scene = SCENES[index.min(SCENES.len() - 1)];
    let last = SCENES.len() - 1;
    let number = index + 1;
    // The scene's sentences, formula and what to watch: the app's own static page
    // `lecture/<n>.html` (same origin, app-made markup), fetched when the scene opens.
    let text = RwSignal::new(String::new());
    leptos::task::spawn_local(async move {
        let html = match fetch_bytes(&scene_text_url(index)).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => format!("<p class=\"notice\">{}</p>", e.replace('<', "&lt;")),
        };
        text.try_set(html);
    });
    view! {
        <aside class="lecture" aria-label="Guided lecture">
            <div class="lecture-head">
                <button type="button" data-testid="scene-prev" disabled=index == 0
                    on:click=move |_| go_to(index.saturating_sub(1))>"← previous"</button>
                <h2 data-testid="scene-title" data-scene=number>
                    {format!("{number}. {}", scene.title)}
                </h2>
                <button type="button" data-testid="scene-next" disabled=index == last
                    on:click=move |_| go_to((index + 1).min(last))>"next →"</button>
                <progress max=SCENES.len() value=number
                    aria-label=format!("scene {number} of {}", SCENES.len())></progress>
                <a class="lecture-end" href=format!("?{}", scene.link)>"leave the lecture"</a>
            </div>
            <div class="lecture-body" inner_html=move || text.get()></div>
        </aside>
    }
}
