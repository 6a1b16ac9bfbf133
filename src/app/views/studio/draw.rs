//! Drawing a pattern on a pixel grid with a mouse, pen or finger (pointer events): paint white
//! with the primary button, black with the secondary one or with Shift, then add the drawing to
//! the stored patterns.

use leptos::prelude::*;

use super::state::Settings;
use super::upload::UPLOAD_SIDE;
use crate::app::components::pixel_image::PixelImage;
use crate::engine::images::{GreyImage, unit_to_grey};

/// Size of the drawing grid on screen, in CSS pixels.
const GRID_PX: u32 = 128;

/// The drawing, upscaled by pixel repetition to the size uploads are kept at.
fn to_image(values: &[f32], side: usize) -> Option<GreyImage> {
    if side == 0 || values.len() != side * side {
        return None;
    }
    let pixels = (0..UPLOAD_SIDE * UPLOAD_SIDE)
        .map(|i| {
            let (y, x) = (
                i / UPLOAD_SIDE * side / UPLOAD_SIDE,
                i % UPLOAD_SIDE * side / UPLOAD_SIDE,
            );
            unit_to_grey(values[y * side + x])
        })
        .collect();
    GreyImage::new(UPLOAD_SIDE, UPLOAD_SIDE, pixels).ok()
}

/// The drawing grid at the studio's resolution and its buttons.
#[component]
pub fn DrawGrid(s: Settings) -> impl IntoView {
    let values = RwSignal::new(Vec::<f32>::new());
    let drawn = RwSignal::new(0usize);
    // A new resolution starts a blank (black) drawing.
    Effect::new(move |_| {
        let side = s.side.get();
        values.set(vec![-1.0; side * side]);
    });
    let paint = move |ev: &leptos::ev::PointerEvent| {
        let side = s.side.get_untracked();
        let scale = side as f64 / GRID_PX as f64;
        let (x, y) = (ev.offset_x() as f64 * scale, ev.offset_y() as f64 * scale);
        if x < 0.0 || y < 0.0 || x >= side as f64 || y >= side as f64 {
            return;
        }
        let value = if ev.buttons() & 2 != 0 || ev.shift_key() {
            -1.0
        } else {
            1.0
        };
        let index = y as usize * side + x as usize;
        values.update(|v| {
            if let Some(p) = v.get_mut(index) {
                *p = value;
            }
        });
    };
    let on_add = move |_| {
        let side = s.side.get_untracked();
        if let Some(image) = values.with_untracked(|v| to_image(v, side)) {
            drawn.update(|n| *n += 1);
            let label = format!("drawing {}", drawn.get_untracked());
            s.extras.update(|x| x.push((label, image)));
        }
    };
    view! {
        <details class="draw-grid">
            <summary>"Draw a pattern"</summary>
            <div
                class="draw-surface"
                data-testid="draw-grid"
                on:contextmenu=|ev: leptos::ev::MouseEvent| ev.prevent_default()
                on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                    ev.prevent_default();
                    paint(&ev);
                }
                on:pointermove=move |ev: leptos::ev::PointerEvent| {
                    if ev.buttons() != 0 {
                        paint(&ev);
                    }
                }
            >
                <PixelImage values=values side=s.side size=GRID_PX label="the drawing grid" />
            </div>
            <div class="buttons">
                <button data-testid="draw-add" on:click=on_add>"add as pattern"</button>
                <button on:click=move |_| values.update(|v| v.fill(-1.0))>"clear"</button>
            </div>
        </details>
    }
}
