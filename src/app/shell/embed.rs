//! Embedding: the single-panel mode of `?embed=<panel>` (a `data-embed` attribute on `<html>`
//! that the stylesheet turns into "only the element marked `data-panel=<panel>`", plus a link
//! to the full app), and the header's Embed dialog.

use leptos::html::Dialog;
use leptos::prelude::*;

use super::{Shell, by_testid, copy_text, help::modal, root, share::href};
use crate::url_state::embed::{Panel, iframe_snippet, with_embed};
use crate::url_state::route::View;

/// Puts the page into single-panel mode for `panel`.
pub fn enter(panel: Panel) {
    if let Some(root) = root() {
        let _ = root.set_attribute("data-embed", panel.slug());
    }
}

/// The small link from an embedded panel to the full app in the same state (a new tab).
#[component]
pub fn OpenFull() -> impl IntoView {
    let target = RwSignal::new(with_embed(&href(), None));
    // Refreshed just before use, so it carries what the user changed in the panel.
    let refresh = move || target.set(with_embed(&href(), None));
    view! {
        <a class="open-full" data-testid="open-full" href=move || target.get() target="_blank" rel="noopener"
            on:pointerdown=move |_| refresh() on:focus=move |_| refresh() on:click=move |_| refresh()
        >"open in Hopfield Lab ↗"</a>
    }
}

/// The header's "Embed" button and its dialog: the iframe snippet for a panel of `view`.
#[component]
pub fn EmbedButton(shell: Shell, view: View) -> impl IntoView {
    let open = RwSignal::new(false);
    let dialog: NodeRef<Dialog> = modal(open);
    let panel = RwSignal::new(Panel::of_view(view).next());
    let link = RwSignal::new(String::new());
    let snippet = move || iframe_snippet(&link.get(), panel.get());
    let copy = move |_| {
        let text = snippet();
        leptos::task::spawn_local(async move {
            if copy_text(&text).await {
                shell.say("Embed snippet copied.");
            } else if let Some(area) = by_testid::<web_sys::HtmlTextAreaElement>("embed-snippet") {
                // No clipboard: select the text for Ctrl+C.
                let _ = area.focus();
                area.select();
                shell.say(
                    "The browser refused the clipboard: the snippet is selected, press Ctrl+C.",
                );
            }
        });
    };
    let choices = Panel::of_view(view)
        .map(|p| (p.slug(), p.title()))
        .collect::<Vec<_>>();
    view! {
        <button type="button" class="shell-button secondary" data-testid="embed-open"
            title="HTML to show this view in another page"
            on:click=move |_| { link.set(href()); open.set(true); }
        >"Embed"</button>
        <dialog node_ref=dialog class="shell-dialog" data-testid="embed-dialog" aria-labelledby="embed-title"
            on:close=move |_| open.set(false)
        >
            <h2 id="embed-title">"Embed this view"</h2>
            <label class="control">
                <span class="control-label">"show"</span>
                <select data-testid="embed-panel" on:change=move |ev| {
                    let slug = event_target_value(&ev);
                    panel.set(Panel::ALL.into_iter().find(|p| p.slug() == slug));
                }>
                    {choices.into_iter().map(|(slug, title)| view! {
                        <option value=slug selected=move || panel.get().map(Panel::slug) == Some(slug)>{format!("the {title}")}</option>
                    }).collect_view()}
                    <option value="app" selected=move || panel.get().is_none()>"the whole app"</option>
                </select>
            </label>
            <label class="control">
                <span class="control-label">"HTML for your page (the panel keeps the current settings)"</span>
                <textarea data-testid="embed-snippet" readonly rows="5" cols="60" prop:value=snippet></textarea>
            </label>
            <div class="buttons">
                <button type="button" data-testid="embed-copy" on:click=copy>"Copy"</button>
                <button type="button" data-testid="embed-close" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </dialog>
    }
}
