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
