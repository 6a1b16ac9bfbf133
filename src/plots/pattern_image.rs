//! A pattern drawn as a square greyscale image (row-major pixels, −1 black, +1 white).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{PlotError, PlotResult, colormap};

/// Draws `values` (length side²) as a side×side image filling `area`.
pub fn draw_pattern_image<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    values: &[f32],
    side: usize,
) -> PlotResult {
    if side == 0 || values.len() != side * side {
        return Err(PlotError(format!(
            "an image of {} values is not {side}×{side}",
            values.len()
        )));
    }
    let (width, height) = area.dim_in_pixel();
    let edge = |i: usize, total: u32| (i as u64 * total as u64 / side as u64) as i32;
    for (index, &value) in values.iter().enumerate() {
        let (row, col) = (index / side, index % side);
        let top_left = (edge(col, width), edge(row, height));
        let bottom_right = (edge(col + 1, width), edge(row + 1, height));
        area.draw(&Rectangle::new(
            [top_left, bottom_right],
            colormap::grey(value).filled(),
        ))?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn draws_one_rectangle_per_pixel() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (80, 80)).into_drawing_area();
            draw_pattern_image(&area, &[1.0, -1.0, -1.0, 1.0], 2).unwrap();
        }
        assert_eq!(svg.matches("<rect").count(), 4, "{svg}");
        assert!(svg.contains("#FFFFFF") && svg.contains("#000000"), "{svg}");
    }

    #[test]
    fn refuses_a_wrong_size() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (8, 8)).into_drawing_area();
        assert!(draw_pattern_image(&area, &[1.0; 5], 2).is_err());
    }
}
