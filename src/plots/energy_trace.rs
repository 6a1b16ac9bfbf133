//! Energy over the steps of one retrieval: the recorded curve as a line, the part already
//! played emphasised, and a dot at the current playback position.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::colormap;
use super::text;
use super::{PlotError, PlotResult};
use crate::plots::learn::scaled;

/// Draws the energy curve `points` ((step position, energy), positions non-decreasing) on
/// `area`, with the playback `cursor` (a step position) marked. Non-finite energies are
/// skipped; an empty curve draws the empty axes.
pub fn draw_energy_trace<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[(f32, f32)],
    cursor: f32,
) -> PlotResult {
    area.fill(&WHITE)?;
    let finite: Vec<(f32, f32)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let x_max = finite.iter().map(|p| p.0).fold(1.0f32, f32::max);
    let (mut y_lo, mut y_hi) = finite
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    if !y_lo.is_finite() || !y_hi.is_finite() {
        (y_lo, y_hi) = (0.0, 1.0);
    }
    let pad = ((y_hi - y_lo) * 0.08).max(y_hi.abs().max(1.0) * 1e-3);
    let mut chart = step_chart(area, x_max, (y_lo - pad)..(y_hi + pad))?;
    chart
        .configure_mesh()
        .x_labels(x_max.ceil().clamp(2.0, 8.0) as usize + 1)
        .y_labels(4)
        .x_label_formatter(&whole_step)
        .y_label_formatter(&|y| short(*y))
        .max_light_lines(0)
        .label_style(text::font(11))
        .axis_desc_style(text::font(11))
        .draw()?;
    let dim = colormap::viridis(0.3).mix(0.35);
    chart.draw_series(LineSeries::new(finite.iter().copied(), dim.stroke_width(1)))?;
    let played = finite.iter().copied().filter(|p| p.0 <= cursor + 1e-6);
    let strong = colormap::viridis(0.3);
    chart.draw_series(LineSeries::new(played, strong.stroke_width(2)))?;
    if let Some(&(x, y)) = finite.iter().rev().find(|p| p.0 <= cursor + 1e-6) {
        let mark = colormap::viridis(0.85);
        chart.draw_series(std::iter::once(Circle::new((x, y), 4, mark.filled())))?;
    }
    Ok(())
}

/// A chart over steps 0…`x_max` and `y` with the small fixed margins of the studio's panels.
pub(super) fn step_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x_max: f32,
    y: std::ops::Range<f32>,
) -> Result<StepChart<'a, DB>, PlotError> {
    Ok(ChartBuilder::on(area)
        .margin(6)
        .x_label_area_size(16)
        .y_label_area_size(scaled(52.0))
        .build_cartesian_2d(0f32..x_max, y)?)
}

/// A chart whose x axis counts steps.
pub(super) type StepChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf32, plotters::coord::types::RangedCoordf32>,
>;

/// A tick label on the step axis: whole steps only (plotters may place ticks at halves).
pub(super) fn whole_step(x: &f32) -> String {
    if (x - x.round()).abs() < 1e-3 {
        format!("{x:.0}")
    } else {
        String::new()
    }
}

/// A compact tick label: 3 significant digits, k/M suffixes for large magnitudes.
fn short(y: f32) -> String {
    let a = y.abs();
    if a >= 1e5 {
        format!("{y:.1e}")
    } else if a >= 1e4 {
        format!("{:.1}k", y / 1e3)
    } else if a >= 100.0 {
        format!("{y:.0}")
    } else {
        format!("{y:.2}")
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn draws_the_curve_and_the_cursor() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (280, 110)).into_drawing_area();
            let points = [(0.0, -10.0), (0.5, -40.0), (1.0, -60.0), (2.0, -60.0)];
            draw_energy_trace(&area, &points, 0.7).unwrap();
        }
        assert!(svg.matches("<text").count() >= 4, "tick labels missing");
        assert!(svg.contains("<circle"), "no cursor dot");
        assert!(svg.matches("<polyline").count() >= 2, "{svg}");
    }

    #[test]
    fn empty_and_non_finite_curves_still_draw() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (200, 100)).into_drawing_area();
        assert!(draw_energy_trace(&area, &[], 0.0).is_ok());
        assert!(draw_energy_trace(&area, &[(0.0, f32::NAN), (1.0, 5.0)], 1.0).is_ok());
        assert_eq!(short(-12_345.0), "-12.3k");
        assert_eq!(short(-69_202_558.0), "-6.9e7");
    }
}
