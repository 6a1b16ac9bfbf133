//! A pattern drawn by hand on a side×side grid: strokes painted pixel by pixel along the line
//! between successive pointer positions (a fast stroke leaves no gaps), and the drawing as an
//! image at the size uploads are kept at.

use crate::engine::images::{GreyImage, unit_to_grey};

/// A blank drawing (every pixel −1, black).
pub fn blank(side: usize) -> Vec<f32> {
    vec![-1.0; side * side]
}

/// Sets every pixel on the straight line from `from` to `to` (grid coordinates, either may
/// lie outside the grid) to `value`; pixels outside the grid are skipped.
pub fn paint_line(values: &mut [f32], side: usize, from: (i32, i32), to: (i32, i32), value: f32) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let n = dx.abs().max(dy.abs()).max(1);
    for k in 0..=n {
        let x = from.0 + (dx as f64 * k as f64 / n as f64).round() as i32;
        let y = from.1 + (dy as f64 * k as f64 / n as f64).round() as i32;
        if (0..side as i32).contains(&x) && (0..side as i32).contains(&y) {
            values[y as usize * side + x as usize] = value;
        }
    }
}

/// Number of white (positive) pixels.
pub fn lit(values: &[f32]) -> usize {
    values.iter().filter(|&&v| v > 0.0).count()
}

/// The drawing, upscaled by pixel repetition to `out`×`out`; `None` when `values` is not
/// side×side.
pub fn to_image(values: &[f32], side: usize, out: usize) -> Option<GreyImage> {
    if side == 0 || values.len() != side * side {
        return None;
    }
    let pixels = (0..out * out)
        .map(|i| {
            let (y, x) = (i / out * side / out, i % out * side / out);
            unit_to_grey(values[y * side + x])
        })
        .collect();
    GreyImage::new(out, out, pixels).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stroke_has_no_gaps_and_stays_on_the_grid() {
        let mut v = blank(8);
        paint_line(&mut v, 8, (-3, 1), (10, 1), 1.0);
        assert_eq!(lit(&v), 8, "the whole row, clipped");
        let mut d = blank(8);
        paint_line(&mut d, 8, (0, 0), (7, 7), 1.0);
        assert!((0..8).all(|i| d[i * 8 + i] == 1.0));
        assert_eq!(lit(&d), 8);
        paint_line(&mut d, 8, (3, 3), (3, 3), -1.0);
        assert_eq!(lit(&d), 7, "a single point erases one pixel");
    }

    #[test]
    fn the_image_repeats_pixels() {
        let mut v = blank(2);
        v[1] = 1.0;
        let image = to_image(&v, 2, 4).unwrap();
        assert_eq!(&image.pixels()[..4], &[0, 0, 255, 255]);
        assert_eq!(&image.pixels()[4..8], &[0, 0, 255, 255]);
        assert!(to_image(&v, 3, 4).is_none());
    }
}
