//! The shortcut help: a modal `<dialog>` listing every shortcut, opened by `?` or the header's
//! button, closed by Escape or its button; focus goes back where it was.

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Shell;
use crate::lab::shell::keys::Action;

/// The help dialog, shown while `shell.help` is set.
#[component]
pub fn HelpDialog(shell: Shell) -> impl IntoView {
    let dialog = modal(shell.help);
    view! {
        <dialog node_ref=dialog class="shell-dialog" data-testid="help-dialog" aria-labelledby="help-title"
            on:close=move |_| shell.help.set(false)
        >
            <h2 id="help-title">"Keyboard shortcuts"</h2>
            <table class="shortcuts">
                <tbody>
                    {Action::ALL.into_iter().map(|a| view! {
                        <tr><th scope="row"><kbd>{a.key_label()}</kbd></th><td>{a.describe()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">"Shortcuts act on the view shown and pause while you type in a field."</p>
            <button type="button" data-testid="help-close" on:click=move |_| shell.help.set(false)>"Close"</button>
        </dialog>
    }
}

/// A dialog shown modally while `open` is set (closing it clears `open`), which hands focus
/// back to the element that had it before.
pub fn modal(open: RwSignal<bool>) -> NodeRef<Dialog> {
    let dialog = NodeRef::<Dialog>::new();
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() {
            if !d.open() {
                let active = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|doc| doc.active_element())
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
                before.set_value(active);
                let _ = d.show_modal();
            }
        } else {
            if d.open() {
                d.close();
            }
            if let Some(el) = before.try_update_value(Option::take).flatten() {
                let _ = el.focus();
            }
        }
    });
    dialog
}
