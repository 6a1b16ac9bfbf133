//! The global keyboard shortcuts: one `keydown` listener on the window maps keys to actions
//! (`crate::lab::shell::keys`) and carries them out on whatever view is showing by clicking its
//! controls (found by `data-testid`) or nudging its β slider, so views need no shortcut code.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Shell, by_testid, present};
use crate::lab::shell::keys::{Action, Focus, action, nudged};
use crate::url_state::decimal::parse_f64;

/// Listens for the shortcuts for as long as the app lives.
pub fn install(shell: Shell) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        // An open dialog owns the keyboard (it closes itself on Escape).
        if ev.default_prevented() || dialog_open() {
            return;
        }
        let modifier = ev.ctrl_key() || ev.alt_key() || ev.meta_key();
        let Some(act) = action(&ev.key(), modifier, focus_of(&ev)) else {
            return;
        };
        ev.prevent_default();
        run(act, shell);
    });
    on_cleanup(move || handle.remove());
}

/// Carries out `act` on the current view.
fn run(act: Action, shell: Shell) {
    match act {
        Action::BetaDown => nudge_beta(-1.0),
        Action::BetaUp => nudge_beta(1.0),
        Action::Fullscreen => present::toggle_fullscreen(shell),
        Action::Help => shell.help.set(true),
        _ => {
            let button = act
                .buttons()
                .iter()
                .find_map(|id| by_testid::<web_sys::HtmlElement>(id));
            match button {
                Some(button) => button.click(),
                None => shell.say(format!("“{}” does nothing in this view.", act.describe())),
            }
        }
    }
}

/// Moves the view's β slider a quarter decade in `direction` and tells the view, as a user's
/// drag does.
fn nudge_beta(direction: f64) {
    let Some(input) = by_testid::<web_sys::HtmlInputElement>("beta") else {
        return;
    };
    let number =
        |v: String, default: f64| parse_f64(&v).filter(|v| v.is_finite()).unwrap_or(default);
    let (min, max) = (number(input.min(), 0.0), number(input.max(), 100.0));
    let value = nudged(number(input.value(), min), direction, min, max);
    input.set_value(&value.to_string());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = input.dispatch_event(&event);
    }
}

fn dialog_open() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("dialog[open]").ok().flatten())
        .is_some()
}

/// Where the key was pressed: in a field (its keys), on a button (space presses it) or elsewhere.
fn focus_of(ev: &web_sys::KeyboardEvent) -> Focus {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return Focus::Page;
    };
    if el.is_content_editable() {
        return Focus::Field;
    }
    match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => Focus::Field,
        "BUTTON" | "A" | "SUMMARY" => Focus::Button,
        "INPUT" => match el.get_attribute("type").as_deref() {
            Some("button" | "submit" | "reset" | "checkbox" | "radio") => Focus::Button,
            _ => Focus::Field,
        },
        _ => Focus::Page,
    }
}
