//! Drawing a pattern on a pixel grid with a mouse, pen or finger (pointer events, captured so a
//! stroke may leave the grid and come back): paint white with the primary button or the pen
//! tip, black with the secondary button, the pen's eraser or Shift, then add the drawing to the
//! stored patterns. `data-lit` counts the white pixels.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::Settings;
use super::upload::{MAX_EXTRAS, UPLOAD_SIDE};
use crate::app::components::pixel_image::PixelImage;
use crate::lab::studio::drawing::{blank, lit, paint_line, to_image};

/// Size of the drawing grid on screen, in CSS pixels.
const GRID_PX: u32 = 128;
/// `buttons` bits that erase: the secondary mouse button (2) and a pen's eraser (32).
const ERASE_BUTTONS: u16 = 2 | 32;

/// The grid cell under a pointer event (may lie outside the grid).
fn cell(ev: &leptos::ev::PointerEvent, side: usize) -> (i32, i32) {
    let scale = side as f64 / GRID_PX as f64;
    (
        (ev.offset_x() as f64 * scale).floor() as i32,
        (ev.offset_y() as f64 * scale).floor() as i32,
    )
}

/// Starts a drag: no text selection or touch scrolling, and the element under the pointer
/// keeps receiving its events when the pointer leaves it.
pub(super) fn capture(ev: &leptos::ev::PointerEvent) {
    ev.prevent_default();
    if let Some(el) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
}

/// The drawing grid at the studio's resolution and its buttons.
#[component]
pub fn DrawGrid(s: Settings) -> impl IntoView {
    let values = RwSignal::new(Vec::<f32>::new());
    let drawn = RwSignal::new(0usize);
    // The cell the current stroke reached last (`None` between strokes).
    let last = StoredValue::new(None::<(i32, i32)>);
    // A new resolution starts a blank (black) drawing.
    Effect::new(move |_| values.set(blank(s.side.get())));
    let stroke = move |ev: &leptos::ev::PointerEvent| {
        let side = s.side.get_untracked();
        let to = cell(ev, side);
        let from = last.get_value().unwrap_or(to);
        let value = if ev.buttons() & ERASE_BUTTONS != 0 || ev.shift_key() {
            -1.0
        } else {
            1.0
        };
        values.update(|v| {
            if v.len() == side * side {
                paint_line(v, side, from, to, value);
            }
        });
        last.set_value(Some(to));
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        capture(&ev);
        last.set_value(None);
        stroke(&ev);
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if ev.buttons() != 0 && last.get_value().is_some() {
            stroke(&ev);
        }
    };
    let on_add = move |_| {
        if s.extras.with_untracked(Vec::len) >= MAX_EXTRAS {
            let full =
                format!("the studio keeps at most {MAX_EXTRAS} added patterns: remove one first");
            return s.notice.set(Some(full));
        }
        let side = s.side.get_untracked();
        if let Some(image) = values.with_untracked(|v| to_image(v, side, UPLOAD_SIDE)) {
            drawn.update(|n| *n += 1);
            let label = format!("drawing {}", drawn.get_untracked());
            s.extras.update(|x| x.push((label, image)));
        }
    };
    view! {
        <details class="draw-grid">
            <summary>"Draw a pattern"</summary>
            <p class="hint">"mouse, pen or finger: draw white; right button, eraser or Shift: black"</p>
            <div
                class="draw-surface"
                data-testid="draw-grid"
                data-lit=move || values.with(|v| lit(v))
                on:contextmenu=|ev: leptos::ev::MouseEvent| ev.prevent_default()
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=move |_| last.set_value(None)
                on:pointercancel=move |_| last.set_value(None)
            >
                <PixelImage values=values side=s.side size=GRID_PX label="the drawing grid" />
            </div>
            <div class="buttons">
                <button data-testid="draw-add" on:click=on_add>"add as pattern"</button>
                <button data-testid="draw-clear" on:click=move |_| values.set(blank(s.side.get_untracked()))>"clear"</button>
            </div>
        </details>
    }
}
