//! A visible error box instead of a dead page: the panic hook writes the message into the DOM
//! directly (the reactive system may be unusable after a panic) with a `data-testid="error-box"`,
//! and a "reload keeping my work" link: the same address without test hooks. The work survives
//! the reload because the address carries the settings and local storage the user's patterns.

use wasm_bindgen::JsCast;

use crate::url_state::debug;

/// Installs a panic hook that logs to the console and shows the error box.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("Hopfield Lab stopped because of an internal error: {info}");
        web_sys::console::error_1(&message.as_str().into());
        show_error(&message);
        add_reload_link();
    }));
}

/// Panics on purpose just after mounting when the page's link asks for it (`?debug=panic`,
/// a hook for the end-to-end tests of the error box).
pub fn panic_if_requested(query: &str) {
    if debug::panic_requested(query) {
        leptos::prelude::request_animation_frame(|| {
            panic!("deliberate panic requested by the test hook ?debug=panic")
        });
    }
}

/// Appends the reload link to the error box. A plain link, not a button with a handler: after a
/// panic the wasm module must not be called again.
fn add_reload_link() {
    let Some(doc) = document() else { return };
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let query = debug::without_hooks(&location.search().unwrap_or_default());
    let (Ok(Some(box_el)), Ok(link)) = (
        doc.query_selector("[data-testid=error-box]"),
        doc.create_element("a"),
    ) else {
        return;
    };
    let _ = link.set_attribute("href", &format!("{path}{query}"));
    let _ = link.set_attribute("data-testid", "reload-keeping-work");
    link.set_class_name("button");
    link.set_text_content(Some("reload keeping my work"));
    let _ = box_el.append_with_str_1(" ");
    let _ = box_el.append_child(&link);
}

/// Removes the static "Loading…" placeholder that index.html shows until the wasm starts.
pub fn hide_loading() {
    if let Some(el) = document().and_then(|d| d.get_element_by_id("loading")) {
        el.remove();
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Shows `message` in the error box (created on first use), as text, never as HTML.
pub fn show_error(message: &str) {
    let Some(doc) = document() else { return };
    let existing = doc.query_selector("[data-testid=error-box]").ok().flatten();
    let el = match existing {
        Some(el) => el,
        None => {
            let Ok(el) = doc.create_element("div") else {
                return;
            };
            let _ = el.set_attribute("data-testid", "error-box");
            let _ = el.set_attribute("role", "alert");
            el.set_class_name("error-box");
            if let Some(body) = doc.body() {
                let _ = body.prepend_with_node_1(&el);
            }
            el
        }
    };
    el.set_text_content(Some(message));
    if let Ok(html) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = html.focus();
    }
}
