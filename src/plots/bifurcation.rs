//! The bifurcation diagram: the fixed points of the modern network against log₁₀ β, marked by
//! kind, in two panels sharing the β axis: the coordinate on the patterns' main axis (top)
//! and on their second axis (bottom), with the stored patterns' coordinates as faint guides
//! and a vertical cursor at the current β. One global fixed point at small β splits into
//! metastable states and then into one fixed point per pattern; a split across the main axis
//! (a close pair) shows in the bottom panel, scaled to its own spread.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::markers;
use super::text;
use super::{PlotError, PlotResult};
use crate::engine::fixed_points::FixedPointKind;

/// Colour of the cursor at the current β (the page's accent, viridis 0.3).
pub const CURSOR: RGBColor = RGBColor(59, 82, 139);

/// The fixed points found at one β: ([main, second] axis coordinates, kind) each.
#[derive(Debug, Clone, PartialEq)]
pub struct BifurcationColumn {
    /// The inverse temperature.
    pub beta: f32,
    /// Coordinates and kind of every fixed point at this β.
    pub points: Vec<([f32; 2], FixedPointKind)>,
}

/// The panels' names, top to bottom, as their y labels.
const PANELS: [&str; 2] = ["main axis", "second axis"];

/// Margins and the y-label column of the chart (pixels): they place the β axis, so that a
/// click on the diagram can be read back as a β ([`beta_at_pixel`]).
const MARGIN: u32 = 10;
const MARGIN_RIGHT: u32 = 30;
const Y_LABELS: u32 = 48;
/// Height of the x-label area, under the bottom panel only.
const X_LABELS: u32 = 38;

/// The β under the horizontal pixel `px` of a diagram `width` pixels wide over `beta_range`
/// (log scale), or `None` left or right of the plotting area: the cursor's other direction,
/// from the diagram back to the slider.
pub fn beta_at_pixel(px: f64, width: u32, beta_range: (f32, f32)) -> Option<f32> {
    let (x0, x1) = log_beta_span(beta_range).ok()?;
    let left = f64::from(MARGIN + Y_LABELS);
    let right = f64::from(width.saturating_sub(MARGIN_RIGHT));
    if !(left..=right).contains(&px) || right <= left {
        return None;
    }
    let t = (px - left) / (right - left);
    Some(10f32.powf(x0 + t as f32 * (x1 - x0)))
}

/// The y range of each panel: the spread of the patterns' and fixed points' coordinates on
/// that axis, padded by an eighth of it, but by at least a twentieth of the larger panel's
/// spread, so that a panel with (almost) no spread does not blow up rounding noise.
pub fn panel_ranges(columns: &[BifurcationColumn], pattern_coords: &[[f32; 2]]) -> [(f32, f32); 2] {
    let span = |k: usize| {
        pattern_coords
            .iter()
            .map(|c| c[k])
            .chain(
                columns
                    .iter()
                    .flat_map(|c| c.points.iter().map(move |p| p.0[k])),
            )
            .filter(|v| v.is_finite())
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            })
    };
    let spans = [span(0), span(1)].map(|(lo, hi)| if lo <= hi { (lo, hi) } else { (0.0, 0.0) });
    let widest = spans.iter().map(|(lo, hi)| hi - lo).fold(0.0f32, f32::max);
    spans.map(|(lo, hi)| {
        let pad = (0.12 * (hi - lo)).max(0.05 * widest).max(0.1);
        (lo - pad, hi + pad)
    })
}

/// Draws the diagram on `area` for β over `beta_range` (log scale): `columns` (possibly only
/// the first part of a sweep still being computed), the patterns' coordinates on the same
/// axes as dashed guides, and the cursor at `cursor` (a β) when given.
pub fn draw_bifurcation<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    columns: &[BifurcationColumn],
    beta_range: (f32, f32),
    pattern_coords: &[[f32; 2]],
    cursor: Option<f32>,
) -> PlotResult {
    let (x0, x1) = log_beta_span(beta_range)?;
    area.fill(&WHITE)?;
    // Equal plotting heights: the bottom panel also holds the x labels.
    let height = area.dim_in_pixel().1;
    let (top, bottom) = area.split_vertically(height.saturating_sub(X_LABELS) / 2);
    for (k, (panel, y_range)) in [top, bottom]
        .iter()
        .zip(panel_ranges(columns, pattern_coords))
        .enumerate()
    {
        let axes = PanelAxes {
            k,
            x_range: (x0, x1),
            y_range,
        };
        draw_panel(panel, &axes, columns, pattern_coords, cursor)?;
    }
    Ok(())
}

/// Which panel (0 main axis, 1 second axis) and its data ranges.
struct PanelAxes {
    k: usize,
    x_range: (f32, f32),
    y_range: (f32, f32),
}

/// One panel of the diagram: its axes (β labels on the bottom one only), the pattern guides,
/// the fixed points and the cursor.
fn draw_panel<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    axes: &PanelAxes,
    columns: &[BifurcationColumn],
    pattern_coords: &[[f32; 2]],
    cursor: Option<f32>,
) -> PlotResult {
    let (k, (x0, x1), (y0, y1)) = (axes.k, axes.x_range, axes.y_range);
    let last = k + 1 == PANELS.len();
    let mut chart = ChartBuilder::on(panel)
        .margin(MARGIN / 2)
        .margin_left(MARGIN)
        .margin_right(MARGIN_RIGHT)
        .x_label_area_size(if last { X_LABELS } else { 0 })
        .y_label_area_size(Y_LABELS)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_labels(((x1 - x0).round() as usize + 1).clamp(2, 12))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels(5)
        .y_label_formatter(&|y| tick(*y))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc(if last { "log₁₀ β" } else { "" })
        .y_desc(PANELS[k])
        .label_style(text::font(12))
        .axis_desc_style(text::font(14))
        .draw()?;

    // The legend is the page's (HTML, under the canvas): the markers are those of the
    // landscape, and a legend inside the plot would hide some of the branches.
    chart.draw_series(pattern_coords.iter().map(|c| {
        PathElement::new(
            vec![(x0, c[k]), (x1, c[k])],
            BLACK.mix(0.35).stroke_width(1),
        )
    }))?;
    chart.draw_series(columns.iter().flat_map(|c| {
        let x = c.beta.log10();
        c.points
            .iter()
            .map(move |&(y, kind)| markers::kind_marker(kind, (x, y[k]), 4))
    }))?;
    if let Some(line) = cursor_line(cursor, (x0, x1), (y0, y1)) {
        chart.draw_series(std::iter::once(line))?;
    }
    Ok(())
}

/// A y tick with one decimal, "0.0" rather than "-0.0" for a tick just below zero.
fn tick(y: f32) -> String {
    let text = format!("{y:.1}");
    if text == "-0.0" { "0.0".into() } else { text }
}

/// (log₁₀ β_min, log₁₀ β_max) of a β axis, or an error for a range that is not positive and
/// increasing.
pub fn log_beta_span((lo, hi): (f32, f32)) -> Result<(f32, f32), PlotError> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return Err(PlotError(format!("bad β range {lo} … {hi}")));
    }
    Ok((lo.log10(), hi.log10()))
}

/// The vertical cursor at β = `cursor` on a log₁₀ β axis spanning `x_span`, from y₀ to y₁
/// (none for a missing or non-positive β).
pub fn cursor_line(
    cursor: Option<f32>,
    (x0, x1): (f32, f32),
    (y0, y1): (f32, f32),
) -> Option<PathElement<(f32, f32)>> {
    let beta = cursor.filter(|b| *b > 0.0 && b.is_finite())?;
    let x = beta.log10().clamp(x0, x1);
    Some(PathElement::new(
        vec![(x, y0), (x, y1)],
        CURSOR.stroke_width(2),
    ))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn clicks_read_back_as_beta() {
        let range = (1e-2, 1e3);
        let at = |px| beta_at_pixel(px, 420, range).unwrap();
        assert!((at(58.0) - 1e-2).abs() < 1e-6);
        assert!((at(390.0) - 1e3).abs() < 1e-1);
        // Halfway across is halfway in log β: 10^0.5.
        assert!((at(224.0) - 10f32.sqrt()).abs() < 1e-3);
        assert_eq!(beta_at_pixel(20.0, 420, range), None);
        assert_eq!(beta_at_pixel(400.0, 420, range), None);
    }

    #[test]
    fn diagram_has_labels_every_kind_and_the_cursor() {
        let columns = vec![
            BifurcationColumn {
                beta: 0.01,
                points: vec![([0.0, 0.0], FixedPointKind::Global)],
            },
            BifurcationColumn {
                beta: 1.0,
                points: vec![
                    ([-2.0, 0.3], FixedPointKind::Single),
                    ([1.2, -0.1], FixedPointKind::Metastable),
                ],
            },
        ];
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (420, 400)).into_drawing_area();
            draw_bifurcation(
                &area,
                &columns,
                (0.01, 1000.0),
                &[[-2.1, 0.3], [1.0, 0.2], [1.3, -0.5]],
                Some(1.0),
            )
            .unwrap();
        }
        for needle in ["log₁₀ β", "main axis", "second axis"] {
            assert!(svg.contains(needle), "{needle} missing");
        }
        for (colour, what) in [
            (markers::GLOBAL, "global"),
            (markers::METASTABLE, "metastable"),
            (CURSOR, "cursor"),
        ] {
            let hex = format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2);
            assert!(svg.contains(&hex), "no {what} mark ({hex})");
        }
    }

    #[test]
    fn ticks_have_no_negative_zero() {
        assert_eq!(
            (tick(-0.04), tick(-0.06), tick(0.3)),
            ("0.0".into(), "-0.1".into(), "0.3".into())
        );
    }

    #[test]
    fn each_panel_is_scaled_to_its_own_spread() {
        let [main, second] = panel_ranges(&[], &[[-2.0, 0.2], [1.0, 0.25], [1.1, -0.25]]);
        assert!(main.0 < -2.0 && main.1 > 1.1);
        // The second panel's spread is 0.5: it fills most of the panel, not a sixth of it.
        assert!(0.5 / (second.1 - second.0) > 0.6, "{second:?}");
        // No spread at all off the main axis (spread 4): a band of a tenth of that around 0.
        let [_, flat] = panel_ranges(&[], &[[-2.0, 0.0], [2.0, 0.0]]);
        assert!(
            (flat.1 - flat.0 - 0.4).abs() < 1e-5 && flat.0 < 0.0,
            "{flat:?}"
        );
    }

    #[test]
    fn empty_sweep_and_bad_range() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
        assert!(draw_bifurcation(&area, &[], (0.01, 1000.0), &[], None).is_ok());
        assert!(draw_bifurcation(&area, &[], (1.0, 0.5), &[], None).is_err());
    }
}
