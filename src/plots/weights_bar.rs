//! The attention view: softmax weights p_μ over the stored patterns as a bar chart, the
//! target pattern (or the k90 heaviest weights) highlighted.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::PlotResult;
use super::colormap;
use super::text;

/// Draws `weights` (one bar per stored pattern, numbered from 1) on `area`; the bar of
/// `target` is drawn in a contrasting colour. The y axis is fixed to [0, 1] so that a change
/// of β reads as a change of bar height, not of scale.
pub fn draw_weights_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    weights: &[f32],
    target: Option<usize>,
) -> PlotResult {
    let marked: Vec<bool> = (0..weights.len()).map(|i| Some(i) == target).collect();
    draw_marked_weights(area, weights, &marked, "stored pattern μ", 1.0)
}

/// Draws `weights` as bars numbered from 1 under the x label `x_desc`, with the y axis from 0
/// to `y_max`; the bars where `marked` is true are drawn in a contrasting colour (the target
/// pattern, or the k90 heaviest weights of an attention row).
pub fn draw_marked_weights<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    weights: &[f32],
    marked: &[bool],
    x_desc: &str,
    y_max: f32,
) -> PlotResult {
    area.fill(&WHITE)?;
    let count = weights.len().max(1);
    let top = if y_max.is_finite() && y_max > 0.0 {
        y_max.min(1.0)
    } else {
        1.0
    };
    let mut chart = ChartBuilder::on(area)
        .margin(6)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(0.5f32..count as f32 + 0.5, 0f32..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(count.min(12))
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_labels(3)
        .y_max_light_lines(1)
        .x_desc(x_desc)
        .y_desc("p_μ")
        // Fixed pixel sizes: plotters' default fonts scale with the area and vanish on the
        // small charts of the studio's panels.
        .label_style(text::font(11))
        .axis_desc_style(text::font(11))
        .draw()?;
    let base = colormap::viridis(0.3);
    let highlight = colormap::viridis(0.85);
    chart.draw_series(weights.iter().enumerate().map(|(i, &w)| {
        let x = (i + 1) as f32;
        let height = if w.is_finite() {
            w.clamp(0.0, top)
        } else {
            0.0
        };
        let colour = if marked.get(i).copied().unwrap_or(false) {
            highlight
        } else {
            base
        };
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
    fn marked_bars_and_a_lower_axis_top() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (400, 240)).into_drawing_area();
            let marked = [true, true, false, false];
            draw_marked_weights(&area, &[0.3, 0.2, 0.1, 0.05], &marked, "key token j", 0.4)
                .unwrap();
        }
        assert!(svg.contains("key token j"));
        let highlight = colormap::viridis(0.85);
        let hex = format!("#{:02X}{:02X}{:02X}", highlight.0, highlight.1, highlight.2);
        assert_eq!(svg.matches(&hex).count(), 2);
    }

    #[test]
    fn nan_weights_draw_as_empty_bars() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (200, 120)).into_drawing_area();
        assert!(draw_weights_bar(&area, &[f32::NAN, 1.0], None).is_ok());
    }
}
