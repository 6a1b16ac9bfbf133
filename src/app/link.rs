//! The page's URL as the app's share link: reading the query the page was opened with, and
//! rewriting it in place (history.replaceState, no new history entry per slider tick) as the
//! user works, so copying the address bar at any moment copies the current view.

use crate::url_state::query::{self, Query};
use crate::url_state::route::View;

/// The page's query string (`?view=…`), empty when there is none.
pub fn page_query_string() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's query, decoded.
pub fn page_query() -> Query {
    Query::parse(&page_query_string())
}

/// Replaces the address bar's query with `view` and `pairs`, keeping the path (so the app
/// works under any sub-path). A browser that refuses (rate limits) only leaves the link stale.
pub fn replace(view: View, pairs: Vec<(&str, String)>) {
    let mut all = vec![("view", view.slug().to_string())];
    all.extend(pairs);
    // An embedded panel stays embedded (a reload of its iframe must not show the whole app).
    if let Some(panel) = page_query().get("embed") {
        all.push(("embed", panel.to_string()));
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let url = format!("{path}{}", query::encode(&all));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
