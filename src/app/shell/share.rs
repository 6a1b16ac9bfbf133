//! The header's Share dialog: the link to the view as it is (copy it), and — because uploaded
//! and drawn patterns are too big for a link — the state as a file: the link plus the user's
//! own patterns, saved as JSON and opened again here or in another browser.

use leptos::html::Dialog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{Shell, copy_text, help::modal};
use crate::app::{download, storage};
use crate::lab::studio::saved::{MAX_EXTRAS, merge};
use crate::url_state::embed::with_embed;

/// Name of the saved state file.
pub const STATE_FILE: &str = "hopfield-lab-state.json";

/// The page's address now (the views keep it current with history.replaceState).
pub fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// The query string (without `?`) of the whole view as it is: the address without `embed`.
fn view_query() -> String {
    let full = with_embed(&href(), None);
    let without_fragment = full.split('#').next().unwrap_or_default();
    without_fragment
        .split_once('?')
        .map(|(_, q)| q.to_string())
        .unwrap_or_default()
}

/// What the dialog says about the user's own patterns, `count` of them.
fn patterns_note(count: usize) -> String {
    match count {
        0 => "Uploaded and drawn patterns are too big for a link. When you have some, save the state as a file to pass them on with the view.".into(),
        n => format!(
            "Your {n} own pattern{} (uploaded or drawn) {} too big for a link, which carries only the settings. To pass them on, save the state as a file: opening it in Hopfield Lab restores this view with them.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
        ),
    }
}

/// Reads a state (or patterns) file: adds its patterns to this browser's own (none twice, and
/// nothing already kept is dropped), then opens its link, which reloads the view with them.
async fn open_state(shell: Shell, file: web_sys::File) {
    let name = file.name();
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string());
    let Some(text) = text else {
        return shell.say(format!("{name} could not be read"));
    };
    let state = match storage::from_json(&text) {
        Ok(state) => state,
        Err(e) => return shell.say(format!("{name} was not opened: {e}")),
    };
    let mut kept = match storage::load() {
        Ok(kept) => kept,
        Err(e) => return shell.say(format!("{name} was not opened: {e}")),
    };
    let offered = state.patterns.len();
    let added = merge(&mut kept, state.patterns, MAX_EXTRAS);
    if let Err(e) = storage::save(&kept) {
        return shell.say(format!("{name} was not opened: {e}"));
    }
    let kept_back = offered - added;
    match state.link {
        Some(link) => {
            if let Some(window) = web_sys::window() {
                // Reloads the page, whose view then restores the patterns just saved.
                let _ = window.location().set_search(&link);
            }
        }
        None if kept_back > 0 => shell.say(format!(
            "{added} patterns added from {name}; {kept_back} were here already or did not fit (at most {MAX_EXTRAS})"
        )),
        None => shell.say(format!("{added} patterns added from {name}")),
    }
}

/// The header's "Share" button and its dialog.
#[component]
pub fn ShareButton(shell: Shell) -> impl IntoView {
    let open = RwSignal::new(false);
    let dialog: NodeRef<Dialog> = modal(open);
    let link = RwSignal::new(String::new());
    let own = RwSignal::new(0usize);
    let show = move |_| {
        link.set(with_embed(&href(), None));
        own.set(storage::load().map_or(0, |p| p.len()));
        open.set(true);
    };
    let copy = move |_| {
        let text = link.get_untracked();
        spawn_local(async move {
            if copy_text(&text).await {
                shell.say("Link copied: it opens this view in this state.");
            } else {
                shell.say("The browser refused the clipboard: copy the address bar instead (it holds the same link).");
            }
        });
    };
    let save = move |_| {
        let text = match storage::load() {
            Ok(patterns) => storage::to_json(&patterns, Some(&view_query())),
            Err(e) => return shell.say(e),
        };
        match download::text(STATE_FILE, "application/json", &text) {
            Ok(()) => shell.say(format!("State saved as {STATE_FILE}")),
            Err(e) => shell.say(format!(
                "the browser could not save the state: {}",
                download::js_message(e)
            )),
        }
    };
    let on_open = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|list| list.get(0)) {
                open.set(false);
                spawn_local(open_state(shell, file));
            }
            input.set_value("");
        }
    };
    view! {
        <button type="button" class="shell-button secondary" data-testid="share-open"
            title="a link to this view as it is, or the state as a file" on:click=show
        >"Share"</button>
        <dialog node_ref=dialog class="shell-dialog" data-testid="share-dialog" aria-labelledby="share-title"
            on:close=move |_| open.set(false)
        >
            <h2 id="share-title">"Share this view"</h2>
            <label class="control">
                <span class="control-label">"link to this view in its current state"</span>
                <input type="text" readonly data-testid="share-link" prop:value=move || link.get() />
            </label>
            <div class="buttons">
                <button type="button" data-testid="copy-link" on:click=copy>"Copy link"</button>
            </div>
            <p class="hint" data-testid="share-patterns-note">{move || patterns_note(own.get())}</p>
            <div class="buttons">
                <button type="button" data-testid="save-state" on:click=save>"Save state as a file"</button>
                <label class="control">
                    <span class="control-label">"open a state file (.json)"</span>
                    <input type="file" data-testid="open-state" accept="application/json,.json" on:change=on_open />
                </label>
                <button type="button" data-testid="share-close" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </dialog>
    }
}
