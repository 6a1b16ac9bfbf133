//! Drawing a landscape scene on a `<canvas>`: plotters for the frame and the markers, one
//! `ImageData` for the heat map (shared by the 2-D landscape and the plane of a
//! high-dimensional set).

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};

use crate::plots::landscape::{LandscapeFrame, LandscapeScene, PixelRect, draw_landscape};

/// Draws `scene` on `canvas` and returns where its plot area is.
pub fn draw_on_canvas(
    canvas: &web_sys::HtmlCanvasElement,
    scene: &LandscapeScene,
) -> Result<LandscapeFrame, String> {
    let no_context = || "this browser gave no 2-D canvas context".to_string();
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        .ok_or_else(no_context)?;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(no_context)?;
    let area = backend.into_drawing_area();
    let mut blit = |rect: PixelRect, pixels: &[u8]| -> Result<(), String> {
        let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(pixels),
            rect.width,
            rect.height,
        )
        .map_err(|_| "could not make the heat map's image".to_string())?;
        context
            .put_image_data(&image, rect.left as f64, rect.top as f64)
            .map_err(|_| "could not draw the heat map".to_string())
    };
    draw_landscape(&area, scene, Some(&mut blit)).map_err(|e| e.to_string())
}

/// The backend pixel under a pointer event on `canvas` (the canvas may be scaled by CSS).
pub fn event_pixel(
    canvas: &web_sys::HtmlCanvasElement,
    ev: &web_sys::MouseEvent,
) -> Option<(f64, f64)> {
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let sx = canvas.width() as f64 / rect.width();
    let sy = canvas.height() as f64 / rect.height();
    Some((
        (ev.client_x() as f64 - rect.left()) * sx,
        (ev.client_y() as f64 - rect.top()) * sy,
    ))
}
