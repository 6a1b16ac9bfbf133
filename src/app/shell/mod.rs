//! The app shell around the views: header tools (share link and state file, embed snippet, presentation mode,
//! shortcut help), global keyboard shortcuts, the embedded single-panel mode, and plot export.
//! The pure parts (key map, embed links, file names) live in `crate::lab::shell` and
//! `crate::url_state::embed`, tested natively.

pub mod embed;
pub mod export;
pub mod help;
pub mod keys;
pub mod present;
pub mod share;

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long a shell message stays on screen.
const MESSAGE_TIME: Duration = Duration::from_secs(6);

/// State shared by the shell's parts (provided as context by the app).
#[derive(Clone, Copy)]
pub struct Shell {
    /// A short status line (copied, fullscreen refused, …), cleared after a few seconds.
    pub message: RwSignal<Option<String>>,
    /// Whether the shortcut help is open.
    pub help: RwSignal<bool>,
}

impl Shell {
    /// New shell state.
    pub fn new() -> Self {
        Self {
            message: RwSignal::new(None),
            help: RwSignal::new(false),
        }
    }

    /// Shows `text` in the status line for a few seconds.
    pub fn say(self, text: impl Into<String>) {
        let text = text.into();
        self.message.set(Some(text.clone()));
        set_timeout(
            move || {
                if self.message.get_untracked().as_deref() == Some(text.as_str()) {
                    self.message.set(None);
                }
            },
            MESSAGE_TIME,
        );
    }
}

impl Default for Shell {
    fn default() -> Self {
        Self::new()
    }
}

/// The status line of the shell.
#[component]
pub fn ShellMessage(shell: Shell) -> impl IntoView {
    view! {
        <p class="shell-message" data-testid="shell-message" role="status" aria-live="polite"
            class:shown=move || shell.message.with(Option::is_some)
        >{move || shell.message.get()}</p>
    }
}

/// The page's root element (`<html>`), where the shell's modes set their class.
pub fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// The element with `data-testid=testid`, if the current view has one.
pub fn by_testid<T: JsCast>(testid: &str) -> Option<T> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()??
        .dyn_into()
        .ok()
}

/// Copies `text` to the clipboard; `false` when the browser has no clipboard or refuses.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() {
        return false;
    }
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}
