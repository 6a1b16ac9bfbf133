//! A pattern shown as a greyscale image: the values are written straight into a side×side
//! `ImageData` (no per-pixel drawing calls) and the canvas is scaled up by CSS with crisp pixels.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast};

use crate::engine::images::unit_to_grey;

/// Colour of a marked pixel (viridis 1.0, as the playback cursor).
const MARK: [u8; 3] = [253, 231, 37];

/// Writes `values` (side² entries, −1 black … +1 white) into `canvas`, pixel `mark` in
/// [`MARK`]; `false` when the browser refused (no 2-D context) or the size is wrong.
fn paint(
    canvas: &web_sys::HtmlCanvasElement,
    values: &[f32],
    side: usize,
    mark: Option<usize>,
) -> bool {
    if side == 0 || values.len() != side * side {
        return false;
    }
    canvas.set_width(side as u32);
    canvas.set_height(side as u32);
    let Ok(Some(context)) = canvas.get_context("2d") else {
        return false;
    };
    let Ok(context) = context.dyn_into::<web_sys::CanvasRenderingContext2d>() else {
        return false;
    };
    let mut rgba = Vec::with_capacity(values.len() * 4);
    for &v in values {
        let g = unit_to_grey(v);
        rgba.extend_from_slice(&[g, g, g, 255]);
    }
    if let Some(px) = mark.and_then(|i| rgba.get_mut(4 * i..4 * i + 3)) {
        px.copy_from_slice(&MARK);
    }
    match web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        Clamped(rgba.as_slice()),
        side as u32,
        side as u32,
    ) {
        Ok(data) => context.put_image_data(&data, 0.0, 0.0).is_ok(),
        Err(_) => false,
    }
}

/// A `size`-pixel square canvas showing `values` as a side×side greyscale image, with the
/// pixel `mark` (if any) highlighted.
#[component]
pub fn PixelImage(
    #[prop(into)] values: Signal<Vec<f32>>,
    #[prop(into)] side: Signal<usize>,
    size: u32,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] mark: MaybeProp<usize>,
) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let Some(canvas) = node.get() else { return };
        let (side, mark) = (side.get(), mark.get());
        values.with(|v| paint(&canvas, v, side, mark));
    });
    view! {
        <canvas
            class="pixel-image"
            node_ref=node
            style=format!("width:{size}px;height:{size}px")
            role="img"
            aria-label=move || label.get()
        ></canvas>
    }
}
