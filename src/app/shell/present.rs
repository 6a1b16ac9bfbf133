//! Presentation mode (larger type, high contrast, secondary controls hidden: a class on
//! `<html>` that the stylesheet acts on, and larger plot text) and fullscreen through the
//! Fullscreen API, with a message when the browser refuses. The mode outlives a page load in
//! the same tab (session storage), so a lecture's next scene is presented too.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::{Shell, root};

/// The class on `<html>` while presenting; elements with the class `secondary` hide then.
const PRESENTING: &str = "presenting";

/// How much larger the plots' text is while presenting (the page's type grows from about 13
/// to 20 px).
const PLOT_TEXT: f64 = 1.3;

thread_local! {
    /// Whether the page is presented: an `Arc` signal, owned by no component, so that any
    /// plot can track it. (An embedded panel, which has no toggle, is never presented.)
    static ON: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Whether this tab was presenting when it left the last page.
fn stored() -> bool {
    session()
        .and_then(|s| s.get_item(PRESENTING).ok().flatten())
        .is_some()
}

/// Switches presentation mode: the page's class first, so that plots re-drawn by the change
/// measure the new layout.
fn set(on: bool) {
    if let Some(root) = root() {
        let _ = root.class_list().toggle_with_force(PRESENTING, on);
    }
    if let Some(s) = session() {
        let _ = if on {
            s.set_item(PRESENTING, "1")
        } else {
            s.remove_item(PRESENTING)
        };
    }
    ON.with(|s| s.set(on));
}

/// The scale of the plots' text for a canvas `pixels` wide shown `shown` CSS pixels wide:
/// 1 normally; while presenting, large enough that the text appears [`PLOT_TEXT`] times its
/// size however much CSS shrinks the canvas. Tracks the mode, so a plot re-draws when it
/// changes.
pub fn plot_text_scale(pixels: f64, shown: f64) -> f64 {
    if !ON.with(|s| s.get()) {
        return 1.0;
    }
    PLOT_TEXT * if shown > 0.0 { pixels / shown } else { 1.0 }
}

/// The header's presentation toggle.
#[component]
pub fn PresentToggle() -> impl IntoView {
    set(stored());
    let on = ON.with(|s| RwSignal::from(s.clone()));
    view! {
        <button type="button" class="shell-button" data-testid="present-toggle"
            aria-pressed=move || on.get().to_string()
            title="larger type, high contrast, fewer controls (F: fullscreen)"
            on:click=move |_| set(!on.get_untracked())
        >{move || if on.get() { "Leave presentation" } else { "Present" }}</button>
    }
}

/// Enters fullscreen, or leaves it; says so when the browser refuses.
pub fn toggle_fullscreen(shell: Shell) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
        return;
    }
    let Some(root) = document.document_element() else {
        return;
    };
    // requestFullscreen returns a promise that rejects when refused (iframe without
    // allowfullscreen, no user gesture, …); an old browser has no such method at all.
    let request = js_sys::Reflect::get(&root, &JsValue::from_str("requestFullscreen"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let refused = "Fullscreen was refused by the browser (in an embedded frame it needs allowfullscreen); press F11 instead.";
    let Some(promise) = request
        .and_then(|f| f.call0(&root).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    else {
        shell.say(refused);
        return;
    };
    leptos::task::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
            shell.say(refused);
        }
    });
}
