//! Colour maps. Patterns are images, so they are drawn in greyscale (−1 black, +1 white);
//! heat maps use viridis, which stays ordered under every common colour-vision deficiency.

use plotters::style::RGBColor;

/// Greyscale for a pattern value in [−1, 1] (clamped; NaN draws as mid grey, never propagates).
pub fn grey(value: f32) -> RGBColor {
    let v = if value.is_finite() {
        value.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let level = ((v + 1.0) * 127.5).round() as u8;
    RGBColor(level, level, level)
}

/// Viridis control points (matplotlib's viridis at 0, 1/8, …, 1).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// Viridis for t ∈ [0, 1] (clamped), by linear interpolation between the control points.
pub fn viridis(t: f32) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (VIRIDIS.len() - 1) as f32;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f32;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (p as f32 + (q as f32 - p as f32) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grey_maps_the_ends_and_survives_nan() {
        assert_eq!(grey(-1.0), RGBColor(0, 0, 0));
        assert_eq!(grey(1.0), RGBColor(255, 255, 255));
        assert_eq!(grey(f32::NAN), grey(0.0));
        assert_eq!(grey(7.0), grey(1.0));
    }

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(f32::NAN), viridis(0.0));
    }
}
