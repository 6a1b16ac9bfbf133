//! A pattern set and a query against β (log scale), in two stacked charts sharing the β axis:
//! k90 of the fixed point the query reaches (marked by its kind), and the number of distinct
//! fixed points of each kind reached from a fixed set of starts, with a cursor at the current β.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::PlotResult;
use super::bifurcation::{cursor_line, log_beta_span};
use super::markers::{self, GLOBAL, METASTABLE};
use super::text;
use crate::engine::fixed_points::FixedPointKind;
use crate::plots::learn::scaled;

/// One β of the scan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanPoint {
    /// The inverse temperature.
    pub beta: f32,
    /// k90 of the fixed point reached from the query.
    pub k90: usize,
    /// Its kind.
    pub kind: FixedPointKind,
    /// Distinct fixed points reached: [global, metastable, single].
    pub counts: [usize; 3],
}

/// The line colour of each kind (the single kind's white marker needs a dark line).
fn line_colour(kind: FixedPointKind) -> RGBColor {
    match kind {
        FixedPointKind::Global => GLOBAL,
        FixedPointKind::Metastable => METASTABLE,
        FixedPointKind::Single => BLACK,
    }
}

/// Draws the scan (possibly still partial) of a set of `count` patterns over `beta_range`.
pub fn draw_beta_scan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[ScanPoint],
    beta_range: (f32, f32),
    count: usize,
    cursor: Option<f32>,
) -> PlotResult {
    let (x0, x1) = log_beta_span(beta_range)?;
    area.fill(&WHITE)?;
    let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 / 2);
    let decades = ((x1 - x0).round() as usize + 1).clamp(2, 12);

    let k_max = count.max(1) as f32 + 0.5;
    let mut chart = ChartBuilder::on(&top)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(scaled(20.0))
        .y_label_area_size(scaled(48.0))
        .build_cartesian_2d(x0..x1, 0.5f32..k_max)?;
    chart
        .configure_mesh()
        .x_labels(decades)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels(count.clamp(2, 8))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .y_desc("k₉₀ of ξ* (query)")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    chart.draw_series(LineSeries::new(
        points.iter().map(|p| (p.beta.log10(), p.k90 as f32)),
        BLACK.mix(0.6).stroke_width(1),
    ))?;
    chart.draw_series(
        points
            .iter()
            .map(|p| markers::kind_marker(p.kind, (p.beta.log10(), p.k90 as f32), 4)),
    )?;
    if let Some(line) = cursor_line(cursor, (x0, x1), (0.5, k_max)) {
        chart.draw_series(std::iter::once(line))?;
    }

    let most = points
        .iter()
        .flat_map(|p| p.counts)
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    let mut chart = ChartBuilder::on(&bottom)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(48.0))
        .build_cartesian_2d(x0..x1, -0.3f32..most + 0.5)?;
    chart
        .configure_mesh()
        .x_labels(decades)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels((most as usize + 1).clamp(2, 8))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("log₁₀ β")
        .y_desc("fixed points")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    for kind in [
        FixedPointKind::Global,
        FixedPointKind::Metastable,
        FixedPointKind::Single,
    ] {
        let series = points
            .iter()
            .map(move |p| (p.beta.log10(), p.counts[kind as usize] as f32));
        chart.draw_series(LineSeries::new(
            series.clone(),
            line_colour(kind).stroke_width(2),
        ))?;
        chart.draw_series(series.map(move |(x, y)| markers::kind_marker(kind, (x, y), 3)))?;
    }
    if let Some(line) = cursor_line(cursor, (x0, x1), (-0.3, most + 0.5)) {
        chart.draw_series(std::iter::once(line))?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::plots::bifurcation::CURSOR;

    #[test]
    fn scan_has_both_charts_every_kind_and_the_cursor() {
        let points = [
            ScanPoint {
                beta: 1e-3,
                k90: 6,
                kind: FixedPointKind::Global,
                counts: [1, 0, 0],
            },
            ScanPoint {
                beta: 1e-2,
                k90: 2,
                kind: FixedPointKind::Metastable,
                counts: [0, 2, 1],
            },
            ScanPoint {
                beta: 1e-1,
                k90: 1,
                kind: FixedPointKind::Single,
                counts: [0, 0, 6],
            },
        ];
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (420, 360)).into_drawing_area();
            draw_beta_scan(&area, &points, (1e-4, 1.0), 6, Some(0.01)).unwrap();
        }
        for needle in ["log₁₀ β", "k₉₀", "fixed points"] {
            assert!(svg.contains(needle), "{needle} missing");
        }
        for colour in [GLOBAL, METASTABLE, CURSOR] {
            let hex = format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2);
            assert!(svg.contains(&hex), "{hex} missing");
        }
        let area = SVGBackend::with_string(&mut svg, (420, 360)).into_drawing_area();
        assert!(draw_beta_scan(&area, &[], (1e-4, 1.0), 6, None).is_ok());
        assert!(draw_beta_scan(&area, &[], (1.0, 1e-4), 6, None).is_err());
    }
}
