//! Drawing a landscape scene on a `<canvas>`: plotters for the frame and the markers, one
//! `ImageData` for the heat map (shared by the 2-D landscape and the plane of a
//! high-dimensional set).

use crate::app::canvas::draw_with_blit;
use crate::plots::landscape::{LandscapeFrame, LandscapeScene, draw_landscape};

/// Draws `scene` on `canvas` and returns where its plot area is.
pub fn draw_on_canvas(
    canvas: &web_sys::HtmlCanvasElement,
    scene: &LandscapeScene,
) -> Result<LandscapeFrame, String> {
    let mut frame = None;
    draw_with_blit(canvas, &mut |area, blit| {
        frame = Some(draw_landscape(area, scene, Some(blit))?);
        Ok(())
    })?;
    frame.ok_or_else(|| "the landscape was not drawn".to_string())
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
