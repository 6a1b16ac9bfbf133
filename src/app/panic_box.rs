//! A visible error box instead of a dead page: the panic hook writes the message into the DOM
//! directly (the reactive system may be unusable after a panic) with a `data-testid="error-box"`.

use wasm_bindgen::JsCast;

/// Installs a panic hook that logs to the console and shows the error box.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_error(&format!(
            "Hopfield Lab stopped because of an internal error: {info}"
        ));
    }));
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
