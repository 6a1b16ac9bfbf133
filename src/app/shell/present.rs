//! Presentation mode (larger type, high contrast, secondary controls hidden: a class on
//! `<html>` that the stylesheet acts on) and fullscreen through the Fullscreen API, with a
//! message when the browser refuses.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::{Shell, root};

/// The class on `<html>` while presenting; elements with the class `secondary` hide then.
const PRESENTING: &str = "presenting";

/// The header's presentation toggle.
#[component]
pub fn PresentToggle() -> impl IntoView {
    let on = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(root) = root() {
            let _ = root.class_list().toggle_with_force(PRESENTING, on.get());
        }
    });
    view! {
        <button type="button" class="shell-button" data-testid="present-toggle"
            aria-pressed=move || on.get().to_string()
            title="larger type, high contrast, fewer controls (F: fullscreen)"
            on:click=move |_| on.update(|v| *v = !*v)
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
