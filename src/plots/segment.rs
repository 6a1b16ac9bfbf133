//! The 1-D slice of the landscape: E along the line through two stored patterns, with the two
//! patterns as dashed verticals (crosses at their energies) and the fixed points near the line
//! marked by kind, so that one can see a metastable well between two close patterns split
//! into two single-pattern wells as β grows.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::markers;
use super::text;
use super::{PlotError, PlotResult, colormap};
use crate::engine::fixed_points::FixedPointKind;

/// Everything the slice shows; t = 0 at the first pattern, t = 1 at the second.
#[derive(Debug, Clone, Copy)]
pub struct SegmentScene<'a> {
    /// The sample positions.
    pub t: &'a [f32],
    /// E at each position.
    pub energy: &'a [f32],
    /// E at t = 0 and t = 1 (the two patterns).
    pub ends: [f32; 2],
    /// The names of the two patterns, e.g. "x₁", "x₃".
    pub end_labels: [&'a str; 2],
    /// (t, E, kind) of the fixed points near the line.
    pub fixed: &'a [(f32, f32, FixedPointKind)],
}

/// Colour of the energy curve (viridis 0.3, the page's accent).
const CURVE: f32 = 0.3;

/// Draws the slice on `area`.
pub fn draw_segment<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &SegmentScene,
) -> PlotResult {
    let finite = || {
        scene
            .energy
            .iter()
            .chain(&scene.ends)
            .chain(scene.fixed.iter().map(|f| &f.1))
            .copied()
            .filter(|e| e.is_finite())
    };
    let (lo, hi) = finite().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), e| {
        (a.min(e), b.max(e))
    });
    let (t0, t1) = (
        scene.t.first().copied().unwrap_or(0.0),
        scene.t.last().copied().unwrap_or(1.0),
    );
    if !(lo.is_finite() && t1 > t0) || scene.t.len() != scene.energy.len() {
        return Err(PlotError("the slice has no finite energies".into()));
    }
    let pad = (0.08 * (hi - lo)).max(1e-3);
    area.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(20)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d(t0..t1, (lo - pad)..(hi + pad))?;
    let [a, b] = scene.end_labels;
    let x_desc = format!("position t along the line from {a} (t = 0) to {b} (t = 1)");
    chart
        .configure_mesh()
        .x_labels(7)
        .y_labels(6)
        .x_label_formatter(&|t| format!("{t:.2}"))
        .y_label_formatter(&|e| format!("{e:.2}"))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc(x_desc)
        .y_desc("E(ξ)")
        .label_style(text::font(12))
        .axis_desc_style(text::font(14))
        .draw()?;
    for (t, label) in [(0.0f32, a), (1.0, b)] {
        chart.draw_series(DashedLineSeries::new(
            vec![(t, lo - pad), (t, hi + pad)],
            5,
            4,
            BLACK.mix(0.4).stroke_width(1),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            label.to_string(),
            (t, hi + pad),
            text::font(14).color(&BLACK),
        )))?;
    }
    chart.draw_series(LineSeries::new(
        scene.t.iter().copied().zip(scene.energy.iter().copied()),
        colormap::viridis(CURVE).stroke_width(2),
    ))?;
    chart.draw_series(
        [0.0f32, 1.0]
            .iter()
            .zip(scene.ends)
            .map(|(&t, e)| markers::pattern_marker((t, e), 4)),
    )?;
    chart.draw_series(
        scene
            .fixed
            .iter()
            .map(|&(t, e, kind)| markers::kind_marker(kind, (t, e), 5)),
    )?;
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn slice_has_labels_curve_patterns_and_fixed_points() {
        let t: Vec<f32> = (0..31).map(|k| -0.25 + 0.05 * k as f32).collect();
        let energy: Vec<f32> = t.iter().map(|t| (t - 0.5) * (t - 0.5)).collect();
        let fixed = [(0.5, 0.0, FixedPointKind::Metastable)];
        let scene = SegmentScene {
            t: &t,
            energy: &energy,
            ends: [0.25, 0.25],
            end_labels: ["x₁", "x₂"],
            fixed: &fixed,
        };
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (480, 260)).into_drawing_area();
            draw_segment(&area, &scene).unwrap();
        }
        for needle in ["E(ξ)", "from x₁ (t = 0) to x₂ (t = 1)", "x₂"] {
            assert!(svg.contains(needle), "{needle} missing");
        }
        let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert!(
            svg.contains(&hex(markers::METASTABLE)),
            "no metastable marker"
        );
        assert!(svg.contains(&hex(colormap::viridis(CURVE))), "no curve");
        let bad = SegmentScene {
            energy: &[f32::NAN; 31],
            ends: [f32::NAN; 2],
            fixed: &[],
            ..scene
        };
        let area = SVGBackend::with_string(&mut svg, (480, 260)).into_drawing_area();
        assert!(draw_segment(&area, &bad).is_err());
    }
}
