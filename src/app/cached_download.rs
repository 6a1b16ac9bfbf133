//! A large download (the model weights: 23 MB, fetched only when a user first asks for their
//! own text), read chunk by chunk so the view can show the bytes arriving, and kept in the
//! browser's Cache API so a reload (or the next lecture) does not fetch it again. The bytes
//! land behind room the caller keeps at the start of one JavaScript array — for the header of
//! the compute message that carries them — so they reach the worker without passing through
//! the page's wasm memory.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Longest stretch of reading between yields to the browser (ms).
const SLICE_MS: f64 = 8.0;

/// The cache the downloads are kept in (a new asset format gets a new name).
const CACHE: &str = "hopfield-minilm-v1";

/// `head` bytes of room (zeros) followed by the bytes at `url`, from the cache when it has
/// them; `progress(done, total)` hears the bytes as they arrive (total 0 when the server did
/// not say).
pub async fn fetch_cached(
    url: &str,
    head: u32,
    progress: &dyn Fn(f64, f64),
) -> Result<js_sys::Uint8Array, String> {
    let window = web_sys::window().ok_or("no window")?;
    let cache = open_cache(&window).await;
    if let Some(cache) = &cache {
        let hit = JsFuture::from(cache.match_with_str(url)).await.ok();
        if let Some(response) = hit.and_then(|r| r.dyn_into::<web_sys::Response>().ok()) {
            let buffer = JsFuture::from(response.array_buffer().map_err(|_| unreadable(url))?)
                .await
                .map_err(|_| unreadable(url))?;
            let body = js_sys::Uint8Array::new(&buffer);
            progress(body.length() as f64, body.length() as f64);
            return Ok(joined(head, &body));
        }
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("could not download {url} (network error)"))?
        .dyn_into()
        .map_err(|_| unreadable(url))?;
    if !response.ok() {
        return Err(format!(
            "downloading {url} failed (HTTP {})",
            response.status()
        ));
    }
    let total: f64 = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let kept = response.clone().map_err(|_| unreadable(url))?;
    let bytes = read_body(&response, url, head, total, progress).await?;
    if let Some(cache) = &cache {
        // A failed put only costs the next visit a download.
        let _ = JsFuture::from(cache.put_with_str(url, &kept)).await;
    }
    Ok(bytes)
}

/// Forgets the cached copy of `url` (it failed its checksum in the worker).
pub async fn forget(url: &str) {
    if let Some(window) = web_sys::window()
        && let Some(cache) = open_cache(&window).await
    {
        let _ = JsFuture::from(cache.delete_with_str(url)).await;
    }
}

async fn open_cache(window: &web_sys::Window) -> Option<web_sys::Cache> {
    let caches = window.caches().ok()?;
    JsFuture::from(caches.open(CACHE))
        .await
        .ok()?
        .dyn_into()
        .ok()
}

fn unreadable(url: &str) -> String {
    format!("could not read the download of {url}")
}

/// `head` zeros then `body` in one new array.
fn joined(head: u32, body: &js_sys::Uint8Array) -> js_sys::Uint8Array {
    let out = js_sys::Uint8Array::new_with_length(head + body.length());
    out.set(body, head);
    out
}

/// Reads `response`'s body chunk by chunk behind `head` bytes of room, reporting the bytes.
async fn read_body(
    response: &web_sys::Response,
    url: &str,
    head: u32,
    total: f64,
    progress: &dyn Fn(f64, f64),
) -> Result<js_sys::Uint8Array, String> {
    let body = response.body().ok_or_else(|| unreadable(url))?;
    let reader: web_sys::ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(|_| unreadable(url))?;
    let mut out = js_sys::Uint8Array::new_with_length(head + total as u32);
    let mut done = 0u32;
    // A local or cached body arrives faster than it is read: its chunks would all be taken
    // in one task. Yield to the browser every few milliseconds, and report at most that often.
    let mut slice = js_sys::Date::now();
    loop {
        if js_sys::Date::now() - slice > SLICE_MS {
            progress(done as f64, total);
            next_task().await;
            slice = js_sys::Date::now();
        }
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| format!("the download of {url} was cut short"))?;
        let finished = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if finished {
            break;
        }
        let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .ok_or_else(|| unreadable(url))?;
        let needed = head + done + value.length();
        if needed > out.length() {
            // No or a wrong Content-Length: grow by doubling.
            let grown = js_sys::Uint8Array::new_with_length(needed.max(2 * out.length()));
            grown.set(&out, 0);
            out = grown;
        }
        out.set(&value, head + done);
        done += value.length();
    }
    progress(done as f64, total);
    if total > 0.0 && (done as f64) < total {
        return Err(format!(
            "the download of {url} was cut short ({done} of {total} bytes)"
        ));
    }
    Ok(out.subarray(0, head + done))
}

/// Resolves in a later task (a zero timeout), so the browser can render and handle input.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}
