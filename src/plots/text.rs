//! The plots' type. Canvases are drawn at a fixed pixel size and scaled by CSS, so their text
//! shrinks with them, and a projector needs it larger still: every plot takes its fonts from
//! [`font`], whose sizes multiply by one scale that the app sets around each drawing
//! ([`scaled`]). Natively (SVG in tests) it stays 1.

use std::cell::Cell;

use plotters::style::{FontDesc, FontFamily, IntoFont};

thread_local! {
    static SCALE: Cell<f64> = const { Cell::new(1.0) };
}

/// The scale of the plots' text now.
pub fn scale() -> f64 {
    SCALE.with(Cell::get)
}

/// Runs `draw` with the plots' text scaled by `scale` (clamped into 1…3; 1 when not finite),
/// then restores the scale of 1.
pub fn scaled<T>(scale: f64, draw: impl FnOnce() -> T) -> T {
    let scale = if scale.is_finite() {
        scale.clamp(1.0, 3.0)
    } else {
        1.0
    };
    SCALE.with(|s| s.set(scale));
    let out = draw();
    SCALE.with(|s| s.set(1.0));
    out
}

/// The plots' sans-serif font, `px` pixels high at scale 1.
pub fn font(px: u32) -> FontDesc<'static> {
    (FontFamily::SansSerif, f64::from(px) * scale()).into_font()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_follow_the_scale_only_while_drawing() {
        assert_eq!(font(12).get_size(), 12.0);
        assert_eq!(scaled(1.5, || font(12).get_size()), 18.0);
        assert_eq!(font(12).get_size(), 12.0);
        assert_eq!(scaled(f64::NAN, scale), 1.0);
        assert_eq!(scaled(9.0, scale), 3.0);
    }
}
