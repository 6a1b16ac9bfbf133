//! Handing files to the user: an `<a download>` clicked on their behalf, for data URLs and for
//! Blobs (CSV tables, PNG plots, WebM recordings, exported patterns), so nothing leaves the
//! browser; and browser errors as readable text.

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `href` as a download named `filename`.
pub fn href(filename: &str, href: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(href);
    anchor.set_download(filename);
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// Offers `blob` as a download through an object URL, released once the download has begun.
pub fn blob(filename: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let outcome = href(filename, &url);
    // Give the browser time to start the download before the URL goes.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(60),
    );
    outcome
}

/// Offers `text` as a file of type `mime`.
pub fn text(filename: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    blob(
        filename,
        &web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?,
    )
}

/// A browser error as a sentence for the page.
pub fn js_message(err: JsValue) -> String {
    err.as_string()
        .or_else(|| {
            err.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the browser refused".into())
}
