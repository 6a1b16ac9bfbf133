//! "Your patterns": the uploaded and drawn patterns are saved in this browser as they change and
//! restored when the studio opens, with the gallery order the user made; they can be exported
//! to a file, imported back, and every trace of them removed ("clear my data").

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::Settings;
use super::upload;
use crate::app::{download, storage};
use crate::lab::studio::order;
use crate::lab::studio::saved::{MAX_EXTRAS, merge};

/// Name of the exported file.
pub const EXPORT_FILE: &str = "hopfield-lab-patterns.json";

/// The set the gallery order applies to.
fn set_key(s: Settings) -> String {
    s.removed.with_untracked(|removed| {
        order::set_key(
            s.source.get_untracked().slug(),
            s.count.get_untracked(),
            s.seed.get_untracked(),
            removed,
            s.extras.with_untracked(Vec::len),
        )
    })
}

/// Saves the gallery order for the current set (after the user moved or removed a pattern),
/// so that the same set opened without a link gets it back.
pub fn save_order(s: Settings) {
    let order = s.order.get_untracked();
    let text = (!order.is_empty()).then(|| order::saved(&set_key(s), &order));
    if let Err(msg) = storage::save_order(text.as_deref()) {
        s.notice.set(Some(msg));
    }
}

/// Restores the saved patterns into `s`, and the gallery order saved for this set unless the
/// link set one (`link_order`); then saves the patterns on every later change. What cannot be
/// restored or saved becomes the studio's notice.
pub fn keep_saved(s: Settings, link_order: bool) {
    match storage::load() {
        Ok(saved) => s.extras.set(saved),
        Err(msg) => s.notice.set(Some(msg)),
    }
    let key = set_key(s);
    let saved_order = storage::load_order().and_then(|text| order::restored(&text, &key));
    if let Some(o) = saved_order.filter(|_| !link_order) {
        s.order.set(o);
    }
    Effect::watch(
        move || s.extras.get(),
        move |extras, _, _| {
            if let Err(msg) = storage::save(extras) {
                s.notice.set(Some(msg));
            }
        },
        false,
    );
}

/// Adds the patterns of an imported file to the studio's own, within [`MAX_EXTRAS`].
async fn import(s: Settings, file: web_sys::File) {
    let name = file.name();
    let text = match JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
    {
        Some(text) => text,
        None => return s.notice.set(Some(format!("{name} could not be read"))),
    };
    match storage::from_json(&text) {
        Ok(file) => {
            let room = MAX_EXTRAS.saturating_sub(s.extras.with_untracked(Vec::len));
            if file.patterns.len() > room {
                return s.notice.set(Some(format!(
                    "{name} holds {} patterns but there is room for {room} (the studio keeps at most {MAX_EXTRAS}); remove some first",
                    file.patterns.len()
                )));
            }
            s.notice.set(None);
            s.extras.update(|x| {
                merge(x, file.patterns, MAX_EXTRAS);
            });
        }
        Err(e) => s.notice.set(Some(format!("{name} was not imported: {e}"))),
    }
}

/// Export, import and "clear my data".
#[component]
pub fn MyData(s: Settings) -> impl IntoView {
    let export = move |_| {
        let text = s.extras.with_untracked(|x| storage::to_json(x, None));
        if download::text(EXPORT_FILE, "application/json", &text).is_err() {
            s.notice
                .set(Some("the browser could not prepare the export file".into()));
        }
    };
    let on_import = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(file) = upload::files_of(input.files()).into_iter().next() {
                spawn_local(import(s, file));
            }
            input.set_value("");
        }
    };
    let clear = move |_| {
        s.extras.set(Vec::new());
        s.order.set(Vec::new());
        s.notice.set(storage::clear_all().err());
    };
    view! {
        <div class="my-data" role="group" aria-label="Your patterns">
            <span class="control-label">
                {move || format!("your patterns: {} (kept in this browser only)", s.extras.with(Vec::len))}
            </span>
            <div class="buttons">
                <button type="button" data-testid="export-patterns" on:click=export>"export my patterns"</button>
                <label class="control">
                    <span class="control-label">"import patterns (.json)"</span>
                    <input type="file" data-testid="import-patterns"
                        accept="application/json,.json" on:change=on_import />
                </label>
                <button type="button" data-testid="clear-my-data" on:click=clear>"clear my data"</button>
            </div>
        </div>
    }
}
