//! The attention view: softmax weights p_μ over the stored patterns as a bar chart, the
//! target pattern highlighted.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::PlotResult;
use super::colormap;

/// Draws `weights` (one bar per stored pattern, numbered from 1) on `area`; the bar of
/// `target` is drawn in a contrasting colour. The y axis is fixed to [0, 1] so that a change
/// of β reads as a change of bar height, not of scale.
pub fn draw_weights_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    weights: &[f32],
    target: Option<usize>,
) -> PlotResult {
    area.fill(&WHITE)?;
    let count = weights.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .margin(6)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(0.5f32..count as f32 + 0.5, 0f32..1f32)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(count.min(12))
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_labels(3)
        .y_max_light_lines(1)
        .x_desc("stored pattern μ")
        .y_desc("p_μ")
        // Fixed pixel sizes: plotters' default fonts scale with the area and vanish on the
        // small charts of the studio's panels.
        .label_style(("sans-serif", 11))
        .axis_desc_style(("sans-serif", 11))
        .draw()?;
    let base = colormap::viridis(0.3);
    let highlight = colormap::viridis(0.85);
    chart.draw_series(weights.iter().enumerate().map(|(i, &w)| {
        let x = (i + 1) as f32;
        let height = if w.is_finite() {
            w.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let colour = if Some(i) == target { highlight } else { base };
        Rectangle::new([(x - 0.4, 0.0), (x + 0.4, height)], colour.filled())
    }))?;
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_weight_with_labelled_axes() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (400, 240)).into_drawing_area();
            draw_weights_bar(&area, &[0.7, 0.2, 0.1], Some(0)).unwrap();
        }
        assert!(svg.contains("p_μ"), "y axis label missing");
        assert!(svg.contains("stored pattern"), "x axis label missing");
        let highlight = colormap::viridis(0.85);
        let hex = format!("#{:02X}{:02X}{:02X}", highlight.0, highlight.1, highlight.2);
        assert_eq!(
            svg.matches(&hex).count(),
            1,
            "exactly the target bar is highlighted"
        );
    }

    #[test]
    fn nan_weights_draw_as_empty_bars() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (200, 120)).into_drawing_area();
        assert!(draw_weights_bar(&area, &[f32::NAN, 1.0], None).is_ok());
    }
}
