//! Downloads of the app's own assets (the heads data, the built-in photos), fetched at run
//! time so that they do not weigh on the wasm bundle every visitor downloads first.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The bytes at `url` (relative to the page); every failure becomes a message naming it.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let failed = |_| format!("could not download {url}");
    let window = web_sys::window().ok_or_else(|| format!("no window to download {url}"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    if !response.ok() {
        return Err(format!(
            "downloading {url} failed (HTTP {})",
            response.status()
        ));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// What a download has given so far: `None` while it runs, then the bytes or the message.
pub type Download = RwSignal<Option<Result<Vec<u8>, String>>>;

/// Starts downloading `url` and returns the signal its outcome lands in.
pub fn download(url: &'static str) -> Download {
    let outcome: Download = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        outcome.try_set(Some(fetch_bytes(url).await));
    });
    outcome
}
