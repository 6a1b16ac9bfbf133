//! The page's URL as the app's share link: reading the query the page was opened with, and
//! rewriting it in place (history.replaceState, no new history entry per slider tick) as the
//! user works, so copying the address bar at any moment copies the current view.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::set_timeout;

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

/// How long the address bar waits for the state to settle (a β sweep changes it every frame,
/// and browsers throttle more than a few hundred history calls in ten seconds).
const SETTLE: Duration = Duration::from_millis(200);

thread_local! {
    /// The newest address waiting to be written, if a write is scheduled.
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the address bar's query with `view` and `pairs` (at most every 200 ms, always
/// ending on the newest state), keeping the path so that the app works under any sub-path,
/// and keeping the `embed` and `lecture` parameters (an embedded panel stays embedded, a
/// lecture scene stays in the lecture). A browser that refuses
/// only leaves the link stale.
pub fn replace(view: View, pairs: Vec<(&str, String)>) {
    let Some(url) = address(view, pairs) else {
        return;
    };
    let scheduled = PENDING.with(|p| p.borrow_mut().replace(url).is_some());
    if !scheduled {
        set_timeout(write_pending, SETTLE);
    }
}

/// Loads the page of `view` with `pairs` (an entry in the history, so Back returns here): for
/// a part of a view whose code is in another page module (the landscape's tabs).
pub fn open(view: View, pairs: Vec<(&str, String)>) {
    if let (Some(window), Some(url)) = (web_sys::window(), address(view, pairs)) {
        let _ = window.location().assign(&url);
    }
}

/// The page's address for `view` with `pairs`, keeping the page's embed and lecture.
fn address(view: View, pairs: Vec<(&str, String)>) -> Option<String> {
    let window = web_sys::window()?;
    let mut all = vec![("view", view.slug().to_string())];
    all.extend(pairs);
    let page = page_query();
    for kept in ["embed", "lecture"] {
        if let Some(value) = page.get(kept) {
            all.push((kept, value.to_string()));
        }
    }
    let path = window.location().pathname().unwrap_or_default();
    Some(format!("{path}{}", query::encode(&all)))
}

fn write_pending() {
    let Some(url) = PENDING.with(|p| p.borrow_mut().take()) else {
        return;
    };
    if let Some(Ok(history)) = web_sys::window().map(|w| w.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
