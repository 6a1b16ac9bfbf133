//! Overlap traces m_μ(t): the overlap of the state with every stored pattern over the steps of
//! one retrieval, one line per pattern, the target's line bold, and the playback position as a
//! vertical line — so a lecture sees the target win or a mixture form.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::PlotResult;
use super::colormap;
use super::energy_trace::{step_chart, whole_step};
use super::text;

/// Draws `traces` (one row per stored pattern: its overlap at steps 0, 1, …) on `area` with
/// the row of `target` emphasised and the playback `cursor` (a step position) marked. The y
/// axis is fixed to [−1, 1]; non-finite values are skipped.
pub fn draw_overlap_traces<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    traces: &[Vec<f32>],
    target: Option<usize>,
    cursor: f32,
) -> PlotResult {
    area.fill(&WHITE)?;
    let steps = traces.iter().map(Vec::len).max().unwrap_or(1).max(2) - 1;
    let x_max = steps as f32;
    let mut chart = step_chart(area, x_max, -1.05f32..1.05f32)?;
    chart
        .configure_mesh()
        .x_labels(steps.clamp(1, 8) + 1)
        .y_labels(3)
        .x_label_formatter(&whole_step)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc("m_μ")
        .max_light_lines(0)
        .label_style(text::font(11))
        .axis_desc_style(text::font(11))
        .draw()?;
    let line = |row: &[f32]| -> Vec<(f32, f32)> {
        row.iter()
            .enumerate()
            .filter(|(_, m)| m.is_finite())
            .map(|(t, &m)| (t as f32, m.clamp(-1.05, 1.05)))
            .collect()
    };
    let count = traces.len().max(1) as f32;
    for (mu, row) in traces.iter().enumerate() {
        if Some(mu) == target {
            continue;
        }
        let colour = colormap::viridis(0.65 * mu as f32 / count).mix(0.55);
        chart.draw_series(LineSeries::new(line(row), colour.stroke_width(1)))?;
    }
    if let Some(row) = target.and_then(|t| traces.get(t)) {
        let colour = colormap::viridis(0.85);
        chart.draw_series(LineSeries::new(line(row), colour.stroke_width(3)))?;
    }
    let at = cursor.clamp(0.0, x_max);
    chart.draw_series(LineSeries::new(
        [(at, -1.05), (at, 1.05)],
        BLACK.mix(0.45).stroke_width(1),
    ))?;
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_pattern_and_a_cursor() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (290, 80)).into_drawing_area();
            let traces = vec![
                vec![0.5, 0.9, 1.0],
                vec![0.4, 0.1, 0.0],
                vec![-0.2, f32::NAN, 0.1],
            ];
            draw_overlap_traces(&area, &traces, Some(0), 1.5).unwrap();
        }
        // The target's bold line, the two others faded, and the cursor.
        let lines = |attr: &str| {
            svg.lines()
                .filter(|l| l.starts_with("<polyline") && l.contains(attr))
                .count()
        };
        assert_eq!(lines("stroke-width=\"3\""), 1, "{svg}");
        assert_eq!(lines("opacity=\"0.55\""), 2, "{svg}");
        assert_eq!(lines("opacity=\"0.45\""), 1, "{svg}");
        assert!(svg.contains("m_μ"));
    }

    #[test]
    fn empty_traces_still_draw() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (200, 80)).into_drawing_area();
        assert!(draw_overlap_traces(&area, &[], None, 0.0).is_ok());
        assert!(draw_overlap_traces(&area, &[vec![0.3]], Some(4), 9.0).is_ok());
    }
}
